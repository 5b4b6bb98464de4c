import { mkdirSync, writeFileSync, renameSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written file (S10): write a temp file in the same folder, fsync it, then rename over.
 *
 * `durable: false` skips the fsync (3–11 ms a file on the reference machine, a large part of a
 * `check`, PERFORMANCE.md P1) for scratch outputs that the next run writes again: the rename
 * still gives readers the old or the whole new file whatever happens to the process; only a
 * crash of the machine itself right after could leave the file empty.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { readonly durable?: boolean } = {},
): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data);
    if (options.durable !== false) {
      const fd = openSync(temp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(temp, path);
  } catch (error: unknown) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The same guarantee without blocking the event loop: a batch writes each student's files while
 * other sandboxes are running, and a synchronous fsync would stall every slot (~10 ms a file).
 */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error: unknown) {
    await rm(temp, { force: true });
    throw error;
  }
}
