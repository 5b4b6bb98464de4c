/**
 * Formula answers from answers.yaml, e.g. `q1: { HF: "(H - HK + 2*p)/s + 1", … }`: each field is
 * parsed by the safe expression language of grader/spec (arithmetic only, over the question's
 * numeric parameters) and evaluated on the same cases as code answers, giving the answer a
 * function would have returned. Problems become per-call RawAnswers, never exceptions.
 */
import type { AnswerValue, RawAnswer } from '../result.js';
import {
  evaluateNumber,
  ExprError,
  isNumericDomain,
  parseExpression,
  type Expr,
  type QuestionSpec,
} from '../spec/index.js';
import type { QuestionVariant } from '../variant/index.js';

/** answers[c][k] for every case c and call k of the question. */
export function formulaAnswers(
  question: QuestionSpec,
  variant: QuestionVariant,
  fields: Readonly<Record<string, string>>,
): RawAnswer[][] {
  const names = new Set(question.parameters.filter((p) => isNumericDomain(p.domain)).map((p) => p.name));
  const parsed = new Map<string, Expr | string>();
  for (const f of question.formula) {
    const text = Object.hasOwn(fields, f.field) ? fields[f.field] : undefined;
    if (text === undefined) {
      parsed.set(f.field, `answers.yaml has no formula for ${question.id}.${f.field}`);
      continue;
    }
    try {
      parsed.set(f.field, parseExpression(text, names, 'number'));
    } catch (error: unknown) {
      if (!(error instanceof ExprError)) throw error;
      parsed.set(
        f.field,
        `the formula ${question.id}.${f.field} = ${JSON.stringify(text)} is not accepted at character ${error.offset + 1}: ${error.message}`,
      );
    }
  }
  const byFunction = new Map(
    question.functions.map((fn) => [fn.name, question.formula.filter((f) => f.function === fn.name)]),
  );
  return variant.cases.map((c) => {
    const env: Record<string, number> = {};
    for (const [name, value] of Object.entries(c.params)) if (typeof value === 'number') env[name] = value;
    return c.calls.map((call): RawAnswer => {
      const mine = byFunction.get(call.function) ?? [];
      const record: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
      let scalar: number | undefined;
      for (const f of mine) {
        const expr = parsed.get(f.field);
        if (typeof expr === 'string' || expr === undefined)
          return { kind: 'threw', message: expr ?? `no formula for ${f.field}` };
        const value = evaluateNumber(expr, env);
        if (f.key === undefined) scalar = value;
        else record[f.key] = value;
      }
      return { kind: 'value', value: scalar ?? record };
    });
  });
}
