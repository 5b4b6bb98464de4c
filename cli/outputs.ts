/**
 * Where every output format lands under an output folder (docs/tas.md lists them), written atomically.
 * Per-student files are written as each result arrives, so a long batch streams to disk; the
 * class-wide files (cli/class-outputs.ts) are built from the results handed over one at a time in
 * student-id order, never from all of them at once. `merge` and `report` re-render through the
 * same functions, which is why a merged run equals one whole run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileSafeId } from '../grader/discover.js';
import { UsageError } from '../grader/errors.js';
import type { SubmissionResult } from '../grader/result.js';
import { isSubmissionResult, resultProblems } from '../grader/validate-result.js';
import { renderClassroom, renderGradescope, renderPrairieLearn, renderSubmissionHtml } from '../reports/index.js';
import { writeFileAtomicAsync } from './write-atomic.js';

export const FORMATS = ['json', 'html', 'gradescope', 'prairielearn', 'junit', 'csv', 'md', 'classroom'] as const;
export type Format = (typeof FORMATS)[number];

/** The help text of every command's --format option. */
export const FORMAT_HELP = `comma list of ${FORMATS.join(',')} (default: all)`;

/** Parses `--format json,html,…` (default: every format). */
export function parseFormats(text: string | undefined): ReadonlySet<Format> {
  if (text === undefined || text.trim() === '' || text.trim() === 'all') return new Set(FORMATS);
  const formats = new Set<Format>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    if (!(FORMATS as readonly string[]).includes(part)) {
      throw new UsageError(`--format must be a comma list of ${FORMATS.join(', ')}, got "${part}"`);
    }
    formats.add(part as Format);
  }
  return formats;
}

export const resultPath = (out: string, id: string): string => join(out, 'results', `${fileSafeId(id)}.json`);
export const reportPath = (out: string, id: string): string => join(out, 'reports', `${fileSafeId(id)}.html`);

/** The stored JSON of a result: stable key order, two-space indent, trailing newline. */
export function serializeResult(result: SubmissionResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** The files of one student, written (concurrently, each atomically) as soon as the result is known. */
export async function writeSubmissionOutputs(
  out: string,
  result: SubmissionResult,
  formats: ReadonlySet<Format>,
): Promise<void> {
  const id = result.submission.id;
  const files: [string, string][] = [];
  if (formats.has('json')) files.push([resultPath(out, id), serializeResult(result)]);
  if (formats.has('html'))
    files.push([reportPath(out, id), renderSubmissionHtml(result, { summaryHref: '../summary.html' })]);
  if (formats.has('gradescope'))
    files.push([join(out, 'gradescope', fileSafeId(id), 'results.json'), renderGradescope(result)]);
  if (formats.has('prairielearn'))
    files.push([join(out, 'prairielearn', fileSafeId(id), 'results.json'), renderPrairieLearn(result)]);
  if (formats.has('classroom'))
    files.push([join(out, 'classroom', `${fileSafeId(id)}.b64`), `${renderClassroom(result)}\n`]);
  await Promise.all(files.map(([path, text]) => writeFileAtomicAsync(path, text)));
}

/**
 * writeSubmissionOutputs for a batch: when one student's files cannot be written (a full disk,
 * a folder the grader may not write), that student becomes ungradable with the reason (S10),
 * and the ungradable result is written as far as it can be; the batch goes on. Returns the
 * result to record.
 */
export async function writeSubmissionOutputsOrMark(
  out: string,
  result: SubmissionResult,
  formats: ReadonlySet<Format>,
): Promise<SubmissionResult> {
  try {
    await writeSubmissionOutputs(out, result, formats);
    return result;
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const marked: SubmissionResult = {
      ...result,
      status: 'ungradable',
      score: 0,
      error: `Internal error while writing this submission's outputs (the submission was not scored): ${reason}`,
    };
    try {
      await writeSubmissionOutputs(out, marked, formats);
    } catch {
      // the class files (CSV, JUnit, summary) still list it as ungradable
    }
    return marked;
  }
}

export interface ClassOutputOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The paths of every results/*.json of an output folder, in file-name order, for reading one at a time. */
export function listResultFiles(out: string): string[] {
  const dir = join(out, 'results');
  if (!existsSync(dir)) throw new UsageError(`"${out}" holds no results/ folder: is it a convgrade output folder?`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads one stored result, checking just enough to render it safely. */
export function readResultFile(path: string): SubmissionResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error: unknown) {
    throw new UsageError(
      `Cannot read the result "${path}": ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  // One schema pass on the happy path; the second, for the message, only when the file is bad.
  if (!isSubmissionResult(parsed)) {
    throw new UsageError(`"${path}" is not a valid convgrade result: ${resultProblems(parsed).slice(0, 3).join('; ')}`);
  }
  return parsed;
}
