import { describe, expect, it } from 'vitest';
import { convTransposeOutputSize, studentApi } from '../../reference/index.js';
import { shapeOf } from './helpers.js';
import { naiveConvTranspose } from './pool-oracle.js';

describe('convTransposeOutputSize', () => {
  it('equals the shape of the scatter-and-crop definition over a sweep of (H, k, s, p, d, outputPadding)', () => {
    let checked = 0;
    let rejected = 0;
    for (let n = 1; n <= 6; n++) {
      for (let k = 1; k <= 4; k++) {
        for (let s = 1; s <= 3; s++) {
          for (let p = 0; p <= 3; p++) {
            for (let d = 1; d <= 3; d++) {
              for (let a = 0; a <= 3; a++) {
                const cfg = { H: n, W: 7 - n, HK: k, WK: 5 - k, s, p, d, outputPadding: a };
                const label = JSON.stringify(cfg);
                const full = (len: number, kernel: number): number => (len - 1) * s + d * (kernel - 1) + 1 + a - 2 * p;
                if (a >= Math.max(s, d)) {
                  expect(() => convTransposeOutputSize(cfg), label).toThrow(/smaller than the stride or the dilation/);
                  rejected++;
                } else if (full(n, k) < 1 || full(7 - n, 5 - k) < 1) {
                  expect(() => convTransposeOutputSize(cfg), label).toThrow(/has no output along/);
                  rejected++;
                } else {
                  const X = Array.from({ length: n }, () => new Array<number>(7 - n).fill(1));
                  const K = Array.from({ length: k }, () => new Array<number>(5 - k).fill(1));
                  const opts = { stride: s, padding: p, dilation: d, outputPadding: a };
                  const [HF, WF] = shapeOf(naiveConvTranspose(X, K, opts));
                  expect(convTransposeOutputSize(cfg), label).toEqual({ HF, WF });
                  checked++;
                }
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(500);
  });

  it('defaults to stride 1, padding 0, dilation 1 and no output padding', () => {
    expect(convTransposeOutputSize({ H: 4, W: 5, HK: 3, WK: 2 })).toEqual({ HF: 6, WF: 6 });
  });

  it('allows output padding up to the dilation minus one at stride 1', () => {
    expect(convTransposeOutputSize({ H: 3, W: 3, HK: 2, WK: 2, d: 3, outputPadding: 2 })).toEqual({ HF: 8, WF: 8 });
    expect(() => convTransposeOutputSize({ H: 3, W: 3, HK: 2, WK: 2, d: 3, outputPadding: 3 })).toThrow(
      "Argument cfg.outputPadding must be smaller than the stride or the dilation (PyTorch's rule: output padding < max(s, d) = 3 with s=1, d=3), got 3",
    );
  });

  it('names unknown keys and bad values', () => {
    expect(() => studentApi.convTransposeOutputSize({ H: 3, W: 3, HK: 2, WK: 2, op: 1 })).toThrow(
      'Argument cfg has an unknown key "op" (expected only H, W, HK, WK, s, p, d, outputPadding)',
    );
    expect(() => studentApi.convTransposeOutputSize({ H: 3, W: 3, HK: 2, WK: 2, p: -1 })).toThrow(
      'Argument cfg.p must be a non-negative integer, got -1',
    );
  });
});
