/**
 * A Jupyter notebook submission (`solution.ipynb`, nbformat 4) becomes a Python module: its code
 * cells in order, one after another, run exactly as solution.py runs, with a line map back to
 * (cell, line) so errors name the cell. The notebook is parsed as JSON and validated against
 * nbformat's published schema of its own minor version (grader/run/nbformat/, compiled once per
 * version, on first use), never picked apart by hand. Stored outputs are validated with the rest
 * and then left out: only the code cells' sources are kept.
 *
 * What a kernel would run but Python cannot — IPython line magics (`%matplotlib inline`), shell
 * lines (`!pip install …`), help requests (`np.convolve?`) and `x = !ls` / `t = %timeit …` — are
 * dropped and noted: each such logical line becomes `pass` at its indentation, so line numbers
 * and the blocks around it stay as they were. A cell that starts with a cell magic (`%%time`,
 * `%%bash`) is skipped whole, since its body is often not Python at all. Each cell must be
 * complete by itself, as Jupyter compiles it: one that ends inside a bracket, a triple-quoted
 * string or a backslash continuation is a load error naming it, instead of silently running
 * together with the next cell.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';

/** Where a line of the generated module came from: 1-based cell number (all cells counted) and line in it. */
export interface CellLine {
  readonly cell: number;
  readonly line: number;
}

export interface NotebookModule {
  /** The Python module: the code cells' sources, joined in order. */
  readonly code: string;
  /** lineMap[k] is where line k + 1 of `code` came from. */
  readonly lineMap: readonly CellLine[];
  /** What was dropped or skipped, for the student. */
  readonly notes: readonly string[];
  readonly codeCells: number;
}

export type NotebookParse =
  { readonly ok: true; readonly module: NotebookModule } | { readonly ok: false; readonly message: string };

const FILE = 'solution.ipynb';
const LATEST_MINOR = 5;
const MAX_NOTES = 20;

/** Reads a notebook's text into a module, or says why it cannot (as a load error the student reads). */
export function notebookToModule(text: string): NotebookParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error: unknown) {
    return { ok: false, message: `${FILE} is not valid JSON: ${jsonProblem(text, error)}` };
  }
  const version = formatVersion(doc);
  if (version.major !== 4) {
    return {
      ok: false,
      message: `${FILE} is not an nbformat 4 notebook (its "nbformat" is ${JSON.stringify(version.major) ?? 'missing'}): open it in Jupyter and save it again`,
    };
  }
  const validate = validator(version.minor);
  if (!validate(doc)) {
    return {
      ok: false,
      message: `${FILE} is not a valid Jupyter notebook (nbformat 4.${version.minor} schema): ${schemaProblems(validate.errors ?? [])}`,
    };
  }
  return buildModule((doc as { cells: readonly Cell[] }).cells);
}

interface Cell {
  readonly cell_type: string;
  readonly source: string | readonly string[];
}

function formatVersion(doc: unknown): { major: unknown; minor: number } {
  const record = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  const minor = record['nbformat_minor'];
  return {
    major: record['nbformat'],
    minor: Number.isSafeInteger(minor) ? Math.max(0, minor as number) : LATEST_MINOR,
  };
}

// ---- the schemas: nbformat's, one per minor version, compiled on first use ----

const compiled = new Map<number, ValidateFunction>();

function validator(minor: number): ValidateFunction {
  const key = Math.min(minor, LATEST_MINOR + 1);
  let validate = compiled.get(key);
  if (validate === undefined) {
    const name = minor >= LATEST_MINOR ? 'nbformat.v4.schema.json' : `nbformat.v4.${minor}.schema.json`;
    let schema = JSON.parse(readFileSync(new URL(`./nbformat/${name}`, import.meta.url), 'utf8')) as SchemaNode;
    // A notebook from a newer minor version: nbformat's validator relaxes the latest schema the same way.
    if (minor > LATEST_MINOR) schema = allowUndefined(relaxAdditionalProperties(schema));
    const Ajv = createRequire(import.meta.url)('ajv-draft-04') as new (options: object) => AjvClass;
    // jsonschema, which nbformat validates with, ignores unknown keywords, and these schemas have
    // some ("item" for "items", a misplaced "source_hidden"): ajv must ignore them too.
    const ajv = new Ajv({ strict: false, allErrors: false });
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

type SchemaNode = { [key: string]: unknown };

function relaxAdditionalProperties(node: unknown): SchemaNode {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, key === 'additionalProperties' ? true : walk(child)]),
    );
  };
  return walk(node) as SchemaNode;
}

