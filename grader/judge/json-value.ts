/**
 * Stored JSON cannot hold NaN, ±Infinity or −0, so results encode them as
 * `{"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}`; every other value is written as is.
 * decodeJsonValue is the exact inverse (records come back with a null prototype).
 */
import type { AnswerValue, JsonValue } from '../result.js';

const SPECIAL = new Set(['NaN', 'Infinity', '-Infinity', '-0']);

export function encodeJsonValue(value: AnswerValue): JsonValue {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $num: 'NaN' };
    if (value === Infinity) return { $num: 'Infinity' };
    if (value === -Infinity) return { $num: '-Infinity' };
    if (Object.is(value, -0)) return { $num: '-0' };
    return value;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = value as readonly AnswerValue[];
    // A tensor row of ordinary numbers (the common case, and the bulk of every result) is copied
    // as it is: one pass instead of a call per element.
    if (items.every(isOrdinaryNumber)) return items.slice() as JsonValue;
    return items.map(encodeJsonValue);
  }
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value as Readonly<Record<string, AnswerValue>>))
    out[key] = encodeJsonValue(item);
  return out;
}

/** A number JSON writes as itself: finite and not -0. */
function isOrdinaryNumber(item: AnswerValue): boolean {
  return typeof item === 'number' && Number.isFinite(item) && !(item === 0 && 1 / item < 0);
}

export function decodeJsonValue(value: JsonValue): AnswerValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeJsonValue);
  const keys = Object.keys(value);
  const tag = value['$num'];
  if (keys.length === 1 && typeof tag === 'string' && SPECIAL.has(tag)) return tag === '-0' ? -0 : Number(tag);
  const out: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
  for (const key of keys) out[key] = decodeJsonValue(value[key] ?? null);
  return out;
}
