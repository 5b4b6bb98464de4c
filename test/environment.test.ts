/**
 * Tests that need bubblewrap, root, chromium or python3 skip where those are missing (a
 * student's laptop). CI must not skip them silently: .ci/run sets CONVGRADE_CI_REQUIRE, and
 * then a missing capability fails here instead of turning into skipped tests.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { detectIsolation } from '../grader/run/index.js';
import { slotCgroupNote } from '../grader/run/slot-cgroups.js';

const required = new Set((process.env['CONVGRADE_CI_REQUIRE'] ?? '').split(',').filter((item) => item !== ''));

describe.runIf(required.size > 0)('the CI machine has what the skipped-elsewhere tests need', () => {
  it.runIf(required.has('strict'))('strict isolation (bubblewrap + root)', async () => {
    expect((await detectIsolation({ isolation: 'auto' })).level).toBe('strict');
    expect(process.getuid?.()).toBe(0);
  });

  it.runIf(required.has('chromium'))('Debian chromium', () => {
    expect(existsSync('/usr/bin/chromium')).toBe(true);
  });

  it.runIf(required.has('seccomp'))('a C compiler and libseccomp-dev, to regenerate the seccomp filters', () => {
    expect(spawnSync('sh', ['-c', 'command -v cc']).status).toBe(0);
    expect(existsSync('/usr/include/seccomp.h')).toBe(true);
  });

  it.runIf(required.has('cgroup'))('slot cgroups with memory, pids and cpu limits', () => {
    expect(slotCgroupNote()).toBeUndefined();
  });

  it.runIf(required.has('xmllint'))("xmllint (Debian's libxml2-utils), for the JUnit schema tests", () => {
    expect(spawnSync('xmllint', ['--version']).status).toBe(0);
  });

  it.runIf(required.has('python'))('python3 with numpy and scipy', () => {
    const probe = spawnSync('python3', ['-c', 'import numpy, scipy.signal.windows'], { encoding: 'utf8' });
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
  });
});
