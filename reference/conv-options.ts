import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readChoice, readInteger, readObject, rejectUnknownKeys } from './read-scalars.js';

/** x1/x2 options: stride s ≥ 1 (default 1), padding p ≥ 0 (default 0), dilation d ≥ 1 (default 1). */
export interface ConvOptions {
  readonly stride?: number;
  readonly padding?: number;
  readonly dilation?: number;
}

/** Which inner loops the tensor-level functions use; `auto` picks per shape. */
export type ConvAlgorithm = 'auto' | 'direct' | 'im2col';

/** Options of the tensor-level functions: {@link ConvOptions} plus the algorithm. */
export interface ConvTensorOptions extends ConvOptions {
  readonly algorithm?: ConvAlgorithm;
}

/** Options with every default applied. */
export interface ResolvedConvOptions {
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly algorithm: ConvAlgorithm;
}

const OPTION_KEYS = ['stride', 'padding', 'dilation'] as const;
const ALGORITHMS: readonly ConvAlgorithm[] = ['auto', 'direct', 'im2col'];

/**
 * Applies the defaults (stride 1, padding 0, dilation 1, algorithm 'auto') in one place and
 * validates; `undefined` means all defaults. Unknown keys are rejected so `{strides: 2}` is not
 * silently ignored. `allowAlgorithm` admits the tensor-level `algorithm` key.
 */
export function readConvOptions(value: unknown, allowAlgorithm = false): ResolvedConvOptions {
  if (value === undefined) return { stride: 1, padding: 0, dilation: 1, algorithm: 'auto' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReferenceInputError(
      `opts must be an object {stride, padding, dilation} or omitted, got ${describeValue(value)}`,
    );
  }
  const record = readObject(value, 'opts');
  rejectUnknownKeys(record, 'opts', allowAlgorithm ? [...OPTION_KEYS, 'algorithm'] : OPTION_KEYS);
  const pick = (key: string, fallback: number, min: number): number =>
    record[key] === undefined ? fallback : readInteger(record[key], `opts.${key}`, min);
  return {
    stride: pick('stride', 1, 1),
    padding: pick('padding', 0, 0),
    dilation: pick('dilation', 1, 1),
    algorithm:
      record['algorithm'] === undefined ? 'auto' : readChoice(record['algorithm'], 'opts.algorithm', ALGORITHMS),
  };
}
