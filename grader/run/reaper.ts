/**
 * After a strict run no process of the slot's uid may survive (S6). The pid namespace and
 * die-with-parent should already guarantee it; this checks, and SIGKILLs any straggler.
 * Linux only (it reads /proc); called only on the strict path.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Kills every process whose real uid is `uid`; returns how many there were. */
export async function reapUid(uid: number): Promise<number> {
  let found = 0;
  for (let round = 0; round < 5; round++) {
    const pids = await pidsOfUid(uid);
    if (pids.length === 0) return found;
    found = Math.max(found, pids.length);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return found;
}

export async function pidsOfUid(uid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      const match = /^Uid:\s+(\d+)/m.exec(status);
      if (match && Number(match[1]) === uid) pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
