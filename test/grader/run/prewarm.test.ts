/**
 * A sandbox started from a submission's file names before intake (grader/run/prewarm.ts): taken
 * by the next run on its slot when it is exactly that run's sandbox, discarded otherwise, and
 * never left behind.
 *
 * Which process answered is told by the module itself: it returns its process's uptime, so the
 * process started at `now - uptime`. A sandbox the run started itself began after the run was
 * called; a prewarmed one before (the test waits a second between the two, fifty times what
 * starting the chain takes).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  discardPrewarmed,
  intakeSubmission,
  prewarmSandbox,
  runSubmission,
  type RunOptions,
} from '../../../grader/run/index.js';
import { peekSolution } from '../../../grader/run/intake.js';
import { createStage, placeModule, removeStage } from '../../../grader/run/stage.js';
import { LEVELS, value } from './helpers.js';

const SLOT = 5;
const MODULE = 'export function uptime() { return process.uptime(); }\nexport function add(a, b) { return a + b; }\n';
const COMMONJS_MODULE = 'module.exports = { uptime() { return process.uptime(); }, add(a, b) { return a + b; } };\n';
const TS_MODULE =
  'export function uptime(): number { return process.uptime(); }\nexport function add(a: number, b: number): number { return a + b; }\n';

let work: string;
let stagingDir: string;
const savedTmp = process.env['TMPDIR'];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'convgrade-prewarm-test-'));
  // Every stage of this test file (its own process) goes here, so that leftovers can be counted.
  stagingDir = join(work, 'staging');
  mkdirSync(stagingDir, { mode: 0o755 });
  process.env['TMPDIR'] = stagingDir;
});

afterAll(async () => {
  await discardPrewarmed();
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  rmSync(work, { recursive: true, force: true });
});

beforeEach(async () => {
  await discardPrewarmed();
});

function submission(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const stages = (): string[] => readdirSync(stagingDir).filter((name) => name.startsWith('convgrade-'));

/** Runs the submission at `dir`; whether the process that answered started before the run was called. */
async function run(dir: string, options: Partial<RunOptions> & Pick<RunOptions, 'isolation'>) {
  const intake = await intakeSubmission(dir);
  if (!intake.ok) throw new Error(intake.reason);
  const called = performance.now();
  const report = await runSubmission(
    intake.staged,
    [
      { fn: 'add', args: [2, 3] },
      { fn: 'uptime', args: [] },
    ],
    { timeoutMsPerCall: 10_000, slot: SLOT, ...options },
  );
  const answered = performance.now();
  expect(value(report.answers[0])).toBe(5);
  const uptimeMs = (value(report.answers[1]) as number) * 1000;
  return { report, startedBeforeTheRun: answered - uptimeMs < called };
}

describe('peekSolution', () => {
  it('names the module intake would stage, from file names alone (an ES module converted to CommonJS)', () => {
    expect(peekSolution(submission('peek-ts', { 'solution.ts': '', 'answers.yaml': '' }))).toEqual({
      language: 'ts',
      moduleName: 'solution.cjs',
    });
    expect(peekSolution(submission('peek-js', { 'solution.js': '' }))).toEqual({
      language: 'js',
      moduleName: 'solution.cjs',
    });
    expect(peekSolution(submission('peek-mjs', { 'solution.mjs': '' }))).toEqual({
      language: 'js',
      moduleName: 'solution.cjs',
    });
    expect(peekSolution(submission('peek-nb', { 'solution.ipynb': '{}' }))).toEqual({
      language: 'py',
      moduleName: 'solution.py',
    });
    const file = join(submission('peek-file', { 'mine.ts': '' }), 'mine.ts');
    expect(peekSolution(file)).toEqual({ language: 'ts', moduleName: 'solution.cjs' });
  });

  it('says nothing where intake stages no module or refuses the folder', () => {
    expect(peekSolution(submission('peek-answers', { 'answers.yaml': '' }))).toBeUndefined();
    expect(peekSolution(submission('peek-two', { 'solution.ts': '', 'solution.py': '' }))).toBeUndefined();
    expect(peekSolution(submission('peek-case', { 'Solution.ts': '' }))).toBeUndefined();
    expect(peekSolution(join(work, 'no-such-folder'))).toBeUndefined();
  });
});

