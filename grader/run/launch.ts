/**
 * The one place grader/run starts a process. The child gets fds 0–2 as pipes plus fd 3, a
 * private pipe for answers; it runs in its own process group on POSIX so a kill reaches every
 * process it started (in strict isolation the group is bwrap's, and killing bwrap tears down
 * the whole pid namespace). Spawning goes through execa with its safety defaults turned to what a
 * sandbox needs: no inherited environment, no buffering (the session reads the streams itself, with
 * caps), no rejection (an exit is an outcome), and cleanup of the child if the grader dies.
 */
import { execa } from 'execa';
import type { Readable, Writable } from 'node:stream';

export interface LaunchSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** The complete environment: nothing is inherited from the grader. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Bytes the child can read from fd 4 until end of file (the seccomp filter `bwrap --seccomp 4` reads). */
  readonly fd4?: Uint8Array;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Launched {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly answers: Readable;
  /** Settles when the process has exited (never rejects; a spawn failure is an exit with code -1). */
  readonly exited: Promise<ExitStatus>;
  readonly spawnError: () => Error | undefined;
  /** SIGKILL to the process group (POSIX) or the process (Windows). Idempotent. */
  kill(): void;
}

const posix = process.platform !== 'win32';

export function launch(spec: LaunchSpec): Launched {
  const child = spawnSandbox(spec);
  let error: Error | undefined;
  const exited = child.then((result): ExitStatus => {
    const signal = (result.signal ?? null) as NodeJS.Signals | null;
    if (result.exitCode === undefined && signal === null) {
      // Never started (ENOENT, EACCES, EAGAIN …): execa reports it as a failed result.
      error = result.cause instanceof Error ? result.cause : new Error(result.message);
      return { code: -1, signal: null };
    }
    return { code: result.exitCode ?? null, signal };
  });
  const [stdin, stdout, stderr, answers] = child.stdio;
  if (!stdin || !stdout || !stderr || !answers) throw new Error('Child stdio pipes are missing');
  for (const stream of [stdin, stdout, stderr, answers]) stream.on('error', () => undefined);
  let killed = false;
  return {
    stdin: stdin as Writable,
    stdout: stdout as Readable,
    stderr: stderr as Readable,
    answers: answers as Readable,
    exited,
    spawnError: () => error,
    kill() {
      if (killed || child.pid === undefined) return;
      killed = true;
      try {
        if (posix) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // the group is already gone
      }
    },
  };
}

function spawnSandbox(spec: LaunchSpec) {
  return execa(spec.file, [...spec.args], {
    // fd 4: a pipe execa fills with the bytes and closes.
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', spec.fd4 ?? 'ignore'],
    env: { ...spec.env },
    extendEnv: false,
    cwd: spec.cwd,
    detached: posix,
    windowsHide: true,
    buffer: false,
    reject: false,
    cleanup: true,
    stripFinalNewline: false,
  });
}
