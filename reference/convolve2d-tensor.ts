import type { ScipyOptions } from './scipy-options.js';
import { slideTensors } from './slide2d.js';
import type { Tensor } from './tensor.js';

/**
 * scipy.signal.convolve2d on tensors (true convolution, kernel flipped):
 * `full[t][u] = Σ_{m,n} in1ext[t − m][u − n] · in2[m][n]`; 'same' (H×W) = `full[i + ⌊(a−1)/2⌋][j + ⌊(b−1)/2⌋]`;
 * 'valid' needs one input at least as large as the other in every dimension (in2 larger: SciPy swaps).
 */
export function convolve2dTensor(in1: Tensor, in2: Tensor, opts: ScipyOptions = {}): Tensor {
  return slideTensors(in1, in2, opts, true);
}
