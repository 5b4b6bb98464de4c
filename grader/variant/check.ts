/**
 * Spec checks that need the reference or sampling, on top of grader/spec's schema and
 * cross-reference checks: every expression type-checks against the reference's signatures
 * (grader/lang), the choice key names exactly one option, and every question's domain can be
 * sampled and every wrong answer separated (tried for one probe student). loadExercises runs
 * the whole chain.
 */
import { createHash } from 'node:crypto';
import { SpecError } from '../errors.js';
import { formatLoc, loadSpecs, type ExerciseSpec, type QuestionSpec } from '../spec/index.js';
import { compileQuestion } from '../lang/index.js';
import { generateQuestionVariant } from './cases.js';
import { referenceFunctionNames } from './reference-calls.js';

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
  const problems: string[] = [...compileQuestion(question).problems];
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
 * Loads specs with the reference's function names injected, then runs
 * checkSpecs. Throws one SpecError listing every problem of every file. Grading commands pass
 * `probe: false` to skip the sampling probe (~30 ms a start): a domain that cannot be sampled
 * still fails, with the same SpecError, when that student's cases are drawn.
 */
export function loadExercises(files: readonly string[], options: { readonly probe?: boolean } = {}): ExerciseSpec[] {
  const { specs, problems, drafts } = loadSpecs(files, { functions: referenceFunctionNames() });
  // A spec with problems of its own still has its expressions type-checked: every problem at once.
  const typeProblems = drafts.flatMap((draft) => draft.questions.flatMap((q) => compileQuestion(q).problems));
  const all = [...problems, ...typeProblems, ...checkSpecs(specs, options)];
  if (all.length > 0) throw new SpecError(all);
  return specs;
}
