/**
 * The one place grader/run starts a sandbox process. The child gets fds 0–2 as pipes plus fd 3, a
 * private pipe for answers; it runs in its own process group on POSIX so a kill reaches every
 * process it started (in strict isolation the group is bwrap's, and killing bwrap tears down
 * the whole pid namespace). What a sandbox needs and nothing else: no inherited environment, no
 * buffering (the session reads the streams itself, with caps), an exit is an outcome (never a
 * rejection), and the group is SIGKILLed if the grader exits first.
 *
 * node:child_process directly, not execa (which the rest of grader/run uses for its helpers):
 * this runs once per sandbox, on every run's path, and execa's option handling and stream
 * plumbing cost ~10 ms at a process's first spawn and ~1 ms of the grader's main thread at each
 * one after (P1, P2), for features a sandbox turns off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { onExit } from 'signal-exit';

export interface LaunchSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** The complete environment: nothing is inherited from the grader. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Bytes the child can read from fd 4 until end of file (the seccomp filter `bwrap --seccomp 4` reads). */
  readonly fd4?: Uint8Array;
  /** Open descriptors of the grader the child gets as fds 5, 6, … (the zygote's slot cgroup files). */
  readonly inherit?: readonly number[];
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
  /** Lets the grader exit while the process still runs (a zygote between runs). */
  unref?(): void;
}

const posix = process.platform !== 'win32';

/** Sandboxes still running: SIGKILLed (their whole group) when the grader exits. */
const live = new Set<ChildProcess>();
let exitHook = false;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (posix) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // the group is already gone
  }
}

export function launch(spec: LaunchSpec): Launched {
  if (!exitHook) {
    exitHook = true;
    onExit(() => {
      for (const child of live) killGroup(child);
    });
  }
  const inherited = (spec.inherit ?? []) as number[];
  const child = spawn(spec.file, [...spec.args], {
    // fd 4: a pipe the bytes are written to, then closed (bwrap --seccomp 4 reads it to its end).
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', spec.fd4 === undefined ? 'ignore' : 'pipe', ...inherited],
    env: { ...spec.env },
    cwd: spec.cwd,
    detached: posix,
    windowsHide: true,
  });
  live.add(child);
  let error: Error | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    // Never started (ENOENT, EACCES, EAGAIN …): no exit event follows.
    child.once('error', (cause) => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) return;
      live.delete(child);
      error = cause;
      resolve({ code: -1, signal: null });
    });
  });
  const [stdin, stdout, stderr, answers, fd4] = child.stdio;
  if (!stdin || !stdout || !stderr || !answers) throw new Error('Child stdio pipes are missing');
  for (const stream of [stdin, stdout, stderr, answers, fd4]) stream?.on('error', () => undefined);
  if (spec.fd4 !== undefined) (fd4 as Writable | null)?.end(spec.fd4);
  let killed = false;
  return {
    stdin: stdin as Writable,
    stdout: stdout as Readable,
    stderr: stderr as Readable,
    answers: answers as Readable,
    exited,
    spawnError: () => error,
    unref() {
      child.unref();
      for (const stream of [stdin, stdout, stderr, answers]) (stream as { unref?: () => void }).unref?.();
    },
    kill() {
      if (killed) return;
      killed = true;
      killGroup(child);
    },
  };
}
