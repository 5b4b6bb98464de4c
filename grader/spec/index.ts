/**
 * grader/spec: exercise specs (YAML) → validated, normalised ExerciseSpec, and a student's
 * answers.yaml → strings with positions. Every problem of every file is reported as
 * `file:line:col: message`. This folder imports only yaml, ajv, node core, errors and result
 * types: it parses the expression language's syntax and positions, and checks only its scalar
 * subset (bounds, constraints); grader/lang type-checks and evaluates the tensor language
 * against the reference, and the reference's function names are injected by the caller through
 * SpecCheckOptions (grader/variant's loadExercises does that).
 *
 * Public API
 * - parseSpec(text, file, options?) → { spec | null, problems }   one spec from text
 * - loadSpecs(files, options?) → { specs, problems }               many files, every problem
 * - parseAnswers(text, file?) → { answers, problems }              answers.yaml, never throws
 * - parseSyntax(text) → Expr, walkExpr, ExprError                  the expression language's parser (offsets in every node)
 * - parseExpression / evaluate / evaluateNumber / freeVariables    its scalar subset
 * - SCALAR_FUNCTIONS, isScalarFunction, arityProblem, scalarBinary, isComparison   scalar functions and operators
 * - formatLoc(loc, message), locateInScalar(scalar, offset)        `file:line:col: message`, an offset inside a YAML string
 * - isNumericDomain(domain)                                        numbers (not tensors, not points): usable in bounds
 * - defaultExports(name)                                           export names when a spec gives none
 * - DIAGNOSIS_KINDS: the generic diagnoses a spec may add hints to (`diagnosisHints`)
 * - types: ExerciseSpec, QuestionSpec, Parameter, Domain, FunctionAnswer, Misconception, WrongAnswer, ChoiceAnswer, …
 */
export { parseSpec, loadSpecs, type SpecParse } from './load.js';
export { parseAnswers, type AnswersFile, type AnswerEntry, type AnswerText } from './answers.js';
export {
  arityProblem,
  evaluate,
  evaluateNumber,
  ExprError,
  freeVariables,
  isComparison,
  isScalarFunction,
  MAX_EXPR_LENGTH,
  parseExpression,
  parseSyntax,
  SCALAR_FUNCTIONS,
  scalarBinary,
  walkExpr,
  type Expr,
  type ExprType,
  type ScalarFunctionName,
  type Subscript,
} from './expr.js';
export { formatLoc, locateInScalar, type ScalarSource } from './positions.js';
export { isNumericDomain, type SpecCheckOptions } from './build.js';
export { defaultExports } from './build-answers.js';
export { DIAGNOSIS_KINDS } from './types.js';
export type {
  DiagnosisKind,
  FieldCredit,
  ShapeHint,
  ArgSpec,
  ChoiceAnswer,
  ChoiceOption,
  Domain,
  ExerciseSpec,
  FunctionAnswer,
  Misconception,
  Parameter,
  ParsedExpr,
  PartialCredit,
  QuestionSpec,
  SourceLoc,
  Tolerance,
  WrongAnswer,
} from './types.js';
