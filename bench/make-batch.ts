/**
 * The P2/P3 batch: N submissions of ex9-convolution generated from the staff solutions and the
 * sample class, mixed TypeScript, JavaScript and Python, one folder per student (`s001`, …).
 * Deterministic: the same N gives the same folders byte for byte. The mix is realistic for a
 * class: 58% correct (the staff solutions), 39% with one of the sample class's bugs, 2% that
 * do not load (heidi's removed `scipy.signal.gaussian`), and < 1% that time out (frank: dL/dX
 * never returns). Each file gets a first comment line naming the student, so every submission
 * has its own hash, as real ones do.
 *
 * Standalone: `node dist/bench/make-batch.js --count 500 --out DIR` (prints the mix).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './mulberry32.js';
import { repoPath } from './paths.js';

export type BatchLanguage = 'ts' | 'js' | 'py' | 'answers-only';

export interface Template {
  /** Where the files come from, e.g. `staff-ts` or the sample-class student `bob`. */
  readonly name: string;
  readonly language: BatchLanguage;
  /** What grading it should give. */
  readonly expect: 'correct' | 'buggy' | 'import-error' | 'timeout';
  /** Weight per 1000 submissions. */
  readonly per1000: number;
  /** Source folder and the files copied from it (the solution first). */
  readonly dir: readonly string[];
  readonly files: readonly string[];
}

const STAFF = ['exercises', 'solutions', 'ex9-convolution'];
const SAMPLE = (student: string): string[] => ['examples', 'sample-class', student];

/** The mix. Weights sum to 1000; the order is the tie-break of the largest-remainder rounding. */
export const TEMPLATES: readonly Template[] = [
  {
    name: 'staff-py',
    language: 'py',
    expect: 'correct',
    per1000: 272,
    dir: STAFF,
    files: ['solution.py', 'answers.yaml'],
  },
  {
    name: 'staff-ts',
    language: 'ts',
    expect: 'correct',
    per1000: 250,
    dir: STAFF,
    files: ['solution.ts', 'answers.yaml'],
  },
  {
    name: 'staff-js',
    language: 'js',
    expect: 'correct',
    per1000: 130,
    dir: STAFF,
    files: ['solution.mjs', 'answers.yaml'],
  },
  {
    name: 'bob',
    language: 'py',
    expect: 'buggy',
    per1000: 60,
    dir: SAMPLE('bob'),
    files: ['solution.py', 'answers.yaml'],
  },
  {
    name: 'carol',
    language: 'js',
    expect: 'buggy',
    per1000: 60,
    dir: SAMPLE('carol'),
    files: ['solution.js', 'answers.yaml'],
  },
  {
    name: 'erin',
    language: 'ts',
    expect: 'buggy',
    per1000: 60,
    dir: SAMPLE('erin'),
    files: ['solution.ts', 'answers.yaml'],
  },
  {
    name: 'ivan',
    language: 'ts',
    expect: 'buggy',
    per1000: 60,
    dir: SAMPLE('ivan'),
    files: ['solution.ts', 'answers.yaml'],
  },
  {
    name: 'dave',
    language: 'py',
    expect: 'buggy',
    per1000: 50,
    dir: SAMPLE('dave'),
    files: ['solution.py', 'answers.yaml'],
  },
  {
    name: 'grace',
    language: 'answers-only',
    expect: 'buggy',
    per1000: 30,
    dir: SAMPLE('grace'),
    files: ['answers.yaml'],
  },
  {
    name: 'heidi',
    language: 'py',
    expect: 'import-error',
    per1000: 20,
    dir: SAMPLE('heidi'),
    files: ['solution.py', 'answers.yaml'],
  },
  {
    name: 'frank',
    language: 'js',
    expect: 'timeout',
    per1000: 8,
    dir: SAMPLE('frank'),
    files: ['solution.js', 'answers.yaml'],
  },
];

export interface BatchEntry {
  readonly id: string;
  readonly template: string;
  readonly language: BatchLanguage;
  readonly expect: Template['expect'];
  /** The solution file as written (absent for answers-only submissions). */
  readonly solutionPath?: string;
}

