/**
 * The single-plane gathers (C = Cout = 1, stride 1, dilation 1, which `auto` runs) against the
 * direct loops (forced with `algorithm: 'direct'`), the naive definitions of helpers.ts and a
 * naive SciPy oracle written here; sizes reach past four columns so both the four-wide blocks
 * and the narrow path run, with even kernels, kernels larger than the image, padding larger
 * than the kernel, and non-square shapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv2dGradInputTensor,
  conv2dGradKernelTensor,
  conv2dTensor,
  convolve2d,
  correlate2d,
  fromNested,
  gradInput,
  gradKernel,
  toNested,
  type ScipyBoundary,
  type ScipyMode,
  type Tensor,
} from '../../reference/index.js';
import { matrix, maxDiff, naiveBackward, naiveConv2d, reshape, values, type ConvProblem } from './helpers.js';

/** A single-channel, stride-1, dilation-1 problem with any padding; output at least 1×1. */
const planeProblem: fc.Arbitrary<ConvProblem> = fc
  .record({
    H: fc.integer({ min: 1, max: 14 }),
    W: fc.integer({ min: 1, max: 14 }),
    HK: fc.integer({ min: 1, max: 9 }),
    WK: fc.integer({ min: 1, max: 9 }),
    padding: fc.integer({ min: 0, max: 5 }),
  })
  .map((s) => ({
    ...s,
    C: 1,
    Cout: 1,
    stride: 1,
    dilation: 1,
    HF: s.H + 2 * s.padding - s.HK + 1,
    WF: s.W + 2 * s.padding - s.WK + 1,
  }))
  .filter((s) => s.HF >= 1 && s.WF >= 1);

const planeCase = planeProblem.chain((shape) =>
  fc.tuple(values(shape.H * shape.W), values(shape.HK * shape.WK), values(shape.HF * shape.WF)).map(([x, k, g]) => ({
    shape,
    X: { shape: [shape.H, shape.W, 1], data: Float64Array.from(x) } satisfies Tensor,
    K: { shape: [1, shape.HK, shape.WK, 1], data: Float64Array.from(k) } satisfies Tensor,
    G: { shape: [shape.HF, shape.WF, 1], data: Float64Array.from(g) } satisfies Tensor,
  })),
);

/** Element-wise identity with Object.is: the same bits, the sign of zero included. */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const differing = Array.from(actual).findIndex((value, index) => !Object.is(value, expected[index]));
  expect(differing).toBe(-1);
}

