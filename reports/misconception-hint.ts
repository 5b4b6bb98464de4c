import type { QuestionResult } from '../grader/result.js';

/**
 * The teaching hint of misconception `id` in question `q`: the hint of its first case that
 * matched `id` and carries one (every such case carries the same hint from the spec).
 */
export function misconceptionHint(q: QuestionResult, id: string): string | undefined {
  return q.cases.find((c) => c.misconception === id && c.hint !== undefined)?.hint;
}
