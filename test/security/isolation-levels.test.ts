/**
 * `auto` picks strict > uid > basic and every result says which. Where strict isolation is
 * missing, `--isolation strict` refuses (exit 2, one clear line) instead of falling back; as root
 * `auto` then drops student code to a slot uid, and only without root does it fall back to basic,
 * which `grade` announces loudly on every run and in every output. "Missing" is made real,
 * without a hook in the product: the CLI runs in a mount namespace where /usr/bin/bwrap is
 * /dev/null (a machine without bubblewrap), or in a simulated Gradescope container (docker-sim.ts:
 * Docker's capabilities and seccomp profile, so no namespaces at all).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectIsolation } from '../../grader/run/index.js';
import { CLI, HOSTILE, IS_ROOT, ROOT, readResults, runCli, workDir, type CliRun } from './helpers.js';
import { canSimulateDocker, runCliInDockerSim } from './docker-sim.js';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const work = workDir('isolation');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const strictAvailable = (await detectIsolation({ isolation: 'auto' })).level === 'strict';

/** Whether another user can reach the checkout (a clone under a private home cannot be). */
function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/**
 * The CLI on a machine without bubblewrap: /usr/bin/bwrap (and /bin/bwrap through the /bin
 * link) masked; `asNobody` also drops the grader to uid 65534 (a TA's laptop without bwrap).
 */
function runWithoutBwrap(args: readonly string[], asNobody = false): Promise<CliRun> {
  const started = performance.now();
  const nobody = asNobody ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const child = spawn(
    '/usr/bin/bwrap',
    [
      '--dev-bind',
      '/',
      '/',
      '--ro-bind',
      '/dev/null',
      '/usr/bin/bwrap',
      '--',
      ...nobody,
      process.execPath,
      CLI,
      ...args,
    ],
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

  it('--isolation auto drops student code to a slot uid (the grader is root), labelled in the results', async () => {
    const run = await runWithoutBwrap(grade('fallback', 'auto'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(WARNING);
    expect(run.stdout).toMatch(/with uid isolation/);
    const result = readResults(join(work, 'fallback')).get('control-js');
    expect(result?.isolation).toBe('uid');
    expect(result?.score).toBe(11);
    expect(result?.isolationNote).toMatch(
      /^uid isolation: .*\(strict isolation is not available: bubblewrap \(bwrap\) is not installed/,
    );
    expect(readFileSync(join(work, 'fallback', 'reports', 'control-js.html'), 'utf8')).toMatch(
      /uid \(a separate unprivileged user, no namespaces\)/,
    );
    expect(readFileSync(join(work, 'fallback', 'junit.xml'), 'utf8')).toMatch(/name="isolation" value="uid"/);
  });

  it.runIf(reachableByOthers(join(ROOT, 'dist', 'cli')))(
    'as an ordinary user, auto falls back to basic, warns on stderr and labels the results',
    async () => {
      const out = join(work, 'fallback-nobody');
      mkdirSync(out, { mode: 0o777 });
      chmodSync(out, 0o777);
      chmodSync(work, 0o777);
      const run = await runWithoutBwrap(grade('fallback-nobody', 'auto'), true);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(WARNING);
      expect(run.stderr).toMatch(
        /strict isolation is not available: bubblewrap \(bwrap\) is not installed.*; uid isolation is not available: the grader is not root/,
      );
      const result = readResults(out).get('control-js');
      expect(result?.isolation).toBe('basic');
      expect(result?.score).toBe(11);
    },
  );

  it('--isolation uid refuses as an ordinary user: exit 2, one clear line', async () => {
    const run = await runWithoutBwrap(['check', submission, '--isolation', 'uid', '--report', '/dev/null'], true);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trim()).toBe(
      'convgrade: Uid isolation is not available: the grader is not root, so it cannot run code as another uid',
    );
  });
});

describe.skipIf(!canSimulateDocker)('in a container without namespaces (a simulated Gradescope image)', () => {
  const sim = workDir('isolation-sim');
  chmodSync(sim, 0o711);
  const tmp = join(sim, 'tmp');
  mkdirSync(tmp, { mode: 0o711 });
  chmodSync(tmp, 0o711);
  afterAll(() => rmSync(sim, { recursive: true, force: true }));
  const env = { TMPDIR: tmp };

  it('--isolation strict refuses with the kernel’s reason', async () => {
    const run = await runCliInDockerSim(
      ['check', submission, '--isolation', 'strict', '--report', join(sim, 'r.html')],
      { readOnlyCgroups: true, env },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /^convgrade: Strict isolation is not available: bubblewrap failed: bwrap: Creating new namespace failed: Operation not permitted/,
    );
  });

  it('--isolation auto grades at the uid level and says what it lacks there (no cgroup, the keyring)', async () => {
    const out = join(sim, 'auto');
    const run = await runCliInDockerSim(
      ['grade', submission, '--public', '--out', out, '--isolation', 'auto', '--timeout-ms', '4000'],
      { readOnlyCgroups: true, env },
    );
    expect(run.status, run.stderr).toBe(0);
    const result = readResults(out).get('control-js');
    expect(result?.isolation).toBe('uid');
    expect(result?.score).toBe(11);
    expect(result?.isolationNote).toMatch(/no per-slot cgroup: no cgroup can be created \(.*EROFS/);
    expect(result?.isolationNote).toMatch(/keeps the grader's session keyring \(keyctl is blocked here\)/);
  });

  it('check grades TypeScript and JavaScript at the uid level, its early sandbox included (grader/run/prewarm.ts)', async () => {
    for (const control of ['control-ts', 'control-js']) {
      const json = join(sim, `${control}.json`);
      const run = await runCliInDockerSim(
        [
          'check',
          join(HOSTILE, control),
          '--isolation',
          'auto',
          '--report',
          join(sim, `${control}.html`),
          '--json',
          json,
        ],
        { readOnlyCgroups: true, env },
      );
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(readFileSync(json, 'utf8')) as { isolation: string; score: number; maxScore: number };
      expect(result.isolation, control).toBe('uid');
      expect(result.score, control).toBe(result.maxScore);
    }
    // Every staging folder of those checks is gone (the sandbox taken, or discarded).
    expect(readdirSync(tmp).filter((name) => /^convgrade-[^-]+$/.test(name))).toEqual([]);
  });

  it('refuses the uid level when the secret salt is readable by every user, naming the file and the fix', async () => {
    const secret = join(sim, 'secret.txt');
    writeFileSync(secret, 'a-secret-salt-of-the-course\n', { mode: 0o644 });
    chmodSync(secret, 0o644);
    const run = await runCliInDockerSim(
      ['grade', submission, '--secret', secret, '--out', join(sim, 'refused'), '--isolation', 'auto'],
      { readOnlyCgroups: true, env },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(`Uid isolation would let student code reach ${secret} (mode 0644, owner 0)`);
    expect(run.stderr).toMatch(/chmod go-rwx/);
    expect(readResults(join(sim, 'refused')).size).toBe(0);
  });
});
