/**
 * `validate --qa N`, staff half: every staff solution in `<spec dir>/solutions/<id>/` graded
 * through the real sandboxed path (grader/grade.ts) on N students' variants. Each code file there
 * (solution.ts, solution.mjs or .js, solution.py) is staged as its own submission together with
 * the staff answers.yaml, and must score full marks; answers.yaml alone must pass every question
 * it answers (and all of them when there is no code). No staff solution at all is a failure.
 * The languages run side by side, each in one sandbox for all N students.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gradeAsStudents, type GradeOptions } from '../grader/grade.js';
import { staffShortfalls, type QaFailure } from '../grader/judge/index.js';
import type { ExerciseVariant } from '../grader/variant/index.js';
import type { SubmissionResult } from '../grader/result.js';
import type { ExerciseSpec } from '../grader/spec/index.js';

const CODE_FILES = ['solution.ts', 'solution.mjs', 'solution.js', 'solution.py', 'solution.ipynb'];

export interface StaffQaReport {
  /** The staff files graded, e.g. `solution.ts + answers.yaml`. */
  readonly graded: readonly string[];
  readonly failures: readonly QaFailure[];
}

/** The staff solutions folder of a spec: `<spec dir>/solutions/<id>/`. */
export function staffSolutionsDir(spec: ExerciseSpec): string {
  return join(dirname(spec.file), 'solutions', spec.id);
}

export async function runStaffQa(
  spec: ExerciseSpec,
  variants: readonly ExerciseVariant[],
  options: Omit<GradeOptions, 'spec' | 'visibility' | 'salt' | 'reuse'>,
): Promise<StaffQaReport> {
  const dir = staffSolutionsDir(spec);
  const present = existsSync(dir) ? readdirSync(dir) : [];
  const code = CODE_FILES.filter((name) => present.includes(name));
  const answers = present.includes('answers.yaml');
  if (code.length === 0 && !answers) {
    const failure = `no staff solution: ${dir} holds none of ${[...CODE_FILES, 'answers.yaml'].join(', ')}`;
    return { graded: [], failures: [{ student: '-', question: '-', misconception: null, problem: failure }] };
  }
  const work = mkdtempSync(join(tmpdir(), 'convgrade-staff-qa-'));
  try {
    const runs = [
      ...code.map((file) => ({ files: answers ? [file, 'answers.yaml'] : [file], every: true })),
      ...(answers ? [{ files: ['answers.yaml'], every: code.length === 0 }] : []),
    ];
    const graded = await Promise.all(
      runs.map(async (run, slot) => {
        const path = join(work, `staff-${slot}`);
        mkdirSync(path);
        for (const file of run.files) copyFileSync(join(dir, file), join(path, file));
        const results = await gradeAsStudents({ id: 'staff', path }, variants, { ...options, spec }, slot);
        return { label: run.files.join(' + '), every: run.every, results };
      }),
    );
    return {
      graded: graded.map((g) => g.label),
      failures: graded.flatMap((g) => failuresOf(g.label, g.results, g.every)),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function failuresOf(label: string, results: readonly SubmissionResult[], every: boolean): QaFailure[] {
  return results.flatMap((result) =>
    staffShortfalls(result, every).map((problem) => ({
      student: result.submission.id,
      question: problem.split(' ')[0] ?? '-',
      misconception: null,
      problem: `staff ${label} (${result.variant.visibility} variant): ${problem}`,
    })),
  );
}
