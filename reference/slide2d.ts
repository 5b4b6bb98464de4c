import { correlatePlane, type Plane, type PlaneWindow } from './correlate-plane.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readScipyOptions, type ResolvedScipyOptions, type ScipyOptions } from './scipy-options.js';
import { checkTensor, readTensor, toMatrix, type Tensor } from './tensor.js';

/**
 * {@link slide2d} on nested matrices, for convolve2d/correlate2d: validates mode, boundary and
 * fillvalue, then in1 and in2 (read once, never re-checked), and returns a nested matrix.
 */
export function slideMatrices(
  in1: unknown,
  in2: unknown,
  scipyArgs: readonly [unknown, unknown, unknown],
  flip: boolean,
): number[][] {
  const opts = readScipyOptions(...scipyArgs);
  return toMatrix(
    slide2d(readTensor(in1, 'in1', ['rows', 'cols']), readTensor(in2, 'in2', ['rows', 'cols']), opts, flip),
  );
}

/** {@link slide2d} on tensors, for convolve2dTensor/correlate2dTensor: checks in1, in2, then the options. */
export function slideTensors(in1: Tensor, in2: Tensor, opts: ScipyOptions, flip: boolean): Tensor {
  const image = checkTensor(in1, 'in1', ['rows', 'cols']);
  const k = checkTensor(in2, 'in2', ['rows', 'cols']);
  return slide2d(image, k, readScipyOptions(opts.mode, opts.boundary, opts.fillvalue), flip);
}

/**
 * The engine behind SciPy-compatible correlate2d (`flip` false) and convolve2d (`flip` true),
 * matching scipy.signal 1.17 index for index:
 * correlate full `[t, u] = Σ_{m,n} ext[t − (a−1) + m][u − (b−1) + n] · k[m][n]`, convolve = correlate
 * with k rotated by 180°; 'same' reads full at `[i + ⌊a/2⌋, j + ⌊b/2⌋]` (correlate) or
 * `[i + ⌊(a−1)/2⌋, j + ⌊(b−1)/2⌋]` (convolve); 'valid' with in2 larger in every dimension swaps the
 * inputs (correlate then rotates the result by 180°) and otherwise needs in1 ≥ in2 in both.
 * `ext` extends in1 by the boundary rule: fillvalue, periodic (wrap) or mirrored with period 2N (symm).
 */
export function slide2d(in1: Tensor, in2: Tensor, opts: ResolvedScipyOptions, flip: boolean): Tensor {
  const [H = 0, W = 0] = in1.shape;
  const [a = 0, b = 0] = in2.shape;
  if (opts.mode === 'valid') {
    if (H >= a && W >= b) {
      const k: Plane = { data: kernel(in2.data, flip), rows: a, cols: b };
      return windowSum({ data: in1.data, rows: H, cols: W }, k, { top: 0, left: 0, rows: H - a + 1, cols: W - b + 1 });
    }
    if (a >= H && b >= W) {
      const swapped = slide2d(in2, in1, opts, flip);
      return flip ? swapped : { shape: swapped.shape, data: swapped.data.slice().reverse() };
    }
    throw new ReferenceInputError(
      `For 'valid' mode, one input must be at least as large as the other in every dimension, got in1 ${H}×${W} and in2 ${a}×${b}`,
    );
  }
  // Offsets into the full result: full = correlation of in1 extended by (a−1, b−1) on each side.
  const full = opts.mode === 'full';
  const top = full ? 0 : flip ? (a - 1) >> 1 : a >> 1;
  const left = full ? 0 : flip ? (b - 1) >> 1 : b >> 1;
  const size = full ? { rows: H + a - 1, cols: W + b - 1 } : { rows: H, cols: W };
  const k: Plane = { data: kernel(in2.data, flip), rows: a, cols: b };
  if (opts.boundary === 'fill' && opts.fillvalue === 0) {
    // Zero fill: in1 itself with implicit padding, never materialised (zero terms skipped).
    return windowSum({ data: in1.data, rows: H, cols: W }, k, { top: a - 1 - top, left: b - 1 - left, ...size });
  }
  const ext: Plane = { data: extend(in1, [a - 1, b - 1], opts), rows: H + 2 * (a - 1), cols: W + 2 * (b - 1) };
  return windowSum(ext, k, { top: -top, left: -left, ...size });
}

function kernel(data: Float64Array, flip: boolean): Float64Array {
  return flip ? data.slice().reverse() : data;
}

/** `out[i][j] = Σ_{m,n} src[i + m − top][j + n − left] · k[m][n]` over rows × cols outputs (zero outside src). */
function windowSum(src: Plane, k: Plane, window: PlaneWindow): Tensor {
  return { shape: [window.rows, window.cols], data: correlatePlane(src, k, window) };
}

/** in1 extended by `[padRows, padCols]` on each side following the boundary rule. */
function extend(in1: Tensor, [padRows, padCols]: readonly [number, number], opts: ResolvedScipyOptions): Float64Array {
  const [H = 0, W = 0] = in1.shape;
  const extH = H + 2 * padRows;
  const extW = W + 2 * padCols;
  const ext = new Float64Array(extH * extW);
  const rowOf = (r: number): number => source(r - padRows, H, opts.boundary);
  const colOf = (c: number): number => source(c - padCols, W, opts.boundary);
  const cols = Int32Array.from({ length: extW }, (_unused, c) => colOf(c));
  for (let r = 0; r < extH; r++) {
    const row = rowOf(r);
    for (let c = 0; c < extW; c++) {
      const col = cols[c]!;
      ext[r * extW + c] = row < 0 || col < 0 ? opts.fillvalue : in1.data[row * W + col]!;
    }
  }
  return ext;
}

/** The index of in1 that index t (possibly outside [0, n)) reads, or −1 for the fill value. */
function source(t: number, n: number, boundary: ResolvedScipyOptions['boundary']): number {
  if (t >= 0 && t < n) return t;
  switch (boundary) {
    case 'fill':
      return -1;
    case 'wrap':
      return ((t % n) + n) % n;
    case 'symm': {
      const period = 2 * n;
      const q = ((t % period) + period) % period;
      return q < n ? q : period - 1 - q;
    }
  }
}
