/**
 * Agreement to float32 precision: what a correct answer computed in float32 (np.float32,
 * Float32Array, PyTorch's default dtype) reaches, though not the float64 tolerance.
 *
 * The rule, per entry b of an expected value and a of the answer:
 *
 *     |a − b| ≤ 64 · 2⁻²³ · (|b| + S)
 *
 * where S is the scale of the computation: the largest |entry| of the expected array the entry
 * belongs to (|b| itself for a lone number). 2⁻²³ is float32's machine epsilon. Why this form:
 * - the term in |b| covers the rounding of the entry itself (½ ulp = 2⁻²⁴·|b|) and of its inputs;
 * - the term in S covers accumulation: a sum of products rounds every partial sum, whose size
 *   is that of the answer's large entries, not of the entry (a near-zero entry of a gradient is a
 *   cancellation of terms as large as S), and entries that are zero in float64 but tiny in float32
 *   (a Gaussian's tails underflow, an FFT spreads its error everywhere);
 * - 64 units: measured on float32 computations of the bundled questions and of 50×50 kernels
 *   (scipy.signal.correlate2d and fftconvolve on float32 arrays, naive float32 loops in numpy and
 *   with Float32Array), the worst error was 16 units (naive summation over 2500 terms); the error
 *   of a float32 sum grows like √n in practice, so 64 leaves room for sums of ~40 000 terms.
 *   The tolerance is 7.6·10⁻⁶ of the scale, while every listed misconception of the bundled
 *   exercises differs by more than 3·10⁻⁴ of it (a Gaussian truncated at 4σ, the closest) and
 *   most by more than 0.1: the generator also requires every wrong answer's witness case to
 *   fail this rule, so no listed mistake ever passes as float32.
 */

/** float32's machine epsilon, 2⁻²³. */
export const FLOAT32_EPSILON = 2 ** -23;
/** The rule's multiple of the epsilon. */
export const FLOAT32_UNITS = 64;
/** The rule's relative tolerance, 64·2⁻²³ ≈ 7.6e-6. */
export const FLOAT32_TOLERANCE = FLOAT32_UNITS * FLOAT32_EPSILON;

/** The rule in words, for messages. */
export const FLOAT32_RULE = '|a − b| ≤ 7.6e-6·(|b| + max|expected|)';

/** Whether `actual` agrees with `expected` to float32 precision, at scale `scale` (see the rule above). */
export function float32Close(actual: number, expected: number, scale: number): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= FLOAT32_TOLERANCE * (Math.abs(expected) + scale);
}

/** Whether every number of a value is exactly a float32 (the answer was most likely computed in float32). */
export function isFloat32Valued(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && Math.fround(value) === value;
  if (Array.isArray(value)) return value.every(isFloat32Valued);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isFloat32Valued);
  return true;
}
