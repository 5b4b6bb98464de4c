import type { Tensor } from './tensor.js';

/** Where and how {@link stampKernel} places copies of an a×a kernel. */
export interface Stamp {
  /** Impulse positions [i, j]; a repeated position counts once (the canvas is set to 1, not incremented). */
  readonly points: readonly (readonly [number, number])[];
  readonly kernel: Float64Array;
  readonly a: number;
  readonly rows: number;
  readonly cols: number;
  /** Output (i, j) reads the full convolution at (i + offset, j + offset). */
  readonly offset: number;
}

/**
 * The convolution of a 0/1 impulse canvas with a kernel, computed from the impulses alone:
 * `out[i][j] = Σ_p kernel[i + offset − p_i][j + offset − p_j]` (terms outside the kernel are 0).
 * Equal to SciPy `convolve2d(canvas, kernel, mode)` with offset ⌊(a−1)/2⌋ ('same'), 0 ('full')
 * or a−1 ('valid'), at O(points·a²) instead of O(size²·a²).
 */
export function stampKernel(stamp: Stamp): Tensor {
  const { kernel, a, rows, cols, offset } = stamp;
  const out = new Float64Array(rows * cols);
  const seen = new Set<string>();
  for (const [pi, pj] of stamp.points) {
    const key = `${pi},${pj}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rowFrom = Math.max(0, pi - offset);
    const rowTo = Math.min(rows, pi - offset + a);
    const colFrom = Math.max(0, pj - offset);
    const colTo = Math.min(cols, pj - offset + a);
    for (let i = rowFrom; i < rowTo; i++) {
      const kRow = (i + offset - pi) * a;
      for (let j = colFrom; j < colTo; j++) out[i * cols + j]! += kernel[kRow + j + offset - pj]!;
    }
  }
  return { shape: [rows, cols], data: out };
}

/** The a×a kernel outer(g, g), optionally divided by its sum. */
export function outerKernel(g: Float64Array, normalise = false): Float64Array {
  const a = g.length;
  const kernel = new Float64Array(a * a);
  for (let u = 0; u < a; u++) for (let v = 0; v < a; v++) kernel[u * a + v] = g[u]! * g[v]!;
  if (normalise) {
    let total = 0;
    for (const value of kernel) total += value;
    for (let index = 0; index < kernel.length; index++) kernel[index] = kernel[index]! / total;
  }
  return kernel;
}
