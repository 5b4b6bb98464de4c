/**
 * The one error the reference throws: its arguments were not what the maths needs.
 * reference/ imports nothing outside itself, so this is not a `ConvgradeError`; callers wrap it
 * (the CLI turns it into a usage error, exit 2).
 *
 * Messages quote the bad value and what was expected, start with a capital and end without a
 * period. Most begin with the argument's name; a lowercase name (`dLdF`, `cfg.H`, `in1`) is
 * introduced by "Argument " here, in one place, so that every message starts with a capital.
 */
export class ReferenceInputError extends Error {
  readonly code = 'E_REFERENCE_INPUT' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(normaliseMessage(message), options);
    this.name = 'ReferenceInputError';
  }
}

function normaliseMessage(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return /^[a-z]/.test(trimmed) ? `Argument ${trimmed}` : trimmed;
}
