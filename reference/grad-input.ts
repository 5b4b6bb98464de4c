import { correlatePlane, rotatePlane } from './correlate-plane.js';
import { readTensor, toMatrix, type Tensor } from './tensor.js';

/**
 * Q6: dL/dX for a single-channel conv (stride 1, no padding) given dLdF (HF×WF) and K (HK×WK):
 * H×W with `H = HF + HK − 1`, `W = WF + WK − 1` and
 * `dL/dX[h][w] = Σ_{m,n} dLdF[h−m][w−n] · K[m][n]` (zero outside dLdF): dLdF zero-padded by
 * HK−1, WK−1 and cross-correlated with K rotated by 180°, i.e. SciPy `convolve2d(dLdF, K, 'full')`.
 */
export function gradInput(dLdF: number[][], K: number[][]): number[][] {
  const { grad, k } = readGradInputArgs(dLdF, K);
  const [HF = 0, WF = 0] = grad.shape;
  const [HK = 0, WK = 0] = k.shape;
  const H = HF + HK - 1;
  const W = WF + WK - 1;
  // conv2dGradInputTensor's single-plane gather, without re-validating what was just read.
  const dX = correlatePlane(
    { data: grad.data, rows: HF, cols: WF },
    { data: rotatePlane(k.data), rows: HK, cols: WK },
    { top: HK - 1, left: WK - 1, rows: H, cols: W },
  );
  return toMatrix({ shape: [H, W], data: dX });
}

/** Validates gradInput's arguments: two matrices of finite numbers, dLdF (HF×WF) and K (HK×WK). */
export function readGradInputArgs(dLdF: unknown, K: unknown): { grad: Tensor; k: Tensor } {
  return { grad: readTensor(dLdF, 'dLdF', ['HF', 'WF']), k: readTensor(K, 'K', ['HK', 'WK']) };
}
