import { conv2dTensor } from './conv2d-tensor.js';
import { readConvOptions, type ConvOptions } from './conv-options.js';
import { readTensor, toNested, type Tensor } from './tensor.js';

/**
 * x1: conv2d in the deep-learning sense (cross-correlation, no flip). X is H×W×C, K is
 * Cout×HK×WK×C, the result is HF×WF×Cout:
 * `F[i][j][o] = Σ_{m,n,c} Xp[i·s + m·d][j·s + n·d][c] · K[o][m][n][c]` with Xp = X zero-padded
 * by p and `HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1`, `WF = ⌊(W + 2p − d(WK−1) − 1)/s⌋ + 1`.
 * Defaults: stride 1, padding 0, dilation 1. Throws `ReferenceInputError` on invalid input.
 */
export function conv2d(X: number[][][], K: number[][][][], opts?: ConvOptions): number[][][] {
  const { x, k, options } = readConv2dArgs(X, K, opts);
  return toNested(conv2dTensor(x, k, options)) as number[][][];
}

/** Validates conv2d's arguments (shapes and values; the sizes are checked against each other later). */
export function readConv2dArgs(
  X: unknown,
  K: unknown,
  opts: unknown,
): { x: Tensor; k: Tensor; options: Required<ConvOptions> } {
  const x = readTensor(X, 'X', ['H', 'W', 'C']);
  const k = readTensor(K, 'K', ['Cout', 'HK', 'WK', 'C']);
  const { stride, padding, dilation } = readConvOptions(opts);
  return { x, k, options: { stride, padding, dilation } };
}
