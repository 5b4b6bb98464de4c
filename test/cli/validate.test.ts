/**
 * `convgrade validate` and `convgrade variant`, in-process through their run functions, plus one
 * end-to-end run of the built CLI for the exit codes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderVariant } from '../../cli/commands/variant.js';
import { runValidate } from '../../cli/commands/validate.js';
import { bundledExerciseIds, resolveExercise } from '../../cli/resolve-exercise.js';
import { UsageError } from '../../grader/errors.js';

async function validate(args: string[], qa?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runValidate(
    args,
    qa === undefined ? {} : { qa },
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
}

describe('convgrade validate', () => {
  it('validates every bundled exercise by default', async () => {
    const { code, out } = await validate([]);
    expect(code).toBe(0);
    for (const id of bundledExerciseIds())
      expect(out).toMatch(new RegExp(`^ok .*${id}\\.yaml: ${id} v[\\d.]+, \\d+ questions, [\\d.]+ points$`, 'm'));
  });

  it('reports every problem of every file as file:line:col and exits 2', async () => {
    const { code, err } = await validate([
      'test/fixtures/specs/negative-points.yaml',
      'test/fixtures/specs/unknown-key.yaml',
      'ex9-convolution',
    ]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual([
      'test/fixtures/specs/negative-points.yaml:10:13: "points" must be a positive number, got -1',
      'test/fixtures/specs/negative-points.yaml:18:24: "rtol" must be a non-negative number, got -0.5',
      'test/fixtures/specs/unknown-key.yaml:7:1: unknown key "author" at the top level (allowed: id, title, source, version, salt, defaults, python, questions)',
      'test/fixtures/specs/unknown-key.yaml:12:5: unknown key "tolerence" in "questions[0]" (allowed: id, title, points, answers, formulas, parameters, constraints, let, cases, tolerance, partialCredit, float32Credit, fieldCredit, optionText, shapeHints, diagnosisHints, misconceptions)',
      'test/fixtures/specs/unknown-key.yaml:16:84: unknown key "rs" in "exports" (allowed: ts, js, py)',
      '5 problems in 3 specs',
    ]);
  });

  it('--qa passes on every bundled exercise: misconceptions in-process, staff solutions in the sandbox', async () => {
    const { code, out, err } = await validate([], '4');
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const id of bundledExerciseIds()) {
      expect(out).toMatch(new RegExp(`^qa ${id}: 4 students, \\d+ cases, misconceptions passed: `, 'm'));
      expect(out).toMatch(new RegExp(`^qa ${id}: staff solutions passed: .*solution\\.py.* scored full marks`, 'm'));
    }
  });

  it('rejects a bad --qa count and an unknown exercise as usage errors', async () => {
    await expect(validate([], 'many')).rejects.toThrow(UsageError);
    await expect(validate(['no-such-exercise'])).rejects.toThrow(
      `Unknown exercise "no-such-exercise": not a file and not a bundled exercise (${bundledExerciseIds().join(', ')})`,
    );
  });
});

describe('bundled exercise ids', () => {
  it('resolve to the files in exercises/', () => {
    expect(bundledExerciseIds()).toEqual(
      readdirSync('exercises')
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => name.slice(0, -5))
        .sort(),
    );
    expect(resolveExercise('ex9-extended')).toMatch(/exercises\/ex9-extended\.yaml$/);
    expect(resolveExercise('exercises/ex9-extended.yaml')).toBe('exercises/ex9-extended.yaml');
  });
});

describe('convgrade variant', () => {
  it('prints the same JSON for the same student, other JSON for another', () => {
    const alice = renderVariant('ex9-convolution', { student: 'alice', json: true }, {});
    expect(renderVariant('ex9-convolution', { student: 'alice', json: true }, {})).toBe(alice);
    expect(renderVariant('ex9-convolution', { student: 'bob', json: true }, {})).not.toBe(alice);
    const parsed = JSON.parse(alice) as {
      visibility: string;
      questions: {
        id: string;
        cases: { id: string; inputs: unknown; calls: { function: string; expected: unknown }[] }[];
      }[];
    };
    expect(parsed.visibility).toBe('public');
    expect(parsed.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(parsed.questions[0]?.cases[0]?.calls[0]?.function).toBe('featureMapSize');
  });

  it('prints text with inputs and expected answers', () => {
    const text = renderVariant('ex9-extended', { student: 'alice' }, {});
    expect(text).toMatch(/^ex9-extended: public variant of student "alice"/);
    expect(text).toMatch(/^ {2}x3#1 {2}H=\d+ W=\d+ HK=\d+ WK=\d+ s=\d+ p=\d+ d=\d+$/m);
    expect(text).toMatch(/^ {4}outputSize → \{"HF":\d+,"WF":\d+\}$/m);
  });

  it('hidden variants need the secret salt and differ from the public ones', () => {
    expect(() => renderVariant('ex9-extended', { student: 'alice', hidden: true }, {})).toThrow(UsageError);
    const hidden = renderVariant(
      'ex9-extended',
      { student: 'alice', hidden: true, json: true },
      { CONVGRADE_SECRET: 'course-secret-salt-2024' },
    );
    expect(JSON.parse(hidden)).toMatchObject({ visibility: 'hidden' });
    expect(hidden).not.toBe(renderVariant('ex9-extended', { student: 'alice', json: true }, {}));
  });
});

describe.runIf(existsSync('dist/cli/main.js'))('the built CLI', () => {
  it('exits 0 on valid specs and 2 on spec errors', () => {
    expect(execFileSync('node', ['bin/convgrade.js', 'validate', 'ex9-convolution'], { encoding: 'utf8' })).toMatch(
      /^ok /,
    );
    const bad = spawnSync('node', ['bin/convgrade.js', 'validate', 'test/fixtures/specs/unsatisfiable.yaml'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /^test\/fixtures\/specs\/unsatisfiable\.yaml:25:9: question "q1" has an unsatisfiable domain/,
    );
  });
});
