/**
 * The built package validates specs with ajv standalone code precompiled by
 * scripts/compile-schemas.mjs (dist/, made by `pretest`); tests from source compile the schema
 * at run time. Both must give the same verdicts and the same errors.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { SCHEMA_OPTIONS } from '../../../grader/spec/schema.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const precompiledPath = `${root}dist/grader/spec/exercise-schema.validate.cjs`;

describe.runIf(existsSync(precompiledPath))('the precompiled spec schema', () => {
  const precompiled = createRequire(import.meta.url)(precompiledPath) as ValidateFunction;
  const runtime = new Ajv(SCHEMA_OPTIONS).compile(
    JSON.parse(readFileSync(`${root}exercises/exercise.schema.json`, 'utf8')) as object,
  );
  const documents = [
    ...readdirSync(`${root}exercises`)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `${root}exercises/${f}`),
    ...readdirSync(`${root}test/fixtures/specs`)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `${root}test/fixtures/specs/${f}`),
  ];

  it.each(documents)('agrees with the run-time compiled schema on %s', (file) => {
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'));
    } catch {
      return; // the syntax-error fixture never reaches the schema
    }
    const strip = (errors: ValidateFunction['errors']): unknown =>
      (errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
    expect(precompiled(data)).toBe(runtime(data));
    expect(strip(precompiled.errors)).toEqual(strip(runtime.errors));
  });
});
