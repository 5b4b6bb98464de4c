/** grader/run/launch.ts: the one spawn of a sandbox process, on node:child_process. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launch } from '../../../grader/run/launch.js';

const posix = process.platform !== 'win32';
const BUILT = fileURLToPath(new URL('../../../dist/grader/run/launch.js', import.meta.url));

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Running (a zombie is not: a killed process whose parent is gone waits for init to reap it). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+[ZX]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe.runIf(posix)('launch', () => {
  it('gives the child exactly its environment, fd 4 its bytes, and fd 3 back as the answers', async () => {
    const child = launch({
      file: '/bin/sh',
      args: ['-c', 'cat <&4; printf "[%s]" "$ONLY"; printf answer >&3'],
      env: { ONLY: 'this', PATH: '/usr/bin:/bin' },
      cwd: '/',
      fd4: new TextEncoder().encode('filter-bytes'),
    });
    child.stdin.end();
    const [out, answers, status] = await Promise.all([collect(child.stdout), collect(child.answers), child.exited]);
    expect(out).toBe('filter-bytes[this]');
    expect(answers).toBe('answer');
    expect(status).toEqual({ code: 0, signal: null });
    expect(child.spawnError()).toBeUndefined();
  });

  it('reports a program that cannot start as exit code -1 with the error, never a rejection', async () => {
    const child = launch({ file: '/nonexistent/program', args: [], env: {}, cwd: '/' });
    expect(await child.exited).toEqual({ code: -1, signal: null });
    expect(child.spawnError()?.message).toMatch(/ENOENT/);
  });

  it('kill() SIGKILLs the whole process group', async () => {
    const child = launch({
      file: '/bin/sh',
      args: ['-c', 'sleep 60 & echo $!; wait'],
      env: { PATH: '/usr/bin:/bin' },
      cwd: '/',
    });
    let pidText = '';
    for await (const chunk of child.stdout) {
      pidText += String(chunk);
      if (pidText.includes('\n')) break;
    }
    const grandchild = Number(pidText.trim());
    expect(alive(grandchild)).toBe(true);
    child.kill();
    expect((await child.exited).signal).toBe('SIGKILL');
    for (let i = 0; i < 200 && alive(grandchild); i++) await sleep(25);
    expect(alive(grandchild)).toBe(false);
  });

  it.runIf(existsSync(BUILT))('SIGKILLs the group of a sandbox still running when the grader exits', async () => {
    // A grader (the built module) starts a long sandbox, says its pid and exits (process.exit, as
    // the CLI does, or a signal) without killing it.
    const script = [
      "import { execFileSync } from 'node:child_process';",
      `import { launch } from ${JSON.stringify(pathToFileURL(BUILT).href)};`,
      "launch({ file: '/bin/sleep', args: ['60'], env: {}, cwd: '/' });",
      "process.stdout.write(execFileSync('pgrep', ['-P', String(process.pid), 'sleep'], { encoding: 'utf8' }));",
      'process.exit(0);',
    ].join('\n');
    const sleeper = Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(),
    );
    expect(sleeper).toBeGreaterThan(0);
    for (let i = 0; i < 200 && alive(sleeper); i++) await sleep(25);
    expect(alive(sleeper)).toBe(false);
  });
});
