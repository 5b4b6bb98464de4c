/**
 * docs/authors.md stays true: its function table is the registry's (regenerate with
 * `npm run docs`), it names every function a formula may call, and its worked example is a
 * valid spec whose misconceptions pass the QA and whose staff formula scores full marks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeSubmission, runQa } from '../../grader/judge/index.js';
import { FUNCTIONS, functionTable } from '../../grader/lang/index.js';
import { parseSpec } from '../../grader/spec/index.js';
import { checkSpecs, generateVariant } from '../../grader/variant/index.js';
import { studentApiNames } from '../../reference/index.js';

const doc = readFileSync('docs/authors.md', 'utf8');
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));

describe('docs/authors.md', () => {
  it('carries the function table generated from the registry (npm run docs)', () => {
    const section = /<!-- functions:begin -->\n([\s\S]*?)\n<!-- functions:end -->/.exec(doc)?.[1];
    expect(section).toBe(functionTable());
  });

  it('lists every function a formula may call', () => {
    for (const name of FUNCTIONS.keys()) expect(doc, name).toContain(`| \`${name}\` |`);
    expect(FUNCTIONS.size).toBeGreaterThanOrEqual(studentApiNames.length);
  });

  it('its worked example is a valid spec that passes the QA, and its staff answers.yaml scores full', () => {
    const yaml = blocks.find((b) => b.lang === 'yaml' && b.text.startsWith('id: box-blur'))?.text ?? '';
    const { spec, problems } = parseSpec(yaml, 'box-blur.yaml', { functions: [...studentApiNames] });
    expect(problems).toEqual([]);
    expect(checkSpecs([spec!])).toEqual([]);
    expect(runQa(spec!, { students: 10 }).failures).toEqual([]);
    const answers = blocks.find((b) => b.text.startsWith('# my-course/solutions/box-blur/answers.yaml'))?.text ?? '';
    const variant = generateVariant(spec!, { student: 'doc', salt: spec!.salt, visibility: 'public' });
    const judged = judgeSubmission({ spec: spec!, variant, answersText: answers });
    expect([judged.score, judged.maxScore]).toEqual([2, 2]);
  });

  it('its language examples parse and check in their exercise', () => {
    // The one-line family member the docs show for issue-style additions is a valid wrong answer of ex9's q3.
    const member = /- "(convolve2d\(canvas, outer\(gaussianWindow\(window, sqrt\(std\)\)[^"]*)"/.exec(doc)?.[1];
    expect(member).toBeDefined();
    const ex9 = readFileSync('exercises/ex9-convolution.yaml', 'utf8').replace(
      'answer: "convolve2d(canvas, outer(gaussianWindow(window, std*std), gaussianWindow(window, std*std)), \'same\')"',
      `answer:\n          - "convolve2d(canvas, outer(gaussianWindow(window, std*std), gaussianWindow(window, std*std)), 'same')"\n          - "${member ?? ''}"`,
    );
    const { spec, problems } = parseSpec(ex9, 'ex9.yaml', { functions: [...studentApiNames] });
    expect(problems).toEqual([]);
    expect(
      spec?.questions.find((q) => q.id === 'q3')?.misconceptions.find((m) => m.id === 'q3.variance-as-std')?.answers,
    ).toHaveLength(2);
    expect(checkSpecs([spec!], { probe: false })).toEqual([]);
  });
});
