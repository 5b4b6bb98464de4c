/**
 * GitHub Classroom's runner result, the `result` step output that
 * classroom-resources/autograding-grading-reporter decodes: base64 of
 * `{version: 1, status, max_score, tests: [{name, status, message, score, line_no}]}`.
 *
 * The reporter reads it twice, differently. The Classroom dashboard gets Σ tests[].score out of
 * max_score. The reporter's own log and table ignore `score`: a runner's points there are
 * (tests passed ÷ tests) × max_score, so every test weighs the same. For the two to agree, each
 * test is one equal unit of points: a question worth 2 points is two tests of 1 point ("q1: … —
 * point 1 of 2"), with the unit the largest of 1, ½, ¼, ⅕, … that divides every question's
 * points (one test per question when none does within 100 tests). A wholly right or wholly
 * wrong question then reads the same in both. Partial credit cannot: a unit is passed or not.
 * The units passed are chosen so that the table's total is the dashboard's total rounded to the
 * nearest unit, with two rules that keep each line honest: a question never shows more units
 * passed than it earned rounded up, nor all of them unless it is fully right. (docs/tas.md has
 * the worked numbers.)
 *
 * The reporter prints `line ${line_no}` after a name unless line_no is 0, so it is 0 (the result
 * has no source lines). For an `error` test it prints only the message, so an error's message
 * starts with the test's name, and a load error is printed once: on the first unit of the first
 * question it stopped; the other units of stopped questions fail quietly.
 */
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { relativizePaths } from './host-paths.js';
import { misconceptionHint } from './misconception-hint.js';
import { roundScore } from './numbers.js';
import { clip } from './text.js';

export interface ClassroomTest {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly message: string;
  readonly score: number;
  readonly line_no: 0;
}

export interface ClassroomResult {
  readonly version: 1;
  readonly status: 'pass' | 'fail' | 'error';
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

const UNITS = [1, 1 / 2, 1 / 4, 1 / 5, 1 / 10, 1 / 20, 1 / 25, 1 / 50, 1 / 100];
const MAX_TESTS = 100;
const MESSAGE_LIMIT = 2000;

/**
 * The runner result object. When the maximum is not a whole number it is rounded and every
 * score scaled by the same factor, so the reporter's sum stays the right share.
 */
export function classroomResult(result: SubmissionResult): ClassroomResult {
  const maxScore = Math.max(0, Math.round(result.maxScore));
  const factor = result.maxScore > 0 ? maxScore / result.maxScore : 0;
  const show = (text: string): string => clip(relativizePaths(text, result.submission.path), MESSAGE_LIMIT);
  if (result.status === 'ungradable') {
    const name = 'Submission could not be graded';
    return {
      version: 1,
      status: 'error',
      max_score: maxScore,
      tests: [
        { name, status: 'error', message: show(`${name}: ${result.error ?? 'ungradable'}`), score: 0, line_no: 0 },
      ],
    };
  }
  const points = result.questions.map((q) => q.maxScore * factor);
  const unit = UNITS.find((u) => fitsUnit(points, u)) ?? 0;
  const units = points.map((p) => (unit > 0 ? Math.round(p / unit) : 1));
  const earned = result.questions.map((q) => (unit > 0 ? (q.score * factor) / unit : q.status === 'passed' ? 1 : 0));
  const passed = passedUnits(result.questions, units, earned);
  let loadErrorShown = false;
  const tests = result.questions.flatMap((q, k): ClassroomTest[] => {
    const count = units[k] ?? 1;
    const stopped = result.loadError !== undefined && q.answeredBy === 'function';
    const errored = q.status === 'error' && (!stopped || !loadErrorShown);
    let message = questionMessage(q, stopped);
    if (stopped) {
      message = loadErrorShown
        ? ''
        : `${q.cases[0]?.message ?? result.loadError ?? ''}\nNo question answered by code was run.`;
      loadErrorShown = true;
    }
    const scores = unitScores(q.score * factor, unit, count);
    return scores.map((score, j) => {
      const name = count === 1 ? `${q.id}: ${q.title}` : `${q.id}: ${q.title} — ${unitName(unit)} ${j + 1} of ${count}`;
      const status = j < (passed[k] ?? 0) ? 'pass' : j === 0 && errored ? 'error' : 'fail';
      const text = j === 0 && message !== '' ? (status === 'error' ? `${name}: ${message}` : message) : '';
      return { name, status, message: show(text), score, line_no: 0 };
    });
  });
  const status = tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: maxScore, tests };
}

