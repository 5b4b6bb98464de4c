/**
 * The view model of the class summary page: counts and score statistics, the histogram drawn as
 * SVG bars, pass rates per question, misconceptions with their students, and the student table.
 */
import type { QuestionStatus } from '../grader/result.js';
import { asDigest, type ClassDigest, type ClassInput, type StudentRow } from './class-digest.js';
import { formatPercent, formatScore } from './numbers.js';
import { formatCount } from './plural.js';
import type { Bin } from './stats.js';
import { classStats, histogram } from './stats.js';

export interface SummaryViewOptions {
  /** Where the report of a student lives, relative to the summary page. */
  readonly reportHref: (id: string) => string;
}

export interface HistogramView {
  readonly width: number;
  readonly height: number;
  readonly baseline: number;
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly bars: readonly {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
    readonly mid: number;
    readonly count: string;
    readonly label: string;
    readonly tip: string;
  }[];
  readonly yTicks: readonly { readonly y: number; readonly text: string }[];
  readonly ariaLabel: string;
}

/** Everything the class summary shows but the student rows. */
export interface SummaryHeadView {
  readonly pageTitle: string;
  readonly exerciseTitle: string;
  readonly exerciseLine: string;
  readonly total: number;
  readonly totalLabel: string;
  readonly graded: number;
  readonly ungradable: number;
  readonly mean: string;
  readonly median: string;
  readonly range: string;
  readonly maxScore: string;
  readonly histogram: HistogramView;
  readonly questions: readonly {
    readonly id: string;
    readonly title: string;
    readonly passRate: string;
    readonly mean: string;
    readonly segments: readonly { readonly status: string; readonly width: number; readonly tip: string }[];
    readonly breakdown: string;
  }[];
  readonly misconceptions: readonly {
    readonly id: string;
    readonly count: number;
    readonly hint: string;
    readonly students: readonly { readonly id: string; readonly href: string }[];
  }[];
  readonly questionHeads: readonly { readonly id: string; readonly title: string }[];
}

/** One row of the student table. */
export interface StudentRowView {
  readonly id: string;
  readonly href: string;
  readonly score: string;
  readonly scoreSort: number;
  readonly percent: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly cells: readonly { readonly text: string; readonly sort: number; readonly status: string }[];
  readonly misconceptions: string;
}

/** The whole page's view: the head's, and every student row. */
export interface SummaryView extends SummaryHeadView {
  readonly students: readonly StudentRowView[];
}

const SEGMENTS: readonly { readonly status: QuestionStatus; readonly label: string }[] = [
  { status: 'passed', label: 'passed' },
  { status: 'partial', label: 'partly right' },
  { status: 'failed', label: 'wrong' },
  { status: 'error', label: 'crashed' },
  { status: 'missing', label: 'not answered' },
];

/** Everything the class summary shows, from the results or from their digest (one small row per student). */
export function summaryView(input: ClassInput, opts: SummaryViewOptions): SummaryView {
  const digest = asDigest(input);
  const head = summaryHeadView(digest, opts);
  return { ...head, students: digest.rows.map((row) => studentRowView(row, head.questionHeads, opts)) };
}

/** The summary but its student rows: statistics, histogram, questions, misconceptions, table heads. */
export function summaryHeadView(digest: ClassDigest, opts: SummaryViewOptions): SummaryHeadView {
  const stats = classStats(digest);
  const first = digest.first;
  return {
    pageTitle: `Class summary · ${first?.exercise.title ?? 'no submissions'}`,
    exerciseTitle: first?.exercise.title ?? 'No submissions',
    exerciseLine: digest.exerciseLines.join('; '),
    total: stats.total,
    totalLabel: stats.total === 1 ? 'submission' : 'submissions',
    graded: stats.graded,
    ungradable: stats.ungradable,
    mean: formatScore(stats.mean),
    median: formatScore(stats.median),
    range: stats.graded > 0 ? `${formatScore(stats.min)}–${formatScore(stats.max)}` : '–',
    maxScore: formatScore(stats.maxScore),
    histogram: histogramView(histogram(digest.gradedScores, stats.maxScore)),
    questions: stats.questions.map((q) => ({
      id: q.id,
      title: q.title,
      passRate: formatPercent(q.counts.passed, q.attempts),
      mean: `${formatScore(q.meanScore)} / ${formatScore(q.maxScore)}`,
      segments: SEGMENTS.filter((s) => q.counts[s.status] > 0).map((s) => ({
        status: s.status,
        width: q.attempts > 0 ? (100 * q.counts[s.status]) / q.attempts : 0,
        tip: `${q.counts[s.status]} ${s.label}`,
      })),
      breakdown:
        SEGMENTS.filter((s) => q.counts[s.status] > 0)
          .map((s) => `${q.counts[s.status]} ${s.label}`)
          .join(', ') || 'no graded submissions',
    })),
    misconceptions: stats.misconceptions.map((m) => ({
      id: m.id,
      count: m.students.length,
      hint: m.hint,
      students: m.students.map((id) => ({ id, href: opts.reportHref(id) })),
    })),
    // classStats already walked the questions in exercise order; the table columns follow it.
    questionHeads: stats.questions.map(({ id, title }) => ({ id, title })),
  };
}

/** One student's row, with a cell per question head ('–' where the student has no such question). */
export function studentRowView(
  r: StudentRow,
  heads: readonly { readonly id: string }[],
  opts: SummaryViewOptions,
): StudentRowView {
  return {
    id: r.id,
    href: opts.reportHref(r.id),
    score: formatScore(r.score),
    scoreSort: r.score,
    percent: formatPercent(r.score, r.maxScore),
    status: r.status,
    statusLabel: r.status === 'graded' ? 'graded' : 'not gradable',
    cells: heads.map(({ id }) => {
      const q = r.questions.find((item) => item.id === id);
      return q
        ? { text: formatScore(q.score), sort: q.score, status: q.status }
        : { text: '–', sort: -1, status: 'missing' };
    }),
    misconceptions: r.misconceptions.join(', '),
  };
}

const W = 560;
const H = 220;
const LEFT = 40;
const RIGHT = 12;
const TOP = 18;
const BOTTOM = 34;

function histogramView(bins: readonly Bin[]): HistogramView {
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const plotWidth = W - LEFT - RIGHT;
  const plotHeight = H - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, bins.length);
  const step = Math.max(1, Math.ceil(maxCount / 5));
  const yTicks: { y: number; text: string }[] = [];
  for (let v = 0; v <= maxCount; v += step)
    yTicks.push({ y: round(H - BOTTOM - (v / maxCount) * plotHeight), text: String(v) });
  return {
    width: W,
    height: H,
    baseline: H - BOTTOM,
    plotLeft: LEFT,
    plotRight: W - RIGHT,
    bars: bins.map((b, k) => {
      const h = (b.count / maxCount) * plotHeight;
      return {
        x: round(LEFT + k * slot + 2),
        y: round(H - BOTTOM - h),
        w: round(Math.max(1, slot - 4)),
        h: round(h),
        mid: round(LEFT + (k + 0.5) * slot),
        count: b.count > 0 ? String(b.count) : '',
        label: b.label,
        tip: `${formatCount(b.count, 'student')} scored ${b.label === String(b.from) ? `${b.from} to under ${b.to}` : b.label}`,
      };
    }),
    yTicks,
    ariaLabel: `Histogram of scores: ${bins.map((b) => `${b.label}: ${b.count}`).join(', ')}`,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
