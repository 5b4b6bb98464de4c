/**
 * Timing statistics: median, min and max over ≥ 5 samples after warm-up. Candidates of one
 * comparison are sampled round-robin, so drift on a shared, noisy machine hits them alike.
 */
import { performance } from 'node:perf_hooks';

export interface Stats {
  readonly runs: number;
  /** Calls averaged inside one sample (fast operations are repeated to beat timer noise). */
  readonly inner: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samplesMs: readonly number[];
}

/** Times `inner` back-to-back calls and returns the total in milliseconds. */
export type Sampler = (inner: number) => Promise<number>;

export interface Candidate {
  readonly name: string;
  readonly sample: Sampler;
}

export interface MeasureOptions {
  readonly runs: number;
  readonly warmup: number;
  readonly minSampleMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('Median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(samplesMs: readonly number[], inner: number): Stats {
  return {
    runs: samplesMs.length,
    inner,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    samplesMs,
  };
}

/** A sampler for a synchronous function, timed in this process. */
export function syncSampler(fn: () => unknown): Sampler {
  return (inner) => {
    const start = performance.now();
    for (let k = 0; k < inner; k++) fn();
    return Promise.resolve(performance.now() - start);
  };
}

/**
 * Warms every candidate up, picks a repeat count per candidate so a sample lasts at least
 * `minSampleMs`, then takes `runs` samples of each in turn.
 */
export async function measureSideBySide(
  candidates: readonly Candidate[],
  options: MeasureOptions,
): Promise<Map<string, Stats>> {
  const inner = new Map<string, number>();
  for (const candidate of candidates) {
    let lastMs = 0;
    for (let k = 0; k < Math.max(1, options.warmup); k++) lastMs = await candidate.sample(1);
    inner.set(candidate.name, Math.min(1000, Math.max(1, Math.ceil(options.minSampleMs / Math.max(lastMs, 1e-3)))));
  }
  const samples = new Map<string, number[]>(candidates.map((candidate) => [candidate.name, []]));
  for (let run = 0; run < options.runs; run++) {
    // Rotate the order each round so no candidate always runs right after the same neighbour.
    for (let k = 0; k < candidates.length; k++) {
      const candidate = candidates[(k + run) % candidates.length] as Candidate;
      const count = inner.get(candidate.name) ?? 1;
      samples.get(candidate.name)?.push((await candidate.sample(count)) / count);
    }
  }
  return new Map(
    candidates.map((candidate) => [
      candidate.name,
      summarize(samples.get(candidate.name) ?? [], inner.get(candidate.name) ?? 1),
    ]),
  );
}
