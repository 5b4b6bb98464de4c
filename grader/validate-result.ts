/**
 * Validation of stored results against grader/result.schema.json, compiled once (lazily). Used where
 * results come back from disk (`merge`, `report`, `regrade`, resume) and by tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { SubmissionResult } from './result.js';

let compiled: ValidateFunction<SubmissionResult> | undefined;

/**
 * Loaded and compiled on first use, not at import: every command imports this module (through
 * cli/outputs.ts), but only those that read results back need it, and loading ajv (~15 ms) and
 * compiling the schema would otherwise cost every `convgrade check` (PERFORMANCE.md P1).
 */
function validator(): ValidateFunction<SubmissionResult> {
  if (compiled === undefined) {
    const ajv = createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv };
    const schema: unknown = JSON.parse(readFileSync(new URL('./result.schema.json', import.meta.url), 'utf8'));
    compiled = new ajv.Ajv({ strict: true, allErrors: true }).compile<SubmissionResult>(schema as object);
  }
  return compiled;
}

/** Problems as `instancePath: message`; empty when the value is a valid SubmissionResult. */
export function resultProblems(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}

export function isSubmissionResult(value: unknown): value is SubmissionResult {
  return validator()(value);
}
