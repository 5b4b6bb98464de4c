/**
 * Values of the expression language at evaluation time: numbers, booleans, mode strings,
 * tensors (nested arrays of numbers, rectangular, every axis ≥ 1: what the reference and the
 * students' functions take and return) and records (null-prototype objects, read with
 * Object.hasOwn only).
 */
import { dimsOf, memoTensor, type NestedArray } from '../../reference/index.js';
import type { AnswerValue } from '../result.js';
import { BOOLEAN, NUMBER, UNKNOWN, tensorOfRank, type Kind } from './kinds.js';

export type Value = number | boolean | string | NestedArray | RecordValue;

export interface RecordValue {
  readonly [field: string]: Value;
}

export function isRecord(value: unknown): value is RecordValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTensor(value: unknown): value is NestedArray {
  return Array.isArray(value);
}

/** A record with a null prototype, so no name reaches Object.prototype. */
export function makeRecord(entries: Iterable<readonly [string, Value]>): RecordValue {
  const record = Object.create(null) as Record<string, Value>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** The field of a record, own properties only. */
export function fieldOf(record: RecordValue, name: string): Value | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** The kind of a runtime value (records with their fields, tensors with their rank). */
export function kindOf(value: Value): Kind {
  if (typeof value === 'number') return NUMBER;
  if (typeof value === 'boolean') return BOOLEAN;
  if (typeof value === 'string') return { kind: 'string', values: [value] };
  if (Array.isArray(value)) return tensorOfRank(dimsOf(value).length);
  if (isRecord(value))
    return {
      kind: 'record',
      fields: Object.keys(value).map((name) => ({ name, type: kindOf(value[name] as Value) as never })),
    };
  return UNKNOWN;
}

/**
 * A value the reference or a parameter produced, as a language value: numbers, strings,
 * booleans and rectangular nested number arrays as they are, plain objects as null-prototype
 * records. Throws a TypeError describing anything else (null, functions, ragged arrays).
 */
export function toValue(value: unknown): Value {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (memoTensor(value) !== undefined || isNumberArray(value)) return value as NestedArray;
    throw new TypeError('an array that is not a rectangular array of numbers');
  }
  if (isRecord(value)) return makeRecord(Object.entries(value).map(([key, item]) => [key, toValue(item)] as const));
  throw new TypeError(`a ${value === null ? 'null' : typeof value}`);
}

function isNumberArray(value: readonly unknown[]): boolean {
  if (value.length === 0) return false;
  const first: unknown = value[0];
  if (Array.isArray(first)) {
    const inner = first.length;
    return value.every((item) => Array.isArray(item) && item.length === inner && isNumberArray(item));
  }
  return value.every((item) => typeof item === 'number');
}

/** A language value as the judge's plain data. */
export function toAnswerValue(value: Value): AnswerValue {
  if (!isRecord(value)) return value as AnswerValue;
  const out = Object.create(null) as Record<string, AnswerValue>;
  for (const key of Object.keys(value)) out[key] = toAnswerValue(value[key] as Value);
  return out;
}
