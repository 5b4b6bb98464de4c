/**
 * Comparing an answer with an expected value: shape and type first, then every number with
 * |a − b| ≤ atol + rtol·|b|, and, for what fails that, agreement to float32 precision
 * (precision.ts). It lives here, not in grader/judge, because the generator needs the very same
 * rules to guarantee that every listed mutant fails on some case (the judge imports it from
 * here). Deliberate edge cases:
 * - NaN expected never happens (the reference is finite); NaN actual always fails, named.
 * - ±Infinity must match exactly (same sign); a finite value never matches an infinity.
 * - −0 equals 0 (the difference is 0).
 * - booleans and strings are not numbers; records must have exactly the expected keys.
 * A value mismatch reports the tolerance, the largest difference (not the first: a tail entry
 * off by 1e-9 says little) with enough digits to show it, and the largest relative error.
 */
import { memoTensor, type Tensor } from '../../reference/index.js';
import type { AnswerValue } from '../result.js';
import { FLOAT32_RULE, float32Close } from './precision.js';
import {
  describeRecord,
  describeShape,
  shapeText,
  describeValue,
  formatDistinct,
  formatNumber,
  formatPath,
  formatShort,
  quoteKey,
  type Dialect,
} from './wording.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** How an answer agrees with the expected value: within the tolerance, only to float32 precision, or not. */
export type Agreement = 'exact' | 'float32' | 'different';

/** The entry where answer and expected value differ most. */
export interface LargestDifference {
  readonly path: string;
  readonly steps: readonly (string | number)[];
  readonly expected: number;
  readonly actual: number;
}

export interface Mismatch {
  readonly kind: 'shape' | 'type' | 'keys' | 'value' | 'nan';
  /** Where, e.g. `[2][3]` or `.HF` (`['HF']` in Python); empty for the whole value. */
  readonly path: string;
  /** The explanation with values (public cases). */
  readonly message: string;
  /** The same without expected or actual values (hidden cases). */
  readonly withheld: string;
  /** Shapes of array answers when they differ (for shape-based diagnosis). */
  readonly expectedShape?: readonly number[];
  readonly actualShape?: readonly number[];
  /** For value mismatches: how many entries leave the tolerance, out of how many. */
  readonly differing?: number;
  readonly total?: number;
  /** Every differing entry agrees to float32 precision. */
  readonly float32?: boolean;
  readonly largest?: LargestDifference;
  /** A lone number differs: its message does not state the tolerance (the caller does, once). */
  readonly scalar?: boolean;
  /** The largest |a − b| / |b| over differing entries with b ≠ 0. */
  readonly maxRelError?: number;
  /**
   * Value mismatches of arrays, in pieces for the judge to recompose: `count` ("3 of 9 entries
   * differ beyond the tolerance …"), `largest` and `largestWithheld` ("at [1][2]: expected 1,
   * got 4 (relative error 3)", without the values) and `tail` (the largest relative error, the
   * float32 remark); message = `${count}; the largest difference is ${largest}${tail}`.
   */
  readonly parts?: {
    readonly count: string;
    readonly largest: string;
    readonly largestWithheld: string;
    readonly tail: string;
  };
}

export interface CompareOptions {
  readonly dialect?: Dialect;
  /** Where the value sits in the whole answer (a field of a record), for messages. */
  readonly at?: readonly (string | number)[];
}

