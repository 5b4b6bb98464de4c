/**
 * P2 and P3 (PERFORMANCE.md): `convgrade grade` of a generated batch (bench/make-batch.ts: 500
 * mixed TS/JS/Python submissions by default) on the hidden cases (`--secret`), every output
 * format, `--jobs 2`, strict isolation, `--timeout-ms 1000`.
 *
 * P2 target: batch wall time ≤ 1.5 × the limit, where the limit is the sum of one bare sandboxed
 * interpreter start per submission (sandboxed `node -e 0` for TS/JS, sandboxed
 * `python3 -I -c 'import numpy'` for Python, nothing for an answers.yaml-only submission)
 * ÷ the 2 cores. The starts are timed in the same run, interleaved with the batches (k samples
 * of each before or after every batch, order alternating); the limit of a round uses that
 * round's medians. Two secondary limits are reported beside the target as written:
 * "+ imports" replaces `import numpy` by the student file's own import lines (the staff
 * solution imports scipy.signal, ~0.6 s more), and "+ imports + time-outs" also charges the
 * wall time a submission is allowed to spend in time-outs (each timed-out call at the
 * per-call limit, at most the per-submission budget).
 *
 * Each batch's grader peak RSS and CPU are logged too (the `node --import` hook of
 * processes.ts); P3, peak RSS up to 5000 submissions, is bench/p3-memory.ts.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeBatch, makeBatch, type Batch, type BatchEntry } from './make-batch.js';
import { measureVariants } from './p2-variants.js';
import {
  convgrade,
  runChecked,
  runTimed,
  rssProbe,
  sandboxBaselines,
  tempDir,
  type Command,
  type SandboxBaselines,
} from './processes.js';
import { median, summarize, type Stats } from './stats.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

export interface BatchConfig {
  /** Submissions in the P2 batch. */
  readonly size: number;
  /** Batches graded for P2 (each one a sample). */
  readonly runs: number;
  readonly jobs: number;
  readonly timeoutMs: number;
  /** Samples of each sandboxed start per batch. */
  readonly startSamples: number;
}

let config: BatchConfig = { size: 500, runs: 3, jobs: 2, timeoutMs: 1000, startSamples: 5 };

/** Called by bench/run.ts with `--batch N`, `--batch-runs N`. */
export function configureBatch(changes: Partial<BatchConfig>): void {
  config = { ...config, ...changes };
}

const TARGET_P2 = 1.5;
const SECRET = 'convgrade-bench-p2-secret-salt-0001';

interface Result {
  readonly submission: { readonly id: string; readonly language: string | null };
  readonly status: string;
  readonly score: number;
  readonly maxScore: number;
  readonly durationMs: number;
  readonly isolation: string;
  readonly questions: readonly { readonly cases: readonly { readonly status: string; readonly message: string }[] }[];
}

interface BatchRun {
  readonly size: number;
  readonly ms: number;
  readonly hwmMiB: number;
  readonly cpuMs: number;
  readonly results: readonly Result[];
}

interface Prepared {
  readonly batch: Batch;
  readonly work: { readonly path: string; readonly remove: () => void };
  readonly secret: string;
}

const prepared = new Map<number, Prepared>();

function prepare(size: number): Prepared {
  let found = prepared.get(size);
  if (found === undefined) {
    const work = tempDir(`batch${size}`);
    const batch = makeBatch(size, join(work.path, 'subs'));
    const secret = join(work.path, 'secret.txt');
    writeFileSync(secret, `${SECRET}\n`);
    found = { batch, work, secret };
    prepared.set(size, found);
  }
  return found;
}

function cleanup(): void {
  for (const p of prepared.values()) p.work.remove();
  prepared.clear();
}

const FORMAT_FILES = ['summary.html', 'junit.xml', 'grades.csv', 'summary.md'];

