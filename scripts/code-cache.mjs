// Trains the V8 code cache of the CLI bundle (bin/load-bundle.cjs reads it): runs the bundle once
// on the P1 workload, `convgrade check` of the staff TypeScript ex9 solution, and lets the loader
// write the cache as that process exits, with every function the run compiled. A failing run
// fails the build: it means the bundle itself is broken. Without the staff solution (a tree
// that has no exercises/solutions) there is nothing to train on and the bundle ships without a
// cache, which only costs start-up time.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOLUTION = join(root, 'exercises', 'solutions', 'ex9-convolution');

export async function trainCodeCache(bundleFile) {
  const files = ['solution.ts', 'answers.yaml'];
  if (!files.every((file) => existsSync(join(SOLUTION, file)))) {
    process.stderr.write(`code cache: no staff solution in ${SOLUTION}, the bundle ships without a code cache\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'convgrade-code-cache-'));
  try {
    const student = join(work, 'student');
    for (const file of files) cpSync(join(SOLUTION, file), join(student, file));
    const trainer = [
      `const { runBundle } = require(${JSON.stringify(join(root, 'bin', 'load-bundle.cjs'))});`,
      `runBundle({ bundle: ${JSON.stringify(bundleFile)}, writeCache: true });`,
    ].join('\n');
    // `node -e CODE -- ARGS`: process.argv is [node, ARGS…], so the CLI's argv[1] is a placeholder.
    const run = spawnSync(
      process.execPath,
      ['-e', trainer, '--', 'convgrade', 'check', student, '--report', join(work, 'report.html'), '--quiet'],
      // Minutes on the busiest machine; a run that never ends is a broken bundle too.
      // A cache folder of its own, empty: the run draws its variant and stores it (cli/variant-cache.ts),
      // so both paths are compiled into the code cache, and nothing is left in the builder's home.
      {
        cwd: work,
        encoding: 'utf8',
        env: { ...withoutNodeOptions(process.env), XDG_CACHE_HOME: join(work, 'cache') },
        timeout: 300_000,
        killSignal: 'SIGKILL',
      },
    );
    if (run.error !== undefined) throw new Error(`Training the code cache: ${run.error.message}`);
    if (run.status !== 0) {
      throw new Error(
        `Training the code cache: \`convgrade check\` of the staff solution exited with ${run.status ?? run.signal}:\n${run.stderr}${run.stdout}`,
      );
    }
    if (!existsSync(`${bundleFile}.cache`)) throw new Error(`Training the code cache wrote no ${bundleFile}.cache`);
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** V8 rejects a cache made under other flags: train with none, as a user's shell starts node. */
function withoutNodeOptions(env) {
  const clean = { ...env };
  delete clean.NODE_OPTIONS;
  return clean;
}
