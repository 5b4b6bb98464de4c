/**
 * A TA's laptop or a course's CI runner may grade as an ordinary user. As root (sessions and CI
 * here) this drops to uid 65534 with setpriv and checks both paths a non-root grader takes:
 * strict isolation in a user namespace (no separate uid, said in the result) and basic.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SubmissionResult } from '../../../grader/result.js';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'bin', 'convgrade.js');
/** Whether another user can reach the checkout (a clone under a private home cannot be). */
function reachableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}
const canDrop =
  process.getuid?.() === 0 && existsSync('/usr/bin/setpriv') && reachableByOthers(join(root, 'dist', 'cli'));

function checkAsNobody(isolation: 'auto' | 'basic'): {
  status: number | null;
  result: SubmissionResult;
  stderr: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-nobody-'));
  cpSync(join(root, 'examples', 'sample-class', 'alice'), join(dir, 'alice'), { recursive: true });
  for (const path of [dir, join(dir, 'alice'), join(dir, 'alice', 'solution.ts'), join(dir, 'alice', 'answers.yaml')])
    chmodSync(path, 0o777);
  const args = [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    process.execPath,
    cli,
    'check',
    join(dir, 'alice'),
    '--isolation',
    isolation,
    '--report',
    join(dir, 'r.html'),
    '--json',
    join(dir, 'r.json'),
    '--no-color',
  ];
  const run = spawnSync('/usr/bin/setpriv', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir },
  });
  return {
    status: run.status,
    stderr: run.stderr,
    result: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as SubmissionResult,
  };
}

describe.runIf(canDrop)('grading as a non-root user', () => {
  it('auto: strict isolation in a user namespace, saying there is no separate uid, full marks', () => {
    const { status, result, stderr } = checkAsNobody('auto');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(result.score).toBe(11);
    if (result.isolation === 'strict') expect(result.isolationNote).toMatch(/without a separate uid/);
    else expect(result.isolationNote).toMatch(/./);
  });

  it('basic: a plain child process, labelled as such, full marks', () => {
    const { status, result } = checkAsNobody('basic');
    expect(status).toBe(0);
    expect(result.isolation).toBe('basic');
    expect(result.score).toBe(11);
  });
});
