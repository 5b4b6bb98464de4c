import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv2d, conv2dTensor, fromNested, toNested } from '../../reference/index.js';
import { convCase, maxDiff, naiveConv2d, reshape, values } from './helpers.js';

describe('conv2d (forward, cross-correlation)', () => {
  it('equals the definition computed naively with bounds checks', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X, K, opts }) => {
        expect(maxDiff(conv2d(X, K, opts), naiveConv2d(X, K, shape))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same answer with direct loops and im2col', () => {
    fc.assert(
      fc.property(convCase, ({ X, K, opts }) => {
        const x = fromNested(X);
        const k = fromNested(K);
        const direct = conv2dTensor(x, k, { ...opts, algorithm: 'direct' });
        const im2col = conv2dTensor(x, k, { ...opts, algorithm: 'im2col' });
        expect(direct.shape).toEqual(im2col.shape);
        expect(maxDiff(toNested(direct), toNested(im2col))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('is linear in X and in K', () => {
    const withSecond = convCase.chain((c) =>
      fc.tuple(
        fc.constant(c),
        values(c.shape.H * c.shape.W * c.shape.C),
        values(c.shape.Cout * c.shape.HK * c.shape.WK * c.shape.C),
        fc.double({ min: -2, max: 2, noNaN: true }),
      ),
    );
    fc.assert(
      fc.property(withSecond, ([{ shape, X, K, opts }, x2, k2, alpha]) => {
        const X2 = reshape(x2, [shape.H, shape.W, shape.C]) as number[][][];
        const K2 = reshape(k2, [shape.Cout, shape.HK, shape.WK, shape.C]) as number[][][][];
        const combineX = X.map((row, i) => row.map((px, j) => px.map((v, c) => v + alpha * X2[i]![j]![c]!)));
        const combineK = K.map((f, o) =>
          f.map((row, m) => row.map((px, n) => px.map((v, c) => v + alpha * K2[o]![m]![n]![c]!))),
        );
        const lhsX = conv2d(combineX, K, opts);
        const rhsX = flatAdd(conv2d(X, K, opts), conv2d(X2, K, opts), alpha);
        const lhsK = conv2d(X, combineK, opts);
        const rhsK = flatAdd(conv2d(X, K, opts), conv2d(X, K2, opts), alpha);
        expect(maxDiff(lhsX, rhsX)).toBeLessThan(1e-9);
        expect(maxDiff(lhsK, rhsK)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('returns X for the identity kernel (1×1, δ over channels) and for a centred 3×3 delta with padding 1', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X }) => {
        const { C } = shape;
        const eye = Array.from({ length: C }, (_o, o) => [[Array.from({ length: C }, (_c, c) => (c === o ? 1 : 0))]]);
        expect(maxDiff(conv2d(X, eye), X)).toBe(0);
        const delta = Array.from({ length: C }, (_o, o) =>
          Array.from({ length: 3 }, (_m, m) =>
            Array.from({ length: 3 }, (_n, n) =>
              Array.from({ length: C }, (_c, c) => (m === 1 && n === 1 && c === o ? 1 : 0)),
            ),
          ),
        );
        expect(maxDiff(conv2d(X, delta, { padding: 1 }), X)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('does not flip the kernel (deep-learning convention) on a hand-computed case', () => {
    // X = [[1,2,3],[4,5,6],[7,8,9]], K = [[1,0],[0,-1]]: F[i][j] = X[i][j] − X[i+1][j+1] = −4 everywhere.
    const X = [
      [[1], [2], [3]],
      [[4], [5], [6]],
      [[7], [8], [9]],
    ];
    const K = [
      [
        [[1], [0]],
        [[0], [-1]],
      ],
    ];
    expect(conv2d(X, K)).toEqual([
      [[-4], [-4]],
      [[-4], [-4]],
    ]);
    // stride 2, padding 1, dilation 2, 2×2 ones on the 4×4 ramp 1…16: taps at rows/cols 2i−1 and 2i+1.
    const ramp = reshape(
      Array.from({ length: 16 }, (_v, index) => index + 1),
      [4, 4, 1],
    ) as number[][][];
    expect(
      conv2d(
        ramp,
        [
          [
            [[1], [1]],
            [[1], [1]],
          ],
        ],
        { stride: 2, padding: 1, dilation: 2 },
      ),
    ).toEqual([
      [[6], [6 + 8]],
      [[6 + 14], [6 + 8 + 14 + 16]],
    ]);
  });
});

function flatAdd(a: number[][][], b: number[][][], alpha: number): number[][][] {
  return a.map((row, i) => row.map((px, j) => px.map((v, c) => v + alpha * b[i]![j]![c]!)));
}
