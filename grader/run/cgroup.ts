/**
 * A cgroup per slot (SECURITY.md S12): memory (shmem, tmpfs and memfd pages included, and swap
 * where it is accounted), a process count and a CPU weight for everything one sandbox starts,
 * and a way to kill all of it without scanning /proc. Works on cgroup v2 (one hierarchy) and on
 * v1 (a hierarchy per controller: memory, pids, cpu, freezer), as found in /proc/self/mountinfo.
 *
 * Slot cgroups live in a group named `convgrade-<pid>-<random>` created beside nothing else:
 * inside the grader's own cgroup of each hierarchy (so a grader already confined by its caller
 * stays confined, and two graders never collide). A process joins a slot by writing its pid to
 * every file of `procsFiles` before it execs (enter.pl does, for each sandbox); issue 13's
 * zygote and its forked children can do the same. Linux only; everything else gets `undefined`.
 *
 * ```
 * const layout = findCgroupLayout();              // or a reason string
 * const group = CgroupGroup.create(layout);       // once per grader process
 * const slot = group.slot('slot-0', limits);      // once per slot
 * slot.procsFiles                                 // → enter.pl --cgroup FILE …
 * await slot.kill();                              // every process in it, then waits until empty
 * group.removeSync();                             // at exit
 * ```
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITED, type CgroupLayout } from './cgroup-layout.js';

export { findCgroupLayout, type CgroupLayout } from './cgroup-layout.js';

export interface CgroupLimits {
  /** Memory of the whole slot, page cache, shmem, tmpfs and memfd included. */
  readonly memoryBytes: number;
  /** Processes and threads of the whole slot. */
  readonly pids: number;
}

/** The grader's group of slot cgroups, in every hierarchy of the layout. */
export class CgroupGroup {
  readonly #layout: CgroupLayout;
  /** Controller (or 'unified') → the group's folder. */
  readonly #dirs: ReadonlyMap<string, string>;
  readonly #slots: SlotCgroup[] = [];
  /** What the group could not get (e.g. "no memory controller"), for the isolation note. */
  readonly missing: readonly string[];

  private constructor(layout: CgroupLayout, dirs: Map<string, string>, missing: string[]) {
    this.#layout = layout;
    this.#dirs = dirs;
    this.missing = missing;
  }

  /** Creates `convgrade-<pid>-<random>` in each hierarchy (removing groups of dead graders first); a reason string when none can be made. */
  static create(layout: CgroupLayout): CgroupGroup | string {
    const name = `convgrade-${process.pid}-${randomBytes(4).toString('hex')}`;
    const dirs = new Map<string, string>();
    const missing: string[] = [];
    const parents: [string, string][] =
      layout.version === 2 ? [['unified', layout.parent]] : Object.entries(layout.parents);
    const errors: string[] = [];
    for (const [key, parent] of parents) {
      removeStaleGroups(parent);
      const dir = join(parent, name);
      try {
        mkdirSync(dir);
        dirs.set(key, dir);
      } catch (error: unknown) {
        errors.push(`${(error as NodeJS.ErrnoException).code ?? String(error)} at ${dir}`);
        if (key !== 'unified') missing.push(`no ${key} controller`);
      }
    }
    if (dirs.size === 0)
      return `no cgroup can be created (${errors[0] ?? 'no hierarchy'}${errors.length > 1 ? `, and ${errors.length - 1} more like it` : ''})`;
    if (layout.version === 1)
      for (const controller of LIMITED)
        if (layout.parents[controller] === undefined) missing.push(`no ${controller} controller`);
    const group = new CgroupGroup(layout, dirs, missing);
    if (layout.version === 2) group.#delegateV2(missing);
    return group;
  }

