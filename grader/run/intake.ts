/**
 * Intake (S7): a submission is a folder holding one `solution.ts|js|mjs|py|ipynb` and/or
 * `answers.yaml`, or a single such file. Only those files are read, only if they are regular
 * files (checked with lstat, opened without following links), and only up to a size cap.
 * Everything else in the folder (tsconfig.json, package.json, node_modules, conftest.py,
 * sitecustomize.py, helpers, READMEs) is ignored and never staged. Student problems are
 * values (`{ok: false, reason}`), never exceptions.
 */
import { createHash } from 'node:crypto';
import { constants, lstatSync, opendirSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Language } from '../result.js';
import { notebookToModule, type CellLine } from './notebook.js';
import { commonJsOf, transpileTypeScript } from './transpile.js';

export interface IntakeOptions {
  /** Cap on the solution file (default 1 MiB). */
  readonly maxSolutionBytes?: number;
  /** Cap on answers.yaml (default 256 KiB). */
  readonly maxAnswersBytes?: number;
  /**
   * Cap on solution.ipynb, stored outputs included (default 4 MiB): never read past it. The code
   * cells taken from it are held to the solution cap.
   */
  readonly maxNotebookBytes?: number;
}

export interface StagedSubmission {
  /** The path as given. */
  readonly path: string;
  readonly language: Language | null;
  /** sha256 (hex) over the canonical names and contents of the files read, sorted by name. */
  readonly sha256: string;
  /** answers.yaml (or .yml) as raw text; parsed by the grader elsewhere. */
  readonly answersYaml?: string;
  /** The runnable module (TypeScript already transpiled), absent when language is null. */
  readonly module?: { readonly name: string; readonly code: string };
  /** Set when the module cannot load at all (a TypeScript syntax error): every call gets it as a load-error. */
  readonly loadError?: string;
  /** Folder entries that were not read, for display. */
  readonly ignored: readonly string[];
  /** A notebook: where each line of `module` came from, to name cells in messages (mapNotebookMessage). */
  readonly lineMap?: readonly CellLine[];
  /** What intake changed on the way, for the student (the IPython magics dropped from a notebook). */
  readonly notes?: readonly string[];
}

export type Intake =
  { readonly ok: true; readonly staged: StagedSubmission } | { readonly ok: false; readonly reason: string };

const SOLUTION_NAMES: Readonly<Record<string, Language>> = {
  'solution.ts': 'ts',
  'solution.js': 'js',
  'solution.mjs': 'js',
  'solution.py': 'py',
  'solution.ipynb': 'py',
};
const ANSWER_NAMES = new Set(['answers.yaml', 'answers.yml']);
const EXTENSIONS: Readonly<Record<string, Language>> = {
  '.ts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.py': 'py',
  '.ipynb': 'py',
};
const MAX_ENTRIES = 1000;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

interface Found {
  readonly name: string;
  readonly path: string;
}

