/**
 * Formula answers from answers.yaml: what an entry means for its question, and its values on
 * the question's cases. Every function question accepts formulas (unless its spec says
 * `formulas: false`), keyed by the question id:
 *
 *   q5: "correlate2d(X, dLdF, 'valid')"               the whole answer of the question's function
 *   q1: { HF: "(H - HK + 2*p)/s + 1", WF: …, CF: "1" }  the fields of a record answer
 *   q2: { convMultiplications: "…", … }               one formula per function, when there are several
 *
 * Formulas are parsed and type-checked by grader/lang before anything is evaluated (a failure is
 * a format error at `answers.yaml:line:col`), then evaluated with bounds on the same cases as
 * code answers. A formula left as the starter's "TODO" is no answer at all.
 */
import {
  compileFormula,
  compileQuestion,
  caseEnv,
  evaluateCompiled,
  type CompiledExpr,
  type Kind,
} from '../lang/index.js';
import type { AnswerValue, RawAnswer } from '../result.js';
import type { AnswerEntry, AnswerText, QuestionSpec } from '../spec/index.js';
import type { QuestionVariant } from '../variant/index.js';

/** How one function of the question is answered by formula. */
type FunctionFormula =
  | { readonly kind: 'whole'; readonly expr: CompiledExpr }
  /** A record answer field by field; a field whose formula is missing or does not check carries its problem instead. */
  | {
      readonly kind: 'fields';
      readonly fields: readonly ({ readonly key: string } & (
        { readonly expr: CompiledExpr } | { readonly problem: string }
      ))[];
    }
  | { readonly kind: 'none'; readonly message: string };

export type FormulaPlan =
  /** The entry cannot be read as formulas for this question: every case is an error with this message. */
  | { readonly kind: 'invalid'; readonly message: string }
  /** Only starter stubs ("TODO"): not an answer. */
  | { readonly kind: 'stub' }
  | { readonly kind: 'formulas'; readonly byFunction: ReadonlyMap<string, FunctionFormula> };

/** A starter's placeholder, which does not count as an answer. */
export function isStubText(text: string): boolean {
  return /^\s*TODO\b/i.test(text);
}

/** Reads `entry` as formulas for the functions of `question`. */
export function planFormulas(question: QuestionSpec, entry: AnswerEntry): FormulaPlan {
  const compiled = compileQuestion(question);
  const functions = compiled.functions;
  const names = functions.map((f) => f.answer.name);
  const texts = entry.kind === 'text' ? [entry.value] : Object.values(entry.fields);
  if (texts.every((t) => isStubText(t.text))) return { kind: 'stub' };
  const only = functions.length === 1 ? functions[0] : undefined;
  const byFunction = new Map<string, FunctionFormula>();
  const whole = (name: string, text: AnswerText | undefined, kind: Kind, label: string): FunctionFormula => {
    if (text === undefined || isStubText(text.text))
      return { kind: 'none', message: `answers.yaml has no formula for ${label}` };
    const expr = compileFormula(question, label, text, kind);
    return typeof expr === 'string' ? { kind: 'none', message: expr } : { kind: 'whole', expr };
  };
  if (entry.kind === 'text') {
    if (only === undefined)
      return {
        kind: 'invalid',
        message: `answers.yaml: ${question.id} has several answers (${names.join(', ')}): give a map with a formula for each`,
      };
    byFunction.set(only.answer.name, whole(only.answer.name, entry.value, only.result, question.id));
    return withProblems(byFunction);
  }
  const keys = Object.keys(entry.fields);
  const recordFields = only?.result.kind === 'record' ? only.result.fields : null;
  if (only !== undefined && recordFields !== null && keys.every((k) => recordFields.some((f) => f.name === k))) {
    // Each field stands alone: a typo in one field's formula costs that field only.
    const fields = recordFields.map((field) => {
      const one = whole(only.answer.name, entry.fields[field.name], field.type, `${question.id}.${field.name}`);
      return one.kind === 'whole'
        ? { key: field.name, expr: one.expr }
        : { key: field.name, problem: one.kind === 'none' ? one.message : '' };
    });
    if (fields.every((f) => 'problem' in f)) {
      const first = fields.find((f) => 'problem' in f && /^answers\.yaml:\d+/.test(f.problem));
      if (first !== undefined && 'problem' in first) return { kind: 'invalid', message: first.problem };
    }
    byFunction.set(only.answer.name, { kind: 'fields', fields });
    return { kind: 'formulas', byFunction };
  }
  const expected = only !== undefined && recordFields !== null ? recordFields.map((f) => f.name) : names;
  const unknown = keys.filter((k) => !names.includes(k) && !expected.includes(k));
  if (unknown.length > 0) {
    return {
      kind: 'invalid',
      message: `answers.yaml: ${question.id} has no answer ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${only !== undefined ? `one formula, or a map of ${expected.join(', ')}` : `a map of ${expected.join(', ')}`})`,
    };
  }
  for (const fn of functions) {
    const name = fn.answer.name;
    byFunction.set(name, whole(name, entry.fields[name], fn.result, `${question.id}.${name}`));
  }
  return withProblems(byFunction);
}

