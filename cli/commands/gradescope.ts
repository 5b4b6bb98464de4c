/**
 * `convgrade gradescope build [--exercise E] --out autograder.zip`: package an autograder for
 * Gradescope (setup.sh and run_autograder at the root, the harness beside them, the secret salt
 * baked in). `convgrade gradescope run` is what run_autograder calls inside Gradescope; it is
 * hidden from --help because nobody types it.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../../grader/errors.js';
import { ISOLATION_REQUESTS, type IsolationRequest } from '../../grader/run/index.js';
import { readSecretSalt } from '../../grader/variant/index.js';
import { formatCount, renderGradescopeFailure, type GradescopeVisibility } from '../../reports/index.js';
import { autograderEntries, packageRoot, type GradescopeConfig } from '../gradescope/package.js';
import { runGradescope } from '../gradescope/run.js';
import { SPEC_NAME } from '../gradescope/scripts.js';
import { loadExercise, parsePositiveInt, DEFAULT_EXERCISE } from '../options.js';
import { resolveExercise } from '../resolve-exercise.js';
import { harnessVersion } from '../version.js';
import { writeFileAtomic } from '../write-atomic.js';
import { createZip } from '../zip.js';

export interface GradescopeBuildFlags {
  readonly exercise: string;
  readonly out: string;
  readonly secret?: string;
  readonly isolation: IsolationRequest;
  readonly allowBasic?: boolean;
  readonly timeoutMs?: string;
  readonly visibility: GradescopeVisibility;
}

export function register(program: Command): void {
  const gradescope = program
    .command('gradescope')
    .description('package an autograder zip (setup.sh, run_autograder) for Gradescope');
  gradescope
    .command('build')
    .description('write an autograder zip that grades each submission on its hidden variant')
    .option('--exercise <spec>', 'a spec file or a bundled exercise id', DEFAULT_EXERCISE)
    .requiredOption('--out <file>', 'the zip to write, e.g. autograder.zip')
    .option(
      '--secret <file>',
      'file holding the secret salt of hidden variants (or set CONVGRADE_SECRET); baked into the zip',
    )
    .addOption(
      new Option(
        '--isolation <level>',
        'sandbox level inside Gradescope: auto is strict where namespaces work, else uid (never root); basic needs --allow-basic',
      )
        .choices(ISOLATION_REQUESTS)
        .default('auto'),
    )
    .option(
      '--allow-basic',
      'let the autograder fall back to basic isolation, which runs student code as root beside the grader and its results (scores can be forged)',
    )
    .option('--timeout-ms <ms>', 'wall-clock limit per function call (the whole submission gets 6×)')
    .addOption(
      new Option('--visibility <when>', 'when students see the per-question results of hidden cases')
        .choices(['hidden', 'after_due_date', 'after_published', 'visible'])
        .default('after_published'),
    )
    .action((flags: GradescopeBuildFlags) => {
      const { bytes, files } = buildAutograder(flags, process.env);
      process.stdout.write(
        `Wrote ${flags.out} (${formatCount(files, 'file')}, ${(bytes / 1024).toFixed(0)} KiB) for ${flags.exercise}. Upload it as the autograder of a Gradescope programming assignment.\n`,
      );
    });
  gradescope.addCommand(
    new Command('run')
      .description(
        'grade /autograder/submission and write /autograder/results/results.json (run_autograder calls this)',
      )
      .option('--root <dir>', 'the autograder folder (default: $AUTOGRADER_ROOT or /autograder)')
      .option('--config <file>', 'the settings baked in by build (default: <root>/source/convgrade-gradescope.json)')
      .action(async (flags: { root?: string; config?: string }) => {
        const root = flags.root ?? process.env['AUTOGRADER_ROOT'] ?? '/autograder';
        const outcome = await runGradescope({ root, ...(flags.config === undefined ? {} : { config: flags.config }) });
        process.stdout.write(
          `${outcome.status === 'graded' ? `Graded ${outcome.student ?? ''}: ${outcome.score}` : 'Could not grade: see results.json'}. Wrote ${outcome.resultsPath}\n`,
        );
      }),
    { hidden: true },
  );
}

/** Builds the zip and writes it atomically; returns its size and number of entries. */
export function buildAutograder(
  flags: GradescopeBuildFlags,
  env: Readonly<Record<string, string | undefined>>,
): { bytes: number; files: number } {
  const salt = readSecretSalt({ secretFile: flags.secret, env });
  const spec = loadExercise(flags.exercise);
  const specText = readFileSync(resolveExercise(flags.exercise));
  const timeoutMs =
    flags.timeoutMs === undefined ? undefined : parsePositiveInt('--timeout-ms', flags.timeoutMs, 10_000);
  if (!flags.out.endsWith('.zip')) throw new UsageError(`--out must name a .zip file, got "${flags.out}"`);
  if (flags.isolation === 'basic' && flags.allowBasic !== true)
    throw new UsageError(
      '--isolation basic runs student code as root inside Gradescope, next to the grader, its secret salt and results.json (a submission can forge its score): pass --allow-basic as well if that is really wanted',
    );
  const config: GradescopeConfig = {
    exercise: { id: spec.id, specSha256: spec.sha256, file: SPEC_NAME },
    salt,
    builtWith: harnessVersion(),
    isolation: flags.isolation,
    ...(flags.allowBasic === true ? { allowBasic: true } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    hiddenVisibility: flags.visibility,
  };
  const startFailure = renderGradescopeFailure({
    reason:
      'The autograder could not start (Node.js or convgrade is missing from the image). Please tell the course staff.',
    seconds: 0,
    harness: harnessVersion(),
    questions: spec.questions,
  });
  const entries = autograderEntries({ root: packageRoot(), specText, config, startFailure });
  const zip = createZip(entries);
  writeFileAtomic(flags.out, zip);
  return { bytes: zip.length, files: entries.length };
}
