/**
 * Where strict isolation is missing, `grade` says so loudly on every run and in every output,
 * and `--isolation strict` refuses (exit 2, one clear line) instead of falling back. "Missing" is
 * made real, without a hook in the product: the CLI runs in a mount namespace where
 * /usr/bin/bwrap is /dev/null (not executable), exactly what a machine without bubblewrap looks like.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectIsolation } from '../../grader/run/index.js';
import { CLI, HOSTILE, IS_ROOT, ROOT, readResults, runCli, workDir, type CliRun } from './helpers.js';
import { spawn } from 'node:child_process';

const work = workDir('isolation');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const strictAvailable = (await detectIsolation({ isolation: 'auto' })).level === 'strict';

/** The CLI on a machine without bubblewrap: /usr/bin/bwrap (and /bin/bwrap through the /bin link) masked. */
function runWithoutBwrap(args: readonly string[]): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(
    '/usr/bin/bwrap',
    ['--dev-bind', '/', '/', '--ro-bind', '/dev/null', '/usr/bin/bwrap', '--', process.execPath, CLI, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, CONVGRADE_SECRET: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) =>
    child.once('close', (status) =>
      resolve({ status, stdout, stderr, pid: child.pid ?? 0, ms: Math.round(performance.now() - started) }),
    ),
  );
}

const submission = join(HOSTILE, 'control-js');
const grade = (out: string, isolation: string): readonly string[] => [
  'grade',
  submission,
  '--public',
  '--out',
  join(work, out),
  '--isolation',
  isolation,
  '--timeout-ms',
  '4000',
];
const WARNING = /convgrade: WARNING: grading with basic isolation .*do not grade untrusted submissions this way/;

describe('basic isolation says so loudly', () => {
  it('on every run of grade --isolation basic, and in every output', async () => {
    for (const out of ['basic-1', 'basic-2']) {
      const run = await runCli(grade(out, 'basic'));
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(WARNING);
      expect(run.stdout).toMatch(/with basic isolation/);
    }
    const result = readResults(join(work, 'basic-2')).get('control-js');
    expect(result?.isolation).toBe('basic');
    expect(result?.isolationNote).toMatch(/not safe for untrusted code/);
    expect(readFileSync(join(work, 'basic-2', 'reports', 'control-js.html'), 'utf8')).toMatch(
      /Isolation: basic — not a sandbox/,
    );
    expect(readFileSync(join(work, 'basic-2', 'gradescope', 'control-js', 'results.json'), 'utf8')).toMatch(
      /Isolation: basic \(no sandbox\) - not safe for untrusted code/,
    );
    expect(readFileSync(join(work, 'basic-2', 'junit.xml'), 'utf8')).toMatch(/name="isolation" value="basic"/);
  }, 60_000);

  it('check says so in its summary', async () => {
    const run = await runCli([
      'check',
      submission,
      '--isolation',
      'basic',
      '--report',
      join(work, 'check.html'),
      '--no-color',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/isolation: basic — .*not safe for untrusted code/);
  });
});

describe.skipIf(!strictAvailable || !IS_ROOT)('on a machine without bubblewrap', () => {
  it('--isolation strict refuses: exit 2, one clear line, nothing graded', async () => {
    const run = await runWithoutBwrap(grade('refused', 'strict'));
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trim()).toBe(
      'convgrade: Strict isolation is not available: bubblewrap (bwrap) is not installed (apt-get install bubblewrap)',
    );
    expect(readResults(join(work, 'refused')).size).toBe(0);
  });

  it('check --isolation strict refuses too', async () => {
    const run = await runWithoutBwrap([
      'check',
      submission,
      '--isolation',
      'strict',
      '--report',
      join(work, 'refused.html'),
    ]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/Strict isolation is not available/);
  });

  it('--isolation auto falls back to basic, warns on stderr and labels the results', async () => {
    const run = await runWithoutBwrap(grade('fallback', 'auto'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(WARNING);
    expect(run.stderr).toMatch(/strict isolation is not available: bubblewrap \(bwrap\) is not installed/);
    const result = readResults(join(work, 'fallback')).get('control-js');
    expect(result?.isolation).toBe('basic');
    expect(result?.score).toBe(11);
    expect(result?.isolationNote).toMatch(/strict isolation is not available/);
  });
});
