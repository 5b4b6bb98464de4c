/**
 * The batch machinery around grading one submission: deterministic shards and a worker pool
 * whose slots are stable small integers (each slot maps to its own sandbox uid).
 */
import { createHash } from 'node:crypto';
import { UsageError } from './errors.js';

export interface Shard {
  /** 1-based, as written on the command line (`--shard 2/4`). */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, got "${text}"`);
  }
  return { index, count };
}

/**
 * Whether a submission id belongs to a shard. The split hashes the id, so it does not depend on
 * the order or number of the other submissions: adding a student never moves anyone else.
 */
export function isInShard(id: string, shard: Shard): boolean {
  const digest = createHash('sha256').update(id, 'utf8').digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/**
 * Runs `work` over `items` with at most `jobs` holding a slot. Each call gets a slot in [0, jobs)
 * that no other call holds until it calls `release` (or settles): a call that is done with its
 * slot's resources (a submission whose sandbox has ended, still being judged) hands the slot to
 * the next item early, so the slot's core is not idle while the rest of the call finishes. At
 * most `jobs` more calls than slots are in flight. Results are handed to `onResult` as they finish
 * (so a caller can stream them to disk); the returned promise resolves when all are done. A
 * rejected `work` rejects the pool after in-flight work settles: rejections are harness bugs,
 * since student failures are values.
 */
export async function runPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T, slot: number, release: () => void) => Promise<R>,
  onResult: (result: R, item: T) => void | Promise<void>,
): Promise<void> {
  const slots = Math.max(1, Math.min(Math.floor(jobs), items.length || 1));
  const free = Array.from({ length: slots }, (_, slot) => slots - 1 - slot);
  let next = 0;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  return new Promise<void>((resolve, reject) => {
    const finished = (): void => {
      if (inFlight > 0 || (failure === undefined && next < items.length)) return;
      if (failure !== undefined) reject(failure.error);
      else resolve();
    };
    const dispatch = (): void => {
      while (failure === undefined && next < items.length && free.length > 0 && inFlight < 2 * slots) {
        const item = items[next++] as T;
        const slot = free.pop() as number;
        inFlight++;
        let held = true;
        const release = (): void => {
          if (!held) return;
          held = false;
          free.push(slot);
          dispatch();
        };
        void (async () => {
          try {
            await onResult(await work(item, slot, release), item);
          } catch (error: unknown) {
            failure ??= { error };
          } finally {
            inFlight--;
            release();
            dispatch();
            finished();
          }
        })();
      }
      finished();
    };
    dispatch();
  });
}
