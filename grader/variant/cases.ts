/**
 * Case generation for one student's variant of one question, with the separation guarantee:
 * every wrong answer of every listed misconception's family has a *witness* among the student's
 * cases, a case where it fails the tolerance and differs from every wrong answer of the other
 * misconceptions of the same function (so the judge can also name it). Cases are drawn by rejection sampling from the domain; if
 * some misconception has no witness, further candidates are drawn (bounded) and swapped in for a
 * case no other witness depends on. Everything comes from one seeded xoshiro128** stream, so
 * the same spec, student and salt give byte-identical cases.
 */
import { withTensorMemo } from '../../reference/index.js';
import { SpecError } from '../errors.js';
import type { AnswerValue, Visibility } from '../result.js';
import {
  caseEnv,
  compileQuestion,
  evaluateCompiled,
  evaluateMember,
  type CompiledMember,
  type CompiledQuestion,
  type Evaluation,
  type Env,
} from '../lang/index.js';
import { formatLoc, type ArgSpec, type ExerciseSpec, type QuestionSpec, type SourceLoc } from '../spec/index.js';
import { valuesClose } from './compare.js';
import { createPrng, type Prng } from './prng.js';
import { callOutcome, referenceFunction, type Outcome } from './reference-calls.js';
import { drawParams, type Params } from './sample.js';
import { deriveSeed, saltFingerprint, SEED_DERIVATION } from './seed.js';

/** Draws per case before a domain is declared unsatisfiable. */
export const MAX_DRAWS_PER_CASE = 2000;
/** Extra candidate draws spent on separating misconceptions, per question variant. */
export const MAX_SEPARATION_DRAWS = 400;

export interface MutantAnswer {
  /** The misconception. */
  readonly id: string;
  /** Which wrong answer of its family (0-based, spec order). */
  readonly member: number;
  readonly answer: Outcome;
}

export interface CaseCall {
  /** Student-API name (the reference function), e.g. `gradKernel`. */
  readonly function: string;
  readonly args: readonly AnswerValue[];
  readonly expected: AnswerValue;
  /** The wrong answers of this function's misconceptions, every member of every family, in spec order. */
  readonly mutants: readonly MutantAnswer[];
}

export interface Case {
  /** `<question>#<n>`, 1-based. */
  readonly id: string;
  readonly question: string;
  readonly index: number;
  /** The drawn parameters, by name (what a public report shows as the inputs). */
  readonly params: Params;
  readonly calls: readonly CaseCall[];
}

export interface QuestionVariant {
  readonly question: string;
  readonly cases: readonly Case[];
}

export interface ExerciseVariant {
  readonly exercise: string;
  readonly specSha256: string;
  readonly student: string;
  readonly visibility: Visibility;
  readonly seedDerivation: string;
  /** saltFingerprint(salt): which salt drew these cases, without revealing it. */
  readonly saltFingerprint: string;
  readonly questions: readonly QuestionVariant[];
}

export interface VariantOptions {
  readonly student: string;
  /** The spec's public salt for `public`, the secret salt for `hidden`. */
  readonly salt: string;
  readonly visibility: Visibility;
}

/** Every question's cases for one student. Throws SpecError if a domain cannot be satisfied. */
export function generateVariant(spec: ExerciseSpec, options: VariantOptions): ExerciseVariant {
  return {
    ...emptyVariant(spec, options),
    questions: spec.questions.map((question) => generateQuestionVariant(spec, question, options)),
  };
}

/** The provenance of a variant without any cases (for a submission that could not be graded). */
export function emptyVariant(spec: ExerciseSpec, options: VariantOptions): ExerciseVariant {
  return {
    exercise: spec.id,
    specSha256: spec.sha256,
    student: options.student,
    visibility: options.visibility,
    seedDerivation: SEED_DERIVATION,
    saltFingerprint: saltFingerprint(options.salt),
    questions: [],
  };
}

