/**
 * `convgrade validate [SPEC…] [--qa N]`: validate exercise specs (every problem of every file as
 * `file:line:col: message`, exit 2), and with --qa run N students' variants of every question
 * in-process: the staff answers must pass everything and every listed mutant must fail and be
 * diagnosed as itself (exit 1 otherwise).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { SpecError, UsageError } from '../../grader/errors.js';
import { runQa, type QaReport } from '../../grader/judge/index.js';
import { loadExercises } from '../../grader/variant/index.js';
import { bundledExercisePaths, resolveExercise, staffAnswersPath } from '../resolve-exercise.js';

interface ValidateOptions {
  readonly qa?: string;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'validate exercise specs; with --qa, check that the staff solution passes and every mutant is caught as itself',
    )
    .argument('[spec...]', 'spec files or bundled exercise ids (default: every bundled exercise)')
    .option('--qa <n>', 'run the QA on N students per exercise')
    .action((specs: string[], options: ValidateOptions) => {
      process.exitCode = runValidate(
        specs,
        options,
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
      );
    });
}

/** Returns the exit code: 0 valid (and QA passed), 1 QA failed, 2 spec problems. */
export function runValidate(
  args: readonly string[],
  options: ValidateOptions,
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  const qa = options.qa === undefined ? undefined : parseCount(options.qa);
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
    const answersPath = staffAnswersPath(spec.file, spec.id);
    const started = performance.now();
    const report = runQa(spec, {
      students: qa,
      ...(answersPath === undefined ? {} : { staffAnswers: readFileSync(answersPath, 'utf8') }),
    });
    out(formatQa(report, (performance.now() - started) / 1000, answersPath !== undefined));
    if (report.failures.length > 0) {
      failed = true;
      for (const f of report.failures)
        err(`qa ${spec.id} ${f.question} ${f.misconception ?? 'staff'} (student ${f.student}): ${f.problem}\n`);
    }
  }
  return failed ? 1 : 0;
}

function formatQa(report: QaReport, seconds: number, withAnswers: boolean): string {
  const checked = `staff solution${withAnswers ? ' and staff answers.yaml' : ''}, ${formatCount(report.mutantRuns, 'mutant run')}`;
  const verdict =
    report.failures.length === 0
      ? `passed: the staff answers passed every case and every mutant failed and was diagnosed as itself`
      : `FAILED with ${formatCount(report.failures.length, 'problem')}`;
  return `qa ${report.exercise}: ${formatCount(report.students, 'student')}, ${formatCount(report.cases, 'case')}, ${checked}: ${verdict} (${seconds.toFixed(1)} s)\n`;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw new UsageError(`--qa must be a positive integer, got "${text}"`);
  return n;
}