  /** A slot cgroup with its limits; `name` is unique within the group. */
  slot(name: string, limits: CgroupLimits): SlotCgroup {
    const dirs = new Map<string, string>();
    for (const [key, groupDir] of this.#dirs) {
      const dir = join(groupDir, name);
      mkdirSync(dir);
      dirs.set(key, dir);
    }
    const slot = new SlotCgroup(this.#layout.version, dirs);
    slot.applyLimits(limits);
    this.#slots.push(slot);
    this.#weighGroup();
    return slot;
  }

  /** Kills whatever is left in every slot and removes the folders (at exit: synchronous). */
  removeSync(): void {
    for (const slot of this.#slots) slot.removeSync();
    for (const dir of this.#dirs.values()) rmdirQuietly(dir);
  }

  /**
   * The group competes for CPU with the machine's other processes as if it were one task of its
   * weight. Without cgroups a sandbox weighed one task per busy thread: an interpreter starting
   * up keeps about two busy (Node compiles and collects on helper threads), a fork bomb 64. So
   * the group weighs two tasks per slot, and inside it every slot weighs the same: an honest
   * run gets what it got before, a fork bomb a thirty-second of it and its neighbour its share.
   */
  #weighGroup(): void {
    const n = TASKS_PER_SLOT * Math.max(1, this.#slots.length);
    const cpu = this.#dirs.get(this.#layout.version === 2 ? 'unified' : 'cpu');
    if (cpu === undefined) return;
    if (this.#layout.version === 2) tryWrite(join(cpu, 'cpu.weight'), String(Math.min(10_000, 100 * n)));
    else tryWrite(join(cpu, 'cpu.shares'), String(Math.min(262_144, 1024 * n)));
  }

  /** v2: controllers reach a group only when its parent enables them for its children. */
  #delegateV2(missing: string[]): void {
    const dir = this.#dirs.get('unified');
    if (dir === undefined || this.#layout.version !== 2) return;
    const parent = this.#layout.parent;
    for (const controller of LIMITED) {
      if (!controllers(dir).includes(controller)) tryWrite(join(parent, 'cgroup.subtree_control'), `+${controller}`);
      if (controllers(dir).includes(controller)) tryWrite(join(dir, 'cgroup.subtree_control'), `+${controller}`);
      if (!readText(join(dir, 'cgroup.subtree_control'))?.split(/\s+/).includes(controller))
        missing.push(`no ${controller} controller`);
    }
  }
}

/** The CPU weight of a slot, in tasks of the machine's other processes (see #weighGroup). */
const TASKS_PER_SLOT = 2;

/** One slot's cgroup (in every hierarchy of a v1 layout). */
export class SlotCgroup {
  readonly #version: 1 | 2;
  readonly #dirs: ReadonlyMap<string, string>;

  constructor(version: 1 | 2, dirs: ReadonlyMap<string, string>) {
    this.#version = version;
    this.#dirs = dirs;
  }

  /** The files a process writes its own pid to, to join this slot (before it execs the sandbox). */
  get procsFiles(): readonly string[] {
    return [...this.#dirs.values()].map((dir) => join(dir, 'cgroup.procs'));
  }

  applyLimits(limits: CgroupLimits): void {
    const bytes = String(limits.memoryBytes);
    if (this.#version === 2) {
      const dir = this.#dirs.get('unified') ?? '';
      tryWrite(join(dir, 'memory.max'), bytes);
      tryWrite(join(dir, 'memory.swap.max'), '0');
      tryWrite(join(dir, 'pids.max'), String(limits.pids));
      tryWrite(join(dir, 'cpu.weight'), '100');
      return;
    }
    const memory = this.#dirs.get('memory');
    if (memory !== undefined) {
      tryWrite(join(memory, 'memory.limit_in_bytes'), bytes);
      // memory+swap equal to memory: the slot cannot swap its way past the limit.
      tryWrite(join(memory, 'memory.memsw.limit_in_bytes'), bytes);
    }
    const pids = this.#dirs.get('pids');
    if (pids !== undefined) tryWrite(join(pids, 'pids.max'), String(limits.pids));
    const cpu = this.#dirs.get('cpu');
    if (cpu !== undefined) tryWrite(join(cpu, 'cpu.shares'), '1024');
  }

  /**
   * Whether every task the slot ever held is gone, zombies included: the pids controller's
   * pids.current falls only when a task is released (reaped), as the kernel's per-uid process
   * count does (RLIMIT_NPROC), while cgroup.procs stops listing a task when it exits. Without
   * the pids controller, the best it can tell: cgroup.procs is empty.
   */
  drained(): boolean {
    const dir = this.#version === 2 ? this.#dirs.get('unified') : this.#dirs.get('pids');
    const current = dir === undefined ? undefined : readText(join(dir, 'pids.current'));
    if (current !== undefined && /^\d+\s*$/.test(current)) return Number(current) === 0 && this.pids().length === 0;
    return this.pids().length === 0;
  }

  /** The pids in the slot now (and in any cgroup below it). */
  pids(): number[] {
    const dir = this.#trackingDir();
    return dir === undefined ? [] : [...new Set(pidsUnder(dir))];
  }

  /**
   * SIGKILLs every process in the slot and waits (up to `timeoutMs`) until it is empty: through
   * cgroup.kill on v2, else frozen first (v1 freezer, v2 cgroup.freeze) so nothing forks while
   * the list is read, else rounds of kill until the list is empty (pids.max bounds a fork bomb).
   * Returns how many processes were still there when it gave up (0 normally).
   */
  async kill(timeoutMs = 5000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    if (this.pids().length === 0) return 0;
    if (!this.#killAtOnce()) {
      const frozen = await this.#freeze(true, deadline);
      for (let round = 0; round < 50 && performance.now() < deadline; round++) {
        const pids = this.pids();
        if (pids.length === 0) break;
        for (const pid of pids) killQuietly(pid);
        if (frozen) break;
        await sleep(5);
      }
      if (frozen) await this.#freeze(false, deadline);
    }
    while (performance.now() < deadline) {
      const left = this.pids();
      if (left.length === 0) return 0;
      for (const pid of left) killQuietly(pid);
      await sleep(10);
    }
    return this.pids().length;
  }

  /** Kills and removes the slot's folders without waiting on the event loop (process exit). */
  removeSync(): void {
    for (let round = 0; round < 200; round++) {
      this.#killAtOnce();
      const pids = this.pids();
      for (const pid of pids) killQuietly(pid);
      if (pids.length === 0) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    for (const dir of this.#dirs.values()) rmdirQuietly(dir);
  }

  #trackingDir(): string | undefined {
    return (
      this.#dirs.get('unified') ??
      this.#dirs.get('pids') ??
      this.#dirs.get('memory') ??
      this.#dirs.values().next().value
    );
  }

  /** v2's cgroup.kill (Linux 5.14+): every process of the cgroup and below, at once. */
  #killAtOnce(): boolean {
    const dir = this.#dirs.get('unified');
    return dir !== undefined && tryWrite(join(dir, 'cgroup.kill'), '1');
  }

  async #freeze(on: boolean, deadline: number): Promise<boolean> {
    const v2 = this.#dirs.get('unified');
    const v1 = this.#dirs.get('freezer');
    if (v2 !== undefined) {
      if (!tryWrite(join(v2, 'cgroup.freeze'), on ? '1' : '0')) return false;
      while (on && performance.now() < deadline && !/^frozen 1$/m.test(readText(join(v2, 'cgroup.events')) ?? '')) {
        await sleep(2);
      }
      return true;
    }
    if (v1 === undefined) return false;
    const state = join(v1, 'freezer.state');
    if (!tryWrite(state, on ? 'FROZEN' : 'THAWED')) return false;
    while (on && performance.now() < deadline && readText(state)?.trim() !== 'FROZEN') await sleep(2);
    return true;
  }
}

/** Groups of graders that are gone (crashed, killed): emptied and removed. */
function removeStaleGroups(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^convgrade-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    const dir = join(parent, name);
    for (const slot of subdirs(dir)) new SlotCgroup(1, new Map([['stale', slot]])).removeSync();
    rmdirQuietly(dir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function pidsUnder(dir: string): number[] {
  const pids = (readText(join(dir, 'cgroup.procs')) ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
  for (const child of subdirs(dir)) pids.push(...pidsUnder(child));
  return pids;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

function controllers(dir: string): string[] {
  return (readText(join(dir, 'cgroup.controllers')) ?? '').split(/\s+/).filter((c) => c !== '');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function tryWrite(path: string, value: string): boolean {
  if (!existsSync(path)) return false;
  try {
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

function rmdirQuietly(dir: string): void {
  for (const child of subdirs(dir)) rmdirQuietly(child);
  try {
    rmdirSync(dir);
  } catch {
    // busy (a process that would not die) or gone already
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
