/**
 * P1 (PERFORMANCE.md): `convgrade check` of a correct TypeScript ex9 solution (the staff
 * solution.ts with the staff answers.yaml), terminal summary and HTML report included, ≤ 8× the
 * time of `node -e 0` measured in the same run. Every candidate is a whole process spawned from
 * here (process start included), sampled round-robin with the baseline.
 *
 * Both are started in this process's environment, as a student's shell would. When
 * NODE_EXTRA_CA_CERTS is set (it is on the reference machines), Node reads that bundle at every
 * start (~30 ms), which is most of `node -e 0`; the suite then also measures both without it,
 * and reports that ratio as a secondary figure.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './paths.js';
import { convgrade, nodeE0, processSampler, runChecked, sandboxBaselines, tempDir, type Command } from './processes.js';
import type { Candidate, Stats } from './stats.js';
import { measureSideBySide } from './stats.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

const BASELINE = 'node -e 0';
const BASELINE_NO_CA = 'node -e 0, no extra CA';
const JUDGED = 'check, auto isolation';
const TARGET = 8;

function withoutExtraCa(command: Command): Command {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(command.env ?? process.env)) {
    if (value !== undefined && key !== 'NODE_EXTRA_CA_CERTS') env[key] = value;
  }
  return { ...command, env };
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

    // The answer first: a correct solution must get full marks, or the timing means nothing.
    const probe = join(work.path, 'probe.json');
    await runChecked(
      convgrade(['check', solution, '--report', report, '--json', probe], work.path),
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
    const candidates: Candidate[] = [
      { name: BASELINE, sample: processSampler(nodeE0, BASELINE) },
      { name: JUDGED, sample: processSampler(check('auto'), JUDGED) },
      { name: 'check, basic isolation', sample: processSampler(check('basic'), 'check --isolation basic') },
      ...(sandbox === undefined
        ? []
        : [{ name: 'sandboxed node -e 0', sample: processSampler(sandbox.node, 'sandboxed node -e 0') }]),
      ...(extraCa === undefined
        ? []
        : [
            { name: BASELINE_NO_CA, sample: processSampler(withoutExtraCa(nodeE0), BASELINE_NO_CA) },
            {
              name: 'check, auto, no extra CA',
              sample: processSampler(withoutExtraCa(check('auto')), 'check without NODE_EXTRA_CA_CERTS'),
            },
          ]),
    ];
    context.log(`P1: ${candidates.map((c) => c.name).join(', ')}`);
    const stats = await measureSideBySide(candidates, { ...context, minSampleMs: Math.min(context.minSampleMs, 20) });
    const baselines = [BASELINE, ...(extraCa === undefined ? [] : [BASELINE_NO_CA])];
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

    const verdicts: Verdict[] = [];
    const judged = stats.get(JUDGED) as Stats;
    const base = stats.get(BASELINE) as Stats;
    const ratio = judged.medianMs / base.medianMs;
    verdicts.push({
      target: `P1 check ≤ ${TARGET}× node -e 0`,
      met: ratio <= TARGET,
      detail: `${formatMs(judged.medianMs)} ms vs node -e 0 ${formatMs(base.medianMs)} ms = ${ratio.toFixed(2)}×${ratio <= TARGET ? '' : `, needs ≤ ${formatMs(TARGET * base.medianMs)} ms (${formatMs(judged.medianMs - TARGET * base.medianMs)} ms too slow)`}`,
    });
    if (extraCa !== undefined) {
      const noCa = stats.get('check, auto, no extra CA') as Stats;
      const baseNoCa = stats.get(BASELINE_NO_CA) as Stats;
      const r = noCa.medianMs / baseNoCa.medianMs;
      verdicts.push({
        target: `secondary: both without NODE_EXTRA_CA_CERTS`,
        met: r <= TARGET,
        detail: `${formatMs(noCa.medianMs)} ms vs ${formatMs(baseNoCa.medianMs)} ms = ${r.toFixed(2)}× (not the target as written: a bare Node start is then ~${formatMs(baseNoCa.medianMs)} ms, and 8× of it leaves no room for one sandboxed run)`,
      });
      notes.push(
        `NODE_EXTRA_CA_CERTS=${extraCa} is set in this environment: every Node start reads that bundle (node -e 0 ${formatMs(base.medianMs)} ms with it, ${formatMs(baseNoCa.medianMs)} ms without). The sandboxed children never see it (their environment is cleared).`,
      );
    }
    notes.push(
      `Ratios are median ÷ median of the same run; samples round-robin with the order rotated each round; ${context.runs} runs after ${context.warmup} warm-up calls of each.`,
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
