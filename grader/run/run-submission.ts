/**
 * Runs one staged submission: every call in order, one at a time, in a sandbox that is
 * started once and replaced after a crash, a timeout or a flood of output (up to `maxRespawns` times). Student
 * outcomes are RawAnswers; only harness and environment problems throw.
 */
import type { AnswerValue, CapturedOutput, IsolationLevel, RawAnswer } from '../result.js';
import { basicCommand, strictCommand, uidCommand } from './command.js';
import { SLOT_UID_BASE } from './constants.js';
import { leaseUid, type UidLease } from './uid-lease.js';
import { detectIsolation, type Isolation, type IsolationRequest, type SandboxTools } from './isolation.js';
import type { StagedSubmission } from './intake.js';
import { launch, type ExitStatus, type LaunchSpec } from './launch.js';
import { OutputCapture } from './output.js';
import { InternalError } from '../errors.js';
import { assertPlainJson, encodeHello, encodeRequest } from './protocol.js';
import { explainPythonError } from './python-hints.js';
import { assertRunnableAs, resolvePython, type PythonInstall } from './python.js';
import { drainRun, drainUid, reapRun, removeFilesOfUid, type ReapTarget } from './reaper.js';
import type { SlotCgroup } from './cgroup.js';
import { RelaySession } from './session.js';
import { acquireSlotCgroup, type SlotLease } from './slot-cgroups.js';
import { createStage, removeStage, type Stage } from './stage.js';
import { acquireZygote, zygoteAvailable, zygoteDisabledReason, type ZygoteLease } from './zygote.js';

export interface Call {
  /** The exported name, as the submission's language spells it (see exportName). */
  readonly fn: string;
  /** Plain JSON: finite numbers, strings, booleans, null, arrays and objects. */
  readonly args: readonly unknown[];
}

export interface RunOptions {
  readonly isolation: IsolationRequest;
  /** Wall-clock deadline per call (default 10 000). */
  readonly timeoutMsPerCall?: number;
  /**
   * Wall-clock deadline for starting the sandbox and loading the module (default: the larger of
   * 20 000 and the per-call deadline). Separate from the per-call deadline because importing
   * numpy and scipy takes seconds on a loaded machine, while a student's function should not.
   */
  readonly loadTimeoutMs?: number;
  /** Wall-clock budget for the whole submission (default 60 000). */
  readonly budgetMs?: number;
  /** The Python interpreter command or path (default python3, python on Windows). */
  readonly python?: string;
  /** The concurrent slot index (0, 1, …): strict and uid isolation run it as uid 61000 + slot (or 62000 + slot, … while another run on this machine holds that uid; see uid-lease.ts), in the slot's cgroup. */
  readonly slot?: number;
  /** How many times a crashed or timed-out sandbox is replaced (default 10). */
  readonly maxRespawns?: number;
  /** The clock, injectable for tests (default performance.now). */
  readonly now?: () => number;
  /**
   * Fork Python sandboxes from the slot's zygote (zygote.ts) where the level allows it: strict as
   * root (default true; CONVGRADE_PYTHON_ZYGOTE=0 turns it off too).
   */
  readonly pythonZygote?: boolean;
  /** Modules the zygote imports besides numpy and scipy.signal (the spec's `python.preload`). */
  readonly pythonPreload?: readonly string[];
}

export interface RunReport {
  /** One per call, in the same order. */
  readonly answers: readonly RawAnswer[];
  readonly output: CapturedOutput;
  readonly isolation: IsolationLevel;
  readonly isolationNote?: string;
  /** Callables the module exports (from its first successful load); null if it never loaded. */
  readonly exports: readonly string[] | null;
  /** The first protocol violation (S8); when set, the call it hit and every later call are `rejected`. */
  readonly protocolViolation?: string;
  /** Set when processes (or, at the uid level, files in shared temporary folders) outlived the run and had to be removed (S6). */
  readonly cleanupNote?: string;
  /** How many sandboxes were started. */
  readonly sandboxes: number;
}

