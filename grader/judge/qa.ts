/**
 * Exercise QA, in-process: for many students, the reference's expected values must pass every
 * case through the judge, and every wrong answer of every listed misconception's family must
 * fail and be diagnosed as that misconception on every failing case. (The staff solutions
 * themselves are graded in the sandbox by `validate --qa`; staffShortfalls judges their results.)
 */
import type { RawAnswer, SubmissionResult } from '../result.js';
import type { ExerciseSpec } from '../spec/index.js';
import { generateVariant, planCalls, type ExerciseVariant } from '../variant/index.js';
import { judgeCases } from './judge-cases.js';
import { judgeSubmission } from './judge-submission.js';

export interface QaFailure {
  readonly student: string;
  readonly question: string;
  /** The misconception under test, or null for the staff solution. */
  readonly misconception: string | null;
  readonly problem: string;
}

export interface QaReport {
  readonly exercise: string;
  readonly students: number;
  readonly cases: number;
  /** Wrong answers judged (students × every member of every listed misconception's family). */
  readonly mutantRuns: number;
  readonly failures: readonly QaFailure[];
}

export interface QaOptions {
  /** How many students, i.e. variants per question (each student gets one variant of every question). */
  readonly students: number;
  /** The variants of qaStudents(spec, students), when the caller has drawn them already. */
  readonly variants?: readonly ExerciseVariant[];
  /** Student ids are `${prefix}${n}`. */
  readonly prefix?: string;
  /** Stop collecting after this many failures. */
  readonly maxFailures?: number;
}

/**
 * The students of a QA run: `${prefix}${n}` for n = 1…count; odd ones get public variants (the
 * spec's salt), even ones hidden-sized variants under a QA-only salt, so both case counts and
 * many seeds are covered.
 */
export function qaStudents(
  spec: ExerciseSpec,
  count: number,
  prefix = 'qa-student-',
): { student: string; salt: string; visibility: 'public' | 'hidden' }[] {
  return Array.from({ length: count }, (_v, i) => {
    const n = i + 1;
    const visibility = n % 2 === 1 ? 'public' : 'hidden';
    return {
      student: `${prefix}${n}`,
      salt: visibility === 'public' ? spec.salt : `${spec.salt}/qa-hidden`,
      visibility,
    };
  });
}

/**
 * What keeps a staff solution's result from full marks: every question when `every`, else
 * only the questions it answers (a staff answers.yaml need not answer the code questions).
 */
export function staffShortfalls(result: SubmissionResult, every: boolean): string[] {
  if (result.status !== 'graded') return [`not graded: ${result.error ?? result.status}`];
  return result.questions
    .filter((q) => q.status !== 'passed' && (every || q.answeredBy !== 'none'))
    .map(
      (q) =>
        `${q.id} ${q.status} (${q.score}/${q.maxScore}): ${q.cases.find((c) => c.status !== 'passed')?.message ?? 'no answer'}`,
    );
}

export function runQa(spec: ExerciseSpec, options: QaOptions): QaReport {
  const steps = qaSteps(spec, options);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

/**
 * runQa, giving the event loop a turn after each student: `validate --qa` runs it beside the
 * sandboxed staff solutions, whose replies are then read while the misconceptions are checked.
 */
export async function runQaAsync(spec: ExerciseSpec, options: QaOptions): Promise<QaReport> {
  const steps = qaSteps(spec, options);
  let step = steps.next();
  while (step.done !== true) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

/** The QA of runQa, one student per step. */
function* qaSteps(spec: ExerciseSpec, options: QaOptions): Generator<void, QaReport, void> {
  const failures: QaFailure[] = [];
  const limit = options.maxFailures ?? 50;
  let cases = 0;
  let mutantRuns = 0;
  const requests = qaStudents(spec, options.students, options.prefix);
  for (const [i, request] of requests.entries()) {
    if (failures.length >= limit) break;
    const variant = options.variants?.[i] ?? generateVariant(spec, request);
    cases += variant.questions.reduce((sum, q) => sum + q.cases.length, 0);
    failures.push(...checkStaff(spec, { ...variant, visibility: 'hidden' }));
    const found = checkMutants(spec, variant);
    mutantRuns += found.runs;
    failures.push(...found.failures);
    yield;
  }
  return { exercise: spec.id, students: options.students, cases, mutantRuns, failures: failures.slice(0, limit) };
}

function checkStaff(spec: ExerciseSpec, variant: ExerciseVariant): QaFailure[] {
  const plan = planCalls(spec, variant, 'ts');
  const raw: RawAnswer[] = [];
  for (const slot of plan.slots) {
    const call = variant.questions.find((q) => q.question === slot.question)?.cases[slot.caseIndex]?.calls[
      slot.callIndex
    ];
    raw.push(
      call === undefined ? { kind: 'missing', message: 'no such call' } : { kind: 'value', value: call.expected },
    );
  }
  const judged = judgeSubmission({ spec, variant, plan, raw });
  return judged.questions
    .filter((q) => q.answeredBy === 'function' && q.status !== 'passed')
    .map((q) => ({
      student: variant.student,
      question: q.id,
      misconception: null,
      problem: `staff solution ${q.status}: ${q.cases.find((c) => c.status !== 'passed')?.message ?? ''}`,
    }));
}

function checkMutants(spec: ExerciseSpec, variant: ExerciseVariant): { runs: number; failures: QaFailure[] } {
  const failures: QaFailure[] = [];
  let runs = 0;
  for (const question of spec.questions) {
    const qv = variant.questions.find((q) => q.question === question.id);
    if (qv === undefined) continue;
    for (const [m, member, size] of question.misconceptions.flatMap((m) =>
      m.answers.map((_a, index) => [m, index, m.answers.length] as const),
    )) {
      runs++;
      const answers = qv.cases.map((c) =>
        c.calls.map((call): RawAnswer => {
          const mutant = call.mutants.find((x) => x.id === m.id && x.member === member);
          if (mutant === undefined) return { kind: 'value', value: call.expected };
          return mutant.answer.kind === 'value'
            ? { kind: 'value', value: mutant.answer.value }
            : { kind: 'threw', message: mutant.answer.message };
        }),
      );
      const judged = judgeCases(question, qv, answers, { visibility: 'hidden', caseScore: 1, exportName: (fn) => fn });
      const which = size > 1 ? ` (wrong answer ${member + 1} of ${size})` : '';
      const fail = (problem: string): void =>
        void failures.push({
          student: variant.student,
          question: question.id,
          misconception: m.id,
          problem: `${problem}${which}`,
        });
      if (judged.passed === qv.cases.length) fail('the mutant passes every case');
      const wrong = judged.cases.filter((c) => c.status === 'failed' && c.misconception !== m.id);
      if (wrong.length > 0)
        fail(`diagnosed as ${wrong.map((c) => `${c.misconception ?? 'nothing'} on ${c.id}`).join(', ')}`);
      if (!judged.cases.some((c) => c.misconception === m.id)) fail('never diagnosed as itself');
    }
  }
  return { runs, failures };
}
