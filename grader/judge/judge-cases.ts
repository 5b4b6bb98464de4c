/**
 * Judging one question's cases from the student's answer to every call: compare (shape and type
 * first, then the tolerance, then float32 precision), diagnose failing values against the
 * mutants' answers on the same case (the whole answer, or field by field for records), and
 * where none matches, with the generic diagnoses (diagnose-values.ts, diagnose-shape.ts). With
 * field credit, each field of a record answer and each call of a case earns its share. Hidden
 * cases never carry inputs, expected or actual values.
 */
import { caseEnv, compileQuestion, evaluateCompiled, type CompiledQuestion } from '../lang/index.js';
import type { AnswerValue, CaseResult, CaseStatus, JsonValue, RawAnswer, Visibility } from '../result.js';
import type { QuestionSpec } from '../spec/index.js';
import {
  compareValues,
  formatShort,
  formatTolerance,
  shapeOf,
  valuesAgree,
  valuesClose,
  type Case,
  type CaseCall,
  type Dialect,
  type Mismatch,
  type QuestionVariant,
} from '../variant/index.js';
import { diagnoseShape } from './diagnose-shape.js';
import { DEFAULT_ADVICE, diagnoseValues, type Diagnosis } from './diagnose-values.js';
import { encodeJsonValue } from './json-value.js';
import { describeNonValue } from './raw-messages.js';
import { addFractions, fraction, isWhole, multiplyFractions, shareOf, type Fraction } from './score.js';

export interface JudgedCases {
  readonly cases: CaseResult[];
  /** Cases fully right. */
  readonly passed: number;
  /** Credit in cases: the fully right ones plus the shares of the partly right ones. */
  readonly earned: Fraction;
  /** Distinct misconception ids matched, first-seen order. */
  readonly misconceptions: string[];
  /** Cases right only to float32 precision, and the largest relative error among them. */
  readonly float32: { readonly cases: number; readonly maxRelError: number } | null;
}

export interface JudgeCasesOptions {
  readonly visibility: Visibility;
  readonly caseScore: number;
  /** The function's name in the student's language, for messages. */
  readonly exportName: (fn: string) => string;
  /** How a non-value answer reads (formula answers replace the runner's wording). */
  readonly describe?: typeof describeNonValue;
  /** Whose words values are described in (default: TypeScript's). */
  readonly dialect?: Dialect;
  /** Credit per field of a record answer and per call of a case (default: a case is right or wrong as a whole). */
  readonly fieldCredit?: boolean;
  /** Fields of a record answer that have no value on case c, call k (a formula with a format error), with why. */
  readonly fieldErrors?: (caseIndex: number, callIndex: number) => ReadonlyMap<string, string> | undefined;
}

/** One call's (or one field's) verdict. */
interface Verdict {
  readonly status: CaseStatus;
  readonly message: string;
  readonly misconception?: string;
  readonly diagnosis?: Diagnosis;
  /** The share of the call earned, in [0, 1]. */
  readonly earned: Fraction;
  /** Set when the answer was accepted (or judged) at float32 precision: its largest relative error. */
  readonly float32?: number;
  /** A lone number differs: the call's message states the tolerance once, at its end. */
  readonly scalar?: boolean;
}

const ZERO = fraction(0, 1);
const ONE = fraction(1, 1);

/**
 * `answers[c][k]` is the student's answer to call k of case c (undefined: not asked, treated as
 * missing). `exportName(fn)` names the function in messages.
 */
