import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isInShard, parseShard, runPool } from '../../grader/batch.js';

describe('parseShard', () => {
  it('accepts i/n with 1 ≤ i ≤ n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });
  it.each(['0/3', '4/3', '1/0', 'a/b', '1-3', ''])('rejects %j', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard must be i\/n/);
  });
});

describe('isInShard', () => {
  it('puts every id in exactly one shard', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 12 }), (id, count) => {
        const owners = Array.from({ length: count }, (_, i) => isInShard(id, { index: i + 1, count }));
        expect(owners.filter(Boolean)).toHaveLength(1);
      }),
    );
  });
  it('spreads ids roughly evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++)
      counts.forEach((_, s) => (counts[s]! += isInShard(`student-${i}`, { index: s + 1, count: 4 }) ? 1 : 0));
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe('runPool', () => {
  it('never exceeds the job count, never shares a slot, and delivers every result', async () => {
    const inFlight = new Set<number>();
    let peak = 0;
    const seen: number[] = [];
    await runPool(
      Array.from({ length: 25 }, (_, i) => i),
      3,
      async (item, slot) => {
        expect(inFlight.has(slot)).toBe(false);
        inFlight.add(slot);
        peak = Math.max(peak, inFlight.size);
        await new Promise((resolve) => setTimeout(resolve, item % 4));
        inFlight.delete(slot);
        return item * 2;
      },
      (result) => {
        seen.push(result);
      },
    );
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
  });

  it('hands a released slot to the next item while the call finishes, never to two holders, with at most 2 × jobs in flight', async () => {
    const holders = new Map<number, number>();
    let inFlight = 0;
    let peakInFlight = 0;
    let overlapped = false;
    const seen: number[] = [];
    await runPool(
      Array.from({ length: 30 }, (_, i) => i),
      2,
      async (item, slot, release) => {
        expect(holders.has(slot), `slot ${slot} taken by ${holders.get(slot)} and ${item}`).toBe(false);
        holders.set(slot, item);
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1 + (item % 3)));
        holders.delete(slot);
        release();
        release(); // a second release is a no-op
        // The rest of the call (judging) runs without the slot, beside the next item.
        await new Promise((resolve) => setTimeout(resolve, 8));
        if (holders.size > 0) overlapped = true;
        inFlight--;
        return item;
      },
      (result) => {
        seen.push(result);
      },
    );
    expect(overlapped).toBe(true);
    expect(peakInFlight).toBeLessThanOrEqual(4);
    expect(peakInFlight).toBeGreaterThan(2);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('rejects with the first harness error', async () => {
    await expect(
      runPool(
        [1, 2, 3],
        2,
        async (item) => {
          if (item === 2) throw new Error('boom');
          return item;
        },
        () => undefined,
      ),
    ).rejects.toThrow('boom');
  });
});
