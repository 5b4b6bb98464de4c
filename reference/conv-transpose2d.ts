import { checkedConvTransposeLength } from './conv-transpose-output-size.js';
import { readConvTransposeOptions, type ConvTransposeOptions } from './conv-transpose-options.js';
import { readTensor, toMatrix } from './tensor.js';

/**
 * Single-channel transposed convolution, PyTorch's `conv_transpose2d(X, K, stride, padding,
 * output_padding, dilation=dilation)` for one input and one output channel: every input scatters
 * the kernel, unflipped, `Y[i·s + m·d − p][j·s + n·d − p] += X[i][j]·K[m][n]` (terms falling outside
 * Y are dropped), Y is HF×WF with `HF = (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1`, WF likewise.
 * It is the adjoint of conv2d with the same stride, padding and dilation: conv2d's dL/dX given
 * dL/dF = X, with outputPadding = (H + 2p − d(HK−1) − 1) mod s restoring the rows no window reached.
 * `opts = {stride, padding, dilation, outputPadding}` default to 1, 0, 1, 0, with PyTorch's
 * `outputPadding < max(stride, dilation)`. Throws `ReferenceInputError` on invalid input.
 */
export function convTranspose2d(X: number[][], K: number[][], opts?: ConvTransposeOptions): number[][] {
  const x = readTensor(X, 'X', ['H', 'W']);
  const k = readTensor(K, 'K', ['HK', 'WK']);
  const { stride: s, padding: p, dilation: d, outputPadding: a } = readConvTransposeOptions(opts);
  const [H = 0, W = 0] = x.shape;
  const [HK = 0, WK = 0] = k.shape;
  const HF = checkedConvTransposeLength({ n: H, k: HK, s, p, d, a }, ['H', 'HK']);
  const WF = checkedConvTransposeLength({ n: W, k: WK, s, p, d, a }, ['W', 'WK']);
  const y = new Float64Array(HF * WF);
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      const value = x.data[i * W + j]!;
      for (let m = 0; m < HK; m++) {
        const r = i * s + m * d - p;
        if (r < 0 || r >= HF) continue;
        for (let n = 0; n < WK; n++) {
          const c = j * s + n * d - p;
          if (c >= 0 && c < WF) y[r * WF + c]! += value * k.data[m * WK + n]!;
        }
      }
    }
  }
  return toMatrix({ shape: [HF, WF], data: y });
}
