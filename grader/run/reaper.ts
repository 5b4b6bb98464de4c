/**
 * After a run no process of it may survive (S6), and at the uid level nothing it left in the
 * host's shared temporary folders either, before any result is written.
 *
 * - With a slot cgroup, the cgroup is the run: wait up to `graceMs` for it to empty by itself
 *   (killing bwrap makes the kernel tear down the pid namespace, which takes a moment for a
 *   namespace full of forks), then kill whatever is left through the cgroup.
 * - Without one, as root: `kill(-1)` sent *as the slot uid* (a perl one-liner), which reaches every
 *   process of that uid and nothing else. The uid is leased to this run alone (uid-lease.ts), so
 *   that is exactly the run's processes. It cannot count them, so no note says how many.
 * - Either way it then waits until the uid holds no task at all, zombies included (the cgroup's
 *   pids.current, or a fork under RLIMIT_NPROC = 2 as the uid): a task that is dead but not yet
 *   reaped still counts against the uid's process limit, and the next run on that uid (another
 *   student's) would fail to start. The caller hands the uid on only when it is drained.
 *
 * None of it scans /proc.
 */
import { execa } from 'execa';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SlotCgroup } from './cgroup.js';

/**
 * Run as the slot uid: kill(-1) reaches every process of that uid but the sender, and the kernel
 * aborts a fork racing with it; two more rounds catch a process that was in the middle of exec.
 * (kill(-1) cannot tell whether it reached anyone: it succeeds whenever other processes exist.)
 * Inline, because the harness's own files may be unreadable to that uid (S13).
 */
const KILL_ALL = 'for (1 .. 3) { kill("KILL", -1); select(undef, undef, undef, 0.01) }';

export interface ReapTarget {
  readonly cgroup?: SlotCgroup;
  /** The run's slot uid, with the tools to act as it (root levels). */
  readonly uid?: { readonly uid: number; readonly setpriv: string; readonly perl: string; readonly prlimit?: string };
}

/** How long killed tasks may take to be released (their parents reap them) before the uid is kept out of use. */
export const DRAIN_MS = 3000;

/** Kills what outlived the run; how many processes that was (as far as it can tell: 0 for kill(-1)). */
export async function reapRun(target: ReapTarget, graceMs = 1000): Promise<number> {
  if (target.cgroup !== undefined) {
    const cgroup = target.cgroup;
    const start = performance.now();
    // The run's processes were just killed and leave within a few ms: polled at 1, 2, 4, 8 ms,
    // then every 10 ms (a flat 10 ms poll was ~8 ms of every run's latency).
    for (let wait = 1; cgroup.pids().length > 0 && performance.now() - start < graceMs; wait = Math.min(10, wait * 2))
      await sleep(wait);
    const survivors = cgroup.pids().length;
    if (survivors > 0) await cgroup.kill();
    return survivors;
  }
  if (target.uid !== undefined) await killAllOfUid(target.uid);
  return 0;
}

/**
 * After reapRun: whether the run's uid holds no task any more, zombies included. Until then the
 * kernel still counts them against RLIMIT_NPROC for that uid, and the next run given the uid
 * (another student's) would fail to start its threads (Node aborts): the lease is handed on only
 * once this says true (run-submission.ts). The run's slot cgroups at pids.current 0 prove it at
 * once; they often still count bwrap's namespace init, a root process whose zombie the machine's
 * init reaps when it gets to it, so then the uid itself is asked, once (drainUid). Without
 * prlimit it waits on the cgroups alone. False after DRAIN_MS.
 */
export async function drainRun(cgroups: readonly SlotCgroup[], uid: ReapTarget['uid']): Promise<boolean> {
  const drained = (): boolean => cgroups.every((cgroup) => cgroup.drained());
  if (drained()) return true;
  if (uid?.prlimit !== undefined) return drainUid({ ...uid, prlimit: uid.prlimit });
  const deadline = performance.now() + DRAIN_MS;
  while (!drained() && performance.now() < deadline) await sleep(10);
  return drained();
}

/** SIGKILLs every process of `uid`. */
export async function killAllOfUid(who: {
  readonly uid: number;
  readonly setpriv: string;
  readonly perl: string;
}): Promise<void> {
  const run = await asUid(who, [who.perl, '-e', KILL_ALL]);
  if (run.failed)
    throw new Error(`Cannot reap the processes of uid ${who.uid}: ${run.stderr.trim() || run.shortMessage}`);
}

/**
 * Run as the slot uid with RLIMIT_NPROC = 2: kill(-1), then fork. The kernel lets the fork
 * through only while the uid has no task but this one (its count includes zombies not yet
 * reaped), so a fork that succeeds proves the uid empty, with no /proc scan. Retried every 10 ms
 * for DRAIN_MS; exit 0 when empty, 1 when not.
 */
const DRAIN =
  `for (1 .. ${DRAIN_MS / 10}) { kill("KILL", -1); my $p = fork(); ` +
  'if (defined $p) { if ($p == 0) { exit 0 } waitpid($p, 0); exit 0 } select(undef, undef, undef, 0.01) } exit 1';

/** Kills every process of `uid` and waits until the uid has no task left; false if it still has some after DRAIN_MS. */
export async function drainUid(who: {
  readonly uid: number;
  readonly setpriv: string;
  readonly perl: string;
  readonly prlimit: string;
}): Promise<boolean> {
  const run = await asUid(who, [who.prlimit, '--nproc=2', '--', who.perl, '-e', DRAIN]);
  if (run.exitCode === 0 || run.exitCode === 1) return run.exitCode === 0;
  throw new Error(`Cannot reap the processes of uid ${who.uid}: ${run.stderr.trim() || run.shortMessage}`);
}

function asUid(who: { readonly uid: number; readonly setpriv: string }, command: readonly string[]) {
  return execa(
    who.setpriv,
    [
      `--reuid=${who.uid}`,
      `--regid=${who.uid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
      ...command,
    ],
    { env: { PATH: '/usr/bin:/bin' }, extendEnv: false, cwd: '/', reject: false, timeout: 10_000 + DRAIN_MS },
  );
}

/** Shared folders any uid may write to; a uid-level run's leftovers there are removed (S6). */
export const SHARED_TEMP_DIRS = ['/tmp', '/var/tmp', '/dev/shm', '/dev/mqueue', '/run/lock'];

/**
 * Removes every entry owned by `uid` in the shared temporary folders (and in world-writable
 * folders inside them, two levels down), so nothing one run leaves there reaches the next run
 * on the same uid, and no memory stays held by files in /dev/shm. Returns what was removed.
 */
export async function removeFilesOfUid(uid: number, dirs: readonly string[] = SHARED_TEMP_DIRS): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let st;
      try {
        st = await lstat(path);
      } catch {
        continue;
      }
      if (st.uid === uid) {
        await rm(path, { recursive: true, force: true });
        removed.push(path);
      } else if (depth > 0 && st.isDirectory() && (st.mode & 0o002) !== 0) {
        await walk(path, depth - 1);
      }
    }
  };
  for (const dir of dirs) await walk(dir, 2);
  return removed;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
