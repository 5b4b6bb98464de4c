/**
 * The static type checker: every name known, every call with the right number and kinds of
 * arguments, fields and subscripts that exist, arithmetic on numbers and arrays only. Runs
 * before anything is evaluated, on spec expressions at `validate` and on students' formulas
 * before grading; a failure is an ExprError at the offending character.
 */
import { ExprError, arityProblem, isComparison, type Expr } from '../spec/index.js';
import { FUNCTIONS } from './functions.js';
import { BOOLEAN, NUMBER, UNKNOWN, describeKind, sameKind, tensorOfRank, type Kind } from './kinds.js';

export interface Scope {
  /** Parameter names and their kinds. */
  readonly names: ReadonlyMap<string, Kind>;
  /** Functions a formula may not call, with the reason (a question's own answer functions). */
  readonly forbidden?: ReadonlyMap<string, string>;
}

export function checkExpr(expr: Expr, scope: Scope): Kind {
  switch (expr.kind) {
    case 'num':
      return NUMBER;
    case 'str':
      return { kind: 'string', values: [expr.value] };
    case 'bool':
      return BOOLEAN;
    case 'var': {
      const kind = scope.names.get(expr.name);
      if (kind !== undefined) return kind;
      const hint = FUNCTIONS.has(expr.name) ? ` (${expr.name} is a function: call it with arguments)` : '';
      throw new ExprError(
        `unknown name "${expr.name}"${hint} (known: ${[...scope.names.keys()].join(', ') || 'none'})`,
        expr.at,
      );
    }
    case 'list':
      return checkList(expr, scope);
    case 'record':
      return {
        kind: 'record',
        fields: expr.fields.map((f) => ({ name: f.key, type: checkExpr(f.value, scope) as never })),
      };
    case 'field': {
      const target = checkExpr(expr.target, scope);
      if (target.kind === 'unknown') return UNKNOWN;
      if (target.kind !== 'record')
        throw new ExprError(`".${expr.name}" needs a record, got ${describeKind(target)}`, expr.at);
      if (target.fields === null) return UNKNOWN;
      const field = target.fields.find((f) => f.name === expr.name);
      if (field === undefined)
        throw new ExprError(
          `no field "${expr.name}" (the record has ${target.fields.map((f) => f.name).join(', ')})`,
          expr.at,
        );
      return field.type;
    }
    case 'index':
      return checkIndex(expr, scope);
    case 'unary': {
      const arg = checkExpr(expr.arg, scope);
      if (expr.op === '!') return requireKind(arg, 'boolean', expr.arg.at, 'not');
      if (arg.kind === 'number' || arg.kind === 'tensor' || arg.kind === 'unknown') return arg;
      throw new ExprError(`"${expr.op}" needs a number or an array, got ${describeKind(arg)}`, expr.at);
    }
    case 'binary':
      return checkBinary(expr, scope);
    case 'call':
      return checkCall(expr, scope);
  }
}

function requireKind(kind: Kind, want: 'boolean' | 'number', at: number, what: string): Kind {
  if (kind.kind === want || kind.kind === 'unknown') return want === 'boolean' ? BOOLEAN : NUMBER;
  throw new ExprError(
    `${what} needs ${want === 'boolean' ? 'a condition' : 'a number'}, got ${describeKind(kind)}`,
    at,
  );
}

function checkList(expr: Extract<Expr, { kind: 'list' }>, scope: Scope): Kind {
  const kinds = expr.items.map((item) => checkExpr(item, scope));
  const first = kinds[0] ?? NUMBER;
  for (const [i, kind] of kinds.entries()) {
    const fits =
      kind.kind === 'unknown' ||
      (first.kind === 'number' ? kind.kind === 'number' : kind.kind === 'tensor' && sameKind(kind, first));
    if (!fits || (kind.kind !== 'number' && kind.kind !== 'tensor' && kind.kind !== 'unknown'))
      throw new ExprError(
        `an array holds numbers, or arrays of one rank: item ${i + 1} is ${describeKind(kind)}, item 1 is ${describeKind(first)}`,
        expr.items[i]?.at ?? expr.at,
      );
  }
  if (first.kind === 'number') return tensorOfRank(1);
  return first.kind === 'tensor' && first.rank !== null ? tensorOfRank(first.rank + 1) : tensorOfRank(null);
}

