/**
 * PrairieLearn results.json: every sample result validates against a schema written from
 * PrairieLearn's documented format (test/fixtures/schemas), and the choices documented in
 * reports/prairielearn.ts hold.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prairieLearnResults, renderPrairieLearn, renderPrairieLearnFailure } from '../../reports/index.js';
import { loadClass, loadResult, unloadable } from './helpers.js';

const schema = JSON.parse(
  readFileSync(
    join(resolve(import.meta.dirname, '..'), 'fixtures', 'schemas', 'prairielearn-results.schema.json'),
    'utf8',
  ),
) as object;
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);

describe('renderPrairieLearn', () => {
  it.each(loadClass().map((r) => [r.submission.id, r] as const))(
    'validates against the documented format for %s',
    (_id, result) => {
      const text = renderPrairieLearn(result);
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
      expect(new TextEncoder().encode(text).length).toBeLessThan(1_000_000); // PrairieLearn's limit
    },
  );

  it('the schema rejects a misspelt field, a score outside 0–1 and a gradable result without score', () => {
    const json = prairieLearnResults(loadResult('bob-q5-flipped')) as unknown as Record<string, unknown>;
    expect(validate({ ...json, scroe: 1 })).toBe(false);
    expect(validate({ ...json, score: 9 })).toBe(false);
    const { score: _score, ...noScore } = json;
    expect(validate(noScore)).toBe(false);
    expect(validate({ ...noScore, gradable: false })).toBe(true);
  });

  it('scores in 0–1 and gives one test per question whose points add up to the score', () => {
    const carol = prairieLearnResults(loadResult('carol-q3-shape'));
    expect(carol.gradable).toBe(true);
    expect(carol.score).toBeCloseTo(8.2 / 11, 6);
    expect(carol.tests.map((t) => t.name.split(':')[0])).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    const points = carol.tests.reduce((sum, t) => sum + t.points, 0);
    const max = carol.tests.reduce((sum, t) => sum + t.max_points, 0);
    expect(points / max).toBeCloseTo(carol.score, 6);
    expect(carol.tests[1]).toMatchObject({ points: 1.2, max_points: 2 });
    expect(carol.tests[1]?.message).toMatch(/^3 of 5 cases right\.\nLikely mistake \(q2\.fc-uses-kernel\)/);
    expect(carol.tests[1]?.output).toMatch(/^PASS q2#1: /m);
  });

  it('makes code that never loaded not gradable, with the reason once and no host path', () => {
    const out = prairieLearnResults(unloadable());
    expect(out).toMatchObject({ gradable: false, score: 0 });
    expect(out.format_errors).toHaveLength(1);
    const text = JSON.stringify(out);
    expect(text.match(/ImportError/g)).toHaveLength(2); // message and format_errors, not once per case
    expect(text).not.toContain('/root/');
    expect(out.message).toContain('(…/site-packages/scipy/signal/__init__.py)');
    expect(out.tests.find((t) => t.name.startsWith('q5'))?.message).toMatch(/^Not run/);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
  });

  it('makes an ungradable result not gradable with its reason', () => {
    const out = prairieLearnResults(loadResult('erin-ungradable'));
    expect(out).toMatchObject({ gradable: false, score: 0 });
    expect(out.message).toMatch(/No solution file found/);
  });

  it('keeps the output of hidden runs out, and shows the output of public ones', () => {
    expect(prairieLearnResults(loadResult('frank-hidden')).output).toBe('');
    expect(prairieLearnResults(loadResult('bob-q5-flipped')).output).toContain('<script>');
  });

  it('renders a harness failure as not gradable, with one test per question when they are known', () => {
    const known = JSON.parse(
      renderPrairieLearnFailure({ reason: 'no secret', questions: [{ id: 'q1', title: 'One', points: 2 }] }),
    ) as Record<string, unknown>;
    expect(known).toMatchObject({ gradable: false, score: 0, max_points: 2, format_errors: ['no secret'] });
    expect(known['tests']).toEqual([expect.objectContaining({ name: 'q1: One', points: 0, max_points: 2 })]);
    expect(validate(known), JSON.stringify(validate.errors)).toBe(true);
    const unknown = JSON.parse(renderPrairieLearnFailure({ reason: 'x' })) as Record<string, unknown>;
    expect(validate(unknown), JSON.stringify(validate.errors)).toBe(true);
  });
});
