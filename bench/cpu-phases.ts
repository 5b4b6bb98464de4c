/**
 * Where a `convgrade check` spends its wall time, from V8 CPU profiles (`node --cpu-prof`) of
 * whole runs, phase by phase (see phasesOfProfile); the time before the profiler starts (Node's
 * own start-up) and after it stops (exit) is measured from the spawn. Phases are matched by
 * function name, so they work for the bundle and for the tsc output alike (esbuild may append
 * a digit to a renamed function).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.js';
import { runChecked, type Command } from './processes.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Phase → the functions that start it, in the order check runs them. */
export const CHECK_PHASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['spec load + schema', ['loadExercise']],
  ['isolation probe', ['detectIsolation', 'probeStrict']],
  ['intake + transpile', ['intakeSubmission', 'transpileTypeScript']],
  ['variant generation', ['generateVariant', 'planCalls']],
  ['sandbox stage + uid lease', ['createStage', 'removeStage', 'leaseUid']],
  ['reaper (/proc scan)', ['reapUid', 'pidsOfUid']],
  ['sandbox run + calls', ['runSubmission']],
  ['judging', ['judgeSubmission', 'buildSubmissionResult']],
  ['HTML rendering', ['renderSubmissionHtml']],
  ['writing + summary', ['writeFileAtomic', 'formatSummary', 'serializeResult']],
];

/** Frames of module loading: the bundle's lazy initialisers, the CJS loader, Node's ESM loader (the tsc output). */
const MODULE_LOAD =
  /^(init_\w+|__esm|__commonJS|__require|require|Module\._load|Module\._compile|wrapSafe|compileSourceTextModule|compileForInternalLoader|runInThisContext|Script|runBundle|link|_?instantiate|evaluate|loadESM|importModuleDynamically\w*|import|moduleStrategy|commonjsStrategy|#translate|loadAndTranslate|defaultLoad|getSource|defaultResolve|moduleResolve|packageResolve|#cachedDefaultResolve|getModuleJob\w*|cjsPreparseModuleExports|createCJSModuleWrap)$/;

const MODULE_PHASE = 'module loading + init';
const OTHER_PHASE = 'other (commander, main, glue)';

function classifier(): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [phase, names] of CHECK_PHASES) for (const name of names) byName.set(name, phase);
  return (name) => {
    const phase = byName.get(name) ?? byName.get(name.replace(/\d+$/, ''));
    if (phase !== undefined) return phase;
    if (name === 'main') return OTHER_PHASE;
    return MODULE_LOAD.test(name) || name === 'loadCommands' ? MODULE_PHASE : undefined;
  };
}

/**
 * Milliseconds per phase in one profile. A phase lasts from the first to the last sample with one
 * of its functions on the stack: an async phase's function is on the stack each time it resumes,
 * so the time it spends waiting (for the sandbox, esbuild's service, the probe) and in callbacks
 * between its resumptions falls inside it. A sample goes to the innermost phase named on its
 * stack, or to module loading when that is deeper; otherwise (idle, GC, a callback) to the
 * shortest phase whose span holds it, else to what its leaf is.
 */
export function phasesOfProfile(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const classify = classifier();
  const stacks = new Map<number, { readonly innermost: string | undefined; readonly names: Set<string> }>();
  const stackOf = (id: number) => {
    let known = stacks.get(id);
    if (known === undefined) {
      let innermost: string | undefined;
      const names = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)?.callFrame.functionName ?? '';
        const phase = classify(name);
        if (phase === undefined) continue;
        innermost ??= phase;
        names.add(name);
      }
      known = { innermost, names };
      stacks.set(id, known);
    }
    return known;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta) / 1000);
  const ms = profile.timeDeltas.map((delta, k) => (profile.timeDeltas[k + 1] ?? delta) / 1000);
  // One span per function (createStage and removeStage are one phase but far apart in time).
  const spans = new Map<string, { readonly phase: string; from: number; to: number }>();
  let mainAt: number | undefined;
  profile.samples.forEach((id, k) => {
    const at = times[k] ?? 0;
    const end = at + (ms[k] ?? 0);
    for (const name of stackOf(id).names) {
      const phase = classify(name) as string;
      if (phase === OTHER_PHASE || (phase === MODULE_PHASE && name !== 'loadCommands')) continue;
      const span = spans.get(name);
      if (span === undefined) spans.set(name, { phase, from: at, to: end });
      else span.to = end;
    }
    if (mainAt === undefined && stackOf(id).names.has('main')) mainAt = at;
  });
  // Until main() runs, the process is loading and initialising modules (the tsc output's ESM
  // graph loads asynchronously, with few JS frames on the stack).
  spans.set('(start-up)', { phase: MODULE_PHASE, from: profile.startTime / 1000, to: mainAt ?? 0 });
  const totals = new Map<string, number>();
  profile.samples.forEach((id, k) => {
    const at = times[k] ?? 0;
    let label = stackOf(id).innermost;
    if (label === undefined) {
      let best: { phase: string; length: number } | undefined;
      for (const span of spans.values()) {
        const length = span.to - span.from;
        if (at >= span.from && at < span.to && (best === undefined || length < best.length))
          best = { phase: span.phase, length };
      }
      const leaf = byId.get(id)?.callFrame.functionName ?? '';
      label =
        best?.phase ??
        (leaf === '(idle)' ? 'idle (between phases)' : leaf === '(garbage collector)' ? 'gc' : OTHER_PHASE);
    }
    totals.set(label, (totals.get(label) ?? 0) + (ms[k] ?? 0));
  });
  return totals;
}

export interface PhaseBreakdown {
  readonly runs: number;
  /** Median milliseconds per phase, in check's order, then the rest. */
  readonly phases: ReadonlyArray<readonly [string, number]>;
  readonly medianWallMs: number;
}

/**
 * Runs `command` `runs` times under `--cpu-prof` and returns the median of each phase. The
 * command must be a Node process (`file` is node); its first arguments get the profiler flags.
 */
export async function profileCheck(command: Command, runs: number): Promise<PhaseBreakdown> {
  const perRun: Map<string, number>[] = [];
  const walls: number[] = [];
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-bench-prof-'));
    try {
      const spawned = process.hrtime.bigint();
      const done = await runChecked(
        { ...command, args: ['--cpu-prof', '--cpu-prof-dir', dir, ...command.args] },
        'profiled check',
      );
      const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
      if (file === undefined) throw new Error('node --cpu-prof wrote no profile');
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const phases = phasesOfProfile(profile);
      // V8's profile clock and process.hrtime are both the monotonic clock, in µs and ns.
      const startMs = profile.startTime / 1000 - Number(spawned / 1000n) / 1000;
      const profiledMs = (profile.endTime - profile.startTime) / 1000;
      phases.set('node start (before the profiler)', Math.max(0, startMs));
      phases.set('exit (after the profiler)', Math.max(0, done.ms - startMs - profiledMs));
      perRun.push(phases);
      walls.push(done.ms);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const order = [
    'node start (before the profiler)',
    MODULE_PHASE,
    ...CHECK_PHASES.map(([phase]) => phase),
    OTHER_PHASE,
    'gc',
    'idle (between phases)',
    'exit (after the profiler)',
  ];
  const seen = new Set(perRun.flatMap((phases) => [...phases.keys()]));
  const names = [...order.filter((name) => seen.has(name)), ...[...seen].filter((name) => !order.includes(name))];
  return {
    runs,
    phases: names.map((name) => [name, median(perRun.map((phases) => phases.get(name) ?? 0))] as const),
    medianWallMs: median(walls),
  };
}
