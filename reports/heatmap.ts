/**
 * Heatmap view models: a matrix becomes SVG cells (in cell units, drawn in a nested viewBox),
 * axis labels, an optional marker around one position, and a legend for its scale. Matrices
 * larger than MAX_SIDE per side are downsampled by blocks so a page stays small.
 */
import type { Matrix, Position } from './arrays.js';
import { at } from './arrays.js';
import type { Scale } from './colour.js';
import { NON_FINITE_FILL } from './colour.js';
import { formatNumber } from './numbers.js';

/** Largest number of cells drawn per side; a 64×64 answer is drawn as 32×32 blocks of 2×2. */
export const MAX_SIDE = 32;
const TARGET_PX = 220;
const LABEL_PX = 26;
const TIP_LIMIT = 400;

export interface CellView {
  readonly x: number;
  readonly y: number;
  readonly fill: string;
  readonly tip: string;
}
/** A value printed inside a cell (small arrays only), in pixels. */
export interface CellTextView {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly ink: string;
}
export interface LabelView {
  readonly at: number;
  readonly text: string;
}
export interface MarkerView {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

export interface HeatmapView {
  readonly title: string;
  readonly shape: string;
  readonly note: string;
  readonly width: number;
  readonly height: number;
  readonly gridX: number;
  readonly gridY: number;
  readonly gridWidth: number;
  readonly gridHeight: number;
  readonly blockRows: number;
  readonly blockCols: number;
  readonly cells: readonly CellView[];
  readonly texts: readonly CellTextView[];
  readonly rowLabels: readonly LabelView[];
  readonly colLabels: readonly LabelView[];
  readonly marker: MarkerView | null;
  readonly ariaLabel: string;
}

export interface HeatmapOptions {
  readonly title: string;
  readonly shape: string;
  readonly scale: Scale;
  /** How a block of entries becomes one cell: the mean (values) or the entry largest in magnitude (differences). */
  readonly reduce: 'mean' | 'extreme';
  readonly marker?: Position | undefined;
  /** Rows and columns of the largest matrix drawn beside this one, so all share one cell size. */
  readonly frame?: { readonly rows: number; readonly cols: number };
}

/** The view model of one heatmap. */
export function buildHeatmap(m: Matrix, options: HeatmapOptions): HeatmapView {
  const frame = options.frame ?? m;
  const frameSide = Math.max(frame.rows, frame.cols, m.rows, m.cols);
  const factor = Math.max(1, Math.ceil(frameSide / MAX_SIDE));
  const blockRows = Math.ceil(m.rows / factor);
  const blockCols = Math.ceil(m.cols / factor);
  const cellPx = Math.max(5, Math.min(44, Math.floor(TARGET_PX / Math.ceil(frameSide / factor))));
  const showText = cellPx >= 36;
  const showTips = blockRows * blockCols <= TIP_LIMIT;
  const cells: CellView[] = [];
  const texts: CellTextView[] = [];
  for (let i = 0; i < blockRows; i++) {
    for (let j = 0; j < blockCols; j++) {
      const value = reduceBlock(m, i * factor, j * factor, factor, options.reduce);
      const fill = options.scale.fill(value);
      cells.push({ x: j, y: i, fill, tip: showTips ? tipFor(i, j, factor, value, options.reduce) : '' });
      if (showText) {
        texts.push({
          x: LABEL_PX + (j + 0.5) * cellPx,
          y: LABEL_PX + (i + 0.5) * cellPx + 4,
          text: shortNumber(value),
          ink: inkFor(fill),
        });
      }
    }
  }
  const marker = options.marker
    ? { x: Math.floor(options.marker.col / factor), y: Math.floor(options.marker.row / factor), size: 1 }
    : null;
  const gridWidth = blockCols * cellPx;
  const gridHeight = blockRows * cellPx;
  return {
    title: options.title,
    shape: options.shape,
    note:
      factor > 1
        ? `Downsampled: each cell shows ${options.reduce === 'mean' ? 'the mean' : 'the largest difference'} of a ${factor}×${factor} block`
        : '',
    width: LABEL_PX + gridWidth + 4,
    height: LABEL_PX + gridHeight + 4,
    gridX: LABEL_PX,
    gridY: LABEL_PX,
    gridWidth,
    gridHeight,
    blockRows,
    blockCols,
    cells,
    texts,
    rowLabels: ticks(blockRows).map((k) => ({ at: LABEL_PX + (k + 0.5) * cellPx + 4, text: String(k * factor) })),
    colLabels: ticks(blockCols).map((k) => ({ at: LABEL_PX + (k + 0.5) * cellPx, text: String(k * factor) })),
    marker,
    ariaLabel: `${options.title}, ${options.shape}`,
  };
}

function reduceBlock(m: Matrix, row0: number, col0: number, size: number, reduce: 'mean' | 'extreme'): number {
  let sum = 0;
  let count = 0;
  let extreme = 0;
  for (let i = row0; i < Math.min(m.rows, row0 + size); i++) {
    for (let j = col0; j < Math.min(m.cols, col0 + size); j++) {
      const v = at(m, i, j);
      if (!Number.isFinite(v)) return v;
      sum += v;
      count += 1;
      if (Math.abs(v) > Math.abs(extreme)) extreme = v;
    }
  }
  return reduce === 'mean' ? sum / Math.max(1, count) : extreme;
}

function tipFor(i: number, j: number, factor: number, value: number, reduce: 'mean' | 'extreme'): string {
  if (factor === 1) return `[${i}][${j}] = ${formatNumber(value)}`;
  const rows = `${i * factor}–${(i + 1) * factor - 1}`;
  const cols = `${j * factor}–${(j + 1) * factor - 1}`;
  return `rows ${rows}, cols ${cols}: ${reduce === 'mean' ? 'mean' : 'largest'} ${formatNumber(value)}`;
}

/** Three significant digits, to fit inside a cell. */
function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000 || abs < 0.01) return x.toExponential(0);
  return String(Number(x.toPrecision(3)));
}

