import { ReferenceInputError } from './reference-input-error.js';
import { readInteger, readObject } from './read-scalars.js';

/** x3's configuration: image H×W, kernel HK×WK, stride s, padding p, dilation d. */
export interface OutputSizeConfig {
  readonly H: number;
  readonly W: number;
  readonly HK: number;
  readonly WK: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
}

/**
 * Output length along one axis, which may be ≤ 0 when the kernel does not fit:
 * `⌊(n + 2p − d(k−1) − 1)/s⌋ + 1`.
 */
export function outputLength(n: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/**
 * x3: output size of a strided, padded, dilated convolution:
 * `HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1`, `WF = ⌊(W + 2p − d(WK−1) − 1)/s⌋ + 1`.
 * Throws `ReferenceInputError` unless the dilated kernel fits the padded image (HF, WF ≥ 1).
 */
export function outputSize(cfg: OutputSizeConfig): { HF: number; WF: number } {
  const record = readObject(cfg, 'cfg');
  const H = readInteger(record['H'], 'cfg.H');
  const W = readInteger(record['W'], 'cfg.W');
  const HK = readInteger(record['HK'], 'cfg.HK');
  const WK = readInteger(record['WK'], 'cfg.WK');
  const s = readInteger(record['s'], 'cfg.s');
  const p = readInteger(record['p'], 'cfg.p', 0);
  const d = readInteger(record['d'], 'cfg.d');
  return {
    HF: checkedOutputLength({ n: H, k: HK, s, p, d }, ['H', 'HK']),
    WF: checkedOutputLength({ n: W, k: WK, s, p, d }, ['W', 'WK']),
  };
}

/** {@link outputLength}, throwing `ReferenceInputError` when it is < 1; `names` are the axis and kernel names. */
export function checkedOutputLength(
  axis: { readonly n: number; readonly k: number; readonly s: number; readonly p: number; readonly d: number },
  names: readonly [string, string],
): number {
  const { n, k, s, p, d } = axis;
  const length = outputLength(n, k, s, p, d);
  if (length < 1) {
    const [size, kernel] = names;
    throw new ReferenceInputError(
      `The dilated kernel does not fit: ${size} + 2p − d(${kernel}−1) − 1 = ${n + 2 * p - d * (k - 1) - 1} (expected ≥ 0 with ${size}=${n}, ${kernel}=${k}, p=${p}, d=${d})`,
    );
  }
  return length;
}