interface Resolved {
  readonly timeoutMs: number;
  readonly loadTimeoutMs: number;
  readonly budgetMs: number;
  readonly maxRespawns: number;
  readonly slot: number;
  readonly now: () => number;
}

function resolveOptions(opts: RunOptions): Resolved {
  const resolved = {
    timeoutMs: opts.timeoutMsPerCall ?? 10_000,
    loadTimeoutMs: opts.loadTimeoutMs ?? Math.max(20_000, opts.timeoutMsPerCall ?? 0),
    budgetMs: opts.budgetMs ?? 60_000,
    maxRespawns: opts.maxRespawns ?? 10,
    slot: opts.slot ?? 0,
    now: opts.now ?? (() => performance.now()),
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`RunOptions.${name} must be a non-negative integer, got ${value}`);
    }
  }
  return resolved;
}

const FINISH_GRACE_MS = 500;

// Node opens its inspector on SIGUSR1; a listener replaces that handler, so a child that
// reaches the grader's pid (basic isolation) cannot read the grader's memory (SECURITY.md).
process.on('SIGUSR1', () => undefined);

export async function runSubmission(
  staged: StagedSubmission,
  calls: readonly Call[] | (() => readonly Call[]),
  opts: RunOptions,
): Promise<RunReport> {
  const o = resolveOptions(opts);
  const isolation = await detectIsolation({ isolation: opts.isolation });
  const base = {
    isolation: isolation.level,
    ...(isolation.note !== undefined ? { isolationNote: isolation.note } : {}),
  };
  const capture = new OutputCapture();
  if (staged.language === null || staged.module === undefined) {
    const list = typeof calls === 'function' ? calls() : calls;
    const answer: RawAnswer =
      staged.loadError !== undefined
        ? { kind: 'load-error', message: staged.loadError }
        : { kind: 'missing', message: 'The submission has no solution.ts, solution.js, solution.mjs or solution.py' };
    return { ...base, answers: list.map(() => answer), output: capture.result(), exports: null, sandboxes: 0 };
  }
  const python = staged.language === 'py' ? await resolvePython(opts.python) : undefined;
  const tools = isolation.tools;
  // As root each run gets a uid no other run on this machine holds (uid-lease.ts), and the
  // slot's cgroup (slot-cgroups.ts) where cgroups can be made.
  const lease: UidLease | undefined =
    tools !== undefined && tools.mode !== 'userns' ? await leaseDrainedUid(o.slot, tools) : undefined;
  const uid = lease?.uid ?? SLOT_UID_BASE + o.slot;
  let cgroup: SlotLease | undefined;
  let zygote: ZygoteLease | undefined;
  let stage: Stage;
  try {
    if (python !== undefined && tools?.mode === 'uid') await assertRunnableAs(python, uid, tools);
    cgroup = tools?.perl !== undefined ? acquireSlotCgroup(o.slot) : undefined;
    if (python !== undefined && tools !== undefined && zygoteAvailable(isolation.level, tools, opts.pythonZygote))
      zygote = await acquireZygote({ slot: o.slot, tools, python, preload: opts.pythonPreload ?? [] });
    stage = await createStage(staged.language, staged.module, tools?.mode === 'uid' ? uid : undefined);
  } catch (error: unknown) {
    zygote?.release();
    cgroup?.release();
    lease?.release();
    throw error;
  }
  const runner = new Runner(staged, stage, isolation, o, capture, python, uid, cgroup, zygote);
  let reaped = false;
  try {
    let list: readonly Call[];
    if (typeof calls === 'function') {
      // The calls are computed (the variant: tens of ms of CPU) while the sandbox starts and
      // loads the module in its own process (P1).
      runner.prestart();
      list = calls();
    } else list = calls;
    const answers = await runner.runAll(list);
    const cleanupNote = await runner.cleanup();
    reaped = true;
    const violation = runner.violation;
    // Why a zygote failed (a preload module that cannot be imported, say): said on every Python run after it.
    const zygoteOff = python !== undefined && tools?.mode === 'root' ? zygoteDisabledReason() : undefined;
    const isolationNote = [isolation.note, zygoteOff].filter((n) => n !== undefined).join('; ');
    return {
      ...base,
      ...(isolationNote !== '' ? { isolationNote } : {}),
      answers,
      output: capture.result(),
      exports: runner.exports,
      sandboxes: runner.started,
      ...(violation !== undefined ? { protocolViolation: violation } : {}),
      ...(cleanupNote !== undefined ? { cleanupNote } : {}),
    };
  } finally {
    // After a harness error too: nothing of the run may survive it (S6).
    if (!reaped) await runner.cleanup().catch(() => undefined);
    await removeStage(stage.root);
    if (cgroup !== undefined && cgroup.cgroup.pids().length === 0) cgroup.release();
    // Its cgroup is empty again (the reaping above), or the zygote is gone.
    zygote?.release();
    // Every process of the run is dead; the uid is handed on once none of its tasks is counted
    // any more (a zombie not yet reaped still counts against RLIMIT_NPROC and would make the next
    // run on the uid fail to start). That is bookkeeping, not part of the result: it finishes in
    // the background, and a uid that does not drain stays leased to this process, used by no one.
    if (lease !== undefined)
      void runner.drain().then(
        (drained) => {
          if (drained) lease.release();
        },
        () => undefined,
      );
  }
}

