/**
 * What one run holds while its sandboxes run, and how it gives it back: the slot uid's lease
 * (uid-lease.ts), the slot cgroup (slot-cgroups.ts), a Python zygote's lease (zygote.ts) and the
 * staging folder (stage.ts); the sandbox command line those make; and the reaping after the run
 * (S6). Shared by runSubmission and the sandbox a `check` starts ahead of intake (prewarm.ts).
 */
import type { Language } from '../result.js';
import { basicCommand, strictCommand, uidCommand, type CommandInput } from './command.js';
import { SLOT_UID_BASE } from './constants.js';
import type { SlotCgroup } from './cgroup.js';
import type { Isolation, SandboxTools } from './isolation.js';
import type { LaunchSpec } from './launch.js';
import { assertRunnableAs, type PythonInstall } from './python.js';
import { drainRun, drainUid, reapRun, removeFilesOfUid, type ReapTarget } from './reaper.js';
import { acquireSlotCgroup, type SlotLease } from './slot-cgroups.js';
import { createStage, removeStage, type Stage } from './stage.js';
import { leaseUid, type UidLease } from './uid-lease.js';
import { acquireZygote, zygoteAvailable, type ZygoteLease } from './zygote.js';

export interface RunResources {
  readonly lease: UidLease | undefined;
  /** The slot uid strict and uid isolation run as. */
  readonly uid: number;
  readonly cgroup: SlotLease | undefined;
  readonly zygote: ZygoteLease | undefined;
  readonly stage: Stage;
}

export interface ResourceRequest {
  readonly isolation: Isolation;
  readonly slot: number;
  readonly language: Language;
  /** The module to stage; without `code`, sub/ stays empty until placeModule (prewarm.ts). */
  readonly module: { readonly name: string; readonly code?: string };
  readonly python?: PythonInstall;
  readonly pythonZygote?: boolean;
  readonly pythonPreload?: readonly string[];
}

/** Takes everything a run needs, or nothing: on a failure what was taken is given back. */
export async function acquireRunResources(request: ResourceRequest): Promise<RunResources> {
  const tools = request.isolation.tools;
  // As root each run gets a uid no other run on this machine holds (uid-lease.ts), and the
  // slot's cgroup (slot-cgroups.ts) where cgroups can be made.
  const lease: UidLease | undefined =
    tools !== undefined && tools.mode !== 'userns' ? await leaseDrainedUid(request.slot, tools) : undefined;
  const uid = lease?.uid ?? SLOT_UID_BASE + request.slot;
  const python = request.python;
  let cgroup: SlotLease | undefined;
  let zygote: ZygoteLease | undefined;
  try {
    if (python !== undefined && tools?.mode === 'uid') await assertRunnableAs(python, uid, tools);
    cgroup = tools?.perl !== undefined ? acquireSlotCgroup(request.slot) : undefined;
    if (
      python !== undefined &&
      tools !== undefined &&
      zygoteAvailable(request.isolation.level, tools, request.pythonZygote)
    )
      zygote = await acquireZygote({ slot: request.slot, tools, python, preload: request.pythonPreload ?? [] });
    const stage = await createStage(request.language, request.module, tools?.mode === 'uid' ? uid : undefined);
    return { lease, uid, cgroup, zygote, stage };
  } catch (error: unknown) {
    zygote?.release();
    cgroup?.release();
    lease?.release();
    throw error;
  }
}

/**
 * Gives back what a run took, once every process of it is dead (reapRunResources ran). The uid
 * is handed on once none of its tasks is counted any more (a zombie not yet reaped still counts
 * against RLIMIT_NPROC and would make the next run on the uid fail to start). That is
 * bookkeeping, not part of the result: it finishes in the background, and a uid that does not
 * drain stays leased to this process, used by no one.
 */
export async function releaseRunResources(resources: RunResources, drain: () => Promise<boolean>): Promise<void> {
  await removeStage(resources.stage.root);
  const { cgroup, zygote, lease } = resources;
  // Its cgroup is empty again (the reaping), or the zygote is gone.
  if (cgroup !== undefined && cgroup.cgroup.pids().length === 0) cgroup.release();
  zygote?.release();
  if (lease !== undefined)
    void drain().then(
      (drained) => {
        if (drained) lease.release();
      },
      () => undefined,
    );
}

/** The sandbox's CPU rlimit in seconds for a submission budget. */
export function cpuSecondsFor(budgetMs: number): number {
  return Math.ceil(budgetMs / 1000) + 1;
}