/** Dimensions of a rectangular nested array of non-arrays, or a string saying why it is not one. */
export function shapeOf(value: AnswerValue, dialect: Dialect = 'ts'): readonly number[] | string {
  if (!Array.isArray(value)) return [];
  const items = value as readonly AnswerValue[];
  if (items.length === 0) return [0];
  const first = shapeOf(items[0] ?? null, dialect);
  if (typeof first === 'string') return first;
  for (let i = 1; i < items.length; i++) {
    const item = items[i] ?? null;
    // Fast path for rows of numbers: only the length can differ.
    if (
      first.length === 1 &&
      Array.isArray(item) &&
      item.length === first[0] &&
      (item as readonly AnswerValue[]).every((x) => !Array.isArray(x))
    )
      continue;
    if (first.length === 0 && !Array.isArray(item)) continue;
    const other = shapeOf(item, dialect);
    if (typeof other === 'string') return other;
    if (!sameShape(other, first)) {
      return `a ragged array (item [${i}] is ${describeShape(other, dialect)}, item [0] is ${describeShape(first, dialect)})`;
    }
  }
  return [items.length, ...first];
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The tolerance in words: `|a − b| ≤ 1e-9 + 1e-9·|b|`. */
export function formatTolerance(tol: Tolerance): string {
  return `|a − b| ≤ ${formatShort(tol.atol)} + ${formatShort(tol.rtol)}·|b|`;
}

/**
 * Whether `actual` matches `expected` within the tolerance (same rule as compareValues): a fast
 * early-exit check for the generator's separation and the judge's diagnosis.
 */
export function valuesMatch(expected: AnswerValue, actual: AnswerValue, tol: Tolerance): boolean {
  return agree(expected, actual, tol, false, null);
}

/** `exact` within the tolerance, `float32` when only float32 precision is reached, else `different`. */
export function valuesAgree(expected: AnswerValue, actual: AnswerValue, tol: Tolerance): Agreement {
  if (agree(expected, actual, tol, false, null)) return 'exact';
  return agree(expected, actual, tol, true, null) ? 'float32' : 'different';
}

/** Either of the two: what a listed wrong answer must not be on its witness case. */
export function valuesClose(expected: AnswerValue, actual: AnswerValue, tol: Tolerance): boolean {
  return agree(expected, actual, tol, true, null);
}

/** `scale`: the float32 rule's S inside an array, null outside one (a lone number is its own scale). */
function agree(
  expected: AnswerValue,
  actual: AnswerValue,
  tol: Tolerance,
  loose: boolean,
  scale: number | null,
): boolean {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (numbersClose(actual, expected, tol)) return true;
    return loose && float32Close(actual, expected, scale ?? Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const s = scale ?? (loose ? maxAbs(expected) : 0);
    const flat = scale === null ? memoPair(expected, actual) : undefined;
    if (flat !== undefined) {
      const [e, a] = flat;
      for (let i = 0; i < e.length; i++) {
        const x = a[i]!;
        const y = e[i]!;
        if (!numbersClose(x, y, tol) && !(loose && float32Close(x, y, s))) return false;
      }
      return true;
    }
    const a = actual as readonly AnswerValue[];
    const e = expected as readonly AnswerValue[];
    for (let i = 0; i < e.length; i++) if (!agree(e[i] ?? null, a[i] ?? null, tol, loose, s)) return false;
    return true;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const e = expected as Readonly<Record<string, AnswerValue>>;
    const a = actual as Readonly<Record<string, AnswerValue>>;
    const keys = Object.keys(e);
    if (Object.keys(a).length !== keys.length) return false;
    // Each field is a computation of its own: its own scale.
    return keys.every((key) => Object.hasOwn(a, key) && agree(e[key] ?? null, a[key] ?? null, tol, loose, null));
  }
  return Object.is(expected, actual);
}

/**
 * Both values' entries, flat, when both are tensors of one shape the reference read or made in
 * this case's memo (rectangular, finite): compared in one loop, with the same rules.
 */
function memoPair(expected: object, actual: object): readonly [Float64Array, Float64Array] | undefined {
  const e = memoTensor(expected);
  const a = e === undefined ? undefined : memoTensor(actual);
  return e !== undefined && a !== undefined && sameShape(e.shape, a.shape) ? [e.data, a.data] : undefined;
}

function maxAbsFlat(tensor: Tensor): number {
  let m = 0;
  for (let i = 0; i < tensor.data.length; i++) {
    const x = Math.abs(tensor.data[i]!);
    if (x > m) m = x;
  }
  return m;
}

/**
 * maxAbs of arrays already measured. Answer values are never mutated once built (readonly
 * throughout), and the same expected value is compared with many answers (every wrong answer of
 * every family in `validate --qa`, every case of a batch): its scale is computed once.
 */
const maxAbsOf = new WeakMap<object, number>();

/** The largest |finite number| inside a value (0 for none). */
export function maxAbs(value: AnswerValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.abs(value) : 0;
  if (Array.isArray(value)) {
    const known = maxAbsOf.get(value);
    if (known !== undefined) return known;
    const tensor = memoTensor(value);
    const m = tensor === undefined ? maxAbsUncached(value as readonly AnswerValue[]) : maxAbsFlat(tensor);
    maxAbsOf.set(value, m);
    return m;
  }
  return 0;
}

function maxAbsUncached(value: readonly AnswerValue[]): number {
  let m = 0;
  for (const item of value) {
    const x =
      typeof item === 'number'
        ? Number.isFinite(item)
          ? Math.abs(item)
          : 0
        : Array.isArray(item)
          ? maxAbsUncached(item as readonly AnswerValue[])
          : 0;
    if (x > m) m = x;
  }
  return m;
}

/** Whether two numbers agree: |a − b| ≤ atol + rtol·|b|, infinities exactly, NaN never. */
export function numbersClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** How `actual` differs from `expected` (the structure first, then the largest value difference), or null when it matches. */
export function compareValues(
  expected: AnswerValue,
  actual: AnswerValue,
  tol: Tolerance,
  options: CompareOptions = {},
): Mismatch | null {
  const dialect = options.dialect ?? 'ts';
  const state: WalkState = {
    dialect,
    tol,
    structural: null,
    differing: 0,
    beyond32: 0,
    total: 0,
    largest: null,
    largestGap: -1,
    maxRel: 0,
  };
  walk(expected, actual, [...(options.at ?? [])], 0, state, false);
  if (state.structural !== null) return state.structural;
  if (state.differing === 0 || state.largest === null) return null;
  return valueMismatch(state, state.largest);
}

interface WalkState {
  readonly dialect: Dialect;
  readonly tol: Tolerance;
  structural: Mismatch | null;
  differing: number;
  beyond32: number;
  total: number;
  largest: LargestDifference | null;
  /** |a − b| at `largest` (Infinity for NaN). */
  largestGap: number;
  maxRel: number;
}

function valueMismatch(state: WalkState, largest: LargestDifference): Mismatch {
  const { tol } = state;
  const float32 = state.beyond32 === 0;
  const nan = Number.isNaN(largest.actual);
  const [e, a] = formatDistinct(largest.expected, largest.actual);
  const gap = Math.abs(largest.actual - largest.expected);
  const relHere = largest.expected !== 0 && Number.isFinite(gap) ? gap / Math.abs(largest.expected) : undefined;
  const relText = relHere === undefined ? undefined : `relative error ${formatShort(relHere)}`;
  const rel = relText === undefined ? '' : ` (${relText})`;
  const tolerance = formatTolerance(tol);
  const where = largest.path;
  const elsewhere =
    state.maxRel > 0 && (relHere === undefined || state.maxRel > relHere * 1.5)
      ? `; the largest relative error is ${formatShort(state.maxRel)}`
      : '';
  const precision = float32 ? `; they agree to float32 precision (${FLOAT32_RULE})` : '';
  const kind = nan ? 'nan' : 'value';
  const base = {
    kind,
    path: where,
    differing: state.differing,
    total: state.total,
    float32,
    largest,
    maxRelError: state.maxRel,
  } as const;
  if (state.total <= 1) {
    const at = where === '' ? '' : ` at ${where}`;
    if (nan)
      return { ...withoutUndefined(base), message: `expected ${e}, got NaN${at}`, withheld: `the answer is NaN${at}` };
    // The tolerance of a lone number is stated once per answer by the judge (a record has several).
    return {
      ...withoutUndefined(base),
      message: `expected ${e}, got ${a}${at}${rel}`,
      withheld: `the value${at} differs beyond the tolerance${rel}`,
      scalar: true,
    };
  }
  const count = `${state.differing} of ${state.total} entries differ beyond the tolerance ${tolerance}`;
  const parts = {
    count,
    // "at [i][j] (expected …, got …; relative error …)", as a TA would point at it
    largest: `at ${where} (expected ${e}, got ${a}${relText === undefined ? '' : `; ${relText}`})`,
    largestWithheld: `at ${where}${rel}`,
    tail: `${elsewhere}${precision}`,
  };
  const message = `${count}; the largest difference is ${parts.largest}${parts.tail}`;
  const withheld = `${count}; the largest difference is ${parts.largestWithheld}${parts.tail}`;
  return { ...withoutUndefined(base), message, withheld, parts };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A list where a record is expected, holding the record's values in the order of its keys (a
 * tuple (HF, WF, CF) for {HF, WF, CF}): say so, since only the container is wrong. Says nothing
 * about the score.
 */
function inKeyOrder(
  expected: Readonly<Record<string, AnswerValue>>,
  actual: AnswerValue,
  keys: readonly string[],
  state: WalkState,
): string {
  if (!Array.isArray(actual) || actual.length !== keys.length || keys.length < 2) return '';
  const items = actual as readonly AnswerValue[];
  if (!keys.every((key, i) => valuesClose(expected[key] ?? null, items[i] ?? null, state.tol))) return '';
  const { dialect } = state;
  const build =
    dialect === 'py'
      ? `{${keys.map((k) => `${quoteKey(k, dialect)}: …`).join(', ')}}`
      : `{ ${keys.map((k) => `${k}: …`).join(', ')} }`;
  return `; its values are right, in the order ${keys.join(', ')}: return them by name, as ${build}`;
}

function structural(state: WalkState, mismatch: Omit<Mismatch, 'withheld'> & { withheld?: string }): void {
  if (state.structural === null) state.structural = { withheld: mismatch.message, ...mismatch };
}

function walk(
  expected: AnswerValue,
  actual: AnswerValue,
  steps: (string | number)[],
  scale: number,
  state: WalkState,
  inArray: boolean,
): void {
  if (state.structural !== null) return;
  const { dialect } = state;
  const describe = (v: AnswerValue | undefined, role: 'expected' | 'actual' = 'actual'): string =>
    describeValue(v, dialect, (x) => shapeOf(x, dialect), role);
  if (typeof expected === 'number') {
    state.total++;
    // Most entries agree: their path is never needed, so it is formatted only below.
    if (typeof actual === 'number' && numbersClose(actual, expected, state.tol)) return;
    const path = formatPath(steps, dialect);
    if (typeof actual !== 'number') {
      const at = path === '' ? '' : ` at ${path}`;
      structural(state, { kind: 'type', path, message: `expected a number${at}, got ${describe(actual)}` });
      return;
    }
    state.differing++;
    const nan = Number.isNaN(actual);
    if (nan || !float32Close(actual, expected, inArray ? scale : Math.abs(expected))) state.beyond32++;
    const gap = nan ? Infinity : Math.abs(actual - expected);
    if (gap > state.largestGap || (gap === state.largestGap && !Number.isFinite(gap) && state.largest === null)) {
      state.largestGap = gap;
      state.largest = { path, steps: [...steps], expected, actual };
    }
    if (!nan && expected !== 0 && Number.isFinite(gap)) state.maxRel = Math.max(state.maxRel, gap / Math.abs(expected));
    return;
  }
  const path = formatPath(steps, dialect);
  const at = path === '' ? '' : ` at ${path}`;
  if (Array.isArray(expected)) {
    const top = !inArray;
    if (top) {
      if (!Array.isArray(actual)) {
        structural(state, {
          kind: 'type',
          path,
          message: `expected ${describe(expected, 'expected')}${at}, got ${describe(actual)}`,
        });
        return;
      }
      const expectedShape = shapeOf(expected, dialect);
      const actualShape = shapeOf(actual, dialect);
      if (
        typeof actualShape === 'string' ||
        (typeof expectedShape !== 'string' && !sameShape(expectedShape, actualShape))
      ) {
        const shapes =
          typeof expectedShape === 'string' || typeof actualShape === 'string' ? {} : { expectedShape, actualShape };
        const want = typeof expectedShape === 'string' ? expectedShape : shapeText(expectedShape, dialect);
        const got = typeof actualShape === 'string' ? actualShape : shapeText(actualShape, dialect);
        structural(state, { kind: 'shape', path, message: `expected ${want}${at}, got ${got}`, ...shapes });
        return;
      }
    }
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      structural(state, {
        kind: 'shape',
        path,
        message: `expected ${describe(expected, 'expected')}${at}, got ${describe(actual)}`,
      });
      return;
    }
    const s = top ? maxAbs(expected) : scale;
    const items = actual as readonly AnswerValue[];
    (expected as readonly AnswerValue[]).forEach((item, i) => {
      steps.push(i);
      walk(item, items[i] ?? null, steps, s, state, true);
      steps.pop();
    });
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    const keys = Object.keys(expected);
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      structural(state, {
        kind: 'type',
        path,
        message: `expected ${describeRecord(keys, dialect)}${at}, got ${describe(actual)}${inKeyOrder(expected as Readonly<Record<string, AnswerValue>>, actual, keys, state)}`,
      });
      return;
    }
    const record = actual as Readonly<Record<string, AnswerValue>>;
    const missing = keys.filter((key) => !Object.hasOwn(record, key));
    const extra = Object.keys(record).filter((key) => !Object.hasOwn(expected, key));
    if (missing.length > 0 || extra.length > 0) {
      const list = (ks: string[]): string => ks.map((k) => quoteKey(k, dialect)).join(', ');
      const parts = [
        missing.length ? `missing key${missing.length > 1 ? 's' : ''} ${list(missing)}` : '',
        extra.length ? `unexpected key${extra.length > 1 ? 's' : ''} ${list(extra)}` : '',
      ];
      const all = dialect === 'py' ? list(keys) : `{${keys.join(', ')}}`;
      structural(state, {
        kind: 'keys',
        path,
        message: `${parts.filter(Boolean).join('; ')}${at} (expected keys ${all})`,
      });
      return;
    }
    for (const key of keys) {
      steps.push(key);
      walk((expected as Record<string, AnswerValue>)[key] ?? null, record[key] ?? null, steps, 0, state, false);
      steps.pop();
    }
    return;
  }
  state.total++;
  if (!Object.is(expected, actual))
    structural(state, {
      kind: 'value',
      path,
      message: `expected ${describe(expected, 'expected')}${at}, got ${describe(actual)}`,
    });
}

export { formatNumber };
