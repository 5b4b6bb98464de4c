/**
 * Judging one question's cases from the student's answer to every call: compare (shape and type
 * first, then tolerance), diagnose failing values against the mutants' answers on the same case
 * (and from the shape alone where it tells), and build CaseResults. Hidden cases never carry
 * inputs, expected or actual values.
 */
import type { AnswerValue, CaseResult, CaseStatus, JsonValue, RawAnswer, Visibility } from '../result.js';
import type { QuestionSpec } from '../spec/index.js';
import { compareValues, valuesMatch, type CaseCall, type Mismatch, type QuestionVariant } from '../variant/index.js';
import { encodeJsonValue } from './json-value.js';
import { describeNonValue } from './raw-messages.js';
import { explainShape } from './shape-hints.js';

export interface JudgedCases {
  readonly cases: CaseResult[];
  readonly passed: number;
  /** Distinct misconception ids matched, first-seen order. */
  readonly misconceptions: string[];
}

interface CallVerdict {
  readonly status: CaseStatus;
  readonly message: string;
  readonly misconception?: string;
}

/**
 * `answers[c][k]` is the student's answer to call k of case c (undefined: not asked, treated as
 * missing). `exportName(fn)` names the function in messages.
 */
export function judgeCases(
  question: QuestionSpec,
  variant: QuestionVariant,
  answers: readonly (readonly (RawAnswer | undefined)[])[],
  options: {
    readonly visibility: Visibility;
    readonly caseScore: number;
    readonly exportName: (fn: string) => string;
    /** How a non-value answer reads (formula answers replace the runner's wording). */
    readonly describe?: typeof describeNonValue;
  },
): JudgedCases {
  const tally = mutantTally(question, variant, answers);
  const hints = new Map(question.misconceptions.map((m) => [m.id, m.hint]));
  const misconceptions: string[] = [];
  let passed = 0;
  const cases = variant.cases.map((c, caseIndex): CaseResult => {
    const verdicts = c.calls.map((call, k) => judgeCall(call, answers[caseIndex]?.[k], question, tally, options.exportName(call.function), options.describe ?? describeNonValue, options.visibility));
    const status = worst(verdicts.map((v) => v.status));
    if (status === 'passed') passed++;
    const named = (v: CallVerdict, k: number): string => (c.calls.length > 1 ? `${options.exportName(c.calls[k]?.function ?? '')}: ${v.message}` : v.message);
    const message = status === 'passed' ? 'correct' : verdicts.flatMap((v, k) => (v.status === 'passed' ? [] : [named(v, k)])).join('; ');
    const misconception = verdicts.find((v) => v.misconception !== undefined)?.misconception;
    for (const v of verdicts) if (v.misconception !== undefined && !misconceptions.includes(v.misconception)) misconceptions.push(v.misconception);
    const hint = misconception === undefined ? undefined : hints.get(misconception);
    const result: CaseResult = {
      id: c.id,
      status,
      score: status === 'passed' ? options.caseScore : 0,
      maxScore: options.caseScore,
      message,
      ...(misconception === undefined ? {} : { misconception }),
      ...(hint === undefined ? {} : { hint }),
    };
    if (options.visibility === 'hidden') return result;
    return { ...result, inputs: encodeJsonValue(c.params), expected: combine(c.calls, (call) => encodeJsonValue(call.expected)), actual: combine(c.calls, (_call, k) => actualJson(answers[caseIndex]?.[k])) };
  });
  return { cases, passed, misconceptions };
}

/** One call's value for single-call questions, a record by function name for several. */
function combine(calls: readonly CaseCall[], pick: (call: CaseCall, k: number) => JsonValue): JsonValue {
  if (calls.length === 1 && calls[0] !== undefined) return pick(calls[0], 0);
  const out: Record<string, JsonValue> = {};
  calls.forEach((call, k) => (out[call.function] = pick(call, k)));
  return out;
}