describe('single-channel stride-1 gathers (auto) vs direct loops and the definitions', () => {
  it('forward is bit-identical to the direct loops and equals the naive definition', () => {
    fc.assert(
      fc.property(planeCase, ({ shape, X, K }) => {
        const opts = { padding: shape.padding };
        const auto = conv2dTensor(X, K, opts);
        const direct = conv2dTensor(X, K, { ...opts, algorithm: 'direct' });
        expect(auto.shape).toEqual([shape.HF, shape.WF, 1]);
        expectSameBits(auto.data, direct.data);
        const naive = naiveConv2d(toNested(X) as number[][][], toNested(K) as number[][][][], shape);
        expect(maxDiff(toNested(auto), naive)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('dL/dK and dL/dX are bit-identical to the direct scatters and equal the naive gradients', () => {
    fc.assert(
      fc.property(planeCase, ({ shape, X, K, G }) => {
        const opts = { padding: shape.padding };
        const dK = conv2dGradKernelTensor(X, G, { ...opts, kernelShape: K.shape });
        const dX = conv2dGradInputTensor(K, G, { ...opts, inputShape: X.shape });
        expect(dK.shape).toEqual(K.shape);
        expect(dX.shape).toEqual(X.shape);
        expectSameBits(
          dK.data,
          conv2dGradKernelTensor(X, G, { ...opts, kernelShape: K.shape, algorithm: 'direct' }).data,
        );
        expectSameBits(
          dX.data,
          conv2dGradInputTensor(K, G, { ...opts, inputShape: X.shape, algorithm: 'direct' }).data,
        );
        const naive = naiveBackward(
          toNested(X) as number[][][],
          toNested(K) as number[][][][],
          toNested(G) as number[][][],
          shape,
        );
        expect(maxDiff(toNested(dK), naive.dK)).toBeLessThan(1e-12);
        expect(maxDiff(toNested(dX), naive.dX)).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('gradKernel and gradInput on nested arrays are bit-identical to the tensor-level direct loops', () => {
    const sheetCase = planeCase.filter(({ shape }) => shape.padding === 0);
    fc.assert(
      fc.property(sheetCase, ({ shape, X, K, G }) => {
        const g2 = toNested({ shape: [shape.HF, shape.WF], data: G.data }) as number[][];
        const dK = gradKernel(g2, toNested({ shape: [shape.H, shape.W], data: X.data }) as number[][]);
        const dX = gradInput(g2, toNested({ shape: [shape.HK, shape.WK], data: K.data }) as number[][]);
        expectSameBits(
          fromNested(dK).data,
          conv2dGradKernelTensor(X, G, { kernelShape: K.shape, algorithm: 'direct' }).data,
        );
        expectSameBits(
          fromNested(dX).data,
          conv2dGradInputTensor(K, G, { inputShape: X.shape, algorithm: 'direct' }).data,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('handle sizes with many four-column blocks (larger images and kernels)', () => {
    const large = fc
      .record({
        H: fc.integer({ min: 4, max: 40 }),
        W: fc.integer({ min: 4, max: 40 }),
        HK: fc.integer({ min: 1, max: 20 }),
        WK: fc.integer({ min: 1, max: 20 }),
        padding: fc.integer({ min: 0, max: 12 }),
      })
      .filter((s) => s.H + 2 * s.padding >= s.HK && s.W + 2 * s.padding >= s.WK);
    fc.assert(
      fc.property(large, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (s, seed) => {
        const HF = s.H + 2 * s.padding - s.HK + 1;
        const WF = s.W + 2 * s.padding - s.WK + 1;
        const X = { shape: [s.H, s.W, 1], data: seeded(s.H * s.W, seed) };
        const K = { shape: [1, s.HK, s.WK, 1], data: seeded(s.HK * s.WK, seed + 1) };
        const G = { shape: [HF, WF, 1], data: seeded(HF * WF, seed + 2) };
        const opts = { padding: s.padding };
        const direct = { ...opts, algorithm: 'direct' } as const;
        expectSameBits(conv2dTensor(X, K, opts).data, conv2dTensor(X, K, direct).data);
        expectSameBits(
          conv2dGradKernelTensor(X, G, { ...opts, kernelShape: K.shape }).data,
          conv2dGradKernelTensor(X, G, { ...direct, kernelShape: K.shape }).data,
        );
        expectSameBits(
          conv2dGradInputTensor(K, G, { ...opts, inputShape: X.shape }).data,
          conv2dGradInputTensor(K, G, { ...direct, inputShape: X.shape }).data,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('correlate2d and convolve2d against a naive SciPy oracle', () => {
  const size = fc.integer({ min: 1, max: 11 });
  const mode = fc.constantFrom<ScipyMode>('full', 'same', 'valid');
  const boundary = fc.constantFrom<ScipyBoundary>('fill', 'wrap', 'symm');
  const fill = fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true }));

  it('match the definitions for every mode, boundary and fill value', () => {
    fc.assert(
      fc.property(matrix(size, size), matrix(size, size), mode, boundary, fill, (A, K, md, bd, fv) => {
        const [H, W, a, b] = [A.length, A[0]!.length, K.length, K[0]!.length];
        const fits = (H >= a && W >= b) || (a >= H && b >= W);
        if (md === 'valid' && !fits) return;
        expect(maxDiff(correlate2d(A, K, md, bd, fv), naiveScipy(A, K, md, bd, fv, false))).toBeLessThan(1e-12);
        expect(maxDiff(convolve2d(A, K, md, bd, fv), naiveScipy(A, K, md, bd, fv, true))).toBeLessThan(1e-12);
      }),
      { numRuns: 400 },
    );
  });
});

/** Deterministic values in [−1, 1) for the larger cases (fast-check arrays of thousands are slow). */
function seeded(count: number, seed: number): Float64Array {
  let state = seed >>> 0;
  return Float64Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

/** SciPy's correlate2d/convolve2d from the definition, element by element (no padding buffer, no kernel flip). */
function naiveScipy(
  A: number[][],
  K: number[][],
  mode: ScipyMode,
  boundary: ScipyBoundary,
  fillvalue: number,
  flip: boolean,
): number[][] {
  const [H, W, a, b] = [A.length, A[0]!.length, K.length, K[0]!.length];
  if (mode === 'valid' && a >= H && b >= W && (a > H || b > W)) {
    const swapped = naiveScipy(K, A, mode, boundary, fillvalue, flip);
    return flip ? swapped : swapped.map((row) => [...row].reverse()).reverse();
  }
  const wrap = (t: number, n: number): number => {
    if (t >= 0 && t < n) return t;
    if (boundary === 'fill') return -1;
    if (boundary === 'wrap') return ((t % n) + n) % n;
    const q = ((t % (2 * n)) + 2 * n) % (2 * n);
    return q < n ? q : 2 * n - 1 - q;
  };
  const ext = (r: number, c: number): number => {
    const [i, j] = [wrap(r, H), wrap(c, W)];
    return i < 0 || j < 0 ? fillvalue : A[i]![j]!;
  };
  // full[t][u]: correlate Σ ext[t − (a−1) + m][u − (b−1) + n]·K[m][n]; convolve Σ ext[t − m][u − n]·K[m][n].
  const full = (t: number, u: number): number => {
    let sum = 0;
    for (let m = 0; m < a; m++) {
      for (let n = 0; n < b; n++) sum += (flip ? ext(t - m, u - n) : ext(t - (a - 1) + m, u - (b - 1) + n)) * K[m]![n]!;
    }
    return sum;
  };
  const [rows, cols, top, left] =
    mode === 'full'
      ? [H + a - 1, W + b - 1, 0, 0]
      : mode === 'valid'
        ? [H - a + 1, W - b + 1, a - 1, b - 1]
        : [H, W, flip ? (a - 1) >> 1 : a >> 1, flip ? (b - 1) >> 1 : b >> 1];
  return reshape(
    Array.from({ length: rows * cols }, (_v, index) => full(Math.floor(index / cols) + top, (index % cols) + left)),
    [rows, cols],
  ) as number[][];
}
