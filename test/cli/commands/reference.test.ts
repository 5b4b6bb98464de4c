/**
 * End to end: `node bin/convgrade.js reference NAME` as a child process against the build in
 * dist/ (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gradKernel } from '../../../reference/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function convgrade(args: readonly string[], stdin: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/convgrade.js', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('convgrade reference', () => {
  it('prints one answer per argument list as a JSON array', () => {
    const lists = [
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 0, 2],
          [0, 1, 0],
          [3, 0, 1],
        ],
      ],
      [[[0.1]], [[1.5, -2.25]]],
    ];
    const { status, stdout, stderr } = convgrade(['reference', 'gradKernel'], JSON.stringify(lists));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(lists.map(([G, X]) => gradKernel(G!, X!)));
    expect(JSON.parse(stdout)).toEqual([
      [
        [5, 7],
        [11, 5],
      ],
      [[0.15000000000000002, -0.225]],
    ]);
  });

  it('answers object-valued functions too', () => {
    const { status, stdout } = convgrade(
      ['reference', 'featureMapSize'],
      '[[{"H": 7, "W": 7, "C": 3, "HK": 3, "WK": 3, "s": 2, "p": 1}]]',
    );
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ HF: 4, WF: 4, CF: 1 }]);
  });

  it.each([
    [
      'an unknown name',
      ['reference', 'gradKernal'],
      '[]',
      /^convgrade: Unknown reference function "gradKernal" \(expected one of featureMapSize, /,
    ],
    ['malformed JSON', ['reference', 'gradKernel'], '[[1,', /^convgrade: Stdin is not valid JSON: /],
    [
      'JSON that is not an array',
      ['reference', 'gradKernel'],
      '{"a": 1}',
      /^convgrade: Stdin must be a JSON array of argument lists, got an object$/,
    ],
    [
      'an argument list that is not an array',
      ['reference', 'gradKernel'],
      '[[[[1]], [[1]]], 3]',
      /^convgrade: Argument list 1 must be a JSON array of arguments, got number 3$/,
    ],
    [
      'invalid arguments',
      ['reference', 'gradKernel'],
      '[[[[1, 2], [3]], [[1]]]]',
      /^convgrade: Argument list 0 for gradKernel is invalid: Argument dLdF must be a rectangular HF×WF array, got a ragged row 1 of length 1 \(expected 2\)$/,
    ],
  ])('rejects %s with one line on stderr and exit 2', (_label, args, stdin, message) => {
    const { status, stdout, stderr } = convgrade(args, stdin);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });

  it('documents itself with an example', () => {
    const { status, stdout } = convgrade(['reference', '--help'], '');
    expect(status).toBe(0);
    expect(stdout).toContain('convgrade reference gradKernel');
    expect(stdout).toContain('conv2dBackward');
  });
});
