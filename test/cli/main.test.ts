/**
 * cli/main.ts loads only the named command's module; with no command (or --help, or a typo)
 * it loads them all. Both paths must still know every command.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * The bundled CLI (scripts/bundle.mjs → dist/bundle/convgrade.cjs, run by bin/load-bundle.cjs):
 * it must behave as the modules it was built from, wherever the package sits.
 */
const repo = resolve(import.meta.dirname, '../..');
const bundle = join(repo, 'dist', 'bundle', 'convgrade.cjs');
const staff = join(repo, 'exercises', 'solutions', 'ex9-convolution');

function studentCopy(dir: string): string {
  const student = join(dir, 'student');
  mkdirSync(student, { recursive: true });
  cpSync(join(staff, 'solution.ts'), join(student, 'solution.ts'));
  // Only the choice, which code cannot answer: the staff answers.yaml also answers every other
  // question with formulas, and those would score even when the relay is broken.
  writeFileSync(join(student, 'answers.yaml'), 'q4: b\n');
  return student;
}

/** A `--require` module that records every module the bundle requires, to `log`, one a line. */
function requireRecorder(dir: string, log: string): string {
  const hook = join(dir, 'record-requires.cjs');
  writeFileSync(
    hook,
    [
      "const Module = require('node:module');",
      "const { appendFileSync } = require('node:fs');",
      'const original = Module.prototype.require;',
      'Module.prototype.require = function (id) {',
      `  if (this.filename === ${JSON.stringify(bundle)}) appendFileSync(${JSON.stringify(log)}, id + '\\n');`,
      '  return original.apply(this, arguments);',
      '};',
      '',
    ].join('\n'),
  );
  return hook;
}

