/**
 * Spec checks that need the reference or sampling, on top of grader/spec's schema and
 * cross-reference checks: each listed misconception has a mutant of one of the question's
 * functions, the choice key names exactly one option, and every question's domain can be
 * sampled and separated (tried for one probe student). loadExercises runs the whole chain.
 */
import { createHash } from 'node:crypto';
import { SpecError } from '../errors.js';
import { formatLoc, loadSpecs, type ExerciseSpec, type QuestionSpec } from '../spec/index.js';
import { generateQuestionVariant } from './cases.js';
import { mutantById, referenceFunctionNames, referenceMisconceptionIds } from './reference-calls.js';

/** The stored form of a choice key: `sha256:` + hex SHA-256 of `salt|question|option`. */
export function hashChoice(salt: string, question: string, option: string): string {
  return `sha256:${createHash('sha256').update(`${salt}|${question}|${option}`, 'utf8').digest('hex')}`;
}

/** The student id used to probe that every domain can be sampled and separated. */
export const PROBE_STUDENT = 'convgrade-validate-probe';

/** Every problem of every spec that only sampling or the reference can reveal; `probe: false` skips the sampling. */
export function checkSpecs(specs: readonly ExerciseSpec[], options: { readonly probe?: boolean } = {}): string[] {
  return specs.flatMap((spec) =>
    spec.questions.flatMap((question) => checkQuestion(spec, question, options.probe !== false)),
  );
}

function checkQuestion(spec: ExerciseSpec, question: QuestionSpec, probe: boolean): string[] {
  const problems: string[] = [];
  const names = new Set(question.functions.map((f) => f.name));
  const seen = new Set<string>();
  for (const m of question.misconceptions) {
    if (seen.has(m.id)) problems.push(formatLoc(m.loc, `duplicate misconception "${m.id}"`));
    seen.add(m.id);
    const mutant = mutantById(m.id);
    if (mutant !== undefined && !names.has(mutant.fn)) {
      problems.push(
        formatLoc(
          m.loc,
          `misconception "${m.id}" mutates ${mutant.fn}, which is not a function of question "${question.id}"`,
        ),
      );
    }
  }
  if (question.choice !== undefined) {
    const choice = question.choice;
    const matching = choice.options.filter((o) => hashChoice(spec.salt, question.id, o.id) === choice.key);
    if (matching.length !== 1) {
      problems.push(
        formatLoc(
          choice.loc,
          `the key of question "${question.id}" must be the hash of exactly one option (sha256 of "salt|${question.id}|<option>"), matches ${matching.length}`,
        ),
      );
    }
  }
  if (problems.length > 0 || !probe) return problems;
  // Visibility only changes the case count (the seed does not depend on it): equal counts draw the same cases.
  const visibilities =
    question.cases.hidden === question.cases.public ? (['public'] as const) : (['public', 'hidden'] as const);
  for (const visibility of visibilities) {
    try {
      generateQuestionVariant(spec, question, { student: PROBE_STUDENT, salt: spec.salt, visibility });
    } catch (error: unknown) {
      if (!(error instanceof SpecError)) throw error;
      return [...error.problems];
    }
  }
  return problems;
}

/**
 * Loads specs with the reference's function names and misconception ids injected, then runs
 * checkSpecs. Throws one SpecError listing every problem of every file. Grading commands pass
 * `probe: false` to skip the sampling probe (~30 ms a start): a domain that cannot be sampled
 * still fails, with the same SpecError, when that student's cases are drawn.
 */
export function loadExercises(files: readonly string[], options: { readonly probe?: boolean } = {}): ExerciseSpec[] {
  const { specs, problems } = loadSpecs(files, {
    functions: referenceFunctionNames(),
    misconceptions: referenceMisconceptionIds(),
  });
  const all = [...problems, ...checkSpecs(specs, options)];
  if (all.length > 0) throw new SpecError(all);
  return specs;
}
