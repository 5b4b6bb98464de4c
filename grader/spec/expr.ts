/**
 * The safe expression language of specs (domain bounds, derived parameters, constraints) and of
 * formula answers in answers.yaml. A small recursive-descent parser over a fixed grammar; no
 * `eval`, no property access, no strings, no user-defined functions. Everything that is not in
 * the grammar below is a parse error with its offset.
 *
 *   or    := and (("||" | "or") and)*
 *   and   := not (("&&" | "and") not)*
 *   not   := ("!" | "not") not | cmp
 *   cmp   := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 *   sum   := prod (("+" | "-") prod)*
 *   prod  := unary (("*" | "/" | "%") unary)*          % is the floored modulo
 *   unary := ("-" | "+") unary | power
 *   power := atom (("^" | "**") unary)?                 right-associative
 *   atom  := number | name | name "(" or ("," or)* ")" | "(" or ")"
 *
 * Functions: floor, ceil, round, abs, sqrt, min, max. Every expression is type-checked
 * (number vs boolean) before it is evaluated; formula answers must be arithmetic (`number`).
 */

export type ExprType = 'number' | 'boolean';

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly at: number }
  | { readonly kind: 'var'; readonly name: string; readonly at: number }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[]; readonly at: number }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '!'; readonly arg: Expr; readonly at: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly at: number };

type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

const FUNCTIONS = {
  floor: { arity: [1, 1], apply: (a: readonly number[]) => Math.floor(a[0] ?? NaN) },
  ceil: { arity: [1, 1], apply: (a: readonly number[]) => Math.ceil(a[0] ?? NaN) },
  round: { arity: [1, 1], apply: (a: readonly number[]) => Math.round(a[0] ?? NaN) },
  abs: { arity: [1, 1], apply: (a: readonly number[]) => Math.abs(a[0] ?? NaN) },
  sqrt: { arity: [1, 1], apply: (a: readonly number[]) => Math.sqrt(a[0] ?? NaN) },
  min: { arity: [1, 16], apply: (a: readonly number[]) => Math.min(...a) },
  max: { arity: [1, 16], apply: (a: readonly number[]) => Math.max(...a) },
} as const satisfies Record<string, { arity: readonly [number, number]; apply: (a: readonly number[]) => number }>;

export type FunctionName = keyof typeof FUNCTIONS;

/** A problem in an expression, at a 0-based character offset into its text. */
export class ExprError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExprError';
    this.offset = offset;
  }
}

/** Longest accepted source and deepest nesting: answers.yaml is untrusted input. */
export const MAX_EXPR_LENGTH = 1000;
const MAX_DEPTH = 64;

interface Token {
  readonly kind: 'num' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly at: number;
}

const OPERATORS = [
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '!',
  '(',
  ')',
  ',',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ kind: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op === undefined) throw new ExprError(`unexpected character "${ch}"`, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', at: 0 };
  }
  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }
  private accept(...texts: string[]): Token | undefined {
    const token = this.peek();
    if ((token.kind === 'op' || token.kind === 'name') && texts.includes(token.text)) return this.next();
    return undefined;
  }
  private expect(text: string): void {
    const token = this.peek();
    if (token.text !== text || token.kind !== 'op')
      throw new ExprError(`expected "${text}", got ${describe(token)}`, token.at);
    this.next();
  }

  parseAll(): Expr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExprError(`unexpected ${describe(rest)}`, rest.at);
    return expr;
  }

  private nested<T>(at: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExprError(`expression nested deeper than ${MAX_DEPTH}`, at);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let left = this.and();
    for (let op = this.accept('||', 'or'); op; op = this.accept('||', 'or'))
      left = { kind: 'binary', op: '||', left, right: this.and(), at: op.at };
    return left;
  }
  private and(): Expr {
    let left = this.not();
    for (let op = this.accept('&&', 'and'); op; op = this.accept('&&', 'and'))
      left = { kind: 'binary', op: '&&', left, right: this.not(), at: op.at };
    return left;
  }
  private not(): Expr {
    const op = this.accept('!', 'not');
    if (op) return this.nested(op.at, () => ({ kind: 'unary', op: '!', arg: this.not(), at: op.at }));
    return this.cmp();
  }
  private cmp(): Expr {
    const left = this.sum();
    const op = this.accept('==', '!=', '<', '<=', '>', '>=');
    if (!op) return left;
    const expr: Expr = { kind: 'binary', op: op.text as BinaryOp, left, right: this.sum(), at: op.at };
    const again = this.accept('==', '!=', '<', '<=', '>', '>=');
    if (again) throw new ExprError('chained comparisons are not allowed: use "and"', again.at);
    return expr;
  }
  private sum(): Expr {
    let left = this.prod();
    for (let op = this.accept('+', '-'); op; op = this.accept('+', '-'))
      left = { kind: 'binary', op: op.text as BinaryOp, left, right: this.prod(), at: op.at };
    return left;
  }
  private prod(): Expr {
    let left = this.unary();
    for (let op = this.accept('*', '/', '%'); op; op = this.accept('*', '/', '%'))
      left = { kind: 'binary', op: op.text as BinaryOp, left, right: this.unary(), at: op.at };
    return left;
  }
  private unary(): Expr {
    const op = this.accept('-', '+');
    if (op)
      return this.nested(op.at, () => ({ kind: 'unary', op: op.text as '-' | '+', arg: this.unary(), at: op.at }));
    return this.power();
  }
  private power(): Expr {
    const base = this.atom();
    const op = this.accept('^', '**');
    if (!op) return base;
    return this.nested(op.at, () => ({ kind: 'binary', op: '^', left: base, right: this.unary(), at: op.at }));
  }
  private atom(): Expr {
    const token = this.next();
    if (token.kind === 'num') {
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw new ExprError(`number out of range: ${token.text}`, token.at);
      return { kind: 'num', value, at: token.at };
    }
    if (token.kind === 'name') {
      if (['and', 'or', 'not'].includes(token.text)) throw new ExprError(`unexpected "${token.text}"`, token.at);
      if (this.accept('(')) return this.nested(token.at, () => this.call(token));
      return { kind: 'var', name: token.text, at: token.at };
    }
    if (token.kind === 'op' && token.text === '(') {
      return this.nested(token.at, () => {
        const inner = this.or();
        this.expect(')');
        return inner;
      });
    }
    throw new ExprError(`unexpected ${describe(token)}`, token.at);
  }
  private call(name: Token): Expr {
    if (!Object.hasOwn(FUNCTIONS, name.text)) {
      throw new ExprError(`unknown function "${name.text}" (allowed: ${Object.keys(FUNCTIONS).join(', ')})`, name.at);
    }
    const fn = name.text as FunctionName;
    const args: Expr[] = [];
    if (!this.accept(')')) {
      do args.push(this.or());
      while (this.accept(','));
      this.expect(')');
    }
    const [lo, hi] = FUNCTIONS[fn].arity;
    if (args.length < lo || args.length > hi) {
      throw new ExprError(
        `${fn}() takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}, got ${args.length}`,
        name.at,
      );
    }
    return { kind: 'call', fn, args, at: name.at };
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of expression' : `"${token.text}"`;
}

