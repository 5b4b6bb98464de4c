/**
 * Class statistics shared by the HTML summary and the Markdown summary. Ungradable submissions
 * are counted but kept out of the score statistics (mean, median, histogram, pass rates): they
 * measure a packaging problem, not what the class knows.
 */
import type { QuestionStatus } from '../grader/result.js';
import { asDigest, type ClassInput } from './class-digest.js';

export interface QuestionStats {
  readonly id: string;
  readonly title: string;
  readonly maxScore: number;
  /** Graded submissions that have this question. */
  readonly attempts: number;
  readonly counts: Readonly<Record<QuestionStatus, number>>;
  readonly meanScore: number;
}

export interface MisconceptionStats {
  readonly id: string;
  readonly hint: string;
  /** Student ids in the order of the results. */
  readonly students: readonly string[];
}

export interface ClassStats {
  readonly total: number;
  readonly graded: number;
  readonly ungradable: number;
  readonly maxScore: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly questions: readonly QuestionStats[];
  readonly misconceptions: readonly MisconceptionStats[];
}

/** Question ids in exercise order: the order of the first result, then any new ones in first-seen order. */
export function questionOrder(
  input: ClassInput,
): { readonly id: string; readonly title: string; readonly maxScore: number }[] {
  return asDigest(input).questions.map(({ id, title, maxScore }) => ({ id, title, maxScore }));
}

/** The middle value (mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Counts, score statistics, per-question outcomes and misconceptions of a batch (its results or their digest). */
export function classStats(input: ClassInput): ClassStats {
  const digest = asDigest(input);
  const scores = digest.gradedScores;
  // A loop rather than Math.min(...scores): the same value, without one argument per student.
  let min = scores.length > 0 ? Infinity : 0;
  let max = scores.length > 0 ? -Infinity : 0;
  for (const score of scores) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  return {
    total: digest.total,
    graded: digest.graded,
    ungradable: digest.total - digest.graded,
    maxScore: digest.maxScore,
    mean: scores.length > 0 ? digest.scoreSum / scores.length : 0,
    median: median(scores),
    min,
    max,
    questions: digest.questions.map((q) => ({
      id: q.id,
      title: q.title,
      maxScore: q.maxScore,
      attempts: q.attempts,
      counts: q.counts,
      meanScore: q.attempts > 0 ? q.scoreSum / q.attempts : 0,
    })),
    misconceptions: [...digest.misconceptions].sort(
      (a, b) => b.students.length - a.students.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    ),
  };
}

export interface Bin {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly count: number;
}

/**
 * Score histogram of the graded results: one bin per point when the maximum is at most 20
 * whole points (bin k holds scores in [k, k+1), the last one also the maximum), else 10 equal bins.
 */
export function histogram(scores: readonly number[], maxScore: number): Bin[] {
  const wholePoints = Number.isInteger(maxScore) && maxScore <= 20;
  const count = wholePoints ? Math.max(1, maxScore + 1) : 10;
  const width = wholePoints ? 1 : Math.max(maxScore, 1e-9) / count;
  const bins = Array.from({ length: count }, (_, k) => ({ from: k * width, to: (k + 1) * width, count: 0 }));
  for (const s of scores) {
    const k = Math.min(count - 1, Math.max(0, Math.floor(s / width + 1e-9)));
    const bin = bins[k];
    if (bin) bin.count += 1;
  }
  return bins.map((b) => ({ ...b, label: wholePoints ? String(b.from) : `${round1(b.from)}–${round1(b.to)}` }));
}

function round1(x: number): string {
  return String(Math.round(x * 10) / 10);
}
