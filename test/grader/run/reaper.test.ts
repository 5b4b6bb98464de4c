import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pidsOfUid, reapUid } from '../../../grader/run/reaper.js';
import { findExecutable } from '../../../grader/run/isolation.js';

const UID = 61000 + 9;
const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : undefined;

describe.skipIf(process.getuid?.() !== 0 || setpriv === undefined)('reapUid', () => {
  it('kills a process of the slot uid that outlived its run, and counts it', async () => {
    const child = spawn(
      setpriv ?? 'setpriv',
      [`--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', '--', '/usr/bin/sleep', '30'],
      { stdio: 'ignore', detached: true },
    );
    child.unref();
    for (let i = 0; i < 50 && (await pidsOfUid(UID)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await pidsOfUid(UID)).toHaveLength(1);
    expect(await reapUid(UID, 100)).toBe(1);
    expect(await pidsOfUid(UID)).toEqual([]);
    expect(await reapUid(UID, 100)).toBe(0);
  });
});