describe('placeModule', () => {
  it('gives a module written later the modes createStage gives it', async () => {
    const owners = process.getuid?.() === 0 ? [undefined, 61_999] : [undefined];
    for (const owner of owners) {
      const later = await createStage('js', { name: 'solution.mjs' }, owner);
      const now = await createStage('js', { name: 'solution.mjs', code: MODULE }, owner);
      try {
        expect(readdirSync(later.subDir)).toEqual([]);
        placeModule(later, MODULE, owner);
        for (const path of ['sub', 'sub/solution.mjs', 'runner', 'runner/relay.cjs']) {
          const [a, b] = [statSync(join(later.root, path)), statSync(join(now.root, path))];
          expect([a.mode, a.uid, a.gid], `${path} (owner ${owner})`).toEqual([b.mode, b.uid, b.gid]);
        }
        expect(readFileSync(join(later.subDir, 'solution.mjs'), 'utf8')).toBe(MODULE);
        // Written once: a second module for the same stage is refused.
        expect(() => placeModule(later, MODULE, owner)).toThrow();
      } finally {
        await removeStage(later.root);
        await removeStage(now.root);
      }
    }
  });
});

describe.each(LEVELS)('a prewarmed sandbox, %s isolation', (isolation) => {
  it('is taken by the next run on its slot, which writes the module into it', async () => {
    const dir = submission(`taken-${isolation}`, { 'solution.ts': TS_MODULE });
    await prewarmSandbox(dir, { isolation, slot: SLOT });
    expect(stages()).toHaveLength(1);
    await sleep(1000);
    const { report, startedBeforeTheRun } = await run(dir, { isolation });
    expect(startedBeforeTheRun).toBe(true);
    expect(report.sandboxes).toBe(1);
    expect(report.isolation).toBe(isolation);
    expect([...(report.exports ?? [])].sort()).toEqual(['add', 'uptime']);
    expect(stages()).toEqual([]);
  });

  it('is not there for a run without one: the method tells a fresh sandbox apart', async () => {
    const dir = submission(`fresh-${isolation}`, { 'solution.mjs': MODULE });
    await sleep(1000);
    const { startedBeforeTheRun } = await run(dir, { isolation });
    expect(startedBeforeTheRun).toBe(false);
  });

  it('is discarded when the run needs another sandbox: other limits (strict), another module name', async () => {
    const mjs = submission(`other-${isolation}`, { 'solution.mjs': MODULE });
    const js = submission(`other-js-${isolation}`, { 'solution.js': COMMONJS_MODULE });
    // Another budget is another CPU rlimit (prlimit) in a sandbox: not the same command line.
    // Basic isolation sets no rlimit, so there the sandbox is the same and is taken.
    await prewarmSandbox(mjs, { isolation, slot: SLOT, budgetMs: 60_000 });
    await sleep(1000);
    const longer = await run(mjs, { isolation, budgetMs: 120_000 });
    expect(longer.startedBeforeTheRun).toBe(isolation === 'basic');
    expect(stages()).toEqual([]);
    // Intake stages a CommonJS solution.js as written where the names alone promised an ES module (solution.cjs).
    await prewarmSandbox(mjs, { isolation, slot: SLOT });
    await sleep(1000);
    const other = await run(js, { isolation });
    expect(other.startedBeforeTheRun).toBe(false);
    expect(stages()).toEqual([]);
  });

  it('is discarded by discardPrewarmed, and a second prewarm on the slot replaces the first', async () => {
    const dir = submission(`discard-${isolation}`, { 'solution.mjs': MODULE });
    await prewarmSandbox(dir, { isolation, slot: SLOT });
    await prewarmSandbox(dir, { isolation, slot: SLOT });
    expect(stages()).toHaveLength(1);
    await discardPrewarmed();
    expect(stages()).toEqual([]);
    // Nothing for a Python solution (the zygote's business) or a folder with no solution.
    await prewarmSandbox(submission(`py-${isolation}`, { 'solution.py': 'def add(a, b):\n    return a + b\n' }), {
      isolation,
      slot: SLOT,
    });
    await prewarmSandbox(submission(`none-${isolation}`, { 'answers.yaml': 'q1: 1\n' }), { isolation, slot: SLOT + 1 });
    expect(stages()).toEqual([]);
  });
});
