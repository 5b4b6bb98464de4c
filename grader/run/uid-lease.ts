/**
 * A lease on a sandbox uid (strict isolation as root, S3/S6). Two graders on one machine (two
 * CI jobs on a runner, parallel test files, a TA's second batch) would otherwise both run their
 * slot 0 as uid 61000: each one's reaper would kill the other's live sandboxes, and a fork bomb
 * in one would use up RLIMIT_NPROC for the other. So a run leases the first free uid of
 * `61000 + slot`, `61000 + slot + STRIDE`, …: an exclusive lock file (O_EXCL) holding the
 * grader's pid. A lock whose pid no longer exists is stale and taken over.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError } from '../errors.js';
import { SLOT_UID_BASE } from './constants.js';

export const UID_STRIDE = 1000;
const ATTEMPTS = 20;
const NOBODY = 65534;

export interface UidLease {
  readonly uid: number;
  /** Taken over from a grader that died holding it: tasks of its run may still be on their way out. */
  readonly reclaimed: boolean;
  release(): void;
}

/** Leases a uid for `slot`: 61000 + slot when no other run holds it. */
export function leaseUid(slot: number, dir = lockDir()): UidLease {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const uid = SLOT_UID_BASE + slot + attempt * UID_STRIDE;
    if (uid === NOBODY) continue;
    const path = join(dir, `${uid}.lock`);
    const fresh = tryLock(path);
    if (fresh || reclaim(path)) {
      let released = false;
      return {
        uid,
        reclaimed: !fresh,
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    }
  }
  throw new InternalError(
    `No free sandbox uid for slot ${slot}: ${ATTEMPTS} candidates are held by other runs (locks in ${dir})`,
  );
}

function lockDir(): string {
  // /run is root's and cleared at boot; the strict root mode is the only user.
  return process.getuid?.() === 0 ? '/run/convgrade-uids' : join(tmpdir(), 'convgrade-uids');
}

function tryLock(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch {
    return false;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid of a lock whose process is gone, or undefined when the lock is live (or unreadable). */
function stalePid(path: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  // A lock being written (empty for an instant) is not stale.
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? pid : undefined;
  }
}

/**
 * Takes over a stale lock. Moved aside atomically first, so that of two runs reclaiming the same
 * lock at once, the second cannot delete the fresh lock of the first: it moves that one back.
 */
function reclaim(path: string): boolean {
  const dead = stalePid(path);
  if (dead === undefined) return false;
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return tryLock(path);
  }
  let moved: number;
  try {
    moved = Number(readFileSync(aside, 'utf8'));
  } catch {
    moved = dead;
  }
  if (moved !== dead) {
    // Another run reclaimed it in between: put its lock back (link never overwrites).
    try {
      linkSync(aside, path);
    } catch {
      // a third run holds the name now; the moved lock's owner keeps its uid regardless
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return tryLock(path);
}
