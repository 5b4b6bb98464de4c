import { ReferenceInputError } from './reference-input-error.js';
import type { ResolvedConvOptions } from './conv-options.js';
import { checkedOutputLength } from './output-size.js';

/**
 * Every size of one conv2d problem: X is H×W×C, K is Cout×HK×WK×C, F is HF×WF×Cout, and the
 * zero-padded input Xp is Hp×Wp×C with Hp = H + 2p, Wp = W + 2p.
 */
export interface ConvGeometry {
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly Cout: number;
  readonly HK: number;
  readonly WK: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly HF: number;
  readonly WF: number;
  readonly Hp: number;
  readonly Wp: number;
}

/**
 * The geometry of X (H×W×C) and K (Cout×HK×WK×C) under `opts`; throws `ReferenceInputError`
 * when the channel counts differ or HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1 (or WF) is < 1.
 */
export function convGeometry(
  xShape: readonly number[],
  kShape: readonly number[],
  opts: ResolvedConvOptions,
  names: { readonly x: string; readonly k: string } = { x: 'X', k: 'K' },
): ConvGeometry {
  const [H = 0, W = 0, C = 0] = xShape;
  const [Cout = 0, HK = 0, WK = 0, KC = 0] = kShape;
  if (KC !== C) {
    throw new ReferenceInputError(
      `${names.k} must have as many channels as ${names.x}: ${names.k} is ${kShape.join('×')} (Cout×HK×WK×C) with C=${KC}, ${names.x} is ${xShape.join('×')} (H×W×C) with C=${C}`,
    );
  }
  const { stride: s, padding: p, dilation: d } = opts;
  const HF = checkedOutputLength({ n: H, k: HK, s, p, d }, ['H', 'HK']);
  const WF = checkedOutputLength({ n: W, k: WK, s, p, d }, ['W', 'WK']);
  return { H, W, C, Cout, HK, WK, s, p, d, HF, WF, Hp: H + 2 * p, Wp: W + 2 * p };
}

/** X zero-padded by p on every side (Hp×Wp×C); X's own buffer when p = 0. */
export function padInput(x: Float64Array, g: ConvGeometry): Float64Array {
  if (g.p === 0) return x;
  const { H, W, C, p, Wp } = g;
  const xp = new Float64Array(g.Hp * Wp * C);
  for (let h = 0; h < H; h++) xp.set(x.subarray(h * W * C, (h + 1) * W * C), ((h + p) * Wp + p) * C);
  return xp;
}

/** The inverse of {@link padInput}: crops an Hp×Wp×C buffer back to H×W×C. */
export function cropPadding(xp: Float64Array, g: ConvGeometry): Float64Array {
  if (g.p === 0) return xp;
  const { H, W, C, p, Wp } = g;
  const x = new Float64Array(H * W * C);
  for (let h = 0; h < H; h++) {
    const from = ((h + p) * Wp + p) * C;
    x.set(xp.subarray(from, from + W * C), h * W * C);
  }
  return x;
}