export function judgeCases(
  question: QuestionSpec,
  variant: QuestionVariant,
  answers: readonly (readonly (RawAnswer | undefined)[])[],
  options: JudgeCasesOptions,
): JudgedCases {
  const { matches, tally } = matchAnswers(question, variant, answers);
  const hints = new Map(question.misconceptions.map((m) => [m.id, m.hint]));
  const misconceptions: string[] = [];
  let passed = 0;
  let earned = ZERO;
  let float32Cases = 0;
  let float32Max = 0;
  const context: Omit<CallContext, 'fn' | 'case' | 'callIndex' | 'caseIndex'> = {
    question,
    tally,
    describe: options.describe ?? describeNonValue,
    visibility: options.visibility,
    dialect: options.dialect ?? 'ts',
    fieldCredit: options.fieldCredit === true,
    fieldErrors: options.fieldErrors,
    credit: shareOf(question.float32Credit),
  };
  const cases = variant.cases.map((c, caseIndex): CaseResult => {
    const verdicts = c.calls.map((call, k) =>
      judgeCall(call, answers[caseIndex]?.[k], matches[caseIndex]?.[k], {
        ...context,
        fn: options.exportName(call.function),
        case: c,
        caseIndex,
        callIndex: k,
      }),
    );
    const status = worst(verdicts.map((v) => v.status));
    const share = caseShare(verdicts, context.fieldCredit);
    earned = addFractions(earned, share);
    if (status === 'passed') passed++;
    const f32 = verdicts.filter((v) => v.float32 !== undefined).map((v) => v.float32 ?? 0);
    if (f32.length > 0) {
      float32Cases++;
      float32Max = Math.max(float32Max, ...f32);
    }
    const named = (v: Verdict, k: number): string =>
      c.calls.length > 1 ? `${options.exportName(c.calls[k]?.function ?? '')}: ${v.message}` : v.message;
    // Numbers that differ do not state the tolerance each: the case says it once, at the end.
    const tolerance = verdicts.some((v) => v.scalar === true && v.status !== 'passed')
      ? `; tolerance ${formatTolerance(question.tolerance)}`
      : '';
    const message =
      status === 'passed'
        ? (verdicts.find((v) => v.float32 !== undefined)?.message ?? 'correct')
        : `${verdicts.flatMap((v, k) => (v.status === 'passed' ? [] : [named(v, k)])).join('; ')}${tolerance}`;
    const misconception = verdicts.find((v) => v.misconception !== undefined)?.misconception;
    for (const v of verdicts)
      if (v.misconception !== undefined && !misconceptions.includes(v.misconception))
        misconceptions.push(v.misconception);
    const hint = misconception === undefined ? undefined : hints.get(misconception);
    const diagnosis = misconception === undefined ? verdicts.find((v) => v.diagnosis)?.diagnosis : undefined;
    const result: CaseResult = {
      id: c.id,
      status,
      score: (options.caseScore * share.num) / share.den,
      maxScore: options.caseScore,
      message,
      ...(misconception === undefined ? {} : { misconception }),
      ...(hint === undefined ? {} : { hint }),
      ...(diagnosis === undefined ? {} : { diagnosis: diagnosis.kind }),
      ...(f32.length > 0 ? { precision: 'float32' as const } : {}),
    };
    if (options.visibility === 'hidden') return result;
    return {
      ...result,
      inputs: encodeJsonValue(c.params),
      expected: combine(c.calls, (call) => encodeJsonValue(call.expected)),
      actual: combine(c.calls, (_call, k) => actualJson(answers[caseIndex]?.[k])),
    };
  });
  return {
    cases,
    passed,
    earned,
    misconceptions,
    float32: float32Cases === 0 ? null : { cases: float32Cases, maxRelError: float32Max },
  };
}

/** A case's share: every call right, or with field credit the mean of the calls' shares. */
function caseShare(verdicts: readonly Verdict[], fieldCredit: boolean): Fraction {
  if (verdicts.length === 0) return ZERO;
  if (!fieldCredit) return verdicts.reduce((low, v) => (less(v.earned, low) ? v.earned : low), ONE);
  const sum = verdicts.reduce((total, v) => addFractions(total, v.earned), ZERO);
  return multiplyFractions(sum, fraction(1, verdicts.length));
}

