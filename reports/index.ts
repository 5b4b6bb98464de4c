/**
 * reports/: pure renderers from SubmissionResult to strings. They import only types from the
 * result model (and handlebars); reading results and writing files is the CLI's job.
 */
export { renderSubmissionHtml, renderSummaryHtml, renderSummaryHtmlPieces } from './html.js';
/** The whole-class outputs from a digest gathered one result at a time (P3: flat memory). */
export { ClassDigestBuilder, digestClass } from './class-digest.js';
export type { ClassDigest, ClassInput, StudentRow } from './class-digest.js';
export type { SubmissionViewOptions as SubmissionHtmlOptions } from './submission-view.js';
export type { SummaryViewOptions as SummaryHtmlOptions } from './summary-view.js';
export { renderGradescope, renderGradescopeFailure, gradescopeResults } from './gradescope.js';
export type {
  GradescopeFailure,
  GradescopeOptions,
  GradescopeResults,
  GradescopeTest,
  GradescopeVisibility,
} from './gradescope.js';
export { JUNIT_HEAD, JUNIT_TAIL, renderJunit, renderJunitSuite } from './junit.js';
export { csvCell, renderCsv } from './csv.js';
export { renderMarkdown } from './markdown.js';
export { renderClassroom, classroomResult } from './classroom.js';
export { renderPrairieLearn, renderPrairieLearnFailure, prairieLearnResults } from './prairielearn.js';
export type { PrairieLearnFailure, PrairieLearnResults, PrairieLearnTest } from './prairielearn.js';
export type { ClassroomResult, ClassroomTest } from './classroom.js';
/** Scores as every output shows them, for the CLI's terminal lines too. */
export { formatScore } from './numbers.js';
/** Counts with the noun in the right number ("1 submission", "2 submissions"). */
export { formatCount } from './plural.js';
