import { readTensor, toMatrix } from './tensor.js';

/** numpy.outer(u, v) of two vectors: the n×m matrix `out[i][j] = u[i]·v[j]`. */
export function outer(u: readonly number[], v: readonly number[]): number[][] {
  const a = readTensor(u, 'u', ['n']);
  const b = readTensor(v, 'v', ['m']);
  const n = a.data.length;
  const m = b.data.length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = a.data[i]! * b.data[j]!;
  return toMatrix({ shape: [n, m], data: out });
}
