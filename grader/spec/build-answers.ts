/**
 * The answer side of a question: its function answers (what students export, the arguments
 * they get, and the reference function or `expected` expression that computes the right
 * answer) and its misconceptions (families of wrong answers written as expressions).
 */
import type { Language } from '../result.js';
import type { PathSegment } from './positions.js';
import type { ArgSpec, FunctionAnswer, Misconception, ParsedExpr, ShapeHint, SourceLoc, WrongAnswer } from './types.js';

type Data = Record<string, unknown>;

/** What these builders need from the SpecBuilder: locations, problems and expression parsing. */
export interface AnswerBuilder {
  readonly options: { readonly functions?: readonly string[] };
  loc(path: readonly PathSegment[], atKey?: boolean): SourceLoc;
  problem(path: readonly PathSegment[], message: string, atKey?: boolean): void;
  syntax(text: string, path: PathSegment[]): ParsedExpr;
}

/** The default export names of a function: its name in TypeScript and JavaScript, snake_case in Python. */
export function defaultExports(name: string): Readonly<Record<Language, string>> {
  return { ts: name, js: name, py: name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) };
}

export function buildFunctionAnswer(
  builder: AnswerBuilder,
  f: Data,
  path: PathSegment[],
  params: ReadonlySet<string>,
): FunctionAnswer {
  const name = String(f['name']);
  const known = builder.options.functions;
  const expected =
    f['expected'] === undefined ? undefined : builder.syntax(String(f['expected']), [...path, 'expected']);
  if (expected === undefined && known !== undefined && !known.includes(name)) {
    builder.problem(
      [...path, 'name'],
      `"${name}" is not a reference function (the reference has: ${known.join(', ')}); give the right answer as "expected: <expression>"`,
    );
  }
  const args = ((f['args'] ?? []) as unknown[]).map((arg, i): ArgSpec => {
    const check = (param: string, at: PathSegment[]): void => {
      if (!params.has(param)) builder.problem(at, `argument refers to unknown parameter "${param}"`);
    };
    if (typeof arg === 'string') {
      check(arg, [...path, 'args', i]);
      return { kind: 'param', name: arg };
    }
    const fields = Object.entries(arg as Record<string, string>).map(([key, param]) => {
      check(param, [...path, 'args', i, key]);
      return { key, param };
    });
    return { kind: 'record', fields };
  });
  const exports = { ...defaultExports(name), ...((f['exports'] ?? {}) as Partial<Record<Language, string>>) };
  const answer: FunctionAnswer = { name, exports, args, loc: builder.loc(path) };
  return expected === undefined ? answer : { ...answer, expected };
}

/** The function a misconception or shape hint is about: the one `function:` names, or the question's only one. */
function answerFunction(
  builder: AnswerBuilder,
  named: string | undefined,
  path: PathSegment[],
  what: string,
  questionId: string,
  functions: readonly FunctionAnswer[],
): string {
  if (functions.length === 0) {
    builder.problem(path, `${what} needs a function answer to be about`);
    return '';
  }
  if (named !== undefined && !functions.some((f) => f.name === named)) {
    builder.problem(
      [...path.slice(0, -1), 'function'],
      `${what} names "${named}", which is not a function of question "${questionId}" (${functions.map((f) => f.name).join(', ')})`,
    );
    return named;
  }
  if (named === undefined && functions.length > 1) {
    builder.problem(
      path,
      `question "${questionId}" has several functions (${functions.map((f) => f.name).join(', ')}): say which one ${what} is about with "function: <name>"`,
      true,
    );
    return '';
  }
  return named ?? functions[0]?.name ?? '';
}

/** `shapeHints: [{shape: "[H + 2, W + 2]", hint: …, function?: …}]`: a wrong shape and the mistake that gives it. */
export function buildShapeHint(
  builder: AnswerBuilder,
  h: Data,
  path: PathSegment[],
  questionId: string,
  functions: readonly FunctionAnswer[],
): ShapeHint {
  const named = h['function'] === undefined ? undefined : String(h['function']);
  const fn = answerFunction(builder, named, [...path, 'shape'], 'a shape hint', questionId, functions);
  return {
    shape: builder.syntax(String(h['shape']), [...path, 'shape']),
    hint: String(h['hint']),
    function: fn,
    loc: builder.loc(path),
  };
}

export function buildMisconception(
  builder: AnswerBuilder,
  m: Data,
  path: PathSegment[],
  questionId: string,
  functions: readonly FunctionAnswer[],
): Misconception {
  const id = String(m['id']);
  if (!id.startsWith(`${questionId}.`))
    builder.problem([...path, 'id'], `misconception "${id}" must start with the question id "${questionId}."`);
  const named = m['function'] === undefined ? undefined : String(m['function']);
  let fn = named ?? functions[0]?.name ?? '';
  if (functions.length === 0) {
    builder.problem([...path, 'id'], `misconception "${id}" needs a function answer to be a mistake in`);
  } else if (named !== undefined && !functions.some((f) => f.name === named)) {
    builder.problem(
      [...path, 'function'],
      `misconception "${id}" names "${named}", which is not a function of question "${questionId}" (${functions.map((f) => f.name).join(', ')})`,
    );
  } else if (named === undefined && functions.length > 1) {
    builder.problem(
      [...path, 'id'],
      `question "${questionId}" has several functions (${functions.map((f) => f.name).join(', ')}): say which one misconception "${id}" is a mistake in with "function: <name>"`,
      true,
    );
    fn = '';
  }
  const raw = m['answer'];
  const items = Array.isArray(raw) ? raw : [raw];
  const answers = items.map((item, i) =>
    wrongAnswer(builder, item, Array.isArray(raw) ? [...path, 'answer', i] : [...path, 'answer']),
  );
  return { id, hint: String(m['hint']), function: fn, answers, loc: builder.loc(path) };
}

function wrongAnswer(builder: AnswerBuilder, item: unknown, path: PathSegment[]): WrongAnswer {
  if (typeof item === 'object' && item !== null) {
    const fields = Object.entries(item as Record<string, unknown>).map(([key, text]) => ({
      key,
      expr: builder.syntax(String(text), [...path, key]),
    }));
    return { kind: 'fields', fields, loc: builder.loc(path) };
  }
  return { kind: 'whole', expr: builder.syntax(String(item), path) };
}
