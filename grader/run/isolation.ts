/**
 * Which isolation this machine can give (ARCHITECTURE.md, "Isolation levels"). Each probe runs
 * the real chain once per process and is cached.
 *
 * - strict/root: enter.pl → bwrap (namespaces, seccomp) → setpriv to a per-slot uid → prlimit;
 * - strict/userns: not root but bwrap with --unshare-user works: namespaces, seccomp and a
 *   read-only filesystem, but no separate uid and no process-count limit (said in the note);
 * - uid: root without the namespaces bwrap needs (Docker, Gradescope): enter.pl (seccomp) →
 *   setpriv to a per-slot uid → prlimit, with the grader's secrets out of that uid's reach;
 * - basic: a plain child process with limits; works on any OS Node 20 runs on.
 *
 * `auto` picks strict > uid > basic. Every level but strict says what it lacks in its note,
 * which every result carries.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { accessSync, constants, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { IsolationLevel } from '../result.js';
import { ENTER_SCRIPT, SLOT_UID_BASE } from './constants.js';
import { seccompFilter, type SeccompFilter } from './seccomp.js';
import { slotCgroupNote } from './slot-cgroups.js';

export type IsolationRequest = 'strict' | 'uid' | 'basic' | 'auto';
export const ISOLATION_REQUESTS: readonly IsolationRequest[] = ['auto', 'strict', 'uid', 'basic'];

export interface SandboxTools {
  /** root: a per-slot uid inside bwrap; userns: bwrap --unshare-user as the grader's uid; uid: no bwrap. */
  readonly mode: 'root' | 'userns' | 'uid';
  /** Absent at the uid level. */
  readonly bwrap?: string;
  /** Present when the grader is root: drop to the slot uid. */
  readonly setpriv?: string;
  readonly prlimit?: string;
  /** Runs enter.pl (cgroup join, fresh session keyring, seccomp at the uid level, reaping). */
  readonly perl?: string;
  /** Always at strict; at uid where this architecture has a filter. */
  readonly seccomp?: SeccompFilter;
  /** Whether enter.pl can give the sandbox a fresh session keyring here (Docker's profile blocks keyctl). */
  readonly keyring: boolean;
}

export interface Isolation {
  readonly level: IsolationLevel;
  readonly note?: string;
  /** Set for strict and uid. */
  readonly tools?: SandboxTools;
}

const BASIC_NOTE =
  'basic isolation: a separate process with time, memory and output limits; not safe for untrusted code';
const USERNS_NOTE =
  "strict isolation without a separate uid: the grader is not root, so the sandbox runs in a user namespace as the grader's own uid and the process-count limit is not enforced";
const UID_NOTE =
  'uid isolation: no namespaces here, so student code runs on the host filesystem as a per-run unprivileged uid without capabilities (no_new_privs, rlimits); it can read world-readable host files and see the process list, but not the grader, its secrets or its results';
/** A uid no slot gets (slots are 61000 + slot + k·1000 for slot < 999). */
const PROBE_UID = SLOT_UID_BASE + 999;

let strictProbe: Promise<SandboxTools | string> | undefined;
let uidProbe: Promise<SandboxTools | string> | undefined;

/**
 * Where a process may keep the strict probe's verdict for the next one (`check` runs once per
 * save: the probe is ~40 ms of its start). Only a verdict that strict isolation works is kept,
 * (and only the strongest: with a fresh session keyring, so that a forged or stale entry can
 * claim nothing weaker than the full sandbox), under a key of everything it depends on
 * ({@link probeKey}): the boot, the grader's uid and
 * namespaces, the kernel's user-namespace switches, and each binary and script of the chain
 * (path, inode, size, mtime). A kept verdict can only be wrong in a way that makes a sandbox fail
 * to start, never one that weakens it; {@link strictFromMemory} lets the caller check again then.
 */
