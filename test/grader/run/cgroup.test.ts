/**
 * Slot cgroups (SECURITY.md S12) on the real kernel: a process joins a slot through enter.pl
 * before it execs, the slot's memory limit counts memfd pages (which RLIMIT_AS does not), and
 * kill() empties the slot without looking at /proc. Both hierarchies are tried where the
 * machine has them: v1 (this kind of machine mounts memory, pids, cpu and freezer as v1) and
 * the v2 hierarchy (here without controllers, which still gives cgroup.kill).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupGroup, findCgroupLayout, type CgroupLayout } from '../../../grader/run/cgroup.js';
import { seccompFilter } from '../../../grader/run/seccomp.js';

const ENTER = new URL('../../../grader/run/enter.pl', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

describe('findCgroupLayout', () => {
  const v1Mounts = [
    '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
    '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
    '37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer',
    '39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
    '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  ].join('\n');

  it('uses the v1 hierarchies of a hybrid machine, inside the grader’s own cgroup of each', () => {
    const self = ['8:pids:/', '6:freezer:/', '4:memory:/process_api/abc', '1:cpu,cpuacct:/', '0::/'].join('\n');
    expect(findCgroupLayout(v1Mounts, self)).toEqual({
      version: 1,
      parents: {
        memory: '/sys/fs/cgroup/memory/process_api/abc',
        pids: '/sys/fs/cgroup/pids',
        cpu: '/sys/fs/cgroup/cpu,cpuacct',
        freezer: '/sys/fs/cgroup/freezer',
      },
    });
  });

  it('uses v2 where the controllers are there, and a container’s mount root', () => {
    const mounts = '30 23 0:26 /docker/abc /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate';
    expect(findCgroupLayout(mounts, '0::/docker/abc/grader')).toEqual({
      version: 2,
      parent: '/sys/fs/cgroup/grader',
    });
    expect(findCgroupLayout('25 1 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw', '0::/user.slice/x.scope')).toEqual({
      version: 2,
      parent: '/sys/fs/cgroup/user.slice/x.scope',
    });
  });

  it('says why when there is no cgroup at all', () => {
    expect(findCgroupLayout('20 1 0:2 / / rw - ext4 /dev/vda rw', '')).toBe('no cgroup hierarchy is mounted');
  });
});

const machine = findCgroupLayout();
const layouts: [string, CgroupLayout][] = [];
if (typeof machine !== 'string') layouts.push([`v${machine.version} (this machine)`, machine]);
const unified = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
if (
  typeof machine !== 'string' &&
  machine.version === 1 &&
  unified !== undefined &&
  existsSync('/sys/fs/cgroup/unified')
)
  layouts.push(['v2 (the unified hierarchy beside it)', { version: 2, parent: `/sys/fs/cgroup/unified${unified}` }]);

const groups: CgroupGroup[] = [];
afterAll(() => {
  for (const group of groups) group.removeSync();
});

/** A process that joins `files` through enter.pl, then forks `children` sleepers of its own. */
function startInSlot(
  files: readonly string[],
  children: number,
): Promise<{ readonly pid: number; readonly exited: Promise<unknown> }> {
  const args = [
    ENTER,
    ...files.flatMap((f) => ['--cgroup', f]),
    '--',
    '/bin/sh',
    '-c',
    `for i in $(seq ${children}); do sleep 60 & done; echo ready; wait`,
  ];
  const child = spawn('/usr/bin/perl', args, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  child.unref();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ pid: child.pid ?? 0, exited }));
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

