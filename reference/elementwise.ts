import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';
import { dimsOf } from './signature.js';
import type { NestedArray } from './tensor.js';

/** The arithmetic of the expression language, entry by entry. `%` is the floored modulo, `^` the power. */
export type ElementwiseOp = '+' | '-' | '*' | '/' | '%' | '^';

const OPS: Readonly<Record<ElementwiseOp, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a - b * Math.floor(a / b),
  '^': (a, b) => a ** b,
};

/**
 * `a op b` entry by entry: two arrays of the same shape, or a number with an array (the number
 * is used for every entry: scalar broadcasting), or two numbers. Throws `ReferenceInputError`
 * when two arrays differ in shape.
 */
export function elementwise(op: ElementwiseOp, a: number | NestedArray, b: number | NestedArray): number | NestedArray {
  const f = OPS[op];
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const [da, db] = [dimsOf(a), dimsOf(b)];
    if (da.length !== db.length || da.some((n, axis) => n !== db[axis]))
      throw new ReferenceInputError(
        `The operands of ${op} must have the same shape, got ${da.join('×')} and ${db.join('×')}`,
      );
    return zip(a, b, f);
  }
  if (typeof a === 'number' && Array.isArray(b)) return mapEntries(b, (x) => f(a, x));
  if (Array.isArray(a) && typeof b === 'number') return mapEntries(a, (x) => f(x, b));
  throw new ReferenceInputError(
    `The operands of ${op} must be numbers or arrays, got ${describeValue(a)} and ${describeValue(b)}`,
  );
}

/** `f` applied to every entry of a nested array (a fresh array of the same shape). */
export function mapEntries(a: NestedArray, f: (x: number) => number): NestedArray {
  const out = new Array<unknown>(a.length);
  for (let i = 0; i < a.length; i++) {
    const item: unknown = a[i];
    out[i] = Array.isArray(item) ? mapEntries(item as NestedArray, f) : f(item as number);
  }
  return out as NestedArray;
}

function zip(a: NestedArray, b: NestedArray, f: (x: number, y: number) => number): NestedArray {
  const out = new Array<unknown>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    out[i] = Array.isArray(x) ? zip(x as NestedArray, y as NestedArray, f) : f(x as number, y as number);
  }
  return out as NestedArray;
}
