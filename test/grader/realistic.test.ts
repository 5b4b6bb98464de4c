/**
 * Realistic submissions (test/fixtures/realistic/, right and wrong, in TypeScript, JavaScript,
 * Python and answers.yaml, float32 and unusual styles included) graded end to end in the sandbox
 * on hidden cases, against the verdict a TA gives each (verdicts.yaml): every correct one scores
 * full, each mistake costs only its question (or its field), and every wrong answer's message
 * names the misconception or says what the values show.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harnessVersion } from '../../cli/version.js';
import { gradeSubmission } from '../../grader/grade.js';
import type { QuestionResult, SubmissionResult } from '../../grader/result.js';
import type { ExerciseSpec } from '../../grader/spec/index.js';
import { loadExercises } from '../../grader/variant/index.js';

const ROOT = 'test/fixtures/realistic';

interface QuestionVerdict {
  readonly status?: QuestionResult['status'];
  readonly score?: number;
  readonly by?: QuestionResult['answeredBy'];
  readonly misconception?: string;
  readonly diagnosis?: readonly string[];
  readonly message?: string;
  readonly note?: string;
}

interface Verdict {
  readonly what: string;
  readonly before: number;
  readonly score?: number;
  readonly questions?: Readonly<Record<string, QuestionVerdict>>;
}

const verdicts = parse(readFileSync(join(ROOT, 'verdicts.yaml'), 'utf8')) as Record<string, Verdict>;
const specs: Record<string, ExerciseSpec> = {
  'ex9-convolution': loadExercises(['exercises/ex9-convolution.yaml'])[0] as ExerciseSpec,
  'ex9-extended': loadExercises(['exercises/ex9-extended.yaml'])[0] as ExerciseSpec,
  'box-blur': loadExercises([join(ROOT, 'course/box-blur.yaml')])[0] as ExerciseSpec,
};

function grade(key: string): Promise<SubmissionResult> {
  const [exercise = '', name = ''] = key.split('/');
  const spec = specs[exercise];
  if (spec === undefined) throw new Error(`no spec for ${key}`);
  return gradeSubmission(
    { id: name, path: join(ROOT, exercise, name) },
    {
      spec,
      visibility: 'hidden',
      salt: 'realistic-submissions/test-secret',
      isolation: 'auto',
      isolationLevel: 'basic',
      harnessVersion: harnessVersion(),
      // Generous: the machine may be loaded; a timeout is not what these fixtures test.
      timeoutMsPerCall: 20_000,
    },
  );
}

describe('the realistic submissions', () => {
  it('are all listed, and there are at least 26 of them in every language', () => {
    const folders = Object.keys(specs).flatMap((ex) => readdirSync(join(ROOT, ex)).map((name) => `${ex}/${name}`));
    expect(folders.sort()).toEqual(Object.keys(verdicts).sort());
    expect(folders.length).toBeGreaterThanOrEqual(26);
    for (const prefix of ['py-', 'js-', 'ts-', 'yaml-'])
      expect(folders.filter((f) => f.split('/')[1]?.startsWith(prefix)).length, prefix).toBeGreaterThan(1);
  });

  it.each(Object.entries(verdicts))(
    '%s gets the verdict a TA gives',
    async (key, verdict) => {
      const result = await grade(key);
      expect(result.status, result.error).toBe('graded');
      const listed = verdict.questions ?? {};
      for (const q of result.questions) {
        const want = listed[q.id];
        const where = `${key} ${q.id}: ${q.cases.find((c) => c.status !== 'passed')?.message ?? ''} ${(q.notes ?? []).join(' | ')}`;
        if (want === undefined) {
          // Each mistake costs only its question: every other question is right.
          expect(q.status, where).toBe('passed');
          continue;
        }
        if (want.status !== undefined) expect(q.status, where).toBe(want.status);
        if (want.score !== undefined) expect(q.score, where).toBe(want.score);
        if (want.by !== undefined) expect(q.answeredBy, where).toBe(want.by);
        if (want.misconception !== undefined) expect(q.misconceptions, where).toContain(want.misconception);
        const kinds = [...new Set(q.cases.flatMap((c) => (c.diagnosis === undefined ? [] : [c.diagnosis])))];
        for (const kind of want.diagnosis ?? []) expect(kinds, where).toContain(kind);
        const failing = q.cases.filter((c) => c.status !== 'passed');
        if (want.message !== undefined)
          expect(
            failing.some((c) => new RegExp(want.message ?? '').test(c.message)),
            where,
          ).toBe(true);
        if (want.note !== undefined)
          expect(
            (q.notes ?? []).some((n) => new RegExp(want.note ?? '').test(n)),
            where,
          ).toBe(true);
        // A wrong value is never left unexplained: a misconception, a generic diagnosis, or what was expected.
        for (const c of failing.filter((f) => f.status === 'failed'))
          expect(
            c.misconception !== undefined ||
              c.diagnosis !== undefined ||
              /no known mistake matches|^expected a |option "/.test(c.message) ||
              /: expected a /.test(c.message),
            `${key} ${c.id}: ${c.message}`,
          ).toBe(true);
      }
      if (verdict.score !== undefined) expect(result.score, key).toBe(verdict.score);
      // A flooding function costs a fresh sandbox per call: room for a loaded machine.
    },
    240_000,
  );
});
