import { readAxes, requireRank, stridesOf } from './axes.js';
import { fromNested, toNested, type NestedArray, type Tensor } from './tensor.js';

/**
 * numpy.flip(A, axis): A with the order of its entries reversed along each of `axes` (one axis or
 * a list; every axis when omitted). Same shape as A: `out[…, i, …] = A[…, n−1−i, …]` on each flipped axis.
 */
export function flip(A: NestedArray, axes?: number | readonly number[]): NestedArray {
  const a = fromNested(A, 'A');
  const which = axes === undefined ? a.shape.map((_n, axis) => axis) : readAxes(axes, a.shape.length, 'axes');
  return toNested(flipTensor(a, which));
}

/** A rotated by 180° in its first two axes (numpy.rot90(A, 2)): `out[i][j] = A[H−1−i][W−1−j]`. */
export function rot180(A: NestedArray): NestedArray {
  const a = fromNested(A, 'A');
  requireRank(a.shape, 2, 'A');
  return toNested(flipTensor(a, [0, 1]));
}

/** numpy.flipud: the rows of A in reverse order, `out[i] = A[H−1−i]`. */
export function flipud(A: NestedArray): NestedArray {
  return toNested(flipTensor(fromNested(A, 'A'), [0]));
}

/** numpy.fliplr: the columns of A in reverse order, `out[i][j] = A[i][W−1−j]` (A of rank ≥ 2). */
export function fliplr(A: NestedArray): NestedArray {
  const a = fromNested(A, 'A');
  requireRank(a.shape, 2, 'A');
  return toNested(flipTensor(a, [1]));
}

/** The tensor with every axis in `axes` reversed. */
export function flipTensor(a: Tensor, axes: readonly number[]): Tensor {
  const { shape, data } = a;
  const strides = stridesOf(shape);
  const out = new Float64Array(data.length);
  const flipped = shape.map((_n, axis) => axes.includes(axis));
  const index = new Array<number>(shape.length).fill(0);
  for (let at = 0; at < data.length; at++) {
    let from = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const i = index[axis]!;
      from += (flipped[axis] ? shape[axis]! - 1 - i : i) * strides[axis]!;
    }
    out[at] = data[from]!;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { shape, data: out };
}