function less(a: Fraction, b: Fraction): boolean {
  return a.num * b.den < b.num * a.den;
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
 * How a value answer matched: `null` when it agrees with the expected value (within the
 * tolerance or to float32 precision), else the ids of the mutants whose whole answer it matches
 * and, for record answers, per field the ids whose wrong field it matches.
 */
type CallMatch = { readonly whole: readonly string[]; readonly fields: ReadonlyMap<string, readonly string[]> } | null;

interface CallContext {
  readonly question: QuestionSpec;
  readonly tally: ReadonlyMap<string, number>;
  /** The export name, for messages. */
  readonly fn: string;
  readonly describe: typeof describeNonValue;
  readonly visibility: Visibility;
  readonly dialect: Dialect;
  readonly fieldCredit: boolean;
  readonly fieldErrors: JudgeCasesOptions['fieldErrors'];
  /** float32Credit as a fraction. */
  readonly credit: Fraction;
  readonly case: Case;
  readonly caseIndex: number;
  readonly callIndex: number;
}

function judgeCall(
  call: CaseCall,
  raw: RawAnswer | undefined,
  match: CallMatch | undefined,
  context: CallContext,
): Verdict {
  if (raw === undefined) return { status: 'error', message: `no answer for ${context.fn}`, earned: ZERO };
  if (raw.kind !== 'value') return { ...context.describe(raw, context.fn), earned: ZERO };
  const fieldErrors = context.fieldErrors?.(context.caseIndex, context.callIndex);
  const expected = call.expected;
  const actual = raw.value;
  const keys = recordKeys(expected);
  const verdict =
    keys !== null && (fieldErrors !== undefined || sameKeys(keys, actual))
      ? judgeFields(call, actual as Readonly<Record<string, AnswerValue>>, keys, match, fieldErrors, context)
      : judgePart(expected, actual, [], diagnoseId(match?.whole ?? [], context.tally), context, call);
  return verdict;
}

function recordKeys(value: AnswerValue): readonly string[] | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : null;
}

function sameKeys(keys: readonly string[], actual: AnswerValue): boolean {
  const other = recordKeys(actual);
  return other !== null && other.length === keys.length && keys.every((k) => other.includes(k));
}

/** A record answer field by field: each field's verdict, the call's share (with field credit) and one message. */
function judgeFields(
  call: CaseCall,
  actual: Readonly<Record<string, AnswerValue>>,
  keys: readonly string[],
  match: CallMatch | undefined,
  fieldErrors: ReadonlyMap<string, string> | undefined,
  context: CallContext,
): Verdict {
  const expected = call.expected as Readonly<Record<string, AnswerValue>>;
  const whole = diagnoseId(match?.whole ?? [], context.tally);
  const parts = keys.map((key): Verdict & { key: string } => {
    const problem = fieldErrors?.get(key);
    if (problem !== undefined) return { key, status: 'error', message: problem, earned: ZERO };
    if (!Object.hasOwn(actual, key)) return { key, status: 'error', message: `no value for ${key}`, earned: ZERO };
    const id = whole ?? diagnoseId(match?.fields.get(key) ?? [], context.tally);
    // Positions inside an array field read `.dX[1][2]`; a number field is named by the label alone.
    const at = Array.isArray(expected[key]) ? [key] : [];
    return { key, ...judgePart(expected[key] ?? null, actual[key] ?? null, at, id, context, call) };
  });
  const wrong = parts.filter((p) => p.status !== 'passed');
  const status = worst(parts.map((p) => p.status));
  const shares = parts.map((p) => p.earned);
  const earned = context.fieldCredit
    ? multiplyFractions(
        shares.reduce((a, b) => addFractions(a, b), ZERO),
        fraction(1, parts.length),
      )
    : shares.reduce((low, e) => (less(e, low) ? e : low), ONE);
  const float32 = parts.filter((p) => p.float32 !== undefined).map((p) => p.float32 ?? 0);
  const f32 = float32.length > 0 ? { float32: Math.max(...float32) } : {};
  if (wrong.length === 0)
    return { status, message: parts.find((p) => p.float32 !== undefined)?.message ?? 'correct', earned, ...f32 };
  const right = parts.filter((p) => p.status === 'passed').map((p) => p.key);
  const message = [
    ...wrong.map((p) => `${p.key}: ${p.message}`),
    ...(right.length === 0 ? [] : [`${inWords(right)} ${right.length === 1 ? 'is' : 'are'} right`]),
  ].join('; ');
  const misconception = whole ?? wrong.find((p) => p.misconception !== undefined)?.misconception;
  const diagnosis = wrong.find((p) => p.diagnosis !== undefined)?.diagnosis;
  return {
    status,
    message,
    earned,
    ...(wrong.some((p) => p.scalar === true) ? { scalar: true } : {}),
    ...(misconception === undefined ? {} : { misconception }),
    ...(diagnosis === undefined ? {} : { diagnosis }),
    ...f32,
  };
}

