/**
 * The Python zygote (grader/run/zygote.ts, issue 13): a fork of the slot's zygote is the sandbox a
 * fresh strict start is (uid, capabilities, no_new_privs, seccomp, cgroup, /tmp, keyring); what one
 * submission does to numpy or scipy, /tmp or /dev/shm stays in its own child; a killed zygote is
 * replaced and grading goes on. Strict isolation as root only (CI: always).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSubmission, runSubmission, type Call, type RunOptions } from '../../../grader/run/index.js';
import { stopZygotes } from '../../../grader/run/zygote.js';
import { expectKind, pidsOfUid, strictAvailable, value } from './helpers.js';

const SLOT = 5;
const UID = 61000 + SLOT;
const root = process.getuid?.() === 0;

/** Reports what the sandbox looks like from inside, and what the zygote had imported before the module. */
const PROBE = `
import os, sys
_PRELOADED = sorted(m for m in ('numpy', 'scipy.signal', 'fractions') if m in sys.modules)

def preloaded():
    return _PRELOADED

def status():
    fields = {}
    with open('/proc/self/status') as f:
        for line in f:
            key, _, rest = line.partition(':')
            if key in ('Uid', 'Gid', 'CapEff', 'CapPrm', 'CapBnd', 'CapAmb', 'CapInh', 'NoNewPrivs', 'Seccomp'):
                fields[key] = rest.split()
    return fields

def cgroup():
    with open('/proc/self/cgroup') as f:
        return f.read().strip()

def listing(path):
    return sorted(os.listdir(path))

def mounts():
    with open('/proc/self/mounts') as f:
        return [line.split()[1] for line in f]

def pids():
    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())

def keyring():
    with open('/proc/keys') as f:
        return [line.split()[-1] for line in f if '_ses' in line]
`;

/** Mutates everything a later submission of the same slot could trip over. */
const MUTATE = `
import os
import numpy as np
import scipy.signal

def mutate():
    np.convolve = lambda *a, **k: 'poisoned'
    scipy.signal.correlate2d = lambda *a, **k: 'poisoned'
    np.pi = 3
    np.random.seed(1)
    open('/tmp/left-behind', 'w').write('x')
    try:
        open('/dev/shm/left-behind', 'w').write('x')
        shm = 'written'
    except OSError as error:
        shm = type(error).__name__
    return [np.convolve([1], [1]), scipy.signal.correlate2d([[1]], [[1]]), np.pi, shm]
`;

const CHECK = `
import sys
_FORKED = 'scipy.signal' in sys.modules
import os
import numpy as np
import scipy.signal

def check():
    return [
        np.convolve([1, 2], [1, 1]).tolist(),
        scipy.signal.correlate2d([[1, 2]], [[1]]).tolist(),
        float(np.pi),
        sorted(os.listdir('/tmp')),
        sorted(os.listdir('/dev/shm')) if os.path.isdir('/dev/shm') else [],
        float(np.random.random()) != float(np.random.RandomState(1).random()),
        _FORKED,
    ]
`;

let work: string;

async function run(source: string, calls: readonly Call[], opts: Partial<RunOptions> = {}) {
  const dir = await mkdtemp(join(work, 'sub-'));
  await writeFile(join(dir, 'solution.py'), source);
  const intake = await intakeSubmission(dir);
  if (!intake.ok) throw new Error(intake.reason);
  return runSubmission(intake.staged, calls, { isolation: 'strict', slot: SLOT, timeoutMsPerCall: 30_000, ...opts });
}