export interface ProbeMemory {
  /** Whether `key` was remembered (strict works with a fresh keyring there). */
  recall(key: string): boolean;
  remember(key: string): void;
  forget(key: string): void;
}

let probeMemory: ProbeMemory | undefined;
/** The key of the verdict taken from memory in this process, if it was. */
let recalledKey: string | undefined;

/** Lets detectIsolation keep and reuse the strict verdict (call before the first probe). */
export function rememberStrictProbe(memory: ProbeMemory | undefined): void {
  probeMemory = memory;
}

/** Whether this process's strict isolation came from a kept verdict, not from a probe. */
export function strictFromMemory(): boolean {
  return recalledKey !== undefined;
}

/** Drops the kept verdict and this process's cached probe: the next detectIsolation probes again. */
export function forgetStrictProbe(): void {
  if (recalledKey !== undefined) probeMemory?.forget(recalledKey);
  recalledKey = undefined;
  strictProbe = undefined;
}

/**
 * Resolves a request to a level. `strict` and `uid` throw EnvironmentError (exit 2) when
 * unavailable; `auto` falls back (strict > uid > basic) with a note saying why.
 */
export async function detectIsolation(opts: { readonly isolation?: IsolationRequest } = {}): Promise<Isolation> {
  const request = opts.isolation ?? 'auto';
  if (request === 'basic') return { level: 'basic', note: BASIC_NOTE };
  let strictWhy: string | undefined;
  if (request === 'strict' || request === 'auto') {
    const strict = await (strictProbe ??= probeStrict());
    if (typeof strict !== 'string')
      return withNotes('strict', strict, strict.mode === 'userns' ? USERNS_NOTE : undefined);
    if (request === 'strict') throw new EnvironmentError(`Strict isolation is not available: ${strict}`);
    strictWhy = strict;
  }
  const uid = await (uidProbe ??= probeUid());
  if (typeof uid !== 'string') {
    const why = strictWhy === undefined ? '' : ` (strict isolation is not available: ${strictWhy})`;
    return withNotes('uid', uid, `${UID_NOTE}${why}`);
  }
  if (request === 'uid') throw new EnvironmentError(`Uid isolation is not available: ${uid}`);
  return {
    level: 'basic',
    note: `${BASIC_NOTE} (strict isolation is not available: ${strictWhy ?? 'not tried'}; uid isolation is not available: ${uid})`,
  };
}

/** The level with its note: what it lacks here (no cgroup, no fresh keyring, no seccomp). */
function withNotes(level: 'strict' | 'uid', tools: SandboxTools, base: string | undefined): Isolation {
  const parts = [base];
  if (tools.mode !== 'userns' || tools.perl !== undefined) parts.push(slotCgroupNote());
  if (tools.perl === undefined) parts.push('no pre-exec helper (perl is missing): no fresh session keyring, no cgroup');
  else if (!tools.keyring)
    parts.push(
      "the sandbox keeps the grader's session keyring (keyctl is blocked here), but its seccomp filter denies keyctl",
    );
  if (tools.seccomp === undefined) parts.push(`no seccomp filter: ${describe(seccompFilter())}`);
  const note = parts.filter((p): p is string => p !== undefined && p !== '').join('; ');
  return note === '' ? { level, tools } : { level, note, tools };
}

function describe(filter: SeccompFilter | string): string {
  return typeof filter === 'string' ? filter : filter.arch;
}

/** The tools every root level needs, or why they are missing. */
function rootTools(): { setpriv: string; prlimit: string; perl: string } | string {
  const setpriv = findExecutable('setpriv');
  const prlimit = findExecutable('prlimit');
  const perl = findExecutable('perl');
  if (setpriv === undefined || prlimit === undefined)
    return 'setpriv and prlimit (util-linux) are needed to drop to a per-slot uid';
  if (perl === undefined) return 'perl is needed for the sandbox’s pre-exec helper (apt-get install perl-base)';
  for (const [name, path] of [
    ['setpriv', setpriv],
    ['prlimit', prlimit],
    ['perl', perl],
  ] as const) {
    if (!path.startsWith('/usr/')) return `${name} must live under /usr, found ${path}`;
  }
  return { setpriv, prlimit, perl };
}

