/**
 * `convgrade regrade OLD_OUT --out DIR [--dry-run]`: grade the submissions stored results point
 * at (each result's submission.path) again with the current harness and spec, and list every
 * student whose score changes, old and new, with the reason: the spec changed (its sha256),
 * the harness changed (its version), the files changed, or none of these — which means a
 * nondeterminism bug or a different secret, and says so.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runPool } from '../../grader/batch.js';
import { UsageError } from '../../grader/errors.js';
import { gradeSubmission } from '../../grader/grade.js';
import type { SubmissionResult } from '../../grader/result.js';
import { csvCell, formatCount, formatScore } from '../../reports/index.js';
import { readSecretSalt } from '../../grader/variant/index.js';
import {
  addRunFlags,
  defaultJobs,
  gradeOptionsFor,
  loadExercise,
  parsePositiveInt,
  type RunFlags,
} from '../options.js';
import { spoolClassOutputs } from '../class-outputs.js';
import {
  FORMAT_HELP,
  listResultFiles,
  parseFormats,
  readResultFile,
  writeSubmissionOutputsOrMark,
} from '../outputs.js';
import { escapeTerminal } from '../escape-terminal.js';
import { writeFileAtomic } from '../write-atomic.js';

export interface RegradeFlags extends Omit<RunFlags, 'exercise'> {
  /** Default: the exercise the old results name. */
  readonly exercise?: string;
  readonly out?: string;
  readonly dryRun?: boolean;
  readonly secret?: string;
  readonly public?: boolean;
  readonly jobs?: string;
  readonly format?: string;
}

export interface ScoreChange {
  readonly id: string;
  /** A number, or "ungradable", or "missing" when the submission is no longer on disk. */
  readonly old: string;
  readonly new: string;
  readonly reason: string;
}

export interface RegradeReport {
  readonly regraded: number;
  readonly changes: readonly ScoreChange[];
  readonly text: string;
}

export function register(program: Command): void {
  const command = addRunFlags(
    program
      .command('regrade')
      .description('grade stored submissions again with the current harness and spec; list every score change and why')
      .argument('<old-out>', 'the output folder of an earlier grade run (its results/ name each submission)')
      .option('--out <dir>', 'where to write the new outputs (required unless --dry-run)')
      .option('--dry-run', 'grade and list the changes, write nothing')
      .option('--secret <file>', 'the secret salt of the old run (or set CONVGRADE_SECRET)')
      .option('--public', 'the old run graded public variants')
      .option('--jobs <n>', 'submissions graded at once (default: number of CPUs)')
      .option('--format <list>', FORMAT_HELP),
  );
  // The exercise defaults to the one the old results were graded on, not the global default.
  const exercise = command.options.find((option) => option.long === '--exercise');
  if (exercise !== undefined) {
    exercise.defaultValue = undefined;
    exercise.description = 'a spec file or a bundled exercise id (default: the exercise of the old results)';
  }
  command.action(async (oldOut: string, flags: RegradeFlags) => {
    const report = await regradeCommand(oldOut, flags, { env: process.env });
    process.stdout.write(report.text);
  });
}

/** Regrades, writes the outputs (unless --dry-run) and returns the change list as data and text. */
export async function regradeCommand(
  oldOut: string,
  flags: RegradeFlags,
  context: { readonly env: Readonly<Record<string, string | undefined>> },
): Promise<RegradeReport> {
  if (flags.student !== undefined)
    throw new UsageError('regrade keeps the student id of each stored result; --student does not apply');
  if (flags.dryRun !== true && flags.out === undefined)
    throw new UsageError('regrade needs --out DIR (or --dry-run to write nothing)');
  if (flags.out !== undefined && resolve(flags.out) === resolve(oldOut))
    throw new UsageError(
      `--out must differ from OLD_OUT "${oldOut}": the old results are what the new ones are compared with`,
    );
  // Read one file at a time, keeping of each old result only what the comparison needs.
  const old = listResultFiles(oldOut).map((path) => scoreBasis(readResultFile(path)));
  const first = old[0];
  if (first === undefined) throw new UsageError(`"${oldOut}" holds no results to regrade`);
  const spec = loadExercise(flags.exercise ?? first.exercise.id);
  const foreign = old.find((r) => r.exercise.id !== spec.id);
  if (foreign !== undefined)
    throw new UsageError(`"${foreign.submission.id}" was graded on ${foreign.exercise.id}, not ${spec.id}`);
  const visibility = first.variant.visibility;
  if (old.some((r) => r.variant.visibility !== visibility))
    throw new UsageError(`"${oldOut}" mixes public and hidden results; regrade each kind separately`);
  if (visibility === 'hidden' && flags.public === true)
    throw new UsageError(
      `"${oldOut}" was graded on hidden variants: pass its --secret FILE or CONVGRADE_SECRET, not --public`,
    );
  if (visibility === 'public' && flags.secret !== undefined)
    throw new UsageError(`"${oldOut}" was graded on public variants: pass --public, not --secret`);
  const salt = visibility === 'public' ? spec.salt : readSecretSalt({ secretFile: flags.secret, env: context.env });
  const formats = parseFormats(flags.format);

  const { options } = await gradeOptionsFor(spec, { visibility, salt }, flags, {
    secret: [
      ...(flags.secret === undefined ? [] : [flags.secret]),
      oldOut,
      ...(flags.out === undefined ? [] : [flags.out]),
      ...(old.length > 1 ? old.map((r) => r.submission.path) : []),
    ],
    readOnly: [],
    fixable: flags.out === undefined ? [] : [flags.out],
  });
  const present = old.filter((r) => existsSync(r.submission.path));
  const fresh = new Map<string, ScoreBasis>();
  const writeTo = flags.dryRun !== true ? flags.out : undefined;
  // As in grade: each new result is written, parked for the class-wide files and dropped.
  const regradeAll = (keep: (result: SubmissionResult) => void): Promise<void> =>
    runPool(
      present.map((r) => ({ id: r.submission.id, path: r.submission.path })),
      parsePositiveInt('--jobs', flags.jobs, defaultJobs()),
      (submission, slot) => gradeSubmission(submission, options, slot),
      async (graded) => {
        const result = writeTo !== undefined ? await writeSubmissionOutputsOrMark(writeTo, graded, formats) : graded;
        fresh.set(result.submission.id, scoreBasis(result));
        keep(result);
      },
    );
  if (writeTo === undefined) await regradeAll(() => undefined);
  else await spoolClassOutputs(writeTo, formats, { env: context.env }, regradeAll);

  const changes = old.flatMap((before): ScoreChange[] => {
    const after = fresh.get(before.submission.id);
    if (after === undefined)
      return [
        {
          id: before.submission.id,
          old: scoreText(before),
          new: 'missing',
          reason: `the submission is no longer at ${before.submission.path}`,
        },
      ];
    return scoreText(before) === scoreText(after)
      ? []
      : [{ id: before.submission.id, old: scoreText(before), new: scoreText(after), reason: reasonFor(before, after) }];
  });
  if (writeTo !== undefined) writeFileAtomic(join(writeTo, 'regrade.csv'), changesCsv(changes));
  return {
    regraded: fresh.size,
    changes,
    text: formatReport({
      spec: spec.id,
      visibility,
      regraded: fresh.size,
      changes,
      out: flags.dryRun === true ? undefined : flags.out,
    }),
  };
}

