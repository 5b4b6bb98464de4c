import { describe, expect, it } from 'vitest';
import * as reference from '../../reference/index.js';
import { isStudentApiName, studentApi, studentApiNames } from '../../reference/index.js';

describe('studentApi', () => {
  it('registers exactly the functions of EXERCISES.md plus the SciPy helpers, each the exported function', () => {
    expect(Object.keys(studentApi).sort()).toEqual([...studentApiNames].sort());
    expect(studentApiNames).toHaveLength(13);
    for (const name of studentApiNames) expect(typeof reference[name]).toBe('function');
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
