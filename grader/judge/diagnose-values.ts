/**
 * Generic diagnoses of a wrong value nobody listed as a misconception, computed from the
 * expected and actual values of the case (and its inputs, on public cases): a constant factor
 * or a sign flip, a transpose, a flip or a rotation, a shift by (di, dj), only the border or only
 * the interior wrong, a constant answer, an input returned unchanged, and for numbers an offset
 * or a simple ratio. Each names what it saw; a diagnosis never changes a score.
 */
import type { AnswerValue } from '../result.js';
import type { DiagnosisKind } from '../spec/index.js';
import { formatNumber, formatShort, type Dialect, type Tolerance } from '../variant/index.js';
import { agreement, indexOf, planes, scaleOf, toDense, type Agrees, type Dense } from './dense.js';

export interface Diagnosis {
  readonly kind: DiagnosisKind;
  /** What the values show, in the student's terms, with generic advice. */
  readonly text: string;
}

export interface DiagnoseContext {
  readonly tol: Tolerance;
  readonly dialect: Dialect;
  /** The case's array inputs by name, on public cases only. */
  readonly inputs?: readonly { readonly name: string; readonly value: AnswerValue }[];
}

/** Advice when the spec gives no hint of its own for a kind (`diagnosisHints`). */
export const DEFAULT_ADVICE: Readonly<Record<DiagnosisKind, string>> = {
  factor: 'look for a normalisation or a scaling step that should not be there (or is missing)',
  sign: 'look for a subtraction the wrong way round or a sign convention',
  transpose: 'check the order of your row and column indices',
  flip: 'check whether the kernel (or the output) should be flipped along that axis',
  rotate: 'check whether the kernel should be rotated (flipped in both axes)',
  shift: 'check where your output window starts: the padding, or the centre of an even-sized kernel',
  border: 'check the padding and how the edges are handled',
  interior: 'the edges are handled right: check the computation away from them',
  input: 'return the result you computed, not an argument',
  constant: 'check that your loops run and write into the array you return',
  offset: 'check for an off-by-one, such as a missing or extra +1',
  shape: 'check the formula for the output size',
};

const MAX_SHIFT = 3;

/** The first generic diagnosis that explains `actual` against `expected`, or undefined. */
export function diagnoseValues(
  expected: AnswerValue,
  actual: AnswerValue,
  context: DiagnoseContext,
): Diagnosis | undefined {
  if (typeof expected === 'number' && typeof actual === 'number') return diagnoseNumber(expected, actual);
  const e = toDense(expected);
  const a = toDense(actual);
  if (e === null || a === null || e.shape.join('×') !== a.shape.join('×')) return undefined;
  // One entry says nothing about a pattern: judge it as a number.
  if (e.data.length === 1) return diagnoseNumber(e.data[0] ?? 0, a.data[0] ?? 0);
  const agrees = agreement(context.tol, scaleOf(e));
  return (
    constant(e, a, agrees) ??
    input(a, context) ??
    factor(e, a, context.tol) ??
    rearranged(e, a, agrees) ??
    borderOrInterior(e, a, agrees) ??
    shifted(e, a, agrees)
  );
}

function diagnoseNumber(expected: number, actual: number): Diagnosis | undefined {
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return undefined;
  if (expected !== 0 && actual === -expected)
    return { kind: 'sign', text: 'your answer has the right size but the wrong sign' };
  const diff = actual - expected;
  if (Number.isInteger(expected) && Number.isInteger(actual) && Math.abs(diff) <= 3 && diff !== 0)
    return {
      kind: 'offset',
      text: `your answer is ${Math.abs(diff)} ${diff > 0 ? 'more' : 'less'} than expected`,
    };
  if (expected !== 0 && actual !== 0) {
    const ratio = actual / expected;
    const nice = niceRatio(ratio);
    if (nice !== undefined) return { kind: 'factor', text: `your answer is ${nice} × the expected value` };
  }
  return undefined;
}

/** "2", "1/4", "-3": a ratio a slip gives (an integer or its inverse up to 16), else undefined. */
function niceRatio(ratio: number): string | undefined {
  for (let n = 2; n <= 16; n++) {
    if (Math.abs(ratio - n) <= 1e-9 * n) return String(n);
    if (Math.abs(ratio * n - 1) <= 1e-9) return `1/${n}`;
  }
  return undefined;
}

