/** Python fixtures, one behaviour each, in real child processes under both isolation levels. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../../grader/errors.js';
import { GAUSSIAN_HINT } from '../../../grader/run/index.js';
import { expectKind, LEVELS, runFixture, value } from './helpers.js';

const cfg = { H: 7, W: 7, C: 1, HK: 3, WK: 3, s: 1, p: 0 };
const SLOT = 2;

describe.each(LEVELS)('Python relay, %s isolation', (isolation) => {
  const opts = { isolation, slot: SLOT } as const;

  it('answers a correct solution with numpy arrays and lists its exports', async () => {
    const r = await runFixture(
      'py',
      'correct',
      [
        { fn: 'feature_map_size', args: [cfg] },
        {
          fn: 'grad_kernel',
          args: [
            [
              [1, 0],
              [0, 1],
            ],
            [
              [1, 2, 3],
              [4, 5, 6],
              [7, 8, 9],
            ],
          ],
        },
        { fn: 'grad_input', args: [] },
      ],
      opts,
    );
    expect(r.isolation).toBe(isolation);
    expect(r.exports).toEqual(['feature_map_size', 'grad_kernel']);
    expect(value(r.answers[0])).toEqual({ HF: 5, WF: 5, CF: 1 });
    expect(value(r.answers[1])).toEqual([
      [6, 8],
      [12, 14],
    ]);
    expectKind(r.answers[2], 'missing', /does not define a function named grad_input/);
    expect(r.sandboxes).toBe(1);
  });

  it('reports a raise with the exception type, message and line', async () => {
    const r = await runFixture('py', 'throws', [{ fn: 'feature_map_size', args: [cfg] }], opts);
    expectKind(r.answers[0], 'threw', /^ValueError: stride must divide the padded size \(solution\.py, line 2\)$/);
  });

  it('keeps NaN, −0, ±Infinity, ndarrays (any numeric dtype, 0-d too) and numpy scalars', async () => {
    const fns = ['not_a_number', 'negative_zero', 'infinities', 'array', 'scalars', 'int_array', 'zero_d', 'record'];
    const r = await runFixture(
      'py',
      'special-numbers',
      fns.map((fn) => ({ fn, args: [] })),
      opts,
    );
    expect(value(r.answers[0])).toBeNaN();
    expect(Object.is(value(r.answers[1]), -0)).toBe(true);
    expect(value(r.answers[2])).toEqual([Infinity, -Infinity, 1.5e300, -2]);
    const array = value(r.answers[3]) as number[][];
    expect(array[0]).toEqual([0.5, NaN]);
    expect(Object.is(array[1]?.[0], -0)).toBe(true);
    expect(array[1]?.[1]).toBe(Infinity);
    expect(value(r.answers[4])).toEqual([0.5, 7, true, 3, true, null]);
    expect(value(r.answers[5])).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(value(r.answers[6])).toBe(2.5);
    expect(value(r.answers[7])).toEqual({ HF: 3, nested: { ok: true, text: 'x' }, list: [null] });
  });

  it('passes a wrong shape through as a value', async () => {
    const r = await runFixture(
      'py',
      'wrong-shape',
      [
        {
          fn: 'grad_kernel',
          args: [
            [[1]],
            [
              [1, 2],
              [3, 4],
            ],
          ],
        },
      ],
      opts,
    );
    expect(value(r.answers[0])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('rejects subclasses, __eq__ and __array_function__ objects, object and complex arrays, None, bad keys', async () => {
    const cases: [string, RegExp][] = [
      ['ndarray_subclass', /MyArray/],
      ['always_equal', /AlwaysEqual/],
      ['int_subclass', /MyInt/],
      ['float_in_list', /MyFloat at \[1\]/],
      ['array_function', /ArrayLike/],
      ['object_array', /dtype object/],
      ['complex_array', /dtype complex128/],
      ['matrix', /matrix/],
      ['non_str_key', /keys must be str/],
      ['huge_int', /too large/],
    ];
    const r = await runFixture(
      'py',
      'rejected',
      [...cases.map(([fn]) => ({ fn, args: [] })), { fn: 'nothing', args: [] }],
      opts,
    );
    cases.forEach(([, message], i) => expectKind(r.answers[i], 'rejected', message));
    // None is a legitimate JSON null; the judge fails it against a numeric answer.
    expect(value(r.answers[cases.length])).toBeNull();
    expect(r.sandboxes).toBe(1);
  });

  it('kills a call that loops forever and answers the next call in a fresh sandbox', async () => {
    const r = await runFixture(
      'py',
      'timeout',
      [
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 1000 },
    );
    expectKind(r.answers[0], 'timeout', /did not answer within 1000 ms/);
    expect(value(r.answers[1])).toBe(1);
    expect(r.sandboxes).toBe(2);
  });

  it('answers the later calls of a function that timed out as not run, in the same sandbox as the rest', async () => {
    const r = await runFixture(
      'py',
      'timeout',
      [
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 800 },
    );
    expectKind(r.answers[0], 'timeout', /did not answer within 800 ms; the sandbox was killed/);
    expectKind(r.answers[1], 'timeout', /^Not run: feature_map_size did not answer within 800 ms on an earlier case/);
    expect(value(r.answers[2])).toBe(1);
    expect(r.sandboxes).toBe(2);
  });

  it('turns an endless loop at import into a load error', async () => {
    const r = await runFixture('py', 'loop-at-import', [{ fn: 'quick', args: [] }], {
      ...opts,
      timeoutMsPerCall: 800,
      loadTimeoutMs: 800,
    });
    expectKind(r.answers[0], 'load-error', /did not finish within 800 ms/);
    expect(r.exports).toBeNull();
  });

  it('reports os._exit inside a function as a crash', async () => {
    const r = await runFixture(
      'py',
      'crash',
      [
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'crashed', /exited with code 3 while running feature_map_size/);
    expect(value(r.answers[1])).toBe(1);
  });

  it('reports sys.exit at import as a load error', async () => {
    const r = await runFixture('py', 'exit-at-import', [{ fn: 'feature_map_size', args: [cfg] }], opts);
    expectKind(r.answers[0], 'load-error', /sys\.exit\(0\)/);
  });

  it('stops a function that prints forever, keeps 64 KiB of escaped output and runs the rest in a new sandbox', async () => {
    const r = await runFixture(
      'py',
      'huge-output',
      [
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'crashed', /more than 8 MiB/);
    expect(r.answers[1]).toEqual({ kind: 'value', value: 1 });
    expect(r.output.truncated).toBe(true);
    expect(r.output.stdout).toContain('All tests passed \\x1b[2J\\x07');
    expect(r.output.stdout).not.toContain('\u001b');
  });

  it('reports a syntax error with its line', async () => {
    const r = await runFixture('py', 'syntax-error', [{ fn: 'feature_map_size', args: [cfg] }], opts);
    expectKind(r.answers[0], 'load-error', /^SyntaxError: expected ':' \(solution\.py, line 1\)/);
  });

  it('reports a missing package as a load error', async () => {
    const r = await runFixture('py', 'import-error', [{ fn: 'feature_map_size', args: [cfg] }], opts);
    expectKind(r.answers[0], 'load-error', /ModuleNotFoundError: No module named 'torch' \(solution\.py, line 1\)/);
  });

  it('tells a scipy.signal.gaussian user to use scipy.signal.windows.gaussian', async () => {
    const r = await runFixture(
      'py',
      'scipy-gaussian',
      [{ fn: 'gaussian_blobs', args: [{ size: 8, points: [[2, 2]], std: 1.5, window: 4 }] }],
      opts,
    );
    const a = expectKind(r.answers[0], 'load-error', /cannot import name 'gaussian' from 'scipy\.signal'/);
    expect(a.message).toContain(GAUSSIAN_HINT);
  });

  it('fails closed on a forged answer written to the private answer descriptor at import', async () => {
    const r = await runFixture(
      'py',
      'forged-fd3',
      [
        { fn: 'feature_map_size', args: [cfg] },
        { fn: 'feature_map_size', args: [cfg] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'rejected', /Protocol violation/);
    expectKind(r.answers[1], 'rejected', /Not run/);
    expect(r.protocolViolation).toBeDefined();
  });

  it('cannot read the requests or see fd 3: the relay moved both to private descriptors', async () => {
    const r = await runFixture('py', 'steals-requests', [{ fn: 'feature_map_size', args: [cfg] }], opts);
    expect(value(r.answers[0])).toEqual({ stolen: '', fd3_open: false });
  });
});

describe.skipIf(process.platform === 'win32')('a sandbox that cannot start', () => {
  it('is a harness error (the submission is ungradable), not a load error charged to the student', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convgrade-fake-python-'));
    try {
      // Resolves like a Python interpreter, but names an executable that does not exist.
      const fake = join(dir, 'python3');
      await writeFile(fake, '#!/bin/sh\necho \'{"executable": "/nonexistent/convgrade/python3", "prefixes": []}\'\n', {
        mode: 0o755,
      });
      const run = runFixture('py', 'correct', [{ fn: 'feature_map_size', args: [cfg] }], {
        isolation: 'basic',
        slot: SLOT,
        python: fake,
      });
      await expect(run).rejects.toThrow(InternalError);
      await expect(run).rejects.toThrow(/Cannot start the sandbox: .*ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
