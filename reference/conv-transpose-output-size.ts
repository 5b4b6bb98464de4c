import { ReferenceInputError } from './reference-input-error.js';
import { readInteger, readObject, rejectUnknownKeys } from './read-scalars.js';

/**
 * The transposed-convolution size question's configuration: input H×W, kernel HK×WK, stride s
 * (default 1), padding p (default 0), dilation d (default 1) and PyTorch's `output_padding`
 * (default 0), the defaults of `conv_transpose2d`.
 */
export interface ConvTransposeOutputSizeConfig {
  readonly H: number;
  readonly W: number;
  readonly HK: number;
  readonly WK: number;
  readonly s?: number;
  readonly p?: number;
  readonly d?: number;
  readonly outputPadding?: number;
}

/** One axis of a transposed convolution: input length n, kernel k, stride s, padding p, dilation d, output padding a. */
export interface ConvTransposeAxis {
  readonly n: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly d: number;
  readonly a: number;
}

const CONFIG_KEYS = ['H', 'W', 'HK', 'WK', 's', 'p', 'd', 'outputPadding'] as const;

/**
 * Transposed-convolution output size, PyTorch's `conv_transpose2d` (torch.nn.ConvTranspose2d's
 * documented shape): `HF = (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1`, WF likewise with W, WK.
 * Throws `ReferenceInputError` unless `outputPadding < max(s, d)` (PyTorch: "output padding must be
 * smaller than either stride or dilation") and HF, WF ≥ 1.
 */
export function convTransposeOutputSize(cfg: ConvTransposeOutputSizeConfig): { HF: number; WF: number } {
  const record = readObject(cfg, 'cfg');
  rejectUnknownKeys(record, 'cfg', CONFIG_KEYS);
  const H = readInteger(record['H'], 'cfg.H');
  const W = readInteger(record['W'], 'cfg.W');
  const HK = readInteger(record['HK'], 'cfg.HK');
  const WK = readInteger(record['WK'], 'cfg.WK');
  const s = record['s'] === undefined ? 1 : readInteger(record['s'], 'cfg.s');
  const p = record['p'] === undefined ? 0 : readInteger(record['p'], 'cfg.p', 0);
  const d = record['d'] === undefined ? 1 : readInteger(record['d'], 'cfg.d');
  const a = record['outputPadding'] === undefined ? 0 : readInteger(record['outputPadding'], 'cfg.outputPadding', 0);
  checkOutputPadding(a, s, d, 'cfg.outputPadding');
  return {
    HF: checkedConvTransposeLength({ n: H, k: HK, s, p, d, a }, ['H', 'HK']),
    WF: checkedConvTransposeLength({ n: W, k: WK, s, p, d, a }, ['W', 'WK']),
  };
}

/** {@link convTransposeOutputSize} along one axis, unvalidated (may be ≤ 0): `(n − 1)·s − 2p + d(k − 1) + a + 1`. */
export function convTransposeLength(axis: ConvTransposeAxis): number {
  const { n, k, s, p, d, a } = axis;
  return (n - 1) * s - 2 * p + d * (k - 1) + a + 1;
}

/** Throws `ReferenceInputError` unless output padding `a` < max(s, d), PyTorch's rule. */
export function checkOutputPadding(a: number, s: number, d: number, name: string): void {
  if (a >= Math.max(s, d)) {
    throw new ReferenceInputError(
      `${name} must be smaller than the stride or the dilation (PyTorch's rule: output padding < max(s, d) = ${Math.max(s, d)} with s=${s}, d=${d}), got ${a}`,
    );
  }
}

/** {@link convTransposeLength}, throwing `ReferenceInputError` when it is < 1; `names` are the axis and kernel names. */
export function checkedConvTransposeLength(axis: ConvTransposeAxis, names: readonly [string, string]): number {
  const length = convTransposeLength(axis);
  if (length < 1) {
    const [size, kernel] = names;
    const { n, k, s, p, d, a } = axis;
    throw new ReferenceInputError(
      `The transposed convolution has no output along ${size}: (${size} − 1)·s − 2p + d(${kernel} − 1) + outputPadding + 1 = ${length} with ${size}=${n}, ${kernel}=${k}, s=${s}, p=${p}, d=${d}, outputPadding=${a} (expected ≥ 1)`,
    );
  }
  return length;
}
