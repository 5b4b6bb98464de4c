/**
 * Builds the command line that starts one relay: the strict chain of SECURITY.md
 * (enter.pl → bwrap → setpriv → prlimit → interpreter), the uid chain (enter.pl → setpriv →
 * prlimit → interpreter, on the host filesystem) or the basic one (the interpreter alone).
 */
import { realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Language } from '../result.js';
import { enterArgs, systemLinks, type SandboxTools } from './isolation.js';
import type { LaunchSpec } from './launch.js';
import type { PythonInstall } from './python.js';
import type { Stage } from './stage.js';

/** Resource caps per sandbox (measured: Node 20 idles at ~760 MB of address space, Python + numpy + scipy at ~260 MB). */
export const LIMITS = {
  nodeAddressSpace: 2560 * 1024 * 1024,
  nodeHeapMb: 512,
  pythonAddressSpace: 1024 * 1024 * 1024,
  processes: 64,
  openFiles: 64,
  fileSize: 16 * 1024 * 1024,
  tmpfsBytes: 16 * 1024 * 1024,
} as const;

export interface CommandInput {
  readonly language: Language;
  readonly stage: Stage;
  readonly python?: PythonInstall;
  /** CPU seconds for the interpreter (rlimit), from the submission budget. */
  readonly cpuSeconds: number;
  /** The slot cgroup's cgroup.procs files the sandbox joins before it starts (none: no cgroup). */
  readonly cgroupFiles?: readonly string[];
}

export const SANDBOX_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  MPLCONFIGDIR: '/tmp',
};

/** The strict chain. `uid` is the slot's uid (ignored in user-namespace mode). */
export function strictCommand(input: CommandInput, tools: SandboxTools, uid: number): LaunchSpec {
  if (tools.bwrap === undefined || tools.seccomp === undefined)
    throw new Error('Strict isolation needs bwrap and a seccomp filter');
  const inside = { sub: '/sub', runner: '/runner' };
  const interpreter = interpreterArgs(input, inside, true);
  const args = [
    ...namespaceArgs(tools, tools.mode === 'root' ? ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP'] : []),
    ...filesystemArgs(interpreter.prefixes, { bytes: LIMITS.tmpfsBytes, perms: '1777' }),
    '--ro-bind',
    input.stage.subDir,
    inside.sub,
    '--ro-bind',
    input.stage.runnerDir,
    inside.runner,
    '--chdir',
    '/tmp',
    // The filter (seccomp.ts), on fd 4 (launch.ts): applied last, just before setpriv runs.
    '--seccomp',
    '4',
    ...environmentArgs(SANDBOX_ENV),
    '--',
  ];
  args.push(...dropArgs(input, tools, uid), interpreter.file, ...interpreter.args);
  // bwrap itself starts with an empty environment, so not even its own /proc/1/environ holds a secret.
  const env = { PATH: '/usr/bin:/bin' };
  return tools.perl === undefined
    ? { file: tools.bwrap, args, env, cwd: '/', fd4: tools.seccomp.bytes }
    : {
        file: tools.perl,
        // reap: bwrap's namespace init outlives bwrap as a zombie; enter.pl reaps it, so the
        // slot cgroup is empty when the run ends (reaper.ts drainRun needs no uid check).
        args: [...enterArgs(tools, input.cgroupFiles ?? [], { reap: true }), tools.bwrap, ...args],
        env,
        cwd: '/',
        fd4: tools.seccomp.bytes,
      };
}

/** bwrap's namespaces, session and capabilities of every strict sandbox (the zygote's too), `caps` kept. */
export function namespaceArgs(tools: SandboxTools, caps: readonly string[]): string[] {
  return [
    ...(tools.mode === 'userns' ? ['--unshare-user'] : []),
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...caps.flatMap((cap) => ['--cap-add', cap]),
  ];
}

/** The read-only minimal filesystem: /usr, the system links, /proc, /dev, a /tmp tmpfs and the interpreter's prefixes. */
export function filesystemArgs(
  prefixes: readonly string[],
  tmp: { readonly bytes: number; readonly perms: string },
): string[] {
  const binds = prefixes.filter((p) => !isUnder(p, '/usr'));
  return [
    '--ro-bind',
    '/usr',
    '/usr',
    ...systemLinks(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(tmp.bytes),
    '--perms',
    tmp.perms,
    '--tmpfs',
    '/tmp',
    ...bindPrefixes(outermost(binds)),
  ];
}

export function environmentArgs(env: Readonly<Record<string, string>>): string[] {
  return ['--clearenv', ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v])];
}

/**
 * The uid chain: no namespaces, so the interpreter runs on the host filesystem, as the slot uid,
 * on the run's private staging copies (stage.ts makes them readable by that uid only). enter.pl
 * joins the slot cgroup and a fresh keyring and loads the seccomp filter first.
 */
export function uidCommand(input: CommandInput, tools: SandboxTools, uid: number): LaunchSpec {
  if (tools.perl === undefined || tools.setpriv === undefined) throw new Error('Uid isolation needs perl and setpriv');
  const interpreter = interpreterArgs(input, { sub: input.stage.subDir, runner: input.stage.runnerDir }, false, true);
  const env = uidEnvironment(input.stage.tmpDir);
  return {
    file: tools.perl,
    args: [
      ...enterArgs(tools, input.cgroupFiles ?? []),
      ...dropArgs(input, tools, uid),
      interpreter.file,
      ...interpreter.args,
    ],
    env,
    cwd: input.stage.tmpDir,
  };
}

/** The environment at the uid level: the sandbox's own folder as HOME and TMPDIR. */
export function uidEnvironment(tmpDir: string): Record<string, string> {
  return { ...SANDBOX_ENV, HOME: tmpDir, TMPDIR: tmpDir, MPLCONFIGDIR: tmpDir };
}

