/**
 * One live relay process (one sandbox): sends one request at a time and waits for its reply
 * under a deadline. Everything the relay writes on fd 3 is checked here (S8): a reply must be
 * a complete line under the size cap, well formed, and echo the id of the one outstanding
 * request; anything else is a protocol violation, after which the session is dead.
 */
import { randomBytes } from 'node:crypto';
import type { ExitStatus, Launched } from './launch.js';
import type { OutputCapture } from './output.js';
import { decodeReply, MalformedReply, MAX_MESSAGE_BYTES, type RelayReply } from './protocol.js';

export type Outcome =
  | { readonly kind: 'reply'; readonly reply: RelayReply }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exited'; readonly status: ExitStatus }
  | { readonly kind: 'overflow' }
  /** `idle`: the violation arrived while no request was outstanding (before this one was sent). */
  | { readonly kind: 'violation'; readonly message: string; readonly idle?: boolean };

/** How long to wait, after the process exits, for the last bytes on fd 3. */
const EXIT_GRACE_MS = 300;
/**
 * After a clean exit, how long finish() waits at most for fd 3 to end. It ends as soon as its
 * last writer is gone, which for a fresh sandbox is when its processes die (a fixed 20 ms wait
 * here was 20 ms of every run); a writer that outlives the relay (the zygote's copy) meets this.
 */
const TAIL_MS = 20;

export class RelaySession {
  readonly #proc: Launched;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #waiting: { readonly id: string; readonly settle: (o: Outcome) => void } | undefined;
  #answered = new Set<string>();
  #violation: string | undefined;
  #exit: ExitStatus | undefined;
  #dead = false;
  /** The output passed the limit while no request was outstanding, and the sandbox was killed for it. */
  #idleOverflow = false;
  /** Settles when fd 3 has ended or closed: every byte the sandbox wrote on it has been read. */
  readonly #answersEnded: Promise<void>;

  constructor(proc: Launched, capture: OutputCapture) {
    this.#proc = proc;
    this.#answersEnded = streamEnded(proc.answers);
    // The exit event can come before the last bytes of stdout and stderr are read: a crash message
    // quotes the last stderr line, so an exit is reported once every stream has been read too.
    const outputsEnded = Promise.all([streamEnded(proc.stdout), streamEnded(proc.stderr)]);
    capture.attach(proc, () => this.#fail({ kind: 'overflow' }));
    proc.answers.on('data', (chunk: Buffer) => this.#onData(chunk));
    void proc.exited.then((status) => {
      this.#exit = status;
      let timer: NodeJS.Timeout | undefined;
      void Promise.race([
        Promise.all([this.#answersEnded, outputsEnded]),
        new Promise((resolve) => (timer = setTimeout(resolve, EXIT_GRACE_MS))),
      ]).then(() => {
        clearTimeout(timer);
        this.#fail({ kind: 'exited', status });
      });
    });
  }

  /** The first protocol violation seen, even one that arrived while no request was outstanding. */
  get violation(): string | undefined {
    return this.#violation;
  }

  /** Why the process could not be started at all (a harness problem, not the student's). */
  get spawnError(): Error | undefined {
    return this.#proc.spawnError();
  }

  /** Sends one line built around a fresh random id and waits for its reply. */
  request(build: (id: string) => string, timeoutMs: number): Promise<Outcome> {
    if (this.#violation !== undefined)
      return Promise.resolve({ kind: 'violation', message: this.#violation, idle: true });
    // Killed for output that passed the limit after the last reply (a call's print may still be in
    // the pipes when its reply is read): the flood is what happened, not an exit of unknown status.
    if (this.#idleOverflow) return Promise.resolve({ kind: 'overflow' });
    if (this.#dead) return Promise.resolve({ kind: 'exited', status: this.#exit ?? { code: null, signal: null } });
    const id = randomBytes(12).toString('hex');
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => this.#fail({ kind: 'timeout' }), Math.max(0, timeoutMs));
      this.#waiting = {
        id,
        settle: (outcome) => {
          clearTimeout(timer);
          this.#waiting = undefined;
          resolve(outcome);
        },
      };
      this.#proc.stdin.write(build(id));
    });
  }

  /** Closes stdin so the relay ends by itself; waits up to `graceMs` for that, then kills. */
  async finish(graceMs: number): Promise<void> {
    if (!this.#dead) {
      this.#proc.stdin.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#proc.exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      // The last bytes on fd 3 must be read, so that a trailing forged line is seen: wait for its
      // end (every writer gone: with the sandbox's processes dead, at once), at most TAIL_MS.
      await Promise.race([this.#answersEnded, new Promise((r) => (timer = setTimeout(r, TAIL_MS)))]);
      clearTimeout(timer);
    }
    this.kill();
  }

  kill(): void {
    this.#dead = true;
    this.#proc.kill();
  }

  #fail(outcome: Outcome): void {
    if (outcome.kind === 'violation' && this.#violation === undefined) this.#violation = outcome.message;
    if (outcome.kind === 'overflow' && !this.#dead && this.#waiting === undefined) this.#idleOverflow = true;
    if (!this.#dead) this.kill();
    this.#waiting?.settle(outcome);
  }

  #onData(chunk: Buffer): void {
    // After a kill (timeout, overflow, violation) nothing more is read: a late reply is never accepted.
    if (this.#dead) return;
    let rest = chunk;
    // Stop at the first line that kills the session: nothing after it is read (S8).
    for (let nl = rest.indexOf(10); nl >= 0 && !this.#dead; nl = rest.indexOf(10)) {
      this.#pending.push(rest.subarray(0, nl));
      const bytes = Buffer.concat(this.#pending);
      this.#pending = [];
      this.#pendingBytes = 0;
      rest = rest.subarray(nl + 1);
      if (bytes.length > MAX_MESSAGE_BYTES) this.#tooLong();
      else this.#onLine(bytes.toString('utf8'));
    }
    if (rest.length > 0 && !this.#dead) {
      this.#pending.push(rest);
      this.#pendingBytes += rest.length;
      if (this.#pendingBytes > MAX_MESSAGE_BYTES) this.#tooLong();
    }
  }

  #tooLong(): void {
    this.#pending = [];
    this.#fail({ kind: 'violation', message: `A reply longer than ${MAX_MESSAGE_BYTES} bytes` });
  }

  #onLine(line: string): void {
    let reply: RelayReply;
    try {
      reply = decodeReply(line);
    } catch (error: unknown) {
      if (!(error instanceof MalformedReply)) throw error;
      this.#fail({ kind: 'violation', message: error.message });
      return;
    }
    const waiting = this.#waiting;
    if (waiting === undefined || reply.id !== waiting.id) {
      const what = this.#answered.has(reply.id)
        ? 'A second reply to an answered request'
        : waiting === undefined
          ? 'An unsolicited reply'
          : 'A reply with an id that was never sent';
      this.#fail({ kind: 'violation', message: `${what} on the answer channel` });
      return;
    }
    this.#answered.add(reply.id);
    waiting.settle({ kind: 'reply', reply });
  }
}

/** Settles when a stream has ended or closed: every byte written to it has been read. */
function streamEnded(
  stream: NodeJS.ReadableStream & { readonly readableEnded?: boolean; readonly destroyed?: boolean },
): Promise<void> {
  return new Promise<void>((resolve) => {
    if (stream.readableEnded === true || stream.destroyed === true) resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}
