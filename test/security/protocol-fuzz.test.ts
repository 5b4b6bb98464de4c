/**
 * S7/S8: the answer decoder (grader/run/protocol.ts) takes whatever a sandbox writes on fd 3.
 * Fuzzed with fast-check: random bytes, random and tagged JSON, deep nesting, huge numbers,
 * long strings, `__proto__`/`constructor` keys. It must return a RelayReply or throw
 * MalformedReply, nothing else, quickly, and must never touch Object.prototype.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeReply, MalformedReply, MAX_DEPTH, MAX_EMPTY_ROWS, type RelayReply } from '../../grader/run/protocol.js';

const RUNS = 400;

/** The decoder's verdict on one line: a reply, or a clean rejection; anything else fails the test. */
function verdict(line: string): RelayReply | MalformedReply {
  try {
    return decodeReply(line);
  } catch (error: unknown) {
    if (error instanceof MalformedReply) return error;
    throw new Error(`decodeReply threw ${String(error)} for ${JSON.stringify(line.slice(0, 200))}`, { cause: error });
  }
}

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const pristine = prototypeKeys();

function expectPrototypesClean(): void {
  expect(prototypeKeys()).toEqual(pristine);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['HF']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

afterEach(expectPrototypesClean);

/** Tagged values as the honest relays write them, with hostile keys mixed into records. */
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '$o',
  '$f',
  '$nd',
  '',
);
const tagged: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', 'nan', '').map((f) => ({ $f: f })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), tie('value'), { maxKeys: 4 }).map((o) => ({ $o: o })),
    fc
      .record({
        dtype: fc.constant('float64'),
        shape: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }),
        data: fc.array(fc.double(), { maxLength: 16 }),
      })
      .map((nd) => ({ $nd: nd })),
  ),
})).value;

/** Encodes a value as JSON text keeping "__proto__" keys as own keys (JSON.stringify would too, but built by hand to be sure). */
function toJsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${toJsonText((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return typeof value === 'number' && !Number.isFinite(value) ? 'null' : JSON.stringify(value);
}

const reply = (value: string): string => `{"id":"abc","ok":true,"value":${value}}`;

describe('decodeReply under fuzzing', () => {
  it('returns a reply or a clean rejection for random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => void verdict(text)),
      { numRuns: RUNS },
    );
  });

  it('returns a reply or a clean rejection for random bytes read as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void verdict(Buffer.from(bytes).toString('utf8'))),
      { numRuns: RUNS },
    );
  });

  it('returns a reply or a clean rejection for any JSON value in any position', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.constantFrom('line', 'value', 'error', 'exports'),
        (json, where) => {
          const text = toJsonText(json);
          const lines = {
            line: text,
            value: reply(text),
            error: `{"id":"abc","ok":false,"error":${text}}`,
            exports: `{"id":"abc","ok":true,"exports":${text}}`,
          };
          void verdict(lines[where]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('decodes tagged values with hostile keys into null-prototype records, never polluting', () => {
    fc.assert(
      fc.property(tagged, (value) => {
        const out = verdict(reply(toJsonText(value)));
        if (out instanceof MalformedReply) return;
        expect(out.ok).toBe(true);
        expectPrototypesClean();
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps "__proto__" and "constructor" as plain data keys', () => {
    const out = verdict(
      reply(
        '{"$o":{"__proto__":{"$o":{"HF":5,"WF":5,"CF":1}},"constructor":{"$o":{"prototype":{"$o":{"polluted":true}}}}}}',
      ),
    );
    expect(out).not.toBeInstanceOf(MalformedReply);
    const value = (out as Extract<RelayReply, { value: unknown }>).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(value['HF']).toBeUndefined();
  });

  it('rejects nesting deeper than MAX_DEPTH, however deep, without a stack overflow', () => {
    for (const depth of [MAX_DEPTH + 2, 10_000, 200_000]) {
      expect(verdict(reply('['.repeat(depth) + ']'.repeat(depth)))).toBeInstanceOf(MalformedReply);
      expect(verdict(reply('{"$o":{"a":'.repeat(depth) + '1' + '}}'.repeat(depth)))).toBeInstanceOf(MalformedReply);
    }
    // Just inside the limit still decodes.
    expect(verdict(reply('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)))).not.toBeInstanceOf(MalformedReply);
  });

  it('takes huge numbers and long strings as plain values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0.0', '0e0', '4.9e-324'),
        (n) => {
          const out = verdict(reply(n));
          if (!(out instanceof MalformedReply)) expect(typeof (out as { value: unknown }).value).toBe('number');
        },
      ),
    );
    const long = verdict(reply(JSON.stringify('x'.repeat(4 * 1024 * 1024))));
    expect((long as { value: unknown }).value).toHaveLength(4 * 1024 * 1024);
    const message = verdict(
      `{"id":"a","ok":false,"error":{"kind":"threw","message":${JSON.stringify('\u001b[2J'.repeat(100_000))}}}`,
    );
    expect((message as { message: string }).message.length).toBeLessThan(20_000);
    expect((message as { message: string }).message).not.toContain('\u001b');
  });

  it('rejects ndarray tags whose shape and data disagree', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 60 }),
        (shape, n) => {
          const out = verdict(
            reply(JSON.stringify({ $nd: { dtype: 'float64', shape, data: new Array<number>(n).fill(1) } })),
          );
          const size = shape.reduce((a, b) => a * b, 1);
          if (size === n) expect(out).not.toBeInstanceOf(MalformedReply);
          else expect(out).toBeInstanceOf(MalformedReply);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Found by the hostile corpus (test/fixtures/hostile/ndarray-shape-bomb): np.empty((10**15, 0))
  // is 40 bytes on the wire, and rebuilding it row by row kept the grader looping for ever.
  it('refuses zero-size ndarrays with more than MAX_EMPTY_ROWS rows, at once', () => {
    const started = performance.now();
    for (const shape of [
      [1e15, 0],
      [2 ** 53 - 1, 0],
      [MAX_EMPTY_ROWS + 1, 0],
      [1000, 1000, 0],
      [3, 1e12, 0, 5],
    ]) {
      expect(
        verdict(reply(JSON.stringify({ $nd: { dtype: 'float64', shape, data: [] } }))),
        JSON.stringify(shape),
      ).toBeInstanceOf(MalformedReply);
    }
    expect(performance.now() - started).toBeLessThan(1000);
    for (const shape of [[0], [0, 1e15], [5, 0], [MAX_EMPTY_ROWS, 0], [2, 0, 1e15]]) {
      expect(
        verdict(reply(JSON.stringify({ $nd: { dtype: 'float64', shape, data: [] } }))),
        JSON.stringify(shape),
      ).not.toBeInstanceOf(MalformedReply);
    }
  });
});
