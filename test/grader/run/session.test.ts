/**
 * grader/run/session.ts on a stand-in process (streams only, no sandbox): output that passes the
 * limit after a reply was read, while no request is outstanding, kills the sandbox, and the next
 * request is told it was a flood, not an exit of unknown status (a call's print can still be in
 * the pipes when its reply arrives). An exit is reported only once stdout and stderr have been read
 * to their end, so that a crash message can quote the last stderr line.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExitStatus, Launched } from '../../../grader/run/launch.js';
import { KILL_BYTES, OutputCapture } from '../../../grader/run/output.js';
import { RelaySession } from '../../../grader/run/session.js';

function standIn(): Launched & {
  killed: number;
  stdout: PassThrough;
  stderr: PassThrough;
  answers: PassThrough;
  settle: (status: ExitStatus) => void;
} {
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
    settle: (status: ExitStatus) => settle(status),
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

  it('reports an exit after the last stderr bytes are read, even when they come after the exit event', async () => {
    const proc = standIn();
    const capture = new OutputCapture();
    const session = new RelaySession(proc, capture);
    // What the runner does with the outcome: quote the last stderr line read by then.
    const pending = session
      .request((id) => `{"id":"${id}"}\n`, 5000)
      .then((outcome) => ({ outcome, line: capture.lastStderrLine() }));
    proc.settle({ code: 7, signal: null });
    proc.answers.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    proc.stdout.end();
    proc.stderr.end('Traceback…\nValueError: the last line\n');
    await expect(pending).resolves.toEqual({
      outcome: { kind: 'exited', status: { code: 7, signal: null } },
      line: 'ValueError: the last line',
    });
  });

  it('reports an exit within the grace period when a stream never ends (a writer outlives the process)', async () => {
    const proc = standIn();
    const session = new RelaySession(proc, new OutputCapture());
    const pending = session.request((id) => `{"id":"${id}"}\n`, 5000);
    proc.settle({ code: 1, signal: null });
    proc.answers.end();
    await expect(pending).resolves.toMatchObject({ kind: 'exited' });
  });
});
