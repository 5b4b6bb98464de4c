import { readAxis } from './axes.js';
import { fromNested, toNested, type NestedArray } from './tensor.js';

/**
 * The sum of every entry of A (row-major order, from 0), or with `axis` numpy.sum(A, axis): A
 * with that axis summed away (a number when A is a vector).
 */
export function sum(A: NestedArray, axis?: number): number | NestedArray {
  const a = fromNested(A, 'A');
  if (axis === undefined || a.shape.length === 1) {
    if (axis !== undefined) readAxis(axis, 1, 'axis');
    let total = 0;
    for (const value of a.data) total += value;
    return total;
  }
  const k = readAxis(axis, a.shape.length, 'axis');
  const outer = a.shape.slice(0, k).reduce((p, n) => p * n, 1);
  const n = a.shape[k]!;
  const inner = a.shape.slice(k + 1).reduce((p, m) => p * m, 1);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < n; i++) for (let j = 0; j < inner; j++) out[o * inner + j]! += a.data[(o * n + i) * inner + j]!;
  return toNested({ shape: a.shape.filter((_m, axis2) => axis2 !== k), data: out });
}
