import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv2d,
  conv2dBackward,
  conv2dBackwardTensor,
  conv2dGradInputTensor,
  conv2dGradKernelTensor,
  convolve2d,
  correlate2d,
  fromNested,
  toNested,
} from '../../reference/index.js';
import { close, convCase, inner, maxDiff, naiveBackward } from './helpers.js';

/** The s-dilated version of a matrix: s − 1 zeros between neighbours. */
function dilate(a: number[][], s: number): number[][] {
  const rows = (a.length - 1) * s + 1;
  const cols = ((a[0]?.length ?? 1) - 1) * s + 1;
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  a.forEach((row, i) => row.forEach((v, j) => (out[i * s]![j * s] = v)));
  return out;
}

const channel = <T extends number[][][]>(t: T, c: number): number[][] => t.map((row) => row.map((px) => px[c]!));

describe('conv2dBackward', () => {
  it('satisfies the adjoint identities ⟨conv2d(X, K), G⟩ = ⟨X, dX⟩ = ⟨K, dK⟩', () => {
    fc.assert(
      fc.property(convCase, ({ X, K, G, opts }) => {
        const forward = inner(conv2d(X, K, opts), G);
        const { dX, dK } = conv2dBackward(X, K, G, opts);
        expect(close(inner(X, dX), forward)).toBe(true);
        expect(close(inner(K, dK), forward)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the gradients of the definition computed naively', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X, K, G, opts }) => {
        const naive = naiveBackward(X, K, G, shape);
        const { dX, dK } = conv2dBackward(X, K, G, opts);
        expect(maxDiff(dX, naive.dX)).toBeLessThan(1e-12);
        expect(maxDiff(dK, naive.dK)).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('matches central finite differences of the nonlinear loss L = ½‖conv2d(X, K)‖² (dL/dF = F)', () => {
    const loss = (X: number[][][], K: number[][][][], opts: object): number =>
      0.5 * inner(conv2d(X, K, opts), conv2d(X, K, opts));
    fc.assert(
      fc.property(convCase, fc.nat(), fc.nat(), ({ shape, X, K, opts }, pickX, pickK) => {
        const { dX, dK } = conv2dBackward(X, K, conv2d(X, K, opts), opts);
        const h = 1e-3;
        const [i, j, c] = [pickX % shape.H, (pickX >> 4) % shape.W, (pickX >> 8) % shape.C];
        const bump = (delta: number): number[][][] =>
          X.map((row, a) => row.map((px, b) => px.map((v, d) => (a === i && b === j && d === c ? v + delta : v))));
        const numericX = (loss(bump(h), K, opts) - loss(bump(-h), K, opts)) / (2 * h);
        expect(close(numericX, dX[i]![j]![c]!, 1e-6)).toBe(true);
        const [o, m, n, e] = [
          pickK % shape.Cout,
          (pickK >> 4) % shape.HK,
          (pickK >> 8) % shape.WK,
          (pickK >> 12) % shape.C,
        ];
        const bumpK = (delta: number): number[][][][] =>
          K.map((f, a) =>
            f.map((row, b) =>
              row.map((px, d) => px.map((v, g) => (a === o && b === m && d === n && g === e ? v + delta : v))),
            ),
          );
        const numericK = (loss(X, bumpK(h), opts) - loss(X, bumpK(-h), opts)) / (2 * h);
        expect(close(numericK, dK[o]![m]![n]![e]!, 1e-6)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('follows the EXERCISES.md formulas built from SciPy-style convolve2d/correlate2d with dilated G', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X, K, G, opts }) => {
        const { H, W, C, Cout, HK, WK, stride: s, padding: p, dilation: d } = shape;
        const { dX, dK } = conv2dBackward(X, K, G, opts);
        const Hp = H + 2 * p;
        const Wp = W + 2 * p;
        for (let c = 0; c < C; c++) {
          // dX[c] = crop_p(Σ_o convolve2d_full(dilate_s(G[o]), dilate_d(K[o, c]))), zero beyond the last window.
          const canvas = Array.from({ length: Hp }, () => new Array<number>(Wp).fill(0));
          for (let o = 0; o < Cout; o++) {
            const full = convolve2d(dilate(channel(G, o), s), dilate(channel(K[o]!, c), d), 'full');
            full.forEach((row, a) => row.forEach((v, b) => (canvas[a]![b]! += v)));
          }
          const expected = canvas.slice(p, p + H).map((row) => row.slice(p, p + W));
          expect(maxDiff(channel(dX, c), expected)).toBeLessThan(1e-9);
          // dK[o, c] = correlate2d_valid(Xpad[c], dilate_s(G[o])) read at stride d.
          const xpad = Array.from({ length: Hp }, (_r, a) =>
            Array.from({ length: Wp }, (_w, b) => X[a - p]?.[b - p]?.[c] ?? 0),
          );
          for (let o = 0; o < Cout; o++) {
            const valid = correlate2d(xpad, dilate(channel(G, o), s), 'valid');
            const sampled = Array.from({ length: HK }, (_m, m) =>
              Array.from({ length: WK }, (_n, n) => valid[m * d]![n * d]!),
            );
            expect(maxDiff(channel(dK[o]!, c), sampled)).toBeLessThan(1e-9);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same gradients with direct loops and im2col, alone or together', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X, K, G, opts }) => {
        const [x, k, g] = [fromNested(X), fromNested(K), fromNested(G)];
        const direct = conv2dBackwardTensor(x, k, g, { ...opts, algorithm: 'direct' });
        const im2col = conv2dBackwardTensor(x, k, g, { ...opts, algorithm: 'im2col' });
        expect(maxDiff(toNested(direct.dX), toNested(im2col.dX))).toBeLessThan(1e-12);
        expect(maxDiff(toNested(direct.dK), toNested(im2col.dK))).toBeLessThan(1e-12);
        const dK = conv2dGradKernelTensor(x, g, { ...opts, kernelShape: k.shape });
        const dX = conv2dGradInputTensor(k, g, { ...opts, inputShape: [shape.H, shape.W, shape.C] });
        expect(maxDiff(toNested(dK), toNested(direct.dK))).toBeLessThan(1e-12);
        expect(maxDiff(toNested(dX), toNested(direct.dX))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves the rows and columns no window reaches at zero', () => {
    fc.assert(
      fc.property(convCase, ({ shape, X, K, G, opts }) => {
        const { dX } = conv2dBackward(X, K, G, opts);
        const lastRow = (shape.HF - 1) * shape.stride + shape.dilation * (shape.HK - 1) - shape.padding;
        const lastCol = (shape.WF - 1) * shape.stride + shape.dilation * (shape.WK - 1) - shape.padding;
        dX.forEach((row, h) =>
          row.forEach((px, w) => px.forEach((v) => (h > lastRow || w > lastCol ? expect(v).toBe(0) : undefined))),
        );
      }),
      { numRuns: 100 },
    );
  });
});
