/**
 * Judging one question's cases from the student's answer to every call: compare (shape and type
 * first, then tolerance), diagnose failing values against the mutants' answers on the same case
 * (and from the shape alone where it tells), and build CaseResults. Hidden cases never carry
 * inputs, expected or actual values.
 */
import type { CaseResult, CaseStatus, JsonValue, RawAnswer, Visibility } from '../result.js';
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
  const { matches, tally } = matchAnswers(question, variant, answers);
  const hints = new Map(question.misconceptions.map((m) => [m.id, m.hint]));
  const misconceptions: string[] = [];
  let passed = 0;
  const cases = variant.cases.map((c, caseIndex): CaseResult => {
    const verdicts = c.calls.map((call, k) =>
      judgeCall(call, answers[caseIndex]?.[k], matches[caseIndex]?.[k], {
        question,
        tally,
        fn: options.exportName(call.function),
        describe: options.describe ?? describeNonValue,
        visibility: options.visibility,
      }),
    );
    const status = worst(verdicts.map((v) => v.status));
    if (status === 'passed') passed++;
    const named = (v: CallVerdict, k: number): string =>
      c.calls.length > 1 ? `${options.exportName(c.calls[k]?.function ?? '')}: ${v.message}` : v.message;
    const message =
      status === 'passed'
        ? 'correct'
        : verdicts.flatMap((v, k) => (v.status === 'passed' ? [] : [named(v, k)])).join('; ');
    const misconception = verdicts.find((v) => v.misconception !== undefined)?.misconception;
    for (const v of verdicts)
      if (v.misconception !== undefined && !misconceptions.includes(v.misconception))
        misconceptions.push(v.misconception);
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
    return {
      ...result,
      inputs: encodeJsonValue(c.params),
      expected: combine(c.calls, (call) => encodeJsonValue(call.expected)),
      actual: combine(c.calls, (_call, k) => actualJson(answers[caseIndex]?.[k])),
    };
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

/**
 * How a value answer matched: `null` when it matches the expected value, else the ids of the
 * mutants whose answer it matches. Computed once per call, for the tally and the verdict.
 */
type CallMatch = readonly string[] | null;

interface CallContext {
  readonly question: QuestionSpec;
  readonly tally: ReadonlyMap<string, number>;
  /** The export name, for messages. */
  readonly fn: string;
  readonly describe: typeof describeNonValue;
  readonly visibility: Visibility;
}

function judgeCall(
  call: CaseCall,
  raw: RawAnswer | undefined,
  match: CallMatch | undefined,
  context: CallContext,
): CallVerdict {
  if (raw === undefined) return { status: 'error', message: `no answer for ${context.fn}` };
  if (raw.kind !== 'value') return context.describe(raw, context.fn);
  if (match === null) return { status: 'passed', message: 'correct' };
  const found = compareValues(call.expected, raw.value, context.question.tolerance) ?? {
    kind: 'value',
    path: '',
    message: 'differs from the expected answer',
  };
  const mismatch = context.visibility === 'hidden' ? withoutExpectedValues(found) : found;
  const misconception = diagnose(match ?? [], context.tally);
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
    (mismatch.total ?? 1) > 1
      ? `${mismatch.differing ?? 1} of ${mismatch.total ?? 1} entries differ beyond the tolerance${where}`
      : `the value differs beyond the tolerance${where}`;
  return { ...mismatch, message };
}

/**
 * Picks among the matching mutants the one the student matches on most failing calls of the
 * question (ties: spec order). A student holding misconception m matches m on every case where
 * m fails, so m wins wherever the generator placed a witness.
 */
function diagnose(candidates: readonly string[], tally: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const id of candidates) if (best === undefined || (tally.get(id) ?? 0) > (tally.get(best) ?? 0)) best = id;
  return best;
}

/** Every value answer's CallMatch (undefined for non-values), and how many failing calls each mutant matches. */
function matchAnswers(
  question: QuestionSpec,
  variant: QuestionVariant,
  answers: readonly (readonly (RawAnswer | undefined)[])[],
): { matches: (CallMatch | undefined)[][]; tally: Map<string, number> } {
  const tally = new Map<string, number>();
  const matches = variant.cases.map((c, caseIndex) =>
    c.calls.map((call, k): CallMatch | undefined => {
      const raw = answers[caseIndex]?.[k];
      if (raw?.kind !== 'value') return undefined;
      if (valuesMatch(call.expected, raw.value, question.tolerance)) return null;
      const ids = call.mutants
        .filter((m) => m.answer.kind === 'value' && valuesMatch(m.answer.value, raw.value, question.tolerance))
        .map((m) => m.id);
      for (const id of ids) tally.set(id, (tally.get(id) ?? 0) + 1);
      return ids;
    }),
  );
  return { matches, tally };
}
