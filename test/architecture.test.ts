/**
 * The dependency rules of ARCHITECTURE.md must be able to fail: build a miniature tree with one
 * violation per rule in a temp folder and check that dependency-cruiser reports each of them.
 * (`npm run deps` runs the same config on the real tree in CI.)
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function cruise(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'convgrade-arch-'));
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: false },
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const folders = ['reference', 'grader', 'reports', 'cli', 'bench'].filter((folder) =>
    Object.keys(files).some((f) => f.startsWith(`${folder}/`)),
  );
  try {
    const output = execFileSync(depcruise, ['--config', '.dependency-cruiser.cjs', ...folders], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, output };
  } catch (error: unknown) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const cleanTree = {
  'reference/index.ts': "export { add } from './add.js';\n",
  'reference/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
  'grader/result.ts': 'export interface R { readonly x: number }\n',
  'grader/judge/index.ts':
    "import { add } from '../../reference/index.js';\nimport type { R } from '../result.js';\nexport const judge = (r: R): number => add(r.x, 1);\n",
  'reports/index.ts':
    "import type { R } from '../grader/result.js';\nexport const render = (r: R): string => String(r.x);\n",
  'cli/main.ts':
    "import { judge } from '../grader/judge/index.js';\nimport { render } from '../reports/index.js';\nexport const run = (): string => render({ x: judge({ x: 1 }) });\n",
};

describe('architecture rules', () => {
  it('accept a tree that follows ARCHITECTURE.md', () => {
    const result = cruise(cleanTree);
    expect(result.output).toContain('no dependency violations');
    expect(result.ok).toBe(true);
  });

  it.each([
    [
      'reference-is-pure',
      { 'reference/bad.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n" },
    ],
    [
      'reports-runtime-from-result',
      { 'reports/bad.ts': "import { judge } from '../grader/judge/index.js';\nexport const f = judge;\n" },
    ],
    [
      'cross-folder-through-index',
      { 'cli/bad.ts': "import { add } from '../reference/add.js';\nexport const f = add;\n" },
    ],
    [
      'cross-folder-through-index',
      { 'bench/bad.ts': "import { add } from '../reference/add.js';\nexport const f = add;\n" },
    ],
    [
      'nothing-imports-cli',
      { 'grader/judge/bad.ts': "import { run } from '../../cli/main.js';\nexport const f = run;\n" },
    ],
    [
      'lang-imports',
      { 'grader/lang/index.ts': "import { judge } from '../judge/index.js';\nexport const f = judge;\n" },
    ],
    [
      'lang-is-pure',
      { 'grader/lang/index.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n" },
    ],
    [
      'cross-folder-through-index',
      {
        'grader/lang/check.ts': 'export const check = 1;\n',
        'grader/judge/bad.ts': "import { check } from '../lang/check.js';\nexport const f = check;\n",
      },
    ],
    [
      'run-imports',
      { 'grader/run/index.ts': "import { add } from '../../reference/index.js';\nexport const f = add;\n" },
    ],
  ])('catch %s', (rule, extra) => {
    const result = cruise({ ...cleanTree, ...extra });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(rule);
  });
});
