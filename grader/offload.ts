/**
 * Offload: a submission's variant drawn and its answers judged on a worker thread
 * (offload-worker.ts) instead of the grader's own. In a batch the grader's thread is what every
 * slot waits on: it starts the sandboxes and passes each call and reply, and drawing a variant
 * (its expected answers and every misconception's wrong answers) took most of its CPU, so two
 * slots on two cores left a core idle whenever both needed it. On the worker, that CPU runs
 * beside the sandboxes. The results are the same: the worker runs the same functions on a
 * structured clone of the spec, and the runner's answers keep their null-prototype records.
 *
 * One worker per Offload, started on the first plan and restarted after it dies (the plans it
 * held fail as internal errors: those submissions are ungradable, never a silent 0). It holds the
 * process open only while a request is outstanding.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { InternalError, SpecError } from './errors.js';
import type { JudgedSubmission } from './judge/index.js';
import type {
  OffloadError,
  OffloadReply,
  OffloadRequest,
  Planned,
  PlanRequest,
  JudgeRequest,
} from './offload-protocol.js';
import type { ExerciseSpec } from './spec/index.js';
import type { ExerciseVariant, PlannedCall } from './variant/index.js';

/** What the worker judges besides the variant it keeps: the runner's answers and the submission's files. */
export type JudgeInput = Omit<JudgeRequest, 'type' | 'id'>;

const WORKER_URL = new URL('./offload-worker.js', import.meta.url);
const YOUNG_GENERATION_MB = 16;

interface Waiting {
  readonly resolve: (reply: OffloadReply & { ok: true }) => void;
  readonly reject: (error: Error) => void;
}

export class Offload {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, Waiting>();
  #closed = false;

  private constructor(private readonly spec: ExerciseSpec) {}

  /**
   * An Offload for `spec`, or undefined when the spec does not survive a structured clone
   * unchanged (the worker would grade on something else than this thread loaded) or there is no
   * built worker to run.
   */
  static for(spec: ExerciseSpec): Offload | undefined {
    // The worker is the built file beside this one; run from the sources (tests, tsx) there is none.
    if (!existsSync(fileURLToPath(WORKER_URL))) return undefined;
    try {
      if (!isDeepStrictEqual(deserialize(serialize(spec)), spec)) return undefined;
    } catch {
      return undefined;
    }
    return new Offload(spec);
  }

  /** Draws the student's variant on the worker and plans its calls; the variant stays there until judge or forget. */
  private async plan(request: Omit<PlanRequest, 'type' | 'id'>): Promise<Planned & { readonly id: number }> {
    const id = this.#nextId++;
    const reply = await this.#send({ type: 'plan', id, ...request });
    if (!('planned' in reply)) throw new InternalError('The variant worker answered a plan with a judgement');
    return { id, ...reply.planned };
  }

  /** Judges the runner's answers on the variant `plan` drew (and forgets it). */
  private async judge(request: Omit<JudgeRequest, 'type'>): Promise<JudgedSubmission> {
    const reply = await this.#send({ type: 'judge', ...request });
    if (!('judged' in reply)) throw new InternalError('The variant worker answered a judgement with a plan');
    return reply.judged;
  }

  /**
   * One submission on the worker: its variant drawn and planned, `run` given the calls (awaited
   * when it needs them: the sandbox starts meanwhile), then what `run` returns judged on that
   * variant. The worker forgets the variant whatever happens. `also` is `run`'s own result.
   */
  async grade<T>(
    request: Omit<PlanRequest, 'type' | 'id'>,
    run: (calls: () => Promise<readonly PlannedCall[]>) => Promise<{ judge: JudgeInput; also: T }>,
  ): Promise<{ readonly head: ExerciseVariant; readonly judged: JudgedSubmission; readonly also: T }> {
    const planned = this.plan(request);
    planned.catch(() => undefined); // awaited below, or by run
    let judging = false;
    try {
      const { judge, also } = await run(async () => (await planned).calls);
      const { id, head } = await planned;
      judging = true; // judge forgets the variant, whatever it answers
      return { head, judged: await this.judge({ id, ...judge }), also };
    } finally {
      if (!judging)
        planned.then(
          (p) => this.forget(p.id),
          () => undefined,
        );
    }
  }

  /** Drops a planned variant that will not be judged. */
  private forget(id: number): void {
    this.#worker?.postMessage({ type: 'forget', id } satisfies OffloadRequest);
  }

  /** Stops the worker; later requests fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  #send(request: PlanRequest | JudgeRequest): Promise<OffloadReply & { ok: true }> {
    if (this.#closed) return Promise.reject(new InternalError('The variant worker was closed'));
    const worker = this.#ensureWorker();
    return new Promise((resolve, reject) => {
      this.#waiting.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    // A bounded young generation: V8's default added ~45 MiB to the grader's peak RSS (500
    // submissions of the P2 mix); 4 MiB only ~16 MiB, but drawing a variant then took ~1.6× as
    // long (q3's images are many short-lived arrays: scavenge after scavenge), 3–4 core-seconds
    // per batch; 16 MiB costs ~9 MiB more RSS than 4 and draws at nearly the default's speed.
    const worker = new Worker(WORKER_URL, {
      workerData: { spec: this.spec },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.unref();
    worker.on('message', (reply: OffloadReply) => {
      const waiting = this.#waiting.get(reply.id);
      if (waiting === undefined) return;
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(rebuild(reply.error));
    });
    const fail = (error: Error): void => {
      if (this.#worker === worker) this.#worker = undefined;
      const waiting = [...this.#waiting.values()];
      this.#waiting.clear();
      for (const w of waiting)
        w.reject(new InternalError(`The variant worker stopped: ${error.message}`, { cause: error }));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

function rebuild(error: OffloadError): Error {
  if (error.problems !== undefined) return new SpecError(error.problems);
  // The same name and message as on this thread: gradeSubmission words an internal error from them.
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
