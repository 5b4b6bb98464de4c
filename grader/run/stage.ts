/**
 * A fresh, random staging folder per run: `sub/` holds the one student module, `runner/` the
 * relay, `tmp/` a scratch folder (HOME and TMPDIR at the basic and uid levels). The root is
 * private to the grader (0700); `sub/` and `runner/` are world-readable and read-only so the
 * slot uid can read them once bwrap has bound them at /sub and /runner. At the uid level there
 * is no bwrap: the copies are the run's private inputs, readable by the slot uid only (group =
 * the slot's gid) and writable by nobody but root; `tmp/` belongs to the slot uid. Removed
 * after the run.
 */
import { chmod, chown, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
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
  module: { readonly name: string; readonly code: string },
  /** The uid level's slot uid (and gid): the copies become private to it. */
  owner?: number,
): Promise<Stage> {
  const kind = language === 'py' ? 'py' : 'node';
  // realpath: on macOS the temp folder is behind a symlink (/var → /private/var), and Node's
  // permission model compares the resolved module path with the --allow-fs-read folders.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'convgrade-')));
  try {
    const subDir = join(root, 'sub');
    const runnerDir = join(root, 'runner');
    const tmpDir = join(root, 'tmp');
    await Promise.all([mkdir(subDir), mkdir(runnerDir), mkdir(tmpDir)]);
    const relayName = RELAYS[kind].name;
    await writeFile(join(subDir, module.name), module.code);
    await writeFile(join(runnerDir, relayName), await relaySource(kind));
    const files = [join(subDir, module.name), join(runnerDir, relayName)];
    if (owner === undefined) {
      await Promise.all(files.map((f) => chmod(f, 0o444)));
      await Promise.all([chmod(subDir, 0o555), chmod(runnerDir, 0o555), chmod(root, 0o700)]);
    } else {
      // root:<slot gid>, group-readable only: the slot uid reads its inputs and changes nothing.
      for (const path of [...files, subDir, runnerDir, root]) await chown(path, 0, owner);
      await Promise.all(files.map((f) => chmod(f, 0o440)));
      await Promise.all([chmod(subDir, 0o550), chmod(runnerDir, 0o550), chmod(root, 0o750)]);
      await chown(tmpDir, owner, owner);
      await chmod(tmpDir, 0o700);
    }
    return { root, subDir, runnerDir, tmpDir, moduleName: module.name, relayName };
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
