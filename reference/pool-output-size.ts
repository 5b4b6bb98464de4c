import { ReferenceInputError } from './reference-input-error.js';
import { readFlag, readInteger, readObject, rejectUnknownKeys } from './read-scalars.js';

/**
 * The pooling size question's configuration: image H×W, window HK×WK, stride s (default: the
 * window, HK along rows and WK along columns, as PyTorch's `stride=None`), padding p (default 0),
 * dilation d (default 1) and PyTorch's `ceil_mode` (default false).
 */
export interface PoolOutputSizeConfig {
  readonly H: number;
  readonly W: number;
  readonly HK: number;
  readonly WK: number;
  readonly s?: number;
  readonly p?: number;
  readonly d?: number;
  readonly ceilMode?: boolean;
}

/** One axis of a pooling problem: input length n, window k, stride s, padding p, dilation d. */
export interface PoolAxis {
  readonly n: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly ceilMode: boolean;
}

const CONFIG_KEYS = ['H', 'W', 'HK', 'WK', 's', 'p', 'd', 'ceilMode'] as const;

/**
 * Max- and average-pooling output size, as PyTorch computes it (`pooling_output_shape` in
 * aten/src/ATen/native/Pool.h, used by max_pool2d and avg_pool2d alike):
 * floor mode `HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1`; ceil mode `HF = ⌈(H + 2p − d(HK−1) − 1)/s⌉ + 1`,
 * then one less when `(HF − 1)·s ≥ H + p` (the last window must start inside the input or the
 * left padding, never in the right padding); WF likewise with W, WK. Throws `ReferenceInputError`
 * unless `p ≤ ⌊(d(HK−1) + 1)/2⌋` (half the effective window, PyTorch's check) and HF, WF ≥ 1.
 */
export function poolOutputSize(cfg: PoolOutputSizeConfig): { HF: number; WF: number } {
  const record = readObject(cfg, 'cfg');
  rejectUnknownKeys(record, 'cfg', CONFIG_KEYS);
  const H = readInteger(record['H'], 'cfg.H');
  const W = readInteger(record['W'], 'cfg.W');
  const HK = readInteger(record['HK'], 'cfg.HK');
  const WK = readInteger(record['WK'], 'cfg.WK');
  const s = record['s'] === undefined ? undefined : readInteger(record['s'], 'cfg.s');
  const p = record['p'] === undefined ? 0 : readInteger(record['p'], 'cfg.p', 0);
  const d = record['d'] === undefined ? 1 : readInteger(record['d'], 'cfg.d');
  const ceilMode = readFlag(record['ceilMode'], 'cfg.ceilMode', false);
  return {
    HF: checkedPoolLength({ n: H, k: HK, s: s ?? HK, p, d, ceilMode }, { size: 'H', kernel: 'HK', padding: 'cfg.p' }),
    WF: checkedPoolLength({ n: W, k: WK, s: s ?? WK, p, d, ceilMode }, { size: 'W', kernel: 'WK', padding: 'cfg.p' }),
  };
}

/**
 * {@link poolOutputSize} along one axis, unvalidated (may be ≤ 0): PyTorch's
 * `pooling_output_shape_pad_lr` with equal padding on both sides; the division rounds toward −∞
 * (`div_rtn`), and ceil mode adds s − 1 before dividing.
 */
export function poolOutputLength(axis: PoolAxis): number {
  const { n, k, s, p, d, ceilMode } = axis;
  const span = n + 2 * p - d * (k - 1) - 1;
  const length = Math.floor((span + (ceilMode ? s - 1 : 0)) / s) + 1;
  return ceilMode && (length - 1) * s >= n + p ? length - 1 : length;
}

/**
 * {@link poolOutputLength} after PyTorch's checks: padding at most half the effective window,
 * and an output of at least 1. `names` name the axis, its window and the padding in messages.
 */
export function checkedPoolLength(
  axis: PoolAxis,
  names: { readonly size: string; readonly kernel: string; readonly padding: string },
): number {
  const { n, k, s, p, d, ceilMode } = axis;
  const half = Math.floor((d * (k - 1) + 1) / 2);
  if (p > half) {
    throw new ReferenceInputError(
      `${names.padding} must be at most half the effective window, ⌊(d(${names.kernel}−1) + 1)/2⌋ = ${half} with ${names.kernel}=${k}, d=${d} (PyTorch's rule for pooling), got ${p}`,
    );
  }
  const length = poolOutputLength(axis);
  if (length < 1) {
    const [open, close] = ceilMode ? ['⌈', '⌉'] : ['⌊', '⌋'];
    throw new ReferenceInputError(
      `The pooling window does not fit along ${names.size}: ${open}(${names.size} + 2p − d(${names.kernel}−1) − 1)/s${close} + 1 = ${length} with ${names.size}=${n}, ${names.kernel}=${k}, s=${s}, p=${p}, d=${d} (expected ≥ 1)`,
    );
  }
  return length;
}
