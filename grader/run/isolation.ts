/**
 * Which isolation this machine can give (ARCHITECTURE.md, "Isolation levels"). The strict
 * probe runs the real chain once per process and is cached.
 *
 * - strict/root: bwrap + setpriv to a per-slot uid + prlimit (SECURITY.md);
 * - strict/userns: not root but bwrap with --unshare-user works: namespaces and a read-only
 *   filesystem, but no separate uid and no process-count limit (said in the note);
 * - basic: a plain child process with limits; works on any OS Node 20 runs on.
 */
import { execa } from 'execa';
import { accessSync, constants, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { IsolationLevel } from '../result.js';

export type IsolationRequest = 'strict' | 'basic' | 'auto';

export interface StrictTools {
  readonly bwrap: string;
  /** Present when the grader is root: drop to the slot uid with setpriv. */
  readonly setpriv?: string;
  readonly prlimit?: string;
  readonly mode: 'root' | 'userns';
}

export interface Isolation {
  readonly level: IsolationLevel;
  readonly note?: string;
  /** Set when level is strict. */
  readonly tools?: StrictTools;
}

const BASIC_NOTE =
  'basic isolation: a separate process with time, memory and output limits; not safe for untrusted code';
const USERNS_NOTE =
  "strict isolation without a separate uid: the grader is not root, so the sandbox runs in a user namespace as the grader's own uid and the process-count limit is not enforced";

let strictProbe: Promise<StrictTools | string> | undefined;

/**
 * Resolves a request to a level. `strict` throws EnvironmentError (exit 2) when unavailable;
 * `auto` falls back to basic with a note saying why.
 */
export async function detectIsolation(opts: { readonly isolation?: IsolationRequest } = {}): Promise<Isolation> {
  const request = opts.isolation ?? 'auto';
  if (request === 'basic') return { level: 'basic', note: BASIC_NOTE };
  strictProbe ??= probeStrict();
  const probe = await strictProbe;
  if (typeof probe !== 'string') {
    return probe.mode === 'root'
      ? { level: 'strict', tools: probe }
      : { level: 'strict', note: USERNS_NOTE, tools: probe };
  }
  if (request === 'strict') throw new EnvironmentError(`Strict isolation is not available: ${probe}`);
  return { level: 'basic', note: `${BASIC_NOTE} (strict isolation is not available: ${probe})` };
}

/** The tools, or why strict isolation is unavailable. */
async function probeStrict(): Promise<StrictTools | string> {
  if (process.platform !== 'linux') return `it needs Linux with bubblewrap, this is ${process.platform}`;
  const bwrap = findExecutable('bwrap');
  if (bwrap === undefined) return 'bubblewrap (bwrap) is not installed (apt-get install bubblewrap)';
  const root = process.getuid?.() === 0;
  const prlimit = findExecutable('prlimit');
  let tools: StrictTools;
  if (root) {
    const setpriv = findExecutable('setpriv');
    if (setpriv === undefined || prlimit === undefined)
      return 'setpriv and prlimit (util-linux) are needed to drop to a per-slot uid';
    if (!setpriv.startsWith('/usr/') || !prlimit.startsWith('/usr/')) return 'setpriv and prlimit must live under /usr';
    tools = { bwrap, setpriv, prlimit, mode: 'root' };
  } else {
    tools = prlimit?.startsWith('/usr/') ? { bwrap, prlimit, mode: 'userns' } : { bwrap, mode: 'userns' };
  }
  const args = [
    ...(root ? [] : ['--unshare-user']),
    '--unshare-pid',
    '--unshare-net',
    '--die-with-parent',
    '--ro-bind',
    '/usr',
    '/usr',
    ...systemLinks(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--',
    ...(tools.setpriv
      ? [tools.setpriv, '--reuid=65534', '--regid=65534', '--clear-groups', '--no-new-privs', '--']
      : []),
    '/usr/bin/true',
  ];
  const run = await execa(bwrap, args, {
    timeout: 10_000,
    env: { PATH: '/usr/bin:/bin' },
    extendEnv: false,
    reject: false,
  });
  return run.failed
    ? `bubblewrap failed: ${run.stderr.trim() || run.shortMessage} (are user namespaces disabled?)`
    : tools;
}

/** bwrap arguments recreating /bin, /lib, /lib64 … as the host has them (symlinks into /usr, or folders). */
export function systemLinks(): string[] {
  return (cachedLinks ??= computeLinks());
}

let cachedLinks: string[] | undefined;

function computeLinks(): string[] {
  const args: string[] = [];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      continue; // absent on this host
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  return args;
}

export function findExecutable(name: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).concat(['/usr/bin', '/usr/sbin', '/bin', '/sbin']);
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return realpathSync(candidate);
    } catch {
      // keep looking
    }
  }
  return undefined;
}
