/**
 * A Python zygote per grader slot (issue 13): one long-lived strict sandbox per slot imports
 * numpy, scipy.signal and the spec's `python.preload` once, then forks one confined child per
 * Python sandbox a run asks for, instead of starting and importing a fresh interpreter each time.
 *
 * Where: strict isolation as root only (bwrap, a per-slot uid, seccomp). The zygote needs
 * CAP_SYS_ADMIN and CAP_SETUID as real root for each child's namespaces, mounts and uid change;
 * in user-namespace mode (not root) there is no uid to drop to, and the uid level has no
 * namespaces to give each child its own /tmp and pid space, so both (and basic, and every
 * platform but Linux) keep the fresh sandbox of command.ts.
 *
 * Per child (relay/python-zygote.py has the details; the same guarantees as a fresh sandbox):
 * a fresh pid namespace whose pid 1 is a fork of the zygote (G), fresh mount, ipc, uts and net
 * namespaces, a fresh /proc and /tmp (/dev, the zygote's, is read-only to them); then the sandbox process S: its own session,
 * four FIFOs in this grader's private folder (0700, root's) that the grader opens, the source
 * read from its stdin FIFO (one header line and exactly that many bytes), the slot cgroup joined
 * (through cgroup.procs descriptors the grader opened), its own cgroup namespace, the FIFO folder
 * unmounted, the source on a private read-only tmpfs at /sub, a fresh session keyring, rlimits,
 * an empty bounding set, the slot uid, no capabilities, no_new_privs, the seccomp filter; then
 * the relay, unchanged. Killing a child SIGKILLs G, which tears down its pid namespace.
 *
 * A zygote that dies is replaced at the next run; a child that cannot be forked before any
 * student code ran (the zygote died, or the environment refuses a step) is replaced by a fresh
 * sandbox, transparently (`fallback`), and zygotes are off for the rest of the process after a
 * failure that is not a death. Set CONVGRADE_PYTHON_ZYGOTE=0 (or RunOptions.pythonZygote: false)
 * to never use one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { onExit } from 'signal-exit';
import { LIMITS, SANDBOX_ENV, sandboxLimits } from './command.js';
import type { SandboxTools } from './isolation.js';
import { launch, type ExitStatus, type Launched } from './launch.js';
import type { PythonInstall } from './python.js';
import { acquireSlotCgroup, type SlotLease } from './slot-cgroups.js';
import { createZygoteStage, removeStage, type ZygoteStage } from './stage.js';
import { DEFAULT_PRELOAD, zygoteCommand } from './zygote-command.js';

export { DEFAULT_PRELOAD } from './zygote-command.js';

/** The environment switch: `0`, `off` or `false` turns zygotes off (the benchmarks compare both). */
const ZYGOTE_SWITCH = 'CONVGRADE_PYTHON_ZYGOTE';

/** How long a child waits for the grader to open its FIFOs (the grader does so at once). */
const ATTACH_SECONDS = 60;
const MAX_CONTROL_LINE = 64 * 1024;

export interface ZygoteWanted {
  readonly slot: number;
  readonly tools: SandboxTools;
  readonly python: PythonInstall;
  /** The spec's `python.preload` (DEFAULT_PRELOAD is always imported). */
  readonly preload: readonly string[];
}

/** One Python sandbox of a run, as a fork of the zygote. */
export interface ZygoteChild {
  readonly uid: number;
  readonly moduleName: string;
  readonly source: string;
  readonly cpuSeconds: number;
}

/** Whether zygotes are on for this request (the switch, the level, the platform), else why not. */
export function zygoteAvailable(level: string, tools: SandboxTools | undefined, wanted: boolean | undefined): boolean {
  if (wanted === false) return false;
  const env = process.env[ZYGOTE_SWITCH]?.toLowerCase();
  if (env === '0' || env === 'off' || env === 'false') return false;
  if (disabled !== undefined) return false;
  return (
    process.platform === 'linux' &&
    level === 'strict' &&
    tools !== undefined &&
    tools.mode === 'root' &&
    tools.bwrap !== undefined &&
    tools.perl !== undefined &&
    tools.seccomp !== undefined
  );
}

