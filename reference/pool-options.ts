import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readFlag, readInteger, readObject, rejectUnknownKeys } from './read-scalars.js';

/**
 * The window of a 2-D pooling: `kernel` (a square k×k window) or both `HK` and `WK`; `stride`
 * (default: the window, HK along rows and WK along columns, as PyTorch's `stride=None`);
 * `padding` (default 0, on every side); `ceilMode` (default false).
 */
export interface PoolWindowOptions {
  readonly kernel?: number;
  readonly HK?: number;
  readonly WK?: number;
  readonly stride?: number;
  readonly padding?: number;
  readonly ceilMode?: boolean;
}

/** maxPool2d's options: the window plus `dilation` (default 1). */
export interface MaxPoolOptions extends PoolWindowOptions {
  readonly dilation?: number;
}

/** avgPool2d's options: the window plus `countIncludePad` (default true, as PyTorch). */
export interface AvgPoolOptions extends PoolWindowOptions {
  readonly countIncludePad?: boolean;
}

/** Pooling options with every default applied; strides per axis. */
export interface ResolvedPoolOptions {
  readonly HK: number;
  readonly WK: number;
  readonly sH: number;
  readonly sW: number;
  readonly p: number;
  readonly d: number;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
}

const WINDOW_KEYS = ['kernel', 'HK', 'WK', 'stride', 'padding', 'ceilMode'] as const;
const KEYS = {
  max: [...WINDOW_KEYS, 'dilation'],
  avg: [...WINDOW_KEYS, 'countIncludePad'],
} as const;

/**
 * Validates pooling options and applies the defaults in one place. `kind` picks the extra key:
 * `dilation` for max pooling, `countIncludePad` for average pooling (PyTorch's avg_pool2d has
 * no dilation). Unknown keys are rejected so `{kernel_size: 2}` is not silently ignored.
 */
export function readPoolOptions(value: unknown, kind: 'max' | 'avg'): ResolvedPoolOptions {
  const known = KEYS[kind];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReferenceInputError(`opts must be an object {${known.join(', ')}}, got ${describeValue(value)}`);
  }
  const record = readObject(value, 'opts');
  rejectUnknownKeys(record, 'opts', known);
  const { HK, WK } = readWindow(record);
  const stride = record['stride'] === undefined ? undefined : readInteger(record['stride'], 'opts.stride');
  return {
    HK,
    WK,
    sH: stride ?? HK,
    sW: stride ?? WK,
    p: record['padding'] === undefined ? 0 : readInteger(record['padding'], 'opts.padding', 0),
    d: record['dilation'] === undefined ? 1 : readInteger(record['dilation'], 'opts.dilation'),
    ceilMode: readFlag(record['ceilMode'], 'opts.ceilMode', false),
    countIncludePad: readFlag(record['countIncludePad'], 'opts.countIncludePad', true),
  };
}

/** The window HK×WK from `kernel` (square) or from both `HK` and `WK`, never from both forms. */
function readWindow(record: Readonly<Record<string, unknown>>): { HK: number; WK: number } {
  const hasKernel = record['kernel'] !== undefined;
  const hasSides = record['HK'] !== undefined || record['WK'] !== undefined;
  if (hasKernel && hasSides) {
    throw new ReferenceInputError('opts must give the window as either kernel or HK and WK, not both');
  }
  if (hasKernel) {
    const k = readInteger(record['kernel'], 'opts.kernel');
    return { HK: k, WK: k };
  }
  if (!hasSides) {
    throw new ReferenceInputError(
      'opts must give the pooling window: kernel (a square window) or HK and WK, got neither',
    );
  }
  return { HK: readInteger(record['HK'], 'opts.HK'), WK: readInteger(record['WK'], 'opts.WK') };
}
