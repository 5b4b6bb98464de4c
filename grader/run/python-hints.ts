/**
 * Teaching hints appended to Python error messages. The exercise sheet used
 * `scipy.signal.gaussian`, which SciPy 1.13 removed (EXERCISES.md).
 */
const GAUSSIAN_REMOVED =
  /(cannot import name ['"]gaussian['"] from ['"]scipy\.signal['"]|module ['"]scipy\.signal['"] has no attribute ['"]gaussian['"])/;

export const GAUSSIAN_HINT =
  'scipy.signal.gaussian was removed in SciPy 1.13: use scipy.signal.windows.gaussian (from scipy.signal.windows import gaussian)';

export function explainPythonError(message: string): string {
  return GAUSSIAN_REMOVED.test(message) && !message.includes(GAUSSIAN_HINT) ? `${message}\n${GAUSSIAN_HINT}` : message;
}
