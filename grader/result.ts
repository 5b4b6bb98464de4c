/**
 * The result data model: one `SubmissionResult` per graded submission. Every renderer in
 * reports/ reads only this. Types only; the JSON Schema lives beside it in result.schema.json
 * and a test keeps the two in step. Bump SCHEMA_VERSION on any incompatible change.
 */

export const SCHEMA_VERSION = 1 as const;

export type Language = 'ts' | 'js' | 'py';
export type Visibility = 'public' | 'hidden';
/** strict > uid > basic (ARCHITECTURE.md, "Isolation levels"); `uid`: a per-run uid without namespaces (Docker, Gradescope). */
export type IsolationLevel = 'strict' | 'uid' | 'basic';
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
  /**
   * When no misconception matched: the kind of generic diagnosis the message gives (a constant
   * factor, a transpose, a shift, only the border wrong, …; see grader/judge/diagnose-values.ts).
   */
  readonly diagnosis?: string;
  /** The answer agreed with the expected one only to float32 precision (accepted or not, per the spec). */
  readonly precision?: 'float32';
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
  /**
   * What the student should know about how the question was graded, in words: which of code and
   * answers.yaml was graded and why, answers right only to float32 precision, a choice written
   * as an option's text.
   */
  readonly notes?: readonly string[];
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
    /** What intake changed on the way, in words for the student: e.g. the IPython magics dropped from a notebook. */
    readonly notes?: readonly string[];
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
    /**
     * HMAC-SHA256(salt, "convgrade salt fingerprint"), 16 hex digits: tells whether two results
     * were drawn with the same salt (resume, merge) without revealing the salt.
     */
    readonly saltFingerprint?: string;
  };
  readonly isolation: IsolationLevel;
  /** Why isolation is weaker than strict, or what strict could not give (e.g. no separate uid). */
  readonly isolationNote?: string;
  readonly status: SubmissionStatus;
  /** Present when status is "ungradable": the harness failed, the submission was not scored. */
  readonly error?: string;
  /**
   * The student's code never ran a single call: intake refused the files (missing, a symlink, too
   * large, several solution files) or the module failed to load. Every code question then fails
   * with this message; since no case input reached the code, it is safe to show at once.
   */
  readonly loadError?: string;
  readonly score: number;
  readonly maxScore: number;
  readonly questions: readonly QuestionResult[];
  readonly output?: CapturedOutput;
  /** ISO 8601; the one field (with durationMs) that differs between identical runs. */
  readonly gradedAt: string;
  readonly durationMs: number;
}

/**
 * A decoded student answer: plain data only (S7). Objects are null-prototype records whose
 * keys were checked on decode; numbers keep NaN, ±Infinity and −0; ndarrays arrive as nested
 * arrays of numbers.
 */
export type AnswerValue =
  number | boolean | string | null | readonly AnswerValue[] | { readonly [key: string]: AnswerValue };

/**
 * What the sandboxed child said (or failed to say) for one call. Produced by grader/run,
 * consumed by grader/judge; every student-caused outcome is one of these, never an exception.
 */
export type RawAnswer =
  | { readonly kind: 'value'; readonly value: AnswerValue }
  /** The student function raised/threw; message is the student's error text, capped. */
  | { readonly kind: 'threw'; readonly message: string }
  /** The module does not export a callable of that name. */
  | { readonly kind: 'missing'; readonly message: string }
  /** The module failed to load (syntax error, import error, exit at import). */
  | { readonly kind: 'load-error'; readonly message: string }
  /** The per-call deadline or the per-submission budget ran out. */
  | { readonly kind: 'timeout'; readonly message: string }
  /** The child died (signal, exit, out of memory) while answering. */
  | { readonly kind: 'crashed'; readonly message: string }
  /** The answer broke the exact-type encoding or the protocol (S8); the case fails closed. */
  | { readonly kind: 'rejected'; readonly message: string };
