/**
 * The uid level has no private filesystem: student code sees the host's files as any
 * unprivileged user would (S13). Before such code runs, prove with a real process of a sandbox
 * uid that it can neither read nor write the grader's secrets and results, nor write the
 * harness and the spec; fix the modes of what the caller may change (its own output folders,
 * a Gradescope container's /autograder), and refuse otherwise, naming each path and the fix.
 */
import { execa } from 'execa';
import { chmodSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { SLOT_UID_BASE } from './constants.js';
import type { SandboxTools } from './isolation.js';

export interface GuardedPaths {
  /** Neither readable, listable nor writable by the sandbox (secret salt, results, other students' files). */
  readonly secret: readonly string[];
  /** Not writable by the sandbox (the harness, the spec, folders outputs are written to). */
  readonly readOnly: readonly string[];
  /** Paths of either list whose modes may be tightened instead of refusing (created 0700 when missing). */
  readonly fixable: readonly string[];
}

/** Where uid-level runs are staged (stage.ts): the sandbox uid must be able to enter it. */
export interface StagingCheck {
  readonly stagingDir: string;
}

/** A uid no slot gets, for the check. */
const CHECK_UID = SLOT_UID_BASE + 998;

// Prints each path the uid can reach: "s:PATH" entries must not be readable, writable or (for
// a folder) searchable, "w:PATH" entries must not be writable; "x:PATH" is printed when the
// folder can NOT be entered. -r/-w/-x use the real uid.
const CHECK =
  'for (@ARGV) { my ($k, $p) = split(/:/, $_, 2); print "$p\\n" if ($k eq "s" ? (-r $p || -w $p || (-d $p && -x $p)) : $k eq "w" ? -w $p : !-x $p) }';

/** Throws EnvironmentError when a guarded path stays reachable by a sandbox uid; returns the paths whose modes it fixed. */
export async function guardFromSandbox(tools: SandboxTools, paths: GuardedPaths & StagingCheck): Promise<string[]> {
  const staging = resolve(paths.stagingDir);
  if ((await reachable(tools, { secret: [], readOnly: [], enter: [staging] })).length > 0) {
    throw new EnvironmentError(
      `Uid isolation stages each submission in ${staging} (TMPDIR), which an unprivileged user cannot enter: set TMPDIR to a folder every user may enter, such as /tmp`,
    );
  }
  const fixable = new Set(paths.fixable.map((p) => resolve(p)));
  for (const path of fixable) {
    if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: 0o700 });
  }
  const exposed = await reachable(tools, paths);
  const fixed: string[] = [];
  for (const path of exposed) {
    if (!fixable.has(path)) continue;
    const mode = lstatSync(path).mode & 0o7777;
    chmodSync(path, mode & ~0o077);
    fixed.push(path);
  }
  const still = fixed.length > 0 ? await reachable(tools, paths) : exposed;
  if (still.length > 0) {
    const list = still.map((p) => `${p} (${describeMode(p)})`).join(', ');
    throw new EnvironmentError(
      `Uid isolation would let student code reach ${list}: student code runs as an unprivileged user here, so make them private to root (chmod go-rwx, or move them under a folder only root can enter), or grade where strict isolation is available`,
    );
  }
  return fixed;
}

async function reachable(
  tools: SandboxTools,
  paths: Pick<GuardedPaths, 'secret' | 'readOnly'> & { readonly enter?: readonly string[] },
): Promise<string[]> {
  const entries = [
    ...paths.secret.map((p) => `s:${resolve(p)}`),
    ...paths.readOnly.filter(existsSync).map((p) => `w:${resolve(p)}`),
    ...(paths.enter ?? []).map((p) => `x:${p}`),
  ];
  if (entries.length === 0 || tools.setpriv === undefined || tools.perl === undefined) return [];
  const run = await execa(
    tools.setpriv,
    [
      `--reuid=${CHECK_UID}`,
      `--regid=${CHECK_UID}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
      tools.perl,
      '-e',
      CHECK,
      ...entries,
    ],
    { env: { PATH: '/usr/bin:/bin' }, extendEnv: false, cwd: '/', reject: false, timeout: 20_000 },
  );
  if (run.failed)
    throw new EnvironmentError(`Cannot check what a sandbox uid can reach: ${run.stderr.trim() || run.shortMessage}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}

function describeMode(path: string): string {
  try {
    const st = lstatSync(path);
    return `mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, owner ${st.uid}${st.isDirectory() ? ', folder' : ''}`;
  } catch {
    return `in ${dirname(path)}`;
  }
}
