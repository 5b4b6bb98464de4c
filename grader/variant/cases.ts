/**
 * Case generation for one student's variant of one question, with the separation guarantee:
 * every listed misconception has a *witness* among the student's cases, a case where the
 * mutant's answer fails the tolerance and differs from every other mutant of the same function
 * (so the judge can also name it). Cases are drawn by rejection sampling from the domain; if
 * some misconception has no witness, further candidates are drawn (bounded) and swapped in for a
 * case no other witness depends on. Everything comes from one seeded xoshiro128** stream, so
 * the same spec, student and salt give byte-identical cases.
 */
import { SpecError } from '../errors.js';
import type { AnswerValue, Visibility } from '../result.js';
import { formatLoc, type ArgSpec, type ExerciseSpec, type QuestionSpec, type SourceLoc } from '../spec/index.js';
import { valuesMatch } from './compare.js';
import { createPrng, type Prng } from './prng.js';
import { callOutcome, mutantById, referenceFunction, type MutantRef, type Outcome } from './reference-calls.js';
import { drawParams, type Params } from './sample.js';
import { deriveSeed, saltFingerprint, SEED_DERIVATION } from './seed.js';

/** Draws per case before a domain is declared unsatisfiable. */
export const MAX_DRAWS_PER_CASE = 2000;
/** Extra candidate draws spent on separating misconceptions, per question variant. */
export const MAX_SEPARATION_DRAWS = 400;

export interface MutantAnswer {
  readonly id: string;
  readonly answer: Outcome;
}

export interface CaseCall {
  /** Student-API name (the reference function), e.g. `gradKernel`. */
  readonly function: string;
  readonly args: readonly AnswerValue[];
  readonly expected: AnswerValue;
  /** The answers of this question's listed mutants of this function, in spec order. */
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
  const mutants = questionMutants(question);
  const drawn: Drawn[] = [];
  for (let i = 0; i < count; i++) drawn.push(drawCase(question, mutants, prng));
  separate(question, mutants, drawn, prng);
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
  /** Misconception ids this case is a witness for. */
  readonly witnesses: ReadonlySet<string>;
}

/** The mutants of the question's listed misconceptions (validated to exist by checkSpecs). */
export function questionMutants(question: QuestionSpec): MutantRef[] {
  return question.misconceptions.map((m) => mutantById(m.id)).filter((m): m is MutantRef => m !== undefined);
}

function drawCase(question: QuestionSpec, mutants: readonly MutantRef[], prng: Prng): Drawn {
  const reasons = new Map<string, { loc: SourceLoc; message: string; count: number }>();
  for (let attempt = 0; attempt < MAX_DRAWS_PER_CASE; attempt++) {
    const draw = drawParams(question, prng);
    const made = draw.ok ? makeCase(question, draw.params, mutants) : draw.reason;
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

function makeCase(
  question: QuestionSpec,
  params: Params,
  mutants: readonly MutantRef[],
): Drawn | { loc: SourceLoc; message: string } {
  const calls: CaseCall[] = [];
  for (const fn of question.functions) {
    const args = deepFreeze(buildArgs(fn.args, params));
    const reference = referenceFunction(fn.name);
    if (reference === undefined) return { loc: fn.loc, message: `the reference has no function "${fn.name}"` };
    const expected = callOutcome(reference, args);
    if (expected.kind === 'error')
      return { loc: fn.loc, message: `the reference rejects the drawn arguments of ${fn.name}: ${expected.message}` };
    const answers = mutants.filter((m) => m.fn === fn.name).map((m) => ({ id: m.id, answer: mutantOutcome(m, args) }));
    calls.push({ function: fn.name, args, expected: expected.value, mutants: answers });
  }
  return { params, calls, witnesses: witnessesOf(calls, question) };
}

/** A mutant's `null` means the mistake cannot produce an answer here (the student's code would crash). */
function mutantOutcome(mutant: MutantRef, args: readonly AnswerValue[]): Outcome {
  const outcome = callOutcome(mutant.compute, args);
  return outcome.kind === 'value' && outcome.value === null
    ? { kind: 'error', message: `${mutant.id} gives no answer here` }
    : outcome;
}

/** Misconceptions this case separates from the reference and from every sibling mutant. */
function witnessesOf(calls: readonly CaseCall[], question: QuestionSpec): Set<string> {
  const out = new Set<string>();
  for (const call of calls) {
    for (const mutant of call.mutants) {
      if (mutant.answer.kind !== 'value') continue;
      const value = mutant.answer.value;
      if (valuesMatch(call.expected, value, question.tolerance)) continue;
      const unique = call.mutants.every(
        (other) =>
          other === mutant ||
          other.answer.kind !== 'value' ||
          !valuesMatch(other.answer.value, value, question.tolerance),
      );
      if (unique) out.add(mutant.id);
    }
  }
  return out;
}

function separate(question: QuestionSpec, mutants: readonly MutantRef[], drawn: Drawn[], prng: Prng): void {
  const missing = (): string[] => mutants.map((m) => m.id).filter((id) => !drawn.some((d) => d.witnesses.has(id)));
  let unmet = missing();
  for (let extra = 0; extra < MAX_SEPARATION_DRAWS && unmet.length > 0; extra++) {
    const candidate = drawCase(question, mutants, prng);
    if (!unmet.some((id) => candidate.witnesses.has(id))) continue;
    const slot = freeSlot(drawn, candidate);
    if (slot === -1) continue;
    drawn[slot] = candidate;
    unmet = missing();
  }
  if (unmet.length > 0) {
    throw new SpecError([
      formatLoc(
        question.loc,
        `question "${question.id}": no case among ${MAX_SEPARATION_DRAWS} extra draws separates ${unmet.map((id) => `"${id}"`).join(', ')} from the reference and the other mutants; widen the domain so such cases exist`,
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