/** The command line of the run's sandboxes: the same for every sandbox of a run. */
export function sandboxCommand(
  isolation: Isolation,
  input: Omit<CommandInput, 'stage' | 'cgroupFiles'>,
  resources: RunResources,
): LaunchSpec {
  const full: CommandInput = {
    ...input,
    stage: resources.stage,
    ...(resources.cgroup !== undefined ? { cgroupFiles: resources.cgroup.cgroup.procsFiles } : {}),
  };
  const tools = isolation.tools;
  if (tools === undefined || isolation.level === 'basic') return basicCommand(full);
  return isolation.level === 'uid' ? uidCommand(full, tools, resources.uid) : strictCommand(full, tools, resources.uid);
}

/** What reapRunResources killed: drainRunResources asks whether the uid holds no task any more. */
export interface Reaped {
  readonly cgroups: readonly SlotCgroup[];
  readonly uid: ReapTarget['uid'];
}

/**
 * Kills whatever the run left (S6), its sandboxes already killed: through the slot cgroup, else
 * as the slot uid with kill(-1); at the uid level also removes the uid's files from the shared
 * temporary folders. A note when something was left.
 */
export async function reapRunResources(
  isolation: Isolation,
  resources: RunResources,
): Promise<{ readonly note: string | undefined; readonly reaped: Reaped }> {
  const tools = isolation.tools;
  if (tools === undefined) return { note: undefined, reaped: { cgroups: [], uid: undefined } };
  const { uid, zygote, cgroup } = resources;
  const asUid =
    tools.mode !== 'userns' && tools.setpriv !== undefined && tools.perl !== undefined
      ? {
          uid,
          setpriv: tools.setpriv,
          perl: tools.perl,
          ...(tools.prlimit === undefined ? {} : { prlimit: tools.prlimit }),
        }
      : undefined;
  // A zygote's children are in the zygote's slot cgroup, a fresh sandbox (its fallback too) in the run's.
  const cgroups = [zygote?.zygote.cgroup?.cgroup, cgroup?.cgroup].filter((c) => c !== undefined);
  const targets: ReapTarget[] = cgroups.map((c) => ({ cgroup: c }));
  if (cgroups.length === 0 || (zygote !== undefined && zygote.zygote.cgroup === undefined))
    targets.push(asUid !== undefined ? { uid: asUid } : {});
  let survivors = 0;
  for (const target of targets) survivors += await reapRun(target);
  const notes: string[] = [];
  if (survivors > 0)
    notes.push(
      cgroup !== undefined
        ? `${survivors} process(es) of the sandbox outlived the run and were killed`
        : `processes of the sandbox uid ${uid} outlived the run and were killed`,
    );
  if (tools.mode === 'uid') {
    const files = await removeFilesOfUid(uid);
    if (files.length > 0)
      notes.push(`${files.length} file(s) the sandbox left in shared temporary folders were removed`);
  }
  return { note: notes.length > 0 ? notes.join('; ') : undefined, reaped: { cgroups, uid: asUid } };
}

/**
 * After reapRunResources: true once no task of the run's uid is left, zombies included (reaper.ts
 * drainRun), so that the uid may be handed to another run; false if the tasks were not released
 * within DRAIN_MS.
 */
export async function drainRunResources(reaped: Reaped): Promise<boolean> {
  // Basic isolation, user-namespace mode: no uid of the run's own to hand on.
  if (reaped.uid === undefined && reaped.cgroups.length === 0) return true;
  return drainRun(reaped.cgroups, reaped.uid);
}

/**
 * A uid lease whose uid holds no task. A lease taken over from a grader that died may still have
 * that grader's last sandbox tasks on their way out (counted against the uid's RLIMIT_NPROC):
 * such a uid is drained first, and one that will not drain stays held (never handed on) while
 * the next candidate is leased.
 */
async function leaseDrainedUid(slot: number, tools: SandboxTools): Promise<UidLease> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const lease = leaseUid(slot);
    if (!lease.reclaimed || tools.setpriv === undefined || tools.perl === undefined || tools.prlimit === undefined)
      return lease;
    const who = { uid: lease.uid, setpriv: tools.setpriv, perl: tools.perl, prlimit: tools.prlimit };
    if (await drainUid(who)) return lease;
    // Not released: kept (its lock names this grader now), and the next uid is tried.
  }
  return leaseUid(slot);
}
