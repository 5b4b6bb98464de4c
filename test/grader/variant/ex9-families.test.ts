/**
 * ex9's misconception families as students really produce them: q3.normalised-kernel's
 * gaussian_filter members equal what scipy.ndimage.gaussian_filter returns on the generated
 * cases (modes reflect, constant and wrap), q3.variance-as-std holds σ = std² and σ = √std
 * (checked against scipy.signal.windows.gaussian), and x2.stride-not-dilated is named when only
 * dX, only dK or both ignore the stride.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { judgeCases } from '../../../grader/judge/index.js';
import type { AnswerValue, RawAnswer } from '../../../grader/result.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import { generateQuestionVariant, loadExercises, type QuestionVariant } from '../../../grader/variant/index.js';

/** python3 with SciPy (CI requires it: test/environment.test.ts); a laptop without it skips the SciPy checks. */
const hasScipy = ((): boolean => {
  try {
    execFileSync('python3', ['-c', 'import scipy.ndimage, scipy.signal.windows'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const [ex9] = loadExercises(['exercises/ex9-convolution.yaml']) as [ExerciseSpec];
const [extended] = loadExercises(['exercises/ex9-extended.yaml']) as [ExerciseSpec];

function variants(spec: ExerciseSpec, id: string, students: number): QuestionVariant[] {
  const question = spec.questions.find((q) => q.id === id);
  if (question === undefined) throw new Error(id);
  return Array.from({ length: students }, (_, s) =>
    generateQuestionVariant(spec, question, { student: `fam-${s}`, salt: 'families/hidden', visibility: 'hidden' }),
  );
}

/** What SciPy computes on every q3 case: gaussian_filter in three modes, and blobs with σ = std² and σ = √std. */
const SCIPY = `
import json, sys
import numpy as np
from scipy.ndimage import gaussian_filter
from scipy.signal import convolve2d
from scipy.signal.windows import gaussian
out = []
for p in json.load(sys.stdin):
    n = p['size']
    canvas = np.zeros((n, n))
    for i, j in p['points']:
        canvas[i, j] = 1
    blobs = lambda s: convolve2d(canvas, np.outer(gaussian(p['window'], s), gaussian(p['window'], s)), 'same').tolist()
    out.append({
        'filters': [gaussian_filter(canvas, p['std'], mode=m).tolist() for m in ('reflect', 'constant', 'wrap')],
        'squared': blobs(p['std'] ** 2),
        'root': blobs(np.sqrt(p['std'])),
    })
json.dump(out, sys.stdout)
`;

describe.runIf(hasScipy)("ex9's q3 families match what SciPy produces", () => {
  const cases = variants(ex9, 'q3', 12).flatMap((v) => v.cases);
  const scipy = hasScipy
    ? (JSON.parse(
        execFileSync('python3', ['-c', SCIPY], {
          input: JSON.stringify(cases.map((c) => c.params)),
          maxBuffer: 1 << 28,
        }).toString(),
      ) as { filters: AnswerValue[]; squared: AnswerValue; root: AnswerValue }[])
    : [];
  const q3 = ex9.questions.find((q) => q.id === 'q3');
  if (q3 === undefined) throw new Error('q3');

  it('gaussian_filter in every mode is a member of q3.normalised-kernel, on every case', () => {
    expect(cases.length).toBe(60);
    for (const mode of [0, 1, 2]) {
      const answers = cases.map((_c, k): RawAnswer[] => [{ kind: 'value', value: scipy[k]?.filters[mode] ?? null }]);
      const judged = judgeCases(q3, { question: 'q3', cases }, answers, {
        visibility: 'hidden',
        caseScore: 1,
        exportName: (fn) => fn,
      });
      // The kernel is normalised, so its blobs are never right: every case names the misconception.
      for (const c of judged.cases)
        expect(c.misconception, `mode ${mode} ${c.id}: ${c.message}`).toBe('q3.normalised-kernel');
    }
  });

  it('σ = std² and σ = √std are both q3.variance-as-std', () => {
    for (const pick of ['squared', 'root'] as const) {
      const answers = cases.map((_c, k): RawAnswer[] => [{ kind: 'value', value: scipy[k]?.[pick] ?? null }]);
      const judged = judgeCases(q3, { question: 'q3', cases }, answers, {
        visibility: 'hidden',
        caseScore: 1,
        exportName: (fn) => fn,
      });
      const failed = judged.cases.filter((c) => c.status !== 'passed');
      expect(failed.length, pick).toBeGreaterThan(0);
      for (const c of failed) expect(c.misconception, `${pick} ${c.id}`).toBe('q3.variance-as-std');
    }
  });
});

describe('the x2 family field by field', () => {
  it('x2.stride-not-dilated is named field by field: dX only, dK only, both', () => {
    const x2 = extended.questions.find((q) => q.id === 'x2');
    if (x2 === undefined) throw new Error('x2');
    const all = variants(extended, 'x2', 10);
    const both = (c: (typeof all)[number]['cases'][number]): Record<string, AnswerValue> | undefined => {
      const m = c.calls[0]?.mutants.find((x) => x.id === 'x2.stride-not-dilated' && x.member === 2);
      return m?.answer.kind === 'value' ? (m.answer.value as Record<string, AnswerValue>) : undefined;
    };
    for (const keep of ['dK', 'dX', null] as const) {
      let named = 0;
      for (const v of all) {
        const answers = v.cases.map((c): RawAnswer[] => {
          const wrong = both(c);
          const right = c.calls[0]?.expected as Record<string, AnswerValue>;
          if (wrong === undefined) return [{ kind: 'value', value: right }];
          const value = keep === null ? wrong : { ...wrong, [keep]: right[keep] ?? null };
          return [{ kind: 'value', value }];
        });
        const judged = judgeCases(x2, v, answers, { visibility: 'hidden', caseScore: 1, exportName: (fn) => fn });
        for (const c of judged.cases.filter((r) => r.status !== 'passed')) {
          expect(c.misconception, `${keep ?? 'both'} ${c.id}: ${c.message}`).toBe('x2.stride-not-dilated');
          if (keep !== null) expect(c.message).toMatch(new RegExp(`${keep} is right`));
          named++;
        }
      }
      expect(named, String(keep)).toBeGreaterThan(0);
    }
  });
});
