/**
 * One student cannot break TypeScript for the others (S12): pathological nesting is refused
 * before esbuild with a clear message, and when esbuild's shared service does die on an input,
 * that submission gets the load error and the next one transpiles in a fresh service.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { commonJsOf, deepestNesting, MAX_NESTING, transpileTypeScript } from '../../../grader/run/transpile.js';

/** This process's esbuild service processes (the test's own /proc look-up). */
function esbuildServices(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--service');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('deepestNesting', () => {
  it('counts brackets, braces and template substitutions, not strings or comments', () => {
    expect(deepestNesting('const a = [[1], {b: (2)}];').depth).toBe(3);
    expect(deepestNesting('const s = "((((((" + \'[[[[\'; // {{{{{\n/* (((( */ f(1);').depth).toBe(1);
    expect(deepestNesting('const t = `a ${ f(`b ${ [1] }`) } (((`;').depth).toBe(4);
    expect(deepestNesting('x\n\n  [[[]]]').line).toBe(3);
  });
});

describe('transpileTypeScript', () => {
  it('refuses brackets nested 250 000 deep before esbuild sees them, then transpiles the next file', async () => {
    const deep = `export const x = ${'['.repeat(250_000)}${']'.repeat(250_000)};`;
    const refused = await transpileTypeScript(deep);
    expect(refused).toEqual({
      ok: false,
      message: `solution.ts:1: brackets are nested more than ${MAX_NESTING} levels deep; no program needs that (is the file generated?)`,
    });
    expect(await transpileTypeScript('export const a: number = 1;')).toMatchObject({ ok: true, code: /const a = 1;/ });
  });

  it('gives the submission whose transform the service died on a load error, and starts a fresh service', async () => {
    await transpileTypeScript('export const warm = 1;');
    const service = esbuildServices();
    expect(service.length).toBe(1);
    // A large file keeps the service busy while it is killed, as a crash would kill it.
    const big = Array.from({ length: 40_000 }, (_, i) => `export const v${i}: number = ${i} * 2;`).join('\n');
    const pending = transpileTypeScript(big);
    process.kill(service[0] ?? 0, 'SIGKILL');
    const crashed = await pending;
    expect(crashed.ok).toBe(false);
    if (!crashed.ok) expect(crashed.message).toMatch(/^The TypeScript compiler crashed on this file/);
    expect(await transpileTypeScript('export const c: string = "ok";')).toMatchObject({
      ok: true,
      code: /const c = "ok";/,
    });
  });

  it('reports syntax errors with their position, as before', async () => {
    const out = await transpileTypeScript('export const = ;');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.message).toMatch(/^solution\.ts:1:14: Expected identifier/);
  });
});

describe('commonJsOf', () => {
  it('converts an ES module, TypeScript or JavaScript, to strict CommonJS with a source map', async () => {
    for (const [source, loader] of [
      ['export function f(x: number): number { return x + 1; }', 'ts'],
      ["import { sep } from 'node:path';\nexport default { f: () => sep };", 'js'],
      ['export function g() { const module = 1, exports = 2; return module + exports; }', 'js'],
    ] as const) {
      const code = await commonJsOf(source, loader);
      expect(code, source).toMatch(/^"use strict";/);
      expect(code, source).toContain('module.exports = __toCommonJS(');
      expect(code, source).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
    }
  });

  it('leaves alone what CommonJS would run differently, or what is not an ES module', async () => {
    for (const source of [
      'const x = await 1; export { x };', // top-level await
      'export const u = import.meta.url;', // import.meta (esbuild warns)
      "export const f = () => require('node:fs');", // CommonJS names an ES module does not have
      'export const f = () => module.id;',
      'export const f = () => [exports, __filename, __dirname];',
      "import { x } from 'some-package';\nexport const f = () => x;", // not built in: Node's own message, as before
      "import { y } from './other.js';\nexport const f = () => y;",
      'module.exports = { f() {} };', // CommonJS itself
      'function f() {}', // no import or export: Node decides, as before
      'export const = ;', // a syntax error: Node reports it, as before
      `export const deep = ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)};`,
    ])
      expect(await commonJsOf(source, 'js'), source).toBeUndefined();
  });
});
