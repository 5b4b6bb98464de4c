/**
 * grader/offload.ts: variants drawn and answers judged on a worker thread give the results the
 * grader's own thread gives, for every realistic submission (right and wrong, every language, a
 * course's own spec); records keep their null prototype across the thread; failures come back
 * with their name and message. The worker runs the built files, so this imports dist/ (built by
 * `pretest`), as the CLI does.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as GradeModule from '../../grader/grade.js';
import type * as OffloadModule from '../../grader/offload.js';
import type * as VariantModule from '../../grader/variant/index.js';
import type * as VersionModule from '../../cli/version.js';
import { restoreRecords } from '../../grader/offload-protocol.js';
import type { AnswerValue, SubmissionResult } from '../../grader/result.js';
import type { ExerciseSpec } from '../../grader/spec/index.js';

const root = resolve(import.meta.dirname, '../..');
const built = <T>(file: string): Promise<T> => import(pathToFileURL(join(root, 'dist', file)).href) as Promise<T>;
const REALISTIC = join(root, 'test/fixtures/realistic');

let grade: typeof GradeModule;
let offloadModule: typeof OffloadModule;
let variant: typeof VariantModule;
let version: string;

beforeAll(async () => {
  grade = await built<typeof GradeModule>('grader/grade.js');
  offloadModule = await built<typeof OffloadModule>('grader/offload.js');
  variant = await built<typeof VariantModule>('grader/variant/index.js');
  version = (await built<typeof VersionModule>('cli/version.js')).harnessVersion();
});

const withoutClock = (result: SubmissionResult): Omit<SubmissionResult, 'gradedAt' | 'durationMs'> => {
  const { gradedAt: _at, durationMs: _ms, ...rest } = result;
  return rest;
};

describe('Offload', () => {
  it('grades every realistic submission exactly as the grader’s own thread does', async () => {
    const specs: Record<string, string> = {
      'ex9-convolution': join(root, 'exercises/ex9-convolution.yaml'),
      'ex9-extended': join(root, 'exercises/ex9-extended.yaml'),
      'box-blur': join(REALISTIC, 'course/box-blur.yaml'),
    };
    let compared = 0;
    for (const [exercise, file] of Object.entries(specs)) {
      const spec = variant.loadExercises([file])[0] as ExerciseSpec;
      const offload = offloadModule.Offload.for(spec);
      if (offload === undefined) throw new Error(`${exercise} must survive a structured clone`);
      const options = {
        spec,
        visibility: 'hidden' as const,
        salt: 'offload-test/secret',
        isolation: 'auto' as const,
        isolationLevel: 'basic' as const,
        harnessVersion: version,
        timeoutMsPerCall: 20_000,
      };
      try {
        for (const name of readdirSync(join(REALISTIC, exercise))) {
          const submission = { id: name, path: join(REALISTIC, exercise, name) };
          const [here, there] = await Promise.all([
            grade.gradeSubmission(submission, options, 0),
            grade.gradeSubmission(submission, { ...options, offload }, 1),
          ]);
          expect(here.status, `${exercise}/${name}: ${here.error ?? ''}`).toBe('graded');
          expect(withoutClock(there), `${exercise}/${name}`).toEqual(withoutClock(here));
          compared++;
        }
      } finally {
        await offload.close();
      }
    }
    expect(compared).toBeGreaterThanOrEqual(26);
  }, 300_000);

  it("plans in the language asked, keeps run's own failure, sends back the worker's with its name and message, and refuses once closed", async () => {
    const spec = variant.loadExercises([join(root, 'exercises/ex9-convolution.yaml')])[0] as ExerciseSpec;
    const offload = offloadModule.Offload.for(spec);
    if (offload === undefined) throw new Error('the bundled spec must survive a structured clone');
    const request = { student: 's1', salt: 'x', visibility: 'hidden', language: 'py' } as const;
    const graded = await offload.grade(request, async (calls) => {
      const list = await calls();
      return {
        judge: { raw: list.map(() => ({ kind: 'missing', message: '' }) as const), starterStubs: new Set<string>() },
        also: list,
      };
    });
    expect(graded.also.length).toBeGreaterThan(0);
    expect(graded.also.some((call) => call.fn === 'grad_kernel')).toBe(true); // Python's export names
    expect(graded.head.questions).toEqual([]);
    expect(graded.head.saltFingerprint).toBe(variant.saltFingerprint('x'));
    expect(graded.judged.score).toBe(0);
    // A failure of run comes back as it is (the variant is forgotten); the worker serves the next.
    await expect(
      offload.grade(request, async () => {
        throw new RangeError('the sandbox could not start');
      }),
    ).rejects.toThrow(RangeError);
    // A failure inside the worker keeps its name and message.
    await expect(
      offload.grade(request, async () => ({
        judge: { raw: null as unknown as [], starterStubs: new Set<string>() },
        also: 0,
      })),
    ).rejects.toMatchObject({ name: 'TypeError', message: expect.stringMatching(/null/) as unknown as string });
    await offload.close();
    await expect(
      offload.grade(request, async () => ({ judge: { raw: [], starterStubs: new Set<string>() }, also: 0 })),
    ).rejects.toThrow(/closed/);
  });

  it('is not made for a spec that a structured clone would change', () => {
    const spec = variant.loadExercises([join(root, 'exercises/ex9-convolution.yaml')])[0] as ExerciseSpec;
    expect(offloadModule.Offload.for({ ...spec, extra: () => 1 } as unknown as ExerciseSpec)).toBeUndefined();
  });
});

describe('restoreRecords', () => {
  it('gives cloned records back their null prototype, own __proto__ and constructor keys kept, arrays and numbers as they were', () => {
    const record = Object.create(null) as Record<string, AnswerValue>;
    record['__proto__'] = 1;
    record['constructor'] = [Object.assign(Object.create(null) as object, { toString: 2 }) as AnswerValue];
    record['n'] = -0;
    const cloned = structuredClone([record, [NaN, Infinity]]) as AnswerValue;
    const restored = restoreRecords(cloned) as [Record<string, AnswerValue>, number[]];
    expect(Object.getPrototypeOf(restored[0])).toBeNull();
    expect(Object.keys(restored[0])).toEqual(['__proto__', 'constructor', 'n']);
    const inner = (restored[0]['constructor'] as Record<string, AnswerValue>[])[0] as object;
    expect(Object.getPrototypeOf(inner)).toBeNull();
    expect(Object.is(restored[0]['n'], -0)).toBe(true);
    expect(restored[1]).toEqual([NaN, Infinity]);
    expect(restoreRecords(3)).toBe(3);
    expect(restoreRecords(null)).toBeNull();
  });
});
