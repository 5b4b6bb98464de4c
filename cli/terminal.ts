/**
 * The terminal summary of one result: a line per question with points and status, the first
 * failing case's message, and the misconception hint that teaches the idea.
 */
import pc from 'picocolors';
import type { QuestionResult, SubmissionResult } from '../grader/result.js';
import { formatCount, formatScore } from '../reports/index.js';
import { escapeTerminal } from './escape-terminal.js';

export { escapeTerminal };

type Paint = (text: string) => string;
interface Palette {
  readonly green: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
  readonly cyan: Paint;
}

export function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  return { green: c.green, red: c.red, yellow: c.yellow, dim: c.dim, bold: c.bold, cyan: c.cyan };
}

const SYMBOL: Record<QuestionResult['status'], string> = {
  passed: '✓',
  partial: '◐',
  failed: '✗',
  error: '!',
  missing: '·',
};

function statusPaint(p: Palette, status: QuestionResult['status']): Paint {
  switch (status) {
    case 'passed':
      return p.green;
    case 'partial':
      return p.yellow;
    case 'failed':
    case 'error':
      return p.red;
    case 'missing':
      return p.dim;
  }
}

/** One line, for batch logs: `alice  9/11  q5 ✗ (q5.flipped)`. */
export function formatResultLine(result: SubmissionResult, p: Palette): string {
  const id = escapeTerminal(result.submission.id, true);
  if (result.status === 'ungradable')
    return `${id}  ${p.red('UNGRADABLE')}  ${escapeTerminal(result.error ?? '', true)}`;
  const lost = result.questions
    .filter((q) => q.status !== 'passed')
    .map((q) => `${q.id}${q.misconceptions.length > 0 ? ` (${q.misconceptions.join(', ')})` : ''}`);
  const score = `${formatScore(result.score)}/${formatScore(result.maxScore)}`;
  return `${id}  ${result.score === result.maxScore ? p.green(score) : p.yellow(score)}${lost.length > 0 ? p.dim(`  lost: ${lost.join(' ')}`) : ''}`;
}

/** The full per-question summary `check` prints. */
export function formatSummary(result: SubmissionResult, p: Palette): string {
  const lines: string[] = [];
  lines.push(p.bold(`${result.exercise.title} (${result.exercise.id}) — ${result.variant.visibility} cases`));
  if (result.isolation === 'basic')
    lines.push(p.yellow(`isolation: basic — ${result.isolationNote ?? 'not a security boundary'}`));
  if (result.status === 'ungradable') {
    lines.push(p.red(`Could not grade: ${escapeTerminal(result.error ?? 'unknown error')}`));
    return `${lines.join('\n')}\n`;
  }
  // Code that never loaded fails every code question with the same message: say it once.
  if (result.loadError !== undefined)
    lines.push(p.red(`Your solution did not load: ${escapeTerminal(result.loadError)}`));
  for (const q of result.questions) {
    const paint = statusPaint(p, q.status);
    const points = `${formatScore(q.score)}/${formatScore(q.maxScore)}`.padStart(7);
    lines.push(
      `${paint(SYMBOL[q.status])} ${p.bold(q.id.padEnd(4))} ${points}  ${q.title}${q.status === 'missing' ? p.dim('  (not answered)') : ''}`,
    );
    const failing = q.cases.filter((c) => c.status !== 'passed');
    const first = failing[0];
    if (first !== undefined) {
      const message =
        result.loadError !== undefined && q.answeredBy === 'function'
          ? 'the solution did not load (see above)'
          : escapeTerminal(first.message);
      lines.push(
        `        ${p.dim(`${failing.length} of ${formatCount(q.cases.length, 'case')} failed; ${first.id}:`)} ${message}`,
      );
    }
    for (const note of q.notes ?? []) lines.push(`        ${p.dim('note:')} ${note}`);
    const hinted = new Set<string>();
    for (const c of failing) {
      if (c.misconception === undefined || hinted.has(c.misconception)) continue;
      hinted.add(c.misconception);
      lines.push(`        ${p.cyan(`hint [${c.misconception}]`)} ${c.hint ?? ''}`);
    }
  }
  const total = `${formatScore(result.score)}/${formatScore(result.maxScore)}`;
  lines.push(p.bold(`Score: ${result.score === result.maxScore ? p.green(total) : p.yellow(total)}`));
  return `${lines.join('\n')}\n`;
}
