/**
 * Shared by the report tests: the sample class (test/fixtures/results), normalisation of the
 * fields that differ between runs, and golden files written once with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { SubmissionResult } from '../../grader/result.js';

const root = resolve(import.meta.dirname, '..', '..');
export const fixturesDir = join(root, 'test', 'fixtures', 'results');
export const goldenDir = join(root, 'test', 'golden', 'reports');

/** The sample class, in file-name order (alice … frank). */
export function loadClass(): SubmissionResult[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadResult(f.replace(/\.json$/, '')));
}

export function loadResult(name: string): SubmissionResult {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8')) as SubmissionResult;
}

/** A deep copy with some fields replaced, for one-behaviour variations of a fixture. */
export function variant(
  result: SubmissionResult,
  change: (copy: { -readonly [K in keyof SubmissionResult]: SubmissionResult[K] }) => void,
): SubmissionResult {
  const copy: { -readonly [K in keyof SubmissionResult]: SubmissionResult[K] } = structuredClone(result);
  change(copy);
  return copy;
}

/** The ImportError of a module that does not load, with the host path Python puts in it. */
export const LOAD_ERROR =
  "the submission could not be loaded: ImportError: cannot import name 'gaussian' from 'scipy.signal' (/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/scipy/signal/__init__.py) (solution.py, line 4)";

/** bob with a module that does not load: every code question errors with the same message; q4 (answers.yaml) still scores. */
export function unloadable(): SubmissionResult {
  return variant(loadResult('bob-q5-flipped'), (r) => {
    r['loadError'] = LOAD_ERROR;
    r['questions'] = r.questions.map((q) =>
      q.answeredBy !== 'function'
        ? q
        : {
            ...q,
            status: 'error',
            score: 0,
            misconceptions: [],
            cases: q.cases.map((c) => ({ ...c, status: 'error', score: 0, message: LOAD_ERROR })),
          },
    );
    r['score'] = 1;
  });
}

/** Timestamps and durations replaced by placeholders, so goldens compare what matters. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<TIME>')
    .replace(/ in [\d.]+ s\b/g, ' in <DURATION> s')
    .replace(/(time=")[\d.]+(")/g, '$1<DURATION>$2')
    .replace(/("execution_time": )[\d.]+/g, '$1"<DURATION>"')
    .replace(/\/(?:tmp|home|work)\/[^\s"'<>]*/g, '<PATH>');
}

/** Compare with test/golden/reports/<name>; with UPDATE_GOLDEN=1 (re)write it instead. */
export function expectGolden(name: string, text: string): void {
  const path = join(goldenDir, name);
  const normalised = normalise(text);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    if (process.env['UPDATE_GOLDEN'] !== '1')
      throw new Error(`Missing golden file ${name}: run with UPDATE_GOLDEN=1 to write it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, normalised);
    return;
  }
  expect(normalised, `golden ${name} (rerun with UPDATE_GOLDEN=1 after checking the change)`).toBe(
    readFileSync(path, 'utf8'),
  );
}

/**
 * A small XML well-formedness check: tags balance and nest, attributes are quoted, entities are
 * the five predefined or numeric, and no character outside XML 1.0's Char production appears.
 * Returns the problems found (empty when well-formed).
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const illegal = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(xml);
  if (illegal)
    problems.push(`illegal character U+${(illegal[0].codePointAt(0) ?? 0).toString(16)} at ${illegal.index}`);
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let roots = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    const [text, closing, name, , selfClosing] = match;
    if (text === '<') {
      problems.push(`stray < at ${match.index}`);
      continue;
    }
    if (text.startsWith('&')) {
      problems.push(`bad entity at ${match.index}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name ?? ''}> closes <${open ?? 'nothing'}> at ${match.index}`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name ?? '');
    } else if (stack.length === 0) roots += 1;
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** RFC 4180 parser for the CSV round trip. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[k + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      k++;
    } else if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${k}`);
    else cell += ch;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length > 0) throw new Error('last row not terminated by CRLF');
  return rows;
}
