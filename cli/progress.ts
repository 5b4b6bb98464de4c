/**
 * A one-line progress bar for batches, drawn on stderr only when it is a TTY; elsewhere
 * (CI logs, pipes) it stays silent so logs hold only the summary.
 */
export interface Progress {
  tick(label: string): void;
  /** Writes a line above the bar (the bar is redrawn below it). */
  print(line: string): void;
  done(): void;
}

import { escapeTerminal } from './escape-terminal.js';

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 1)
    return { tick: () => undefined, print: (line) => void stream.write(`${line}\n`), done: () => undefined };
  let count = 0;
  const started = Date.now();
  const draw = (label: string): void => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
    const filled = Math.round((count / total) * width);
    const elapsed = (Date.now() - started) / 1000;
    const eta = count > 0 ? (elapsed / count) * (total - count) : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const text = `${bar} ${count}/${total} ${elapsed.toFixed(0)}s eta ${eta.toFixed(0)}s ${escapeTerminal(label, true)}`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 80) - 1)}`);
  };
  let last = '';
  draw('');
  return {
    tick(label) {
      count += 1;
      last = label;
      draw(label);
    },
    print(line) {
      stream.write(`\r\x1b[2K${line}\n`);
      draw(last);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
