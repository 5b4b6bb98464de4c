/**
 * Spec loading: the bundled specs are valid, and each invalid fixture reports exactly its
 * problems at `file:line:col` (snapshotted). Every problem of every file is collected.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
  const bundled = readdirSync('exercises')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `exercises/${name}`);

  it('there are bundled specs', () => expect(bundled.length).toBeGreaterThan(0));

  it.each(bundled)('%s loads without problems and has the id of its file name', (file) => {
    const [spec] = loadExercises([file]);
    expect(spec?.questions.length).toBeGreaterThan(0);
    expect(`exercises/${spec?.id}.yaml`).toBe(file);
  });
});

describe('invalid fixtures report file:line:col', () => {
  it('a YAML syntax error', () => {
    expect(problemsOf(`${FIXTURES}/syntax-error.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/syntax-error.yaml:3:8: YAML syntax error: the string opened here is never closed (expected "); the parser gave up at 5:1: Missing closing "quote",
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
        "test/fixtures/specs/unknown-key.yaml:7:1: unknown key "author" at the top level (allowed: id, title, source, version, salt, defaults, python, questions)",
        "test/fixtures/specs/unknown-key.yaml:12:5: unknown key "tolerence" in "questions[0]" (allowed: id, title, points, answers, formulas, parameters, constraints, let, cases, tolerance, partialCredit, float32Credit, fieldCredit, optionText, shapeHints, diagnosisHints, misconceptions)",
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

  it('misconceptions whose expressions do not check, each at its character (and a bad constraint)', () => {
    expect(problemsOf(`${FIXTURES}/bad-misconceptions.yaml`)).toMatchInlineSnapshot(`
      [
        "test/fixtures/specs/bad-misconceptions.yaml:21:13: in expression "HK = WK": unexpected character "="",
        "test/fixtures/specs/bad-misconceptions.yaml:35:9: duplicate misconception "q1.unknown-name" (first at line 23)",
        "test/fixtures/specs/bad-misconceptions.yaml:25:32: in expression "convolve2d(X, dLdY, 'valid')": unknown name "dLdY" (known: H, W, X, dLdF)",
        "test/fixtures/specs/bad-misconceptions.yaml:28:38: in expression "convolve2d(X, dLdF, 'vald')": argument 3 (mode) of convolve2d: expected one of 'full', 'same', 'valid', got 'vald'",
        "test/fixtures/specs/bad-misconceptions.yaml:31:18: in expression "transpose(X, [1, 0], 2)": transpose() takes 1 to 2 arguments, got 3",
        "test/fixtures/specs/bad-misconceptions.yaml:34:18: in expression "sum(X)": the answer of gradKernel is an array HK×WK, this is a number",
        "test/fixtures/specs/bad-misconceptions.yaml:39:16: in expression "X.dK": ".dK" needs a record, got a rank-2 array",
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

  it('reports a function that is not a reference function and has no expected expression', () => {
    const { problems } = parseSpec(base, 'x.yaml', { functions: ['conv2d'] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^x\.yaml:\d+:\d+: "conv2dBackward" is not a reference function \(the reference has: conv2d\); give the right answer as "expected: <expression>"$/,
    );
  });

  it('reads python.preload, and reports an entry that is not a dotted module name at the entry', () => {
    const withPreload = (list: string) => base.replace('defaults:', `python:\n  preload: ${list}\ndefaults:`);
    const good = parseSpec(withPreload('[scipy.ndimage, fractions]'), 'x.yaml');
    expect(good.problems).toEqual([]);
    expect(good.spec?.pythonPreload).toEqual(['scipy.ndimage', 'fractions']);
    expect(parseSpec(base, 'x.yaml').spec?.pythonPreload).toEqual([]);
    const bad = parseSpec(withPreload('[scipy.ndimage, "os; rm -rf /"]'), 'x.yaml');
    expect(bad.spec).toBeNull();
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatch(/^x\.yaml:\d+:\d+: "preload\[1\]" must match/);
    expect(parseSpec(withPreload('[numpy, numpy]'), 'x.yaml').problems).toHaveLength(1);
  });

  it('reports duplicate question ids', () => {
    const text = base.replace('- id: x3', '- id: x1');
    expect(parseSpec(text, 'x.yaml').problems.join('\n')).toMatch(/duplicate question id "x1"/);
  });
});
