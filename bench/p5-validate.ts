/**
 * P5 (PERFORMANCE.md): `convgrade validate --qa 200` on ex9 (every misconception's wrong answers
 * in-process and every staff solution in the sandbox, on 200 students) ≤ 10 s; ex9-extended
 * measured too. Whole processes spawned from
 * here, process start included, round-robin with `node -e 0` (the ratio is context only: P5 is
 * an absolute target). The QA's own in-process time, as `validate` prints it, is noted.
 */
import { convgrade, nodeE0, processSampler, runChecked, tempDir, type Command } from './processes.js';
import type { Candidate, Stats } from './stats.js';
import { measureSideBySide, median } from './stats.js';
import type { Row, Suite, SuiteContext, SuiteResult, Verdict } from './suite.js';
import { formatMs } from './table.js';

const BASELINE = 'node -e 0';
const STUDENTS = 200;
const LIMIT_MS = 10_000;
const EXERCISES = ['ex9-convolution', 'ex9-extended'] as const;

async function runP5(context: SuiteContext): Promise<SuiteResult> {
  const work = tempDir('p5');
  try {
    const qaSeconds = new Map<string, number[]>();
    const command = (exercise: string): Command =>
      convgrade(['validate', exercise, '--qa', String(STUDENTS)], work.path);
    const sampler =
      (exercise: string): Candidate['sample'] =>
      async (inner) => {
        let total = 0;
        for (let k = 0; k < inner; k++) {
          const done = await runChecked(command(exercise), `convgrade validate ${exercise} --qa ${STUDENTS}`);
          if (!/misconceptions passed: /.test(done.stdout) || !/staff solutions passed: /.test(done.stdout))
            throw new Error(`validate ${exercise} --qa did not pass:\n${done.stdout}`);
          // The in-process QA and the sandboxed staff solutions, as validate prints them.
          const parts = [...done.stdout.matchAll(/^qa .*\(([\d.]+) s\)$/gm)].map((m) => Number(m[1]));
          if (parts.length > 0)
            qaSeconds.set(exercise, [...(qaSeconds.get(exercise) ?? []), parts.reduce((a, b) => a + b, 0)]);
          total += done.ms;
        }
        return total;
      };
    const candidates: Candidate[] = [
      { name: BASELINE, sample: processSampler(nodeE0, BASELINE) },
      ...EXERCISES.map((exercise) => ({ name: `validate ${exercise} --qa ${STUDENTS}`, sample: sampler(exercise) })),
    ];
    context.log(`P5: ${candidates.map((c) => c.name).join(', ')}`);
    const stats = await measureSideBySide(candidates, { ...context, warmup: 1, minSampleMs: 0 });
    const base = stats.get(BASELINE) as Stats;
    const rows: Row[] = candidates.map((c) => {
      const own = stats.get(c.name) as Stats;
      return {
        workload: c.name === BASELINE ? 'baseline' : (c.name.split(' ')[1] ?? ''),
        op: 'process start → exit',
        impl: c.name,
        stats: own,
        ratios: { [BASELINE]: own.medianMs / base.medianMs },
      };
    });
    const verdicts: Verdict[] = EXERCISES.map((exercise) => {
      const own = stats.get(`validate ${exercise} --qa ${STUDENTS}`) as Stats;
      return {
        target: `P5 validate ${exercise} --qa ${STUDENTS} ≤ 10 s${exercise === 'ex9-convolution' ? '' : ' (reported, same limit)'}`,
        met: own.medianMs <= LIMIT_MS,
        detail: `median ${formatMs(own.medianMs)} ms (max ${formatMs(own.maxMs)} ms) = ${(own.medianMs / LIMIT_MS).toFixed(2)} of the limit`,
      };
    });
    const notes = EXERCISES.map((exercise) => {
      const qa = qaSeconds.get(exercise) ?? [];
      const mid = qa.length === 0 ? NaN : median(qa);
      return `${exercise}: the QA loop itself (as \`validate\` prints it, without process start, module loading and spec loading) (in-process QA plus the sandboxed staff solutions) took ${mid.toFixed(1)} s median over ${qa.length} calls (warm-up included)`;
    });
    notes.push(
      `Each sample is one whole \`convgrade validate EXERCISE --qa ${STUDENTS}\` process that must report "passed"; ${context.runs} runs after one warm-up.`,
    );
    return { id: 'p5', title: '`convgrade validate --qa 200`', baselines: [BASELINE], rows, verdicts, notes };
  } finally {
    work.remove();
  }
}

export const p5Suite: Suite = { id: 'p5', title: 'convgrade validate --qa 200', run: runP5 };
