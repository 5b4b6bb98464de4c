/**
 * Results of a batch parked on disk as they finish, read back one at a time in student-id
 * order: what lets `grade` drop each result from memory once its own files are written and
 * still render the whole-class files in the order they have always had (sorted by id, not by
 * which sandbox finished first). Memory per student is one index entry (id, offset, length).
 * The spool is a temp file in the output folder (on disk, not a tmpfs), unlinked as soon as it is
 * open: it is read and written through its descriptor only, so a grader that is killed (SIGKILL,
 * the OOM killer, a lost CI runner) leaves nothing behind and the kernel frees the space. Where an
 * open file cannot be unlinked (Windows), it keeps its hidden name until close() removes it.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InternalError } from '../grader/errors.js';
import type { SubmissionResult } from '../grader/result.js';

interface Entry {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
}

export interface ResultSpool {
  /** Results appended so far. */
  readonly size: number;
  append(result: SubmissionResult): void;
  /** Every appended result, in student-id order (ties in the order appended). */
  sorted(): Generator<SubmissionResult>;
  /** Removes the spool file; safe to call more than once. */
  close(): void;
}

/** Orders student ids the way every whole-class output lists them (UTF-16 code units). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function openResultSpool(dir: string): ResultSpool {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `.convgrade-spool.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // Owner-only: it holds every student's result (for the moment before the unlink, or until close()).
  const fd = openSync(path, 'w+', 0o600);
  let named = true;
  try {
    unlinkSync(path);
    named = false;
  } catch {
    // Kept by name (an open file cannot be unlinked here): close() removes it.
  }
  const entries: Entry[] = [];
  let end = 0;
  let open = true;
  return {
    get size() {
      return entries.length;
    },
    append(result) {
      const data = Buffer.from(JSON.stringify(result), 'utf8');
      let written = 0;
      while (written < data.length) written += writeSync(fd, data, written, data.length - written, end + written);
      entries.push({ id: result.submission.id, offset: end, length: data.length });
      end += data.length;
    },
    *sorted() {
      // Array.prototype.sort is stable: equal ids keep the order they were appended in.
      const order = [...entries].sort((a, b) => compareIds(a.id, b.id));
      for (const entry of order) {
        const data = Buffer.allocUnsafe(entry.length);
        let read = 0;
        while (read < entry.length) {
          const n = readSync(fd, data, read, entry.length - read, entry.offset + read);
          if (n === 0) throw new InternalError(`The result spool ${path} ended early (at ${entry.offset + read})`);
          read += n;
        }
        yield JSON.parse(data.toString('utf8')) as SubmissionResult;
      }
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
      if (named) rmSync(path, { force: true });
    },
  };
}
