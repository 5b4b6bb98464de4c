/**
 * JUnit XML: one <testsuite> per submission, one <testcase> per case. A wrong value is a
 * <failure>, a crash or timeout an <error>; a question without cases (not answered) is one
 * failing testcase, and an ungradable submission one erroring testcase. Times: the result knows
 * only the whole submission's duration, so `time` is on <testsuites> and <testsuite>; no
 * per-case time is invented. Text is cleaned of XML-illegal characters and escaped.
 */
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { formatScore } from './numbers.js';
import { clip } from './text.js';

const OUTPUT_LIMIT = 16_000;

/** Text content or attribute value: XML-legal characters only, with & < > " ' escaped. */
export function escapeXml(text: string, limit = OUTPUT_LIMIT): string {
  return clip(text, limit).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
}

/** One XML document for a batch of submissions. */
export function renderJunit(results: readonly SubmissionResult[]): string {
  const suites = results.map(suite);
  const total = suites.reduce(
    (acc, s) => ({
      tests: acc.tests + s.counts.tests,
      failures: acc.failures + s.counts.failures,
      errors: acc.errors + s.counts.errors,
    }),
    { tests: 0, failures: 0, errors: 0 },
  );
  const time = seconds(results.reduce((sum, r) => sum + r.durationMs, 0));
  const name = [...new Set(results.map((r) => r.exercise.id))].join(' ') || 'convgrade';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`convgrade ${name}`)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${time}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(r: SubmissionResult): { xml: string; counts: Counts } {
  const counts: Counts = { tests: 0, failures: 0, errors: 0 };
  const cases: string[] = [];
  const id = r.submission.id;
  if (r.status === 'ungradable') {
    counts.tests += 1;
    counts.errors += 1;
    cases.push(
      testcase(
        `${id}.submission`,
        'load',
        `<error type="ungradable" message="${escapeXml(r.error ?? 'ungradable', 1000)}">${escapeXml(r.error ?? '')}</error>`,
      ),
    );
  } else {
    for (const q of r.questions) cases.push(...questionCases(id, q, counts));
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
  const out =
    r.output && r.variant.visibility === 'public'
      ? [
          `    <system-out>${escapeXml(r.output.stdout)}</system-out>`,
          `    <system-err>${escapeXml(r.output.stderr)}</system-err>`,
        ]
      : [];
  const xml = [
    `  <testsuite name="${escapeXml(id)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="0" time="${seconds(r.durationMs)}" timestamp="${escapeXml(r.gradedAt)}">`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    ...out,
    '  </testsuite>',
  ].join('\n');
  return { xml, counts };
}

function questionCases(id: string, q: QuestionResult, counts: Counts): string[] {
  const classname = `${id}.${q.id}`;
  if (q.cases.length === 0) {
    counts.tests += 1;
    if (q.status === 'passed') return [testcase(classname, q.id, '')];
    counts.failures += 1;
    const message = q.status === 'missing' ? `No answer found for ${q.id}` : `${q.id}: ${q.status}`;
    return [testcase(classname, q.id, `<failure type="${q.status}" message="${escapeXml(message)}"/>`)];
  }
  return q.cases.map((c) => {
    counts.tests += 1;
    const detail = [c.message, c.misconception ? `Likely mistake: ${c.misconception}` : '', c.hint ?? '']
      .filter(Boolean)
      .join('\n');
    switch (c.status) {
      case 'passed':
        return testcase(classname, c.id, '');
      case 'failed':
        counts.failures += 1;
        return testcase(
          classname,
          c.id,
          `<failure type="${escapeXml(c.misconception ?? 'wrong-answer')}" message="${escapeXml(c.message, 1000)}">${escapeXml(detail)}</failure>`,
        );
      case 'error':
      case 'timeout':
        counts.errors += 1;
        return testcase(
          classname,
          c.id,
          `<error type="${c.status}" message="${escapeXml(c.message, 1000)}">${escapeXml(detail)}</error>`,
        );
    }
  });
}

function testcase(classname: string, name: string, body: string): string {
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}"`;
  return body === '' ? `${open}/>` : `${open}>\n      ${body}\n    </testcase>`;
}
