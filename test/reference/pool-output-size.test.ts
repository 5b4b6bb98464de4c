import { describe, expect, it } from 'vitest';
import { poolOutputSize, ReferenceInputError, studentApi } from '../../reference/index.js';
import { countPoolWindows } from './pool-oracle.js';

describe('poolOutputSize', () => {
  it('equals the enumerated window count over a sweep of (H, k, s, p, d, ceilMode)', () => {
    let checked = 0;
    let drops = 0;
    let rejected = 0;
    for (let n = 1; n <= 12; n++) {
      for (let k = 1; k <= 5; k++) {
        for (let s = 1; s <= 5; s++) {
          for (let p = 0; p <= 3; p++) {
            for (let d = 1; d <= 3; d++) {
              for (const ceilMode of [false, true]) {
                const cfg = { H: n, W: 14, HK: k, WK: k, s, p, d, ceilMode };
                const label = JSON.stringify(cfg);
                const expected = countPoolWindows({ n, k, s, p, d, ceilMode });
                if (p > Math.floor((d * (k - 1) + 1) / 2)) {
                  expect(() => poolOutputSize(cfg), label).toThrow(/at most half the effective window/);
                  rejected++;
                } else if (expected !== null) {
                  expect(poolOutputSize(cfg).HF, label).toBe(expected);
                  expect(poolOutputSize({ ...cfg, H: 14, W: n }).WF, label).toBe(expected);
                  if (ceilMode && expected < Math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1) drops++;
                  checked++;
                } else if (!ceilMode) {
                  expect(() => poolOutputSize(cfg), label).toThrow(/does not fit along H/);
                  rejected++;
                }
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(drops).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(100);
  });

  it('follows PyTorch where the window is longer than the padded input in ceil mode', () => {
    // ⌈(H + 2p − d(k−1) − 1)/s⌉ + 1 with a negative numerator: 1 at s ≥ 2 for −1, none at s = 1.
    expect(poolOutputSize({ H: 3, W: 3, HK: 4, WK: 4, s: 2, ceilMode: true })).toEqual({ HF: 1, WF: 1 });
    expect(poolOutputSize({ H: 3, W: 3, HK: 5, WK: 5, s: 3, ceilMode: true })).toEqual({ HF: 1, WF: 1 });
    expect(() => poolOutputSize({ H: 3, W: 3, HK: 4, WK: 4, s: 1, ceilMode: true })).toThrow(
      'The pooling window does not fit along H: ⌈(H + 2p − d(HK−1) − 1)/s⌉ + 1 = 0 with H=3, HK=4, s=1, p=0, d=1 (expected ≥ 1)',
    );
  });

  it('drops a ceil-mode window that would start in the right padding', () => {
    // H=5, k=2, s=2, p=1: ⌈5/2⌉ + 1 = 4 windows, the 4th starting at 6 = H + p, so 3.
    expect(poolOutputSize({ H: 5, W: 6, HK: 2, WK: 2, s: 2, p: 1, ceilMode: true })).toEqual({ HF: 3, WF: 4 });
    expect(poolOutputSize({ H: 5, W: 6, HK: 2, WK: 2, s: 2, p: 1 })).toEqual({ HF: 3, WF: 4 });
    expect(poolOutputSize({ H: 5, W: 7, HK: 2, WK: 2, ceilMode: true })).toEqual({ HF: 3, WF: 4 });
  });

  it('defaults the stride to the window per axis, padding to 0, dilation to 1 and floor mode', () => {
    expect(poolOutputSize({ H: 9, W: 10, HK: 3, WK: 2 })).toEqual({ HF: 3, WF: 5 });
    expect(poolOutputSize({ H: 9, W: 10, HK: 3, WK: 2, s: 3, p: 0, d: 1, ceilMode: false })).toEqual({
      HF: 3,
      WF: 3,
    });
  });

  it('takes ceilMode as a boolean or as 1/0, and names bad keys and values', () => {
    const cfg = { H: 7, W: 7, HK: 2, WK: 2 };
    expect(poolOutputSize({ ...cfg, ceilMode: 1 as unknown as boolean })).toEqual({ HF: 4, WF: 4 });
    expect(poolOutputSize({ ...cfg, ceilMode: 0 as unknown as boolean })).toEqual({ HF: 3, WF: 3 });
    expect(() => studentApi.poolOutputSize({ ...cfg, ceilMode: 'yes' })).toThrow(
      'Argument cfg.ceilMode must be true or false (or 1 or 0), got "yes"',
    );
    expect(() => studentApi.poolOutputSize({ ...cfg, ceil_mode: true })).toThrow(
      'Argument cfg has an unknown key "ceil_mode" (expected only H, W, HK, WK, s, p, d, ceilMode)',
    );
    expect(() => studentApi.poolOutputSize({ ...cfg, s: 0 })).toThrow(ReferenceInputError);
    expect(() => poolOutputSize({ ...cfg, p: 2 })).toThrow(
      "Argument cfg.p must be at most half the effective window, ⌊(d(HK−1) + 1)/2⌋ = 1 with HK=2, d=1 (PyTorch's rule for pooling), got 2",
    );
  });

  it('applies the padding rule to the effective (dilated) window', () => {
    // k = 2, d = 3: effective window 4, so p = 2 is allowed (PyTorch's pooling_output_shape).
    expect(poolOutputSize({ H: 6, W: 6, HK: 2, WK: 2, s: 1, p: 2, d: 3 })).toEqual({ HF: 7, WF: 7 });
    expect(() => poolOutputSize({ H: 6, W: 6, HK: 2, WK: 2, s: 1, p: 3, d: 3 })).toThrow(/= 2 with HK=2, d=3/);
  });
});
