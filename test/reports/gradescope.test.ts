/**
 * Gradescope results.json: every sample result validates against the schema of the documented
 * format (test/fixtures/schemas), and the choices documented in reports/gradescope.ts hold.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradescopeResults, renderGradescope } from '../../reports/index.js';
import { loadClass, loadResult, variant } from './helpers.js';

const schema = JSON.parse(
  readFileSync(
    join(resolve(import.meta.dirname, '..'), 'fixtures', 'schemas', 'gradescope-results.schema.json'),
    'utf8',
  ),
) as object;
const validate = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema);

describe('renderGradescope', () => {
  it.each(loadClass().map((r) => [r.submission.id, r] as const))(
    'validates against the documented format for %s',
    (_id, result) => {
      const json: unknown = JSON.parse(renderGradescope(result));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('the schema rejects a misspelt field, so validation can fail', () => {
    const json = JSON.parse(renderGradescope(loadResult('bob-q5-flipped'))) as { tests: Record<string, unknown>[] };
    const first = json.tests[0] ?? {};
    first['maxScore'] = 2;
    expect(validate(json)).toBe(false);
  });

  it('gives one test per question whose scores add up to the total', () => {
    const result = loadResult('carol-q3-shape');
    const out = gradescopeResults(result);
    expect(out.tests.map((t) => t.name.split(':')[0])).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(out.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(out.score, 9);
    expect(out.score).toBe(8.2);
    const q3 = out.tests[2];
    expect(q3?.status).toBe('failed');
    expect(q3?.output).toContain('Likely mistake (q3.mode-full)');
    expect(q3?.output).toContain("mode='same'");
    expect(q3?.tags).toEqual(['q3', 'q3.mode-full']);
  });

  it('renders every text as plain text, never HTML', () => {
    const out = gradescopeResults(loadResult('bob-q5-flipped'));
    expect(out.output_format).toBe('text');
    expect(out.test_output_format).toBe('text');
    expect(out.tests.every((t) => t.output_format === 'text' && t.name_format === 'text')).toBe(true);
    expect(out.output).toContain('<script>');
  });

  it('shows public cases now and hidden ones after publishing, with both configurable', () => {
    expect(gradescopeResults(loadResult('bob-q5-flipped')).tests.every((t) => t.visibility === 'visible')).toBe(true);
    const hidden = gradescopeResults(loadResult('frank-hidden'));
    expect(hidden.visibility).toBe('after_published');
    expect(hidden.tests.every((t) => t.visibility === 'after_published')).toBe(true);
    expect(
      gradescopeResults(loadResult('frank-hidden'), { hiddenVisibility: 'after_due_date' }).tests[0]?.visibility,
    ).toBe('after_due_date');
    expect(gradescopeResults(loadResult('bob-q5-flipped'), { publicVisibility: 'hidden' }).visibility).toBe('hidden');
  });

  it('keeps the captured output of hidden runs out (it could print the hidden inputs)', () => {
    const frank = gradescopeResults(loadResult('frank-hidden'));
    expect(frank.output).not.toContain('featureMapSize called');
  });

  it('scores an ungradable submission 0, says why, marks it in extra_data and shows it at once', () => {
    const out = gradescopeResults(loadResult('erin-ungradable'));
    expect(out.score).toBe(0);
    expect(out.output).toContain('could not be graded');
    expect(out.output).toContain('No solution file found');
    expect(out.extra_data['status']).toBe('ungradable');
    expect(out.visibility).toBe('visible');
    expect(out.tests.every((t) => t.status === 'failed' && t.score === 0)).toBe(true);
  });

  it('carries the provenance in extra_data and the time in seconds', () => {
    const out = gradescopeResults(loadResult('bob-q5-flipped'));
    expect(out.extra_data).toMatchObject({
      exercise: 'ex9-convolution',
      exerciseVersion: '2024.1',
      harness: '0.1.0',
      cases: 'public',
      isolation: 'strict',
    });
    expect(out.extra_data['specSha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(out.execution_time).toBe(2.21);
  });

  it('handles an ungradable result without questions', () => {
    const bare = variant(loadResult('erin-ungradable'), (r) => {
      r['questions'] = [];
    });
    const json: unknown = JSON.parse(renderGradescope(bare));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });
});
