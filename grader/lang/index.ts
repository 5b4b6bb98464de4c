/**
 * grader/lang: the tensor expression language of specs and answers — type-checking against
 * the reference's signature registry, and bounded evaluation. Its syntax and positions come
 * from grader/spec (which never imports the maths); its functions are the reference's
 * registry (reference/student-api.ts) plus a few of its own (floor, sqrt, …, min, max,
 * where). Imported by grader/variant (expected answers and misconception families on drawn
 * cases) and grader/judge (students' formulas).
 *
 * Public API
 * - compileQuestion(question) → {scope, functions, members, problems}   every expression of a question, type-checked (cached)
 * - caseEnv(params) → env; evaluateCompiled(c, env) / evaluateMember(m, env, expected) → Evaluation
 * - compileFormula(question, label, answerText, kind) → CompiledExpr | problem   a student's formula
 * - compileExpr(parsed, scope), checkExpr(expr, scope), evaluateExpr(expr, env, options)   the parts
 * - FUNCTIONS, LANGUAGE_FUNCTIONS, DEFAULT_LIMITS, describeKind, kinds and values
 */
export {
  caseEnv,
  compileExpr,
  compileQuestion,
  domainKind,
  evaluateCompiled,
  evaluateMember,
  exprLoc,
  questionScope,
  type CompiledExpr,
  type CompiledFunction,
  type CompiledMember,
  type CompiledQuestion,
  type CompiledShapeHint,
  type Evaluation,
} from './question.js';
export { compileFormula } from './formula.js';
export { checkExpr, type Scope } from './check.js';
export {
  evaluateExpr,
  EvalError,
  Unavailable,
  DEFAULT_LIMITS,
  type Env,
  type EvalOptions,
  type Limits,
} from './evaluate.js';
export { FUNCTIONS, LANGUAGE_FUNCTIONS, type LangFunction } from './functions.js';
export { describeKind, mismatch, type Kind } from './kinds.js';
export { toAnswerValue, toValue, type Value } from './values.js';
export { functionTable } from './function-table.js';
