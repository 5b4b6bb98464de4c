/**
 * Numeric arrays inside stored answers: recognise 2-D (H×W) and 3-D (H×W×C, channels last as on
 * the sheet) arrays, slice a channel, find the largest mismatch and its neighbourhood.
 */
import type { JsonValue } from '../grader/result.js';
import { decodeNumber } from './numbers.js';

/** A row-major matrix of decoded numbers. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly number[];
}

/** A numeric array of rank 2 or 3: shape [H, W] or [H, W, C]. */
export interface NumericArray {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** The numeric array a stored value holds, or undefined when it is not a rectangular 2-D/3-D array of numbers. */
export function readNumericArray(value: JsonValue | undefined): NumericArray | undefined {
  const shape: number[] = [];
  let level: JsonValue | undefined = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  if (shape.length < 2 || shape.length > 3 || shape.some((n) => n === 0)) return undefined;
  const data: number[] = [];
  return collect(value, shape, 0, data) ? { shape, data } : undefined;
}

function collect(value: JsonValue | undefined, shape: readonly number[], depth: number, out: number[]): boolean {
  if (depth === shape.length) {
    const n = decodeNumber(value);
    if (n === undefined) return false;
    out.push(n);
    return true;
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) return false;
  return value.every((item) => collect(item, shape, depth + 1, out));
}

/** Channel `c` of an array (a 2-D array has one channel, 0). */
export function channel(array: NumericArray, c: number): Matrix {
  const [rows = 0, cols = 0, channels = 1] = array.shape;
  if (array.shape.length === 2) return { rows, cols, data: array.data };
  const data: number[] = [];
  for (let k = c; k < array.data.length; k += channels) data.push(array.data[k] ?? Number.NaN);
  return { rows, cols, data };
}

/** "7×7" or "7×7×3". */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** Same value for display purposes: NaN equals NaN, infinities equal themselves, else |a − b| ≤ 1e-9 + 1e-9·|b|. */
export function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(b);
}

export interface Position {
  readonly row: number;
  readonly col: number;
  readonly channel: number;
}

/**
 * The entry where two arrays of the same shape differ most (|a − b|; NaN and infinities first,
 * ties to the first in row-major, then channel, order): the largest error, not a near-zero tail.
 */
export function largestMismatch(expected: NumericArray, actual: NumericArray): Position | undefined {
  const cols = expected.shape[1] ?? 1;
  const channels = expected.shape[2] ?? 1;
  let index = -1;
  let worst = -1;
  expected.data.forEach((e, k) => {
    const a = actual.data[k] ?? Number.NaN;
    if (sameNumber(a, e)) return;
    const gap = Number.isFinite(a) && Number.isFinite(e) ? Math.abs(a - e) : Infinity;
    if (gap > worst) {
      worst = gap;
      index = k;
    }
  });
  if (index < 0) return undefined;
  return {
    row: Math.floor(index / (cols * channels)),
    col: Math.floor(index / channels) % cols,
    channel: index % channels,
  };
}

/** How many entries differ. */
export function countMismatches(expected: NumericArray, actual: NumericArray): number {
  return expected.data.reduce((n, e, k) => (sameNumber(actual.data[k] ?? Number.NaN, e) ? n : n + 1), 0);
}

/** Entry (row, col) of a matrix. */
export function at(m: Matrix, row: number, col: number): number {
  return m.data[row * m.cols + col] ?? Number.NaN;
}
