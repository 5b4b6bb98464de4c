import { describeValue } from './describe-value.js';
import { ReferenceInputError } from './reference-input-error.js';
import { readInteger, readObject, rejectUnknownKeys } from './read-scalars.js';
import { checkOutputPadding } from './conv-transpose-output-size.js';

/**
 * convTranspose2d's options, PyTorch's conv_transpose2d keywords: stride s ≥ 1 (default 1),
 * padding p ≥ 0 (default 0), dilation d ≥ 1 (default 1), outputPadding ≥ 0 (default 0, and
 * smaller than the stride or the dilation).
 */
export interface ConvTransposeOptions {
  readonly stride?: number;
  readonly padding?: number;
  readonly dilation?: number;
  readonly outputPadding?: number;
}

/** Options with every default applied. */
export type ResolvedConvTransposeOptions = Required<ConvTransposeOptions>;

const OPTION_KEYS = ['stride', 'padding', 'dilation', 'outputPadding'] as const;

/** Applies the defaults in one place and validates; `undefined` means all defaults. Unknown keys are rejected. */
export function readConvTransposeOptions(value: unknown): ResolvedConvTransposeOptions {
  if (value === undefined) return { stride: 1, padding: 0, dilation: 1, outputPadding: 0 };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ReferenceInputError(
      `opts must be an object {${OPTION_KEYS.join(', ')}} or omitted, got ${describeValue(value)}`,
    );
  }
  const record = readObject(value, 'opts');
  rejectUnknownKeys(record, 'opts', OPTION_KEYS);
  const pick = (key: string, fallback: number, min: number): number =>
    record[key] === undefined ? fallback : readInteger(record[key], `opts.${key}`, min);
  const options = {
    stride: pick('stride', 1, 1),
    padding: pick('padding', 0, 0),
    dilation: pick('dilation', 1, 1),
    outputPadding: pick('outputPadding', 0, 0),
  };
  checkOutputPadding(options.outputPadding, options.stride, options.dilation, 'opts.outputPadding');
  return options;
}
