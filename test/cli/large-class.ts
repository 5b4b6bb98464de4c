/**
 * A large, varied class for the whole-class outputs: results derived deterministically from the
 * public fixtures of the sample class, with ids of every kind the sort order meets (digits,
 * capitals, `_`, lower case), fractional partial scores whose sums round differently in another
 * order, misconceptions with and without hints, ungradable submissions, one result with its
 * questions in another order, one with an extra question and one with a question twice. Every
 * result has the same exercise, spec and variants, so `report` and `merge` accept the lot.
 */
import type { CaseResult, QuestionResult, QuestionStatus, SubmissionResult } from '../../grader/result.js';
import { loadResult } from '../reports/helpers.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A small deterministic generator (LCG): the same seed gives the same class. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const STATUSES: readonly QuestionStatus[] = ['passed', 'passed', 'passed', 'partial', 'failed', 'error', 'missing'];

export function largeClass(count: number, seed = 20261202): SubmissionResult[] {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const bases = ['alice-perfect', 'bob-q5-flipped', 'carol-q3-shape', 'dave-crash-timeout'].map(loadResult);
  const shapes = [
    (k: number) => `s${k}`,
    (k: number) => `S-${k}`,
    (k: number) => `${k}x`,
    (k: number) => `student_${k}`,
    (k: number) => `Z${k}`,
  ];
  const results: SubmissionResult[] = [];
  for (let k = 0; k < count; k++) {
    const id = pick(shapes)(k);
    const r = structuredClone(pick(bases)) as Mutable<SubmissionResult>;
    r.submission = { ...r.submission, id, path: `/submissions/${id}`, sha256: hex(random) };
    r.gradedAt = new Date(Date.UTC(2026, 0, 1, 9, 0, k % 60, k % 1000)).toISOString();
    r.durationMs = Math.floor(random() * 5000);
    let questions = r.questions.map((q) => vary(q, random, pick));
    if (random() < 0.08) {
      r.status = 'ungradable';
      r.error = `Internal error while grading (the submission was not scored): Error: disk ${k} full`;
      questions = questions.map((q) => ({ ...q, status: 'missing', score: 0, misconceptions: [], cases: [] }));
    }
    if (k === 3) questions = [...questions].reverse();
    if (k === 5) {
      const first = questions[0];
      if (first !== undefined) questions.push({ ...first, id: 'q7', title: 'Q7 an extra question', maxScore: 1 });
      r.maxScore = 12;
    }
    if (k === 7) {
      const first = questions[0];
      if (first !== undefined) questions.push({ ...first, score: 0, status: 'failed' });
    }
    r.questions = questions;
    r.score = r.status === 'ungradable' ? 0 : questions.reduce((sum, q) => sum + q.score, 0);
    results.push(r);
  }
  return results;
}

function vary(q: QuestionResult, random: () => number, pick: <T>(items: readonly T[]) => T): QuestionResult {
  const status = pick(STATUSES);
  const score =
    status === 'passed' ? q.maxScore : status === 'partial' ? (q.maxScore * (1 + pick([0, 1, 2, 3, 4, 5]))) / 7 : 0;
  const cases: CaseResult[] = q.cases.map(({ misconception: _m, hint: _h, ...c }) => c);
  const misconceptions: string[] = [];
  if ((status === 'failed' || status === 'partial') && random() < 0.6) {
    const id = `${q.id}.wrong-${pick(['a', 'b', 'c'])}`;
    misconceptions.push(id);
    const withHint = random() < 0.6;
    const first = cases[0];
    if (first !== undefined)
      cases[0] = { ...first, misconception: id, ...(withHint ? { hint: `Think again about ${id}.` } : {}) };
  }
  return { ...q, status, score, misconceptions, cases };
}

function hex(random: () => number): string {
  let text = '';
  while (text.length < 64)
    text += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return text.slice(0, 64);
}
