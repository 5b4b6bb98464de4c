/**
 * Sharded grading plus `merge` equals one whole run, byte for byte apart from timestamps: the
 * built CLI grades five students of the sample class once whole (every format) and once as three
 * shards writing JSON only (as examples/workflows/grade-class.yml does), then merges the shards.
 * Every file of the two output folders is compared after normalising gradedAt, durationMs and
 * the times derived from them (Gradescope execution_time, JUnit time/timestamp, "Graded at").
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-shards-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// No step summary or step output of the CI running this test, and no salt but the demo one.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_') && key !== 'CONVGRADE_SECRET'),
);

function convgrade(...args: string[]): string {
  const run = spawnSync(process.execPath, [join(repo, 'bin/convgrade.js'), ...args], {
    cwd: work,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(work, path).split('/').slice(1).join('/')];
  });
}

/** Replaces everything that legitimately differs between two runs of the same grading. */
export function normaliseTimes(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<time>') // JUnit's timestamps have no zone
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/"execution_time": [\d.e+-]+/g, '"execution_time": 0')
    .replace(/\btime="[\d.]+"/g, 'time="0"')
    .replace(/<time> in [\d.]+ s/g, '<time> in 0 s');
}

// A generous limit: under a loaded CI machine a Python import can take seconds, and a timeout in
// one run but not the other would be a difference the test is not about.
const grade = [
  'grade',
  'class',
  '--secret',
  join(repo, 'examples/demo-secret.txt'),
  '--jobs',
  '2',
  '--timeout-ms',
  '20000',
];

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('grade --shard i/n, then merge', () => {
  beforeAll(() => {
    for (const id of ['alice', 'bob', 'carol', 'grace', 'ivan'])
      cpSync(join(repo, 'examples/sample-class', id), join(work, 'class', id), { recursive: true });
    convgrade(...grade, '--out', 'whole');
    for (const i of [1, 2, 3]) convgrade(...grade, '--shard', `${i}/3`, '--format', 'json', '--out', `shard-${i}`);
    convgrade('merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged');
  });

  it('splits the class into disjoint, non-empty shards', () => {
    const shards = [1, 2, 3].map((i) => readdirSync(join(work, `shard-${i}`, 'results')));
    expect(shards.every((s) => s.length > 0)).toBe(true);
    expect(shards.flat().sort()).toEqual(['alice.json', 'bob.json', 'carol.json', 'grace.json', 'ivan.json']);
  });

  it('merges into the same files with the same bytes, apart from timestamps', () => {
    const whole = files(join(work, 'whole')).sort();
    expect(files(join(work, 'merged')).sort()).toEqual(whole);
    expect(whole).toEqual(
      expect.arrayContaining([
        'grades.csv',
        'summary.html',
        'summary.md',
        'junit.xml',
        'results/bob.json',
        'reports/bob.html',
        'gradescope/bob/results.json',
        'classroom/bob.b64',
      ]),
    );
    for (const file of whole) {
      const a = readFileSync(join(work, 'whole', file), 'utf8');
      const b = readFileSync(join(work, 'merged', file), 'utf8');
      expect(normaliseTimes(b), file).toBe(normaliseTimes(a));
    }
  });

  it('normalises only times: the scores really are there', () => {
    const csv = readFileSync(join(work, 'merged', 'grades.csv'), 'utf8');
    expect(csv).toMatch(/^alice,11(\.0+)?,/m);
    expect(normaliseTimes('"gradedAt": "2025-01-02T03:04:05.678Z", "score": 9')).toBe(
      '"gradedAt": "<time>", "score": 9',
    );
  });
});