describe.skipIf(!isRoot || layouts.length === 0).each(layouts)('slot cgroups on %s', (_label, layout) => {
  const created = CgroupGroup.create(layout);
  if (typeof created !== 'string') groups.push(created);

  it('holds a sandbox and everything it forks, and kill() empties it without /proc', async () => {
    if (typeof created === 'string') throw new Error(created);
    const slot = created.slot('slot-0', { memoryBytes: 256 * 1024 * 1024, pids: 64 });
    const { pid, exited } = await startInSlot(slot.procsFiles, 3);
    expect(slot.pids()).toContain(pid);
    expect(slot.pids().length).toBeGreaterThanOrEqual(4);
    expect(await slot.kill()).toBe(0);
    expect(slot.pids()).toEqual([]);
    await exited;
  });

  it('is drained only when its tasks are released: a zombie still counts (pids.current), as for RLIMIT_NPROC', async () => {
    if (typeof created === 'string') throw new Error(created);
    const slot = created.slot('slot-zombie', { memoryBytes: 256 * 1024 * 1024, pids: 64 });
    const counter = slot.procsFiles.map((file) => file.replace(/cgroup\.procs$/, 'pids.current')).find(existsSync);
    if (counter === undefined) return; // no pids controller here: drained() can only read cgroup.procs
    // The parent stays outside the slot and never reaps: its child joins the slot and exits.
    const joins = slot.procsFiles.map((f) => `open(my $f, '>', '${f}') or die; print $f $$; close($f);`).join(' ');
    const parent = spawn(
      '/usr/bin/perl',
      [
        '-e',
        `my $p = fork(); if ($p == 0) { ${joins} exit 0 } $| = 1; select(undef, undef, undef, 0.1); print "ready\n"; sleep 60`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => parent.stdout.once('data', resolve));
      await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(counter, 'utf8').trim()).toBe('1'); // exited, not released
      expect(slot.drained()).toBe(false);
      expect(await slot.kill(300)).toBe(slot.pids().length); // a zombie cannot be killed, only reaped
      expect(slot.drained()).toBe(false);
    } finally {
      parent.kill('SIGKILL'); // its zombie goes to init, which reaps it
    }
    for (let i = 0; i < 200 && !slot.drained(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(slot.drained()).toBe(true);
  });

  it('is drained the moment enter.pl --reap exits: it reaps what its program orphaned (bwrap’s namespace init)', async () => {
    if (typeof created === 'string') throw new Error(created);
    const filter = seccompFilter();
    if (typeof filter === 'string') throw new Error(filter);
    const slot = created.slot('slot-reap', { memoryBytes: 256 * 1024 * 1024, pids: 64 });
    const run = (script: string) => {
      const child = spawn(
        '/usr/bin/perl',
        [
          ENTER,
          ...slot.procsFiles.flatMap((f) => ['--cgroup', f]),
          '--reap',
          String(filter.numbers.prctl),
          '--',
          '/bin/sh',
          '-c',
          script,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ended = new Promise<void>((resolve) => child.stdout.once('end', resolve));
      return new Promise<{ code: number | null; signal: string | null; out: string; drained: boolean; ended: boolean }>(
        (resolve) => {
          let stdoutEnded = false;
          void ended.then(() => (stdoutEnded = true));
          child.once('exit', (code, signal) =>
            resolve({ code, signal, out, drained: slot.drained(), ended: stdoutEnded }),
          );
        },
      );
    };
    // The program exits first, leaving a child that has let go of the pipe: orphaned, it is
    // enter.pl's to reap (a subreaper), not the machine init's, so nothing is left at the exit.
    const orphaning = await run('sleep 0.3 </dev/null >/dev/null 2>&1 & echo started; exit 3');
    expect(orphaning).toMatchObject({ code: 3, out: 'started\n', drained: true, ended: true });
    expect(slot.pids()).toEqual([]);
    // A program killed by a signal: enter.pl dies of the same signal.
    expect(await run('kill -TERM $$')).toMatchObject({ code: null, signal: 'SIGTERM', drained: true });
  });

  it('removes its folders, also with processes still inside', async () => {
    if (typeof created === 'string') throw new Error(created);
    const slot = created.slot('slot-1', { memoryBytes: 256 * 1024 * 1024, pids: 64 });
    await startInSlot(slot.procsFiles, 2);
    const dirs = slot.procsFiles.map((file) => file.replace(/\/cgroup\.procs$/, ''));
    slot.removeSync();
    for (const dir of dirs) expect(existsSync(dir), dir).toBe(false);
  });
});

describe.skipIf(!isRoot || typeof machine === 'string')('the slot limits on this machine', () => {
  const group = CgroupGroup.create(machine as CgroupLayout);
  if (typeof group !== 'string') groups.push(group);
  const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));

  it('count memfd pages, which RLIMIT_AS does not: the writer is killed at the slot’s memory limit', async () => {
    if (typeof group === 'string') throw new Error(group);
    if (group.missing.includes('no memory controller')) return;
    const slot = group.slot('memfd', { memoryBytes: 64 * 1024 * 1024, pids: 64 });
    // 256 MiB in a memfd, written in 1 MiB blocks and never mapped.
    const code =
      'import os\nfd = os.memfd_create("x")\nfor _ in range(256): os.write(fd, b"x" * (1 << 20))\nprint("WROTE-ALL")';
    const child = spawn(
      '/usr/bin/perl',
      [ENTER, ...slot.procsFiles.flatMap((f) => ['--cgroup', f]), '--', python ?? 'python3', '-c', code],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [, signal] = (await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])))) as [
      number | null,
      string | null,
    ];
    expect(out).not.toContain('WROTE-ALL');
    expect(signal).toBe('SIGKILL');
  });

  it('have no room for a fork bomb beyond pids.max', async () => {
    if (typeof group === 'string') throw new Error(group);
    if (group.missing.includes('no pids controller')) return;
    const slot = group.slot('pids', { memoryBytes: 256 * 1024 * 1024, pids: 16 });
    const child = spawn(
      '/usr/bin/perl',
      [
        ENTER,
        ...slot.procsFiles.flatMap((f) => ['--cgroup', f]),
        '--',
        '/bin/sh',
        '-c',
        'n=0; while [ $n -lt 40 ]; do sleep 30 & n=$((n+1)); done; wait',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (!/fork|Resource temporarily unavailable/i.test(err)) await new Promise((r) => setTimeout(r, 20));
    expect(slot.pids().length).toBeLessThanOrEqual(16);
    expect(await slot.kill()).toBe(0);
    await exited;
    expect(err).toMatch(/fork|Resource temporarily unavailable|Cannot/i);
  });
});
