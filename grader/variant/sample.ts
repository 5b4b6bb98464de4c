/**
 * Drawing one case's parameters for a question: each parameter in spec order from its domain
 * (bounds may use earlier parameters), then every constraint must hold. A draw that fails is
 * rejected with a reason; the caller retries up to a bound and reports the commonest reason.
 */
import {
  evaluate,
  evaluateNumber,
  type Parameter,
  type ParsedExpr,
  type QuestionSpec,
  type SourceLoc,
} from '../spec/index.js';
import type { AnswerValue } from '../result.js';
import type { Prng } from './prng.js';

export type Params = Readonly<Record<string, AnswerValue>>;

/** Why a draw was rejected: where in the spec, and what. */
export interface Rejection {
  readonly loc: SourceLoc;
  readonly message: string;
}

export type Draw = { readonly ok: true; readonly params: Params } | { readonly ok: false; readonly reason: Rejection };

const POINT_ATTEMPTS = 50;
const MAX_TENSOR_ENTRIES = 1_000_000;

/** One attempt at drawing the parameters of `question`. */
export function drawParams(question: QuestionSpec, prng: Prng): Draw {
  const params: Record<string, AnswerValue> = {};
  const env: Record<string, number> = {};
  for (const parameter of question.parameters) {
    const drawn = drawOne(parameter, env, prng);
    if (typeof drawn === 'string') return { ok: false, reason: { loc: parameter.loc, message: drawn } };
    params[parameter.name] = drawn;
    if (typeof drawn === 'number') env[parameter.name] = drawn;
  }
  for (const constraint of question.constraints) {
    if (evaluate(constraint.expr, env) !== true)
      return { ok: false, reason: { loc: constraint.loc, message: `constraint "${constraint.source}" does not hold` } };
  }
  return { ok: true, params };
}

function num(expr: ParsedExpr, env: Readonly<Record<string, number>>): number {
  return evaluateNumber(expr.expr, env);
}

function drawOne(parameter: Parameter, env: Readonly<Record<string, number>>, prng: Prng): AnswerValue | string {
  const domain = parameter.domain;
  const name = parameter.name;
  switch (domain.kind) {
    case 'int': {
      const lo = Math.ceil(num(domain.lo, env));
      const hi = Math.floor(num(domain.hi, env));
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi)
        return `"${name}" has an empty range [${lo}, ${hi}]`;
      return prng.int(lo, hi);
    }
    case 'real': {
      const lo = num(domain.lo, env);
      const hi = num(domain.hi, env);
      if (!(lo <= hi) || !Number.isFinite(hi - lo)) return `"${name}" has an empty range [${lo}, ${hi}]`;
      return lo + (hi - lo) * prng.nextFloat();
    }
    case 'expr': {
      const value = num(domain.value, env);
      return Number.isFinite(value) ? value : `"${name}" = ${domain.value.source} is not finite (${value})`;
    }
    case 'choice':
      return domain.values[prng.int(0, domain.values.length - 1)] ?? NaN;
    case 'tensor': {
      const shape = domain.shape.map((dim) => num(dim, env));
      if (shape.some((dim) => !Number.isSafeInteger(dim) || dim < 1))
        return `tensor "${name}" has an invalid shape [${shape.join(', ')}]`;
      if (shape.reduce((a, b) => a * b, 1) > MAX_TENSOR_ENTRIES)
        return `tensor "${name}" is larger than ${MAX_TENSOR_ENTRIES} entries`;
      return tensor(shape, domain, prng);
    }
    case 'points': {
      const within = Math.floor(num(domain.within, env));
      const apart = num(domain.apart, env);
      const count = prng.int(domain.countLo, domain.countHi);
      return (
        points(count, within, apart, prng) ?? `could not place ${count} points ${apart} apart in ${within}×${within}`
      );
    }
  }
}

/** Entries uniform in [lo, hi), or uniform integers in [lo, hi] with `integers` (so ties occur). */
function tensor(
  shape: readonly number[],
  range: { readonly lo: number; readonly hi: number; readonly integers: boolean },
  prng: Prng,
): AnswerValue {
  const [first, ...rest] = shape;
  const { lo, hi, integers } = range;
  const entry = integers ? () => prng.int(Math.ceil(lo), Math.floor(hi)) : () => lo + (hi - lo) * prng.nextFloat();
  const out: AnswerValue[] = [];
  for (let i = 0; i < (first ?? 0); i++) out.push(rest.length === 0 ? entry() : tensor(rest, range, prng));
  return out;
}

/** `count` points [i, j] in [0, within)², pairwise Chebyshev distance ≥ apart, or null. */
function points(count: number, within: number, apart: number, prng: Prng): number[][] | null {
  if (within < 1) return null;
  const out: number[][] = [];
  for (let k = 0; k < count; k++) {
    let placed = false;
    for (let attempt = 0; attempt < POINT_ATTEMPTS && !placed; attempt++) {
      const p = [prng.int(0, within - 1), prng.int(0, within - 1)] as const;
      if (out.every((q) => Math.max(Math.abs((q[0] ?? 0) - p[0]), Math.abs((q[1] ?? 0) - p[1])) >= apart)) {
        out.push([p[0], p[1]]);
        placed = true;
      }
    }
    if (!placed) return null;
  }
  return out;
}
