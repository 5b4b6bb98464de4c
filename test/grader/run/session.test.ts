/**
 * grader/run/session.ts on a stand-in process (streams only, no sandbox): output that passes the
 * limit after a reply was read, while no request is outstanding, kills the sandbox, and the next
 * request is told it was a flood, not an exit of unknown status (a call's print can still be in
 * the pipes when its reply arrives).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExitStatus, Launched } from '../../../grader/run/launch.js';
import { KILL_BYTES, OutputCapture } from '../../../grader/run/output.js';
import { RelaySession } from '../../../grader/run/session.js';

function standIn(): Launched & { killed: number; stdout: PassThrough; stderr: PassThrough } {
  let settle: (status: ExitStatus) => void = () => undefined;
  const exited = new Promise<ExitStatus>((resolve) => (settle = resolve));
  const proc = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    answers: new PassThrough(),
    exited,
    spawnError: () => undefined,
    killed: 0,
    kill(): void {
      proc.killed++;
      settle({ code: null, signal: 'SIGKILL' });
    },
  };
  return proc;
}

describe('RelaySession', () => {
  it('reports output past the limit between requests as a flood at the next request', async () => {
    const proc = standIn();
    const session = new RelaySession(proc, new OutputCapture());
    proc.stdout.write(Buffer.alloc(KILL_BYTES + 1, 'x'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(proc.killed).toBe(1);
    await expect(session.request((id) => `{"id":"${id}"}\n`, 1000)).resolves.toEqual({ kind: 'overflow' });
  });

  it('still reports an exit while idle as an exit', async () => {
    const proc = standIn();
    const session = new RelaySession(proc, new OutputCapture());
    session.kill();
    const outcome = await session.request((id) => `{"id":"${id}"}\n`, 1000);
    expect(outcome.kind).toBe('exited');
  });

  it('reports a flood during a request as that request’s flood', async () => {
    const proc = standIn();
    const session = new RelaySession(proc, new OutputCapture());
    const pending = session.request((id) => `{"id":"${id}"}\n`, 5000);
    proc.stderr.write(Buffer.alloc(KILL_BYTES + 1, 'y'));
    await expect(pending).resolves.toEqual({ kind: 'overflow' });
  });
});
