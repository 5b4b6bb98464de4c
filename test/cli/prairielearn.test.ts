/**
 * `convgrade prairielearn run` end to end (the built CLI) on fake /grade trees laid out as
 * PrairieLearn's external grader mounts them: student/, tests/, data/data.json, and results/
 * (not created by PrairieLearn). Every run must leave a results.json that validates against the
 * schema written from PrairieLearn's documented format, whatever went wrong.
 */
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { studentFromData } from '../../cli/prairielearn/run.js';

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'bin', 'convgrade.js');
const secret = readFileSync(join(repo, 'examples', 'demo-secret.txt'), 'utf8').trim();
const schema = JSON.parse(
  readFileSync(join(repo, 'test', 'fixtures', 'schemas', 'prairielearn-results.schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);
const work = mkdtempSync(join(tmpdir(), 'convgrade-pl-'));

interface Tree {
  readonly student?: string; // a sample-class folder to copy
  readonly seed?: number | null; // null: no data.json
  readonly tests?: Record<string, string>;
}

function fakeGrade(name: string, tree: Tree): string {
  const root = join(work, name);
  mkdirSync(join(root, 'student'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'tests'), { recursive: true });
  if (tree.student !== undefined) {
    const from = join(repo, 'examples', 'sample-class', tree.student);
    for (const file of readdirSync(from)) copyFileSync(join(from, file), join(root, 'student', file));
  }
  if (tree.seed !== null)
    writeFileSync(join(root, 'data', 'data.json'), JSON.stringify({ params: {}, variant_seed: tree.seed ?? 4242 }));
  for (const [file, text] of Object.entries(tree.tests ?? {})) writeFileSync(join(root, 'tests', file), text);
  return root;
}

function grade(root: string, args: readonly string[] = [], env: Record<string, string> = {}) {
  const run = spawnSync(
    process.execPath,
    [cli, 'prairielearn', 'run', '--root', root, '--timeout-ms', '5000', ...args],
    {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    },
  );
  const path = join(root, 'results', 'results.json');
  const results = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
    tests: { name: string; points: number; max_points: number; message: string }[];
  };
  expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  expect(readdirSync(join(root, 'results'))).toEqual(['results.json']); // written atomically, nothing left over
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, results };
}

describe.runIf(existsSync(join(repo, 'dist', 'cli', 'main.js')))('convgrade prairielearn run', () => {
  // Once a flake here (the TS student "not gradable" in full suites): another run's uid was handed
  // on while its last tasks still counted against RLIMIT_NPROC, and Node aborted at start. Fixed
  // in grader/run (a uid is leased again only once drained); a failure prints what it saw.
  it('grades /grade/student on the hidden variant of data.json’s variant_seed and writes results.json', () => {
    const { status, stdout, stderr, results } = grade(fakeGrade('alice', { student: 'alice' }), [], {
      CONVGRADE_SECRET: secret,
    });
    // Printed before the assertions, so that a failure shows the whole run.
    if (results['gradable'] !== true)
      console.error(`prairielearn run, not gradable:\n${stdout}\n${stderr}\n${JSON.stringify(results, null, 1)}`);
    expect(status).toBe(0);
    expect(stdout, JSON.stringify(results).slice(0, 2000)).toMatch(/^Graded variant-4242: score 1\./);
    expect(results).toMatchObject({ gradable: true, score: 1, max_points: 11 });
    expect(results.tests.map((t) => [t.name.split(':')[0], t.points])).toEqual([
      ['q1', 2],
      ['q2', 2],
      ['q3', 2],
      ['q4', 1],
      ['q5', 2],
      ['q6', 2],
    ]);
    expect(results['message']).toMatch(/hidden cases/);
  });

  it('reads the secret from the question’s tests/ folder and a spec path relative to it', () => {
    const spec = readFileSync(join(repo, 'exercises', 'ex9-convolution.yaml'), 'utf8');
    const root = fakeGrade('bob', { student: 'bob', tests: { 'convgrade-secret.txt': secret, 'ex9.yaml': spec } });
    const { results } = grade(root, ['--exercise', 'ex9.yaml']);
    expect(results['gradable']).toBe(true);
    expect(results['score']).toBeCloseTo(9 / 11, 6);
    expect(results.tests.find((t) => t.name.startsWith('q5'))?.message).toMatch(/q5\.flipped/);
  });

  it('is not gradable, with the reason and every question, when there is no secret', () => {
    const { status, results } = grade(fakeGrade('no-secret', { student: 'alice' }));
    expect(status).toBe(0);
    expect(results).toMatchObject({ gradable: false, score: 0 });
    expect(results['message']).toMatch(/secret salt/);
    expect(results.tests).toHaveLength(6);
  });

  it('is not gradable when the exercise is unknown, and replaces a stale results.json', () => {
    const root = fakeGrade('bad-exercise', { student: 'alice' });
    mkdirSync(join(root, 'results'));
    writeFileSync(join(root, 'results', 'results.json'), '{"score": 1}');
    const { results } = grade(root, ['--exercise', 'no-such-exercise'], { CONVGRADE_SECRET: secret });
    expect(results).toMatchObject({ gradable: false, score: 0, tests: [] });
    expect(results['message']).toMatch(/no-such-exercise/);
  });

  it('is not gradable when the student submitted no solution (the attempt does not count)', () => {
    const { results } = grade(fakeGrade('empty', {}), [], { CONVGRADE_SECRET: secret });
    expect(results).toMatchObject({ gradable: false, score: 0 });
    expect(results['format_errors']).toEqual([expect.stringMatching(/No solution\.ts/)]);
  });

  it('grades public variants with --public and no secret', () => {
    const { results } = grade(fakeGrade('public', { student: 'alice', seed: null }), ['--public']);
    expect(results).toMatchObject({ gradable: true, score: 1 });
    expect(results['message']).toMatch(/public cases/);
  });
});

describe('the student id from data.json', () => {
  it('is variant-<seed>, "student" without data.json, and an error for a data.json without seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-pl-data-'));
    const path = join(dir, 'data.json');
    expect(studentFromData(path)).toBe('student');
    writeFileSync(path, JSON.stringify({ variant_seed: 17 }));
    expect(studentFromData(path)).toBe('variant-17');
    writeFileSync(path, JSON.stringify({ variant_seed: '3ab9' }));
    expect(studentFromData(path)).toBe('variant-3ab9');
    writeFileSync(path, JSON.stringify({ params: {} }));
    expect(() => studentFromData(path)).toThrow(/variant_seed/);
    writeFileSync(path, '{');
    expect(() => studentFromData(path)).toThrow(/Cannot read the question data/);
  });
});