/**
 * A uid lease whose uid holds no task. A lease taken over from a grader that died may still have
 * that grader's last sandbox tasks on their way out (counted against the uid's RLIMIT_NPROC):
 * such a uid is drained first, and one that will not drain stays held (never handed on) while
 * the next candidate is leased.
 */
async function leaseDrainedUid(slot: number, tools: SandboxTools): Promise<UidLease> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const lease = leaseUid(slot);
    if (!lease.reclaimed || tools.setpriv === undefined || tools.perl === undefined || tools.prlimit === undefined)
      return lease;
    const who = { uid: lease.uid, setpriv: tools.setpriv, perl: tools.perl, prlimit: tools.prlimit };
    if (await drainUid(who)) return lease;
    // Not released: kept (its lock names this grader now), and the next uid is tried.
  }
  return leaseUid(slot);
}

class Runner {
  exports: readonly string[] | null = null;
  violation: string | undefined;
  /** What cleanup reaped (its cgroups and uid): drain() asks whether the uid holds no task any more. */
  #reaped: { readonly cgroups: readonly SlotCgroup[]; readonly uid: ReapTarget['uid'] } | undefined;
  started = 0;
  readonly #deadline: number;
  #session: RelaySession | undefined;
  #loadFailure: RawAnswer | undefined;
  #stopped: RawAnswer | undefined;
  #rejectPrevious = false;
  #spec: LaunchSpec | undefined;
  /** A sandbox started ahead of the first call (prestart), until a call or runAll takes it. */
  #pending: Promise<RelaySession | RawAnswer> | undefined;
  /** The session whose hello is outstanding: killed by killAll like the live one. */
  #starting: RelaySession | undefined;

  constructor(
    private readonly staged: StagedSubmission,
    private readonly stage: Stage,
    private readonly isolation: Isolation,
    private readonly o: Resolved,
    private readonly capture: OutputCapture,
    private readonly python: PythonInstall | undefined,
    private readonly uid: number,
    private readonly cgroup: SlotLease | undefined,
    private readonly zygote: ZygoteLease | undefined,
  ) {
    this.#deadline = o.now() + o.budgetMs;
  }

