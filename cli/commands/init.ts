/**
 * `convgrade init [--lang ts|js|py|ipynb] [--exercise E] [--dir D] [--force]`: a student's first
 * step. Copies the exercise's starter solution (solution.ts, solution.mjs or solution.py; for
 * ipynb, a notebook built from the Python starter: cli/notebook-starter.ts) and,
 * when the exercise has questions answered outside code, its answers.yaml into D. Starters live
 * beside the spec: <spec dir>/starters/<exercise id>/. Existing files are kept unless --force.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../grader/errors.js';
import { starterNotebook } from '../notebook-starter.js';
import { DEFAULT_EXERCISE, loadExercise } from '../options.js';
import { resolveExercise } from '../resolve-exercise.js';
import { writeFileAtomic } from '../write-atomic.js';

export type StarterLanguage = 'ts' | 'js' | 'py' | 'ipynb';

export interface InitFlags {
  readonly lang: StarterLanguage;
  readonly exercise: string;
  readonly dir: string;
  readonly force?: boolean;
}

const SOLUTION_FILE: Readonly<Record<StarterLanguage, string>> = {
  ts: 'solution.ts',
  js: 'solution.mjs',
  py: 'solution.py',
  ipynb: 'solution.ipynb',
};
/** The starter each language is written from (a notebook is built from the Python one). */
const STARTER_FILE: Readonly<Record<StarterLanguage, string>> = { ...SOLUTION_FILE, ipynb: 'solution.py' };
const ANY_SOLUTION = /^solution\.(ts|js|mjs|py|ipynb)$/;

export function register(program: Command): void {
  program
    .command('init')
    .description('write a starter solution and answers.yaml for an exercise')
    .addOption(
      new Option('--lang <language>', 'the language of the starter solution')
        .choices(['ts', 'js', 'py', 'ipynb'])
        .default('ts'),
    )
    .option('--exercise <spec>', 'a spec file or a bundled exercise id', DEFAULT_EXERCISE)
    .option('--dir <dir>', 'where to write the files', '.')
    .option('--force', 'overwrite existing starter files')
    .action((flags: InitFlags) => {
      const written = initCommand(flags);
      const where = relative(process.cwd(), resolve(flags.dir));
      const exercise = flags.exercise === DEFAULT_EXERCISE ? '' : ` --exercise ${flags.exercise}`;
      process.stdout.write(
        `Wrote ${written.join(' and ')} in ${where === '' ? 'this folder' : `${where}/`}.\nNext: fill in the TODOs, then run \`npx convgrade check${where === '' ? '' : ` ${where}`}${exercise}\` (add --watch to check again on every save).\n`,
      );
    });
}

/** Writes the starter files and returns their names; refuses to overwrite without --force. */
export function initCommand(flags: InitFlags): string[] {
  const specPath = resolveExercise(flags.exercise);
  const spec = loadExercise(specPath);
  const starters = join(dirname(specPath), 'starters', spec.id);
  const solution = SOLUTION_FILE[flags.lang];
  const starter = join(starters, STARTER_FILE[flags.lang]);
  if (!existsSync(starter)) {
    throw new UsageError(`${spec.id} has no ${flags.lang} starter (looked for ${starter})`);
  }
  const files = [solution, ...(existsSync(join(starters, 'answers.yaml')) ? ['answers.yaml'] : [])];

  const dir = resolve(flags.dir);
  const present = existsSync(dir) ? readdirSync(dir) : [];
  const other = present.filter((name) => ANY_SOLUTION.test(name) && name !== solution);
  if (other.length > 0) {
    throw new UsageError(
      `${dir} already holds ${other.join(', ')}; a submission has exactly one solution file, so remove it or choose another --dir`,
    );
  }
  const clashes = files.filter((name) => present.includes(name));
  if (clashes.length > 0 && flags.force !== true) {
    throw new UsageError(
      `${clashes.join(' and ')} already exist in ${dir}: pass --force to overwrite them with the starter`,
    );
  }
  for (const name of files) {
    const text =
      name === solution && flags.lang === 'ipynb'
        ? starterNotebook(spec, readFileSync(starter, 'utf8'))
        : readFileSync(join(starters, name));
    writeFileAtomic(join(dir, name), text);
  }
  return files;
}
