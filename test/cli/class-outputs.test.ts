/**
 * The whole-class files built one result at a time (a spool read back in id order, a digest,
 * JUnit streamed to disk) are byte for byte what rendering the sorted array of every result at
 * once gave: for the sample class against the readable goldens of test/golden/reports, and for
 * a large varied class against the sha256 of each file recorded from the all-in-memory
 * renderers (test/golden/reports/large-class.json; UPDATE_GOLDEN=1 rewrites it, after checking
 * why it changed). The built CLI's `report` and `merge` of shards give the same bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openClassOutputs, spoolClassOutputs } from '../../cli/class-outputs.js';
import { parseFormats, resultPath, serializeResult } from '../../cli/outputs.js';
import { compareIds } from '../../cli/result-spool.js';
import { fileSafeId } from '../../grader/discover.js';
import { isInShard } from '../../grader/batch.js';
import type { SubmissionResult } from '../../grader/result.js';
import { renderCsv, renderJunit, renderMarkdown, renderSummaryHtml } from '../../reports/index.js';
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
async function viaSpool(results: readonly SubmissionResult[], out: string): Promise<void> {
  await spoolClassOutputs(out, classFormats, {}, async (keep) => {
    for (const result of shuffled(results)) {
      keep(result);
      // A pool hands results over between other work: the spool must not rely on one tick.
      await Promise.resolve();
    }
  });
}

/** The class files of the sorted array rendered at once, as the renderers did before the digest. */
function atOnce(results: readonly SubmissionResult[]): Record<string, string> {
  const sorted = [...results].sort((a, b) => compareIds(a.submission.id, b.submission.id));
  const reportHref = (id: string): string => `reports/${encodeURIComponent(fileSafeId(id))}.html`;
  return {
    'summary.html': renderSummaryHtml(sorted, { reportHref }),
    'junit.xml': renderJunit(sorted),
    'grades.csv': renderCsv(sorted),
    'summary.md': renderMarkdown(sorted),
  };
}

