/**
 * The hostile corpus end to end (SECURITY.md, issue 6): every fixture of test/fixtures/hostile/
 * graded by the real CLI under `--isolation strict` (so this fails loudly where strict isolation
 * is missing; CI installs bubblewrap and runs as root), each attack followed by an honest
 * control in the same batch. A canary (a file and an environment variable on the host, and the
 * secret salt, and a key in the grader's session keyring) must appear in no output a student
 * can see. After every run: no process of the run survives, its staging folders are gone, and
 * nothing outside them was written. Budgets scale with a sandboxed interpreter start measured
 * when the file starts, so a loaded machine gets more time instead of a failure.
 * (The same attacks at the uid level: uid-corpus.test.ts.)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionResult } from '../../grader/result.js';
import { controlFor, CORPUS, outcomeAt, timeoutsMs, type Batch } from './corpus.js';
import { mismatches } from './outcome.js';
import { SESSION_KEY_VAR, withSessionKey } from './docker-sim.js';
import {
  assembleBatch,
  budgetMs,
  measureUnitMs,
  caseMessages,
  describeResult,
  filesUnder,
  HOSTILE,
  IS_ROOT,
  occurrences,
  ownedBySandbox,
  plantCanary,
  processesOfRun,
  readResults,
  ROOT,
  runCli,
  sandboxUidProcesses,
  treeDigest,
  uidLocksOf,
  workDir,
  type CliRun,
} from './helpers.js';

interface Run {
  readonly label: string;
  readonly cli: CliRun;
  readonly out: string;
  readonly batch?: string;
  readonly results: Map<string, SubmissionResult>;
  /** Checked right after the CLI exited. */
  readonly leftoverProcesses: ReturnType<typeof processesOfRun>;
  readonly leftoverStaging: string[];
  readonly leftoverLocks: string[];
}

const canary = plantCanary();
const work = workDir('corpus');
const tmp = join(work, 'tmp');
mkdirSync(tmp);
const secretFile = join(work, 'secret.txt');
const salt = `salt-${canary.value}`;
writeFileSync(secretFile, `${salt}\n`);

const pad = (n: number): string => String(n).padStart(2, '0');
/** Student ids: `07a-<attack>` then `07b-<control>`, so each control is graded right after its attack. */
function entriesFor(batch: Batch): [string, string][] {
  // In `neighbours` the first hog starts at the same time as the control after it (--jobs 2).
  const entries: [string, string][] =
    batch === 'neighbours'
      ? []
      : [
          ['00a-control-js', 'control-js'],
          ['00b-control-py', 'control-py'],
          ['00c-control-ts', 'control-ts'],
        ];
  CORPUS.filter((row) => row.batch === batch).forEach((row, i) => {
    entries.push(
      [`${pad(i + 1)}a-${row.fixture}`, row.fixture],
      [`${pad(i + 1)}b-${controlFor(row.fixture)}`, controlFor(row.fixture)],
    );
  });
  return entries;
}
const idOf = (fixture: string): string => {
  const row = CORPUS.find((r) => r.fixture === fixture);
  if (row === undefined) throw new Error(`No corpus row for ${fixture}`);
  const i = CORPUS.filter((r) => r.batch === row.batch).indexOf(row);
  return `${pad(i + 1)}a-${fixture}`;
};
const controlIdOf = (fixture: string): string => idOf(fixture).replace(/a-.*$/, `b-${controlFor(fixture)}`);

/** Folder names that are valid student ids (issue 11): 255 bytes, 30 CJK characters, terminal escapes, a newline. */
export const ODD_NAMES: readonly string[] = [
  'n'.repeat(255),
  '学生の名前は三十文字の漢字で書かれたとても長いフォルダー名で',
  'osc\u001b]52;c;Y29udmdyYWRlIHB3bmVk\u0007\u001b]0;pwned\u0007\u001b[2J\u001b[3Jname',
  'two\nlines\rand a bell\u0007',
];

const runs: Run[] = [];
const before = {
  fixtures: treeDigest(HOSTILE),
  canary: treeDigest(canary.dir),
  batches: new Map<string, string[]>(),
  tmpOwned: ownedBySandbox('/tmp'),
};

// The grader's session keyring holds the canary too, as a CI token would (x86_64 numbers).
const prefix = IS_ROOT && process.arch === 'x64' ? withSessionKey() : [];
const keyEnv = { ...canary.env, [SESSION_KEY_VAR]: canary.value };

