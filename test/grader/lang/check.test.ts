/**
 * The type checker of the tensor language: names, arity, argument kinds against the
 * reference's signatures, fields, subscripts and arithmetic, each refused at its character.
 */
import { describe, expect, it } from 'vitest';
import { checkExpr, FUNCTIONS, LANGUAGE_FUNCTIONS } from '../../../grader/lang/index.js';
import { parseSyntax } from '../../../grader/spec/index.js';
import { studentApiNames } from '../../../reference/index.js';
import { check, failure } from './helpers.js';

const X = [
  [1, 2, 3],
  [4, 5, 6],
];
const env = { X, K: [[[[1]]]], H: 2, flag: true };

describe('kinds', () => {
  it.each([
    ['1 + 2', 'number'],
    ['X + 1', 'tensor'],
    ["convolve2d(X, X, 'valid')", 'tensor'],
    ['sum(X)', 'number'],
    ['conv2dBackward([[[1]]], K, [[[1]]]).dK', 'tensor'],
    ['{a: 1, b: X}', 'record'],
    ['H > 1 and flag', 'boolean'],
    ["where(flag, 'same', 'full')", 'string'],
    ['X[0, 1]', 'number'],
    ['X[:, 1:]', 'tensor'],
  ])('%s is a %s', (text, kind) => {
    expect(check(text, env).kind).toBe(kind);
  });

  it('knows ranks: subscripts, literals and reference results', () => {
    expect(check('X[0]', env)).toEqual({ kind: 'tensor', rank: 1 });
    expect(check('[[1, 2], [3, 4]]')).toEqual({ kind: 'tensor', rank: 2 });
    expect(check('conv2d([[[1]]], K)', env)).toMatchObject({ kind: 'tensor', rank: 3 });
    expect(check('transpose(K, [3, 0, 1, 2])', env)).toMatchObject({ kind: 'tensor', rank: 4 });
  });
});

describe('refusals at the offending character', () => {
  it.each([
    ['X + Y', 'unknown name "Y" (known: X, K, H, flag)', 4],
    ['rot180(X) + frobnicate(X)', 'unknown function "frobnicate"', 12],
    ['transpose(X, [1, 0], 2)', 'transpose() takes 1 to 2 arguments, got 3', 0],
    [
      "convolve2d(X, X, 'vald')",
      "argument 3 (mode) of convolve2d: expected one of 'full', 'same', 'valid', got 'vald'",
      17,
    ],
    ['gradKernel(X, 1)', 'argument 2 (X) of gradKernel: expected an array H×W, got a number', 14],
    ['conv2d(X, K)', 'argument 1 (X) of conv2d: expected an array H×W×C (rank 3), got a rank-2 array', 7],
    ['conv2d([[[1]]], K, {strides: 2})', 'the record has no field "strides"', 19],
    ['featureMapSize({H: 1, W: 1})', 'the record is missing "C", "HK", "WK", "s", "p"', 15],
    ['conv2dBackward([[[1]]], K, [[[1]]]).dY', 'no field "dY" (the record has dX, dK)', 36],
    ['H.x', '".x" needs a record, got a number', 2],
    ['H[0]', 'subscripts need an array, got a number', 1],
    ['X[0, 0, 0]', '3 subscripts for a rank-2 array of rank 2', 1],
    ["X + 'same'", '"+" needs numbers or arrays, got the string \'same\'', 4],
    ['X + [1, 2]', '"+" needs arrays of the same shape, got ranks 2 and 1', 2],
    ['[1, [2]]', 'an array holds numbers, or arrays of one rank: item 2 is a rank-1 array, item 1 is a number', 4],
    ['where(H, 1, 2)', 'the condition must be a comparison, got a number', 0],
    ['not H', 'not needs a condition, got a number', 4],
    ['H < X', '"<" needs a number, got a rank-2 array', 4],
    ['sum', 'unknown name "sum" (sum is a function: call it with arguments)', 0],
    ['H(1)', 'unknown function "H" ("H" is a parameter, not a function)', 0],
  ])('%s', (text, message, offset) => {
    const got = failure(text, env);
    expect(got.message).toContain(message);
    expect(got.offset).toBe(offset);
  });

  it('a forbidden function (the one a question asks for) is refused with the reason', () => {
    const forbidden = new Map([['gradKernel', 'q5 asks for gradKernel']]);
    const scope = { names: new Map([['X', { kind: 'tensor', rank: 2 } as const]]), forbidden };
    expect(() => checkExpr(parseSyntax('transpose(gradKernel(X, X))'), scope)).toThrow('q5 asks for gradKernel');
    expect(checkExpr(parseSyntax("correlate2d(X, X, 'valid')"), scope)).toMatchObject({ kind: 'tensor' });
  });
});

describe('the function table', () => {
  it('holds every registered reference function and the language’s own, with no name twice', () => {
    for (const name of studentApiNames) expect(FUNCTIONS.has(name), name).toBe(true);
    for (const name of LANGUAGE_FUNCTIONS) expect(FUNCTIONS.has(name), name).toBe(true);
    expect(FUNCTIONS.size).toBe(studentApiNames.length + LANGUAGE_FUNCTIONS.length);
  });
});
