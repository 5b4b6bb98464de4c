/**
 * After a strict run no process of the slot's uid may survive (S6). Killing bwrap makes the
 * kernel tear down the pid namespace, which takes a moment for a namespace full of forks; so
 * the check waits up to `graceMs` for the uid's processes to vanish by themselves, then
 * SIGKILLs whatever is left and reports how many there were. Zombies are ignored: they no
 * longer run and only wait to be reaped. Linux only (reads /proc); strict path only.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Returns how many live processes of `uid` had to be killed after the grace period. */
export async function reapUid(uid: number, graceMs = 1000): Promise<number> {
  const start = performance.now();
  let pids = await pidsOfUid(uid);
  while (pids.length > 0 && performance.now() - start < graceMs) {
    await sleep(25);
    pids = await pidsOfUid(uid);
  }
  const survivors = pids.length;
  for (let round = 0; round < 20 && pids.length > 0; round++) {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(25);
    pids = await pidsOfUid(uid);
  }
  return survivors;
}

/** Live (non-zombie) processes whose real uid is `uid`. */
export async function pidsOfUid(uid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      const owner = /^Uid:\s+(\d+)/m.exec(status);
      const state = /^State:\s+(\S)/m.exec(status);
      if (owner && Number(owner[1]) === uid && state?.[1] !== 'Z' && state?.[1] !== 'X') pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
