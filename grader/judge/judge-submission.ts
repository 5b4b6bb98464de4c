/**
 * One submission's questions, from plain values: the runner's RawAnswers (aligned with the call
 * plan) and the text of answers.yaml. Per question and function, code wins when both a code
 * answer and a formula are real answers; a function still the starter's stub (it raises the
 * starter's TODO or NotImplementedError, or its body is the starter's) is no answer, so the
 * formula is graded instead. Each question's notes say which was graded and why.
 */
import type { Language, QuestionResult, QuestionStatus, RawAnswer, Visibility } from '../result.js';
import { parseAnswers, type AnswerEntry, type ExerciseSpec, type QuestionSpec } from '../spec/index.js';
import { exportNameOf, type CallPlan, type ExerciseVariant, type QuestionVariant } from '../variant/index.js';
import { judgeChoice } from './choice.js';
import { formulaAnswers, isStubText, planFormulas, type FormulaPlan } from './formula.js';
import { judgeCases, type JudgedCases } from './judge-cases.js';
import { describeNonValue } from './raw-messages.js';
import { addFractions, centipoints, fraction, questionScore, roundScore, type Fraction } from './score.js';
import { float32Note } from './notes.js';

export interface JudgeInput {
  readonly spec: ExerciseSpec;
  readonly variant: ExerciseVariant;
  /** The plan the runner executed; absent when the submission has no code module. */
  readonly plan?: CallPlan;
  /** The runner's answers, same length and order as plan.calls. */
  readonly raw?: readonly RawAnswer[];
  /** The text of the submission's answers.yaml, when it has one. */
  readonly answersText?: string;
  /** Functions (student-API names) whose body is still the starter's (grader/grade.ts compares the files). */
  readonly starterStubs?: ReadonlySet<string>;
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
    const judged = judgeQuestion({
      spec,
      question,
      qv,
      raw: byQuestion.get(question.id),
      entry: parsed?.answers[question.id],
      visibility: variant.visibility,
      language: input.plan?.language,
      starterStubs: input.starterStubs ?? new Set(),
    });
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
function isStubError(raw: RawAnswer): boolean {
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

interface QuestionInput {
  readonly spec: ExerciseSpec;
  readonly question: QuestionSpec;
  readonly qv: QuestionVariant;
  readonly raw: (RawAnswer | undefined)[][] | undefined;
  readonly entry: AnswerEntry | undefined;
  readonly visibility: Visibility;
  readonly language: Language | undefined;
  readonly starterStubs: ReadonlySet<string>;
}

/** What the code says about one function of a question. */
type CodeState =
  | { readonly kind: 'absent' }
  /** Still the starter's: raises its TODO (`message`) on every call, or its body is unchanged. */
  | { readonly kind: 'stub'; readonly why: string }
  | { readonly kind: 'real' };

function judgeQuestion(input: QuestionInput): { result: QuestionResult; exact: Fraction } {
  const { spec, question, qv, raw, entry, visibility, language } = input;
  const head = { id: question.id, title: question.title, maxScore: question.points };
  const all = (raw ?? []).flat();
  const codePresent = all.some((r) => r !== undefined && r.kind !== 'missing' && r.kind !== 'load-error');
  const exportName = (fn: string): string => exportNameOf(question, fn, language ?? 'ts');
  const total = question.choice !== undefined && question.functions.length === 0 ? 1 : qv.cases.length;
  const caseScore = total === 0 ? 0 : question.points / total;
  const notes: string[] = [];
  const finish = (
    answeredBy: QuestionResult['answeredBy'],
    judged: Pick<JudgedCases, 'cases' | 'earned' | 'passed' | 'misconceptions'> & Partial<Pick<JudgedCases, 'float32'>>,
  ): { result: QuestionResult; exact: Fraction } => {
    const exact = questionScore(question.points, judged.earned, total, question.partialCredit);
    const statuses = judged.cases.map((c) => c.status);
    const status: QuestionStatus =
      judged.passed === total
        ? 'passed'
        : exact.num > 0
          ? 'partial'
          : statuses.every((s) => s === 'error' || s === 'timeout')
            ? 'error'
            : 'failed';
    if (judged.float32 !== undefined && judged.float32 !== null)
      notes.push(float32Note(question, judged.float32, total));
    return {
      result: {
        ...head,
        score: roundScore(exact),
        status,
        answeredBy,
        misconceptions: judged.misconceptions,
        ...(notes.length === 0 ? {} : { notes }),
        cases: judged.cases,
      },
      exact,
    };
  };
  const fieldCredit = (by: 'function' | 'formula'): boolean =>
    question.fieldCredit === 'always' || (question.fieldCredit === 'formulas' && by === 'formula');
  const codeDialect = language ?? 'ts';

  const choiceText = entry?.kind === 'text' && !isStubText(entry.value.text) ? entry.value.text.trim() : undefined;
  const plan: FormulaPlan | undefined =
    entry !== undefined && question.functions.length > 0 && question.formulas
      ? planFormulas(question, entry)
      : undefined;
  const formulaGiven = plan !== undefined && plan.kind !== 'stub';

  // Per function: absent, the starter's stub, or a real answer.
  const states = new Map<string, CodeState>();
  for (const fn of question.functions) states.set(fn.name, codeState(fn.name, qv, raw, input.starterStubs));
  const stubs = [...states].filter(([, s]) => s.kind === 'stub');
  const realCode = codePresent && [...states.values()].some((s) => s.kind === 'real');
  const hasFormula = (fn: string): boolean =>
    plan?.kind === 'formulas' && plan.byFunction.has(fn) && plan.byFunction.get(fn)?.kind !== 'none';

  if (question.functions.length > 0 && codePresent && (realCode || !formulaGiven)) {
    // Code is graded: where a function is still the starter's and a formula answers it, the formula takes its place.
    const replaced = new Set(stubs.map(([fn]) => fn).filter(hasFormula));
    const formulas = plan?.kind === 'formulas' && replaced.size > 0 ? formulaAnswers(question, qv, plan) : undefined;
    const answers = (raw ?? []).map((row, c) =>
      row.map((answer, k) => {
        const fn = qv.cases[c]?.calls[k]?.function ?? '';
        return formulas !== undefined && replaced.has(fn) ? formulas.answers[c]?.[k] : answer;
      }),
    );
    for (const [fn, state] of stubs) {
      if (state.kind !== 'stub') continue;
      notes.push(
        replaced.has(fn)
          ? `${exportName(fn)} in your code ${state.why}, so its formula in answers.yaml was graded`
          : `${exportName(fn)} in your code ${state.why}: write it${question.formulas ? `, or answer ${question.id} with a formula in answers.yaml` : ''}`,
      );
    }
    const overridden = [...states].filter(([fn, st]) => st.kind === 'real' && hasFormula(fn)).map(([fn]) => fn);
    if (overridden.length > 0 || (plan?.kind === 'invalid' && realCode))
      notes.push(codeWonNote(question, overridden.length > 0 ? overridden : realFunctions(states), exportName));
    const judged = judgeCases(question, qv, answers, {
      visibility,
      caseScore,
      exportName,
      dialect: codeDialect,
      fieldCredit: fieldCredit('function'),
      ...(formulas === undefined ? {} : { fieldErrors: formulas.fieldErrors }),
    });
    return finish('function', judged);
  }
  if (plan !== undefined && plan.kind !== 'stub') {
    const describe = (r: Exclude<RawAnswer, { kind: 'value' }>): { status: 'error'; message: string } => ({
      status: 'error',
      message: r.message,
    });
    for (const [fn, state] of stubs)
      if (state.kind === 'stub')
        notes.push(`${exportName(fn)} in your code ${state.why}, so the formula in answers.yaml was graded`);
    const formulas =
      plan.kind === 'invalid'
        ? {
            answers: qv.cases.map((c) => c.calls.map((): RawAnswer => ({ kind: 'threw', message: plan.message }))),
            fieldErrors: () => undefined,
          }
        : formulaAnswers(question, qv, plan);
    return finish(
      'formula',
      judgeCases(question, qv, formulas.answers, {
        visibility,
        caseScore,
        exportName,
        describe,
        dialect: 'formula',
        fieldCredit: fieldCredit('formula'),
        fieldErrors: formulas.fieldErrors,
      }),
    );
  }
  if (choiceText !== undefined && question.choice !== undefined) {
    const judged = judgeChoice(spec, question, question.choice, choiceText, { visibility, caseScore });
    if (judged.note !== undefined) notes.push(judged.note);
    const c = judged.result;
    return finish('choice', {
      cases: [c],
      passed: c.status === 'passed' ? 1 : 0,
      earned: fraction(c.status === 'passed' ? 1 : 0, 1),
      misconceptions: [],
    });
  }
  const stubEntry = entry === undefined || plan?.kind === 'stub' || (entry.kind === 'text' && choiceText === undefined);
  if (!stubEntry) {
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
      earned: fraction(0, 1),
      misconceptions: [],
    });
  }
  const loadError = all.find((r) => r?.kind === 'load-error');
  if (loadError !== undefined && loadError.kind === 'load-error' && question.functions.length > 0) {
    const { message } = describeNonValue(loadError, exportName(question.functions[0]?.name ?? question.id));
    const cases = qv.cases.map((c) => ({ id: c.id, status: 'error' as const, score: 0, maxScore: caseScore, message }));
    return finish('function', { cases, passed: 0, earned: fraction(0, 1), misconceptions: [] });
  }
  return {
    result: { ...head, score: 0, status: 'missing', answeredBy: 'none', misconceptions: [], cases: [] },
    exact: fraction(0, 1),
  };
}

