/**
 * The one place grader/variant calls reference/ directly: the reference function of a
 * student-API name, and the conversion of its results to plain AnswerValues. (Expected answers
 * given as expressions, and misconceptions, are evaluated by grader/lang.)
 */
import * as reference from '../../reference/index.js';
import type { AnswerValue } from '../result.js';

type AnyFunction = (...args: readonly unknown[]) => unknown;

/** What the reference or a mutant gave for one call: a value, or the error it threw. */
export type Outcome =
  { readonly kind: 'value'; readonly value: AnswerValue } | { readonly kind: 'error'; readonly message: string };

/** Student-API names the reference computes (for spec validation). */
export function referenceFunctionNames(): string[] {
  return Object.keys(reference.studentApi);
}

export function referenceFunction(name: string): AnyFunction | undefined {
  const api = reference.studentApi as Readonly<Record<string, unknown>>;
  const fn = Object.hasOwn(api, name) ? api[name] : undefined;
  return typeof fn === 'function' ? (fn as AnyFunction) : undefined;
}

/** Calls `fn` and converts its result; a throw becomes an error outcome. */
export function callOutcome(fn: AnyFunction, args: readonly AnswerValue[]): Outcome {
  try {
    return { kind: 'value', value: toAnswerValue(fn(...args)) };
  } catch (error: unknown) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Plain data from whatever the reference returns (nested arrays, typed arrays, records, numbers). */
export function toAnswerValue(value: unknown): AnswerValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null)
    return value;
  if (Array.isArray(value)) return isPlainNumbers(value) ? (value as number[]) : value.map(toAnswerValue);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, Number);
  if (typeof value === 'object') {
    const out: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
    for (const [key, item] of Object.entries(value)) out[key] = toAnswerValue(item);
    return out;
  }
  throw new TypeError(`The reference returned a ${typeof value}, which is not plain data`);
}

/** Nested arrays of numbers are already AnswerValues: no copy (the reference returns fresh arrays). */
function isPlainNumbers(value: readonly unknown[]): boolean {
  for (const item of value) {
    if (typeof item === 'number') continue;
    if (!Array.isArray(item) || !isPlainNumbers(item)) return false;
  }
  return true;
}
