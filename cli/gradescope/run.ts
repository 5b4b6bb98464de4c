/**
 * `convgrade gradescope run`: what run_autograder does for one submission inside Gradescope.
 * It grades <root>/submission on the hidden variants, seeded by the student (the submitters'
 * Gradescope user ids) and the assignment, and writes <root>/results/results.json atomically.
 * Whatever goes wrong — a missing metadata file, a damaged config, a harness bug — there is
 * still a results.json: score 0, the reason in `output`, extra_data.status "ungradable", so the
 * student sees why and a TA can filter and regrade (S10), instead of Gradescope's bare
 * "autograder failed".
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isSubmissionFolder } from '../../grader/discover.js';
import { EnvironmentError, UsageError } from '../../grader/errors.js';
import { gradeSubmission } from '../../grader/grade.js';
import type { ExerciseSpec } from '../../grader/spec/index.js';
import { renderGradescope, renderGradescopeFailure } from '../../reports/index.js';
import { gradeOptionsFor, loadExercise } from '../options.js';
import { harnessVersion } from '../version.js';
import { writeFileAtomic } from '../write-atomic.js';
import type { GradescopeConfig } from './package.js';
import { CONFIG_NAME } from './scripts.js';

export interface GradescopeRunOptions {
  /** The /autograder folder (env AUTOGRADER_ROOT in run_autograder). */
  readonly root: string;
  /** Default: <root>/source/convgrade-gradescope.json. */
  readonly config?: string;
}

export interface GradescopeRunOutcome {
  readonly resultsPath: string;
  readonly status: 'graded' | 'ungradable';
  readonly score: number;
  readonly student?: string;
}

/** Grades the submission and writes results.json; never throws for anything it can report. */
export async function runGradescope(options: GradescopeRunOptions): Promise<GradescopeRunOutcome> {
  const root = resolve(options.root);
  const resultsPath = join(root, 'results', 'results.json');
  const started = performance.now();
  let student: string | undefined;
  let spec: ExerciseSpec | undefined;
  try {
    const configPath = options.config ?? join(root, 'source', CONFIG_NAME);
    const config = readConfig(configPath);
    // The exercise before the metadata, so that a failure from here on still lists its questions.
    spec = loadExercise(resolve(dirname(configPath), config.exercise.file));
    student = studentFromMetadata(join(root, 'submission_metadata.json'));
    // S13: student code never runs as root here. At the uid level it runs on this filesystem, so
    // the salt (in source/) and results/ are made private to root first (the container is ours).
    const results = dirname(resultsPath);
    const { options: grading, isolation } = await gradeOptionsFor(
      spec,
      { visibility: 'hidden', salt: config.salt },
      {
        isolation: config.isolation,
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: String(config.timeoutMs) }),
      },
      { secret: [dirname(configPath), configPath, results], readOnly: [], fixable: [dirname(configPath), results] },
    );
    if (isolation.level === 'basic' && config.allowBasic !== true) {
      throw new EnvironmentError(
        `Refusing to run student code as root: ${isolation.note ?? 'only basic isolation is available'}. Rebuild the autograder with --allow-basic to accept that`,
      );
    }
    const result = await gradeSubmission({ id: student, path: findSubmission(join(root, 'submission')) }, grading);
    // Code that never loaded (intake refused the files, or the module failed to import) received
    // no case input, so nothing hidden can leak, and the student needs the reason before results
    // are published.
    const refused = result.loadError !== undefined;
    writeFileAtomic(
      resultsPath,
      renderGradescope(result, { hiddenVisibility: refused ? 'visible' : config.hiddenVisibility }),
    );
    return { resultsPath, status: result.status, score: result.status === 'graded' ? result.score : 0, student };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    writeFileAtomic(resultsPath, fallbackResults(reason, (performance.now() - started) / 1000, spec));
    return { resultsPath, status: 'ungradable', score: 0, ...(student === undefined ? {} : { student }) };
  }
}

/** The results.json of a submission that could not be graded at all (one failed test per question of `spec`). */
export function fallbackResults(reason: string, seconds: number, spec?: ExerciseSpec): string {
  return renderGradescopeFailure({
    reason,
    seconds,
    harness: harnessVersion(),
    ...(spec === undefined ? {} : { questions: spec.questions }),
  });
}

function readConfig(path: string): GradescopeConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error: unknown) {
    throw new UsageError(
      `Cannot read the autograder settings "${path}" (was the zip built by \`convgrade gradescope build\`?)`,
      { cause: error },
    );
  }
  const config = parsed as Partial<GradescopeConfig> | null;
  if (
    typeof config?.salt !== 'string' ||
    typeof config.exercise?.file !== 'string' ||
    typeof config.isolation !== 'string' ||
    typeof config.hiddenVisibility !== 'string'
  ) {
    throw new UsageError(
      `The autograder settings "${path}" are incomplete: rebuild the zip with \`convgrade gradescope build\``,
    );
  }
  return config as GradescopeConfig;
}

/**
 * The id that seeds a student's hidden variant: the Gradescope user ids of every submitter
 * (sorted, so a group's order does not matter) and the assignment id, e.g. "1234+5678@98765".
 */
export function studentFromMetadata(path: string): string {
  let meta: { users?: unknown; assignment?: { id?: unknown } } | null;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as typeof meta;
  } catch (error: unknown) {
    throw new UsageError(`Cannot read the submission metadata "${path}"`, { cause: error });
  }
  const users = Array.isArray(meta?.users) ? (meta.users as unknown[]) : [];
  const ids = users.map((u) => (u !== null && typeof u === 'object' ? (u as { id?: unknown }).id : undefined));
  const assignment = meta?.assignment?.id;
  const isId = (v: unknown): v is string | number =>
    (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));
  if (ids.length === 0 || !ids.every(isId) || !isId(assignment)) {
    throw new UsageError(`The submission metadata "${path}" has no users[].id or assignment.id`);
  }
  return `${ids.map(String).sort().join('+')}@${String(assignment)}`;
}

/**
 * The submission folder: <root>/submission itself when it holds a solution or answers.yaml,
 * else its only sub-folder that does (an upload of a zipped folder, or a GitHub repository
 * with the files one level down). Otherwise the folder as is, and intake says what is missing.
 */
export function findSubmission(dir: string): string {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory() || isSubmissionFolder(dir)) return dir;
  const inner = readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(dir, name))
    .filter((path) => lstatSync(path).isDirectory() && isSubmissionFolder(path));
  return inner.length === 1 && inner[0] !== undefined ? inner[0] : dir;
}
