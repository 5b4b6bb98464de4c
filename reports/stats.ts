/**
 * Class statistics shared by the HTML summary and the Markdown summary. Ungradable submissions
 * are counted but kept out of the score statistics (mean, median, histogram, pass rates): they
 * measure a packaging problem, not what the class knows.
 */
import type { QuestionStatus, SubmissionResult } from '../grader/result.js';
import { misconceptionHint } from './misconception-hint.js';

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
  results: readonly SubmissionResult[],
): { readonly id: string; readonly title: string; readonly maxScore: number }[] {
  const seen = new Map<string, { id: string; title: string; maxScore: number }>();
  for (const r of results)
    for (const q of r.questions)
      if (!seen.has(q.id)) seen.set(q.id, { id: q.id, title: q.title, maxScore: q.maxScore });
  return [...seen.values()];
}

/** The middle value (mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Counts, score statistics, per-question outcomes and misconceptions of a batch. */
export function classStats(results: readonly SubmissionResult[]): ClassStats {
  const graded = results.filter((r) => r.status === 'graded');
  const scores = graded.map((r) => r.score);
  return {
    total: results.length,
    graded: graded.length,
    ungradable: results.length - graded.length,
    maxScore: Math.max(0, ...results.map((r) => r.maxScore)),
    mean: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    median: median(scores),
    min: scores.length > 0 ? Math.min(...scores) : 0,
    max: scores.length > 0 ? Math.max(...scores) : 0,
    questions: questionOrder(results).map(({ id, title, maxScore }) => questionStats(graded, id, title, maxScore)),
    misconceptions: misconceptionStats(results),
  };
}

function questionStats(
  graded: readonly SubmissionResult[],
  id: string,
  title: string,
  maxScore: number,
): QuestionStats {
  const counts: Record<QuestionStatus, number> = { passed: 0, partial: 0, failed: 0, error: 0, missing: 0 };
  let sum = 0;
  let attempts = 0;
  for (const r of graded) {
    const q = r.questions.find((item) => item.id === id);
    if (!q) continue;
    attempts += 1;
    counts[q.status] += 1;
    sum += q.score;
  }
  return { id, title, maxScore, attempts, counts, meanScore: attempts > 0 ? sum / attempts : 0 };
}

function misconceptionStats(results: readonly SubmissionResult[]): MisconceptionStats[] {
  const byId = new Map<string, { id: string; hint: string; students: string[] }>();
  for (const r of results) {
    for (const q of r.questions) {
      for (const id of q.misconceptions) {
        const entry = byId.get(id) ?? { id, hint: '', students: [] };
        if (!entry.students.includes(r.submission.id)) entry.students.push(r.submission.id);
        if (entry.hint === '') entry.hint = misconceptionHint(q, id) ?? '';
        byId.set(id, entry);
      }
    }
  }
  return [...byId.values()].sort(
    (a, b) => b.students.length - a.students.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
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
