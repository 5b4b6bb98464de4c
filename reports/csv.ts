/**
 * The CSV gradebook: one row per student — id, total, max, one column per question (in exercise
 * order), then status — RFC 4180 quoted, CRLF line ends. Text cells that a spreadsheet would read
 * as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
 */
import { asDigest, type ClassInput } from './class-digest.js';
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
 * One row per result (or per row of their digest). `questions` fixes the question columns and
 * their order (the exercise's); by default they are the questions of the results, in the order
 * first seen.
 */
export function renderCsv(input: ClassInput, questions?: readonly string[]): string {
  const digest = asDigest(input);
  const ids = questions ?? questionOrder(digest).map((q) => q.id);
  const lines: string[] = [csvLine(['id', 'total', 'max', ...ids, 'status'])];
  for (const r of digest.rows) {
    lines.push(
      csvLine([
        r.id,
        r.score,
        r.maxScore,
        ...ids.map((id) => {
          const q = r.questions.find((item) => item.id === id);
          return q ? q.score : '';
        }),
        r.status,
      ]),
    );
  }
  return lines.join('');
}

function csvLine(row: readonly Cell[]): string {
  return `${row.map(csvCell).join(',')}\r\n`;
}
