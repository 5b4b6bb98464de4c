/**
 * Runs one staged submission: every call in order, one at a time, in a sandbox that is
 * started once and replaced after a crash, a timeout or a flood of output (up to `maxRespawns` times). Student
 * outcomes are RawAnswers; only harness and environment problems throw.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AnswerValue, CapturedOutput, IsolationLevel, RawAnswer } from '../result.js';
import type { CommandInput } from './command.js';
import { detectIsolation, type Isolation, type IsolationRequest } from './isolation.js';
import type { StagedSubmission } from './intake.js';
import { launch, type ExitStatus, type LaunchSpec, type Launched } from './launch.js';
import { OutputCapture } from './output.js';
import { InternalError } from '../errors.js';
import { discard, takePrewarmed, type Prewarmed } from './prewarm.js';
import { assertPlainJson, encodeHello, encodeRequest } from './protocol.js';
import { explainPythonError } from './python-hints.js';
import { resolvePython } from './python.js';
import {
  acquireRunResources,
  cpuSecondsFor,
  drainRunResources,
  reapRunResources,
  releaseRunResources,
  sandboxCommand,
  type Reaped,
  type RunResources,
} from './run-resources.js';
import { RelaySession } from './session.js';
import { placeModule } from './stage.js';
import { zygoteDisabledReason } from './zygote.js';

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
  /**
   * What happens to a function's later calls once one of its calls ran past the per-call deadline:
   * `skip` (default) answers them at once with a timeout that says so, as CodeRunner stops after a
   * timeout, because code that hangs on one case nearly always hangs on the next and each wait
   * costs the whole deadline; `retry` calls the function again in a new sandbox, case by case.
   * Other functions run either way.
   */
  readonly afterTimeout?: AfterTimeout;
}

export const AFTER_TIMEOUT = ['skip', 'retry'] as const;
export type AfterTimeout = (typeof AFTER_TIMEOUT)[number];

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
  readonly afterTimeout: AfterTimeout;
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
  const afterTimeout = opts.afterTimeout ?? 'skip';
  if (!AFTER_TIMEOUT.includes(afterTimeout)) {
    throw new RangeError(
      `RunOptions.afterTimeout must be one of ${AFTER_TIMEOUT.join(', ')}, got ${String(afterTimeout)}`,
    );
  }
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`RunOptions.${name} must be a non-negative integer, got ${value}`);
    }
  }
  return { ...resolved, afterTimeout };
}

const FINISH_GRACE_MS = 500;

// Node opens its inspector on SIGUSR1; a listener replaces that handler, so a child that
// reaches the grader's pid (basic isolation) cannot read the grader's memory (SECURITY.md).
process.on('SIGUSR1', () => undefined);

export async function runSubmission(
  staged: StagedSubmission,
  calls: readonly Call[] | (() => readonly Call[] | Promise<readonly Call[]>),
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
    const list = typeof calls === 'function' ? await calls() : calls;
    const answer: RawAnswer =
      staged.loadError !== undefined
        ? { kind: 'load-error', message: staged.loadError }
        : { kind: 'missing', message: 'The submission has no solution.ts, solution.js, solution.mjs or solution.py' };
    return { ...base, answers: list.map(() => answer), output: capture.result(), exports: null, sandboxes: 0 };
  }
  const python = staged.language === 'py' ? await resolvePython(opts.python) : undefined;
  const module = staged.module;
  const language = staged.language;
  const commandInput = {
    language,
    cpuSeconds: cpuSecondsFor(o.budgetMs),
    ...(python !== undefined ? { python } : {}),
  };
  // A sandbox `check` started before intake finished (prewarm.ts), when it is exactly the one
  // this run would start in its place: the same command line (isolation chain, limits, module).
  const warm = await takePrewarmed(o.slot);
  let adopted: Prewarmed | undefined;
  if (warm !== undefined) {
    // The command is built on the warm sandbox's own stage, so its module name is compared apart.
    if (
      warm.resources.stage.moduleName === module.name &&
      isDeepStrictEqual(sandboxCommand(isolation, commandInput, warm.resources), warm.spec)
    ) {
      try {
        placeModule(
          warm.resources.stage,
          module.code,
          isolation.tools?.mode === 'uid' ? warm.resources.uid : undefined,
        );
        adopted = warm;
      } catch (error: unknown) {
        await discard(warm);
        throw error;
      }
    } else await discard(warm);
  }
  const resources =
    adopted?.resources ??
    (await acquireRunResources({
      isolation,
      slot: o.slot,
      language,
      module,
      ...(python !== undefined ? { python } : {}),
      ...(opts.pythonZygote !== undefined ? { pythonZygote: opts.pythonZygote } : {}),
      pythonPreload: opts.pythonPreload ?? [],
    }));
  const runner = new Runner(staged, resources, isolation, o, capture, commandInput, adopted?.launched);
  let reaped = false;
  try {
    let list: readonly Call[];
    if (typeof calls === 'function') {
      // The calls are computed (the variant: tens of ms of CPU), or awaited from the thread that
      // draws them (grader/offload.ts), while the sandbox starts and loads the module in its own
      // process (P1).
      runner.prestart();
      list = await calls();
    } else list = calls;
    const answers = await runner.runAll(list);
    const cleanupNote = await runner.cleanup();
    reaped = true;
    const violation = runner.violation;
    // Why a zygote failed (a preload module that cannot be imported, say): said on every Python run after it.
    const zygoteOff = python !== undefined && isolation.tools?.mode === 'root' ? zygoteDisabledReason() : undefined;
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
    await releaseRunResources(resources, () => runner.drain());
  }
}

