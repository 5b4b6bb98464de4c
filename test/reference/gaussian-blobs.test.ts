import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convolve2d, gaussianBlobs, gaussianWindow } from '../../reference/index.js';
import { maxDiff } from './helpers.js';

const blobsCase = fc
  .record({
    size: fc.integer({ min: 1, max: 20 }),
    window: fc.integer({ min: 1, max: 24 }),
    std: fc.double({ min: 0.3, max: 8, noNaN: true }),
  })
  .chain((base) =>
    fc.record({
      size: fc.constant(base.size),
      window: fc.constant(base.window),
      std: fc.constant(base.std),
      points: fc.array(fc.tuple(fc.nat({ max: base.size - 1 }), fc.nat({ max: base.size - 1 })), { maxLength: 4 }),
    }),
  );

describe('gaussianWindow', () => {
  it('is exactly symmetric, in (0, 1], with 1 at the centre of an odd window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.double({ min: 0.1, max: 30, noNaN: true }), (M, std) => {
        const w = gaussianWindow(M, std);
        expect(w).toHaveLength(M);
        w.forEach((v, k) => {
          expect(v).toBe(w[M - 1 - k]);
          expect(v).toBeLessThanOrEqual(1);
          expect(v).toBeGreaterThanOrEqual(0);
        });
        if (M % 2 === 1) expect(w[(M - 1) / 2]).toBe(1);
      }),
    );
  });

  it('is exp(−(k − (M−1)/2)² / (2·std²))', () => {
    expect(gaussianWindow(4, 1.5)).toEqual([
      Math.exp(-2.25 / 4.5),
      Math.exp(-0.25 / 4.5),
      Math.exp(-0.25 / 4.5),
      Math.exp(-2.25 / 4.5),
    ]);
  });
});

describe('gaussianBlobs', () => {
  it("equals SciPy convolve2d(canvas, outer(g, g), 'same') computed the long way", () => {
    fc.assert(
      fc.property(blobsCase, (cfg) => {
        const g = gaussianWindow(cfg.window, cfg.std);
        const kernel = g.map((u) => g.map((v) => u * v));
        const canvas = Array.from({ length: cfg.size }, () => new Array<number>(cfg.size).fill(0));
        for (const [i, j] of cfg.points) canvas[i]![j] = 1;
        expect(maxDiff(gaussianBlobs(cfg), convolve2d(canvas, kernel, 'same'))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('sets a repeated point once (canvas[i, j] = 1) rather than adding it twice', () => {
    const once = gaussianBlobs({ size: 9, points: [[4, 4]], std: 1, window: 5 });
    expect(
      gaussianBlobs({
        size: 9,
        points: [
          [4, 4],
          [4, 4],
        ],
        std: 1,
        window: 5,
      }),
    ).toEqual(once);
    expect(once[4]![4]).toBe(1);
  });

  it('puts an even window’s 2×2 plateau below and right of the point', () => {
    const out = gaussianBlobs({ size: 10, points: [[3, 6]], std: 1.5, window: 6 });
    const peak = out[3]![6]!;
    expect(out[3]![7]).toBe(peak);
    expect(out[4]![6]).toBe(peak);
    expect(out[4]![7]).toBe(peak);
    expect(out[2]![6]!).toBeLessThan(peak);
  });
});
