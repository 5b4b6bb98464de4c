/**
 * The four P4 workloads of PERFORMANCE.md. Shapes 1–3 are stride 1, no padding ('valid', the
 * sheet's setting). Shape 4 is 'same' with an even 50×50 kernel: TF/tfjs/PyTorch 'same' pads
 * ⌊(50−1)/2⌋ = 24 rows/columns before and 25 after, which equals SciPy
 * `correlate2d(X, K, 'same')`; its gradients are dK = correlate2d(Xpad, G, 'valid') and
 * dX = convolve2d(G, K, 'same') (both offsets are 24 for a 50-wide kernel).
 */
import { outputLength } from '../reference/index.js';
import { mulberry32 } from './mulberry32.js';

/** The three timed operations of every workload. */
export type P4Op = 'forward' | 'dK' | 'dX';

/** One implementation of the three operations, each returning its answer row-major. */
export type P4Ops = Record<P4Op, () => ArrayLike<number>>;

export interface P4Shape {
  readonly id: string;
  readonly label: string;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly Cout: number;
  readonly HK: number;
  readonly WK: number;
  /** Rows/columns of zeros before and after: 'valid' is 0/0. */
  readonly padBefore: number;
  readonly padAfter: number;
  readonly padding: 'valid' | 'same';
}

function shape(label: string, H: number, C: number, Cout: number, HK: number, padding: 'valid' | 'same'): P4Shape {
  const total = padding === 'same' ? HK - 1 : 0;
  const padBefore = Math.floor(total / 2);
  return { id: label, label, H, W: H, C, Cout, HK, WK: HK, padBefore, padAfter: total - padBefore, padding };
}

export const P4_SHAPES: readonly P4Shape[] = [
  shape('32×32×3→16, 3×3', 32, 3, 16, 3, 'valid'),
  shape('64×64×16→32, 3×3', 64, 16, 32, 3, 'valid'),
  shape('128×128×1, 11×11', 128, 1, 1, 11, 'valid'),
  shape('50×50, 50×50 same', 50, 1, 1, 50, 'same'),
];

/** The input with its zeros: Hp = H + padBefore + padAfter, Wp likewise. */
export function paddedDims(s: P4Shape): { Hp: number; Wp: number } {
  return { Hp: s.H + s.padBefore + s.padAfter, Wp: s.W + s.padBefore + s.padAfter };
}

/** The output size: the reference's formula at stride 1 on the already padded input. */
export function outputDims(s: P4Shape): { HF: number; WF: number } {
  const { Hp, Wp } = paddedDims(s);
  return { HF: outputLength(Hp, s.HK, 1, 0, 1), WF: outputLength(Wp, s.WK, 1, 0, 1) };
}

/** Deterministic values in [−1, 1) (mulberry32): timings must not depend on the run. */
function seededValues(count: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = random() * 2 - 1;
  return out;
}

/** Inputs of one workload, row-major: X is H×W×C, K is Cout×HK×WK×C, G (= dL/dF) is HF×WF×Cout. */
export interface P4Data {
  readonly X: Float64Array;
  readonly K: Float64Array;
  readonly G: Float64Array;
}

export function makeData(s: P4Shape): P4Data {
  const { HF, WF } = outputDims(s);
  return {
    X: seededValues(s.H * s.W * s.C, 1),
    K: seededValues(s.Cout * s.HK * s.WK * s.C, 2),
    G: seededValues(HF * WF * s.Cout, 3),
  };
}
