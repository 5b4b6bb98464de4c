/**
 * solution.ipynb: nbformat's schema decides what a notebook is, code cells become one Python
 * module with a line map, IPython-only lines are dropped and noted, and a notebook is graded like
 * the same code in solution.py, with errors naming the cell and the line in it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../../../cli/options.js';
import { harnessVersion } from '../../../cli/version.js';
import { gradeSubmission } from '../../../grader/grade.js';
import type { SubmissionResult } from '../../../grader/result.js';
import { intakeSubmission } from '../../../grader/run/index.js';
import { dropMagics, mapNotebookMessage, notebookToModule, type NotebookModule } from '../../../grader/run/notebook.js';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-notebook-'));

type CellSpec = string | { readonly md: string } | { readonly code: string | string[]; readonly outputs?: unknown[] };

/** An nbformat 4.5 notebook of the given cells (strings are code cells). */
function notebook(cells: readonly CellSpec[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cells: cells.map((cell, k) =>
      typeof cell === 'string' || 'code' in cell
        ? {
            cell_type: 'code',
            id: `c${k}`,
            metadata: {},
            execution_count: null,
            outputs: typeof cell === 'string' ? [] : (cell.outputs ?? []),
            source: typeof cell === 'string' ? cell : cell.code,
          }
        : { cell_type: 'markdown', id: `m${k}`, metadata: {}, source: cell.md },
    ),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
    ...extra,
  });
}