/** Set after a zygote failed other than by dying: no more zygotes in this process. */
let disabled: string | undefined;

/** Why zygotes were turned off in this process (after a failure), if they were. */
export function zygoteDisabledReason(): string | undefined {
  return disabled;
}

const pool = new Map<number, Zygote>();

/** The slot's zygote for one run, started (or replaced) as needed; undefined while another run holds it. */
export async function acquireZygote(wanted: ZygoteWanted): Promise<ZygoteLease | undefined> {
  const preload = [...new Set([...DEFAULT_PRELOAD, ...wanted.preload])];
  const key = JSON.stringify([wanted.python.executable, preload]);
  let zygote = pool.get(wanted.slot);
  if (zygote !== undefined && zygote.busy) return undefined;
  if (zygote !== undefined && (zygote.dead || zygote.key !== key)) {
    zygote.stop();
    pool.delete(wanted.slot);
    zygote = undefined;
  }
  if (zygote === undefined) {
    zygote = await Zygote.start(wanted, preload, key);
    pool.set(wanted.slot, zygote);
  }
  const held = zygote;
  held.busy = true;
  let released = false;
  return {
    zygote: held,
    release() {
      if (released) return;
      released = true;
      held.busy = false;
    },
  };
}

export interface ZygoteLease {
  readonly zygote: Zygote;
  release(): void;
}

/** Stops every zygote of this process (tests; the process exit does it too). */
export function stopZygotes(): void {
  for (const zygote of pool.values()) zygote.stop();
  pool.clear();
}

onExit(
  () => {
    for (const zygote of pool.values()) zygote.stopSync();
    pool.clear();
  },
  { alwaysLast: true },
);

interface Waiter {
  ready(): void;
  error(message: string): void;
  exited(status: ExitStatus): void;
}

interface Reply {
  readonly op?: unknown;
  readonly seq?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly signal?: unknown;
}

export class Zygote {
  busy = false;
  #dead = false;
  #seq = 0;
  #stderr = '';
  #replies = '';
  readonly #waiters = new Map<number, Waiter>();
  /** Settles when the previous child has exited: the zygote serves one child at a time. */
  #previous: Promise<unknown> = Promise.resolve();
  readonly #started: Promise<void>;

