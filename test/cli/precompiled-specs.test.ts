/**
 * cli/precompiled-specs.ts: specs embedded in the bundle at build time. From source nothing is
 * embedded, so every spec is parsed; relocate() swaps the build-time path for this run's.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { parseExerciseFile, precompiledSpec, relocate } from '../../cli/precompiled-specs.js';

const spec = join(resolve(import.meta.dirname, '../..'), 'exercises', 'ex9-convolution.yaml');

describe('precompiledSpec', () => {
  it('embeds nothing outside the bundle, so the spec is parsed', () => {
    expect(precompiledSpec(spec)).toBeUndefined();
    expect(parseExerciseFile(spec)?.id).toBe('ex9-convolution');
  });
});

describe('relocate', () => {
  it('replaces every string equal to the old path, at any depth, and nothing else, in place', () => {
    const from = '/build/exercises/ex9.yaml';
    const to = '/home/me/node_modules/convgrade/exercises/ex9.yaml';
    const value = {
      file: from,
      loc: { file: from, line: 3 },
      list: [from, `${from}:3:1`, 1, null, NaN, -0],
      map: new Map([[from, { file: from }]]),
      bytes: new Float64Array([1, 2]),
    };
    expect(relocate(value, from, to)).toEqual({
      file: to,
      loc: { file: to, line: 3 },
      list: [to, `${from}:3:1`, 1, null, NaN, -0],
      map: new Map([[to, { file: to }]]),
      bytes: new Float64Array([1, 2]),
    });
    // In place: the deserialised spec is the caller's own, and copying it cost more than reading it.
    expect(value.file).toBe(to);
    expect([...value.map.keys()]).toEqual([to]);
  });
});
