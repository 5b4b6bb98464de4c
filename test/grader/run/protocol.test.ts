import { describe, expect, it } from 'vitest';
import { decodeReply, escapeControl, MalformedReply, MAX_DEPTH } from '../../../grader/run/protocol.js';
import { exportName, GAUSSIAN_HINT } from '../../../grader/run/index.js';
import { explainPythonError } from '../../../grader/run/python-hints.js';

const ok = (value: string): unknown => {
  const reply = decodeReply(`{"id":"a","ok":true,"value":${value}}`);
  if (!('value' in reply)) throw new Error('no value');
  return reply.value;
};

describe('decodeReply', () => {
  it('keeps NaN, ±Infinity and −0', () => {
    expect(ok('[{"$f":"NaN"},{"$f":"Infinity"},{"$f":"-Infinity"},{"$f":"-0"},0]')).toEqual([
      NaN,
      Infinity,
      -Infinity,
      -0,
      0,
    ]);
    expect(Object.is((ok('[{"$f":"-0"}]') as number[])[0], -0)).toBe(true);
  });

  it('turns ndarrays into nested arrays, row-major', () => {
    expect(ok('{"$nd":{"dtype":"float64","shape":[2,3],"data":[1,2,3,4,5,{"$f":"NaN"}]}}')).toEqual([
      [1, 2, 3],
      [4, 5, NaN],
    ]);
    expect(ok('{"$nd":{"dtype":"float64","shape":[],"data":[2.5]}}')).toBe(2.5);
    expect(ok('{"$nd":{"dtype":"float64","shape":[0,3],"data":[]}}')).toEqual([]);
  });

  it('decodes records with a null prototype; __proto__ and constructor are data', () => {
    const v = ok('{"$o":{"__proto__":{"$o":{"polluted":true}},"constructor":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(v['constructor']).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['not JSON', 'nope'],
    ['no id', '{"ok":true,"value":1}'],
    ['untagged object', '{"id":"a","ok":true,"value":{"x":1}}'],
    ['unknown tag', '{"id":"a","ok":true,"value":{"$x":1}}'],
    ['bad number tag', '{"id":"a","ok":true,"value":{"$f":"1"}}'],
    ['inherited number tag', '{"id":"a","ok":true,"value":{"$f":"toString"}}'],
    ['ndarray size mismatch', '{"id":"a","ok":true,"value":{"$nd":{"dtype":"f","shape":[2,2],"data":[1]}}}'],
    ['ndarray of strings', '{"id":"a","ok":true,"value":{"$nd":{"dtype":"f","shape":[1],"data":["x"]}}}'],
    ['unknown error kind', '{"id":"a","ok":false,"error":{"kind":"passed","message":"x"}}'],
    ['too deep', `{"id":"a","ok":true,"value":${'['.repeat(MAX_DEPTH + 2)}${']'.repeat(MAX_DEPTH + 2)}}`],
  ])('rejects %s', (_name, line) => {
    expect(() => decodeReply(line)).toThrow(MalformedReply);
  });

  it('survives a very deep array without a stack overflow', () => {
    const n = 200_000;
    expect(() => decodeReply(`{"id":"a","ok":true,"value":${'['.repeat(n)}${']'.repeat(n)}}`)).toThrow(MalformedReply);
  });

  it('caps and escapes error messages', () => {
    const reply = decodeReply(
      JSON.stringify({ id: 'a', ok: false, error: { kind: 'threw', message: '\u001b[2Jx'.repeat(5000) } }),
    );
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.message).not.toContain('\u001b');
    expect(reply.message.length).toBeLessThan(30_000);
  });
});

describe('escapeControl', () => {
  it('escapes terminal controls and bidi overrides but keeps newlines and tabs', () => {
    expect(escapeControl('a\u001b[2J\r\n\tb\u202e\u0000')).toBe('a\\x1b[2J\\r\n\tb\\u202e\\x00');
  });
});

describe('exportName', () => {
  it('spells API names in snake_case for Python only', () => {
    expect(exportName('py', 'featureMapSize')).toBe('feature_map_size');
    expect(exportName('py', 'conv2dBackward')).toBe('conv2d_backward');
    expect(exportName('ts', 'conv2dBackward')).toBe('conv2dBackward');
  });
});

describe('explainPythonError', () => {
  it('points at scipy.signal.windows.gaussian', () => {
    expect(
      explainPythonError("ImportError: cannot import name 'gaussian' from 'scipy.signal' (/x/__init__.py)"),
    ).toContain(GAUSSIAN_HINT);
    expect(explainPythonError("AttributeError: module 'scipy.signal' has no attribute 'gaussian'")).toContain(
      GAUSSIAN_HINT,
    );
    expect(explainPythonError("ImportError: cannot import name 'hann' from 'scipy.signal'")).not.toContain(
      GAUSSIAN_HINT,
    );
  });
});
