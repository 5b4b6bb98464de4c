import { checkGradient, conv2dGradInputTensor, conv2dGradKernelTensor } from '../conv2d-backward-tensor.js';
import { readConv2dBackwardArgs } from '../conv2d-backward.js';
import { convGeometry, cropPadding, padInput } from '../conv-geometry.js';
import { gradInputDirect, gradKernelDirect } from '../conv2d-direct.js';
import { toNested, type Tensor } from '../tensor.js';
import type { Mutant } from './mutant.js';

/** Channel `o` of G (HF×WF×Cout) as an HF×WF×1 tensor, and filter `o` of K as 1×HK×WK×C. */
function lastOutputChannel(k: Tensor, grad: Tensor): { k: Tensor; grad: Tensor } {
  const [Cout = 0, HK = 0, WK = 0, C = 0] = k.shape;
  const [HF = 0, WF = 0] = grad.shape;
  const o = Cout - 1;
  const size = HK * WK * C;
  const g = new Float64Array(HF * WF);
  for (let at = 0; at < HF * WF; at++) g[at] = grad.data[at * Cout + o]!;
  return {
    k: { shape: [1, HK, WK, C], data: k.data.slice(o * size, (o + 1) * size) },
    grad: { shape: [HF, WF, 1], data: g },
  };
}

const nested = (gradients: { dX: Tensor; dK: Tensor }) => ({ dX: toNested(gradients.dX), dK: toNested(gradients.dK) });

/** x2 (conv2dBackward) mutants; each returns {dX, dK}. */
export const x2Mutants: readonly Mutant[] = [
  {
    // dX written with `=` instead of `+=` over the output channels: only the last filter's
    // contribution survives, dX[c] = crop_p(convolve_full(dilate_s(G[Cout−1]), dilate_d(K[Cout−1, c]))).
    // dK is right. Coincides with the reference when Cout = 1.
    id: 'x2.dx-missing-channel-sum',
    question: 'x2',
    fn: 'conv2dBackward',
    compute: (X, K, dLdF, opts) => {
      const { x, k, grad, options } = readConv2dBackwardArgs(X, K, dLdF, opts);
      // dK alone: the reference's dX would be thrown away.
      const dK = conv2dGradKernelTensor(x, grad, { ...options, kernelShape: k.shape });
      const last = lastOutputChannel(k, grad);
      const dX = conv2dGradInputTensor(last.k, last.grad, { ...options, inputShape: x.shape });
      return nested({ dX, dK });
    },
  },
  {
    // G not dilated by s − 1 zeros, in both formulas (the student uses the same recipe for each):
    // dK[o][m][n][c] = Σ_{i,j} G[i][j][o]·Xp[i + m·d][j + n·d][c] and
    // dX = crop_p(dXp) with dXp[i + m·d][j + n·d][c] += Σ_o G[i][j][o]·K[o][m][n][c], i.e. the
    // backward pass computed as if the stride were 1 (still in range: i ≤ s·i). Equals the reference when s = 1.
    id: 'x2.stride-not-dilated',
    question: 'x2',
    fn: 'conv2dBackward',
    compute: (X, K, dLdF, opts) => {
      const { x, k, grad, options } = readConv2dBackwardArgs(X, K, dLdF, opts);
      // The reference's shape checks (same errors), without its gradients; then the loops with s = 1.
      const geometry = convGeometry(x.shape, k.shape, { ...options, algorithm: 'direct' });
      checkGradient(grad, geometry);
      const g = { ...geometry, s: 1 };
      const dK: Tensor = { shape: k.shape, data: gradKernelDirect(padInput(x.data, g), grad.data, g) };
      const dX: Tensor = { shape: x.shape, data: cropPadding(gradInputDirect(k.data, grad.data, g), g) };
      return nested({ dX, dK });
    },
  },
];
