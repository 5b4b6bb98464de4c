import { readInteger, readPositive } from './read-scalars.js';

/**
 * scipy.signal.windows.gaussian(M, std) (sym=True):
 * `w[k] = exp(−(k − (M−1)/2)² / (2·std²))` for k = 0…M−1 (exactly symmetric, 1 at the centre of an
 * odd window). Throws `ReferenceInputError` unless M is a positive integer and std > 0.
 */
export function gaussianWindow(M: number, std: number): number[] {
  return Array.from(gaussianWindowData(readInteger(M, 'M'), readPositive(std, 'std')));
}

/** {@link gaussianWindow} without validation, as a Float64Array (computed as SciPy does, bit for bit). */
export function gaussianWindowData(M: number, std: number): Float64Array {
  const sig2 = 2 * std * std;
  const w = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    const n = k - (M - 1) / 2;
    w[k] = Math.exp(-(n * n) / sig2);
  }
  return w;
}
