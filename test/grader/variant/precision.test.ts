/**
 * The float32 rule (grader/variant/precision.ts) against real float32 computations: naive loops
 * with Float32Array accumulators (every operation rounded to float32, as a JS student's code or
 * WebGL does), and numpy/SciPy on np.float32 arrays (correlate2d, fftconvolve, float32 loops),
 * on the bundled questions' sizes and on 50×50 kernels. Every one is accepted as float32
 * precision and none passes the float64 tolerance by accident; every listed misconception of
 * every bundled exercise stays beyond the rule on its witness cases.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../grader/result.js';
import {
  createPrng,
  FLOAT32_TOLERANCE,
  float32Close,
  generateVariant,
  loadExercises,
  valuesAgree,
  valuesClose,
} from '../../../grader/variant/index.js';

/** python3 with SciPy (CI requires it: test/environment.test.ts); a laptop without it skips the SciPy check. */
const hasScipy = ((): boolean => {
  try {
    execFileSync('python3', ['-c', 'import scipy.signal.windows'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tol = { rtol: 1e-9, atol: 1e-9 };
const prng = createPrng(new Uint8Array(16).fill(7));
const uniform = (lo: number, hi: number): number => lo + (hi - lo) * prng.nextFloat();
const matrix = (h: number, w: number): number[][] =>
  Array.from({ length: h }, () => Array.from({ length: w }, () => uniform(-3, 3)));

/** Valid cross-correlation of X with G, in float64, or in float32 with every product and partial sum rounded. */
function correlateValid(X: number[][], G: number[][], float32: boolean): number[][] {
  const f = float32 ? Math.fround : (x: number): number => x;
  const h = X.length - G.length + 1;
  const w = (X[0]?.length ?? 0) - (G[0]?.length ?? 0) + 1;
  const acc = float32 ? new Float32Array(h * w) : new Float64Array(h * w);
  for (let m = 0; m < h; m++)
    for (let n = 0; n < w; n++)
      for (let i = 0; i < G.length; i++)
        for (let j = 0; j < (G[0]?.length ?? 0); j++)
          acc[m * w + n] = f((acc[m * w + n] ?? 0) + f(f(G[i]![j]!) * f(X[i + m]![j + n]!)));
  return Array.from({ length: h }, (_, m) => Array.from(acc.subarray(m * w, (m + 1) * w)));
}

describe('the float32 rule', () => {
  it('is 64 units of 2⁻²³ at the scale of the answer', () => {
    expect(FLOAT32_TOLERANCE).toBeCloseTo(7.63e-6, 8);
    expect(float32Close(1 + 1e-6, 1, 1)).toBe(true);
    expect(float32Close(1 + 1e-4, 1, 1)).toBe(false);
    // A near-zero entry of a large answer: the scale term, not |b|, bounds its error.
    expect(float32Close(1e-4, 0, 100)).toBe(true);
    expect(float32Close(1e-2, 0, 100)).toBe(false);
    expect(float32Close(Number.NaN, 0, 1)).toBe(false);
  });

  it('accepts float32 gradients computed with Float32Array, from the bundled sizes to 50×50 kernels', () => {
    for (const [h, w, kh, kw] of [
      [12, 12, 3, 3],
      [8, 11, 5, 2],
      [64, 64, 50, 50],
      [60, 55, 48, 50],
    ] as const) {
      const X = matrix(h, w);
      const G = matrix(h - kh + 1, w - kw + 1);
      const exact = correlateValid(X, G, false);
      const single = correlateValid(X, G, true);
      expect(valuesAgree(exact, single, tol), `${h}×${w} with ${kh}×${kw}`).toBe('float32');
    }
  });

  it.runIf(hasScipy)('accepts what numpy and SciPy compute on np.float32 arrays', () => {
    const script = `
import json, sys
import numpy as np
from scipy.signal import correlate2d, convolve2d, fftconvolve, windows
rng = np.random.default_rng(5)
out = []
for h, w, kh, kw in [(12, 12, 3, 3), (9, 7, 4, 5), (64, 64, 50, 50), (57, 62, 50, 49)]:
    X = rng.uniform(-3, 3, (h, w)); G = rng.uniform(-3, 3, (h - kh + 1, w - kw + 1))
    exact = correlate2d(X, G, 'valid')
    x32, g32 = X.astype(np.float32), G.astype(np.float32)
    acc = np.zeros(exact.shape, np.float32)
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            acc += g32[i, j] * x32[i:i + acc.shape[0], j:j + acc.shape[1]]
    for got in (correlate2d(x32, g32, 'valid'), fftconvolve(x32, g32[::-1, ::-1], 'valid'), acc):
        out.append([X.tolist(), G.tolist(), exact.tolist(), got.astype(np.float64).tolist()])
size = 64
canvas = np.zeros((size, size), np.float32); canvas[5, 7] = canvas[40, 50] = 1
g = windows.gaussian(51, 6.5)
exact = convolve2d(canvas.astype(float), np.outer(g, g), 'same')
got = fftconvolve(canvas, np.outer(g, g).astype(np.float32), 'same')
out.append([[], [], exact.tolist(), got.astype(np.float64).tolist()])
json.dump(out, sys.stdout)
`;
    const runs = JSON.parse(execFileSync('python3', ['-c', script], { maxBuffer: 1 << 28 }).toString()) as [
      unknown,
      unknown,
      AnswerValue,
      AnswerValue,
    ][];
    expect(runs.length).toBe(13);
    for (const [, , exact, got] of runs) expect(valuesAgree(exact, got, tol)).toBe('float32');
  });

  it('keeps every listed misconception of every bundled exercise beyond it on its witness cases', () => {
    const specs = loadExercises(
      readdirSync('exercises')
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `exercises/${f}`),
    );
    for (const spec of specs)
      for (const student of ['p1', 'p2', 'p3']) {
        const variant = generateVariant(spec, { student, salt: spec.salt, visibility: 'public' });
        for (const q of variant.questions) {
          const members = new Map<string, boolean>();
          for (const c of q.cases)
            for (const call of c.calls)
              for (const m of call.mutants) {
                const key = `${m.id}#${m.member}`;
                const beyond = m.answer.kind === 'value' && !valuesClose(call.expected, m.answer.value, tol);
                members.set(key, (members.get(key) ?? false) || beyond);
              }
          for (const [key, beyond] of members) expect(beyond, `${spec.id} ${student} ${key}`).toBe(true);
        }
      }
  });
});
