/**
 * `convgrade prairielearn run`: what a PrairieLearn question's external-grading entrypoint runs
 * inside the grading container (PrairieLearn's docs/externalGrading.md). PrairieLearn mounts the
 * student's files in <root>/student, the question's tests/ folder in <root>/tests, the course's
 * serverFilesCourse in <root>/serverFilesCourse and the question data in <root>/data/data.json,
 * and reads <root>/results/results.json when the entrypoint exits. This grades the student's
 * files on the hidden variant and writes that file atomically, always: whatever goes wrong (no
 * secret, an unknown exercise, a harness bug) it is still there, `gradable: false` with the reason,
 * so the student loses no attempt and sees why.
 *
 * PrairieLearn tells the grader nothing about who submitted: the variant's seed
 * (data.json `variant_seed`) stands in for the student, so each PrairieLearn variant of the
 * question is its own hidden variant, as PrairieLearn's own randomised questions are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../grader/errors.js';
import { gradeSubmission } from '../../grader/grade.js';
import type { IsolationRequest } from '../../grader/run/index.js';
import type { ExerciseSpec } from '../../grader/spec/index.js';
import { readSecretSalt } from '../../grader/variant/index.js';
import { renderPrairieLearn, renderPrairieLearnFailure } from '../../reports/index.js';
import { findSubmission } from '../gradescope/run.js';
import { gradeOptionsFor, loadExercise } from '../options.js';
import { writeFileAtomic } from '../write-atomic.js';

export interface PrairieLearnRunOptions {
  /** The /grade folder (env PRAIRIELEARN_GRADE_ROOT, for tests and local trials). */
  readonly root: string;
  /** A spec path or a bundled exercise id; a relative path is looked up in <root>/tests, then <root>/serverFilesCourse. */
  readonly exercise: string;
  /** File holding the secret salt; default <root>/tests/convgrade-secret.txt, else env CONVGRADE_SECRET. */
  readonly secretFile?: string;
  /** Grade on the public variants (no secret needed). */
  readonly public?: boolean;
  readonly isolation: IsolationRequest;
  readonly timeoutMs?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface PrairieLearnRunOutcome {
  readonly resultsPath: string;
  readonly gradable: boolean;
  readonly score: number;
  readonly student?: string;
}

export const SECRET_NAME = 'convgrade-secret.txt';

/** Grades <root>/student and writes <root>/results/results.json; never throws for anything it can report. */
export async function runPrairieLearn(options: PrairieLearnRunOptions): Promise<PrairieLearnRunOutcome> {
  const root = resolve(options.root);
  const resultsPath = join(root, 'results', 'results.json');
  let spec: ExerciseSpec | undefined;
  let student: string | undefined;
  try {
    spec = loadExercise(exercisePath(root, options.exercise));
    student = studentFromData(join(root, 'data', 'data.json'));
    const salt = options.public === true ? spec.salt : secretSalt(root, options);
    // At the uid level (a grading container as root, no namespaces) student code runs on this
    // filesystem: the secret in tests/ and results/ are made private to root first (S13).
    const ours = [join(root, 'tests'), join(root, 'results')];
    const { options: grading } = await gradeOptionsFor(
      spec,
      { visibility: options.public === true ? 'public' : 'hidden', salt },
      { isolation: options.isolation, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
      {
        secret: [...ours, ...(options.secretFile === undefined ? [] : [options.secretFile])],
        readOnly: [],
        fixable: ours,
      },
    );
    const result = await gradeSubmission({ id: student, path: findSubmission(join(root, 'student')) }, grading);
    writeFileAtomic(resultsPath, renderPrairieLearn(result));
    const gradable = result.status === 'graded' && result.loadError === undefined;
    return {
      resultsPath,
      gradable,
      score: gradable && result.maxScore > 0 ? result.score / result.maxScore : 0,
      student,
    };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    writeFileAtomic(
      resultsPath,
      renderPrairieLearnFailure({ reason, ...(spec === undefined ? {} : { questions: spec.questions }) }),
    );
    return { resultsPath, gradable: false, score: 0, ...(student === undefined ? {} : { student }) };
  }
}

/** A bundled id or absolute path as is; a relative spec path from the question's tests/ or the course's files. */
function exercisePath(root: string, exercise: string): string {
  if (!/\.ya?ml$/i.test(exercise) || exercise.startsWith('/')) return exercise;
  for (const dir of ['tests', 'serverFilesCourse']) {
    const candidate = join(root, dir, exercise);
    if (existsSync(candidate)) return candidate;
  }
  return exercise;
}

function secretSalt(root: string, options: PrairieLearnRunOptions): string {
  const fallback = join(root, 'tests', SECRET_NAME);
  const secretFile = options.secretFile ?? (existsSync(fallback) ? fallback : undefined);
  return readSecretSalt({ secretFile, env: options.env });
}

/**
 * The id that seeds the hidden variant: "variant-<seed>" from data.json's variant_seed. Without
 * data.json (a local trial) the id is "student"; a data.json without a seed is an error.
 */
export function studentFromData(path: string): string {
  if (!existsSync(path)) return 'student';
  let data: { variant_seed?: unknown } | null;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as typeof data;
  } catch (error: unknown) {
    throw new UsageError(`Cannot read the question data "${path}"`, { cause: error });
  }
  const seed = data?.variant_seed;
  if ((typeof seed === 'number' && Number.isSafeInteger(seed)) || (typeof seed === 'string' && /^\w{1,64}$/.test(seed)))
    return `variant-${String(seed)}`;
  throw new UsageError(`The question data "${path}" has no variant_seed`);
}
