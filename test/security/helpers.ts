/**
 * Shared machinery of the security tests: the hostile fixtures, a canary planted on the host,
 * the real CLI run in a child process with that canary in its environment and a private TMPDIR,
 * and the post-run checks (every student-visible file, leftover sandbox processes, files
 * written by a sandbox uid).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { SubmissionResult } from '../../grader/result.js';
import { GENERATED } from './corpus.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'bin', 'convgrade.js');
export const HOSTILE = join(ROOT, 'test', 'fixtures', 'hostile');
export const IS_ROOT = process.getuid?.() === 0;
/** Sandbox uids: 61000 + slot, or 61000 + slot + k·1000 while another run holds that one (uid-lease.ts). */
export const MIN_SANDBOX_UID = 61000;

export interface Canary {
  /** The random secret: in the environment, in the files, and in the secret salt. */
  readonly value: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  remove(): void;
}

/** Plants the canary: /tmp/convgrade-canary-<r>/secret.txt, ~root/.convgrade-canary-<r> (as root), CONVGRADE_CANARY. */
export function plantCanary(): Canary {
  const value = `CANARY-${randomBytes(12).toString('hex')}`;
  const dir = mkdtempSync(join('/tmp', 'convgrade-canary-'));
  const files = [join(dir, 'secret.txt')];
  if (IS_ROOT) files.push(join('/root', `.convgrade-canary-${value.slice(-8)}`));
  for (const file of files) writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return {
    value,
    dir,
    files,
    env: { CONVGRADE_CANARY: value, CONVGRADE_CANARY_FILE: files[0] ?? '' },
    remove() {
      for (const file of files) rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh folder for one test file's runs; removed by the caller. */
export function workDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `convgrade-sec-${label}-`));
}

/** Copies fixtures into a batch folder under the given student ids (symlinks stay symlinks). */
export function assembleBatch(dir: string, entries: readonly (readonly [id: string, fixture: string])[]): string {
  mkdirSync(dir, { recursive: true });
  for (const [id, fixture] of entries) {
    const generate = GENERATED[fixture];
    if (generate === undefined)
      cpSync(join(HOSTILE, fixture), join(dir, id), { recursive: true, verbatimSymlinks: true });
    else {
      mkdirSync(join(dir, id));
      generate(join(dir, id), HOSTILE);
    }
  }
  return dir;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
  readonly ms: number;
}

/**
 * Runs the built CLI (dist/, built by `pretest`) with extra environment (the canary) and its own
 * TMPDIR, so every staging folder of the run lives in `tmp` and can be checked afterwards.
 */
export function runCli(
  args: readonly string[],
  opts: {
    readonly env?: Readonly<Record<string, string>>;
    readonly tmp?: string;
    /** A command the CLI runs under (e.g. one that puts a key in its session keyring). */
    readonly prefix?: readonly string[];
  } = {},
): Promise<CliRun> {
  const started = performance.now();
  const env = {
    ...process.env,
    ...opts.env,
    ...(opts.tmp === undefined ? {} : { TMPDIR: opts.tmp }),
    CONVGRADE_SECRET: '',
    NO_COLOR: '1',
  };
  const [file = process.execPath, ...rest] = [...(opts.prefix ?? []), process.execPath, CLI, ...args];
  const child = spawn(file, rest, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolvePromise) => {
    child.once('close', (status) =>
      resolvePromise({ status, stdout, stderr, pid: child.pid ?? 0, ms: Math.round(performance.now() - started) }),
    );
  });
}

/** results/<id>.json of an output folder, by student id. */
export function readResults(out: string): Map<string, SubmissionResult> {
  const results = new Map<string, SubmissionResult>();
  const dir = join(out, 'results');
  if (!existsSync(dir)) return results;
  for (const name of readdirSync(dir)) {
    const result = JSON.parse(readFileSync(join(dir, name), 'utf8')) as SubmissionResult;
    results.set(result.submission.id, result);
  }
  return results;
}

/** Every regular file under `dir`, recursively (the student-visible outputs of a run). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (lstatSync(path).isFile()) files.push(path);
  }
  return files.sort();
}

/** Where a needle occurs in the files (plain, base64-decoded for classroom/*.b64) and texts. */
export function occurrences(
  needle: string,
  files: readonly string[],
  texts: Readonly<Record<string, string>> = {},
): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const decoded = file.endsWith('.b64') ? Buffer.from(text.trim(), 'base64').toString('utf8') : '';
    if (text.includes(needle) || decoded.includes(needle)) hits.push(file);
  }
  for (const [name, text] of Object.entries(texts)) if (text.includes(needle)) hits.push(name);
  return hits;
}

/**
 * Processes that still belong to a run whose staging folders lived under `tmp`: their command
 * line or their mount table mentions it (a sandbox mounts <tmp>/convgrade-XXXX/sub at /sub).
 * Scoped this way because other graders may be running sandboxes on the same machine.
 */
