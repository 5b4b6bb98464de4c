/** Question notes the judge writes in words for the student. */
import type { QuestionSpec } from '../spec/index.js';
import { FLOAT32_RULE, formatShort, formatTolerance } from '../variant/index.js';

/** Cases right only to float32 precision: how many, how far off, what they earned and how to do better. */
export function float32Note(
  question: QuestionSpec,
  float32: { readonly cases: number; readonly maxRelError: number },
  total: number,
): string {
  const cases = float32.cases === total ? `all ${total} cases` : `${float32.cases} of ${total} cases`;
  const credit = question.float32Credit;
  const earned =
    credit >= 1
      ? 'full credit'
      : credit <= 0
        ? 'no credit: this question asks for float64 precision'
        : `${Math.round(credit * 100)}% of each such case: this question asks for float64 precision`;
  return `On ${cases} your answer is right to float32 precision (${FLOAT32_RULE}) but not to the tolerance ${formatTolerance(question.tolerance)}; largest relative error ${formatShort(float32.maxRelError)}. That earns ${earned}. Compute in float64 (numpy's default float, plain JavaScript numbers, not np.float32, Float32Array or torch's default) to agree exactly`;
}
