/**
 * Every function a formula may call, looked up in one Map: each reference function by its
 * student-API name, with the signature it is registered with (reference/student-api.ts), and
 * the language's own scalar functions (floor, sqrt, …, element-wise on arrays; min and max;
 * where). No second list of names: the reference's registry is the list.
 */
import {
  mapEntries,
  studentApi,
  studentApiNames,
  studentApiSignatures,
  type Signature,
  type ValueKind,
} from '../../reference/index.js';
import { SCALAR_FUNCTIONS } from '../spec/index.js';
import { NUMBER, describeKind, mismatch, sameKind, type Kind } from './kinds.js';
import { isTensor, toValue, type Value } from './values.js';

export interface LangFunction {
  readonly name: string;
  /** Fewest and most arguments. */
  readonly arity: readonly [number, number];
  /** The result kind for these argument kinds, or why they do not fit. */
  readonly check: (args: readonly Kind[]) => Kind | string;
  /** Operations one call costs on these arguments (charged before it runs). */
  readonly cost: (args: readonly Value[]) => number;
  /** Throws (ReferenceInputError or a plain Error) when the arguments are invalid. */
  readonly call: (args: readonly Value[]) => Value;
}

function referenceFunction(name: (typeof studentApiNames)[number]): LangFunction {
  const signature: Signature = studentApiSignatures[name];
  const fn = studentApi[name];
  const required = signature.params.filter((p) => p.optional !== true).length;
  const most = signature.params.length + (signature.rest?.max ?? 0);
  return {
    name,
    arity: [required, most],
    check: (args) => {
      for (const [i, arg] of args.entries()) {
        const param = signature.params[i] ?? (signature.rest === undefined ? undefined : signature.rest);
        if (param === undefined) continue;
        const problem = mismatch(param.type, arg);
        if (problem !== undefined) return `argument ${i + 1} (${param.name}) of ${name}: ${problem}`;
      }
      const result = typeof signature.result === 'function' ? signature.result(args as ValueKind[]) : signature.result;
      return typeof result === 'string' ? `${name}: ${result}` : result;
    },
    cost: (args) => signature.cost(args),
    call: (args) => toValue(fn(...args)),
  };
}

const ELEMENTWISE = ['floor', 'ceil', 'round', 'abs', 'sqrt', 'exp', 'log'] as const;

function scalarFunction(name: (typeof ELEMENTWISE)[number]): LangFunction {
  const apply = SCALAR_FUNCTIONS[name].apply;
  return {
    name,
    arity: [1, 1],
    check: ([a]) =>
      a?.kind === 'number' || a?.kind === 'tensor' || a?.kind === 'unknown'
        ? a
        : `${name}() takes a number or an array, got ${describeKind(a ?? NUMBER)}`,
    cost: ([a]) => (isTensor(a) ? sizeOf(a) : 1),
    call: ([a]) => {
      if (typeof a === 'number') return apply([a]);
      if (isTensor(a)) return mapEntries(a, (x) => apply([x]));
      throw new TypeError(`${name}() takes a number or an array`);
    },
  };
}

function extremum(name: 'min' | 'max'): LangFunction {
  const pick = name === 'min' ? Math.min : Math.max;
  return {
    name,
    arity: [1, 16],
    check: (args) => {
      if (args.length === 1 && (args[0]?.kind === 'tensor' || args[0]?.kind === 'unknown')) return NUMBER;
      const bad = args.find((a) => a.kind !== 'number' && a.kind !== 'unknown');
      return bad === undefined ? NUMBER : `${name}() takes numbers, or one array, got ${describeKind(bad)}`;
    },
    cost: (args) => args.reduce<number>((total, a) => total + (isTensor(a) ? sizeOf(a) : 1), 0),
    call: (args) => {
      const [only] = args;
      if (args.length === 1 && isTensor(only)) {
        let best = name === 'min' ? Infinity : -Infinity;
        mapEntries(only, (x) => (best = pick(best, x)));
        return best;
      }
      return pick(...args.map(Number));
    },
  };
}

const where: LangFunction = {
  name: 'where',
  arity: [3, 3],
  check: ([c, a, b]) => {
    if (c === undefined || a === undefined || b === undefined) return 'where(condition, a, b) takes 3 arguments';
    if (c.kind !== 'boolean' && c.kind !== 'unknown')
      return `where(condition, a, b): the condition must be a comparison, got ${describeKind(c)}`;
    if (a.kind === 'string' && b.kind === 'string') return { kind: 'string', values: [...a.values, ...b.values] };
    if (!sameKind(a, b))
      return `where(condition, a, b): a and b must be alike, got ${describeKind(a)} and ${describeKind(b)}`;
    return a;
  },
  cost: () => 1,
  call: ([c, a, b]) => (c === true ? (a as Value) : (b as Value)),
};

function sizeOf(a: readonly unknown[]): number {
  let size = 1;
  for (let node: unknown = a; Array.isArray(node); node = node[0]) size *= node.length;
  return size;
}

/** Name → function; a Map, so no name reaches Object.prototype. */
export const FUNCTIONS: ReadonlyMap<string, LangFunction> = new Map<string, LangFunction>([
  ...studentApiNames.map((name) => [name, referenceFunction(name)] as const),
  ...ELEMENTWISE.map((name) => [name, scalarFunction(name)] as const),
  ['min', extremum('min')],
  ['max', extremum('max')],
  ['where', where],
]);

/** The functions the language adds to the reference's, for docs and messages. */
export const LANGUAGE_FUNCTIONS = [...ELEMENTWISE, 'min', 'max', 'where'] as const;
