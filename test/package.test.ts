/**
 * The npm package a student may install (docs/students.md) ships no staff solutions, tests or
 * benchmarks, and does ship what the sandbox needs at run time: the pre-exec helper and the
 * seccomp filters. Checked on the real `npm pack` file list.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('npm pack', () => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files =
    pack.status === 0
      ? ((JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [])
      : [];

  it('lists its files', () => {
    expect(pack.status, pack.stderr).toBe(0);
    expect(files).toContain('package.json');
    expect(files).toContain('dist/cli/main.js');
  });

  it('ships no staff solution, test, benchmark or source map', () => {
    expect(files.filter((f) => /^exercises\/solutions\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^(test|dist\/test|dist\/bench|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The starters students begin from are part of the package.
    expect(files.some((f) => /^exercises\/starters\/.+\/solution\.ts$/.test(f))).toBe(true);
  });

  it('ships what the sandbox needs at run time: enter.pl, the relays and every seccomp filter', () => {
    for (const file of [
      'dist/grader/run/enter.pl',
      'dist/grader/run/seccomp/x86_64.bpf',
      'dist/grader/run/seccomp/aarch64.bpf',
      'dist/grader/run/seccomp/manifest.json',
      'dist/grader/run/relay/node-relay.cjs',
      'dist/grader/run/relay/python-relay.py',
    ])
      expect(files, file).toContain(file);
  });
});
