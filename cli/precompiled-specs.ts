/**
 * The bundled exercises as the build loaded them. Parsing and checking a 9 kB spec with a cold
 * YAML parser is the largest single cost of `convgrade check` after Node's own start (~50 ms
 * on a quiet machine, PERFORMANCE.md P1), and the result never changes between builds. So
 * scripts/bundle.mjs loads every bundled spec with {@link parseExerciseFile}, serialises it
 * (v8.serialize: NaN, -0, undefined and Maps survive) and embeds it in the CLI bundle, whose code
 * comes from the same build. The tsc output and tests from source have no embedded specs and
 * always parse.
 *
 * An embedded spec is used only for a file with a bundled exercise's name whose text still
 * hashes to the spec's own `sha256`; the build-time path it holds is replaced by the path of
 * this run. The build refuses to embed a spec for which that replacement, or the serialisation,
 * would not give exactly what parsing gives (scripts/bundle.mjs checks both).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { deserialize } from 'node:v8';
import type { ExerciseSpec } from '../grader/spec/index.js';
import { loadExercises } from '../grader/variant/index.js';

/** One embedded spec: v8.serialize of the ExerciseSpec, base64, and the path it was loaded from. */
export interface EmbeddedSpec {
  readonly path: string;
  readonly data: string;
}

/** Replaced by esbuild's `define` in the bundle: a JSON object, file name → EmbeddedSpec. */
declare const __CONVGRADE_EMBEDDED_SPECS__: string | undefined;

let embedded: Readonly<Record<string, EmbeddedSpec>> | undefined;

function embeddedSpecs(): Readonly<Record<string, EmbeddedSpec>> {
  embedded ??=
    typeof __CONVGRADE_EMBEDDED_SPECS__ === 'string'
      ? (JSON.parse(__CONVGRADE_EMBEDDED_SPECS__) as Record<string, EmbeddedSpec>)
      : {};
  return embedded;
}

/** How every grading command loads one spec file (no sampling probe: `validate` does that). */
export function parseExerciseFile(path: string): ExerciseSpec | undefined {
  return loadExercises([path], { probe: false })[0];
}

/** The spec of a bundled exercise file from the build, or undefined when it must be parsed. */
export function precompiledSpec(path: string): ExerciseSpec | undefined {
  const entry = embeddedSpecs()[basename(path)];
  if (entry === undefined) return undefined;
  let spec: ExerciseSpec;
  try {
    spec = relocate(deserialize(Buffer.from(entry.data, 'base64')), entry.path, path) as ExerciseSpec;
  } catch {
    return undefined; // data from a V8 this Node cannot read: parse instead
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return createHash('sha256').update(text, 'utf8').digest('hex') === spec.sha256 ? spec : undefined;
}

/**
 * `value` with every string equal to `from` replaced by `to`, in place: the value is a fresh
 * deserialisation nobody else holds, and copying every node of the spec cost more than reading
 * it (P1). Arrays, plain objects and Maps are walked; anything else is kept as it is.
 */
export function relocate(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = relocate(value[i], from, to);
  } else if (value instanceof Map) {
    // Entries are set again in their order (setting an existing key keeps its place).
    const entries = [...value].map(([key, item]) => [relocate(key, from, to), relocate(item, from, to)] as const);
    value.clear();
    for (const [key, item] of entries) value.set(key, item);
  } else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'object' || item === from) record[key] = relocate(item, from, to);
    }
  }
  return value;
}
