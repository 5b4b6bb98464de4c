/**
 * Naming exercises on the command line: a spec path, or the id of a bundled exercise
 * (`ex9-convolution` → <package>/exercises/ex9-convolution.yaml). The exercises folder sits at
 * the package root: ../exercises/ from cli/ in the source tree, ../../exercises/ from dist/cli/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../grader/errors.js';

const CANDIDATES = ['../exercises/', '../../exercises/'];

/** The bundled exercises folder (absolute path). */
export function bundledExercisesDir(): string {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(dir, 'exercise.schema.json'))) return dir;
  }
  throw new UsageError(`Cannot find the bundled exercises folder next to ${fileURLToPath(import.meta.url)}`);
}

/** Ids of the bundled exercises, sorted. */
export function bundledExerciseIds(): string[] {
  return readdirSync(bundledExercisesDir())
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** A spec path for `arg`: an existing file as given, else a bundled exercise id. */
export function resolveExercise(arg: string): string {
  if (existsSync(arg) && statSync(arg).isFile()) return arg;
  const ids = bundledExerciseIds();
  const id = arg.endsWith('.yaml') ? arg.slice(0, -'.yaml'.length) : arg;
  if (ids.includes(id)) return join(bundledExercisesDir(), `${id}.yaml`);
  throw new UsageError(`Unknown exercise "${arg}": not a file and not a bundled exercise (${ids.join(', ')})`);
}

/** Every bundled spec path. */
export function bundledExercisePaths(): string[] {
  return bundledExerciseIds().map((id) => join(bundledExercisesDir(), `${id}.yaml`));
}
