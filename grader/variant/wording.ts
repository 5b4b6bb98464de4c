/**
 * Values described in the student's own language: Python students read dict, list, tuple,
 * ndarray, None and True; JavaScript and TypeScript students read object, array, null and true;
 * a formula in answers.yaml reads as the expression language does (record, array). Shapes read
 * "3×4", a 1-D array "a list of 3" or "an array of 3", never "shape length 3".
 */
import type { AnswerValue, Language } from '../result.js';

/** Whose words: a code language, or the expression language of answers.yaml. */
export type Dialect = Language | 'formula';

/** How a value is introduced: as what was expected (may say how to build it) or as what was returned. */
type Role = 'expected' | 'actual';

/** "3×4", or the count of a 1-D array. */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** A shape in a comparison: "3×4" for 2-D and more, else in words ("a list of 3", "a number"). */
export function shapeText(shape: readonly number[], dialect: Dialect): string {
  return shape.length >= 2 ? formatShape(shape) : describeShape(shape, dialect);
}

/** An array of `shape` in words: "a 3×4 array", "a list of 3" (Python) or "an array of 3" (JS). */
export function describeShape(shape: readonly number[], dialect: Dialect, role: Role = 'actual'): string {
  const py = dialect === 'py';
  if (shape.length === 0) return 'a number';
  if (shape.length === 1) {
    const n = shape[0] ?? 0;
    if (n === 0) return py ? 'an empty list' : 'an empty array';
    if (!py) return `an array of ${n}`;
    // A tuple arrives as a list: the answer may have been either.
    return role === 'expected' ? `a list of ${n} (or a 1-D ndarray)` : `a list or tuple of ${n}`;
  }
  const text = `a ${formatShape(shape)} array`;
  if (role === 'actual') return text;
  return py ? `${text} (nested lists or an ndarray)` : dialect === 'formula' ? text : `${text} (nested arrays)`;
}

/** A record with these keys: "a dict with keys 'HF', 'WF'", "an object with keys HF, WF", "a record {HF, WF}". */
export function describeRecord(keys: readonly string[], dialect: Dialect): string {
  if (dialect === 'py') return keys.length === 0 ? 'an empty dict' : `a dict with keys ${keys.map(pyQuote).join(', ')}`;
  if (dialect === 'formula') return `a record {${keys.join(', ')}}`;
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}

/** A key as the language writes it in messages: 'HF' in Python, "HF" in JS. */
export function quoteKey(key: string, dialect: Dialect): string {
  return dialect === 'py' ? pyQuote(key) : JSON.stringify(key);
}

function pyQuote(key: string): string {
  return `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A path inside an answer as the language indexes it: `.dX[1][2]` (JS), `['dX'][1][2]` (Python). */
export function formatPath(path: readonly (string | number)[], dialect: Dialect): string {
  return path
    .map((step) => (typeof step === 'number' ? `[${step}]` : dialect === 'py' ? `[${pyQuote(step)}]` : `.${step}`))
    .join('');
}

/** A number in full: integers as they are, others with up to 12 significant digits. */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/**
 * Two different numbers printed with enough digits to tell them apart (at least 6 significant
 * digits, one more than the first that differs, at most 17): "-27.536412, got -27.536398".
 */
export function formatDistinct(expected: number, actual: number): [string, string] {
  if (!Number.isFinite(expected) || !Number.isFinite(actual) || expected === actual)
    return [formatNumber(expected), formatNumber(actual)];
  for (let digits = 6; digits <= 17; digits++) {
    const e = shortest(expected, digits);
    const a = shortest(actual, digits);
    if (e !== a) return [shortest(expected, Math.min(17, digits + 1)), shortest(actual, Math.min(17, digits + 1))];
  }
  return [String(expected), String(actual)];
}

/** `value` rounded to `digits` significant digits, without trailing zeros. */
function shortest(value: number, digits: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/** A short number for ratios and errors: 2 significant digits ("3.1e-7", "0.024", "12"). */
export function formatShort(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toPrecision(2)));
  return value.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

/** A short description of a value's type for messages, in the dialect's words. */
export function describeValue(
  value: AnswerValue | undefined,
  dialect: Dialect,
  shapeOf: (v: AnswerValue) => readonly number[] | string,
  role: Role = 'actual',
): string {
  const py = dialect === 'py';
  if (value === undefined) return 'nothing';
  if (value === null) return py ? 'None' : 'null';
  if (Array.isArray(value)) {
    const shape = shapeOf(value);
    return typeof shape === 'string' ? shape : describeShape(shape, dialect, role);
  }
  if (typeof value === 'object') return describeRecord(Object.keys(value), dialect);
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return formatNumber(value);
  if (py) return `the bool ${value ? 'True' : 'False'}`;
  return `the boolean ${String(value)}`;
}
