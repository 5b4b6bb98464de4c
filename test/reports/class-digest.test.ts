/**
 * The class digest: folding results one at a time gives what the whole-class renderers showed
 * from the array, and what it keeps per student is a few fields, not the result.
 */
import { describe, expect, it } from 'vitest';
import {
  ClassDigestBuilder,
  digestClass,
  renderCsv,
  renderMarkdown,
  renderSummaryHtml,
  renderSummaryHtmlPieces,
} from '../../reports/index.js';
import { classStats } from '../../reports/stats.js';
import { largeClass } from '../cli/large-class.js';
import { loadClass, loadResult, variant } from './helpers.js';

const reportHref = (id: string): string => `reports/${id}.html`;

describe('ClassDigestBuilder', () => {
  it('gives the renderers the same input whether fed at once or one result at a time', () => {
    const results = loadClass();
    const builder = new ClassDigestBuilder();
    for (const r of results) builder.add(r);
    const digest = builder.digest();
    expect(digest).toEqual(digestClass(results));
    expect(renderSummaryHtml(digest, { reportHref })).toBe(renderSummaryHtml(results, { reportHref }));
    expect(renderMarkdown(digest)).toBe(renderMarkdown(results));
    expect(renderCsv(digest)).toBe(renderCsv(results));
  });

  it('renders the summary page in pieces, one per student between the head and the tail, that make the page', () => {
    const results = largeClass(40);
    const pieces = [...renderSummaryHtmlPieces(digestClass(results), { reportHref })];
    expect(pieces).toHaveLength(results.length + 2);
    expect(pieces.join('')).toBe(renderSummaryHtml(results, { reportHref }));
    expect(pieces[0]).toMatch(/<table class="sortable" id="students">[\s\S]*<tbody>$/);
    for (const [k, piece] of pieces.slice(1, -1).entries())
      expect(piece).toMatch(new RegExp(`^<tr><td data-sort="${results[k]?.submission.id ?? ''}">[\\s\\S]*</tr>$`));
    expect(pieces.at(-1)).toMatch(/^<\/tbody>[\s\S]*<\/html>\n$/);
  });

  it('counts ungradable submissions but keeps them out of the score statistics', () => {
    const stats = classStats(loadClass());
    expect(stats).toMatchObject({ total: 6, graded: 5, ungradable: 1, maxScore: 11, min: 6, max: 11 });
    expect(stats.mean).toBeCloseTo((11 + 9 + 8.2 + 6 + 7) / 5, 12);
    expect(stats.median).toBe(8.2);
    const q5 = stats.questions.find((q) => q.id === 'q5');
    expect(q5).toMatchObject({ attempts: 5, counts: { passed: 3, partial: 0, failed: 1, error: 1, missing: 0 } });
  });

  it('names each student once per misconception, with the first hint found, most frequent first', () => {
    const bob = loadResult('bob-q5-flipped');
    const q5 = bob.questions.find((q) => q.id === 'q5');
    if (q5 === undefined) throw new Error('bob has no q5');
    const twice = variant(bob, (r) => {
      r['submission'] = { ...r.submission, id: 'bob2' };
      // The same misconception in two questions of one student still counts that student once.
      r['questions'] = [...r.questions, { ...q5, id: 'q5b' }];
    });
    const { misconceptions } = classStats([loadResult('carol-q3-shape'), bob, twice]);
    expect(misconceptions[0]).toMatchObject({ id: 'q5.flipped', students: ['bob', 'bob2'] });
    expect(misconceptions[0]?.hint).not.toBe('');
    expect(misconceptions.slice(1).map((m) => m.id)).toEqual(['q2.fc-uses-kernel', 'q3.mode-full']);
  });

  it('keeps a few fields per student, a small fraction of the results', () => {
    const results = largeClass(200);
    const digest = digestClass(results);
    expect(digest.rows).toHaveLength(200);
    for (const row of digest.rows) {
      expect(Object.keys(row).sort()).toEqual(['id', 'maxScore', 'misconceptions', 'questions', 'score', 'status']);
      for (const q of row.questions) expect(Object.keys(q).sort()).toEqual(['id', 'score', 'status']);
    }
    const kept = JSON.stringify(digest).length;
    const whole = results.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
    expect(kept).toBeLessThan(whole / 50);
  });

  it('renders an empty class', () => {
    const digest = new ClassDigestBuilder().digest();
    expect(renderMarkdown(digest)).toContain('**0** submissions');
    expect(renderSummaryHtml(digest, { reportHref })).toContain('No submissions');
    expect(renderCsv(digest)).toBe('id,total,max,status\r\n');
  });
});
