/**
 * ES modules run as CommonJS where that keeps their meaning (transpile.ts commonJsOf: Node then
 * starts without its ES module loader), and as written everywhere else: the staged name says
 * which, and the module behaves as the ES module it is either way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { intakeSubmission, runSubmission } from '../../../grader/run/index.js';
import { expectKind, LEVELS, value } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function stage(file: string, source: string) {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-cjs-'));
  dirs.push(dir);
  writeFileSync(join(dir, file), source);
  const intake = await intakeSubmission(dir);
  if (!intake.ok) throw new Error(intake.reason);
  return intake.staged;
}

describe.each(LEVELS)('ES modules as CommonJS, %s isolation', (isolation) => {
  const run = (staged: Awaited<ReturnType<typeof stage>>, fn: string) =>
    runSubmission(staged, [{ fn, args: [] }], { isolation, slot: 1, timeoutMsPerCall: 4000 });

  it('converts TypeScript, .mjs and ES modules in .js, keeping strict mode and an undefined top-level this', async () => {
    const js = [
      "import { sep } from 'node:path';",
      'const top = this;',
      'export function facts() {',
      '  return [typeof top, sep, (function () { return typeof this; })()];',
      '}',
      'export function assignsUndeclared() {',
      '  undeclaredVariable = 1;',
      '  return 1;',
      '}',
    ].join('\n');
    const ts = `${js.replace('export function facts() {', 'export function facts(): string[] {')}\ndeclare let undeclaredVariable: number;`;
    for (const [file, code] of [
      ['solution.ts', ts],
      ['solution.mjs', js],
      ['solution.js', js],
    ] as const) {
      const staged = await stage(file, code);
      expect(staged.module?.name, file).toBe('solution.cjs');
      const facts = await run(staged, 'facts');
      expect(value(facts.answers[0]), file).toEqual(['undefined', '/', 'undefined']);
      const assigns = await run(staged, 'assignsUndeclared');
      expectKind(assigns.answers[0], 'threw', /^ReferenceError: undeclaredVariable is not defined/);
    }
  });

  it('reports a throw at import at the line as written (the source map), under the name as before', async () => {
    const staged = await stage(
      'solution.js',
      "// line 1\nimport { sep } from 'node:path';\n\nexport const f = () => sep;\nthrow new Error('at line five');\n",
    );
    expect(staged.module?.name).toBe('solution.cjs');
    const r = await run(staged, 'f');
    const failed = expectKind(r.answers[0], 'load-error', /Error: at line five/);
    expect(failed.message).toMatch(/solution line 5\b|solution\.mjs:5\b/);
    expect(failed.message).not.toMatch(/\/sub\/|solution\.cjs/);
  });

  it('runs as written what the conversion would change: top-level await, import.meta, CommonJS names, CommonJS itself', async () => {
    const cases = [
      ['solution.mjs', 'const x = await Promise.resolve(2);\nexport const f = () => x;', 'solution.mjs', 2],
      ['solution.js', 'export const f = () => typeof import.meta.url;', 'solution.js', 'string'],
      ['solution.js', 'module.exports = { f: () => 3 };', 'solution.js', 3],
    ] as const;
    for (const [file, code, name, expected] of cases) {
      const staged = await stage(file, code);
      expect(staged.module?.name, code).toBe(name);
      expect(value((await run(staged, 'f')).answers[0]), code).toEqual(expected);
    }
    // An ES module that uses require fails as it does under Node, not as CommonJS would let it.
    const requires = await stage('solution.js', "export const f = () => require('node:path').sep;");
    expect(requires.module?.name).toBe('solution.js');
    expectKind((await run(requires, 'f')).answers[0], 'threw', /^ReferenceError: require is not defined/);
  });
});
