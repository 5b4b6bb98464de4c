/**
 * Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
 * one test per question, so Gradescope's per-test points add up to the question points
 * (cases carry fractional shares that would round badly one by one). Each test's output lists
 * its case messages and the misconception hints. Formats are "text" everywhere: the top-level
 * default, "simple_format", renders HTML, and messages may quote student text.
 *
 * An ungradable submission (nothing could be run) still needs a score, or Gradescope shows an
 * autograder failure with no feedback at all. It gets score 0 — the only value that awards no
 * unearned points — with the reason in `output`, one failed test per question saying it was not
 * run, and `extra_data.status = "ungradable"`, so a TA can filter those submissions and regrade
 * them once fixed instead of mistaking them for real zeros. Its tests use the public visibility
 * even for hidden cases: nothing was run, so nothing is revealed, and the student needs the reason now.
 */
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { formatScore, roundScore } from './numbers.js';
import { misconceptionHint } from './misconception-hint.js';
import { clip } from './text.js';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeOptions {
  /** Visibility of tests graded on public cases (default "visible"). */
  readonly publicVisibility?: GradescopeVisibility;
  /** Visibility of tests graded on hidden cases (default "after_published"). */
  readonly hiddenVisibility?: GradescopeVisibility;
}

export interface GradescopeTest {
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly name: string;
  readonly name_format: 'text';
  readonly number: string;
  readonly output: string;
  readonly output_format: 'text';
  readonly tags: readonly string[];
  readonly visibility: GradescopeVisibility;
  readonly extra_data: Readonly<Record<string, string | number | readonly string[]>>;
}

export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly output_format: 'text';
  readonly test_output_format: 'text';
  readonly test_name_format: 'text';
  readonly visibility: GradescopeVisibility;
  readonly stdout_visibility: 'hidden';
  readonly extra_data: Readonly<Record<string, string | number | null>>;
  readonly tests: readonly GradescopeTest[];
}

const OUTPUT_LIMIT = 4000;

/** The results.json object for one submission. */
export function gradescopeResults(result: SubmissionResult, opts: GradescopeOptions = {}): GradescopeResults {
  const ungradable = result.status === 'ungradable';
  // Nothing of an ungradable submission is secret, and its student must see why at once.
  const visibility =
    ungradable || result.variant.visibility === 'public'
      ? (opts.publicVisibility ?? 'visible')
      : (opts.hiddenVisibility ?? 'after_published');
  return {
    score: ungradable ? 0 : roundScore(result.score),
    execution_time: Math.round(result.durationMs) / 1000,
    output: topOutput(result),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility,
    stdout_visibility: 'hidden',
    extra_data: {
      status: result.status,
      student: result.submission.id,
      language: result.submission.language,
      submissionSha256: result.submission.sha256,
      exercise: result.exercise.id,
      exerciseVersion: result.exercise.version,
      specSha256: result.exercise.specSha256,
      harness: result.harness.version,
      cases: result.variant.visibility,
      seedDerivation: result.variant.seedDerivation,
      isolation: result.isolation,
      gradedAt: result.gradedAt,
      schemaVersion: result.schemaVersion,
    },
    tests: result.questions.map((q, k) => questionTest(q, k, visibility, ungradable)),
  };
}

/** What a harness failure knows: the reason, and the exercise's questions if it got as far as loading them. */
export interface GradescopeFailure {
  readonly reason: string;
  readonly seconds: number;
  readonly harness: string;
  readonly questions?: readonly { readonly id: string; readonly title: string; readonly points: number }[];
}

/**
 * results.json for a run that failed before it had a result (no metadata, damaged settings, a
 * harness bug): score 0, the reason in `output`, `extra_data.status: "ungradable"`, and one
 * failed test per question when the exercise is known (a single "Autograder" test otherwise),
 * so Gradescope shows the questions the student will be graded on instead of an empty list.
 */
