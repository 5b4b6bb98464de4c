/**
 * Timing whole processes for the CLI suites (P1, P2, P3, P5): spawn, wait, wall-clock from
 * spawn to exit (process start included), and the baselines of PERFORMANCE.md: `node -e 0`,
 * and one bare interpreter start inside the strict sandbox, built by grader/run's own
 * `strictCommand` (the same enter.pl → bwrap with seccomp → setpriv → prlimit chain, binds, limits
 * and slot cgroup as a graded run),
 * with only the interpreter's arguments replaced.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { repoPath } from './paths.js';
import type { Sampler } from './stats.js';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Bytes the child reads on fd 4 (the sandbox's seccomp filter, as launch.ts passes it). */
  readonly fd4?: Uint8Array;
}

export interface Finished {
  readonly ms: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; `ms` is spawn → exit. Output is kept (capped) for checks. */
export function runTimed(command: Command): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command.file, [...command.args], {
      stdio: command.fd4 === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'ignore', 'pipe'],
      ...(command.env === undefined ? {} : { env: { ...command.env } }),
      ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
    });
    const fd4 = child.stdio[4];
    if (command.fd4 !== undefined && fd4 !== undefined && fd4 !== null && 'end' in fd4) {
      fd4.on('error', () => undefined);
      fd4.end(command.fd4);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    const cap = 1 << 20;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (outBytes < cap) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errBytes < cap) err.push(chunk);
      errBytes += chunk.length;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({
        ms: performance.now() - started,
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs a command and fails loudly unless it exits with one of `codes`. */
export async function runChecked(command: Command, what: string, codes: readonly number[] = [0]): Promise<Finished> {
  const done = await runTimed(command);
  if (done.code === null || !codes.includes(done.code)) {
    const tail = `${done.stderr}\n${done.stdout}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${what} exited with ${done.code ?? done.signal} (expected ${codes.join(' or ')}):\n${tail}`);
  }
  return done;
}

/** A sampler of whole processes: `inner` checked runs of `command` one after another, their wall times summed. */
export function processSampler(command: Command, what: string): Sampler {
  return async (inner) => {
    let total = 0;
    for (let k = 0; k < inner; k++) total += (await runChecked(command, what)).ms;
    return total;
  };
}

/** `node bin/convgrade.js ARGS…` as a student or TA starts it, from `cwd`. */
export function convgrade(args: readonly string[], cwd: string, nodeFlags: readonly string[] = []): Command {
  return { file: process.execPath, args: [...nodeFlags, repoPath('bin', 'convgrade.js'), ...args], cwd };
}

export const nodeE0: Command = { file: process.execPath, args: ['-e', '0'] };

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `convgrade-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true, maxRetries: 3 }) };
}

export { sandboxBaselines, type SandboxBaselines } from '../grader/run/index.js';

/**
 * A module for `node --import` that writes the process's own peak resident set (VmHWM) and
 * current VmRSS (and its own CPU time) to a file as it exits: the grader's memory only, children excluded (P3).
 */
export interface RssProbe {
  readonly nodeFlags: readonly string[];
  /** Peak and final RSS in MiB written by the last run, or undefined when none was written. */
  read(): { readonly hwmMiB: number; readonly rssMiB: number; readonly cpuMs: number } | undefined;
  remove(): void;
}

export function rssProbe(): RssProbe {
  const dir = tempDir('rss');
  const out = join(dir.path, 'rss.txt');
  const hook = join(dir.path, 'rss-hook.mjs');
  writeFileSync(
    hook,
    [
      "import { readFileSync, writeFileSync } from 'node:fs';",
      "process.on('exit', () => {",
      "  const status = readFileSync('/proc/self/status', 'utf8');",
      "  const kb = (key) => Number(new RegExp(`^${key}:\\\\s+(\\\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);",
      '  const cpu = process.cpuUsage();',
      `  writeFileSync(${JSON.stringify(out)}, JSON.stringify({ hwmKb: kb('VmHWM'), rssKb: kb('VmRSS'), cpuUs: cpu.user + cpu.system }));`,
      '});',
      '',
    ].join('\n'),
  );
  return {
    nodeFlags: ['--import', pathToFileURL(hook).href],
    read() {
      let text: string;
      try {
        text = readFileSync(out, 'utf8');
      } catch {
        return undefined;
      }
      rmSync(out, { force: true });
      const parsed = JSON.parse(text) as { hwmKb: number; rssKb: number; cpuUs: number };
      return { hwmMiB: parsed.hwmKb / 1024, rssMiB: parsed.rssKb / 1024, cpuMs: parsed.cpuUs / 1000 };
    },
    remove: dir.remove,
  };
}
