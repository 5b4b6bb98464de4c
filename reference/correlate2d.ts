import type { ScipyBoundary, ScipyMode } from './scipy-options.js';
import { slideMatrices } from './slide2d.js';

/**
 * scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue), exactly: for an a×b in2,
 * `full[t][u] = Σ_{m,n} in1ext[t − (a−1) + m][u − (b−1) + n] · in2[m][n]` ((H+a−1)×(W+b−1)),
 * 'same' = `full[i + ⌊a/2⌋][j + ⌊b/2⌋]` (H×W), 'valid' = full[i + a−1][j + b−1] ((H−a+1)×(W−b+1)); with
 * in2 larger in every dimension, 'valid' swaps the inputs and rotates the result by 180° as SciPy does.
 * Boundary: 'fill' (fillvalue), 'wrap' (periodic), 'symm' (mirror, edge repeated); SciPy's aliases
 * 'pad', 'circular', 'symmetric' are accepted too.
 */
export function correlate2d(
  in1: number[][],
  in2: number[][],
  mode: ScipyMode = 'full',
  boundary: ScipyBoundary = 'fill',
  fillvalue = 0,
): number[][] {
  return slideMatrices(in1, in2, [mode, boundary, fillvalue], false);
}
