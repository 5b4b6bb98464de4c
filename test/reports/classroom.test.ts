/** GitHub Classroom runner result: base64 JSON the autograding-grading-reporter can sum. */
import { describe, expect, it } from 'vitest';
import { classroomResult, renderClassroom } from '../../reports/index.js';
import { base64 } from '../../reports/classroom.js';
import { loadClass, loadResult, variant } from './helpers.js';

function decode(text: string): unknown {
  return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
}

describe('renderClassroom', () => {
  it.each(loadClass().map((r) => [r.submission.id, r] as const))(
    'decodes to version 1 with tests[] and an integer max_score for %s',
    (_id, result) => {
      const out = decode(renderClassroom(result)) as {
        version: number;
        status: string;
        max_score: number;
        tests: { name: string; status: string; score: number }[];
      };
      expect(out.version).toBe(1);
      expect(['pass', 'fail', 'error']).toContain(out.status);
      expect(Number.isInteger(out.max_score)).toBe(true);
      expect(Array.isArray(out.tests)).toBe(true);
      expect(out.tests.length).toBeGreaterThan(0);
      for (const t of out.tests) expect(['pass', 'fail', 'error']).toContain(t.status);
    },
  );

  it('lets the reporter sum test scores to the submission score', () => {
    const out = classroomResult(loadResult('carol-q3-shape'));
    expect(out.max_score).toBe(11);
    expect(out.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(8.2, 9);
    expect(out.status).toBe('fail');
    expect(classroomResult(loadResult('alice-perfect')).status).toBe('pass');
  });

  it('marks crashes as error and puts hints in the message', () => {
    const dave = classroomResult(loadResult('dave-crash-timeout'));
    expect(dave.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'pass', 'fail', 'error', 'error']);
    expect(classroomResult(loadResult('bob-q5-flipped')).tests[4]?.message).toContain('Likely mistake (q5.flipped)');
  });

  it('reports an ungradable submission as one erroring test', () => {
    const out = classroomResult(loadResult('erin-ungradable'));
    expect(out).toMatchObject({ status: 'error', max_score: 11 });
    expect(out.tests).toHaveLength(1);
    expect(out.tests[0]?.message).toContain('No solution file found');
  });

  it('rounds a fractional maximum and scales the scores with it', () => {
    const odd = variant(loadResult('alice-perfect'), (r) => {
      r['maxScore'] = 10.5;
      r['questions'] = r.questions.map((q) => ({
        ...q,
        score: q.score * (10.5 / 11),
        maxScore: q.maxScore * (10.5 / 11),
      }));
    });
    const out = classroomResult(odd);
    expect(out.max_score).toBe(11);
    expect(out.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(11, 1);
  });

  it('encodes base64 like Buffer does, UTF-8 included', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '−∞ ✓ 漢字 😀']) {
      const bytes = new TextEncoder().encode(text);
      expect(base64(bytes)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });
});
