import { readCostConfig, type CostConfig } from './read-sheet-config.js';

/**
 * Q2: multiplications of a conv layer with Cout filters of HK×WK×C:
 * `Cout·HF·WF·HK·WK·C` with HF, WF as in {@link featureMapSize}.
 */
export function convMultiplications(cfg: CostConfig): number {
  const { Cout, HF, WF, HK, WK, C } = readCostConfig(cfg);
  return Cout * HF * WF * HK * WK * C;
}
