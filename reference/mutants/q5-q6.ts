import { convolve2dTensor } from '../convolve2d-tensor.js';
import { correlate2dTensor } from '../correlate2d-tensor.js';
import { gradInput, readGradInputArgs } from '../grad-input.js';
import { gradKernel, readGradKernelArgs } from '../grad-kernel.js';
import { fromNested, toMatrix, transposeMatrix } from '../tensor.js';
import type { Mutant } from './mutant.js';

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
  {
    // The right HK×WK answer, transposed (WK×HK).
    id: 'q5.transposed',
    question: 'q5',
    fn: 'gradKernel',
    // gradKernel validates its arguments itself.
    compute: (dLdF, X) => toMatrix(transposeMatrix(fromNested(gradKernel(dLdF as number[][], X as number[][])))),
  },
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
  {
    // The right H×W answer, transposed (W×H).
    id: 'q6.transposed',
    question: 'q6',
    fn: 'gradInput',
    compute: (dLdF, K) => toMatrix(transposeMatrix(fromNested(gradInput(dLdF as number[][], K as number[][])))),
  },
];
