/**
 * The hostile corpus at the uid level (S13, issue 11): the grader runs as root in a simulated
 * Gradescope container without the namespaces bwrap needs (docker-sim.ts: Docker's capabilities
 * and seccomp profile, for real), so `--isolation auto` picks uid. Here /sys/fs/cgroup stays
 * writable, as on a VM without user namespaces, so slot cgroups exist; gradescope-uid.test.ts
 * runs the read-only-cgroup case. Every row with a `uid` outcome in corpus.ts is graded, each
 * followed by its honest control. As in the strict corpus: the canary (file, environment, salt,
 * a key in the grader's session keyring) appears nowhere, and after each run no process of it
 * and no file of a sandbox uid in the shared temporary folders survives. Each submission of a
 * batch also carries a random marker no other submission may print.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionResult } from '../../grader/result.js';
import { controlFor, CORPUS, outcomeAt, timeoutsMs, type Batch, type CorpusRow } from './corpus.js';
import { mismatches } from './outcome.js';
import { canSimulateDocker, runCliInDockerSim } from './docker-sim.js';
import {
  assembleBatch,
  budgetMs,
  caseMessages,
  describeResult,
  filesUnder,
  measureUnitMs,
  occurrences,
  ownedBySandbox,
  plantCanary,
  processesOfRun,
  readResults,
  sandboxUidProcesses,
  workDir,
  type CliRun,
} from './helpers.js';

const ROWS = CORPUS.filter((row) => row.uid !== undefined);
const unit = canSimulateDocker ? await measureUnitMs() : 0;
const TIMEOUT_MS = timeoutsMs(unit);
const pad = (n: number): string => String(n).padStart(2, '0');

function entriesFor(batch: Batch): [string, string][] {
  const entries: [string, string][] =
    batch === 'neighbours'
      ? []
      : [
          ['00a-control-js', 'control-js'],
          ['00b-control-py', 'control-py'],
        ];
  ROWS.filter((row) => row.batch === batch).forEach((row, i) => {
    entries.push(
      [`${pad(i + 1)}a-${row.fixture}`, row.fixture],
      [`${pad(i + 1)}b-${controlFor(row.fixture)}`, controlFor(row.fixture)],
    );
  });
  return entries;
}
const idOf = (row: CorpusRow): string =>
  `${pad(ROWS.filter((r) => r.batch === row.batch).indexOf(row) + 1)}a-${row.fixture}`;
const controlIdOf = (row: CorpusRow): string => idOf(row).replace(/a-.*$/, `b-${controlFor(row.fixture)}`);

describe.skipIf(!canSimulateDocker)('the hostile corpus at the uid level (a simulated Gradescope container)', () => {
  const canary = plantCanary();
  // The sandbox uid must be able to enter the staging folder (TMPDIR) but list nothing above it.
  const work = workDir('uid');
  chmodSync(work, 0o711);
  const tmp = join(work, 'tmp');
  mkdirSync(tmp, { mode: 0o711 });
  chmodSync(tmp, 0o711);
  const secretFile = join(work, 'secret.txt');
  const salt = `salt-${canary.value}`;
  writeFileSync(secretFile, `${salt}\n`, { mode: 0o600 });
  const marker = `BATCH-MARKER-${randomBytes(8).toString('hex')}`;
  const runs: {
    label: string;
    cli: CliRun;
    out: string;
    results: Map<string, SubmissionResult>;
    leftovers: unknown[];
  }[] = [];
  const shmBefore = ownedBySandbox('/dev/shm');

  async function grade(label: string, entries: [string, string][], flags: readonly string[]): Promise<void> {
    const batch = assembleBatch(join(work, `batch-${label}`), entries);
    for (const [id] of entries) {
      for (const file of readdirSync(join(batch, id))) {
        if (/^solution\.(py|ts|js|mjs)$/.test(file))
          appendFileSync(join(batch, id, file), `\n${file.endsWith('.py') ? '#' : '//'} ${marker}\n`);
      }
    }
    chmodSync(batch, 0o700); // other students' files: out of the sandbox's reach (the guard checks)
    const out = join(work, `out-${label}`);
    const cli = await runCliInDockerSim(['grade', batch, '--secret', secretFile, '--out', out, ...flags], {
      readOnlyCgroups: false,
      env: { ...canary.env, TMPDIR: tmp },
      sessionKey: canary.value,
    });
    runs.push({ label, cli, out, results: readResults(out), leftovers: processesOfRun(tmp) });
  }

  /** The result of `id` in `row`'s batch (ids like 01b-control-py recur in every batch). */
  const result = (row: CorpusRow, id: string): SubmissionResult | undefined =>
    runs.find((run) => run.label === row.batch)?.results.get(id);
  const batches = (['shared', 'hogs', 'neighbours'] as const).filter((b) => ROWS.some((r) => r.batch === b));

  beforeAll(
    async () => {
      const jobs: Record<Batch, string> = { shared: '2', hogs: '1', neighbours: '2' };
      for (const batch of batches)
        await grade(batch, entriesFor(batch), ['--jobs', jobs[batch], '--timeout-ms', String(TIMEOUT_MS[batch])]);
    },
    budgetMs(unit, ROWS.length * 2 + 6, ROWS.filter((r) => r.batch !== 'shared').length * 6 * 4000),
  );

  afterAll(() => {
    canary.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('picks uid isolation, because the container gives bwrap no namespaces, and exits 0', () => {
    for (const run of runs) {
      expect(run.cli.status, `${run.label}: ${run.cli.stderr}`).toBe(0);
      expect(run.cli.stdout).toMatch(/with uid isolation/);
      expect(run.cli.stderr).not.toMatch(/internal error|WARNING/i);
      for (const r of run.results.values()) {
        expect(r.isolation).toBe('uid');
        expect(r.isolationNote).toMatch(/strict isolation is not available: bubblewrap failed/);
      }
    }
  });

  it.each(ROWS)('$fixture at the uid level: $row', (row) => {
    const r = result(row, idOf(row));
    expect(r?.status, describeResult(r)).toBe('graded');
    expect(mismatches(r, outcomeAt(row, 'uid'), marker)).toEqual([]);
  });

  it.each(ROWS)('the honest control graded after $fixture gets full marks', (row) => {
    const control = result(row, controlIdOf(row));
    expect(control?.score, `${describeResult(control)}\n${caseMessages(control).join('\n')}`).toBe(11);
  });

  it('leaks no canary: not the salt, the host file, the environment or the session key', () => {
    const files = runs.flatMap((run) => filesUnder(run.out));
    const terminal = Object.fromEntries(
      runs.flatMap((run) => [
        [`${run.label} stdout`, run.cli.stdout],
        [`${run.label} stderr`, run.cli.stderr],
      ]),
    );
    for (const needle of [canary.value, salt]) expect(occurrences(needle, files, terminal), needle).toEqual([]);
  });

  it('leaves no process and no file of a sandbox uid behind', () => {
    for (const run of runs) expect(run.leftovers, run.label).toEqual([]);
    expect(sandboxUidProcesses().filter((p) => p.mounts.includes(tmp))).toEqual([]);
    expect(ownedBySandbox('/dev/shm').filter((p) => !shmBefore.includes(p))).toEqual([]);
    expect(ownedBySandbox('/tmp', 3).filter((p) => p.includes('hoard') || p.includes('fill'))).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
