import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxPool2d, poolOutputSize, ReferenceInputError, studentApi } from '../../reference/index.js';
import { matrix, shapeOf } from './helpers.js';
import { countPoolWindows, naiveMaxPool, poolGeometryArb } from './pool-oracle.js';

const caseArb = poolGeometryArb({ dilation: true }).chain((c) =>
  matrix(fc.constant(c.rows.n), fc.constant(c.cols.n)).map((X) => ({ c, X })),
);

describe('maxPool2d', () => {
  it('has the shape of the enumerated windows and the values of a −∞-padded naive max', () => {
    fc.assert(
      fc.property(caseArb, ({ c, X }) => {
        const Y = maxPool2d(X, c.opts);
        expect(shapeOf(Y)).toEqual([c.HF, c.WF]);
        expect(Y).toEqual(naiveMaxPool(X, c));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with poolOutputSize on its shape', () => {
    fc.assert(
      fc.property(caseArb, ({ c, X }) => {
        const { HF, WF } = poolOutputSize({
          H: c.rows.n,
          W: c.cols.n,
          HK: c.rows.k,
          WK: c.cols.k,
          ...(c.rows.s === c.rows.k && c.cols.s === c.cols.k ? {} : { s: c.rows.s }),
          p: c.rows.p,
          d: c.rows.d,
          ceilMode: c.rows.ceilMode,
        });
        expect(shapeOf(maxPool2d(X, c.opts))).toEqual([HF, WF]);
      }),
      { numRuns: 200 },
    );
  });

  it('is the identity for a 1×1 window with stride 1, and commutes with adding a constant', () => {
    fc.assert(
      fc.property(matrix(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })), (X) => {
        expect(maxPool2d(X, { kernel: 1, stride: 1 })).toEqual(X);
        const shifted = X.map((row) => row.map((v) => v + 5));
        const Y = maxPool2d(X, { kernel: 2, stride: 1, padding: 1 });
        expect(maxPool2d(shifted, { kernel: 2, stride: 1, padding: 1 })).toEqual(Y.map((row) => row.map((v) => v + 5)));
      }),
    );
  });

  it('keeps the first of a −0/0 tie, as PyTorch’s strictly-greater scan does', () => {
    expect(Object.is(maxPool2d([[-0, 0]], { HK: 1, WK: 2 })[0]?.[0], -0)).toBe(true);
    expect(Object.is(maxPool2d([[0, -0]], { HK: 1, WK: 2 })[0]?.[0], 0)).toBe(true);
  });

  it('never takes the padding for a maximum, even when every input is negative', () => {
    const X = [
      [-5, -4, -3],
      [-2, -9, -1],
    ];
    expect(maxPool2d(X, { kernel: 2, stride: 1, padding: 1 })).toEqual([
      [-5, -4, -3, -3],
      [-2, -2, -1, -1],
      [-2, -2, -1, -1],
    ]);
  });

  it('takes the window as kernel or HK and WK, and the stride defaults to the window', () => {
    const X = [
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
      [13, 14, 15, 16, 17, 18],
      [19, 20, 21, 22, 23, 24],
    ];
    expect(maxPool2d(X, { kernel: 2 })).toEqual([
      [8, 10, 12],
      [20, 22, 24],
    ]);
    expect(maxPool2d(X, { HK: 2, WK: 3 })).toEqual([
      [9, 12],
      [21, 24],
    ]);
    expect(maxPool2d(X, { HK: 2, WK: 3, stride: 1 })).toEqual([
      [9, 10, 11, 12],
      [15, 16, 17, 18],
      [21, 22, 23, 24],
    ]);
    // Ceil mode keeps the partial last window of rows and columns.
    expect(maxPool2d(X, { kernel: 3, stride: 2, ceilMode: true })).toEqual([
      [15, 17, 18],
      [21, 23, 24],
    ]);
    expect(countPoolWindows({ n: 4, k: 3, s: 2, p: 0, d: 1, ceilMode: true })).toBe(2);
  });

  it('rejects bad options with clear messages', () => {
    const X = [
      [1, 2],
      [3, 4],
    ];
    const call = studentApi.maxPool2d;
    expect(() => call(X)).toThrow(
      'Argument opts must be an object {kernel, HK, WK, stride, padding, ceilMode, dilation}, got undefined',
    );
    expect(() => call(X, {})).toThrow(
      'Argument opts must give the pooling window: kernel (a square window) or HK and WK, got neither',
    );
    expect(() => call(X, { kernel: 2, HK: 2 })).toThrow(/either kernel or HK and WK, not both/);
    expect(() => call(X, { HK: 2 })).toThrow('Argument opts.WK must be a positive integer, got undefined');
    expect(() => call(X, { kernel: 2, countIncludePad: false })).toThrow(/unknown key "countIncludePad"/);
    expect(() => call(X, { kernel: 3 })).toThrow(/does not fit along H/);
    expect(() => call(X, { kernel: 2, padding: 2 })).toThrow(/opts.padding must be at most half/);
    expect(() => call([[1, 2], [3]], { kernel: 1 })).toThrow(ReferenceInputError);
    expect(() => call(X, { kernel: 1 }, 3)).toThrow('Argument maxPool2d takes at most 2 arguments, got 3');
  });

  it('refuses a dilated window that covers only padding (PyTorch answers −∞ there)', () => {
    const X = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ];
    expect(() => maxPool2d(X, { kernel: 2, stride: 1, padding: 2, dilation: 3 })).toThrow(
      'The max-pool window at output row 1 covers only padding: its taps -1, 2 all miss the input 0…1 (PyTorch answers −∞ there; use less padding or dilation)',
    );
  });
});
