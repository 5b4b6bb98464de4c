/**
 * S7: intake and discovery take whatever a class hands in. Odd and unicode names, empty files,
 * a 50 MB file, symlinks (to files, folders, nowhere, themselves), FIFOs and a folder named
 * solution.py must each become a value (a graded or refused submission), never a harness crash
 * (exit 3) and never a hang: a FIFO is never opened.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSubmissions, fileSafeId } from '../../grader/discover.js';
import { UsageError } from '../../grader/errors.js';
import { intakeSubmission, type Intake } from '../../grader/run/index.js';
import { filesUnder, HOSTILE, readResults, runCli, workDir } from './helpers.js';

const work = workDir('intake');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Intake under a watchdog: a hang (a FIFO opened for reading) fails the test instead of stalling it. */
async function intakeWithin(path: string, ms = 5000): Promise<Intake> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`intake of ${path} hung`)), ms)),
  );
  try {
    return await Promise.race([intakeSubmission(path), watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

const mkfifo = (path: string): void => void execFileSync('mkfifo', [path]);

/** Names a class might hand in: unicode, control characters, bidi overrides, dots, dashes, long. */
const oddName = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }),
    fc.constantFrom(
      '-rf',
      '--help',
      '.hidden',
      '..x',
      ' space ',
      'tab\tname',
      'new\nline',
      '\u202eevil.py',
      'é'.normalize('NFD'),
      '💥',
      'a'.repeat(200),
      'solution.py',
      'answers.yaml',
      'CON',
      'x%2F..',
    ),
  )
  .filter(
    (name) =>
      name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && Buffer.byteLength(name) <= 255,
  );

/** What a file entry can be. */
const content = fc.oneof(
  fc.constant(''),
  fc.constant('\uFEFF'),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.constant('def feature_map_size(cfg):\n    return {"HF": 1, "WF": 1, "CF": 1}\n'),
);
type Kind = 'file' | 'fifo' | 'dir' | 'symlink-file' | 'symlink-dir' | 'symlink-dangling' | 'symlink-loop';
const kind = fc.constantFrom<Kind>(
  'file',
  'file',
  'file',
  'fifo',
  'dir',
  'symlink-file',
  'symlink-dir',
  'symlink-dangling',
  'symlink-loop',
);
const entryName = fc.oneof(
  fc.constantFrom(
    'solution.py',
    'solution.ts',
    'solution.js',
    'solution.mjs',
    'answers.yaml',
    'answers.yml',
    'Solution.py',
    'solution.PY',
  ),
  oddName,
);

let counter = 0;
function make(path: string, what: Kind, data: string | Buffer): void {
  switch (what) {
    case 'file':
      writeFileSync(path, data);
      break;
    case 'fifo':
      mkfifo(path);
      break;
    case 'dir':
      mkdirSync(path);
      break;
    case 'symlink-file':
      symlinkSync(join(HOSTILE, 'control-py', 'solution.py'), path);
      break;
    case 'symlink-dir':
      symlinkSync(join(HOSTILE, 'control-py'), path);
      break;
    case 'symlink-dangling':
      symlinkSync('/nonexistent/solution.py', path);
      break;
    case 'symlink-loop':
      symlinkSync(path, path);
      break;
  }
}

