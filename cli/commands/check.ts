/**
 * `convgrade check [PATH]`: a student's self-check on the public variants. Prints a summary per
 * question, writes an HTML report, and exits 1 unless every public case passes.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { gradeSubmission } from '../../grader/grade.js';
import {
  discardPrewarmed,
  forgetStrictProbe,
  intakeSubmission,
  prewarmSandbox,
  rememberStrictProbe,
  strictFromMemory,
} from '../../grader/run/index.js';
import { renderSubmissionHtml } from '../../reports/index.js';
import {
  addRunFlags,
  gradeOptionsFor,
  loadExercise,
  startIsolationProbe,
  timeLimits,
  type RunFlags,
} from '../options.js';
import { serializeResult } from '../outputs.js';
import { formatSummary, palette } from '../terminal.js';
import { writeFileAtomic } from '../write-atomic.js';
import { discoverSubmissions } from '../../grader/discover.js';
import { probeMemoryFile } from '../probe-memory.js';
import { cachedVariants } from '../variant-cache.js';
import { watchCheck } from '../watch.js';

interface CheckFlags extends RunFlags {
  readonly report: string;
  readonly json?: string;
  readonly watch?: boolean;
}

export function register(program: Command): void {
  addRunFlags(
    program
      .command('check')
      .description('self-check a solution on the public cases: a summary, an HTML report, exit 0 when all pass')
      .argument('[path]', 'a solution file or the folder holding it', '.')
      .option('--report <file>', 'where to write the HTML report', 'convgrade-report.html')
      .option('--json <file>', 'also write the result as JSON')
      .option('--watch', 'check again on every save of solution.* or answers.yaml (Ctrl-C to stop)'),
  ).action(async (path: string, flags: CheckFlags) => {
    process.exitCode =
      flags.watch === true
        ? await watchCheck({ path, run: () => checkCommand(path, flags), clear: process.stdout.isTTY === true })
        : await checkCommand(path, flags);
  });
}

export async function checkCommand(path: string, flags: CheckFlags): Promise<number> {
  try {
    return await checkOnce(path, flags);
  } finally {
    await discardPrewarmed();
  }
}

async function checkOnce(path: string, flags: CheckFlags): Promise<number> {
  // The strict probe's verdict is kept between self-checks (cli/probe-memory.ts).
  rememberStrictProbe(probeMemoryFile());
  startIsolationProbe(flags.isolation);
  const [found] = discoverSubmissions([path], flags.student ?? defaultStudent(path));
  const submission = found ?? { id: defaultStudent(path), path: resolve(path) };
  // The sandbox starts from the submission's file names while the spec loads and intake
  // transpiles (grader/run/prewarm.ts); its relay gets the module only once grading has it.
  // Waited for only as long as that takes without I/O (a kept probe verdict): a probe still
  // running goes on in the background.
  await Promise.race([
    prewarmSandbox(submission.path, { isolation: flags.isolation, slot: 0, ...timeLimits(flags) }),
    new Promise((resolve) => setImmediate(resolve)),
  ]);
  const spec = loadExercise(flags.exercise);
  // The student's own code: its outputs' folders need only be safe from being written (uid level).
  const outputs = [flags.report, ...(flags.json === undefined ? [] : [flags.json])].map((file) =>
    dirname(resolve(file)),
  );
  // Intake (esbuild's transpile) is independent of the isolation: it runs while the probe finishes.
  const intake = intakeSubmission(submission.path);
  intake.catch(() => undefined); // awaited by gradeSubmission
  const makeVariant = cachedVariants();
  const grade = async () => {
    const { options } = await gradeOptionsFor(spec, { visibility: 'public', salt: spec.salt }, flags, {
      secret: [],
      readOnly: outputs,
      fixable: [],
    });
    return gradeSubmission(
      { ...submission, intake },
      makeVariant === undefined ? options : { ...options, makeVariant },
    );
  };
  let result = await grade();
  const taken = await intake;
  const ranSandbox = taken.ok && taken.staged.module !== undefined && taken.staged.loadError === undefined;
  if (ranSandbox && strictFromMemory() && (result.loadError !== undefined || result.error !== undefined)) {
    // A kept verdict can be stale (bwrap upgraded in place, user namespaces turned off), and a
    // sandbox that cannot start looks like a module that does not load: probe and grade again
    // (not for what never reached a sandbox: no code, or TypeScript that does not compile).
    forgetStrictProbe();
    result = await grade();
  }
  const paint = palette(flags.color !== false && process.stdout.isTTY === true);
  // A self-check's outputs are written again by the next run: atomic, but not worth an fsync each.
  writeFileAtomic(flags.report, renderSubmissionHtml(result), { durable: false });
  if (flags.json !== undefined) writeFileAtomic(flags.json, serializeResult(result), { durable: false });
  if (flags.quiet !== true) process.stdout.write(formatSummary(result, paint));
  process.stdout.write(`Report: ${resolve(flags.report)}\n`);
  return result.status === 'graded' && result.score === result.maxScore ? 0 : 1;
}

/** A folder's name, or for a file the name of its folder: the id the public variant is seeded with. */
function defaultStudent(path: string): string {
  const full = resolve(path);
  return /\.(ts|js|mjs|py|yaml)$/.test(full) ? basename(resolve(full, '..')) : basename(full);
}
