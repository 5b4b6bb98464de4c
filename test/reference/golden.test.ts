/**
 * Golden vectors: the reference against NumPy/SciPy answers written by scripts/golden.py
 * (`npm run golden`) into test/fixtures/golden/*.json; pooling and transposed convolution follow
 * PyTorch's semantics, transcribed from its source into NumPy loops. Every function of the
 * student-API registry must have a golden file, found by its name. No Python is needed here: the JSON is
 * committed. Every value must match at |a − b| ≤ 1e-9 + 1e-9·|b| with the exact shape. (That
 * each misconception differs from the right answer is checked on the exercises' own cases, by
 * the variant generator's separation guarantee and `validate --qa`.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as reference from '../../reference/index.js';

const ATOL = 1e-9;
const RTOL = 1e-9;
const GOLDEN_DIR = new URL('../fixtures/golden/', import.meta.url);

interface GoldenCase {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly expected?: unknown;
  readonly error?: string;
}

interface GoldenFile {
  readonly function: string;
  readonly file: string;
  readonly cases: readonly GoldenCase[];
}

type AnyFunction = (...args: readonly unknown[]) => unknown;

/** The functions the golden files exercise: the student-API registry, by the names used in the fixtures. */
const FUNCTIONS: Readonly<Record<string, unknown>> = reference.studentApi;

function callable(fn: unknown): AnyFunction {
  if (typeof fn !== 'function') throw new TypeError(`Expected a function, got ${typeof fn}`);
  return fn as AnyFunction;
}

function loadGolden(): GoldenFile[] {
  return readdirSync(GOLDEN_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(new URL(file, GOLDEN_DIR), 'utf8')) as Omit<GoldenFile, 'file'>;
      return { ...parsed, file };
    });
}

/** Where `actual` first leaves the tolerance or the shape of `expected`, or null if nowhere. */
function firstMismatch(actual: unknown, expected: unknown, path = ''): string | null {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${path || 'value'}: expected a number, got ${describeValue(actual)}`;
    const diff = Math.abs(actual - expected);
    if (!(diff <= ATOL + RTOL * Math.abs(expected))) {
      return `${path || 'value'}: expected ${expected}, got ${actual} (|a − b| = ${diff})`;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'value'}: expected an array, got ${describeValue(actual)}`;
    if (actual.length !== expected.length) {
      return `${path || 'value'}: expected length ${expected.length}, got ${actual.length}`;
    }
    for (let index = 0; index < expected.length; index++) {
      const found = firstMismatch(actual[index], expected[index], `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return `${path || 'value'}: expected an object, got ${describeValue(actual)}`;
    }
    const expectedKeys = Object.keys(expected).sort();
    const actualKeys = Object.keys(actual).sort();
    if (expectedKeys.join() !== actualKeys.join()) {
      return `${path || 'value'}: expected keys ${expectedKeys.join(', ')}, got ${actualKeys.join(', ')}`;
    }
    for (const key of expectedKeys) {
      const found = firstMismatch(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found !== null) return found;
    }
    return null;
  }
  return Object.is(actual, expected)
    ? null
    : `${path || 'value'}: expected ${String(expected)}, got ${describeValue(actual)}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const golden = loadGolden();

describe('golden fixtures', () => {
  it('cover every reference function the exercises grade, each with cases', () => {
    const covered = golden.map((file) => file.function).sort();
    expect(covered).toEqual(Object.keys(FUNCTIONS).sort());
    for (const file of golden) expect(file.cases.length, file.file).toBeGreaterThan(0);
  });

  it('compare at 1e-9 + 1e-9·|b| and on the exact shape', () => {
    expect(firstMismatch([[1, 2]], [[1, 2 + 1e-10]])).toBeNull();
    expect(firstMismatch([[1, 2]], [[1, 2 + 1e-8]])).toMatch(/\[0\]\[1\]/);
    expect(
      firstMismatch(
        [[1, 2]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toMatch(/length 2, got 1/);
    expect(firstMismatch([[1, 2, 0]], [[1, 2]])).toMatch(/length 2, got 3/);
    expect(firstMismatch({ HF: 3, WF: 4 }, { HF: 3, WF: 4, CF: 1 })).toMatch(/keys/);
    expect(firstMismatch(Number.NaN, 1)).not.toBeNull();
  });
});

for (const file of golden) {
  describe(`${file.function} matches NumPy/SciPy (${file.file})`, () => {
    const name = file.function;
    const fn = reference.isStudentApiName(name) ? callable(FUNCTIONS[name]) : undefined;
    it.each(file.cases.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s', (_label, goldenCase) => {
      expect(fn, `reference has no ${name}`).toBeDefined();
      if (fn === undefined) return;
      if (goldenCase.error !== undefined) {
        expect(() => fn(...structuredClone(goldenCase.args)), `NumPy/SciPy: ${goldenCase.error}`).toThrow(
          reference.ReferenceInputError,
        );
        return;
      }
      const mismatch = firstMismatch(fn(...structuredClone(goldenCase.args)), goldenCase.expected);
      expect(mismatch).toBeNull();
    });
  });
}

describe('tensor-level conv2d matches the golden vectors with either algorithm', () => {
  const forward = golden.find((file) => file.function === 'conv2d')?.cases ?? [];
  const backward = golden.find((file) => file.function === 'conv2dBackward')?.cases ?? [];
  for (const algorithm of ['direct', 'im2col'] as const) {
    it.each(forward.map((goldenCase) => [goldenCase.name, goldenCase] as const))(
      `forward ${algorithm}: %s`,
      (_label, goldenCase) => {
        const [X, K, opts] = goldenCase.args as [number[][][], number[][][][], Record<string, number>?];
        const out = reference.conv2dTensor(reference.fromNested(X), reference.fromNested(K), { ...opts, algorithm });
        expect(firstMismatch(reference.toNested(out), goldenCase.expected)).toBeNull();
      },
    );
    it.each(backward.map((goldenCase) => [goldenCase.name, goldenCase] as const))(
      `backward ${algorithm}: %s`,
      (_label, goldenCase) => {
        const [X, K, G, opts] = goldenCase.args as [
          number[][][],
          number[][][][],
          number[][][],
          Record<string, number>?,
        ];
        const { dX, dK } = reference.conv2dBackwardTensor(
          reference.fromNested(X),
          reference.fromNested(K),
          reference.fromNested(G),
          { ...opts, algorithm },
        );
        const actual = { dX: reference.toNested(dX), dK: reference.toNested(dK) };
        expect(firstMismatch(actual, goldenCase.expected)).toBeNull();
      },
    );
  }
});