function allowUndefined(schema: SchemaNode): SchemaNode {
  const definitions = schema['definitions'] as Record<string, { oneOf: unknown[] }>;
  definitions['cell']?.oneOf.push({ $ref: '#/definitions/unrecognized_cell' });
  definitions['output']?.oneOf.push({ $ref: '#/definitions/unrecognized_output' });
  return schema;
}

/** The most specific problems first (the deepest path), at most three, as `/cells/3/source: must be …`. */
function schemaProblems(errors: readonly ErrorObject[]): string {
  const sorted = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
  const lines = [...new Set(sorted.map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${detail(e)}`))];
  return lines.slice(0, 3).join('; ');
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (typeof params['additionalProperty'] === 'string') return ` ("${params['additionalProperty']}")`;
  if (Array.isArray(params['allowedValues']))
    return ` (${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')})`;
  return '';
}

/** JSON.parse's complaint with the line and column of its position, when it gives one. */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  if (at?.[1] === undefined || /line \d+/.test(message)) return message;
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

// ---- code cells → module ----

function buildModule(cells: readonly Cell[]): NotebookParse {
  const lines: string[] = [];
  const lineMap: CellLine[] = [];
  const notes: string[] = [];
  let codeCells = 0;
  for (const [index, cell] of cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    codeCells += 1;
    const number = index + 1;
    const source = typeof cell.source === 'string' ? cell.source : cell.source.join('');
    const cellLines = source.split(/\r\n|\n|\r/);
    if (cellLines.length > 0 && cellLines[cellLines.length - 1] === '') cellLines.pop();
    const first = cellLines.find((line) => line.trim() !== '');
    if (first !== undefined && first.trimStart().startsWith('%%')) {
      notes.push(`Skipped cell ${number}: it starts with the cell magic ${first.trim().split(/\s/)[0] ?? '%%'}`);
      continue;
    }
    const converted = dropMagics(cellLines);
    for (const drop of converted.dropped)
      notes.push(`Dropped ${drop.kind} in cell ${number}, line ${drop.line}: ${clipLine(drop.text)}`);
    if (converted.open !== undefined) {
      return {
        ok: false,
        message: `SyntaxError: cell ${number} ends inside ${converted.open.what} (${FILE}, cell ${number}, line ${converted.open.line}); each cell must be complete by itself, as Jupyter runs it`,
      };
    }
    converted.lines.forEach((line, k) => {
      lines.push(line);
      lineMap.push({ cell: number, line: k + 1 });
    });
  }
  const shown =
    notes.length > MAX_NOTES ? [...notes.slice(0, MAX_NOTES), `… and ${notes.length - MAX_NOTES} more`] : notes;
  return {
    ok: true,
    module: { code: lines.length === 0 ? '' : `${lines.join('\n')}\n`, lineMap, notes: shown, codeCells },
  };
}

function clipLine(text: string): string {
  const line = text.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

interface Dropped {
  readonly line: number;
  readonly kind: string;
  readonly text: string;
}

interface Converted {
  readonly lines: string[];
  readonly dropped: Dropped[];
  /** The construct still open at the end of the cell, if any. */
  readonly open?: { readonly what: string; readonly line: number };
}

const HELP = /^(\?{1,2}[\w.]+|[\w.]+\?{1,2})$/;
const MAGIC_ASSIGN = /^[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!]/;

/**
 * The lines of one cell with every IPython-only logical line replaced by `pass` (its
 * continuation lines by nothing). Where logical lines start is tracked by a small lexer of
 * Python's strings, comments, brackets and backslash continuations, so a line inside a string or
 * inside brackets that happens to start with `%` or `!` is left alone.
 */
export function dropMagics(cellLines: readonly string[]): Converted {
  const lexer = new LineLexer();
  const lines: string[] = [];
  const dropped: Dropped[] = [];
  let inMagic = false;
  cellLines.forEach((line, k) => {
    if (inMagic) {
      lines.push('');
      inMagic = line.trimEnd().endsWith('\\');
      return;
    }
    if (lexer.atLogicalStart()) {
      const stripped = line.trim();
      const kind = stripped.startsWith('%')
        ? 'IPython magic'
        : stripped.startsWith('!')
          ? 'shell command'
          : HELP.test(stripped)
            ? 'IPython help request'
            : MAGIC_ASSIGN.test(stripped)
              ? 'IPython magic assignment'
              : undefined;
      if (kind !== undefined) {
        dropped.push({ line: k + 1, kind, text: stripped });
        lines.push(`${/^\s*/.exec(line)?.[0] ?? ''}pass`);
        inMagic = line.trimEnd().endsWith('\\');
        return;
      }
    }
    lexer.feed(line, k + 1);
    lines.push(line);
  });
  const open = lexer.openConstruct();
  return open === undefined ? { lines, dropped } : { lines, dropped, open };
}

/** Just enough of Python's tokenizer to know where logical lines start. */
class LineLexer {
  private string: { quote: string; triple: boolean; line: number } | undefined;
  private readonly brackets: { char: string; line: number }[] = [];
  private continued = 0;

  atLogicalStart(): boolean {
    return this.string === undefined && this.brackets.length === 0 && this.continued === 0;
  }

  openConstruct(): { what: string; line: number } | undefined {
    if (this.string?.triple === true)
      return { what: `a ${this.string.quote.repeat(3)} string`, line: this.string.line };
    const bracket = this.brackets[this.brackets.length - 1];
    if (bracket !== undefined) return { what: `an unclosed "${bracket.char}"`, line: bracket.line };
    if (this.continued > 0) return { what: 'a backslash continuation', line: this.continued };
    return undefined;
  }

  feed(line: string, number: number): void {
    this.continued = 0;
    let comment = false;
    let k = 0;
    while (k < line.length) {
      const ch = line[k] ?? '';
      if (this.string !== undefined) {
        const { quote, triple } = this.string;
        if (ch === '\\') k += 2;
        else if (triple && line.startsWith(quote.repeat(3), k)) {
          this.string = undefined;
          k += 3;
        } else if (!triple && ch === quote) {
          this.string = undefined;
          k += 1;
        } else k += 1;
        continue;
      }
      if (ch === '#') {
        comment = true;
        break;
      }
      if (ch === '"' || ch === "'") {
        const triple = line.startsWith(ch.repeat(3), k);
        this.string = { quote: ch, triple, line: number };
        k += triple ? 3 : 1;
        continue;
      }
      if ('([{'.includes(ch)) this.brackets.push({ char: ch, line: number });
      else if (')]}'.includes(ch)) this.brackets.pop();
      k += 1;
    }
    const endsInBackslash = !comment && line.endsWith('\\');
    if (this.string !== undefined && !this.string.triple) {
      // A one-quote string ends at the line's end unless the line ends with a backslash.
      if (!endsInBackslash) this.string = undefined;
      return;
    }
    if (this.string === undefined && endsInBackslash) this.continued = number;
  }
}

// ---- messages back to cells ----

/**
 * `text` with every reference to a line of the generated module written as the notebook's cell
 * and line: "(solution.py, line 12)" → "(solution.ipynb, cell 5, line 2)", `File "solution.py",
 * line 12` → `File "solution.ipynb", cell 5, line 2`, and Python's "on line 11" inside such a
 * message likewise.
 */
export function mapNotebookMessage(text: string, lineMap: readonly CellLine[]): string {
  const where = (n: string): CellLine | undefined => lineMap[Number(n) - 1];
  let mapped = text.replace(/\((?:[^()\s]*\/)?solution\.py, line (\d+)\)/g, (whole, n: string) => {
    const at = where(n);
    return at === undefined ? `(${FILE})` : `(${FILE}, cell ${at.cell}, line ${at.line})`;
  });
  mapped = mapped.replace(/File "(?:[^"]*\/)?solution\.py", line (\d+)/g, (whole, n: string) => {
    const at = where(n);
    return at === undefined ? `File "${FILE}"` : `File "${FILE}", cell ${at.cell}, line ${at.line}`;
  });
  if (mapped !== text)
    mapped = mapped.replace(/\bon line (\d+)\b/g, (whole, n: string) => {
      const at = where(n);
      return at === undefined ? whole : `on cell ${at.cell}, line ${at.line}`;
    });
  return mapped;
}
