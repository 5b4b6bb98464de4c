/**
 * YAML syntax errors as `file:line:col: message`. When a `[`, `{` or quote is never closed (or
 * closed by the wrong bracket), the message points at where it opens and names what the parser
 * said where it gave up; otherwise each of the parser's errors and warnings at its own position.
 */
import type { Document, LineCounter } from 'yaml';
import { brokenOpener } from './yaml-openers.js';

export function yamlSyntaxProblems(file: string, text: string, doc: Document, lines: LineCounter): string[] {
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  const own = [...doc.errors, ...doc.warnings].map((error) => {
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const kind = doc.errors.includes(error as never) ? 'syntax error' : 'warning';
    return { offset: error.pos[0], text: `YAML ${kind}: ${message}` };
  });
  const broken = doc.errors.length === 0 ? undefined : brokenOpener(text);
  // The parser's first error at or after the opener is where it gave up on it; earlier errors are problems of their own.
  const after = broken === undefined ? undefined : doc.errors.find((e) => e.pos[1] >= broken.offset);
  if (broken === undefined || after === undefined) return own.map((p) => `${file}:${at(p.offset)}: ${p.text}`);
  const before = own.filter((p) => p.offset < broken.offset && doc.errors.some((e) => e.pos[0] === p.offset));
  const closer = broken.char === '[' ? ']' : broken.char === '{' ? '}' : broken.char;
  const what =
    broken.wrongClose !== undefined
      ? `this "${broken.char}" is closed by "${text[broken.wrongClose] ?? ''}" at ${at(broken.wrongClose)} (expected "${closer}")`
      : broken.char === '[' || broken.char === '{'
        ? `this "${broken.char}" is never closed (expected "${closer}")`
        : `the string opened here is never closed (expected ${closer})`;
  const parser = (after.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return [
    ...before.map((p) => `${file}:${at(p.offset)}: ${p.text}`),
    `${file}:${at(broken.offset)}: YAML syntax error: ${what}; the parser gave up at ${at(after.pos[0])}: ${parser}`,
  ];
}
