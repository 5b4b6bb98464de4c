import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxPool2d, maxPool2dBackward, studentApi } from '../../reference/index.js';
import { close, inner, matrix, reshape, values } from './helpers.js';
import { distinctMatrix, firstMaxPositions, integerMatrix, poolGeometryArb, windowTaps } from './pool-oracle.js';

const geometry = poolGeometryArb({ dilation: true });
const gradient = (HF: number, WF: number): fc.Arbitrary<number[][]> =>
  values(HF * WF).map((flat) => reshape(flat, [HF, WF]) as number[][]);

describe('maxPool2dBackward', () => {
  it('is the gradient of L = Σ dLdY·maxPool2d(X) by central differences, on inputs without ties', () => {
    const arb = geometry.chain((c) =>
      fc.tuple(fc.constant(c), distinctMatrix(c.rows.n, c.cols.n), gradient(c.HF, c.WF)),
    );
    fc.assert(
      fc.property(arb, ([c, X, G]) => {
        const dX = maxPool2dBackward(X, G, c.opts);
        const h = 1e-3; // entries are ≥ 0.1 apart, so no argmax moves
        const loss = (x: number[][]): number => inner(maxPool2d(x, c.opts), G);
        X.forEach((row, i) =>
          row.forEach((_v, j) => {
            const bump = (delta: number): number[][] =>
              X.map((r, a) => r.map((v, b) => (a === i && b === j ? v + delta : v)));
            const numeric = (loss(bump(h)) - loss(bump(-h))) / (2 * h);
            expect(close(dX[i]![j]!, numeric, 1e-6), `dX[${i}][${j}] = ${dX[i]![j]} vs ${numeric}`).toBe(true);
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('sends each window’s gradient to its first maximum in row-major order when values tie', () => {
    const arb = geometry.chain((c) =>
      fc.tuple(fc.constant(c), integerMatrix(c.rows.n, c.cols.n, -1, 1), gradient(c.HF, c.WF)),
    );
    let tiedWindows = 0;
    fc.assert(
      fc.property(arb, ([c, X, G]) => {
        const expected = X.map((row) => row.map(() => 0));
        firstMaxPositions(X, c).forEach(([h, w], index) => {
          expected[h]![w]! += G[Math.floor(index / c.WF)]![index % c.WF]!;
        });
        const dX = maxPool2dBackward(X, G, c.opts);
        dX.forEach((row, h) => row.forEach((v, w) => expect(v).toBeCloseTo(expected[h]![w]!, 12)));
        const Y = maxPool2d(X, c.opts);
        for (let i = 0; i < c.HF; i++) {
          for (let j = 0; j < c.WF; j++) {
            let hits = 0;
            for (const h of windowTaps(i, c.rows))
              for (const w of windowTaps(j, c.cols)) hits += +(X[h]![w] === Y[i]![j]);
            if (hits > 1) tiedWindows++;
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(tiedWindows).toBeGreaterThan(300);
  });

  it('satisfies ⟨maxPool2d(X), G⟩ = ⟨X, maxPool2dBackward(X, G)⟩ (max pooling is linear once the argmax is fixed)', () => {
    const arb = geometry.chain((c) =>
      fc.tuple(fc.constant(c), matrix(fc.constant(c.rows.n), fc.constant(c.cols.n)), gradient(c.HF, c.WF)),
    );
    fc.assert(
      fc.property(arb, ([c, X, G]) => {
        expect(close(inner(maxPool2d(X, c.opts), G), inner(X, maxPool2dBackward(X, G, c.opts)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('accumulates where overlapping windows share a maximum', () => {
    const X = [
      [0, 0, 0],
      [0, 9, 0],
      [0, 0, 0],
    ];
    const G = [
      [1, 2],
      [3, 4],
    ];
    expect(maxPool2dBackward(X, G, { kernel: 2, stride: 1 })).toEqual([
      [0, 0, 0],
      [0, 10, 0],
      [0, 0, 0],
    ]);
    // A constant image: every window's first tap takes its gradient.
    expect(
      maxPool2dBackward(
        [
          [5, 5, 5],
          [5, 5, 5],
        ],
        [[1, 2]],
        { kernel: 2, stride: 1 },
      ),
    ).toEqual([
      [1, 2, 0],
      [0, 0, 0],
    ]);
  });

  it('checks that dLdY has the output shape', () => {
    const X = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ];
    expect(() => maxPool2dBackward(X, [[1]], { kernel: 2 })).toThrow(
      'Argument dLdY must have the shape of the output Y = maxPool2d(X, opts), HF×WF = 1×2, got 1×1',
    );
    expect(() => studentApi.maxPool2dBackward(X, [[1, 'a']], { kernel: 2 })).toThrow(/dLdY must hold finite numbers/);
  });
});