/** What regrade compares of a result (old or new): a few fields, so a class is never held whole. */
export interface ScoreBasis {
  readonly submission: Pick<SubmissionResult['submission'], 'id' | 'path' | 'sha256'>;
  readonly exercise: Pick<SubmissionResult['exercise'], 'id' | 'specSha256'>;
  readonly harness: Pick<SubmissionResult['harness'], 'version'>;
  readonly variant: Pick<SubmissionResult['variant'], 'visibility' | 'saltFingerprint'>;
  readonly status: SubmissionResult['status'];
  readonly score: number;
}

function scoreBasis(r: SubmissionResult): ScoreBasis {
  const { id, path, sha256 } = r.submission;
  const { visibility, saltFingerprint } = r.variant;
  return {
    submission: { id, path, sha256 },
    exercise: { id: r.exercise.id, specSha256: r.exercise.specSha256 },
    harness: { version: r.harness.version },
    variant: saltFingerprint === undefined ? { visibility } : { visibility, saltFingerprint },
    status: r.status,
    score: r.score,
  };
}

const scoreText = (r: ScoreBasis): string => (r.status === 'ungradable' ? 'ungradable' : formatScore(r.score));

/** Why a score moved: every difference in what produced it, or the warning that nothing did. */
export function reasonFor(before: ScoreBasis, after: ScoreBasis): string {
  const reasons: string[] = [];
  if (before.exercise.specSha256 !== after.exercise.specSha256) {
    reasons.push(
      `spec changed (${before.exercise.specSha256.slice(0, 12)} → ${after.exercise.specSha256.slice(0, 12)})`,
    );
  }
  if (before.harness.version !== after.harness.version)
    reasons.push(`harness changed (${before.harness.version} → ${after.harness.version})`);
  if (before.submission.sha256 !== after.submission.sha256) reasons.push('submission files changed');
  const [saltBefore, saltAfter] = [before.variant.saltFingerprint, after.variant.saltFingerprint];
  if (saltBefore !== undefined && saltAfter !== undefined && saltBefore !== saltAfter)
    reasons.push('a different secret than the old run (other cases)');
  if (reasons.length > 0) return reasons.join('; ');
  return saltBefore === undefined
    ? 'same spec, harness and files: a nondeterminism bug (please report it) or a different secret than the old run'
    : 'same spec, harness, files and secret: a nondeterminism bug (please report it)';
}

function formatReport(r: {
  spec: string;
  visibility: string;
  regraded: number;
  changes: readonly ScoreChange[];
  out: string | undefined;
}): string {
  const lines = [
    `Regraded ${formatCount(r.regraded, 'submission')} of ${r.spec} on ${r.visibility} cases: ${formatCount(r.changes.length, 'score')} changed.`,
  ];
  if (r.changes.length > 0) {
    const ids = r.changes.map((c) => escapeTerminal(c.id, true));
    const width = Math.max(7, ...ids.map((id) => id.length));
    lines.push(`${'student'.padEnd(width)}  ${'old'.padStart(10)}  ${'new'.padStart(10)}  reason`);
    r.changes.forEach((c, i) =>
      lines.push(`${(ids[i] ?? '').padEnd(width)}  ${c.old.padStart(10)}  ${c.new.padStart(10)}  ${c.reason}`),
    );
  }
  lines.push(
    r.out === undefined
      ? 'Dry run: nothing written.'
      : `Outputs in ${r.out}/ (the changes in ${join(r.out, 'regrade.csv')})`,
  );
  return `${lines.join('\n')}\n`;
}

function changesCsv(changes: readonly ScoreChange[]): string {
  return (
    ['student,old,new,reason', ...changes.map((c) => [c.id, c.old, c.new, c.reason].map(csvCell).join(','))].join(
      '\n',
    ) + '\n'
  );
}
