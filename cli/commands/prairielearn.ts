/**
 * `convgrade prairielearn run`: the external-grading entrypoint of a PrairieLearn question. It
 * grades /grade/student (PRAIRIELEARN_GRADE_ROOT or --root for another tree) and always writes
 * /grade/results/results.json, then exits 0: PrairieLearn reads the file, not the exit code, and a
 * failure is already in the file as `gradable: false` with its reason.
 */
import { Option, type Command } from 'commander';
import type { IsolationRequest } from '../../grader/run/index.js';
import { DEFAULT_EXERCISE } from '../options.js';
import { runPrairieLearn, SECRET_NAME } from '../prairielearn/run.js';

interface PrairieLearnFlags {
  readonly root?: string;
  readonly exercise: string;
  readonly secret?: string;
  readonly public?: boolean;
  readonly isolation: IsolationRequest;
  readonly timeoutMs?: string;
}

export function register(program: Command): void {
  const prairielearn = program
    .command('prairielearn')
    .description('grade inside a PrairieLearn external grader (writes /grade/results/results.json)');
  prairielearn
    .command('run')
    .description('grade /grade/student on its hidden variant and write /grade/results/results.json')
    .option('--root <dir>', 'the grading folder (default: $PRAIRIELEARN_GRADE_ROOT or /grade)')
    .option(
      '--exercise <spec>',
      'a bundled exercise id, or a spec path (relative paths are looked up in <root>/tests, then <root>/serverFilesCourse)',
      DEFAULT_EXERCISE,
    )
    .option(
      '--secret <file>',
      `file holding the secret salt (default: <root>/tests/${SECRET_NAME}, else CONVGRADE_SECRET)`,
    )
    .option('--public', 'grade on the public variants instead (no secret needed)')
    .addOption(new Option('--isolation <level>', 'sandbox level').choices(['strict', 'basic', 'auto']).default('auto'))
    .option('--timeout-ms <ms>', 'wall-clock limit per function call')
    .action(async (flags: PrairieLearnFlags) => {
      const outcome = await runPrairieLearn({
        root: flags.root ?? process.env['PRAIRIELEARN_GRADE_ROOT'] ?? '/grade',
        exercise: flags.exercise,
        isolation: flags.isolation,
        env: process.env,
        ...(flags.secret === undefined ? {} : { secretFile: flags.secret }),
        ...(flags.public === true ? { public: true } : {}),
        ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
      });
      process.stdout.write(
        `${outcome.gradable ? `Graded ${outcome.student ?? ''}: score ${outcome.score}` : 'Not gradable: see results.json'}. Wrote ${outcome.resultsPath}\n`,
      );
    });
}
