/**
 * TypeScript → ESM JavaScript, in process, with esbuild's library API and one fixed
 * configuration. The submission's tsconfig is never read (transform reads no files at all).
 *
 * esbuild's service is one child process shared by every submission of the grader, so one
 * student must not be able to take it down for the others (S12): input nested deeper than any
 * real program is refused before esbuild sees it (250 000 brackets crash esbuild's parser with
 * a stack overflow); transforms run one at a time, so a crash or a hang can only be the current
 * submission's, which gets it as its load error; and the service is then stopped, so the next
 * transform starts a fresh one.
 */
import { stop, transform, type Message, type TransformOptions } from 'esbuild';
import { isBuiltin } from 'node:module';

const OPTIONS: TransformOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
  sourcefile: 'solution.ts',
  tsconfigRaw: {},
  logLevel: 'silent',
};

/** Far beyond hand-written code (a few dozen levels), far below what crashes esbuild (~100 000). */
export const MAX_NESTING = 500;
/** esbuild transpiles a 1 MiB file in well under a second; this only catches a hang. */
const TRANSFORM_TIMEOUT_MS = 30_000;

export type Transpiled =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly message: string };

/**
 * Names CommonJS gives a module that an ES module does not have: esbuild replaces a free use of
 * any of them by MARKER (`define`), so a module that uses one is left an ES module.
 */
const COMMONJS_NAMES = ['require', 'module', 'exports', '__filename', '__dirname'] as const;
const MARKER = '__convgrade_commonjs_name__';

/**
 * An ES module as CommonJS with the same meaning: strict (ES modules are), top-level `this`
 * undefined (esbuild), no CommonJS name visible to the module (MARKER), and a source map so that
 * Node (--enable-source-maps) reports the lines of the module as written.
 */
const COMMONJS: Omit<TransformOptions, 'loader'> = {
  format: 'cjs',
  target: 'node20',
  sourcefile: 'solution.mjs',
  sourcemap: 'inline',
  banner: '"use strict";',
  tsconfigRaw: {},
  logLevel: 'silent',
  define: Object.fromEntries(COMMONJS_NAMES.map((name) => [name, MARKER])),
};

/** esbuild's require of an import (the module itself can name no require: MARKER). */
const REQUIRE_CALL = /\brequire\(("(?:[^"\\]|\\.)*")\)/g;

/** How esbuild's CommonJS output of an ES module begins its exports: a module without import/export has none. */
const ES_MODULE_EXPORTS = 'module.exports = __toCommonJS(';

let queue: Promise<unknown> = Promise.resolve();

export function transpileTypeScript(source: string): Promise<Transpiled> {
  const deep = deepestNesting(source);
  if (deep.depth > MAX_NESTING) {
    return Promise.resolve({
      ok: false,
      message: `solution.ts:${deep.line}: brackets are nested more than ${MAX_NESTING} levels deep; no program needs that (is the file generated?)`,
    });
  }
  return queued(() => transformOnce(source, OPTIONS));
}

/**
 * An ES module's source (`loader` ts or js) as CommonJS that behaves the same, for Node to start
 * without its ES module loader (the relay requires it; ~15 ms of every sandboxed Node start).
 * Undefined whenever that cannot be promised, and the module is then run as written: esbuild
 * refuses it (a syntax or type error, top-level await) or warns (import.meta), it is no ES module
 * (no import or export: a CommonJS .js), it uses a CommonJS name, it imports anything but Node's
 * built-in modules, or it nests deeper than MAX_NESTING.
 */
