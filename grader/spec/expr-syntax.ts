/**
 * The syntax of convgrade's expression language: tokens, a recursive-descent parser and the AST,
 * every node with its 0-based character offset. Specs (bounds, constraints, expected answers,
 * misconceptions) and students' answers.yaml are written in it. Parsing never evaluates
 * anything and knows no names: grader/spec type-checks the scalar subset (bounds, constraints)
 * itself, grader/lang type-checks and evaluates the tensor language.
 *
 *   expr    := or
 *   or      := and (("||" | "or") and)*
 *   and     := not (("&&" | "and") not)*
 *   not     := ("!" | "not") not | cmp
 *   cmp     := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 *   sum     := prod (("+" | "-") prod)*
 *   prod    := unary (("*" | "/" | "%") unary)*          % is the floored modulo
 *   unary   := ("-" | "+") unary | power
 *   power   := postfix (("^" | "**") unary)?              right-associative
 *   postfix := atom ("." name | "[" subscript ("," subscript)* "]")*
 *   subscript := expr | expr? ":" expr?                   numpy indexing and slices
 *   atom    := number | string | "true" | "false" | name | name "(" (expr ("," expr)*)? ")" | "(" expr ")"
 *            | "[" expr ("," expr)* ","? "]"              a tensor, e.g. [[1, 2], [3, 4]]
 *            | "{" name ":" expr ("," name ":" expr)* ","? "}"   a record, e.g. {stride: 2}
 *   string  := "'" chars "'" | '"' chars '"'              modes such as 'valid'
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Subscript =
  | { readonly kind: 'index'; readonly index: Expr }
  | { readonly kind: 'slice'; readonly from?: Expr; readonly to?: Expr; readonly at: number };

/** One node of a parsed expression; `at` is the offset of its first character (operators: of the operator). */
export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly at: number }
  | { readonly kind: 'str'; readonly value: string; readonly at: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly at: number }
  | { readonly kind: 'var'; readonly name: string; readonly at: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: number }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '!'; readonly arg: Expr; readonly at: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly at: number }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly at: number }
  | {
      readonly kind: 'record';
      readonly fields: readonly { readonly key: string; readonly value: Expr; readonly at: number }[];
      readonly at: number;
    }
  /** `target.name`; `at` is the offset of the name. */
  | { readonly kind: 'field'; readonly target: Expr; readonly name: string; readonly at: number }
  /** `target[…]`; `at` is the offset of the "[". */
  | { readonly kind: 'index'; readonly target: Expr; readonly subscripts: readonly Subscript[]; readonly at: number };

/** A problem in an expression, at a 0-based character offset into its text. */
export class ExprError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExprError';
    this.offset = offset;
  }
}

/** Longest accepted source, deepest nesting, most nodes, longest numeral: answers.yaml is untrusted input. */
export const MAX_EXPR_LENGTH = 1000;
export const MAX_DEPTH = 64;
export const MAX_NODES = 500;
export const MAX_NUMERAL_LENGTH = 40;

interface Token {
  readonly kind: 'num' | 'name' | 'op' | 'str' | 'end';
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
  '[',
  ']',
  '{',
  '}',
  ':',
  '.',
];

