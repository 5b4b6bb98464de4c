/**
 * Students' formulas from answers.yaml, in the same language as the spec's expressions and over
 * the question's parameters: parsed and type-checked before grading (a failure is a format error
 * at `answers.yaml:line:col`, inside the string), then evaluated on every case like a function.
 * A formula may call every function of the language except the ones its question asks for: the
 * answer must be stated, not looked up.
 */
import { ExprError, parseSyntax, type AnswerText, type ParsedExpr, type QuestionSpec } from '../spec/index.js';
import { compileExpr, exprLoc, questionScope, type CompiledExpr } from './question.js';
import { describeKind, mismatch, type Kind } from './kinds.js';
import { formatLoc } from '../spec/index.js';

/**
 * The compiled formula `answer` for `label` (e.g. `q5` or `q1.HF`), whose value must be of kind
 * `want`; a problem `answers.yaml:line:col: label: message` when it does not parse or check.
 */
export function compileFormula(
  question: QuestionSpec,
  label: string,
  answer: AnswerText,
  want: Kind,
): CompiledExpr | string {
  const loc =
    answer.scalar === null
      ? { file: 'answers.yaml', line: 1, col: 1 }
      : { file: answer.scalar.file, line: answer.scalar.line, col: answer.scalar.col };
  let parsed: ParsedExpr;
  try {
    parsed = { source: answer.text, expr: parseSyntax(answer.text), loc, scalar: answer.scalar };
  } catch (error: unknown) {
    if (!(error instanceof ExprError)) throw error;
    const at = exprLoc(
      { source: answer.text, expr: { kind: 'num', value: 0, at: 0 }, loc, scalar: answer.scalar },
      error.offset,
    );
    return formatLoc(at, `${label}: ${error.message}`);
  }
  const forbidden = new Map(
    question.functions.map((f) => [
      f.name,
      `${question.id} asks for ${f.name}: a formula must state the answer, not call ${f.name}`,
    ]),
  );
  const compiled = compileExpr(parsed, { names: questionScope(question), forbidden });
  if (typeof compiled === 'string') return compiled.replace(/: in expression "(?:[^"\\]|\\.)*": /, `: ${label}: `);
  const problem = mismatch(want, compiled.kind);
  if (problem !== undefined)
    return formatLoc(
      loc,
      `${label}: the answer is ${describeKind(want)}, this formula gives ${describeKind(compiled.kind)}`,
    );
  return compiled;
}
