import type { ScipyBoundary, ScipyMode } from './scipy-options.js';
import { slideMatrices } from './slide2d.js';

/**
 * scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue), exactly: for an a×b in2,
 * `full[t][u] = Σ_{m,n} in1ext[t − m][u − n] · in2[m][n]` ((H+a−1)×(W+b−1)),
 * 'same' = `full[i + ⌊(a−1)/2⌋][j + ⌊(b−1)/2⌋]` (H×W; differs from correlate2d's centring for even
 * a or b), 'valid' = full[i + a−1][j + b−1]; with in2 larger in every dimension, 'valid' swaps the
 * inputs as SciPy does, and throws when neither input is at least as large as the other.
 * Boundary: 'fill' (fillvalue), 'wrap' (periodic), 'symm' (mirror, edge repeated); aliases 'pad',
 * 'circular', 'symmetric'.
 */
export function convolve2d(
  in1: number[][],
  in2: number[][],
  mode: ScipyMode = 'full',
  boundary: ScipyBoundary = 'fill',
  fillvalue = 0,
): number[][] {
  return slideMatrices(in1, in2, [mode, boundary, fillvalue], true);
}
