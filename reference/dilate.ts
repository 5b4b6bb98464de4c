import { requireRank, stridesOf } from './axes.js';
import { readInteger } from './read-scalars.js';
import { copyInto } from './pad.js';
import { fromNested, toNested, type NestedArray } from './tensor.js';

/**
 * s − 1 zeros between neighbouring entries of A along its first two axes (rows and columns):
 * ((H−1)·s + 1)×((W−1)·s + 1)×…, `out[i·s][j·s] = A[i][j]`, zero elsewhere; s = 1 gives A.
 * This is the dilation of dL/dF by the stride in the backward pass of a strided convolution.
 */
export function dilate(A: NestedArray, s: number): NestedArray {
  const a = fromNested(A, 'A');
  requireRank(a.shape, 2, 'A');
  const step = readInteger(s, 's');
  const shape = a.shape.map((n, axis) => (axis < 2 ? (n - 1) * step + 1 : n));
  const strides = stridesOf(shape);
  const out = new Float64Array(shape.reduce((p, n) => p * n, 1));
  copyInto(
    a,
    out,
    strides.map((stride, axis) => (axis < 2 ? stride * step : stride)),
    0,
  );
  return toNested({ shape, data: out });
}
