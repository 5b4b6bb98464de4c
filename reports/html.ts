/**
 * The two HTML pages: one per submission, one for the class. Both are self-contained (inline CSS
 * and SVG, no network, open from file://) and rendered by templates compiled once at load.
 */
import type { SubmissionResult } from '../grader/result.js';
import { asDigest, type ClassInput } from './class-digest.js';
import { templateFrom, type PrecompiledTemplate } from './engine.js';
import type { SubmissionView, SubmissionViewOptions } from './submission-view.js';
import { submissionView } from './submission-view.js';
import type { StudentRowView, SummaryHeadView, SummaryViewOptions } from './summary-view.js';
import { studentRowView, summaryHeadView } from './summary-view.js';
import { SUBMISSION_SPEC, SUMMARY_HEAD_SPEC, SUMMARY_ROW_SPEC, SUMMARY_TAIL_SPEC } from './templates/precompiled.js';

const submissionPage = templateFrom<SubmissionView>(SUBMISSION_SPEC as PrecompiledTemplate);
const summaryHead = templateFrom<SummaryHeadView>(SUMMARY_HEAD_SPEC as PrecompiledTemplate);
const summaryRow = templateFrom<StudentRowView>(SUMMARY_ROW_SPEC as PrecompiledTemplate);
const summaryTail = templateFrom<Record<string, never>>(SUMMARY_TAIL_SPEC as PrecompiledTemplate);

/**
 * The report a student reads: score and provenance, then per question its status, points, case
 * messages and the likely misconception with its hint; for wrong array answers on public cases,
 * heatmaps of expected, actual and difference with the first mismatch; the captured output last.
 */
export function renderSubmissionHtml(result: SubmissionResult, opts: SubmissionViewOptions = {}): string {
  return submissionPage(submissionView(result, opts));
}

/**
 * The class summary a TA reads: score histogram, pass rate per question, misconception counts
 * with the students who showed each, and a sortable table of students linking to their reports.
 * Takes the results or their digest (reports/class-digest.ts: what a streaming batch keeps).
 */
export function renderSummaryHtml(input: ClassInput, opts: SummaryViewOptions): string {
  return [...renderSummaryHtmlPieces(input, opts)].join('');
}

/**
 * The class summary page in pieces: the page up to the student table, one piece per student row
 * (rendered only when asked for), then the rest. Written one after another they are
 * renderSummaryHtml's page, without the page of a class of thousands ever being one string (P3).
 */
export function* renderSummaryHtmlPieces(input: ClassInput, opts: SummaryViewOptions): Generator<string> {
  const digest = asDigest(input);
  const head = summaryHeadView(digest, opts);
  yield summaryHead(head);
  for (const row of digest.rows) yield summaryRow(studentRowView(row, head.questionHeads, opts));
  yield summaryTail({});
}
