/**
 * The scalar subset of the expression language (expr-syntax.ts), which the spec loader checks
 * and evaluates itself: domain bounds, derived parameters and constraints. Numbers, numeric
 * parameter names, arithmetic, comparisons, `and or not` and the functions below; tensors,
 * strings, records, fields and subscripts belong to the tensor language (grader/lang) and are
 * refused here. Every expression is type-checked (number vs boolean) before it is evaluated.
 */
import { ExprError, parseSyntax, walkExpr, type BinaryOp, type Expr } from './expr-syntax.js';

export { ExprError, MAX_EXPR_LENGTH, parseSyntax, walkExpr, type Expr, type Subscript } from './expr-syntax.js';

export type ExprType = 'number' | 'boolean';

/** The scalar functions, also element-wise in the tensor language: name → [fewest, most arguments] and the function. */
export const SCALAR_FUNCTIONS = {
  floor: { arity: [1, 1], apply: (a: readonly number[]) => Math.floor(a[0] ?? NaN) },
  ceil: { arity: [1, 1], apply: (a: readonly number[]) => Math.ceil(a[0] ?? NaN) },
  round: { arity: [1, 1], apply: (a: readonly number[]) => Math.round(a[0] ?? NaN) },
  abs: { arity: [1, 1], apply: (a: readonly number[]) => Math.abs(a[0] ?? NaN) },
  sqrt: { arity: [1, 1], apply: (a: readonly number[]) => Math.sqrt(a[0] ?? NaN) },
  exp: { arity: [1, 1], apply: (a: readonly number[]) => Math.exp(a[0] ?? NaN) },
  log: { arity: [1, 1], apply: (a: readonly number[]) => Math.log(a[0] ?? NaN) },
  min: { arity: [1, 16], apply: (a: readonly number[]) => Math.min(...a) },
  max: { arity: [1, 16], apply: (a: readonly number[]) => Math.max(...a) },
} as const satisfies Record<string, { arity: readonly [number, number]; apply: (a: readonly number[]) => number }>;

export type ScalarFunctionName = keyof typeof SCALAR_FUNCTIONS;

export function isScalarFunction(name: string): name is ScalarFunctionName {
  return Object.hasOwn(SCALAR_FUNCTIONS, name);
}

/** `floor() takes 1 argument, got 2`, or undefined when the count is right. */
export function arityProblem(name: string, count: number, [lo, hi]: readonly [number, number]): string | undefined {
  if (count >= lo && count <= hi) return undefined;
  return `${name}() takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}, got ${count}`;
}

/**
 * Parses `text` and type-checks it as a scalar expression over the allowed variable names,
 * requiring `type` ('number' for bounds and formulas, 'boolean' for constraints). Throws ExprError.
 */
export function parseExpression(text: string, variables: ReadonlySet<string>, type: ExprType): Expr {
  const expr = parseSyntax(text);
  for (const node of walkExpr(expr)) refuseTensorSyntax(node);
  const actual = typeOf(expr, variables);
  if (actual !== type)
    throw new ExprError(
      `expected ${type === 'number' ? 'an arithmetic' : 'a boolean'} expression, got a ${actual} one`,
      expr.at,
    );
  return expr;
}

function refuseTensorSyntax(node: Expr): void {
  const what =
    node.kind === 'str'
      ? 'strings are'
      : node.kind === 'list'
        ? 'arrays are'
        : node.kind === 'record'
          ? 'records are'
          : node.kind === 'field'
            ? 'field access is'
            : node.kind === 'index'
              ? 'subscripts are'
              : undefined;
  if (what !== undefined) throw new ExprError(`${what} not allowed here: this is a number or a condition`, node.at);
  if (node.kind === 'call') {
    if (!isScalarFunction(node.fn)) {
      throw new ExprError(
        `unknown function "${node.fn}" (allowed: ${Object.keys(SCALAR_FUNCTIONS).join(', ')})`,
        node.at,
      );
    }
    const problem = arityProblem(node.fn, node.args.length, SCALAR_FUNCTIONS[node.fn].arity);
    if (problem !== undefined) throw new ExprError(problem, node.at);
  }
}