  private constructor(
    readonly key: string,
    private readonly stage: ZygoteStage,
    private readonly proc: Launched,
    /** The slot cgroup every child joins: the run reaps it (the zygote itself is outside it). */
    readonly cgroup: SlotLease | undefined,
    /** The zygote's own cgroup (with each child's init): the grader's exit kills it and waits until it is empty. */
    private readonly home: SlotLease | undefined,
  ) {
    this.#started = new Promise<void>((resolve, reject) => {
      this.#onStart = { resolve, reject };
    });
    // Observed once here, so a failed start is never an unhandled rejection.
    this.#started.catch(() => undefined);
    proc.stdout.on('data', () => undefined);
    proc.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-2000);
    });
    proc.answers.on('data', (chunk: Buffer) => this.#onReplies(chunk));
    void proc.exited.then((status) => this.#onDeath(status));
    // An idle zygote does not keep the grader alive; a run's own streams do while it lasts.
    proc.unref?.();
  }

  #onStart: { resolve: () => void; reject: (error: Error) => void } | undefined;

  static async start(wanted: ZygoteWanted, preload: readonly string[], key: string): Promise<Zygote> {
    const stage = await createZygoteStage();
    const cgroup = acquireSlotCgroup(wanted.slot);
    const home = cgroup === undefined ? undefined : acquireSlotCgroup(wanted.slot);
    const fds: number[] = [];
    try {
      for (const file of cgroup?.cgroup.procsFiles ?? []) fds.push(openSync(file, 'w'));
      const proc = launch(
        zygoteCommand({
          tools: wanted.tools,
          python: wanted.python,
          stage,
          preload,
          cgroupFds: fds,
          homeCgroupFiles: home?.cgroup.procsFiles ?? [],
          attachSeconds: ATTACH_SECONDS,
        }),
      );
      return new Zygote(key, stage, proc, cgroup, home);
    } catch (error: unknown) {
      cgroup?.release();
      home?.release();
      await removeStage(stage.root);
      throw error;
    } finally {
      // The zygote has its copies (fds 5, 6, …); the grader needs none.
      for (const fd of fds) closeSync(fd);
    }
  }

  get dead(): boolean {
    return this.#dead;
  }

  /** Kills the zygote (its pid namespace with it) and removes its folder. Idempotent. */
  stop(): void {
    this.proc.kill();
    this.#markDead();
  }

  /** Kills the zygote and waits until nothing of it is left (the grader's exit). */
  stopSync(): void {
    this.stop();
    this.home?.cgroup.removeSync();
  }

  /**
   * One child, as a Launched whose streams connect once the child has opened its FIFOs. If the
   * child cannot be made before it received the source (the zygote died, or failed), `fallback`
   * starts a fresh sandbox in its place, into the same streams.
   */
  fork(child: ZygoteChild, fallback: () => Launched): Launched {
    const seq = ++this.#seq;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const answers = new PassThrough();
    const outputs = [stdout, stderr, answers];
    let spawnError: Error | undefined;
    let state: 'waiting' | 'forked' | 'attached' | 'fallback' | 'done' = 'waiting';
    let replacement: Launched | undefined;
    let sockets: Socket[] = [];
    let settle!: (status: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((resolve) => (settle = resolve));
    const finish = (status: ExitStatus): void => {
      if (state === 'done') return;
      state = 'done';
      this.#waiters.delete(seq);
      stdin.destroy();
      // Sockets end by themselves once the child's writers are gone; one that never attached ends here.
      if (sockets.length === 0) for (const stream of outputs) stream.end();
      settle(status);
    };
    const useFallback = (): void => {
      if (state === 'done' || state === 'fallback') return;
      state = 'fallback';
      this.#waiters.delete(seq);
      const fresh = fallback();
      replacement = fresh;
      fresh.stdout.pipe(stdout);
      fresh.stderr.pipe(stderr);
      fresh.answers.pipe(answers);
      stdin.pipe(fresh.stdin);
      void fresh.exited.then((status) => {
        spawnError = fresh.spawnError();
        state = 'attached';
        finish(status);
      });
    };
    const previous = this.#previous;
    this.#previous = exited;
    const begin = async (): Promise<void> => {
      await previous;
      try {
        await this.#started;
      } catch {
        useFallback();
        return;
      }
      if (state !== 'waiting') return;
      if (this.#dead) {
        useFallback();
        return;
      }
      const name = randomBytes(12).toString('hex');
      this.#waiters.set(seq, {
        ready: () => {
          if (state !== 'forked') return;
          try {
            sockets = this.#attach(name, child, stdin, outputs);
            state = 'attached';
          } catch (error: unknown) {
            spawnError = error instanceof Error ? error : new Error(String(error));
            this.#send({ op: 'kill', seq });
          }
        },
        error: (message) => {
          if (state === 'forked') {
            // Nothing of the student's has run: a fresh sandbox instead, and no zygote from now on.
            disabled ??= `the Python zygote could not fork a sandbox: ${message}`;
            this.stop();
            return;
          }
          spawnError ??= new Error(`The Python zygote's sandbox failed: ${message}`);
        },
        exited: (status) => {
          if (state === 'forked') useFallback();
          else finish(status);
        },
      });
      state = 'forked';
      this.#send({
        op: 'fork',
        seq,
        name,
        uid: child.uid,
        module: child.moduleName,
        sub: '/sub',
        tmp: '/tmp',
        tmpfsBytes: LIMITS.tmpfsBytes,
        limits: sandboxLimits({ language: 'py', cpuSeconds: child.cpuSeconds }, { mode: 'root' }),
        env: SANDBOX_ENV,
      });
    };
    void begin();
    return {
      stdin,
      stdout,
      stderr,
      answers,
      exited,
      spawnError: () => spawnError,
      kill: () => {
        if (state === 'waiting') finish({ code: null, signal: 'SIGKILL' });
        else if (state === 'fallback' || replacement !== undefined) replacement?.kill();
        else if (state === 'forked' || state === 'attached') this.#send({ op: 'kill', seq });
      },
    };
  }

  /** Opens the child's FIFOs (the outputs first, then its stdin), sends the source, connects the streams. */
  #attach(name: string, child: ZygoteChild, stdin: PassThrough, outputs: readonly PassThrough[]): Socket[] {
    const folder = join(this.stage.fifoDir, name);
    const sockets: Socket[] = [];
    try {
      for (const [i, leaf] of ['out', 'err', 'ans'].entries()) {
        const fd = openSync(join(folder, leaf), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
        const socket = new Socket({ fd, readable: true, writable: false, allowHalfOpen: true });
        socket.on('error', () => undefined);
        sockets.push(socket);
        socket.pipe(outputs[i] as PassThrough);
      }
      const fd = openSync(join(folder, 'in'), constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
      const input = new Socket({ fd, readable: false, writable: true });
      input.on('error', () => undefined);
      sockets.push(input);
      const source = Buffer.from(child.source, 'utf8');
      input.write(`${JSON.stringify({ bytes: source.length })}\n`);
      input.write(source);
      stdin.pipe(input);
      return sockets;
    } catch (error: unknown) {
      for (const socket of sockets) socket.destroy();
      throw error;
    }
  }

  #send(message: Record<string, unknown>): void {
    if (this.#dead) return;
    this.proc.stdin.write(`${JSON.stringify(message)}\n`);
  }

  #onReplies(chunk: Buffer): void {
    this.#replies += chunk.toString('utf8');
    if (this.#replies.length > MAX_CONTROL_LINE && !this.#replies.includes('\n')) {
      this.#fail('an overlong control line');
      return;
    }
    let newline: number;
    while ((newline = this.#replies.indexOf('\n')) >= 0) {
      const line = this.#replies.slice(0, newline);
      this.#replies = this.#replies.slice(newline + 1);
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        this.#fail(`a malformed control line: ${line.slice(0, 200)}`);
        return;
      }
      this.#onReply(reply);
    }
  }

  #onReply(reply: Reply): void {
    if (reply.op === 'started') {
      this.#onStart?.resolve();
      return;
    }
    if (reply.op === 'failed') {
      this.#fail(typeof reply.message === 'string' ? reply.message : 'no reason given');
      return;
    }
    const waiter = typeof reply.seq === 'number' ? this.#waiters.get(reply.seq) : undefined;
    if (waiter === undefined) return;
    if (reply.op === 'ready') waiter.ready();
    else if (reply.op === 'error') waiter.error(typeof reply.message === 'string' ? reply.message : 'unknown');
    else if (reply.op === 'exited')
      waiter.exited({
        code: typeof reply.code === 'number' ? reply.code : null,
        signal: typeof reply.signal === 'string' ? (reply.signal as NodeJS.Signals) : null,
      });
  }

  /** A failure that is not a plain death: this zygote stops, and no other starts in this process. */
  #fail(message: string): void {
    disabled ??= `the Python zygote failed: ${message}`;
    this.stop();
  }

  #onDeath(status: ExitStatus): void {
    if (!this.#dead && this.#onStart !== undefined && this.proc.spawnError() !== undefined)
      disabled ??= `the Python zygote could not be started: ${this.proc.spawnError()?.message ?? ''}`;
    this.#markDead(status);
  }

  #markDead(status: ExitStatus = { code: null, signal: 'SIGKILL' }): void {
    const first = !this.#dead;
    this.#dead = true;
    const why = this.#stderr.trim().split('\n').pop() ?? '';
    this.#onStart?.reject(new Error(`The Python zygote exited before it was ready${why === '' ? '' : `: ${why}`}`));
    // Every child dies with the zygote (its pid namespace goes); each waiter learns it here.
    for (const waiter of [...this.#waiters.values()]) waiter.exited(status);
    if (first) {
      // Reused only once empty (a child's or the zygote's last processes may still be on their way out).
      if (this.cgroup !== undefined && this.cgroup.cgroup.pids().length === 0) this.cgroup.release();
      if (this.home !== undefined && this.home.cgroup.pids().length === 0) this.home.release();
      rmSync(this.stage.root, { recursive: true, force: true });
    }
  }
}
