/**
 * The grader's slot cgroups: created once per grader process (the group at the first run, a
 * slot's cgroup at that slot's first run), handed to one run at a time, and removed when the
 * process exits. A second run on a slot that is busy (two runs given the same slot at once)
 * gets a cgroup of its own, so killing one run's cgroup never reaches the other.
 */
import { onExit } from 'signal-exit';
import { CgroupGroup, findCgroupLayout, type CgroupLimits, type SlotCgroup } from './cgroup.js';

/** Per slot: what one sandbox may use at most (S5, S12). */
export const SLOT_LIMITS: CgroupLimits = { memoryBytes: 1024 * 1024 * 1024, pids: 128 };

export interface SlotLease {
  readonly cgroup: SlotCgroup;
  release(): void;
}

let group: CgroupGroup | string | undefined;
const idle = new Map<number, SlotCgroup[]>();
const made = new Map<number, number>();

/** Why slot cgroups are unavailable, or what they lack; undefined when they are complete. */
export function slotCgroupNote(): string | undefined {
  const g = theGroup();
  if (typeof g === 'string') return `no per-slot cgroup: ${g}`;
  return g.missing.length > 0 ? `the per-slot cgroups have ${g.missing.join(', ')}` : undefined;
}

/** The slot's cgroup for one run, or undefined where cgroups cannot be created (the note says why). */
export function acquireSlotCgroup(slot: number): SlotLease | undefined {
  const g = theGroup();
  if (typeof g === 'string') return undefined;
  let cgroup = idle.get(slot)?.pop();
  if (cgroup === undefined) {
    const n = made.get(slot) ?? 0;
    made.set(slot, n + 1);
    try {
      cgroup = g.slot(n === 0 ? `slot-${slot}` : `slot-${slot}-${n}`, SLOT_LIMITS);
    } catch {
      return undefined;
    }
  }
  const lease = cgroup;
  let released = false;
  return {
    cgroup: lease,
    release() {
      if (released) return;
      released = true;
      const list = idle.get(slot) ?? [];
      list.push(lease);
      idle.set(slot, list);
    },
  };
}

function theGroup(): CgroupGroup | string {
  if (group !== undefined) return group;
  if (process.platform !== 'linux') return (group = `cgroups are Linux only, this is ${process.platform}`);
  const layout = findCgroupLayout();
  group = typeof layout === 'string' ? layout : CgroupGroup.create(layout);
  if (typeof group !== 'string') {
    const created = group;
    // On exit and on SIGINT/SIGTERM/SIGHUP too (then the signal goes on as before); a grader
    // killed outright leaves an empty group, which the next grader in the same cgroup removes.
    onExit(() => created.removeSync(), { alwaysLast: true });
  }
  return group;
}
