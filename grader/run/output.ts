/**
 * Captures a child's stdout and stderr for display only (S1: never parsed). The first
 * `keepBytes` of each stream are kept across every sandbox of one run; once one sandbox has
 * produced more than `killBytes`, `onOverflow` fires once so the caller can kill it. Each new
 * sandbox (a new `onOverflow`) starts its count at zero: the calls after a flood run in a fresh
 * sandbox with the same limit (the respawn limit bounds how often that can happen).
 */
import type { Readable } from 'node:stream';
import type { CapturedOutput } from '../result.js';
import { escapeControl } from './protocol.js';

export const KEEP_BYTES = 64 * 1024;
export const KILL_BYTES = 8 * 1024 * 1024;

export class OutputCapture {
  readonly #kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  readonly #keptBytes = { stdout: 0, stderr: 0 };
  /** Bytes produced by the current sandbox. */
  #total = 0;
  #truncated = false;
  #overflowed = false;
  #onOverflow: (() => void) | undefined;

  constructor(
    private readonly keepBytes = KEEP_BYTES,
    private readonly killBytes = KILL_BYTES,
  ) {}

  /** Called once when the current sandbox's output passes the kill limit; set per sandbox, which re-arms the count. */
  set onOverflow(handler: (() => void) | undefined) {
    this.#onOverflow = handler;
    this.#total = 0;
    this.#overflowed = false;
  }

  attach(stream: Readable, which: 'stdout' | 'stderr'): void {
    stream.on('data', (chunk: Buffer) => this.#add(which, chunk));
    stream.on('error', () => undefined);
  }

  #add(which: 'stdout' | 'stderr', chunk: Buffer): void {
    this.#total += chunk.length;
    const room = this.keepBytes - this.#keptBytes[which];
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.#kept[which].push(Buffer.from(part));
      this.#keptBytes[which] += part.length;
    }
    if (chunk.length > room) this.#truncated = true;
    if (this.#total > this.killBytes && !this.#overflowed) {
      this.#overflowed = true;
      this.#onOverflow?.();
    }
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
