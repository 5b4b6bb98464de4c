import { describe, expect, it } from 'vitest';
import * as reference from '../../reference/index.js';
import {
  isStudentApiName,
  studentApi,
  studentApiArity,
  studentApiNames,
  studentApiSignatures,
} from '../../reference/index.js';

describe('studentApi', () => {
  it('registers each function once, exported by reference/ under its name, with a signature', () => {
    expect(Object.keys(studentApi).sort()).toEqual([...studentApiNames].sort());
    expect(new Set(studentApiNames).size).toBe(studentApiNames.length);
    for (const name of studentApiNames) {
      expect(typeof reference[name]).toBe('function');
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
  });

  it('narrows names', () => {
    expect(isStudentApiName('conv2dBackward')).toBe(true);
    expect(isStudentApiName('conv2d_backward')).toBe(false);
    expect(isStudentApiName('toString')).toBe(false);
  });
});
