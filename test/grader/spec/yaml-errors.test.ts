/**
 * YAML syntax errors point where the broken construct opens: an unclosed `[`, `{` or quote is
 * reported at its own line and column (with what the parser said where it gave up), and a
 * bracket closed by the wrong one names both. Brackets and quotes inside plain text, comments
 * and block scalars are not openers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnswers, parseSpec } from '../../../grader/spec/index.js';
import { brokenOpener } from '../../../grader/spec/yaml-openers.js';

const SPEC = readFileSync('exercises/ex9-convolution.yaml', 'utf8');
const lines = SPEC.split('\n');

/** The spec with `line` (1-based) replaced, and the first problem reported. */
function firstProblem(line: number, text: string): string {
  const copy = [...lines];
  copy.splice(line - 1, 1, text);
  return parseSpec(copy.join('\n'), 'ex.yaml').problems[0] ?? '';
}

describe('an unclosed construct is reported where it opens', () => {
  it('a [ inserted around line 90 (the issue’s example), not where the parser gave up', () => {
    const at = lines.findIndex((l, i) => i >= 88 && /^ {4}points: \d+$/.test(l)) + 1;
    const problem = firstProblem(at, lines[at - 1]!.replace('points: ', 'points: ['));
    expect(problem).toMatch(
      new RegExp(
        `^ex\\.yaml:${at}:13: YAML syntax error: this "\\[" is never closed \\(expected "\\]"\\); the parser gave up at (\\d+):\\d+: `,
      ),
    );
    expect(Number(/gave up at (\d+):/.exec(problem)?.[1])).toBeGreaterThan(at);
  });

  it('a { missing its }', () => {
    const at = lines.findIndex((l) => l.includes('exports: { ts: featureMapSize')) + 1;
    const problem = firstProblem(at, lines[at - 1]!.replace(/ }$/, ''));
    expect(problem).toMatch(new RegExp(`^ex\\.yaml:${at}:20: YAML syntax error: this "\\{" is never closed`));
  });

  it('a [ closed by }', () => {
    const at = lines.findIndex((l) => l.includes('H: { int: [5, 64] }')) + 1;
    const problem = firstProblem(at, '      H: { int: [5, 64 }');
    expect(problem).toMatch(
      new RegExp(
        `^ex\\.yaml:${at}:17: YAML syntax error: this "\\[" is closed by "}" at ${at}:24 \\(expected "\\]"\\)`,
      ),
    );
  });

  it('a string never closed', () => {
    const at = lines.findIndex((l) => l.includes('"H + 2*p >= HK and W + 2*p >= WK"')) + 1;
    const problem = firstProblem(at, '      - "H + 2*p >= HK and W + 2*p >= WK');
    expect(problem).toMatch(
      new RegExp(`^ex\\.yaml:${at}:9: YAML syntax error: the string opened here is never closed`),
    );
  });

  it('in answers.yaml too', () => {
    const { problems } = parseAnswers('q1:\n  HF: "1"\nq5: [1, 2\nq4: b\n');
    expect(problems[0]).toMatch(/^answers\.yaml:3:5: YAML syntax error: this "\[" is never closed/);
  });
});

describe('what is not an opener', () => {
  it.each([
    ['hint: use A[i] and {x} here\nq: [1, 2]\n'],
    ["hint: don't stop\nq: {a: 1}\n"],
    ['# a [ in a comment\nq: 1\n'],
    ['hint: |\n  a [ and a " in a block\n  scalar {\nq: 2\n'],
    ['q: "a [ and \\" inside"\n'],
    ["q: 'it''s [ fine'\n"],
    ['q: [1, [2, {a: "]"}], 3]\n'],
    ['- [1, 2]\n- {a: [3]}\n'],
  ])('%j', (text) => {
    expect(brokenOpener(text)).toBeUndefined();
  });
});
