/** TypeScript and JavaScript fixtures, one behaviour each, in real child processes under both isolation levels. */
import { describe, expect, it } from 'vitest';
import { runSubmission, type Call } from '../../../grader/run/index.js';
import { expectKind, LEVELS, runFixture, value } from './helpers.js';

const cfg = { H: 7, W: 7, C: 1, HK: 3, WK: 3, s: 1, p: 0 };
const SLOT = 1;

describe.each(LEVELS)('Node relay, %s isolation', (isolation) => {
  const opts = { isolation, slot: SLOT } as const;

  it('answers a correct TypeScript solution and lists its exports', async () => {
    const r = await runFixture(
      'ts',
      'correct',
      [
        { fn: 'featureMapSize', args: [cfg] },
        {
          fn: 'gradKernel',
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
        { fn: 'gradInput', args: [] },
      ],
      opts,
    );
    expect(r.isolation).toBe(isolation);
    expect(r.exports).toEqual(['featureMapSize', 'gradKernel']);
    expect(value(r.answers[0])).toEqual({ HF: 5, WF: 5, CF: 1 });
    expect(Object.getPrototypeOf(value(r.answers[0]))).toBeNull();
    expect(value(r.answers[1])).toEqual([
      [6, 8],
      [12, 14],
    ]);
    expectKind(r.answers[2], 'missing', /does not export a function named gradInput/);
    expect(r.sandboxes).toBe(1);
    expect(r.protocolViolation).toBeUndefined();
  });

  it('loads .mjs, ESM in .js and CommonJS in .js', async () => {
    for (const name of ['correct', 'esm-in-js', 'commonjs']) {
      const r = await runFixture('js', name, [{ fn: 'featureMapSize', args: [cfg] }], opts);
      expect(value(r.answers[0])).toEqual({ HF: 5, WF: 5, CF: 1 });
    }
  });

  it('reports a throw with the student message', async () => {
    const r = await runFixture(
      'ts',
      'throws',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'featureMapSize', args: [cfg] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'threw', /^RangeError: stride must divide the padded size$/);
    expectKind(r.answers[1], 'threw');
    expect(r.sandboxes).toBe(1);
  });

  it('keeps NaN, −0, ±Infinity, typed arrays and awaited promises', async () => {
    const fns = ['notANumber', 'negativeZero', 'infinities', 'typed', 'record', 'asyncValue'];
    const r = await runFixture(
      'ts',
      'special-numbers',
      fns.map((fn) => ({ fn, args: [] })),
      opts,
    );
    expect(value(r.answers[0])).toBeNaN();
    expect(Object.is(value(r.answers[1]), -0)).toBe(true);
    expect(value(r.answers[2])).toEqual([Infinity, -Infinity, 1.5e300, -2]);
    const typed = value(r.answers[3]) as number[];
    expect(typed[0]).toBe(0.5);
    expect(typed[1]).toBeNaN();
    expect(Object.is(typed[2], -0)).toBe(true);
    expect(value(r.answers[4])).toEqual({ HF: 3, nested: { ok: true, text: 'x' }, list: [null] });
    expect(value(r.answers[5])).toBe(42);
  });

  it('passes a wrong shape through as a value (the judge diagnoses it)', async () => {
    const r = await runFixture(
      'ts',
      'wrong-shape',
      [
        {
          fn: 'gradKernel',
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

  it('rejects Proxies, class instances, getters, functions, symbols, undefined, cycles, BigInt, boxed numbers and holes', async () => {
    const cases: [string, RegExp][] = [
      ['proxy', /Proxy at the top level/],
      ['proxyArray', /Proxy at \[1\]/],
      ['classInstance', /instance of Size/],
      ['getter', /getter for "HF"/],
      ['fn', /function/],
      ['symbol', /symbol/],
      ['nothing', /returned undefined/],
      ['cycle', /cycle/],
      ['bigint', /BigInt/],
      ['boxed', /instance of Number/],
      ['hole', /hole at index 1/],
      ['toPrimitive', /symbol key/],
      ['valueOf', /custom prototype|instance of/],
    ];
    const r = await runFixture(
      'ts',
      'rejected',
      cases.map(([fn]) => ({ fn, args: [] })),
      opts,
    );
    cases.forEach(([, message], i) => expectKind(r.answers[i], 'rejected', message));
    expect(r.sandboxes).toBe(1);
  });

  it('encodes answers correctly even when the module patches JSON, toJSON and Object.prototype', async () => {
    const r = await runFixture(
      'ts',
      'patched-globals',
      [
        { fn: 'featureMapSize', args: [] },
        { fn: 'proto', args: [] },
      ],
      opts,
    );
    expect(value(r.answers[0])).toEqual({ HF: 5, WF: [5], CF: 1 });
    const proto = value(r.answers[1]) as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('kills a call that loops forever and answers the next call in a fresh sandbox', async () => {
    const r = await runFixture(
      'ts',
      'timeout',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 1000 },
    );
    expectKind(r.answers[0], 'timeout', /did not answer within 1000 ms/);
    expect(value(r.answers[1])).toBe(1);
    expect(r.sandboxes).toBe(2);
  });

  it('stops respawning at the cap and within the budget', async () => {
    const calls = Array.from({ length: 4 }, () => ({ fn: 'featureMapSize', args: [cfg] }));
    const capped = await runFixture('ts', 'crash', calls, { ...opts, maxRespawns: 1 });
    expectKind(capped.answers[0], 'crashed');
    expectKind(capped.answers[1], 'crashed', /exited with code 0 while running featureMapSize/);
    expectKind(capped.answers[2], 'crashed', /restarted 1 times/);
    expectKind(capped.answers[3], 'crashed', /restarted 1 times/);
    expect(capped.sandboxes).toBe(2);
    const budget = await runFixture('ts', 'timeout', calls, {
      ...opts,
      timeoutMsPerCall: 600,
      budgetMs: 1500,
      afterTimeout: 'retry',
    });
    expectKind(budget.answers[0], 'timeout', /did not answer/);
    expectKind(budget.answers[3], 'timeout', /time budget of 1500 ms/);
  });

  it('does not call a function again after it timed out, unless told to retry; other functions still run', async () => {
    const calls = [
      { fn: 'featureMapSize', args: [cfg] },
      { fn: 'quick', args: [] },
      { fn: 'featureMapSize', args: [cfg] },
      { fn: 'quick', args: [] },
      { fn: 'featureMapSize', args: [cfg] },
    ];
    const skipped = await runFixture('ts', 'timeout', calls, { ...opts, timeoutMsPerCall: 500 });
    expectKind(skipped.answers[0], 'timeout', /^featureMapSize did not answer within 500 ms; the sandbox was killed$/);
    for (const at of [2, 4]) {
      expectKind(
        skipped.answers[at],
        'timeout',
        /^Not run: featureMapSize did not answer within 500 ms on an earlier case, so it was not called again$/,
      );
    }
    expect([skipped.answers[1], skipped.answers[3]].map(value)).toEqual([1, 1]);
    // The first sandbox, and the one that replaced it after the timeout: no third.
    expect(skipped.sandboxes).toBe(2);
    const retried = await runFixture('ts', 'timeout', calls, { ...opts, timeoutMsPerCall: 500, afterTimeout: 'retry' });
    for (const at of [0, 2, 4])
      expectKind(retried.answers[at], 'timeout', /^featureMapSize did not answer within 500 ms/);
    expect([retried.answers[1], retried.answers[3]].map(value)).toEqual([1, 1]);
    expect(retried.sandboxes).toBe(3);
  });

  it('skips nothing after a call that only ran out of the submission budget', async () => {
    const calls = [
      { fn: 'quick', args: [] },
      { fn: 'featureMapSize', args: [cfg] },
      { fn: 'quick', args: [] },
    ];
    // The call's own deadline (5 s) is longer than what is left of the budget (1.2 s): not its timeout.
    const r = await runFixture('ts', 'timeout', calls, { ...opts, timeoutMsPerCall: 5000, budgetMs: 1200 });
    expect(value(r.answers[0])).toBe(1);
    expectKind(r.answers[1], 'timeout', /time budget of 1200 ms/);
    expectKind(r.answers[2], 'timeout', /time budget of 1200 ms/);
  });

  it('refuses an afterTimeout it does not know', async () => {
    await expect(
      runFixture('ts', 'timeout', [], { ...opts, afterTimeout: 'later' as unknown as 'skip' }),
    ).rejects.toThrow(/afterTimeout must be one of skip, retry, got later/);
  });

  it('gives loading its own deadline, so a slow import is not charged to the first call', async () => {
    const r = await runFixture(
      'js',
      'slow-import',
      [
        { fn: 'quick', args: [] },
        { fn: 'quick', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 500, loadTimeoutMs: 10_000 },
    );
    expect(r.answers.map(value)).toEqual([1, 1]);
  });

  it('takes the calls as a function, computed while the sandbox starts, with the same answers', async () => {
    let computedAt = 0;
    const r = await runFixture(
      'ts',
      'correct',
      () => {
        computedAt = performance.now();
        return [{ fn: 'featureMapSize', args: [cfg] }];
      },
      opts,
    );
    expect(computedAt).toBeGreaterThan(0);
    expect(r.exports).toEqual(['featureMapSize', 'gradKernel']);
    expect(value(r.answers[0])).toEqual({ HF: 5, WF: 5, CF: 1 });
    expect(r.sandboxes).toBe(1);
    expect(r.protocolViolation).toBeUndefined();
  });

  it('replaces a sandbox started ahead that a call killed, when the calls came after it was up', async () => {
    // The calls arrive once the first sandbox has loaded (as from the thread that draws variants):
    // after its time-out, the next call must get a fresh sandbox, not the dead one again.
    const calls = async (): Promise<readonly Call[]> => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'quick', args: [] },
        { fn: 'quick', args: [] },
      ];
    };
    const r = await runFixture('ts', 'timeout', calls, { ...opts, timeoutMsPerCall: 500 });
    expectKind(r.answers[0], 'timeout', /did not answer within 500 ms/);
    expect(r.answers.slice(1).map(value)).toEqual([1, 1]);
    expect(r.sandboxes).toBe(2);
  });

  it('finishes a sandbox started ahead that no call needed, and reports its load error nowhere', async () => {
    const none = await runFixture('ts', 'correct', () => [], opts);
    expect(none.answers).toEqual([]);
    expect(none.sandboxes).toBe(1);
    expect(none.exports).toEqual(['featureMapSize', 'gradKernel']);
    const broken = await runFixture('ts', 'exit-at-import', () => [], opts);
    expect(broken.answers).toEqual([]);
    expect(broken.exports).toBeNull();
  });

  it('kills a sandbox started ahead when computing the calls throws, and the slot grades on', async () => {
    await expect(
      runFixture(
        'ts',
        'loop-at-import',
        () => {
          throw new Error('a harness bug while planning');
        },
        opts,
      ),
    ).rejects.toThrow('a harness bug while planning');
    const next = await runFixture('ts', 'correct', [{ fn: 'featureMapSize', args: [cfg] }], opts);
    expect(value(next.answers[0])).toEqual({ HF: 5, WF: 5, CF: 1 });
  });

  it('turns an endless loop at import into a load error for every call', async () => {
    const r = await runFixture(
      'ts',
      'loop-at-import',
      [
        { fn: 'quick', args: [] },
        { fn: 'quick', args: [] },
      ],
      { ...opts, timeoutMsPerCall: 800, loadTimeoutMs: 800 },
    );
    expectKind(r.answers[0], 'load-error', /did not finish within 800 ms/);
    expectKind(r.answers[1], 'load-error');
    expect(r.exports).toBeNull();
    expect(r.sandboxes).toBe(1);
  });

  it('reports process.exit inside a function as a crash', async () => {
    const r = await runFixture(
      'ts',
      'crash',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'crashed', /exited with code 0 while running featureMapSize/);
    expect(value(r.answers[1])).toBe(1);
  });

  it('reports process.exit at import as a load error', async () => {
    const r = await runFixture('ts', 'exit-at-import', [{ fn: 'quick', args: [] }], opts);
    expectKind(r.answers[0], 'load-error', /exited with code 0 while loading the module/);
  });

  it('stops a function that prints forever, keeps 64 KiB of escaped output and runs the rest in a new sandbox', async () => {
    const r = await runFixture(
      'ts',
      'huge-output',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'quick', args: [] },
      ],
      opts,
    );
    expectKind(
      r.answers[0],
      'crashed',
      /printed more than 8 MiB of output and was stopped; the remaining calls ran in a new sandbox/,
    );
    // Each sandbox gets the whole limit again: the second flood is stopped the same way.
    expectKind(r.answers[1], 'crashed', /more than 8 MiB/);
    expect(value(r.answers[2])).toBe(1);
    expect(r.output.truncated).toBe(true);
    expect(r.output.stdout.length).toBeGreaterThan(60_000);
    expect(r.output.stdout).toContain('All tests passed \\x1b[2J\\x07');
    expect(r.output.stdout).not.toContain('\u001b');
  });

  it('reports a TypeScript syntax error with the esbuild message, without starting a sandbox', async () => {
    const r = await runFixture(
      'ts',
      'syntax-error',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'featureMapSize', args: [cfg] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'load-error', /TypeScript does not compile:\nsolution\.ts:2:\d+: Unexpected ";"/);
    expectKind(r.answers[1], 'load-error');
    expect(r.sandboxes).toBe(0);
  });

  it('reports an import of a missing package as a load error', async () => {
    const r = await runFixture('ts', 'import-error', [{ fn: 'quick', args: [] }], opts);
    expectKind(r.answers[0], 'load-error', /Cannot find package 'some-package-that-is-not-there'/);
  });

  it('fails closed on a forged answer written to fd 3 at import', async () => {
    const r = await runFixture(
      'ts',
      'forged-fd3',
      [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'featureMapSize', args: [cfg] },
      ],
      opts,
    );
    expectKind(r.answers[0], 'rejected', /Protocol violation: A reply with an id that was never sent/);
    expectKind(r.answers[1], 'rejected', /Not run/);
    expect(r.protocolViolation).toMatch(/never sent/);
  });

  it('answers the first call with the violation at import when the calls come after the sandbox failed', async () => {
    const calls = async (): Promise<readonly Call[]> => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return [
        { fn: 'featureMapSize', args: [cfg] },
        { fn: 'featureMapSize', args: [cfg] },
      ];
    };
    const r = await runFixture('ts', 'forged-fd3', calls, opts);
    expectKind(r.answers[0], 'rejected', /Protocol violation: A reply with an id that was never sent/);
    expectKind(r.answers[1], 'rejected', /Not run/);
  });

  it('keeps the student environment empty of grader secrets', async () => {
    process.env['CONVGRADE_TEST_CANARY'] = 'canary-7f3a9';
    try {
      const r = await runFixture('ts', 'escape', [{ fn: 'environment', args: [] }], opts);
      expect(JSON.stringify(value(r.answers[0]))).not.toContain('canary-7f3a9');
    } finally {
      delete process.env['CONVGRADE_TEST_CANARY'];
    }
  });
});

describe('runSubmission without code', () => {
  it('answers every call as missing for an answers-only submission', async () => {
    const r = await runSubmission(
      { path: 'x', language: null, sha256: '0'.repeat(64), ignored: [], answersYaml: 'q4: b\n' },
      [{ fn: 'featureMapSize', args: [cfg] }],
      { isolation: 'basic' },
    );
    expectKind(r.answers[0], 'missing', /no solution/);
    expect(r.exports).toBeNull();
  });
});
