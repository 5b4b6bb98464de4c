/**
 * Harness and author errors. Student-caused outcomes are values (see result.ts), never these.
 * Each subclass carries a literal `code`, so callers and the CLI can switch on it.
 */
export abstract class ConvgradeError extends Error {
  abstract readonly code: string;
  /** The CLI exit code this error maps to: 2 for usage and spec errors, 3 for harness bugs. */
  abstract readonly exitCode: 2 | 3;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad command line, a missing file the user named, a malformed stdin. */
export class UsageError extends ConvgradeError {
  readonly code = 'E_USAGE' as const;
  readonly exitCode = 2 as const;
}

/** One or more problems in exercise specs, each already formatted as `file:line:col: message`. */
export class SpecError extends ConvgradeError {
  readonly code = 'E_SPEC' as const;
  readonly exitCode = 2 as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: { cause?: unknown }) {
    super(problems.join('\n'), options);
    this.problems = problems;
  }
}

/** The environment cannot provide what was asked for (e.g. `--isolation strict` without bubblewrap). */
export class EnvironmentError extends ConvgradeError {
  readonly code = 'E_ENVIRONMENT' as const;
  readonly exitCode = 2 as const;
}

/** A bug in the harness itself. */
export class InternalError extends ConvgradeError {
  readonly code = 'E_INTERNAL' as const;
  readonly exitCode = 3 as const;
}
