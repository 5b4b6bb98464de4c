/**
 * Exercise QA, in-process: for many students, the staff answers (the reference's expected
 * values, and the staff answers.yaml for formula and choice questions) must pass every case,
 * and every listed mutant must fail and be diagnosed as itself on every failing case.
 */
import type { RawAnswer } from '../result.js';
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
  /** Mutant runs judged (students × listed misconceptions). */
  readonly mutantRuns: number;
  readonly failures: readonly QaFailure[];
}

export interface QaOptions {
  /** How many students, i.e. variants per question (each student gets one variant of every question). */
  readonly students: number;
  /** Text of the staff answers.yaml (formulas and choices); without it those forms are not checked. */
  readonly staffAnswers?: string;
  /** Student ids are `${prefix}${n}`. */
  readonly prefix?: string;
  /** Stop collecting after this many failures. */
  readonly maxFailures?: number;
}

export function runQa(spec: ExerciseSpec, options: QaOptions): QaReport {
  const failures: QaFailure[] = [];
  const limit = options.maxFailures ?? 50;
  let cases = 0;
  let mutantRuns = 0;
  for (let n = 1; n <= options.students && failures.length < limit; n++) {
    const student = `${options.prefix ?? 'qa-student-'}${n}`;
    // Odd students get public variants (the spec's salt), even ones hidden-sized variants
    // under a QA-only salt, so both case counts and many seeds are covered.
    const visibility = n % 2 === 1 ? 'public' : 'hidden';
    const salt = visibility === 'public' ? spec.salt : `${spec.salt}/qa-hidden`;
    const variant = generateVariant(spec, { student, salt, visibility });
    cases += variant.questions.reduce((sum, q) => sum + q.cases.length, 0);
    failures.push(...checkStaff(spec, { ...variant, visibility: 'hidden' }));
    const found = checkMutants(spec, variant);
    mutantRuns += found.runs;
    failures.push(...found.failures);
  }
  const staffForms = options.staffAnswers;
  if (staffForms !== undefined) {
    for (let n = 1; n <= Math.min(options.students, 20); n++) {
      const student = `${options.prefix ?? 'qa-student-'}${n}`;
      const variant = generateVariant(spec, { student, salt: spec.salt, visibility: 'public' });
      const judged = judgeSubmission({ spec, variant, answersText: staffForms });
      for (const q of judged.questions) {
        const question = spec.questions.find((s) => s.id === q.id);
        const hasForm = question !== undefined && (question.formula.length > 0 || question.choice !== undefined);
        if (hasForm && q.status !== 'passed')
          failures.push({
            student,
            question: q.id,
            misconception: null,
            problem: `staff answers.yaml: ${q.status}: ${q.cases.find((c) => c.status !== 'passed')?.message ?? ''}`,
          });
      }
    }
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
    for (const m of question.misconceptions) {
      runs++;
      const answers = qv.cases.map((c) =>
        c.calls.map((call): RawAnswer => {
          const mutant = call.mutants.find((x) => x.id === m.id);
          if (mutant === undefined) return { kind: 'value', value: call.expected };
          return mutant.answer.kind === 'value'
            ? { kind: 'value', value: mutant.answer.value }
            : { kind: 'threw', message: mutant.answer.message };
        }),
      );
      const judged = judgeCases(question, qv, answers, { visibility: 'hidden', caseScore: 1, exportName: (fn) => fn });
      const fail = (problem: string): void =>
        void failures.push({ student: variant.student, question: question.id, misconception: m.id, problem });
      if (judged.passed === qv.cases.length) fail('the mutant passes every case');
      const wrong = judged.cases.filter((c) => c.status === 'failed' && c.misconception !== m.id);
      if (wrong.length > 0)
        fail(`diagnosed as ${wrong.map((c) => `${c.misconception ?? 'nothing'} on ${c.id}`).join(', ')}`);
      if (!judged.cases.some((c) => c.misconception === m.id)) fail('never diagnosed as itself');
    }
  }
  return { runs, failures };
}
