/**
 * Records results: bench/results.json (git-ignored, machine-readable, one entry per suite, the
 * latest run of each) and the generated sections of BENCHMARKS.md. BENCHMARKS.md keeps its
 * hand-written analysis: only the text between `<!-- bench:ID begin -->` and
 * `<!-- bench:ID end -->` is replaced, and a missing section is appended.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Machine } from './machine.js';
import type { SuiteResult } from './suite.js';
import { renderMarkdown } from './table.js';

interface ResultsFile {
  readonly machine: Machine;
  readonly suites: Record<string, SuiteResult & { readonly date: string }>;
}

export function writeResultsJson(path: string, machine: Machine, results: readonly SuiteResult[], date: string): void {
  let previous: ResultsFile['suites'] = {};
  if (existsSync(path)) {
    try {
      previous = (JSON.parse(readFileSync(path, 'utf8')) as ResultsFile).suites ?? {};
    } catch {
      previous = {};
    }
  }
  const suites = { ...previous };
  for (const result of results) suites[result.id] = { ...result, date };
  writeFileSync(path, `${JSON.stringify({ machine, suites } satisfies ResultsFile, null, 2)}\n`);
}

function replaceSection(text: string, id: string, body: string): string {
  const begin = `<!-- bench:${id} begin -->`;
  const end = `<!-- bench:${id} end -->`;
  const section = `${begin}\n${body}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) return text.slice(0, from) + section + text.slice(to + end.length);
  return `${text.trimEnd()}\n\n${section}\n`;
}

function machineMarkdown(machine: Machine, date: string): string {
  return [
    `Measured ${date} on: ${machine.nproc} cores (\`nproc\`), ${machine.cpuModel}, ${machine.memoryGiB} GiB,`,
    `Node ${machine.node} (${machine.platform}), OPENBLAS_CORETYPE=${machine.openblasCoretype ?? '(unset)'},`,
    `1-minute load average ${machine.loadAverage} at the start (the machine is shared: compare ratios, not absolute times).`,
  ].join('\n');
}

export function updateBenchmarksMd(
  path: string,
  machine: Machine,
  results: readonly SuiteResult[],
  date: string,
): void {
  let text = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nGenerated sections are rewritten by `npm run bench`.\n';
  text = replaceSection(text, 'machine', machineMarkdown(machine, date));
  for (const result of results) text = replaceSection(text, result.id, renderMarkdown(result));
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
