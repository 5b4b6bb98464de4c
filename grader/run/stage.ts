/**
 * A fresh, random staging folder per run: `sub/` holds the one student module, `runner/` the
 * relay, `tmp/` a scratch folder (HOME and TMPDIR at the basic and uid levels). The root is
 * private to the grader (0700); `sub/` and `runner/` are world-readable and read-only so the
 * slot uid can read them once bwrap has bound them at /sub and /runner. At the uid level there
 * is no bwrap: the copies are the run's private inputs, readable by the slot uid only (group =
 * the slot's gid) and writable by nobody but root; `tmp/` belongs to the slot uid. Removed
 * after the run.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
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
  node: { url: new URL('./relay/node-relay.mjs', import.meta.url), name: 'relay.mjs' },
  py: { url: new URL('./relay/python-relay.py', import.meta.url), name: 'relay.py' },
  zygote: { url: new URL('./relay/python-zygote.py', import.meta.url), name: 'zygote.py' },
} as const;

const relaySources = new Map<string, Promise<Buffer>>();

function relaySource(kind: keyof typeof RELAYS): Promise<Buffer> {
  let source = relaySources.get(kind);
  if (source === undefined) {
    source = readFile(RELAYS[kind].url);
    relaySources.set(kind, source);
  }
  return source;
}

export async function createStage(
  language: Language,
  /** Undefined: empty folders, which a zygote's child fills itself (it gets the source over its pipe). */
  module: { readonly name: string; readonly code: string } | undefined,
  /** The uid level's slot uid (and gid): the copies become private to it. */
  owner?: number,
): Promise<Stage> {
  const kind = language === 'py' ? 'py' : 'node';
  const relay = module === undefined ? undefined : await relaySource(kind);
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
      writeFileSync(join(subDir, module.name), module.code);
      writeFileSync(join(runnerDir, relayName), relay);
      files.push(join(subDir, module.name), join(runnerDir, relayName));
    }
    if (owner === undefined) {
      for (const file of files) chmodSync(file, 0o444);
      chmodSync(subDir, 0o555);
      chmodSync(runnerDir, 0o555);
      chmodSync(root, 0o700);
    } else {
      // root:<slot gid>, group-readable only: the slot uid reads its inputs and changes nothing.
      for (const path of [...files, subDir, runnerDir, root]) chownSync(path, 0, owner);
      for (const file of files) chmodSync(file, 0o440);
      chmodSync(subDir, 0o550);
      chmodSync(runnerDir, 0o550);
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

export async function removeStage(root: string): Promise<void> {
  // Folders are read-only (0555): make them writable again so rm can unlink their entries.
  await Promise.all(
    [chmod(join(root, 'sub'), 0o755), chmod(join(root, 'runner'), 0o755)].map((p) => p.catch(() => undefined)),
  );
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
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
      await writeFile(file, await relaySource(kind));
      await chmod(file, 0o444);
    }
    await Promise.all([chmod(runnerDir, 0o555), chmod(fifoDir, 0o700), chmod(root, 0o700)]);
    return { root, runnerDir, fifoDir, relayName: RELAYS.py.name, zygoteName: RELAYS.zygote.name };
  } catch (error: unknown) {
    await removeStage(root);
    throw error;
  }
}
