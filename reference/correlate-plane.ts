// The single-plane engine behind every stride-1, dilation-1, single-channel operation: one
// gather loop that keeps four output columns in registers (a sliding window of four source
// values, one new load and one kernel load per four multiply-adds) instead of a load and a
// store per multiply-add. Each output sums its terms in (m, n) order from 0, exactly as a
// naive loop over the zero-padded source does; terms that only read padding are skipped or
// add ±0, which changes no bit (a sum that starts at +0 is never −0, and x + ±0 = x).

/** A rows×cols matrix, row-major. */
export interface Plane {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Where the output window sits on the source: offsets of the padding, and the output size. */
export interface PlaneWindow {
  /** Zero rows above the source (negative: that many source rows are skipped). */
  readonly top: number;
  /** Zero columns left of the source (negative: that many source columns are skipped). */
  readonly left: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * `out[i][j] = Σ_{m<a, n<b} S[i + m − top][j + n − left] · k[m][n]` (rows×cols), S zero outside
 * its own rows×cols: the valid cross-correlation of S zero-padded by `top`/`left` with the a×b
 * kernel k. Bit-identical to that naive loop over the padded source.
 */
export function correlatePlane(src: Plane, k: Plane, window: PlaneWindow): Float64Array {
  const { rows, cols, top, left } = window;
  const H = src.rows;
  const { data: kd, rows: a, cols: b } = k;
  const out = new Float64Array(rows * cols);
  if (isSparse(src)) return scatterPlane(src, k, window, out);
  const width = cols + b - 1;
  const buf = columnPadded(src, left, width);
  if (cols < 4) return correlateNarrow({ buf, width, H, right: src.cols + left }, k, window, out);
  // Columns j + n − left of S outside [0, W) read zeros of buf; n ≥ W + left − j only reads zeros.
  const right = src.cols + left;
  for (let i = 0; i < rows; i++) {
    const mLo = Math.max(0, top - i);
    const mHi = Math.min(a, H + top - i);
    if (mLo >= mHi) continue;
    const rowAt = i * cols;
    const base = (i - top) * width;
    // Blocks of four columns; the last block is moved back to end at cols − 1 (recomputing a
    // few outputs gives the same bits) so no column falls to a slower remainder loop.
    for (let j = 0; ; j += 4) {
      if (j > cols - 4) j = cols - 4;
      const nLo = Math.max(0, left - j - 3);
      const nHi = Math.min(b, right - j);
      if (nLo < nHi) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let m = mLo; m < mHi; m++) {
          let p = base + m * width + j + nLo;
          let x0 = buf[p]!;
          let x1 = buf[p + 1]!;
          let x2 = buf[p + 2]!;
          p += 3;
          const kEnd = m * b + nHi;
          for (let kAt = m * b + nLo; kAt < kEnd; kAt++) {
            const x3 = buf[p++]!;
            const w = kd[kAt]!;
            s0 += x0 * w;
            s1 += x1 * w;
            s2 += x2 * w;
            s3 += x3 * w;
            x0 = x1;
            x1 = x2;
            x2 = x3;
          }
        }
        out[rowAt + j] = s0;
        out[rowAt + j + 1] = s1;
        out[rowAt + j + 2] = s2;
        out[rowAt + j + 3] = s3;
      }
      if (j === cols - 4) break;
    }
  }
  return out;
}

/** Mostly zeros (at most one entry in eight non-zero): a canvas of impulses, for instance. */
function isSparse(src: Plane): boolean {
  const limit = (src.rows * src.cols) >> 3;
  let nonZero = 0;
  for (const value of src.data) if (value !== 0 && ++nonZero > limit) return false;
  return true;
}

/**
 * {@link correlatePlane} from the non-zero entries of S: each adds `S[r][c]·k[m][n]` to the
 * output at [r − m + top][c − n + left], O(nnz·a·b) instead of O(rows·cols·a·b). Visiting S in
 * row-major order adds each output's terms in increasing (m, n), the gather's order without its
 * ±0 terms, so the result is bit-identical.
 */
function scatterPlane(src: Plane, k: Plane, window: PlaneWindow, out: Float64Array): Float64Array {
  const { rows, cols, top, left } = window;
  const { data: kd, rows: a, cols: b } = k;
  for (let r = 0; r < src.rows; r++) {
    for (let c = 0; c < src.cols; c++) {
      const value = src.data[r * src.cols + c]!;
      if (value === 0) continue;
      const mLo = Math.max(0, r + top - rows + 1);
      const mHi = Math.min(a, r + top + 1);
      const nLo = Math.max(0, c + left - cols + 1);
      const nHi = Math.min(b, c + left + 1);
      for (let m = mLo; m < mHi; m++) {
        const rowAt = (r + top - m) * cols + c + left;
        for (let n = nLo; n < nHi; n++) out[rowAt - n]! += value * kd[m * b + n]!;
      }
    }
  }
  return out;
}

/** {@link correlatePlane} for outputs fewer than four columns wide, one output at a time. */
function correlateNarrow(
  src: { readonly buf: Float64Array; readonly width: number; readonly H: number; readonly right: number },
  k: Plane,
  window: PlaneWindow,
  out: Float64Array,
): Float64Array {
  const { buf, width, H, right } = src;
  const { data: kd, rows: a, cols: b } = k;
  const { rows, cols, top, left } = window;
  for (let i = 0; i < rows; i++) {
    const mLo = Math.max(0, top - i);
    const mHi = Math.min(a, H + top - i);
    for (let j = 0; j < cols; j++) {
      const nLo = Math.max(0, left - j);
      const nHi = Math.min(b, right - j);
      let sum = 0;
      for (let m = mLo; m < mHi; m++) {
        const p = (i + m - top) * width + j;
        for (let n = nLo; n < nHi; n++) sum += buf[p + n]! * kd[m * b + n]!;
      }
      out[i * cols + j] = sum;
    }
  }
  return out;
}

/**
 * S's rows laid out `width` wide with column t holding S[r][t − left] (zero outside S), so
 * every window of the output reads inside its row; S's own buffer when that is already so.
 */
function columnPadded(src: Plane, left: number, width: number): Float64Array {
  const { data, rows, cols } = src;
  if (left === 0 && width === cols) return data;
  const buf = new Float64Array(rows * width);
  const from = Math.max(0, left);
  const to = Math.min(width, cols + left);
  if (to > from) {
    for (let r = 0; r < rows; r++)
      buf.set(data.subarray(r * cols + from - left, r * cols + to - left), r * width + from);
  }
  return buf;
}

/** k rotated by 180° (a fresh buffer). */
export function rotatePlane(k: Float64Array): Float64Array {
  return k.slice().reverse();
}