/** Dark or light text, whichever reads better on the fill (a CSS class of the page). */
function inkFor(fill: string): 'dark' | 'light' {
  if (fill === NON_FINITE_FILL) return 'dark';
  const n = Number.parseInt(fill.slice(1), 16);
  const luminance = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luminance > 140 ? 'dark' : 'light';
}

/** Tick positions: the first and last block and about six evenly spaced ones between. */
function ticks(blocks: number): number[] {
  if (blocks <= 8) return Array.from({ length: blocks }, (_, k) => k);
  const steps = [2, 4, 5, 8, 10, 16, 20, 25, 50];
  const step = steps.find((s) => Math.ceil(blocks / s) <= 7) ?? Math.ceil(blocks / 6);
  const out: number[] = [];
  for (let k = 0; k < blocks; k += step) out.push(k);
  return out;
}

export interface LegendView {
  readonly title: string;
  readonly stops: readonly { readonly x: number; readonly fill: string }[];
  readonly stopWidth: number;
  readonly labels: readonly { readonly x: number; readonly text: string; readonly anchor: string }[];
  readonly width: number;
  readonly showNonFinite: boolean;
  readonly nonFiniteFill: string;
}

const LEGEND_STEPS = 40;
const LEGEND_PX = 240;

/** A colour bar for a scale with its ends (and 0 for a diverging scale) labelled. */
export function buildLegend(title: string, scale: Scale, showNonFinite: boolean): LegendView {
  const stopWidth = LEGEND_PX / LEGEND_STEPS;
  const stops = Array.from({ length: LEGEND_STEPS }, (_, k) => {
    const t = (k + 0.5) / LEGEND_STEPS;
    return { x: 10 + k * stopWidth, fill: scale.fill(scale.min + t * (scale.max - scale.min)) };
  });
  const labels = [
    { x: 10, text: formatNumber(scale.min), anchor: 'start' },
    ...(scale.kind === 'diverging' ? [{ x: 10 + LEGEND_PX / 2, text: '0', anchor: 'middle' }] : []),
    { x: 10 + LEGEND_PX, text: formatNumber(scale.max), anchor: 'end' },
  ];
  return {
    title,
    stops,
    stopWidth: stopWidth + 0.3,
    labels,
    width: LEGEND_PX + 20,
    showNonFinite,
    nonFiniteFill: NON_FINITE_FILL,
  };
}
