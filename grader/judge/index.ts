/**
 * grader/judge: from plain values to verdicts. Compares every answer with the expected value
 * (shape and type first, then |a−b| ≤ atol + rtol·|b|, then float32 precision), names the
 * misconception whose mutant gave the same answer (whole, or field by field), or else says what
 * the values show (a factor, a transpose, a shift, the border, a shape rule…), scores in exact
 * units (hundredths of points over case counts, shares per field) rounded once, and builds the
 * QuestionResults and SubmissionResult of CLI.md. Runs no student code.
 *
 * Public API
 * - judgeSubmission({spec, variant, plan?, raw?, answersText?, starterStubs?}) → JudgedSubmission   every question; code wins over answers.yaml unless it is the starter's stub
 * - buildSubmissionResult(spec, variant, judged, provenance) → SubmissionResult      adds provenance (clock and durations passed in)
 * - judgeCases(question, questionVariant, answers[case][call], options) → {cases, passed, misconceptions}
 * - planFormulas(question, entry) / formulaAnswers(question, qv, plan) → RawAnswer[][]   answers.yaml formulas on the cases
 * - judgeChoice(spec, question, choice, option, options) → {result, note?}           an option's text counts as its id (optionText)
 * - diagnoseValues(expected, actual, context) → Diagnosis?                          the generic diagnoses of a wrong value
 * - unchangedFunctions(source, starter, 'py' | 'js') → Set<name>                    functions whose body is still the starter's
 * - encodeJsonValue(value) / decodeJsonValue(json)                                   {"$num": "NaN"|"Infinity"|"-Infinity"|"-0"}
 * - describeNonValue(raw, fn), adviceFor(message)                                     statuses and messages of non-value RawAnswers
 * - fraction, addFractions, questionScore, roundScore                                 exact scores
 * - runQa(spec, {students}) → QaReport                                                 reference passes, every wrong answer fails as itself
 * - qaStudents(spec, n), staffShortfalls(result, every)                              the QA's students; why a staff solution is not full marks
 * - compareValues (re-exported from grader/variant, where the generator shares it)
 */
export { judgeSubmission, type JudgeInput, type JudgedSubmission } from './judge-submission.js';
export { buildSubmissionResult, type ResultProvenance } from './build-result.js';
export { judgeCases, type JudgedCases, type JudgeCasesOptions } from './judge-cases.js';
export { formulaAnswers, planFormulas, isStubText, type FormulaAnswers, type FormulaPlan } from './formula.js';
export { judgeChoice, normaliseOptionText, type JudgedChoice } from './choice.js';
export { diagnoseValues, DEFAULT_ADVICE, type Diagnosis, type DiagnoseContext } from './diagnose-values.js';
export { diagnoseShape } from './diagnose-shape.js';
export { unchangedFunctions, pythonBodies, javascriptBodies, type SourceLanguage } from './starter-bodies.js';
export { encodeJsonValue, decodeJsonValue } from './json-value.js';
export { describeNonValue, adviceFor } from './raw-messages.js';
export { fraction, addFractions, questionScore, roundScore, type Fraction } from './score.js';
export { compareValues, type Mismatch } from '../variant/index.js';
export { runQa, runQaAsync, qaStudents, staffShortfalls, type QaReport, type QaFailure, type QaOptions } from './qa.js';
