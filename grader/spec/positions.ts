/**
 * Source positions: from a JSON path (ajv's instancePath, or our own) to the YAML node it names,
 * and from that node to `line:col`. Keys are located at the key itself, so an unknown key
 * points at the key, not at its value.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ScalarSource, SourceLoc } from './types.js';

export type { ScalarSource } from './types.js';

export type PathSegment = string | number;

/** The node at `path` (value nodes), or the deepest existing ancestor. */
export function nodeAt(doc: Document, path: readonly PathSegment[]): Node | null {
  let node: unknown = doc.contents;
  for (const segment of path) {
    const child = childOf(node, segment, 'value');
    if (child === undefined) break;
    node = child;
  }
  return isNode(node) ? node : null;
}

/** The key node of the last segment when the parent is a map (for unknown keys). */
export function keyNodeAt(doc: Document, path: readonly PathSegment[]): Node | null {
  const parent = path.length === 0 ? doc.contents : nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) return isNode(parent) ? parent : null;
  const key = childOf(parent, last, 'key');
  return isNode(key) ? key : isNode(parent) ? parent : null;
}

function childOf(node: unknown, segment: PathSegment, want: 'key' | 'value'): unknown {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment)) {
        return want === 'key' ? item.key : (item.value ?? item.key);
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment];
  return undefined;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

/** `line:col` (1-based) of a node's start, plus `extra` characters (e.g. into a quoted string). */
export function locOf(file: string, lines: LineCounter, node: Node | null, extra = 0): SourceLoc {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset + extra);
  return { file, line, col };
}

/** Offset of character `index` of a scalar string's value inside its source (skips a quote). */
export function stringOffset(node: Node | null, index: number): number {
  if (!isScalar(node)) return 0;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return (quoted ? 1 : 0) + index;
}

export function formatLoc(loc: SourceLoc, message: string): string {
  return `${loc.file}:${loc.line}:${loc.col}: ${message}`;
}

/** JSON pointer ("/questions/0/points") to path segments (numbers for array indices). */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The source of a scalar node of a document parsed from `text`; null when it is not a scalar. */
export function scalarSource(file: string, text: string, lines: LineCounter, node: Node | null): ScalarSource | null {
  if (!isScalar(node) || node.range === undefined || node.range === null) return null;
  const [start, end] = node.range;
  const style =
    node.type === 'QUOTE_DOUBLE'
      ? 'double'
      : node.type === 'QUOTE_SINGLE'
        ? 'single'
        : node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
          ? 'block'
          : 'plain';
  const { line, col } = lines.linePos(start);
  return { file, raw: text.slice(start, end), line, col, style };
}

/** `file:line:col` of character `index` of the scalar's decoded value (its start when the mapping fails). */
export function locateInScalar(source: ScalarSource, index: number): SourceLoc {
  const offset = rawOffset(source, index);
  const before = source.raw.slice(0, offset);
  const newline = before.lastIndexOf('\n');
  if (newline === -1) return { file: source.file, line: source.line, col: source.col + offset };
  const breaks = before.split('\n').length - 1;
  return { file: source.file, line: source.line + breaks, col: offset - newline };
}

/** The offset in raw of decoded character `index`, following YAML's quoting, escapes and line folding. */
function rawOffset(source: ScalarSource, index: number): number {
  const { raw, style } = source;
  if (style === 'block') return blockOffset(raw, index);
  let r = style === 'plain' ? 0 : 1;
  let decoded = 0;
  while (r < raw.length) {
    if (decoded >= index) return r;
    const ch = raw[r] ?? '';
    if (/[ \t\r\n]/.test(ch)) {
      const run = /^[ \t\r\n]+/.exec(raw.slice(r))?.[0] ?? ch;
      const breaks = (run.match(/\n/g) ?? []).length;
      // A run with line breaks folds to one space, or to breaks − 1 newlines.
      decoded += breaks === 0 ? run.length : Math.max(1, breaks - 1);
      r += run.length;
      continue;
    }
    if (style === 'double' && ch === '\\') {
      const next = raw[r + 1] ?? '';
      if (next === '\n' || next === '\r') {
        r += 1 + (/^\r?\n[ \t]*/.exec(raw.slice(r + 1))?.[0].length ?? 1);
        continue;
      }
      r += next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
      decoded++;
      continue;
    }
    if (style === 'single' && ch === "'" && raw[r + 1] === "'") {
      r += 2;
      decoded++;
      continue;
    }
    r++;
    decoded++;
  }
  return Math.min(r, raw.length);
}

/** Block scalars (| and >): the content lines after the header, each without its indentation, one character between lines. */
function blockOffset(raw: string, index: number): number {
  const header = raw.indexOf('\n');
  if (header === -1) return 0;
  const body = raw.slice(header + 1).split('\n');
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  let offset = header + 1;
  let decoded = 0;
  for (const line of body) {
    const content = line.slice(Number.isFinite(indent) ? indent : 0);
    if (index <= decoded + content.length) return offset + (line.length - content.length) + (index - decoded);
    decoded += content.length + 1;
    offset += line.length + 1;
  }
  return 0;
}
