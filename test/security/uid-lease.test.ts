/**
 * S3/S6 across graders: two runs on one machine never share a sandbox uid. Found while running
 * the hostile corpus next to another grader: both ran slot 0 as uid 61000, and each one's reaper
 * SIGKILLed the other's live sandboxes (honest submissions "crashed" with exit 137).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
