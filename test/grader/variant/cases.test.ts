/**
 * Case generation: determinism (byte-identical per student and salt), variety across students,
 * the separation guarantee as a property over student ids, the secret salt, and the call plan.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../grader/errors.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import {
  generateVariant,
  loadExercises,
  planCalls,
  readSecretSalt,
  valuesMatch,
  type ExerciseVariant,
} from '../../../grader/variant/index.js';

const [ex9] = loadExercises(['exercises/ex9-convolution.yaml']) as [ExerciseSpec];
const [extended] = loadExercises(['exercises/ex9-extended.yaml']) as [ExerciseSpec];
/** Every bundled exercise: the guarantees hold for whatever is dropped into exercises/. */
const bundled = loadExercises(
  readdirSync('exercises')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `exercises/${name}`),
);

const json = (v: ExerciseVariant): string => JSON.stringify(v);

describe('determinism', () => {
  it('the same student and salt give byte-identical cases', () => {
    for (const spec of bundled) {
      const a = generateVariant(spec, { student: 'alice', salt: spec.salt, visibility: 'public' });
      const b = generateVariant(spec, { student: 'alice', salt: spec.salt, visibility: 'public' });
      expect(json(a)).toBe(json(b));
    }
  });

  it('other students, and the secret salt, get other cases', () => {
    const cases = (student: string, salt: string): string[] =>
      generateVariant(ex9, { student, salt, visibility: 'public' }).questions.map((q) =>
        JSON.stringify(q.cases.map((c) => c.params)),
      );
    const alice = cases('alice', ex9.salt);
    const bob = cases('bob', ex9.salt);
    const hidden = cases('alice', 'a-secret-salt-of-the-course');
    // Every function question differs (q4, a choice, has no cases).
    alice.forEach((q, i) => {
      if (q === '[]') return;
      expect(bob[i]).not.toBe(q);
      expect(hidden[i]).not.toBe(q);
    });
  });

  it('public and hidden variants have the spec counts', () => {
    const v = generateVariant(extended, { student: 'carol', salt: 'hidden-salt-for-tests', visibility: 'hidden' });
    expect(v.questions.map((q) => q.cases.length)).toEqual(extended.questions.map((q) => q.cases.hidden));
    expect(v.questions[0]?.cases.map((c) => c.id)).toEqual(['x1#1', 'x1#2', 'x1#3', 'x1#4', 'x1#5']);
  });
});

describe('domains', () => {
  it('q1 cases respect the sheet: s divides H − HK + 2p and W − WK + 2p', () => {
    const v = generateVariant(ex9, { student: 'dave', salt: ex9.salt, visibility: 'public' });
    for (const c of v.questions[0]?.cases ?? []) {
      const { H, W, HK, WK, s, p } = c.params as Record<string, number>;
      expect((H! - HK! + 2 * p!) % s!).toBe(0);
      expect((W! - WK! + 2 * p!) % s!).toBe(0);
      expect(H).toBeGreaterThanOrEqual(5);
      expect(H).toBeLessThanOrEqual(64);
    }
  });

  it('q3 points lie on the canvas, at least one window apart', () => {
    for (const student of ['e1', 'e2', 'e3', 'e4']) {
      const q3 = generateVariant(ex9, { student, salt: ex9.salt, visibility: 'public' }).questions[2];
      for (const c of q3?.cases ?? []) {
        const { size, window, points } = c.params as { size: number; window: number; points: number[][] };
        for (const [i, j] of points) expect(i! < size && j! < size && i! >= 0 && j! >= 0).toBe(true);
        for (let a = 0; a < points.length; a++)
          for (let b = a + 1; b < points.length; b++) {
            const d = Math.max(Math.abs(points[a]![0]! - points[b]![0]!), Math.abs(points[a]![1]! - points[b]![1]!));
            expect(d).toBeGreaterThanOrEqual(window);
          }
      }
    }
  });
});

describe('separation guarantee', () => {
  it('for any student, every wrong answer of every listed misconception fails on some case and is told apart from the other misconceptions there', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom(...bundled), (student, spec) => {
        const v = generateVariant(spec, { student, salt: spec.salt, visibility: 'public' });
        return spec.questions.every((question) => {
          const cases = v.questions.find((q) => q.question === question.id)?.cases ?? [];
          return question.misconceptions.every((m) =>
            m.answers.every((_a, member) =>
              cases.some((c) =>
                c.calls.some((call) => {
                  const mine = call.mutants.find((x) => x.id === m.id && x.member === member);
                  if (mine?.answer.kind !== 'value') return false;
                  const value = mine.answer.value;
                  const fails = !valuesMatch(call.expected, value, question.tolerance);
                  const unique = call.mutants.every(
                    (o) =>
                      o.id === m.id ||
                      o.answer.kind !== 'value' ||
                      !valuesMatch(o.answer.value, value, question.tolerance),
                  );
                  return fails && unique;
                }),
              ),
            ),
          );
        });
      }),
      { numRuns: 60 },
    );
  });

  it('the witnesses named in the issue appear: an even q3 window, a non-square q5 kernel, x2 stride > 1', () => {
    for (const student of ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']) {
      const v = generateVariant(ex9, { student, salt: ex9.salt, visibility: 'public' });
      const q3 = v.questions.find((q) => q.question === 'q3')?.cases ?? [];
      expect(q3.some((c) => (c.params['window'] as number) % 2 === 0)).toBe(true);
      const x = generateVariant(extended, { student, salt: extended.salt, visibility: 'public' });
      const x2 = x.questions.find((q) => q.question === 'x2')?.cases ?? [];
      expect(x2.some((c) => (c.params['s'] as number) > 1)).toBe(true);
    }
  });
});

describe('call plan and secret salt', () => {
  it('plans every call with the export name of the language', () => {
    const v = generateVariant(ex9, { student: 'gina', salt: ex9.salt, visibility: 'public' });
    const plan = planCalls(ex9, v, 'py');
    const expected = v.questions.reduce((n, q) => n + q.cases.reduce((m, c) => m + c.calls.length, 0), 0);
    expect(plan.calls).toHaveLength(expected);
    expect(expected).toBe(ex9.questions.reduce((n, q) => n + q.cases.public * q.functions.length, 0));
    expect(new Set(plan.calls.map((c) => c.fn))).toEqual(
      new Set([
        'feature_map_size',
        'conv_multiplications',
        'fc_multiplications',
        'reduction_factor',
        'gaussian_blobs',
        'grad_kernel',
        'grad_input',
      ]),
    );
    expect(plan.slots[5]).toEqual({ question: 'q2', caseIndex: 0, callIndex: 0 });
  });

  it('reads the secret salt from a file or CONVGRADE_SECRET, and refuses without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convgrade-secret-'));
    writeFileSync(join(dir, 'secret'), '  course-secret-salt-2024\n');
    expect(readSecretSalt({ secretFile: join(dir, 'secret'), env: {} })).toBe('course-secret-salt-2024');
    expect(readSecretSalt({ env: { CONVGRADE_SECRET: 'another-secret-salt-123' } })).toBe('another-secret-salt-123');
    expect(() => readSecretSalt({ env: {} })).toThrow(UsageError);
    expect(() => readSecretSalt({ env: { CONVGRADE_SECRET: 'short' } })).toThrow(/at least 16/);
    expect(() => readSecretSalt({ secretFile: join(dir, 'missing'), env: {} })).toThrow(/Cannot read/);
  });
});
