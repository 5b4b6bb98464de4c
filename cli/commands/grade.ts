/**
 * `convgrade grade PATH… [--exercise E] [--out DIR]`: grade submissions on the hidden variants
 * (or the public ones with --public) and write every output format into DIR.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { isInShard, parseShard, runPool } from '../../grader/batch.js';
import { discoverSubmissions, type DiscoveredSubmission } from '../../grader/discover.js';
import { UsageError } from '../../grader/errors.js';
import { gradeSubmission, type GradeOptions } from '../../grader/grade.js';
import { Offload } from '../../grader/offload.js';
import type { SubmissionResult, Visibility } from '../../grader/result.js';
import { readSecretSalt, saltFingerprint } from '../../grader/variant/index.js';
import {
  addRunFlags,
  defaultJobs,
  gradeOptionsFor,
  startIsolationProbe,
  loadExercise,
  parsePositiveInt,
  parseScore,
  type RunFlags,
} from '../options.js';
import {
  FORMAT_HELP,
  parseFormats,
  readResultFile,
  resultPath,
  serializeResult,
  writeSubmissionOutputsOrMark,
} from '../outputs.js';
import { spoolClassOutputs } from '../class-outputs.js';
import { createProgress } from '../progress.js';
import { formatResultLine, palette } from '../terminal.js';
import { writeFileAtomic } from '../write-atomic.js';

interface GradeFlags extends RunFlags {
  readonly out: string;
  readonly secret?: string;
  readonly public?: boolean;
  readonly jobs?: string;
  readonly shard?: string;
  readonly json?: string;
  readonly format?: string;
  readonly failUnder?: string;
  readonly resume: boolean;
}

export function register(program: Command): void {
  addRunFlags(
    program
      .command('grade')
      .description('grade submissions on the hidden variants and write every output format')
      .argument(
        '<paths...>',
        'submissions (a solution file, or a folder holding one) or folders of submissions (one entry per student)',
      )
      .option('--out <dir>', 'output folder', 'convgrade-out')
      .option('--secret <file>', 'file holding the secret salt of hidden variants (or set CONVGRADE_SECRET)')
      .option('--public', 'grade on the public variants (no secret needed; for demos and CI of course repos)')
      .option('--jobs <n>', 'submissions graded at once (default: number of CPUs)')
      .option('--shard <i/n>', 'grade only shard i of n (a deterministic split by student id)')
      .option('--json <file>', 'also write the result of a single submission to FILE')
      .option('--format <list>', FORMAT_HELP)
      .option('--fail-under <score>', 'exit 1 when a submission scores below SCORE')
      .option('--no-resume', 'grade again even when an up-to-date result exists in the output folder'),
  ).action(async (paths: string[], flags: GradeFlags) => {
    process.exitCode = await gradeCommand(paths, flags, process.env);
  });
}

export async function gradeCommand(
  paths: readonly string[],
  flags: GradeFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  startIsolationProbe(flags.isolation);
  const spec = loadExercise(flags.exercise);
  const visibility: Visibility = flags.public === true ? 'public' : 'hidden';
  if (flags.public === true && flags.secret !== undefined)
    throw new UsageError('--public and --secret contradict each other: choose one');
  const salt = visibility === 'public' ? spec.salt : readSecretSalt({ secretFile: flags.secret, env });
  const formats = parseFormats(flags.format);
  const jobs = parsePositiveInt('--jobs', flags.jobs, defaultJobs());
  const failUnder = parseScore('--fail-under', flags.failUnder);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const paint = palette(flags.color !== false && process.stdout.isTTY === true);

  let submissions = discoverSubmissions(paths, flags.student);
  if (shard !== undefined) submissions = submissions.filter((s) => isInShard(s.id, shard));
  if (flags.json !== undefined && submissions.length !== 1) {
    throw new UsageError(`--json writes the result of a single submission, but ${submissions.length} were found`);
  }

  // At the uid level student code runs on this filesystem: the salt, the outputs and the other
  // students' files must be out of its reach (gradeOptionsFor checks, and refuses otherwise).
  const { options: base, isolation } = await gradeOptionsFor(spec, { visibility, salt }, flags, {
    secret: [
      ...(flags.secret === undefined ? [] : [flags.secret]),
      flags.out,
      ...(submissions.length > 1 ? submissions.map((s) => s.path) : []),
    ],
    readOnly: [],
    fixable: [flags.out],
  });
  if (isolation.level === 'basic') {
    process.stderr.write(
      paint.yellow(
        `convgrade: WARNING: grading with basic isolation (${isolation.note ?? 'no kernel sandbox'}). Student code runs as an ordinary process: do not grade untrusted submissions this way.\n`,
      ),
    );
  }

  const version = base.harnessVersion;
  const fingerprint = saltFingerprint(salt);
  let reused = 0;
  // A class: variants are drawn and answers judged on a worker thread, beside the sandboxes
  // (grader/offload.ts). One submission: not worth the thread's start. CONVGRADE_OFFLOAD=0: never.
  const offload = submissions.length > 1 && env['CONVGRADE_OFFLOAD'] !== '0' ? Offload.for(spec) : undefined;
  const options: GradeOptions = {
    ...base,
    ...(offload === undefined ? {} : { offload }),
    ...(flags.resume && formats.has('json')
      ? {
          reuse: (submission: DiscoveredSubmission, sha256: string) => {
            const previous = storedResult(flags.out, submission.id);
            const fresh =
              previous !== undefined &&
              previous.status === 'graded' &&
              previous.submission.sha256 === sha256 &&
              previous.exercise.specSha256 === spec.sha256 &&
              previous.harness.version === version &&
              previous.variant.visibility === visibility &&
              previous.variant.saltFingerprint === fingerprint;
            if (!fresh) return undefined;
            reused += 1;
            return previous;
          },
        }
      : {}),
  };

  // Each result is written to its own files, parked in the spool (for the class-wide files, which
  // list students by id whatever order the sandboxes finish in) and counted, then dropped (P3).
  const tally: Tally = { total: 0, graded: 0, scoreSum: 0, belowFailUnder: false };
  let single: SubmissionResult | undefined;
  const progress = createProgress(submissions.length);
  // One line per student: on a terminal above the progress bar (for a class that fits a screen
  // or two), elsewhere (CI logs, pipes) on stdout.
  const onTerminal = process.stderr.isTTY === true;
  const logLines = flags.quiet !== true && (!onTerminal || submissions.length <= 200);
  await spoolClassOutputs(flags.out, formats, { env }, async (keep) => {
    try {
      await runPool(
        submissions,
        jobs,
        (submission, slot, release) => gradeSubmission(submission, options, slot, release),
        async (graded) => {
          const result = await writeSubmissionOutputsOrMark(flags.out, graded, formats);
          keep(result);
          count(tally, result, failUnder);
          if (submissions.length === 1) single = result;
          if (logLines && onTerminal) progress.print(formatResultLine(result, paint));
          else if (logLines) process.stdout.write(`${formatResultLine(result, paint)}\n`);
          progress.tick(result.submission.id);
        },
      );
    } finally {
      await offload?.close();
    }
    progress.done();
  });
  if (flags.json !== undefined && single !== undefined) writeFileAtomic(flags.json, serializeResult(single));

  const ungradable = tally.total - tally.graded;
  const mean = tally.graded === 0 ? 0 : tally.scoreSum / tally.graded;
  process.stdout.write(
    `Graded ${formatCount(tally.total, 'submission')}${reused > 0 ? ` (${reused} unchanged, reused)` : ''} of ${spec.id} on ${visibility} cases with ${isolation.level} isolation: mean ${mean.toFixed(2)}/${spec.questions.reduce((s, q) => s + q.points, 0)}${ungradable > 0 ? paint.red(`, ${ungradable} ungradable`) : ''}. Outputs in ${flags.out}/\n`,
  );
  return tally.belowFailUnder ? 1 : 0;
}

/** Running counts for the closing line and --fail-under, in the order results finish. */
interface Tally {
  total: number;
  graded: number;
  scoreSum: number;
  belowFailUnder: boolean;
}

function count(tally: Tally, result: SubmissionResult, failUnder: number | undefined): void {
  tally.total += 1;
  // As in the class summary: an ungradable submission has no score, so it is counted, not averaged.
  if (result.status === 'graded') {
    tally.graded += 1;
    tally.scoreSum += result.score;
  }
  if (failUnder !== undefined && result.score < failUnder) tally.belowFailUnder = true;
}

function storedResult(out: string, id: string): SubmissionResult | undefined {
  const path = resultPath(out, id);
  if (!existsSync(path)) return undefined;
  try {
    return readResultFile(path);
  } catch {
    return undefined; // a damaged or foreign file is simply graded again
  }
}
