import { ReferenceInputError } from './reference-input-error.js';
import { correlatePlane } from './correlate-plane.js';
import { readTensor, toMatrix, type Tensor } from './tensor.js';

/**
 * Q5: dL/dK for a single-channel conv (stride 1, no padding) given dLdF (HF×WF) and X (H×W):
 * HK×WK with `HK = H − HF + 1`, `WK = W − WF + 1` and
 * `dL/dK[m][n] = Σ_{i,j} dLdF[i][j] · X[i+m][j+n]` (the valid cross-correlation of X with dLdF).
 */
export function gradKernel(dLdF: number[][], X: number[][]): number[][] {
  const { grad, x } = readGradKernelArgs(dLdF, X);
  const [HF = 0, WF = 0] = grad.shape;
  const [H = 0, W = 0] = x.shape;
  const HK = H - HF + 1;
  const WK = W - WF + 1;
  // conv2dGradKernelTensor's single-plane gather, without re-validating what was just read.
  const dK = correlatePlane(
    { data: x.data, rows: H, cols: W },
    { data: grad.data, rows: HF, cols: WF },
    { top: 0, left: 0, rows: HK, cols: WK },
  );
  return toMatrix({ shape: [HK, WK], data: dK });
}

/** Validates gradKernel's arguments: two matrices, dLdF (HF×WF) no larger than X (H×W) in either dimension. */
export function readGradKernelArgs(dLdF: unknown, X: unknown): { grad: Tensor; x: Tensor } {
  const grad = readTensor(dLdF, 'dLdF', ['HF', 'WF']);
  const x = readTensor(X, 'X', ['H', 'W']);
  const [HF = 0, WF = 0] = grad.shape;
  const [H = 0, W = 0] = x.shape;
  if (HF > H || WF > W) {
    throw new ReferenceInputError(
      `dLdF (HF×WF = ${HF}×${WF}) must not be larger than X (H×W = ${H}×${W}) in either dimension`,
    );
  }
  return { grad, x };
}