  async runAll(calls: readonly Call[]): Promise<RawAnswer[]> {
    const answers: RawAnswer[] = [];
    for (const call of calls) {
      const answer = await this.#runOne(call);
      answers.push(answer);
      if (this.#rejectPrevious && answers.length >= 2) {
        this.#rejectPrevious = false;
        answers[answers.length - 2] = {
          kind: 'rejected',
          message: `Protocol violation: ${this.violation ?? 'unknown'}`,
        };
      }
    }
    // A sandbox started ahead that no call used (no calls, or all answered without it).
    if (this.#pending !== undefined) await this.#ensureSession();
    if (this.#session !== undefined && this.violation === undefined) {
      const session = this.#session;
      await session.finish(FINISH_GRACE_MS);
      if (session.violation !== undefined) {
        this.violation = session.violation;
        const last = answers.length - 1;
        if (last >= 0) answers[last] = { kind: 'rejected', message: `Protocol violation: ${session.violation}` };
      }
    }
    return answers;
  }

  async #runOne(call: Call): Promise<RawAnswer> {
    if (this.#stopped !== undefined) return this.#stopped;
    if (this.#loadFailure !== undefined) return this.#loadFailure;
    if (this.exports !== null && !this.exports.includes(call.fn)) return missing(call.fn, this.staged.language);
    assertCallArgs(call.args);
    const session = await this.#ensureSession();
    if (!(session instanceof RelaySession)) return session;
    if (!this.exports?.includes(call.fn)) return missing(call.fn, this.staged.language);
    const remaining = this.#remaining();
    if (remaining <= 0) return this.#outOfBudget();
    const timeout = Math.min(this.o.timeoutMs, remaining);
    const outcome = await session.request((id) => encodeRequest(id, call.fn, call.args), timeout);
    switch (outcome.kind) {
      case 'reply': {
        const reply = outcome.reply;
        if ('value' in reply) return { kind: 'value', value: reply.value as AnswerValue };
        if (reply.ok) return this.#violate(session, 'A call was answered with an export list');
        if (reply.kind === 'load-error') return this.#violate(session, 'A call was answered with a load error');
        return { kind: reply.kind, message: this.#explain(reply.message) };
      }
      case 'timeout':
        this.#drop(session);
        return timeout < this.o.timeoutMs
          ? this.#outOfBudget()
          : {
              kind: 'timeout',
              message: `${call.fn} did not answer within ${this.o.timeoutMs} ms; the sandbox was killed`,
            };
      case 'exited':
        this.#drop(session);
        return crashed(`The process ${describeExit(outcome.status)} while running ${call.fn}${this.#stderrHint()}`);
      case 'overflow':
        // As after a timeout: this call is lost, the calls that remain get a fresh sandbox.
        this.#drop(session);
        return crashed(
          `${call.fn} printed more than 8 MiB of output and was stopped; the remaining calls ran in a new sandbox`,
        );
      case 'violation':
        // Seen while no request was outstanding: the previous reply may have been forged too.
        if (outcome.idle) this.#rejectPrevious = true;
        return this.#violate(session, outcome.message);
    }
  }

  /** Starts the first sandbox and its module load now, before the calls are known; the first call waits for it. */
  prestart(): void {
    if (this.#session !== undefined || this.#pending !== undefined) return;
    const pending = this.#startSession();
    pending.catch(() => undefined); // awaited by the first call (or runAll); never left unhandled
    this.#pending = pending;
  }

  /** The live session, starting one (hello included) if needed; otherwise the answer for the current call. */
  async #ensureSession(): Promise<RelaySession | RawAnswer> {
    if (this.#session !== undefined) return this.#session;
    const pending = this.#pending;
    if (pending !== undefined) {
      this.#pending = undefined;
      return pending;
    }
    return this.#startSession();
  }

  async #startSession(): Promise<RelaySession | RawAnswer> {
    if (this.started > this.o.maxRespawns) {
      return (this.#stopped = crashed(
        `Not run: the sandbox was restarted ${this.o.maxRespawns} times after crashes or timeouts, the limit`,
      ));
    }
    const remaining = this.#remaining();
    if (remaining <= 0) return (this.#stopped = this.#outOfBudget());
    const session = this.#start();
    this.#starting = session;
    const timeout = Math.min(this.o.loadTimeoutMs, remaining);
    const outcome = await session.request(encodeHello, timeout).finally(() => {
      if (this.#starting === session) this.#starting = undefined;
    });
    switch (outcome.kind) {
      case 'reply': {
        const reply = outcome.reply;
        if ('exports' in reply) {
          this.exports ??= reply.exports;
          this.#session = session;
          return session;
        }
        session.kill();
        if (!reply.ok && reply.kind === 'load-error')
          return (this.#loadFailure = { kind: 'load-error', message: this.#explain(reply.message) });
        return this.#violate(session, 'The module load was answered with a call result');
      }
      case 'timeout':
        if (timeout < this.o.loadTimeoutMs) return (this.#stopped = this.#outOfBudget());
        return (this.#loadFailure = {
          kind: 'load-error',
          message: `Loading the module did not finish within ${this.o.loadTimeoutMs} ms (an endless loop at import?)`,
        });
      case 'exited': {
        // A sandbox that could not be started is the harness's failure: ungradable, never 0 (S10).
        const spawnError = session.spawnError;
        if (spawnError !== undefined)
          throw new InternalError(`Cannot start the sandbox: ${spawnError.message}`, { cause: spawnError });
        return (this.#loadFailure = {
          kind: 'load-error',
          message: `The process ${describeExit(outcome.status)} while loading the module${this.#stderrHint()}`,
        });
      }
      case 'overflow':
        this.#stopped = crashed('Not run: the module printed more than 8 MiB while loading and was stopped');
        return crashed('The module printed more than 8 MiB while loading; the run was stopped');
      case 'violation':
        return this.#violate(session, outcome.message);
    }
  }

  #start(): RelaySession {
    this.started++;
    const fresh = (): ReturnType<typeof launch> => launch((this.#spec ??= this.#command()));
    const zygote = this.zygote?.zygote;
    const module = this.staged.module;
    if (zygote === undefined || zygote.dead || module === undefined) return new RelaySession(fresh(), this.capture);
    const child = {
      uid: this.uid,
      moduleName: module.name,
      source: module.code,
      cpuSeconds: this.#cpuSeconds(),
    };
    return new RelaySession(zygote.fork(child, fresh), this.capture);
  }

  #cpuSeconds(): number {
    return Math.ceil(this.o.budgetMs / 1000) + 1;
  }

  /** The command line is the same for every sandbox of a run: built once, reused on respawn. */
  #command(): LaunchSpec {
    const input = {
      language: this.staged.language ?? 'js',
      stage: this.stage,
      cpuSeconds: this.#cpuSeconds(),
      ...(this.python !== undefined ? { python: this.python } : {}),
      ...(this.cgroup !== undefined ? { cgroupFiles: this.cgroup.cgroup.procsFiles } : {}),
    };
    const tools = this.isolation.tools;
    if (tools === undefined || this.isolation.level === 'basic') return basicCommand(input);
    return this.isolation.level === 'uid' ? uidCommand(input, tools, this.uid) : strictCommand(input, tools, this.uid);
  }

  #violate(session: RelaySession, message: string): RawAnswer {
    this.violation ??= message;
    session.kill();
    if (this.#session === session) this.#session = undefined;
    this.#stopped = {
      kind: 'rejected',
      message: `Not run: the run was stopped after a protocol violation (${this.violation})`,
    };
    return { kind: 'rejected', message: `Protocol violation: ${message}` };
  }

  #drop(session: RelaySession): void {
    session.kill();
    if (this.#session === session) this.#session = undefined;
  }

  #explain(message: string): string {
    return this.staged.language === 'py' ? explainPythonError(message) : message;
  }

  #remaining(): number {
    return this.#deadline - this.o.now();
  }

