import { describe, expect, it } from 'vitest';
import * as reference from '../../reference/index.js';
import {
  isStudentApiName,
  ReferenceInputError,
  studentApi,
  studentApiArity,
  studentApiNames,
  studentApiSignatures,
} from '../../reference/index.js';

describe('studentApi', () => {
  it('registers each function once, exported by reference/ under its name, with a signature', () => {
    expect(new Set(studentApiNames).size).toBe(studentApiNames.length);
    expect(Object.keys(studentApi).sort()).toEqual([...studentApiNames].sort());
    expect(Object.keys(studentApiArity).sort()).toEqual([...studentApiNames].sort());
    for (const name of studentApiNames) {
      expect(typeof reference[name], name).toBe('function');
      expect(studentApiArity[name], name).toBeGreaterThanOrEqual(reference[name].length);
      const signature = studentApiSignatures[name];
      expect(signature.summary.length, name).toBeGreaterThan(10);
      expect(signature.shape.length, name).toBeGreaterThan(0);
      // Optional parameters come last, and the arity is what the signature allows.
      const firstOptional = signature.params.findIndex((p) => p.optional === true);
      if (firstOptional !== -1) expect(signature.params.slice(firstOptional).every((p) => p.optional)).toBe(true);
      expect(studentApiArity[name]).toBe(signature.params.length + (signature.rest?.max ?? 0));
    }
    expect(Object.isFrozen(studentApi)).toBe(true);
  });

  it.each(studentApiNames.map((name) => [name]))('%s refuses one argument more than its arity', (name) => {
    const args = new Array<unknown>(studentApiArity[name] + 1).fill(undefined);
    expect(() => studentApi[name](...args)).toThrow(ReferenceInputError);
    expect(() => studentApi[name](...args)).toThrow(/takes at most \d+ arguments?, got \d+/);
  });

  it('answers like the typed functions', () => {
    const X = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(studentApi.gradKernel([[1]], X)).toEqual(reference.gradKernel([[1]], X));
    expect(studentApi.convolve2d(X, [[1, 2]], 'same', 'wrap')).toEqual(
      reference.convolve2d(X, [[1, 2]], 'same', 'wrap'),
    );
    expect(studentApi.conv2d([[[1]]], [[[[2]]]])).toEqual([[[2]]]);
    expect(studentApi.conv2d([[[1]]], [[[[2]]]], {})).toEqual([[[2]]]);
    expect(studentApi.outputSize({ H: 5, W: 6, HK: 3, WK: 3, s: 2, p: 1, d: 1 })).toEqual({ HF: 3, WF: 3 });
    expect(studentApi.poolOutputSize({ H: 5, W: 6, HK: 2, WK: 2, ceilMode: true })).toEqual({ HF: 3, WF: 3 });
    expect(studentApi.maxPool2d(X, { kernel: 2 })).toEqual(reference.maxPool2d(X, { kernel: 2 }));
    expect(studentApi.avgPool2d(X, { HK: 1, WK: 3 })).toEqual([[2], [5]]);
    expect(studentApi.maxPool2dBackward(X, [[1]], { kernel: 2 })).toEqual([
      [0, 0, 0],
      [0, 1, 0],
    ]);
    expect(studentApi.convTransposeOutputSize({ H: 2, W: 3, HK: 2, WK: 2, s: 2 })).toEqual({ HF: 4, WF: 6 });
    expect(studentApi.convTranspose2d([[1, 2]], [[1, 1]], { stride: 2 })).toEqual([[1, 1, 2, 2]]);
  });

  it('narrows names', () => {
    expect(isStudentApiName('conv2dBackward')).toBe(true);
    expect(isStudentApiName('conv2d_backward')).toBe(false);
    expect(isStudentApiName('toString')).toBe(false);
  });
});
