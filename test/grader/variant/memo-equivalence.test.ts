/**
 * The tensor memo under which a case is drawn (reference withTensorMemo, grader/variant cases.ts)
 * must not change a single value: for every bundled exercise, every case's expected answers and
 * every wrong answer of every misconception are evaluated again here, each on a fresh
 * environment outside any memo, and must equal what the variant holds. A reference function that
 * wrote into a tensor it did not allocate would corrupt the memo's copy for the later readers of
 * the same case, and fail here.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  caseEnv,
  compileQuestion,
  evaluateCompiled,
  evaluateMember,
  type CompiledExpr,
  type Env,
} from '../../../grader/lang/index.js';
import type { AnswerValue } from '../../../grader/result.js';
import { generateVariant, loadExercises } from '../../../grader/variant/index.js';
import { studentApi } from '../../../reference/index.js';

const specs = loadExercises(
  readdirSync('exercises')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `exercises/${f}`),
);

/** The expected answer computed again: its expression, or the reference function on a copy of the arguments. */
function expectedAgain(
  expression: CompiledExpr | undefined,
  name: string,
  args: readonly AnswerValue[],
  env: () => Env,
): AnswerValue {
  if (expression === undefined)
    return (studentApi as unknown as Record<string, (...args: unknown[]) => AnswerValue>)[name]!(
      ...structuredClone(args),
    );
  const evaluation = evaluateCompiled(expression, env());
  if (!evaluation.ok) throw new Error(`the expected answer of ${name} has no value again: ${evaluation.message}`);
  return evaluation.value;
}

describe('the variant memo', () => {
  it.each(specs.map((spec) => [spec.id, spec] as const))('changes no value of %s', (_id, spec) => {
    let checked = 0;
    for (const student of ['m1', 'm2', 'm3', 'm4']) {
      const variant = generateVariant(spec, { student, salt: 'memo-equivalence-salt', visibility: 'hidden' });
      for (const drawn of variant.questions) {
        const question = spec.questions.find((q) => q.id === drawn.question)!;
        const compiled = compileQuestion(question);
        const freshEnv = (params: Readonly<Record<string, AnswerValue>>) => caseEnv(structuredClone(params), compiled);
        for (const c of drawn.cases) {
          for (const call of c.calls) {
            const fn = compiled.functions.find((f) => f.answer.name === call.function)!;
            expect(expectedAgain(fn.expected, call.function, call.args, () => freshEnv(c.params))).toEqual(
              call.expected,
            );
            for (const mutant of call.mutants) {
              const member = compiled.members.find(
                (m) => m.misconception === mutant.id && m.index === mutant.member && m.function === call.function,
              )!;
              const again = evaluateMember(member, freshEnv(c.params), call.expected);
              if (mutant.answer.kind === 'value') expect(again).toEqual({ ok: true, value: mutant.answer.value });
              else expect(again.ok).toBe(false);
              checked++;
            }
          }
        }
      }
    }
    // Every bundled exercise lists misconceptions: the walk above compared some.
    expect(checked).toBeGreaterThan(0);
  });
});
