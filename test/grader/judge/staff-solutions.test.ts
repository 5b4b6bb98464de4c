/**
 * The staff solutions in exercises/solutions (written independently of reference/) pass every
 * case through the judge: TypeScript and JavaScript in-process, Python (numpy/SciPy) in a child
 * process. A disagreement here means a bug in the reference, the spec or the solution.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Language, RawAnswer } from '../../../grader/result.js';
import type { ExerciseSpec } from '../../../grader/spec/index.js';
import { judgeSubmission } from '../../../grader/judge/index.js';
import { generateVariant, loadExercises, planCalls, toAnswerValue } from '../../../grader/variant/index.js';
import * as ts9 from '../../../exercises/solutions/ex9-convolution/solution.js';
import * as tsExtended from '../../../exercises/solutions/ex9-extended/solution.js';

const specs = loadExercises(['exercises/ex9-convolution.yaml', 'exercises/ex9-extended.yaml']) as [
  ExerciseSpec,
  ExerciseSpec,
];
const STUDENTS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];

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
    const judged = judgeSubmission({ spec, variant, plan, raw: run(plan.calls) });
    for (const q of judged.questions) {
      if (q.answeredBy === 'function' && q.status !== 'passed')
        failures.push(`${student} ${q.id}: ${q.cases.find((c) => c.status !== 'passed')?.message ?? ''}`);
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

describe('staff solutions pass every case', () => {
  it('TypeScript, ex9-convolution', () =>
    expect(failuresOf(specs[0], 'ts', (calls) => callAll(ts9, calls))).toEqual([]));
  it('TypeScript, ex9-extended', () =>
    expect(failuresOf(specs[1], 'ts', (calls) => callAll(tsExtended, calls))).toEqual([]));

  it('JavaScript, both exercises', async () => {
    for (const [spec, dir] of [
      [specs[0], 'ex9-convolution'],
      [specs[1], 'ex9-extended'],
    ] as const) {
      const module = (await import(
        new URL(`../../../exercises/solutions/${dir}/solution.mjs`, import.meta.url).href
      )) as Module;
      expect(failuresOf(spec, 'js', (calls) => callAll(module, calls))).toEqual([]);
    }
  });

  it.skipIf(!hasPython)('Python with numpy and scipy.signal.windows.gaussian, both exercises', () => {
    expect(failuresOf(specs[0], 'py', runPython('exercises/solutions/ex9-convolution/solution.py'))).toEqual([]);
    expect(failuresOf(specs[1], 'py', runPython('exercises/solutions/ex9-extended/solution.py'))).toEqual([]);
  });

  it('the staff answers.yaml passes the formula and choice questions', () => {
    const answersText = readFileSync('exercises/solutions/ex9-convolution/answers.yaml', 'utf8');
    const variant = generateVariant(specs[0], { student: 's1', salt: specs[0].salt, visibility: 'public' });
    const judged = judgeSubmission({ spec: specs[0], variant, answersText });
    expect(judged.questions.filter((q) => q.answeredBy !== 'none').map((q) => `${q.id}:${q.status}`)).toEqual([
      'q1:passed',
      'q2:passed',
      'q4:passed',
    ]);
  });
});
