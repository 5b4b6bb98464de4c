/**
 * `convgrade merge DIR… --out DIR`: join the outputs of shards (`grade --shard i/n`) into one
 * output folder with one gradebook and one class summary. Every file is re-rendered from the
 * stored results, so the merge equals one whole run apart from timestamps.
 */
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { UsageError } from '../../grader/errors.js';
import type { SubmissionResult } from '../../grader/result.js';
import {
  FORMAT_HELP,
  parseFormats,
  readResultFile,
  readResults,
  writeClassOutputs,
  writeSubmissionOutputs,
} from '../outputs.js';
import { existsSync, statSync } from 'node:fs';

interface MergeFlags {
  readonly out: string;
  readonly format?: string;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('join shard output folders into one gradebook and class summary')
    .argument('<dirs...>', 'output folders of `grade --shard i/n` runs')
    .requiredOption('--out <dir>', 'the merged output folder')
    .option('--format <list>', FORMAT_HELP)
    .action(async (dirs: string[], flags: MergeFlags) => {
      const results = collectResults(dirs);
      await renderAll(flags.out, results, flags.format);
      process.stdout.write(
        `Merged ${formatCount(results.length, 'result')} from ${formatCount(dirs.length, 'folder')} into ${flags.out}/\n`,
      );
    });

  program
    .command('report')
    .description('re-render every output format from stored results')
    .argument('<results...>', 'result JSON files or output folders holding results/')
    .requiredOption('--out <dir>', 'where to write the outputs')
    .option('--format <list>', FORMAT_HELP)
    .action(async (paths: string[], flags: MergeFlags) => {
      const results = collectResults(paths);
      await renderAll(flags.out, results, flags.format);
      process.stdout.write(`Rendered ${formatCount(results.length, 'result')} into ${flags.out}/\n`);
    });
}

async function renderAll(out: string, results: readonly SubmissionResult[], format: string | undefined): Promise<void> {
  const formats = parseFormats(format);
  for (const result of results) await writeSubmissionOutputs(out, result, formats);
  writeClassOutputs(out, results, formats, { env: process.env });
}

/** Every result under the given folders or files; one exercise, each student once. */
export function collectResults(paths: readonly string[]): SubmissionResult[] {
  const results: SubmissionResult[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`No such file or folder: "${path}"`);
    if (statSync(path).isDirectory()) results.push(...readResults(path));
    else results.push(readResultFile(path));
  }
  const first = results[0];
  const owner = new Map<string, SubmissionResult>();
  for (const result of results) {
    if (
      first !== undefined &&
      (result.exercise.id !== first.exercise.id || result.exercise.specSha256 !== first.exercise.specSha256)
    ) {
      throw new UsageError(
        `Results of different exercises or spec versions cannot be merged: "${result.submission.id}" has ${result.exercise.id} ${result.exercise.specSha256.slice(0, 12)}, "${first.submission.id}" has ${first.exercise.id} ${first.exercise.specSha256.slice(0, 12)}`,
      );
    }
    if (
      first !== undefined &&
      (result.variant.visibility !== first.variant.visibility ||
        result.variant.saltFingerprint !== first.variant.saltFingerprint)
    ) {
      throw new UsageError(
        `Results graded on different variants cannot be merged: "${result.submission.id}" has ${result.variant.visibility} cases (salt ${result.variant.saltFingerprint ?? 'unknown'}), "${first.submission.id}" has ${first.variant.visibility} cases (salt ${first.variant.saltFingerprint ?? 'unknown'})`,
      );
    }
    if (owner.has(result.submission.id))
      throw new UsageError(
        `Student "${result.submission.id}" appears in more than one result: shards must not overlap`,
      );
    owner.set(result.submission.id, result);
  }
  // Unsorted: writeClassOutputs orders the class-wide files by student id itself.
  return [...owner.values()];
}
