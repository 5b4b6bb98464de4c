/**
 * The view model of the per-submission page: everything the template prints, already decided.
 * Hidden-variant results never show inputs, expected or actual values, or the captured output
 * (a program can print its hidden inputs), even when a result carries them by mistake.
 */
import type { CaseResult, CaseStatus, QuestionResult, QuestionStatus, SubmissionResult } from '../grader/result.js';
import type { ArrayFigureView } from './array-figure.js';
import { buildArrayFigure } from './array-figure.js';
import { misconceptionHint } from './misconception-hint.js';
import { formatScore, formatValue } from './numbers.js';
import { formatCount } from './plural.js';
import { relativizePaths } from './host-paths.js';
import { clip } from './text.js';

const ISOLATION_LABEL: Readonly<Record<SubmissionResult['isolation'], string>> = {
  strict: 'strict (sandboxed)',
  uid: 'uid (a separate unprivileged user, no namespaces)',
  basic: 'basic (no sandbox)',
};

/** Characters of each captured stream shown on the page. */
export const OUTPUT_LIMIT = 8000;
const FOLD_AT = 160;

export interface CaseView {
  readonly id: string;
  readonly status: CaseStatus;
  readonly statusLabel: string;
  readonly message: string;
  readonly values: readonly { readonly label: string; readonly text: string }[];
  /** Long values are folded away behind a "show" toggle. */
  readonly valuesFolded: boolean;
  readonly valuesLabel: string;
  readonly figure: ArrayFigureView | null;
}

export interface QuestionView {
  readonly id: string;
  readonly anchor: string;
  readonly title: string;
  readonly status: QuestionStatus;
  readonly statusLabel: string;
  readonly points: string;
  readonly misconceptions: readonly { readonly id: string; readonly hint: string }[];
  /** What the values show where no misconception matched ("a constant factor", "shifted"), once each. */
  readonly diagnoses: readonly string[];
  /** How the question was graded: code or answers.yaml and why, float32 precision, a choice by its text. */
  readonly notes: readonly string[];
  readonly emptyNote: string;
  readonly allPassed: boolean;
  readonly passedSummary: string;
  /** The solution did not load: the cases are not listed (the reason is shown once, at the top). */
  readonly notRun: boolean;
  readonly cases: readonly CaseView[];
}

export interface OutputView {
  readonly shown: boolean;
  readonly summary: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly harnessTruncated: boolean;
  readonly withheldNote: string;
}

export interface SubmissionView {
  readonly pageTitle: string;
  readonly harnessVersion: string;
  readonly summaryHref: string;
  readonly exerciseTitle: string;
  readonly studentId: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly provenance: readonly { readonly label: string; readonly value: string; readonly title: string }[];
  readonly score: string;
  readonly maxScore: string;
  readonly percent: number;
  readonly scoreClass: 'good' | 'mid' | 'low';
  readonly passedLine: string;
  readonly ungradable: boolean;
  readonly error: string;
  /** The module did not load (or intake refused the files): shown once, above the questions. */
  readonly loadError: string;
  /** What intake changed on the way (the IPython magics dropped from a notebook). */
  readonly notes: readonly string[];
  readonly basicIsolation: boolean;
  readonly isolationNote: string;
  readonly hidden: boolean;
  readonly questions: readonly QuestionView[];
  /** The questions drawn as sections: none for an ungradable submission, where nothing ran. */
  readonly sections: readonly QuestionView[];
  readonly toFix: readonly QuestionView[];
  readonly toFixTitle: string;
  readonly output: OutputView;
}

export interface SubmissionViewOptions {
  /** Link back to the class summary, shown at the top when given. */
  readonly summaryHref?: string;
}

const QUESTION_LABELS: Readonly<Record<QuestionStatus, string>> = {
  passed: 'Passed',
  partial: 'Partly right',
  failed: 'Wrong',
  error: 'Crashed',
  missing: 'Not answered',
};
const CASE_LABELS: Readonly<Record<CaseStatus, string>> = {
  passed: 'passed',
  failed: 'wrong',
  error: 'crashed',
  timeout: 'timed out',
};