async function grade(label: string, entries: [string, string][], flags: readonly string[]): Promise<Run> {
  const batch = assembleBatch(join(work, `batch-${label}`), entries);
  before.batches.set(batch, treeDigest(batch));
  const out = join(work, `out-${label}`);
  const cli = await runCli(['grade', batch, '--secret', secretFile, '--out', out, '--isolation', 'strict', ...flags], {
    env: keyEnv,
    tmp,
    prefix,
  });
  return record(label, cli, out, batch);
}

function record(label: string, cli: CliRun, out: string, batch?: string): Run {
  const run: Run = {
    label,
    cli,
    out,
    ...(batch === undefined ? {} : { batch }),
    results: readResults(out),
    leftoverProcesses: processesOfRun(tmp),
    leftoverStaging: readdirSync(tmp),
    leftoverLocks: uidLocksOf(cli.pid),
  };
  runs.push(run);
  return run;
}

/** The result of `id` in the batch of `fixture`'s row (ids like 01b-control-py recur in every batch). */
const result = (fixture: string, id = idOf(fixture)): SubmissionResult | undefined => {
  const label = CORPUS.find((r) => r.fixture === fixture)?.batch ?? fixture;
  return (
    runs.find((run) => run.label === label)?.results.get(id) ?? runs.find((run) => run.results.has(id))?.results.get(id)
  );
};

const unit = await measureUnitMs();
const TIMEOUT_MS = timeoutsMs(unit);
const batches: Batch[] = ['shared', 'hogs', 'neighbours'];
const submissions = batches.reduce((n, b) => n + entriesFor(b).length, 0) + ODD_NAMES.length + 6;
const spinning = CORPUS.filter((r) => r.batch !== 'shared').length * 6 * Math.max(...Object.values(TIMEOUT_MS));

beforeAll(
  async () => {
    await grade('shared', entriesFor('shared'), ['--jobs', '2', '--timeout-ms', String(TIMEOUT_MS.shared)]);
    await grade('hogs', entriesFor('hogs'), ['--jobs', '1', '--timeout-ms', String(TIMEOUT_MS.hogs)]);
    // Each hog is graded at the same time as the honest control after it.
    await grade('neighbours', entriesFor('neighbours'), ['--jobs', '2', '--timeout-ms', String(TIMEOUT_MS.neighbours)]);
    await grade(
      'names',
      [...ODD_NAMES.map((name): [string, string] => [name, 'control-js']), ['plain', 'control-js']],
      ['--jobs', '2', '--timeout-ms', '4000'],
    );
    await grade(
      'pair',
      [
        ['pair-a', 'pair-a'],
        ['pair-b', 'pair-b'],
      ],
      ['--jobs', '2', '--timeout-ms', '4000'],
    );
    // `check` prints to the terminal: the student's own self-check must not leak either.
    for (const fixture of ['snoop', 'fake-pass-output']) {
      const out = join(work, `check-${fixture}`);
      const path = join(work, 'batch-shared', idOf(fixture));
      const cli = await runCli(
        [
          'check',
          path,
          '--isolation',
          'strict',
          '--report',
          join(out, 'report.html'),
          '--json',
          join(out, 'results', 'check.json'),
          '--timeout-ms',
          '4000',
        ],
        { env: keyEnv, tmp, prefix },
      );
      record(`check-${fixture}`, cli, out);
    }
  },
  budgetMs(unit, submissions, spinning),
);

