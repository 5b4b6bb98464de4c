import { describe, expect, it } from 'vitest';
import * as reference from '../../reference/index.js';
import { ReferenceInputError } from '../../reference/index.js';

/** The error `run` throws, which must be a ReferenceInputError. */
function errorOf(run: () => unknown): ReferenceInputError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof ReferenceInputError) return error;
    throw new Error(`Expected a ReferenceInputError, got ${String(error)}`);
  }
  throw new Error('Expected a ReferenceInputError, got no error');
}

const X = [
  [[1], [2], [3]],
  [[4], [5], [6]],
];
const K = [[[[1], [0]]]];
const sheet = { H: 7, W: 7, C: 3, HK: 3, WK: 3, s: 2, p: 1 };
const loose = reference.studentApi;

/** [label, call, expected message] for one bad argument of each kind, across the public functions. */
const cases: readonly (readonly [string, () => unknown, string | RegExp])[] = [
  [
    'ragged X',
    () =>
      reference.gradKernel(
        [[1]],
        [
          [1, 2, 3, 4],
          [1, 2, 3],
        ],
      ),
    'X must be a rectangular H×W array, got a ragged row 1 of length 3 (expected 4)',
  ],
  [
    'non-finite dLdF',
    () => reference.gradKernel([[Number.POSITIVE_INFINITY]], [[1]]),
    'Argument dLdF must hold finite numbers (a rectangular HF×WF array), got Infinity at dLdF[0][0]',
  ],
  [
    'dLdF larger than X',
    () => reference.gradKernel([[1, 2]], [[1]]),
    'Argument dLdF (HF×WF = 1×2) must not be larger than X (H×W = 1×1) in either dimension',
  ],
  ['K of the wrong rank', () => loose.gradInput([[1]], [1, 2]), 'K must be a rectangular HK×WK array, got 1 at K[0]'],
  ['missing cfg', () => loose.featureMapSize(), 'Argument cfg must be an object, got undefined'],
  ['zero size', () => reference.featureMapSize({ ...sheet, H: 0 }), 'Argument cfg.H must be a positive integer, got 0'],
  [
    'fractional padding',
    () => reference.featureMapSize({ ...sheet, p: 0.5 }),
    'Argument cfg.p must be a non-negative integer, got 0.5',
  ],
  [
    'string field',
    () => loose.convMultiplications({ ...sheet, Cout: '4' }),
    'Argument cfg.Cout must be a positive integer, got "4"',
  ],
  ['missing Cout', () => loose.reductionFactor(sheet), 'Argument cfg.Cout must be a positive integer, got undefined'],
  [
    'zero dilation',
    () => reference.outputSize({ H: 5, W: 5, HK: 3, WK: 3, s: 1, p: 0, d: 0 }),
    'Argument cfg.d must be a positive integer, got 0',
  ],
  [
    'channel mismatch',
    () => reference.conv2d(X, [[[[1, 2]]]]),
    'K must have as many channels as X: K is 1×1×1×2 (Cout×HK×WK×C) with C=2, X is 2×3×1 (H×W×C) with C=1',
  ],
  [
    'kernel too large',
    () => reference.conv2d(X, [[[[1]], [[1]], [[1]]]]),
    /The dilated kernel does not fit: H \+ 2p − d\(HK−1\) − 1 = -1/,
  ],
  [
    'unknown option',
    () => loose.conv2d(X, K, { strides: 2 }),
    'Argument opts has an unknown key "strides" (expected only stride, padding, dilation)',
  ],
  [
    'negative padding',
    () => reference.conv2d(X, K, { padding: -1 }),
    'Argument opts.padding must be a non-negative integer, got -1',
  ],
  [
    'null options',
    () => loose.conv2d(X, K, null),
    'Argument opts must be an object {stride, padding, dilation} or omitted, got null',
  ],
  [
    'dLdF of the wrong size',
    () => reference.conv2dBackward(X, K, [[[1]]]),
    'Argument dLdF must have the shape of the output F, HF×WF×Cout = 2×2×1, got 1×1×1',
  ],
  [
    'bad mode',
    () => loose.convolve2d([[1]], [[1]], 'middle'),
    `Argument mode must be one of 'full', 'same', 'valid', got "middle"`,
  ],
  [
    'bad boundary',
    () => loose.correlate2d([[1]], [[1]], 'full', 'reflect'),
    /Argument boundary must be one of 'fill', 'wrap', 'symm'/,
  ],
  [
    'bad fillvalue',
    () => loose.correlate2d([[1]], [[1]], 'full', 'fill', Number.NaN),
    'Argument fillvalue must be a finite number, got NaN',
  ],
  [
    'valid with crossed sizes',
    () => reference.convolve2d([[1, 2, 3]], [[1], [2]], 'valid'),
    "For 'valid' mode, one input must be at least as large as the other in every dimension, got in1 1×3 and in2 2×1",
  ],
  [
    'empty in1',
    () => reference.correlate2d([], [[1]]),
    'Argument in1 must be a rectangular rows×cols array with no empty axis, got an empty array',
  ],
  ['zero window', () => reference.gaussianWindow(0, 1), 'M must be a positive integer, got 0'],
  ['negative std', () => reference.gaussianWindow(5, -1), 'Argument std must be a positive number, got -1'],
  [
    'point outside',
    () => reference.gaussianBlobs({ size: 5, points: [[1, 5]], std: 1, window: 3 }),
    'Argument cfg.points[0][1] must be inside the canvas (0…4), got 5',
  ],
  [
    'point not a pair',
    () => loose.gaussianBlobs({ size: 5, points: [[1]], std: 1, window: 3 }),
    'Argument cfg.points[0] must be a pair [i, j], got an array of length 1',
  ],
  [
    'too many arguments',
    () => loose.gaussianWindow(5, 1, 2),
    'Argument gaussianWindow takes at most 2 arguments, got 3',
  ],
  [
    'pool padding over half the window',
    () => reference.poolOutputSize({ H: 6, W: 6, HK: 3, WK: 3, p: 2 }),
    "Argument cfg.p must be at most half the effective window, ⌊(d(HK−1) + 1)/2⌋ = 1 with HK=3, d=1 (PyTorch's rule for pooling), got 2",
  ],
  [
    'pool window too large',
    () => reference.poolOutputSize({ H: 2, W: 6, HK: 3, WK: 3 }),
    'The pooling window does not fit along H: ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1 = 0 with H=2, HK=3, s=3, p=0, d=1 (expected ≥ 1)',
  ],
  [
    'pool without a window',
    () => loose.maxPool2d([[1]], { stride: 1 }),
    'Argument opts must give the pooling window: kernel (a square window) or HK and WK, got neither',
  ],
  [
    'pool flag not a boolean',
    () => loose.avgPool2d([[1]], { kernel: 1, ceilMode: 'true' }),
    'Argument opts.ceilMode must be true or false (or 1 or 0), got "true"',
  ],
  [
    'max-pool window in the padding',
    () => reference.maxPool2d([[1, 2, 3, 4]], { kernel: 2, stride: 1, padding: 2, dilation: 3 }),
    /^The max-pool window at output row 0 covers only padding: its taps -2, 1 all miss the input 0…0/,
  ],
  [
    'dLdY of the wrong shape',
    () => reference.maxPool2dBackward([[1, 2]], [[1, 1]], { kernel: 2, ceilMode: true }),
    'Argument dLdY must have the shape of the output Y = maxPool2d(X, opts), HF×WF = 1×1, got 1×2',
  ],
  [
    'output padding too large',
    () => reference.convTransposeOutputSize({ H: 3, W: 3, HK: 3, WK: 3, s: 2, outputPadding: 2 }),
    "Argument cfg.outputPadding must be smaller than the stride or the dilation (PyTorch's rule: output padding < max(s, d) = 2 with s=2, d=1), got 2",
  ],
  [
    'transposed conv with no output',
    () => reference.convTranspose2d([[1]], [[1]], { padding: 1 }),
    'The transposed convolution has no output along H: (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1 = -1 with H=1, HK=1, s=1, p=1, d=1, outputPadding=0 (expected ≥ 1)',
  ],
  [
    'tensor of the wrong length',
    () =>
      reference.conv2dTensor(
        { shape: [2, 2, 1], data: new Float64Array(3) },
        { shape: [1, 1, 1, 1], data: new Float64Array(1) },
      ),
    'X.data must be a Float64Array of length 4 for shape [2, 2, 1]',
  ],
  [
    'unknown algorithm',
    () => reference.conv2dTensor(reference.fromNested(X), reference.fromNested(K), { algorithm: 'fft' as 'direct' }),
    /Argument opts.algorithm must be one of 'auto', 'direct', 'im2col', got "fft"/,
  ],
];

describe('ReferenceInputError', () => {
  it('carries the literal code E_REFERENCE_INPUT and its name', () => {
    const error = errorOf(() => reference.gaussianWindow(0, 1));
    expect(error.code).toBe('E_REFERENCE_INPUT');
    expect(error.name).toBe('ReferenceInputError');
    expect(error).toBeInstanceOf(Error);
  });

  it.each(cases)('%s: quotes the bad value and what was expected', (_label, run, message) => {
    const error = errorOf(run);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^[A-Z]/);
    expect(error.message).not.toMatch(/\.$/);
    expect(error.message).not.toContain('\n');
  });
});
