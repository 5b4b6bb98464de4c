/**
 * A course's own exercise outside this repository, in the layout of docs/authors.md
 * (`course/ex.yaml`, `course/solutions/<id>/`, `course/starters/<id>/`): the built CLI validates
 * it, runs its QA with the staff solutions in the sandbox, and inits, checks and grades against
 * it from another working directory. It uses only existing functions: no file of this repository
 * changes for it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin', 'convgrade.js');

const SPEC = `id: strided-grad
title: "Quiz: the input gradient of a strided convolution"
source: a test course
version: 1.0.0
salt: strided-grad/public/2025-v1
questions:
  - id: q1
    title: dL/dX of a single-channel convolution with stride s
    points: 3
    answers:
      function:
        - name: gradInputStrided
          args: [dLdF, K, s]
          expected: "convolve2d(dilate(dLdF, s), K, 'full')"
    parameters:
      HK: { int: [1, 3] }
      WK: { int: [1, 3] }
      s: { int: [1, 3] }
      HF: { int: [2, 5] }
      WF: { int: [2, 5] }
      K: { tensor: [HK, WK], values: [-2, 2] }
      dLdF: { tensor: [HF, WF], values: [-2, 2] }
    misconceptions:
      - id: q1.not-dilated
        hint: With stride s, neighbouring outputs came from windows s pixels apart. Where does each dL/dF entry go back to?
        answer: "convolve2d(dLdF, K, 'full')"
      - id: q1.not-flipped
        hint: Follow one input pixel through the forward pass. Which kernel entry multiplied it?
        answer: "correlate2d(dilate(dLdF, s), K, 'full')"
`;

const SOLUTION = `export function gradInputStrided(G: number[][], K: number[][], s: number): number[][] {
  const rows = (G.length - 1) * s + K.length;
  const cols = (G[0]!.length - 1) * s + K[0]!.length;
  const out = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  G.forEach((row, i) => row.forEach((g, j) => K.forEach((krow, m) => krow.forEach((k, n) => (out[i * s + m]![j * s + n]! += g * k)))));
  return out;
}
`;

function run(args: readonly string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CONVGRADE_SECRET: 'a-course-secret-of-enough-length' },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('a course exercise outside the repository', () => {
  const base = mkdtempSync(join(tmpdir(), 'convgrade-course-'));
  const course = join(base, 'course');
  mkdirSync(join(course, 'solutions', 'strided-grad'), { recursive: true });
  mkdirSync(join(course, 'starters', 'strided-grad'), { recursive: true });
  writeFileSync(join(course, 'ex.yaml'), SPEC);
  writeFileSync(join(course, 'solutions', 'strided-grad', 'solution.ts'), SOLUTION);
  writeFileSync(
    join(course, 'starters', 'strided-grad', 'solution.ts'),
    "export function gradInputStrided(G: number[][], K: number[][], s: number): number[][] {\n  throw new Error('TODO');\n}\n",
  );
  const elsewhere = mkdtempSync(join(tmpdir(), 'convgrade-cwd-'));

  it('validates, and passes --qa with its staff solution graded in the sandbox', () => {
    const qa = run(['validate', join(course, 'ex.yaml'), '--qa', '6'], elsewhere);
    expect(qa.stderr).toBe('');
    expect(qa.status).toBe(0);
    expect(qa.stdout).toMatch(/^qa strided-grad: 6 students, \d+ cases, misconceptions passed: /m);
    expect(qa.stdout).toMatch(/^qa strided-grad: staff solutions passed: solution\.ts scored full marks/m);
  });

  it('fails --qa when the staff solution is wrong or missing', () => {
    writeFileSync(
      join(course, 'solutions', 'strided-grad', 'solution.ts'),
      SOLUTION.replace('+= g * k', '+= g * k * 2'),
    );
    const wrong = run(['validate', join(course, 'ex.yaml'), '--qa', '2'], elsewhere);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/staff solution\.ts \(public variant\): q1 failed/);
    writeFileSync(join(course, 'solutions', 'strided-grad', 'solution.ts'), SOLUTION);
  });

  it('init, check and grade with --exercise from another folder', () => {
    const init = run(['init', '--exercise', '../course/ex.yaml', '--dir', 'me'], course);
    expect(init.status).toBe(0);
    writeFileSync(join(course, 'me', 'solution.ts'), SOLUTION.replaceAll('* s', '* 1'));
    const check = run(
      [
        'check',
        join(course, 'me'),
        '--exercise',
        join(course, 'ex.yaml'),
        '--no-color',
        '--report',
        join(base, 'r.html'),
      ],
      elsewhere,
    );
    expect(check.stdout).toMatch(/hint \[q1\.not-dilated\]/);
    const grade = run(
      [
        'grade',
        join(course, 'me'),
        '--exercise',
        join(course, 'ex.yaml'),
        '--out',
        join(base, 'out'),
        '--format',
        'json',
      ],
      elsewhere,
    );
    expect(grade.status).toBe(0);
    const result = JSON.parse(readFileSync(join(base, 'out', 'results', 'me.json'), 'utf8')) as {
      exercise: { id: string };
      questions: { misconceptions: string[] }[];
    };
    expect(result.exercise.id).toBe('strided-grad');
    expect(result.questions[0]?.misconceptions).toEqual(['q1.not-dilated']);
  });
});
