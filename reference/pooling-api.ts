/**
 * The registry entries of ex10's functions (pooling and transposed convolution), with their
 * signatures: registered in student-api.ts with the rest.
 */
import { avgPool2d } from './avg-pool2d.js';
import { convTransposeOutputSize } from './conv-transpose-output-size.js';
import { convTranspose2d } from './conv-transpose2d.js';
import type { Primitive } from './helper-api.js';
import { maxPool2dBackward } from './max-pool2d-backward.js';
import { maxPool2d } from './max-pool2d.js';
import { poolOutputSize } from './pool-output-size.js';
import {
  booleanKind,
  dimsOf,
  fieldOf,
  numberKind,
  numberOr0,
  recordKind,
  sizeOf,
  tensorKind,
  type FieldKind,
} from './signature.js';

const optional = (...names: readonly string[]): FieldKind[] =>
  names.map((name) => ({ name, type: numberKind, optional: true }));
const required = (...names: readonly string[]): FieldKind[] => names.map((name) => ({ name, type: numberKind }));
const flag = (name: string): FieldKind => ({ name, type: booleanKind, optional: true });

const windowFields = optional('kernel', 'HK', 'WK', 'stride', 'padding');
const maxPoolOptions = recordKind([...windowFields, ...optional('dilation'), flag('ceilMode')]);
const avgPoolOptions = recordKind([...windowFields, flag('ceilMode'), flag('countIncludePad')]);

/** Every window position of the padded input (stride ≥ 1) times the window's taps, plus the input. */
function poolCost(args: readonly unknown[]): number {
  const [H = 0, W = 0] = dimsOf(args[0]);
  const opts = args[args.length - 1];
  const p = numberOr0(fieldOf(opts, 'padding'));
  const kernel = numberOr0(fieldOf(opts, 'kernel'));
  const taps = kernel > 0 ? kernel * kernel : numberOr0(fieldOf(opts, 'HK')) * numberOr0(fieldOf(opts, 'WK'));
  return (H + 2 * p + 1) * (W + 2 * p + 1) * (taps + 1) + H * W + 1;
}

export const poolingPrimitives = {
  poolOutputSize: {
    fn: poolOutputSize,
    params: [
      {
        name: 'cfg',
        type: recordKind([...required('H', 'W', 'HK', 'WK'), ...optional('s', 'p', 'd'), flag('ceilMode')]),
      },
    ],
    result: recordKind(required('HF', 'WF')),
    cost: () => 1,
    summary:
      'ex10: max- and average-pooling output size as PyTorch computes it, HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1 (⌈…⌉ with ceilMode, one less when the last window would start in the right padding); s defaults to the window',
    shape: '{HF, WF}',
  },
  maxPool2d: {
    fn: maxPool2d,
    params: [
      { name: 'X', type: tensorKind(['H', 'W']) },
      { name: 'opts', type: maxPoolOptions },
    ],
    result: tensorKind(['HF', 'WF']),
    cost: poolCost,
    summary:
      'ex10: PyTorch max_pool2d on one H×W plane, opts {kernel | HK, WK, stride, padding, dilation, ceilMode} (stride defaults to the window)',
    shape: 'HF×WF as poolOutputSize',
  },
  avgPool2d: {
    fn: avgPool2d,
    params: [
      { name: 'X', type: tensorKind(['H', 'W']) },
      { name: 'opts', type: avgPoolOptions },
    ],
    result: tensorKind(['HF', 'WF']),
    cost: poolCost,
    summary:
      'ex10: PyTorch avg_pool2d on one H×W plane, opts {kernel | HK, WK, stride, padding, ceilMode, countIncludePad} (countIncludePad defaults to true)',
    shape: 'HF×WF as poolOutputSize (dilation 1)',
  },
  maxPool2dBackward: {
    fn: maxPool2dBackward,
    params: [
      { name: 'X', type: tensorKind(['H', 'W']) },
      { name: 'dLdY', type: tensorKind(['HF', 'WF']) },
      { name: 'opts', type: maxPoolOptions },
    ],
    result: tensorKind(['H', 'W']),
    cost: (args) => poolCost([args[0], args[2]]) + sizeOf(args[1]),
    summary:
      'ex10: dL/dX through maxPool2d: each dLdY[i][j] added at its window’s first maximum in row-major order (PyTorch’s tie rule), zero elsewhere',
    shape: 'H×W',
  },
  convTransposeOutputSize: {
    fn: convTransposeOutputSize,
    params: [
      {
        name: 'cfg',
        type: recordKind([...required('H', 'W', 'HK', 'WK'), ...optional('s', 'p', 'd', 'outputPadding')]),
      },
    ],
    result: recordKind(required('HF', 'WF')),
    cost: () => 1,
    summary: 'ex10: transposed-convolution output size, HF = (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1',
    shape: '{HF, WF}',
  },
  convTranspose2d: {
    fn: convTranspose2d,
    params: [
      { name: 'X', type: tensorKind(['H', 'W']) },
      { name: 'K', type: tensorKind(['HK', 'WK']) },
      { name: 'opts', type: recordKind(optional('stride', 'padding', 'dilation', 'outputPadding')), optional: true },
    ],
    result: tensorKind(['HF', 'WF']),
    cost: (args) => {
      const [H = 0, W = 0] = dimsOf(args[0]);
      const [HK = 0, WK = 0] = dimsOf(args[1]);
      const s = Math.max(1, numberOr0(fieldOf(args[2], 'stride')));
      const d = Math.max(1, numberOr0(fieldOf(args[2], 'dilation')));
      const a = numberOr0(fieldOf(args[2], 'outputPadding'));
      return H * W * HK * WK + (H * s + d * HK + a + 1) * (W * s + d * WK + a + 1) + 1;
    },
    summary:
      'ex10: PyTorch conv_transpose2d for one channel: every X[i][j] scatters K unflipped, Y[i·s + m·d − p][j·s + n·d − p] += X[i][j]·K[m][n]; opts {stride, padding, dilation, outputPadding}',
    shape: 'HF×WF, HF = (H − 1)·s − 2p + d(HK − 1) + outputPadding + 1',
  },
} as const satisfies Record<string, Primitive>;
