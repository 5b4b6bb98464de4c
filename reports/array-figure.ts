/**
 * The picture of a wrong array answer: heatmaps of the expected array, the student's and their
 * difference on a shared scale, the largest mismatch with its neighbourhood, and both shapes. When
 * the shapes differ there is no difference to draw: both arrays are shown with the shapes.
 */
import type { JsonValue } from '../grader/result.js';
import type { Matrix, NumericArray, Position } from './arrays.js';
import { at, channel, countMismatches, formatShape, largestMismatch, readNumericArray, sameNumber } from './arrays.js';
import { divergingScale, sequentialScale } from './colour.js';
import type { HeatmapView, LegendView } from './heatmap.js';
import { buildHeatmap, buildLegend } from './heatmap.js';
import { formatPair } from './numbers.js';
import { formatCount } from './plural.js';

export interface NeighbourCell {
  readonly text: string;
  readonly differs: boolean;
  readonly centre: boolean;
}
export interface NeighbourTable {
  readonly caption: string;
  readonly colHeads: readonly string[];
  readonly rows: readonly { readonly head: string; readonly cells: readonly NeighbourCell[] }[];
}

export interface ArrayFigureView {
  readonly shapes: string;
  readonly sameShape: boolean;
  readonly summary: string;
  readonly channelNote: string;
  readonly howTo: string;
  readonly heatmaps: readonly HeatmapView[];
  readonly legends: readonly LegendView[];
  readonly mismatch: string;
  readonly neighbourhoods: readonly NeighbourTable[];
}

const RADIUS = 2;

/** The figure for a case whose expected and actual answers are numeric 2-D/3-D arrays, or null otherwise. */
export function buildArrayFigure(
  expectedValue: JsonValue | undefined,
  actualValue: JsonValue | undefined,
): ArrayFigureView | null {
  const expected = readNumericArray(expectedValue);
  const actual = readNumericArray(actualValue);
  if (!expected || !actual) return null;
  const sameShape = formatShape(expected.shape) === formatShape(actual.shape);
  const shapes = `Expected ${formatShape(expected.shape)}, got ${formatShape(actual.shape)}`;
  const position = sameShape ? largestMismatch(expected, actual) : undefined;
  const c = position?.channel ?? 0;
  const channels = expected.shape[2] ?? 1;
  const actualChannels = actual.shape[2] ?? 1;
  const channelNote =
    channels > 1 || actualChannels > 1
      ? `Showing channel ${c} of ${Math.max(channels, actualChannels)}${position ? ' (where the largest difference is)' : ''}; the other channels are not drawn.`
      : '';
  const e = channel(expected, Math.min(c, channels - 1));
  const a = channel(actual, Math.min(c, actualChannels - 1));
  const valueScale = sequentialScale([...e.data, ...a.data]);
  const nonFinite = [...e.data, ...a.data].some((v) => !Number.isFinite(v));
  const frame = { rows: Math.max(e.rows, a.rows), cols: Math.max(e.cols, a.cols) };
  const heatmaps = [
    buildHeatmap(e, {
      title: 'Expected',
      shape: formatShape(expected.shape),
      scale: valueScale,
      reduce: 'mean',
      marker: position,
      frame,
    }),
    buildHeatmap(a, {
      title: 'Your answer',
      shape: formatShape(actual.shape),
      scale: valueScale,
      reduce: 'mean',
      marker: position,
      frame,
    }),
  ];
  const legends = [buildLegend('Value (expected and yours)', valueScale, nonFinite)];
  if (sameShape) {
    const diff: Matrix = {
      rows: e.rows,
      cols: e.cols,
      data: e.data.map((v, k) => difference(a.data[k] ?? Number.NaN, v)),
    };
    const diffScale = divergingScale(diff.data);
    heatmaps.push(
      buildHeatmap(diff, {
        title: 'Difference (yours − expected)',
        shape: formatShape(expected.shape),
        scale: diffScale,
        reduce: 'extreme',
        marker: position,
        frame,
      }),
    );
    legends.push(
      buildLegend(
        'Difference: blue = yours too low, red = too high',
        diffScale,
        diff.data.some((v) => !Number.isFinite(v)),
      ),
    );
  }
  return {
    shapes,
    sameShape,
    summary: sameShape
      ? countText(expected, actual)
      : 'The shapes differ, so there is no difference map: compare the two arrays and their sizes.',
    channelNote,
    howTo: sameShape
      ? 'Each square is one entry of the array (row down, column across; hover for its value). Expected and yours share one colour scale; in the difference map white means equal, blue means yours is too low and red too high.'
      : 'Each square is one entry of the array (row down, column across; hover for its value). Both arrays share one colour scale and are drawn at the same cell size, so the extra rows and columns show.',
    heatmaps,
    legends,
    mismatch: position
      ? largestText(position, channels, at(e, position.row, position.col), at(a, position.row, position.col))
      : '',
    neighbourhoods: position
      ? [neighbourhood('Expected', e, a, position, false), neighbourhood('Yours', a, e, position, true)]
      : [],
  };
}

function largestText(position: Position, channels: number, expected: number, actual: number): string {
  const [e, a] = formatPair(expected, actual);
  return `Largest difference at ${indexText(position, channels)}: expected ${e}, got ${a}`;
}

/** yours − expected, where equal non-finite values count as no difference. */
function difference(actual: number, expected: number): number {
  return sameNumber(actual, expected) ? 0 : actual - expected;
}

function countText(expected: NumericArray, actual: NumericArray): string {
  const n = countMismatches(expected, actual);
  return `${n} of ${formatCount(expected.data.length, 'entry', 'entries')} ${n === 1 ? 'differs' : 'differ'}`;
}

function indexText(p: Position, channels: number): string {
  return channels > 1 ? `[${p.row}][${p.col}][${p.channel}]` : `[${p.row}][${p.col}]`;
}

function neighbourhood(who: string, m: Matrix, other: Matrix, p: Position, markDiffs: boolean): NeighbourTable {
  const rows = range(Math.max(0, p.row - RADIUS), Math.min(m.rows - 1, p.row + RADIUS));
  const cols = range(Math.max(0, p.col - RADIUS), Math.min(m.cols - 1, p.col + RADIUS));
  return {
    caption: `${who} around [${p.row}][${p.col}]`,
    colHeads: cols.map(String),
    rows: rows.map((i) => ({
      head: String(i),
      cells: cols.map((j) => ({
        // A differing entry gets the digits that show the difference from the other table's.
        text: formatPair(at(m, i, j), at(other, i, j))[0],
        differs: markDiffs && !sameNumber(at(m, i, j), at(other, i, j)),
        centre: i === p.row && j === p.col,
      })),
    })),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
}
