/**
 * The thread behind grade.ts's Offload: draws each student's variant (seeded cases, expected
 * answers and every misconception's wrong answers: most of a submission's CPU on the grader's
 * side) and judges the runner's answers on it, so that the grader's own thread is left to start
 * sandboxes and pass their messages. A variant stays here from its plan to its judging; only the
 * calls and the judged result cross.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SpecError } from './errors.js';
import { judgeSubmission } from './judge/index.js';
import { restoreRecords, type OffloadReply, type OffloadRequest } from './offload-protocol.js';
import type { RawAnswer } from './result.js';
import type { ExerciseSpec } from './spec/index.js';
import { generateVariant, planCalls, type CallPlan, type ExerciseVariant } from './variant/index.js';

const port = parentPort;
if (port === null) throw new Error('offload-worker.js runs as a worker thread only');
const spec = (workerData as { spec: ExerciseSpec }).spec;
const kept = new Map<number, { readonly variant: ExerciseVariant; readonly plan: CallPlan | undefined }>();

function handle(request: OffloadRequest): OffloadReply | undefined {
  switch (request.type) {
    case 'plan': {
      const variant = generateVariant(spec, {
        student: request.student,
        salt: request.salt,
        visibility: request.visibility,
      });
      const plan = request.language === null ? undefined : planCalls(spec, variant, request.language);
      kept.set(request.id, { variant, plan });
      return { id: request.id, ok: true, planned: { calls: plan?.calls ?? [], head: { ...variant, questions: [] } } };
    }
    case 'judge': {
      const entry = kept.get(request.id);
      kept.delete(request.id);
      if (entry === undefined) throw new Error(`No variant is kept for request ${request.id}`);
      const raw: RawAnswer[] = request.raw.map((answer) =>
        answer.kind === 'value' ? { kind: 'value', value: restoreRecords(answer.value) } : answer,
      );
      const judged = judgeSubmission({
        spec,
        variant: entry.variant,
        ...(entry.plan === undefined ? {} : { plan: entry.plan, raw }),
        starterStubs: request.starterStubs,
        ...(request.answersText === undefined ? {} : { answersText: request.answersText }),
      });
      return { id: request.id, ok: true, judged };
    }
    case 'forget':
      kept.delete(request.id);
      return undefined;
  }
}

port.on('message', (request: OffloadRequest) => {
  let reply: OffloadReply | undefined;
  try {
    reply = handle(request);
  } catch (error: unknown) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    const problems = error instanceof SpecError ? { problems: error.problems } : {};
    reply = { id: request.id, ok: false, error: { name, message, ...problems } };
  }
  if (reply !== undefined) port.postMessage(reply);
});
