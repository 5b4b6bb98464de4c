/** CSV gradebook: RFC 4180 round trip, question order, and the formula-injection guard. */
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../reports/index.js';
import { loadClass, loadResult, parseCsv, variant } from './helpers.js';

describe('renderCsv', () => {
  it('round-trips: one row per student with total, max and a column per question', () => {
    const rows = parseCsv(renderCsv(loadClass()));
    expect(rows[0]).toEqual(['id', 'total', 'max', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'status']);
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r[0] === 'carol')).toEqual([
      'carol',
      '8.2',
      '11',
      '2',
      '1.2',
      '0',
      '1',
      '2',
      '2',
      'graded',
    ]);
    expect(rows.find((r) => r[0] === 'erin')?.[9]).toBe('ungradable');
  });

  it('orders question columns as given and leaves absent questions empty', () => {
    const bare = variant(loadResult('erin-ungradable'), (r) => {
      r['questions'] = [];
    });
    const rows = parseCsv(renderCsv([loadResult('bob-q5-flipped'), bare], ['q6', 'q5', 'q1']));
    expect(rows[0]).toEqual(['id', 'total', 'max', 'q6', 'q5', 'q1', 'status']);
    expect(rows[1]).toEqual(['bob', '9', '11', '2', '0', '2', 'graded']);
    expect(rows[2]).toEqual(['erin', '0', '11', '', '', '', 'ungradable']);
  });

  it('quotes commas, quotes and line breaks, and neutralises formulas in text cells', () => {
    const ids = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)', 'a,b', 'say "hi"', 'two\nlines', 'plain'];
    const results = ids.map((id) =>
      variant(loadResult('alice-perfect'), (r) => {
        r['submission'] = { ...r.submission, id };
      }),
    );
    const text = renderCsv(results);
    const rows = parseCsv(text);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      '\'=HYPERLINK("http://x","y")',
      "'+1",
      "'-2",
      "'@SUM(A1)",
      'a,b',
      'say "hi"',
      'two\nlines',
      'plain',
    ]);
    expect(text.split('\r\n')[1]).toBe('"\'=HYPERLINK(""http://x"",""y"")",11,11,2,2,2,1,2,2,graded');
  });

  it('does not prefix numbers, even negative ones', () => {
    const negative = variant(loadResult('alice-perfect'), (r) => {
      r['score'] = -1;
    });
    expect(parseCsv(renderCsv([negative]))[1]?.[1]).toBe('-1');
  });
});

describe('control characters in text cells', () => {
  it('become visible \\xNN escapes: a folder name cannot put OSC 52 or clear-screen bytes into grades.csv', () => {
    const id = 'x\u001b]52;c;aGk=\u0007\u001b[2J';
    const csv = renderCsv([
      variant(loadResult('alice-perfect'), (r) => {
        r['submission'] = { ...r.submission, id };
      }),
    ]);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(parseCsv(csv)[1]?.[0]).toBe('x\\x1b]52;c;aGk=\\x07\\x1b[2J');
  });
});
