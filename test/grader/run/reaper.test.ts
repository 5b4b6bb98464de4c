/**
 * Reaping without a /proc scan (S6): kill(-1) sent as the slot uid by enter.pl, the fallback
 * where no slot cgroup can be made, reaches every process of that uid (double-forked and
 * setsid'd ones too) and nothing else; and the uid level's leftovers in shared temporary
 * folders are removed; a uid counts as drained (free for the next run) only when no task of it,
 * zombies included, is left. (Reaping through a cgroup: cgroup.test.ts.) The check uses /proc,
 * the product does not.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../../grader/run/isolation.js';
import { drainRun, drainUid, killAllOfUid, reapRun, removeFilesOfUid } from '../../../grader/run/reaper.js';
import { pidsOfUid } from './helpers.js';

const UID = 61000 + 9;
const OTHER = 61000 + 10;
const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : undefined;
const perl = findExecutable('perl');

function sleeperAs(uid: number, detach: boolean): void {
  const shell = detach ? 'setsid sh -c "sleep 30 &" ; sleep 30' : 'sleep 30';
  const child = spawn(
    setpriv ?? 'setpriv',
    [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', '/bin/sh', '-c', shell],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
}

async function waitFor(uid: number, count: number): Promise<void> {
  for (let i = 0; i < 100 && (await pidsOfUid(uid)).length < count; i++) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(process.getuid?.() !== 0 || setpriv === undefined || perl === undefined)('reaping a slot uid', () => {
  const who = { uid: UID, setpriv: setpriv ?? '', perl: perl ?? '' };

  it('kills every process of the uid, daemons included, and none of another uid', async () => {
    sleeperAs(UID, true);
    sleeperAs(OTHER, false);
    await waitFor(UID, 3);
    await waitFor(OTHER, 2);
    expect((await pidsOfUid(UID)).length).toBeGreaterThanOrEqual(3);
    await reapRun({ uid: who });
    expect(await pidsOfUid(UID)).toEqual([]);
    expect((await pidsOfUid(OTHER)).length).toBeGreaterThan(0);
    await killAllOfUid({ ...who, uid: OTHER });
    expect(await pidsOfUid(OTHER)).toEqual([]);
  });

  it('drains a uid only once its last task is released: a zombie nobody reaps keeps it busy', async () => {
    const prlimit = findExecutable('prlimit');
    if (prlimit === undefined) return;
    const drainer = { ...who, prlimit };
    sleeperAs(UID, true);
    await waitFor(UID, 3);
    expect(await drainUid(drainer)).toBe(true);
    expect(await pidsOfUid(UID)).toEqual([]);
    // A root parent that never reaps its child, which became the uid and exited: a zombie of UID.
    const parent = spawn(
      perl ?? 'perl',
      [
        '-e',
        `my $p = fork(); if ($p == 0) { $) = "${UID} ${UID}"; $( = ${UID}; $< = $> = ${UID}; exit 0 } $| = 1; select(undef, undef, undef, 0.1); print "ready\n"; sleep 60`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => parent.stdout.once('data', resolve));
      expect(await drainUid(drainer)).toBe(false); // after DRAIN_MS: it cannot be killed, only reaped
    } finally {
      parent.kill('SIGKILL');
    }
    expect(await drainUid(drainer)).toBe(true);
    expect(await reapRun({ uid: drainer })).toBe(0);
    expect(await drainRun([], drainer)).toBe(true);
  });

  it('removes what the uid left in shared temporary folders, and nothing of others', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'convgrade-shared-'));
    const open = join(shared, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    for (const [path, uid] of [
      [join(shared, 'left-by-run'), UID],
      [join(open, 'nested-by-run'), UID],
      [join(shared, 'someone-else'), OTHER],
    ] as const) {
      writeFileSync(path, 'x');
      chownSync(path, uid, uid);
    }
    chownSync(open, 0, 0);
    const removed = await removeFilesOfUid(UID, [shared]);
    expect(removed.sort()).toEqual([join(shared, 'left-by-run'), join(open, 'nested-by-run')].sort());
    expect(existsSync(join(shared, 'someone-else'))).toBe(true);
    rmSync(shared, { recursive: true, force: true });
  });
});
