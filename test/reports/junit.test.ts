/**
 * JUnit XML: valid against the two published schemas consumers use (xmllint from Debian's
 * libxml2-utils against test/fixtures/schemas/), well-formed, counted right, escaped, and named
 * so that every annotator's title keeps the student.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../reports/index.js';
import { junitTimestamp } from '../../reports/junit.js';
import { loadClass, loadResult, variant, xmlProblems } from './helpers.js';

const schemas = resolve(import.meta.dirname, '..', 'fixtures', 'schemas');
const SCHEMAS = { ant: join(schemas, 'junit-ant-windyroad.xsd'), jenkins: join(schemas, 'junit-jenkins-10.xsd') };
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const required = (process.env['CONVGRADE_CI_REQUIRE'] ?? '').split(',').includes('xmllint');
if (!hasXmllint && !required)
  console.warn('Skipping the JUnit schema tests: xmllint is not installed (apt-get install libxml2-utils)');

/** xmllint's verdict on `xml` against `schema`: ok, and the error lines. */
function xmllint(xml: string, schema: string): { ok: boolean; errors: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'convgrade-junit-')), 'junit.xml');
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  const errors = run.stderr.split('\n').filter((line) => line !== '' && !line.endsWith(' validates'));
  return { ok: run.status === 0, errors };
}

/** The titles action-junit-report gives failures: `<last dot-part of classname>.<name>` (testParser.ts). */
function mikepenzTitles(xml: string): string[] {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*>\s*<(?:failure|error)/g)].map(
    ([, classname = '', name = '']) => `${classname.split('.').slice(-1)[0] ?? ''}.${name}`,
  );
}

