/**
 * The stable ids of the misconceptions in EXERCISES.md, one mutant each; reports, class
 * summaries and exports use them, so never rename one.
 */
export const misconceptionIds = [
  'q1.missing-plus-one',
  'q1.single-padding',
  'q1.no-stride',
  'q1.channels-kept',
  'q1.swapped-dims',
  'q2.conv-missing-channels',
  'q2.fc-uses-kernel',
  'q2.ratio-inverted',
  'q3.mode-full',
  'q3.mode-valid',
  'q3.correlate-shift',
  'q3.normalised-kernel',
  'q3.points-transposed',
  'q3.variance-as-std',
  'q5.flipped',
  'q5.transposed',
  'q6.not-rotated',
  'q6.transposed',
  'x1.flipped-kernel',
  'x1.no-dilation',
  'x1.channels-last-kernel',
  'x2.dx-missing-channel-sum',
  'x2.stride-not-dilated',
] as const;

/** One of {@link misconceptionIds}. */
export type MisconceptionId = (typeof misconceptionIds)[number];

/** Narrows a string to a {@link MisconceptionId}. */
export function isMisconceptionId(id: string): id is MisconceptionId {
  return (misconceptionIds as readonly string[]).includes(id);
}
