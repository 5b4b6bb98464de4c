/**
 * Spec loading: the bundled specs are valid, and each invalid fixture reports exactly its
 * problems at `file:line:col` (snapshotted). Every problem of every file is collected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../../grader/errors.js';
import { loadSpecs, parseSpec } from '../../../grader/spec/index.js';
import { loadExercises } from '../../../grader/variant/index.js';

const FIXTURES = 'test/fixtures/specs';

function problemsOf(...files: string[]): readonly string[] {
  try {
    loadExercises(files);
  } catch (error: unknown) {
    if (error instanceof SpecError) return error.problems;
    throw error;
  }
  return [];
}

describe('bundled specs', () => {
  it.each(['exercises/ex9-convolution.yaml', 'exercises/ex9-extended.yaml'])(
    '%s loads without problems and names its schema',
    (file) => {
      const [spec] = loadExercises([file]);
      expect(spec?.questions.length).toBeGreaterThan(0);
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./exercise.schema.json');
    },
  );

  it('ex9-convolution has q1–q6 worth 11 points and every misconception of EXERCISES.md', () => {
    const [spec] = loadExercises(['exercises/ex9-convolution.yaml']);
    expect(spec?.questions.map((q) => `${q.id}:${q.points}`)).toEqual(['q1:2', 'q2:2', 'q3:2', 'q4:1', 'q5:2', 'q6:2']);
    expect(spec?.questions.flatMap((q) => q.misconceptions.map((m) => m.id))).toHaveLength(18);
    expect(spec?.questions.find((q) => q.id === 'q2')?.functions.map((f) => f.exports.py)).toEqual([
      'conv_multiplications',
      'fc_multiplications',
      'reduction_factor',
    ]);
  });

  it('ex9-extended has x1–x3 worth 10 points', () => {
    const [spec] = loadExercises(['exercises/ex9-extended.yaml']);
    expect(spec?.questions.map((q) => `${q.id}:${q.points}`)).toEqual(['x1:3', 'x2:4', 'x3:3']);
  });
});

describe('invalid fixtures report file:line:col', () => {
  it('a YAML syntax error', () => {
    expect(problemsOf(`${FIXTURES}/syntax-error.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/syntax-error.yaml:3:8: YAML syntax error: Missing closing "quote (the string opened here is never closed)",
      ]
    `);
  });

  it('a wrong type', () => {
    expect(problemsOf(`${FIXTURES}/wrong-type.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/wrong-type.yaml:10:13: "points" must be a number, got "two"",
        "test/fixtures/specs/wrong-type.yaml:18:22: "public" must be an integer, got 2.5",
      ]
    `);
  });

  it('unknown keys, at the key', () => {
    expect(problemsOf(`${FIXTURES}/unknown-key.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/unknown-key.yaml:7:1: unknown key "author" at the top level (allowed: id, title, source, version, salt, defaults, questions)",
        "test/fixtures/specs/unknown-key.yaml:12:5: unknown key "tolerence" in "questions[0]" (allowed: id, title, points, answers, parameters, constraints, cases, tolerance, partialCredit, misconceptions)",
        "test/fixtures/specs/unknown-key.yaml:16:84: unknown key "rs" in "exports" (allowed: ts, js, py)",
      ]
    `);
  });

  it('negative points', () => {
    expect(problemsOf(`${FIXTURES}/negative-points.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/negative-points.yaml:10:13: "points" must be a positive number, got -1",
        "test/fixtures/specs/negative-points.yaml:18:24: "rtol" must be a non-negative number, got -0.5",
      ]
    `);
  });

  it('an unsatisfiable constraint, at the constraint that rejects', () => {
    expect(problemsOf(`${FIXTURES}/unsatisfiable.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/unsatisfiable.yaml:25:9: question "q1" has an unsatisfiable domain: no case in 2000 draws; most draws (2000) failed because constraint "H > 20" does not hold",
      ]
    `);
  });

  it('an unknown misconception id (and a bad constraint expression in the same file)', () => {
    expect(problemsOf(`${FIXTURES}/unknown-misconception.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/unknown-misconception.yaml:26:13: in expression "HK = WK": unexpected character "="",
        "test/fixtures/specs/unknown-misconception.yaml:30:13: unknown misconception "q1.forgot-everything" (known for q1: q1.missing-plus-one, q1.single-padding, q1.no-stride, q1.channels-kept, q1.swapped-dims)",
      ]
    `);
  });

  it('every problem of every file, never only the first', () => {
    const all = problemsOf(
      `${FIXTURES}/wrong-type.yaml`,
      `${FIXTURES}/unknown-key.yaml`,
      `${FIXTURES}/negative-points.yaml`,
      'exercises/ex9-convolution.yaml',
    );
    expect(all).toHaveLength(2 + 3 + 2);
    expect(new Set(all.map((p) => p.split(':')[0]))).toEqual(
      new Set([`${FIXTURES}/wrong-type.yaml`, `${FIXTURES}/unknown-key.yaml`, `${FIXTURES}/negative-points.yaml`]),
    );
  });

  it('an unreadable file is a problem too', () => {
    expect(loadSpecs([`${FIXTURES}/does-not-exist.yaml`]).problems).toEqual([
      `${FIXTURES}/does-not-exist.yaml:1:1: cannot read the spec (ENOENT)`,
    ]);
  });
});

describe('cross-reference checks', () => {
  const base = readFileSync('exercises/ex9-extended.yaml', 'utf8');

  it('reports an argument naming an unknown parameter and a domain bound using a later one', () => {
    const text = base
      .replace(
        'args: [X, K, { stride: s, padding: p, dilation: d }]',
        'args: [X, Kernel, { stride: s, padding: p, dilation: d }]',
      )
      .replace('H: { int: [3, 10] }', 'H: { int: [3, W] }');
    const { problems } = parseSpec(text, 'x.yaml', { functions: ['conv2d', 'conv2dBackward', 'outputSize'] });
    expect(problems.some((p) => /^x\.yaml:\d+:\d+: argument refers to unknown parameter "Kernel"$/.test(p))).toBe(true);
    expect(problems.some((p) => /unknown name "W"/.test(p))).toBe(true);
  });

  it('reports an unknown function name against the injected list', () => {
    const { problems } = parseSpec(base, 'x.yaml', { functions: ['conv2d'] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^x\.yaml:\d+:\d+: unknown function "conv2dBackward" \(the reference has: conv2d\)$/);
  });

  it('reports duplicate question ids', () => {
    const text = base.replace('- id: x3', '- id: x1');
    expect(parseSpec(text, 'x.yaml').problems.join('\n')).toMatch(/duplicate question id "x1"/);
  });
});