describe('intake under fuzzing', () => {
  it('turns any folder of odd entries into an Intake value, quickly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(entryName, kind, content), { maxLength: 5, selector: ([name]) => name }),
        async (entries) => {
          const dir = join(work, `fuzz-${counter++}`);
          mkdirSync(dir);
          for (const [name, what, data] of entries) make(join(dir, name), what, data);
          const intake = await intakeWithin(dir);
          expect(typeof intake.ok).toBe('boolean');
          if (!intake.ok) expect(intake.reason.length).toBeGreaterThan(0);
          let found: ReturnType<typeof discoverSubmissions> = [];
          try {
            found = discoverSubmissions([dir]);
          } catch (error: unknown) {
            // Two entries with one student id ("a.py" and "a.ts") are a usage error (exit 2), not a crash.
            if (!(error instanceof UsageError)) throw error;
          }
          for (const sub of found) expect(fileSafeId(sub.id)).not.toMatch(/[/\\]|^\.\.?$/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses FIFOs without opening them, whatever they are named', async () => {
    const dir = join(work, 'fifos');
    mkdirSync(dir);
    for (const name of ['solution.py', 'answers.yaml']) {
      const sub = join(dir, name.replace('.', '-'));
      mkdirSync(sub);
      mkfifo(join(sub, name));
      expect(await intakeWithin(sub)).toEqual({ ok: false, reason: `${name} is not a regular file` });
    }
    mkfifo(join(dir, 'alone.py'));
    expect(await intakeWithin(join(dir, 'alone.py'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is not a regular file or folder/),
    });
  });

  it('refuses a 50 MB solution by its size without reading it', async () => {
    const dir = join(work, 'big');
    mkdirSync(dir);
    writeFileSync(join(dir, 'solution.py'), '');
    truncateSync(join(dir, 'solution.py'), 50 * 1024 * 1024);
    const started = performance.now();
    expect(await intakeWithin(dir)).toEqual({
      ok: false,
      reason: `solution.py is ${50 * 1024 * 1024} bytes; the limit is 1048576`,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses symlinks and a folder named solution.py', async () => {
    const cases: [Kind, RegExp][] = [
      ['symlink-file', /solution\.py is a symbolic link/],
      ['symlink-dangling', /solution\.py is a symbolic link/],
      ['symlink-loop', /solution\.py is a symbolic link/],
      ['dir', /solution\.py is not a regular file/],
    ];
    for (const [what, reason] of cases) {
      const dir = join(work, `one-${what}`);
      mkdirSync(dir);
      make(join(dir, 'solution.py'), what, '');
      const intake = await intakeWithin(dir);
      expect(intake.ok).toBe(false);
      if (!intake.ok) expect(intake.reason).toMatch(reason);
    }
  });
});

describe('grade and check on a class of odd entries', () => {
  const batch = join(work, 'class');
  const entries = [
    'ünïcødé',
    '💥',
    '-rf',
    'new\nline',
    '\u202eevil',
    'empty',
    'big',
    'fifo-inside',
    'dir-named-solution',
    'link-loop',
    'dangling',
  ];

  it('exits 0 (never 3, never hangs) and gives every entry a result', async () => {
    mkdirSync(batch);
    for (const name of entries.slice(0, 5)) {
      mkdirSync(join(batch, name));
      writeFileSync(
        join(batch, name, 'solution.py'),
        'def feature_map_size(cfg):\n    return {"HF": 1, "WF": 1, "CF": 1}\n',
      );
    }
    mkdirSync(join(batch, 'empty'));
    writeFileSync(join(batch, 'empty', 'solution.ts'), '');
    mkdirSync(join(batch, 'big'));
    writeFileSync(join(batch, 'big', 'solution.py'), '');
    truncateSync(join(batch, 'big', 'solution.py'), 50 * 1024 * 1024);
    mkdirSync(join(batch, 'fifo-inside'));
    mkfifo(join(batch, 'fifo-inside', 'solution.py'));
    mkdirSync(join(batch, 'dir-named-solution'));
    mkdirSync(join(batch, 'dir-named-solution', 'solution.py'));
    symlinkSync(join(batch, 'link-loop'), join(batch, 'link-loop'));
    symlinkSync('/nonexistent', join(batch, 'dangling'));
    mkfifo(join(batch, 'loose-fifo.py'));

    const out = join(work, 'class-out');
    const run = await runCli([
      'grade',
      batch,
      '--public',
      '--out',
      out,
      '--isolation',
      'strict',
      '--jobs',
      '2',
      '--timeout-ms',
      '4000',
    ]);
    expect(run.stderr).not.toMatch(/internal error/i);
    expect(run.status, run.stderr).toBe(0);
    const results = readResults(out);
    expect([...results.keys()].sort()).toEqual([...entries, 'loose-fifo'].sort());
    for (const r of results.values()) expect(r.status, r.submission.id).toBe('graded');
    expect(results.get('big')?.questions[0]?.cases[0]?.message).toMatch(
      /solution\.py is 52428800 bytes; the limit is 1048576/,
    );
    expect(results.get('fifo-inside')?.questions[0]?.cases[0]?.message).toMatch(/solution\.py is not a regular file/);
    expect(results.get('loose-fifo')?.questions[0]?.cases[0]?.message).toMatch(/is not a regular file or folder/);
    // Every file name the outputs used is a safe one.
    for (const file of filesUnder(out)) expect(file.slice(out.length)).not.toMatch(/\.\.\/|\n|\u202e/);
  }, 90_000);

  it('check exits 1 for each kind of refused submission, never 3', async () => {
    for (const name of ['big', 'fifo-inside', 'dir-named-solution', 'empty']) {
      const run = await runCli([
        'check',
        join(batch, name),
        '--isolation',
        'strict',
        '--report',
        join(work, `check-${name}.html`),
        '--timeout-ms',
        '4000',
      ]);
      expect(run.stderr, name).not.toMatch(/internal error/i);
      expect(run.status, `${name}: ${run.stderr}`).toBe(1);
    }
  }, 60_000);
});
