/**
 * An offset inside an expression is reported at its line and column in the YAML file, whatever
 * the scalar's style: plain, single- or double-quoted (escapes), folded over several lines, or a
 * block scalar.
 */
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, isMap, isPair, type Node } from 'yaml';
import { locateInScalar } from '../../../grader/spec/index.js';
import { scalarSource } from '../../../grader/spec/positions.js';

/** The scalar of key `q` in `text`, and where decoded character `index` is. */
function locate(text: string, index: number): { line: number; col: number; char: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const root = doc.contents;
  if (!isMap(root)) throw new Error('not a map');
  const pair = root.items.find((item) => isPair(item));
  const node = (pair?.value ?? null) as Node | null;
  const source = scalarSource('f.yaml', text, lines, node);
  if (source === null) throw new Error('not a scalar');
  const { line, col } = locateInScalar(source, index);
  const char = text.split('\n')[line - 1]?.[col - 1] ?? '';
  return { line, col, char };
}

describe('locateInScalar', () => {
  it.each([
    ['plain', 'q: foo + barX\n', 9, 'X'],
    ['double-quoted', 'q: "foo + barX"\n', 9, 'X'],
    ['double-quoted with escapes', 'q: "a\\tb\\"cX"\n', 5, 'X'],
    ['single-quoted with a doubled quote', "q: 'it''s X'\n", 5, 'X'],
  ])('%s', (_style, text, index, char) => {
    expect(locate(text, index).char).toBe(char);
  });

  it('a double-quoted scalar folded over lines', () => {
    const text = 'q: "convolve2d(X,\n    dLdF, \'vaXid\')"\n';
    expect(locate(text, "convolve2d(X, dLdF, 'va".length)).toEqual({ line: 2, col: 14, char: 'X' });
  });

  it('a plain scalar folded over lines', () => {
    const text = 'q: correlate2d(X,\n  dLdF,\n  Y)\n';
    expect(locate(text, 'correlate2d(X, dLdF, '.length)).toEqual({ line: 3, col: 3, char: 'Y' });
  });

  it('a block scalar', () => {
    const text = 'q: |\n  rot180(\n    Kx)\n';
    expect(locate(text, 'rot180(\n  K'.length).char).toBe('x');
  });
});
