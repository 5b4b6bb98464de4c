/**
 * Bounded evaluation of a type-checked expression. Every node costs one step; every call costs
 * what its signature's cost rule says for the actual arguments, charged *before* it runs, so a
 * formula that asks for too much stops before the expensive call, not during it. Values are
 * capped in size and a wall-clock deadline backs the whole up. Failures are EvalErrors at the
 * offending node: `invalid` when the values do not fit (a shape mismatch, an index out of range,
 * the reference rejecting its arguments: "this formula gives no answer here") and `limit` when
 * a bound is passed.
 */
import { dimsOf, elementwise, mapEntries, take, type NestedArray, type Subscript } from '../../reference/index.js';
import { scalarBinary, type Expr } from '../spec/index.js';
import { FUNCTIONS } from './functions.js';
import { fieldOf, isRecord, isTensor, makeRecord, type Value } from './values.js';

export interface Limits {
  /** Operations one evaluation may spend (calls charge their cost rule, other nodes 1). */
  readonly cost: number;
  /** Entries of the largest value. */
  readonly entries: number;
  /** Wall-clock milliseconds, a backstop for the cost bound. */
  readonly ms: number;
}

export const DEFAULT_LIMITS: Limits = { cost: 50_000_000, entries: 1_000_000, ms: 2_000 };

export class EvalError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly reason: 'invalid' | 'limit',
  ) {
    super(message);
    this.name = 'EvalError';
  }
}

/** A `let:` name that has no value on this case, and why (evaluating it failed). */
export class Unavailable {
  constructor(
    readonly message: string,
    readonly reason: 'invalid' | 'limit',
  ) {}
}

/** The names of one evaluation. */
export type Env = ReadonlyMap<string, Value | Unavailable>;

export interface EvalOptions {
  readonly limits?: Limits;
  /** Monotonic milliseconds (default performance.now). */
  readonly now?: () => number;
}

/** Evaluates `expr` with the names of `env` (a Map: no name reaches a prototype). Throws EvalError. */
export function evaluateExpr(expr: Expr, env: Env, options: EvalOptions = {}): Value {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const now = options.now ?? (() => performance.now());
  return new Evaluator(env, limits, now, now() + limits.ms).run(expr);
}

class Evaluator {
  private spent = 0;
  constructor(
    private readonly env: Env,
    private readonly limits: Limits,
    private readonly now: () => number,
    private readonly deadline: number,
  ) {}

  private charge(cost: number, at: number, what: string): void {
    this.spent += cost;
    if (!(this.spent <= this.limits.cost))
      throw new EvalError(`${what} would take more than ${this.limits.cost.toExponential(0)} operations`, at, 'limit');
    if (this.now() > this.deadline)
      throw new EvalError(`the expression ran out of time (${this.limits.ms} ms)`, at, 'limit');
  }

  private checkSize(value: Value, at: number): Value {
    if (isTensor(value)) {
      const entries = dimsOf(value).reduce((p, n) => p * n, 1);
      if (entries > this.limits.entries)
        throw new EvalError(
          `an array of ${entries} entries is larger than the limit of ${this.limits.entries}`,
          at,
          'limit',
        );
    }
    return value;
  }

  run(expr: Expr): Value {
    this.charge(1, expr.at, 'the expression');
    switch (expr.kind) {
      case 'num':
      case 'str':
      case 'bool':
        return expr.value;
      case 'var': {
        const value = this.env.get(expr.name);
        if (value === undefined) throw new EvalError(`"${expr.name}" has no value here`, expr.at, 'invalid');
        if (value instanceof Unavailable)
          throw new EvalError(`"${expr.name}" has no value here (${value.message})`, expr.at, value.reason);
        return value;
      }
      case 'list':
        return this.list(expr);
      case 'record':
        return makeRecord(expr.fields.map((f) => [f.key, this.run(f.value)] as const));
      case 'field': {
        const target = this.run(expr.target);
        const value = isRecord(target) ? fieldOf(target, expr.name) : undefined;
        if (value === undefined) throw new EvalError(`no field "${expr.name}" here`, expr.at, 'invalid');
        return value;
      }
      case 'index':
        return this.index(expr);
      case 'unary': {
        const arg = this.run(expr.arg);
        if (expr.op === '!') return arg !== true;
        if (expr.op === '+') return arg;
        if (typeof arg === 'number') return -arg;
        if (isTensor(arg)) {
          this.charge(
            dimsOf(arg).reduce((p, n) => p * n, 1),
            expr.at,
            '"-"',
          );
          return mapEntries(arg, (x) => -x);
        }
        throw new EvalError('"-" needs a number or an array', expr.at, 'invalid');
      }
      case 'binary':
        return this.binary(expr);
      case 'call':
        return this.call(expr);
    }
  }

