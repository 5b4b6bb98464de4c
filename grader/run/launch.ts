/**
 * The one place grader/run starts a process. The child gets fds 0–2 as pipes plus fd 3, a
 * private pipe for answers; it runs in its own process group on POSIX so a kill reaches every
 * process it started (in strict isolation the group is bwrap's, and killing bwrap tears down
 * the whole pid namespace).
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface LaunchSpec {
  readonly file: string;
  readonly args: readonly string[];
  /** The complete environment: nothing is inherited from the grader. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
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
  const child = spawn(spec.file, [...spec.args], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: { ...spec.env },
    cwd: spec.cwd,
    detached: posix,
    windowsHide: true,
  });
  let error: Error | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (e) => {
      error = e;
      resolve({ code: -1, signal: null });
    });
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