/** Whether function `fn` of the question was answered in code, left as the starter's stub, or not at all. */
function codeState(
  fn: string,
  qv: QuestionVariant,
  raw: (RawAnswer | undefined)[][] | undefined,
  starterStubs: ReadonlySet<string>,
): CodeState {
  const answers: RawAnswer[] = [];
  qv.cases.forEach((c, ci) =>
    c.calls.forEach((call, k) => {
      const answer = raw?.[ci]?.[k];
      if (call.function === fn && answer !== undefined) answers.push(answer);
    }),
  );
  const present = answers.filter((r) => r.kind !== 'missing' && r.kind !== 'load-error');
  if (present.length === 0) return { kind: 'absent' };
  if (starterStubs.has(fn)) return { kind: 'stub', why: 'is unchanged from the starter' };
  if (present.every(isStubError)) {
    const first = present[0];
    const said = first?.kind === 'threw' ? first.message.split('\n')[0]?.slice(0, 120) : undefined;
    return { kind: 'stub', why: `is still the starter's stub (it raises ${JSON.stringify(said ?? 'TODO')})` };
  }
  return { kind: 'real' };
}

function realFunctions(states: ReadonlyMap<string, CodeState>): string[] {
  return [...states].filter(([, s]) => s.kind === 'real').map(([fn]) => fn);
}

function codeWonNote(question: QuestionSpec, functions: readonly string[], exportName: (fn: string) => string): string {
  const real = functions.map(exportName);
  const list = real.join(', ');
  const them = real.length === 1 ? 'it' : 'them';
  return `Your code (${list}) was graded: answers.yaml answers ${question.id} too, and code wins when both are real answers. To have the formula graded instead, delete ${list} from your solution (or put the starter's stub back in ${them})`;
}
