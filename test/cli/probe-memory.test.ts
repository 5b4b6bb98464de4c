/**
 * check keeps the strict probe's verdict between runs (cli/probe-memory.ts, grader/run/isolation.ts
 * ProbeMemory): only the strongest verdict, under a key of what it depends on, dropped and probed
 * again when a sandbox under a kept verdict does not load.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PROBES, probeMemoryFile } from '../../cli/probe-memory.js';
import {
  detectIsolation,
  forgetStrictProbe,
  rememberStrictProbe,
  strictFromMemory,
  type ProbeMemory,
} from '../../grader/run/index.js';
import { probeKey, type SandboxTools } from '../../grader/run/isolation.js';

const KEY = (n: number) => n.toString(16).padStart(64, '0');
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'convgrade-probe-memory-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rememberStrictProbe(undefined);
  forgetStrictProbe();
});

describe('probeMemoryFile', () => {
  it('recalls what it remembered, across processes, and forgets on request', () => {
    const memory = probeMemoryFile({ XDG_CACHE_HOME: home });
    if (memory === undefined) throw new Error('no memory');
    expect(memory.recall(KEY(1))).toBe(false);
    memory.remember(KEY(1));
    expect(memory.recall(KEY(1))).toBe(true);
    expect(probeMemoryFile({ XDG_CACHE_HOME: home })?.recall(KEY(1))).toBe(true);
    memory.forget(KEY(1));
    expect(memory.recall(KEY(1))).toBe(false);
  });

  it('is off with CONVGRADE_NO_CACHE=1 or without an absolute cache folder', () => {
    expect(probeMemoryFile({ XDG_CACHE_HOME: home, CONVGRADE_NO_CACHE: '1' })).toBeUndefined();
    expect(probeMemoryFile({ HOME: 'relative' })).toBeUndefined();
  });

  it('treats a damaged or forged file as empty and keeps the newest MAX_PROBES keys', () => {
    const file = join(home, 'convgrade', 'probes.json');
    const memory = probeMemoryFile({ XDG_CACHE_HOME: home });
    if (memory === undefined) throw new Error('no memory');
    memory.remember(KEY(0));
    writeFileSync(file, '{not json');
    expect(memory.recall(KEY(0))).toBe(false);
    writeFileSync(file, JSON.stringify({ [KEY(2)]: { keyring: 'yes', at: 1 }, short: { keyring: true, at: 1 } }));
    expect(memory.recall(KEY(2))).toBe(false);
    expect(memory.recall('short')).toBe(false);
    for (let n = 1; n <= MAX_PROBES + 3; n++) memory.remember(KEY(n));
    const kept = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object);
    expect(kept).toHaveLength(MAX_PROBES);
    expect(kept).toContain(KEY(MAX_PROBES + 3));
    expect(kept).not.toContain(KEY(1));
  });
});

describe('probeKey', () => {
  it('is the same for the same chain and changes when a file of it changes', () => {
    const bwrap = join(home, 'bwrap');
    writeFileSync(bwrap, 'v1');
    const tools: SandboxTools = { mode: 'root', bwrap, keyring: false };
    const first = probeKey(tools, ['--unshare-pid']);
    expect(probeKey(tools, ['--unshare-pid'])).toBe(first);
    expect(probeKey(tools, ['--unshare-net'])).not.toBe(first);
    expect(probeKey({ ...tools, mode: 'userns' }, ['--unshare-pid'])).not.toBe(first);
    utimesSync(bwrap, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(probeKey(tools, ['--unshare-pid'])).not.toBe(first);
  });
});

const strict = (await detectIsolation({ isolation: 'auto' })).level === 'strict';

describe.skipIf(!strict)('detectIsolation with a probe memory', () => {
  it('stores a probed verdict, uses a kept one without probing, and probes again after forgetStrictProbe', async () => {
    const kept = new Set<string>();
    const memory: ProbeMemory = {
      recall: vi.fn((key: string) => kept.has(key)),
      remember: vi.fn((key: string) => void kept.add(key)),
      forget: vi.fn((key: string) => void kept.delete(key)),
    };
    rememberStrictProbe(memory);
    forgetStrictProbe(); // drop the probe cached by the skipIf above
    const probed = await detectIsolation({ isolation: 'strict' });
    expect(memory.remember).toHaveBeenCalledTimes(1);
    expect(strictFromMemory()).toBe(false);
    forgetStrictProbe();
    const recalled = await detectIsolation({ isolation: 'strict' });
    expect(strictFromMemory()).toBe(true);
    expect(memory.remember).toHaveBeenCalledTimes(1);
    expect(recalled.tools).toEqual(probed.tools);
    expect(recalled.note).toBe(probed.note);
    forgetStrictProbe();
    expect(memory.forget).toHaveBeenCalledTimes(1);
    expect(kept.size).toBe(0);
    await detectIsolation({ isolation: 'strict' });
    expect(strictFromMemory()).toBe(false);
    expect(memory.remember).toHaveBeenCalledTimes(2);
  });
});

describe.skipIf(!strict)('check with a kept verdict', () => {
  it('probes and grades again when the module does not load, and says the real load error (not for TypeScript that does not compile)', async () => {
    const { checkCommand } = await import('../../cli/commands/check.js');
    const saved = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = home;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const flags = {
        exercise: 'ex9-convolution',
        isolation: 'strict' as const,
        report: join(home, 'report.html'),
        color: false,
      };
      const fixtures = resolve(import.meta.dirname, '../fixtures/submissions/ts');
      forgetStrictProbe();
      // A fixture that loads (not a full ex9 solution: its exit code is not the point here).
      await checkCommand(join(fixtures, 'correct'), flags);
      const file = join(home, 'convgrade', 'probes.json');
      expect(existsSync(file)).toBe(true);
      const [key] = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object);
      forgetStrictProbe(); // as a new process: the next check recalls the kept verdict
      // TypeScript that does not compile never reaches a sandbox: the kept verdict stays.
      expect(await checkCommand(join(fixtures, 'syntax-error'), flags)).toBe(1);
      expect(strictFromMemory()).toBe(true);
      const json = join(home, 'broken.json');
      expect(await checkCommand(join(fixtures, 'import-error'), { ...flags, json })).toBe(1);
      expect(strictFromMemory()).toBe(false); // it was dropped and probed again
      const result = JSON.parse(readFileSync(json, 'utf8')) as { loadError?: string; isolation: string };
      expect(result.isolation).toBe('strict');
      expect(result.loadError).toMatch(/Cannot find|not found|ERR_MODULE_NOT_FOUND/i);
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual([key]);
    } finally {
      write.mockRestore();
      if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved;
    }
  });
});