/** Everything the per-submission page shows, decided here rather than in the template. */
export function submissionView(result: SubmissionResult, options: SubmissionViewOptions = {}): SubmissionView {
  const hidden = result.variant.visibility === 'hidden';
  const ungradable = result.status === 'ungradable';
  const show = (text: string, limit: number): string => clip(relativizePaths(text, result.submission.path), limit);
  const loadError = ungradable ? '' : (result.loadError ?? '');
  const questions = result.questions.map((q) =>
    questionView(q, { hidden, ungradable, notRun: loadError !== '' && q.answeredBy === 'function', show }),
  );
  const toFix = ungradable ? [] : questions.filter((q) => q.status !== 'passed');
  const percent =
    result.maxScore > 0 ? Math.max(0, Math.min(100, Math.round((100 * result.score) / result.maxScore))) : 0;
  return {
    pageTitle: `${result.submission.id} · ${result.exercise.title} · ${formatScore(result.score)}/${formatScore(result.maxScore)}`,
    harnessVersion: result.harness.version,
    summaryHref: options.summaryHref ?? '',
    exerciseTitle: result.exercise.title,
    studentId: result.submission.id,
    status: result.status,
    statusLabel: result.status === 'graded' ? 'graded' : 'not gradable',
    provenance: provenance(result),
    score: formatScore(result.score),
    maxScore: formatScore(result.maxScore),
    percent,
    scoreClass: percent >= 90 ? 'good' : percent >= 50 ? 'mid' : 'low',
    passedLine: `${result.questions.filter((q) => q.status === 'passed').length} of ${formatCount(result.questions.length, 'question')} fully right`,
    ungradable,
    error: show(result.error ?? '', 2000),
    loadError: show(loadError, 2000),
    notes: result.submission.notes ?? [],
    basicIsolation: result.isolation === 'basic',
    isolationNote: result.isolationNote ?? '',
    hidden: hidden && !ungradable,
    questions,
    sections: ungradable ? [] : questions,
    toFix,
    toFixTitle: toFix.length === 1 ? 'One question to fix:' : `${formatCount(toFix.length, 'question')} to fix:`,
    output: outputView(result, hidden, show),
  };
}

function provenance(result: SubmissionResult): SubmissionView['provenance'] {
  const { exercise, submission } = result;
  const row = (label: string, value: string, title = ''): SubmissionView['provenance'][number] => ({
    label,
    value,
    title,
  });
  return [
    row('Exercise', `${exercise.id} · version ${exercise.version}`),
    row('Spec', exercise.specSha256.slice(0, 12), `sha256 ${exercise.specSha256}`),
    row(
      'Cases',
      result.variant.visibility === 'public' ? 'public (the self-check cases)' : 'hidden (the graded cases)',
    ),
    row('Isolation', ISOLATION_LABEL[result.isolation]),
    row('Harness', `convgrade ${result.harness.version}`),
    row(
      'Submission',
      `${submission.language ?? 'no language detected'} · ${submission.sha256.slice(0, 12)}`,
      `sha256 ${submission.sha256}`,
    ),
    row('Graded at', `${result.gradedAt} in ${formatScore(result.durationMs / 1000)} s`),
  ];
}

interface QuestionContext {
  readonly hidden: boolean;
  readonly ungradable: boolean;
  readonly notRun: boolean;
  readonly show: (text: string, limit: number) => string;
}

