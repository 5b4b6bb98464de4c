/**
 * A sandbox started before its submission is ready (PERFORMANCE.md P1). A self-check spends
 * ~40 ms before its sandbox can start (the spec, the submission's files, esbuild's transpile),
 * and the sandbox spends as long again before it can load a module (enter.pl's cgroup joins,
 * bwrap, Node's own start). Both can overlap: the relay reads nothing, and imports nothing, until
 * its hello (relay/node-relay.cjs), so a sandbox can be started on an empty `sub/` and get its
 * module later.
 *
 * `prewarmSandbox(path, options)` looks at the submission's file names only (intake.ts
 * peekSolution), takes the slot's resources as runSubmission would (run-resources.ts), stages
 * the relay with no module, and starts the sandbox. runSubmission on the same slot then takes it
 * (takePrewarmed) when it is exactly the sandbox it would have started: the same command line,
 * byte for byte (which names the isolation chain, the limits and the module); it writes the module into `sub/`
 * (placeModule) and sends the hello. Anything else (another language, a folder intake refuses,
 * other limits) discards it: killed, reaped and released as a run's sandbox is. Nothing of the
 * submission reaches the sandbox before runSubmission, after every check the run makes.
 *
 * For TypeScript it also starts esbuild's service (transpile.ts startTranspiler), which intake
 * would otherwise start only once it has read the file. Only TypeScript and JavaScript: a Python
 * sandbox's start is the zygote's business (zygote.ts).
 */
import { peekSolution } from './intake.js';
import { detectIsolation, type Isolation, type IsolationRequest } from './isolation.js';
import { launch, type LaunchSpec, type Launched } from './launch.js';
import { startTranspiler } from './transpile.js';
import {
  acquireRunResources,
  cpuSecondsFor,
  drainRunResources,
  reapRunResources,
  releaseRunResources,
  sandboxCommand,
  type RunResources,
} from './run-resources.js';

export interface PrewarmOptions {
  readonly isolation: IsolationRequest;
  /** The slot runSubmission will be called with (default 0). */
  readonly slot?: number;
  /** The submission budget runSubmission will get (default 60 000): it sets the sandbox's CPU rlimit. */
  readonly budgetMs?: number;
}

export interface Prewarmed {
  /** What the sandbox was started under (its reaping needs it). */
  readonly isolation: Isolation;
  readonly resources: RunResources;
  readonly spec: LaunchSpec;
  readonly launched: Launched;
}

const waiting = new Map<number, Promise<Prewarmed | undefined>>();

/**
 * Starts a sandbox for the submission at `path` on `slot`. Settles once it is started (or will
 * not be); never rejects: a sandbox that cannot be prewarmed is simply not there, and
 * runSubmission starts its own. Every step before the spawn is synchronous or a microtask when
 * the isolation is known (a kept probe verdict), so a caller that yields once for it gets the
 * sandbox started before its own next step.
 */
export function prewarmSandbox(path: string, options: PrewarmOptions): Promise<void> {
  const slot = options.slot ?? 0;
  const previous = waiting.get(slot);
  const started = (async (): Promise<Prewarmed | undefined> => {
    if (previous !== undefined) await discard(await previous);
    const solution = peekSolution(path);
    if (solution === undefined || solution.language === 'py') return undefined;
    const isolation = await detectIsolation({ isolation: options.isolation });
    const resources = await acquireRunResources({
      isolation,
      slot,
      language: solution.language,
      module: { name: solution.moduleName },
    });
    try {
      const spec = sandboxCommand(
        isolation,
        { language: solution.language, cpuSeconds: cpuSecondsFor(options.budgetMs ?? 60_000) },
        resources,
      );
      const warm = { isolation, resources, spec, launched: launch(spec) };
      // Intake will transpile it: esbuild's service starts alongside the sandbox (after it: the
      // sandbox's chain is the longer one).
      if (solution.language === 'ts') startTranspiler();
      return warm;
    } catch (error: unknown) {
      await releaseRunResources(resources, () => Promise.resolve(true));
      throw error;
    }
  })().catch(() => undefined);
  waiting.set(slot, started);
  return started.then(() => undefined);
}

/**
 * The sandbox prewarmed on `slot`, taken (a second call returns undefined), or undefined when
 * there is none. The caller owns it: it uses it or hands it to discard().
 */
export async function takePrewarmed(slot: number): Promise<Prewarmed | undefined> {
  const pending = waiting.get(slot);
  if (pending === undefined) return undefined;
  waiting.delete(slot);
  return pending;
}

/** Kills a prewarmed sandbox nobody will use and gives back what it held, as after a run. */
export async function discard(warm: Prewarmed | undefined): Promise<void> {
  if (warm === undefined) return;
  warm.launched.kill();
  await warm.launched.exited;
  const { reaped } = await reapRunResources(warm.isolation, warm.resources);
  await releaseRunResources(warm.resources, () => drainRunResources(reaped));
}

/** Discards every sandbox still waiting (check calls it when it ends: a prewarm grading never took). */
export async function discardPrewarmed(): Promise<void> {
  const all = [...waiting.values()];
  waiting.clear();
  for (const warm of all) await discard(await warm);
}
