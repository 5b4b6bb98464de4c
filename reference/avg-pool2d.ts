import { poolGeometry } from './pool-geometry.js';
import { readPoolOptions, type AvgPoolOptions } from './pool-options.js';
import { readTensor, toMatrix } from './tensor.js';

/**
 * Single-channel 2-D average pooling, PyTorch's `avg_pool2d(X, kernel_size, stride, padding,
 * ceil_mode, count_include_pad)` for one H×W plane, as its CPU kernel
 * (aten/src/ATen/native/cpu/AvgPoolKernel.cpp) computes it: the window of output (i, j) spans rows
 * `h0 = i·sH − p` to `h1 = min(h0 + HK, H + p)` (clipped to the padded input, which matters in ceil
 * mode) and columns likewise; `Y[i][j]` is the sum of X over the window's part inside X, divided by
 * `(h1 − h0)·(w1 − w0)` (padding included) when `countIncludePad` (the default), otherwise by the
 * number of inputs summed. Y is HF×WF as for maxPool2d with dilation 1. `opts = {kernel | HK, WK,
 * stride, padding, ceilMode, countIncludePad}`: stride defaults to the window, padding 0, ceilMode
 * false, countIncludePad true. Throws `ReferenceInputError` on invalid input.
 */
export function avgPool2d(X: number[][], opts: AvgPoolOptions): number[][] {
  const x = readTensor(X, 'X', ['H', 'W']);
  const [H = 0, W = 0] = x.shape;
  const g = poolGeometry(H, W, readPoolOptions(opts, 'avg'));
  const y = new Float64Array(g.HF * g.WF);
  for (let i = 0; i < g.HF; i++) {
    const rows = windowSpan(i * g.sH - g.p, g.HK, H, g.p);
    for (let j = 0; j < g.WF; j++) {
      const cols = windowSpan(j * g.sW - g.p, g.WK, W, g.p);
      if (rows.first >= rows.end || cols.first >= cols.end) continue;
      let sum = 0;
      for (let h = rows.first; h < rows.end; h++) for (let w = cols.first; w < cols.end; w++) sum += x.data[h * W + w]!;
      const divisor = g.countIncludePad ? rows.padded * cols.padded : (rows.end - rows.first) * (cols.end - cols.first);
      y[i * g.WF + j] = sum / divisor;
    }
  }
  return toMatrix({ shape: [g.HF, g.WF], data: y });
}

/**
 * One axis of an average-pooling window starting at `start` (input coordinates): its length
 * within the padded input (`padded`) and its part inside the input, `first` ≤ index < `end`.
 */
function windowSpan(start: number, k: number, n: number, p: number): { padded: number; first: number; end: number } {
  const stop = Math.min(start + k, n + p);
  return { padded: stop - start, first: Math.max(start, 0), end: Math.min(stop, n) };
}
