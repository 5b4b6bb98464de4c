/**
 * The types the checker works with: the reference's ValueKind (numbers, booleans, mode strings,
 * tensors of a rank, records), plus an `unknown` that defers the check to evaluation.
 */
import type { FieldKind, ValueKind } from '../../reference/index.js';

export type Kind = ValueKind | { readonly kind: 'unknown' };

export const NUMBER: Kind = { kind: 'number' };
export const BOOLEAN: Kind = { kind: 'boolean' };
export const UNKNOWN: Kind = { kind: 'unknown' };

export function tensorOfRank(rank: number | null): Kind {
  return { kind: 'tensor', rank };
}

/** `a number`, `an H×W array`, `a rank-3 array`, `a record {dX, dK}`, `the mode 'same'`. */
export function describeKind(kind: Kind): string {
  switch (kind.kind) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a condition (true or false)';
    case 'unknown':
      return 'a value';
    case 'string':
      return kind.values.length === 1 ? `the string '${kind.values[0] ?? ''}'` : `one of ${quoteAll(kind.values)}`;
    case 'tensor':
      if (kind.dims !== undefined && kind.dims.length > 0) return `an array ${kind.dims.join('×')}`;
      return kind.rank === null ? 'an array' : `a rank-${kind.rank} array`;
    case 'record':
      return kind.fields === null ? 'a record' : `a record {${kind.fields.map((f) => f.name).join(', ')}}`;
    case 'oneOf':
      return kind.options.map(describeKind).join(' or ');
  }
}

export function quoteAll(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/**
 * Why a value of kind `arg` cannot be passed where `param` is expected, or undefined when it
 * can. Strings are checked against a mode's values when the string is a literal.
 */
export function mismatch(param: Kind, arg: Kind): string | undefined {
  if (arg.kind === 'unknown' || param.kind === 'unknown') return undefined;
  if (param.kind === 'oneOf') {
    const fits = param.options.some((option) => mismatch(option, arg) === undefined);
    return fits ? undefined : `expected ${describeKind(param)}, got ${describeKind(arg)}`;
  }
  if (param.kind !== arg.kind) return `expected ${describeKind(param)}, got ${describeKind(arg)}`;
  if (param.kind === 'string' && arg.kind === 'string') {
    const bad = arg.values.filter((v) => !param.values.includes(v));
    return bad.length === 0 ? undefined : `expected one of ${quoteAll(param.values)}, got ${quoteAll(bad)}`;
  }
  if (param.kind === 'tensor' && arg.kind === 'tensor') {
    if (param.rank === null || arg.rank === null || param.rank === arg.rank) return undefined;
    return `expected ${describeKind(param)} (rank ${param.rank}), got ${describeKind(arg)}`;
  }
  if (param.kind === 'record' && arg.kind === 'record') return recordMismatch(param.fields, arg.fields);
  return undefined;
}

function recordMismatch(want: readonly FieldKind[] | null, got: readonly FieldKind[] | null): string | undefined {
  if (want === null || got === null) return undefined;
  const missing = want.filter((f) => f.optional !== true && !got.some((g) => g.name === f.name));
  if (missing.length > 0)
    return `the record is missing ${missing.map((f) => `"${f.name}"`).join(', ')} (expected {${want.map((f) => f.name).join(', ')}})`;
  const extra = got.filter((g) => !want.some((f) => f.name === g.name));
  if (extra.length > 0)
    return `the record has no field ${extra.map((f) => `"${f.name}"`).join(', ')} (expected {${want.map((f) => f.name).join(', ')}})`;
  for (const field of got) {
    const expected = want.find((f) => f.name === field.name);
    const problem = expected === undefined ? undefined : mismatch(expected.type, field.type);
    if (problem !== undefined) return `field "${field.name}": ${problem}`;
  }
  return undefined;
}

/** Whether two kinds describe the same values (for where(c, a, b) and list items). */
export function sameKind(a: Kind, b: Kind): boolean {
  return mismatch(a, b) === undefined && mismatch(b, a) === undefined;
}
