/**
 * One submission's questions, from plain values: the runner's RawAnswers (aligned with the call
 * plan) and the text of answers.yaml. Per question, code wins when both a code answer and a
 * formula/choice answer are present; a question with neither is `missing`.
 */
import type { Language, QuestionResult, QuestionStatus, RawAnswer, Visibility } from '../result.js';
import { parseAnswers, type AnswerEntry, type ExerciseSpec, type QuestionSpec } from '../spec/index.js';
import { exportNameOf, type CallPlan, type ExerciseVariant, type QuestionVariant } from '../variant/index.js';
import { judgeChoice } from './choice.js';
import { formulaAnswers, isStubText, planFormulas } from './formula.js';
import { judgeCases } from './judge-cases.js';
import { describeNonValue } from './raw-messages.js';
import { addFractions, centipoints, fraction, questionScore, roundScore, type Fraction } from './score.js';

export interface JudgeInput {
  readonly spec: ExerciseSpec;
  readonly variant: ExerciseVariant;
  /** The plan the runner executed; absent when the submission has no code module. */
  readonly plan?: CallPlan;
  /** The runner's answers, same length and order as plan.calls. */
  readonly raw?: readonly RawAnswer[];
  /** The text of the submission's answers.yaml, when it has one. */
  readonly answersText?: string;
}

export interface JudgedSubmission {
  readonly questions: QuestionResult[];
  /** Rounded once from the exact total. */
  readonly score: number;
  readonly maxScore: number;
  readonly exactScore: Fraction;
  /** Problems with answers.yaml itself (syntax), `answers.yaml:line:col: message`. */
  readonly answersProblems: readonly string[];
}

export function judgeSubmission(input: JudgeInput): JudgedSubmission {
  const { spec, variant } = input;
  const parsed = input.answersText === undefined ? undefined : parseAnswers(input.answersText);
  const byQuestion = rawByQuestion(input);
  let exact = fraction(0, 1);
  let max = fraction(0, 1);
  const questions = spec.questions.map((question) => {
    const qv = variant.questions.find((v) => v.question === question.id) ?? { question: question.id, cases: [] };
    const entry = parsed?.answers[question.id];
    const judged = judgeQuestion(
      spec,
      question,
      qv,
      byQuestion.get(question.id),
      entry,
      variant.visibility,
      input.plan?.language,
    );
    exact = addFractions(exact, judged.exact);
    max = addFractions(max, fraction(centipoints(question.points), 100));
    return judged.result;
  });
  return {
    questions,
    score: roundScore(exact),
    maxScore: roundScore(max),
    exactScore: exact,
    answersProblems: parsed?.problems ?? [],
  };
}

/** The error a starter's stub raises ("TODO: …", NotImplementedError). */
function isStub(raw: RawAnswer): boolean {
  return raw.kind === 'threw' && /\bTODO\b|NotImplementedError/.test(raw.message);
}

function rawByQuestion(input: JudgeInput): Map<string, (RawAnswer | undefined)[][]> {
  const out = new Map<string, (RawAnswer | undefined)[][]>();
  const plan = input.plan;
  if (plan === undefined || input.raw === undefined) return out;
  plan.slots.forEach((slot, i) => {
    const table = out.get(slot.question) ?? [];
    const row = table[slot.caseIndex] ?? [];
    row[slot.callIndex] = input.raw?.[i] ?? { kind: 'crashed', message: 'the runner returned no answer for this call' };
    table[slot.caseIndex] = row;
    out.set(slot.question, table);
  });
  return out;
}

