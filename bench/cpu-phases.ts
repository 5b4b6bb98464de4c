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
import { summarize, type Stats } from './stats.js';
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
  ['isolation probe', ['detectIsolation', 'probeStrict', 'gradeOptionsFor']],
  ['intake + transpile', ['intakeSubmission', 'transpileTypeScript']],
  ['variant generation', ['generateVariant', 'planCalls']],
  ['sandbox stage + uid lease', ['createStage', 'removeStage', 'leaseUid']],
  ['reaper (/proc scan)', ['reapUid', 'pidsOfUid']],
  ['sandbox start → relay hello', ['runSubmission', '#ensureSession', '#start', '#command', 'launch', 'RelaySession']],
  ['the calls', ['runAll', '#runOne']],
  ['sandbox exit + cleanup', ['finish', 'cleanup', 'killAll']],
  ['judging', ['judgeSubmission', 'buildSubmissionResult']],
  ['HTML rendering', ['renderSubmissionHtml']],
  ['writing + summary', ['writeFileAtomic', 'formatSummary', 'serializeResult']],
];

/** Frames of module loading: the bundle's lazy initialisers, the CJS loader, Node's ESM loader (the tsc output). */
const MODULE_LOAD =
  /^(init_\w+|__esm|__commonJS|__require|require|Module\._load|Module\._compile|wrapSafe|compileSourceTextModule|compileForInternalLoader|runInThisContext|Script|runBundle|link|_?instantiate|evaluate|loadESM|importModuleDynamically\w*|import|moduleStrategy|commonjsStrategy|#translate|loadAndTranslate|defaultLoad|getSource|defaultResolve|moduleResolve|packageResolve|#cachedDefaultResolve|getModuleJob\w*|cjsPreparseModuleExports|createCJSModuleWrap)$/;

const MODULE_PHASE = 'module loading + init';
const OTHER_PHASE = 'CLI glue (commander, main, discover)';
const IDLE = 'idle';
const CALLBACK = 'callback';

/** The CLI's own synchronous code between phases. */
const CLI_GLUE = new Set(['main', 'checkCommand', 'parseAsync', 'discoverSubmissions', 'register']);

function classifier(): (name: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const [phase, names] of CHECK_PHASES) for (const name of names) byName.set(name, phase);
  return (name) => {
    if (CLI_GLUE.has(name)) return OTHER_PHASE;
    const phase = byName.get(name) ?? byName.get(name.replace(/\d+$/, ''));
    if (phase !== undefined) return phase;
    return MODULE_LOAD.test(name) || name === 'loadCommands' ? MODULE_PHASE : undefined;
  };
}

/**
 * Milliseconds per phase in one profile. A sample goes to the innermost phase named on its stack
 * (module loading and the CLI's own glue included). An idle sample, or a callback with no phase
 * on its stack (a child's pipe, an fs completion), goes to the last phase that ran before it:
 * check runs its phases one after the other and idles only while one of them waits for its
 * child process (the probe's sandbox, esbuild's service, the graded sandbox) or its I/O. GC is
 * counted apart.
 */
export function phasesOfProfile(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const classify = classifier();
  const labels = new Map<number, string>();
  const labelOf = (id: number): string => {
    let label = labels.get(id);
    if (label === undefined) {
      const leaf = byId.get(id)?.callFrame.functionName ?? '';
      if (leaf === '(idle)') label = IDLE;
      else if (leaf === '(garbage collector)') label = 'gc';
      for (let cur: number | undefined = id; label === undefined && cur !== undefined; cur = parent.get(cur)) {
        label = classify(byId.get(cur)?.callFrame.functionName ?? '');
      }
      label ??= CALLBACK;
      labels.set(id, label);
    }
    return label;
  };
  const totals = new Map<string, number>();
  let last: string | undefined;
  profile.samples.forEach((id, k) => {
    let label = labelOf(id);
    if (label === IDLE || label === CALLBACK) label = last ?? OTHER_PHASE;
    else if (label !== 'gc' && label !== OTHER_PHASE) last = label;
    const ms = (profile.timeDeltas[k + 1] ?? profile.timeDeltas[k] ?? 0) / 1000;
    totals.set(label, (totals.get(label) ?? 0) + ms);
  });
  return totals;
}

export interface PhaseBreakdown {
  readonly runs: number;
  /** Milliseconds per phase over the runs (median, min, max), in check's order, then the rest. */
  readonly phases: ReadonlyArray<readonly [string, Stats]>;
  /** Whole runs, profiler included. */
  readonly wall: Stats;
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
    IDLE,
    'exit (after the profiler)',
  ];
  const seen = new Set(perRun.flatMap((phases) => [...phases.keys()]));
  const names = [...order.filter((name) => seen.has(name)), ...[...seen].filter((name) => !order.includes(name))];
  return {
    runs,
    phases: names.map(
      (name) =>
        [
          name,
          summarize(
            perRun.map((phases) => phases.get(name) ?? 0),
            1,
          ),
        ] as const,
    ),
    wall: summarize(walls, 1),
  };
}
