/**
 * P1 (PERFORMANCE.md): `convgrade check` of a correct TypeScript ex9 solution (the staff
 * solution.ts with the staff answers.yaml), terminal summary and HTML report included, ≤ 8× the
 * time of `node -e 0` measured in the same run, both WITHOUT NODE_EXTRA_CA_CERTS, as on a
 * user's machine. Every candidate is a whole process spawned from here (process start
 * included), sampled round-robin with the baselines.
 *
 * When the bench's own environment sets NODE_EXTRA_CA_CERTS (the reference machines do), Node
 * reads that CA bundle at every start (~30–55 ms, more than a bare `node -e 0` without it), so the
 * run also measures `check` and `node -e 0` with it, as this environment starts them, and reports
 * that ratio beside the verdict; the verdict is read without it. Then a few `--cpu-prof` runs of
 * `check` (without it) say where its time goes, phase by phase (bench/cpu-phases.ts).
 * `--p1-compare FILE` adds another build's bin/convgrade.js to the same rounds and profiles it
 * too: before/after figures from one run.
 */
import { cpSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { profileCheck } from './cpu-phases.js';
import { repoPath } from './paths.js';
import { convgrade, nodeE0, processSampler, runChecked, sandboxBaselines, tempDir, type Command } from './processes.js';
import type { Candidate, Sampler, Stats } from './stats.js';
import { measureSideBySide } from './stats.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

const TARGET = 8;
const PROFILE_RUNS = 5;

/** `--p1-compare FILE`: another build's bin/convgrade.js, timed in the same rounds (before/after). */
let compareCli: string | undefined;

export function configureP1(options: { readonly compareCli?: string }): void {
  compareCli = options.compareCli;
}
const NO_CA = 'without NODE_EXTRA_CA_CERTS';
const WITH_CA = 'with NODE_EXTRA_CA_CERTS';
const BASELINE = `node -e 0, ${NO_CA}`;
const JUDGED = `check, ${NO_CA}`;
const BASELINE_CA = `node -e 0, ${WITH_CA}`;
const JUDGED_CA = `check, ${WITH_CA}`;

/** The command with NODE_EXTRA_CA_CERTS removed from its environment, as on a user's machine. */
export function withoutExtraCa(command: Command): Command {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(command.env ?? process.env)) {
    if (value !== undefined && key !== 'NODE_EXTRA_CA_CERTS') env[key] = value;
  }
  return { ...command, env };
}

const NO_CACHE = `check, no variant cache (CONVGRADE_NO_CACHE=1: a folder's first check), ${NO_CA}`;

/** The command with check's cache of public variants turned off. */
function withoutVariantCache(command: Command): Command {
  return { ...command, env: { ...(command.env ?? process.env), CONVGRADE_NO_CACHE: '1' } };
}

/** Wraps a sampler to record the 1-minute load average at each sample: the machine is shared. */
function noteLoad(sample: Sampler, loads: number[]): Sampler {
  return async (inner) => {
    loads.push(loadavg()[0] ?? 0);
    return sample(inner);
  };
}

