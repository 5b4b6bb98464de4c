/**
 * The staff solutions of every bundled exercise (exercises/solutions/<id>/, written
 * independently of reference/) score full marks through the judge on many students: TypeScript
 * and JavaScript in-process, Python (numpy/SciPy) in a child process, each with the staff
 * answers.yaml when there is one, and answers.yaml alone on every question it answers. A
 * disagreement means a bug in the reference, the spec or the solution. (`validate --qa`, tested
 * in test/cli/validate.test.ts, grades the same files in the sandbox.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Language, RawAnswer } from '../../../grader/result.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import { judgeSubmission } from '../../../grader/judge/index.js';
import { generateVariant, loadExercises, planCalls, toAnswerValue } from '../../../grader/variant/index.js';

const specs = loadExercises(
  readdirSync('exercises')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `exercises/${name}`),
);
const STUDENTS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const dirOf = (spec: ExerciseSpec): string => `exercises/solutions/${spec.id}`;
const answersOf = (spec: ExerciseSpec): string | undefined =>
  existsSync(`${dirOf(spec)}/answers.yaml`) ? readFileSync(`${dirOf(spec)}/answers.yaml`, 'utf8') : undefined;

type Module = Readonly<Record<string, unknown>>;

function callAll(module: Module, calls: readonly { fn: string; args: readonly unknown[] }[]): RawAnswer[] {
  return calls.map(({ fn, args }) => {
    const f = module[fn];
    if (typeof f !== 'function') return { kind: 'missing', message: fn };
    try {
      return { kind: 'value', value: toAnswerValue((f as (...a: unknown[]) => unknown)(...structuredClone(args))) };
    } catch (error: unknown) {
      return { kind: 'threw', message: String(error) };
    }
  });
}

function failuresOf(
  spec: ExerciseSpec,
  language: Language,
  run: (calls: readonly { fn: string; args: readonly unknown[] }[]) => RawAnswer[],
): string[] {
  const failures: string[] = [];
  for (const student of STUDENTS) {
    const variant = generateVariant(spec, {
      student,
      salt: spec.salt,
      visibility: student === 's1' ? 'public' : 'hidden',
    });
    const plan = planCalls(spec, variant, language);
    const answersText = answersOf(spec);
    const judged = judgeSubmission({
      spec,
      variant,
      plan,
      raw: run(plan.calls),
      ...(answersText === undefined ? {} : { answersText }),
    });
    for (const q of judged.questions) {
      if (q.status !== 'passed')
        failures.push(`${student} ${q.id}: ${q.status} ${q.cases.find((c) => c.status !== 'passed')?.message ?? ''}`);
    }
  }
  return failures;
}

const PY_DRIVER = `
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("solution", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
def plain(v):
    if isinstance(v, np.ndarray): return v.tolist()
    if isinstance(v, np.generic): return v.item()
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    return v
out = []
for call in json.load(sys.stdin):
    try: out.append({"value": plain(getattr(module, call["fn"])(*call["args"]))})
    except Exception as e: out.append({"error": repr(e)})
json.dump(out, sys.stdout)
`;

function runPython(file: string): (calls: readonly { fn: string; args: readonly unknown[] }[]) => RawAnswer[] {
  return (calls) => {
    const text = execFileSync('python3', ['-c', PY_DRIVER, file], {
      input: JSON.stringify(calls),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return (JSON.parse(text) as ({ value: unknown } | { error: string })[]).map((r) =>
      'value' in r ? { kind: 'value', value: toAnswerValue(r.value) } : { kind: 'threw', message: r.error },
    );
  };
}

const hasPython = ((): boolean => {
  try {
    execFileSync('python3', ['-c', 'import numpy, scipy.signal.windows'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.each(specs.map((spec) => [spec.id, spec] as const))('staff solutions of %s score full marks', (_id, spec) => {
  const present = existsSync(dirOf(spec)) ? readdirSync(dirOf(spec)) : [];

  it('there is a staff solution', () => {
    expect(present.filter((name) => /^(solution\.(ts|mjs|js|py)|answers\.yaml)$/.test(name)).length).toBeGreaterThan(0);
  });

  it.runIf(present.includes('solution.ts'))('TypeScript', async () => {
    const module = (await import(new URL(`../../../${dirOf(spec)}/solution.ts`, import.meta.url).href)) as Module;
    expect(failuresOf(spec, 'ts', (calls) => callAll(module, calls))).toEqual([]);
  });

  it.runIf(present.includes('solution.mjs') || present.includes('solution.js'))('JavaScript', async () => {
    const file = present.includes('solution.mjs') ? 'solution.mjs' : 'solution.js';
    const module = (await import(new URL(`../../../${dirOf(spec)}/${file}`, import.meta.url).href)) as Module;
    expect(failuresOf(spec, 'js', (calls) => callAll(module, calls))).toEqual([]);
  });

  // Every case of every student through python3: ~30 s for ex9 on a quiet machine, over 60 s on a
  // loaded one, so a bound well above the default test timeout (not a timing assertion).
  it.runIf(present.includes('solution.py') && hasPython)(
    'Python with numpy and scipy.signal.windows.gaussian',
    () => {
      expect(failuresOf(spec, 'py', runPython(`${dirOf(spec)}/solution.py`))).toEqual([]);
    },
    600_000,
  );

  it.runIf(present.includes('answers.yaml'))('answers.yaml passes every question it answers', () => {
    const answersText = answersOf(spec) ?? '';
    const code = present.some((name) => name.startsWith('solution.'));
    for (const student of STUDENTS) {
      const variant = generateVariant(spec, { student, salt: spec.salt, visibility: 'public' });
      const judged = judgeSubmission({ spec, variant, answersText });
      const answered = judged.questions.filter((q) => (code ? q.answeredBy !== 'none' : true));
      expect(answered.length).toBeGreaterThan(0);
      expect(
        answered.filter((q) => q.status !== 'passed').map((q) => `${q.id}: ${q.cases[0]?.message ?? q.status}`),
      ).toEqual([]);
    }
  });
});
