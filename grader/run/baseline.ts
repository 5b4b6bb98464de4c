/**
 * The physical floor of grading (PERFORMANCE.md P2): one bare interpreter start inside the same
 * strict sandbox a graded run gets (enter.pl → bwrap with seccomp → setpriv → prlimit, the same
 * binds, limits and slot cgroup), with
 * only the interpreter's arguments replaced. For benchmarks; grading never calls this.
 */
import { strictCommand } from './command.js';
import { SLOT_UID_BASE } from './constants.js';
import { detectIsolation } from './isolation.js';
import type { LaunchSpec } from './launch.js';
import { resolvePython, type PythonInstall } from './python.js';
import { acquireSlotCgroup } from './slot-cgroups.js';
import { createStage, removeStage, type Stage } from './stage.js';

/** A slot far above any --jobs the benchmarks use. */
const BASELINE_SLOT = 90;
const BASELINE_UID = SLOT_UID_BASE + BASELINE_SLOT;

export interface SandboxBaselines {
  /** e.g. "strict (root)". */
  readonly level: string;
  /** Sandboxed `node -e 0`. */
  readonly node: LaunchSpec;
  /** Sandboxed `python3 -I -c CODE` (e.g. `import numpy`). */
  readonly python: (code: string) => LaunchSpec;
  readonly pythonInstall: PythonInstall;
  /** Removes the staging folders. */
  readonly close: () => Promise<void>;
}

/** Replaces the interpreter's arguments at the end of a launch spec with `args`. */
function withInterpreterArgs(spec: LaunchSpec, interpreter: string, args: readonly string[]): LaunchSpec {
  const at = spec.args.lastIndexOf(interpreter);
  if (at < 0) throw new Error(`The sandbox command does not run ${interpreter}: ${spec.args.join(' ')}`);
  return { ...spec, args: [...spec.args.slice(0, at + 1), ...args] };
}

/** The strict sandbox command lines of one bare interpreter start; throws where strict is missing. */
export async function sandboxBaselines(): Promise<SandboxBaselines> {
  const isolation = await detectIsolation({ isolation: 'strict' });
  const tools = isolation.tools;
  if (tools === undefined) throw new Error('strict isolation reported no tools');
  const python = await resolvePython();
  const stages: Stage[] = [
    await createStage('js', { name: 'solution.mjs', code: '' }),
    await createStage('py', { name: 'solution.py', code: '' }),
  ];
  const [nodeStage, pyStage] = stages as [Stage, Stage];
  // The slot cgroup a graded run joins, when cgroups can be made here.
  const cgroup = tools.perl === undefined ? undefined : acquireSlotCgroup(BASELINE_SLOT);
  const cgroupFiles = cgroup?.cgroup.procsFiles ?? [];
  const nodeSpec = strictCommand(
    { language: 'js', stage: nodeStage, cpuSeconds: 61, cgroupFiles },
    tools,
    BASELINE_UID,
  );
  const pySpec = strictCommand(
    { language: 'py', stage: pyStage, python, cpuSeconds: 61, cgroupFiles },
    tools,
    BASELINE_UID,
  );
  return {
    level: `strict (${tools.mode})`,
    node: withInterpreterArgs(nodeSpec, process.execPath, ['-e', '0']),
    python: (code) => withInterpreterArgs(pySpec, python.executable, ['-I', '-c', code]),
    pythonInstall: python,
    close: async () => {
      await Promise.all(stages.map((s) => removeStage(s.root)));
      cgroup?.release();
    },
  };
}
