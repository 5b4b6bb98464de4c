/**
 * Finds the real Python interpreter behind `python3` (which may be a pyenv shell shim) once
 * per process, and the installation prefixes the strict sandbox must bind read-only.
 */
import { execa } from 'execa';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnvironmentError, InternalError } from '../errors.js';

export interface PythonInstall {
  /** The interpreter binary itself (sys.executable), never a shim. */
  readonly executable: string;
  /** Folders that must be visible at the same path for the interpreter to start. */
  readonly prefixes: readonly string[];
  /** sys.prefix. */
  readonly prefix: string;
}

const PROBE =
  'import sys, json; print(json.dumps({"executable": sys.executable, "prefixes": [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]}))';

const cache = new Map<string, Promise<PythonInstall>>();

function defaultPython(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}

/** Resolves (and caches) `command`, e.g. "python3" on PATH or an explicit path. */
export function resolvePython(command: string = defaultPython()): Promise<PythonInstall> {
  let found = cache.get(command);
  if (found === undefined) {
    found = probe(command);
    cache.set(command, found);
    found.catch(() => cache.delete(command));
  }
  return found;
}

async function probe(command: string): Promise<PythonInstall> {
  const run = await execa(command, ['-I', '-c', PROBE], { timeout: 20_000, windowsHide: true, reject: false });
  if (run.failed) {
    throw new EnvironmentError(`Cannot run the Python interpreter ${JSON.stringify(command)}: ${run.shortMessage}`, {
      cause: run.cause ?? run,
    });
  }
  try {
    const parsed = JSON.parse(run.stdout) as { executable: string; prefixes: string[] };
    const executable = parsed.executable;
    if (typeof executable !== 'string' || executable === '') throw new Error('sys.executable is empty');
    const real = safeRealpath(executable);
    const prefixes = new Set(parsed.prefixes.map(safeRealpath));
    prefixes.add(dirname(dirname(real)));
    return { executable, prefixes: [...prefixes], prefix: parsed.prefixes[0] ?? '' };
  } catch (cause: unknown) {
    throw new EnvironmentError(
      `Cannot understand the Python interpreter ${JSON.stringify(command)}: ${String(cause)}`,
      { cause },
    );
  }
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const runnable = new Map<string, Promise<void>>();

/**
 * At the uid level the interpreter runs on the host as the slot uid, so that uid must be able to
 * reach it (a pyenv under a private /root cannot be). Checked once per interpreter; throws an
 * InternalError naming the folder to fix, so the submission is ungradable rather than 0.
 */
export function assertRunnableAs(
  python: PythonInstall,
  uid: number,
  tools: { readonly setpriv?: string },
): Promise<void> {
  let check = runnable.get(python.executable);
  if (check === undefined) {
    check = (async () => {
      const run = await execa(
        tools.setpriv ?? 'setpriv',
        [
          `--reuid=${uid}`,
          `--regid=${uid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--',
          python.executable,
          '-I',
          '-c',
          // Started, and found its own installation (a binary it can run but whose folders it
          // cannot read falls back to another prefix, e.g. /usr's standard library).
          `import sys; sys.exit(0 if sys.prefix == ${JSON.stringify(python.prefix)} else "it finds " + sys.prefix + " instead of its own installation")`,
        ],
        { timeout: 30_000, env: { PATH: '/usr/bin:/bin' }, extendEnv: false, cwd: '/', reject: false },
      );
      if (run.failed) {
        throw new InternalError(
          `The Python interpreter ${python.executable} cannot be run by the sandbox's unprivileged uid (uid isolation): ${run.stderr.trim().split('\n').pop() ?? run.shortMessage}. Install python3 with numpy under /usr, or make its folders readable by every user`,
        );
      }
    })();
    runnable.set(python.executable, check);
  }
  return check;
}
