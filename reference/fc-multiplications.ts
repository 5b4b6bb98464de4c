import { readCostConfig, type CostConfig } from './read-sheet-config.js';

/**
 * Q2: multiplications of a fully connected layer with the same output (Cout·HF·WF units), each
 * connected to all H·W·C inputs: `Cout·HF·WF·H·W·C`.
 */
export function fcMultiplications(cfg: CostConfig): number {
  const { Cout, HF, WF, H, W, C } = readCostConfig(cfg);
  return Cout * HF * WF * H * W * C;
}
