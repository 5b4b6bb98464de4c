import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv2d, conv2dBackward, convTranspose2d, studentApi } from '../../reference/index.js';
import { close, convProblem, inner, matrix, maxDiff, reshape, shapeOf, values } from './helpers.js';
import { naiveConvTranspose } from './pool-oracle.js';

const small = fc.integer({ min: 1, max: 5 });

/** A transposed-convolution problem with PyTorch-valid options and an output of at least 1×1. */
const problem = fc
  .record({
    X: matrix(small, small),
    K: matrix(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 2 }),
    dilation: fc.integer({ min: 1, max: 3 }),
    outputPadding: fc.integer({ min: 0, max: 2 }),
  })
  .filter(({ stride, dilation, outputPadding }) => outputPadding < Math.max(stride, dilation))
  .map(({ X, K, ...opts }) => ({ X, K, opts }))
  .filter(({ X, K, opts }) => {
    const [H = 0, W = 0] = shapeOf(X);
    const [HK = 0, WK = 0] = shapeOf(K);
    const { stride: s, padding: p, dilation: d, outputPadding: a } = opts;
    return (H - 1) * s - 2 * p + d * (HK - 1) + a + 1 >= 1 && (W - 1) * s - 2 * p + d * (WK - 1) + a + 1 >= 1;
  });

const single = (m: number[][]): number[][][] => m.map((row) => row.map((v) => [v]));
const squeeze = (t: number[][][]): number[][] => t.map((row) => row.map((px) => px[0]!));

describe('convTranspose2d', () => {
  it('equals the scatter-and-crop definition of PyTorch’s conv_transpose2d', () => {
    fc.assert(
      fc.property(problem, ({ X, K, opts }) => {
        expect(maxDiff(convTranspose2d(X, K, opts), naiveConvTranspose(X, K, opts))).toBeLessThan(1e-12);
      }),
      { numRuns: 400 },
    );
  });

  it('is conv2d’s dL/dX: convTranspose2d(G, K) with outputPadding (H + 2p − d(HK−1) − 1) mod s', () => {
    const arb = convProblem
      .map((shape) => ({ ...shape, C: 1, Cout: 1 }))
      .chain((shape) =>
        fc
          .tuple(values(shape.H * shape.W), values(shape.HK * shape.WK), values(shape.HF * shape.WF))
          .map(([x, k, g]) => ({
            shape,
            X: reshape(x, [shape.H, shape.W]) as number[][],
            K: reshape(k, [shape.HK, shape.WK]) as number[][],
            G: reshape(g, [shape.HF, shape.WF]) as number[][],
          })),
      );
    fc.assert(
      fc.property(arb, ({ shape, X, K, G }) => {
        const { stride: s, padding: p, dilation: d, H, W, HK, WK } = shape;
        const opts = { stride: s, padding: p, dilation: d };
        const { dX } = conv2dBackward(single(X), [single(K)], single(G), opts);
        const rows = (H + 2 * p - d * (HK - 1) - 1) % s;
        const cols = (W + 2 * p - d * (WK - 1) - 1) % s;
        // One output padding serves both axes only when their remainders agree; else compare per axis.
        const a = Math.max(rows, cols);
        const T = convTranspose2d(G, K, { ...opts, outputPadding: a });
        const cropped = T.slice(0, H).map((row) => row.slice(0, W));
        expect(shapeOf(T)).toEqual([H + a - rows, W + a - cols]);
        expect(maxDiff(cropped, squeeze(dX))).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('is the adjoint of conv2d: ⟨convTranspose2d(X, K), Z⟩ = ⟨X, conv2d(Z, K)⟩ when outputPadding < stride', () => {
    const arb = problem
      .filter(({ opts }) => opts.outputPadding < opts.stride)
      .chain((c) => {
        const [HF = 0, WF = 0] = shapeOf(convTranspose2d(c.X, c.K, c.opts));
        return fc.tuple(fc.constant(c), matrix(fc.constant(HF), fc.constant(WF)));
      });
    fc.assert(
      fc.property(arb, ([{ X, K, opts }, Z]) => {
        const { stride, padding, dilation } = opts;
        const F = squeeze(conv2d(single(Z), [single(K)], { stride, padding, dilation }));
        expect(shapeOf(F)).toEqual(shapeOf(X));
        expect(close(inner(convTranspose2d(X, K, opts), Z), inner(X, F))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is linear in X and in K', () => {
    const arb = problem.chain((c) =>
      fc.tuple(
        fc.constant(c),
        matrix(fc.constant(c.X.length), fc.constant(c.X[0]!.length)),
        matrix(fc.constant(c.K.length), fc.constant(c.K[0]!.length)),
        fc.double({ min: -2, max: 2, noNaN: true }),
      ),
    );
    const mix = (a: number[][], b: number[][], alpha: number): number[][] =>
      a.map((row, i) => row.map((v, j) => alpha * v + b[i]![j]!));
    fc.assert(
      fc.property(arb, ([{ X, K, opts }, X2, K2, alpha]) => {
        const inX = mix(convTranspose2d(X, K, opts), convTranspose2d(X2, K, opts), alpha);
        expect(maxDiff(convTranspose2d(mix(X, X2, alpha), K, opts), inX)).toBeLessThan(1e-11);
        const inK = mix(convTranspose2d(X, K, opts), convTranspose2d(X, K2, opts), alpha);
        expect(maxDiff(convTranspose2d(X, mix(K, K2, alpha), opts), inK)).toBeLessThan(1e-11);
      }),
      { numRuns: 150 },
    );
  });

  it('stamps the unflipped kernel at stride s, defaults to stride 1 and no padding', () => {
    const K = [
      [1, 2],
      [3, 4],
    ];
    expect(convTranspose2d([[1, 10]], K, { stride: 3 })).toEqual([
      [1, 2, 0, 10, 20],
      [3, 4, 0, 30, 40],
    ]);
    expect(convTranspose2d([[1, 10]], K)).toEqual([
      [1, 12, 20],
      [3, 34, 40],
    ]);
    expect(convTranspose2d([[1, 10]], K, { stride: 2, outputPadding: 1 })).toEqual([
      [1, 2, 10, 20, 0],
      [3, 4, 30, 40, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('rejects PyTorch-invalid options with clear messages', () => {
    const call = studentApi.convTranspose2d;
    expect(() => call([[1]], [[1]], { stride: 2, outputPadding: 2 })).toThrow(
      "Argument opts.outputPadding must be smaller than the stride or the dilation (PyTorch's rule: output padding < max(s, d) = 2 with s=2, d=1), got 2",
    );
    expect(() => call([[1]], [[1, 1]], { padding: 1 })).toThrow(
      'The transposed convolution has no output along H: (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1 = -1 with H=1, HK=1, s=1, p=1, d=1, outputPadding=0 (expected ≥ 1)',
    );
    expect(() => call([[1]], [[1]], { output_padding: 1 })).toThrow(/unknown key "output_padding"/);
    expect(() => call([[1]], [[1]], 2)).toThrow(/opts must be an object \{stride, padding, dilation, outputPadding\}/);
    expect(() => call([[1]], [[[1]]])).toThrow(/K must hold finite numbers/);
  });
});