/** setpriv to the slot uid (as root), then prlimit: each ending with `--`. */
function dropArgs(input: CommandInput, tools: SandboxTools, uid: number): string[] {
  const args: string[] = [];
  if (tools.setpriv !== undefined) {
    args.push(
      tools.setpriv,
      `--reuid=${uid}`,
      `--regid=${uid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--no-new-privs',
      '--',
    );
  }
  if (tools.prlimit !== undefined) {
    const limits = sandboxLimits(input, tools);
    args.push(tools.prlimit, ...Object.entries(limits).map(([name, value]) => `--${name}=${value}`), '--');
  }
  return args;
}

/** The rlimits of one sandbox, by prlimit's names (nproc where the sandbox has its own uid). */
export function sandboxLimits(
  input: Pick<CommandInput, 'language' | 'cpuSeconds'>,
  tools: Pick<SandboxTools, 'mode'>,
): SandboxLimits {
  return {
    ...(tools.mode === 'userns' ? {} : { nproc: LIMITS.processes }),
    as: input.language === 'py' ? LIMITS.pythonAddressSpace : LIMITS.nodeAddressSpace,
    fsize: LIMITS.fileSize,
    nofile: LIMITS.openFiles,
    core: 0,
    cpu: input.cpuSeconds,
  };
}

export interface SandboxLimits {
  readonly nproc?: number;
  readonly as: number;
  readonly fsize: number;
  readonly nofile: number;
  readonly core: number;
  readonly cpu: number;
}

/** The basic command: the interpreter alone, with a cleared environment and portable caps. */
export function basicCommand(input: CommandInput): LaunchSpec {
  const interpreter = interpreterArgs(input, { sub: input.stage.subDir, runner: input.stage.runnerDir }, false);
  const env: Record<string, string> = {
    ...SANDBOX_ENV,
    PATH: dirname(interpreter.file),
    HOME: input.stage.tmpDir,
    TMPDIR: input.stage.tmpDir,
    MPLCONFIGDIR: input.stage.tmpDir,
  };
  if (process.platform === 'win32') {
    // Windows processes need these to start at all (CRT, crypto, temp files).
    for (const key of ['SystemRoot', 'SYSTEMROOT', 'windir', 'TEMP', 'TMP']) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
  }
  return { file: interpreter.file, args: interpreter.args, env, cwd: input.stage.tmpDir };
}

export interface Interpreter {
  readonly file: string;
  readonly args: string[];
  /** Installation folders the sandbox must bind. */
  readonly prefixes: readonly string[];
}

/** `limited`: prlimit sets the address space already (strict, uid); else the Python relay does. */
export function interpreterArgs(
  input: CommandInput,
  at: { sub: string; runner: string },
  strict: boolean,
  limited = strict,
): Interpreter {
  const relay = joinInside(at.runner, input.stage.relayName, strict);
  const module = joinInside(at.sub, input.stage.moduleName, strict);
  if (input.language === 'py') {
    const python = input.python;
    if (python === undefined) throw new Error('A Python run needs a resolved interpreter');
    const limit = limited ? [] : ['--as', String(LIMITS.pythonAddressSpace)];
    // -u: the relay ends with os._exit and a sandbox may be killed, so block-buffered prints
    // would be lost; unbuffered, a student sees what was printed before a timeout or crash.
    return { file: python.executable, args: ['-I', '-B', '-u', relay, module, ...limit], prefixes: python.prefixes };
  }
  const node = process.execPath;
  const flags = [`--max-old-space-size=${LIMITS.nodeHeapMb}`, '--disable-warning=ExperimentalWarning'];
  if (input.language === 'js' && input.stage.moduleName.endsWith('.js')) flags.push('--experimental-detect-module');
  // A converted ES module (transpile.ts commonJsOf) carries a source map to the lines as written.
  if (input.stage.moduleName.endsWith('.cjs')) flags.push('--enable-source-maps');
  // The permission model is an extra layer only (SECURITY.md); it is not relied on.
  if (strict || process.platform !== 'win32') {
    flags.push(
      '--experimental-permission',
      `--allow-fs-read=${withSep(at.sub, strict)}`,
      `--allow-fs-read=${withSep(at.runner, strict)}`,
    );
  }
  return { file: node, args: [...flags, relay, module], prefixes: [nodePrefix()] };
}

let cachedNodePrefix: string | undefined;

/** The installation folder of this Node (resolved once per process, not per sandbox). */
function nodePrefix(): string {
  return (cachedNodePrefix ??= dirname(dirname(realpathSync(process.execPath))));
}

function joinInside(dir: string, name: string, strict: boolean): string {
  return strict ? `${dir}/${name}` : join(dir, name);
}

function withSep(dir: string, strict: boolean): string {
  const s = strict ? '/' : sep;
  return dir.endsWith(s) ? dir : dir + s;
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '/');
}

/** Drops prefixes inside another prefix of the list (binding the outer one covers them). */
function outermost(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((p) => !unique.some((q) => q !== p && isUnder(p, q)));
}

/** `--dir` for each parent (so the dropped uid can traverse it), then a read-only bind at the same path. */
function bindPrefixes(prefixes: readonly string[]): string[] {
  const args: string[] = [];
  const made = new Set<string>(['/', '/tmp', '/usr']);
  for (const prefix of prefixes) {
    const parts = prefix.split('/').filter((p) => p !== '');
    for (let i = 1; i < parts.length; i++) {
      const parent = '/' + parts.slice(0, i).join('/');
      if (made.has(parent)) continue;
      made.add(parent);
      args.push('--dir', parent);
    }
    args.push('--ro-bind', prefix, prefix);
  }
  return args;
}
