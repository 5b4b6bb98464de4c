/**
 * P2 by language and by Python start (issue 13): the P2 batch split into its Python-only and its
 * TS/JS-only submissions, each graded with the Python zygote on (the default) and off
 * (CONVGRADE_PYTHON_ZYGOTE=0), the mixed batch with the zygote off beside P2's own (on) runs, and
 * the peer design: one `python3 -m unittest` per Python submission, over a test file that makes
 * the same calls (the same hidden cases, planCalls) with a per-call time limit, --jobs at a time,
 * unsandboxed (what Otter-Grader and gradescope-utils run inside their container, the container
 * not counted). Each batch is also set against its own limit as written (Σ bare sandboxed
 * starts ÷ cores), with the start medians P2 measured in the same run.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadExercises, generateVariant, planCalls, readSecretSalt } from '../grader/variant/index.js';
import type { Batch, BatchEntry } from './make-batch.js';
import { repoPath } from './paths.js';
import { convgrade, resolvePython, runChecked, runTimed, type Command } from './processes.js';
import { summarize, type Stats } from './stats.js';
import type { Row, Verdict } from './suite.js';
import { formatMs } from './table.js';

export interface VariantInput {
  readonly batch: Batch;
  readonly work: string;
  readonly secret: string;
  readonly jobs: number;
  readonly timeoutMs: number;
  readonly runs: number;
  /** Median ms of one sandboxed `node -e 0` and one sandboxed `python3 -c "import numpy"`, this run. */
  readonly nodeStartMs: number;
  readonly pythonStartMs: number;
  /** P2's own runs of the mixed batch (zygote on), ms. */
  readonly mixedOnMs: readonly number[];
  readonly log: (line: string) => void;
}

export interface VariantResult {
  readonly rows: Row[];
  readonly verdicts: Verdict[];
  readonly notes: string[];
}

const TARGET_PEER = 0.25;
const OFF = { CONVGRADE_PYTHON_ZYGOTE: '0' };
const OFF_RUNS = 1;

/** Copies the chosen submissions of the batch into a folder of their own (intake refuses symlinks). */
function subset(batch: Batch, dir: string, keep: (e: BatchEntry) => boolean): BatchEntry[] {
  mkdirSync(dir, { recursive: true });
  const entries = batch.entries.filter(keep);
  for (const e of entries) cpSync(join(batch.dir, e.id), join(dir, e.id), { recursive: true });
  return entries;
}

async function grade(dir: string, size: number, input: VariantInput, env: Record<string, string>, what: string) {
  const out = join(input.work, `out-${performance.now().toFixed(0)}`);
  const args = ['grade', dir, '--secret', input.secret, '--out', out, '--jobs', String(input.jobs)];
  args.push('--isolation', 'strict', '--timeout-ms', String(input.timeoutMs));
  const base = convgrade(args, input.work);
  const command: Command = { ...base, env: { ...(process.env as Record<string, string>), ...env } };
  try {
    const done = await runChecked(command, `convgrade grade (${what})`);
    const names = readdirSync(join(out, 'results')).filter((n) => n.endsWith('.json'));
    const results = names.map((n) => JSON.parse(readFileSync(join(out, 'results', n), 'utf8')) as { status: string });
    if (results.length !== size) throw new Error(`${what}: ${results.length} results for ${size} submissions`);
    const ungradable = results.filter((r) => r.status !== 'graded').length;
    if (ungradable > 0) throw new Error(`${what}: ${ungradable} ungradable submissions`);
    input.log(`  ${what}: ${formatMs(done.ms)} ms`);
    return done.ms;
  } finally {
    rmSync(out, { recursive: true, force: true, maxRetries: 3 });
  }
}

