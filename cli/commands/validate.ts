/**
 * `convgrade validate [SPEC…] [--qa N]`: validate exercise specs (every problem of every file as
 * `file:line:col: message`, exit 2), and with --qa check N students' variants of every question:
 * in-process, the reference passes every case and every wrong answer of every misconception
 * fails and is diagnosed as itself; in the sandbox, every staff solution beside the spec
 * (`<spec dir>/solutions/<id>/`) scores full marks (exit 1 otherwise).
 */
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { SpecError, UsageError } from '../../grader/errors.js';
import { qaStudents, runQaAsync, type QaFailure, type QaReport } from '../../grader/judge/index.js';
import type { IsolationRequest } from '../../grader/run/index.js';
import { generateVariant, loadExercises } from '../../grader/variant/index.js';
import { gradeOptionsFor } from '../options.js';
import { bundledExercisePaths, resolveExercise } from '../resolve-exercise.js';
import { runStaffQa, staffSolutionsDir, type StaffQaReport } from '../staff-qa.js';

interface ValidateOptions {
  readonly qa?: string;
  readonly isolation?: IsolationRequest;
  readonly python?: string;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'validate exercise specs; with --qa, check every misconception is caught as itself and every staff solution scores full marks',
    )
    .argument('[spec...]', 'spec files or bundled exercise ids (default: every bundled exercise)')
    .option('--qa <n>', 'run the QA on N students per exercise')
    .option('--isolation <level>', 'sandbox level for the staff solutions (strict, basic, auto)', 'auto')
    .option('--python <path>', 'the Python interpreter for solution.py (default: python3 on PATH)')
    .action(async (specs: string[], options: ValidateOptions) => {
      process.exitCode = await runValidate(
        specs,
        options,
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
      );
    });
}

/** Returns the exit code: 0 valid (and QA passed), 1 QA failed, 2 spec problems. */
export async function runValidate(
  args: readonly string[],
  options: ValidateOptions,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const qa = options.qa === undefined ? undefined : parseCount(options.qa);
  const isolation = options.isolation ?? 'auto';
  if (!['strict', 'basic', 'auto'].includes(isolation))
    throw new UsageError(`--isolation must be strict, basic or auto, got "${isolation}"`);
  const files = args.length > 0 ? args.map(resolveExercise) : bundledExercisePaths();
  let specs;
  try {
    specs = loadExercises(files);
  } catch (error: unknown) {
    if (!(error instanceof SpecError)) throw error;
    for (const problem of error.problems) err(`${problem}\n`);
    err(`${formatCount(error.problems.length, 'problem')} in ${formatCount(files.length, 'spec')}\n`);
    return 2;
  }
  for (const spec of specs) {
    const points = spec.questions.reduce((sum, q) => sum + q.points, 0);
    out(
      `ok ${spec.file}: ${spec.id} v${spec.version}, ${formatCount(spec.questions.length, 'question')}, ${formatCount(points, 'point')}\n`,
    );
  }
  if (qa === undefined) return 0;
  let failed = false;
  for (const spec of specs) {
    const started = performance.now();
    const variants = qaStudents(spec, qa).map((request) => generateVariant(spec, request));
    const drawn = performance.now();
    // The staff solutions run in their sandboxes (other processes) while this process checks the
    // misconceptions, one student per turn of the event loop: the two overlap on two cores.
    const staffRun = (async () => {
      const { options: gradeOptions } = await gradeOptionsFor(
        spec,
        { visibility: 'hidden', salt: spec.salt },
        { isolation, ...(options.python === undefined ? {} : { python: options.python }) },
      );
      const staff = await runStaffQa(spec, variants, gradeOptions);
      return { staff, sandboxed: (performance.now() - drawn) / 1000 };
    })();
    const qaRun = runQaAsync(spec, { students: qa, variants }).then((report) => ({
      report,
      inProcess: (performance.now() - started) / 1000,
    }));
    const [{ report, inProcess }, { staff, sandboxed }] = await Promise.all([qaRun, staffRun]);
    out(formatQa(report, staff, spec.id, { inProcess, sandboxed, dir: staffSolutionsDir(spec) }));
    const failures: QaFailure[] = [...report.failures, ...staff.failures];
    if (failures.length > 0) {
      failed = true;
      for (const f of failures.slice(0, 50))
        err(`qa ${spec.id} ${f.question} ${f.misconception ?? 'staff'} (student ${f.student}): ${f.problem}\n`);
      if (failures.length > 50) err(`… and ${failures.length - 50} more\n`);
    }
  }
  return failed ? 1 : 0;
}

function formatQa(
  report: QaReport,
  staff: StaffQaReport,
  id: string,
  times: { inProcess: number; sandboxed: number; dir: string },
): string {
  const mistakes =
    report.failures.length === 0
      ? `passed: the reference passed every case and each of ${formatCount(report.mutantRuns, 'wrong-answer run')} failed and was diagnosed as itself`
      : `FAILED with ${formatCount(report.failures.length, 'problem')}`;
  const solutions =
    staff.failures.length === 0
      ? `passed: ${staff.graded.join(', ')} scored full marks`
      : staff.graded.length === 0
        ? `FAILED: no staff solution in ${times.dir}`
        : `FAILED with ${formatCount(staff.failures.length, 'problem')} (${staff.graded.join(', ')})`;
  return [
    `qa ${id}: ${formatCount(report.students, 'student')}, ${formatCount(report.cases, 'case')}, misconceptions ${mistakes} (${times.inProcess.toFixed(1)} s)`,
    `qa ${id}: staff solutions ${solutions} (${times.sandboxed.toFixed(1)} s)`,
    '',
  ].join('\n');
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw new UsageError(`--qa must be a positive integer, got "${text}"`);
  return n;
}