async function runP1(context: SuiteContext): Promise<SuiteResult> {
  const work = tempDir('p1');
  const notes: string[] = [];
  const sandbox = await sandboxBaselines().catch((error: unknown) => {
    notes.push(`sandboxed node -e 0 not measured: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  try {
    const solution = join(work.path, 'student');
    for (const file of ['solution.ts', 'answers.yaml']) {
      cpSync(repoPath('exercises', 'solutions', 'ex9-convolution', file), join(solution, file));
    }
    const report = join(work.path, 'convgrade-report.html');
    const check = (isolation: string): Command =>
      convgrade(['check', solution, '--report', report, '--isolation', isolation], work.path);
    const compared: Command | undefined =
      compareCli === undefined
        ? undefined
        : { file: process.execPath, args: [compareCli, 'check', solution, '--report', report], cwd: work.path };

    // The answer first: a correct solution must get full marks, or the timing means nothing.
    const probe = join(work.path, 'probe.json');
    await runChecked(
      withoutExtraCa(convgrade(['check', solution, '--report', report, '--json', probe], work.path)),
      'convgrade check (probe)',
    );
    const result = JSON.parse(readFileSync(probe, 'utf8')) as {
      score: number;
      maxScore: number;
      isolation: string;
      submission: { language: string };
    };
    if (result.score !== result.maxScore || result.submission.language !== 'ts') {
      throw new Error(
        `The staff TypeScript solution scored ${result.score}/${result.maxScore} (${result.submission.language}): not a P1 workload`,
      );
    }
    notes.push(
      `Workload: the staff exercises/solutions/ex9-convolution/solution.ts + answers.yaml in a folder, \`convgrade check DIR --report FILE\` from a temporary cwd (stdout is a pipe: the summary is printed without colours); it scores ${result.score}/${result.maxScore}; auto isolation picked ${result.isolation} here.`,
    );

    const extraCa = process.env['NODE_EXTRA_CA_CERTS'];
    const loads: number[] = [];
    const sampled = (name: string, command: Command): Candidate => ({
      name,
      sample: noteLoad(processSampler(command, name), loads),
    });
    const candidates: Candidate[] = [
      sampled(BASELINE, withoutExtraCa(nodeE0)),
      sampled(JUDGED, withoutExtraCa(check('auto'))),
      // check keeps public variants between runs (cli/variant-cache.ts): the rows above hit that
      // cache after the warm-up, as a student's repeated self-check does; this one never does.
      sampled(NO_CACHE, withoutExtraCa(withoutVariantCache(check('auto')))),
      sampled(`check --isolation basic, ${NO_CA}`, withoutExtraCa(check('basic'))),
      ...(extraCa === undefined ? [] : [sampled(BASELINE_CA, nodeE0), sampled(JUDGED_CA, check('auto'))]),
      ...(sandbox === undefined ? [] : [sampled('sandboxed node -e 0', sandbox.node)]),
      ...(compared === undefined
        ? []
        : [
            sampled(`compared build's check, ${NO_CA}`, withoutExtraCa(compared)),
            ...(extraCa === undefined ? [] : [sampled(`compared build's check, ${WITH_CA}`, compared)]),
          ]),
    ];
    context.log(`P1: ${candidates.map((c) => c.name).join(', ')}`);
    const stats = await measureSideBySide(candidates, { ...context, minSampleMs: Math.min(context.minSampleMs, 20) });
    const baselines = [BASELINE, ...(extraCa === undefined ? [] : [BASELINE_CA])];
    const rows: Row[] = candidates.map((candidate) => {
      const own = stats.get(candidate.name) as Stats;
      const ratios: Record<string, number> = {};
      for (const b of baselines) {
        const base = stats.get(b);
        if (base !== undefined) ratios[b] = own.medianMs / base.medianMs;
      }
      return {
        workload: 'ex9 staff TS solution',
        op: 'process start → exit',
        impl: candidate.name,
        stats: own,
        ratios,
      };
    });

    const ratioOf = (judged: string, baseline: string) => {
      const j = stats.get(judged) as Stats;
      const b = stats.get(baseline) as Stats;
      return { j, b, ratio: j.medianMs / b.medianMs };
    };
    const verdicts: Verdict[] = [];
    const p1 = ratioOf(JUDGED, BASELINE);
    verdicts.push({
      target: `P1 check ≤ ${TARGET}× node -e 0, both ${NO_CA}`,
      met: p1.ratio <= TARGET,
      detail: `${formatMs(p1.j.medianMs)} ms vs node -e 0 ${formatMs(p1.b.medianMs)} ms = ${p1.ratio.toFixed(2)}×${p1.ratio <= TARGET ? '' : `, needs ≤ ${formatMs(TARGET * p1.b.medianMs)} ms (${formatMs(p1.j.medianMs - TARGET * p1.b.medianMs)} ms too slow)`}`,
    });
    const cold = ratioOf(NO_CACHE, BASELINE);
    verdicts.push({
      target: `for reference: a folder's first check (no cached variant) ≤ ${TARGET}× node -e 0, both ${NO_CA}`,
      met: cold.ratio <= TARGET,
      detail: `${formatMs(cold.j.medianMs)} ms vs ${formatMs(cold.b.medianMs)} ms = ${cold.ratio.toFixed(2)}×`,
    });
    if (extraCa !== undefined) {
      const ca = ratioOf(JUDGED_CA, BASELINE_CA);
      verdicts.push({
        target: `for reference, not the target: both ${WITH_CA} (this machine's environment)`,
        met: ca.ratio <= TARGET,
        detail: `${formatMs(ca.j.medianMs)} ms vs ${formatMs(ca.b.medianMs)} ms = ${ca.ratio.toFixed(2)}× (each Node start reads the CA bundle, which inflates node -e 0 more than check)`,
      });
      notes.push(
        `NODE_EXTRA_CA_CERTS=${extraCa} is set in the bench's environment: every Node start reads that bundle (node -e 0 ${formatMs(ca.b.medianMs)} ms with it, ${formatMs(p1.b.medianMs)} ms without). The verdict is read without it, as on a user's machine; sandboxed children never see it (their environment is cleared).`,
      );
    } else {
      notes.push('NODE_EXTRA_CA_CERTS is not set here: every figure is already without it.');
    }
    notes.push(
      `1-minute load average while sampling: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} on ${context.machine.nproc} cores. Ratios are median ÷ median of the same run; samples round-robin with the order rotated each round; ${context.runs} runs after ${context.warmup} warm-up calls of each.`,
    );

    // Where the time goes: phase rows (ms per run, over the profiled runs) after the timing rows.
    const profiled: Array<readonly [string, Command]> = [
      ['this build', withoutExtraCa(check('auto'))],
      ...(compared === undefined ? [] : [['compared build', withoutExtraCa(compared)] as const]),
    ];
    const breakdowns = [];
    for (const [build, command] of profiled) {
      context.log(`P1: profiling ${PROFILE_RUNS} runs of ${build}'s check ${NO_CA}`);
      breakdowns.push([build, await profileCheck(command, PROFILE_RUNS)] as const);
    }
    const phaseNames = [...new Set(breakdowns.flatMap(([, b]) => b.phases.map(([phase]) => phase)))];
    for (const phase of ['whole run, profiled', ...phaseNames]) {
      for (const [build, breakdown] of breakdowns) {
        const stats =
          phase === 'whole run, profiled' ? breakdown.wall : breakdown.phases.find(([p]) => p === phase)?.[1];
        if (stats !== undefined)
          rows.push({ workload: `check --cpu-prof, ${PROFILE_RUNS} runs`, op: phase, impl: build, stats, ratios: {} });
      }
    }
    notes.push(
      `The \`check --cpu-prof\` rows (${NO_CA}) say where the time goes, phase by phase (bench/cpu-phases.ts): a sample counts for the innermost phase on its stack; idle time and callbacks for the phase that ran last (check runs them in sequence, and idles only while one waits for its child process or I/O); node start is spawn → profiler start. The profiler itself slows the run.${compared === undefined ? '' : ` The compared build is ${compareCli ?? ''}.`}`,
    );
    return {
      id: 'p1',
      title: '`convgrade check` of a correct TS solution vs `node -e 0`',
      baselines,
      rows,
      verdicts,
      notes,
    };
  } finally {
    await sandbox?.close();
    work.remove();
  }
}

export const p1Suite: Suite = { id: 'p1', title: 'convgrade check vs node -e 0', run: runP1 };