/** One question's cases (none for a choice-only question). */
export function generateQuestionVariant(
  spec: ExerciseSpec,
  question: QuestionSpec,
  options: VariantOptions,
): QuestionVariant {
  if (question.functions.length === 0) return { question: question.id, cases: [] };
  const count = options.visibility === 'public' ? question.cases.public : question.cases.hidden;
  const prng = createPrng(
    deriveSeed({ salt: options.salt, exercise: spec.id, question: question.id, student: options.student }),
  );
  const compiled = compileQuestion(question);
  if (compiled.problems.length > 0) throw new SpecError([...compiled.problems]);
  const context: Context = { question, compiled, prng, noAnswer: new Map() };
  const drawn: Drawn[] = [];
  for (let i = 0; i < count; i++) drawn.push(drawCase(context));
  separate(context, drawn);
  return {
    question: question.id,
    cases: drawn.map((d, i) => ({
      id: `${question.id}#${i + 1}`,
      question: question.id,
      index: i + 1,
      params: d.params,
      calls: d.calls,
    })),
  };
}

interface Drawn {
  readonly params: Params;
  readonly calls: readonly CaseCall[];
  /** Wrong answers (memberKey) this case is a witness for. */
  readonly witnesses: ReadonlySet<string>;
}

interface Context {
  readonly question: QuestionSpec;
  readonly compiled: CompiledQuestion;
  readonly prng: Prng;
  /** Why a wrong answer gave no answer on the last case it was tried on (for the separation message). */
  readonly noAnswer: Map<string, string>;
}

/** `q3.variance-as-std#0`: one wrong answer of one family. */
function memberKey(id: string, member: number): string {
  return `${id}#${member}`;
}

function describeMember(context: Context, key: string): string {
  const hash = key.lastIndexOf('#');
  const id = key.slice(0, hash);
  const size = context.compiled.members.filter((m) => m.misconception === id).length;
  return size > 1 ? `"${id}" (wrong answer ${Number(key.slice(hash + 1)) + 1} of ${size})` : `"${id}"`;
}

function drawCase(context: Context): Drawn {
  const { question, prng } = context;
  const reasons = new Map<string, { loc: SourceLoc; message: string; count: number }>();
  for (let attempt = 0; attempt < MAX_DRAWS_PER_CASE; attempt++) {
    const draw = drawParams(question, prng);
    // One memo per case: its expected answer and every wrong answer read the same drawn arrays.
    const made = draw.ok ? withTensorMemo(() => makeCase(context, draw.params)) : draw.reason;
    if ('calls' in made) return made;
    const key = formatLoc(made.loc, made.message);
    const seen = reasons.get(key);
    reasons.set(key, { ...made, count: (seen?.count ?? 0) + 1 });
  }
  const top = [...reasons.values()].sort((a, b) => b.count - a.count)[0];
  const where = top?.loc ?? question.loc;
  throw new SpecError([
    formatLoc(
      where,
      `question "${question.id}" has an unsatisfiable domain: no case in ${MAX_DRAWS_PER_CASE} draws${top ? `; most draws (${top.count}) failed because ${top.message}` : ''}`,
    ),
  ]);
}

function buildArgs(args: readonly ArgSpec[], params: Params): AnswerValue[] {
  return args.map((arg) => {
    if (arg.kind === 'param') return params[arg.name] ?? null;
    const record: Record<string, AnswerValue> = {};
    for (const field of arg.fields) record[field.key] = params[field.param] ?? null;
    return record;
  });
}

/** A spec expression past a bound is the author's to fix: a SpecError, never a case outcome. */
function limitError(evaluation: Evaluation & { ok: false }, what: string): SpecError {
  return new SpecError([`${evaluation.message} (${what}: spec expressions must stay within the language's bounds)`]);
}

function makeCase(context: Context, params: Params): Drawn | { loc: SourceLoc; message: string } {
  const { question, compiled } = context;
  const calls: CaseCall[] = [];
  const env =
    compiled.members.length > 0 || compiled.functions.some((f) => f.expected) ? caseEnv(params, compiled) : undefined;
  for (const fn of compiled.functions) {
    const answer = fn.answer;
    const args = deepFreeze(buildArgs(answer.args, params));
    let expected: AnswerValue;
    if (fn.expected !== undefined && env !== undefined) {
      const evaluation = evaluateCompiled(fn.expected, env);
      if (!evaluation.ok) {
        if (evaluation.reason === 'limit') throw limitError(evaluation, `the expected answer of ${answer.name}`);
        return {
          loc: fn.expected.parsed.loc,
          message: `the expected answer of ${answer.name} has no value for the drawn parameters: ${evaluation.message}`,
        };
      }
      expected = evaluation.value;
    } else {
      const reference = referenceFunction(answer.name);
      if (reference === undefined)
        return { loc: answer.loc, message: `the reference has no function "${answer.name}"` };
      const outcome = callOutcome(reference, args);
      if (outcome.kind === 'error')
        return {
          loc: answer.loc,
          message: `the reference rejects the drawn arguments of ${answer.name}: ${outcome.message}`,
        };
      expected = outcome.value;
    }
    const mutants = compiled.members
      .filter((m) => m.function === answer.name)
      .map((m) => ({ id: m.misconception, member: m.index, answer: memberOutcome(context, m, env, expected) }));
    calls.push({ function: answer.name, args, expected, mutants });
  }
  return { params, calls, witnesses: witnessesOf(calls, question) };
}

