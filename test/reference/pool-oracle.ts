/**
 * Oracles for pooling and transposed convolution written from the definitions, sharing no code
 * with reference/: window positions enumerated one by one, padding materialised as −∞ (max) or
 * as a mask (average), the first maximum found by a row-major scan, and the transposed
 * convolution as a scatter into an uncropped canvas.
 */
import fc from 'fast-check';
import { reshape } from './helpers.js';

export interface PoolAxisCase {
  readonly n: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly ceilMode: boolean;
}

/**
 * The number of pooling windows along one axis by enumeration, or null when the dilated window
 * is longer than the padded input (where only PyTorch's formula speaks). Floor mode: windows
 * starting at i·s (padded coordinates) whose last tap stays inside the padded input. Ceil mode:
 * windows are added until one reaches the last padded element, then those starting in the right
 * padding (at or after n + p) are dropped.
 */
export function countPoolWindows(axis: PoolAxisCase): number | null {
  const { n, k, s, p, d, ceilMode } = axis;
  const last = n + 2 * p - 1;
  const extent = d * (k - 1);
  if (extent > last) return null;
  let count = 0;
  while (count * s + extent <= last) count++;
  if (ceilMode) {
    while ((count - 1) * s + extent < last) count++;
    while ((count - 1) * s >= n + p) count--;
  }
  return count;
}

/** In-input taps of window i along one axis (input coordinates), in order. */
export function windowTaps(i: number, axis: PoolAxisCase): number[] {
  const taps: number[] = [];
  for (let m = 0; m < axis.k; m++) {
    const at = i * axis.s - axis.p + m * axis.d;
    if (at >= 0 && at < axis.n) taps.push(at);
  }
  return taps;
}

export interface PoolCase {
  readonly rows: PoolAxisCase;
  readonly cols: PoolAxisCase;
  readonly HF: number;
  readonly WF: number;
}

/** For each output (row-major), the [h, w] of the first maximum of its window, scanning rows then columns. */
export function firstMaxPositions(X: readonly (readonly number[])[], c: PoolCase): [number, number][] {
  const positions: [number, number][] = [];
  for (let i = 0; i < c.HF; i++) {
    for (let j = 0; j < c.WF; j++) {
      let best: [number, number] | null = null;
      for (const h of windowTaps(i, c.rows)) {
        for (const w of windowTaps(j, c.cols)) {
          if (best === null || X[h]![w]! > X[best[0]]![best[1]]!) best = [h, w];
        }
      }
      if (best === null) throw new Error(`window (${i}, ${j}) is empty`);
      positions.push(best);
    }
  }
  return positions;
}

/** Naive max pooling: the maximum over a −∞-padded canvas of each window's taps. */
export function naiveMaxPool(X: readonly (readonly number[])[], c: PoolCase): number[][] {
  const { rows, cols } = c;
  const at = (h: number, w: number): number =>
    h < 0 || w < 0 || h >= rows.n || w >= cols.n ? Number.NEGATIVE_INFINITY : X[h]![w]!;
  return Array.from({ length: c.HF }, (_i, i) =>
    Array.from({ length: c.WF }, (_j, j) => {
      let max = Number.NEGATIVE_INFINITY;
      for (let m = 0; m < rows.k; m++) {
        for (let n = 0; n < cols.k; n++) {
          // PyTorch's scan: replace only on a strictly greater value, so among 0 and −0 the first one
          // stays (Math.max would prefer +0 and disagree with the reference on a −0 tie).
          const value = at(i * rows.s - rows.p + m * rows.d, j * cols.s - cols.p + n * cols.d);
          if (value > max) max = value;
        }
      }
      return max;
    }),
  );
}

/**
 * Naive average pooling from PyTorch's definition: each window is cut at the end of the padded
 * input; the divisor is that cut window's size (countIncludePad) or the number of inputs in it.
 */
export function naiveAvgPool(X: readonly (readonly number[])[], c: PoolCase, countIncludePad: boolean): number[][] {
  const { rows, cols } = c;
  return Array.from({ length: c.HF }, (_i, i) =>
    Array.from({ length: c.WF }, (_j, j) => {
      let sum = 0;
      let inside = 0;
      let cells = 0;
      for (let m = 0; m < rows.k; m++) {
        const h = i * rows.s - rows.p + m;
        if (h >= rows.n + rows.p) continue;
        for (let n = 0; n < cols.k; n++) {
          const w = j * cols.s - cols.p + n;
          if (w >= cols.n + cols.p) continue;
          cells++;
          if (h >= 0 && w >= 0 && h < rows.n && w < cols.n) {
            sum += X[h]![w]!;
            inside++;
          }
        }
      }
      return sum / (countIncludePad ? cells : inside);
    }),
  );
}

