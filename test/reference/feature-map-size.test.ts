import { describe, expect, it } from 'vitest';
import {
  convMultiplications,
  fcMultiplications,
  featureMapSize,
  outputSize,
  reductionFactor,
} from '../../reference/index.js';

const cfg = { H: 11, W: 13, C: 4, HK: 3, WK: 5, s: 2, p: 1 };

describe('featureMapSize and the Q2 counts', () => {
  it('computes (H − HK + 2p)/s + 1 per axis and one output channel', () => {
    expect(featureMapSize(cfg)).toEqual({ HF: 6, WF: 6, CF: 1 });
    expect(featureMapSize({ H: 32, W: 28, C: 3, HK: 5, WK: 1, s: 1, p: 0 })).toEqual({ HF: 28, WF: 28, CF: 1 });
  });

  it('agrees with the floor formula of outputSize (dilation 1) whenever s divides', () => {
    for (let H = 5; H <= 20; H++) {
      for (let HK = 1; HK <= 7; HK++) {
        for (let s = 1; s <= 4; s++) {
          for (let p = 0; p <= 3; p++) {
            if (H - HK + 2 * p < 0 || (H - HK + 2 * p) % s !== 0) continue;
            const sheet = featureMapSize({ H, W: H, C: 2, HK, WK: HK, s, p });
            expect(sheet.HF).toBe(outputSize({ H, W: H, HK, WK: HK, s, p, d: 1 }).HF);
          }
        }
      }
    }
  });

  it('counts multiplications: Cout·HF·WF·HK·WK·C for conv, Cout·HF·WF·H·W·C for FC, and their ratio HK·WK/(H·W)', () => {
    const q2 = { ...cfg, Cout: 3 };
    expect(convMultiplications(q2)).toBe(3 * 6 * 6 * 3 * 5 * 4);
    expect(fcMultiplications(q2)).toBe(3 * 6 * 6 * 11 * 13 * 4);
    expect(reductionFactor(q2)).toBeCloseTo(convMultiplications(q2) / fcMultiplications(q2), 15);
  });

  it('refuses a stride that does not divide, as the sheet assumes it does', () => {
    expect(() => featureMapSize({ ...cfg, s: 3 })).toThrow(
      'The stride s=3 must divide H − HK + 2p = 10, as the sheet assumes (H=11, HK=3, p=1)',
    );
    expect(() => featureMapSize({ ...cfg, HK: 20 })).toThrow(/The kernel does not fit: H − HK \+ 2p = -7/);
  });
});
