/**
 * `check`'s public variants, kept between runs in the user's cache folder. Generating a variant
 * means every case's expected value and every misconception's answer (the separation guarantee):
 * 45–60 ms of cold CPU, the largest part of check's own work (P1), spent again at every self-check
 * and every save in `--watch`, always with the same result for the same spec and folder.
 *
 * - Only public variants: a hidden variant (the secret salt's cases) is never written to disk.
 * - Only in the bundled build: its build id (esbuild's `define`, new at every build) is part of the
 *   key, so no cache outlives the code that drew it. The tsc output (tests, `node dist/cli/main.js`)
 *   has none and never caches.
 * - The key is the build id, the spec's SHA-256, the salt and the student id; a stored variant is
 *   used only if it names the same spec, student and visibility, and is stored only if
 *   `v8.serialize` round-trips it exactly (prototypes included).
 * - Best effort: an unreadable, damaged or unwritable cache is regenerated silently. At most
 *   {@link MAX_ENTRIES} files are kept (the oldest go). `CONVGRADE_NO_CACHE=1` turns it off.
 *
 * A student who edits their own cache can only mislead their own self-check: grading draws
 * hidden variants, which never come from here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { ExerciseSpec } from '../grader/spec/index.js';
import { generateVariant, type ExerciseVariant, type VariantOptions } from '../grader/variant/index.js';
import { convgradeCacheDir } from './cache-dir.js';

/** Replaced by esbuild's `define` in the bundle: a random id per build. */
declare const __CONVGRADE_BUILD_ID__: string | undefined;

export const MAX_ENTRIES = 16;

export type MakeVariant = (spec: ExerciseSpec, options: VariantOptions) => ExerciseVariant;

/** generateVariant with the cache in front of it, or undefined where there is no cache (see above). */
export function cachedVariants(
  env: NodeJS.ProcessEnv = process.env,
  buildId: string | undefined = typeof __CONVGRADE_BUILD_ID__ === 'string' ? __CONVGRADE_BUILD_ID__ : undefined,
): MakeVariant | undefined {
  if (buildId === undefined || env['CONVGRADE_NO_CACHE'] === '1') return undefined;
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  return (spec, options) => {
    if (options.visibility !== 'public') return generateVariant(spec, options);
    const file = join(dir, `${keyOf(buildId, spec, options)}.v8`);
    const stored = read(file, spec, options);
    if (stored !== undefined) return stored;
    const variant = generateVariant(spec, options);
    store(dir, file, variant);
    return variant;
  };
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const root = convgradeCacheDir(env);
  return root === undefined ? undefined : join(root, 'variants');
}

function keyOf(buildId: string, spec: ExerciseSpec, options: VariantOptions): string {
  return createHash('sha256')
    .update(JSON.stringify([buildId, spec.sha256, options.salt, options.student, options.visibility]))
    .digest('hex');
}

function read(file: string, spec: ExerciseSpec, options: VariantOptions): ExerciseVariant | undefined {
  try {
    const variant = deserialize(readFileSync(file)) as Partial<ExerciseVariant> | null;
    if (
      variant !== null &&
      typeof variant === 'object' &&
      variant.specSha256 === spec.sha256 &&
      variant.student === options.student &&
      variant.visibility === options.visibility &&
      Array.isArray(variant.questions) &&
      variant.questions.length === spec.questions.length
    )
      return withRecordPrototypes(variant as ExerciseVariant);
  } catch {
    // absent or damaged: drawn again below
  }
  return undefined;
}

function store(dir: string, file: string, variant: ExerciseVariant): void {
  try {
    const bytes = serialize(variant);
    if (!isDeepStrictEqual(withRecordPrototypes(deserialize(bytes) as ExerciseVariant), variant)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, bytes, { mode: 0o600 });
    renameSync(temp, file);
    prune(dir);
  } catch {
    // a read-only home, a full disk: check works without its cache
  }
}

/**
 * Answer values are null-prototype records (as the relay's are); v8.deserialize gives them
 * Object.prototype. Puts null back on every plain object inside an expected value or a
 * misconception's answer; `store` checks that this reproduces the variant exactly.
 */
function withRecordPrototypes(variant: ExerciseVariant): ExerciseVariant {
  for (const question of variant.questions)
    for (const kase of question.cases)
      for (const call of kase.calls) {
        nullPrototypes(call.expected);
        for (const mutant of call.mutants) if ('value' in mutant.answer) nullPrototypes(mutant.answer.value);
      }
  return variant;
}

function nullPrototypes(value: unknown): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    // Tensors are arrays of numbers (or of arrays of numbers): nothing to do in them.
    if (value.length > 0 && typeof value[0] !== 'object') return;
    for (const item of value) nullPrototypes(item);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) Object.setPrototypeOf(value, null);
  for (const item of Object.values(value)) nullPrototypes(item);
}

/** Keeps the newest MAX_ENTRIES variants. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((name) => name.endsWith('.v8'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names
    .map((name) => {
      try {
        return { name, mtime: statSync(join(dir, name)).mtimeMs };
      } catch {
        return { name, mtime: 0 };
      }
    })
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of aged.slice(MAX_ENTRIES)) {
    try {
      unlinkSync(join(dir, name));
    } catch {
      // removed by another run meanwhile
    }
  }
}
