/**
 * Issue 11's worst attack, as Gradescope would run it: `gradescope build` with the default
 * `--isolation auto`, unpacked into a fake /autograder (AUTOGRADER_ROOT), run_autograder run
 * as root inside a simulated Gradescope container (docker-sim.ts: Docker's capabilities and
 * seccomp profile, no user namespaces, a read-only /sys/fs/cgroup, a CI token in the session
 * keyring). The forging submission — a do-nothing starter that finds the root in its parent's
 * command line, reads the baked-in salt and leaves a setsid daemon rewriting results.json —
 * must score 0, see no salt and leave no process; the honest control after it gets 11/11.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAutograder } from '../../cli/commands/gradescope.js';
import { canSimulateDocker, runInDockerSim } from './docker-sim.js';
import {
  budgetMs,
  HOSTILE,
  measureUnitMs,
  processesOfRun,
  ROOT,
  sandboxUidProcesses,
  workDir,
  type CliRun,
} from './helpers.js';

const EXTRACT = `
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for i in z.infolist():
        z.extract(i, sys.argv[2])
        os.chmod(os.path.join(sys.argv[2], i.filename), (i.external_attr >> 16) & 0o7777)
`;
const unit = canSimulateDocker ? await measureUnitMs() : 0;

describe.skipIf(!canSimulateDocker)(
  'a forging submission on Gradescope (uid isolation, as root, no namespaces)',
  () => {
    const work = workDir('gradescope-uid');
    chmodSync(work, 0o711);
    const tmp = join(work, 'tmp');
    mkdirSync(tmp, { mode: 0o711 });
    chmodSync(tmp, 0o711);
    const salt = `salt-${randomBytes(12).toString('hex')}`;
    const token = `CI-TOKEN-${randomBytes(12).toString('hex')}`;
    const runs = new Map<
      string,
      { cli: CliRun; results: string; resultsLater: string; root: string; leftovers: unknown[] }
    >();

    async function autograde(name: string, fixture: string): Promise<void> {
      const root = join(work, name);
      mkdirSync(join(root, 'results'), { recursive: true });
      execFileSync('python3', ['-c', EXTRACT, join(work, 'autograder.zip'), join(root, 'source')]);
      symlinkSync(join(ROOT, 'node_modules'), join(root, 'source', 'convgrade', 'node_modules'));
      cpSync(join(HOSTILE, fixture), join(root, 'submission'), { recursive: true });
      writeFileSync(
        join(root, 'submission_metadata.json'),
        JSON.stringify({ users: [{ id: 1 }], assignment: { id: 9 } }),
      );
      // As Gradescope's unzip may: every file readable by all (the salt file included).
      chmodSync(join(root, 'source', 'convgrade-gradescope.json'), 0o644);
      const cli = await runInDockerSim(['/bin/bash', join(root, 'source', 'run_autograder')], {
        readOnlyCgroups: true,
        env: { AUTOGRADER_ROOT: root, TMPDIR: tmp },
        sessionKey: token,
      });
      const results = readFileSync(join(root, 'results', 'results.json'), 'utf8');
      const leftovers = processesOfRun(work);
      // The daemon would rewrite results.json every 50 ms for 20 s: give it a second.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      runs.set(name, {
        cli,
        results,
        resultsLater: readFileSync(join(root, 'results', 'results.json'), 'utf8'),
        root,
        leftovers,
      });
    }

    beforeAll(
      async () => {
        writeFileSync(join(work, 'secret.txt'), `${salt}\n`);
        buildAutograder(
          {
            exercise: 'ex9-convolution',
            out: join(work, 'autograder.zip'),
            secret: join(work, 'secret.txt'),
            isolation: 'auto',
            visibility: 'visible',
          },
          {},
        );
        await autograde('forger', 'forge-gradescope');
        await autograde('honest', 'control-py');
      },
      budgetMs(unit, 2, 30_000),
    );

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('grades at the uid level, never as root', () => {
      for (const [name, run] of runs) {
        const results = JSON.parse(run.results) as { extra_data: { isolation: string; status: string } };
        expect(results.extra_data, `${name}: ${run.results.slice(0, 600)}\n${run.cli.stderr}`).toMatchObject({
          isolation: 'uid',
          status: 'graded',
        });
      }
    });

    it('the forger scores 0, and results.json stays what the grader wrote', () => {
      const run = runs.get('forger');
      const results = JSON.parse(run?.results ?? '{}') as { score: number; tests: { output: string }[] };
      expect(results.score).toBe(0);
      expect(run?.resultsLater).toBe(run?.results);
      expect(run?.resultsLater).not.toContain('FORGED-BY-DAEMON');
      // Its loot (shown in the q1 message): the root from the parent's command line, and no salt.
      const loot = results.tests.map((t) => t.output).join('\n');
      expect(loot).toContain(`"root": "${run?.root ?? ''}"`);
      expect(loot).toMatch(/convgrade-gradescope\.json": "salt: PermissionError"/);
      expect(loot).toMatch(/results": "salt: PermissionError"/);
    });

    it('cannot read the salt or the session key: they appear in nothing it could see', () => {
      for (const run of runs.values()) {
        for (const text of [run.results, run.resultsLater, run.cli.stdout, run.cli.stderr]) {
          expect(text).not.toContain(salt);
          expect(text).not.toContain(token);
        }
      }
    });

    it('leaves no process behind, and the secrets private to root', () => {
      for (const run of runs.values()) expect(run.leftovers).toEqual([]);
      expect(sandboxUidProcesses().filter((p) => p.mounts.includes(work))).toEqual([]);
      const source = runs.get('forger')?.root ?? '';
      expect(statSync(join(source, 'source')).mode & 0o077).toBe(0);
      expect(statSync(join(source, 'results')).mode & 0o077).toBe(0);
    });

    it('the honest control after it gets full marks', () => {
      const results = JSON.parse(runs.get('honest')?.results ?? '{}') as { score: number };
      expect(results.score, runs.get('honest')?.results.slice(0, 2000)).toBe(11);
    });
  },
);
