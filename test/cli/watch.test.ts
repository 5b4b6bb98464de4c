/**
 * `check --watch`: the watcher in-process with a counting run (debounce, the filter, no
 * overlapping runs, errors reported, stop), and once end to end: the built CLI re-checks after a
 * save and exits 0 on SIGINT.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initCommand } from '../../cli/commands/init.js';
import { watchCheck } from '../../cli/watch.js';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-watch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

function startWatch(dir: string, run: () => Promise<number>): { stop: () => Promise<number>; out: () => string } {
  let text = '';
  const controller = new AbortController();
  const done = watchCheck({ path: dir, run, debounceMs: 50, write: (t) => (text += t), signal: controller.signal });
  return { stop: () => (controller.abort(), done), out: () => text };
}

describe('watchCheck', () => {
  it('runs once at start, once per burst of saves, and ignores other files', async () => {
    const dir = mkdtempSync(join(work, 'burst-'));
    writeFileSync(join(dir, 'solution.ts'), '');
    let runs = 0;
    const w = startWatch(dir, async () => ++runs && 1);
    await until(() => runs === 1 && w.out().includes('watching'), 'the first run');
    for (let k = 0; k < 5; k++) writeFileSync(join(dir, 'solution.ts'), `// ${k}`);
    await until(() => runs === 2, 'the run after a burst');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, 'solution.py.bak'), 'x');
    await sleep(300);
    expect(runs).toBe(2);
    writeFileSync(join(dir, 'answers.yaml'), 'q4: a\n');
    await until(() => runs === 3, 'the run after answers.yaml changed');
    expect(await w.stop()).toBe(0);
    expect(w.out()).toMatch(/some public cases fail; watching .* \(Ctrl-C to stop\)/);
  });

  it('never overlaps runs: a save during a run queues exactly one more', async () => {
    const dir = mkdtempSync(join(work, 'overlap-'));
    let active = 0;
    let most = 0;
    let runs = 0;
    const w = startWatch(dir, async () => {
      runs += 1;
      most = Math.max(most, ++active);
      await sleep(runs === 1 ? 1000 : 50); // every save below lands during the first run
      active -= 1;
      return 0;
    });
    await until(() => runs === 1, 'the first run');
    for (let k = 0; k < 3; k++) {
      writeFileSync(join(dir, 'solution.py'), `# ${k}`);
      await sleep(80);
    }
    await until(() => runs === 2 && active === 0, 'one queued run');
    await sleep(300);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    expect(await w.stop()).toBe(0);
  });

  it('reports a failing run and keeps watching', async () => {
    const dir = mkdtempSync(join(work, 'error-'));
    let runs = 0;
    const w = startWatch(dir, () => (++runs === 1 ? Promise.reject(new Error('Spec went bad')) : Promise.resolve(0)));
    await until(() => w.out().includes('the check could not run'), 'the error');
    expect(w.out()).toMatch(/^convgrade: Spec went bad$/m);
    writeFileSync(join(dir, 'solution.mjs'), '');
    await until(() => w.out().includes('all public cases pass'), 'the next run');
    expect(await w.stop()).toBe(0);
  });
});

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('convgrade check --watch', () => {
  it('re-checks after a save and exits 0 on Ctrl-C', async () => {
    const dir = join(work, 'student');
    initCommand({ lang: 'ts', exercise: 'ex9-convolution', dir });
    const child = spawn(
      process.execPath,
      [
        join(repo, 'bin/convgrade.js'),
        'check',
        dir,
        '--watch',
        '--isolation',
        'basic',
        '--report',
        join(work, 'r.html'),
      ],
      { cwd: work },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(() => /Score: 0\/11[\s\S]*watching/.test(out), 'the first check');
    writeFileSync(join(dir, 'answers.yaml'), 'q4: d\n');
    await until(() => (out.match(/watching/g) ?? []).length === 2, 'the second check');
    expect(out.match(/Score: /g)?.length).toBe(2);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
