/** The small pieces: numbers, arrays, text cleaning, colour scales, heatmap geometry, statistics. */
import { describe, expect, it } from 'vitest';
import { largestMismatch, readNumericArray, sameNumber } from '../../reports/arrays.js';
import { divergingScale, NON_FINITE_FILL, sequentialScale } from '../../reports/colour.js';
import { buildHeatmap, MAX_SIDE } from '../../reports/heatmap.js';
import { decodeNumber, formatNumber, formatPair, formatScore } from '../../reports/numbers.js';
import { histogram, median } from '../../reports/stats.js';
import { misconceptionHint } from '../../reports/misconception-hint.js';
import type { QuestionResult } from '../../grader/result.js';
import { loadResult } from './helpers.js';
import { clip, sanitizeText, truncate } from '../../reports/text.js';

describe('numbers', () => {
  it('decodes the $num encoding and nothing else', () => {
    expect(decodeNumber({ $num: 'NaN' })).toBeNaN();
    expect(decodeNumber({ $num: 'Infinity' })).toBe(Infinity);
    expect(decodeNumber({ $num: '-Infinity' })).toBe(-Infinity);
    expect(Object.is(decodeNumber({ $num: '-0' }), -0)).toBe(true);
    expect(decodeNumber(2.5)).toBe(2.5);
    expect(decodeNumber({ $num: 'nan' })).toBeUndefined();
    expect(decodeNumber({ $num: 'NaN', extra: 1 })).toBeUndefined();
    expect(decodeNumber('1')).toBeUndefined();
  });

  it('formats values and rounds scores once', () => {
    expect([NaN, Infinity, -Infinity, -0, 3, 0.1 + 0.2, 1e-7, 123456789012].map(formatNumber)).toEqual([
      'NaN',
      '∞',
      '−∞',
      '−0',
      '3',
      '0.3',
      '1e-7',
      '123456789012',
    ]);
    expect(formatScore(0.4 * 3)).toBe('1.2');
    expect(formatScore(2 / 3)).toBe('0.67');
    expect(formatScore(-0.001)).toBe('0');
  });
});

describe('arrays', () => {
  it('reads rectangular 2-D and 3-D numeric arrays only', () => {
    expect(
      readNumericArray([
        [1, 2],
        [3, { $num: 'NaN' }],
      ])?.shape,
    ).toEqual([2, 2]);
    expect(
      readNumericArray([
        [[1], [2]],
        [[3], [4]],
      ])?.shape,
    ).toEqual([2, 2, 1]);
    expect(readNumericArray([[1, 2], [3]])).toBeUndefined();
    expect(readNumericArray([1, 2])).toBeUndefined();
    expect(readNumericArray([[1, 'a']])).toBeUndefined();
    expect(readNumericArray([[]])).toBeUndefined();
    expect(readNumericArray({ HF: 1 })).toBeUndefined();
  });

  it('finds the largest mismatch, not the first, NaN matching NaN', () => {
    const e = readNumericArray([
      [1, NaN as unknown as number],
      [3, 4],
      [0, 7],
    ]);
    const a = readNumericArray([
      [1, NaN as unknown as number],
      [3.0000000001, 5],
      [1.7e-9, 9],
    ]);
    if (!e || !a) throw new Error('unreadable');
    expect(largestMismatch(e, a)).toEqual({ row: 2, col: 1, channel: 0 });
    expect(formatPair(-27.536412, Math.fround(-27.536412))).toEqual(['-27.536412', '-27.5364113']);
    expect(formatPair(1.5, 2)).toEqual(['1.5', '2']);
    expect(sameNumber(Infinity, Infinity)).toBe(true);
    expect(sameNumber(Infinity, -Infinity)).toBe(false);
  });
});

describe('text', () => {
  it('writes XML-illegal characters as escapes and keeps the rest', () => {
    expect(sanitizeText('a\tb\nc\r\u0000\u001f\u007f\ud800x\udc00\ufffe\uffff😀é')).toBe(
      'a\tb\nc\r\\x00\\x1f\\x7f\\ud800x\\udc00\\ufffe\\uffff😀é',
    );
  });

  it('cuts without splitting a surrogate pair and says how much was cut', () => {
    expect(truncate('ab😀cd', 3)).toEqual({ text: 'ab', omitted: 4 });
    expect(clip('abcdef', 3)).toBe('abc\n… (3 more characters not shown)');
  });
});

describe('colour scales and heatmaps', () => {
  it('maps the ends of a sequential scale and gives non-finite values their own fill', () => {
    const scale = sequentialScale([0, 10, NaN]);
    expect(scale.fill(0)).toBe('#440154');
    expect(scale.fill(10)).toBe('#fde725');
    expect(scale.fill(NaN)).toBe(NON_FINITE_FILL);
  });

  it('centres a diverging scale on zero', () => {
    const scale = divergingScale([-1, 4]);
    expect([scale.min, scale.max]).toEqual([-4, 4]);
    expect(scale.fill(0)).toBe('#f7f7f7');
  });

  it('never draws more than MAX_SIDE cells per side', () => {
    const rows = 100;
    const m = { rows, cols: rows, data: Array.from({ length: rows * rows }, (_, k) => k) };
    const view = buildHeatmap(m, { title: 'T', shape: '100×100', scale: sequentialScale(m.data), reduce: 'mean' });
    expect(view.blockRows).toBeLessThanOrEqual(MAX_SIDE);
    expect(view.cells.length).toBe(view.blockRows * view.blockCols);
    expect(view.note).toContain('4×4 block');
  });
});

describe('statistics', () => {
  it('bins whole-point scores per point and others in ten bins', () => {
    expect(histogram([0, 9, 9.5, 11], 11).map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]);
    const tenths = histogram([0, 2.5, 25], 25.5);
    expect(tenths).toHaveLength(10);
    expect(tenths.reduce((n, b) => n + b.count, 0)).toBe(3);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('misconception hints', () => {
  it('take the first hint of a case that matched the misconception, skipping cases without one', () => {
    const q5 = loadResult('bob-q5-flipped').questions[4];
    if (q5 === undefined) throw new Error('bob has no q5');
    expect(misconceptionHint(q5, 'q5.flipped')).toMatch(/no flip/);
    const [first, second] = q5.cases;
    if (first === undefined || second === undefined) throw new Error('q5 needs two cases');
    const { hint: _dropped, ...bare } = first;
    const later: QuestionResult = {
      ...q5,
      cases: [
        { ...bare, misconception: 'm' },
        { ...second, misconception: 'm', hint: 'later' },
      ],
    };
    expect(misconceptionHint(later, 'm')).toBe('later');
    expect(misconceptionHint(later, 'unmatched')).toBeUndefined();
  });
});
