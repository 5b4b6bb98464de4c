/**
 * What only the strict sandbox promises (SECURITY.md S2–S6), checked from inside with hostile
 * fixtures. Skipped where strict isolation is unavailable (CI installs bubblewrap and runs as root).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKind, fixture, pidsOfUid, runFixture, strictAvailable, value } from './helpers.js';

const SLOT = 3;
const UID = 61000 + SLOT;
const root = process.getuid?.() === 0;

describe.skipIf(!strictAvailable)('strict sandbox', () => {
  const opts = { isolation: 'strict', slot: SLOT } as const;
  let server: Server;
  let port = 0;
  let canaryDir: string;
  let canaryFile: string;

  beforeAll(async () => {
    server = createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    canaryDir = await mkdtemp(join(tmpdir(), 'convgrade-canary-'));
    canaryFile = join(canaryDir, 'secret.txt');
    await writeFile(canaryFile, 'canary-file-5e1d');
    process.env['CONVGRADE_TEST_CANARY'] = 'canary-env-5e1d';
  });

  afterAll(async () => {
    delete process.env['CONVGRADE_TEST_CANARY'];
    server.close();
    await rm(canaryDir, { recursive: true, force: true });
  });

  it('hides host files, secrets and other processes from Python', async () => {
    const r = await runFixture(
      'py',
      'escape',
      [
        { fn: 'read_file', args: ['/etc/shadow'] },
        { fn: 'read_file', args: [canaryFile] },
        { fn: 'read_file', args: [`${fixture('py', 'correct')}/solution.py`] },
        { fn: 'read_file', args: ['/proc/1/environ'] },
        { fn: 'environment', args: [] },
        { fn: 'identity', args: [] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'threw', /FileNotFoundError/);
    expectKind(r.answers[1], 'threw', /FileNotFoundError/);
    expectKind(r.answers[2], 'threw', /FileNotFoundError/);
    if (root) expectKind(r.answers[3], 'threw', /PermissionError/);
    expect(JSON.stringify(r.answers)).not.toMatch(/canary-(file|env)-5e1d/);
    // Only what the grader sets (bwrap adds PWD; Python may add LC_CTYPE when it coerces the locale).
    const allowed = [
      'HOME',
      'LANG',
      'LC_CTYPE',
      'PWD',
      'MKL_NUM_THREADS',
      'MPLCONFIGDIR',
      'OMP_NUM_THREADS',
      'OPENBLAS_NUM_THREADS',
      'PATH',
      'TMPDIR',
    ];
    expect(Object.keys(value(r.answers[4]) as object).filter((k) => !allowed.includes(k))).toEqual([]);
    if (root) expect((value(r.answers[5]) as number[]).slice(0, 2)).toEqual([UID, UID]);
    expect(r.isolationNote).toBe(root ? undefined : expect.stringMatching(/without a separate uid/));
  });

  it('gives Python no network, no privileges and a read-only submission', async () => {
    const r = await runFixture(
      'py',
      'escape',
      [
        { fn: 'connect_to', args: [port] },
        { fn: 'resolve_host', args: ['example.com'] },
        { fn: 'setuid_root', args: [] },
        { fn: 'write_file', args: ['/sub/results.json'] },
        { fn: 'write_file', args: ['/tmp/scratch.txt'] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'threw', /PermissionError: \[Errno 1\] Operation not permitted/);
    expectKind(r.answers[1], 'threw', /gaierror|OSError/);
    expectKind(r.answers[2], 'threw', /PermissionError/);
    expectKind(r.answers[3], 'threw', /Read-only file system|PermissionError/);
    expect(value(r.answers[4])).toBe('written');
  });

  it('denies Node child processes, host files and the network', async () => {
    const r = await runFixture(
      'ts',
      'escape',
      [
        { fn: 'spawnShell', args: [] },
        { fn: 'readFile', args: ['/etc/shadow'] },
        { fn: 'readFile', args: [canaryFile] },
        { fn: 'connectTo', args: [port] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'threw', /ERR_ACCESS_DENIED|Access to this API has been restricted/);
    expectKind(r.answers[1], 'threw');
    expectKind(r.answers[2], 'threw');
    expectKind(r.answers[3], 'threw', /connect EPERM 127\.0\.0\.1/);
    expect(JSON.stringify(r)).not.toContain('canary-file-5e1d');
  });

  it.skipIf(!root)('contains a fork bomb at the process limit and leaves no process behind', async () => {
    const r = await runFixture(
      'py',
      'fork-bomb',
      [
        { fn: 'daemon', args: [] },
        { fn: 'count_forks', args: [500] },
        { fn: 'bomb', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 1500 },
    );
    expect(typeof value(r.answers[0])).toBe('number');
    const forks = value(r.answers[1]) as number;
    expect(forks).toBeGreaterThan(0);
    expect(forks).toBeLessThan(64);
    expectKind(r.answers[2], 'timeout');
    expect(r.cleanupNote).toBeUndefined();
    expect(await pidsOfUid(UID)).toEqual([]);
  });
});

describe('the grader process', () => {
  it('ignores SIGUSR1, so a basic-isolation child cannot open its inspector', async () => {
    const { url } = await import('node:inspector');
    const r = await runFixture('ts', 'escape', [{ fn: 'debugParent', args: [] }], { isolation: 'basic', slot: SLOT });
    expect(['value', 'threw']).toContain(r.answers[0]?.kind);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(url()).toBeUndefined();
  });
});