/** A random pooling geometry (PyTorch-valid padding; window no longer than the padded input). */
export function poolGeometryArb(options: { readonly dilation: boolean }): fc.Arbitrary<PoolCase & { opts: object }> {
  return fc
    .record({
      H: fc.integer({ min: 1, max: 9 }),
      W: fc.integer({ min: 1, max: 9 }),
      HK: fc.integer({ min: 1, max: 4 }),
      WK: fc.integer({ min: 1, max: 4 }),
      stride: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      padding: fc.integer({ min: 0, max: 2 }),
      dilation: options.dilation ? fc.integer({ min: 1, max: 3 }) : fc.constant(1),
      ceilMode: fc.boolean(),
    })
    .map((r) => {
      const rows = { n: r.H, k: r.HK, s: r.stride ?? r.HK, p: r.padding, d: r.dilation, ceilMode: r.ceilMode };
      const cols = { n: r.W, k: r.WK, s: r.stride ?? r.WK, p: r.padding, d: r.dilation, ceilMode: r.ceilMode };
      const opts = {
        HK: r.HK,
        WK: r.WK,
        padding: r.padding,
        ceilMode: r.ceilMode,
        ...(r.stride === undefined ? {} : { stride: r.stride }),
        ...(options.dilation ? { dilation: r.dilation } : {}),
      };
      return { rows, cols, HF: countPoolWindows(rows) ?? 0, WF: countPoolWindows(cols) ?? 0, opts };
    })
    .filter(
      (c) =>
        c.HF >= 1 &&
        c.WF >= 1 &&
        [c.rows, c.cols].every((a) => a.p <= Math.floor((a.d * (a.k - 1) + 1) / 2)) &&
        everyWindowTouchesInput(c),
    );
}

function everyWindowTouchesInput(c: PoolCase): boolean {
  for (let i = 0; i < c.HF; i++) if (windowTaps(i, c.rows).length === 0) return false;
  for (let j = 0; j < c.WF; j++) if (windowTaps(j, c.cols).length === 0) return false;
  return true;
}

/** An H×W matrix of integers in [lo, hi] (frequent ties). */
export function integerMatrix(H: number, W: number, lo: number, hi: number): fc.Arbitrary<number[][]> {
  return fc
    .array(fc.integer({ min: lo, max: hi }), { minLength: H * W, maxLength: H * W })
    .map((flat) => reshape(flat, [H, W]) as number[][]);
}

/**
 * An H×W matrix with pairwise distinct entries at least 0.1 apart (no ties, and an argmax
 * that survives perturbations below 0.05).
 */
export function distinctMatrix(H: number, W: number): fc.Arbitrary<number[][]> {
  const size = H * W;
  return fc
    .tuple(
      fc.shuffledSubarray(
        Array.from({ length: size }, (_unused, index) => index),
        { minLength: size, maxLength: size },
      ),
      fc.double({ min: -3, max: 3, noNaN: true }),
    )
    .map(
      ([order, offset]) =>
        reshape(
          order.map((rank) => offset + rank * 0.1),
          [H, W],
        ) as number[][],
    );
}

/** PyTorch's conv_transpose2d for one channel: scatter X[i][j]·K into an uncropped canvas, then crop p per side. */
export function naiveConvTranspose(
  X: readonly (readonly number[])[],
  K: readonly (readonly number[])[],
  o: { readonly stride: number; readonly padding: number; readonly dilation: number; readonly outputPadding: number },
): number[][] {
  const H = X.length;
  const W = X[0]!.length;
  const HK = K.length;
  const WK = K[0]!.length;
  const { stride: s, padding: p, dilation: d, outputPadding: a } = o;
  const fullH = (H - 1) * s + d * (HK - 1) + 1 + a;
  const fullW = (W - 1) * s + d * (WK - 1) + 1 + a;
  const full = Array.from({ length: fullH }, () => new Array<number>(fullW).fill(0));
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let m = 0; m < HK; m++)
        for (let n = 0; n < WK; n++) full[i * s + m * d]![j * s + n * d]! += X[i]![j]! * K[m]![n]!;
  return full.slice(p, fullH - p).map((row) => row.slice(p, fullW - p));
}
