import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avgPool2d, studentApi } from '../../reference/index.js';
import { matrix, maxDiff, shapeOf } from './helpers.js';
import { naiveAvgPool, poolGeometryArb } from './pool-oracle.js';

const caseArb = poolGeometryArb({ dilation: false }).chain((c) =>
  fc.tuple(fc.constant(c), matrix(fc.constant(c.rows.n), fc.constant(c.cols.n)), fc.boolean()),
);

describe('avgPool2d', () => {
  it('has the enumerated shape and PyTorch’s divisor, with countIncludePad either way', () => {
    fc.assert(
      fc.property(caseArb, ([c, X, include]) => {
        const Y = avgPool2d(X, { ...c.opts, countIncludePad: include });
        expect(shapeOf(Y)).toEqual([c.HF, c.WF]);
        expect(maxDiff(Y, naiveAvgPool(X, c, include))).toBeLessThan(1e-12);
      }),
      { numRuns: 400 },
    );
  });

  it('counts the padding by default, as PyTorch', () => {
    fc.assert(
      fc.property(caseArb, ([c, X]) => {
        expect(avgPool2d(X, c.opts)).toEqual(avgPool2d(X, { ...c.opts, countIncludePad: true }));
      }),
      { numRuns: 100 },
    );
  });

  it('is linear in X', () => {
    const arb = caseArb.chain(([c, X, include]) =>
      fc.tuple(
        fc.constant(c),
        fc.constant(X),
        matrix(fc.constant(c.rows.n), fc.constant(c.cols.n)),
        fc.constant(include),
      ),
    );
    fc.assert(
      fc.property(arb, fc.double({ min: -2, max: 2, noNaN: true }), ([c, X, Z, include], alpha) => {
        const opts = { ...c.opts, countIncludePad: include };
        const mixed = X.map((row, i) => row.map((v, j) => alpha * v + Z[i]![j]!));
        const expected = avgPool2d(X, opts).map((row, i) => row.map((v, j) => alpha * v + avgPool2d(Z, opts)[i]![j]!));
        expect(maxDiff(avgPool2d(mixed, opts), expected)).toBeLessThan(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a constant image constant without the padding in the divisor, and dims its border with it', () => {
    const X = [
      [6, 6, 6],
      [6, 6, 6],
      [6, 6, 6],
    ];
    expect(avgPool2d(X, { kernel: 2, stride: 1, padding: 1, countIncludePad: false })).toEqual([
      [6, 6, 6, 6],
      [6, 6, 6, 6],
      [6, 6, 6, 6],
      [6, 6, 6, 6],
    ]);
    expect(avgPool2d(X, { kernel: 2, stride: 1, padding: 1 })).toEqual([
      [1.5, 3, 3, 1.5],
      [3, 6, 6, 3],
      [3, 6, 6, 3],
      [1.5, 3, 3, 1.5],
    ]);
  });

  it('clips a ceil-mode window to the padded input before dividing', () => {
    // H = W = 3, k = 2, s = 2, ceil: the second window spans only row/column 2 (no padding),
    // so PyTorch divides by 2 on the edges and 1 in the corner, not by 4.
    const X = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    expect(avgPool2d(X, { kernel: 2, ceilMode: true })).toEqual([
      [3, 4.5],
      [7.5, 9],
    ]);
    // H = 4, k = 3, s = 2, p = 1, ceil: the last window starts at row 3 and is cut at H + p = 5,
    // so it counts 2 rows (one of them padding), not 3. On ones, Y = r·rᵀ with r = [2/3, 1, 1/2].
    const ones = [1, 1, 1, 1].map(() => [1, 1, 1, 1]);
    const r = [2 / 3, 1, 1 / 2];
    const Y = avgPool2d(ones, { kernel: 3, stride: 2, padding: 1, ceilMode: true });
    expect(
      maxDiff(
        Y,
        r.map((a) => r.map((b) => a * b)),
      ),
    ).toBeLessThan(1e-15);
  });

  it('rejects dilation and bad flags', () => {
    const X = [[1, 2]];
    expect(() => studentApi.avgPool2d(X, { kernel: 1, dilation: 2 })).toThrow(
      'Argument opts has an unknown key "dilation" (expected only kernel, HK, WK, stride, padding, ceilMode, countIncludePad)',
    );
    expect(() => studentApi.avgPool2d(X, { kernel: 1, countIncludePad: 'no' })).toThrow(
      'Argument opts.countIncludePad must be true or false (or 1 or 0), got "no"',
    );
    expect(studentApi.avgPool2d(X, { kernel: 1, countIncludePad: 0, ceilMode: 1 })).toEqual([[1, 2]]);
  });
});
