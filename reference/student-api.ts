import { convMultiplications } from './conv-multiplications.js';
import { conv2dBackward } from './conv2d-backward.js';
import { conv2d } from './conv2d.js';
import { convolve2d } from './convolve2d.js';
import { correlate2d } from './correlate2d.js';
import { fcMultiplications } from './fc-multiplications.js';
import { featureMapSize } from './feature-map-size.js';
import { gaussianBlobs } from './gaussian-blobs.js';
import { gaussianWindow } from './gaussian-window.js';
import { gradInput } from './grad-input.js';
import { gradKernel } from './grad-kernel.js';
import { helperPrimitives, type Primitive } from './helper-api.js';
import { poolingPrimitives } from './pooling-api.js';
import { outputSize } from './output-size.js';
import { reductionFactor } from './reduction-factor.js';
import { ReferenceInputError } from './reference-input-error.js';
import {
  dimsOf,
  fieldOf,
  modeKind,
  numberKind,
  numberOr0,
  recordKind,
  sizeOf,
  tensorKind,
  type FieldKind,
  type Signature,
  type ValueKind,
} from './signature.js';

export type { Primitive } from './helper-api.js';

const numbers = (...names: readonly string[]): FieldKind[] => names.map((name) => ({ name, type: numberKind }));
const sheetConfig = recordKind(numbers('H', 'W', 'C', 'HK', 'WK', 's', 'p'));
const costConfig = recordKind(numbers('H', 'W', 'C', 'HK', 'WK', 's', 'p', 'Cout'));
const convOptions = recordKind(
  ['stride', 'padding', 'dilation'].map((name) => ({ name, type: numberKind, optional: true })),
);
const scipyParams = [
  { name: 'in1', type: tensorKind(['H', 'W']) },
  { name: 'in2', type: tensorKind(['a', 'b']) },
  { name: 'mode', type: modeKind(['full', 'same', 'valid']), optional: true },
  { name: 'boundary', type: modeKind(['fill', 'wrap', 'symm', 'pad', 'circular', 'symmetric']), optional: true },
  { name: 'fillvalue', type: numberKind, optional: true },
] as const;

/**
 * in1 H×W slid over by in2 a×b: with zero fill every entry of in1 meets every entry of in2 at
 * most once (H·W·a·b); other boundaries extend in1 and every output sums a·b products.
 */
function slideCost(args: readonly unknown[]): number {
  const [H = 0, W = 0] = dimsOf(args[0]);
  const [a = 0, b = 0] = dimsOf(args[1]);
  const out = (H + a) * (W + b);
  const zeroFill = (args[3] === undefined || args[3] === 'fill' || args[3] === 'pad') && numberOr0(args[4]) === 0;
  return (zeroFill ? H * W * a * b : out * a * b) + out + 1;
}

/** X H×W×C padded by p, K Cout×HK×WK×C: at most (H+2p)(W+2p) windows of Cout·HK·WK·C products. */
function convCost(args: readonly unknown[]): number {
  const [H = 0, W = 0, C = 0] = dimsOf(args[0]);
  const p = numberOr0(fieldOf(args[2], 'padding'));
  return (H + 2 * p) * (W + 2 * p) * (C + sizeOf(args[1])) + sizeOf(args[1]) + 1;
}

