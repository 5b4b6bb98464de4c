/** Reading stored results back: a valid one round-trips, an invalid one is refused with its problems named. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile, serializeResult } from '../../cli/outputs.js';
import { UsageError } from '../../grader/errors.js';
import { loadResult } from '../reports/helpers.js';

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
