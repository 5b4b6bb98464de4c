/**
 * A Gradescope-like container, made real without Docker: the grader runs as root, but with
 * Docker's default capabilities (no CAP_SYS_ADMIN) and under Docker's default seccomp profile
 * (test/fixtures/seccomp/docker-default-policy.json, compiled by `npm run seccomp`), which
 * blocks the namespaces bwrap needs (user namespaces included) and keyctl. So `auto` finds no
 * strict isolation for the same reasons it finds none on Gradescope, and picks uid. Optionally
 * /sys/fs/cgroup is read-only, as in Docker, so no slot cgroup can be made.
 *
 * The simulation itself is set up with bwrap (as the real root, before the restrictions): a
 * private mount namespace over the host's / with /root replaced by a world-enterable tmpfs that
 * holds only this machine's pyenv (a Gradescope image has python3 under /usr).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, type CliRun } from './helpers.js';

const DOCKER_FILTER = join(ROOT, 'test', 'fixtures', 'seccomp', 'x86_64.bpf');
const ENTER = join(ROOT, 'grader', 'run', 'enter.pl');
/** Docker's default capability set (moby/oci/caps/defaults.go). */
const DOCKER_CAPS = [
  'chown',
  'dac_override',
  'fsetid',
  'fowner',
  'mknod',
  'net_raw',
  'setgid',
  'setuid',
  'setfcap',
  'setpcap',
  'net_bind_service',
  'sys_chroot',
  'kill',
  'audit_write',
];

/** Whether this machine can run the simulation (root, x86_64, bwrap, the filter). */
export const canSimulateDocker =
  process.getuid?.() === 0 && process.arch === 'x64' && existsSync('/usr/bin/bwrap') && existsSync(DOCKER_FILTER);

export interface SimOptions {
  /** /sys/fs/cgroup read-only, as Docker mounts it (no slot cgroups). */
  readonly readOnlyCgroups: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** A key the grader's session keyring holds (as a CI token would), joined before the restrictions. */
  readonly sessionKey?: string;
  readonly cwd?: string;
}

/** The command line that runs `argv` inside the simulated container. */
export function dockerSimArgv(argv: readonly string[], opts: SimOptions): string[] {
  const pyenv = '/root/.pyenv';
  const binds = existsSync(pyenv) ? ['--tmpfs', '/root', '--ro-bind', pyenv, pyenv] : [];
  return [
    '/usr/bin/bwrap',
    '--dev-bind',
    '/',
    '/',
    ...binds,
    ...(opts.readOnlyCgroups ? ['--ro-bind', '/sys/fs/cgroup', '/sys/fs/cgroup'] : []),
    '--die-with-parent',
    '--',
    ...(opts.sessionKey === undefined ? [] : withSessionKey()),
    '/usr/bin/perl',
    ENTER,
    '--seccomp',
    DOCKER_FILTER,
    '--prctl',
    '157',
    '--',
    '/usr/bin/setpriv',
    `--bounding-set=-all,${DOCKER_CAPS.map((c) => `+${c}`).join(',')}`,
    '--inh-caps=-all',
    '--',
    ...argv,
  ];
}

/** The environment variable that carries a session key's payload to withSessionKey's prefix. */
export const SESSION_KEY_VAR = 'CONVGRADE_TEST_SESSION_KEY';

/**
 * A prefix that joins a fresh session keyring holding $CONVGRADE_TEST_SESSION_KEY as the user
 * key "convgrade-ci-token", removes the variable, then execs the rest (x86_64 system call
 * numbers: keyctl 250, add_key 248). The payload travels in the environment, not on a command
 * line, which any uid can read in /proc while the process lives.
 */
export function withSessionKey(): string[] {
  const script = `my $p = delete $ENV{${SESSION_KEY_VAR}}; defined $p or die "no key"; my ($t, $d) = ("user", "convgrade-ci-token"); syscall(250, 1, 0) >= 0 or die "keyctl: $!"; syscall(248, $t, $d, $p, length($p), -3) >= 0 or die "add_key: $!"; exec { $ARGV[0] } @ARGV or die "exec: $!"`;
  return ['/usr/bin/perl', '-e', script];
}

/** Runs the built CLI in the simulated container. */
export function runCliInDockerSim(args: readonly string[], opts: SimOptions): Promise<CliRun> {
  return spawnCollect(dockerSimArgv([process.execPath, CLI, ...args], opts), opts);
}

/** Runs any program (run_autograder) in the simulated container. */
export function runInDockerSim(argv: readonly string[], opts: SimOptions): Promise<CliRun> {
  return spawnCollect(dockerSimArgv(argv, opts), opts);
}

function spawnCollect(argv: readonly string[], opts: SimOptions): Promise<CliRun> {
  const started = performance.now();
  const [file = '', ...rest] = argv;
  const child = spawn(file, rest, {
    cwd: opts.cwd ?? ROOT,
    env: {
      ...process.env,
      CONVGRADE_SECRET: '',
      NO_COLOR: '1',
      ...opts.env,
      ...(opts.sessionKey === undefined ? {} : { [SESSION_KEY_VAR]: opts.sessionKey }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) =>
    child.once('close', (status) =>
      resolve({ status, stdout, stderr, pid: child.pid ?? 0, ms: Math.round(performance.now() - started) }),
    ),
  );
}

/** The simulation's own claims, for a test that it is what it says: no CAP_SYS_ADMIN, a filter, keyctl blocked. */
export function describeSelf(status: string): { readonly capEff: bigint; readonly seccomp: number } {
  const cap = /^CapEff:\s+([0-9a-f]+)$/m.exec(status)?.[1] ?? '0';
  return { capEff: BigInt(`0x${cap}`), seccomp: Number(/^Seccomp:\s+(\d)/m.exec(status)?.[1] ?? 0) };
}

export const CAP_SYS_ADMIN = 21n;
