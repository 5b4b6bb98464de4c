/**
 * What the expression language of specs and answers knows about each reference function: the
 * kinds of its arguments, the kind of its result, and an upper bound on the work one call does.
 * Declared once, beside the function, in the registry (student-api.ts); the language
 * (grader/lang) type-checks against it before anything runs and charges the cost before each call.
 */

/** The type of a value of the language. Tensors are nested arrays of finite numbers, every axis ≥ 1. */
export type ValueKind =
  | { readonly kind: 'number' }
  /** true or false (a comparison, or a flag such as ceilMode). */
  | { readonly kind: 'boolean' }
  /** A quoted string; only where a function takes one of a few modes. */
  | { readonly kind: 'string'; readonly values: readonly string[] }
  /** `rank` null: any rank ≥ 1. `dims` names the axes in messages and docs (['H', 'W']). */
  | { readonly kind: 'tensor'; readonly rank: number | null; readonly dims?: readonly string[] }
  /** `fields` null: a record whose keys are not known statically. */
  | { readonly kind: 'record'; readonly fields: readonly FieldKind[] | null }
  /** An argument that may take one of several kinds (e.g. an axis or a list of axes). */
  | { readonly kind: 'oneOf'; readonly options: readonly ValueKind[] };

export interface FieldKind {
  readonly name: string;
  readonly type: ValueKind;
  readonly optional?: boolean;
}

export interface ParamSignature {
  readonly name: string;
  readonly type: ValueKind;
  /** Optional parameters come last. */
  readonly optional?: boolean;
}

/**
 * The result kind, or a rule giving it from the argument kinds the checker found (one per
 * argument given); a string is a type error to report at the call.
 */
export type ResultRule = ValueKind | ((args: readonly ValueKind[]) => ValueKind | string);

export interface Signature {
  readonly params: readonly ParamSignature[];
  /** Further arguments of one kind (zeros(d₁, …, dₙ)), at most `max` of them. */
  readonly rest?: { readonly name: string; readonly type: ValueKind; readonly max: number };
  readonly result: ResultRule;
  /**
   * An upper bound on the operations one call does on these (kind-checked, not yet validated)
   * arguments, at least the size of its result: the language refuses a call whose cost would
   * pass its budget before running it. Arguments the function rejects may get any cost.
   */
  readonly cost: (args: readonly unknown[]) => number;
  /** What it computes, in one sentence (docs/authors.md is generated from these). */
  readonly summary: string;
  /** The result's shape from the arguments' shapes, e.g. `(H − a + 1)×(W − b + 1) for 'valid'`. */
  readonly shape: string;
}

export const numberKind: ValueKind = { kind: 'number' };
export const booleanKind: ValueKind = { kind: 'boolean' };

export function tensorKind(dims: readonly string[] | null): ValueKind {
  return dims === null ? { kind: 'tensor', rank: null } : { kind: 'tensor', rank: dims.length, dims };
}

export function modeKind(values: readonly string[]): ValueKind {
  return { kind: 'string', values };
}

export function recordKind(fields: readonly FieldKind[] | null): ValueKind {
  return { kind: 'record', fields };
}

export function oneOfKind(...options: readonly ValueKind[]): ValueKind {
  return { kind: 'oneOf', options };
}

/** The shape of a nested array read along its first elements (its producers keep it rectangular); [] for a non-array. */
export function dimsOf(value: unknown): number[] {
  const dims: number[] = [];
  for (let node: unknown = value; Array.isArray(node) && dims.length < 16; node = node[0]) dims.push(node.length);
  return dims;
}

/** The number of entries of a nested array (1 for a non-array). */
export function sizeOf(value: unknown): number {
  return dimsOf(value).reduce((product, n) => product * n, 1);
}

/** A finite number argument, or 0 (cost rules only: the call validates its arguments itself). */
export function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.abs(value) : 0;
}

/** Field `key` of a record argument, if it has one (cost rules only). */
export function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