const UNITTEST = `import json, signal, unittest

import solution

with open('calls.json') as f:
    CALLS = json.load(f)
LIMIT = float(open('limit.txt').read())


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


class TestSolution(unittest.TestCase):
    def test_calls(self):
        signal.signal(signal.SIGALRM, _alarm)
        for fn, args in CALLS:
            with self.subTest(fn=fn):
                signal.setitimer(signal.ITIMER_REAL, LIMIT)
                try:
                    self.assertIsNotNone(getattr(solution, fn)(*args))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)


if __name__ == '__main__':
    unittest.main()
`;

/** The peer design's folders: each Python submission with test_solution.py and its hidden-case calls. */
function preparePeer(entries: readonly BatchEntry[], dir: string, input: VariantInput): string[] {
  const [spec] = loadExercises([repoPath('exercises', 'ex9-convolution.yaml')]);
  if (spec === undefined) throw new Error('ex9-convolution.yaml did not load');
  const salt = readSecretSalt({ secretFile: input.secret });
  const dirs: string[] = [];
  for (const e of entries) {
    const sub = join(dir, e.id);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'solution.py'), readFileSync(join(input.batch.dir, e.id, 'solution.py')));
    const variant = generateVariant(spec, { student: e.id, salt, visibility: 'hidden' });
    const calls = planCalls(spec, variant, 'py').calls.map((c) => [c.fn, c.args]);
    writeFileSync(join(sub, 'calls.json'), JSON.stringify(calls));
    writeFileSync(join(sub, 'limit.txt'), String(input.timeoutMs / 1000));
    writeFileSync(join(sub, 'test_solution.py'), UNITTEST);
    dirs.push(sub);
  }
  return dirs;
}

/** One python3 per submission, `jobs` at a time; a failing test run is an outcome, not an error. */
async function runPeer(dirs: readonly string[], input: VariantInput): Promise<number> {
  // The interpreter itself (sys.executable), as the grader runs it: never a shim (pyenv's costs ~0.5 s a start).
  const python = (await resolvePython()).executable;
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < dirs.length) {
      const cwd = dirs[next++] ?? '';
      await runTimed({ file: python, args: ['-B', '-m', 'unittest', '-q', 'test_solution'], cwd });
    }
  };
  await Promise.all(Array.from({ length: input.jobs }, worker));
  const ms = performance.now() - started;
  input.log(`  peer design (${dirs.length} × python3 -m unittest): ${formatMs(ms)} ms`);
  return ms;
}