/** One value (a whole answer, or one field at `at`) against its expected value. */
function judgePart(
  expected: AnswerValue,
  actual: AnswerValue,
  at: readonly string[],
  misconception: string | undefined,
  context: CallContext,
  call: CaseCall,
): Verdict {
  const { question, dialect } = context;
  const agreement = valuesAgree(expected, actual, question.tolerance);
  if (agreement === 'exact') return { status: 'passed', message: 'correct', earned: ONE };
  const found = compareValues(expected, actual, question.tolerance, { dialect, at });
  const hidden = context.visibility === 'hidden';
  if (found === null) return { status: 'passed', message: 'correct', earned: ONE };
  const shown = hidden ? found.withheld : found.message;
  const scalar = found.scalar === true ? { scalar: true } : {};
  if (agreement === 'float32') {
    const rel = found.maxRelError ?? 0;
    const text = `right to float32 precision, not to the tolerance (${found.differing ?? 1} of ${found.total ?? 1} ${(found.total ?? 1) === 1 ? 'entry' : 'entries'} beyond ${formatTolerance(question.tolerance)}; largest relative error ${formatShort(rel)})`;
    if (isWhole(context.credit)) return { status: 'passed', message: `correct, ${text}`, earned: ONE, float32: rel };
    const pct = Math.round((100 * context.credit.num) / context.credit.den);
    return {
      status: 'failed',
      message: `${shown}; this question asks for float64 precision, float32 earns ${pct}% of the case`,
      earned: context.credit,
      float32: rel,
      ...scalar,
    };
  }
  if (misconception !== undefined) return { status: 'failed', message: shown, misconception, earned: ZERO, ...scalar };
  if (found.kind === 'shape' && found.actualShape !== undefined && found.expectedShape !== undefined) {
    const d = diagnoseShape(found.actualShape, found.expectedShape, shapeContext(context, call));
    const advice = question.diagnosisHints[d.kind];
    const text = d.known
      ? `${d.text}${advice === undefined ? '' : `; ${advice}`}`
      : `no known mistake gives this shape: ${d.text}${advice === undefined ? '' : `; ${advice}`}`;
    return { status: 'failed', message: `${shown}: ${text}`, diagnosis: d, earned: ZERO };
  }
  if (found.kind !== 'value' && found.kind !== 'nan') return { status: 'failed', message: shown, earned: ZERO };
  const inputs = hidden ? undefined : arrayInputs(context.case);
  const diagnosis =
    found.kind === 'nan'
      ? undefined
      : diagnoseValues(expected, actual, { tol: question.tolerance, dialect, ...(inputs ? { inputs } : {}) });
  if (diagnosis !== undefined) {
    const advice = question.diagnosisHints[diagnosis.kind] ?? DEFAULT_ADVICE[diagnosis.kind];
    return { status: 'failed', message: `${shown}; ${diagnosis.text}: ${advice}`, diagnosis, earned: ZERO, ...scalar };
  }
  return { status: 'failed', message: noKnownMistake(found, hidden), earned: ZERO, ...scalar };
}

