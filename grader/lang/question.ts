/**
 * A question's expressions, type-checked once: the expected answer of each function (the
 * reference function `name` applied to the spec's `args`, or the `expected` expression) and
 * every wrong answer of every misconception's family. Problems are `file:line:col: message`
 * with the column inside the expression. Compiling is cached per QuestionSpec.
 */
import { isStudentApiName, type ValueKind } from '../../reference/index.js';
import type { AnswerValue } from '../result.js';
import {
  ExprError,
  formatLoc,
  locateInScalar,
  type ArgSpec,
  type Domain,
  type FunctionAnswer,
  type ParsedExpr,
  type QuestionSpec,
  type SourceLoc,
} from '../spec/index.js';
import { checkExpr, type Scope } from './check.js';
import { evaluateExpr, EvalError, Unavailable, type Env, type EvalOptions } from './evaluate.js';
import { FUNCTIONS } from './functions.js';
import { BOOLEAN, NUMBER, UNKNOWN, describeKind, mismatch, tensorOfRank, type Kind } from './kinds.js';
import { toAnswerValue, toValue, type Value } from './values.js';

export interface CompiledExpr {
  readonly parsed: ParsedExpr;
  readonly kind: Kind;
}

export interface CompiledFunction {
  readonly answer: FunctionAnswer;
  /** Absent: the reference function `answer.name` computes the right answer. */
  readonly expected?: CompiledExpr;
  /** The kind of the right answer. */
  readonly result: Kind;
}

/** One wrong answer of one misconception's family. */
export interface CompiledMember {
  readonly misconception: string;
  /** Its position in the family (0-based). */
  readonly index: number;
  /** The function answer it is a wrong answer of. */
  readonly function: string;
  readonly whole?: CompiledExpr;
  /** Wrong fields of a record answer; the other fields are the right ones. */
  readonly fields?: readonly { readonly key: string; readonly expr: CompiledExpr }[];
  readonly loc: SourceLoc;
}

/** A spec's shape hint: the wrong shape (a list of dimensions) a known mistake gives. */
export interface CompiledShapeHint {
  readonly function: string;
  readonly shape: CompiledExpr;
  readonly hint: string;
}

export interface CompiledQuestion {
  readonly scope: Scope;
  /** The `let:` names, in order. */
  readonly definitions: readonly { readonly name: string; readonly expr: CompiledExpr }[];
  readonly functions: readonly CompiledFunction[];
  readonly members: readonly CompiledMember[];
  readonly shapeHints: readonly CompiledShapeHint[];
  readonly problems: readonly string[];
}

/** What evaluating an expression on one case gave. */
export type Evaluation =
  | { readonly ok: true; readonly value: AnswerValue }
  | { readonly ok: false; readonly message: string; readonly reason: 'invalid' | 'limit' };

const cache = new WeakMap<QuestionSpec, CompiledQuestion>();

/** The kind of a parameter drawn from `domain`. */
export function domainKind(domain: Domain): Kind {
  if (domain.kind === 'tensor') return tensorOfRank(domain.shape.length);
  if (domain.kind === 'points') return { kind: 'tensor', rank: 2, dims: ['n', '2'] };
  if (domain.kind === 'choice' && domain.values.every((v) => typeof v === 'boolean')) return BOOLEAN;
  return NUMBER;
}

export function questionScope(question: QuestionSpec): ReadonlyMap<string, Kind> {
  return new Map(question.parameters.map((p) => [p.name, domainKind(p.domain)]));
}

/** Where offset `offset` of a parsed expression is in its file. */
export function exprLoc(parsed: ParsedExpr, offset: number): SourceLoc {
  return parsed.scalar === null ? parsed.loc : locateInScalar(parsed.scalar, offset);
}

