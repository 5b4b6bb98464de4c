/** Markdown summary: aggregates always, a student table only for small classes, escaped text. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../reports/index.js';
import { STUDENT_TABLE_LIMIT } from '../../reports/markdown.js';
import { loadClass, loadResult, variant } from './helpers.js';

describe('renderMarkdown', () => {
  it('summarises counts, mean and median, pass rates and misconceptions', () => {
    const md = renderMarkdown(loadClass());
    expect(md).toContain('**6** submissions: **5** graded, **1** not gradable.');
    expect(md).toContain('Mean **8.24** / 11, median **8.2**');
    expect(md).toContain('| q5 | Q5 gradient of the filter | 3 | 0 | 1 | 1 | 0 | 60% | 1.2 / 2 |');
    expect(md).toContain('| `q5.flipped` | 1 | bob |');
    expect(md).toContain('### Students');
  });

  it('lists students only when there are few', () => {
    const alice = loadResult('alice-perfect');
    const many = Array.from({ length: STUDENT_TABLE_LIMIT + 1 }, (_, k) =>
      variant(alice, (r) => {
        r['submission'] = { ...r.submission, id: `s${k}` };
      }),
    );
    const md = renderMarkdown(many);
    expect(md).not.toContain('### Students');
    expect(md).toContain(`${STUDENT_TABLE_LIMIT + 1} students: see grades.csv`);
  });

  it('escapes student text so it cannot break the table or inject HTML', () => {
    const evil = variant(loadResult('bob-q5-flipped'), (r) => {
      r['submission'] = { ...r.submission, id: 'x|<script>alert(1)</script>*y*\nz' };
    });
    const md = renderMarkdown([evil]);
    expect(md).toContain('| x\\|\\<script\\>alert(1)\\</script\\>\\*y\\* z | 9 / 11 |');
    expect(md).not.toContain('<script>');
  });

  it('renders an empty class', () => {
    expect(renderMarkdown([])).toContain('**0** submissions');
  });
});
