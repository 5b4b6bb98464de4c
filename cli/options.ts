/** Flags shared by several commands, each parsed and checked in one place. */
import { availableParallelism, tmpdir } from 'node:os';
import { Option, type Command } from 'commander';
import { UsageError } from '../grader/errors.js';
import type { GradeOptions } from '../grader/grade.js';
import type { Visibility } from '../grader/result.js';
import {
  detectIsolation,
  guardFromSandbox,
  AFTER_TIMEOUT,
  ISOLATION_REQUESTS,
  type AfterTimeout,
  type GuardedPaths,
  type Isolation,
  type IsolationRequest,
} from '../grader/run/index.js';
import { packageRoot } from './gradescope/package.js';
import { harnessVersion } from './version.js';
import type { ExerciseSpec } from '../grader/spec/index.js';
import { parseExerciseFile, precompiledSpec } from './precompiled-specs.js';
import { resolveExercise } from './resolve-exercise.js';

export const DEFAULT_EXERCISE = 'ex9-convolution';

export interface RunFlags {
  readonly exercise: string;
  readonly isolation: IsolationRequest;
  readonly timeoutMs?: string;
  readonly afterTimeout?: AfterTimeout;
  readonly python?: string;
  readonly student?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
}

/** The flags every grading command has. */
export function addRunFlags(command: Command): Command {
  return command
    .option('--exercise <spec>', 'a spec file or a bundled exercise id', DEFAULT_EXERCISE)
    .addOption(
      new Option('--isolation <level>', 'sandbox level: strict > uid > basic, auto picks the strongest available')
        .choices(ISOLATION_REQUESTS)
        .default('auto'),
    )
    .option('--timeout-ms <ms>', 'wall-clock limit per function call (default 10000; loading the module may take 20 s)')
    .addOption(
      new Option(
        '--after-timeout <what>',
        "a function's remaining cases once one call timed out: skip them (reported as not run) or retry each in a new sandbox",
      )
        .choices(AFTER_TIMEOUT)
        .default('skip'),
    )
    .option('--python <path>', 'the Python interpreter for .py submissions (default: python3 on PATH)')
    .option('--student <id>', 'the student id (default: the submission folder or file name)')
    .option('--no-color', 'no colours in the terminal output')
    .option('--quiet', 'print only errors and the final line');
}

/** The exercise a grading command runs (`validate` is where specs get the full sampling probe). */
export function loadExercise(arg: string): ExerciseSpec {
  const path = resolveExercise(arg);
  const spec = precompiledSpec(path) ?? parseExerciseFile(path);
  if (spec === undefined) throw new UsageError(`No exercise in "${arg}"`);
  return spec;
}

export function parsePositiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

export function parseScore(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${flag} must be a non-negative number, got "${text}"`);
  return value;
}

/**
 * Per-call and per-submission limits from --timeout-ms. Loading the module keeps the runner's
 * own, longer deadline (imports of numpy and scipy are slow on a busy machine), and the budget
 * never drops below the runner's default minute.
 */
export function timeLimits(flags: Pick<RunFlags, 'timeoutMs'>): { timeoutMsPerCall?: number; budgetMs?: number } {
  if (flags.timeoutMs === undefined) return {};
  const perCall = parsePositiveInt('--timeout-ms', flags.timeoutMs, 10_000);
  return { timeoutMsPerCall: perCall, budgetMs: Math.max(60_000, perCall * 6) };
}

export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** What the uid level must keep from student code, beyond the harness and the spec (always guarded). */
export const NOTHING_GUARDED: GuardedPaths = { secret: [], readOnly: [], fixable: [] };

/**
 * Starts finding out which isolation is available, without waiting: strict isolation is probed
 * by starting a sandbox once (a child process; detectIsolation caches it per process), and that
 * can run while this process loads the spec. gradeOptionsFor waits for the same probe, and an
 * `--isolation strict` refusal (exit 2) surfaces there.
 */
export function startIsolationProbe(request: IsolationRequest): void {
  detectIsolation({ isolation: request }).catch(() => undefined);
}

/**
 * Everything gradeSubmission needs from the command line, in one place for check, grade and
 * regrade: the isolation actually available (strict and uid refuse here when missing, exit 2),
 * the harness version, time limits and the Python interpreter. At the uid level, also proves
 * that student code cannot reach `guard`'s paths, the harness or the spec (exit 2 if it could).
 */
export async function gradeOptionsFor(
  spec: ExerciseSpec,
  variant: { readonly visibility: Visibility; readonly salt: string },
  flags: Pick<RunFlags, 'isolation' | 'timeoutMs' | 'python' | 'afterTimeout'>,
  guard: GuardedPaths = NOTHING_GUARDED,
): Promise<{ readonly options: GradeOptions; readonly isolation: Isolation }> {
  const isolation = await detectIsolation({ isolation: flags.isolation });
  if (isolation.level === 'uid' && isolation.tools !== undefined) {
    await guardFromSandbox(isolation.tools, {
      ...guard,
      readOnly: [...guard.readOnly, packageRoot(), spec.file],
      stagingDir: tmpdir(),
    });
  }
  const options: GradeOptions = {
    spec,
    visibility: variant.visibility,
    salt: variant.salt,
    isolation: flags.isolation,
    isolationLevel: isolation.level,
    ...(isolation.note === undefined ? {} : { isolationNote: isolation.note }),
    harnessVersion: harnessVersion(),
    ...timeLimits(flags),
    ...(flags.afterTimeout === undefined ? {} : { afterTimeout: flags.afterTimeout }),
    ...(flags.python === undefined ? {} : { python: flags.python }),
  };
  return { options, isolation };
}
