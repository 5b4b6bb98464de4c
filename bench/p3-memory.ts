/**
 * P3 (PERFORMANCE.md): the grader's peak resident set (VmHWM of the CLI process itself, read
 * from /proc/self/status by a `node --import` hook as it exits; sandboxes and esbuild are other
 * processes and not counted) stays ≤ 250 MB and flat in the number of submissions:
 *
 * - `convgrade grade` of 1000 and 5000 submissions (`--rss-sizes`), `--jobs 2`, strict isolation,
 *   hidden cases, every output format. Grading 5000 of the P2 mix takes over an hour on two
 *   loaded cores (a Python submission costs ≈ 0.7–1.5 s of slot time), so these batches use a
 *   cheaper mix of the same templates (RSS_MIX): 80% answers.yaml-only submissions (no sandbox;
 *   their results still list every question and case, ≈ 4 kB stored against ≈ 6.5 kB for code)
 *   and 20% TypeScript/JavaScript submissions run in the sandbox (correct and buggy, so esbuild,
 *   the relays and the sandbox pipes are in use throughout). Python and time-outs are left out:
 *   they change the time a batch takes, not what the grader keeps per student.
 * - `convgrade merge` of 4 shard folders and `convgrade report` of one folder, 1000 and 5000 stored
 *   results (`--p3-stored A,B`; bench/stored-results.ts). The results are real: one submission of every P2 template (Python
 *   included) is graded, then each result is copied under 5000 student ids in the P2 mix's
 *   proportions and written with the CLI's own writer (cli/outputs.ts: serializeResult at
 *   resultPath), split into shards by grader/batch's isInShard. Both render every format.
 *
 * Each figure is the median of `--p3-runs` runs (default 3). `--p3-compare FILE` measures
 * another build's bin/convgrade.js in the same rounds, alternating with this one (before/after).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { SubmissionResult } from '../grader/result.js';
import { makeBatch, TEMPLATES, type Batch, type Template } from './make-batch.js';
import { repoPath } from './paths.js';
import { rssProbe, runChecked, tempDir } from './processes.js';
import { median, summarize } from './stats.js';
import { seedResults, writeStoredTree, type StoredTree } from './stored-results.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

export interface MemoryConfig {
  /** Batch sizes graded for their peak RSS (none: merge and report only). */
  readonly gradeSizes: readonly number[];
  /** Numbers of stored results that report and merge read (none: grade only). */
  readonly storedSizes: readonly number[];
  readonly shards: number;
  readonly runs: number;
  readonly jobs: number;
  readonly timeoutMs: number;
  /** Another build's bin/convgrade.js, measured in the same rounds. */
  readonly compareCli?: string;
}

let config: MemoryConfig = {
  gradeSizes: [1000, 5000],
  storedSizes: [1000, 5000],
  shards: 4,
  runs: 3,
  jobs: 2,
  timeoutMs: 1000,
};

/** Called by bench/run.ts with `--rss-sizes`, `--p3-stored`, `--p3-runs`, `--p3-compare`. */
export function configureMemory(changes: Partial<MemoryConfig>): void {
  config = { ...config, ...changes };
}

const TARGET_MB = 250;
/**
 * Flat: what the peak may grow per submission added, from the smallest batch to the largest:
 * less than one result kept in memory (≈ 3.7 KiB of heap for this mix's results, measured in
 * every run by keptResultKiB), so keeping the results fails it.
 */
const FLAT_KIB_PER_SUBMISSION = 3;
const SECRET = 'convgrade-bench-p3-secret-salt-0001';
const MB_PER_MIB = 1.048576;
const CLASS_FILES = ['summary.html', 'junit.xml', 'grades.csv', 'summary.md'];
const COMPARED = 'compared build';

const STAFF = ['exercises', 'solutions', 'ex9-convolution'];
function template(name: string): Template {
  const found = TEMPLATES.find((t) => t.name === name);
  if (found === undefined) throw new Error(`bench/make-batch.ts has no template "${name}"`);
  return found;
}

/** The mix of the grade runs, per 1000: answers.yaml only 800, TypeScript/JavaScript 200. */
export const RSS_MIX: readonly Template[] = [
  {
    name: 'staff-answers',
    language: 'answers-only',
    expect: 'buggy',
    per1000: 600,
    dir: STAFF,
    files: ['answers.yaml'],
  },
  { ...template('grace'), per1000: 200 },
  { ...template('staff-ts'), per1000: 70 },
  { ...template('staff-js'), per1000: 40 },
  { ...template('carol'), per1000: 30 },
  { ...template('erin'), per1000: 30 },
  { ...template('ivan'), per1000: 30 },
];

