import { readSheetConfig, type SheetConfig } from './read-sheet-config.js';

/** The size of Q1's feature map. */
export interface FeatureMapSize {
  readonly HF: number;
  readonly WF: number;
  readonly CF: number;
}

/**
 * Q1: the feature map of one HK×WK×C filter on an H×W×C image with stride s and padding p:
 * `HF = (H − HK + 2p)/s + 1`, `WF = (W − WK + 2p)/s + 1`, `CF = 1` (one filter sums over all channels).
 * Throws `ReferenceInputError` unless s divides H − HK + 2p ≥ 0 and W − WK + 2p ≥ 0.
 */
export function featureMapSize(cfg: SheetConfig): FeatureMapSize {
  const { HF, WF } = readSheetConfig(cfg);
  return { HF, WF, CF: 1 };
}
