/**
 * What a spec decides about feedback, per question: fieldCredit (a typo in one field of a
 * formula keeps the others, or not; code too with `always`), optionText (a choice answered with
 * an option's text), float32Credit (the share for an answer right only to float32 precision);
 * and what no spec can change: a generic diagnosis names what it saw but never changes a score,
 * and an unlisted mistake is told "no known mistake matches" with the largest difference.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeSubmission } from '../../../grader/judge/index.js';
import type { AnswerValue, QuestionResult, RawAnswer } from '../../../grader/result.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import { generateVariant, loadExercises, planCalls, type CaseCall } from '../../../grader/variant/index.js';

const SOURCE = readFileSync('exercises/ex9-convolution.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'convgrade-feedback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ex9 with `lines` added to question `id` (YAML at the question's indentation). */
function ex9With(id: string, lines: string): ExerciseSpec {
  const marker = `  - id: ${id}\n`;
  expect(SOURCE).toContain(marker);
  const file = join(dir, `ex9-${id}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, SOURCE.replace(marker, `${marker}${lines.replace(/^/gm, '    ')}\n`));
  return loadExercises([file])[0] as ExerciseSpec;
}
const [ex9] = loadExercises(['exercises/ex9-convolution.yaml']) as [ExerciseSpec];

type Answerer = (call: CaseCall) => RawAnswer;

function grade(
  spec: ExerciseSpec,
  id: string,
  options: { answer?: Answerer; answersText?: string; hidden?: boolean },
): QuestionResult {
  const variant = generateVariant(spec, {
    student: 'opal',
    salt: options.hidden === true ? 'feedback-options/hidden' : spec.salt,
    visibility: options.hidden === true ? 'hidden' : 'public',
  });
  const answer = options.answer;
  const plan = answer === undefined ? undefined : planCalls(spec, variant, 'ts');
  const raw = plan?.slots.map((slot): RawAnswer => {
    const call = variant.questions.find((q) => q.question === slot.question)?.cases[slot.caseIndex]?.calls[
      slot.callIndex
    ];
    if (call === undefined) return { kind: 'missing', message: 'no call' };
    return slot.question === id && answer !== undefined ? answer(call) : { kind: 'missing', message: 'not here' };
  });
  const judged = judgeSubmission({
    spec,
    variant,
    ...(plan === undefined || raw === undefined ? {} : { plan, raw }),
    ...(options.answersText === undefined ? {} : { answersText: options.answersText }),
  });
  const q = judged.questions.find((x) => x.id === id);
  if (q === undefined) throw new Error(id);
  return q;
}

const map = (value: AnswerValue, f: (x: number) => number): AnswerValue =>
  typeof value === 'number' ? f(value) : Array.isArray(value) ? value.map((v) => map(v, f)) : value;
const record = (value: AnswerValue): Record<string, AnswerValue> => value as Record<string, AnswerValue>;

const HF_TYPO = 'q1: { HF: "(H - HK + 2*p)/s + 2", WF: "(W - WK + 2*p)/s + 1", CF: "1" }\n';

describe('fieldCredit', () => {
  it('formulas (the default): a typo in HF keeps WF and CF; code is right or wrong as a whole', () => {
    expect(ex9.questions.find((q) => q.id === 'q1')?.fieldCredit).toBe('formulas');
    const formula = grade(ex9, 'q1', { answersText: HF_TYPO });
    expect(formula).toMatchObject({ status: 'partial', answeredBy: 'formula', score: 1.33 });
    for (const c of formula.cases) expect(c.message).toMatch(/^HF: .*WF and CF are right/);
    const code = grade(ex9, 'q1', {
      answer: (call) => ({
        kind: 'value',
        value: { ...record(call.expected), HF: Number(record(call.expected)['HF']) + 1 },
      }),
    });
    expect(code).toMatchObject({ status: 'failed', answeredBy: 'function', score: 0 });
  });

  it('never: the same typo costs the whole question', () => {
    const q1 = grade(ex9With('q1', 'fieldCredit: never'), 'q1', { answersText: HF_TYPO });
    expect(q1).toMatchObject({ status: 'failed', answeredBy: 'formula', score: 0 });
  });

  it('always: code earns its right fields too', () => {
    const q1 = grade(ex9With('q1', 'fieldCredit: always'), 'q1', {
      answer: (call) => ({
        kind: 'value',
        value: { ...record(call.expected), HF: Number(record(call.expected)['HF']) + 1 },
      }),
    });
    expect(q1).toMatchObject({ status: 'partial', answeredBy: 'function', score: 1.33 });
  });

  it('is checked when the spec loads', () => {
    expect(() => ex9With('q1', 'fieldCredit: sometimes')).toThrow(/fieldCredit/);
  });
});

describe('optionText', () => {
  const B =
    'q4: "  without NON-linearities the CNN is a linear function of its input,   a constrained special case of logistic regression, so its training loss cannot be lower"\n';

  it('on by default: option b written out counts as b, with a note to write the id', () => {
    const q4 = grade(ex9, 'q4', { answersText: B });
    expect(q4).toMatchObject({ status: 'passed', score: 1 });
    expect((q4.notes ?? []).join('\n')).toMatch(/\bb\b/);
  });

  it('off: the text scores nothing, and the message says to write an option id', () => {
    const q4 = grade(ex9With('q4', 'optionText: false'), 'q4', { answersText: B });
    expect(q4.score).toBe(0);
    expect(q4.status).not.toBe('passed');
  });
});

describe('float32Credit', () => {
  const single: Answerer = (call) => ({ kind: 'value', value: map(call.expected, Math.fround) });

  it('full credit with a note by default', () => {
    const q5 = grade(ex9, 'q5', { answer: single });
    expect(q5).toMatchObject({ status: 'passed', score: 2 });
    expect((q5.notes ?? []).join('\n')).toMatch(/float32/);
  });

  it('a share the spec chooses per question, 0 included', () => {
    expect(grade(ex9With('q5', 'float32Credit: 0.5'), 'q5', { answer: single }).score).toBe(1);
    const none = grade(ex9With('q5', 'float32Credit: 0'), 'q5', { answer: single });
    expect(none.score).toBe(0);
    for (const c of none.cases) expect(c.message).toMatch(/float32/);
    // Another question keeps the default.
    expect(grade(ex9With('q5', 'float32Credit: 0'), 'q6', { answer: single }).score).toBe(2);
  });

  it('is checked when the spec loads', () => {
    expect(() => ex9With('q5', 'float32Credit: 2')).toThrow(/float32Credit/);
  });
});

describe('generic diagnoses', () => {
  it('never change a score: a diagnosed wrong answer scores what an undiagnosed one does', () => {
    const doubled = grade(ex9, 'q5', {
      answer: (call) => ({ kind: 'value', value: map(call.expected, (x) => 2 * x) }),
    });
    const noise = grade(ex9, 'q5', {
      answer: (call) => ({ kind: 'value', value: map(call.expected, (x) => x + Math.sin(1000 * x)) }),
    });
    expect(doubled.cases.every((c) => c.diagnosis === 'factor')).toBe(true);
    expect(noise.cases.every((c) => c.diagnosis === undefined)).toBe(true);
    expect(doubled.score).toBe(0);
    expect(noise.score).toBe(0);
    // Formulas with field credit: the diagnosed field (HF one more: an offset) costs what any wrong HF does.
    const offset = grade(ex9, 'q1', { answersText: HF_TYPO });
    const other = grade(ex9, 'q1', { answersText: HF_TYPO.replace('/s + 2', '/s * 7 + 13') });
    expect(offset.cases.some((c) => c.diagnosis === 'offset')).toBe(true);
    expect(offset.score).toBe(other.score);
  });

  it('an unlisted mistake is told so, with the largest difference, not the first', () => {
    const q5 = grade(ex9, 'q5', {
      answer: (call) => {
        const value = map(call.expected, (x) => x) as number[][];
        const row0 = value[0] as number[];
        row0[0] = (row0[0] ?? 0) + 0.01;
        // The first entry off by 0.01, one in the middle (border and interior both wrong) by 40.
        const middle = value[Math.floor(value.length / 2)] as number[];
        middle[Math.floor(middle.length / 2)] = (middle[Math.floor(middle.length / 2)] ?? 0) + 40;
        return { kind: 'value', value };
      },
    });
    expect(q5.score).toBe(0);
    for (const c of q5.cases) {
      expect(c.misconception).toBeUndefined();
      expect(c.message).toMatch(
        /no known mistake matches; the largest difference is at \[\d+\]\[\d+\] \(expected -?[\d.]+, got -?[\d.]+; relative error [\d.e-]+\)/,
      );
      expect(c.message).not.toMatch(/at \[0\]\[0\]/);
    }
  });
});