interface Build {
  readonly label: string;
  readonly cli: string;
}

interface Sample {
  readonly mib: number;
  readonly ms: number;
  readonly load: number;
}

interface Workload {
  readonly workload: string;
  readonly impl: string;
  /** Submissions graded or results stored: what "flat" is measured against. */
  readonly size: number;
  readonly args: (out: string) => string[];
  /** Throws unless the outputs are all there. */
  readonly check: (out: string) => void | Promise<void>;
}

function countJson(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    count += 1;
    bytes += statSync(join(dir, name)).size;
  }
  return { count, bytes };
}

/** Every format written for `size` students: results, reports, per-student platform files, class files. */
function checkOutputs(out: string, size: number, what: string): void {
  const results = countJson(join(out, 'results')).count;
  const missing = CLASS_FILES.filter((f) => !existsSync(join(out, f)));
  const perStudent = ['reports', 'gradescope', 'prairielearn', 'classroom'].map(
    (dir) => [dir, existsSync(join(out, dir)) ? readdirSync(join(out, dir)).length : 0] as const,
  );
  const short = perStudent.filter(([, n]) => n !== size);
  // Temp files (atomic writes, a result spool) must all be gone when the command has exited.
  const leftovers = readdirSync(out).filter((name) => name.startsWith('.'));
  if (results !== size || missing.length > 0 || short.length > 0 || leftovers.length > 0) {
    throw new Error(
      `${what}: ${results} results of ${size}, missing ${missing.join(', ') || 'no class file'}, ${short.map(([d, n]) => `${d} ${n}`).join(', ') || 'every per-student folder complete'}, left over: ${leftovers.join(', ') || 'nothing'}`,
    );
  }
}

/** What the largest grade run wrote: stored bytes and heap bytes per result. */
const resultCost = { storedKiB: NaN, heapKiB: NaN };

async function checkGraded(out: string, size: number): Promise<void> {
  checkOutputs(out, size, `grade of ${size}`);
  const dir = join(out, 'results');
  let bad = 0;
  for (const name of readdirSync(dir)) {
    const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as SubmissionResult;
    if (r.status !== 'graded' || r.isolation !== 'strict') bad += 1;
  }
  if (bad > 0) throw new Error(`grade of ${size}: ${bad} results ungradable or not strict`);
  if (size === Math.max(...config.gradeSizes)) {
    const { count, bytes } = countJson(dir);
    resultCost.storedKiB = bytes / count / 1024;
    resultCost.heapKiB = await keptResultKiB(dir);
  }
}

/**
 * The heap one result costs when kept in memory, as the previous grade kept them all: a fresh
 * Node process parses up to 1000 of the stored results and holds them, collecting garbage
 * before and after (a fresh process, so no string of an earlier parse is shared).
 */
async function keptResultKiB(dir: string): Promise<number> {
  const script = [
    "const { readdirSync, readFileSync } = require('node:fs');",
    "const { join } = require('node:path');",
    'const dir = process.argv[1];',
    "const texts = readdirSync(dir).slice(0, 1000).map((name) => readFileSync(join(dir, name), 'utf8'));",
    "JSON.parse(texts[0] ?? 'null'); // warm-up: the parser's own first allocations are not a result's",
    'gc(); gc();',
    'const before = process.memoryUsage().heapUsed;',
    'const kept = texts.map((text) => JSON.parse(text));',
    'gc(); gc();',
    'process.stdout.write(String((process.memoryUsage().heapUsed - before) / kept.length / 1024));',
  ].join('\n');
  const done = await runChecked(
    { file: process.execPath, args: ['--expose-gc', '-e', script, dir] },
    'the heap of kept results',
  );
  return Number(done.stdout);
}

/** "1000 submissions: staff-answers 600, grace 200, …; 130 TypeScript, 70 JavaScript, 800 answers.yaml only". */
function describeMix(batch: Batch): string {
  const count = (key: (t: { template: string; language: string }) => string): string[] => {
    const counts = new Map<string, number>();
    for (const e of batch.entries) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
    return [...counts].map(([name, n]) => `${name} ${n}`);
  };
  return `${batch.entries.length} submissions: ${count((e) => e.template).join(', ')} (${count((e) => e.language).join(', ')})`;
}

