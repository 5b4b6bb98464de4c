/**
 * The Gradescope autograder zip: setup.sh and run_autograder at the root, the exercise spec,
 * the build-time settings (with the secret salt) and a copy of the harness itself
 * (package.json, package-lock.json, bin/, the built dist/ and the exercise specs and starters),
 * which setup.sh completes with `npm ci --omit=dev`. Staff solutions, source maps and the
 * benchmarks stay out: nothing in the image is needed only by authors.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../grader/errors.js';
import type { IsolationRequest } from '../../grader/run/index.js';
import type { GradescopeVisibility } from '../../reports/index.js';
import type { ZipEntry } from '../zip.js';
import { CONFIG_NAME, HARNESS_DIR, RUN_AUTOGRADER, SETUP_SH, SPEC_NAME, START_FAILURE_NAME } from './scripts.js';

/** What `gradescope run` needs to know, fixed when the zip is built. */
export interface GradescopeConfig {
  readonly exercise: { readonly id: string; readonly specSha256: string; readonly file: string };
  readonly salt: string;
  readonly builtWith: string;
  readonly isolation: IsolationRequest;
  /** Only when the TA asked for it (`--allow-basic`): grade even where student code would run as root. */
  readonly allowBasic?: boolean;
  readonly timeoutMs?: number;
  readonly hiddenVisibility: GradescopeVisibility;
}

/** The folder holding convgrade's package.json (the source checkout or the installed package). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'convgrade') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new UsageError(`Cannot find convgrade's package.json above ${from}`);
    dir = parent;
  }
}

const SKIP = [/^dist\/bench\//, /^dist\/test\//, /\.map$/, /\.tsbuildinfo$/, /^exercises\/solutions\//, /(^|\/)\./];

/** The harness files, as zip entries under convgrade/. */
export function harnessEntries(root: string): ZipEntry[] {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new UsageError(`${join(root, 'dist')} holds no built CLI: run \`npm run build\` first`);
  }
  const files: string[] = ['package.json', 'package-lock.json'];
  for (const folder of ['bin', 'dist', 'exercises']) files.push(...walk(root, join(root, folder)));
  return files
    .filter((file) => !SKIP.some((pattern) => pattern.test(file)))
    .sort()
    .map((file) => {
      const mode = statSync(join(root, file)).mode & 0o111 ? 0o755 : 0o644;
      return { name: `${HARNESS_DIR}/${file}`, data: readFileSync(join(root, file)), mode };
    });
}

function walk(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) out.push(...walk(root, path));
    else if (stats.isFile()) out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

/** Every entry of the autograder zip, scripts first. */
export function autograderEntries(options: {
  readonly root: string;
  readonly specText: Uint8Array;
  readonly config: GradescopeConfig;
  /** The results.json for a run where Node cannot start (renderGradescopeFailure of the exercise). */
  readonly startFailure?: string;
}): ZipEntry[] {
  return [
    { name: 'setup.sh', data: Buffer.from(SETUP_SH), mode: 0o755 },
    { name: 'run_autograder', data: Buffer.from(RUN_AUTOGRADER), mode: 0o755 },
    // The salt is secret: the zip goes to Gradescope's staff side only (see docs/tas.md).
    { name: CONFIG_NAME, data: Buffer.from(`${JSON.stringify(options.config, null, 2)}\n`), mode: 0o600 },
    { name: SPEC_NAME, data: options.specText, mode: 0o644 },
    ...(options.startFailure === undefined
      ? []
      : [{ name: START_FAILURE_NAME, data: Buffer.from(options.startFailure), mode: 0o644 }]),
    ...harnessEntries(options.root),
  ];
}