/** A wrong answer that cannot be evaluated here means the mistake gives no answer on this case. */
function memberOutcome(context: Context, member: CompiledMember, env: Env | undefined, expected: AnswerValue): Outcome {
  if (env === undefined) return { kind: 'error', message: 'no parameters' };
  const evaluation = evaluateMember(member, env, expected);
  if (evaluation.ok) return { kind: 'value', value: evaluation.value };
  if (evaluation.reason === 'limit') throw limitError(evaluation, `a wrong answer of ${member.misconception}`);
  context.noAnswer.set(memberKey(member.misconception, member.index), evaluation.message);
  return { kind: 'error', message: `${member.misconception} gives no answer here: ${evaluation.message}` };
}

/**
 * Wrong answers this case separates from the reference and from every other misconception's
 * wrong answers, by more than float32 precision: the judge accepts float32-precise answers and
 * matches mutants at that precision too, so a witness must stand out at it.
 */
function witnessesOf(calls: readonly CaseCall[], question: QuestionSpec): Set<string> {
  const out = new Set<string>();
  for (const call of calls) {
    for (const mutant of call.mutants) {
      if (mutant.answer.kind !== 'value') continue;
      const value = mutant.answer.value;
      if (valuesClose(call.expected, value, question.tolerance)) continue;
      const unique = call.mutants.every(
        (other) =>
          other.id === mutant.id ||
          other.answer.kind !== 'value' ||
          !valuesClose(other.answer.value, value, question.tolerance),
      );
      if (unique) out.add(memberKey(mutant.id, mutant.member));
    }
  }
  return out;
}

function separate(context: Context, drawn: Drawn[]): void {
  const { question, compiled } = context;
  const keys = compiled.members.map((m) => memberKey(m.misconception, m.index));
  const missing = (): string[] => keys.filter((key) => !drawn.some((d) => d.witnesses.has(key)));
  let unmet = missing();
  for (let extra = 0; extra < MAX_SEPARATION_DRAWS && unmet.length > 0; extra++) {
    const candidate = drawCase(context);
    if (!unmet.some((key) => candidate.witnesses.has(key))) continue;
    const slot = freeSlot(drawn, candidate);
    if (slot === -1) continue;
    drawn[slot] = candidate;
    unmet = missing();
  }
  if (unmet.length > 0) {
    const why = unmet
      .map((key) => context.noAnswer.get(key))
      .filter((m): m is string => m !== undefined)
      .slice(0, 1)
      .map((m) => `; it gave no answer on some draws, for instance: ${m}`)
      .join('');
    throw new SpecError([
      formatLoc(
        question.loc,
        `question "${question.id}": no case among ${MAX_SEPARATION_DRAWS} extra draws separates ${unmet.map((key) => describeMember(context, key)).join(', ')} from the reference and the other misconceptions; widen the domain so such cases exist, or check that the wrong answer really differs from the right one${why}`,
      ),
    ]);
  }
}

/** A case whose replacement by `candidate` loses no witness, preferring the last; -1 if none. */
function freeSlot(drawn: readonly Drawn[], candidate: Drawn): number {
  for (let slot = drawn.length - 1; slot >= 0; slot--) {
    const lost = [...(drawn[slot]?.witnesses ?? [])].some(
      (id) => !candidate.witnesses.has(id) && !drawn.some((d, j) => j !== slot && d.witnesses.has(id)),
    );
    if (!lost) return slot;
  }
  return -1;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