/** "HF", "HF and WF", "HF, WF and CF". */
function inWords(keys: readonly string[]): string {
  return keys.length <= 1 ? keys.join('') : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1] ?? ''}`;
}

/** "…; no known mistake matches; the largest difference is at [i][j] (expected …, got …)". */
function noKnownMistake(found: Mismatch, hidden: boolean): string {
  if (found.parts === undefined) return `${hidden ? found.withheld : found.message}; no known mistake matches`;
  const { count, largest, largestWithheld, tail } = found.parts;
  return `${count}; no known mistake matches; the largest difference is ${hidden ? largestWithheld : largest}${tail}`;
}

/** The case's array parameters by name (public cases): answers equal to one are diagnosed as such. */
function arrayInputs(c: Case): { name: string; value: AnswerValue }[] {
  return Object.entries(c.params)
    .filter(([, value]) => Array.isArray(value))
    .map(([name, value]) => ({ name, value }));
}

const compiledShapes = new WeakMap<Case, readonly { shape: readonly number[]; hint: string; function: string }[]>();

/** The spec's shape hints evaluated on the case (once per case), and the shapes of its array inputs. */
function shapeContext(context: CallContext, call: CaseCall): Parameters<typeof diagnoseShape>[2] {
  const c = context.case;
  let hints = compiledShapes.get(c);
  if (hints === undefined) {
    const compiled: CompiledQuestion = compileQuestion(context.question);
    const env = compiled.shapeHints.length > 0 ? caseEnv(c.params, compiled) : undefined;
    hints = compiled.shapeHints.flatMap((h) => {
      if (env === undefined) return [];
      const value = evaluateCompiled(h.shape, env);
      if (!value.ok || !Array.isArray(value.value)) return [];
      const dims = (value.value as readonly AnswerValue[]).filter((d): d is number => typeof d === 'number');
      return [{ shape: dims, hint: h.hint, function: h.function }];
    });
    compiledShapes.set(c, hints);
  }
  const inputs = Object.entries(c.params).flatMap(([name, value]) => {
    if (!Array.isArray(value)) return [];
    const shape = shapeOf(value);
    return typeof shape === 'string' ? [] : [{ name, shape }];
  });
  return {
    hints: hints.filter((h) => h.function === call.function),
    inputs,
    dialect: context.dialect,
  };
}

/**
 * Picks among the matching mutants the one the student matches on most failing calls of the
 * question (ties: spec order). A student holding misconception m matches m on every case where
 * m fails, so m wins wherever the generator placed a witness.
 */
function diagnoseId(candidates: readonly string[], tally: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const id of candidates) if (best === undefined || (tally.get(id) ?? 0) > (tally.get(best) ?? 0)) best = id;
  return best;
}

/** Every value answer's CallMatch (undefined for non-values), and how many failing calls (or fields) each mutant matches. */
function matchAnswers(
  question: QuestionSpec,
  variant: QuestionVariant,
  answers: readonly (readonly (RawAnswer | undefined)[])[],
): { matches: (CallMatch | undefined)[][]; tally: Map<string, number> } {
  const tol = question.tolerance;
  const tally = new Map<string, number>();
  const count = (ids: readonly string[]): void => {
    for (const id of new Set(ids)) tally.set(id, (tally.get(id) ?? 0) + 1);
  };
  const matches = variant.cases.map((c, caseIndex) =>
    c.calls.map((call, k): CallMatch | undefined => {
      const raw = answers[caseIndex]?.[k];
      if (raw?.kind !== 'value') return undefined;
      if (valuesClose(call.expected, raw.value, tol)) return null;
      const values = call.mutants.flatMap((m) =>
        m.answer.kind === 'value' ? [{ id: m.id, value: m.answer.value }] : [],
      );
      const whole = values.filter((m) => valuesClose(m.value, raw.value, tol)).map((m) => m.id);
      count(whole);
      const fields = new Map<string, string[]>();
      const keys = recordKeys(call.expected);
      const actual = raw.value;
      if (whole.length === 0 && keys !== null && recordKeys(actual) !== null) {
        const e = call.expected as Readonly<Record<string, AnswerValue>>;
        const a = actual as Readonly<Record<string, AnswerValue>>;
        for (const key of keys) {
          if (!Object.hasOwn(a, key) || valuesClose(e[key] ?? null, a[key] ?? null, tol)) continue;
          const ids = values
            .filter((m) => {
              const r = m.value;
              if (typeof r !== 'object' || r === null || Array.isArray(r) || !Object.hasOwn(r, key)) return false;
              const field = (r as Readonly<Record<string, AnswerValue>>)[key] ?? null;
              return !valuesClose(e[key] ?? null, field, tol) && valuesClose(field, a[key] ?? null, tol);
            })
            .map((m) => m.id);
          if (ids.length > 0) {
            fields.set(key, ids);
            count(ids);
          }
        }
      }
      return { whole, fields };
    }),
  );
  return { matches, tally };
}