function problemAt(parsed: ParsedExpr, offset: number, message: string): string {
  return formatLoc(exprLoc(parsed, offset), `in expression ${JSON.stringify(clip(parsed.source))}: ${message}`);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Type-checks an expression in `scope`; a problem string (with its position) when it does not check. */
export function compileExpr(parsed: ParsedExpr, scope: Scope): CompiledExpr | string {
  try {
    return { parsed, kind: checkExpr(parsed.expr, scope) };
  } catch (error: unknown) {
    if (!(error instanceof ExprError)) throw error;
    return problemAt(parsed, error.offset, error.message);
  }
}

export function compileQuestion(question: QuestionSpec): CompiledQuestion {
  const cached = cache.get(question);
  if (cached !== undefined) return cached;
  const names = new Map(questionScope(question));
  const problems: string[] = [];
  const definitions: { name: string; expr: CompiledExpr }[] = [];
  for (const { name, expr } of question.definitions) {
    const compiled = compileExpr(expr, { names });
    if (typeof compiled === 'string') {
      problems.push(compiled);
      names.set(name, UNKNOWN);
    } else {
      definitions.push({ name, expr: compiled });
      names.set(name, compiled.kind);
    }
  }
  const scope: Scope = { names };
  const functions = question.functions.map((answer) => compileFunction(answer, scope, problems));
  const members: CompiledMember[] = [];
  for (const m of question.misconceptions) {
    const fn = functions.find((f) => f.answer.name === m.function);
    if (fn === undefined) continue;
    m.answers.forEach((wrong, index) => {
      const base = { misconception: m.id, index, function: m.function };
      if (wrong.kind === 'whole') {
        const whole = compileChecked(wrong.expr, scope, fn.result, problems, `the answer of ${fn.answer.name}`);
        if (whole !== undefined) members.push({ ...base, whole, loc: wrong.expr.loc });
        return;
      }
      const fields = compileFields(wrong, fn, scope, problems);
      if (fields !== undefined) members.push({ ...base, fields, loc: wrong.loc });
    });
  }
  const shapeHints: CompiledShapeHint[] = [];
  for (const h of question.shapeHints) {
    const shape = compileChecked(
      h.shape,
      scope,
      tensorOfRank(1),
      problems,
      'a shape hint\'s "shape" (a list of dimensions)',
    );
    if (shape !== undefined) shapeHints.push({ function: h.function, shape, hint: h.hint });
  }
  const compiled = { scope, definitions, functions, members, shapeHints, problems };
  cache.set(question, compiled);
  return compiled;
}

function compileFunction(answer: FunctionAnswer, scope: Scope, problems: string[]): CompiledFunction {
  if (answer.expected !== undefined) {
    const expected = compileExpr(answer.expected, scope);
    if (typeof expected === 'string') {
      problems.push(expected);
      return { answer, result: UNKNOWN };
    }
    return { answer, expected, result: expected.kind };
  }
  if (!isStudentApiName(answer.name)) return { answer, result: UNKNOWN };
  // The spec's args against the reference function's signature: the right answer's kind, and a
  // problem now (not at the first case) when the args cannot fit.
  const fn = FUNCTIONS.get(answer.name);
  const kinds = answer.args.map((arg) => argKind(arg, scope));
  const arity = fn?.arity ?? [0, 0];
  if (kinds.length < arity[0] || kinds.length > arity[1]) {
    problems.push(
      formatLoc(answer.loc, `${answer.name} takes ${arity[0]} to ${arity[1]} arguments, "args" gives ${kinds.length}`),
    );
    return { answer, result: UNKNOWN };
  }
  const result = fn?.check(kinds) ?? UNKNOWN;
  if (typeof result === 'string') {
    problems.push(formatLoc(answer.loc, `the args of ${answer.name} do not fit its signature: ${result}`));
    return { answer, result: UNKNOWN };
  }
  return { answer, result };
}

function argKind(arg: ArgSpec, scope: Scope): Kind {
  if (arg.kind === 'param') return scope.names.get(arg.name) ?? UNKNOWN;
  return {
    kind: 'record',
    fields: arg.fields.map((f) => ({ name: f.key, type: (scope.names.get(f.param) ?? UNKNOWN) as ValueKind })),
  };
}

function compileChecked(
  parsed: ParsedExpr,
  scope: Scope,
  want: Kind,
  problems: string[],
  what: string,
): CompiledExpr | undefined {
  const compiled = compileExpr(parsed, scope);
  if (typeof compiled === 'string') {
    problems.push(compiled);
    return undefined;
  }
  const problem = mismatch(want, compiled.kind);
  if (problem !== undefined) {
    problems.push(problemAt(parsed, 0, `${what} is ${describeKind(want)}, this is ${describeKind(compiled.kind)}`));
    return undefined;
  }
  return compiled;
}

function compileFields(
  wrong: Extract<QuestionSpec['misconceptions'][number]['answers'][number], { kind: 'fields' }>,
  fn: CompiledFunction,
  scope: Scope,
  problems: string[],
): { key: string; expr: CompiledExpr }[] | undefined {
  const result = fn.result;
  if (result.kind !== 'record' && result.kind !== 'unknown') {
    problems.push(
      formatLoc(
        wrong.loc,
        `a wrong answer given by field needs a record answer; ${fn.answer.name} gives ${describeKind(result)}`,
      ),
    );
    return undefined;
  }
  const known = result.kind === 'record' ? result.fields : null;
  const out: { key: string; expr: CompiledExpr }[] = [];
  for (const { key, expr } of wrong.fields) {
    const field = known?.find((f) => f.name === key);
    if (known !== null && field === undefined) {
      problems.push(
        formatLoc(
          expr.loc,
          `${fn.answer.name} has no field "${key}" (its answer has ${known.map((f) => f.name).join(', ')})`,
        ),
      );
      continue;
    }
    const compiled = compileChecked(expr, scope, field?.type ?? UNKNOWN, problems, `field ${key}`);
    if (compiled !== undefined) out.push({ key, expr: compiled });
  }
  return out.length === wrong.fields.length ? out : undefined;
}

/**
 * A case's parameters as the names of an evaluation, and with `compiled`, the question's `let:`
 * names evaluated on them (one that fails is Unavailable: an expression using it fails alike).
 */
export function caseEnv(
  params: Readonly<Record<string, AnswerValue>>,
  compiled?: CompiledQuestion,
): Map<string, Value | Unavailable> {
  const env = new Map<string, Value | Unavailable>();
  for (const [name, value] of Object.entries(params)) {
    try {
      env.set(name, toValue(value));
    } catch {
      // A parameter that is not a language value (none are drawn so) is simply not a name.
    }
  }
  for (const { name, expr } of compiled?.definitions ?? []) {
    try {
      env.set(name, evaluateExpr(expr.parsed.expr, env));
    } catch (error: unknown) {
      if (!(error instanceof EvalError)) throw error;
      env.set(name, new Unavailable(problemAt(expr.parsed, error.offset, error.message), error.reason));
    }
  }
  return env;
}

/** Evaluates a compiled expression on one case; an error carries the position in the spec or answers.yaml. */
export function evaluateCompiled(compiled: CompiledExpr, env: Env, options?: EvalOptions): Evaluation {
  try {
    return { ok: true, value: toAnswerValue(evaluateExpr(compiled.parsed.expr, env, options)) };
  } catch (error: unknown) {
    if (!(error instanceof EvalError)) throw error;
    return { ok: false, message: problemAt(compiled.parsed, error.offset, error.message), reason: error.reason };
  }
}

/** A wrong answer on one case, given the right answer there (for wrong answers given by field). */
export function evaluateMember(
  member: CompiledMember,
  env: Env,
  expected: AnswerValue,
  options?: EvalOptions,
): Evaluation {
  if (member.whole !== undefined) return evaluateCompiled(member.whole, env, options);
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected))
    return { ok: false, message: formatLoc(member.loc, 'the right answer here is not a record'), reason: 'invalid' };
  const out = Object.create(null) as Record<string, AnswerValue>;
  for (const key of Object.keys(expected)) out[key] = (expected as Record<string, AnswerValue>)[key] ?? null;
  for (const { key, expr } of member.fields ?? []) {
    if (!Object.hasOwn(out, key))
      return {
        ok: false,
        message: formatLoc(expr.parsed.loc, `the right answer here has no field "${key}"`),
        reason: 'invalid',
      };
    const value = evaluateCompiled(expr, env, options);
    if (!value.ok) return value;
    out[key] = value.value;
  }
  return { ok: true, value: out };
}
