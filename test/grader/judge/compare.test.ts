/** Every comparison edge: shape and type first, then tolerance; NaN, ±Infinity and −0 on purpose. */
import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../grader/result.js';
import { compareValues, decodeJsonValue, encodeJsonValue } from '../../../grader/judge/index.js';
import { valuesMatch } from '../../../grader/variant/index.js';

const tol = { rtol: 1e-9, atol: 1e-9 };
const grid = (h: number, w: number, v = 0): number[][] => Array.from({ length: h }, () => new Array<number>(w).fill(v));
const message = (expected: AnswerValue, actual: AnswerValue): string | undefined =>
  compareValues(expected, actual, tol)?.message;

describe('compareValues', () => {
  it('names both shapes first', () => {
    expect(message(grid(7, 7), grid(9, 9))).toBe('expected 7×7, got 9×9');
    expect(compareValues(grid(7, 7), grid(9, 9), tol)).toMatchObject({
      kind: 'shape',
      expectedShape: [7, 7],
      actualShape: [9, 9],
    });
    expect(message(grid(2, 3), [1, 2, 3])).toBe('expected 2×3, got length 3');
  });

  it('describes ragged arrays and non-arrays', () => {
    expect(message(grid(2, 2), [[1, 2], [3]])).toBe(
      'expected 2×2, got a ragged array (item [1] has shape length 1, item [0] has length 2)',
    );
    expect(message(grid(2, 2), 5)).toBe('expected an array of shape 2×2, got 5');
    expect(message(grid(1, 1), { a: 1 })).toBe('expected an array of shape 1×1, got a record with keys {a}');
  });

  it('applies |a − b| ≤ atol + rtol·|b|', () => {
    expect(message(1e6, 1e6 + 1e-3 + 1e-9 * 0.5)).toBe(undefined);
    expect(message(1e6, 1e6 + 2e-3)).toBe('expected 1000000, got 1000000.002');
    expect(message(0, 1e-9)).toBe(undefined);
    expect(message(0, 2.1e-9)).toMatch(/^expected 0, got 2\.1e-9$/);
  });

  it('counts differing entries and gives the first position', () => {
    const expected = grid(3, 3, 1);
    const actual = grid(3, 3, 1);
    actual[1]![2] = 4;
    actual[2]![0] = 5;
    expect(message(expected, actual)).toBe('2 of 9 entries differ; first at [1][2]: expected 1, got 4');
  });

  it('fails NaN with a message, never matches it', () => {
    expect(message([1, 2], [1, Number.NaN])).toBe('expected 2, got NaN at [1]');
    expect(valuesMatch(Number.NaN, Number.NaN, tol)).toBe(false);
  });

  it('requires infinities to match exactly', () => {
    expect(message(Infinity, Infinity)).toBe(undefined);
    expect(message(-Infinity, -Infinity)).toBe(undefined);
    expect(message(Infinity, -Infinity)).toBe('expected Infinity, got -Infinity');
    expect(message(1e308, Infinity)).toBe('expected 1e+308, got Infinity');
    expect(message(Infinity, 1e308)).toBe('expected Infinity, got 1e+308');
  });

  it('treats −0 as 0', () => {
    expect(message(0, -0)).toBe(undefined);
    expect(message(-0, 0)).toBe(undefined);
  });

  it('does not take booleans, strings or null for numbers', () => {
    expect(message(1, true)).toBe('expected a number, got the boolean true');
    expect(message(1, '1')).toBe('expected a number, got the string "1"');
    expect(message([1], [null])).toBe('expected a number at [0], got null');
  });

  it('checks record keys exactly', () => {
    expect(message({ HF: 3, WF: 4, CF: 1 }, { HF: 3, WF: 4 })).toBe('missing key "CF" (expected keys {HF, WF, CF})');
    expect(message({ HF: 3, WF: 4 }, { HF: 3, WF: 4, CF: 1 })).toBe('unexpected key "CF" (expected keys {HF, WF})');
    expect(message({ HF: 3, WF: 4, CF: 1 }, { HF: 3, WF: 5, CF: 2 })).toBe(
      '2 of 3 entries differ; first at .WF: expected 4, got 5',
    );
    expect(message({ dX: grid(2, 2) }, { dX: grid(2, 3) })).toBe('expected 2×2 at .dX, got 2×3');
  });

  it('agrees with valuesMatch', () => {
    const pairs: [AnswerValue, AnswerValue][] = [
      [grid(2, 2), grid(2, 2)],
      [grid(2, 2), grid(2, 3)],
      [{ a: 1 }, { a: 1, b: 2 }],
      [1, 1 + 1e-12],
      [1, Number.NaN],
      [0, -0],
    ];
    for (const [e, a] of pairs) expect(valuesMatch(e, a, tol)).toBe(compareValues(e, a, tol) === null);
  });
});

describe('JSON encoding of non-finite numbers and −0', () => {
  it('round-trips through JSON text', () => {
    const value: AnswerValue = [Number.NaN, Infinity, -Infinity, -0, 0, 1.5, { x: [-0] }];
    const text = JSON.stringify(encodeJsonValue(value));
    expect(text).toBe(
      '[{"$num":"NaN"},{"$num":"Infinity"},{"$num":"-Infinity"},{"$num":"-0"},0,1.5,{"x":[{"$num":"-0"}]}]',
    );
    const back = decodeJsonValue(JSON.parse(text)) as unknown[];
    expect(back[0]).toBeNaN();
    expect(back[1]).toBe(Infinity);
    expect(back[2]).toBe(-Infinity);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(Object.is(back[4], 0)).toBe(true);
  });

  it('leaves ordinary records with a $num key of other values alone', () => {
    expect(decodeJsonValue({ $num: 'seven' })).toEqual({ $num: 'seven' });
  });
});
