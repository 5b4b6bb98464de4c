/**
 * Numbers as stored in a result and as shown to people. Stored `expected`/`actual` values encode
 * NaN, ±Infinity and −0 as `{"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}` (JSON has no
 * spelling for them); scores are exact units, rounded once here, on output.
 */
import type { JsonValue } from '../grader/result.js';

const SPECIAL: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/** The number a stored value stands for, or undefined when it is not a number. */
export function decodeNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const tag = value['$num'];
  if (keys.length !== 1 || typeof tag !== 'string' || !Object.hasOwn(SPECIAL, tag)) return undefined;
  return SPECIAL[tag];
}

/** A value for display: up to 6 significant digits, with NaN, ∞, −∞ and −0 spelled out. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return '−∞';
  if (Object.is(x, -0)) return '−0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const abs = Math.abs(x);
  const text = abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? x.toExponential(4) : String(Number(x.toPrecision(6)));
  return text.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
}

/**
 * Two different numbers printed with enough significant digits to tell them apart (6 at least,
 * one more than the first that differs, 17 at most), so "expected -27.5364, got -27.5364" cannot happen.
 */
export function formatPair(expected: number, actual: number): [string, string] {
  const e = formatNumber(expected);
  const a = formatNumber(actual);
  if (e !== a || !Number.isFinite(expected) || !Number.isFinite(actual) || expected === actual) return [e, a];
  for (let digits = 7; digits <= 17; digits++) {
    const pe = Number(expected.toPrecision(digits));
    const pa = Number(actual.toPrecision(digits));
    if (pe !== pa) {
      const more = Math.min(17, digits + 1);
      return [String(Number(expected.toPrecision(more))), String(Number(actual.toPrecision(more)))];
    }
  }
  return [String(expected), String(actual)];
}

/** A score rounded once, for output: two decimals at most, never −0. */
export function roundScore(score: number): number {
  const rounded = Math.round(score * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** A score as text: "9", "1.2", "0.33". */
export function formatScore(score: number): string {
  return String(roundScore(score));
}

/** A share as a whole percentage, "82%"; "–" when there is nothing to divide by. */
export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–';
}

/** Compact JSON-like text of a stored value with its special numbers decoded, capped at `limit` characters. */
export function formatValue(value: JsonValue | undefined, limit = 400): string {
  const text = describe(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return '(nothing)';
  const n = decodeNumber(value);
  if (n !== undefined) return formatNumber(n);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${describe(v)}`)
    .join(', ')}}`;
}