const sheetFunctions = {
  featureMapSize: {
    fn: featureMapSize,
    params: [{ name: 'cfg', type: sheetConfig }],
    result: recordKind(numbers('HF', 'WF', 'CF')),
    cost: () => 1,
    summary: 'Q1: the feature map of one HK×WK×C filter, HF = (H − HK + 2p)/s + 1, WF likewise, CF = 1',
    shape: '{HF, WF, CF}',
  },
  convMultiplications: {
    fn: convMultiplications,
    params: [{ name: 'cfg', type: costConfig }],
    result: numberKind,
    cost: () => 1,
    summary: 'Q2: multiplications of a conv layer with Cout filters, Cout·HF·WF·HK·WK·C',
    shape: 'a number',
  },
  fcMultiplications: {
    fn: fcMultiplications,
    params: [{ name: 'cfg', type: costConfig }],
    result: numberKind,
    cost: () => 1,
    summary: 'Q2: multiplications of a fully connected layer with the same outputs, Cout·HF·WF·H·W·C',
    shape: 'a number',
  },
  reductionFactor: {
    fn: reductionFactor,
    params: [{ name: 'cfg', type: costConfig }],
    result: numberKind,
    cost: () => 1,
    summary: 'Q2: convMultiplications / fcMultiplications = HK·WK/(H·W)',
    shape: 'a number',
  },
  gaussianBlobs: {
    fn: gaussianBlobs,
    params: [
      {
        name: 'cfg',
        type: recordKind([
          ...numbers('size'),
          { name: 'points', type: tensorKind(['n', '2']) },
          ...numbers('std', 'window'),
        ]),
      },
    ],
    result: tensorKind(['size', 'size']),
    cost: (args) => {
      const cfg = args[0];
      return (
        numberOr0(fieldOf(cfg, 'size')) ** 2 +
        (sizeOf(fieldOf(cfg, 'points')) + 1) * numberOr0(fieldOf(cfg, 'window')) ** 2 +
        1
      );
    },
    summary: "Q3: SciPy convolve2d(impulses(size, points), outer(g, g), 'same') with g = gaussianWindow(window, std)",
    shape: 'size×size',
  },
  gradKernel: {
    fn: gradKernel,
    params: [
      { name: 'dLdF', type: tensorKind(['HF', 'WF']) },
      { name: 'X', type: tensorKind(['H', 'W']) },
    ],
    result: tensorKind(['HK', 'WK']),
    cost: (args) => sizeOf(args[0]) * sizeOf(args[1]) + 1,
    summary: "Q5: dL/dK of a single-channel convolution (stride 1, no padding) = correlate2d(X, dLdF, 'valid')",
    shape: '(H − HF + 1)×(W − WF + 1)',
  },
  gradInput: {
    fn: gradInput,
    params: [
      { name: 'dLdF', type: tensorKind(['HF', 'WF']) },
      { name: 'K', type: tensorKind(['HK', 'WK']) },
    ],
    result: tensorKind(['H', 'W']),
    cost: (args) => {
      const [HF = 0, WF = 0] = dimsOf(args[0]);
      const [HK = 0, WK = 0] = dimsOf(args[1]);
      return (HF + HK) * (WF + WK) * (HK * WK + 1) + 1;
    },
    summary: "Q6: dL/dX of a single-channel convolution = correlate2d(pad(dLdF, HK−1, WK−1), rot180(K), 'valid')",
    shape: '(HF + HK − 1)×(WF + WK − 1)',
  },
  outputSize: {
    fn: outputSize,
    params: [{ name: 'cfg', type: recordKind(numbers('H', 'W', 'HK', 'WK', 's', 'p', 'd')) }],
    result: recordKind(numbers('HF', 'WF')),
    cost: () => 1,
    summary: 'x3: HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1, WF likewise',
    shape: '{HF, WF}',
  },
  conv2d: {
    fn: conv2d,
    params: [
      { name: 'X', type: tensorKind(['H', 'W', 'C']) },
      { name: 'K', type: tensorKind(['Cout', 'HK', 'WK', 'C']) },
      { name: 'opts', type: convOptions, optional: true },
    ],
    result: tensorKind(['HF', 'WF', 'Cout']),
    cost: convCost,
    summary:
      'x1: deep-learning convolution (cross-correlation) with opts {stride, padding, dilation} (defaults 1, 0, 1): F[i][j][o] = Σ Xp[i·s + m·d][j·s + n·d][c]·K[o][m][n][c]',
    shape: 'HF×WF×Cout, HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1',
  },
  conv2dBackward: {
    fn: conv2dBackward,
    params: [
      { name: 'X', type: tensorKind(['H', 'W', 'C']) },
      { name: 'K', type: tensorKind(['Cout', 'HK', 'WK', 'C']) },
      { name: 'dLdF', type: tensorKind(['HF', 'WF', 'Cout']) },
      { name: 'opts', type: convOptions, optional: true },
    ],
    result: recordKind([
      { name: 'dX', type: tensorKind(['H', 'W', 'C']) },
      { name: 'dK', type: tensorKind(['Cout', 'HK', 'WK', 'C']) },
    ]),
    cost: (args) => 3 * convCost([args[0], args[1], args[3]]) + sizeOf(args[2]),
    summary: 'x2: the gradients {dX, dK} of L through F = conv2d(X, K, opts) given dLdF = dL/dF',
    shape: '{dX: H×W×C, dK: Cout×HK×WK×C}',
  },
  convolve2d: {
    fn: convolve2d,
    params: scipyParams,
    result: tensorKind(['rows', 'cols']),
    cost: slideCost,
    summary:
      "scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue) (true convolution: in2 flipped); mode 'full' (default), 'same' or 'valid'",
    shape: 'full (H+a−1)×(W+b−1), same H×W, valid (H−a+1)×(W−b+1)',
  },
  correlate2d: {
    fn: correlate2d,
    params: scipyParams,
    result: tensorKind(['rows', 'cols']),
    cost: slideCost,
    summary: 'scipy.signal.correlate2d (sliding window, no flip), arguments as convolve2d',
    shape: 'full (H+a−1)×(W+b−1), same H×W, valid (H−a+1)×(W−b+1)',
  },
  gaussianWindow: {
    fn: gaussianWindow,
    params: [
      { name: 'M', type: numberKind },
      { name: 'std', type: numberKind },
    ],
    result: tensorKind(['M']),
    cost: (args) => numberOr0(args[0]) + 1,
    summary: 'scipy.signal.windows.gaussian(M, std): w[k] = exp(−(k − (M−1)/2)² / (2·std²))',
    shape: 'M',
  },
} as const satisfies Record<string, Primitive>;

