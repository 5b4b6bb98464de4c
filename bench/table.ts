/** Renders suite results as an aligned terminal table and as Markdown. */
import type { Row, SuiteResult } from './suite.js';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '';
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

function cells(row: Row, baselines: readonly string[]): string[] {
  return [
    row.workload,
    row.op,
    row.impl,
    formatMs(row.stats.medianMs),
    formatMs(row.stats.minMs),
    formatMs(row.stats.maxMs),
    ...baselines.map((baseline) => formatRatio(row.ratios[baseline])),
  ];
}

function header(result: SuiteResult): string[] {
  return [
    'workload',
    'op',
    'implementation',
    'median ms',
    'min ms',
    'max ms',
    ...result.baselines.map((b) => `÷ ${b}`),
  ];
}

export function renderText(result: SuiteResult): string {
  const rows = [header(result), ...result.rows.map((row) => cells(row, result.baselines))];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => (r[column] ?? '').length))) ?? [];
  const numeric = (column: number): boolean => column >= 3;
  const line = (r: string[]): string =>
    r
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  const out = [`${result.id.toUpperCase()} ${result.title}`, line(rows[0] ?? [])];
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) out.push(line(r));
  out.push('');
  for (const verdict of result.verdicts)
    out.push(`${verdict.met ? 'MET   ' : 'MISSED'} ${verdict.target}: ${verdict.detail}`);
  return out.join('\n');
}

export function renderMarkdown(result: SuiteResult): string {
  const head = header(result);
  const out = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, column) => (column >= 3 ? '---:' : '---')).join(' | ')} |`,
    ...result.rows.map((row) => `| ${cells(row, result.baselines).join(' | ')} |`),
    '',
    '| target | verdict | measured |',
    '| --- | --- | --- |',
    ...result.verdicts.map((v) => `| ${v.target} | ${v.met ? 'met' : '**missed**'} | ${v.detail} |`),
  ];
  if (result.notes.length > 0) out.push('', ...result.notes.map((note) => `- ${note}`));
  return out.join('\n');
}
