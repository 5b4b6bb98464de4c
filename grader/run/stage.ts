/**
 * A fresh, random staging folder per run: `sub/` holds the one student module, `runner/` the
 * relay, `tmp/` a scratch folder (HOME and TMPDIR at the basic and uid levels). The root is
 * private to the grader (0700); `sub/` and `runner/` are world-readable and read-only so the
 * slot uid can read them once bwrap has bound them at /sub and /runner. At the uid level there
 * is no bwrap: the copies are the run's private inputs, readable by the slot uid only (group =
 * the slot's gid) and writable by nobody but root; `tmp/` belongs to the slot uid. Removed
 * after the run.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { chmod, mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../result.js';

export interface Stage {
  readonly root: string;
  readonly subDir: string;
  readonly runnerDir: string;
  readonly tmpDir: string;
  readonly moduleName: string;
  readonly relayName: string;
}

const RELAYS = {
  node: { url: new URL('./relay/node-relay.cjs', import.meta.url), name: 'relay.cjs' },
  py: { url: new URL('./relay/python-relay.py', import.meta.url), name: 'relay.py' },
  zygote: { url: new URL('./relay/python-zygote.py', import.meta.url), name: 'zygote.py' },
} as const;

/** Modes of the staged copies: world-readable (bound read-only into the sandbox), or the uid level's private ones. */
const READ_ONLY = { file: 0o444, dir: 0o555 } as const;
const PRIVATE = { file: 0o440, dir: 0o550 } as const;

const relaySources = new Map<string, Buffer>();

/** A relay's source, read once. Synchronous: ~10 KB, and a sandbox started ahead (prewarm.ts) must not wait for the thread pool. */
function relaySource(kind: keyof typeof RELAYS): Buffer {
  let source = relaySources.get(kind);
  if (source === undefined) {
    source = readFileSync(RELAYS[kind].url);
    relaySources.set(kind, source);
  }
  return source;
}

export async function createStage(
  language: Language,
  /**
   * Undefined: empty folders, which a zygote's child fills itself (it gets the source over its
   * pipe). Without `code`: the relay is staged and `sub/` stays empty until placeModule writes
   * the module (a sandbox started before the submission was transpiled, prewarm.ts).
   */
  module: { readonly name: string; readonly code?: string } | undefined,
  /** The uid level's slot uid (and gid): the copies become private to it. */
  owner?: number,
): Promise<Stage> {
  const kind = language === 'py' ? 'py' : 'node';
  const relay = module === undefined ? undefined : relaySource(kind);
  // A dozen small file system calls: synchronous, each one costs far less than a trip through
  // libuv's thread pool (P1).
  // realpath: on macOS the temp folder is behind a symlink (/var → /private/var), and Node's
  // permission model compares the resolved module path with the --allow-fs-read folders.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'convgrade-')));
  try {
    const subDir = join(root, 'sub');
    const runnerDir = join(root, 'runner');
    const tmpDir = join(root, 'tmp');
    for (const dir of [subDir, runnerDir, tmpDir]) mkdirSync(dir);
    const relayName = RELAYS[kind].name;
    const files: string[] = [];
    if (module !== undefined && relay !== undefined) {
      if (module.code !== undefined) {
        writeFileSync(join(subDir, module.name), module.code);
        files.push(join(subDir, module.name));
      }
      writeFileSync(join(runnerDir, relayName), relay);
      files.push(join(runnerDir, relayName));
    }
    if (owner === undefined) {
      for (const file of files) chmodSync(file, READ_ONLY.file);
      chmodSync(subDir, READ_ONLY.dir);
      chmodSync(runnerDir, READ_ONLY.dir);
      chmodSync(root, 0o700);
    } else {
      // root:<slot gid>, group-readable only: the slot uid reads its inputs and changes nothing.
      for (const path of [...files, subDir, runnerDir, root]) chownSync(path, 0, owner);
      for (const file of files) chmodSync(file, PRIVATE.file);
      chmodSync(subDir, PRIVATE.dir);
      chmodSync(runnerDir, PRIVATE.dir);
      chmodSync(root, 0o750);
      chownSync(tmpDir, owner, owner);
      chmodSync(tmpDir, 0o700);
    }
    return { root, subDir, runnerDir, tmpDir, moduleName: module?.name ?? '', relayName };
  } catch (error: unknown) {
    await removeStage(root);
    throw error;
  }
}

/**
 * Writes the module into a stage made without its code, with the modes createStage gives it.
 * `sub/` is opened for writing (owner only) just for that: the sandbox's uid is another one, or
 * sees the folder through a read-only bind, and its relay reads nothing before its hello.
 */
export function placeModule(stage: Stage, code: string, owner?: number): void {
  const file = join(stage.subDir, stage.moduleName);
  const modes = owner === undefined ? READ_ONLY : PRIVATE;
  chmodSync(stage.subDir, 0o700);
  try {
    writeFileSync(file, code, { flag: 'wx' });
    if (owner !== undefined) chownSync(file, 0, owner);
    chmodSync(file, modes.file);
  } finally {
    chmodSync(stage.subDir, modes.dir);
  }
}

export async function removeStage(root: string): Promise<void> {
  // Synchronous: a handful of entries, done in well under a millisecond, where a trip through
  // libuv's thread pool (busy with the run's other I/O) was several on every run's path (P1).
  // Folders are read-only (0555): make them writable again so rm can unlink their entries.
  for (const dir of ['sub', 'runner']) {
    try {
      chmodSync(join(root, dir), 0o755);
    } catch {
      // absent: nothing to unlock
    }
  }
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}

/** A zygote's folders: `runner/` (the relay and the zygote, read-only) and `fifo/` (where its children's channels appear, root only). */
export interface ZygoteStage {
  readonly root: string;
  readonly runnerDir: string;
  readonly fifoDir: string;
  readonly relayName: string;
  readonly zygoteName: string;
}

export async function createZygoteStage(): Promise<ZygoteStage> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'convgrade-zygote-')));
  try {
    const runnerDir = join(root, 'runner');
    const fifoDir = join(root, 'fifo');
    await Promise.all([mkdir(runnerDir), mkdir(fifoDir, { mode: 0o700 })]);
    for (const kind of ['py', 'zygote'] as const) {
      const file = join(runnerDir, RELAYS[kind].name);
      await writeFile(file, relaySource(kind));
      await chmod(file, 0o444);
    }
    await Promise.all([chmod(runnerDir, 0o555), chmod(fifoDir, 0o700), chmod(root, 0o700)]);
    return { root, runnerDir, fifoDir, relayName: RELAYS.py.name, zygoteName: RELAYS.zygote.name };
  } catch (error: unknown) {
    await removeStage(root);
    throw error;
  }
}