function checkIndex(expr: Extract<Expr, { kind: 'index' }>, scope: Scope): Kind {
  const target = checkExpr(expr.target, scope);
  for (const s of expr.subscripts) {
    for (const part of s.kind === 'index' ? [s.index] : [s.from, s.to]) {
      if (part !== undefined) requireKind(checkExpr(part, scope), 'number', part.at, 'a subscript');
    }
  }
  if (target.kind === 'unknown') return UNKNOWN;
  if (target.kind !== 'tensor') throw new ExprError(`subscripts need an array, got ${describeKind(target)}`, expr.at);
  if (target.rank === null) return UNKNOWN;
  if (expr.subscripts.length > target.rank)
    throw new ExprError(
      `${expr.subscripts.length} subscripts for ${describeKind(target)} of rank ${target.rank}`,
      expr.at,
    );
  const rank = target.rank - expr.subscripts.filter((s) => s.kind === 'index').length;
  return rank === 0 ? NUMBER : tensorOfRank(rank);
}

function checkBinary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Kind {
  const left = checkExpr(expr.left, scope);
  const right = checkExpr(expr.right, scope);
  if (expr.op === '&&' || expr.op === '||') {
    requireKind(left, 'boolean', expr.left.at, `"${expr.op === '&&' ? 'and' : 'or'}"`);
    return requireKind(right, 'boolean', expr.right.at, `"${expr.op === '&&' ? 'and' : 'or'}"`);
  }
  if (isComparison(expr.op)) {
    requireKind(left, 'number', expr.left.at, `"${expr.op}"`);
    requireKind(right, 'number', expr.right.at, `"${expr.op}"`);
    return BOOLEAN;
  }
  for (const [side, kind] of [
    [expr.left, left],
    [expr.right, right],
  ] as const) {
    if (kind.kind !== 'number' && kind.kind !== 'tensor' && kind.kind !== 'unknown')
      throw new ExprError(`"${expr.op}" needs numbers or arrays, got ${describeKind(kind)}`, side.at);
  }
  if (left.kind === 'tensor' && right.kind === 'tensor') {
    if (left.rank !== null && right.rank !== null && left.rank !== right.rank)
      throw new ExprError(
        `"${expr.op}" needs arrays of the same shape, got ranks ${left.rank} and ${right.rank}`,
        expr.at,
      );
    return tensorOfRank(left.rank ?? right.rank);
  }
  if (left.kind === 'tensor') return tensorOfRank(left.rank);
  if (right.kind === 'tensor') return tensorOfRank(right.rank);
  return left.kind === 'unknown' || right.kind === 'unknown' ? UNKNOWN : NUMBER;
}

function checkCall(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Kind {
  const why = scope.forbidden?.get(expr.fn);
  if (why !== undefined) throw new ExprError(why, expr.at);
  const fn = FUNCTIONS.get(expr.fn);
  if (fn === undefined) {
    const hint = scope.names.has(expr.fn) ? ` ("${expr.fn}" is a parameter, not a function)` : '';
    throw new ExprError(`unknown function "${expr.fn}"${hint} (see the list in docs/authors.md)`, expr.at);
  }
  const arity = arityProblem(expr.fn, expr.args.length, fn.arity);
  if (arity !== undefined) throw new ExprError(arity, expr.at);
  const args = expr.args.map((arg) => checkExpr(arg, scope));
  const result = fn.check(args);
  if (typeof result === 'string') {
    const bad = /^argument (\d+)/.exec(result)?.[1];
    throw new ExprError(result, bad === undefined ? expr.at : (expr.args[Number(bad) - 1]?.at ?? expr.at));
  }
  return result;
}
