/**
 * The calls the runner makes for one submission: every call of every case, with the export name
 * of the submission's language. The runner answers them in order (RawAnswer[] of the same
 * length); `slots` maps each answer back to its question, case and call for the judge.
 */
import type { AnswerValue, Language } from '../result.js';
import type { ExerciseSpec, QuestionSpec } from '../spec/index.js';
import type { ExerciseVariant } from './cases.js';

export interface PlannedCall {
  /** The export name in the submission's language, e.g. `grad_kernel` for Python. */
  readonly fn: string;
  readonly args: readonly AnswerValue[];
}

export interface CallSlot {
  readonly question: string;
  /** 0-based index into the question's cases. */
  readonly caseIndex: number;
  /** 0-based index into the case's calls. */
  readonly callIndex: number;
}

export interface CallPlan {
  readonly language: Language;
  readonly calls: readonly PlannedCall[];
  readonly slots: readonly CallSlot[];
}

/** The export name of student-API function `fn` in `language` (the name itself if the question has no such function). */
export function exportNameOf(question: QuestionSpec, fn: string, language: Language): string {
  return question.functions.find((f) => f.name === fn)?.exports[language] ?? fn;
}

export function planCalls(spec: ExerciseSpec, variant: ExerciseVariant, language: Language): CallPlan {
  const calls: PlannedCall[] = [];
  const slots: CallSlot[] = [];
  for (const qv of variant.questions) {
    const question = spec.questions.find((q) => q.id === qv.question);
    if (question === undefined) continue;
    qv.cases.forEach((c, caseIndex) => {
      c.calls.forEach((call, callIndex) => {
        calls.push({ fn: exportNameOf(question, call.function, language), args: call.args });
        slots.push({ question: qv.question, caseIndex, callIndex });
      });
    });
  }
  return { language, calls, slots };
}
