import { readChoice, readFinite } from './read-scalars.js';

/** SciPy's output modes: 'full' ((H+a−1)×(W+b−1)), 'same' (H×W, centred like SciPy), 'valid' ((H−a+1)×(W−b+1)). */
export type ScipyMode = 'full' | 'same' | 'valid';

/** SciPy's boundaries: pad with `fillvalue`, wrap periodically, or reflect with the edge repeated (…cba|abc…). */
export type ScipyBoundary = 'fill' | 'wrap' | 'symm';

/** Options of the tensor-level SciPy-compatible functions, with SciPy's defaults. */
export interface ScipyOptions {
  readonly mode?: ScipyMode;
  readonly boundary?: ScipyBoundary;
  readonly fillvalue?: number;
}

/** Every default applied. */
export interface ResolvedScipyOptions {
  readonly mode: ScipyMode;
  readonly boundary: ScipyBoundary;
  readonly fillvalue: number;
}

const MODES: readonly ScipyMode[] = ['full', 'same', 'valid'];
// SciPy accepts these aliases too (_bvalfromboundary): 'pad' = 'fill', 'circular' = 'wrap', 'symmetric' = 'symm'.
const BOUNDARIES = ['fill', 'wrap', 'symm', 'pad', 'circular', 'symmetric'] as const;
const CANONICAL: Readonly<Record<(typeof BOUNDARIES)[number], ScipyBoundary>> = {
  fill: 'fill',
  pad: 'fill',
  wrap: 'wrap',
  circular: 'wrap',
  symm: 'symm',
  symmetric: 'symm',
};

/** Validates mode, boundary and fillvalue, applying SciPy's defaults ('full', 'fill', 0). */
export function readScipyOptions(mode: unknown, boundary: unknown, fillvalue: unknown): ResolvedScipyOptions {
  return {
    mode: mode === undefined ? 'full' : readChoice(mode, 'mode', MODES),
    boundary: boundary === undefined ? 'fill' : CANONICAL[readChoice(boundary, 'boundary', BOUNDARIES)],
    fillvalue: fillvalue === undefined ? 0 : readFinite(fillvalue, 'fillvalue'),
  };
}
