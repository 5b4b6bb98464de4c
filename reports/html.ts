/**
 * The two HTML pages: one per submission, one for the class. Both are self-contained (inline CSS
 * and SVG, no network, open from file://) and rendered by templates compiled once at load.
 */
import type { SubmissionResult } from '../grader/result.js';
import type { ClassInput } from './class-digest.js';
import { templateFrom, type PrecompiledTemplate } from './engine.js';
import type { SubmissionView, SubmissionViewOptions } from './submission-view.js';
import { submissionView } from './submission-view.js';
import type { SummaryView, SummaryViewOptions } from './summary-view.js';
import { summaryView } from './summary-view.js';
import { SUBMISSION_SPEC, SUMMARY_SPEC } from './templates/precompiled.js';

const submissionPage = templateFrom<SubmissionView>(SUBMISSION_SPEC as PrecompiledTemplate);
const summaryPage = templateFrom<SummaryView>(SUMMARY_SPEC as PrecompiledTemplate);

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
  return summaryPage(summaryView(input, opts));
}
