/**
 * GitHub Classroom's runner result, the `result` step output that
 * classroom-resources/autograding-grading-reporter decodes: base64 of
 * `{version: 1, status, max_score, tests: [{name, status, message, score}]}` (the runners' optional
 * `line_no` and `execution_time` are left out: the result has no source lines and no per-question times).
 * The reporter adds up `tests[].score` against `max_score`, so there is one test per question
 * carrying its points; `tests` is always present (an ungradable submission gets one erroring
 * test) and `max_score` is a whole number, as the reporter expects.
 */
import type { SubmissionResult } from '../grader/result.js';
import { roundScore } from './numbers.js';
import { misconceptionHint } from './misconception-hint.js';
import { clip } from './text.js';

export interface ClassroomTest {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly message: string;
  readonly score: number;
}

export interface ClassroomResult {
  readonly version: 1;
  readonly status: 'pass' | 'fail' | 'error';
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

/**
 * The runner result object. When the maximum is not a whole number it is rounded and every
 * test score scaled by the same factor, so the reporter's sum stays the right share.
 */
export function classroomResult(result: SubmissionResult): ClassroomResult {
  const maxScore = Math.max(0, Math.round(result.maxScore));
  const factor = result.maxScore > 0 ? maxScore / result.maxScore : 0;
  if (result.status === 'ungradable') {
    return {
      version: 1,
      status: 'error',
      max_score: maxScore,
      tests: [
        {
          name: 'Submission could not be graded',
          status: 'error',
          message: clip(result.error ?? 'ungradable', 2000),
          score: 0,
        },
      ],
    };
  }
  const tests = result.questions.map((q): ClassroomTest => {
    const errored = q.status === 'error';
    const failing = q.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`);
    const hints = q.misconceptions.map((id) => `Likely mistake (${id}): ${misconceptionHint(q, id) ?? ''}`);
    return {
      name: `${q.id}: ${q.title}`,
      status: q.status === 'passed' ? 'pass' : errored ? 'error' : 'fail',
      message: clip(
        [q.status === 'missing' ? 'No answer found.' : '', ...failing, ...hints].filter(Boolean).join('\n'),
        2000,
      ),
      score: roundScore(q.score * factor),
    };
  });
  const status = tests.every((t) => t.status === 'pass') ? 'pass' : 'fail';
  return { version: 1, status, max_score: maxScore, tests };
}

/** Base64 (of UTF-8) of the runner result JSON, ready for `core.setOutput('result', …)`. */
export function renderClassroom(result: SubmissionResult): string {
  return base64(new TextEncoder().encode(JSON.stringify(classroomResult(result))));
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
