/**
 * `convgrade merge DIR… --out DIR`: join the outputs of shards (`grade --shard i/n`) into one
 * output folder with one gradebook and one class summary. Every file is re-rendered from the
 * stored results, so the merge equals one whole run apart from timestamps. `report` is the same
 * re-rendering of any stored results. Both read the results one file at a time (twice: once to
 * check and index them, once in student-id order to render), never all at once.
 */
import type { Command } from 'commander';
import { formatCount } from '../../reports/index.js';
import { UsageError } from '../../grader/errors.js';
import type { SubmissionResult } from '../../grader/result.js';
import { existsSync, statSync } from 'node:fs';
import { openClassOutputs } from '../class-outputs.js';
import { FORMAT_HELP, listResultFiles, parseFormats, readResultFile, writeSubmissionOutputs } from '../outputs.js';
import { compareIds } from '../result-spool.js';

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
      const count = await renderAll(flags.out, indexResults(dirs), flags.format);
      process.stdout.write(
        `Merged ${formatCount(count, 'result')} from ${formatCount(dirs.length, 'folder')} into ${flags.out}/\n`,
      );
    });

  program
    .command('report')
    .description('re-render every output format from stored results')
    .argument('<results...>', 'result JSON files or output folders holding results/')
    .requiredOption('--out <dir>', 'where to write the outputs')
    .option('--format <list>', FORMAT_HELP)
    .action(async (paths: string[], flags: MergeFlags) => {
      const count = await renderAll(flags.out, indexResults(paths), flags.format);
      process.stdout.write(`Rendered ${formatCount(count, 'result')} into ${flags.out}/\n`);
    });
}

/** A stored result found by {@link indexResults}: its student and where to read it again. */
export interface StoredResult {
  readonly id: string;
  readonly path: string;
}

/**
 * Re-renders every output from stored results, reading them one at a time in student-id order:
 * each student's files, then that result goes to the class-wide files and is dropped (P3).
 */
async function renderAll(out: string, stored: readonly StoredResult[], format: string | undefined): Promise<number> {
  const formats = parseFormats(format);
  const classFiles = openClassOutputs(out, formats, { env: process.env });
  try {
    for (const { path } of stored) {
      const result = readResultFile(path);
      await writeSubmissionOutputs(out, result, formats);
      classFiles.add(result);
    }
    classFiles.finish();
  } finally {
    classFiles.abort();
  }
  return stored.length;
}

/**
 * Every result under the given folders or files, checked to be one exercise, one kind of
 * variants and each student once, and returned sorted by student id. Each file is read, checked
 * and dropped: what is kept is its student id and its path (and the first result's provenance,
 * for the messages).
 */
export function indexResults(paths: readonly string[]): StoredResult[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`No such file or folder: "${path}"`);
    if (statSync(path).isDirectory()) files.push(...listResultFiles(path));
    else files.push(path);
  }
  // Every file is read (and refused when damaged) before any two are compared, as always.
  const found = files.map((file) => ({ file, result: provenanceOf(readResultFile(file)) }));
  const first = found[0]?.result;
  if (first === undefined) return [];
  const owner = new Map<string, string>();
  for (const { file, result } of found) {
    if (result.exercise.id !== first.exercise.id || result.exercise.specSha256 !== first.exercise.specSha256) {
      throw new UsageError(
        `Results of different exercises or spec versions cannot be merged: "${result.id}" has ${result.exercise.id} ${result.exercise.specSha256.slice(0, 12)}, "${first.id}" has ${first.exercise.id} ${first.exercise.specSha256.slice(0, 12)}`,
      );
    }
    if (
      result.variant.visibility !== first.variant.visibility ||
      result.variant.saltFingerprint !== first.variant.saltFingerprint
    ) {
      throw new UsageError(
        `Results graded on different variants cannot be merged: "${result.id}" has ${result.variant.visibility} cases (salt ${result.variant.saltFingerprint ?? 'unknown'}), "${first.id}" has ${first.variant.visibility} cases (salt ${first.variant.saltFingerprint ?? 'unknown'})`,
      );
    }
    if (owner.has(result.id))
      throw new UsageError(`Student "${result.id}" appears in more than one result: shards must not overlap`);
    owner.set(result.id, file);
  }
  return [...owner].map(([id, path]) => ({ id, path })).sort((a, b) => compareIds(a.id, b.id));
}

/** What indexResults compares between results. */
interface Provenance {
  readonly id: string;
  readonly exercise: { readonly id: string; readonly specSha256: string };
  readonly variant: { readonly visibility: string; readonly saltFingerprint: string | undefined };
}

function provenanceOf(result: SubmissionResult): Provenance {
  return {
    id: result.submission.id,
    exercise: { id: result.exercise.id, specSha256: result.exercise.specSha256 },
    variant: { visibility: result.variant.visibility, saltFingerprint: result.variant.saltFingerprint },
  };
}
