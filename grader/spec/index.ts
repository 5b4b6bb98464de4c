/**
 * grader/spec: exercise specs (YAML) → validated, normalised ExerciseSpec, and a student's
 * answers.yaml → plain strings. Every problem of every file is reported as
 * `file:line:col: message`. This folder imports only yaml, ajv, node core, errors and result
 * types: reference/ lists (function names, misconception ids) are injected by the caller
 * through SpecCheckOptions (grader/variant's loadExercises does that).
 *
 * Public API
 * - parseSpec(text, file, options?) → { spec | null, problems }   one spec from text
 * - loadSpecs(files, options?) → { specs, problems }               many files, every problem
 * - parseAnswers(text, file?) → { answers, problems }              answers.yaml, never throws
 * - parseExpression / evaluate / evaluateNumber / freeVariables    the safe expression language
 * - formatLoc(loc, message)                                        `file:line:col: message`
 * - isNumericDomain(domain)                                       numbers (not tensors, not points): usable in expressions
 * - types: ExerciseSpec, QuestionSpec, Parameter, Domain, FunctionAnswer, FormulaField, ChoiceAnswer, …
 */
export { parseSpec, loadSpecs, type SpecParse } from './load.js';
export { parseAnswers, type AnswersFile, type AnswerEntry } from './answers.js';
export {
  parseExpression,
  evaluate,
  evaluateNumber,
  freeVariables,
  ExprError,
  type Expr,
  type ExprType,
} from './expr.js';
export { formatLoc } from './positions.js';
export { isNumericDomain, type SpecCheckOptions } from './build.js';
export type {
  ArgSpec,
  ChoiceAnswer,
  ChoiceOption,
  Domain,
  ExerciseSpec,
  FormulaField,
  FunctionAnswer,
  Misconception,
  Parameter,
  ParsedExpr,
  PartialCredit,
  QuestionSpec,
  SourceLoc,
  Tolerance,
} from './types.js';
