import { conv2dBackwardTensor, type Conv2dGradients } from './conv2d-backward-tensor.js';
import { readConvOptions, type ConvOptions } from './conv-options.js';
import { readTensor, toNested, type Tensor } from './tensor.js';

/**
 * x2: gradients of L through F = conv2d(X, K, opts) given dLdF = G (HF×WF×Cout):
 * `dK[o][m][n][c] = Σ_{i,j} G[i][j][o] · Xp[i·s + m·d][j·s + n·d][c]`
 * (= correlate2d_valid(Xp[c], dilate_s(G[o])) read at stride d), and
 * `dX[c] = crop_p(Σ_o convolve2d_full(dilate_s(G[o]), dilate_d(K[o,c])))`, the last
 * `(H + 2p − d(HK−1) − 1) mod s` rows (and columns likewise) no window reaches being 0
 * (= PyTorch conv_transpose2d with output_padding). Shapes: dX like X, dK like K.
 */
export function conv2dBackward(
  X: number[][][],
  K: number[][][][],
  dLdF: number[][][],
  opts?: ConvOptions,
): Conv2dGradients<number[][][], number[][][][]> {
  const { x, k, grad, options } = readConv2dBackwardArgs(X, K, dLdF, opts);
  const { dX, dK } = conv2dBackwardTensor(x, k, grad, options);
  return { dX: toNested(dX) as number[][][], dK: toNested(dK) as number[][][][] };
}

/** Validates conv2dBackward's arguments (shapes and values; the sizes are checked against each other later). */
export function readConv2dBackwardArgs(
  X: unknown,
  K: unknown,
  dLdF: unknown,
  opts: unknown,
): { x: Tensor; k: Tensor; grad: Tensor; options: Required<ConvOptions> } {
  const x = readTensor(X, 'X', ['H', 'W', 'C']);
  const k = readTensor(K, 'K', ['Cout', 'HK', 'WK', 'C']);
  const grad = readTensor(dLdF, 'dLdF', ['HF', 'WF', 'Cout']);
  const { stride, padding, dilation } = readConvOptions(opts);
  return { x, k, grad, options: { stride, padding, dilation } };
}
