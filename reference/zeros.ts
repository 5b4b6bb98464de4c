import { ReferenceInputError } from './reference-input-error.js';
import { readInteger } from './read-scalars.js';
import { toNested, type NestedArray } from './tensor.js';

/** The most entries zeros and ones build: a bound against a formula that asks for a huge array. */
export const MAX_FILLED_ENTRIES = 4_000_000;

/** An array of the given shape (1 to 4 positive integers) filled with 0: `zeros(h, w)` is h×w. */
export function zeros(...dims: readonly number[]): NestedArray {
  return filled(dims, 0);
}

/** An array of the given shape filled with 1. */
export function ones(...dims: readonly number[]): NestedArray {
  return filled(dims, 1);
}

function filled(dims: readonly unknown[], value: number): NestedArray {
  if (dims.length < 1 || dims.length > 4)
    throw new ReferenceInputError(`Expected 1 to 4 dimensions, got ${dims.length}`);
  const shape = dims.map((n, axis) => readInteger(n, `dimension ${axis + 1}`));
  const size = shape.reduce((p, n) => p * n, 1);
  if (size > MAX_FILLED_ENTRIES)
    throw new ReferenceInputError(`An array of shape ${shape.join('×')} has more than ${MAX_FILLED_ENTRIES} entries`);
  return toNested({ shape, data: new Float64Array(size).fill(value) });
}
