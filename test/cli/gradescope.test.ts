/**
 * The Gradescope package end to end: `gradescope build` writes a zip with executable setup.sh
 * and run_autograder at its root; unpacked into a fake /autograder tree (AUTOGRADER_ROOT) with
 * this checkout's node_modules, run_autograder grades the submission on its hidden variant and
 * writes a results.json that validates against Gradescope's documented format — also when the
 * metadata is missing, the submission is empty, or Node cannot even start the harness.
 */
import { Ajv } from 'ajv';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAutograder } from '../../cli/commands/gradescope.js';
import { findSubmission, runGradescope, studentFromMetadata } from '../../cli/gradescope/run.js';

const repo = resolve(import.meta.dirname, '..', '..');
const schema = JSON.parse(
  readFileSync(join(repo, 'test', 'fixtures', 'schemas', 'gradescope-results.schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);
const work = mkdtempSync(join(tmpdir(), 'convgrade-gradescope-'));
const zipPath = join(work, 'autograder.zip');
const source = join(work, 'source');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Extracts with python3's zipfile and applies the unix modes recorded in the archive.
const EXTRACT = `
import json, os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    modes = {}
    for i in z.infolist():
        z.extract(i, sys.argv[2])
        os.chmod(os.path.join(sys.argv[2], i.filename), (i.external_attr >> 16) & 0o7777)
        modes[i.filename] = oct((i.external_attr >> 16) & 0o7777)
    print(json.dumps(modes))
`;

interface Metadata {
  users: { id: number | string }[];
  assignment: { id: number | string };
}
const metadata = (ids: (number | string)[]): Metadata => ({
  users: ids.map((id) => ({ id })),
  assignment: { id: 4242 },
});

/** A fresh /autograder tree sharing the unpacked source; returns its root. */
function fakeRoot(name: string, files: Record<string, string>, meta: Metadata | undefined): string {
  const root = join(work, name);
  mkdirSync(join(root, 'submission'), { recursive: true });
  symlinkSync(source, join(root, 'source'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, 'submission', file, '..'), { recursive: true });
    writeFileSync(join(root, 'submission', file), text);
  }
  if (meta !== undefined) writeFileSync(join(root, 'submission_metadata.json'), JSON.stringify(meta));
  return root;
}

function runAutograder(root: string): { results: Record<string, unknown>; stderr: string } {
  const run = spawnSync('bash', [join(source, 'run_autograder')], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', AUTOGRADER_ROOT: root },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
  expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  expect(readdirSync(join(root, 'results'))).toEqual(['results.json']); // no temp files left
  return { results, stderr: run.stderr };
}

const alice = Object.fromEntries(
  ['solution.ts', 'answers.yaml'].map((f) => [f, readFileSync(join(repo, 'examples/sample-class/alice', f), 'utf8')]),
);

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('gradescope build and run_autograder', () => {
  let modes: Record<string, string> = {};
  beforeAll(() => {
    buildAutograder(
      {
        exercise: 'ex9-convolution',
        out: zipPath,
        secret: join(repo, 'examples/demo-secret.txt'),
        isolation: 'auto',
        visibility: 'after_published',
      },
      {},
    );
    modes = JSON.parse(execFileSync('python3', ['-c', EXTRACT, zipPath, source], { encoding: 'utf8' })) as Record<
      string,
      string
    >;
    symlinkSync(join(repo, 'node_modules'), join(source, 'convgrade', 'node_modules'));
  });

  it('puts executable setup.sh and run_autograder at the root, beside the harness', () => {
    expect(modes['setup.sh']).toBe('0o755');
    expect(modes['run_autograder']).toBe('0o755');
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining([
        'convgrade-gradescope.json',
        'exercise.yaml',
        'convgrade/package.json',
        'convgrade/package-lock.json',
        'convgrade/bin/convgrade.js',
        'convgrade/dist/cli/main.js',
        'convgrade/exercises/ex9-convolution.yaml',
      ]),
    );
    expect(
      Object.keys(modes).filter(
        (f) => f.includes('solutions/') || f.endsWith('.map') || f.startsWith('convgrade/dist/bench/'),
      ),
    ).toEqual([]);
    for (const script of ['setup.sh', 'run_autograder'])
      expect(spawnSync('bash', ['-n', join(source, script)]).status).toBe(0);
    expect(readFileSync(join(source, 'setup.sh'), 'utf8')).toMatch(
      /setup_20\.x[\s\S]*npm ci --omit=dev --ignore-scripts/,
    );
    const config = JSON.parse(readFileSync(join(source, 'convgrade-gradescope.json'), 'utf8')) as {
      salt: string;
      exercise: { id: string };
    };
    expect(config.salt).toBe(readFileSync(join(repo, 'examples/demo-secret.txt'), 'utf8').trim());
    expect(config.exercise.id).toBe('ex9-convolution');
  });

  it('grades the submission on the hidden variant seeded by the users and the assignment', () => {
    const { results } = runAutograder(fakeRoot('alice', alice, metadata([222, 111])));
    expect(results['score']).toBe(11);
    expect(results['extra_data']).toMatchObject({
      status: 'graded',
      student: '111+222@4242',
      cases: 'hidden',
      exercise: 'ex9-convolution',
    });
    expect((results['tests'] as unknown[]).length).toBe(6);
  });

  it('finds a submission uploaded one folder down', () => {
    const nested = Object.fromEntries(Object.entries(alice).map(([f, t]) => [`my-ex9/${f}`, t]));
    const { results } = runAutograder(fakeRoot('nested', { ...nested, 'README.md': 'hi' }, metadata([7])));
    expect(results['score']).toBe(11);
  });

  it('writes a score-0 "ungradable" results.json when the metadata is missing', () => {
    const { results } = runAutograder(fakeRoot('no-meta', alice, undefined));
    expect(results['score']).toBe(0);
    expect(results['extra_data']).toMatchObject({ status: 'ungradable' });
    expect(results['output']).toMatch(/submission metadata/);
    // A harness failure still lists every question, failed and worth its points (not `tests: []`).
    const tests = results['tests'] as { name: string; score: number; max_score: number; status: string }[];
    expect(tests.map((t) => [t.name.split(':')[0], t.score, t.max_score, t.status])).toEqual(
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((q) => [q, 0, q === 'q4' ? 1 : 2, 'failed']),
    );
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  });

  it('lists one failed "Autograder" test when even the settings cannot be read', () => {
    const root = fakeRoot('no-config', alice, metadata([10]));
    const outcome = spawnSync(
      process.execPath,
      [join(repo, 'bin', 'convgrade.js'), 'gradescope', 'run', '--root', root, '--config', join(root, 'nope.json')],
      { encoding: 'utf8' },
    );
    expect(outcome.status).toBe(0);
    const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
    expect(results['tests']).toEqual([expect.objectContaining({ name: 'Autograder', score: 0, status: 'failed' })]);
    expect(results['output']).toMatch(/autograder settings/);
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes a results.json for an empty submission', () => {
    const { results } = runAutograder(fakeRoot('empty', {}, metadata([8])));
    expect(results['score']).toBe(0);
    const [first] = results['tests'] as { output: string; visibility: string }[];
    expect(first?.output).toMatch(/No solution\.ts/);
    expect(first?.visibility).toBe('visible'); // nothing ran, so the reason is shown at once
  });

  it('still leaves a results.json when the harness cannot start', () => {
    const root = fakeRoot('broken', alice, metadata([9]));
    renameSync(join(source, 'convgrade', 'dist'), join(work, 'dist-aside'));
    try {
      const { results, stderr } = runAutograder(root);
      expect(stderr).toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
      expect(results).toMatchObject({ score: 0, extra_data: { status: 'ungradable' } });
      expect((results['tests'] as { name: string }[]).map((t) => t.name.split(':')[0])).toEqual([
        'q1',
        'q2',
        'q3',
        'q4',
        'q5',
        'q6',
      ]);
      expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      renameSync(join(work, 'dist-aside'), join(source, 'convgrade', 'dist'));
    }
  });

  it('never plans to run student code as root: basic only with --allow-basic, and then recorded', () => {
    const flags = {
      exercise: 'ex9-convolution',
      out: join(work, 'basic.zip'),
      secret: join(repo, 'examples/demo-secret.txt'),
      isolation: 'basic',
      visibility: 'visible',
    } as const;
    expect(() => buildAutograder(flags, {})).toThrow(
      /--isolation basic runs student code as root .* pass --allow-basic/,
    );
    buildAutograder({ ...flags, allowBasic: true }, {});
    const dir = join(work, 'basic-unpacked');
    execFileSync('python3', ['-c', EXTRACT, flags.out, dir]);
    expect(JSON.parse(readFileSync(join(dir, 'convgrade-gradescope.json'), 'utf8'))).toMatchObject({
      isolation: 'basic',
      allowBasic: true,
    });
  });

  it('refuses at run time to grade as root when only basic isolation is left and the TA did not allow it', async () => {
    const root = fakeRoot('basic-refused', alice, metadata([10]));
    const config = join(work, 'basic-config.json');
    const baked = JSON.parse(readFileSync(join(source, 'convgrade-gradescope.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      config,
      JSON.stringify({
        ...baked,
        isolation: 'basic',
        exercise: { ...(baked['exercise'] as object), file: join(source, 'exercise.yaml') },
      }),
    );
    const outcome = await runGradescope({ root, config });
    expect(outcome.status).toBe('ungradable');
    const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
    expect(results).toMatchObject({ score: 0, extra_data: { status: 'ungradable' } });
    expect(results['output']).toMatch(
      /Refusing to run student code as root: basic isolation.*Rebuild the autograder with --allow-basic/,
    );
  });

  it('refuses to build without a secret salt', () => {
    expect(() =>
      buildAutograder(
        { exercise: 'ex9-convolution', out: join(work, 'x.zip'), isolation: 'auto', visibility: 'visible' },
        {},
      ),
    ).toThrow(/secret salt/);
  });
});

describe('submission metadata and location', () => {
  it('joins sorted user ids with the assignment id', () => {
    const path = join(work, 'meta.json');
    writeFileSync(path, JSON.stringify({ users: [{ id: 'b' }, { id: 'a' }], assignment: { id: 1 } }));
    expect(studentFromMetadata(path)).toBe('a+b@1');
    writeFileSync(path, JSON.stringify({ users: [], assignment: { id: 1 } }));
    expect(() => studentFromMetadata(path)).toThrow(/no users\[\]\.id/);
  });

  it('picks the folder itself, its only submission sub-folder, or gives up on ambiguity', () => {
    const top = join(work, 'loc');
    mkdirSync(join(top, 'a'), { recursive: true });
    mkdirSync(join(top, 'b'), { recursive: true });
    writeFileSync(join(top, 'a', 'solution.py'), '');
    expect(findSubmission(top)).toBe(join(top, 'a'));
    writeFileSync(join(top, 'b', 'answers.yaml'), '');
    expect(findSubmission(top)).toBe(top);
    cpSync(join(top, 'a', 'solution.py'), join(top, 'solution.py'));
    expect(findSubmission(top)).toBe(top);
  });
});
