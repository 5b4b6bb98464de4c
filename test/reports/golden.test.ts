/**
 * Golden files for every renderer over the sample class (after normalising times and paths).
 * Write them once with `UPDATE_GOLDEN=1 npx vitest run test/reports`, read the diff, commit.
 */
import { describe, it } from 'vitest';
import {
  classroomResult,
  renderCsv,
  renderGradescope,
  renderJunit,
  renderMarkdown,
  renderSubmissionHtml,
  renderSummaryHtml,
} from '../../reports/index.js';
import { expectGolden, loadClass } from './helpers.js';

const results = loadClass();
const reportHref = (id: string): string => `reports/${encodeURIComponent(id)}.html`;

describe('golden reports of the sample class', () => {
  it.each(results.map((r) => [r.submission.id, r] as const))('submission page of %s', (id, result) => {
    expectGolden(`html/${id}.html`, renderSubmissionHtml(result, { summaryHref: '../summary.html' }));
  });

  it('class summary page', () => {
    expectGolden('html/summary.html', renderSummaryHtml(results, { reportHref }));
  });

  it.each(results.map((r) => [r.submission.id, r] as const))('Gradescope results.json of %s', (id, result) => {
    expectGolden(`gradescope/${id}.json`, renderGradescope(result));
  });

  it.each(results.map((r) => [r.submission.id, r] as const))(
    'Classroom runner result of %s (decoded)',
    (id, result) => {
      expectGolden(`classroom/${id}.json`, `${JSON.stringify(classroomResult(result), null, 2)}\n`);
    },
  );

  it('JUnit XML', () => {
    expectGolden('junit.xml', renderJunit(results));
  });

  it('CSV gradebook', () => {
    expectGolden('grades.csv', renderCsv(results, ['q1', 'q2', 'q3', 'q4', 'q5', 'q6']));
  });

  it('Markdown summary', () => {
    expectGolden('summary.md', renderMarkdown(results));
  });
});
