/**
 * The one error the reference throws: its arguments were not what the maths needs.
 * reference/ imports nothing outside itself, so this is not a `ConvgradeError`; callers wrap it
 * (the CLI turns it into a usage error, exit 2).
 */
export class ReferenceInputError extends Error {
  readonly code = 'E_REFERENCE_INPUT' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReferenceInputError';
  }
}