function constant(e: Dense, a: Dense, agrees: Agrees): Diagnosis | undefined {
  if (a.data.length < 4) return undefined;
  const first = a.data[0] ?? 0;
  if (!a.data.every((x) => x === first)) return undefined;
  if (e.data.every((x) => agrees(first, x))) return undefined;
  return first === 0
    ? { kind: 'constant', text: 'your answer is all zeros' }
    : { kind: 'constant', text: `every entry of your answer is ${formatNumber(first)}` };
}

function input(a: Dense, context: DiagnoseContext): Diagnosis | undefined {
  for (const { name, value } of context.inputs ?? []) {
    const d = toDense(value);
    if (d === null || d.shape.join('×') !== a.shape.join('×')) continue;
    const agrees = agreement(context.tol, scaleOf(d));
    if (d.data.every((x, k) => agrees(a.data[k] ?? Number.NaN, x)))
      return { kind: 'input', text: `your answer equals the input ${name}, unchanged` };
  }
  return undefined;
}

/** actual ≈ c·expected for one c ≠ 1 (least squares), c = −1 being a sign flip. */
function factor(e: Dense, a: Dense, tol: Tolerance): Diagnosis | undefined {
  let ee = 0;
  let ea = 0;
  for (let k = 0; k < e.data.length; k++) {
    const x = e.data[k] ?? 0;
    ee += x * x;
    ea += x * (a.data[k] ?? 0);
  }
  // A pattern needs a few entries that are not zero.
  if (!(ee > 0) || !Number.isFinite(ea) || e.data.filter((x) => x !== 0).length < 2) return undefined;
  const c = ea / ee;
  if (c === 0 || Math.abs(c - 1) <= 1e-6) return undefined;
  const scaled = agreement(tol, Math.abs(c) * scaleOf(e));
  if (!e.data.every((x, k) => scaled(a.data[k] ?? Number.NaN, c * x))) return undefined;
  if (Math.abs(c + 1) <= 1e-6)
    return { kind: 'sign', text: 'your answer is the negative of the expected one (every sign is flipped)' };
  const inverse = c > 0 && c < 1 ? ` (1/${formatShort3(1 / c)})` : '';
  return { kind: 'factor', text: `your values are ${formatShort3(c)} × the expected ones${inverse}, everywhere` };
}

function formatShort3(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(x.toPrecision(3)));
  return formatShort(x);
}

interface Rearrangement {
  readonly kind: DiagnosisKind;
  readonly text: string;
  /** Where entry (i, j) of the answer comes from in the expected array, or null when the shape does not allow it. */
  readonly from: (i: number, j: number, rows: number, cols: number) => [number, number];
  readonly square?: boolean;
}

const REARRANGEMENTS: readonly Rearrangement[] = [
  { kind: 'transpose', text: 'your answer is the transpose of the expected one', from: (i, j) => [j, i], square: true },
  {
    kind: 'flip',
    text: 'your answer is the expected one upside down (its rows in reverse order)',
    from: (i, j, rows) => [rows - 1 - i, j],
  },
  {
    kind: 'flip',
    text: 'your answer is the expected one mirrored left to right (its columns in reverse order)',
    from: (i, j, _rows, cols) => [i, cols - 1 - j],
  },
  {
    kind: 'rotate',
    text: 'your answer is the expected one rotated by 180°',
    from: (i, j, rows, cols) => [rows - 1 - i, cols - 1 - j],
  },
  {
    kind: 'rotate',
    text: 'your answer is the expected one rotated by 90°',
    from: (i, j, rows) => [rows - 1 - j, i],
    square: true,
  },
  {
    kind: 'rotate',
    text: 'your answer is the expected one rotated by 90° (the other way)',
    from: (i, j, _rows, cols) => [j, cols - 1 - i],
    square: true,
  },
];

/** A transpose, a flip or a rotation of the first two axes. */
function rearranged(e: Dense, a: Dense, agrees: Agrees): Diagnosis | undefined {
  const p = planes(e);
  if (p === null) return undefined;
  const { rows, cols, depth } = p;
  for (const r of REARRANGEMENTS) {
    if (r.square === true && rows !== cols) continue;
    let all = true;
    let moved = false;
    for (let i = 0; i < rows && all; i++) {
      for (let j = 0; j < cols && all; j++) {
        const [si, sj] = r.from(i, j, rows, cols);
        for (let k = 0; k < depth; k++) {
          const want = e.data[indexOf(cols, depth, si, sj, k)] ?? Number.NaN;
          const got = a.data[indexOf(cols, depth, i, j, k)] ?? Number.NaN;
          if (!agrees(got, want)) {
            all = false;
            break;
          }
          if (!agrees(want, e.data[indexOf(cols, depth, i, j, k)] ?? Number.NaN)) moved = true;
        }
      }
    }
    if (all && moved) return { kind: r.kind, text: r.text };
  }
  return undefined;
}

