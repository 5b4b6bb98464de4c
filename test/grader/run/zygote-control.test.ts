/**
 * The Python zygote's control loop (relay/python-zygote.py `_serve`) on its own, without forking:
 * a `kill` that arrives after its run has ended (the grader sends it as it cleans up, before it
 * has read the zygote's `exited`) is ignored. It used to be "unexpected", which stopped the zygote
 * and turned zygotes off for the rest of the batch (every later Python submission then paid a
 * fresh interpreter and SciPy import).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolvePython } from '../../../grader/run/python.js';

const ZYGOTE = fileURLToPath(new URL('../../../grader/run/relay/python-zygote.py', import.meta.url));
const python = await resolvePython().catch(() => undefined);

/** Runs `_serve()` of the zygote's source (without its `_main()` call) on `input`; its replies go to fd 1. */
function serve(input: string): { status: number | null; stdout: string; stderr: string } {
  const source = readFileSync(ZYGOTE, 'utf8').replace(/^_main\(\)\s*$/m, '');
  expect(source).not.toMatch(/^_main\(\)/m);
  const run = spawnSync(
    python?.executable ?? 'python3',
    ['-c', `${source}\ntry:\n    _serve()\n    print("SERVED")\nexcept ValueError as e:\n    print("REFUSED", e)\n`],
    { input, encoding: 'utf8', timeout: 20_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(python === undefined)('the Python zygote’s control loop', () => {
  it('ignores a kill for a run that has already ended, and goes on serving', () => {
    const run = serve('{"op":"kill","seq":7}\n{"op":"kill","seq":8}\n{"op":"stop"}\n');
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('SERVED');
  });

  it('still refuses a request it does not know', () => {
    const run = serve('{"op":"kill","seq":7}\n{"op":"exec","seq":8}\n');
    expect(run.stdout).toMatch(/^REFUSED unexpected control request 'exec'/m);
  });
});
