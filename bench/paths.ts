/** Paths of the repository, found from this file whether it runs from bench/ or dist/bench/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const repoRoot = findRoot();

/** A path inside the repository, e.g. `repoPath('bench', 'scipy-p4.py')` (not copied into dist/). */
export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}
