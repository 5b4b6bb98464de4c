/**
 * Which functions of a submission are still the starter's: their body, comments, blank lines and
 * docstrings aside, is the body the exercise's starter file gives (`<spec dir>/starters/<id>/`).
 * Such a function is no answer, whatever it returns or raises, so a formula in answers.yaml for
 * its question is graded instead. Pure text: the caller reads the files (and transpiles a
 * TypeScript starter the way intake transpiles the submission, so both compare as JavaScript).
 */

export type SourceLanguage = 'py' | 'js';

/** The names of the functions defined in both sources whose bodies are the same. */
export function unchangedFunctions(source: string, starter: string, language: SourceLanguage): Set<string> {
  const extract = language === 'py' ? pythonBodies : javascriptBodies;
  const mine = extract(source);
  const theirs = extract(starter);
  const out = new Set<string>();
  for (const [name, body] of theirs) if (mine.get(name) === body) out.add(name);
  return out;
}

/** Top-level `def name(…):` bodies, normalised (comments, blank lines, a leading docstring and indentation dropped). */
export function pythonBodies(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(lines[i] ?? '');
    if (head?.[1] === undefined) continue;
    // The signature may span lines: it ends at the first line ending in ':' (comments aside).
    let j = i;
    while (j < lines.length && !/:\s*(#.*)?$/.test(lines[j] ?? '')) j++;
    const body: string[] = [];
    let k = j + 1;
    for (; k < lines.length; k++) {
      const line = lines[k] ?? '';
      if (line.trim() !== '' && !/^\s/.test(line) && !/^#/.test(line)) break;
      body.push(line);
    }
    out.set(head[1], normalisePython(body.join('\n')));
    i = k - 1;
  }
  return out;
}

function normalisePython(body: string): string {
  const text = body
    .split('\n')
    .map((line) => stripHashComment(line).trim())
    .filter((line) => line !== '')
    .join('\n');
  // A leading docstring documents the stub; editing it alone does not make an answer.
  return text.replace(/^(?:[rRuU]?("""[\s\S]*?"""|'''[\s\S]*?'''|"[^"\n]*"|'[^'\n]*'))\n?/, '').trim();
}

/** A line without its `#` comment (a `#` inside a string literal is kept). */
function stripHashComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** `function name(…) { … }` bodies (exported or not, async or not), normalised (comments and whitespace dropped). */
export function javascriptBodies(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const head = /(?:^|[\s;}])(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g;
  for (let m = head.exec(source); m !== null; m = head.exec(source)) {
    const name = m[1];
    if (name === undefined) continue;
    const close = matching(source, m.index + m[0].length - 1, '(', ')');
    if (close < 0) continue;
    const open = source.indexOf('{', close);
    if (open < 0) continue;
    const end = matching(source, open, '{', '}');
    if (end < 0) continue;
    out.set(name, normaliseJavaScript(source.slice(open + 1, end)));
    head.lastIndex = end;
  }
  return out;
}

/** The index of the bracket closing the one at `start`, skipping strings, template literals and comments; -1 if none. */
function matching(source: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const endComment = source.indexOf('*/', i + 2);
      i = endComment < 0 ? source.length : endComment + 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

function normaliseJavaScript(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(body, i);
      // Quotes are normalised: a transpiler may rewrite 'TODO' as "TODO".
      out += `"${body.slice(i + 1, end)}"`;
      i = end;
    } else if (c === '/' && body[i + 1] === '/') {
      const nl = body.indexOf('\n', i);
      i = nl < 0 ? body.length : nl;
    } else if (c === '/' && body[i + 1] === '*') {
      const end = body.indexOf('*/', i + 2);
      i = end < 0 ? body.length : end + 1;
    } else if (/\s/.test(c)) {
      if (!out.endsWith(' ')) out += ' ';
    } else out += c;
  }
  // Whitespace between punctuation carries no meaning: drop it next to non-word characters.
  return out
    .replace(/ ?([^\w$"]) ?/g, '$1')
    .replace(/;?$/, '')
    .trim();
}