function module(text: string): NotebookModule {
  const parsed = notebookToModule(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.module;
}

function refusal(text: string): string {
  const parsed = notebookToModule(text);
  if (parsed.ok) throw new Error('expected the notebook to be refused');
  return parsed.message;
}

describe('a notebook as a module', () => {
  it('joins the code cells in order, counting every cell, with a line map back to (cell, line)', () => {
    const m = module(
      notebook([
        { md: '# Title' },
        'import numpy as np\nx = 1',
        { md: 'text' },
        { code: ['def f():\n', '    return x\n'] },
      ]),
    );
    expect(m.code).toBe('import numpy as np\nx = 1\ndef f():\n    return x\n');
    expect(m.lineMap).toEqual([
      { cell: 2, line: 1 },
      { cell: 2, line: 2 },
      { cell: 4, line: 1 },
      { cell: 4, line: 2 },
    ]);
    expect(m.codeCells).toBe(2);
    expect(m.notes).toEqual([]);
  });

  it('leaves stored outputs out of the module', () => {
    const output = { output_type: 'stream', name: 'stdout', text: ['SECRET-OUTPUT\n'] };
    const image = { output_type: 'display_data', metadata: {}, data: { 'image/png': 'iVBOR'.repeat(1000) } };
    const m = module(notebook([{ code: 'x = 1\n', outputs: [output, image] }]));
    expect(m.code).toBe('x = 1\n');
  });

  it('drops magics, shell lines and help requests at the start of a logical line, keeping blocks valid', () => {
    const m = module(
      notebook([
        '%matplotlib inline\n!pip install numpy\nnp.convolve?\nfiles = !ls\nif True:\n    %time f()\ns = """\n%not a magic\n"""\nt = (1,\n!2)\n%config A \\\n  B\ny = 2',
      ]),
    );
    expect(m.code.split('\n')).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'if True:',
      '    pass',
      's = """',
      '%not a magic',
      '"""',
      't = (1,',
      '!2)',
      'pass',
      '',
      'y = 2',
      '',
    ]);
    expect(m.notes).toEqual([
      'Dropped IPython magic in cell 1, line 1: %matplotlib inline',
      'Dropped shell command in cell 1, line 2: !pip install numpy',
      'Dropped IPython help request in cell 1, line 3: np.convolve?',
      'Dropped IPython magic assignment in cell 1, line 4: files = !ls',
      'Dropped IPython magic in cell 1, line 6: %time f()',
      'Dropped IPython magic in cell 1, line 12: %config A \\',
    ]);
  });

  it('skips a cell that starts with a cell magic, whole', () => {
    const m = module(notebook(['x = 1', '%%bash\necho hi\nrm -rf /', '\n%%time\ny = 2', 'z = 3']));
    expect(m.code).toBe('x = 1\nz = 3\n');
    expect(m.notes).toEqual([
      'Skipped cell 2: it starts with the cell magic %%bash',
      'Skipped cell 3: it starts with the cell magic %%time',
    ]);
  });

  it('refuses a cell that does not stand alone, naming the cell and where the construct opened', () => {
    expect(refusal(notebook(['x = 1', 'y = (1,\n  2,', '3)']))).toBe(
      'SyntaxError: cell 2 ends inside an unclosed "(" (solution.ipynb, cell 2, line 1); each cell must be complete by itself, as Jupyter runs it',
    );
    expect(refusal(notebook(['s = """\nabc', '"""']))).toMatch(
      /^SyntaxError: cell 1 ends inside a """ string \(solution\.ipynb, cell 1, line 1\)/,
    );
    expect(refusal(notebook(['x = 1 + \\']))).toMatch(/cell 1 ends inside a backslash continuation/);
    // Brackets and quotes in comments and strings do not count.
    expect(module(notebook(["x = '(' # ) [\ny = \"[\" + 'it\\'s'"])).code).toContain('y =');
  });

  it('tracks strings well enough to tell logical lines apart', () => {
    expect(dropMagics(["a = 'x' \\", '!not-shell', 'b = 1']).dropped).toEqual([]);
    expect(dropMagics(['a = f"{x!r}"', '!shell']).dropped).toEqual([
      { line: 2, kind: 'shell command', text: '!shell' },
    ]);
    expect(dropMagics(["r = r'\\''", '%magic']).dropped).toHaveLength(1);
  });
});

describe("nbformat's schema decides what a notebook is", () => {
  it('says where malformed JSON breaks, with line and column', () => {
    expect(refusal('{\n "cells": [\n  {"cell_type": "code",,}\n ]\n}')).toMatch(
      /^solution\.ipynb is not valid JSON: .*\(line 3, column \d+\)$/,
    );
    expect(refusal('')).toMatch(/^solution\.ipynb is not valid JSON/);
  });

  it('refuses other major versions and documents the schema does not allow', () => {
    expect(refusal(JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }))).toMatch(
      /not an nbformat 4 notebook/,
    );
    expect(refusal(JSON.stringify([1, 2]))).toMatch(/not an nbformat 4 notebook/);
    const noOutputs = JSON.parse(notebook(['x = 1'])) as { cells: Record<string, unknown>[] };
    delete noOutputs.cells[0]?.['outputs'];
    expect(refusal(JSON.stringify(noOutputs))).toMatch(
      /^solution\.ipynb is not a valid Jupyter notebook \(nbformat 4\.5 schema\): \/cells\/0/,
    );
    expect(refusal(notebook(['x = 1'], { surprise: true }))).toMatch(
      /must NOT have additional properties \("surprise"\)/,
    );
    expect(refusal(notebook([{ code: 'x', outputs: [{ output_type: 'stream', name: 'stdout', text: 5 }] }]))).toMatch(
      /\/cells\/0\/outputs\/0/,
    );
  });

  it("validates each notebook against its own minor version's schema, as nbformat does", () => {
    const old = JSON.parse(notebook(['x = 1'])) as { cells: Record<string, unknown>[]; nbformat_minor: number };
    delete old.cells[0]?.['id'];
    old.nbformat_minor = 4; // cell ids came in 4.5: a 4.4 notebook (Colab writes 4.0) has none
    expect(module(JSON.stringify(old)).code).toBe('x = 1\n');
    old.nbformat_minor = 0;
    expect(module(JSON.stringify(old)).code).toBe('x = 1\n');
    old.nbformat_minor = 5;
    expect(refusal(JSON.stringify(old))).toMatch(/must have required property 'id'/);
    // A notebook from a newer minor is read with the latest schema, relaxed.
    const future = JSON.parse(notebook(['x = 1'], { nbformat_minor: 9 })) as { cells: Record<string, unknown>[] };
    (future.cells[0] as Record<string, unknown>)['new_field'] = 1;
    expect(module(JSON.stringify(future)).code).toBe('x = 1\n');
  });
});

describe('messages name the cell', () => {
  const lineMap = [
    { cell: 2, line: 1 },
    { cell: 2, line: 2 },
    { cell: 5, line: 1 },
  ];
  it('rewrites the relay locations, traceback lines and "on line" of module lines', () => {
    expect(mapNotebookMessage('ValueError: bad (solution.py, line 3)', lineMap)).toBe(
      'ValueError: bad (solution.ipynb, cell 5, line 1)',
    );
    expect(mapNotebookMessage('  File "/tmp/convgrade-x/sub/solution.py", line 2, in f', lineMap)).toBe(
      '  File "solution.ipynb", cell 2, line 2, in f',
    );
    expect(
      mapNotebookMessage(
        "IndentationError: expected an indented block after 'if' statement on line 2 (solution.py, line 3)",
        lineMap,
      ),
    ).toBe(
      "IndentationError: expected an indented block after 'if' statement on cell 2, line 2 (solution.ipynb, cell 5, line 1)",
    );
    expect(mapNotebookMessage('nothing here on line 2', lineMap)).toBe('nothing here on line 2');
  });
});

describe('intake of solution.ipynb', () => {
  async function folder(name: string, files: Record<string, string>): Promise<string> {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  }

  it('stages the module as solution.py with the line map and notes, and hashes the notebook itself', async () => {
    const text = notebook(['%matplotlib inline\nx = 1']);
    const intake = await intakeSubmission(await folder('nb', { 'solution.ipynb': text }));
    if (!intake.ok) throw new Error(intake.reason);
    expect(intake.staged).toMatchObject({ language: 'py', module: { name: 'solution.py', code: 'pass\nx = 1\n' } });
    expect(intake.staged.lineMap).toHaveLength(2);
    expect(intake.staged.notes).toEqual(['Dropped IPython magic in cell 1, line 1: %matplotlib inline']);
    const again = await intakeSubmission(await folder('nb2', { 'solution.ipynb': `${text} ` }));
    expect(again.ok && again.staged.sha256).not.toBe(intake.staged.sha256);
  });

  it('refuses a notebook past the cap without reading it, and tells the student to clear outputs', async () => {
    const dir = await folder('huge', {
      'solution.ipynb': notebook([{ code: 'x = 1', outputs: [] }]).padEnd(5000, ' '),
    });
    const intake = await intakeSubmission(dir, { maxNotebookBytes: 4096 });
    expect(intake.ok).toBe(false);
    expect(!intake.ok && intake.reason).toMatch(
      /^solution\.ipynb is 5000 bytes; the limit is 4096: clear the notebook's outputs/,
    );
  });

  it('turns a malformed notebook into a load error, keeping answers.yaml', async () => {
    const intake = await intakeSubmission(
      await folder('bad', { 'solution.ipynb': '{"cells": [', 'answers.yaml': 'q4: b\n' }),
    );
    if (!intake.ok) throw new Error(intake.reason);
    expect(intake.staged.loadError).toMatch(/^solution\.ipynb is not valid JSON/);
    expect(intake.staged.answersYaml).toBe('q4: b\n');
    expect(intake.staged.module).toBeUndefined();
  });

  it('counts a notebook beside another solution file as two solutions', async () => {
    const intake = await intakeSubmission(await folder('two', { 'solution.ipynb': notebook([]), 'solution.py': '' }));
    expect(!intake.ok && intake.reason).toMatch(/several solution files \(solution\.ipynb, solution\.py\)/);
  });
});

describe('a notebook is graded like the same code in solution.py', () => {
  const spec = loadExercise('ex9-convolution');
  const grade = (path: string): Promise<SubmissionResult> =>
    gradeSubmission(
      { id: 'same', path },
      {
        spec,
        visibility: 'public',
        salt: spec.salt,
        isolation: 'auto',
        isolationLevel: 'basic',
        harnessVersion: harnessVersion(),
        timeoutMsPerCall: 5000,
      },
    );
  /** The .py split into cells at each top-level definition, with a markdown cell between. */
  function asNotebook(py: string): string {
    const blocks = py.split(/\n(?=(?:def|class|@)\s*)/);
    return notebook(blocks.flatMap((block, k) => [{ md: `## part ${k}` }, block]));
  }
  const located = /\(solution\.(?:py|ipynb)(?:, cell \d+)?, line \d+\)/g;
  const summary = (r: SubmissionResult): unknown =>
    r.questions.map((q) => [
      q.id,
      q.status,
      q.score,
      q.cases.map((c) => [c.status, c.message.replace(located, '(LOCATION)')]),
    ]);

  it.each(['correct', 'throws', 'syntax-error', 'wrong-shape'])('py fixture "%s"', async (name) => {
    const py = readFileSync(join(repo, 'test', 'fixtures', 'submissions', 'py', name, 'solution.py'), 'utf8');
    const pyDir = join(work, `same-py-${name}`);
    const nbDir = join(work, `same-nb-${name}`);
    mkdirSync(pyDir, { recursive: true });
    mkdirSync(nbDir, { recursive: true });
    writeFileSync(join(pyDir, 'solution.py'), py);
    writeFileSync(join(nbDir, 'solution.ipynb'), asNotebook(py));
    const [fromPy, fromNotebook] = await Promise.all([grade(pyDir), grade(nbDir)]);
    expect(summary(fromNotebook)).toEqual(summary(fromPy));
    expect(fromNotebook.score).toBe(fromPy.score);
    const messages = fromNotebook.questions.flatMap((q) => q.cases.map((c) => c.message));
    for (const m of messages) expect(m).not.toMatch(/solution\.py, line/);
    if (name === 'throws' || name === 'syntax-error')
      expect(messages.some((m) => /\(solution\.ipynb, cell \d+, line \d+\)/.test(m))).toBe(true);
  });
});
