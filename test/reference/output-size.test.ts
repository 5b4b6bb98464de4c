import { describe, expect, it } from 'vitest';
import { outputSize, ReferenceInputError } from '../../reference/index.js';

/** Counts the window positions i·s (i ≥ 0) whose dilated taps i·s + d(k−1) stay inside n + 2p. */
function countWindows(n: number, k: number, s: number, p: number, d: number): number {
  let count = 0;
  for (let start = 0; start + d * (k - 1) <= n + 2 * p - 1; start += s) count++;
  return count;
}

describe('outputSize', () => {
  it('equals a brute-force count of window positions over a sweep of (H, k, s, p, d)', () => {
    let checked = 0;
    let rejected = 0;
    for (let n = 1; n <= 12; n++) {
      for (let k = 1; k <= 5; k++) {
        for (let s = 1; s <= 4; s++) {
          for (let p = 0; p <= 3; p++) {
            for (let d = 1; d <= 3; d++) {
              const expected = countWindows(n, k, s, p, d);
              const cfg = { H: n, W: 13 - n, HK: k, WK: 1, s, p, d };
              if (expected >= 1) {
                expect(outputSize(cfg).HF, JSON.stringify(cfg)).toBe(expected);
                expect(outputSize({ ...cfg, H: 7, W: n, HK: 1, WK: k }).WF, JSON.stringify(cfg)).toBe(expected);
                checked++;
              } else {
                expect(() => outputSize(cfg)).toThrow(ReferenceInputError);
                rejected++;
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(10);
  });

  it('explains a kernel that does not fit', () => {
    expect(() => outputSize({ H: 3, W: 3, HK: 3, WK: 3, s: 1, p: 0, d: 2 })).toThrow(
      'The dilated kernel does not fit: H + 2p − d(HK−1) − 1 = -2 (expected ≥ 0 with H=3, HK=3, p=0, d=2)',
    );
  });
});
