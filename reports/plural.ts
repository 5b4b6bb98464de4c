/**
 * Counts in words, for every output (terminal lines, pages, results files): "1 submission",
 * "2 submissions", "1 entry", "3 entries". One helper, so no message says "1 submissions" or
 * hedges with "submission(s)".
 */

/** `count` and the noun in the number it needs; `plural` defaults to the noun with an "s". */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
