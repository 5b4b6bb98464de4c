/** Every comparison edge: shape and type first, then tolerance; NaN, ±Infinity and −0 on purpose. */
import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../grader/result.js';
import fc from 'fast-check';
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
    expect(message(grid(2, 3), [1, 2, 3])).toBe('expected 2×3, got an array of 3');
    expect(compareValues(grid(2, 3), [1, 2, 3], tol, { dialect: 'py' })?.message).toBe(
      'expected 2×3, got a list or tuple of 3',
    );
  });

  it("says when a list holds a record's values in the order of its keys", () => {
    const size = { HF: 4, WF: 5, CF: 1 };
    expect(compareValues(size, [4, 5, 1], tol, { dialect: 'py' })?.message).toBe(
      "expected a dict with keys 'HF', 'WF', 'CF', got a list or tuple of 3; its values are right, in the order HF, WF, CF: return them by name, as {'HF': …, 'WF': …, 'CF': …}",
    );
    expect(message(size, [4, 5, 1])).toBe(
      'expected an object with keys HF, WF, CF, got an array of 3; its values are right, in the order HF, WF, CF: return them by name, as { HF: …, WF: …, CF: … }',
    );
    // Other values, or another order, are only a wrong type.
    expect(message(size, [5, 4, 1])).toBe('expected an object with keys HF, WF, CF, got an array of 3');
    expect(message(size, [4, 5])).toBe('expected an object with keys HF, WF, CF, got an array of 2');
  });

  it('describes ragged arrays and non-arrays', () => {
    expect(message(grid(2, 2), [[1, 2], [3]])).toBe(
      'expected 2×2, got a ragged array (item [1] is an array of 1, item [0] is an array of 2)',
    );
    expect(message(grid(2, 2), 5)).toBe('expected a 2×2 array (nested arrays), got 5');
    expect(message(grid(1, 1), { a: 1 })).toBe('expected a 1×1 array (nested arrays), got an object with keys a');
    const py = (e: AnswerValue, a: AnswerValue): string | undefined =>
      compareValues(e, a, tol, { dialect: 'py' })?.message;
    expect(py(grid(1, 1), { a: 1 })).toBe(
      "expected a 1×1 array (nested lists or an ndarray), got a dict with keys 'a'",
    );
    expect(py(1, null)).toBe('expected a number, got None');
    expect(py(1, true)).toBe('expected a number, got the bool True');
  });

  it('applies |a − b| ≤ atol + rtol·|b|', () => {
    expect(message(1e6, 1e6 + 1e-3 + 1e-9 * 0.5)).toBe(undefined);
    expect(message(1e6, 1e6 + 2e-3)).toBe('expected 1000000, got 1000000.002 (relative error 2e-9)');
    expect(message(0, 1e-9)).toBe(undefined);
    expect(message(0, 2.1e-9)).toMatch(/^expected 0, got 2\.1e-9$/);
  });

  it('counts differing entries, states the tolerance and gives the largest difference, not the first', () => {
    const expected = grid(3, 3, 1);
    const actual = grid(3, 3, 1);
    actual[0]![0] = 1 + 5e-9;
    actual[1]![2] = 4;
    actual[2]![0] = 5;
    expect(message(expected, actual)).toBe(
      '3 of 9 entries differ beyond the tolerance |a − b| ≤ 1e-9 + 1e-9·|b|; the largest difference is at [2][0] (expected 1, got 5; relative error 4)',
    );
    expect(compareValues(expected, actual, tol)?.withheld).toBe(
      '3 of 9 entries differ beyond the tolerance |a − b| ≤ 1e-9 + 1e-9·|b|; the largest difference is at [2][0] (relative error 4)',
    );
  });

  it('prints enough digits to show the difference', () => {
    const m = message([[-27.536412345]], [[-27.536398]]);
    expect(m).toBe('expected -27.536412, got -27.536398 at [0][0] (relative error 5.2e-7)');
    const [e, a] = [-27.53641, Math.fround(-27.53641)];
    expect(message([e, 1], [a, 1])).toMatch(
      /\(expected -27\.53641, got -27\.5364094; relative error 2\.3e-8\); they agree to float32/,
    );
  });

  it('names agreement to float32 precision', () => {
    const expected = [1.1, 2.2, -3.3];
    const actual = expected.map((x) => Math.fround(x));
    expect(message(expected, actual)).toMatch(
      /; they agree to float32 precision \(\|a − b\| ≤ 7\.6e-6·\(\|b\| \+ max\|expected\|\)\)$/,
    );
    expect(compareValues(expected, actual, tol)?.float32).toBe(true);
  });

  it('fails NaN with a message, never matches it', () => {
    expect(message([1, 2], [1, Number.NaN])).toMatch(/the largest difference is at \[1\] \(expected 2, got NaN\)$/);
    expect(message(2, Number.NaN)).toBe('expected 2, got NaN');
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
    expect(compareValues({ HF: 3, WF: 4, CF: 1 }, { HF: 3, WF: 4 }, tol, { dialect: 'py' })?.message).toBe(
      "missing key 'CF' (expected keys 'HF', 'WF', 'CF')",
    );
    expect(message({ HF: 3, WF: 4 }, { HF: 3, WF: 4, CF: 1 })).toBe('unexpected key "CF" (expected keys {HF, WF})');
    expect(message({ HF: 3, WF: 4, CF: 1 }, { HF: 3, WF: 5, CF: 2 })).toBe(
      '2 of 3 entries differ beyond the tolerance |a − b| ≤ 1e-9 + 1e-9·|b|; the largest difference is at .WF (expected 4, got 5; relative error 0.25); the largest relative error is 1',
    );
    expect(compareValues({ dX: [[1, 2]] }, { dX: [[1, 3]] }, tol, { dialect: 'py' })?.message).toMatch(
      /at \[.dX.\]\[0\]\[1\] \(expected 2, got 3; relative error 0\.5\)/,
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

  it('encodes rows of plain numbers as copies, and any special number in a row by its tag', () => {
    // The fast path for tensor rows must agree with encoding element by element.
    const special = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0);
    const item = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), special);
    fc.assert(
      fc.property(fc.array(fc.array(item, { maxLength: 6 }), { maxLength: 4 }), (rows) => {
        const encoded = encodeJsonValue(rows) as unknown[][];
        rows.forEach((row, i) => {
          expect(encoded[i]).not.toBe(row);
          row.forEach((x, j) => {
            const tag = Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : Number.isFinite(x) ? undefined : String(x);
            expect(encoded[i]?.[j]).toEqual(tag === undefined ? x : { $num: tag });
          });
        });
      }),
    );
  });

  it('leaves ordinary records with a $num key of other values alone', () => {
    expect(decodeJsonValue({ $num: 'seven' })).toEqual({ $num: 'seven' });
  });
});
