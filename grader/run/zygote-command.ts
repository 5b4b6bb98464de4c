/**
 * The command line of a slot's Python zygote (zygote.ts). At the strict level it is the strict
 * sandbox of command.ts with three differences, all undone in each child before student code
 * runs: the zygote keeps CAP_SYS_ADMIN besides setpriv's three capabilities (each child makes its
 * own namespaces and mounts), no seccomp filter is loaded on it (each child loads the same
 * filter, read from fd 4, once it has dropped to the slot uid), and the grader's private FIFO
 * folder is bound at /zygote (each child unmounts it). Strict isolation as root only (zygote.ts
 * says why); enter.pl gives it a fresh session keyring, which every child inherits and then
 * replaces with one of its own.
 */
import { environmentArgs, filesystemArgs, interpreterArgs, LIMITS, namespaceArgs, SANDBOX_ENV } from './command.js';
import { enterArgs, type SandboxTools } from './isolation.js';
import type { LaunchSpec } from './launch.js';
import type { PythonInstall } from './python.js';
import type { ZygoteStage } from './stage.js';

/** Every zygote imports these; a spec's `python.preload` adds to them. */
export const DEFAULT_PRELOAD: readonly string[] = ['numpy', 'scipy.signal', 'scipy.signal.windows'];

export interface ZygoteLaunch {
  readonly tools: SandboxTools;
  readonly python: PythonInstall;
  readonly stage: ZygoteStage;
  /** Modules imported before the first fork (DEFAULT_PRELOAD and the spec's). */
  readonly preload: readonly string[];
  /** Descriptors of the slot cgroup's cgroup.procs files (opened by the grader), given as fds 5, 6, … */
  readonly cgroupFds: readonly number[];
  /** The cgroup.procs files of the zygote's own cgroup (not its children's): the grader's exit empties it. */
  readonly homeCgroupFiles: readonly string[];
  /** How long a child waits for the grader to open its channels. */
  readonly attachSeconds: number;
}

/** Where the zygote's folders are inside its sandbox. */
const AT = { runner: '/runner', fifo: '/zygote' } as const;

/** The zygote's configuration (its one argument: visible in the children's /proc/1/cmdline, so nothing secret). */
function config(input: ZygoteLaunch): string {
  const seccomp = input.tools.seccomp;
  return JSON.stringify({
    level: 'strict',
    relay: `${AT.runner}/${input.stage.relayName}`,
    fifoDir: AT.fifo,
    preload: input.preload,
    seccompFd: seccomp === undefined ? null : 4,
    cgroupFds: input.cgroupFds.map((_, i) => 5 + i),
    keyctl: input.tools.keyring && seccomp !== undefined ? seccomp.numbers.keyctl : null,
    attachSeconds: input.attachSeconds,
  });
}

export function zygoteCommand(input: ZygoteLaunch): LaunchSpec {
  const { tools, python } = input;
  if (tools.perl === undefined) throw new Error('A zygote needs perl for its pre-exec helper');
  if (tools.bwrap === undefined || tools.mode !== 'root' || tools.seccomp === undefined)
    throw new Error('A zygote needs bwrap as root and a seccomp filter');
  const interpreter = [python.executable, '-I', '-B', '-u', `${AT.runner}/${input.stage.zygoteName}`, config(input)];
  const prefixes = interpreterArgs(
    {
      language: 'py',
      python,
      cpuSeconds: 0,
      stage: { root: '', subDir: '', runnerDir: '', tmpDir: '', moduleName: '', relayName: '' },
    },
    { sub: '/sub', runner: AT.runner },
    true,
  ).prefixes;
  const args = [
    ...namespaceArgs(tools, ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SYS_ADMIN']),
    // The zygote's own /tmp, root's: each child mounts a fresh one over it.
    ...filesystemArgs(prefixes, { bytes: LIMITS.tmpfsBytes, perms: '0755' }),
    '--dir',
    '/sub',
    '--ro-bind',
    input.stage.runnerDir,
    AT.runner,
    '--bind',
    input.stage.fifoDir,
    AT.fifo,
    '--chdir',
    '/',
    ...environmentArgs(SANDBOX_ENV),
    '--',
    ...interpreter,
  ];
  return {
    file: tools.perl,
    args: [...enterArgs(tools, input.homeCgroupFiles), tools.bwrap, ...args],
    env: { PATH: '/usr/bin:/bin' },
    cwd: '/',
    fd4: tools.seccomp.bytes,
    inherit: input.cgroupFds,
  };
}
