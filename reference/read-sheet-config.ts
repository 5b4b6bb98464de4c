import { ReferenceInputError } from './reference-input-error.js';
import { readInteger, readObject } from './read-scalars.js';

/** Q1's configuration: image H×W×C, one kernel HK×WK×C, stride s, padding p. */
export interface SheetConfig {
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly HK: number;
  readonly WK: number;
  readonly s: number;
  readonly p: number;
}

/** Q2's configuration: Q1's plus the number of filters Cout. */
export interface CostConfig extends SheetConfig {
  readonly Cout: number;
}

/**
 * Validates a sheet configuration: positive integers except p ≥ 0, and, as the sheet assumes,
 * s dividing H − HK + 2p ≥ 0 and W − WK + 2p ≥ 0. Returns it with HF and WF.
 */
export function readSheetConfig(
  value: unknown,
  name = 'cfg',
): SheetConfig & { readonly HF: number; readonly WF: number } {
  const record = readObject(value, name);
  const cfg: SheetConfig = {
    H: readInteger(record['H'], `${name}.H`),
    W: readInteger(record['W'], `${name}.W`),
    C: readInteger(record['C'], `${name}.C`),
    HK: readInteger(record['HK'], `${name}.HK`),
    WK: readInteger(record['WK'], `${name}.WK`),
    s: readInteger(record['s'], `${name}.s`),
    p: readInteger(record['p'], `${name}.p`, 0),
  };
  const HF = sheetLength(cfg.H, cfg.HK, cfg.s, cfg.p, ['H', 'HK']);
  const WF = sheetLength(cfg.W, cfg.WK, cfg.s, cfg.p, ['W', 'WK']);
  return { ...cfg, HF, WF };
}

/** {@link readSheetConfig} plus a positive integer Cout. */
export function readCostConfig(
  value: unknown,
  name = 'cfg',
): CostConfig & { readonly HF: number; readonly WF: number } {
  const sheet = readSheetConfig(value, name);
  const Cout = readInteger(readObject(value, name)['Cout'], `${name}.Cout`);
  return { ...sheet, Cout };
}

function sheetLength(size: number, kernel: number, s: number, p: number, names: readonly [string, string]): number {
  const span = size - kernel + 2 * p;
  const [sizeName, kernelName] = names;
  if (span < 0) {
    throw new ReferenceInputError(
      `The kernel does not fit: ${sizeName} − ${kernelName} + 2p = ${span} (expected ≥ 0 with ${sizeName}=${size}, ${kernelName}=${kernel}, p=${p})`,
    );
  }
  if (span % s !== 0) {
    throw new ReferenceInputError(
      `The stride s=${s} must divide ${sizeName} − ${kernelName} + 2p = ${span}, as the sheet assumes (${sizeName}=${size}, ${kernelName}=${kernel}, p=${p})`,
    );
  }
  return span / s + 1;
}