describe.runIf(existsSync(bundle))('the bundled CLI', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'convgrade-bundle-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('initialises only the named command inside the bundle', () => {
    const log = join(dir, 'requires.txt');
    const hook = requireRecorder(dir, log);
    const required = (args: readonly string[]): string[] => {
      rmSync(log, { force: true });
      const help = spawnSync(process.execPath, ['--require', hook, cli, ...args], { encoding: 'utf8' });
      expect(help.status, help.stderr).toBe(0);
      return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    };
    // `check` grades, so its graph reaches the runner, which requires esbuild (external) and node:fs/promises…
    expect(required(['check', '--help'])).toEqual(expect.arrayContaining(['esbuild', 'node:fs/promises']));
    // …while `reference` is pure maths: had the bundle initialised every command, it would have required them too.
    const reference = required(['reference', '--help']);
    expect(reference.length).toBeGreaterThan(0);
    expect(reference).not.toContain('esbuild');
    expect(reference).not.toContain('node:fs/promises');
  });

  it('runs from the V8 code cache built beside it', () => {
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const run = require(${JSON.stringify(join(repo, 'bin', 'load-bundle.cjs'))}).runBundle();\n` +
        "process.on('exit', () => process.stderr.write(`cacheRejected=${run.cacheRejected}\\n`));\n",
    );
    const version = spawnSync(process.execPath, [probe, '--version'], { encoding: 'utf8' });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stderr).toContain('cacheRejected=false');
  });

  it('runs without the code cache when it is damaged or belongs to another bundle', () => {
    const copy = join(dir, 'dist', 'bundle', 'convgrade.cjs');
    mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
    cpSync(bundle, copy);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'convgrade', version: '1.2.3-copy' }));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    const cache = readFileSync(`${bundle}.cache`);
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const run = require(${JSON.stringify(join(repo, 'bin', 'load-bundle.cjs'))}).runBundle({ bundle: ${JSON.stringify(copy)} });\n` +
        "process.on('exit', () => process.stderr.write(`cacheRejected=${run.cacheRejected}\\n`));\n",
    );
    const version = () => spawnSync(process.execPath, [probe, '--version'], { encoding: 'utf8' });
    // The right header, then V8 data cut short: V8 rejects it and the bundle compiles from source.
    writeFileSync(`${copy}.cache`, cache.subarray(0, cache.indexOf(10) + 2000));
    let run = version();
    expect(run.stdout.trim(), run.stderr).toBe('1.2.3-copy');
    expect(run.stderr).toContain('cacheRejected=true');
    // A cache made for another bundle is not even offered to V8.
    writeFileSync(copy, `${readFileSync(bundle, 'utf8')}\n// changed\n`);
    writeFileSync(`${copy}.cache`, cache);
    run = version();
    expect(run.stdout.trim(), run.stderr).toBe('1.2.3-copy');
    expect(run.stderr).toContain('cacheRejected=undefined');
  });

  it('prints internal errors (exit 3) with stack frames in the original .ts files and lines', () => {
    const student = studentCopy(dir);
    // Every way of writing a file fails for the report, whichever of them the CLI uses.
    const hook = join(dir, 'fail-writes.cjs');
    writeFileSync(
      hook,
      [
        "const fs = require('node:fs');",
        "const { syncBuiltinESMExports } = require('node:module');",
        "for (const name of ['writeFileSync', 'openSync', 'renameSync', 'copyFileSync']) {",
        '  const original = fs[name];',
        '  fs[name] = function (path, ...rest) {',
        "    if (String(path).includes('INJECTED')) throw new Error(`injected failure of ${name}`);",
        '    return original.call(this, path, ...rest);',
        '  };',
        '}',
        'syncBuiltinESMExports();',
        '',
      ].join('\n'),
    );
    const run = spawnSync(
      process.execPath,
      ['--require', hook, cli, 'check', student, '--isolation', 'basic', '--report', join(dir, 'INJECTED.html')],
      { encoding: 'utf8', cwd: dir },
    );
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/internal error/);
    const failed = /injected failure of (\w+)/.exec(run.stderr)?.[1];
    expect(failed).toBeDefined();
    expect(run.stderr).not.toContain('convgrade.cjs');
    // The first frame below the injected function is the CLI's own call of it, in its .ts source.
    const frames = [...run.stderr.matchAll(/^ {4}at .*?\(?([^\s()]+\.ts):(\d+):(\d+)\)?$/gm)];
    expect(frames.length).toBeGreaterThan(1);
    const [, file, line] = frames[0] as RegExpMatchArray;
    expect(file).toMatch(/[\\/]cli[\\/][\w/-]+\.ts$/);
    const text = readFileSync(file as string, 'utf8').split('\n')[Number(line) - 1];
    expect(text).toContain(`${failed as string}(`);
  });

  it('grades exactly as the modules it was built from, with the spec embedded at build time', () => {
    const student = studentCopy(dir);
    const result = (entry: string, name: string): unknown => {
      const json = join(dir, `${name}.json`);
      const run = spawnSync(
        process.execPath,
        [entry, 'check', student, '--report', join(dir, `${name}.html`), '--json', json],
        {
          encoding: 'utf8',
          cwd: dir,
        },
      );
      expect(run.status, run.stderr).toBe(0);
      const {
        gradedAt: _at,
        durationMs: _ms,
        ...rest
      } = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
      return rest;
    };
    // dist/cli/main.js (tsc) has no embedded specs and parses the YAML.
    expect(result(cli, 'bundle')).toEqual(result(join(repo, 'dist', 'cli', 'main.js'), 'tsc'));
  });

  it('finds its exercises, validator, relays and version from wherever the package is', () => {
    // A copy of the package without the tsc-compiled modules: the bundle must need only its own
    // folder and the assets beside the compiled code, never the repository it was built in.
    const pkg = join(dir, 'pkg');
    for (const part of ['bin', 'dist', 'exercises']) cpSync(join(repo, part), join(pkg, part), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: '9.9.9-relocated' }));
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
    const compiled = (folder: string): string[] =>
      readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    for (const file of compiled(join(pkg, 'dist')).filter((f) => !f.startsWith('bundle')))
      rmSync(join(pkg, 'dist', file));
    const copy = (args: readonly string[]) =>
      spawnSync(process.execPath, [join(pkg, 'bin', 'convgrade.js'), ...args], { encoding: 'utf8', cwd: dir });

    expect(copy(['--version']).stdout.trim()).toBe('9.9.9-relocated');
    const student = studentCopy(dir);
    const check = copy(['check', student, '--isolation', 'basic', '--report', join(dir, 'r.html')]);
    expect(check.status, check.stderr).toBe(0);
    const validate = copy(['validate', 'ex9-convolution']);
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toContain(join(pkg, 'exercises', 'ex9-convolution.yaml'));

    // The copy's own relays and precompiled validator are the ones used: break them and it shows.
    const files = readdirSync(join(pkg, 'dist'), { recursive: true, encoding: 'utf8' });
    for (const file of files.filter((f) => /[\\/]relay[\\/][^\\/]+\.[cm]js$/.test(f)))
      writeFileSync(join(pkg, 'dist', file), "process.stderr.write('RELOCATED-RELAY\\n');\nprocess.exit(7);\n");
    const json = join(dir, 'result.json');
    const relayed = copy(['check', student, '--isolation', 'basic', '--report', join(dir, 'r.html'), '--json', json]);
    expect(relayed.status, relayed.stderr).toBe(1);
    expect(readFileSync(json, 'utf8')).toContain('RELOCATED-RELAY');
    for (const file of files.filter((f) => f.endsWith('.validate.cjs')))
      writeFileSync(
        join(pkg, 'dist', file),
        "module.exports = Object.assign(() => { module.exports.errors = [{ instancePath: '', keyword: 'relocated', params: {}, message: 'RELOCATED-VALIDATOR' }]; return false; }, { errors: null });\n",
      );
    const broken = copy(['validate', 'ex9-convolution']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('RELOCATED-VALIDATOR');

    // `check` takes the bundled spec embedded at build time: it never needs the validator…
    const embedded = copy(['check', student, '--isolation', 'basic', '--report', join(dir, 'r.html')]);
    expect(embedded.status, embedded.stderr).toBe(1);
    expect(embedded.stdout).toContain('RELOCATED-RELAY');
    // …unless the spec was edited since the build: then it is parsed and validated again.
    const spec = join(pkg, 'exercises', 'ex9-convolution.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^title: .*$/m, 'title: "Edited after the build"'));
    const edited = copy(['check', student, '--isolation', 'basic', '--report', join(dir, 'r.html')]);
    expect(edited.status).toBe(2);
    expect(edited.stderr).toContain('RELOCATED-VALIDATOR');
  });
});