function actualJson(raw: RawAnswer | undefined): JsonValue {
  return raw?.kind === 'value' ? encodeJsonValue(raw.value) : null;
}

const SEVERITY: Readonly<Record<CaseStatus, number>> = { passed: 0, failed: 1, error: 2, timeout: 3 };

function worst(statuses: readonly CaseStatus[]): CaseStatus {
  return statuses.reduce<CaseStatus>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'passed');
}

function judgeCall(
  call: CaseCall,
  raw: RawAnswer | undefined,
  question: QuestionSpec,
  tally: ReadonlyMap<string, number>,
  fn: string,
  describe: typeof describeNonValue,
  visibility: Visibility,
): CallVerdict {
  if (raw === undefined) return { status: 'error', message: `no answer for ${fn}` };
  if (raw.kind !== 'value') return describe(raw, fn);
  if (valuesMatch(call.expected, raw.value, question.tolerance)) return { status: 'passed', message: 'correct' };
  const found = compareValues(call.expected, raw.value, question.tolerance) ?? { kind: 'value', path: '', message: 'differs from the expected answer' };
  const mismatch = visibility === 'hidden' ? withoutExpectedValues(found) : found;
  const misconception = diagnose(call, raw.value, question, tally);
  if (misconception !== undefined) return { status: 'failed', message: mismatch.message, misconception };
  if (mismatch.kind === 'shape' && mismatch.actualShape && mismatch.expectedShape) {
    const explanation = explainShape(call, mismatch.actualShape, mismatch.expectedShape);
    if (explanation !== undefined) return { status: 'failed', message: `${mismatch.message}: ${explanation}` };
  }
  return { status: 'failed', message: mismatch.message };
}

/**
 * Hidden cases never show expected values (CLI.md): a value mismatch says how many entries
 * differ and where, not what they should be. Shapes, types and keys stay (they are not values).
 */
function withoutExpectedValues(mismatch: Mismatch): Mismatch {
  if (mismatch.kind !== 'value') return mismatch;
  const where = mismatch.path === '' ? '' : ` (first at ${mismatch.path})`;
  const message =
    (mismatch.total ?? 1) > 1 ? `${mismatch.differing ?? 1} of ${mismatch.total ?? 1} entries differ beyond the tolerance${where}` : `the value differs beyond the tolerance${where}`;
  return { ...mismatch, message };
}

/** Mutants of this call whose answer the student's value matches within tolerance. */
function matchingMutants(call: CaseCall, value: AnswerValue, question: QuestionSpec): string[] {
  return call.mutants.filter((m) => m.answer.kind === 'value' && valuesMatch(m.answer.value, value, question.tolerance)).map((m) => m.id);
}

/**
 * Picks among the matching mutants the one the student matches on most failing calls of the
 * question (ties: spec order). A student holding misconception m matches m on every case where
 * m fails, so m wins wherever the generator placed a witness.
 */
function diagnose(call: CaseCall, value: AnswerValue, question: QuestionSpec, tally: ReadonlyMap<string, number>): string | undefined {
  const candidates = matchingMutants(call, value, question);
  let best: string | undefined;
  for (const id of candidates) if (best === undefined || (tally.get(id) ?? 0) > (tally.get(best) ?? 0)) best = id;
  return best;
}

function mutantTally(question: QuestionSpec, variant: QuestionVariant, answers: readonly (readonly (RawAnswer | undefined)[])[]): Map<string, number> {
  const tally = new Map<string, number>();
  variant.cases.forEach((c, caseIndex) =>
    c.calls.forEach((call, k) => {
      const raw = answers[caseIndex]?.[k];
      if (raw?.kind !== 'value' || valuesMatch(call.expected, raw.value, question.tolerance)) return;
      for (const id of matchingMutants(call, raw.value, question)) tally.set(id, (tally.get(id) ?? 0) + 1);
    }),
  );
  return tally;
}
