/**
 * `convgrade regrade`: stored results from a real grade run, edited the way a spec change, a
 * harness upgrade or a nondeterminism bug would leave them, are regraded; every changed score is
 * listed with the right reason, unchanged students are not, and --dry-run writes nothing.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeCommand } from '../../cli/commands/grade.js';
import { reasonFor, regradeCommand, type RegradeFlags } from '../../cli/commands/regrade.js';
import type { SubmissionResult } from '../../grader/result.js';
import { UsageError } from '../../grader/errors.js';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-regrade-'));
const oldOut = join(work, 'old');
const env = {};
const base = { isolation: 'auto', quiet: true, jobs: '2' } as const;
afterAll(() => rmSync(work, { recursive: true, force: true }));

function edit(id: string, change: (r: Record<string, Record<string, unknown>>) => void): void {
  const path = join(oldOut, 'results', `${id}.json`);
  const result = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
  change(result);
  writeFileSync(path, JSON.stringify(result, null, 2));
}

beforeAll(async () => {
  for (const id of ['alice', 'grace', 'ivan', 'carol'])
    cpSync(join(repo, 'examples/sample-class', id), join(work, 'class', id), { recursive: true });
  const code = await gradeCommand(
    [join(work, 'class')],
    { ...base, exercise: 'ex9-convolution', out: oldOut, public: true, format: 'json', resume: false },
    env,
  );
  expect(code).toBe(0);
  edit('alice', (r) => {
    (r as Record<string, unknown>)['score'] = 5;
    (r['exercise'] as Record<string, unknown>)['specSha256'] = 'f'.repeat(64);
  });
  edit('grace', (r) => {
    (r as Record<string, unknown>)['score'] = 1;
    (r['harness'] as Record<string, unknown>)['version'] = '0.0.1';
  });
  edit('ivan', (r) => ((r as Record<string, unknown>)['score'] = 2));
});

describe('convgrade regrade', () => {
  it('lists each changed score with old, new and the reason, and writes the new outputs', async () => {
    const out = join(work, 'new');
    const report = await regradeCommand(oldOut, { ...base, out } as RegradeFlags, { env });
    expect(report.regraded).toBe(4);
    expect(report.changes).toEqual([
      {
        id: 'alice',
        old: '5',
        new: '11',
        reason: expect.stringMatching(/^spec changed \(ffffffffffff → [0-9a-f]{12}\)$/) as unknown,
      },
      {
        id: 'grace',
        old: '1',
        new: expect.stringMatching(/^\d/) as unknown,
        reason: expect.stringMatching(/^harness changed \(0\.0\.1 → \d+\.\d+\.\d+\)$/) as unknown,
      },
      {
        id: 'ivan',
        old: '2',
        new: expect.stringMatching(/^\d/) as unknown,
        reason: expect.stringMatching(/^same spec, harness, files and secret: a nondeterminism bug/) as unknown,
      },
    ]);
    expect(report.text).toMatch(/^alice +5 +11 +spec changed/m);
    expect(report.text).not.toMatch(/^carol/m);
    expect(readFileSync(join(out, 'regrade.csv'), 'utf8').split('\n')[0]).toBe('student,old,new,reason');
    expect(readdirSync(join(out, 'results')).sort()).toEqual(['alice.json', 'carol.json', 'grace.json', 'ivan.json']);
    expect(existsSync(join(out, 'summary.html'))).toBe(true);
  });

  it('--dry-run grades and reports but writes nothing', async () => {
    const out = join(work, 'dry');
    const report = await regradeCommand(oldOut, { ...base, out, dryRun: true } as RegradeFlags, { env });
    expect(report.changes.map((c) => c.id)).toEqual(['alice', 'grace', 'ivan']);
    expect(report.text).toMatch(/Dry run: nothing written\.$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('says which submissions are gone instead of failing', async () => {
    rmSync(join(work, 'class', 'carol'), { recursive: true });
    const report = await regradeCommand(oldOut, { ...base, dryRun: true } as RegradeFlags, { env });
    expect(report.changes.find((c) => c.id === 'carol')).toEqual({
      id: 'carol',
      old: expect.any(String) as unknown,
      new: 'missing',
      reason: expect.stringMatching(/no longer at .*carol$/) as unknown,
    });
  });

  it('refuses a visibility or folder that does not match the old run', async () => {
    const run = (flags: Partial<RegradeFlags>): Promise<unknown> =>
      regradeCommand(oldOut, { ...base, ...flags } as RegradeFlags, { env });
    await expect(run({ dryRun: true, secret: join(repo, 'examples/demo-secret.txt') })).rejects.toThrow(
      'was graded on public variants: pass --public, not --secret',
    );
    await expect(run({ out: oldOut })).rejects.toThrow(UsageError);
    await expect(run({})).rejects.toThrow('regrade needs --out DIR (or --dry-run to write nothing)');
    await expect(run({ dryRun: true, exercise: 'ex9-extended' })).rejects.toThrow(
      '"alice" was graded on ex9-convolution, not ex9-extended',
    );
  });
});

describe('reasonFor', () => {
  const result = (saltFingerprint?: string): SubmissionResult =>
    ({
      exercise: { specSha256: 'a'.repeat(64) },
      harness: { version: '1.0.0' },
      submission: { sha256: 'b'.repeat(64) },
      variant: saltFingerprint === undefined ? {} : { saltFingerprint },
    }) as unknown as SubmissionResult;

  it('names a different secret when the salt fingerprints differ', () => {
    expect(reasonFor(result('0123456789abcdef'), result('fedcba9876543210'))).toBe(
      'a different secret than the old run (other cases)',
    );
  });

  it('cannot tell the secret apart for results stored before fingerprints', () => {
    expect(reasonFor(result(), result('fedcba9876543210'))).toMatch(
      /nondeterminism bug \(please report it\) or a different secret/,
    );
  });
});