/** Whether enter.pl can join a fresh session keyring here. */
async function keyringWorks(perl: string, filter: SeccompFilter): Promise<boolean> {
  const run = await execa(perl, [ENTER_SCRIPT, '--keyring', String(filter.numbers.keyctl), '--', '/usr/bin/true'], {
    timeout: 10_000,
    env: { PATH: '/usr/bin:/bin' },
    extendEnv: false,
    reject: false,
  });
  return !run.failed;
}

/** The tools, or why strict isolation is unavailable. */
async function probeStrict(): Promise<SandboxTools | string> {
  if (process.platform !== 'linux') return `it needs Linux with bubblewrap, this is ${process.platform}`;
  const bwrap = findExecutable('bwrap');
  if (bwrap === undefined) return 'bubblewrap (bwrap) is not installed (apt-get install bubblewrap)';
  const seccomp = seccompFilter();
  if (typeof seccomp === 'string') return seccomp;
  const root = process.getuid?.() === 0;
  let tools: SandboxTools;
  if (root) {
    const found = rootTools();
    if (typeof found === 'string') return found;
    tools = { mode: 'root', bwrap, ...found, seccomp, keyring: false };
  } else {
    const prlimit = findExecutable('prlimit');
    const perl = findExecutable('perl');
    tools = {
      mode: 'userns',
      bwrap,
      ...(prlimit?.startsWith('/usr/') ? { prlimit } : {}),
      ...(perl?.startsWith('/usr/') ? { perl } : {}),
      seccomp,
      keyring: false,
    };
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
    '--seccomp',
    '4',
    '--',
    ...(tools.setpriv
      ? [tools.setpriv, '--reuid=65534', '--regid=65534', '--clear-groups', '--no-new-privs', '--']
      : []),
    '/usr/bin/true',
  ];
  const key = probeMemory === undefined ? undefined : probeKey(tools, args);
  if (key !== undefined && probeMemory?.recall(key) === true) {
    recalledKey = key;
    return { ...tools, keyring: true };
  }
  // The keyring check and the bwrap probe are independent: they run at once (P1).
  const keyring = tools.perl === undefined ? Promise.resolve(false) : keyringWorks(tools.perl, seccomp);
  const [run, keyringOk] = await Promise.all([runWithFilter(tools, seccomp, [bwrap, ...args]), keyring]);
  if (run.failed) return `bubblewrap failed: ${run.stderr.trim() || run.shortMessage} (are user namespaces disabled?)`;
  if (key !== undefined && keyringOk) probeMemory?.remember(key);
  return { ...tools, keyring: keyringOk };
}

/**
 * What the strict probe's verdict depends on, hashed: this boot, the grader's uid, gid and
 * namespaces (another container is another key), the kernel's switches for user namespaces, the
 * probe's own command line, and every file of the chain by path, inode, size and mtime (an
 * upgraded bwrap, perl or seccomp filter, a rebuilt enter.pl).
 */
