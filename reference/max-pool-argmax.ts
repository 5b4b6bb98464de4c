import { ReferenceInputError } from './reference-input-error.js';
import type { PoolGeometry } from './pool-geometry.js';

/**
 * For each output (i, j) of a max pooling, row-major, the flat index `h·W + w` of the input its
 * value comes from: the first maximum of the window in row-major order, as PyTorch's CPU kernel
 * (aten/src/ATen/native/cpu/MaxPoolKernel.cpp) picks it, scanning the in-bounds taps
 * `h = i·sH − p + m·d`, `w = j·sW − p + n·d` rows outer, columns inner, and replacing the running
 * maximum only when `val > maxval` (strictly; the inputs here are finite, so its NaN clause never
 * fires). Padding is never a candidate (PyTorch pads with −∞). Throws `ReferenceInputError` for a
 * window whose taps all fall in the padding (possible with dilation, where PyTorch answers −∞).
 */
export function maxPoolArgmax(x: Float64Array, g: PoolGeometry): Int32Array {
  const rows = axisTaps({ n: g.H, k: g.HK, s: g.sH, p: g.p, d: g.d, out: g.HF }, 'row');
  const cols = axisTaps({ n: g.W, k: g.WK, s: g.sW, p: g.p, d: g.d, out: g.WF }, 'column');
  const argmax = new Int32Array(g.HF * g.WF);
  for (let i = 0; i < g.HF; i++) {
    const taps = rows[i]!;
    for (let j = 0; j < g.WF; j++) {
      const colTaps = cols[j]!;
      let best = taps[0]! * g.W + colTaps[0]!;
      let max = Number.NEGATIVE_INFINITY;
      for (const h of taps) {
        for (const w of colTaps) {
          const index = h * g.W + w;
          const value = x[index]!;
          if (value > max) {
            max = value;
            best = index;
          }
        }
      }
      argmax[i * g.WF + j] = best;
    }
  }
  return argmax;
}

/** For each output position along one axis, its window's taps that land inside the input. */
function axisTaps(
  axis: {
    readonly n: number;
    readonly k: number;
    readonly s: number;
    readonly p: number;
    readonly d: number;
    readonly out: number;
  },
  what: 'row' | 'column',
): number[][] {
  const { n, k, s, p, d, out } = axis;
  return Array.from({ length: out }, (_unused, i) => {
    const taps: number[] = [];
    for (let m = 0; m < k; m++) {
      const at = i * s - p + m * d;
      if (at >= 0 && at < n) taps.push(at);
    }
    if (taps.length === 0) {
      const all = Array.from({ length: k }, (_tap, m) => i * s - p + m * d).join(', ');
      throw new ReferenceInputError(
        `The max-pool window at output ${what} ${i} covers only padding: its taps ${all} all miss the input 0…${n - 1} (PyTorch answers −∞ there; use less padding or dilation)`,
      );
    }
    return taps;
  });
}
