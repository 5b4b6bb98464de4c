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

/** a·b of two fractions. */
export function multiplyFractions(a: Fraction, b: Fraction): Fraction {
  const g1 = gcd(a.num, b.den) || 1;
  const g2 = gcd(b.num, a.den) || 1;
  return fraction((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1));
}

/** A share in [0, 1] given in hundredths (float32Credit: 0.5 → 50/100). */
export function shareOf(value: number): Fraction {
  return fraction(Math.round(Math.min(1, Math.max(0, value)) * 100), 100);
}

/** Whether a fraction is exactly 1 (or more). */
export function isWhole(value: Fraction): boolean {
  return value.num >= value.den;
}

/** `points` as hundredths: 2 → 200, 0.5 → 50. */
export function centipoints(points: number): number {
  return Math.round(points * 100);
}

/**
 * A question's exact score from the credit `earned` over its `total` cases (each case counts 1; a
 * case partly right counts its share): proportional, or all or nothing (every case fully right).
 */
export function questionScore(
  points: number,
  earned: Fraction | number,
  total: number,
  rule: 'proportional' | 'all-or-nothing',
): Fraction {
  if (total === 0) return fraction(0, 1);
  const credit = typeof earned === 'number' ? fraction(earned, 1) : earned;
  const share =
    rule === 'all-or-nothing'
      ? credit.num >= total * credit.den
        ? fraction(1, 1)
        : fraction(0, 1)
      : fraction(credit.num, credit.den * total);
  return multiplyFractions(fraction(centipoints(points), 100), share);
}

/** The one rounding: to 2 decimals, half away from zero. */
export function roundScore(score: Fraction): number {
  return Math.round((score.num * 100) / score.den) / 100;
}