  private list(expr: Extract<Expr, { kind: 'list' }>): Value {
    const items = expr.items.map((item) => this.run(item));
    const first = items[0];
    if (typeof first === 'number') {
      if (items.every((x) => typeof x === 'number')) return items as number[];
    } else if (isTensor(first)) {
      const shape = dimsOf(first).join('×');
      const bad = items.findIndex((x) => !isTensor(x) || dimsOf(x).join('×') !== shape);
      if (bad === -1) return this.checkSize(items as NestedArray, expr.at);
      const other = items[bad];
      throw new EvalError(
        `the items of an array must have one shape: item ${bad + 1} is ${isTensor(other) ? dimsOf(other).join('×') : 'not an array'}, item 1 is ${shape}`,
        expr.items[bad]?.at ?? expr.at,
        'invalid',
      );
    }
    throw new EvalError('an array holds numbers, or arrays of one shape', expr.at, 'invalid');
  }

  private index(expr: Extract<Expr, { kind: 'index' }>): Value {
    const target = this.run(expr.target);
    const number = (e: Expr): number => {
      const v = this.run(e);
      if (typeof v !== 'number') throw new EvalError('a subscript must be a number', e.at, 'invalid');
      return v;
    };
    const subscripts: Subscript[] = expr.subscripts.map((s) => {
      if (s.kind === 'index') return { kind: 'index', index: number(s.index) };
      return {
        kind: 'slice',
        ...(s.from === undefined ? {} : { from: number(s.from) }),
        ...(s.to === undefined ? {} : { to: number(s.to) }),
      };
    });
    if (!isTensor(target)) throw new EvalError('subscripts need an array', expr.at, 'invalid');
    this.charge(
      dimsOf(target).reduce((p, n) => p * n, 1),
      expr.at,
      'the subscript',
    );
    return this.guard(expr.at, () => take(target, subscripts));
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): Value {
    if (expr.op === '&&') return this.run(expr.left) === true && this.run(expr.right) === true;
    if (expr.op === '||') return this.run(expr.left) === true || this.run(expr.right) === true;
    const left = this.run(expr.left);
    const right = this.run(expr.right);
    if (typeof left === 'number' && typeof right === 'number') return scalarBinary(expr.op, left, right);
    const op = expr.op;
    if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=')
      throw new EvalError(`"${op}" compares numbers`, expr.at, 'invalid');
    const size = Math.max(isTensor(left) ? sizeOfValue(left) : 1, isTensor(right) ? sizeOfValue(right) : 1);
    this.charge(size, expr.at, `"${op}"`);
    if ((typeof left !== 'number' && !isTensor(left)) || (typeof right !== 'number' && !isTensor(right)))
      throw new EvalError(`"${op}" needs numbers or arrays`, expr.at, 'invalid');
    return this.guard(expr.at, () => elementwise(op, left, right));
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): Value {
    const fn = FUNCTIONS.get(expr.fn);
    if (fn === undefined) throw new EvalError(`unknown function "${expr.fn}"`, expr.at, 'invalid');
    const args = expr.args.map((arg) => this.run(arg));
    let cost: number;
    try {
      cost = fn.cost(args);
    } catch {
      cost = Infinity;
    }
    this.charge(Number.isFinite(cost) ? Math.max(1, cost) : Infinity, expr.at, `${expr.fn}(…)`);
    return this.checkSize(
      this.guard(expr.at, () => fn.call(args)),
      expr.at,
    );
  }

  /** Runs a reference computation; whatever it throws becomes an `invalid` EvalError at `at`. */
  private guard(at: number, compute: () => Value): Value {
    try {
      return compute();
    } catch (error: unknown) {
      if (error instanceof EvalError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new EvalError(message, at, 'invalid');
    }
  }
}

function sizeOfValue(value: NestedArray): number {
  return dimsOf(value).reduce((p, n) => p * n, 1);
}
