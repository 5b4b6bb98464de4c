import { describe, expect, it } from 'vitest';
import {
  conv2d,
  conv2dBackward,
  convolve2d,
  correlate2d,
  gaussianBlobs,
  gaussianWindow,
  isStudentApiName,
  misconceptionIds,
  mutants,
  ReferenceInputError,
  studentApi,
  type MisconceptionId,
} from '../../reference/index.js';
import { maxDiff, reshape, rot180, transpose } from './helpers.js';

const byId = (id: MisconceptionId) => {
  const mutant = mutants.find((candidate) => candidate.id === id);
  if (mutant === undefined) throw new Error(`No mutant ${id}`);
  return mutant.compute;
};

const ramp = (shape: number[], scale = 1): unknown =>
  reshape(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_v, index) => ((index * 7) % 11) * scale - 3),
    shape,
  );

const q1cfg = { H: 11, W: 13, C: 4, HK: 3, WK: 5, s: 2, p: 1 };
const q2cfg = { ...q1cfg, Cout: 3 };
const blobs = {
  size: 12,
  points: [
    [2, 7],
    [9, 3],
  ] as [number, number][],
  std: 1.5,
  window: 6,
};
const X5 = [
  [1, 0, 2],
  [0, 1, 0],
  [3, 0, 1],
  [2, -1, 4],
];
const G5 = [
  [1, 2],
  [3, 4],
];
const K6 = [
  [1, -2, 0.5],
  [3, 0, -1],
];

/** For each misconception: inputs on which the mutant must differ from the reference. */
const separating: Record<MisconceptionId, readonly unknown[]> = {
  'q1.missing-plus-one': [q1cfg],
  'q1.single-padding': [q1cfg],
  'q1.no-stride': [q1cfg],
  'q1.channels-kept': [q1cfg],
  'q1.swapped-dims': [q1cfg],
  'q2.conv-missing-channels': [q2cfg],
  'q2.fc-uses-kernel': [q2cfg],
  'q2.ratio-inverted': [q2cfg],
  'q3.mode-full': [blobs],
  'q3.mode-valid': [blobs],
  'q3.correlate-shift': [blobs],
  'q3.normalised-kernel': [blobs],
  'q3.points-transposed': [blobs],
  'q3.variance-as-std': [blobs],
  'q5.flipped': [G5, X5],
  'q5.transposed': [G5, X5],
  'q6.not-rotated': [G5, K6],
  'q6.transposed': [G5, K6],
  'x1.flipped-kernel': [ramp([5, 5, 2]), ramp([2, 2, 2, 2], 0.5)],
  'x1.no-dilation': [ramp([6, 6, 2]), ramp([2, 2, 2, 2]), { dilation: 2 }],
  'x1.channels-last-kernel': [ramp([5, 5, 2]), ramp([2, 2, 2, 2], 0.5)],
  'x2.dx-missing-channel-sum': [ramp([5, 5, 2]), ramp([2, 3, 3, 2]), ramp([3, 3, 2], 0.25)],
  'x2.stride-not-dilated': [ramp([5, 5, 2]), ramp([2, 3, 3, 2]), ramp([2, 2, 2], 0.25), { stride: 2 }],
};

describe('mutants', () => {
  it('are one per misconception id, in the order of misconceptionIds, each naming its question and a student API function', () => {
    expect(mutants.map((mutant) => mutant.id)).toEqual([...misconceptionIds]);
    for (const mutant of mutants) {
      expect(mutant.id.startsWith(`${mutant.question}.`)).toBe(true);
      expect(isStudentApiName(mutant.fn)).toBe(true);
    }
  });

  it.each(misconceptionIds.map((id) => [id] as const))('%s differs from the reference on a hand-picked input', (id) => {
    const mutant = mutants.find((candidate) => candidate.id === id)!;
    const args = structuredClone(separating[id]) as unknown[];
    const expected = studentApi[mutant.fn](...args);
    const actual = mutant.compute(...args);
    expect(actual).not.toEqual(expected);
    if (typeof expected === 'object' && expected !== null && !Array.isArray(expected) && !('dX' in expected)) return;
    expect(maxDiff(flattenAnswer(actual), flattenAnswer(expected))).toBeGreaterThan(1e-6);
  });

  it.each(misconceptionIds.map((id) => [id] as const))('%s validates its arguments like the reference', (id) => {
    expect(() => byId(id)()).toThrow(ReferenceInputError);
  });
});

/** A nested answer (or {dX, dK}) as one nested array, so maxDiff can compare shapes and values. */
function flattenAnswer(answer: unknown): unknown {
  if (typeof answer === 'object' && answer !== null && 'dX' in answer && 'dK' in answer) return [answer.dX, answer.dK];
  return answer;
}