  #outOfBudget(): RawAnswer {
    return { kind: 'timeout', message: `Not run: the submission used up its time budget of ${this.o.budgetMs} ms` };
  }

  #stderrHint(): string {
    const line = this.capture.lastStderrLine();
    return line === '' ? '' : ` (last stderr line: ${line})`;
  }

  killAll(): void {
    this.#session?.kill();
    this.#session = undefined;
    this.#starting?.kill();
    this.#starting = undefined;
  }

  /**
   * After cleanup: true once no task of the run's uid is left, zombies included (reaper.ts
   * drainRun), so that the uid may be handed to another run; false if cleanup did not finish or
   * the tasks were not released within DRAIN_MS.
   */
  async drain(): Promise<boolean> {
    const reaped = this.#reaped;
    if (reaped === undefined) return false;
    // Basic isolation, user-namespace mode: no uid of the run's own to hand on.
    if (reaped.uid === undefined && reaped.cgroups.length === 0) return true;
    return drainRun(reaped.cgroups, reaped.uid);
  }

  /**
   * Kills whatever the run left (S6): through the slot cgroup, else as the slot uid with kill(-1);
   * at the uid level also removes the uid's files from the shared temporary folders. A note when
   * something was left.
   */
  async cleanup(): Promise<string | undefined> {
    this.killAll();
    const tools = this.isolation.tools;
    if (tools === undefined) {
      this.#reaped = { cgroups: [], uid: undefined };
      return undefined;
    }
    const asUid =
      tools.mode !== 'userns' && tools.setpriv !== undefined && tools.perl !== undefined
        ? {
            uid: this.uid,
            setpriv: tools.setpriv,
            perl: tools.perl,
            ...(tools.prlimit === undefined ? {} : { prlimit: tools.prlimit }),
          }
        : undefined;
    // A zygote's children are in the zygote's slot cgroup, a fresh sandbox (its fallback too) in the run's.
    const cgroups = [this.zygote?.zygote.cgroup?.cgroup, this.cgroup?.cgroup].filter((c) => c !== undefined);
    const targets: ReapTarget[] = cgroups.map((cgroup) => ({ cgroup }));
    if (cgroups.length === 0 || (this.zygote !== undefined && this.zygote.zygote.cgroup === undefined))
      targets.push(asUid !== undefined ? { uid: asUid } : {});
    let survivors = 0;
    for (const target of targets) survivors += await reapRun(target);
    this.#reaped = { cgroups, uid: asUid };
    const notes: string[] = [];
    if (survivors > 0)
      notes.push(
        this.cgroup !== undefined
          ? `${survivors} process(es) of the sandbox outlived the run and were killed`
          : `processes of the sandbox uid ${this.uid} outlived the run and were killed`,
      );
    if (tools.mode === 'uid') {
      const files = await removeFilesOfUid(this.uid);
      if (files.length > 0)
        notes.push(`${files.length} file(s) the sandbox left in shared temporary folders were removed`);
    }
    return notes.length > 0 ? notes.join('; ') : undefined;
  }
}

/** Case inputs are plain JSON; anything else is a harness bug, not a student outcome. */
function assertCallArgs(args: readonly unknown[]): void {
  try {
    assertPlainJson(args, 0);
  } catch (error: unknown) {
    throw new InternalError(`Bad case arguments: ${(error as Error).message}`, { cause: error });
  }
}

function missing(fn: string, language: StagedSubmission['language']): RawAnswer {
  const what = language === 'py' ? 'define a function' : 'export a function';
  return { kind: 'missing', message: `The solution does not ${what} named ${fn}` };
}

function crashed(message: string): RawAnswer {
  return { kind: 'crashed', message };
}

function describeExit(status: ExitStatus): string {
  if (status.signal !== null) return `was killed by ${status.signal}`;
  // bwrap reports a child killed by signal N as exit code 128 + N.
  if (status.code !== null && status.code > 128 && status.code < 160)
    return `exited with code ${status.code} (signal ${status.code - 128}: out of memory, CPU limit or a kill?)`;
  return `exited with code ${status.code ?? 'unknown'}`;
}
