/**
 * The example GitHub Actions workflows parse as YAML, have the structure the docs promise
 * (a matrix of shards and a merge job that needs it; the Classroom reporter fed by the grade
 * step's `result` output), and use only flags the CLI really has.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const repo = resolve(import.meta.dirname, '..', '..');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(name: string): Workflow {
  const doc = parseDocument(readFileSync(join(repo, 'examples/workflows', name), 'utf8'), {
    prettyErrors: true,
    uniqueKeys: true,
  });
  expect(doc.errors.map(String)).toEqual([]);
  return doc.toJS() as Workflow;
}

const convgradeRuns = (job: Job): string[] =>
  job.steps.map((s) => s.run ?? '').filter((run) => run.includes('bin/convgrade.js'));

/** `convgrade <command>` invocations in a run script, as [command, flags]. */
function invocations(run: string): [string, string[]][] {
  return [...run.matchAll(/bin\/convgrade\.js"? (\w+)([^\n]*)/g)].map((m) => [
    m[1] ?? '',
    [...(m[2] ?? '').matchAll(/(--[a-z-]+)/g)].map((f) => f[1] ?? ''),
  ]);
}

describe('examples/workflows/classroom-student.yml', () => {
  const wf = load('classroom-student.yml');
  const job = Object.values(wf.jobs)[0] as Job;

  it('grades on push with md and classroom formats, then feeds the reporter', () => {
    expect(Object.keys(wf.on)).toContain('push');
    expect(wf.permissions).toMatchObject({ checks: 'write', contents: 'read' });
    const grade = job.steps.find((s) => s.id === 'convgrade');
    expect(grade?.run).toMatch(/ grade submission\b/);
    expect(grade?.run).toMatch(/--format md,classroom/);
    const reporter = job.steps.find((s) => s.uses?.startsWith('classroom-resources/autograding-grading-reporter@'));
    expect(reporter?.with).toEqual({ runners: 'convgrade' });
    // The reporter reads <RUNNER>_RESULTS: base64 of the runner result from the step output.
    expect(reporter?.env).toEqual({ CONVGRADE_RESULTS: '${{ steps.convgrade.outputs.result }}' });
    expect(job.steps.indexOf(reporter as Step)).toBeGreaterThan(job.steps.indexOf(grade as Step));
  });
});

describe('examples/workflows/grade-class.yml', () => {
  const wf = load('grade-class.yml');

  it('grades a matrix of shards and uploads each output folder', () => {
    const grade = wf.jobs['grade'] as Job;
    const shards = grade.strategy?.matrix?.['shard'] ?? [];
    expect(shards).toEqual(shards.map((_, k) => k + 1));
    const [run] = convgradeRuns(grade);
    expect(run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(run).toContain('--out out-${{ matrix.shard }}');
    const upload = grade.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'shard-${{ matrix.shard }}', path: 'out-${{ matrix.shard }}' });
  });

  it('merges every shard in a job that needs them and publishes the gradebook and summary', () => {
    const merge = wf.jobs['merge'] as Job;
    expect([merge.needs].flat()).toContain('grade');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ pattern: 'shard-*', path: 'shards' });
    expect(convgradeRuns(merge)[0]).toMatch(/ merge shards\/\* --out merged$/);
    const upload = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.['path'])).toMatch(/merged\/grades\.csv[\s\S]*merged\/summary\.html/);
  });
});

describe.runIf(existsSync(join(repo, 'dist/cli/main.js')))('flags used by the workflows', () => {
  it('exist in the CLI', () => {
    const used = ['classroom-student.yml', 'grade-class.yml'].flatMap((name) =>
      Object.values(load(name).jobs).flatMap((job) => convgradeRuns(job).flatMap(invocations)),
    );
    expect(used.map(([command]) => command).sort()).toEqual(['grade', 'grade', 'merge']);
    for (const [command, flags] of used) {
      const help = spawnSync(process.execPath, [join(repo, 'bin/convgrade.js'), command, '--help'], {
        encoding: 'utf8',
      }).stdout;
      for (const flag of flags) expect(help, `${command} ${flag}`).toContain(flag);
    }
  });
});
