import { readScipyOptions, type ScipyOptions } from './scipy-options.js';
import { slide2d } from './slide2d.js';
import { checkTensor, type Tensor } from './tensor.js';

/**
 * scipy.signal.correlate2d on tensors: `full[t][u] = Σ_{m,n} in1ext[t − (a−1) + m][u − (b−1) + n] · in2[m][n]`
 * for an a×b in2; 'same' (H×W) = `full[i + ⌊a/2⌋][j + ⌊b/2⌋]`; 'valid' needs one input at least as
 * large as the other in every dimension (in2 larger: SciPy swaps and rotates the result by 180°).
 */
export function correlate2dTensor(in1: Tensor, in2: Tensor, opts: ScipyOptions = {}): Tensor {
  const image = checkTensor(in1, 'in1', ['rows', 'cols']);
  const k = checkTensor(in2, 'in2', ['rows', 'cols']);
  return slide2d(image, k, readScipyOptions(opts.mode, opts.boundary, opts.fillvalue), false);
}
