/**
 * The starter notebook of `convgrade init --lang ipynb`, built from the exercise and its Python
 * starter (so every exercise with a solution.py starter has one, and the two never drift): a
 * markdown cell with the exercise's introduction, a code cell with the starter's imports, then
 * for each question a markdown cell with its text (title, points, the functions to write, the
 * options of a choice) and a code cell with the starter's functions for it. nbformat 4.5, cell
 * ids from the question ids, no outputs.
 */
import type { QuestionSpec } from '../grader/spec/index.js';
import type { ExerciseSpec } from '../grader/spec/index.js';
import { formatCount } from '../reports/index.js';

interface Cell {
  readonly cell_type: 'markdown' | 'code';
  readonly id: string;
  readonly metadata: Record<string, never>;
  readonly source: string[];
  readonly execution_count?: null;
  readonly outputs?: [];
}

/** The notebook's text (JSON, one-space indent as Jupyter writes it, newline-terminated). */
export function starterNotebook(spec: ExerciseSpec, pythonStarter: string): string {
  const { intro, header, blocks } = splitStarter(pythonStarter);
  const used = new Set<string>();
  const cells: Cell[] = [
    markdown(
      'intro',
      `# ${spec.title}\n\n${intro === '' ? '' : `${intro}\n\n`}Run the cells in order, save the notebook, then run \`npx convgrade check\`.`,
    ),
  ];
  if (header.trim() !== '') cells.push(code('setup', header));
  for (const q of spec.questions) {
    cells.push(markdown(cellId(`${q.id}-text`), questionText(q)));
    const names = q.functions.map((f) => f.exports.py);
    if (names.length === 0) continue;
    const source = names
      .map((name) => {
        used.add(name);
        return blocks.get(name) ?? `def ${name}(*args):\n    raise NotImplementedError("TODO: ${q.id} ${name}")\n`;
      })
      .join('\n\n');
    cells.push(code(cellId(`${q.id}-code`), source));
  }
  const rest = [...blocks].filter(([name]) => !used.has(name)).map(([, block]) => block);
  if (rest.length > 0) cells.push(code('helpers', rest.join('\n\n')));
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

function questionText(q: QuestionSpec): string {
  const lines = [`## ${q.id} · ${q.title}`, '', `${formatCount(q.points, 'point')}.`];
  const functions = q.functions.map((f) => `\`${f.exports.py}\``);
  if (functions.length > 0) {
    lines.push('', `Write ${functions.join(', ').replace(/, ([^,]*)$/, ' and $1')} in the cell below.`);
    if (q.formulas) lines.push('Or answer with a formula in `answers.yaml` instead (see its comments).');
  } else if (q.choice !== undefined) {
    lines.push(
      '',
      ...q.choice.options.map((o) => `- **(${o.id})** ${o.text}`),
      '',
      `Answer in \`answers.yaml\`: \`${q.id}: <letter>\`.`,
    );
  }
  return lines.join('\n');
}

/** The starter's module docstring, the code before its first definition, and each top-level definition by name. */
function splitStarter(text: string): { intro: string; header: string; blocks: Map<string, string> } {
  let rest = text;
  let intro = '';
  const doc = /^\s*("""|''')([\s\S]*?)\1[^\n]*\n/.exec(rest);
  if (doc !== null) {
    intro = (doc[2] ?? '').trim();
    rest = rest.slice(doc[0].length);
  }
  const lines = rest.split('\n');
  const blocks = new Map<string, string>();
  const header: string[] = [];
  let current: { name: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (current !== undefined) blocks.set(current.name, `${current.lines.join('\n').trimEnd()}\n`);
  };
  for (const line of lines) {
    const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(line);
    if (def?.[1] !== undefined) {
      flush();
      current = { name: def[1], lines: [line] };
    } else if (current !== undefined && (line === '' || /^\s/.test(line))) current.lines.push(line);
    else if (current !== undefined) {
      flush();
      current = undefined;
      header.push(line);
    } else header.push(line);
  }
  flush();
  return { intro, header: `${header.join('\n').trim()}\n`, blocks };
}

function cellId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) || 'cell';
}

/** Jupyter's source convention: lines keep their newline, the last one has none. */
function sourceLines(text: string): string[] {
  const trimmed = text.replace(/\n+$/, '');
  return trimmed.split('\n').map((line, k, all) => (k < all.length - 1 ? `${line}\n` : line));
}

function markdown(id: string, text: string): Cell {
  return { cell_type: 'markdown', id, metadata: {}, source: sourceLines(text) };
}

function code(id: string, text: string): Cell {
  return { cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source: sourceLines(text) };
}
