/**
 * A file written piece by piece and made visible all at once: the pieces go to a temp file in
 * the same folder, `commit()` fsyncs it and renames it over the target (readers see the old
 * file or the whole new one, never a part: S10), `discard()` removes it. For whole-class files
 * of a large batch (junit.xml) that are too big to build as one string first.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { InternalError } from '../grader/errors.js';

export interface AtomicStream {
  readonly path: string;
  write(text: string): void;
  commit(): void;
  discard(): void;
}

/** Pieces are buffered up to this many bytes before a write (few system calls, little memory). */
const FLUSH_BYTES = 1 << 16;

export function openAtomicStream(path: string): AtomicStream {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w');
  let open = true;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const data = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingBytes = 0;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
  };
  const close = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    path,
    write(text) {
      if (!open) throw new InternalError(`Cannot write to ${path}: already committed or discarded`);
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
    },
    commit() {
      if (!open) throw new InternalError(`Cannot commit ${path}: already committed or discarded`);
      try {
        flush();
        fsyncSync(fd);
        close();
        renameSync(temp, path);
      } catch (error: unknown) {
        close();
        rmSync(temp, { force: true });
        throw error;
      }
    },
    discard() {
      close();
      rmSync(temp, { force: true });
    },
  };
}
