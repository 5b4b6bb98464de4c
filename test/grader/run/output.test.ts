/**
 * grader/run/output.ts: each sandbox is counted against the kill limit on its own; what a killed
 * sandbox's pipes still deliver never counts against the sandbox that replaced it (a flood that
 * lagged behind its kill used to stop the next sandbox before its first call); the kept bytes
 * are shared by the run.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputCapture } from '../../../grader/run/output.js';

const sandbox = (): { stdout: PassThrough; stderr: PassThrough } => ({
  stdout: new PassThrough(),
  stderr: new PassThrough(),
});

describe('OutputCapture', () => {
  it('counts each sandbox on its own: late output of a killed one does not stop the next', () => {
    const capture = new OutputCapture(16, 100);
    const fired: string[] = [];
    const first = sandbox();
    capture.attach(first, () => fired.push('first'));
    first.stdout.write(Buffer.alloc(60, 'a'));
    first.stderr.write(Buffer.alloc(50, 'b'));
    expect(fired).toEqual(['first']);
    const second = sandbox();
    capture.attach(second, () => fired.push('second'));
    // The first sandbox's pipes go on delivering after its kill: 200 more bytes, none of them the second's.
    first.stdout.write(Buffer.alloc(200, 'a'));
    second.stdout.write(Buffer.alloc(90, 'c'));
    expect(fired).toEqual(['first']);
    second.stderr.write(Buffer.alloc(20, 'd'));
    expect(fired).toEqual(['first', 'second']);
    second.stdout.write(Buffer.alloc(500, 'c'));
    expect(fired).toEqual(['first', 'second']); // once per sandbox
    const result = capture.result();
    expect(result.stdout).toBe('a'.repeat(16));
    expect(result.stderr).toBe('b'.repeat(16));
    expect(result.truncated).toBe(true);
  });

  it('keeps everything below the keep limit, not truncated', () => {
    const capture = new OutputCapture(16, 100);
    const one = sandbox();
    capture.attach(one, () => undefined);
    one.stdout.write('hello ');
    one.stderr.write('oops\nlast line');
    one.stdout.write('world');
    expect(capture.result()).toEqual({ stdout: 'hello world', stderr: 'oops\nlast line', truncated: false });
    expect(capture.lastStderrLine()).toBe('last line');
  });
});
