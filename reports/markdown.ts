/**
 * The Markdown summary (for $GITHUB_STEP_SUMMARY and PR comments): counts, mean and median,
 * per-question pass rates, misconceptions, and a per-student table when the class is small.
 * Student-controlled text is escaped so it cannot inject Markdown or HTML.
 */
import { asDigest, type ClassInput } from './class-digest.js';
import { formatPercent, formatScore } from './numbers.js';
import { formatCount } from './plural.js';
import { classStats } from './stats.js';
import { sanitizeText } from './text.js';

/** Students listed one per row up to this many; above it only the aggregates are shown. */
export const STUDENT_TABLE_LIMIT = 30;

/** Text safe inside Markdown (and a table cell): inline markup characters backslash-escaped, newlines flattened. */
export function escapeMarkdown(text: string): string {
  return sanitizeText(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** The Markdown summary of a batch: its results, or their digest. */
export function renderMarkdown(input: ClassInput): string {
  const digest = asDigest(input);
  const stats = classStats(digest);
  const first = digest.first;
  const lines: string[] = [`## convgrade: ${escapeMarkdown(first?.exercise.title ?? 'no submissions')}`, ''];
  if (first)
    lines.push(
      `Exercise \`${first.exercise.id}\` version ${escapeMarkdown(first.exercise.version)}, spec \`${first.exercise.specSha256.slice(0, 12)}\`, convgrade ${escapeMarkdown(first.harness.version)}.`,
      '',
    );
  lines.push(
    `**${stats.total}** submissions: **${stats.graded}** graded, **${stats.ungradable}** not gradable.`,
    '',
    `Mean **${formatScore(stats.mean)}** / ${formatScore(stats.maxScore)}, median **${formatScore(stats.median)}**, range ${formatScore(stats.min)}–${formatScore(stats.max)} (graded submissions only).`,
    '',
    '### Questions',
    '',
    '| Question | Title | Passed | Partly | Wrong | Crashed | Missing | Pass rate | Mean points |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...stats.questions.map(
      (q) =>
        `| ${escapeMarkdown(q.id)} | ${escapeMarkdown(q.title)} | ${q.counts.passed} | ${q.counts.partial} | ${q.counts.failed} | ${q.counts.error} | ${q.counts.missing} | ${formatPercent(q.counts.passed, q.attempts)} | ${formatScore(q.meanScore)} / ${formatScore(q.maxScore)} |`,
    ),
    '',
    '### Misconceptions',
    '',
  );
  if (stats.misconceptions.length === 0) lines.push('No known misconception was matched.', '');
  else {
    lines.push('| Misconception | Students | Who |', '|---|---:|---|');
    for (const m of stats.misconceptions)
      lines.push(
        `| \`${m.id.replace(/`/g, '')}\` | ${m.students.length} | ${m.students.map(escapeMarkdown).join(', ')} |`,
      );
    lines.push('');
  }
  const rows = digest.rows;
  if (rows.length > 0 && rows.length <= STUDENT_TABLE_LIMIT) {
    lines.push('### Students', '', '| Student | Score | Status | Misconceptions |', '|---|---:|---|---|');
    for (const r of rows) {
      const ms = r.misconceptions.map((m) => `\`${m.replace(/`/g, '')}\``).join(', ');
      lines.push(
        `| ${escapeMarkdown(r.id)} | ${formatScore(r.score)} / ${formatScore(r.maxScore)} | ${r.status === 'graded' ? 'graded' : 'not gradable'} | ${ms} |`,
      );
    }
    lines.push('');
  } else if (rows.length > STUDENT_TABLE_LIMIT) {
    lines.push(`_${formatCount(rows.length, 'student')}: see grades.csv and summary.html for each one._`, '');
  }
  return lines.join('\n');
}
