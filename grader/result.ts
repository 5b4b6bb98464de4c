/**
 * The result data model: one `SubmissionResult` per graded submission. Every renderer in
 * reports/ reads only this. Types only; the JSON Schema lives beside it in result.schema.json
 * and a test keeps the two in step. Bump SCHEMA_VERSION on any incompatible change.
 */

export const SCHEMA_VERSION = 1 as const;

export type Language = 'ts' | 'js' | 'py';
export type Visibility = 'public' | 'hidden';
export type IsolationLevel = 'strict' | 'basic';
export type SubmissionStatus = 'graded' | 'ungradable';
export type QuestionStatus = 'passed' | 'partial' | 'failed' | 'error' | 'missing';
export type CaseStatus = 'passed' | 'failed' | 'error' | 'timeout';

/**
 * A JSON-safe value. Non-finite numbers and negative zero cannot be written as JSON numbers,
 * so in stored results they are encoded as the strings "NaN", "Infinity", "-Infinity", "-0"
 * inside `{ "$num": … }` objects (see encodeJsonValue in grader/judge).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface CaseResult {
  /** `<question>#<n>`, 1-based, e.g. "q1#3". */
  readonly id: string;
  readonly status: CaseStatus;
  /** Exact-unit share of the question's points this case earned, before rounding. */
  readonly score: number;
  readonly maxScore: number;
  readonly message: string;
  /** The misconception id this failing answer matched, if any. */
  readonly misconception?: string;
  /** The teaching hint of that misconception. */
  readonly hint?: string;
  /** Public cases only: never present for hidden cases (S9). */
  readonly inputs?: JsonValue;
  readonly expected?: JsonValue;
  readonly actual?: JsonValue;
}

export interface QuestionResult {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly maxScore: number;
  readonly status: QuestionStatus;
  /** How the question was answered: a code export, a formula or choice in answers.yaml, or nothing. */
  readonly answeredBy: 'function' | 'formula' | 'choice' | 'none';
  /** Distinct misconception ids matched across this question's cases, in first-seen order. */
  readonly misconceptions: readonly string[];
  readonly cases: readonly CaseResult[];
}

export interface CapturedOutput {
  /** Escaped of control characters, at most 64 KiB each. */
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
}

export interface SubmissionResult {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly submission: {
    readonly id: string;
    readonly path: string;
    readonly language: Language | null;
    /** sha256 over the submission's files (names and contents), hex. */
    readonly sha256: string;
  };
  readonly exercise: {
    readonly id: string;
    readonly title: string;
    readonly version: string;
    readonly specSha256: string;
  };
  readonly harness: { readonly version: string };
  readonly variant: {
    readonly visibility: Visibility;
    /** Human-readable recipe, e.g. "HMAC-SHA256(salt, exercise|question|student) → xoshiro128**". */
    readonly seedDerivation: string;
  };
  readonly isolation: IsolationLevel;
  /** Why isolation is weaker than strict, or what strict could not give (e.g. no separate uid). */
  readonly isolationNote?: string;
  readonly status: SubmissionStatus;
  /** Present when status is "ungradable", or when the whole submission could not be loaded. */
  readonly error?: string;
  readonly score: number;
  readonly maxScore: number;
  readonly questions: readonly QuestionResult[];
  readonly output?: CapturedOutput;
  /** ISO 8601; the one field (with durationMs) that differs between identical runs. */
  readonly gradedAt: string;
  readonly durationMs: number;
}
