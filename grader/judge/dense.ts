/**
 * Numeric answers as dense row-major arrays, for the generic diagnoses: shape plus data, with
 * the rule that decides whether two entries agree (the question's tolerance, or float32
 * precision at the expected array's scale, as the judge accepts).
 */
import type { AnswerValue } from '../result.js';
import { float32Close, numbersClose, type Tolerance } from '../variant/index.js';

export interface Dense {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A rectangular nested array of numbers (rank ≥ 1), or null. */
export function toDense(value: AnswerValue): Dense | null {
  const shape: number[] = [];
  let level: AnswerValue = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) return null;
    level = (level as readonly AnswerValue[])[0] ?? null;
  }
  if (shape.length === 0) return null;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let at = 0;
  const fill = (v: AnswerValue, depth: number): boolean => {
    if (depth === shape.length) {
      if (typeof v !== 'number') return false;
      data[at++] = v;
      return true;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) return false;
    return (v as readonly AnswerValue[]).every((item) => fill(item, depth + 1));
  };
  return fill(value, 0) ? { shape, data } : null;
}

/** Whether two entries agree as the judge accepts them (tolerance, or float32 at `scale`). */
export type Agrees = (actual: number, expected: number) => boolean;

export function agreement(tol: Tolerance, scale: number): Agrees {
  return (a, e) => numbersClose(a, e, tol) || float32Close(a, e, scale);
}

/** The largest |entry|. */
export function scaleOf(d: Dense): number {
  let m = 0;
  for (const x of d.data) if (Number.isFinite(x) && Math.abs(x) > m) m = Math.abs(x);
  return m;
}

/** Rows, columns and the size of what follows them (channels) of an array of rank ≥ 2. */
export function planes(d: Dense): { rows: number; cols: number; depth: number } | null {
  if (d.shape.length < 2) return null;
  const [rows = 0, cols = 0, ...rest] = d.shape;
  return { rows, cols, depth: rest.reduce((a, b) => a * b, 1) };
}

/** `index(i, j, k)` of entry k of position (i, j) in the row-major data. */
export function indexOf(cols: number, depth: number, i: number, j: number, k: number): number {
  return (i * cols + j) * depth + k;
}
