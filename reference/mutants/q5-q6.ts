import { convolve2dTensor } from '../convolve2d-tensor.js';
import { correlate2dTensor } from '../correlate2d-tensor.js';
import { gradInput, readGradInputArgs } from '../grad-input.js';
import { gradKernel, readGradKernelArgs } from '../grad-kernel.js';
import { fromNested, toMatrix, transposeMatrix } from '../tensor.js';
import type { Mutant } from './mutant.js';

/** The right HK×WK (or H×W) answer of `fn`, which validates its own arguments, transposed. */
function transposed(id: Mutant['id'], question: 'q5' | 'q6', fn: 'gradKernel' | 'gradInput'): Mutant {
  const right = fn === 'gradKernel' ? gradKernel : gradInput;
  return {
    id,
    question,
    fn,
    compute: (dLdF, other) => toMatrix(transposeMatrix(fromNested(right(dLdF as number[][], other as number[][])))),
  };
}

/** Q5 (gradKernel) and Q6 (gradInput) mutants. */
export const q5q6Mutants: readonly Mutant[] = [
  {
    // True convolution: SciPy convolve2d(X, dLdF, 'valid'), i.e.
    // dK[m][n] = Σ dLdF[i][j]·X[m + HF−1−i][n + WF−1−j] (X correlated with dLdF rotated by 180°).
    // Note: this is not the 180° rotation of the right answer (that would rotate X too).
    id: 'q5.flipped',
    question: 'q5',
    fn: 'gradKernel',
    compute: (dLdF, X) => {
      const { grad, x } = readGradKernelArgs(dLdF, X);
      return toMatrix(convolve2dTensor(x, grad, { mode: 'valid' }));
    },
  },
  // The right HK×WK answer, transposed (WK×HK).
  transposed('q5.transposed', 'q5', 'gradKernel'),
  {
    // K not rotated: dLdF zero-padded and cross-correlated with K itself, SciPy correlate2d(dLdF, K, 'full').
    id: 'q6.not-rotated',
    question: 'q6',
    fn: 'gradInput',
    compute: (dLdF, K) => {
      const { grad, k } = readGradInputArgs(dLdF, K);
      return toMatrix(correlate2dTensor(grad, k, { mode: 'full' }));
    },
  },
  // The right H×W answer, transposed (W×H).
  transposed('q6.transposed', 'q6', 'gradInput'),
];
