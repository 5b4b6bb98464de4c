/**
 * What a non-value RawAnswer means for a case: its status and a message that helps the student.
 */
import type { CaseStatus, RawAnswer } from '../result.js';

/** Known import failures and what to do instead. */
const IMPORT_ADVICE: readonly { readonly pattern: RegExp; readonly remedy: string; readonly advice: string }[] = [
  {
    remedy: 'scipy.signal.windows.gaussian',
    pattern: /scipy\.signal[^\n]*\bgaussian\b|\bgaussian\b[^\n]*scipy\.signal|cannot import name 'gaussian'/,
    advice: 'scipy.signal.gaussian was removed in SciPy 1.13: use scipy.signal.windows.gaussian (same arguments)',
  },
];

/** Advice for a known failure, unless the message already gives it (the runner may add it first). */
export function adviceFor(message: string): string | undefined {
  return IMPORT_ADVICE.find((entry) => entry.pattern.test(message) && !message.includes(entry.remedy))?.advice;
}

/** Status and message of a call that produced no value; `fn` is the export name asked for. */
export function describeNonValue(
  raw: Exclude<RawAnswer, { kind: 'value' }>,
  fn: string,
): { status: CaseStatus; message: string } {
  const advice = adviceFor(raw.message);
  const withAdvice = (text: string): string => (advice ? `${text} (${advice})` : text);
  switch (raw.kind) {
    case 'threw':
      return { status: 'error', message: withAdvice(`${fn} raised an error: ${raw.message}`) };
    case 'missing':
      return {
        status: 'error',
        message: `the submission does not export ${fn}${raw.message ? `: ${raw.message}` : ''}`,
      };
    case 'load-error':
      return { status: 'error', message: withAdvice(`the submission could not be loaded: ${raw.message}`) };
    case 'timeout':
      return { status: 'timeout', message: `${fn} ran out of time: ${raw.message}` };
    case 'crashed':
      return { status: 'error', message: `the process crashed while running ${fn}: ${raw.message}` };
    case 'rejected':
      return { status: 'error', message: `the answer of ${fn} could not be accepted: ${raw.message}` };
  }
}
