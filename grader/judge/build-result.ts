/**
 * Assembling the SubmissionResult of CLI.md from a judged submission plus provenance. The clock
 * and the durations are parameters, so equal inputs give byte-identical results.
 */
import {
  SCHEMA_VERSION,
  type CapturedOutput,
  type IsolationLevel,
  type Language,
  type SubmissionResult,
} from '../result.js';
import type { ExerciseSpec } from '../spec/index.js';
import type { ExerciseVariant } from '../variant/index.js';
import type { JudgedSubmission } from './judge-submission.js';

export interface ResultProvenance {
  readonly submission: {
    readonly id: string;
    readonly path: string;
    readonly language: Language | null;
    readonly sha256: string;
  };
  readonly harnessVersion: string;
  readonly isolation: IsolationLevel;
  readonly isolationNote?: string;
  readonly output?: CapturedOutput;
  /** ISO 8601, from the caller's clock. */
  readonly gradedAt: string;
  readonly durationMs: number;
  /** Set when the whole submission could not be graded; status becomes "ungradable". */
  readonly error?: string;
  /** Set when the student's code never loaded (intake refused it, or its module failed to load). */
  readonly loadError?: string;
}

export function buildSubmissionResult(
  spec: ExerciseSpec,
  variant: ExerciseVariant,
  judged: JudgedSubmission,
  provenance: ResultProvenance,
): SubmissionResult {
  const ungradable = provenance.error !== undefined;
  return {
    schemaVersion: SCHEMA_VERSION,
    submission: provenance.submission,
    exercise: { id: spec.id, title: spec.title, version: spec.version, specSha256: spec.sha256 },
    harness: { version: provenance.harnessVersion },
    variant: {
      visibility: variant.visibility,
      seedDerivation: variant.seedDerivation,
      saltFingerprint: variant.saltFingerprint,
    },
    isolation: provenance.isolation,
    ...(provenance.isolationNote === undefined ? {} : { isolationNote: provenance.isolationNote }),
    status: ungradable ? 'ungradable' : 'graded',
    ...(provenance.error === undefined ? {} : { error: provenance.error }),
    ...(provenance.loadError === undefined ? {} : { loadError: provenance.loadError }),
    score: ungradable ? 0 : judged.score,
    maxScore: judged.maxScore,
    questions: judged.questions,
    ...(provenance.output === undefined ? {} : { output: provenance.output }),
    gradedAt: provenance.gradedAt,
    durationMs: provenance.durationMs,
  };
}
