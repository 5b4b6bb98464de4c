/**
 * grader/variant/compare.ts on tensors the reference read or made within a case's memo
 * (reference withTensorMemo): compared flat, in one loop. The answers must be exactly those of
 * the nested walk outside a memo, on the same values: equal, float32-rounded, off by a little or
 * a lot, of another shape, and records holding such arrays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../grader/result.js';
import { maxAbs, valuesAgree, valuesClose, valuesMatch } from '../../../grader/variant/index.js';
import { fromNested, withTensorMemo } from '../../../reference/index.js';
import { reshape } from '../../reference/helpers.js';

const tol = { rtol: 1e-9, atol: 1e-9 };

/** How the actual answer is made from the expected one. */
const change = fc.constantFrom('same', 'float32', 'tiny', 'one-entry', 'all', 'transposed', 'scaled-zero');

function changed(expected: number[][], how: string, at: number): number[][] {
  const rows = expected.length;
  const cols = expected[0]!.length;
  switch (how) {
    case 'same':
      return expected.map((row) => [...row]);
    case 'float32':
      return expected.map((row) => row.map((x) => Math.fround(x)));
    case 'tiny':
      return expected.map((row) => row.map((x) => x * (1 + 1e-12)));
    case 'one-entry':
      return expected.map((row, i) =>
        row.map((x, j) => ((i * cols + j) % (rows * cols) === at % (rows * cols) ? x + 1e-3 : x)),
      );
    case 'all':
      return expected.map((row) => row.map((x) => x + 0.5));
    case 'transposed':
      return Array.from({ length: cols }, (_unused, j) =>
        Array.from({ length: rows }, (_unused2, i) => expected[i]![j]!),
      );
    default:
      return expected.map((row) => row.map(() => 0));
  }
}

const verdicts = (expected: AnswerValue, actual: AnswerValue) => ({
  match: valuesMatch(expected, actual, tol),
  agree: valuesAgree(expected, actual, tol),
  close: valuesClose(expected, actual, tol),
  scale: maxAbs(expected),
});

describe('comparing tensors of a memo', () => {
  it('gives the nested walk’s verdicts', () => {
    const problem = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([rows, cols]) =>
      fc.tuple(
        fc.constant(rows),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
          minLength: rows * cols,
          maxLength: rows * cols,
        }),
        change,
        fc.nat(),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(problem, ([rows, flat, how, at, inRecord]) => {
        const make = (): [AnswerValue, AnswerValue] => {
          const expected = reshape(flat, [rows, flat.length / rows]) as number[][];
          const actual = changed(expected, how, at);
          return inRecord
            ? [
                { F: expected, n: 1 },
                { F: actual, n: 1 },
              ]
            : [expected, actual];
        };
        const [e1, a1] = make();
        const plain = verdicts(e1, a1);
        const memoised = withTensorMemo(() => {
          const [e2, a2] = make();
          const arrays = (v: AnswerValue): AnswerValue => (Array.isArray(v) ? v : (v as { F: AnswerValue }).F);
          fromNested(arrays(e2));
          fromNested(arrays(a2));
          return verdicts(e2, a2);
        });
        expect(memoised).toEqual(plain);
      }),
      { numRuns: 500 },
    );
  });
});