function questionView(q: QuestionResult, context: QuestionContext): QuestionView {
  const { hidden, ungradable, notRun } = context;
  const allPassed = q.status === 'passed' && q.cases.length > 0;
  let figureShown = false;
  const cases = (notRun ? [] : q.cases).map((c) => {
    const view = caseView(c, hidden, !figureShown, context.show);
    figureShown ||= view.figure !== null;
    return view;
  });
  return {
    id: q.id,
    anchor: `question-${q.id.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    title: q.title,
    status: q.status,
    statusLabel: ungradable || notRun ? 'Not run' : QUESTION_LABELS[q.status],
    points: `${formatScore(q.score)} / ${formatScore(q.maxScore)}`,
    misconceptions: misconceptions(q),
    diagnoses: diagnoses(q),
    notes: (q.notes ?? []).map((note) => context.show(note, 2000)),
    emptyNote: notRun
      ? `Not run: your solution did not load (see the top of the page), so none of the ${formatCount(q.cases.length, 'case')} of ${q.id} was run.`
      : q.cases.length === 0
        ? emptyNote(q)
        : '',
    allPassed,
    notRun,
    passedSummary:
      q.cases.length === 1 ? 'The one case passed (show)' : `All ${formatCount(q.cases.length, 'case')} passed (show)`,
    cases,
  };
}

function emptyNote(q: QuestionResult): string {
  if (q.status === 'missing')
    return `No answer was found for ${q.id}: export the function, or answer it in answers.yaml.`;
  return 'No cases were run for this question.';
}

/** The generic diagnoses' kinds in words, for the "Likely mistake" column. */
const DIAGNOSIS_LABELS: Readonly<Record<string, string>> = {
  factor: 'off by a constant factor',
  sign: 'sign flipped',
  transpose: 'transposed',
  flip: 'flipped',
  rotate: 'rotated',
  shift: 'shifted',
  border: 'border wrong',
  interior: 'interior wrong',
  input: 'an input returned',
  constant: 'constant',
  offset: 'off by a small integer',
  shape: 'wrong shape',
};

function diagnoses(q: QuestionResult): readonly string[] {
  const kinds = [...new Set(q.cases.flatMap((c) => (c.diagnosis === undefined ? [] : [c.diagnosis])))];
  return kinds.map((kind) => DIAGNOSIS_LABELS[kind] ?? kind);
}

function misconceptions(q: QuestionResult): QuestionView['misconceptions'] {
  return q.misconceptions.map((id) => ({ id, hint: misconceptionHint(q, id) ?? '' }));
}

function caseView(
  c: CaseResult,
  hidden: boolean,
  figureAllowed: boolean,
  show: (text: string, limit: number) => string,
): CaseView {
  const showValues = !hidden && c.status !== 'passed';
  const figure = showValues && figureAllowed && c.status === 'failed' ? buildArrayFigure(c.expected, c.actual) : null;
  const values: { label: string; text: string }[] = [];
  if (showValues) {
    if (c.inputs !== undefined) values.push({ label: 'Inputs', text: clip(formatValue(c.inputs, 600), 700) });
    if (figure === null && c.expected !== undefined)
      values.push({ label: 'Expected', text: clip(formatValue(c.expected), 500) });
    if (figure === null && c.actual !== undefined)
      values.push({ label: 'Yours', text: clip(formatValue(c.actual), 500) });
  }
  const valuesFolded = values.some((v) => v.text.length > FOLD_AT);
  const valuesLabel = `Show ${values
    .map((v) => v.label.toLowerCase())
    .join(', ')
    .replace(/, ([^,]*)$/, ' and $1')}`;
  return {
    id: c.id,
    status: c.status,
    statusLabel: CASE_LABELS[c.status],
    message: show(c.message, 2000),
    values,
    valuesFolded,
    valuesLabel,
    figure,
  };
}

function outputView(
  result: SubmissionResult,
  hidden: boolean,
  show: (text: string, limit: number) => string,
): OutputView {
  const output = result.output;
  if (output === undefined || (output.stdout === '' && output.stderr === '')) {
    return { shown: false, summary: '', stdout: '', stderr: '', harnessTruncated: false, withheldNote: '' };
  }
  if (hidden) {
    return {
      shown: false,
      summary: '',
      stdout: '',
      stderr: '',
      harnessTruncated: false,
      withheldNote:
        'Your program printed output while running the hidden cases; it is not shown here because it could reveal those cases.',
    };
  }
  const size = (text: string): string => formatCount(text.length, 'character');
  return {
    shown: true,
    summary: `stdout ${size(output.stdout)}, stderr ${size(output.stderr)} (click to open or close)`,
    stdout: show(output.stdout, OUTPUT_LIMIT) || '(empty)',
    stderr: show(output.stderr, OUTPUT_LIMIT) || '(empty)',
    harnessTruncated: output.truncated,
    withheldNote: '',
  };
}