async function sample(workload: Workload, build: Build, work: string, tag: string): Promise<Sample> {
  const out = join(work, `out-${tag}`);
  const probe = rssProbe();
  const load = loadavg()[0] ?? 0;
  try {
    const done = await runChecked(
      { file: process.execPath, args: [...probe.nodeFlags, build.cli, ...workload.args(out)], cwd: work },
      `${workload.impl} (${build.label}, ${workload.workload})`,
    );
    const rss = probe.read();
    if (rss === undefined) throw new Error('The RSS hook wrote nothing: did the CLI exit normally?');
    await workload.check(out);
    return { mib: rss.hwmMiB, ms: done.ms, load };
  } finally {
    probe.remove();
    rmSync(out, { recursive: true, force: true, maxRetries: 3 });
  }
}

function gradeWorkload(batch: Batch, size: number, secret: string): Workload {
  return {
    workload: `${size} submissions`,
    impl: 'convgrade grade',
    size,
    args: (out) => [
      'grade',
      batch.dir,
      '--secret',
      secret,
      '--out',
      out,
      '--jobs',
      String(config.jobs),
      '--isolation',
      'strict',
      '--timeout-ms',
      String(config.timeoutMs),
    ],
    check: (out) => checkGraded(out, size),
  };
}

async function runP3(context: SuiteContext): Promise<SuiteResult> {
  const work = tempDir('p3');
  try {
    const secret = join(work.path, 'secret.txt');
    writeFileSync(secret, `${SECRET}\n`);
    const main: Build = { label: 'this build', cli: repoPath('bin', 'convgrade.js') };
    const builds: Build[] = [main];
    if (config.compareCli !== undefined) builds.push({ label: COMPARED, cli: config.compareCli });

    const sizes = [...new Set(config.gradeSizes)].sort((a, b) => a - b);
    const storedSizes = [...new Set(config.storedSizes)].sort((a, b) => a - b);
    const batches = new Map<number, Batch>();
    for (const size of sizes) batches.set(size, makeBatch(size, join(work.path, `subs-${size}`), 20261125, RSS_MIX));
    const trees = new Map<number, StoredTree>();
    if (storedSizes.length > 0) {
      context.log(`P3: seeding ${storedSizes.join(' and ')} stored results from one graded submission per P2 template`);
      const seeds = await seedResults(main.cli, work.path, { secret, jobs: config.jobs, timeoutMs: config.timeoutMs });
      for (const count of storedSizes) {
        const dir = join(work.path, `stored-${count}`);
        mkdirSync(dir, { recursive: true });
        trees.set(count, writeStoredTree(seeds, dir, { count, shardCount: config.shards }));
      }
    }

    const workloads: Workload[] = [
      ...sizes.map((size) => gradeWorkload(batches.get(size) as Batch, size, secret)),
      ...storedSizes.map((count): Workload => ({
        workload: `${count} stored results in ${config.shards} shards`,
        impl: 'convgrade merge',
        size: count,
        args: (out) => ['merge', ...(trees.get(count) as StoredTree).shards, '--out', out],
        check: (out) => checkOutputs(out, count, 'merge'),
      })),
      ...storedSizes.map((count): Workload => ({
        workload: `${count} stored results`,
        impl: 'convgrade report',
        size: count,
        args: (out) => ['report', (trees.get(count) as StoredTree).whole, '--out', out],
        check: (out) => checkOutputs(out, count, 'report'),
      })),
    ];

    const samples = new Map<string, Sample[]>();
    const key = (w: Workload, b: Build): string => `${w.impl}|${w.workload}|${b.label}`;
    for (let round = 0; round < config.runs; round++) {
      for (const workload of workloads) {
        // Alternate which build goes first, so drift in the machine's load hits both alike.
        const order = round % 2 === 0 ? builds : [...builds].reverse();
        for (const build of order) {
          const s = await sample(workload, build, work.path, `${round}-${samples.size}`);
          samples.set(key(workload, build), [...(samples.get(key(workload, build)) ?? []), s]);
          context.log(
            `  round ${round + 1}: ${workload.impl}, ${workload.workload} (${build.label}): peak RSS ${s.mib.toFixed(1)} MiB, ${formatMs(s.ms)} ms, load ${s.load.toFixed(1)}`,
          );
        }
      }
    }

    const peak = (w: Workload, b: Build): number => median((samples.get(key(w, b)) ?? []).map((s) => s.mib));
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const workload of workloads) {
      for (const build of builds) {
        const list = samples.get(key(workload, build)) ?? [];
        const compared = builds.find((b) => b.label === COMPARED);
        rows.push({
          workload: workload.workload,
          op: 'peak RSS (MiB)',
          impl: build === main ? workload.impl : `${workload.impl} (${COMPARED})`,
          // MiB in the "ms" columns: the table is shared with the timing suites.
          stats: summarize(
            list.map((s) => s.mib),
            1,
          ),
          ratios: compared === undefined ? {} : { [COMPARED]: peak(workload, build) / peak(workload, compared) },
        });
        const loads = list.map((s) => s.load);
        notes.push(
          `${workload.impl}, ${workload.workload}${build === main ? '' : ` (${COMPARED})`}: peak RSS ${list.map((s) => s.mib.toFixed(1)).join(' / ')} MiB, wall ${list.map((s) => formatMs(s.ms)).join(' / ')} ms, 1-minute load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} at the starts`,
        );
      }
    }

    const verdicts: Verdict[] = [];
    const mb = (mib: number): string => `${(mib * MB_PER_MIB).toFixed(0)} MB`;
    // Each command is judged on its largest size, and flat from its smallest size to its largest.
    for (const impl of [...new Set(workloads.map((w) => w.impl))]) {
      const of = workloads.filter((w) => w.impl === impl).sort((a, b) => a.size - b.size);
      const small = of[0];
      const large = of[of.length - 1];
      if (small === undefined || large === undefined) continue;
      const mib = peak(large, main);
      verdicts.push({
        target: `P3 ${impl}, ${large.workload}: peak RSS ≤ ${TARGET_MB} MB`,
        met: mib * MB_PER_MIB <= TARGET_MB,
        detail: `median peak ${mib.toFixed(1)} MiB = ${mb(mib)}`,
      });
      if (large.size <= small.size) continue;
      const growth = mib - peak(small, main);
      const perSubmissionKiB = (growth * 1024) / (large.size - small.size);
      verdicts.push({
        target: `P3 flat: ${impl}'s peak grows ≤ ${FLAT_KIB_PER_SUBMISSION} KiB per ${impl === 'convgrade grade' ? 'submission' : 'result'} from ${small.size} to ${large.size}`,
        met: perSubmissionKiB <= FLAT_KIB_PER_SUBMISSION,
        detail: `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MiB over ${large.size - small.size} = ${perSubmissionKiB.toFixed(2)} KiB each`,
      });
    }
    const largest = trees.get(storedSizes[storedSizes.length - 1] ?? 0);
    notes.unshift(
      'The "ms" columns of this table hold MiB: VmHWM (peak resident set) of the CLI process itself, written by a `node --import` hook from /proc/self/status as it exits (children — sandboxes, esbuild — are separate processes and excluded). Medians of the runs listed below.',
      ...(sizes.length === 0
        ? []
        : [
            `grade: ${[...batches.values()].map(describeMix).join('; ')}. The mix (bench/p3-memory.ts RSS_MIX) is 80% answers.yaml only (the staff's and grace's: no sandbox, every code question "missing" but each of its cases listed) and 20% TS/JS from the P2 templates (correct and buggy), run in the strict sandbox; \`grade DIR --secret FILE --out DIR --jobs ${config.jobs} --isolation strict --timeout-ms ${config.timeoutMs}\`, every format; each run is checked: every result graded and strict, every per-student file and class file written, no temp file left. Its results are ${resultCost.storedKiB.toFixed(1)} KiB each stored and ${resultCost.heapKiB.toFixed(1)} KiB each in the heap when kept (1000 of them parsed and held, garbage collected before and after).`,
          ]),
      ...(largest === undefined
        ? []
        : [
            `merge and report: ${storedSizes.join(' and ')} stored results, copies under new ids of one really graded submission per P2 template in the P2 proportions (for ${storedSizes[storedSizes.length - 1]}: ${[...largest.counts].map(([t, n]) => `${t} ${n}`).join(', ')}; ${(largest.meanBytes / 1024).toFixed(1)} KiB per stored result), written by cli/outputs.ts serializeResult; merge reads ${config.shards} shard folders split by isInShard; both write every format, and every output is checked.`,
          ]),
      `"Flat" allows ${FLAT_KIB_PER_SUBMISSION} KiB of peak per added submission or result, less than the heap of one kept result (above), so it fails if the command keeps the results it has written or read. The peak is a short spike between two garbage collections (for grade: heap used ≈ 20 MiB after a collection, ≈ 55–60 MiB just before one), which is why it moves by several MiB from run to run, most for the smaller size.`,
    );
    if (config.compareCli !== undefined)
      notes.push(`${COMPARED}: ${config.compareCli}, run in the same rounds, alternating which goes first.`);
    return {
      id: 'p3',
      title: 'peak RSS of grade, merge and report',
      baselines: config.compareCli === undefined ? [] : [COMPARED],
      rows,
      verdicts,
      notes,
    };
  } finally {
    work.remove();
  }
}

export const p3Suite: Suite = { id: 'p3', title: 'peak RSS of grade, merge and report', run: runP3 };
