/**
 * The functions of a submission still as the exercise's starter gives them: the starter beside the
 * spec (`<spec dir>/starters/<exercise id>/solution.{ts,mjs,js,py}`) read once per file, a
 * TypeScript starter transpiled as intake transpiles submissions, and the bodies compared by
 * grader/judge (unchangedFunctions). An exercise without starters has no stubs to find.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unchangedFunctions } from './judge/index.js';
import { transpileTypeScript, type StagedSubmission } from './run/index.js';
import type { ExerciseSpec } from './spec/index.js';
import { exportNameOf } from './variant/index.js';

const STARTER_FILES = { ts: ['solution.ts'], js: ['solution.mjs', 'solution.js'], py: ['solution.py'] } as const;

/** Starter code by path, as JavaScript or Python (null: no starter there). */
const cache = new Map<string, Promise<string | null>>();

/** The student-API names of the functions whose body in the submission is the starter's. */
export async function starterStubs(spec: ExerciseSpec, staged: StagedSubmission): Promise<ReadonlySet<string>> {
  const language = staged.language;
  const code = staged.module?.code;
  if (language === null || code === undefined) return new Set();
  const starter = await starterCode(spec, language);
  if (starter === null) return new Set();
  const unchanged = unchangedFunctions(code, starter, language === 'py' ? 'py' : 'js');
  const out = new Set<string>();
  for (const question of spec.questions)
    for (const fn of question.functions) if (unchanged.has(exportNameOf(question, fn.name, language))) out.add(fn.name);
  return out;
}

function starterCode(spec: ExerciseSpec, language: 'ts' | 'js' | 'py'): Promise<string | null> {
  const dir = join(dirname(spec.file), 'starters', spec.id);
  const file = STARTER_FILES[language].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (file === undefined) return Promise.resolve(null);
  let code = cache.get(file);
  if (code === undefined) {
    code = readStarter(file, language);
    cache.set(file, code);
  }
  return code;
}

async function readStarter(file: string, language: 'ts' | 'js' | 'py'): Promise<string | null> {
  try {
    const text = readFileSync(file, 'utf8');
    if (language !== 'ts') return text;
    const out = await transpileTypeScript(text);
    return out.ok ? out.code : null;
  } catch {
    // An unreadable starter only means no function can be recognised as the starter's.
    return null;
  }
}
