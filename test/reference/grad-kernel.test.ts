import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convolve2d, correlate2d, gradInput, gradKernel } from '../../reference/index.js';
import { close, inner, matrix, maxDiff, values, reshape } from './helpers.js';

const size = fc.integer({ min: 1, max: 8 });

/** X (H×W), K (HK×WK ≤ X) and G (HF×WF = (H−HK+1)×(W−WK+1)) for the single-channel sheet questions. */
const sheetCase = fc
  .record({ H: size, W: size, HK: size, WK: size })
  .filter(({ H, W, HK, WK }) => HK <= H && WK <= W)
  .chain(({ H, W, HK, WK }) =>
    fc.tuple(values(H * W), values(HK * WK), values((H - HK + 1) * (W - WK + 1))).map(([x, k, g]) => ({
      X: reshape(x, [H, W]) as number[][],
      K: reshape(k, [HK, WK]) as number[][],
      G: reshape(g, [H - HK + 1, W - WK + 1]) as number[][],
    })),
  );

describe('gradKernel and gradInput (single channel, stride 1, no padding)', () => {
  it('satisfy ⟨correlate2d(X, K, valid), G⟩ = ⟨K, gradKernel(G, X)⟩ = ⟨X, gradInput(G, K)⟩', () => {
    fc.assert(
      fc.property(sheetCase, ({ X, K, G }) => {
        const forward = inner(correlate2d(X, K, 'valid'), G);
        expect(close(inner(K, gradKernel(G, X)), forward)).toBe(true);
        expect(close(inner(X, gradInput(G, K)), forward)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('are SciPy correlate2d(X, G, valid) and convolve2d(G, K, full)', () => {
    fc.assert(
      fc.property(sheetCase, ({ X, K, G }) => {
        expect(maxDiff(gradKernel(G, X), correlate2d(X, G, 'valid'))).toBeLessThan(1e-12);
        expect(maxDiff(gradInput(G, K), convolve2d(G, K, 'full'))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('have the sheet shapes HK = H − HF + 1 and H = HF + HK − 1', () => {
    fc.assert(
      fc.property(matrix(size, size), matrix(size, size), (A, B) => {
        expect(gradInput(A, B).length).toBe(A.length + B.length - 1);
        expect(gradInput(A, B)[0]!.length).toBe(A[0]!.length + B[0]!.length - 1);
        if (A.length <= B.length && A[0]!.length <= B[0]!.length) {
          expect(gradKernel(A, B).length).toBe(B.length - A.length + 1);
          expect(gradKernel(A, B)[0]!.length).toBe(B[0]!.length - A[0]!.length + 1);
        } else {
          expect(() => gradKernel(A, B)).toThrow(/must not be larger than X/);
        }
      }),
    );
  });

  it('match a hand-computed case', () => {
    const X = [
      [1, 0, 2],
      [0, 1, 0],
      [3, 0, 1],
    ];
    const G = [
      [1, 2],
      [3, 4],
    ];
    // dK[m][n] = Σ G[i][j]·X[i+m][j+n]
    expect(gradKernel(G, X)).toEqual([
      [1 * 1 + 2 * 0 + 3 * 0 + 4 * 1, 1 * 0 + 2 * 2 + 3 * 1 + 4 * 0],
      [1 * 0 + 2 * 1 + 3 * 3 + 4 * 0, 1 * 1 + 2 * 0 + 3 * 0 + 4 * 1],
    ]);
    // dX = G zero-padded by 1 and correlated with K rotated by 180°: a full convolution.
    expect(gradInput(G, [[1, -1]])).toEqual([
      [1, 1, -2],
      [3, 1, -4],
    ]);
  });
});