export function processesOfRun(tmp: string): { pid: number; uid: number; cmdline: string }[] {
  const found: { pid: number; uid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      if (/^State:\s+[ZX]/m.test(status)) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      let mounts = '';
      try {
        mounts = readFileSync(`/proc/${name}/mountinfo`, 'utf8');
      } catch {
        // not ours to read, or gone
      }
      if (cmdline.includes(tmp) || mounts.includes(tmp)) {
        found.push({ pid: Number(name), uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1), cmdline });
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Live processes whose real uid is a sandbox uid (61000 and up), with their mount table. */
export function sandboxUidProcesses(): { pid: number; uid: number; mounts: string }[] {
  const found: { pid: number; uid: number; mounts: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
      if (uid < MIN_SANDBOX_UID || uid >= 100_000 || /^State:\s+[ZX]/m.test(status)) continue;
      let mounts = '';
      try {
        mounts = readFileSync(`/proc/${name}/mountinfo`, 'utf8');
      } catch {
        // gone
      }
      found.push({ pid: Number(name), uid, mounts });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Entries (up to `depth` levels down) owned by a sandbox uid: a sandbox wrote them on the host. */
export function ownedBySandbox(dir: string, depth = 1): string[] {
  const owned: string[] = [];
  const walk = (path: string, level: number): void => {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return;
    }
    for (const name of names) {
      const child = join(path, name);
      let st;
      try {
        st = lstatSync(child);
      } catch {
        continue;
      }
      if (st.uid >= MIN_SANDBOX_UID && st.uid < 100_000) owned.push(child);
      if (st.isDirectory() && level < depth) walk(child, level + 1);
    }
  };
  walk(dir, 1);
  return owned;
}

/** A digest of a folder tree: every path with its type, mode, size and content hash (or link target). */
export function treeDigest(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const lines: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, entry);
    const st = lstatSync(path);
    const what = st.isSymbolicLink()
      ? `link ${readlinkSync(path)}`
      : st.isFile()
        ? `file ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`
        : st.isDirectory()
          ? 'dir'
          : 'other';
    lines.push(`${relative(dir, path)} ${(st.mode & 0o7777).toString(8)} ${st.uid} ${st.size} ${what}`);
  }
  return lines;
}

/** The lock files of sandbox uids (uid-lease.ts) that name this pid. */
export function uidLocksOf(pid: number): string[] {
  const dir = IS_ROOT ? '/run/convgrade-uids' : join(tmpdir(), 'convgrade-uids');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    try {
      return readFileSync(join(dir, name), 'utf8').trim() === String(pid);
    } catch {
      return false;
    }
  });
}

/** "q1:passed q2:failed …" for a compact, readable assertion message. */
export function describeResult(result: SubmissionResult | undefined): string {
  if (result === undefined) return 'no result';
  return `${result.submission.id}: ${result.status} ${result.score}/${result.maxScore} ${result.questions.map((q) => `${q.id}:${q.status}`).join(' ')} ${result.error ?? ''}`;
}

/** Every case message of a result, prefixed with the question id and case status. */
export function caseMessages(result: SubmissionResult | undefined): string[] {
  return result?.questions.flatMap((q) => q.cases.map((c) => `${q.id} ${c.status}: ${c.message}`)) ?? [];
}

/**
 * The time unit of this machine right now: the median of three sandboxed Python + numpy starts
 * (the most expensive thing a graded run does), measured where the suite starts, so budgets
 * scale with the load instead of being fixed (a fixed 170 s hook failed on a loaded machine).
 */
export async function measureUnitMs(): Promise<number> {
  const { execa } = await import('execa');
  const { detectIsolation, sandboxBaselines } = await import('../../grader/run/index.js');
  const samples: number[] = [];
  if ((await detectIsolation({ isolation: 'auto' })).level === 'strict') {
    const baselines = await sandboxBaselines();
    try {
      for (let i = 0; i < 3; i++) {
        const spec = baselines.python('import numpy');
        const started = performance.now();
        await execa(spec.file, spec.args, {
          env: spec.env,
          extendEnv: false,
          cwd: spec.cwd,
          reject: false,
          stdio: ['ignore', 'ignore', 'ignore', 'ignore', spec.fd4 ?? 'ignore'],
        });
        samples.push(performance.now() - started);
      }
    } finally {
      await baselines.close();
    }
  } else {
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await execa('python3', ['-c', 'import numpy'], { reject: false });
      samples.push(performance.now() - started);
    }
  }
  return samples.sort((a, b) => a - b)[1] ?? 200;
}

/**
 * A hook budget for grading `submissions` submissions whose per-call limits add up to at most
 * `timeoutsMs`: a generous multiple of the measured unit per submission, never under two minutes.
 */
export function budgetMs(unitMs: number, submissions: number, timeoutsMs = 0): number {
  return Math.round(Math.max(120_000, 60_000 + submissions * Math.max(3_000, 40 * unitMs) + timeoutsMs));
}