/**
 * Parses `text` and type-checks it against the allowed variable names, requiring `type`
 * ('number' for bounds and formulas, 'boolean' for constraints). Throws ExprError.
 */
export function parseExpression(text: string, variables: ReadonlySet<string>, type: ExprType): Expr {
  if (text.length > MAX_EXPR_LENGTH)
    throw new ExprError(`expression longer than ${MAX_EXPR_LENGTH} characters`, MAX_EXPR_LENGTH);
  const expr = new Parser(tokenize(text)).parseAll();
  const actual = typeOf(expr, variables);
  if (actual !== type)
    throw new ExprError(
      `expected ${type === 'number' ? 'an arithmetic' : 'a boolean'} expression, got a ${actual} one`,
      expr.at,
    );
  return expr;
}

function typeOf(expr: Expr, variables: ReadonlySet<string>): ExprType {
  switch (expr.kind) {
    case 'num':
      return 'number';
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
      return logical || ['==', '!=', '<', '<=', '>', '>='].includes(expr.op) ? 'boolean' : 'number';
    }
  }
}

function requireType(expr: Expr, type: ExprType, variables: ReadonlySet<string>): void {
  const actual = typeOf(expr, variables);
  if (actual !== type) throw new ExprError(`expected a ${type} operand, got a ${actual}`, expr.at);
}

/** The variable names an expression reads. */
export function freeVariables(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'num':
      break;
    case 'var':
      into.add(expr.name);
      break;
    case 'call':
      for (const arg of expr.args) freeVariables(arg, into);
      break;
    case 'unary':
      freeVariables(expr.arg, into);
      break;
    case 'binary':
      freeVariables(expr.left, into);
      freeVariables(expr.right, into);
      break;
  }
  return into;
}

/** Evaluates a type-checked expression; booleans come back as true/false, numbers as numbers. */
export function evaluate(expr: Expr, env: Readonly<Record<string, number>>): number | boolean {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'var': {
      const value = Object.hasOwn(env, expr.name) ? env[expr.name] : undefined;
      if (typeof value !== 'number') throw new ExprError(`"${expr.name}" has no numeric value here`, expr.at);
      return value;
    }
    case 'call':
      return FUNCTIONS[expr.fn].apply(expr.args.map((arg) => Number(evaluate(arg, env))));
    case 'unary': {
      const value = evaluate(expr.arg, env);
      return expr.op === '!' ? !value : expr.op === '-' ? -Number(value) : Number(value);
    }
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, env);
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
  const a = Number(evaluate(leftExpr, env));
  const b = Number(evaluate(rightExpr, env));
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

/** Evaluates an arithmetic expression to a number (throws ExprError if it is not one). */
export function evaluateNumber(expr: Expr, env: Readonly<Record<string, number>>): number {
  const value = evaluate(expr, env);
  if (typeof value !== 'number') throw new ExprError('expected a number', expr.at);
  return value;
}
