import { describeValue } from './describe-value.js';
import { readAxes, stridesOf } from './axes.js';
import { ReferenceInputError } from './reference-input-error.js';
import { fromNested, toNested, type NestedArray, type Tensor } from './tensor.js';

/**
 * numpy.transpose(A, axes): the axes of A permuted, `out.shape[k] = A.shape[axes[k]]` and
 * `out[i₀, …, iₙ₋₁] = A[j]` with `j[axes[k]] = iₖ`; the axes reversed when omitted (the matrix
 * transpose for a rank-2 A). E.g. axes [3, 0, 1, 2] reads an HK×WK×C×Cout array as Cout×HK×WK×C.
 */
export function transpose(A: NestedArray, axes?: readonly number[]): NestedArray {
  const a = fromNested(A, 'A');
  const rank = a.shape.length;
  const order = axes === undefined ? a.shape.map((_n, axis) => rank - 1 - axis) : readPermutation(axes, rank);
  return toNested(permuteAxes(a, order));
}

function readPermutation(value: unknown, rank: number): number[] {
  if (!Array.isArray(value) || value.length !== rank) {
    throw new ReferenceInputError(
      `axes must list every axis of the rank-${rank} array once, got ${Array.isArray(value) ? `[${value.map(String).join(', ')}]` : describeValue(value)}`,
    );
  }
  return readAxes(value, rank, 'axes');
}

/** `order` is a permutation of the axes: output axis k is input axis order[k]. */
export function permuteAxes(a: Tensor, order: readonly number[]): Tensor {
  const shape = order.map((axis) => a.shape[axis]!);
  const inStrides = stridesOf(a.shape);
  const step = order.map((axis) => inStrides[axis]!);
  const out = new Float64Array(a.data.length);
  const index = new Array<number>(shape.length).fill(0);
  let from = 0;
  for (let at = 0; at < out.length; at++) {
    out[at] = a.data[from]!;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      from += step[axis]!;
      if (++index[axis]! < shape[axis]!) break;
      from -= step[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return { shape, data: out };
}
