/** Checking a graded result against a corpus row's expected outcome (corpus.ts), at either level. */
import type { SubmissionResult } from '../../grader/result.js';
import type { Outcome } from './corpus.js';
import { caseMessages, describeResult } from './helpers.js';

/** How `r` misses `expected` (nothing when it matches). */
export function mismatches(r: SubmissionResult | undefined, expected: Outcome, marker?: string): string[] {
  const out: string[] = [];
  const messages = caseMessages(r);
  const printed = `${r?.output?.stdout ?? ''}\n${r?.output?.stderr ?? ''}`;
  if (expected.failsClosed === true) {
    if ((r?.score ?? 0) > expected.score) out.push(`score ${r?.score} above ${expected.score}`);
    for (const c of r?.questions.flatMap((q) => q.cases) ?? [])
      if (c.status !== 'passed' && !/protocol violation/i.test(c.message))
        out.push(`${c.id} failed open: ${c.message}`);
  } else {
    if (r?.score !== expected.score) out.push(`score ${r?.score} instead of ${expected.score}: ${describeResult(r)}`);
    for (const q of r?.questions ?? []) {
      const want = expected.lost[q.id] ?? 'passed';
      if (q.status !== want) out.push(`${q.id} ${q.status} instead of ${want}`);
    }
  }
  for (const pattern of expected.messages ?? [])
    if (!messages.some((m) => pattern.test(m))) out.push(`no message matches ${pattern}:\n${messages.join('\n')}`);
  if (expected.printed !== undefined && !expected.printed.test(printed))
    out.push(`the output does not match ${expected.printed}:\n${printed.slice(-1500)}`);
  for (const text of [...(expected.neverPrinted ?? []), ...(marker === undefined ? [] : [marker])])
    if (printed.includes(text)) out.push(`the output contains ${JSON.stringify(text)}`);
  if (expected.note !== undefined && !expected.note.test(r?.isolationNote ?? ''))
    out.push(`the note does not match ${expected.note}: ${r?.isolationNote ?? ''}`);
  return out;
}
