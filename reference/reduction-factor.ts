import { readCostConfig, type CostConfig } from './read-sheet-config.js';

/**
 * Q2: conv multiplications divided by FC multiplications: `HK·WK/(H·W)`.
 * Validates the whole Q2 configuration like its siblings.
 */
export function reductionFactor(cfg: CostConfig): number {
  const { HK, WK, H, W } = readCostConfig(cfg);
  return (HK * WK) / (H * W);
}
