import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNested, ReferenceInputError, toNested } from '../../reference/index.js';
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