describe('what each mutant computes', () => {
  it('q1: the formulas of each mistake', () => {
    expect(byId('q1.missing-plus-one')(q1cfg)).toEqual({ HF: 5, WF: 5, CF: 1 });
    expect(byId('q1.single-padding')(q1cfg)).toEqual({ HF: 5.5, WF: 5.5, CF: 1 });
    expect(byId('q1.no-stride')(q1cfg)).toEqual({ HF: 11, WF: 11, CF: 1 });
    expect(byId('q1.channels-kept')(q1cfg)).toEqual({ HF: 6, WF: 6, CF: 4 });
    expect(byId('q1.swapped-dims')(q1cfg)).toEqual({ HF: 5, WF: 7, CF: 1 });
  });

  it('q2: the formulas of each mistake', () => {
    expect(byId('q2.conv-missing-channels')(q2cfg)).toBe(3 * 6 * 6 * 3 * 5);
    expect(byId('q2.fc-uses-kernel')(q2cfg)).toBe(3 * 6 * 6 * 3 * 5 * 4);
    expect(byId('q2.ratio-inverted')(q2cfg)).toBe((11 * 13) / (3 * 5));
  });

  it('q3: modes, shift, normalisation, transposition and variance', () => {
    const right = gaussianBlobs(blobs);
    const g = gaussianWindow(blobs.window, blobs.std);
    const kernel = g.map((u) => g.map((v) => u * v));
    const canvas = Array.from({ length: blobs.size }, () => new Array<number>(blobs.size).fill(0));
    for (const [i, j] of blobs.points) canvas[i]![j] = 1;
    expect(maxDiff(byId('q3.mode-full')(blobs), convolve2d(canvas, kernel, 'full'))).toBeLessThan(1e-12);
    expect(maxDiff(byId('q3.mode-valid')(blobs), convolve2d(canvas, kernel, 'valid'))).toBeLessThan(1e-12);
    const shifted = byId('q3.correlate-shift')(blobs) as number[][];
    expect(maxDiff(shifted, correlate2d(canvas, kernel, 'same'))).toBeLessThan(1e-12);
    // Even window: the blobs land one pixel up and left.
    expect(
      maxDiff(
        shifted.slice(0, -1).map((row) => row.slice(0, -1)),
        right.slice(1).map((row) => row.slice(1)),
      ),
    ).toBeLessThan(1e-12);
    const total = g.reduce((a, b) => a + b, 0) ** 2;
    expect(
      maxDiff(
        byId('q3.normalised-kernel')(blobs),
        right.map((row) => row.map((v) => v / total)),
      ),
    ).toBeLessThan(1e-12);
    expect(maxDiff(byId('q3.points-transposed')(blobs), transpose(right))).toBeLessThan(1e-12);
    expect(maxDiff(byId('q3.variance-as-std')(blobs), gaussianBlobs({ ...blobs, std: blobs.std ** 2 }))).toBeLessThan(
      1e-12,
    );
  });

  it('q5/q6: true convolution, no rotation, transposes', () => {
    expect(byId('q5.flipped')(G5, X5)).toEqual(convolve2d(X5, G5, 'valid'));
    expect(byId('q5.transposed')(G5, X5)).toEqual(transpose(studentApi.gradKernel(G5, X5) as number[][]));
    expect(byId('q6.not-rotated')(G5, K6)).toEqual(correlate2d(G5, K6, 'full'));
    expect(byId('q6.not-rotated')(G5, K6)).toEqual(convolve2d(G5, rot180(K6), 'full'));
    expect(byId('q6.transposed')(G5, K6)).toEqual(transpose(studentApi.gradInput(G5, K6) as number[][]));
  });

  it('x1: flipped kernel, no dilation, kernel read as HK×WK×C×Cout', () => {
    const X = ramp([5, 5, 2]) as number[][][];
    const K = ramp([2, 2, 2, 2], 0.5) as number[][][][];
    const flipped = K.map((filter) => [...filter].reverse().map((row) => [...row].reverse()));
    expect(byId('x1.flipped-kernel')(X, K, { padding: 1 })).toEqual(conv2d(X, flipped, { padding: 1 }));
    expect(byId('x1.no-dilation')(X, K, { dilation: 3, stride: 2 })).toEqual(conv2d(X, K, { stride: 2 }));
    // K'[o][m][n][c] = K[m][n][c][o] when Cout = HK = WK = C.
    const permuted = K.map((_f, o) => K.map((_r, m) => K.map((_p, n) => K.map((_c, c) => K[m]![n]![c]![o]!))));
    expect(byId('x1.channels-last-kernel')(X, K)).toEqual(conv2d(X, permuted));
    // The student's channel loop runs to K[0][0].length = WK = 3 ≠ C = 2: no answer.
    expect(byId('x1.channels-last-kernel')(X, ramp([2, 2, 3, 2]))).toBeNull();
  });

  it('x2: only the last filter in dX; the backward pass with stride 1', () => {
    const X = ramp([5, 5, 2]) as number[][][];
    const K = ramp([2, 3, 3, 2]) as number[][][][];
    const G = ramp([3, 3, 2], 0.25) as number[][][];
    const right = conv2dBackward(X, K, G);
    const wrong = byId('x2.dx-missing-channel-sum')(X, K, G) as typeof right;
    expect(wrong.dK).toEqual(right.dK);
    expect(
      maxDiff(
        wrong.dX,
        conv2dBackward(
          X,
          [K[1]!],
          G.map((row) => row.map((px) => [px[1]!])),
        ).dX,
      ),
    ).toBeLessThan(1e-12);
    const strided = ramp([2, 2, 2], 0.25) as number[][][];
    const notDilated = byId('x2.stride-not-dilated')(X, K, strided, { stride: 2 }) as typeof right;
    // Read as if the stride were 1: the stride-1 gradients of G placed at the top-left of a 3×3 map, zeros elsewhere.
    const zeroPadded = [0, 1, 2].map((i) => [0, 1, 2].map((j) => strided[i]?.[j] ?? [0, 0]));
    const asStride1 = conv2dBackward(X, K, zeroPadded);
    expect(maxDiff(notDilated.dK, asStride1.dK)).toBeLessThan(1e-12);
    expect(maxDiff(notDilated.dX, asStride1.dX)).toBeLessThan(1e-12);
    expect(byId('x2.stride-not-dilated')(X, K, G)).toEqual(right);
  });
});
