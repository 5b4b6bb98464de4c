import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';

/** Throws unless `value` is a plain object (not null, not an array); returns it as a record. */
export function readObject(value: unknown, name: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReferenceInputError(`${name} must be an object, got ${describeValue(value)}`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/** Throws unless `value` is a finite number. */
export function readFinite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ReferenceInputError(`${name} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function readPositive(value: unknown, name: string): number {
  const number = readFinite(value, name);
  if (!(number > 0)) throw new ReferenceInputError(`${name} must be a positive number, got ${describeValue(value)}`);
  return number;
}

/** Throws unless `value` is an integer ≥ `min` (1 by default). */
export function readInteger(value: unknown, name: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const wanted = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
    throw new ReferenceInputError(`${name} must be ${wanted}, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `value` is one of `choices` (strings compared exactly). */
export function readChoice<T extends string>(value: unknown, name: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const list = choices.map((choice) => `'${choice}'`).join(', ');
    throw new ReferenceInputError(`${name} must be one of ${list}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** Throws if `record` has a key not in `known` (catches typos such as `strides` that would silently default). */
export function rejectUnknownKeys(
  record: Readonly<Record<string, unknown>>,
  name: string,
  known: readonly string[],
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      const list = known.join(', ');
      throw new ReferenceInputError(`${name} has an unknown key ${JSON.stringify(key)} (expected only ${list})`);
    }
  }
}

/**
 * A yes/no flag: `true`/`false`, or `1`/`0` (for callers whose values are numbers only, such as
 * integer case parameters); `fallback` when undefined.
 */
export function readFlag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new ReferenceInputError(`${name} must be true or false (or 1 or 0), got ${describeValue(value)}`);
}
