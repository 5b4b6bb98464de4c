import { ReferenceInputError } from './reference-input-error.js';
import { dimsOf } from './signature.js';
import type { NestedArray } from './tensor.js';

/** One subscript of `A[…]`: an index (negative counts from the end) or a slice [from, to) with either end open. */
export type Subscript =
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'slice'; readonly from?: number; readonly to?: number };

/**
 * numpy basic indexing `A[s₀, s₁, …]` without steps: an index picks one entry along its axis
 * (the axis disappears), a slice `from:to` keeps entries from ≤ i < to (negative ends count from
 * the end, ends are clamped as in Python); axes without a subscript are kept whole. A number
 * when every axis is indexed. Throws `ReferenceInputError` for an index out of range, an empty
 * slice or more subscripts than axes.
 */
export function take(A: NestedArray, subscripts: readonly Subscript[]): number | NestedArray {
  const dims = dimsOf(A);
  if (subscripts.length > dims.length)
    throw new ReferenceInputError(`${subscripts.length} subscripts for an array of rank ${dims.length}`);
  const ranges = subscripts.map((s, axis) => range(s, dims[axis]!, axis));
  return pick(A, ranges, 0) as number | NestedArray;
}

type Range = { readonly index: number } | { readonly from: number; readonly to: number };

function range(s: Subscript, n: number, axis: number): Range {
  const at = (i: number): number => (i < 0 ? i + n : i);
  if (s.kind === 'index') {
    if (!Number.isInteger(s.index) || at(s.index) < 0 || at(s.index) >= n)
      throw new ReferenceInputError(`Index ${s.index} is out of range for axis ${axis} of length ${n}`);
    return { index: at(s.index) };
  }
  for (const end of [s.from, s.to])
    if (end !== undefined && !Number.isInteger(end))
      throw new ReferenceInputError(`Slice ends must be integers, got ${end} on axis ${axis}`);
  const clamp = (i: number): number => Math.min(n, Math.max(0, at(i)));
  const from = s.from === undefined ? 0 : clamp(s.from);
  const to = s.to === undefined ? n : clamp(s.to);
  if (to <= from)
    throw new ReferenceInputError(`The slice ${s.from ?? ''}:${s.to ?? ''} of axis ${axis} (length ${n}) is empty`);
  return { from, to };
}

function pick(node: unknown, ranges: readonly Range[], axis: number): unknown {
  // Values are never mutated, so the picked sub-arrays can be shared with A.
  if (axis === ranges.length) return node;
  const items = node as readonly unknown[];
  const r = ranges[axis]!;
  if ('index' in r) return pick(items[r.index], ranges, axis + 1);
  const out: unknown[] = [];
  for (let i = r.from; i < r.to; i++) out.push(pick(items[i], ranges, axis + 1));
  return out;
}
