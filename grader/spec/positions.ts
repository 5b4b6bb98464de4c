/**
 * Source positions: from a JSON path (ajv's instancePath, or our own) to the YAML node it names,
 * and from that node to `line:col`. Keys are located at the key itself, so an unknown key
 * points at the key, not at its value.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLoc } from './types.js';

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
