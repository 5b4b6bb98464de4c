/**
 * `convgrade init`: the starter of each language lands in the folder with answers.yaml, the
 * starter loads and is graded (every question errors with a TODO, nothing crashes the harness),
 * and existing work is never overwritten without --force.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledExerciseIds } from '../../cli/resolve-exercise.js';
import { initCommand, type StarterLanguage } from '../../cli/commands/init.js';
import { loadExercise } from '../../cli/options.js';
import { gradeSubmission } from '../../grader/grade.js';
import { harnessVersion } from '../../cli/version.js';
import { notebookToModule } from '../../grader/run/notebook.js';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'convgrade-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('convgrade init', () => {
  it.each([
    ['ts', 'solution.ts'],
    ['js', 'solution.mjs'],
    ['py', 'solution.py'],
  ] as const)(
    '--lang %s writes %s and answers.yaml, and the starter grades to 0 without harness errors',
    async (lang: StarterLanguage, file) => {
      const dir = join(work, `ex9-${lang}`);
      expect(initCommand({ lang, exercise: 'ex9-convolution', dir })).toEqual([file, 'answers.yaml']);
      expect(readFileSync(join(dir, 'answers.yaml'), 'utf8')).toBe(
        readFileSync(join(repo, 'exercises/starters/ex9-convolution/answers.yaml'), 'utf8'),
      );
      const spec = loadExercise('ex9-convolution');
      const result = await gradeSubmission(
        { id: 'newcomer', path: dir },
        {
          spec,
          visibility: 'public',
          salt: spec.salt,
          isolation: 'basic',
          isolationLevel: 'basic',
          harnessVersion: harnessVersion(),
        },
      );
      expect(result.status).toBe('graded');
      expect(result.submission.language).toBe(lang);
      expect(result.score).toBe(0);
      const code = result.questions.filter((q) => q.answeredBy === 'function');
      expect(code.length).toBeGreaterThan(0);
      for (const q of code) expect(q.cases[0]?.message).toMatch(/TODO/);
    },
  );

  it('--lang ipynb writes a valid notebook: per question its text in markdown, then its code cell', async () => {
    const dir = join(work, 'ex9-ipynb');
    expect(initCommand({ lang: 'ipynb', exercise: 'ex9-convolution', dir })).toEqual([
      'solution.ipynb',
      'answers.yaml',
    ]);
    const text = readFileSync(join(dir, 'solution.ipynb'), 'utf8');
    const parsed = notebookToModule(text); // nbformat's own schema
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    const notebook = JSON.parse(text) as { cells: { cell_type: string; id: string; source: string[] }[] };
    const spec = loadExercise('ex9-convolution');
    const ids = notebook.cells.map((c) => c.id);
    for (const q of spec.questions) {
      const k = ids.indexOf(`${q.id}-text`);
      expect(k, q.id).toBeGreaterThan(0);
      expect(notebook.cells[k]?.source.join('')).toContain(`## ${q.id} · ${q.title}`);
      if (q.functions.length > 0) {
        expect(ids[k + 1]).toBe(`${q.id}-code`);
        for (const f of q.functions) expect(notebook.cells[k + 1]?.source.join('')).toContain(`def ${f.exports.py}(`);
      }
    }
    const q4 = notebook.cells[ids.indexOf('q4-text')]?.source.join('') ?? '';
    expect(q4).toMatch(/\*\*\(a\)\*\*[\s\S]*answers\.yaml/);
    const result = await gradeSubmission(
      { id: 'newcomer', path: dir },
      {
        spec,
        visibility: 'public',
        salt: spec.salt,
        isolation: 'basic',
        isolationLevel: 'basic',
        harnessVersion: harnessVersion(),
      },
    );
    expect(result.status).toBe('graded');
    expect(result.submission.language).toBe('py');
    expect(result.score).toBe(0);
    for (const q of result.questions.filter((x) => x.answeredBy === 'function'))
      expect(q.cases[0]?.message).toMatch(/TODO.*\(solution\.ipynb, cell \d+, line \d+\)/);
    expect(() => initCommand({ lang: 'py', exercise: 'ex9-convolution', dir })).toThrow(
      /already holds solution\.ipynb/,
    );
  });

  it('has a starter in every language for every bundled exercise', () => {
    for (const exercise of bundledExerciseIds())
      for (const lang of ['ts', 'js', 'py', 'ipynb'] as const) {
        const dir = join(work, `${exercise}-${lang}`);
        expect(initCommand({ lang, exercise, dir })[0]).toMatch(/^solution\./);
      }
  });

  it('refuses to overwrite without --force, and overwrites with it', () => {
    const dir = join(work, 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'solution.ts'), '// my work\n');
    expect(() => initCommand({ lang: 'ts', exercise: 'ex9-convolution', dir })).toThrow(
      /solution\.ts already exist.*pass --force/,
    );
    expect(readFileSync(join(dir, 'solution.ts'), 'utf8')).toBe('// my work\n');
    expect(existsSync(join(dir, 'answers.yaml'))).toBe(false);
    initCommand({ lang: 'ts', exercise: 'ex9-convolution', dir, force: true });
    expect(readFileSync(join(dir, 'solution.ts'), 'utf8')).toMatch(/TODO: Q1 featureMapSize/);
  });

  it('refuses a second solution file in another language, even with --force', () => {
    const dir = join(work, 'two');
    mkdirSync(dir);
    writeFileSync(join(dir, 'solution.py'), '');
    expect(() => initCommand({ lang: 'ts', exercise: 'ex9-convolution', dir, force: true })).toThrow(
      /already holds solution\.py; a submission has exactly one solution file/,
    );
  });

  it('rejects an unknown exercise as a usage error', () => {
    expect(() => initCommand({ lang: 'ts', exercise: 'ex10', dir: join(work, 'x') })).toThrow(
      /Unknown exercise "ex10"/,
    );
  });
});
