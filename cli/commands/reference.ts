/**
 * `convgrade reference NAME`: the reference answers for argument lists read as JSON on stdin,
 * printed as a JSON array on stdout (one answer per argument list). For authors and TAs who want
 * to see what the grader expects; the same registry the grader uses (`studentApi`).
 */
import type { Command } from 'commander';
import { UsageError } from '../../grader/errors.js';
import { isStudentApiName, ReferenceInputError, studentApi, studentApiNames } from '../../reference/index.js';

const EXAMPLE = `
Reads a JSON array of argument lists on stdin, prints a JSON array of answers.

Examples:
  $ echo '[[[[1, 2], [3, 4]], [[1, 0, 2], [0, 1, 0], [3, 0, 1]]]]' | convgrade reference gradKernel
  [[[5,7],[11,5]]]
  $ echo '[[{"H": 7, "W": 7, "C": 3, "HK": 3, "WK": 3, "s": 2, "p": 1}]]' | convgrade reference featureMapSize
  [{"HF":4,"WF":4,"CF":1}]
`;

/** Registers `reference NAME` on the program. */
export function register(program: Command): void {
  program
    .command('reference')
    .description('print the reference answers for JSON argument lists read on stdin')
    .argument('<name>', `a function of the student API: ${studentApiNames.join(', ')}`)
    .addHelpText('after', EXAMPLE)
    .action(async (name: string) => {
      if (!isStudentApiName(name)) throw unknownName(name);
      if (process.stdin.isTTY) {
        throw new UsageError(
          'Expected a JSON array of argument lists on stdin, got a terminal (pipe the JSON in; see --help)',
        );
      }
      const answers = referenceAnswers(name, await readStdin());
      process.stdout.write(`${JSON.stringify(answers)}\n`);
    });
}

/**
 * The answers of reference function `name` for `text`, a JSON array of argument lists.
 * Throws `UsageError` (exit 2) for an unknown name, malformed JSON or invalid arguments.
 */
export function referenceAnswers(name: string, text: string): unknown[] {
  if (!isStudentApiName(name)) throw unknownName(name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Stdin is not valid JSON: ${oneLine(reason)}`, { cause: error });
  }
  if (!Array.isArray(parsed)) {
    throw new UsageError(`Stdin must be a JSON array of argument lists, got ${kindOf(parsed)}`);
  }
  const fn = studentApi[name];
  return parsed.map((args: unknown, index) => {
    if (!Array.isArray(args)) {
      throw new UsageError(`Argument list ${index} must be a JSON array of arguments, got ${kindOf(args)}`);
    }
    try {
      return fn(...args);
    } catch (error: unknown) {
      if (error instanceof ReferenceInputError) {
        throw new UsageError(`Argument list ${index} for ${name} is invalid: ${oneLine(error.message)}`, {
          cause: error,
        });
      }
      throw error;
    }
  });
}

function unknownName(name: string): UsageError {
  return new UsageError(
    `Unknown reference function ${JSON.stringify(name)} (expected one of ${studentApiNames.join(', ')})`,
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${oneLine(String(value)).slice(0, 40)}`;
}
