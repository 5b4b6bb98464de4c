/**
 * S3/S6 across graders: two runs on one machine never share a sandbox uid. Found while running
 * the hostile corpus next to another grader: both ran slot 0 as uid 61000, and each one's reaper
 * SIGKILLed the other's live sandboxes (honest submissions "crashed" with exit 137).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectIsolation, intakeSubmission, runSubmission } from '../../grader/run/index.js';
import { leaseUid, UID_STRIDE } from '../../grader/run/uid-lease.js';
import { HOSTILE } from './helpers.js';

describe('leaseUid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-lease-test-'));

  it('gives 61000 + slot first, another uid while it is held, and the same again once released', () => {
    const first = leaseUid(7, dir);
    const second = leaseUid(7, dir);
    expect(first.uid).toBe(61007);
    expect(first.reclaimed).toBe(false);
    expect(second.uid).toBe(61007 + UID_STRIDE);
    first.release();
    const third = leaseUid(7, dir);
    expect(third.uid).toBe(61007);
    second.release();
    third.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lock of a grader that died', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid ?? 0;
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(dir, '61009.lock'), String(pid));
    const lease = leaseUid(9, dir);
    expect(lease.uid).toBe(61009);
    expect(lease.reclaimed).toBe(true);
    lease.release();
  });

  it('leaves a live grader its lock', () => {
    writeFileSync(join(dir, '61011.lock'), String(process.ppid));
    const lease = leaseUid(11, dir);
    expect(lease.uid).toBe(61011 + UID_STRIDE);
    lease.release();
    rmSync(join(dir, '61011.lock'));
  });
});

const strictRoot = (await detectIsolation({ isolation: 'auto' })).tools?.mode === 'root';

describe.skipIf(!strictRoot)('two runs on the same slot at once', () => {
  it('run as different uids, so one run ending never kills the other', async () => {
    const slow = await intakeSubmission(join(HOSTILE, 'late-answer'));
    const fast = await intakeSubmission(join(HOSTILE, 'control-py'));
    if (!slow.ok || !fast.ok) throw new Error('fixtures missing');
    const pause = [{ fn: 'gradInput', args: [[[1]], [[2]]] }];
    const opts = { isolation: 'strict', slot: 13, timeoutMsPerCall: 6000 } as const;
    // The slow run waits 4 s for its answer; the fast one ends (and reaps its uid) meanwhile.
    const [late, quick] = await Promise.all([
      runSubmission(slow.staged, pause, opts),
      runSubmission(fast.staged, [{ fn: 'grad_input', args: [[[1]], [[2]]] }], opts),
    ]);
    expect(quick.answers[0]).toEqual({ kind: 'value', value: [[2]] });
    expect(late.answers[0]).toEqual({ kind: 'value', value: [[2]] });
    expect(late.cleanupNote).toBeUndefined();
    expect(quick.cleanupNote).toBeUndefined();
  }, 30_000);
});

describe.skipIf(!strictRoot)('a uid whose last tasks are not released', () => {
  it('is never handed to the next run: a reclaimed uid full of zombies is kept, the run gets another', async () => {
    const slot = 23;
    const busy = 61000 + slot;
    const lock = join('/run/convgrade-uids', `${busy}.lock`);
    if (existsSync(lock)) return; // held by a run of another test file: not this test's to take
    // 62 zombies of the uid under a root parent that never reaps them: with the sandbox's
    // RLIMIT_NPROC of 64, a Node sandbox on that uid could not start its threads (it aborts).
    const parent = spawn(
      process.platform === 'linux' ? '/usr/bin/perl' : 'perl',
      [
        '-e',
        `$| = 1; for (1 .. 62) { my $p = fork(); if ($p == 0) { $) = "${busy} ${busy}"; $( = ${busy}; $< = $> = ${busy}; exit 0 } } select(undef, undef, undef, 0.2); print "ready\\n"; sleep 60`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    try {
      await new Promise((resolve) => parent.stdout.once('data', resolve));
      writeFileSync(lock, String(dead.pid ?? 0)); // a grader that died holding it
      const intake = await intakeSubmission(join(HOSTILE, 'control-ts'));
      if (!intake.ok) throw new Error(intake.reason);
      const report = await runSubmission(intake.staged, [{ fn: 'gradInput', args: [[[1]], [[2]]] }], {
        isolation: 'strict',
        slot,
      });
      expect(report.answers[0]).toEqual({ kind: 'value', value: [[2]] });
      expect(readFileSync(lock, 'utf8')).toBe(String(process.pid)); // kept out of use, by this grader
    } finally {
      parent.kill('SIGKILL');
      rmSync(lock, { force: true });
    }
  }, 30_000);
});