export function probeKey(tools: SandboxTools, probeArgs: readonly string[]): string {
  const text = (path: string): string | null => {
    try {
      return readFileSync(path, 'latin1').trim();
    } catch {
      return null;
    }
  };
  const identity = (path: string | undefined): unknown => {
    if (path === undefined) return null;
    try {
      const stat = statSync(path);
      return [path, stat.dev, stat.ino, stat.size, stat.mtimeMs, stat.mode, stat.uid];
    } catch {
      return [path, null];
    }
  };
  // A namespace is its inode (the times of /proc/self/ns/* are this process's).
  const namespaces = ['mnt', 'user', 'pid', 'net', 'cgroup'].map((ns) => {
    try {
      return statSync(`/proc/self/ns/${ns}`).ino;
    } catch {
      return null;
    }
  });
  const switches = [
    '/proc/sys/kernel/unprivileged_userns_clone',
    '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
    '/proc/sys/user/max_user_namespaces',
    '/proc/sys/kernel/seccomp/actions_avail',
  ].map((path) => [path, text(path)]);
  const files = [
    tools.bwrap,
    tools.setpriv,
    tools.prlimit,
    tools.perl,
    ENTER_SCRIPT,
    tools.seccomp?.path,
    '/usr/bin/true',
  ];
  return createHash('sha256')
    .update(
      JSON.stringify([
        'strict-probe-1',
        text('/proc/sys/kernel/random/boot_id'),
        process.getuid?.() ?? null,
        process.getgid?.() ?? null,
        namespaces,
        switches,
        tools.mode,
        probeArgs,
        files.map(identity),
      ]),
    )
    .digest('hex');
}

/** The tools, or why uid isolation is unavailable (it needs root, and runs node as a slot uid to prove it). */
async function probeUid(): Promise<SandboxTools | string> {
  if (process.platform !== 'linux') return `it needs Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'the grader is not root, so it cannot run code as another uid';
  const found = rootTools();
  if (typeof found === 'string') return found;
  const filter = seccompFilter();
  const seccomp = typeof filter === 'string' ? undefined : filter;
  const tools: SandboxTools = {
    mode: 'uid',
    ...found,
    ...(seccomp === undefined ? {} : { seccomp }),
    keyring: seccomp !== undefined && (await keyringWorks(found.perl, seccomp)),
  };
  const run = await execa(
    found.perl,
    [
      ...enterArgs(tools, []),
      found.setpriv,
      `--reuid=${PROBE_UID}`,
      `--regid=${PROBE_UID}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--no-new-privs',
      '--',
      process.execPath,
      '-e',
      '0',
    ],
    { timeout: 20_000, env: { PATH: '/usr/bin:/bin' }, extendEnv: false, cwd: '/', reject: false },
  );
  if (run.failed) return `a process could not run as an unprivileged uid: ${run.stderr.trim() || run.shortMessage}`;
  return tools;
}

/**
 * enter.pl and its options for one sandbox: join `cgroupFiles`, a fresh keyring where it works,
 * and (uid level only: bwrap loads it at strict) the seccomp filter. With `reap`, enter.pl stays
 * as the program's parent and child subreaper until all of it is reaped (for bwrap, whose
 * namespace init would otherwise be orphaned: enter.pl says why). Ends with `--`.
 */
export function enterArgs(
  tools: SandboxTools,
  cgroupFiles: readonly string[],
  options: { readonly reap?: boolean } = {},
): string[] {
  const args = [ENTER_SCRIPT, ...cgroupFiles.flatMap((file) => ['--cgroup', file])];
  if (tools.keyring && tools.seccomp !== undefined) args.push('--keyring', String(tools.seccomp.numbers.keyctl));
  if (tools.mode === 'uid' && tools.seccomp !== undefined)
    args.push('--seccomp', tools.seccomp.path, '--prctl', String(tools.seccomp.numbers.prctl));
  if (options.reap === true && tools.seccomp !== undefined) args.push('--reap', String(tools.seccomp.numbers.prctl));
  args.push('--');
  return args;
}

/** Runs `command` through enter.pl (when there is perl) with the BPF program readable on fd 4. */
function runWithFilter(tools: SandboxTools, filter: SeccompFilter, command: readonly string[]) {
  const [file, args] =
    tools.perl === undefined
      ? [command[0] ?? '', command.slice(1)]
      : [tools.perl, [...enterArgs(tools, []), ...command]];
  return execa(file, args, {
    timeout: 10_000,
    env: { PATH: '/usr/bin:/bin' },
    extendEnv: false,
    reject: false,
    stdio: ['ignore', 'pipe', 'pipe', 'ignore', filter.bytes],
  });
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
