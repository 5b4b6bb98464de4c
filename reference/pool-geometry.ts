import type { ResolvedPoolOptions } from './pool-options.js';
import { checkedPoolLength } from './pool-output-size.js';

/** Every size of one 2-D pooling problem: X is H×W, the window HK×WK, the output HF×WF. */
export interface PoolGeometry extends ResolvedPoolOptions {
  readonly H: number;
  readonly W: number;
  readonly HF: number;
  readonly WF: number;
}

/**
 * The geometry of pooling an H×W input with `opts`: HF, WF as `poolOutputSize` gives them.
 * Throws `ReferenceInputError` when the padding is more than half the effective window or an
 * output size is < 1.
 */
export function poolGeometry(H: number, W: number, opts: ResolvedPoolOptions): PoolGeometry {
  const { HK, WK, sH, sW, p, d, ceilMode } = opts;
  const padding = 'opts.padding';
  const HF = checkedPoolLength({ n: H, k: HK, s: sH, p, d, ceilMode }, { size: 'H', kernel: 'HK', padding });
  const WF = checkedPoolLength({ n: W, k: WK, s: sW, p, d, ceilMode }, { size: 'W', kernel: 'WK', padding });
  return { ...opts, H, W, HF, WF };
}