/** Grades one batch with the real CLI; checks every output format is there and nothing was ungradable. */
async function gradeBatch(size: number, log: (line: string) => void): Promise<BatchRun> {
  const { batch, work, secret } = prepare(size);
  const out = join(work.path, `out-${performance.now().toFixed(0)}`);
  const probe = rssProbe();
  try {
    const args = [
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
    ];
    const done = await runChecked(convgrade(args, work.path, probe.nodeFlags), `convgrade grade (${size} submissions)`);
    const rss = probe.read();
    if (rss === undefined) throw new Error('The RSS hook wrote nothing: did the grader exit normally?');
    const names = readdirSync(join(out, 'results')).filter((n) => n.endsWith('.json'));
    const results = names.map((n) => JSON.parse(readFileSync(join(out, 'results', n), 'utf8')) as Result);
    if (results.length !== size) throw new Error(`${results.length} results for ${size} submissions`);
    const ungradable = results.filter((r) => r.status !== 'graded');
    if (ungradable.length > 0)
      throw new Error(`${ungradable.length} ungradable submissions, e.g. ${ungradable[0]?.submission.id}`);
    const notStrict = results.filter((r) => r.isolation !== 'strict');
    if (notStrict.length > 0) throw new Error(`${notStrict.length} submissions not graded under strict isolation`);
    const missing = FORMAT_FILES.filter((f) => !existsSync(join(out, f)));
    const reports = readdirSync(join(out, 'reports')).length;
    const gradescope = readdirSync(join(out, 'gradescope')).length;
    const classroom = readdirSync(join(out, 'classroom')).length;
    if (missing.length > 0 || reports !== size || gradescope !== size || classroom !== size) {
      throw new Error(
        `Missing outputs: ${missing.join(', ')} reports ${reports}, gradescope ${gradescope}, classroom ${classroom} of ${size}`,
      );
    }
    log(
      `  graded ${size} in ${formatMs(done.ms)} ms, grader peak RSS ${rss.hwmMiB.toFixed(1)} MiB, grader CPU ${formatMs(rss.cpuMs)} ms`,
    );
    return { size, ms: done.ms, hwmMiB: rss.hwmMiB, cpuMs: rss.cpuMs, results };
  } finally {
    probe.remove();
    rmSync(out, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The top-level import lines of a Python file: what the student's module costs to import. */
function pythonImports(source: string): string {
  const lines = source.split('\n').filter((line) => /^(import|from)\s+\S/.test(line));
  return lines.length === 0 ? 'import numpy' : lines.join('\n');
}

interface Start {
  readonly command: Command;
  /** Submissions this start stands for. */
  readonly count: number;
  readonly mayFail: boolean;
  /** The Python import lines it runs, for the import sets. */
  readonly code?: string;
}

interface StartKinds {
  /** Baseline name → its command and the submissions it stands for. */
  readonly starts: Map<string, Start>;
  /** How many submissions start which interpreter, for the limit as written. */
  readonly nodeCount: number;
  readonly pyCount: number;
  /** Import set name → count, for the "+ imports" limit. */
  readonly importSets: Map<string, number>;
}

const NODE_START = 'sandboxed node -e 0';
const NUMPY_START = 'sandboxed python3 -c "import numpy"';

function startKinds(batch: Batch, sandbox: SandboxBaselines): StartKinds {
  let nodeCount = 0;
  let pyCount = 0;
  const importSets = new Map<string, number>();
  const names = new Map<string, string>();
  for (const entry of batch.entries) {
    if (entry.language === 'ts' || entry.language === 'js') nodeCount += 1;
    if (entry.language !== 'py' || entry.solutionPath === undefined) continue;
    pyCount += 1;
    const code = pythonImports(readFileSync(entry.solutionPath, 'utf8'));
    let name = names.get(code);
    if (name === undefined) {
      name = `sandboxed python3 + imports #${names.size + 1}`;
      names.set(code, name);
    }
    importSets.set(name, (importSets.get(name) ?? 0) + 1);
  }
  const starts = new Map<string, Start>([
    [NODE_START, { command: sandbox.node, count: nodeCount, mayFail: false }],
    [NUMPY_START, { command: sandbox.python('import numpy'), count: pyCount, mayFail: false }],
  ]);
  for (const [code, name] of names) {
    // An import that fails (heidi's removed scipy.signal.gaussian) still costs its time.
    starts.set(name, { command: sandbox.python(code), count: importSets.get(name) ?? 0, mayFail: true, code });
  }
  return { starts, nodeCount, pyCount, importSets };
}

function describeImports(kinds: StartKinds): string[] {
  return [...kinds.starts]
    .filter(([, start]) => start.code !== undefined)
    .map(([name, start]) => `${name} (${start.count} submissions): \`${(start.code ?? '').replace(/\n/g, '; ')}\``);
}

function timedOutCalls(result: Result): number {
  // A case answered "Not run: …" (a function not called again after its time-out, or a spent
  // budget) waited for nothing.
  return result.questions.reduce(
    (n, q) => n + q.cases.filter((c) => c.status === 'timeout' && !c.message.includes('Not run:')).length,
    0,
  );
}

/** Wall time a submission may spend waiting on its own time-outs: each at the per-call limit, within the budget (6×). */
function timeoutChargeMs(results: readonly Result[]): number {
  return results.reduce((sum, r) => sum + Math.min(timedOutCalls(r) * config.timeoutMs, 6 * config.timeoutMs), 0);
}

async function sampleStarts(kinds: StartKinds, samples: Map<string, number[]>, k: number): Promise<void> {
  for (let s = 0; s < k; s++) {
    for (const [name, start] of kinds.starts) {
      const done = start.mayFail ? await runTimed(start.command) : await runChecked(start.command, name);
      samples.get(name)?.push(done.ms);
    }
  }
}

function templateBreakdown(batch: Batch, runs: readonly BatchRun[]): string {
  const byId = new Map<string, BatchEntry>(batch.entries.map((e) => [e.id, e]));
  const durations = new Map<string, number[]>();
  for (const run of runs) {
    for (const r of run.results) {
      const template = byId.get(r.submission.id)?.template ?? '?';
      durations.set(template, [...(durations.get(template) ?? []), r.durationMs]);
    }
  }
  const parts = [...durations]
    .sort((a, b) => median(b[1]) - median(a[1]))
    .map(([t, d]) => `${t} ${formatMs(median(d))}`);
  return `Median grading time per submission (result durationMs: intake to result, in one worker slot), by template, ms: ${parts.join(', ')}`;
}

async function runP2(context: SuiteContext): Promise<SuiteResult> {
  const notes: string[] = [];
  let sandbox: SandboxBaselines;
  try {
    sandbox = await sandboxBaselines();
  } catch (error: unknown) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      id: 'p2',
      title: 'convgrade grade of a batch',
      baselines: [],
      rows: [],
      verdicts: [{ target: 'P2', met: false, detail: `not measured: ${why}` }],
      notes: [],
    };
  }
  try {
    const { batch } = prepare(config.size);
    const kinds = startKinds(batch, sandbox);
    context.log(
      `P2: ${describeBatch(batch)}; ${config.runs} batches, --jobs ${config.jobs}, strict, --timeout-ms ${config.timeoutMs}`,
    );
    // Warm-up: the sandboxed starts, and a small batch (page cache, esbuild's binary, SciPy's files).
    const samples = new Map<string, number[]>([...kinds.starts.keys()].map((name) => [name, []]));
    await sampleStarts(kinds, new Map(), 1);
    await gradeBatch(Math.min(10, config.size), context.log);
    const runs: BatchRun[] = [];
    const perRound: { limit: number; imports: number; timeouts: number }[] = [];
    for (let round = 0; round < config.runs; round++) {
      const before = new Map<string, number[]>([...kinds.starts.keys()].map((name) => [name, []]));
      const batchFirst = round % 2 === 1;
      if (!batchFirst) await sampleStarts(kinds, before, config.startSamples);
      const run = await gradeBatch(config.size, context.log);
      if (batchFirst) await sampleStarts(kinds, before, config.startSamples);
      runs.push(run);
      for (const [name, values] of before) samples.get(name)?.push(...values);
      const m = (name: string): number => median(before.get(name) ?? [NaN]);
      const limit = (kinds.nodeCount * m(NODE_START) + kinds.pyCount * m(NUMPY_START)) / config.jobs;
      let importsSum = kinds.nodeCount * m(NODE_START);
      for (const [name, count] of kinds.importSets) importsSum += count * m(name);
      const imports = importsSum / config.jobs;
      const timeouts = imports + timeoutChargeMs(run.results) / config.jobs;
      perRound.push({ limit, imports, timeouts });
      context.log(
        `  round ${round + 1}: ${formatMs(run.ms)} ms; limit ${formatMs(limit)} ms (${(run.ms / limit).toFixed(2)}×), + imports ${formatMs(imports)} ms (${(run.ms / imports).toFixed(2)}×), + time-outs ${formatMs(timeouts)} ms (${(run.ms / timeouts).toFixed(2)}×)`,
      );
    }

    const LIMIT = 'limit';
    const IMPORTS = 'limit + imports';
    const TIMEOUTS = 'limit + imports + time-outs';
    const batchStats = summarize(
      runs.map((r) => r.ms),
      1,
    );
    const limitStats = summarize(
      perRound.map((r) => r.limit),
      1,
    );
    const importStats = summarize(
      perRound.map((r) => r.imports),
      1,
    );
    const timeoutStats = summarize(
      perRound.map((r) => r.timeouts),
      1,
    );
    const ratiosOf = (s: Stats): Record<string, number> => ({
      [LIMIT]: s.medianMs / limitStats.medianMs,
      [IMPORTS]: s.medianMs / importStats.medianMs,
      [TIMEOUTS]: s.medianMs / timeoutStats.medianMs,
    });
    const workload = `${config.size} submissions`;
    const rows: Row[] = [];
    for (const [name, start] of kinds.starts) {
      rows.push({
        workload: 'one start',
        op: `× ${start.count}`,
        impl: name,
        stats: summarize(samples.get(name) ?? [], 1),
        ratios: {},
      });
    }
    rows.push(
      { workload, op: `Σ starts ÷ ${config.jobs}`, impl: LIMIT, stats: limitStats, ratios: ratiosOf(limitStats) },
      { workload, op: `Σ starts ÷ ${config.jobs}`, impl: IMPORTS, stats: importStats, ratios: ratiosOf(importStats) },
      {
        workload,
        op: `Σ starts ÷ ${config.jobs}`,
        impl: TIMEOUTS,
        stats: timeoutStats,
        ratios: ratiosOf(timeoutStats),
      },
      {
        workload,
        op: `grade --jobs ${config.jobs}, all formats`,
        impl: 'convgrade grade',
        stats: batchStats,
        ratios: ratiosOf(batchStats),
      },
    );
    const ratio = batchStats.medianMs / limitStats.medianMs;
    const verdicts: Verdict[] = [
      {
        target: `P2 grade ≤ ${TARGET_P2}× the limit (as written)`,
        met: ratio <= TARGET_P2,
        detail: `${formatMs(batchStats.medianMs)} ms vs limit ${formatMs(limitStats.medianMs)} ms = ${ratio.toFixed(2)}×${ratio <= TARGET_P2 ? '' : `, needs ≤ ${formatMs(TARGET_P2 * limitStats.medianMs)} ms`}`,
      },
      {
        target: `secondary: ≤ ${TARGET_P2}× (starts with the students' own imports)`,
        met: batchStats.medianMs / importStats.medianMs <= TARGET_P2,
        detail: `${(batchStats.medianMs / importStats.medianMs).toFixed(2)}× of ${formatMs(importStats.medianMs)} ms`,
      },
      {
        target: `secondary: ≤ ${TARGET_P2}× (own imports + time-out waits)`,
        met: batchStats.medianMs / timeoutStats.medianMs <= TARGET_P2,
        detail: `${(batchStats.medianMs / timeoutStats.medianMs).toFixed(2)}× of ${formatMs(timeoutStats.medianMs)} ms`,
      },
    ];
    const { work, secret } = prepare(config.size);
    const variants = await measureVariants({
      batch,
      work: work.path,
      secret,
      jobs: config.jobs,
      timeoutMs: config.timeoutMs,
      runs: config.runs,
      nodeStartMs: median(samples.get(NODE_START) ?? [NaN]),
      pythonStartMs: median(samples.get(NUMPY_START) ?? [NaN]),
      mixedOnMs: runs.map((r) => r.ms),
      log: context.log,
    });
    rows.push(...variants.rows);
    verdicts.push(...variants.verdicts);
    const timeouts = runs[0]?.results.filter((r) => timedOutCalls(r) > 0).length ?? 0;
    const cpu = median(runs.map((r) => r.cpuMs));
    notes.push(
      `Batch (bench/make-batch.ts): ${describeBatch(batch)}. Graded with \`convgrade grade DIR --secret FILE --out DIR --jobs ${config.jobs} --isolation strict --timeout-ms ${config.timeoutMs}\` (hidden cases, every format), from a fresh output folder each time; every run is checked: ${config.size} results, none ungradable, all strict, every format written.`,
      `Limit as written = (${kinds.nodeCount} × sandboxed node -e 0 + ${kinds.pyCount} × sandboxed python3 -c "import numpy") ÷ ${config.jobs}; answers.yaml-only submissions start no interpreter and count 0. Starts are timed one at a time (${config.startSamples} samples of each per batch, before or after it, alternating) through grader/run's strictCommand chain.`,
      ...describeImports(kinds),
      `"+ time-outs" charges ${timeouts} submissions that time out (${formatMs(timeoutChargeMs(runs[0]?.results ?? []))} ms in all: each timed-out call at --timeout-ms ${config.timeoutMs}, at most the 6× budget) to the limit: wall time the student's code is allowed to take.`,
      `The grader process itself used ${formatMs(cpu)} ms of CPU per batch (median; user + system of the CLI process, children excluded) = ${formatMs(cpu / config.size)} ms per submission.`,
      templateBreakdown(batch, runs),
      ...variants.notes,
    );
    return {
      id: 'p2',
      title: `\`convgrade grade\` of ${config.size} submissions, --jobs ${config.jobs}, vs sandboxed interpreter starts`,
      baselines: [LIMIT, IMPORTS, TIMEOUTS, 'peer design'],
      rows,
      verdicts,
      notes,
    };
  } finally {
    await sandbox.close();
    cleanup();
  }
}

export const p2Suite: Suite = {
  id: 'p2',
  title: 'convgrade grade of a batch vs sandboxed interpreter starts',
  run: runP2,
};