export function commonJsOf(source: string, loader: 'ts' | 'js'): Promise<string | undefined> {
  if (deepestNesting(source).depth > MAX_NESTING) return Promise.resolve(undefined);
  return queued(async () => {
    const out = await transformOnce(source, { ...COMMONJS, loader });
    if (!out.ok || out.warnings > 0 || out.code.includes(MARKER) || !out.code.includes(ES_MODULE_EXPORTS))
      return undefined;
    // Every require left is esbuild's, for an import: anything but a built-in module cannot be
    // found in the sandbox, and Node says so in its ES module loader's words, as before.
    const specifiers = [...out.code.matchAll(REQUIRE_CALL)].map((m) => JSON.parse(m[1] ?? '""') as string);
    if (specifiers.length !== out.code.split('require(').length - 1 || !specifiers.every((s) => isBuiltin(s)))
      return undefined;
    return out.code;
  });
}

/** Transforms run one at a time (see the file's comment). */
function queued<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Starts esbuild's service now (a child process: its start overlaps whatever the caller does
 * next) with an empty transform, so that the submission's transform finds it running.
 */
export function startTranspiler(): void {
  transpileTypeScript('').catch(() => undefined);
}

async function transformOnce(
  source: string,
  options: TransformOptions,
): Promise<
  (Transpiled & { readonly ok: false }) | { readonly ok: true; readonly code: string; readonly warnings: number }
> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), TRANSFORM_TIMEOUT_MS)),
  );
  try {
    const result = await Promise.race([transform(source, options), timeout]);
    if (result === 'timeout') {
      await restartService();
      return { ok: false, message: `TypeScript compilation did not finish within ${TRANSFORM_TIMEOUT_MS / 1000} s` };
    }
    return { ok: true, code: result.code, warnings: result.warnings.length };
  } catch (error: unknown) {
    const errors = (error as { errors?: Message[] } | null)?.errors;
    if (Array.isArray(errors) && errors.length > 0 && !isServiceFailure(errors))
      return { ok: false, message: errors.slice(0, 5).map(formatMessage).join('\n') };
    // The service died on this input: this submission's load error; a fresh service for the next.
    await restartService();
    return {
      ok: false,
      message: `The TypeScript compiler crashed on this file (${firstLine(error)}); simplify the code and submit again`,
    };
  } finally {
    clearTimeout(timer);
  }
}

function isServiceFailure(errors: readonly Message[]): boolean {
  return errors.every((m) => m.location === null && /service (was stopped|is no longer running)|esbuild/i.test(m.text));
}

async function restartService(): Promise<void> {
  try {
    await stop();
  } catch {
    // already gone; the next transform starts a new service either way
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function formatMessage(m: Message): string {
  const where = m.location ? `solution.ts:${m.location.line}:${m.location.column + 1}: ` : '';
  const line = m.location?.lineText ? `\n    ${m.location.lineText.trim()}` : '';
  return `${where}${m.text}${line}`;
}

/**
 * The deepest nesting of ( [ { and template `${` in TypeScript source, and the line where it
 * first occurs. Strings, template text and comments are skipped; regular expressions are not
 * recognised, which can only over-count a little.
 */
export function deepestNesting(source: string): { readonly depth: number; readonly line: number } {
  let depth = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  /** Open template literals: the depth at which each one's current `${` began. */
  const templates: number[] = [];
  let i = 0;
  const n = source.length;
  const inTemplateText = (): boolean => templates.length > 0 && templates[templates.length - 1] === -1;
  while (i < n) {
    const ch = source[i];
    if (ch === '\n') line++;
    if (inTemplateText()) {
      if (ch === '\\') i++;
      else if (ch === '`') templates.pop();
      else if (ch === '$' && source[i + 1] === '{') {
        templates[templates.length - 1] = depth;
        depth++;
        i++;
      }
    } else if (ch === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    } else if (ch === '/' && source[i + 1] === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') line++;
        i++;
      }
      i++;
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < n && source[i] !== ch && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
    } else if (ch === '`') {
      templates.push(-1);
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        maxLine = line;
      }
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      if (ch === '}' && templates.length > 0 && templates[templates.length - 1] === depth) {
        templates[templates.length - 1] = -1; // back in the template's text
      }
    }
    i++;
  }
  return { depth: max, line: maxLine };
}
