import type { Command } from 'commander';

/** Every command file exports `register(program)`, which defines its options and action. */
export type RegisterCommand = (program: Command) => void;

type Loader = () => Promise<{ readonly register: RegisterCommand }>;

/**
 * Command name → the module that registers it, in the order `--help` lists them. Modules load on
 * demand: `convgrade check` imports only check's graph, not the zip writer, the regrader or the
 * validator (every start counts for P1). Add one line per command.
 */
const LOADERS: ReadonlyArray<readonly [string, Loader]> = [
  ['check', () => import('./check.js')],
  ['grade', () => import('./grade.js')],
  ['merge', () => import('./merge.js')],
  ['report', () => import('./merge.js')],
  ['validate', () => import('./validate.js')],
  ['variant', () => import('./variant.js')],
  ['reference', () => import('./reference.js')],
  ['gradescope', () => import('./gradescope.js')],
  ['prairielearn', () => import('./prairielearn.js')],
  ['regrade', () => import('./regrade.js')],
  ['init', () => import('./init.js')],
];

/**
 * The register functions needed for this command line: only the named command's module when the
 * first argument names one, every module otherwise (`--help`, a typo, no command), so help lists
 * everything and an unknown command still gets commander's error.
 */
export async function loadCommands(name: string | undefined): Promise<RegisterCommand[]> {
  const chosen = LOADERS.filter(([command]) => command === name);
  const loaders = chosen.length > 0 ? chosen : LOADERS;
  const modules = await Promise.all([...new Set(loaders.map(([, load]) => load))].map((load) => load()));
  return [...new Set(modules.map((module) => module.register))];
}