/** Base64 (of UTF-8) of the runner result JSON, ready for `core.setOutput('result', …)`. */
export function renderClassroom(result: SubmissionResult): string {
  return base64(new TextEncoder().encode(JSON.stringify(classroomResult(result))));
}

function fitsUnit(points: readonly number[], unit: number): boolean {
  const total = points.reduce((sum, p) => sum + p, 0);
  if (total <= 0 || total / unit > MAX_TESTS + 1e-9) return false;
  // A question worth 0 points gets no unit (and no test line): it cannot move either total.
  return points.every((p) => p >= 0 && Math.abs(p / unit - Math.round(p / unit)) < 1e-9);
}

/**
 * How many units of each question pass: between ⌊earned⌋ and ⌈earned⌉ (never all of a question
 * that is not fully right), adding up to the total earned rounded to the nearest unit where the
 * bounds allow; the largest remainders round up first, ties in question order.
 */
function passedUnits(
  questions: readonly QuestionResult[],
  units: readonly number[],
  earned: readonly number[],
): number[] {
  const eps = 1e-9;
  const low = earned.map((e) => Math.floor(e + eps));
  const high = earned.map((e, k) => {
    const up = Math.min(Math.ceil(e - eps), units[k] ?? 0);
    return questions[k]?.status === 'passed' ? up : Math.min(up, Math.max(0, (units[k] ?? 0) - 1));
  });
  const passed = low.map((l, k) => Math.min(l, high[k] ?? l));
  const target = Math.round(earned.reduce((sum, e) => sum + e, 0) + eps);
  let missing = target - passed.reduce((sum, p) => sum + p, 0);
  const order = earned
    .map((e, k) => ({ k, rest: e - Math.floor(e + eps) }))
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (const { k } of order) {
    if (missing <= 0) break;
    if ((passed[k] ?? 0) < (high[k] ?? 0)) {
      passed[k] = (passed[k] ?? 0) + 1;
      missing -= 1;
    }
  }
  return passed;
}

/** The question's points split over its units: whole units first, the fraction next, the rest 0. */
function unitScores(score: number, unit: number, count: number): number[] {
  if (unit <= 0) return [roundScore(score)];
  const scores: number[] = [];
  let left = score;
  for (let j = 0; j < count; j++) {
    const share = Math.max(0, Math.min(unit, left));
    scores.push(roundScore(share));
    left -= share;
  }
  return scores;
}

function unitName(unit: number): string {
  return unit === 1 ? 'point' : 'part';
}

function questionMessage(q: QuestionResult, stopped: boolean): string {
  if (stopped) return '';
  if (q.status === 'missing') return 'No answer found.';
  // Cases failing with the same message are listed once: "q5#1, q5#2: gradKernel raised …".
  const byMessage = new Map<string, string[]>();
  for (const c of q.cases)
    if (c.status !== 'passed') byMessage.set(c.message, [...(byMessage.get(c.message) ?? []), c.id]);
  const failing = [...byMessage].map(([message, ids]) => `${ids.join(', ')}: ${message}`);
  const hints = q.misconceptions.map((id) => `Likely mistake (${id}): ${misconceptionHint(q, id) ?? ''}`);
  return [...failing, ...hints, ...(q.notes ?? []).map((note) => `Note: ${note}`)].join('\n');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (reports/ uses no node:* module, so no Buffer). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let k = 0; k < bytes.length; k += 3) {
    const a = bytes[k] ?? 0;
    const b = bytes[k + 1] ?? 0;
    const c = bytes[k + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    out += k + 1 < bytes.length ? ALPHABET.charAt((n >> 6) & 63) : '=';
    out += k + 2 < bytes.length ? ALPHABET.charAt(n & 63) : '=';
  }
  return out;
}