describe.runIf(hasXmllint || required)('renderJunit against the published schemas (xmllint)', () => {
  const cases = [
    ['the sample class', loadClass()],
    ['one submission', [loadResult('bob-q5-flipped')]],
    ['an ungradable submission', [loadResult('erin-ungradable')]],
    ['no submissions', []],
  ] as const;

  it.each(cases)('%s validates against the Ant (windyroad) JUnit schema', (_name, results) => {
    expect(xmllint(renderJunit(results), SCHEMAS.ant)).toEqual({ ok: true, errors: [] });
  });

  it.each(cases)("%s validates against Jenkins' junit-10 schema", (_name, results) => {
    expect(xmllint(renderJunit(results), SCHEMAS.jenkins)).toEqual({ ok: true, errors: [] });
  });

  it('the check can fail: what the old output did is rejected', () => {
    const xml = renderJunit([loadResult('bob-q5-flipped')]);
    const broken = [
      xml.replace('<testsuites>', '<testsuites name="convgrade" tests="26">'),
      xml.replace(/ time="0\.000"/, ''),
      xml.replace(/timestamp="([^"]+)"/, 'timestamp="$1.123Z"'),
      xml.replace(/ hostname="localhost"/, ''),
      xml.replace(/<system-out>[^<]*<\/system-out>/, ''),
    ];
    for (const text of broken) expect(xmllint(text, SCHEMAS.ant).ok).toBe(false);
    // Jenkins types a suite's time (digits, at most three decimals) and requires a testcase name.
    expect(xmllint(xml.replace(/(<testsuite [^>]*) time="[^"]*"/, '$1 time="1e-3"'), SCHEMAS.jenkins).ok).toBe(false);
    expect(xmllint(xml.replace(/ name="q1#1 \(bob\)"/, ''), SCHEMAS.jenkins).ok).toBe(false);
  });
});

describe('renderJunit for the annotators', () => {
  it('keeps the student in every failure title action-junit-report writes', () => {
    const xml = renderJunit(loadClass());
    const titles = mikepenzTitles(xml);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toMatch(/ \((alice|bob|carol|dave|erin|frank)\)$/);
    expect(titles).toContain('q5.q5#1 (bob)');
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('gives every testcase a numeric time (dorny/test-reporter parses it with parseFloat)', () => {
    const xml = renderJunit(loadClass());
    const cases = [...xml.matchAll(/<testcase [^>]*>/g)].map(([tag]) => tag);
    expect(cases).toHaveLength(131);
    for (const tag of cases) expect(Number.isNaN(parseFloat(/ time="([^"]*)"/.exec(tag)?.[1] ?? ''))).toBe(false);
  });

  it('writes timestamps in UTC without milliseconds or zone', () => {
    expect(junitTimestamp('2024-04-15T10:11:12.345Z')).toBe('2024-04-15T10:11:12');
    expect(junitTimestamp('2024-04-15T12:11:12+02:00')).toBe('2024-04-15T10:11:12');
    expect(junitTimestamp('not a date')).toBe('1970-01-01T00:00:00');
  });

  it('numbers the suites from 0 and names the exercise as their package', () => {
    const ids = [...renderJunit(loadClass()).matchAll(/<testsuite name="([^"]+)" package="([^"]+)" id="(\d+)"/g)];
    expect(ids.map(([, name, pkg, id]) => [name, pkg, id])).toEqual(
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((n, k) => [n, 'ex9-convolution', String(k)]),
    );
  });
});

describe('renderJunit', () => {
  it('is well-formed for the sample class', () => {
    expect(xmlProblems(renderJunit(loadClass()))).toEqual([]);
  });

  it('the well-formedness check can fail', () => {
    expect(xmlProblems('<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a>\u0001</a>')).not.toEqual([]);
    expect(xmlProblems('<a/><b/>')).not.toEqual([]);
  });

  it('has one suite per submission and one testcase per case', () => {
    const xml = renderJunit(loadClass());
    expect(xml.match(/<testsuite /g)).toHaveLength(6);
    const bob = /<testsuite name="bob" [^>]* tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(xml);
    expect(bob?.slice(1)).toEqual(['26', '5', '0']);
  });

  it('reports a wrong value as failure and a crash or timeout as error', () => {
    const xml = renderJunit([loadResult('dave-crash-timeout')]);
    expect(xml).toMatch(/<testsuite name="dave" [^>]* tests="26" failures="1" errors="10"/);
    expect(xml).toContain('<error type="error" message="IndexError');
    expect(xml).toContain('<error type="timeout" message="Timed out');
    expect(xml).toContain('<failure type="wrong-answer" message="Chose option (a)');
    const bob = renderJunit([loadResult('bob-q5-flipped')]);
    expect(bob).toContain('<failure type="q5.flipped" message="Wrong value at [0][0]');
  });

  it('reports an ungradable submission as one error', () => {
    const xml = renderJunit([loadResult('erin-ungradable')]);
    expect(xml).toMatch(/<testsuite name="erin" [^>]* tests="1" failures="0" errors="1"/);
    expect(xml).toContain('<error type="ungradable" message="No solution file found');
  });

  it('escapes markup and replaces XML-illegal characters', () => {
    const hostile = variant(loadResult('bob-q5-flipped'), (r) => {
      r['submission'] = { ...r.submission, id: 'eve"<&>\'' };
      const q5 = r.questions[4];
      const c = q5?.cases[0];
      if (q5 && c) {
        r['questions'] = r.questions.map((q) =>
          q === q5
            ? {
                ...q5,
                cases: [
                  { ...c, message: 'bad \u0000\u0007\u001b[0m \ud800 \uffff </failure><x>&amp; ]]>' },
                  ...q5.cases.slice(1),
                ],
              }
            : q,
        );
      }
    });
    const xml = renderJunit([hostile]);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('name="eve&#34;&#60;&#38;&#62;&#39;"');
    expect(xml).toContain('bad \\x00\\x07\\x1b[0m \\ud800 \\uffff &#60;/failure&#62;&#60;x&#62;&#38;amp; ]]&#62;');
    expect(xml).not.toContain('<x>');
  });

  it('keeps captured output of hidden runs out of system-out', () => {
    const xml = renderJunit([loadResult('frank-hidden')]);
    expect(xml).toContain('<system-out></system-out>');
    expect(xml).toContain('<system-err></system-err>');
  });
});
