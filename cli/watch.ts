/**
 * `convgrade check --watch`: run the check, then again after every save of solution.* or
 * answers.yaml. Saves are debounced (an editor's write-rename-chmod burst is one change), runs
 * never overlap (a save during a run queues exactly one more), a failing run is reported and
 * the watch goes on, and Ctrl-C ends it with exit 0. The folder is watched rather than the
 * file, so editors that save by renaming a temp file over the original are seen too.
 */
import { watch, statSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface WatchOptions {
  /** The path given to check: a solution file or the folder holding it. */
  readonly path: string;
  /** One check; resolves to its exit code. */
  readonly run: () => Promise<number>;
  readonly debounceMs?: number;
  /** Clear the screen before each run (on a TTY). */
  readonly clear?: boolean;
  readonly write?: (text: string) => void;
  /** Stops the watch; without one, SIGINT (Ctrl-C) does. */
  readonly signal?: AbortSignal;
}

const WATCHED = /^(solution\.(ts|js|mjs|py|ipynb)|answers\.ya?ml)$/;
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** Runs until stopped; resolves to 0. */
export async function watchCheck(options: WatchOptions): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const full = resolve(options.path);
  const isFile = statSync(full).isFile();
  const dir = isFile ? dirname(full) : full;
  const relevant = (name: string | null): boolean =>
    name === null || (isFile ? name === basename(full) || /^answers\.ya?ml$/.test(name) : WATCHED.test(name));

  let running: Promise<void> | undefined;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    if (options.clear === true) write(CLEAR);
    let line: string;
    try {
      const code = await options.run();
      line = code === 0 ? 'all public cases pass' : 'some public cases fail';
    } catch (error: unknown) {
      write(`convgrade: ${error instanceof Error ? error.message : String(error)}\n`);
      line = 'the check could not run';
    }
    write(
      `[${new Date().toLocaleTimeString()}] ${line}; watching ${dir} for changes to solution.* and answers.yaml (Ctrl-C to stop)\n`,
    );
  };
  const trigger = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      pending = true;
      return;
    }
    running = runOnce().finally(() => {
      running = undefined;
      if (pending && !stopped) {
        pending = false;
        trigger();
      }
    });
  };

  const watcher: FSWatcher = watch(dir, (_event, name) => {
    if (!relevant(name)) return;
    clearTimeout(timer);
    timer = setTimeout(trigger, options.debounceMs ?? 150);
  });
  const done = new Promise<void>((resolveDone) => {
    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
      watcher.close();
      process.off('SIGINT', stop);
      resolveDone();
    };
    if (options.signal !== undefined) {
      if (options.signal.aborted) stop();
      else options.signal.addEventListener('abort', stop, { once: true });
    } else {
      process.on('SIGINT', stop);
    }
  });
  trigger();
  await done;
  await running;
  return 0;
}
