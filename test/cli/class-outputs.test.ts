/**
 * The whole-class files built one result at a time (a spool read back in id order, a digest,
 * JUnit streamed to disk) are byte for byte what rendering the sorted array of every result at
 * once gave: for the sample class against the readable goldens of test/golden/reports, and for
 * a large varied class against the sha256 of each file recorded from the all-in-memory
 * renderers (test/golden/reports/large-class.json; UPDATE_GOLDEN=1 rewrites it, after checking
 * why it changed). The built CLI's `report` and `merge` of shards give the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openClassOutputs, writeClassOutputs } from '../../cli/class-outputs.js';
import { parseFormats, resultPath, serializeResult } from '../../cli/outputs.js';
import { openResultSpool } from '../../cli/result-spool.js';
import { isInShard } from '../../grader/batch.js';
import type { SubmissionResult } from '../../grader/result.js';
import { expectGolden, goldenDir, loadClass } from '../reports/helpers.js';
import { largeClass } from './large-class.js';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-class-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CLASS_FILES = ['summary.html', 'junit.xml', 'grades.csv', 'summary.md'] as const;
const LARGE = 150;
const classFormats = parseFormats('html,junit,csv,md');

/** A fixed shuffle, so results reach the spool in an order that is not the id order. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  let state = 7;
  for (let k = copy.length - 1; k > 0; k--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (k + 1);
    [copy[k], copy[j]] = [copy[j] as T, copy[k] as T];
  }
  return copy;
}

/** Class files of `results` written the way `grade` does: in completion order into a spool, out in id order. */
function viaSpool(results: readonly SubmissionResult[], out: string): void {
  const spool = openResultSpool(out);
  try {
    for (const result of shuffled(results)) spool.append(result);
    writeClassOutputs(out, spool.sorted(), classFormats);
  } finally {
    spool.close();
  }
}

function digests(dir: string): Record<string, { sha256: string; bytes: number }> {
  return Object.fromEntries(
    CLASS_FILES.map((name) => {
      const data = readFileSync(join(dir, name));
      return [name, { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length }];
    }),
  );
}

const largeGolden = join(goldenDir, 'large-class.json');

function expectLargeGolden(dir: string): void {
  const actual = { students: LARGE, files: digests(dir) };
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(largeGolden, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(largeGolden, 'utf8')));
}

describe('class-wide files written from a spool, one result at a time', () => {
  it('are the goldens of the sample class, whatever order the results finish in', () => {
    const out = join(work, 'sample');
    viaSpool(loadClass(), out);
    expectGolden('html/summary.html', readFileSync(join(out, 'summary.html'), 'utf8'));
    expectGolden('junit.xml', readFileSync(join(out, 'junit.xml'), 'utf8'));
    expectGolden('grades.csv', readFileSync(join(out, 'grades.csv'), 'utf8'));
    expectGolden('summary.md', readFileSync(join(out, 'summary.md'), 'utf8'));
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it(`are the bytes of the all-at-once renderers for a varied class of ${LARGE}`, () => {
    const out = join(work, 'large');
    viaSpool(largeClass(LARGE), out);
    expectLargeGolden(out);
    // More than the summary's 30-row limit: the Markdown names the count, the page lists everyone.
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(`_${LARGE} students: see grades.csv`);
    expect(readFileSync(join(out, 'summary.html'), 'utf8').match(/<tr><td data-sort="/g) ?? []).toHaveLength(LARGE);
  });

  it('refuses results out of id order instead of writing a misordered file', () => {
    const [a, b] = loadClass();
    const writer = openClassOutputs(join(work, 'misordered'), classFormats);
    if (a === undefined || b === undefined) throw new Error('the sample class is missing');
    writer.add(b);
    expect(() => writer.add(a)).toThrow(/student-id order: "alice" came after "bob"/);
    writer.abort();
    expect(readdirSync(join(work, 'misordered'))).toEqual([]);
  });

  it('leaves the previous junit.xml in place when the run fails before the end', () => {
    const out = join(work, 'aborted');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'junit.xml'), 'previous run\n');
    const writer = openClassOutputs(out, classFormats);
    for (const result of loadClass()) writer.add(result);
    writer.abort();
    expect(readdirSync(out)).toEqual(['junit.xml']);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toBe('previous run\n');
  });
});

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('report and merge over stored results', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')));
  const convgrade = (...args: string[]): string => {
    const run = spawnSync(process.execPath, [join(repo, 'bin/convgrade.js'), ...args], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout;
  };
  const results = largeClass(LARGE);
  const store = (dir: string, items: readonly SubmissionResult[]): void => {
    mkdirSync(join(dir, 'results'), { recursive: true });
    for (const r of items) writeFileSync(resultPath(dir, r.submission.id), serializeResult(r));
  };

  it('report writes the same class files as the all-at-once renderers', () => {
    store(join(work, 'stored'), results);
    expect(convgrade('report', 'stored', '--out', 'reported', '--format', 'html,junit,csv,md')).toContain(
      `Rendered ${LARGE} results`,
    );
    expectLargeGolden(join(work, 'reported'));
  });

  it('merge of three shards writes them too', () => {
    const shards = [1, 2, 3].map((index) => {
      const dir = join(work, `shard-${index}`);
      store(
        dir,
        results.filter((r) => isInShard(r.submission.id, { index, count: 3 })),
      );
      return dir;
    });
    expect(convgrade('merge', ...shards, '--out', 'merged', '--format', 'html,junit,csv,md')).toContain(
      `Merged ${LARGE} results from 3 folders`,
    );
    expectLargeGolden(join(work, 'merged'));
  });
});
