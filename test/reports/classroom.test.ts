/** GitHub Classroom runner result: base64 JSON the autograding-grading-reporter can sum. */
import { describe, expect, it } from 'vitest';
import { classroomResult, renderClassroom, type ClassroomResult } from '../../reports/index.js';
import { base64 } from '../../reports/classroom.js';
import { loadClass, loadResult, unloadable, variant } from './helpers.js';

/**
 * What classroom-resources/autograding-grading-reporter shows (src/helpers/test-helpers.js,
 * src/console-results.js, src/notify-classroom.js at 43c2d9f): the log's and table's points are
 * passed ÷ tests × max_score; the dashboard's are Σ score; a line reads `name - line N` unless
 * line_no is 0; an error line prints only the message.
 */
function reporter(out: ClassroomResult): { table: number; dashboard: number; lines: string[] } {
  const passed = out.tests.filter((t) => t.status === 'pass').length;
  const lines = out.tests.map((t) => {
    if (t.status === 'error') return `Error: ${t.message || `Failed to run test '${t.name}'`}`;
    const mark = t.status === 'pass' ? '✅' : '❌';
    return t.line_no !== 0 ? `${mark} ${t.name} - line ${String(t.line_no)}` : `${mark} ${t.name}`;
  });
  return {
    table: (passed / out.tests.length) * (out.max_score || 0),
    dashboard: out.tests.reduce((sum, t) => sum + t.score, 0),
    lines,
  };
}

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

  it('marks crashes as error, names the test in an error message, and puts hints in the message', () => {
    const dave = classroomResult(loadResult('dave-crash-timeout'));
    expect(dave.tests.map((t) => t.status)).toEqual([
      ...['pass', 'pass', 'pass', 'pass', 'pass', 'pass'],
      'fail',
      ...['error', 'fail', 'error', 'fail'],
    ]);
    const errors = dave.tests.filter((t) => t.status === 'error');
    for (const t of errors) expect(t.message.startsWith(`${t.name}: `)).toBe(true);
    const bob = classroomResult(loadResult('bob-q5-flipped'));
    expect(bob.tests.find((t) => t.name.startsWith('q5'))?.message).toContain('Likely mistake (q5.flipped)');
  });

  it('sets line_no, so no line reads "line undefined"', () => {
    for (const result of loadClass()) {
      const out = classroomResult(result);
      for (const t of out.tests) expect(t.line_no).toBe(0);
      expect(reporter(out).lines.join('\n')).not.toMatch(/line undefined/);
    }
  });

  it("makes the reporter's table agree with the score: exactly without partial credit, to the nearest point with it", () => {
    for (const result of loadClass()) {
      const { table, dashboard } = reporter(classroomResult(result));
      expect(dashboard).toBeCloseTo(result.status === 'graded' ? result.score : 0, 9);
      const partial = result.questions.some((q) => q.status === 'partial');
      if (partial) expect(Math.abs(table - dashboard)).toBeLessThanOrEqual(0.5 + 1e-9);
      else expect(table).toBeCloseTo(dashboard, 9);
    }
    // carol: q2 earned 1.2 of 2 → one of its two points passes; the table reads 8, the dashboard 8.2.
    const carol = classroomResult(loadResult('carol-q3-shape'));
    expect(carol.tests.filter((t) => t.name.startsWith('q2')).map((t) => [t.status, t.score])).toEqual([
      ['pass', 1],
      ['fail', 0.2],
    ]);
    expect(reporter(carol).table).toBe(8);
  });

  it('never shows a question that is not fully right as all passed, nor more than it earned rounded up', () => {
    const nearly = variant(loadResult('alice-perfect'), (r) => {
      r['questions'] = r.questions.map((q) => (q.id === 'q1' ? { ...q, status: 'partial', score: 1.9 } : q));
      r['score'] = 10.9;
    });
    const q1 = classroomResult(nearly).tests.filter((t) => t.name.startsWith('q1'));
    expect(q1.map((t) => t.status)).toEqual(['pass', 'fail']);
    expect(q1.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(1.9, 9);
  });

  it('shows a load error once, with the name of the test, and the host path made relative', () => {
    const out = classroomResult(unloadable());
    const { lines } = reporter(out);
    const errors = lines.filter((l) => l.startsWith('Error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Error: q1: .* — point 1 of 2: the submission could not be loaded: ImportError/);
    expect(lines.join('\n').match(/ImportError/g)).toHaveLength(1);
    expect(errors[0]).toContain('(…/site-packages/scipy/signal/__init__.py)');
    expect(errors[0]).not.toContain('/root/');
    expect(lines.filter((l) => l.startsWith('❌'))).toHaveLength(9);
  });

  it('falls back to one test per question when no unit divides the points', () => {
    const odd = variant(loadResult('bob-q5-flipped'), (r) => {
      r['questions'] = r.questions.map((q, k) => (k === 0 ? { ...q, maxScore: 2.003, score: 2.003 } : q));
      r['maxScore'] = 11.003;
    });
    expect(classroomResult(odd).tests.map((t) => t.name.split(':')[0])).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
  });

  it('reports an ungradable submission as one erroring test', () => {
    const out = classroomResult(loadResult('erin-ungradable'));
    expect(out).toMatchObject({ status: 'error', max_score: 11 });
    expect(out.tests).toHaveLength(1);
    expect(out.tests[0]?.message).toMatch(/^Submission could not be graded: .*No solution file found/);
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
