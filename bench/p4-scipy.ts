/**
 * Drives bench/scipy-p4.py: one long-lived python3 process, one JSON request line per sample,
 * so SciPy samples interleave with the Node candidates and the pipe is never timed (Python
 * times itself with time.perf_counter). Single-channel workloads only.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { P4Op, P4Shape } from './p4-shapes.js';
import { repoPath } from './paths.js';

export interface ScipyReply {
  readonly seconds: number;
  readonly sum: number;
  readonly sumsq: number;
  readonly shape: readonly number[];
}

export interface ScipyDriver {
  readonly version: string;
  run(shape: P4Shape, op: P4Op, inner: number): Promise<ScipyReply>;
  close(): void;
}

/** Starts the driver, or resolves to an explanation when python3/SciPy is unavailable. */
export async function startScipy(): Promise<ScipyDriver | string> {
  const child = spawn('python3', [repoPath('bench', 'scipy-p4.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const spawned = new Promise<string | null>((resolve) => {
    child.once('error', (error) => resolve(`python3 did not start: ${error.message}`));
    child.once('spawn', () => resolve(null));
  });
  const failure = await spawned;
  if (failure !== null) return failure;
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done === true) throw new Error(`SciPy driver exited: ${stderr.trim() || 'no output'}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  let hello: Record<string, unknown>;
  try {
    hello = await next();
  } catch (error: unknown) {
    child.kill();
    return error instanceof Error ? error.message : String(error);
  }
  let queue = Promise.resolve();
  return {
    version: `Python ${String(hello['python'])}, NumPy ${String(hello['numpy'])}, SciPy ${String(hello['scipy'])}`,
    run(shape, op, inner) {
      const request = { H: shape.H, W: shape.W, HK: shape.HK, WK: shape.WK, padding: shape.padding, op, inner };
      const reply = queue.then(async () => {
        child.stdin.write(`${JSON.stringify(request)}\n`);
        return (await next()) as unknown as ScipyReply;
      });
      queue = reply.then(
        () => undefined,
        () => undefined,
      );
      return reply;
    },
    close() {
      child.stdin.end();
    },
  };
}
