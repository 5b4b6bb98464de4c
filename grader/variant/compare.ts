/**
 * Comparing an answer with an expected value: shape and type first, then every number with
 * |a − b| ≤ atol + rtol·|b|. It lives here, not in grader/judge, because the generator needs
 * the very same rule to guarantee that every listed mutant fails on some case (the judge
 * imports it from here). Deliberate edge cases:
 * - NaN expected never happens (the reference is finite); NaN actual always fails, named.
 * - ±Infinity must match exactly (same sign); a finite value never matches an infinity.
 * - −0 equals 0 (the difference is 0).
 * - booleans and strings are not numbers; records must have exactly the expected keys.
 */
import type { AnswerValue } from '../result.js';

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export interface Mismatch {
  readonly kind: 'shape' | 'type' | 'keys' | 'value' | 'nan';
  /** Where, e.g. `[2][3]` or `.HF`; empty for the whole value. */
  readonly path: string;
  readonly message: string;
  /** Shapes of array answers when they differ (for shape-based diagnosis). */
  readonly expectedShape?: readonly number[];
  readonly actualShape?: readonly number[];
  /** For value mismatches: how many entries leave the tolerance, out of how many. */
  readonly differing?: number;
  readonly total?: number;
}

/** Dimensions of a rectangular nested array of non-arrays, or a string saying why it is not one. */
export function shapeOf(value: AnswerValue): readonly number[] | string {
  if (!Array.isArray(value)) return [];
  const items = value as readonly AnswerValue[];
  if (items.length === 0) return [0];
  const first = shapeOf(items[0] ?? null);
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
    const other = shapeOf(item);
    if (typeof other === 'string') return other;
    if (!sameShape(other, first)) {
      return `a ragged array (item [${i}] has shape ${formatShape(other)}, item [0] has ${formatShape(first)})`;
    }
  }
  return [items.length, ...first];
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Whether `actual` matches `expected` (same rule as compareValues, which explains the first
 * mismatch): a fast early-exit check for the generator's separation and the judge's diagnosis.
 */
export function valuesMatch(expected: AnswerValue, actual: AnswerValue, tol: Tolerance): boolean {
  if (typeof expected === 'number') return typeof actual === 'number' && numbersClose(actual, expected, tol);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const a = actual as readonly AnswerValue[];
    const e = expected as readonly AnswerValue[];
    for (let i = 0; i < e.length; i++) if (!valuesMatch(e[i] ?? null, a[i] ?? null, tol)) return false;
    return true;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const e = expected as Readonly<Record<string, AnswerValue>>;
    const a = actual as Readonly<Record<string, AnswerValue>>;
    const keys = Object.keys(e);
    if (Object.keys(a).length !== keys.length) return false;
    return keys.every((key) => Object.hasOwn(a, key) && valuesMatch(e[key] ?? null, a[key] ?? null, tol));
  }
  return Object.is(expected, actual);
}

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'a scalar' : shape.length === 1 ? `length ${shape[0]}` : shape.join('×');
}

/** A short description of a value's type for messages. */
export function describeValue(value: AnswerValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const shape = shapeOf(value);
    return typeof shape === 'string' ? shape : `an array of shape ${formatShape(shape)}`;
  }
  if (typeof value === 'object') return `a record with keys {${Object.keys(value).join(', ')}}`;
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return formatNumber(value);
  return `the boolean ${String(value)}`;
}

export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** Whether two numbers agree: |a − b| ≤ atol + rtol·|b|, infinities exactly, NaN never. */
export function numbersClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** The first way `actual` differs from `expected`, or null when it matches. */
export function compareValues(expected: AnswerValue, actual: AnswerValue, tol: Tolerance): Mismatch | null {
  if (Array.isArray(expected)) {
    const expectedShape = shapeOf(expected);
    if (!Array.isArray(actual)) {
      return {
        kind: 'type',
        path: '',
        message: `expected an array of shape ${typeof expectedShape === 'string' ? '?' : formatShape(expectedShape)}, got ${describeValue(actual)}`,
      };
    }
    const actualShape = shapeOf(actual);
    if (typeof actualShape === 'string')
      return { kind: 'shape', path: '', message: `expected ${formatShapeOr(expectedShape)}, got ${actualShape}` };
    if (typeof expectedShape !== 'string' && !sameShape(actualShape, expectedShape)) {
      return {
        kind: 'shape',
        path: '',
        message: `expected ${formatShape(expectedShape)}, got ${formatShape(actualShape)}`,
        expectedShape,
        actualShape,
      };
    }
  }
  const state = { first: null as Mismatch | null, differing: 0, total: 0 };
  walk(expected, actual, '', tol, state);
  if (state.first === null) return null;
  if (state.first.kind !== 'value' || state.total <= 1) return state.first;
  const of = `${state.differing} of ${state.total} entries differ`;
  return {
    ...state.first,
    message: `${of}; first at ${state.first.path}: ${state.first.message}`,
    differing: state.differing,
    total: state.total,
  };
}

