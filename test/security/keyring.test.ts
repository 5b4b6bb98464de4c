/**
 * A key in the grader's session keyring (where a CI token or a Kerberos ticket would be) is
 * readable by a child that keeps that keyring: under basic isolation the keyring-read fixture
 * prints it, which proves the key is really there. Strict isolation gives the sandbox a fresh
 * anonymous session keyring and a seccomp filter without keyctl, so the same fixture finds
 * nothing; its add_key is refused too, so nothing persists for the next run on the same uid.
 * (The uid level, where Docker's profile blocks keyctl for the grader too: uid-corpus.test.ts.)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { detectIsolation } from '../../grader/run/index.js';
import { SESSION_KEY_VAR, withSessionKey } from './docker-sim.js';
import { HOSTILE, IS_ROOT, readResults, runCli, workDir } from './helpers.js';

const strict = (await detectIsolation({ isolation: 'auto' })).level === 'strict';
const work = workDir('keyring');
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function keyringRead(isolation: 'basic' | 'strict', payload: string): Promise<string> {
  const out = join(work, isolation);
  const run = await runCli(
    [
      'grade',
      join(HOSTILE, 'keyring-read'),
      '--public',
      '--out',
      out,
      '--isolation',
      isolation,
      '--timeout-ms',
      '4000',
    ],
    { prefix: withSessionKey(), env: { [SESSION_KEY_VAR]: payload } },
  );
  expect(run.status, run.stderr).toBe(0);
  const result = readResults(out).get('keyring-read');
  return `${result?.output?.stdout ?? ''}${result?.output?.stderr ?? ''}`;
}

describe.skipIf(!IS_ROOT || process.arch !== 'x64')('the grader’s session keyring', () => {
  it('is readable by a child that keeps it (basic isolation): the key is really there', async () => {
    const payload = `KEY-${randomBytes(8).toString('hex')}`;
    const printed = await keyringRead('basic', payload);
    expect(printed).toMatch(/keyctl search: \d+/);
    expect(printed).toContain(`LOOT: b'${payload}'`);
  });

  it.runIf(strict)('is out of reach of a strict sandbox: a fresh keyring, no keyctl, no add_key', async () => {
    const payload = `KEY-${randomBytes(8).toString('hex')}`;
    const printed = await keyringRead('strict', payload);
    expect(printed).not.toContain(payload);
    expect(printed).toMatch(/keyctl search: Operation not permitted/);
    expect(printed).toMatch(/add_key: Operation not permitted/);
    // /proc/keys lists what the process may view: only its own new, empty session keyring.
    expect(printed).toMatch(/\/proc\/keys: [0-9a-f]+ [^|]*keyring +_ses: empty \| $/m);
    expect(printed).not.toContain('convgrade-ci-token');
  });
});
