/**
 * The spec loader (staff input) and the answers.yaml parser (student input) under fuzzing: random
 * text and mutations of exercises/ex9-convolution.yaml must come back as problems, never as a
 * throw, and quickly; a few mutated specs go through the CLI, whose exit code must never be 3.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswers, parseSpec } from '../../grader/spec/index.js';
import { HOSTILE, ROOT, runCli, workDir } from './helpers.js';

const SPEC = readFileSync(join(ROOT, 'exercises', 'ex9-convolution.yaml'), 'utf8');
const ANSWERS = readFileSync(join(ROOT, 'exercises', 'solutions', 'ex9-convolution', 'answers.yaml'), 'utf8');
const work = workDir('spec');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** YAML fragments that stress a loader (tags, flow collections, odd scalars); aliases are tested apart. */
const fragment = fc.constantFrom(
  '',
  ' ',
  '\n',
  '\t',
  ':',
  '- ',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '#',
  '"',
  "'",
  '|',
  '>',
  '!!binary',
  '!!js/function',
  '!!python/object:os.system',
  '---',
  '...',
  '%YAML 1.1',
  '~',
  'null',
  'true',
  '.nan',
  '-.inf',
  '1e400',
  '0x1F',
  '0o17',
  '-0',
  '99999999999999999999999',
  '__proto__: 1',
  'constructor: {prototype: {polluted: true}}',
  'points: -1',
  'cases: 100000000',
  'tolerance: {abs: .nan}',
  '[[[[[[[[[[',
  '\u202e',
  '\u0000',
  '\uFEFF',
);

/** A mutation of the spec text: delete, duplicate, swap or insert at a line, or flip one character. */
const mutation = fc.tuple(
  fc.nat(),
  fc.constantFrom('delete', 'duplicate', 'swap', 'insert', 'char', 'indent'),
  fragment,
  fc.nat(),
);
function mutate(text: string, [at, how, insert, extra]: [number, string, string, number]): string {
  const lines = text.split('\n');
  const i = at % lines.length;
  const line = lines[i] ?? '';
  switch (how) {
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'swap':
      lines.splice(i, 1, lines[(i + 1) % lines.length] ?? '');
      break;
    case 'insert':
      lines.splice(i, 1, line.slice(0, extra % (line.length + 1)) + insert + line.slice(extra % (line.length + 1)));
      break;
    case 'indent':
      lines.splice(i, 1, ' '.repeat(extra % 7) + line.trimStart());
      break;
    default: {
      const j = extra % (line.length + 1);
      lines.splice(i, 1, line.slice(0, j) + String.fromCharCode(32 + (extra % 95)) + line.slice(j + 1));
    }
  }
  return lines.join('\n');
}
const mutatedSpec = fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => ms.reduce(mutate, SPEC));

/** parseSpec must return; the verdict is problems or a spec, never an exception. */
function specVerdict(text: string): readonly string[] {
  const started = performance.now();
  const { spec, problems } = parseSpec(text, 'fuzz.yaml');
  expect(performance.now() - started).toBeLessThan(5000);
  if (spec === null) expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) expect(problem).toMatch(/^fuzz\.yaml:\d+:\d+: /);
  return problems;
}

describe('parseSpec under fuzzing', () => {
  it('returns problems for random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => void specVerdict(text)),
      { numRuns: 300 },
    );
  });

  it('returns problems (or a spec) for mutations of ex9-convolution.yaml', () => {
    fc.assert(
      fc.property(mutatedSpec, (text) => void specVerdict(text)),
      { numRuns: 300 },
    );
  });

  it('never lets a spec pollute Object.prototype', () => {
    specVerdict(`${SPEC}\n__proto__:\n  polluted: true\n`);
    specVerdict(SPEC.replace('questions:', 'constructor: {prototype: {polluted: true}}\nquestions:'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  // yaml's toJS throws on an unresolved alias or an alias bomb; parseSpec reports those as
  // file:line:col problems, so `validate`/`grade --exercise` exit 2, not 3.
  it('returns a problem for an unresolved alias', () => {
    const extra = SPEC.replace('questions:', 'extra: *nowhere\nquestions:');
    const line = extra.split('\n').findIndex((l) => l.includes('*nowhere')) + 1;
    expect(specVerdict(extra)).toEqual([
      expect.stringMatching(new RegExp(`^fuzz\\.yaml:${line}:8: YAML error: .*nowhere`)),
    ]);
  });

  it('returns a problem for an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${`*${'abcdefg'[i]}, `.repeat(9).slice(0, -2)}]`),
    ].join('\n');
    expect(specVerdict(bomb)).toEqual([expect.stringMatching(/^fuzz\.yaml:\d+:\d+: YAML error: .*alias/i)]);
  });
});

describe("parseAnswers (a student's answers.yaml) under fuzzing", () => {
  const verdict = (text: string): void => {
    const started = performance.now();
    const { problems } = parseAnswers(text, 'answers.yaml');
    expect(performance.now() - started).toBeLessThan(5000);
    for (const problem of problems) expect(problem).toMatch(/^answers\.yaml:\d+:\d+: /);
  };

  it('returns problems for random text, mutations and alias tricks, never throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), verdict), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => verdict(ms.reduce(mutate, ANSWERS))),
      { numRuns: 300 },
    );
    for (const text of [
      'q1: *nowhere',
      'q4: &a [*a]',
      '<<: *x',
      `a: &a [x,x,x,x,x,x,x,x,x]\n${'bcdefg'
        .split('')
        .map((k, i) => `${k}: &${k} [${`*${'abcdefg'[i]},`.repeat(9).slice(0, -1)}]`)
        .join('\n')}`,
      '['.repeat(100_000),
    ]) {
      verdict(text);
    }
  });
});

describe('the CLI on mutated specs', () => {
  it('validate and grade --exercise exit 0 or 2, never 3', async () => {
    const samples = fc.sample(mutatedSpec, { numRuns: 6, seed: 42 });
    const broken = [
      SPEC.replace('points: 2', 'points: -1'),
      SPEC.replace(/^id: .*$/m, 'id: [1, 2]'),
      '{{{',
      '',
      ...samples,
    ];
    for (const [i, text] of broken.entries()) {
      const file = join(work, `mutated-${i}.yaml`);
      writeFileSync(file, text);
      const validate = await runCli(['validate', file]);
      expect(validate.status, `validate ${file}: ${validate.stderr}`).not.toBe(3);
      expect(validate.stderr).not.toMatch(/internal error/i);
      const grade = await runCli([
        'grade',
        join(HOSTILE, 'control-js'),
        '--exercise',
        file,
        '--public',
        '--out',
        join(work, `out-${i}`),
        '--isolation',
        'basic',
        '--timeout-ms',
        '4000',
      ]);
      expect(grade.status, `grade --exercise ${file}: ${grade.stderr}`).not.toBe(3);
      expect([0, 2]).toContain(grade.status);
    }
  }, 120_000);

  it('validate exits 2 for a spec with an unresolved alias', async () => {
    const file = join(work, 'alias.yaml');
    writeFileSync(file, SPEC.replace('questions:', 'extra: *nowhere\nquestions:'));
    const validate = await runCli(['validate', file]);
    expect(validate.status, validate.stderr).toBe(2);
  });
});
