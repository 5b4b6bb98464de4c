/**
 * Colour scales for heatmaps. Values use viridis (perceptually uniform, readable in greyscale and
 * by most colour-blind readers); differences use a blue–white–red diverging scale centred on 0.
 */

type Rgb = readonly [number, number, number];

const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];

const DIVERGING: readonly Rgb[] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

/** Fill for NaN and ±Infinity cells, outside every scale. */
export const NON_FINITE_FILL = '#bdbdbd';

function interpolate(stops: readonly Rgb[], t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(position));
  const f = position - k;
  const a = stops[k] ?? [0, 0, 0];
  const b = stops[k + 1] ?? a;
  const channel = (i: 0 | 1 | 2): string =>
    Math.round(a[i] + (b[i] - a[i]) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** A colour scale: a fill for every number, and where its ends are. */
export interface Scale {
  readonly kind: 'sequential' | 'diverging';
  readonly min: number;
  readonly max: number;
  fill(value: number): string;
}

/** Viridis from min to max of the finite values (a constant array gets the middle colour). */
export function sequentialScale(values: Iterable<number>): Scale {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) [min, max] = [0, 0];
  const span = max - min;
  return {
    kind: 'sequential',
    min,
    max,
    fill: (v) => (Number.isFinite(v) ? interpolate(VIRIDIS, span > 0 ? (v - min) / span : 0.5) : NON_FINITE_FILL),
  };
}

/** Blue (negative) – white (0) – red (positive), symmetric around 0 up to the largest |value|. */
export function divergingScale(values: Iterable<number>): Scale {
  let bound = 0;
  for (const v of values) if (Number.isFinite(v)) bound = Math.max(bound, Math.abs(v));
  return {
    kind: 'diverging',
    min: -bound,
    max: bound,
    fill: (v) =>
      Number.isFinite(v) ? interpolate(DIVERGING, bound > 0 ? (v + bound) / (2 * bound) : 0.5) : NON_FINITE_FILL,
  };
}
