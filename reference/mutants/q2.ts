import { readCostConfig } from '../read-sheet-config.js';
import type { Mutant } from './mutant.js';

/** Q2 mutants, one per count; HF, WF are the right Q1 sizes. */
export const q2Mutants: readonly Mutant[] = [
  {
    // Cout·HF·WF·HK·WK (no ·C)
    id: 'q2.conv-missing-channels',
    question: 'q2',
    fn: 'convMultiplications',
    compute: (cfg) => {
      const { Cout, HF, WF, HK, WK } = readCostConfig(cfg);
      return Cout * HF * WF * HK * WK;
    },
  },
  {
    // Cout·HF·WF·HK·WK·C (the conv count) instead of Cout·HF·WF·H·W·C
    id: 'q2.fc-uses-kernel',
    question: 'q2',
    fn: 'fcMultiplications',
    compute: (cfg) => {
      const { Cout, HF, WF, HK, WK, C } = readCostConfig(cfg);
      return Cout * HF * WF * HK * WK * C;
    },
  },
  {
    // H·W/(HK·WK)
    id: 'q2.ratio-inverted',
    question: 'q2',
    fn: 'reductionFactor',
    compute: (cfg) => {
      const { H, W, HK, WK } = readCostConfig(cfg);
      return (H * W) / (HK * WK);
    },
  },
];
