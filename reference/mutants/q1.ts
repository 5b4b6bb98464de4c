import type { FeatureMapSize } from '../feature-map-size.js';
import { readSheetConfig } from '../read-sheet-config.js';
import type { Mutant } from './mutant.js';

function q1(id: Mutant['id'], wrong: (cfg: ReturnType<typeof readSheetConfig>) => FeatureMapSize): Mutant {
  return { id, question: 'q1', fn: 'featureMapSize', compute: (cfg) => wrong(readSheetConfig(cfg)) };
}

/** Q1 (featureMapSize) mutants; the right answer is HF = (H − HK + 2p)/s + 1, WF likewise, CF = 1. */
export const q1Mutants: readonly Mutant[] = [
  // HF = (H − HK + 2p)/s
  q1('q1.missing-plus-one', ({ H, W, HK, WK, s, p }) => ({
    HF: (H - HK + 2 * p) / s,
    WF: (W - WK + 2 * p) / s,
    CF: 1,
  })),
  // HF = (H − HK + p)/s + 1 (may be fractional: the student's formula, not an integer size)
  q1('q1.single-padding', ({ H, W, HK, WK, s, p }) => ({ HF: (H - HK + p) / s + 1, WF: (W - WK + p) / s + 1, CF: 1 })),
  // HF = H − HK + 2p + 1
  q1('q1.no-stride', ({ H, W, HK, WK, p }) => ({ HF: H - HK + 2 * p + 1, WF: W - WK + 2 * p + 1, CF: 1 })),
  // CF = C (HF, WF right)
  q1('q1.channels-kept', ({ HF, WF, C }) => ({ HF, WF, CF: C })),
  // HF = (H − WK + 2p)/s + 1, WF = (W − HK + 2p)/s + 1
  q1('q1.swapped-dims', ({ H, W, HK, WK, s, p }) => ({
    HF: (H - WK + 2 * p) / s + 1,
    WF: (W - HK + 2 * p) / s + 1,
    CF: 1,
  })),
];
