/**
 * The CSV gradebook: one row per student — id, total, max, one column per question (in exercise
 * order), then status — RFC 4180 quoted, CRLF line ends. Text cells that a spreadsheet would read
 * as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
 */
import type { SubmissionResult } from '../grader/result.js';
import { formatScore } from './numbers.js';
import { questionOrder } from './stats.js';
import { sanitizeText } from './text.js';

type Cell = string | number;

/** A text cell made safe for spreadsheets; numbers pass unchanged. */
export function csvCell(cell: Cell): string {
  // Control characters (an escape sequence in a folder name) become visible \xNN, as in every report.
  let text = typeof cell === 'number' ? formatScore(cell) : sanitizeText(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per result. `questions` fixes the question columns and their order (the exercise's);
 * by default they are the questions of the results, in the order first seen.
 */
export function renderCsv(results: readonly SubmissionResult[], questions?: readonly string[]): string {
  const ids = questions ?? questionOrder(results).map((q) => q.id);
  const rows: Cell[][] = [['id', 'total', 'max', ...ids, 'status']];
  for (const r of results) {
    rows.push([
      r.submission.id,
      r.score,
      r.maxScore,
      ...ids.map((id) => {
        const q = r.questions.find((item) => item.id === id);
        return q ? q.score : '';
      }),
      r.status,
    ]);
  }
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
