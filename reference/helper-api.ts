/**
 * The tensor helpers of the expression language (rot180, pad, dilate, …): plain reference
 * functions like the rest, registered with their signatures in student-api.ts.
 */
import { dilate } from './dilate.js';
import { flip, fliplr, flipud, rot180 } from './flip.js';
import { impulses } from './impulses.js';
import { outer } from './outer.js';
import { pad } from './pad.js';
import {
  dimsOf,
  numberKind,
  numberOr0,
  oneOfKind,
  sizeOf,
  tensorKind,
  type Signature,
  type ValueKind,
} from './signature.js';
import { sum } from './sum.js';
import { transpose } from './transpose.js';
import { ones, zeros } from './zeros.js';

/** A registered function: the implementation (validating its arguments) and its signature. */
export interface Primitive extends Signature {
  readonly fn: (...args: never[]) => unknown;
}

const anyTensor = tensorKind(null);

/** The kind of argument 0 (a tensor), requiring at least `rank` axes when its rank is known. */
function sameTensor(rank: number): (args: readonly ValueKind[]) => ValueKind | string {
  return (args) => {
    const a = args[0];
    if (a?.kind === 'tensor' && a.rank !== null && a.rank < rank)
      return `needs an array of at least ${rank} axes, got one of rank ${a.rank}`;
    return a ?? anyTensor;
  };
}

const linear = (args: readonly unknown[]): number => sizeOf(args[0]) + 1;

