/**
 * Judging whole submissions from plain values: statuses, misconception and shape diagnosis,
 * formula and choice answers, visibility, exact scores, and the result JSON Schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AnswerValue, RawAnswer, SubmissionResult } from '../../../grader/result.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import {
  addFractions,
  buildSubmissionResult,
  judgeSubmission,
  questionScore,
  roundScore,
  type JudgedSubmission,
} from '../../../grader/judge/index.js';
import {
  generateVariant,
  loadExercises,
  planCalls,
  type CaseCall,
  type ExerciseVariant,
} from '../../../grader/variant/index.js';

const [ex9] = loadExercises(['exercises/ex9-convolution.yaml']) as [ExerciseSpec];
const [extended] = loadExercises(['exercises/ex9-extended.yaml']) as [ExerciseSpec];
const staffAnswers = readFileSync('exercises/solutions/ex9-convolution/answers.yaml', 'utf8');

type Answerer = (call: CaseCall, question: string) => RawAnswer;
const correct: Answerer = (call) => ({ kind: 'value', value: call.expected });
const asMutant =
  (id: string): Answerer =>
  (call) => {
    const m = call.mutants.find((x) => x.id === id);
    if (m === undefined) return { kind: 'value', value: call.expected };
    return m.answer.kind === 'value'
      ? { kind: 'value', value: m.answer.value }
      : { kind: 'threw', message: m.answer.message };
  };

function judge(
  spec: ExerciseSpec,
  answer: Answerer | null,
  options: { student?: string; hidden?: boolean; answersText?: string } = {},
): { judged: JudgedSubmission; variant: ExerciseVariant } {
  const variant = generateVariant(spec, {
    student: options.student ?? 'alice',
    salt: options.hidden ? 'a-hidden-salt-for-tests' : spec.salt,
    visibility: options.hidden ? 'hidden' : 'public',
  });
  if (answer === null)
    return {
      judged: judgeSubmission({
        spec,
        variant,
        ...(options.answersText === undefined ? {} : { answersText: options.answersText }),
      }),
      variant,
    };
  const plan = planCalls(spec, variant, 'ts');
  const raw = plan.slots.map((slot, i) => {
    const call = variant.questions.find((q) => q.question === slot.question)?.cases[slot.caseIndex]?.calls[
      slot.callIndex
    ];
    return call === undefined ? ({ kind: 'missing', message: `no call ${i}` } as const) : answer(call, slot.question);
  });
  return {
    judged: judgeSubmission({
      spec,
      variant,
      plan,
      raw,
      ...(options.answersText === undefined ? {} : { answersText: options.answersText }),
    }),
    variant,
  };
}

const question = (judged: JudgedSubmission, id: string) => judged.questions.find((q) => q.id === id)!;

describe('code answers', () => {
  it('the staff answers (with the staff answers.yaml for q4) score 11 of 11', () => {
    const { judged } = judge(ex9, correct, { answersText: staffAnswers });
    expect(judged.questions.map((q) => `${q.id}:${q.status}:${q.answeredBy}`)).toEqual([
      'q1:passed:function',
      'q2:passed:function',
      'q3:passed:function',
      'q4:passed:choice',
      'q5:passed:function',
      'q6:passed:function',
    ]);
    expect([judged.score, judged.maxScore]).toEqual([11, 11]);
  });

  it('names the misconception and gives its hint', () => {
    const { judged } = judge(ex9, asMutant('q1.missing-plus-one'));
    const q1 = question(judged, 'q1');
    expect(q1.status).toBe('failed');
    expect(q1.misconceptions).toEqual(['q1.missing-plus-one']);
    const failed = q1.cases.find((c) => c.status === 'failed');
    expect(failed?.misconception).toBe('q1.missing-plus-one');
    expect(failed?.hint).toMatch(/Count the positions/);
    // Field by field, the right fields named, the tolerance once.
    expect(failed?.message).toMatch(
      /^HF: expected \d+, got \d+ \(relative error [\d.]+\); (WF: expected \d+, got \d+ \(relative error [\d.]+\); CF is right|WF and CF are right); tolerance \|a − b\| ≤ 1e-9 \+ 1e-9·\|b\|$/,
    );
  });

  it('prefixes messages with the function name when a question has several', () => {
    const { judged } = judge(ex9, asMutant('q2.ratio-inverted'));
    const failed = question(judged, 'q2').cases.find((c) => c.status === 'failed');
    expect(failed?.message).toMatch(/^reductionFactor: expected /);
    expect(failed?.misconception).toBe('q2.ratio-inverted');
  });

  it('diagnoses a wrong shape from the shape alone where no mutant explains it', () => {
    const padded: Answerer = (call, q) => {
      if (q !== 'q6') return correct(call, q);
      const [g, k] = call.args as number[][][];
      const rows = g!.length + k!.length + 1;
      const cols = g![0]!.length + k![0]!.length + 1;
      return { kind: 'value', value: Array.from({ length: rows }, () => new Array<number>(cols).fill(0)) };
    };
    const c = question(judge(ex9, padded).judged, 'q6').cases[0]!;
    expect(c.status).toBe('failed');
    expect(c.message).toMatch(
      /^expected (\d+)×(\d+), got (\d+)×(\d+): padding dL\/dF by H_K instead of H_K−1 gives this shape$/,
    );
  });

  it('turns each non-value RawAnswer into a status with a clear message', () => {
    const kinds: Record<string, RawAnswer> = {
      q1: { kind: 'threw', message: 'ZeroDivisionError: division by zero' },
      q2: { kind: 'timeout', message: 'no answer within 2000 ms' },
      q3: { kind: 'threw', message: "AttributeError: module 'scipy.signal' has no attribute 'gaussian'" },
      q5: { kind: 'rejected', message: 'a function is not plain data' },
      q6: { kind: 'crashed', message: 'killed by SIGKILL (out of memory)' },
    };
    const { judged } = judge(ex9, (call, q) => kinds[q] ?? correct(call, q));
    expect(question(judged, 'q1').cases[0]).toMatchObject({
      status: 'error',
      message: 'featureMapSize raised an error: ZeroDivisionError: division by zero',
    });
    expect(question(judged, 'q2')).toMatchObject({ status: 'error' });
    expect(question(judged, 'q2').cases[0]?.status).toBe('timeout');
    expect(question(judged, 'q3').cases[0]?.message).toMatch(/use scipy\.signal\.windows\.gaussian/);
    expect(question(judged, 'q5').cases[0]?.message).toBe(
      'the answer of gradKernel could not be accepted: a function is not plain data',
    );
    expect(question(judged, 'q6').cases[0]?.message).toMatch(/^the process crashed while running gradInput/);
  });

  it('a module that fails to load makes every code question an error with advice', () => {
    const { judged } = judge(ex9, () => ({
      kind: 'load-error',
      message: "ImportError: cannot import name 'gaussian' from 'scipy.signal'",
    }));
    const q3 = question(judged, 'q3');
    expect(q3.status).toBe('error');
    expect(q3.cases[0]?.message).toBe(
      "the submission could not be loaded: ImportError: cannot import name 'gaussian' from 'scipy.signal' (scipy.signal.gaussian was removed in SciPy 1.13: use scipy.signal.windows.gaussian (same arguments))",
    );
    expect(question(judged, 'q4').status).toBe('missing');
  });

  it('does not repeat advice the runner already gave', () => {
    const message =
      "ImportError: cannot import name 'gaussian' from 'scipy.signal'\nscipy.signal.gaussian was removed in SciPy 1.13: use scipy.signal.windows.gaussian";
    const { judged } = judge(ex9, () => ({ kind: 'load-error', message }));
    expect(question(judged, 'q3').cases[0]?.message).toBe(`the submission could not be loaded: ${message}`);
  });

  it('a question whose export is missing and has no answers.yaml entry is missing', () => {
    const { judged } = judge(ex9, (call, q) => (q === 'q5' ? { kind: 'missing', message: '' } : correct(call, q)));
    expect(question(judged, 'q5')).toMatchObject({ status: 'missing', answeredBy: 'none', score: 0, cases: [] });
  });
});

describe('visibility', () => {
  it('public cases carry inputs, expected and actual; hidden cases never do', () => {
    const pub = question(judge(ex9, correct).judged, 'q5').cases[0]!;
    expect(Object.keys(pub)).toEqual(expect.arrayContaining(['inputs', 'expected', 'actual']));
    const hidden = judge(ex9, asMutant('q5.flipped'), { hidden: true }).judged;
    for (const q of hidden.questions)
      for (const c of q.cases)
        expect(Object.keys(c).filter((k) => ['inputs', 'expected', 'actual'].includes(k))).toEqual([]);
    expect(question(hidden, 'q5').misconceptions).toEqual(['q5.flipped']);
  });

  it('hidden case messages never quote expected values', () => {
    const hidden = judge(ex9, asMutant('q1.no-stride'), { hidden: true, student: 'hank' }).judged;
    const messages = question(hidden, 'q1')
      .cases.filter((c) => c.status === 'failed')
      .map((c) => c.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m).toMatch(/^(HF|WF): the value differs beyond the tolerance \(relative error [\d.]+\)/);
      expect(m).not.toMatch(/expected \d/);
    }
    const pub = judge(ex9, asMutant('q1.no-stride'), { student: 'hank' }).judged;
    expect(question(pub, 'q1').cases.find((c) => c.status === 'failed')?.message).toMatch(/expected \d+, got \d+/);
  });
});

describe('formula and choice answers', () => {
  it('evaluates formulas on the same cases; a wrong one is diagnosed like code', () => {
    const good = judge(ex9, null, {
      answersText: 'q1: { HF: "(H - HK + 2*p)/s + 1", WF: "(W - WK + 2*p)/s + 1", CF: "1" }\n',
    }).judged;
    expect(question(good, 'q1')).toMatchObject({ status: 'passed', answeredBy: 'formula', score: 2 });
    const bad = judge(ex9, null, {
      answersText: 'q1: { HF: "(H - HK + 2*p)/s", WF: "(W - WK + 2*p)/s", CF: "1" }\n',
    }).judged;
    // HF and WF wrong, CF right: a formula answer earns its right field (fieldCredit: formulas).
    expect(question(bad, 'q1')).toMatchObject({
      status: 'partial',
      answeredBy: 'formula',
      misconceptions: ['q1.missing-plus-one'],
      score: 0.67,
    });
  });

  it('a formula that does not parse or check is a format error at its position in answers.yaml', () => {
    const cases: [string, RegExp][] = [
      ['process.exit(1)', /^HF: answers\.yaml:1:\d+: q1\.HF: unexpected "\("; /],
      [
        'H > 1',
        /^HF: answers\.yaml:1:11: q1\.HF: the answer is a number, this formula gives a condition \(true or false\); /,
      ],
      ['require("fs")', /^HF: answers\.yaml:1:12: q1\.HF: unknown function "require"/],
      ['H + Hk', /^HF: answers\.yaml:1:16: q1\.HF: unknown name "Hk" \(known: H, W, C, HK, WK, p, s\); /],
      ['constructor', /unknown name "constructor"/],
      ['H.__proto__', /"\.__proto__" needs a record, got a number/],
      [
        'featureMapSize({H: H, W: W, C: C, HK: HK, WK: WK, s: s, p: p}).HF',
        /q1 asks for featureMapSize: a formula must state the answer, not call featureMapSize/,
      ],
    ];
    for (const [formula, message] of cases) {
      // A format error in HF costs HF only: WF and CF are still judged (CF is right, WF = 1 is not).
      const { judged } = judge(ex9, null, {
        answersText: `q1: { HF: ${JSON.stringify(formula)}, WF: "1", CF: "1" }\n`,
      });
      const q1 = question(judged, 'q1');
      expect(q1.status, formula).toBe('partial');
      expect(q1.score, formula).toBe(0.67);
      expect(q1.answeredBy).toBe('formula');
      for (const c of q1.cases) {
        expect(c.status, formula).toBe('error');
        expect(c.message, formula).toMatch(message);
        expect(c.message, formula).toMatch(/CF is right/);
      }
    }
  });

  it('code wins when both are present', () => {
    const { judged } = judge(ex9, correct, { answersText: 'q1: { HF: "0", WF: "0", CF: "0" }\n' });
    expect(question(judged, 'q1')).toMatchObject({ status: 'passed', answeredBy: 'function' });
  });

  it('compares choices by hash; a wrong option gets its hint; an unknown one is an error', () => {
    expect(question(judge(ex9, null, { answersText: 'q4: b\n' }).judged, 'q4')).toMatchObject({
      status: 'passed',
      score: 1,
    });
    const wrong = question(judge(ex9, null, { answersText: 'q4: c\n' }).judged, 'q4');
    expect(wrong).toMatchObject({ status: 'failed', score: 0 });
    expect(wrong.cases[0]?.hint).toMatch(/More parameters/);
    expect(wrong.cases[0]?.message).toMatch(/^option "c" is not the right answer\. More parameters only help/);
    expect(question(judge(ex9, null, { answersText: 'q4: e\n' }).judged, 'q4').cases[0]?.message).toBe(
      '"e" is not an option of q4 (options: a, b, c, d)',
    );
  });

  it('a syntax error in answers.yaml is reported with its position', () => {
    const { judged } = judge(ex9, null, { answersText: 'q1: { HF: "1"\n' });
    expect(judged.answersProblems[0]).toMatch(/^answers\.yaml:\d+:\d+: YAML syntax error/);
  });
});

describe('whole-answer formulas for tensor questions', () => {
  const sheet = [
    `q3: "convolve2d(impulses(size, points), outer(gaussianWindow(window, std), gaussianWindow(window, std)), 'same')"`,
    `q5: "correlate2d(X, dLdF, 'valid')"`,
    `q6: "correlate2d(pad(dLdF, HK-1, WK-1), rot180(K), 'valid')"`,
  ].join('\n');

  it('the sheet’s own expressions for q3, q5 and q6 score full marks, public and hidden', () => {
    for (const hidden of [false, true]) {
      const { judged } = judge(ex9, null, { answersText: sheet, hidden, student: 'olga' });
      for (const id of ['q3', 'q5', 'q6'])
        expect(question(judged, id)).toMatchObject({ status: 'passed', answeredBy: 'formula' });
    }
  });

  it('the flipped q5 expression is told q5.flipped, the transposed one q5.transposed', () => {
    const flipped = judge(ex9, null, { answersText: `q5: "convolve2d(X, dLdF, 'valid')"` }).judged;
    expect(question(flipped, 'q5')).toMatchObject({ status: 'failed', misconceptions: ['q5.flipped'] });
    const transposed = judge(ex9, null, { answersText: `q5: "transpose(correlate2d(X, dLdF, 'valid'))"` }).judged;
    expect(question(transposed, 'q5').misconceptions).toEqual(['q5.transposed']);
  });

  it('a formula may not call the function its question asks for', () => {
    const q5 = question(judge(ex9, null, { answersText: 'q5: "gradKernel(dLdF, X)"' }).judged, 'q5');
    expect(q5.status).toBe('error');
    expect(q5.cases[0]?.message).toBe(
      'answers.yaml:1:6: q5: q5 asks for gradKernel: a formula must state the answer, not call gradKernel',
    );
  });

  it('several functions: one formula each, by name; a missing one errors on its calls only', () => {
    const { judged } = judge(ex9, null, {
      answersText: 'q2:\n  reductionFactor: "HK * WK / (H * W)"\n',
    });
    const q2 = question(judged, 'q2');
    expect(q2.answeredBy).toBe('formula');
    expect(q2.cases[0]?.message).toMatch(
      /convMultiplications: answers\.yaml has no formula for q2\.convMultiplications/,
    );
    expect(q2.cases[0]?.message).not.toMatch(/reductionFactor/);
    const text = question(judge(ex9, null, { answersText: 'q2: "1"' }).judged, 'q2');
    expect(text.cases[0]?.message).toMatch(
      /q2 has several answers \(convMultiplications, fcMultiplications, reductionFactor\)/,
    );
    const unknown = question(judge(ex9, null, { answersText: 'q1: { HF: "1", height: "2" }' }).judged, 'q1');
    expect(unknown.cases[0]?.message).toMatch(
      /q1 has no answer "height" \(expected one formula, or a map of HF, WF, CF\)/,
    );
  });

  it('a starter stub left in place is no answer: the formula wins over it, and a "TODO" formula is none', () => {
    const stub: Answerer = (call, q) =>
      q === 'q5' ? { kind: 'threw', message: 'NotImplementedError: TODO: Q5 grad_kernel' } : correct(call, q);
    const withFormula = judge(ex9, stub, { answersText: `q5: "correlate2d(X, dLdF, 'valid')"` }).judged;
    expect(question(withFormula, 'q5')).toMatchObject({ status: 'passed', answeredBy: 'formula' });
    const withoutFormula = judge(ex9, stub, { answersText: 'q5: "TODO"' }).judged;
    expect(question(withoutFormula, 'q5')).toMatchObject({ status: 'error', answeredBy: 'function' });
    const todoOnly = judge(ex9, null, { answersText: 'q1: { HF: "TODO", WF: "TODO", CF: "TODO" }\nq4: TODO\n' }).judged;
    expect(question(todoOnly, 'q1').status).toBe('missing');
    expect(question(todoOnly, 'q4').status).toBe('missing');
  });

  it('a formula past the bounds is a graded error, not a crash', () => {
    const { judged } = judge(ex9, null, { answersText: 'q5: "sum(zeros(100000, 100000)) + X"' });
    const q5 = question(judged, 'q5');
    expect(q5.status).toBe('error');
    expect(q5.cases[0]?.message).toMatch(/^answers\.yaml:1:\d+: in expression .*operations/);
  });
});

describe('scores', () => {
  it('are exact per case and rounded once', () => {
    const third = questionScore(1, 1, 3, 'proportional');
    expect(third).toEqual({ num: 1, den: 3 });
    expect(roundScore(addFractions(addFractions(third, third), third))).toBe(1);
    expect(roundScore(third) * 3).not.toBe(1);
    expect(questionScore(2, 4, 5, 'all-or-nothing')).toEqual({ num: 0, den: 1 });
    expect(roundScore(questionScore(2, 2, 5, 'proportional'))).toBe(0.8);
  });

  it('a partly wrong answer earns its share of the points', () => {
    let n = 0;
    const { judged } = judge(ex9, (call, q) =>
      q === 'q5' && n++ % 5 < 2 ? { kind: 'value', value: [[0]] } : correct(call, q),
    );
    expect(question(judged, 'q5')).toMatchObject({ status: 'partial', score: 1.2 });
  });
});

describe('the result JSON Schema', () => {
  const schema = JSON.parse(readFileSync('grader/result.schema.json', 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
  const provenance = {
    submission: { id: 'alice', path: 'subs/alice', language: 'ts' as const, sha256: 'a'.repeat(64) },
    harnessVersion: '0.1.0',
    isolation: 'basic' as const,
    gradedAt: '2024-04-17T10:00:00.000Z',
    durationMs: 12,
  };
  const results: [string, SubmissionResult][] = [];
  const add = (
    name: string,
    spec: ExerciseSpec,
    answer: Answerer | null,
    options: Parameters<typeof judge>[2] = {},
    extra: Partial<typeof provenance> & { error?: string } = {},
  ): void => {
    const { judged, variant } = judge(spec, answer, options);
    results.push([
      name,
      JSON.parse(
        JSON.stringify(buildSubmissionResult(spec, variant, judged, { ...provenance, ...extra })),
      ) as SubmissionResult,
    ]);
  };
  add('staff', ex9, correct, { answersText: staffAnswers });
  add('mutant, hidden', ex9, asMutant('q3.correlate-shift'), { hidden: true });
  add('NaN answers', extended, (call) => ({
    kind: 'value',
    value: JSON.parse(JSON.stringify(call.expected), (_k, v: unknown) =>
      typeof v === 'number' ? Number.NaN : v,
    ) as AnswerValue,
  }));
  add('formulas only', ex9, null, { answersText: staffAnswers });
  add(
    'ungradable',
    ex9,
    () => ({ kind: 'load-error', message: 'SyntaxError' }),
    {},
    { error: 'the submission has no solution file' },
  );

  it.each(results)('validates a real judged result: %s', (_name, result) => {
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a result with an unknown field or a bad status', () => {
    const [, staff] = results[0]!;
    expect(validate({ ...staff, extra: 1 })).toBe(false);
    expect(validate({ ...staff, status: 'done' })).toBe(false);
  });

  it('keeps NaN answers as {"$num": "NaN"} in the stored JSON', () => {
    const [, nan] = results[2]!;
    expect(JSON.stringify(nan.questions[2]?.cases[0]?.actual)).toContain('{"$num":"NaN"}');
    expect(nan.questions[2]?.cases[0]?.message).toMatch(/got NaN/);
  });
});