function typeOf(expr: Expr, variables: ReadonlySet<string>): ExprType {
  switch (expr.kind) {
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'var':
      if (!variables.has(expr.name)) {
        const known = [...variables].join(', ');
        throw new ExprError(`unknown name "${expr.name}"${known ? ` (known: ${known})` : ''}`, expr.at);
      }
      return 'number';
    case 'call':
      for (const arg of expr.args) requireType(arg, 'number', variables);
      return 'number';
    case 'unary':
      requireType(expr.arg, expr.op === '!' ? 'boolean' : 'number', variables);
      return expr.op === '!' ? 'boolean' : 'number';
    case 'binary': {
      const logical = expr.op === '&&' || expr.op === '||';
      requireType(expr.left, logical ? 'boolean' : 'number', variables);
      requireType(expr.right, logical ? 'boolean' : 'number', variables);
      return logical || isComparison(expr.op) ? 'boolean' : 'number';
    }
    default:
      throw new ExprError('not a scalar expression', expr.at);
  }
}

export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

function requireType(expr: Expr, type: ExprType, variables: ReadonlySet<string>): void {
  const actual = typeOf(expr, variables);
  if (actual !== type) throw new ExprError(`expected a ${type} operand, got a ${actual}`, expr.at);
}

/** The variable names an expression reads. */
export function freeVariables(expr: Expr, into: Set<string> = new Set()): Set<string> {
  for (const node of walkExpr(expr)) if (node.kind === 'var') into.add(node.name);
  return into;
}

/** Evaluates a type-checked scalar expression; booleans come back as true/false, numbers as numbers. */
export function evaluate(expr: Expr, env: Readonly<Record<string, number>>): number | boolean {
  switch (expr.kind) {
    case 'num':
    case 'bool':
      return expr.value;
    case 'var': {
      const value = Object.hasOwn(env, expr.name) ? env[expr.name] : undefined;
      if (typeof value !== 'number') throw new ExprError(`"${expr.name}" has no numeric value here`, expr.at);
      return value;
    }
    case 'call':
      if (!isScalarFunction(expr.fn)) throw new ExprError(`unknown function "${expr.fn}"`, expr.at);
      return SCALAR_FUNCTIONS[expr.fn].apply(expr.args.map((arg) => Number(evaluate(arg, env))));
    case 'unary': {
      const value = evaluate(expr.arg, env);
      return expr.op === '!' ? !value : expr.op === '-' ? -Number(value) : Number(value);
    }
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, env);
    default:
      throw new ExprError('not a scalar expression', expr.at);
  }
}

/** `a op b` on two numbers (arithmetic and comparisons; `%` floored, `^` the power). */
export function scalarBinary(op: Exclude<BinaryOp, '&&' | '||'>, a: number, b: number): number | boolean {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a - b * Math.floor(a / b);
    case '^':
      return a ** b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function evaluateBinary(
  op: BinaryOp,
  leftExpr: Expr,
  rightExpr: Expr,
  env: Readonly<Record<string, number>>,
): number | boolean {
  if (op === '&&') return Boolean(evaluate(leftExpr, env)) && Boolean(evaluate(rightExpr, env));
  if (op === '||') return Boolean(evaluate(leftExpr, env)) || Boolean(evaluate(rightExpr, env));
  return scalarBinary(op, Number(evaluate(leftExpr, env)), Number(evaluate(rightExpr, env)));
}

/** Evaluates an arithmetic expression to a number (throws ExprError if it is not one). */
export function evaluateNumber(expr: Expr, env: Readonly<Record<string, number>>): number {
  const value = evaluate(expr, env);
  if (typeof value !== 'number') throw new ExprError('expected a number', expr.at);
  return value;
}
