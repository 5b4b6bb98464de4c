/**
 * Validation of stored results against grader/result.schema.json, compiled once. Used where
 * results come back from disk (`merge`, `report`, `regrade`, resume) and by tests.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { SubmissionResult } from './result.js';

const schema: unknown = JSON.parse(readFileSync(new URL('./result.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: true, allErrors: true });
const validate = ajv.compile<SubmissionResult>(schema as object);

/** Problems as `instancePath: message`; empty when the value is a valid SubmissionResult. */
export function resultProblems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}`);
}

export function isSubmissionResult(value: unknown): value is SubmissionResult {
  return validate(value);
}