class Runner {
  exports: readonly string[] | null = null;
  violation: string | undefined;
  /** What cleanup reaped (its cgroups and uid): drain() asks whether the uid holds no task any more. */
  #reaped: Reaped | undefined;
  started = 0;
  readonly #deadline: number;
  #session: RelaySession | undefined;
  #loadFailure: RawAnswer | undefined;
  #stopped: RawAnswer | undefined;
  #rejectPrevious = false;
  /** Functions that ran past the per-call deadline (afterTimeout 'skip'): their later calls are not made. */
  readonly #timedOut = new Set<string>();
  #spec: LaunchSpec | undefined;
  /** A sandbox started ahead of the first call (prestart), until a call or runAll takes it. */
  #pending: Promise<RelaySession | RawAnswer> | undefined;
  /** The session whose hello is outstanding: killed by killAll like the live one. */
  #starting: RelaySession | undefined;

  /** A sandbox started before the run (prewarm.ts), used as its first. */
  #prelaunched: Launched | undefined;

  constructor(
    private readonly staged: StagedSubmission,
    private readonly resources: RunResources,
    private readonly isolation: Isolation,
    private readonly o: Resolved,
    private readonly capture: OutputCapture,
    private readonly commandInput: Omit<CommandInput, 'stage' | 'cgroupFiles'>,
    prelaunched?: Launched,
  ) {
    this.#deadline = o.now() + o.budgetMs;
    this.#prelaunched = prelaunched;
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
    // What the sandbox started ahead came to (a load error, a protocol violation at import) is
    // the first call's answer, as when that call was made before the sandbox was up.
    if (this.#pending !== undefined) {
      const started = await this.#ensureSession();
      if (!(started instanceof RelaySession)) return started;
    }
    if (this.#stopped !== undefined) return this.#stopped;
    if (this.#loadFailure !== undefined) return this.#loadFailure;
    if (this.exports !== null && !this.exports.includes(call.fn)) return missing(call.fn, this.staged.language);
    assertCallArgs(call.args);
    if (this.#timedOut.has(call.fn)) {
      return {
        kind: 'timeout',
        message: `Not run: ${call.fn} did not answer within ${this.o.timeoutMs} ms on an earlier case, so it was not called again`,
      };
    }
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
        if (timeout < this.o.timeoutMs) return this.#outOfBudget();
        if (this.o.afterTimeout === 'skip') this.#timedOut.add(call.fn);
        return {
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
    if (this.#session !== undefined) {
      // The sandbox started ahead is up (it became #session before the calls were known): its
      // promise is spent. Kept, it would hand the same sandbox out again after a crash or a
      // timeout killed it, and the next call would read as an exit of unknown status.
      this.#pending = undefined;
      return this.#session;
    }
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
    const prelaunched = this.#prelaunched;
    if (prelaunched !== undefined) {
      this.#prelaunched = undefined;
      return new RelaySession(prelaunched, this.capture);
    }
    // The command line is the same for every sandbox of a run: built once, reused on respawn.
    const fresh = (): Launched =>
      launch((this.#spec ??= sandboxCommand(this.isolation, this.commandInput, this.resources)));
    const zygote = this.resources.zygote?.zygote;
    const module = this.staged.module;
    if (zygote === undefined || zygote.dead || module === undefined) return new RelaySession(fresh(), this.capture);
    const child = {
      uid: this.resources.uid,
      moduleName: module.name,
      source: module.code,
      cpuSeconds: this.commandInput.cpuSeconds,
    };
    return new RelaySession(zygote.fork(child, fresh), this.capture);
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
    this.#prelaunched?.kill();
    this.#prelaunched = undefined;
    this.#session?.kill();
    this.#session = undefined;
    this.#starting?.kill();
    this.#starting = undefined;
  }

  /** After cleanup: true once no task of the run's uid is left (run-resources.ts drainRunResources). */
  async drain(): Promise<boolean> {
    return this.#reaped === undefined ? false : drainRunResources(this.#reaped);
  }

  /** Kills every sandbox of the run, then whatever they left (run-resources.ts reapRunResources). A note when something was left. */
  async cleanup(): Promise<string | undefined> {
    this.killAll();
    const { note, reaped } = await reapRunResources(this.isolation, this.resources);
    this.#reaped = reaped;
    return note;
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