/** Every differing position within the outer ring of some width (the border), or none there (the interior). */
function borderOrInterior(e: Dense, a: Dense, agrees: Agrees): Diagnosis | undefined {
  const p = planes(e);
  if (p === null) return undefined;
  const { rows, cols, depth } = p;
  let inner = Infinity;
  let outer = -1;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let differs = false;
      for (let k = 0; k < depth && !differs; k++) {
        const at = indexOf(cols, depth, i, j, k);
        differs = !agrees(a.data[at] ?? Number.NaN, e.data[at] ?? Number.NaN);
      }
      if (!differs) continue;
      const d = Math.min(i, j, rows - 1 - i, cols - 1 - j);
      inner = Math.min(inner, d);
      outer = Math.max(outer, d);
    }
  }
  if (outer < 0) return undefined;
  const width = outer + 1;
  // Some interior must remain right for "only the border" to mean anything.
  if (rows - 2 * width >= 1 && cols - 2 * width >= 1 && width <= Math.max(1, Math.floor(Math.min(rows, cols) / 4))) {
    const what = width === 1 ? 'the outermost row and column on each side' : `the outer ${width} rows and columns`;
    return { kind: 'border', text: `only the border differs (${what}); the interior is right` };
  }
  if (inner >= 1) {
    const what =
      inner === 1 ? 'the outermost row and column on each side are' : `the outer ${inner} rows and columns are`;
    return { kind: 'interior', text: `only the interior differs (${what} right)` };
  }
  return undefined;
}

/** actual[i][j] ≈ expected[i − di][j − dj] wherever both exist, for a small (di, dj) ≠ (0, 0). */
function shifted(e: Dense, a: Dense, agrees: Agrees): Diagnosis | undefined {
  const p = planes(e);
  if (p === null) return undefined;
  const { rows, cols, depth } = p;
  const shifts: [number, number][] = [];
  for (let di = -MAX_SHIFT; di <= MAX_SHIFT; di++)
    for (let dj = -MAX_SHIFT; dj <= MAX_SHIFT; dj++) if (di !== 0 || dj !== 0) shifts.push([di, dj]);
  shifts.sort((x, y) => Math.abs(x[0]) + Math.abs(x[1]) - Math.abs(y[0]) - Math.abs(y[1]));
  const scale = scaleOf(e);
  for (const [di, dj] of shifts) {
    const overlapRows = rows - Math.abs(di);
    const overlapCols = cols - Math.abs(dj);
    // The overlap must be most of the array, and hold some of the expected values.
    if (overlapRows * overlapCols * 2 < rows * cols || overlapRows < 2 || overlapCols < 2) continue;
    let all = true;
    let signal = false;
    for (let i = Math.max(0, di); i < Math.min(rows, rows + di) && all; i++) {
      for (let j = Math.max(0, dj); j < Math.min(cols, cols + dj) && all; j++) {
        for (let k = 0; k < depth; k++) {
          const want = e.data[indexOf(cols, depth, i - di, j - dj, k)] ?? Number.NaN;
          if (!agrees(a.data[indexOf(cols, depth, i, j, k)] ?? Number.NaN, want)) {
            all = false;
            break;
          }
          if (Math.abs(want) > 1e-3 * scale) signal = true;
        }
      }
    }
    if (all && signal) return { kind: 'shift', text: `your answer is the expected one ${describeShift(di, dj)}` };
  }
  return undefined;
}

function describeShift(di: number, dj: number): string {
  const parts: string[] = [];
  const n = (k: number, unit: string): string => `${Math.abs(k)} ${unit}${Math.abs(k) === 1 ? '' : 's'}`;
  if (di !== 0) parts.push(`${n(di, 'row')} ${di > 0 ? 'down' : 'up'}`);
  if (dj !== 0) parts.push(`${n(dj, 'column')} ${dj > 0 ? 'right' : 'left'}`);
  return `moved ${parts.join(' and ')} (the entries that stay inside agree)`;
}