function classFiles(dir: string): Record<string, string> {
  return Object.fromEntries(CLASS_FILES.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/**
 * Students whose ids the sort order, the file names and the renderers' escaping all meet:
 * non-ASCII (one outside the BMP, whose UTF-16 order differs from its code point order), spaces,
 * quotes and markup, a leading dash and a spreadsheet formula, case twins, a control character,
 * an id longer than a file name may be. Their file names (fileSafeId) sort in another order.
 */
const ODD_IDS = [
  'ünïcödé',
  '\u{1F600} smile',
  '\uFF5Efullwidth',
  'a b',
  'quote"s <b>&amp;</b>',
  '-dash',
  '=SUM(A1:A9)',
  'Case',
  'case',
  'bell\u0007',
  'ß'.repeat(200),
];

function oddClass(): SubmissionResult[] {
  return largeClass(ODD_IDS.length, 11).map((r, k) => {
    const id = ODD_IDS[k] ?? `extra-${k}`;
    return { ...r, submission: { ...r.submission, id, path: `/submissions/${id}` } };
  });
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
  it('are the goldens of the sample class, whatever order the results finish in', async () => {
    const out = join(work, 'sample');
    await viaSpool(loadClass(), out);
    expectGolden('html/summary.html', readFileSync(join(out, 'summary.html'), 'utf8'));
    expectGolden('junit.xml', readFileSync(join(out, 'junit.xml'), 'utf8'));
    expectGolden('grades.csv', readFileSync(join(out, 'grades.csv'), 'utf8'));
    expectGolden('summary.md', readFileSync(join(out, 'summary.md'), 'utf8'));
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it(`are the bytes of the all-at-once renderers for a varied class of ${LARGE}`, async () => {
    const out = join(work, 'large');
    await viaSpool(largeClass(LARGE), out);
    expectLargeGolden(out);
    // More than the summary's 30-row limit: the Markdown names the count, the page lists everyone.
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(`_${LARGE} students: see grades.csv`);
    expect(readFileSync(join(out, 'summary.html'), 'utf8').match(/<tr><td data-sort="/g) ?? []).toHaveLength(LARGE);
  });

  it('list students with odd ids in UTF-16 order, escaped as the all-at-once renderers do', async () => {
    const out = join(work, 'odd');
    const results = oddClass();
    await viaSpool(results, out);
    expect(classFiles(out)).toEqual(atOnce(results));
    const csvIds = readFileSync(join(out, 'grades.csv'), 'utf8')
      .split('\r\n')
      .slice(1, 4)
      .map((line) => line.split(',')[0]);
    // A leading - or = gets an apostrophe (a spreadsheet would read a formula); U+1F600 before U+FF5E below.
    expect(csvIds).toEqual(["'-dash", "'=SUM(A1:A9)", 'Case']);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    const order = ['ünïcödé', '\u{1F600} smile', '\uFF5Efullwidth'].map((id) => junit.indexOf(`name="${id}`));
    expect(
      order.every((at, k) => at >= 0 && (k === 0 || at > (order[k - 1] ?? 0))),
      junit.slice(0, 400),
    ).toBe(true);
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('are not written, and the previous ones stay, when the batch fails with a harness error', async () => {
    const out = join(work, 'harness-error');
    mkdirSync(out, { recursive: true });
    for (const name of CLASS_FILES) writeFileSync(join(out, name), `previous ${name}\n`);
    const results = largeClass(40);
    const failure = new Error('a harness bug in the middle of the batch');
    await expect(
      spoolClassOutputs(out, classFormats, {}, async (keep) => {
        for (const [k, result] of shuffled(results).entries()) {
          if (k === 25) throw failure;
          keep(result);
          await Promise.resolve();
        }
      }),
    ).rejects.toBe(failure);
    expect(readdirSync(out).sort()).toEqual([...CLASS_FILES].sort());
    for (const name of CLASS_FILES) expect(readFileSync(join(out, name), 'utf8')).toBe(`previous ${name}\n`);
  });

  it('are all written, with no spool opened, only for formats that have class files', async () => {
    const out = join(work, 'per-student-only');
    let kept = 0;
    await spoolClassOutputs(out, parseFormats('json,gradescope,prairielearn'), {}, async (keep) => {
      for (const result of loadClass()) {
        keep(result);
        kept += 1;
      }
      // Nothing is parked: the folder is not even made.
      expect(existsSync(out)).toBe(false);
    });
    expect(kept).toBe(loadClass().length);
    expect(existsSync(out)).toBe(false);
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

  it('report and merge list students with odd ids as the renderers do, though their file names sort otherwise', () => {
    const odd = oddClass();
    store(join(work, 'odd-stored'), odd);
    // Read in file-name order (percent-encoded UTF-8), rendered in id order (UTF-16): not the same.
    const ids = odd.map((r) => r.submission.id);
    const byFileName = [...ids].sort((a, b) => compareIds(fileSafeId(a), fileSafeId(b)));
    expect(byFileName).not.toEqual([...ids].sort(compareIds));
    convgrade('report', 'odd-stored', '--out', 'odd-reported', '--format', 'html,junit,csv,md');
    expect(classFiles(join(work, 'odd-reported'))).toEqual(atOnce(odd));
    const halves = [0, 1].map((half) => {
      const dir = join(work, `odd-shard-${half}`);
      store(
        dir,
        odd.filter((_, k) => k % 2 === half),
      );
      return dir;
    });
    convgrade('merge', ...halves, '--out', 'odd-merged', '--format', 'html,junit,csv,md');
    expect(classFiles(join(work, 'odd-merged'))).toEqual(atOnce(odd));
  });
});

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('grade killed in the middle of a batch', () => {
  /** A JavaScript submission whose first call waits until its grader is gone (or 100 s), using no CPU. */
  const WAITS = [
    'export function featureMapSize() {',
    '  const parent = process.ppid;',
    '  const cell = new Int32Array(new SharedArrayBuffer(4));',
    '  const until = Date.now() + 100_000;',
    '  while (process.ppid === parent && Date.now() < until) Atomics.wait(cell, 0, 0, 100);',
    '  process.exit(0);',
    '}',
    '',
  ].join('\n');

  it('leaves the previous class files whole and no spool or temp file in the output folder', async () => {
    const batch = join(work, 'killed-batch');
    const answers = join(repo, 'test', 'fixtures', 'hostile', 'control-js', 'answers.yaml');
    for (const id of ['ann', 'bob', 'zed']) {
      mkdirSync(join(batch, id), { recursive: true });
      cpSync(answers, join(batch, id, 'answers.yaml'));
    }
    writeFileSync(join(batch, 'zed', 'solution.mjs'), WAITS);
    const out = join(work, 'killed-out');
    mkdirSync(out, { recursive: true });
    for (const name of CLASS_FILES) writeFileSync(join(out, name), `previous ${name}\n`);
    const child = spawn(
      process.execPath,
      [
        join(repo, 'bin/convgrade.js'),
        'grade',
        batch,
        '--public',
        '--out',
        out,
        '--jobs',
        '2',
        '--isolation',
        'basic',
        '--timeout-ms',
        '100000',
        '--quiet',
      ],
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Wait (no time limit of ours: the test's own timeout applies) until ann's and bob's results
    // are written while zed's first call is still waiting: the batch is half done.
    const written = (id: string): boolean => existsSync(join(out, 'results', `${id}.json`));
    while (!(written('ann') && written('bob')) && child.exitCode === null)
      await new Promise((done) => setTimeout(done, 100));
    expect(child.exitCode, stderr).toBeNull();
    // The spool is open (two results in it) but has no name in the folder.
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(written('zed')).toBe(false);
    for (const name of CLASS_FILES) expect(readFileSync(join(out, name), 'utf8')).toBe(`previous ${name}\n`);
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 300_000);
});
