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
 * - compareValues(expected, actual, tol) → Mismatch | null       shape/type first, then |a−b| ≤ atol + rtol·|b| (shared with the judge)
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
  valuesMatch,
  shapeOf,
  sameShape,
  formatShape,
  type Mismatch,
  type Tolerance,
} from './compare.js';
export { callOutcome, referenceFunction, toAnswerValue, type Outcome } from './reference-calls.js';
