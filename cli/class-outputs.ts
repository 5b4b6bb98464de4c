/**
 * The whole-class files of an output folder — summary.html, junit.xml, grades.csv, summary.md,
 * and the CI step summary and step output — written from results handed over one at a time in
 * student-id order, without keeping them: the summary page, the gradebook and the Markdown come
 * from a {@link ClassDigest} (counts, tallies and one small row per student); junit.xml is
 * streamed suite by suite and summary.html row by row, each to a temp file renamed into place.
 * The bytes are those of rendering the sorted array of every result at once.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSafeId } from '../grader/discover.js';
import { InternalError } from '../grader/errors.js';
import type { SubmissionResult } from '../grader/result.js';
import {
  ClassDigestBuilder,
  JUNIT_HEAD,
  JUNIT_TAIL,
  renderClassroom,
  renderCsv,
  renderJunitSuite,
  renderMarkdown,
  renderSummaryHtmlPieces,
} from '../reports/index.js';
import { openAtomicStream, type AtomicStream } from './atomic-stream.js';
import type { ClassOutputOptions, Format } from './outputs.js';
import { compareIds, openResultSpool } from './result-spool.js';
import { writeFileAtomic } from './write-atomic.js';

export interface ClassOutputWriter {
  /** Adds the next result; results must come in student-id order (compareIds). */
  add(result: SubmissionResult): void;
  /** Writes every class-wide file. */
  finish(): void;
  /** Gives up (an error elsewhere): no class-wide file is replaced. Safe after finish(). */
  abort(): void;
}

/** Whether any of the formats has a class-wide file (or step output) to write. */
function hasClassOutputs(formats: ReadonlySet<Format>): boolean {
  return (['html', 'junit', 'csv', 'md', 'classroom'] as const).some((format) => formats.has(format));
}

/** Starts the class-wide files of `out` for the given formats. */
export function openClassOutputs(
  out: string,
  formats: ReadonlySet<Format>,
  options: ClassOutputOptions = {},
): ClassOutputWriter {
  const digest = formats.has('html') || formats.has('csv') || formats.has('md') ? new ClassDigestBuilder() : undefined;
  let junit: AtomicStream | undefined;
  if (formats.has('junit')) {
    junit = openAtomicStream(join(out, 'junit.xml'));
    junit.write(JUNIT_HEAD);
  }
  let count = 0;
  let last: string | undefined;
  // The Classroom step output is written for a single submission only: keep the first result
  // until a second one shows it is not needed.
  let only: SubmissionResult | undefined;
  let done = false;
  return {
    add(result) {
      const id = result.submission.id;
      if (last !== undefined && compareIds(last, id) > 0)
        throw new InternalError(`Class outputs need results in student-id order: "${id}" came after "${last}"`);
      last = id;
      digest?.add(result);
      junit?.write(`${renderJunitSuite(result, count)}\n`);
      only = count === 0 ? result : undefined;
      count += 1;
    },
    finish() {
      if (done) throw new InternalError('The class outputs are already written');
      done = true;
      const env = options.env;
      const summary = digest?.digest();
      if (formats.has('html') && summary !== undefined) {
        // Row by row: the page of a class of thousands is megabytes, and rendering it as one
        // string cost several times that in garbage (P3: merge of 5000 grew by 25 MiB).
        const page = openAtomicStream(join(out, 'summary.html'));
        try {
          const pieces = renderSummaryHtmlPieces(summary, {
            reportHref: (id) => `reports/${encodeURIComponent(fileSafeId(id))}.html`,
          });
          for (const piece of pieces) page.write(piece);
          page.commit();
        } finally {
          page.discard();
        }
      }
      if (junit !== undefined) {
        junit.write(JUNIT_TAIL);
        junit.commit();
      }
      if (formats.has('csv') && summary !== undefined) writeFileAtomic(join(out, 'grades.csv'), renderCsv(summary));
      if (formats.has('md') && summary !== undefined) {
        const markdown = renderMarkdown(summary);
        writeFileAtomic(join(out, 'summary.md'), markdown);
        const stepSummary = env?.['GITHUB_STEP_SUMMARY'];
        if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, `${markdown}\n`);
      }
      const githubOutput = env?.['GITHUB_OUTPUT'];
      if (formats.has('classroom') && only !== undefined && githubOutput !== undefined && githubOutput !== '') {
        appendFileSync(githubOutput, `result=${renderClassroom(only)}\n`);
      }
    },
    abort() {
      done = true;
      junit?.discard();
    },
  };
}

/** Writes the class-wide files from results given in student-id order (an array, or a spool's sorted()). */
function writeClassOutputs(
  out: string,
  sorted: Iterable<SubmissionResult>,
  formats: ReadonlySet<Format>,
  options: ClassOutputOptions = {},
): void {
  const writer = openClassOutputs(out, formats, options);
  try {
    for (const result of sorted) writer.add(result);
    writer.finish();
  } finally {
    writer.abort();
  }
}

/**
 * How `grade` and `regrade` write the class-wide files: `produce` (the batch pool) hands each
 * result to `keep` as it finishes, in any order; each is parked in a result spool on disk and
 * dropped, and once `produce` has finished the class-wide files are written from the spool in
 * student-id order. When `produce` fails (a harness error), no class-wide file is written or
 * replaced and the spool is gone; a killed process leaves no spool either (cli/result-spool.ts).
 */
export async function spoolClassOutputs(
  out: string,
  formats: ReadonlySet<Format>,
  options: ClassOutputOptions,
  produce: (keep: (result: SubmissionResult) => void) => Promise<void>,
): Promise<void> {
  if (!hasClassOutputs(formats)) {
    await produce(() => undefined);
    return;
  }
  const spool = openResultSpool(out);
  try {
    await produce((result) => spool.append(result));
    writeClassOutputs(out, spool.sorted(), formats, options);
  } finally {
    spool.close();
  }
}
