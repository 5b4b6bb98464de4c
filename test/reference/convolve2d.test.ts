import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convolve2d, correlate2d, type ScipyBoundary } from '../../reference/index.js';
import { matrix, maxDiff, rot180 } from './helpers.js';

const small = fc.integer({ min: 1, max: 7 });
const pair = fc.tuple(matrix(small, small), matrix(small, small));
const boundary = fc.constantFrom<ScipyBoundary>('fill', 'wrap', 'symm');
const fill = fc.double({ min: -2, max: 2, noNaN: true });

const slice = (a: number[][], top: number, left: number, rows: number, cols: number): number[][] =>
  a.slice(top, top + rows).map((row) => row.slice(left, left + cols));

describe('convolve2d and correlate2d (SciPy-compatible)', () => {
  it('convolve = correlate with the kernel rotated by 180° in full mode, for every boundary', () => {
    fc.assert(
      fc.property(pair, boundary, fill, ([A, K], bd, fv) => {
        expect(maxDiff(convolve2d(A, K, 'full', bd, fv), correlate2d(A, rot180(K), 'full', bd, fv))).toBeLessThan(
          1e-12,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("'same' reads full at [i + ⌊(a−1)/2⌋, j + ⌊(b−1)/2⌋] (convolve) and [i + ⌊a/2⌋, j + ⌊b/2⌋] (correlate)", () => {
    fc.assert(
      fc.property(pair, boundary, fill, ([A, K], bd, fv) => {
        const [H, W, a, b] = [A.length, A[0]!.length, K.length, K[0]!.length];
        const conv = slice(convolve2d(A, K, 'full', bd, fv), (a - 1) >> 1, (b - 1) >> 1, H, W);
        const corr = slice(correlate2d(A, K, 'full', bd, fv), a >> 1, b >> 1, H, W);
        expect(maxDiff(convolve2d(A, K, 'same', bd, fv), conv)).toBe(0);
        expect(maxDiff(correlate2d(A, K, 'same', bd, fv), corr)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("'same' of convolve and of correlate with the rotated kernel differ by one pixel per even dimension", () => {
    fc.assert(
      fc.property(pair, ([A, K]) => {
        const [H, W, a, b] = [A.length, A[0]!.length, K.length, K[0]!.length];
        const conv = convolve2d(A, K, 'same');
        const corr = correlate2d(A, rot180(K), 'same');
        const [di, dj] = [1 - (a % 2), 1 - (b % 2)];
        expect(maxDiff(slice(conv, di, dj, H - di, W - dj), slice(corr, 0, 0, H - di, W - dj))).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("'valid' reads full at [i + a−1, j + b−1], swaps when in2 is larger in every dimension, and throws otherwise", () => {
    fc.assert(
      fc.property(pair, boundary, ([A, K], bd) => {
        const [H, W, a, b] = [A.length, A[0]!.length, K.length, K[0]!.length];
        if (H >= a && W >= b) {
          expect(
            maxDiff(convolve2d(A, K, 'valid', bd), slice(convolve2d(A, K, 'full'), a - 1, b - 1, H - a + 1, W - b + 1)),
          ).toBe(0);
          expect(
            maxDiff(
              correlate2d(A, K, 'valid', bd),
              slice(correlate2d(A, K, 'full'), a - 1, b - 1, H - a + 1, W - b + 1),
            ),
          ).toBe(0);
        } else if (a >= H && b >= W) {
          expect(maxDiff(convolve2d(A, K, 'valid', bd), convolve2d(K, A, 'valid', bd))).toBe(0);
          expect(maxDiff(correlate2d(A, K, 'valid', bd), rot180(correlate2d(K, A, 'valid', bd)))).toBe(0);
        } else {
          expect(() => convolve2d(A, K, 'valid', bd)).toThrow(
            /For 'valid' mode, one input must be at least as large as the other/,
          );
          expect(() => correlate2d(A, K, 'valid', bd)).toThrow(/For 'valid' mode/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('full convolution with zero fill is commutative', () => {
    fc.assert(
      fc.property(pair, ([A, K]) => {
        expect(maxDiff(convolve2d(A, K), convolve2d(K, A))).toBeLessThan(1e-12);
      }),
    );
  });

  it('matches values printed by SciPy 1.17 (fillvalue, wrap beyond one period, symm, aliases)', () => {
    const x = [
      [0, 1, 2],
      [3, 4, 5],
    ];
    const k = [
      [1, 2],
      [3, 4],
    ];
    expect(convolve2d(x, k, 'same', 'fill', 5)).toEqual([
      [45, 36, 39],
      [33, 13, 23],
    ]);
    expect(correlate2d(x, k, 'full', 'fill', 5)).toEqual([
      [30, 19, 26, 41],
      [32, 27, 37, 47],
      [46, 46, 49, 50],
    ]);
    expect(convolve2d(x, k, 'full', 'symmetric' as ScipyBoundary)).toEqual([
      [0, 4, 14, 20],
      [9, 13, 23, 29],
      [30, 34, 44, 50],
    ]);
    expect(convolve2d(x, k, 'full', 'circular' as ScipyBoundary)).toEqual(convolve2d(x, k, 'full', 'wrap'));
    expect(convolve2d(x, k, 'full', 'pad' as ScipyBoundary)).toEqual([
      [0, 1, 4, 4],
      [3, 13, 23, 18],
      [9, 24, 31, 20],
    ]);
    const ramp = Array.from({ length: 4 }, (_r, i) => Array.from({ length: 5 }, (_c, j) => 5 * i + j));
    expect(
      convolve2d(
        ramp,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        'same',
        'symm',
      ),
    ).toEqual([
      [5, 17, 38, 59, 75],
      [35, 47, 68, 89, 105],
      [140, 152, 173, 194, 210],
      [245, 257, 278, 299, 315],
    ]);
    const ones = Array.from({ length: 6 }, () => new Array<number>(7).fill(1));
    expect(convolve2d(ramp, ones, 'full', 'wrap')[0]).toEqual([399, 381, 393, 405, 417, 399, 381, 393, 405, 417, 399]);
  });
});
