/**
 * The messages between grade.ts's Offload (the grader's thread) and offload-worker.ts (the
 * thread that draws variants and judges). Everything crosses by structured clone.
 */
import type { JudgedSubmission } from './judge/index.js';
import type { AnswerValue, Language, RawAnswer, Visibility } from './result.js';
import type { ExerciseVariant, PlannedCall } from './variant/index.js';

export interface PlanRequest {
  readonly type: 'plan';
  readonly id: number;
  readonly student: string;
  readonly salt: string;
  readonly visibility: Visibility;
  /** null: answers.yaml only, no calls to plan. */
  readonly language: Language | null;
}

export interface JudgeRequest {
  readonly type: 'judge';
  readonly id: number;
  /** The runner's answers to the planned calls (none for answers.yaml only). */
  readonly raw: readonly RawAnswer[];
  readonly starterStubs: ReadonlySet<string>;
  readonly answersText?: string;
}

/** Drops what a plan kept, when the submission is not judged after all (a harness error). */
export interface ForgetRequest {
  readonly type: 'forget';
  readonly id: number;
}

export type OffloadRequest = PlanRequest | JudgeRequest | ForgetRequest;

export interface Planned {
  readonly calls: readonly PlannedCall[];
  /** The variant without its cases: what buildSubmissionResult reads of it (its provenance). */
  readonly head: ExerciseVariant;
}

export type OffloadReply =
  | { readonly id: number; readonly ok: true; readonly planned: Planned }
  | { readonly id: number; readonly ok: true; readonly judged: JudgedSubmission }
  | { readonly id: number; readonly ok: false; readonly error: OffloadError };

/** A failure in the worker; `problems` when it was a SpecError (the spec cannot be drawn from: exit 2). */
export interface OffloadError {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly string[];
}

/**
 * Structured clone gives every object Object.prototype; the runner's records have none (an own
 * `__proto__` or `constructor` key is a student's data, never an inherited member). Restores that
 * on a cloned answer value, in place of the clone.
 */
export function restoreRecords(value: AnswerValue): AnswerValue {
  if (Array.isArray(value)) {
    const items = value as AnswerValue[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as AnswerValue;
      if (typeof item === 'object' && item !== null) items[i] = restoreRecords(item);
    }
    return items;
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = Object.create(null) as Record<string, AnswerValue>;
  for (const key of Object.keys(value)) record[key] = restoreRecords((value as Record<string, AnswerValue>)[key]!);
  return record;
}
