/**
 * Exact scores: a question's points are kept in hundredths (the schema allows points in steps
 * of 0.01), so every score is an integer numerator over an integer denominator, summed exactly
 * and rounded once, to 2 decimals, on output.
 */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

export function fraction(num: number, den: number): Fraction {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0)
    throw new RangeError(`Invalid fraction ${num}/${den}`);
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

export function addFractions(a: Fraction, b: Fraction): Fraction {
  const g = gcd(a.den, b.den);
  return fraction(a.num * (b.den / g) + b.num * (a.den / g), (a.den / g) * b.den);
}

/** `points` as hundredths: 2 → 200, 0.5 → 50. */
export function centipoints(points: number): number {
  return Math.round(points * 100);
}

/** A question's exact score: `passed` of `total` cases (proportional) or all or nothing. */
export function questionScore(
  points: number,
  passed: number,
  total: number,
  rule: 'proportional' | 'all-or-nothing',
): Fraction {
  if (total === 0) return fraction(0, 1);
  const earned = rule === 'all-or-nothing' ? (passed === total ? total : 0) : passed;
  return fraction(centipoints(points) * earned, 100 * total);
}

/** The one rounding: to 2 decimals, half away from zero. */
export function roundScore(score: Fraction): number {
  return Math.round((score.num * 100) / score.den) / 100;
}
