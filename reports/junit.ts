/**
 * JUnit XML: one <testsuite> per submission, one <testcase> per case. A wrong value is a
 * <failure>, a crash or timeout an <error>; a question without cases (not answered) is one
 * failing testcase, and an ungradable submission one erroring testcase.
 *
 * Valid against both published schemas consumers check against: the Ant schema
 * (windyroad/JUnit-Schema JUnit.xsd) and Jenkins' (jenkinsci/xunit-plugin junit-10.xsd), both
 * in test/fixtures/schemas/. So: <testsuites> carries no attributes (Ant allows none); each
 * <testsuite> has `package` (the exercise), `id` (0, 1, …), `hostname` ("localhost", the value
 * the Ant schema names for an unknown host: the grader's name is nobody's business), a
 * `timestamp` in UTC without milliseconds or zone (Ant's pattern), then <properties>, the
 * testcases, <system-out> and <system-err> in that order, all required. Every testcase has a
 * `time`: the result knows only the whole submission's duration, which is on the suite, so a
 * case's time is 0 rather than an invented share (dorny/test-reporter reads it as 0 ms, not NaN).
 *
 * Names keep the student in every annotator's title: mikepenz/action-junit-report titles a
 * failure `<last dot-part of classname>.<name>`, dorny/test-reporter groups by classname and
 * lists by name, Jenkins shows package.class › name. So classname is `<student>.<question>`
 * and name `<case> (<student>)`: "q5.q5#1 (bob)", never nine identical "q5.q5#1".
 */
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { relativizePaths } from './host-paths.js';
import { formatScore } from './numbers.js';
import { clip } from './text.js';

const OUTPUT_LIMIT = 16_000;

/** Text content or attribute value: XML-legal characters only, with & < > " ' escaped. */
export function escapeXml(text: string, limit = OUTPUT_LIMIT): string {
  return clip(text, limit).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
}

/** What comes before the first suite of a JUnit document. */
export const JUNIT_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
/** What comes after the last suite (each suite is followed by a newline). */
export const JUNIT_TAIL = '</testsuites>\n';

/** One XML document for a batch of submissions. */
export function renderJunit(results: readonly SubmissionResult[]): string {
  return JUNIT_HEAD + results.map((r, index) => `${renderJunitSuite(r, index)}\n`).join('') + JUNIT_TAIL;
}

/**
 * The <testsuite> of one submission, the `index`-th (0-based) of its document, without the
 * newline after it: JUNIT_HEAD, then each suite and a newline, then JUNIT_TAIL, is
 * renderJunit's document, so a batch can stream it to a file one submission at a time.
 */
export function renderJunitSuite(result: SubmissionResult, index: number): string {
  return suite(result, index);
}

/** `gradedAt` as the Ant schema's timestamp: UTC, whole seconds, no zone designator. */
export function junitTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00' : date.toISOString().slice(0, 19);
}

function suite(r: SubmissionResult, index: number): string {
  const counts: Counts = { tests: 0, failures: 0, errors: 0 };
  const cases: string[] = [];
  const id = r.submission.id;
  const show = (text: string): string => relativizePaths(text, r.submission.path);
  if (r.status === 'ungradable') {
    counts.tests += 1;
    counts.errors += 1;
    const reason = show(r.error ?? 'ungradable');
    cases.push(
      testcase(
        `${id}.submission`,
        `submission (${id})`,
        `<error type="ungradable" message="${escapeXml(reason, 1000)}">${escapeXml(reason)}</error>`,
      ),
    );
  } else {
    for (const q of r.questions) cases.push(...questionCases(id, q, counts, show));
  }
  const properties = [
    ['exercise', r.exercise.id],
    ['exercise.version', r.exercise.version],
    ['spec.sha256', r.exercise.specSha256],
    ['harness.version', r.harness.version],
    ['cases', r.variant.visibility],
    ['isolation', r.isolation],
    ['status', r.status],
    ['score', formatScore(r.score)],
    ['maxScore', formatScore(r.maxScore)],
    ['submission.sha256', r.submission.sha256],
  ].map(([k = '', v = '']) => `      <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`);
  // Output of hidden runs stays out: a program can print its hidden inputs.
  const output = r.output !== undefined && r.variant.visibility === 'public' ? r.output : { stdout: '', stderr: '' };
  return [
    `  <testsuite name="${escapeXml(id)}" package="${escapeXml(r.exercise.id)}" id="${index}" hostname="localhost" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="0" time="${seconds(r.durationMs)}" timestamp="${junitTimestamp(r.gradedAt)}">`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    `    <system-out>${escapeXml(show(output.stdout))}</system-out>`,
    `    <system-err>${escapeXml(show(output.stderr))}</system-err>`,
    '  </testsuite>',
  ].join('\n');
}

function questionCases(id: string, q: QuestionResult, counts: Counts, show: (text: string) => string): string[] {
  const classname = `${id}.${q.id}`;
  const named = (name: string): string => `${name} (${id})`;
  if (q.cases.length === 0) {
    counts.tests += 1;
    if (q.status === 'passed') return [testcase(classname, named(q.id), '')];
    counts.failures += 1;
    const message = q.status === 'missing' ? `No answer found for ${q.id}` : `${q.id}: ${q.status}`;
    return [testcase(classname, named(q.id), `<failure type="${q.status}" message="${escapeXml(message)}"/>`)];
  }
  return q.cases.map((c) => {
    counts.tests += 1;
    const message = show(c.message);
    const detail = [message, c.misconception ? `Likely mistake: ${c.misconception}` : '', c.hint ?? '']
      .filter(Boolean)
      .join('\n');
    switch (c.status) {
      case 'passed':
        return testcase(classname, named(c.id), '');
      case 'failed':
        counts.failures += 1;
        return testcase(
          classname,
          named(c.id),
          `<failure type="${escapeXml(c.misconception ?? 'wrong-answer')}" message="${escapeXml(message, 1000)}">${escapeXml(detail)}</failure>`,
        );
      case 'error':
      case 'timeout':
        counts.errors += 1;
        return testcase(
          classname,
          named(c.id),
          `<error type="${c.status}" message="${escapeXml(message, 1000)}">${escapeXml(detail)}</error>`,
        );
    }
  });
}

function testcase(classname: string, name: string, body: string): string {
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="0.000"`;
  return body === '' ? `${open}/>` : `${open}>\n      ${body}\n    </testcase>`;
}