export async function intakeSubmission(path: string, opts: IntakeOptions = {}): Promise<Intake> {
  const maxSolution = opts.maxSolutionBytes ?? 1024 * 1024;
  const maxAnswers = opts.maxAnswersBytes ?? 256 * 1024;
  const maxNotebook = opts.maxNotebookBytes ?? 4 * 1024 * 1024;
  let stat;
  try {
    stat = await lstat(path);
  } catch {
    return fail(`${JSON.stringify(path)} does not exist`);
  }
  if (stat.isSymbolicLink()) return fail(`${JSON.stringify(path)} is a symbolic link; submit regular files only`);

  let solution: Found | undefined;
  let answers: Found | undefined;
  const ignored: string[] = [];
  if (stat.isDirectory()) {
    const names = readNames(path, MAX_ENTRIES);
    if (names === undefined)
      return fail(`The submission folder has more than ${MAX_ENTRIES} entries; at most ${MAX_ENTRIES} are allowed`);
    const solutions = names.filter((n) => n in SOLUTION_NAMES);
    const answerFiles = names.filter((n) => ANSWER_NAMES.has(n));
    if (solutions.length > 1)
      return fail(`The submission has several solution files (${solutions.join(', ')}); keep exactly one`);
    if (answerFiles.length > 1) return fail('The submission has both answers.yaml and answers.yml; keep one');
    ignored.push(...names.filter((n) => !(n in SOLUTION_NAMES) && !ANSWER_NAMES.has(n)));
    if (solutions[0] !== undefined) solution = { name: solutions[0], path: join(path, solutions[0]) };
    if (answerFiles[0] !== undefined) answers = { name: answerFiles[0], path: join(path, answerFiles[0]) };
    if (solution === undefined && answers === undefined) {
      const near = names.filter((n) => /^solution\./i.test(n) || /^answers\./i.test(n));
      const hint = near.length > 0 ? ` (found ${near.join(', ')}: names are case-sensitive)` : '';
      return fail(
        `No solution.ts, solution.js, solution.mjs, solution.py, solution.ipynb or answers.yaml in the submission${hint}`,
      );
    }
  } else if (stat.isFile()) {
    const ext = extname(path).toLowerCase();
    if (ext in EXTENSIONS) solution = { name: basename(path), path };
    else if (ext === '.yaml' || ext === '.yml') answers = { name: basename(path), path };
    else return fail(`${JSON.stringify(basename(path))} is not a .ts, .js, .mjs, .py, .ipynb or .yaml file`);
  } else {
    return fail(`${JSON.stringify(path)} is not a regular file or folder`);
  }

  const language = solution ? (languageOf(solution.name) ?? null) : null;
  const notebook = solution !== undefined && extname(solution.name).toLowerCase() === '.ipynb';
  const solutionFile = solution ? await readRegular(solution, notebook ? maxNotebook : maxSolution) : undefined;
  if (solutionFile !== undefined && !('text' in solutionFile)) {
    if (notebook && !solutionFile.ok && /limit/.test(solutionFile.reason))
      return fail(
        `${solutionFile.reason}: clear the notebook's outputs (Edit → Clear Outputs of All Cells), save it and submit again`,
      );
    return solutionFile;
  }
  const answersFile = answers ? await readRegular(answers, maxAnswers) : undefined;
  if (answersFile !== undefined && !('text' in answersFile)) return answersFile;
  const solutionText = solutionFile?.text;
  const answersText = answersFile?.text;

  const canonicalExt = solution ? extname(solution.name).toLowerCase() : '';
  const hash = createHash('sha256');
  const hashed: [string, Buffer][] = [];
  if (solutionFile !== undefined) hashed.push([`solution${canonicalExt}`, solutionFile.bytes]);
  if (answersFile !== undefined) hashed.push(['answers.yaml', answersFile.bytes]);
  for (const [name, bytes] of hashed.sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  }

  let module: { name: string; code: string } | undefined;
  let loadError: string | undefined;
  let lineMap: readonly CellLine[] | undefined;
  let notes: readonly string[] | undefined;
  if (language !== null && solutionText !== undefined) {
    if (notebook) {
      const parsed = notebookToModule(solutionText);
      if (!parsed.ok) loadError = parsed.message;
      else if (Buffer.byteLength(parsed.module.code) > maxSolution)
        loadError = `The code cells of ${solution?.name ?? 'the notebook'} hold ${Buffer.byteLength(parsed.module.code)} bytes; the limit is ${maxSolution}`;
      else {
        module = { name: 'solution.py', code: parsed.module.code };
        lineMap = parsed.module.lineMap;
        if (parsed.module.notes.length > 0) notes = parsed.module.notes;
      }
    } else if (language === 'py') {
      module = { name: 'solution.py', code: solutionText };
    } else {
      // An ES module runs as CommonJS where that keeps its meaning (transpile.ts commonJsOf):
      // Node then starts without its ES module loader. Otherwise as before: TypeScript as its
      // ES module, JavaScript as written.
      const commonJs = await commonJsOf(solutionText, language === 'ts' ? 'ts' : 'js');
      if (commonJs !== undefined) module = { name: COMMONJS_MODULE, code: commonJs };
      else if (language === 'ts') {
        const out = await transpileTypeScript(solutionText);
        if (out.ok) module = { name: 'solution.mjs', code: out.code };
        else loadError = `TypeScript does not compile:\n${out.message}`;
      } else module = { name: `solution${canonicalExt}`, code: solutionText };
    }
  }
  const staged: StagedSubmission = {
    path,
    language,
    sha256: hash.digest('hex'),
    ignored,
    ...(answersText !== undefined ? { answersYaml: answersText } : {}),
    ...(module !== undefined ? { module } : {}),
    ...(loadError !== undefined ? { loadError } : {}),
    ...(lineMap !== undefined ? { lineMap } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
  return { ok: true, staged };
}

/** What an ES module converted to CommonJS is staged as (the relay requires it). */
const COMMONJS_MODULE = 'solution.cjs';

/**
 * The name a solution is most likely staged under, from its name alone: Python as itself;
 * TypeScript and JavaScript as CommonJS (intake stages a module as written where it cannot be
 * converted, and a sandbox started ahead under this name is then not used).
 */
function moduleNameOf(language: Language): string {
  return language === 'py' ? 'solution.py' : COMMONJS_MODULE;
}

/**
 * Which module intake would stage for `path`, from names alone (nothing is read or checked but
 * the folder's listing), synchronously: what a sandbox started ahead of intake (prewarm.ts)
 * needs to know.
 * Undefined where intake would stage no module or would refuse the folder; a guess intake then
 * contradicts only costs the early sandbox (runSubmission checks the module name).
 */
export function peekSolution(path: string): { language: Language; moduleName: string } | undefined {
  try {
    const stat = lstatSync(path);
    let name: string | undefined;
    if (stat.isDirectory()) {
      const solutions = readNames(path, MAX_ENTRIES)?.filter((n) => n in SOLUTION_NAMES) ?? [];
      if (solutions.length === 1) name = solutions[0];
    } else if (stat.isFile()) name = basename(path);
    const language = name === undefined ? undefined : languageOf(name);
    return name === undefined || language === undefined ? undefined : { language, moduleName: moduleNameOf(language) };
  } catch {
    return undefined;
  }
}

/** The language of a solution file's name: the canonical names first, then the extension (a single file given as the path). */
function languageOf(name: string): Language | undefined {
  return SOLUTION_NAMES[name] ?? EXTENSIONS[extname(name).toLowerCase()];
}

/**
 * The folder's entry names, sorted; undefined past `max` entries. Read one entry at a time, so
 * a folder of a million files costs the grader `max` names, not a million (S7). Synchronous: a
 * listing costs less than a trip through libuv's thread pool per entry, and a sandbox started
 * ahead of intake (prewarm.ts) needs it without waiting.
 */
function readNames(dir: string, max: number): string[] | undefined {
  const handle = opendirSync(dir);
  try {
    const names: string[] = [];
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
      if (names.length === max) return undefined;
      names.push(entry.name);
    }
    return names.sort();
  } finally {
    handle.closeSync();
  }
}

function fail(reason: string): Intake {
  return { ok: false, reason };
}

/** Reads a regular file without following links; its bytes and text, or a failed Intake. */
async function readRegular(
  file: Found,
  max: number,
): Promise<{ readonly bytes: Buffer; readonly text: string } | Intake> {
  const pre = await lstat(file.path);
  if (pre.isSymbolicLink()) return fail(`${file.name} is a symbolic link; submit regular files only`);
  if (!pre.isFile()) return fail(`${file.name} is not a regular file`);
  if (pre.size > max) return fail(`${file.name} is ${pre.size} bytes; the limit is ${max}`);
  let handle;
  try {
    handle = await open(file.path, constants.O_RDONLY | O_NOFOLLOW);
  } catch (error: unknown) {
    return fail(`${file.name} cannot be read: ${(error as Error).message}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return fail(`${file.name} is not a regular file`);
    const buffer = Buffer.alloc(max + 1);
    const { bytesRead } = await handle.read(buffer, 0, max + 1, 0);
    if (bytesRead > max) return fail(`${file.name} is larger than the limit of ${max} bytes`);
    const bytes = buffer.subarray(0, bytesRead);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (text.includes('\0')) return fail(`${file.name} is not a text file`);
    return { bytes, text };
  } finally {
    await handle.close();
  }
}
