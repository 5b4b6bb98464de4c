import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convolve2d,
  correlate2d,
  fromNested,
  memoTensor,
  ReferenceInputError,
  toNested,
  withTensorMemo,
} from '../../reference/index.js';
import { reshape, values } from './helpers.js';

describe('fromNested / toNested', () => {
  it('round-trip rectangular arrays of rank 1 to 4 and infer the row-major shape', () => {
    const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        shapes.chain((shape) => fc.tuple(fc.constant(shape), values(shape.reduce((a, b) => a * b, 1)))),
        ([shape, flat]) => {
          const nested = reshape(flat, shape);
          const tensor = fromNested(nested);
          expect(tensor.shape).toEqual(shape);
          expect(Array.from(tensor.data)).toEqual(flat);
          expect(toNested(tensor)).toEqual(nested);
        },
      ),
    );
  });

  it('reject ragged, empty, non-numeric and non-finite input, saying where', () => {
    expect(() => fromNested([[1, 2], [3]], 'A')).toThrow(
      'A must be a rectangular n0×n1 array, got a ragged row 1 of length 1 (expected 2)',
    );
    expect(() => fromNested([[[1], [2]], [[3]]], 'T')).toThrow(
      'T must be a rectangular n0×n1×n2 array, got T[1] of length 1 (expected 2)',
    );
    expect(() => fromNested([], 'A')).toThrow(
      'A must be a rectangular n0 array with no empty axis, got an empty array',
    );
    expect(() => fromNested([[1, Number.NaN]], 'A')).toThrow(
      'A must hold finite numbers (a rectangular n0×n1 array), got NaN at A[0][1]',
    );
    expect(() => fromNested([[1, '2']], 'A')).toThrow('got "2" at A[0][1]');
    expect(() => fromNested([[1, [2]]], 'A')).toThrow('got an array of length 1 at A[0][1]');
    expect(() => fromNested(3, 'A')).toThrow(ReferenceInputError);
  });

  it('quote the first bad element found deep inside, past rows that read cleanly', () => {
    expect(() =>
      fromNested(
        [
          [[1], [2]],
          [[3], [Infinity]],
        ],
        'T',
      ),
    ).toThrow('T must hold finite numbers (a rectangular n0×n1×n2 array), got Infinity at T[1][1][0]');
    // eslint-disable-next-line no-sparse-arrays
    expect(() => fromNested([[1, , 3]], 'T')).toThrow(
      'T must hold finite numbers (a rectangular n0×n1 array), got undefined at T[0][1]',
    );
    expect(() => fromNested([[1, 2], [3, 4], 5], 'T')).toThrow('T must be a rectangular n0×n1 array, got 5 at T[2]');
    expect(() => fromNested([[[1, 2]], [[3]]], 'T')).toThrow(
      'T must be a rectangular n0×n1×n2 array, got T[1][0] of length 1 (expected 2)',
    );
  });
});

describe('withTensorMemo', () => {
  it('reads a nested array once within a memo, and every time outside one', () => {
    const image = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(fromNested(image)).not.toBe(fromNested(image));
    expect(memoTensor(image)).toBeUndefined();
    withTensorMemo(() => {
      const first = fromNested(image);
      expect(fromNested(image)).toBe(first);
      expect(memoTensor(image)).toBeDefined();
      // A nested array the memo made from a tensor reads back as that tensor.
      const made = toNested({ shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) });
      expect(memoTensor(made)).toBeDefined();
      expect(Array.from(fromNested(made).data)).toEqual([1, 2, 3, 4]);
      // Not what cannot be read back: non-finite entries, a rank-0 tensor's `[x]`.
      expect(memoTensor(toNested({ shape: [2], data: new Float64Array([1, Infinity]) }))).toBeUndefined();
      expect(memoTensor(toNested({ shape: [], data: new Float64Array([5]) }))).toBeUndefined();
      // An invalid array is still rejected, every time, and never remembered.
      expect(() => fromNested([[1, 2], [3]])).toThrow(ReferenceInputError);
      // A nested memo is its own; the outer one is back after it.
      withTensorMemo(() => expect(memoTensor(image)).toBeUndefined());
      expect(memoTensor(image)).toBeDefined();
    });
    expect(memoTensor(image)).toBeUndefined();
  });

  it('gives the reference the same results with and without it', () => {
    const shapes = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }));
    fc.assert(
      fc.property(
        shapes.chain(([h, w]) => fc.tuple(fc.constant([h, w]), values(h * w), values(4))),
        ([shape, flat, k]) => {
          const image = reshape(flat, shape) as number[][];
          const kernel = reshape(k, [2, 2]) as number[][];
          const plain = [convolve2d(image, kernel), correlate2d(image, kernel, 'same')];
          const memoised = withTensorMemo(() => {
            const once = convolve2d(image, kernel);
            // Again on the same arrays and on a result: read from the memo this time.
            return [convolve2d(image, kernel), correlate2d(image, kernel, 'same'), convolve2d(once, kernel)];
          });
          expect(memoised.slice(0, 2)).toEqual(plain);
          expect(memoised[2]).toEqual(convolve2d(convolve2d(image, kernel), kernel));
          expect(image).toEqual(reshape(flat, shape));
        },
      ),
    );
  });
});
