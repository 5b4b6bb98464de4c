/**
 * Where this process may create cgroups (SECURITY.md S12): the cgroup hierarchies mounted here
 * (/proc/self/mountinfo) and the grader's own cgroup in each (/proc/self/cgroup). A v2 hierarchy
 * is used where it holds the controllers; on a hybrid machine the v1 hierarchies give them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Controller = 'memory' | 'pids' | 'cpu' | 'freezer';
export const V1_CONTROLLERS: readonly Controller[] = ['memory', 'pids', 'cpu', 'freezer'];
export const LIMITED: readonly Controller[] = ['memory', 'pids', 'cpu'];

export type CgroupLayout =
  | { readonly version: 2; readonly parent: string }
  | { readonly version: 1; readonly parents: Readonly<Partial<Record<Controller, string>>> };

interface Mount {
  readonly root: string;
  readonly point: string;
  readonly type: string;
  readonly options: readonly string[];
}

/** Where this process may create cgroups, or why it cannot. */
export function findCgroupLayout(
  mountinfo = readText('/proc/self/mountinfo'),
  self = readText('/proc/self/cgroup'),
): CgroupLayout | string {
  if (mountinfo === undefined || self === undefined) return 'this system has no cgroups';
  const mounts = parseMounts(mountinfo);
  const membership = parseMembership(self);
  const v1: Partial<Record<Controller, string>> = {};
  for (const controller of V1_CONTROLLERS) {
    const mount = mounts.find((m) => m.type === 'cgroup' && m.options.includes(controller));
    const path = [...membership.entries()].find(([names]) => names.split(',').includes(controller))?.[1];
    if (mount !== undefined && path !== undefined) v1[controller] = within(mount, path);
  }
  const unified = mounts.find((m) => m.type === 'cgroup2');
  const unifiedPath = membership.get('');
  // A v2 hierarchy is used when it holds the controllers (pure v2); on a hybrid machine whose
  // controllers are bound to v1 hierarchies, v1 gives the limits.
  if (unified !== undefined && unifiedPath !== undefined && (v1.memory === undefined || v1.pids === undefined)) {
    return { version: 2, parent: within(unified, unifiedPath) };
  }
  if (Object.keys(v1).length > 0) return { version: 1, parents: v1 };
  return 'no cgroup hierarchy is mounted';
}

function parseMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [type, , options] = right.split(' ');
    const root = fields[3];
    const point = fields[4];
    if (root === undefined || point === undefined || type === undefined) continue;
    mounts.push({ root: unescapeMount(root), point: unescapeMount(point), type, options: (options ?? '').split(',') });
  }
  return mounts;
}

/** /proc/self/cgroup: "controllers → path" ("" for the v2 line "0::/path"). */
function parseMembership(text: string): Map<string, string> {
  const membership = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) membership.set(match[1], match[2]);
  }
  return membership;
}

/** The folder of cgroup `path` under a mount whose root may itself be a cgroup (containers). */
function within(mount: Mount, path: string): string {
  const relative =
    mount.root === '/' ? path : path.startsWith(mount.root) ? path.slice(mount.root.length) || '/' : path;
  const dir = join(mount.point, relative);
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

function unescapeMount(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
