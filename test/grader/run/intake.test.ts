import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSubmission, type Intake, type StagedSubmission } from '../../../grader/run/index.js';
import { fixture } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convgrade-intake-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(path, file), text);
  return path;
}

function staged(intake: Intake): StagedSubmission {
  if (!intake.ok) throw new Error(`expected ok, got ${intake.reason}`);
  return intake.staged;
}

function reason(intake: Intake): string {
  if (intake.ok) throw new Error('expected a refusal');
  return intake.reason;
}

describe('intakeSubmission', () => {
  it('detects the language and transpiles TypeScript to CommonJS (an ES module that needs none of ESM)', async () => {
    const s = staged(await intakeSubmission(fixture('ts', 'correct')));
    expect(s.language).toBe('ts');
    expect(s.module?.name).toBe('solution.cjs');
    expect(s.module?.code).toContain('module.exports = __toCommonJS(');
    expect(s.module?.code).toMatch(/featureMapSize: \(\) => featureMapSize/);
    expect(s.module?.code).not.toContain('interface Cfg');
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects JavaScript and Python', async () => {
    expect(staged(await intakeSubmission(fixture('js', 'correct'))).language).toBe('js');
    expect(staged(await intakeSubmission(fixture('js', 'commonjs'))).module?.name).toBe('solution.js');
    expect(staged(await intakeSubmission(fixture('py', 'correct'))).language).toBe('py');
  });

  it('accepts a single file of any name', async () => {
    const path = join(await folder('single', { 'alice.py': 'def f():\n    return 1\n' }), 'alice.py');
    const s = staged(await intakeSubmission(path));
    expect(s.language).toBe('py');
    expect(s.module?.name).toBe('solution.py');
  });

  it('turns a TypeScript syntax error into a load error with the esbuild message', async () => {
    const s = staged(await intakeSubmission(fixture('ts', 'syntax-error')));
    expect(s.module).toBeUndefined();
    expect(s.loadError).toMatch(/solution\.ts:2:\d+: Unexpected ";"/);
  });

  it('never reads tsconfig, package.json, node_modules, conftest.py or sitecustomize.py', async () => {
    const path = await folder('extras', {
      'solution.ts': 'export const f = (): number => 1;\n',
      'tsconfig.json': '{"compilerOptions": {"plugins": [{"name": "evil"}]}}',
      'package.json': '{"type": "commonjs", "scripts": {"preinstall": "curl evil"}}',
      'conftest.py': 'raise SystemExit',
      'sitecustomize.py': 'raise SystemExit',
    });
    const s = staged(await intakeSubmission(path));
    expect(s.ignored).toEqual(['conftest.py', 'package.json', 'sitecustomize.py', 'tsconfig.json']);
    expect(s.module?.code).toMatch(/f: \(\) => f\b/);
  });

  it('returns answers.yaml as raw text; a folder with only answers.yaml has no language', async () => {
    const path = await folder('answers-only', { 'answers.yaml': 'q4: b\n' });
    const s = staged(await intakeSubmission(path));
    expect(s.language).toBeNull();
    expect(s.answersYaml).toBe('q4: b\n');
    expect(s.module).toBeUndefined();
  });

  it('hashes names and contents deterministically, ignoring other files', async () => {
    const a = staged(
      await intakeSubmission(await folder('hash-a', { 'solution.py': 'x = 1\n', 'answers.yaml': 'q4: b\n' })),
    );
    const b = staged(
      await intakeSubmission(
        await folder('hash-b', { 'solution.py': 'x = 1\n', 'answers.yaml': 'q4: b\n', 'README.md': 'hi' }),
      ),
    );
    const c = staged(
      await intakeSubmission(await folder('hash-c', { 'solution.py': 'x = 2\n', 'answers.yaml': 'q4: b\n' })),
    );
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe(c.sha256);
  });

  it('refuses a symlinked solution, a symlinked folder and devices', async () => {
    const target = await folder('target', { 'real.py': 'x = 1\n' });
    const path = await folder('linked', {});
    await symlink(join(target, 'real.py'), join(path, 'solution.py'));
    expect(reason(await intakeSubmission(path))).toMatch(/solution\.py is a symbolic link/);
    await symlink(target, join(dir, 'folder-link'));
    expect(reason(await intakeSubmission(join(dir, 'folder-link')))).toMatch(/symbolic link/);
    if (process.platform !== 'win32') expect(reason(await intakeSubmission('/dev/null'))).toMatch(/not a regular file/);
  });

  it('refuses a missing solution, several solutions and oversized files', async () => {
    expect(reason(await intakeSubmission(await folder('empty', { 'Solution.PY': '' })))).toMatch(
      /No solution\.ts.*case-sensitive/,
    );
    expect(reason(await intakeSubmission(await folder('two', { 'solution.py': '', 'solution.ts': '' })))).toMatch(
      /several solution files \(solution\.py, solution\.ts\)/,
    );
    const big = await folder('big', { 'solution.py': '#'.repeat(2048) });
    expect(reason(await intakeSubmission(big, { maxSolutionBytes: 1024 }))).toMatch(/2048 bytes; the limit is 1024/);
    expect(reason(await intakeSubmission(join(dir, 'does-not-exist')))).toMatch(/does not exist/);
  });
});

describe('intakeSubmission on a crowded folder', () => {
  it('stops reading a folder past 1000 entries', async () => {
    const files: Record<string, string> = { 'solution.py': 'x = 1\n' };
    for (let i = 0; i < 1000; i++) files[`extra-${i}.txt`] = '';
    expect(reason(await intakeSubmission(await folder('crowded', files)))).toMatch(/more than 1000 entries/);
    delete files['extra-0.txt'];
    expect(staged(await intakeSubmission(await folder('full', files))).ignored).toHaveLength(999);
  });
});
