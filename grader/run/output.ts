/**
 * Captures a child's stdout and stderr for display only (S1: never parsed). The first
 * `keepBytes` of each stream are kept across every sandbox of one run; once one sandbox has
 * produced more than `killBytes`, its `onOverflow` fires once so the caller can kill it. Each
 * sandbox is counted on its own, from zero: the calls after a flood run in a fresh sandbox with the
 * same limit (the respawn limit bounds how often that can happen), and what a killed sandbox's
 * pipes still deliver counts against that sandbox, never against the one that replaced it.
 */
import type { Readable } from 'node:stream';
import type { CapturedOutput } from '../result.js';
import { escapeControl } from './protocol.js';

export const KEEP_BYTES = 64 * 1024;
export const KILL_BYTES = 8 * 1024 * 1024;

export class OutputCapture {
  readonly #kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  readonly #keptBytes = { stdout: 0, stderr: 0 };
  #truncated = false;

  constructor(
    private readonly keepBytes = KEEP_BYTES,
    private readonly killBytes = KILL_BYTES,
  ) {}

  /** A sandbox's stdout and stderr; `onOverflow` is called once when together they pass the kill limit. */
  attach(streams: { readonly stdout: Readable; readonly stderr: Readable }, onOverflow: () => void): void {
    let total = 0;
    let overflowed = false;
    const add = (which: 'stdout' | 'stderr', chunk: Buffer): void => {
      total += chunk.length;
      this.#keep(which, chunk);
      if (total > this.killBytes && !overflowed) {
        overflowed = true;
        onOverflow();
      }
    };
    for (const which of ['stdout', 'stderr'] as const) {
      streams[which].on('data', (chunk: Buffer) => add(which, chunk));
      streams[which].on('error', () => undefined);
    }
  }

  #keep(which: 'stdout' | 'stderr', chunk: Buffer): void {
    const room = this.keepBytes - this.#keptBytes[which];
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.#kept[which].push(Buffer.from(part));
      this.#keptBytes[which] += part.length;
    }
    if (chunk.length > room) this.#truncated = true;
  }

  /** The last line of stderr kept so far, for crash messages. */
  lastStderrLine(): string {
    const text = Buffer.concat(this.#kept.stderr).toString('utf8').trimEnd();
    const line = text.slice(text.lastIndexOf('\n') + 1);
    return escapeControl(line.length > 300 ? line.slice(0, 300) + '…' : line);
  }

  result(): CapturedOutput {
    return {
      stdout: escapeControl(Buffer.concat(this.#kept.stdout).toString('utf8')),
      stderr: escapeControl(Buffer.concat(this.#kept.stderr).toString('utf8')),
      truncated: this.#truncated,
    };
  }
}
