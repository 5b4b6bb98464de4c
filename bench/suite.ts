/**
 * What a benchmark suite is: `bench/run.ts` runs every registered suite (or those named on the
 * command line), prints their tables and records them in bench/results.json and BENCHMARKS.md.
 * Each performance target of PERFORMANCE.md (P1…P5) is one suite.
 */
import type { Stats } from './stats.js';
import type { Machine } from './machine.js';

export interface SuiteContext {
  /** Timed samples per candidate (≥ 5), after `warmup` untimed calls. */
  readonly runs: number;
  readonly warmup: number;
  /** A sample repeats the operation until it lasts at least this long, then divides. */
  readonly minSampleMs: number;
  readonly machine: Machine;
  readonly log: (line: string) => void;
}

/** One measured candidate: an implementation of one operation on one workload. */
export interface Row {
  readonly workload: string;
  readonly op: string;
  readonly impl: string;
  readonly stats: Stats;
  /** Median time of this row ÷ median time of the named baseline in the same run (lower is faster). */
  readonly ratios: Readonly<Record<string, number>>;
  readonly note?: string;
}

export interface Verdict {
  readonly target: string;
  readonly met: boolean;
  /** The measured figure against the target, e.g. "0.62× tfjs time (target ≤ 1×)". */
  readonly detail: string;
}

export interface SuiteResult {
  readonly id: string;
  readonly title: string;
  readonly baselines: readonly string[];
  readonly rows: readonly Row[];
  readonly verdicts: readonly Verdict[];
  readonly notes: readonly string[];
}

export interface Suite {
  /** Lower-case id used on the command line: `node dist/bench/run.js p4`. */
  readonly id: string;
  readonly title: string;
  readonly run: (context: SuiteContext) => Promise<SuiteResult>;
}