/** A plan whose every formula is a format error is one error for the question (its first message). */
function withProblems(byFunction: Map<string, FunctionFormula>): FormulaPlan {
  const all = [...byFunction.values()];
  const problems = all.filter((f): f is Extract<FunctionFormula, { kind: 'none' }> => f.kind === 'none');
  if (problems.length === all.length && problems[0] !== undefined && /^answers\.yaml:\d+/.test(problems[0].message))
    return { kind: 'invalid', message: problems[0].message };
  return { kind: 'formulas', byFunction };
}

/** What the formulas give on every case: answers[c][k], and the fields that have no value there. */
export interface FormulaAnswers {
  readonly answers: RawAnswer[][];
  /** Fields of a record answer without a value on case c, call k, with why (a format error, a bound). */
  readonly fieldErrors: (caseIndex: number, callIndex: number) => ReadonlyMap<string, string> | undefined;
}

/** answers[c][k] for every case c and call k of the question: what the formulas give there. */
export function formulaAnswers(
  question: QuestionSpec,
  variant: QuestionVariant,
  plan: Extract<FormulaPlan, { kind: 'formulas' }>,
): FormulaAnswers {
  // A formula past a bound on one case is past it on the others too: evaluate it no further.
  const stopped = new Map<CompiledExpr, RawAnswer>();
  const run = (expr: CompiledExpr, env: ReturnType<typeof caseEnv>): { value: AnswerValue } | { raw: RawAnswer } => {
    const stop = stopped.get(expr);
    if (stop !== undefined) return { raw: stop };
    const evaluation = evaluateCompiled(expr, env);
    if (evaluation.ok) return { value: evaluation.value };
    const raw: RawAnswer = { kind: 'threw', message: evaluation.message };
    if (evaluation.reason === 'limit') stopped.set(expr, raw);
    return { raw };
  };
  const errors = new Map<string, Map<string, string>>();
  const answers = variant.cases.map((c, caseIndex) => {
    const env = caseEnv(c.params);
    return c.calls.map((call, callIndex): RawAnswer => {
      const formula = plan.byFunction.get(call.function);
      if (formula === undefined)
        return { kind: 'threw', message: `answers.yaml has no formula for ${question.id}.${call.function}` };
      if (formula.kind === 'none') return { kind: 'threw', message: formula.message };
      if (formula.kind === 'whole') {
        const got = run(formula.expr, env);
        return 'raw' in got ? got.raw : { kind: 'value', value: got.value };
      }
      const record = Object.create(null) as Record<string, AnswerValue>;
      const missing = new Map<string, string>();
      for (const field of formula.fields) {
        if ('problem' in field) {
          missing.set(field.key, field.problem);
          continue;
        }
        const got = run(field.expr, env);
        if ('raw' in got) missing.set(field.key, got.raw.kind === 'value' ? '' : got.raw.message);
        else record[field.key] = got.value;
      }
      if (missing.size > 0) errors.set(`${caseIndex}/${callIndex}`, missing);
      return { kind: 'value', value: record };
    });
  });
  return { answers, fieldErrors: (caseIndex, callIndex) => errors.get(`${caseIndex}/${callIndex}`) };
}
