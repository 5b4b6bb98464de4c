/**
 * `npm run bench` entry: runs the registered suites (all, or those named: `node dist/bench/run.js p4`),
 * prints one table per suite, and records the figures in bench/results.json (git-ignored) and
 * the generated sections of BENCHMARKS.md. Options: `--runs N` (≥ 5, default 11),
 * `--warmup N` (default 2), `--min-sample-ms N` (default 20), `--no-write`; for P1 `--p1-compare
 * FILE` (another build's bin/convgrade.js, timed in the same rounds); for P2 `--batch N`
 * (submissions, default 500) and `--batch-runs N` (batches timed, default 3); for P3 `--rss-sizes
 * A,B` (batch sizes graded, default 1000,5000, or none), `--p3-stored A,B` (results merged and
 * reported, default 1000,5000, or none), `--p3-runs N` (default 3) and `--p3-compare FILE`
 * (another build's bin/convgrade.js, measured in the same rounds).
 * To add a target, export a {@link Suite} from its own file and list it in SUITES.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.js';
import { configureP1, p1Suite } from './p1-check.js';
import { configureBatch, p2Suite } from './p2-batch.js';
import { configureMemory, p3Suite } from './p3-memory.js';
import { p4Suite } from './p4-suite.js';
import { p5Suite } from './p5-validate.js';
import { repoPath } from './paths.js';
import { updateBenchmarksMd, writeResultsJson } from './report.js';
import type { Suite, SuiteContext, SuiteResult } from './suite.js';
import { renderText } from './table.js';

const SUITES: readonly Suite[] = [p1Suite, p2Suite, p3Suite, p4Suite, p5Suite];

function positiveInteger(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min)
    throw new RangeError(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return parsed;
}

/** "1000,5000" (the default), or "none" for no size at all. */
function sizeList(value: string | undefined, name: string): number[] {
  if (value?.trim() === 'none') return [];
  return (value ?? '1000,5000').split(',').map((size) => positiveInteger(size.trim(), name, 0, 1));
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      'min-sample-ms': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      batch: { type: 'string' },
      'batch-runs': { type: 'string' },
      'rss-sizes': { type: 'string' },
      'p3-stored': { type: 'string' },
      'p3-runs': { type: 'string' },
      'p3-compare': { type: 'string' },
      'p1-compare': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) {
    process.stdout.write(
      `Usage: node dist/bench/run.js [${SUITES.map((s) => s.id).join('|')}]… [--runs N] [--warmup N] [--min-sample-ms N] [--no-write] [--batch N] [--batch-runs N] [--rss-sizes A,B|none] [--p3-stored A,B|none] [--p3-runs N] [--p3-compare FILE] [--p1-compare FILE]\n`,
    );
    return;
  }
  const wanted = positionals.map((id) => id.toLowerCase());
  const unknown = wanted.filter((id) => !SUITES.some((suite) => suite.id === id));
  if (unknown.length > 0) {
    throw new RangeError(`Unknown suite ${unknown.join(', ')}; registered: ${SUITES.map((s) => s.id).join(', ')}`);
  }
  const selected = wanted.length === 0 ? SUITES : SUITES.filter((suite) => wanted.includes(suite.id));
  const batch = positiveInteger(values.batch, 'batch', 500, 1);
  configureBatch({
    size: batch,
    runs: positiveInteger(values['batch-runs'], 'batch-runs', 3, 1),
  });
  const compare = values['p3-compare'];
  configureMemory({
    gradeSizes: sizeList(values['rss-sizes'], 'rss-sizes'),
    storedSizes: sizeList(values['p3-stored'], 'p3-stored'),
    runs: positiveInteger(values['p3-runs'], 'p3-runs', 3, 1),
    ...(compare === undefined ? {} : { compareCli: resolve(compare) }),
  });
  configureP1(values['p1-compare'] === undefined ? {} : { compareCli: resolve(values['p1-compare']) });
  const machine = describeMachine();
  const context: SuiteContext = {
    runs: positiveInteger(values.runs, 'runs', 11, 5),
    warmup: positiveInteger(values.warmup, 'warmup', 2, 1),
    minSampleMs: positiveInteger(values['min-sample-ms'], 'min-sample-ms', 20, 0),
    machine,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  process.stdout.write(
    `${machine.nproc} cores, ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverage}\n\n`,
  );
  const results: SuiteResult[] = [];
  for (const suite of selected) {
    const result = await suite.run(context);
    results.push(result);
    process.stdout.write(`${renderText(result)}\n\n`);
  }
  if (values['no-write'] !== true) {
    const date = new Date().toISOString();
    writeResultsJson(repoPath('bench', 'results.json'), machine, results, date);
    updateBenchmarksMd(repoPath('BENCHMARKS.md'), machine, results, date);
    process.stdout.write('Wrote bench/results.json and BENCHMARKS.md\n');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
