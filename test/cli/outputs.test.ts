/**
 * Reading stored results back: a valid one round-trips, an invalid one is refused with its problems
 * named. Writing them: a student whose files cannot be written becomes ungradable, never exit 3 (S10).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFormats, readResultFile, serializeResult, writeSubmissionOutputsOrMark } from '../../cli/outputs.js';
import { UsageError } from '../../grader/errors.js';
import { loadResult } from '../reports/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'convgrade-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readResultFile', () => {
  it('reads back what serializeResult wrote', () => {
    const bob = loadResult('bob-q5-flipped');
    writeFileSync(join(dir, 'bob.json'), serializeResult(bob));
    expect(readResultFile(join(dir, 'bob.json'))).toEqual(bob);
  });

  it('refuses a result that breaks the schema and says where', () => {
    const { score: _score, ...broken } = loadResult('bob-q5-flipped');
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
    expect(() => readResultFile(join(dir, 'broken.json'))).toThrow(UsageError);
    expect(() => readResultFile(join(dir, 'broken.json'))).toThrow(/is not a valid convgrade result: .*score/);
  });
});

describe('one student’s outputs cannot be written', () => {
  it('makes that student ungradable with the reason, writes what it can, and does not throw', async () => {
    const out = join(dir, 'blocked');
    const bob = loadResult('bob-q5-flipped');
    // A non-empty folder where bob's result file goes: the rename over it fails.
    mkdirSync(join(out, 'results', `${bob.submission.id}.json`, 'x'), { recursive: true });
    const recorded = await writeSubmissionOutputsOrMark(out, bob, parseFormats('json,html'));
    expect(recorded.status).toBe('ungradable');
    expect(recorded.score).toBe(0);
    expect(recorded.error).toMatch(
      /^Internal error while writing this submission's outputs .*: E(ISDIR|NOTEMPTY|EXIST)/,
    );
    expect(existsSync(join(out, 'reports', `${bob.submission.id}.html`))).toBe(true);
  });

  it('in a batch: the others are graded, the gradebook lists it ungradable, exit 0', () => {
    const batch = join(dir, 'batch');
    for (const id of ['ann', 'ben'])
      cpSync(join(ROOT, 'test', 'fixtures', 'hostile', 'control-js'), join(batch, id), { recursive: true });
    const out = join(dir, 'batch-out');
    mkdirSync(join(out, 'results', 'ben.json', 'x'), { recursive: true });
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'convgrade.js'),
        'grade',
        batch,
        '--public',
        '--out',
        out,
        '--isolation',
        'basic',
        '--timeout-ms',
        '4000',
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ben {2}UNGRADABLE {2}Internal error while writing this submission's outputs/m);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toMatch(/^ann,11,11,.*,graded\r$/m);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toMatch(/^ben,0,11,.*,ungradable\r$/m);
  });
});
