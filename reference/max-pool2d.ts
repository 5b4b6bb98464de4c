import { maxPoolArgmax } from './max-pool-argmax.js';
import { poolGeometry, type PoolGeometry } from './pool-geometry.js';
import { readPoolOptions, type MaxPoolOptions } from './pool-options.js';
import { readTensor, toMatrix, type Tensor } from './tensor.js';

/**
 * Single-channel 2-D max pooling, PyTorch's `max_pool2d(X, kernel_size, stride, padding,
 * dilation, ceil_mode)` for one H×W plane: `Y[i][j] = max_{m,n} X[i·sH − p + m·d][j·sW − p + n·d]`
 * over the taps inside X (padding counts as −∞), Y is HF×WF with
 * `HF = ⌊(H + 2p − d(HK−1) − 1)/sH⌋ + 1` (⌈…⌉ in ceil mode, less one when the last window would
 * start in the right padding), WF likewise. `opts = {kernel | HK, WK, stride, padding, dilation,
 * ceilMode}`: stride defaults to the window, padding 0, dilation 1, ceilMode false; PyTorch's
 * `p ≤ ⌊(d(k−1) + 1)/2⌋` holds. Throws `ReferenceInputError` on invalid input, and for a window
 * lying wholly in the padding (PyTorch answers −∞ there).
 */
export function maxPool2d(X: number[][], opts: MaxPoolOptions): number[][] {
  const { x, g } = readMaxPoolArgs(X, opts);
  const argmax = maxPoolArgmax(x.data, g);
  const y = new Float64Array(argmax.length);
  for (let index = 0; index < argmax.length; index++) y[index] = x.data[argmax[index]!]!;
  return toMatrix({ shape: [g.HF, g.WF], data: y });
}

/** Validates maxPool2d's arguments: X (H×W) and options whose window fits X. */
export function readMaxPoolArgs(X: unknown, opts: unknown): { x: Tensor; g: PoolGeometry } {
  const x = readTensor(X, 'X', ['H', 'W']);
  const [H = 0, W = 0] = x.shape;
  return { x, g: poolGeometry(H, W, readPoolOptions(opts, 'max')) };
}
