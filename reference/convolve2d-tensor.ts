import { readScipyOptions, type ScipyOptions } from './scipy-options.js';
import { slide2d } from './slide2d.js';
import { checkTensor, type Tensor } from './tensor.js';

/**
 * scipy.signal.convolve2d on tensors (true convolution, kernel flipped):
 * `full[t][u] = Σ_{m,n} in1ext[t − m][u − n] · in2[m][n]`; 'same' (H×W) = `full[i + ⌊(a−1)/2⌋][j + ⌊(b−1)/2⌋]`;
 * 'valid' needs one input at least as large as the other in every dimension (in2 larger: SciPy swaps).
 */
export function convolve2dTensor(in1: Tensor, in2: Tensor, opts: ScipyOptions = {}): Tensor {
  const image = checkTensor(in1, 'in1', ['rows', 'cols']);
  const k = checkTensor(in2, 'in2', ['rows', 'cols']);
  return slide2d(image, k, readScipyOptions(opts.mode, opts.boundary, opts.fillvalue), true);
}
