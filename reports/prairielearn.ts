/**
 * PrairieLearn's external-grading results.json (docs/externalGrading.md, "Grading results"):
 * `score` in [0, 1], `gradable`, `message` and `output` at the top, and `tests[]` with `name`,
 * `description`, `points`, `max_points`, `message` and `output`, which the
 * `<pl-external-grader-results>` element renders. `succeeded: true` and `max_points` are written
 * as PrairieLearn's own Python grader writes them.
 *
 * One test per question, so the element's sum of `points` is the question points the student
 * earned (cases carry fractional shares that would round badly one by one). A submission whose
 * code never ran — intake refused its files, or its module did not load — is `gradable: false`
 * with the reason in `format_errors`: PrairieLearn then awards and deducts nothing and does not
 * count the attempt, as its docs prescribe for "a syntax error that prevented compilation". So is
 * an ungradable result (a harness failure). The reason is shown once, at the top; the questions
 * it stopped say so in one line each.
 */
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { relativizePaths } from './host-paths.js';
import { misconceptionHint } from './misconception-hint.js';
import { formatScore, roundScore } from './numbers.js';
import { formatCount } from './plural.js';
import { clip } from './text.js';

export interface PrairieLearnTest {
  readonly name: string;
  readonly description: string;
  readonly points: number;
  readonly max_points: number;
  readonly message: string;
  readonly output: string;
}

export interface PrairieLearnResults {
  readonly succeeded: true;
  readonly gradable: boolean;
  readonly score: number;
  readonly max_points: number;
  readonly message: string;
  readonly output: string;
  readonly format_errors?: readonly string[];
  readonly tests: readonly PrairieLearnTest[];
}

/** What a harness failure knows about the exercise, if it got as far as loading it. */
export interface PrairieLearnFailure {
  readonly reason: string;
  readonly questions?: readonly { readonly id: string; readonly title: string; readonly points: number }[];
}

// The file must stay under PrairieLearn's 1 MB limit: 6 questions × 8 KB, plus the top.
const TEST_OUTPUT_LIMIT = 8000;
const OUTPUT_LIMIT = 16_000;

/** The results.json object of one graded (or ungradable) submission. */
export function prairieLearnResults(result: SubmissionResult): PrairieLearnResults {
  const show = (text: string, limit: number): string => clip(relativizePaths(text, result.submission.path), limit);
  const notRun = result.status === 'ungradable' || result.loadError !== undefined;
  const reason = result.status === 'ungradable' ? (result.error ?? 'ungradable') : (result.loadError ?? '');
  const provenance = `${result.exercise.id} ${result.exercise.version}, ${result.variant.visibility} cases, ${result.isolation} isolation, convgrade ${result.harness.version}`;
  const printed =
    result.variant.visibility === 'public' && result.output !== undefined
      ? `${result.output.stdout}${result.output.stderr}`
      : '';
  return {
    succeeded: true,
    gradable: !notRun,
    score: notRun || result.maxScore <= 0 ? 0 : clamp01(result.score / result.maxScore),
    max_points: roundScore(result.maxScore),
    message: [
      notRun
        ? `Your submission could not be graded, so this attempt does not count: ${show(reason, 2000)}`
        : `Score: ${formatScore(result.score)} / ${formatScore(result.maxScore)} (${provenance})`,
      ...(result.submission.notes ?? []).map((note) => `Note: ${show(note, 300)}`),
    ].join('\n'),
    output: printed === '' ? '' : show(printed, OUTPUT_LIMIT),
    ...(notRun ? { format_errors: [show(reason, 2000)] } : {}),
    tests: result.questions.map((q) => questionTest(q, result, notRun, show)),
  };
}

/** results.json text of one submission (2-space indented, newline-terminated). */
export function renderPrairieLearn(result: SubmissionResult): string {
  return `${JSON.stringify(prairieLearnResults(result), null, 2)}\n`;
}

/**
 * results.json for a run that failed before it had a result (no settings, no exercise, a harness
 * bug): not gradable, the reason at the top, and one test per question when the exercise is known.
 */
export function renderPrairieLearnFailure(failure: PrairieLearnFailure): string {
  const reason = clip(failure.reason, 2000);
  const questions = failure.questions ?? [];
  const results: PrairieLearnResults = {
    succeeded: true,
    gradable: false,
    score: 0,
    max_points: roundScore(questions.reduce((sum, q) => sum + q.points, 0)),
    message: `The autograder could not grade this submission, so this attempt does not count: ${reason}`,
    output: '',
    format_errors: [reason],
    tests: questions.map((q) => ({
      name: `${q.id}: ${q.title}`,
      description: '',
      points: 0,
      max_points: roundScore(q.points),
      message: 'Not run: the autograder failed (see the message above).',
      output: '',
    })),
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}

function questionTest(
  q: QuestionResult,
  result: SubmissionResult,
  notRun: boolean,
  show: (text: string, limit: number) => string,
): PrairieLearnTest {
  const stopped = result.status === 'ungradable' || (result.loadError !== undefined && q.answeredBy === 'function');
  const lines = stopped
    ? []
    : q.cases.map((c) => `${c.status === 'passed' ? 'PASS' : c.status.toUpperCase()} ${c.id}: ${c.message}`);
  const hints = q.misconceptions.map(
    (id) => `Likely mistake (${id}): ${misconceptionHint(q, id) ?? 'see the course notes'}`,
  );
  const message = stopped
    ? 'Not run: the submission did not load (see the message above).'
    : q.status === 'missing'
      ? 'No answer found for this question.'
      : [statusLine(q), ...hints, ...(q.notes ?? []).map((note) => `Note: ${note}`)].join('\n');
  return {
    name: `${q.id}: ${q.title}`,
    description: answeredBy(q),
    points: notRun ? 0 : roundScore(q.score),
    max_points: roundScore(q.maxScore),
    message: show(message, 2000),
    output: show(lines.join('\n'), TEST_OUTPUT_LIMIT),
  };
}

function statusLine(q: QuestionResult): string {
  const passed = q.cases.filter((c) => c.status === 'passed').length;
  if (q.cases.length === 0) return q.status === 'passed' ? 'Right.' : 'Not right.';
  return `${passed} of ${formatCount(q.cases.length, 'case')} right.`;
}

function answeredBy(q: QuestionResult): string {
  switch (q.answeredBy) {
    case 'function':
      return 'Checked by calling your code.';
    case 'formula':
      return 'Checked from the formula in answers.yaml.';
    case 'choice':
      return 'Checked from the choice in answers.yaml.';
    case 'none':
      return '';
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, Math.round(x * 1e6) / 1e6));
}