/** Host pids of this process's zygotes (their command line names zygote.py): the test's own /proc scan. */
async function zygotePids(): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0');
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      if (
        cmdline.some((arg) => arg.endsWith('/zygote.py')) &&
        cmdline[0]?.includes('python') &&
        status.includes(`PPid:`)
      )
        found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe.skipIf(!strictAvailable || !root)('Python zygote', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'convgrade-zygote-test-'));
  });

  afterAll(async () => {
    stopZygotes();
    await rm(work, { recursive: true, force: true });
  });

  it('forks a child that is confined as a fresh strict sandbox is', async () => {
    const calls = ['preloaded', 'status', 'cgroup', 'listing', 'mounts', 'pids', 'keyring'].map((fn) => ({
      fn,
      args: fn === 'listing' ? ['/tmp'] : [],
    }));
    const viaZygote = await run(PROBE, calls);
    const fresh = await run(PROBE, calls, { pythonZygote: false });
    expect(viaZygote.isolation).toBe('strict');
    // The zygote had numpy and scipy.signal imported before the module ran; a fresh start had not.
    expect(value(viaZygote.answers[0])).toEqual(['numpy', 'scipy.signal']);
    expect(value(fresh.answers[0])).toEqual([]);
    const status = value(viaZygote.answers[1]) as Record<string, string[]>;
    expect(status['Uid']).toEqual([String(UID), String(UID), String(UID), String(UID)]);
    expect(status['Gid']).toEqual([String(UID), String(UID), String(UID), String(UID)]);
    for (const cap of ['CapEff', 'CapPrm', 'CapBnd', 'CapAmb', 'CapInh'])
      expect(status[cap], cap).toEqual(['0000000000000000']);
    expect(status['NoNewPrivs']).toEqual(['1']);
    expect(status['Seccomp']).toEqual(['2']);
    // Everything a fresh sandbox shows, the child shows the same.
    expect(value(fresh.answers[1])).toEqual(status);
    expect(value(viaZygote.answers[2])).toBe(value(fresh.answers[2]));
    expect(value(viaZygote.answers[3])).toEqual([]);
    const mounts = value(viaZygote.answers[4]) as string[];
    expect(mounts).not.toContain('/zygote');
    expect(mounts).toEqual(expect.arrayContaining(['/tmp', '/sub', '/proc']));
    // Its own pid namespace: its init and itself, nothing of other runs or the zygote.
    expect(value(viaZygote.answers[5])).toEqual(value(fresh.answers[5]));
    expect(value(viaZygote.answers[6])).toEqual(value(fresh.answers[6]));
    expect(await pidsOfUid(UID)).toEqual([]);
  });

  it('keeps what a module does to numpy, scipy and /tmp in its own child', async () => {
    const first = await run(MUTATE, [{ fn: 'mutate', args: [] }]);
    // /dev is read-only to a sandbox, as in a fresh one.
    expect(value(first.answers[0])).toEqual(['poisoned', 'poisoned', 3, 'PermissionError']);
    const pids = await zygotePids();
    const second = await run(CHECK, [{ fn: 'check', args: [] }]);
    expect(value(second.answers[0])).toEqual([[1, 3, 2], [[1, 2]], Math.PI, [], [], true, true]);
    // The same zygote served both (no restart in between).
    expect(await zygotePids()).toEqual(pids);
  });

  it('replaces a killed zygote and grades on', async () => {
    await run(PROBE, [{ fn: 'preloaded', args: [] }]);
    const before = await zygotePids();
    expect(before.length).toBeGreaterThan(0);
    for (const pid of before) process.kill(pid, 'SIGKILL');
    // Right after the kill (the grader may not have seen it yet) and once more after.
    for (let i = 0; i < 2; i++) {
      const r = await run(CHECK, [{ fn: 'check', args: [] }]);
      const answer = value(r.answers[0]) as unknown[];
      expect(answer.slice(0, 6)).toEqual([[1, 3, 2], [[1, 2]], Math.PI, [], [], true]);
      // The first run may get a fresh sandbox in the dead zygote's place; the second is a fork again.
      if (i === 1) expect(answer[6]).toBe(true);
    }
    const after = await zygotePids();
    expect(after.length).toBeGreaterThan(0);
    for (const pid of after) expect(before).not.toContain(pid);
    const r = await run(PROBE, [{ fn: 'preloaded', args: [] }]);
    expect(value(r.answers[0])).toEqual(['numpy', 'scipy.signal']);
  });

  it('kills a child that times out, and the next child of the slot runs', async () => {
    const r = await run(
      'def spin():\n    while True:\n        pass\n\ndef ok():\n    return 1\n',
      [
        { fn: 'spin', args: [] },
        { fn: 'ok', args: [] },
      ],
      { timeoutMsPerCall: 1500 },
    );
    expectKind(r.answers[0], 'timeout');
    expect(value(r.answers[1])).toBe(1);
    expect(r.sandboxes).toBe(2);
    expect(await pidsOfUid(UID)).toEqual([]);
  });

  it("imports the spec's python.preload modules before forking", async () => {
    const r = await run(PROBE, [{ fn: 'preloaded', args: [] }], { pythonPreload: ['fractions'] });
    expect(value(r.answers[0])).toEqual(['fractions', 'numpy', 'scipy.signal']);
  });

  // Last: a failed zygote turns zygotes off for the rest of this process.
  it('grades in a fresh sandbox, with a note, when a preload module cannot be imported', async () => {
    const r = await run(CHECK, [{ fn: 'check', args: [] }], { pythonPreload: ['convgrade_no_such_module'] });
    expect(value(r.answers[0])).toEqual([[1, 3, 2], [[1, 2]], Math.PI, [], [], true, false]);
    expect(r.isolationNote).toMatch(/Python zygote failed: .*No module named 'convgrade_no_such_module'/);
    const next = await run(CHECK, [{ fn: 'check', args: [] }]);
    expect(value(next.answers[0])).toEqual([[1, 3, 2], [[1, 2]], Math.PI, [], [], true, false]);
    expect(await pidsOfUid(UID)).toEqual([]);
  });
});
