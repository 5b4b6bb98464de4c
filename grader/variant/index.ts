/**
 * grader/variant: seeded per-student cases. xoshiro128** seeded by
 * HMAC-SHA256(salt, exercise|question|student); parameters drawn by rejection from the spec's
 * domains; expected answers computed by reference/ (or a spec expression) and every wrong answer
 * of every listed misconception evaluated by grader/lang; each of them separated on every
 * student's case set (see cases.ts).
 *
 * Public API
 * - loadExercises(files) → ExerciseSpec[]                       load + reference cross-checks + sampling probe; one SpecError with every problem
 * - checkSpecs(specs, {probe?}) → string[]                       the reference/sampling checks alone
 * - generateVariant(spec, {student, salt, visibility}) → ExerciseVariant   every question's cases
 * - generateQuestionVariant(spec, question, options) → QuestionVariant      one question's cases
 * - emptyVariant(spec, options) → ExerciseVariant                provenance only, no cases (ungradable results)
 * - planCalls(spec, variant, language) → CallPlan                the runner's {fn, args}[] plus slots back to cases
 * - exportNameOf(question, fn, language) → string                a function's export name in a language
 * - deriveSeed({salt, exercise, question, student}) → Uint8Array, SEED_DERIVATION
 * - createPrng(seed) → Prng                                      xoshiro128** (nextUint32, nextFloat, int)
 * - readSecretSalt({secretFile?, env}) → string                  the hidden salt for `grade` (--secret FILE or CONVGRADE_SECRET)
 * - hashChoice(salt, question, option) → "sha256:…"              the stored form of a choice key
 * - compareValues(expected, actual, tol, {dialect}) → Mismatch | null   shape/type first, then |a−b| ≤ atol + rtol·|b|; the largest difference (shared with the judge)
 * - valuesMatch / valuesAgree / valuesClose                      within the tolerance; 'exact' | 'float32' | 'different'; either
 * - float32Close, FLOAT32_RULE (precision.ts)                    agreement to float32 precision: |a − b| ≤ 64·2⁻²³·(|b| + max|expected|)
 * - describeValue, describeShape, formatDistinct, … (wording.ts)  values in the student's language (dict/list in Python, object/array in JS)
 * - referenceFunction(name), callOutcome(fn, args), toAnswerValue(x)
 */
export { generateVariant, generateQuestionVariant, emptyVariant } from './cases.js';
export type { Case, CaseCall, MutantAnswer, QuestionVariant, ExerciseVariant, VariantOptions } from './cases.js';
export { checkSpecs, loadExercises, hashChoice } from './check.js';
export { planCalls, exportNameOf, type CallPlan, type CallSlot, type PlannedCall } from './plan.js';
export { deriveSeed, readSecretSalt, saltFingerprint, SEED_DERIVATION, type SeedInput } from './seed.js';
export { createPrng, type Prng } from './prng.js';
export {
  compareValues,
  formatTolerance,
  maxAbs,
  numbersClose,
  valuesAgree,
  valuesClose,
  valuesMatch,
  shapeOf,
  sameShape,
  type Agreement,
  type CompareOptions,
  type LargestDifference,
  type Mismatch,
  type Tolerance,
} from './compare.js';
export { FLOAT32_RULE, FLOAT32_TOLERANCE, FLOAT32_UNITS, float32Close, isFloat32Valued } from './precision.js';
export {
  describeRecord,
  describeShape,
  describeValue,
  formatDistinct,
  formatNumber,
  formatPath,
  formatShape,
  formatShort,
  quoteKey,
  shapeText,
  type Dialect,
} from './wording.js';
export { callOutcome, referenceFunction, toAnswerValue, type Outcome } from './reference-calls.js';