export function renderGradescopeFailure(failure: GradescopeFailure): string {
  const reason = clip(failure.reason, 2000);
  const test = (name: string, number: string, maxScore: number, output: string): GradescopeTest => ({
    score: 0,
    max_score: roundScore(maxScore),
    status: 'failed',
    name,
    name_format: 'text',
    number,
    output,
    output_format: 'text',
    tags: [],
    visibility: 'visible',
    extra_data: { status: 'ungradable' },
  });
  const questions = failure.questions ?? [];
  const tests =
    questions.length > 0
      ? questions.map((q, k) =>
          test(
            `${q.id}: ${q.title}`,
            String(k + 1),
            q.points,
            'Not run: the autograder failed (see the top of the page).',
          ),
        )
      : [test('Autograder', '1', 0, `Not run: ${reason}`)];
  const results = {
    score: 0,
    execution_time: Math.round(failure.seconds * 1000) / 1000,
    output: `The autograder could not grade this submission, so it scores 0 for now.\nReason: ${reason}\nIf the reason is about your files, fix them and submit again; otherwise tell the course staff.`,
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    extra_data: { status: 'ungradable', harness: failure.harness, error: reason },
    tests,
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** results.json text for one submission (2-space indented, newline-terminated). */
export function renderGradescope(result: SubmissionResult, opts: GradescopeOptions = {}): string {
  return `${JSON.stringify(gradescopeResults(result, opts), null, 2)}\n`;
}

function topOutput(result: SubmissionResult): string {
  const lines: string[] = [];
  if (result.status === 'ungradable') {
    lines.push(
      'This submission could not be graded, so it scores 0 for now.',
      `Reason: ${clip(result.error ?? 'unknown', 1000)}`,
      'Fix the problem and submit again.',
    );
  } else {
    lines.push(`Score: ${formatScore(result.score)} / ${formatScore(result.maxScore)}`);
  }
  lines.push(
    `Exercise ${result.exercise.id} version ${result.exercise.version} (spec ${result.exercise.specSha256.slice(0, 12)}), convgrade ${result.harness.version}, ${result.variant.visibility} cases.`,
  );
  if (result.isolation === 'basic') lines.push('Isolation: basic (no sandbox) - not safe for untrusted code.');
  for (const note of result.submission.notes ?? []) lines.push(`Note: ${clip(note, 300)}`);
  if (result.variant.visibility === 'public' && result.output && (result.output.stdout || result.output.stderr)) {
    lines.push('', 'Your program printed:', clip(`${result.output.stdout}${result.output.stderr}`, OUTPUT_LIMIT));
  }
  return lines.join('\n');
}

function questionTest(
  q: QuestionResult,
  index: number,
  visibility: GradescopeVisibility,
  ungradable: boolean,
): GradescopeTest {
  const lines: string[] = [];
  if (ungradable) lines.push('Not run: the submission could not be graded (see the top of the page).');
  else if (q.cases.length === 0)
    lines.push(q.status === 'missing' ? 'No answer found for this question.' : 'No cases were run.');
  for (const c of q.cases)
    lines.push(`${c.status === 'passed' ? 'PASS' : c.status.toUpperCase()} ${c.id}: ${clip(c.message, 600)}`);
  for (const id of q.misconceptions) {
    const hint = misconceptionHint(q, id);
    lines.push('', `Likely mistake (${id}): ${hint ?? 'see the course notes'}`);
  }
  for (const note of q.notes ?? []) lines.push('', `Note: ${clip(note, 600)}`);
  return {
    score: ungradable ? 0 : roundScore(q.score),
    max_score: roundScore(q.maxScore),
    status: !ungradable && q.status === 'passed' ? 'passed' : 'failed',
    name: `${q.id}: ${q.title}`,
    name_format: 'text',
    number: String(index + 1),
    output: clip(lines.join('\n'), OUTPUT_LIMIT),
    output_format: 'text',
    tags: [q.id, ...q.misconceptions],
    visibility,
    extra_data: { question: q.id, status: ungradable ? 'ungradable' : q.status, misconceptions: q.misconceptions },
  };
}
