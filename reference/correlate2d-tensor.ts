import type { ScipyOptions } from './scipy-options.js';
import { slideTensors } from './slide2d.js';
import type { Tensor } from './tensor.js';

/**
 * scipy.signal.correlate2d on tensors: `full[t][u] = Σ_{m,n} in1ext[t − (a−1) + m][u − (b−1) + n] · in2[m][n]`
 * for an a×b in2; 'same' (H×W) = `full[i + ⌊a/2⌋][j + ⌊b/2⌋]`; 'valid' needs one input at least as
 * large as the other in every dimension (in2 larger: SciPy swaps and rotates the result by 180°).
 */
export function correlate2dTensor(in1: Tensor, in2: Tensor, opts: ScipyOptions = {}): Tensor {
  return slideTensors(in1, in2, opts, false);
}