export async function measureVariants(input: VariantInput): Promise<VariantResult> {
  const { batch, work } = input;
  const pyDir = join(work, 'py-only');
  const nodeDir = join(work, 'node-only');
  const py = subset(batch, pyDir, (e) => e.language === 'py');
  const node = subset(batch, nodeDir, (e) => e.language === 'ts' || e.language === 'js');
  const peerDirs = preparePeer(py, join(work, 'peer'), input);
  const mixedCount = batch.entries.length;
  const samples = { pyOn: [] as number[], pyOff: [] as number[], peer: [] as number[], node: [] as number[] };
  const mixedOff: number[] = [];
  // Warm-up: the page cache for the copies and python3's own files.
  await grade(pyDir, py.length, input, {}, `warm-up: Python-only ${py.length}, zygote on`);
  for (let round = 0; round < input.runs; round++) {
    // Alternating order, so a drift in the machine's load does not favour one side.
    const order =
      round % 2 === 0 ? (['pyOn', 'pyOff', 'peer', 'node'] as const) : (['peer', 'pyOff', 'pyOn', 'node'] as const);
    for (const kind of order) {
      // The zygote-off batches are the slow ones (a fresh python3 + scipy per Python sandbox): one round.
      if (round >= OFF_RUNS && kind === 'pyOff') continue;
      if (kind === 'pyOn') samples.pyOn.push(await grade(pyDir, py.length, input, {}, `Python-only, zygote on`));
      if (kind === 'pyOff') samples.pyOff.push(await grade(pyDir, py.length, input, OFF, `Python-only, zygote off`));
      if (kind === 'peer') samples.peer.push(await runPeer(peerDirs, input));
      if (kind === 'node') samples.node.push(await grade(nodeDir, node.length, input, {}, `TS/JS-only`));
    }
    if (round < OFF_RUNS)
      mixedOff.push(await grade(batch.dir, mixedCount, input, OFF, `mixed ${mixedCount}, zygote off`));
  }
  const pyLimit = (py.length * input.pythonStartMs) / input.jobs;
  const nodeLimit = (node.length * input.nodeStartMs) / input.jobs;
  const mixedLimit = pyLimit + nodeLimit;
  const stats = (values: readonly number[]): Stats => summarize([...values], 1);
  const peer = stats(samples.peer);
  const row = (workload: string, impl: string, s: Stats, limit: number, withPeer: boolean): Row => ({
    workload,
    op: `grade --jobs ${input.jobs}`,
    impl,
    stats: s,
    ratios: { limit: s.medianMs / limit, ...(withPeer ? { 'peer design': s.medianMs / peer.medianMs } : {}) },
  });
  const pyWork = `Python-only ${py.length}`;
  const nodeWork = `TS/JS-only ${node.length}`;
  const mixedWork = `mixed ${mixedCount}`;
  const constant = (ms: number): Stats => stats([ms]);
  const rows: Row[] = [
    {
      ...row(pyWork, 'limit (Σ sandboxed numpy starts ÷ cores)', constant(pyLimit), pyLimit, true),
      op: 'Σ starts ÷ cores',
    },
    row(pyWork, 'peer design: python3 -m unittest each', peer, pyLimit, true),
    row(pyWork, 'convgrade grade, zygote on', stats(samples.pyOn), pyLimit, true),
    row(pyWork, 'convgrade grade, zygote off', stats(samples.pyOff), pyLimit, true),
    {
      ...row(nodeWork, 'limit (Σ sandboxed node starts ÷ cores)', constant(nodeLimit), nodeLimit, false),
      op: 'Σ starts ÷ cores',
    },
    row(nodeWork, 'convgrade grade (zygote on = off: Python only)', stats(samples.node), nodeLimit, false),
    { ...row(mixedWork, 'limit (as P2)', constant(mixedLimit), mixedLimit, false), op: 'Σ starts ÷ cores' },
    row(mixedWork, 'convgrade grade, zygote on (P2 above)', stats(input.mixedOnMs), mixedLimit, false),
    row(mixedWork, 'convgrade grade, zygote off', stats(mixedOff), mixedLimit, false),
  ];
  const pyOn = stats(samples.pyOn).medianMs;
  const peerRatio = pyOn / peer.medianMs;
  const verdicts: Verdict[] = [
    {
      target: `P2py Python-only grade ≤ ${TARGET_PEER}× the peer design`,
      met: peerRatio <= TARGET_PEER,
      detail: `${formatMs(pyOn)} ms vs ${formatMs(peer.medianMs)} ms = ${peerRatio.toFixed(3)}× (zygote off: ${(stats(samples.pyOff).medianMs / peer.medianMs).toFixed(2)}×)`,
    },
  ];
  const notes = [
    `P2 by language: the P2 batch's ${py.length} Python and ${node.length} TS/JS submissions copied into batches of their own, graded like P2 (same flags, strict, every format), ${input.runs} rounds in alternating order; "zygote off" sets CONVGRADE_PYTHON_ZYGOTE=0 (every Python sandbox a fresh bwrap + python3) and, being the slow side, is timed in ${OFF_RUNS} round(s) only. The limits use this run's start medians (node ${formatMs(input.nodeStartMs)} ms, python3 + numpy ${formatMs(input.pythonStartMs)} ms).`,
    `Peer design: per Python submission one \`python3 -B -m unittest -q test_solution\` (python3 resolved to its real executable, as the grader does) (the solution, a test file calling the same functions on the same hidden cases as grade, a ${input.timeoutMs} ms alarm per call, a check that each answer is not None), --jobs ${input.jobs} at a time, no sandbox and no container counted.`,
  ];
  return { rows, verdicts, notes };
}