function formatShapeOr(shape: readonly number[] | string): string {
  return typeof shape === 'string' ? shape : formatShape(shape);
}

interface WalkState {
  first: Mismatch | null;
  differing: number;
  total: number;
}

function walk(
  expected: AnswerValue,
  actual: AnswerValue,
  path: string,
  tol: Tolerance,
  state: WalkState,
  inArray = false,
): void {
  const fail = (make: Mismatch | (() => Mismatch)): void => {
    if (state.first === null) state.first = typeof make === 'function' ? make() : make;
  };
  if (typeof expected === 'number') {
    state.total++;
    if (typeof actual !== 'number') {
      state.differing++;
      fail(() => ({
        kind: 'type',
        path,
        message: `expected a number${path ? ` at ${path}` : ''}, got ${describeValue(actual)}`,
      }));
    } else if (Number.isNaN(actual)) {
      state.differing++;
      fail(() => ({
        kind: 'nan',
        path,
        message: `expected ${formatNumber(expected)}, got NaN${path ? ` at ${path}` : ''}`,
      }));
    } else if (!numbersClose(actual, expected, tol)) {
      state.differing++;
      fail(() => ({ kind: 'value', path, message: `expected ${formatNumber(expected)}, got ${formatNumber(actual)}` }));
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!inArray && path !== '' && Array.isArray(actual)) {
      // An array nested in a record (e.g. dX of {dX, dK}): compare whole shapes, as at the top.
      const expectedShape = shapeOf(expected);
      const actualShape = shapeOf(actual);
      if (
        typeof actualShape === 'string' ||
        (typeof expectedShape !== 'string' && !sameShape(expectedShape, actualShape))
      ) {
        const shapes =
          typeof expectedShape === 'string' || typeof actualShape === 'string' ? {} : { expectedShape, actualShape };
        fail({
          kind: 'shape',
          path,
          message: `expected ${formatShapeOr(expectedShape)} at ${path}, got ${formatShapeOr(actualShape)}`,
          ...shapes,
        });
        return;
      }
    }
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      fail({
        kind: 'shape',
        path,
        message: `expected ${describeValue(expected)}${path ? ` at ${path}` : ''}, got ${describeValue(actual)}`,
      });
      return;
    }
    const items = actual as readonly AnswerValue[];
    (expected as readonly AnswerValue[]).forEach((item, i) =>
      walk(item, items[i] ?? null, `${path}[${i}]`, tol, state, true),
    );
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      fail({
        kind: 'type',
        path,
        message: `expected a record with keys {${Object.keys(expected).join(', ')}}${path ? ` at ${path}` : ''}, got ${describeValue(actual)}`,
      });
      return;
    }
    const record = actual as Readonly<Record<string, AnswerValue>>;
    const missing = Object.keys(expected).filter((key) => !Object.hasOwn(record, key));
    const extra = Object.keys(record).filter((key) => !Object.hasOwn(expected, key));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length ? `missing key${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}` : '',
        extra.length ? `unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}` : '',
      ];
      fail({
        kind: 'keys',
        path,
        message: `${parts.filter(Boolean).join('; ')}${path ? ` at ${path}` : ''} (expected keys {${Object.keys(expected).join(', ')}})`,
      });
      return;
    }
    for (const key of Object.keys(expected))
      walk((expected as Record<string, AnswerValue>)[key] ?? null, record[key] ?? null, `${path}.${key}`, tol, state);
    return;
  }
  state.total++;
  if (!Object.is(expected, actual)) {
    state.differing++;
    fail({ kind: 'value', path, message: `expected ${describeValue(expected)}, got ${describeValue(actual)}` });
  }
}
