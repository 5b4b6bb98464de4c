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
 * Runs `work` over `items` with at most `jobs` in flight. Each call gets a slot in [0, jobs)
 * that no other in-flight call holds. Results are handed to `onResult` as they finish (so a
 * caller can stream them to disk); the returned promise resolves when all are done. A rejected
 * `work` rejects the pool after in-flight work settles: rejections are harness bugs, since
 * student failures are values.
 */
export async function runPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T, slot: number) => Promise<R>,
  onResult: (result: R, item: T) => void | Promise<void>,
): Promise<void> {
  const slots = Math.max(1, Math.min(Math.floor(jobs), items.length || 1));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (slot: number): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await onResult(await work(item, slot), item);
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: slots }, (_, slot) => lane(slot)));
  if (failure !== undefined) throw failure.error;
}
