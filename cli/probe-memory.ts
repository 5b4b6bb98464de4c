/**
 * `check` keeps the strict isolation probe's verdict between runs (grader/run/isolation.ts
 * ProbeMemory): the probe starts a sandbox once, ~40 ms of every self-check's start (P1). One
 * small JSON file in the cache folder, `probes.json`, holding a few keys.
 *
 * isolation.ts remembers only the strongest verdict (strict works and so does the fresh session
 * keyring), so a forged or stale entry can only claim the full sandbox: at worst it fails to start,
 * and check probes again and grades again (cli/commands/check.ts). Best effort: an unreadable,
 * damaged or unwritable file means a probe, as without it. `CONVGRADE_NO_CACHE=1` turns it off.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeMemory } from '../grader/run/index.js';
import { convgradeCacheDir } from './cache-dir.js';

/** Keys kept: one per boot × machine × build in practice; a few cover a user's builds. */
export const MAX_PROBES = 8;

type Stored = Record<string, { readonly keyring: true; readonly at: number }>;

export function probeMemoryFile(env: NodeJS.ProcessEnv = process.env): ProbeMemory | undefined {
  if (env['CONVGRADE_NO_CACHE'] === '1') return undefined;
  const dir = convgradeCacheDir(env);
  if (dir === undefined) return undefined;
  const file = join(dir, 'probes.json');
  return {
    recall(key) {
      return load(file)[key] !== undefined;
    },
    remember(key) {
      const entries = { ...load(file), [key]: { keyring: true as const, at: Date.now() } };
      const kept = Object.entries(entries)
        .sort((a, b) => b[1].at - a[1].at)
        .slice(0, MAX_PROBES);
      save(dir, file, Object.fromEntries(kept));
    },
    forget(key) {
      const entries = load(file);
      if (!(key in entries)) return;
      delete entries[key];
      save(dir, file, entries);
    },
  };
}

function load(file: string): Stored {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Stored = Object.create(null) as Stored;
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      const entry = value as { keyring?: unknown; at?: unknown } | null;
      if (/^[0-9a-f]{64}$/.test(key) && entry?.keyring === true && typeof entry.at === 'number')
        out[key] = { keyring: true, at: entry.at };
    }
    return out;
  } catch {
    return {};
  }
}

function save(dir: string, file: string, entries: Stored): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(entries)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // a read-only home, a full disk: the next check probes again
  }
}
