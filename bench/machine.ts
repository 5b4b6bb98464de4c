/** The machine a benchmark ran on, recorded beside every figure (PERFORMANCE.md: figures are per machine). */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** Reported as found; the benchmark never sets it (the environment may pin it for OpenBLAS). */
  readonly openblasCoretype: string | null;
  /** 1-minute load average when the run started: the machine is shared, so say how busy it was. */
  readonly loadAverage: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':').slice(1).join(':').trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    openblasCoretype: process.env['OPENBLAS_CORETYPE'] ?? null,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
