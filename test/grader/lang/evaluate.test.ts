/**
 * Evaluation: numpy-like arithmetic and subscripts, the reference through its registry, and
 * the bounds (cost charged before a call, value size, wall clock), each failure an EvalError at
 * its node with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type Value } from '../../../grader/lang/index.js';
import { convolve2d, correlate2d, dimsOf, gradInput, gradKernel } from '../../../reference/index.js';
import { failure, run } from './helpers.js';

const X = [
  [1, 2, 3],
  [4, 5, 6],
];
const G = [
  [1, -1],
  [2, 0.5],
];

describe('values', () => {
  it.each<[string, Value]>([
    [
      '2 * X - 1',
      [
        [1, 3, 5],
        [7, 9, 11],
      ],
    ],
    [
      'X / X',
      [
        [1, 1, 1],
        [1, 1, 1],
      ],
    ],
    ['-X[1]', [-4, -5, -6]],
    ['X[-1, -1]', 6],
    [
      'X[:, 1:]',
      [
        [2, 3],
        [5, 6],
      ],
    ],
    ['X[0:1, :2]', [[1, 2]]],
    ['X[1:100]', [[4, 5, 6]]],
    ['sum(X) + max(X) - min(X)', 26],
    ['sqrt(X * X)', X],
    ['where(2 > 1 and not (1 == 2), X, X + 1)', X],
    ['{a: 1, b: [2, 3]}.b[1]', 3],
    [
      'transpose(X)',
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    ],
    [
      'flip(X, 1)',
      [
        [3, 2, 1],
        [6, 5, 4],
      ],
    ],
    ['pad([[1]], 1, 0)', [[0], [1], [0]]],
    ['dilate([[1, 2]], 2)', [[1, 0, 2]]],
    [
      'outer([1, 2], [3, 4])',
      [
        [3, 4],
        [6, 8],
      ],
    ],
    [
      'impulses(2, [[1, 0]])',
      [
        [0, 0],
        [1, 0],
      ],
    ],
    ['7 % 3 + 2 ^ 3', 9],
  ])('%s', (text, value) => {
    expect(run(text, { X })).toEqual(value);
  });

  it('calls the reference by name, with the same answers', () => {
    expect(run("correlate2d(X, G, 'valid')", { X, G })).toEqual(correlate2d(X, G, 'valid'));
    expect(run("convolve2d(X, G, 'full')", { X, G })).toEqual(convolve2d(X, G, 'full'));
    expect(run('gradKernel(G, X)', { X, G })).toEqual(gradKernel(G, X));
    // The sheet's Q6: dL/dX is dL/dF padded by HK−1, WK−1 and correlated with K rotated by 180°.
    const sheet = run("correlate2d(pad(G, 1, 2), rot180(X), 'valid')", { X, G }) as number[][];
    const right = gradInput(G, X);
    sheet.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(right[i]![j]!, 12)));
  });

  it('a value that does not fit is an `invalid` failure at its node: no answer here', () => {
    expect(failure('X + G', { X, G })).toMatchObject({
      reason: 'invalid',
      offset: 2,
      message: 'The operands of + must have the same shape, got 2×3 and 2×2',
    });
    expect(failure('X[2]', { X })).toMatchObject({ reason: 'invalid', offset: 1 });
    expect(failure('X[:, 3:]', { X })).toMatchObject({ reason: 'invalid', message: expect.stringMatching(/is empty/) });
    expect(failure("correlate2d(G, X, 'valid') + gradKernel(X, G)", { X, G })).toMatchObject({
      reason: 'invalid',
      offset: 29,
    });
    expect(failure('[[1, 2], [3]]')).toMatchObject({ reason: 'invalid', offset: 9 });
  });
});

describe('bounds', () => {
  it('refuses a call whose cost is over the budget before running it', () => {
    const started = performance.now();
    expect(failure('zeros(100000, 100000)')).toMatchObject({ reason: 'limit', offset: 0 });
    expect(failure('convolve2d(zeros(900, 900), ones(900, 900))')).toMatchObject({ reason: 'limit', offset: 0 });
    expect(failure('pad(X, 1e9, 1e9)', { X })).toMatchObject({ reason: 'limit' });
    expect(failure('dilate(X, 1e12)', { X })).toMatchObject({ reason: 'limit' });
    // Refused, not computed: a refused 10^10-entry array would take far longer than this.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('caps the size of values and the total cost with the given limits', () => {
    const limits = { cost: 300, entries: 50, ms: 1000 };
    expect(failure('zeros(10, 10)', {}, { limits })).toMatchObject({
      reason: 'limit',
      message: 'an array of 100 entries is larger than the limit of 50',
    });
    expect(
      failure('sum(ones(7, 7)) + sum(ones(7, 7)) + sum(ones(7, 7)) + sum(ones(7, 7))', {}, { limits }),
    ).toMatchObject({
      reason: 'limit',
    });
    expect(run('sum(ones(7, 7))', {}, { limits })).toBe(49);
  });

  it('stops at the wall-clock backstop (an injected clock)', () => {
    let t = 0;
    const now = (): number => (t += 100);
    expect(
      failure(
        '1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13',
        {},
        { now, limits: { cost: 1e9, entries: 1e6, ms: 500 } },
      ),
    ).toMatchObject({
      reason: 'limit',
      message: 'the expression ran out of time (500 ms)',
    });
  });

  it('each registered function’s cost rule covers the size of its result, on every golden case', () => {
    const dir = new URL('../../fixtures/golden/', import.meta.url);
    let checked = 0;
    for (const name of readdirSync(dir)) {
      const file = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as {
        function: string;
        cases: { args: Value[]; expected?: unknown }[];
      };
      const fn = FUNCTIONS.get(file.function);
      expect(fn, file.function).toBeDefined();
      for (const c of file.cases) {
        if (c.expected === undefined) continue;
        const size = dimsOf(c.expected).reduce((p, n) => p * n, 1);
        expect(fn!.cost(c.args), `${file.function} ${JSON.stringify(c.args).slice(0, 60)}`).toBeGreaterThanOrEqual(
          size,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
