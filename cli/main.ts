/**
 * The composition root. Each command lives in cli/commands/<name>.ts and exports a
 * `register(program)` function; this file wires them up and maps errors to exit codes:
 * 0 done, 1 below --fail-under or a failed public check, 2 usage/spec error, 3 internal error.
 */
import { Command, CommanderError } from 'commander';
import { ConvgradeError } from '../grader/errors.js';
import { escapeTerminal } from './escape-terminal.js';
import { harnessVersion } from './version.js';
import { loadCommands } from './commands/index.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('convgrade')
    .description('Autograder and self-check for convolution exercises (CS-233 Exercise 9)')
    .version(harnessVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    for (const register of await loadCommands(argv[2])) register(program);
    program.commands.forEach((command) => command.exitOverride());
    await program.parseAsync(argv as string[], { from: 'node' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error: unknown) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConvgradeError) {
    process.stderr.write(`convgrade: ${escapeTerminal(error.message)}\n`);
    if (error.exitCode === 3 && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`convgrade: internal error\n${stack}\n`);
  return 3;
}

// `convgrade check | head` closes the pipe early: the reader has what it wanted, so stop writing
// quietly instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// No top-level await: the bundle (scripts/bundle.mjs) is CommonJS. main() never rejects.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