function judgeQuestion(
  spec: ExerciseSpec,
  question: QuestionSpec,
  qv: QuestionVariant,
  raw: (RawAnswer | undefined)[][] | undefined,
  entry: AnswerEntry | undefined,
  visibility: Visibility,
  language: Language | undefined,
): { result: QuestionResult; exact: Fraction } {
  const head = { id: question.id, title: question.title, maxScore: question.points };
  const all = (raw ?? []).flat();
  const codePresent = all.some((r) => r !== undefined && r.kind !== 'missing' && r.kind !== 'load-error');
  const exportName = (fn: string): string => exportNameOf(question, fn, language ?? 'ts');
  const total = question.choice !== undefined && question.functions.length === 0 ? 1 : qv.cases.length;
  const caseScore = total === 0 ? 0 : question.points / total;
  const finish = (
    answeredBy: QuestionResult['answeredBy'],
    judged: { cases: QuestionResult['cases']; passed: number; misconceptions: string[] },
  ): { result: QuestionResult; exact: Fraction } => {
    const exact = questionScore(question.points, judged.passed, total, question.partialCredit);
    const statuses = judged.cases.map((c) => c.status);
    const status: QuestionStatus =
      judged.passed === total
        ? 'passed'
        : exact.num > 0
          ? 'partial'
          : statuses.every((s) => s === 'error' || s === 'timeout')
            ? 'error'
            : 'failed';
    return {
      result: {
        ...head,
        score: roundScore(exact),
        status,
        answeredBy,
        misconceptions: judged.misconceptions,
        cases: judged.cases,
      },
      exact,
    };
  };

  const choiceText = entry?.kind === 'text' && !isStubText(entry.value.text) ? entry.value.text.trim() : undefined;
  const plan =
    entry !== undefined && question.functions.length > 0 && question.formulas
      ? planFormulas(question, entry)
      : undefined;
  const formulaGiven = plan !== undefined && plan.kind !== 'stub';
  // A starter's stub left in place is no answer: a real formula then wins over it.
  const codeIsStub = codePresent && all.every((r) => r === undefined || r.kind === 'missing' || isStub(r));
  if (codePresent && question.functions.length > 0 && !(codeIsStub && formulaGiven)) {
    return finish('function', judgeCases(question, qv, raw ?? [], { visibility, caseScore, exportName }));
  }
  if (plan !== undefined && plan.kind !== 'stub') {
    const describe = (raw: Exclude<RawAnswer, { kind: 'value' }>): { status: 'error'; message: string } => ({
      status: 'error',
      message: raw.message,
    });
    const answers =
      plan.kind === 'invalid'
        ? qv.cases.map((c) => c.calls.map((): RawAnswer => ({ kind: 'threw', message: plan.message })))
        : formulaAnswers(question, qv, plan);
    return finish('formula', judgeCases(question, qv, answers, { visibility, caseScore, exportName, describe }));
  }
  if (choiceText !== undefined && question.choice !== undefined) {
    const c = judgeChoice(spec, question, question.choice, choiceText, { visibility, caseScore });
    return finish('choice', { cases: [c], passed: c.status === 'passed' ? 1 : 0, misconceptions: [] });
  }
  const stubEntry = entry === undefined || plan?.kind === 'stub' || (entry.kind === 'text' && choiceText === undefined);
  if (!stubEntry && !(codePresent && question.functions.length > 0)) {
    const expected =
      question.choice !== undefined
        ? 'an option id'
        : question.functions.length > 0
          ? 'nothing: this question takes no formulas (answer it in code)'
          : 'nothing';
    const message = `answers.yaml: ${question.id} must be ${expected}`;
    return finish('none', {
      cases: [{ id: `${question.id}#1`, status: 'error', score: 0, maxScore: question.points, message }],
      passed: 0,
      misconceptions: [],
    });
  }
  if (codePresent && question.functions.length > 0)
    return finish('function', judgeCases(question, qv, raw ?? [], { visibility, caseScore, exportName }));
  const loadError = all.find((r) => r?.kind === 'load-error');
  if (loadError !== undefined && loadError.kind === 'load-error' && question.functions.length > 0) {
    const { message } = describeNonValue(loadError, exportName(question.functions[0]?.name ?? question.id));
    const cases = qv.cases.map((c) => ({ id: c.id, status: 'error' as const, score: 0, maxScore: caseScore, message }));
    return finish('function', { cases, passed: 0, misconceptions: [] });
  }
  return {
    result: { ...head, score: 0, status: 'missing', answeredBy: 'none', misconceptions: [], cases: [] },
    exact: fraction(0, 1),
  };
}