const KEYWORDS = new Set(['and', 'or', 'not']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + MAX_NUMERAL_LENGTH + 1));
    if (num) {
      if (num[0].length > MAX_NUMERAL_LENGTH)
        throw new ExprError(`numeral longer than ${MAX_NUMERAL_LENGTH} characters`, i);
      tokens.push({ kind: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 65));
    if (name) {
      if (name[0].length > 64) throw new ExprError('name longer than 64 characters', i);
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end === -1) throw new ExprError(`the string opened here is never closed (expected ${ch})`, i);
      const value = text.slice(i + 1, end);
      if (value.length > 64) throw new ExprError('string longer than 64 characters', i);
      tokens.push({ kind: 'str', text: value, at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op === undefined) throw new ExprError(`unexpected character ${JSON.stringify(ch)}`, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of expression';
  if (token.kind === 'str') return `the string '${token.text}'`;
  return `"${token.text}"`;
}

class Parser {
  private index = 0;
  private depth = 0;
  private nodes = 0;
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
    if ((token.kind === 'op' || (token.kind === 'name' && KEYWORDS.has(token.text))) && texts.includes(token.text))
      return this.next();
    return undefined;
  }
  private expect(text: string, opened?: Token): Token {
    const token = this.peek();
    if (token.text !== text || token.kind !== 'op') {
      const where = opened === undefined ? '' : ` to close the "${opened.text}" at character ${opened.at + 1}`;
      throw new ExprError(`expected "${text}"${where}, got ${describe(token)}`, token.at);
    }
    return this.next();
  }
  private node<T extends Expr>(expr: T): T {
    if (++this.nodes > MAX_NODES) throw new ExprError(`expression has more than ${MAX_NODES} parts`, expr.at);
    return expr;
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
      left = this.node({ kind: 'binary', op: '||', left, right: this.and(), at: op.at });
    return left;
  }
  private and(): Expr {
    let left = this.not();
    for (let op = this.accept('&&', 'and'); op; op = this.accept('&&', 'and'))
      left = this.node({ kind: 'binary', op: '&&', left, right: this.not(), at: op.at });
    return left;
  }
  private not(): Expr {
    const op = this.accept('!', 'not');
    if (op) return this.nested(op.at, () => this.node({ kind: 'unary', op: '!', arg: this.not(), at: op.at }));
    return this.cmp();
  }
  private cmp(): Expr {
    const left = this.sum();
    const op = this.accept('==', '!=', '<', '<=', '>', '>=');
    if (!op) return left;
    const expr: Expr = this.node({ kind: 'binary', op: op.text as BinaryOp, left, right: this.sum(), at: op.at });
    const again = this.accept('==', '!=', '<', '<=', '>', '>=');
    if (again) throw new ExprError('chained comparisons are not allowed: use "and"', again.at);
    return expr;
  }
  private sum(): Expr {
    let left = this.prod();
    for (let op = this.accept('+', '-'); op; op = this.accept('+', '-'))
      left = this.node({ kind: 'binary', op: op.text as BinaryOp, left, right: this.prod(), at: op.at });
    return left;
  }
  private prod(): Expr {
    let left = this.unary();
    for (let op = this.accept('*', '/', '%'); op; op = this.accept('*', '/', '%'))
      left = this.node({ kind: 'binary', op: op.text as BinaryOp, left, right: this.unary(), at: op.at });
    return left;
  }
  private unary(): Expr {
    const op = this.accept('-', '+');
    if (op)
      return this.nested(op.at, () =>
        this.node({ kind: 'unary', op: op.text as '-' | '+', arg: this.unary(), at: op.at }),
      );
    return this.power();
  }
  private power(): Expr {
    const base = this.postfix();
    const op = this.accept('^', '**');
    if (!op) return base;
    return this.nested(op.at, () => this.node({ kind: 'binary', op: '^', left: base, right: this.unary(), at: op.at }));
  }
  private postfix(): Expr {
    let target = this.atom();
    for (;;) {
      if (this.accept('.')) {
        const name = this.next();
        if (name.kind !== 'name')
          throw new ExprError(`expected a field name after ".", got ${describe(name)}`, name.at);
        target = this.node({ kind: 'field', target, name: name.text, at: name.at });
        continue;
      }
      const open = this.accept('[');
      if (!open) return target;
      const inner = target;
      target = this.nested(open.at, () => {
        const subscripts: Subscript[] = [];
        do subscripts.push(this.subscript());
        while (this.accept(','));
        this.expect(']', open);
        return this.node({ kind: 'index', target: inner, subscripts, at: open.at });
      });
    }
  }
  private subscript(): Subscript {
    const start = this.peek();
    const at = start.at;
    const from = start.kind === 'op' && start.text === ':' ? undefined : this.or();
    if (!this.accept(':')) {
      if (from === undefined) throw new ExprError('expected a subscript', at);
      return { kind: 'index', index: from };
    }
    const end = this.peek();
    const to = end.kind === 'op' && (end.text === ',' || end.text === ']') ? undefined : this.or();
    return { kind: 'slice', at, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }
  private atom(): Expr {
    const token = this.next();
    if (token.kind === 'num') {
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw new ExprError(`number out of range: ${token.text}`, token.at);
      return this.node({ kind: 'num', value, at: token.at });
    }
    if (token.kind === 'str') return this.node({ kind: 'str', value: token.text, at: token.at });
    if (token.kind === 'name') {
      if (KEYWORDS.has(token.text)) throw new ExprError(`unexpected "${token.text}"`, token.at);
      if (token.text === 'true' || token.text === 'false')
        return this.node({ kind: 'bool', value: token.text === 'true', at: token.at });
      const open = this.accept('(');
      if (open) return this.nested(token.at, () => this.call(token, open));
      return this.node({ kind: 'var', name: token.text, at: token.at });
    }
    if (token.kind === 'op' && token.text === '(') {
      return this.nested(token.at, () => {
        const inner = this.or();
        this.expect(')', token);
        return inner;
      });
    }
    if (token.kind === 'op' && token.text === '[') return this.nested(token.at, () => this.list(token));
    if (token.kind === 'op' && token.text === '{') return this.nested(token.at, () => this.record(token));
    throw new ExprError(`unexpected ${describe(token)}`, token.at);
  }
  private call(name: Token, open: Token): Expr {
    const args: Expr[] = [];
    if (!this.accept(')')) {
      do args.push(this.or());
      while (this.accept(','));
      this.expect(')', open);
    }
    return this.node({ kind: 'call', fn: name.text, args, at: name.at });
  }
  private list(open: Token): Expr {
    const items: Expr[] = [];
    do {
      if (items.length > 0 && this.peek().text === ']') break;
      items.push(this.or());
    } while (this.accept(','));
    this.expect(']', open);
    return this.node({ kind: 'list', items, at: open.at });
  }
  private record(open: Token): Expr {
    const fields: { key: string; value: Expr; at: number }[] = [];
    do {
      if (fields.length > 0 && this.peek().text === '}') break;
      const key = this.next();
      if (key.kind !== 'name') throw new ExprError(`expected a field name, got ${describe(key)}`, key.at);
      if (fields.some((f) => f.key === key.text)) throw new ExprError(`field "${key.text}" is given twice`, key.at);
      this.expect(':');
      fields.push({ key: key.text, value: this.or(), at: key.at });
    } while (this.accept(','));
    this.expect('}', open);
    return this.node({ kind: 'record', fields, at: open.at });
  }
}

/** Parses `text` into an AST, knowing no names; throws ExprError at the offending offset. */
export function parseSyntax(text: string): Expr {
  if (text.length > MAX_EXPR_LENGTH)
    throw new ExprError(`expression longer than ${MAX_EXPR_LENGTH} characters`, MAX_EXPR_LENGTH);
  return new Parser(tokenize(text)).parseAll();
}

/** Every node of an expression, depth first (children after their parent). */
export function* walkExpr(expr: Expr): Generator<Expr> {
  yield expr;
  switch (expr.kind) {
    case 'num':
    case 'str':
    case 'bool':
    case 'var':
      return;
    case 'call':
      for (const arg of expr.args) yield* walkExpr(arg);
      return;
    case 'unary':
      yield* walkExpr(expr.arg);
      return;
    case 'binary':
      yield* walkExpr(expr.left);
      yield* walkExpr(expr.right);
      return;
    case 'list':
      for (const item of expr.items) yield* walkExpr(item);
      return;
    case 'record':
      for (const field of expr.fields) yield* walkExpr(field.value);
      return;
    case 'field':
      yield* walkExpr(expr.target);
      return;
    case 'index':
      yield* walkExpr(expr.target);
      for (const s of expr.subscripts) {
        if (s.kind === 'index') yield* walkExpr(s.index);
        else {
          if (s.from) yield* walkExpr(s.from);
          if (s.to) yield* walkExpr(s.to);
        }
      }
      return;
  }
}
