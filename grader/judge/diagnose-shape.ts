/**
 * Diagnosis of a wrong shape: the spec's shape hints first (`shapeHints:`, the wrong shapes known
 * mistakes give, evaluated on the case), then what any shape says by itself: the transposed
 * shape, the shape of one of the case's inputs, or how many rows and columns it is off by.
 */
import { sameShape, type Dialect } from '../variant/index.js';
import type { Diagnosis } from './diagnose-values.js';

export interface ShapeContext {
  /** The spec's shape hints, evaluated on this case. */
  readonly hints: readonly { readonly shape: readonly number[]; readonly hint: string }[];
  /** The shapes of the case's array inputs, by name. */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly dialect: Dialect;
}

/** What the student's wrong shape shows; a spec hint names the mistake, the rest describe the shape. */
export function diagnoseShape(
  actual: readonly number[],
  expected: readonly number[],
  context: ShapeContext,
): Diagnosis & { readonly known: boolean } {
  for (const hint of context.hints)
    if (sameShape(hint.shape, actual) && !sameShape(hint.shape, expected))
      return { kind: 'shape', text: hint.hint, known: true };
  if (actual.length === 2 && expected.length === 2 && actual[0] === expected[1] && actual[1] === expected[0])
    return {
      kind: 'transpose',
      text: 'this is the transposed shape: check the order of your row and column indices',
      known: true,
    };
  const like = context.inputs.find((input) => sameShape(input.shape, actual));
  const offBy = describeOffset(actual, expected);
  if (like !== undefined)
    return {
      kind: 'shape',
      text: `your answer has the shape of the input ${like.name}${offBy ? ` (${offBy})` : ''}`,
      known: false,
    };
  return { kind: 'shape', text: offBy || 'the shape differs', known: false };
}

/** "2 more rows and 2 more columns than expected", "a 3-D array where a 2-D one is expected". */
function describeOffset(actual: readonly number[], expected: readonly number[]): string {
  if (actual.length !== expected.length)
    return `a ${actual.length}-D array where a ${expected.length}-D one is expected`;
  const names = ['row', 'column', 'channel'];
  const parts = actual.flatMap((n, axis) => {
    const d = n - (expected[axis] ?? 0);
    if (d === 0) return [];
    const unit = names[axis] ?? `entry along axis ${axis}`;
    const plural = Math.abs(d) === 1 || axis >= names.length ? unit : `${unit}s`;
    return [`${Math.abs(d)} ${d > 0 ? 'more' : 'fewer'} ${plural}`];
  });
  return parts.length === 0 ? '' : `${parts.join(' and ')} than expected`;
}