const registry = { ...sheetFunctions, ...poolingPrimitives, ...helperPrimitives };

/** Every reference function callable by name: the answer functions of the exercises, the SciPy ones, then the expression language's helpers. */
export type StudentApiName = keyof typeof registry;

/** The names, in registry order. */
export const studentApiNames = Object.freeze(Object.keys(registry) as StudentApiName[]);

/** A reference function taking untrusted arguments (validated inside) and returning plain data. */
export type StudentApiFunction = (...args: unknown[]) => unknown;

/** Each function's signature: argument kinds, result kind, cost bound and description. */
export const studentApiSignatures: Readonly<Record<StudentApiName, Signature>> = Object.freeze(
  Object.fromEntries(studentApiNames.map((name) => [name, withoutFn(registry[name])])) as Record<
    StudentApiName,
    Signature
  >,
);

/** The most arguments each function takes; more is an error rather than silently ignored. */
export const studentApiArity: Readonly<Record<StudentApiName, number>> = Object.freeze(
  Object.fromEntries(
    studentApiNames.map((name) => {
      const signature: Signature = registry[name];
      return [name, signature.params.length + (signature.rest?.max ?? 0)];
    }),
  ) as Record<StudentApiName, number>,
);

function withoutFn(primitive: Primitive): Signature {
  const { fn: _fn, ...signature } = primitive;
  return signature;
}

/** Throws `ReferenceInputError` when `name` is called with more arguments than it takes. */
function checkArity(name: StudentApiName, args: readonly unknown[]): void {
  const most = studentApiArity[name];
  if (args.length > most) {
    throw new ReferenceInputError(`${name} takes at most ${most} argument${most === 1 ? '' : 's'}, got ${args.length}`);
  }
}

/**
 * Every reference function the CLI, the grader and the expression language call by name:
 * validates the arguments (count, then values; `ReferenceInputError` otherwise) and returns the
 * answer as plain data.
 */
export const studentApi: Readonly<Record<StudentApiName, StudentApiFunction>> = Object.freeze(
  Object.fromEntries(
    studentApiNames.map((name) => {
      // The typed functions validate every argument at run time, so handing them `unknown` values is safe.
      const implementation = registry[name].fn as unknown as StudentApiFunction;
      const checked: StudentApiFunction = (...args) => {
        checkArity(name, args);
        return implementation(...args);
      };
      return [name, checked];
    }),
  ) as Record<StudentApiName, StudentApiFunction>,
);

/** Narrows a string to a {@link StudentApiName}. */
export function isStudentApiName(name: string): name is StudentApiName {
  return Object.hasOwn(registry, name);
}

export type { ValueKind };
