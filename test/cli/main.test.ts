/**
 * cli/main.ts loads only the named command's module; with no command (or --help, or a typo)
 * it loads them all. Both paths must still know every command.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const cli = join(resolve(import.meta.dirname, '../..'), 'bin', 'convgrade.js');
const run = (args: readonly string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const COMMANDS = [
  'check',
  'grade',
  'merge',
  'report',
  'validate',
  'variant',
  'reference',
  'gradescope',
  'prairielearn',
  'regrade',
  'init',
];

describe('convgrade', () => {
  it('--help lists every command', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('%s --help loads that command alone and shows its usage', (command) => {
    const help = run([command, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: convgrade ${command}\\b`));
  });

  it('an unknown command is a usage error (exit 2) that names it', () => {
    const bogus = run(['bogus']);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(/unknown command 'bogus'/);
  });
});