export const helperPrimitives = {
  rot180: {
    fn: rot180,
    params: [{ name: 'A', type: anyTensor }],
    result: sameTensor(2),
    cost: linear,
    summary: 'A rotated by 180° in its first two axes (numpy.rot90(A, 2)): out[i][j] = A[H−1−i][W−1−j]',
    shape: 'the shape of A',
  },
  flip: {
    fn: flip,
    params: [
      { name: 'A', type: anyTensor },
      { name: 'axes', type: oneOfKind(numberKind, tensorKind(['n'])), optional: true },
    ],
    result: sameTensor(1),
    cost: linear,
    summary: 'numpy.flip: A reversed along each of axes (one axis or a list such as [1, 2]; every axis when omitted)',
    shape: 'the shape of A',
  },
  flipud: {
    fn: flipud,
    params: [{ name: 'A', type: anyTensor }],
    result: sameTensor(1),
    cost: linear,
    summary: 'numpy.flipud: the rows of A in reverse order, out[i] = A[H−1−i]',
    shape: 'the shape of A',
  },
  fliplr: {
    fn: fliplr,
    params: [{ name: 'A', type: anyTensor }],
    result: sameTensor(2),
    cost: linear,
    summary: 'numpy.fliplr: the columns of A in reverse order, out[i][j] = A[i][W−1−j]',
    shape: 'the shape of A',
  },
  transpose: {
    fn: transpose,
    params: [
      { name: 'A', type: anyTensor },
      { name: 'axes', type: tensorKind(['n']), optional: true },
    ],
    result: sameTensor(1),
    cost: linear,
    summary:
      'numpy.transpose: the axes of A reversed (the matrix transpose), or permuted so that axis k of the result is axis axes[k] of A ([3, 0, 1, 2] reads HK×WK×C×Cout as Cout×HK×WK×C)',
    shape: 'A.shape reversed, or A.shape[axes[k]] for each k',
  },
  pad: {
    fn: pad,
    params: [
      { name: 'A', type: anyTensor },
      { name: 'ph', type: oneOfKind(numberKind, tensorKind(['n', '2'])) },
      { name: 'pw', type: numberKind, optional: true },
    ],
    result: sameTensor(1),
    cost: (args) => {
      const dims = dimsOf(args[0]);
      const widths = Array.isArray(args[1]) ? (args[1] as unknown[]).map(sumOf) : [];
      const grow = Array.isArray(args[1])
        ? dims.map((n, axis) => n + (widths[axis] ?? 0))
        : dims.map((n, axis) => n + 2 * (axis === 0 ? numberOr0(args[1]) : axis === 1 ? numberOr0(args[2]) : 0));
      return grow.reduce((p, n) => p * n, 1) + 1;
    },
    summary:
      'zero padding: pad(A, ph, pw) adds ph zero rows above and below and pw zero columns left and right (first two axes); pad(A, widths) is numpy.pad with a [before, after] pair per axis',
    shape: '(H + 2·ph)×(W + 2·pw)×…, or each axis n + before + after',
  },
  dilate: {
    fn: dilate,
    params: [
      { name: 'A', type: anyTensor },
      { name: 's', type: numberKind },
    ],
    result: sameTensor(2),
    cost: (args) =>
      dimsOf(args[0]).reduce((p, n, axis) => p * (axis < 2 ? (n - 1) * numberOr0(args[1]) + 1 : n), 1) + 1,
    summary: 's − 1 zeros between neighbouring entries along the first two axes: out[i·s][j·s] = A[i][j]',
    shape: '((H−1)·s + 1)×((W−1)·s + 1)×…',
  },
  outer: {
    fn: outer,
    params: [
      { name: 'u', type: tensorKind(['n']) },
      { name: 'v', type: tensorKind(['m']) },
    ],
    result: tensorKind(['n', 'm']),
    cost: (args) => sizeOf(args[0]) * sizeOf(args[1]) + 1,
    summary: 'numpy.outer: out[i][j] = u[i]·v[j]',
    shape: 'n×m',
  },
  zeros: {
    fn: zeros,
    params: [],
    rest: { name: 'dims', type: numberKind, max: 4 },
    result: filledKind,
    cost: filledCost,
    summary: 'an array of zeros of the given shape: zeros(h, w) is h×w',
    shape: 'd₁×…×dₙ (1 to 4 positive integers)',
  },
  ones: {
    fn: ones,
    params: [],
    rest: { name: 'dims', type: numberKind, max: 4 },
    result: filledKind,
    cost: filledCost,
    summary: 'an array of ones of the given shape',
    shape: 'd₁×…×dₙ (1 to 4 positive integers)',
  },
  sum: {
    fn: sum,
    params: [
      { name: 'A', type: anyTensor },
      { name: 'axis', type: numberKind, optional: true },
    ],
    result: (args) => {
      const a = args[0];
      if (args.length < 2 || a?.kind !== 'tensor' || a.rank === 1) return numberKind;
      return a.rank === null ? anyTensor : tensorKind(Array.from({ length: a.rank - 1 }, (_v, k) => `n${k}`));
    },
    cost: linear,
    summary: 'the sum of every entry of A, or numpy.sum(A, axis): that axis summed away',
    shape: 'a number; with axis, A.shape without that axis',
  },
  impulses: {
    fn: impulses,
    params: [
      { name: 'size', type: numberKind },
      { name: 'points', type: tensorKind(['n', '2']) },
    ],
    result: tensorKind(['size', 'size']),
    cost: (args) => numberOr0(args[0]) ** 2 + sizeOf(args[1]) + 1,
    summary: 'a size×size canvas of zeros with a 1 at each point [i, j] of points (Q3’s image before the blur)',
    shape: 'size×size',
  },
} as const satisfies Record<string, Primitive>;

function filledKind(args: readonly ValueKind[]): ValueKind | string {
  if (args.length === 0) return 'needs at least one dimension';
  return tensorKind(args.map((_a, k) => `d${k + 1}`));
}

function filledCost(args: readonly unknown[]): number {
  return args.reduce<number>((p, n) => p * Math.max(1, numberOr0(n)), 1) + 1;
}

function sumOf(pair: unknown): number {
  return Array.isArray(pair) ? (pair as unknown[]).reduce<number>((p, n) => p + numberOr0(n), 0) : 0;
}