afterAll(() => {
  canary.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('the hostile corpus under strict isolation', () => {
  it.each(CORPUS)('$row: $fixture scores $score', (row) => {
    const r = result(row.fixture);
    expect(r?.status, describeResult(r)).toBe('graded');
    expect(r?.isolation).toBe('strict');
    expect(mismatches(r, outcomeAt(row, 'strict'))).toEqual([]);
  });

  it.each(CORPUS)('the honest control graded after $fixture gets full marks', (row) => {
    const control = result(row.fixture, controlIdOf(row.fixture));
    expect(control?.status, describeResult(control)).toBe('graded');
    expect(
      control?.score,
      `${describeResult(control)}\n${caseMessages(control)
        .filter((m) => !m.includes('passed:'))
        .join('\n')}`,
    ).toBe(11);
    expect(control?.output?.stdout ?? '').toBe('');
  });

  it('honest JS, Python and TypeScript controls get full marks, also before any attack', () => {
    for (const id of ['00a-control-js', '00b-control-py', '00c-control-ts']) {
      for (const run of runs.filter((r) => r.label === 'shared' || r.label === 'hogs')) {
        const control = run.results.get(id);
        expect(control?.score, `${run.label} ${describeResult(control)}`).toBe(11);
      }
    }
  });

  it('shows hidden cases as status, message and misconception only (S9)', () => {
    for (const run of runs) {
      for (const r of run.results.values()) {
        for (const c of r.questions.flatMap((q) => q.cases)) {
          if (r.variant.visibility !== 'hidden') continue;
          for (const key of ['expected', 'actual', 'inputs']) expect(c).not.toHaveProperty(key);
        }
      }
    }
  });

  it('the fake Gradescope JSON a submission prints does not become its Gradescope score', () => {
    const run = runs.find((r) => r.label === 'shared');
    const gradescope = JSON.parse(
      readFileSync(join(run?.out ?? '', 'gradescope', idOf('fake-pass-output'), 'results.json'), 'utf8'),
    ) as { score: number };
    expect(gradescope.score).toBe(1);
  });

  it('keeps every output small however much a submission prints or answers', () => {
    // Hidden results carry messages only; a public self-check also carries inputs and values.
    for (const run of runs) {
      const cap = run.label.startsWith('check-') ? 2 * 1024 * 1024 : 512 * 1024;
      for (const file of filesUnder(run.out)) expect(statSync(file).size, file).toBeLessThan(cap);
    }
    const loud = result('prints-forever');
    expect(loud?.output?.truncated).toBe(true);
  });
});

describe('the grader survives every attack', () => {
  it('exits 0 with no internal error and grades every submission', () => {
    for (const run of runs.filter((r) => r.batch !== undefined)) {
      expect(run.cli.stderr, run.label).not.toMatch(/internal error|WARNING/i);
      expect(run.cli.status, `${run.label}: ${run.cli.stderr}`).toBe(0);
      expect(run.cli.stdout).toMatch(/with strict isolation/);
      const ids = readdirSync(run.batch ?? '').sort();
      expect([...run.results.keys()].sort()).toEqual(ids);
      for (const r of run.results.values()) {
        expect(r.status, describeResult(r)).toBe('graded');
        expect(r.error).toBeUndefined();
      }
    }
  });

  it('check exits 1 (not every public case passes), never 3', () => {
    for (const run of runs.filter((r) => r.label.startsWith('check-'))) {
      expect(run.cli.status, `${run.label}: ${run.cli.stderr}`).toBe(1);
      expect(run.cli.stderr).not.toMatch(/internal error/i);
      expect(run.cli.stdout).toMatch(/Score: \d+\/11/);
    }
  });
});

describe('the canary', () => {
  it('was really there for the taking on the host', () => {
    for (const file of canary.files) expect(readFileSync(file, 'utf8')).toContain(canary.value);
  });

  it('appears in no output a student can see: JSON, HTML, Gradescope, JUnit, CSV, Markdown, classroom, terminal', () => {
    const files = runs.flatMap((run) => filesUnder(run.out));
    const kinds = new Set(files.map((f) => f.replace(/^.*\.(\w+)$/, '$1')));
    for (const kind of ['json', 'html', 'xml', 'csv', 'md', 'b64']) expect(kinds).toContain(kind);
    const terminal = Object.fromEntries(
      runs.flatMap((run) => [
        [`${run.label} stdout`, run.cli.stdout],
        [`${run.label} stderr`, run.cli.stderr],
      ]),
    );
    for (const needle of [canary.value, salt, canary.dir]) {
      expect(occurrences(needle, files, terminal), needle).toEqual([]);
    }
  });
});

describe('after every hostile run', () => {
  it('no process of the run survives (slot uids included)', () => {
    for (const run of runs) expect(run.leftoverProcesses, run.label).toEqual([]);
    expect(sandboxUidProcesses().filter((p) => p.mounts.includes(tmp))).toEqual([]);
  });

  it('its staging folders and uid leases are gone', () => {
    for (const run of runs) {
      expect(run.leftoverStaging, run.label).toEqual([]);
      expect(run.leftoverLocks, run.label).toEqual([]);
    }
  });

  it('nothing outside the run was written: fixtures, submissions, canary, exercises, /tmp, outputs', () => {
    expect(treeDigest(HOSTILE)).toEqual(before.fixtures);
    for (const [batch, digest] of before.batches) expect(treeDigest(batch), batch).toEqual(digest);
    expect(treeDigest(canary.dir)).toEqual(before.canary);
    expect(ownedBySandbox(join(ROOT, 'exercises'), 6)).toEqual([]);
    expect(ownedBySandbox(join(ROOT, 'test', 'fixtures'), 6)).toEqual([]);
    expect(ownedBySandbox('/tmp').filter((p) => !before.tmpOwned.includes(p))).toEqual([]);
    expect(readdirSync('/tmp').filter((name) => /pwned/i.test(name))).toEqual([]);
    if (IS_ROOT) expect(ownedBySandbox('/root')).toEqual([]);
    for (const run of runs) expect(ownedBySandbox(run.out, 6), run.label).toEqual([]);
  });
});

describe('two submissions graded at the same time', () => {
  it('both score normally, ran concurrently, and neither saw nor signalled the other', () => {
    const a = result('pair-a', 'pair-a');
    const b = result('pair-b', 'pair-b');
    expect(a?.score, describeResult(a)).toBe(11);
    expect(b?.score, describeResult(b)).toBe(11);
    const span = (r: SubmissionResult | undefined): [number, number] => {
      const start = Date.parse(r?.gradedAt ?? '');
      return [start, start + (r?.durationMs ?? 0)];
    };
    const [a0, a1] = span(a);
    const [b0, b1] = span(b);
    expect(a0 < b1 && b0 < a1, 'the pair did not overlap in time').toBe(true);
    const seen = (r: SubmissionResult | undefined): string => `${r?.output?.stdout ?? ''}${r?.output?.stderr ?? ''}`;
    expect(seen(a)).toMatch(/saw nothing of the other/);
    expect(seen(b)).toMatch(/saw nothing of the other/);
    for (const r of [a, b]) expect(seen(r)).not.toContain('SAW-OTHER');
    expect(seen(a)).not.toContain('PAIR-B-MARKER');
    expect(seen(b)).not.toContain('PAIR-A-MARKER');
  });
});

describe('a fork bomb graded at the same time as an honest submission (--jobs 2)', () => {
  it('ran beside its control, and every control of the batch was graded normally', () => {
    const start = (r: SubmissionResult | undefined): number => Date.parse(r?.gradedAt ?? '');
    const end = (r: SubmissionResult | undefined): number => start(r) + (r?.durationMs ?? 0);
    const bomb = result('fork-bomb');
    const control = result('fork-bomb', controlIdOf('fork-bomb'));
    expect(start(bomb) < end(control) && start(control) < end(bomb), 'the fork bomb did not overlap its control').toBe(
      true,
    );
    for (const row of CORPUS.filter((r) => r.batch === 'neighbours')) {
      const honest = result(row.fixture, controlIdOf(row.fixture));
      expect(honest?.score, describeResult(honest)).toBe(11);
    }
  });
});

describe('any folder name is a student id', () => {
  const run = (): Run | undefined => runs.find((r) => r.label === 'names');

  it('grades 255-byte, CJK, escape-sequence and newline names with the id intact, exit 0', () => {
    const names = run();
    expect(names?.cli.status, names?.cli.stderr).toBe(0);
    for (const name of [...ODD_NAMES, 'plain']) {
      const r = names?.results.get(name);
      expect(r?.submission.id, JSON.stringify(name)).toBe(name);
      expect(r?.score, describeResult(r)).toBe(11);
    }
  });

  it('writes file-safe names of at most 255 bytes, and nothing raw on the terminal or in CSV, JUnit and Markdown', () => {
    const names = run();
    for (const file of filesUnder(names?.out ?? '')) {
      for (const part of file.split('/')) expect(Buffer.byteLength(part), file).toBeLessThanOrEqual(255);
    }
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const raw = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
    expect(names?.cli.stdout).not.toMatch(raw);
    expect(names?.cli.stderr).not.toMatch(raw);
    expect(names?.cli.stdout).toContain('osc\\x1b]52;c;Y29udmdyYWRlIHB3bmVk\\x07');
    for (const file of ['grades.csv', 'junit.xml', 'summary.md']) {
      expect(readFileSync(join(names?.out ?? '', file), 'utf8'), file).not.toMatch(raw);
    }
  });
});