export interface Batch {
  readonly dir: string;
  readonly entries: readonly BatchEntry[];
  /** Submissions per template name. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Largest-remainder rounding of the weights to exactly `count` submissions. */
export function templateCounts(count: number, templates: readonly Template[] = TEMPLATES): Map<Template, number> {
  const weight = templates.reduce((sum, t) => sum + t.per1000, 0);
  const exact = templates.map((t) => (count * t.per1000) / weight);
  const counts = exact.map(Math.floor);
  let missing = count - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => ({ k, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (const { k } of order) {
    if (missing <= 0) break;
    counts[k] = (counts[k] ?? 0) + 1;
    missing -= 1;
  }
  return new Map(templates.map((t, k) => [t, counts[k] ?? 0]));
}

function stamp(file: string, text: string, id: string, template: string): string {
  const line = `generated for ${id} from ${template} by bench/make-batch.ts`;
  if (file.endsWith('.py') || file.endsWith('.yaml')) return `# ${line}\n${text}`;
  return `// ${line}\n${text}`;
}

/**
 * Writes `count` submissions into `dir` (which should be empty) and describes them. `templates`
 * (default: the mix above) may be another mix of templates; weights are relative to their sum.
 */
export function makeBatch(
  count: number,
  dir: string,
  seed = 20261125,
  templates: readonly Template[] = TEMPLATES,
): Batch {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`A batch needs a positive integer count, got ${count}`);
  const pool: Template[] = [];
  for (const [template, n] of templateCounts(count, templates)) for (let k = 0; k < n; k++) pool.push(template);
  const random = mulberry32(seed);
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [pool[k], pool[j]] = [pool[j] as Template, pool[k] as Template];
  }
  const sources = new Map<string, string>();
  const read = (template: Template, file: string): string => {
    const path = repoPath(...template.dir, file);
    let text = sources.get(path);
    if (text === undefined) {
      text = readFileSync(path, 'utf8');
      sources.set(path, text);
    }
    return text;
  };
  const width = Math.max(3, String(count).length);
  const entries: BatchEntry[] = [];
  const counts: Record<string, number> = {};
  mkdirSync(dir, { recursive: true });
  pool.forEach((template, k) => {
    const id = `s${String(k + 1).padStart(width, '0')}`;
    const folder = join(dir, id);
    mkdirSync(folder);
    for (const file of template.files)
      writeFileSync(join(folder, file), stamp(file, read(template, file), id, template.name));
    const solution = template.files.find((f) => f.startsWith('solution.'));
    entries.push({
      id,
      template: template.name,
      language: template.language,
      expect: template.expect,
      ...(solution === undefined ? {} : { solutionPath: join(folder, solution) }),
    });
    counts[template.name] = (counts[template.name] ?? 0) + 1;
  });
  return { dir, entries, counts };
}

/** "370 TS, 198 JS, 402 Python, 30 answers.yaml only; 290 correct, … 4 time out". */
export function describeBatch(batch: Batch): string {
  const by = <K extends string>(key: (e: BatchEntry) => K): Map<K, number> => {
    const m = new Map<K, number>();
    for (const e of batch.entries) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return m;
  };
  const lang = by((e) => e.language);
  const expect = by((e) => e.expect);
  return [
    `${batch.entries.length} submissions: ${lang.get('ts') ?? 0} TypeScript, ${lang.get('js') ?? 0} JavaScript, ${lang.get('py') ?? 0} Python, ${lang.get('answers-only') ?? 0} answers.yaml only`,
    `${expect.get('correct') ?? 0} correct, ${expect.get('buggy') ?? 0} with one sample-class bug, ${expect.get('import-error') ?? 0} that do not import, ${expect.get('timeout') ?? 0} that time out`,
  ].join('; ');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '500' }, out: { type: 'string' } } });
  if (values.out === undefined) {
    process.stderr.write('Usage: node dist/bench/make-batch.js --count N --out DIR\n');
    process.exitCode = 2;
  } else {
    const batch = makeBatch(Number(values.count), values.out);
    process.stdout.write(`${describeBatch(batch)}\n`);
  }
}
