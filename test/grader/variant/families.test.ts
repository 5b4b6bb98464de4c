/**
 * Misconceptions written as expressions: a family of wrong answers for one id (any member
 * matching names it), wrong answers given per field of a record answer, `expected:` instead of a
 * reference function, `let:` names, and the separation guarantee for every member of every
 * family. A spec expression past the language's bounds is a spec error; one with no value on a
 * case means that mistake gives no answer there.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../../grader/errors.js';
import { judgeCases } from '../../../grader/judge/index.js';
import type { RawAnswer } from '../../../grader/result.js';
import { parseSpec, type ExerciseSpec } from '../../../grader/spec/index.js';
import { checkSpecs, generateVariant, valuesMatch } from '../../../grader/variant/index.js';
import { studentApiNames } from '../../../reference/index.js';

const HEADER = `id: fam
title: Families
source: test
version: 1.0.0
salt: families-salt-01
questions:
`;

function spec(questions: string): ExerciseSpec {
  const { spec: parsed, problems } = parseSpec(HEADER + questions, 'fam.yaml', { functions: [...studentApiNames] });
  if (parsed === null) throw new SpecError([...problems]);
  const more = checkSpecs([parsed]);
  if (more.length > 0) throw new SpecError(more);
  return parsed;
}

const SIZES = `
  - id: q1
    title: Output size
    points: 1
    answers:
      function:
        - name: outputSize
          args: [{ H: H, W: W, HK: HK, WK: WK, s: s, p: p, d: d }]
    parameters:
      H: { int: [5, 30] }
      W: { int: [5, 30] }
      HK: { int: [1, 5] }
      WK: { int: [1, 5] }
      s: { int: [1, 3] }
      p: { int: [0, 2] }
      d: { int: [1, 2] }
    constraints: ["H + 2*p - d*(HK - 1) - 1 >= 0 and W + 2*p - d*(WK - 1) - 1 >= 0"]
    misconceptions:
      - id: q1.no-floor
        hint: The kernel takes whole steps only. What happens to a fractional count?
        answer:
          - "{HF: (H + 2*p - d*(HK - 1) - 1)/s + 1, WF: (W + 2*p - d*(WK - 1) - 1)/s + 1}"
          - "{HF: ceil((H + 2*p - d*(HK - 1) - 1)/s) + 1, WF: ceil((W + 2*p - d*(WK - 1) - 1)/s) + 1}"
      - id: q1.width-only
        hint: Both sides have their own formula. Did you compute the height?
        answer: { HF: "W" }
`;

describe('families and fields', () => {
  const s = spec(SIZES);
  const question = s.questions[0]!;

  it('every member of a family gets a witness for every student', () => {
    for (const student of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const v = generateVariant(s, { student, salt: s.salt, visibility: 'public' });
      const cases = v.questions[0]!.cases;
      for (const [id, member] of [
        ['q1.no-floor', 0],
        ['q1.no-floor', 1],
        ['q1.width-only', 0],
      ] as const) {
        const witnessed = cases.some((c) =>
          c.calls.some((call) => {
            const mine = call.mutants.find((m) => m.id === id && m.member === member);
            if (mine?.answer.kind !== 'value') return false;
            const value = mine.answer.value;
            return (
              !valuesMatch(call.expected, value, question.tolerance) &&
              call.mutants.every(
                (o) =>
                  o.id === id || o.answer.kind !== 'value' || !valuesMatch(o.answer.value, value, question.tolerance),
              )
            );
          }),
        );
        expect(witnessed, `${student} ${id}#${member}`).toBe(true);
      }
    }
  });

  it('a wrong answer given per field keeps the other fields right', () => {
    const v = generateVariant(s, { student: 'a', salt: s.salt, visibility: 'public' });
    for (const c of v.questions[0]!.cases) {
      const call = c.calls[0]!;
      const wrong = call.mutants.find((m) => m.id === 'q1.width-only')!;
      expect(wrong.answer).toEqual({
        kind: 'value',
        value: { HF: c.params['W'], WF: (call.expected as { WF: number }).WF },
      });
    }
  });

  it('a student answering with either member is diagnosed with the family’s id', () => {
    const v = generateVariant(s, { student: 'b', salt: s.salt, visibility: 'public' });
    const qv = v.questions[0]!;
    for (const member of [0, 1]) {
      const answers = qv.cases.map((c) =>
        c.calls.map((call): RawAnswer => {
          const m = call.mutants.find((x) => x.id === 'q1.no-floor' && x.member === member)!;
          return m.answer.kind === 'value' ? { kind: 'value', value: m.answer.value } : { kind: 'threw', message: '' };
        }),
      );
      const judged = judgeCases(question, qv, answers, { visibility: 'public', caseScore: 1, exportName: (f) => f });
      expect(judged.misconceptions).toEqual(['q1.no-floor']);
    }
  });
});

describe('expected:, let: and the bounds of spec expressions', () => {
  it('expected: gives the right answer of a function that is not a reference function', () => {
    const s = spec(`
  - id: q1
    title: Flip
    points: 1
    answers:
      function:
        - name: upsideDown
          args: [A]
          expected: "flipud(A)"
    parameters:
      n: { int: [2, 5] }
      A: { tensor: [n, 3], values: [0, 9], integers: true }
    let:
      rows: "A[:, 0]"
    misconceptions:
      - id: q1.left-right
        hint: Which axis did you reverse?
        answer: "fliplr(A)"
      - id: q1.first-column
        hint: The answer is the whole array.
        answer: "[rows, rows, rows]"
`);
    expect(s.questions[0]?.functions[0]?.exports).toEqual({ ts: 'upsideDown', js: 'upsideDown', py: 'upside_down' });
    const v = generateVariant(s, { student: 'x', salt: s.salt, visibility: 'public' });
    for (const c of v.questions[0]!.cases) {
      const A = c.params['A'] as number[][];
      expect(A.flat().every((x) => Number.isInteger(x) && x >= 0 && x <= 9)).toBe(true);
      expect(c.calls[0]?.expected).toEqual([...A].reverse());
    }
  });

  it('a spec expression past the bounds is a spec error naming where it is', () => {
    expect(() =>
      spec(`
  - id: q1
    title: Too big
    points: 1
    answers:
      function:
        - name: gradKernel
          args: [G, X]
    parameters:
      X: { tensor: [4, 4] }
      G: { tensor: [2, 2] }
    misconceptions:
      - id: q1.huge
        hint: An answer that would need a huge array.
        answer: "gradKernel(G, X) + sum(zeros(30000, 30000))"
`),
    ).toThrow(/^fam\.yaml:21:41: in expression .*: zeros\(…\) would take more than 5e\+7 operations/);
  });

  it('a wrong answer that never has a value cannot be separated, and the message says why', () => {
    expect(() =>
      spec(`
  - id: q1
    title: Never
    points: 1
    answers:
      function:
        - name: gradKernel
          args: [G, X]
    parameters:
      X: { tensor: [4, 4] }
      G: { tensor: [2, 2] }
    misconceptions:
      - id: q1.never
        hint: An answer that never has a value.
        answer: "gradKernel(G, X) + X"
`),
    ).toThrow(/no case among \d+ extra draws separates "q1\.never".*gave no answer.*must have the same shape/);
  });

  it('a question with several functions needs function: on each misconception', () => {
    const { problems } = parseSpec(
      HEADER +
        `
  - id: q1
    title: Two
    points: 1
    answers:
      function:
        - { name: convMultiplications, args: [{ H: H, W: H, C: H, HK: H, WK: H, s: H, p: H, Cout: H }] }
        - { name: fcMultiplications, args: [{ H: H, W: H, C: H, HK: H, WK: H, s: H, p: H, Cout: H }] }
    parameters:
      H: { int: [1, 3] }
    misconceptions:
      - id: q1.which
        hint: Which of the two functions is this a mistake in?
        answer: "1"
`,
      'two.yaml',
      { functions: [...studentApiNames] },
    );
    expect(problems.join('\n')).toMatch(
      /say which one misconception "q1\.which" is a mistake in with "function: <name>"/,
    );
  });
});
