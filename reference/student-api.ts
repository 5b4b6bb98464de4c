import { avgPool2d } from './avg-pool2d.js';
import { convMultiplications } from './conv-multiplications.js';
import { convTransposeOutputSize } from './conv-transpose-output-size.js';
import { convTranspose2d } from './conv-transpose2d.js';
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
import { maxPool2dBackward } from './max-pool2d-backward.js';
import { maxPool2d } from './max-pool2d.js';
import { outputSize } from './output-size.js';
import { poolOutputSize } from './pool-output-size.js';
import { reductionFactor } from './reduction-factor.js';
import { ReferenceInputError } from './reference-input-error.js';

/** The names students export (camelCase), in EXERCISES.md order (ex9 then ex10), plus the SciPy helpers. */
export const studentApiNames = [
  'featureMapSize',
  'convMultiplications',
  'fcMultiplications',
  'reductionFactor',
  'gaussianBlobs',
  'gradKernel',
  'gradInput',
  'outputSize',
  'conv2d',
  'conv2dBackward',
  'poolOutputSize',
  'maxPool2d',
  'avgPool2d',
  'maxPool2dBackward',
  'convTransposeOutputSize',
  'convTranspose2d',
  'convolve2d',
  'correlate2d',
  'gaussianWindow',
] as const;

/** One of {@link studentApiNames}. */
export type StudentApiName = (typeof studentApiNames)[number];

/** A reference function taking untrusted arguments (validated inside) and returning plain data. */
export type StudentApiFunction = (...args: unknown[]) => unknown;

/** The most arguments each function takes; more is an error rather than silently ignored. */
export const studentApiArity: Readonly<Record<StudentApiName, number>> = {
  featureMapSize: 1,
  convMultiplications: 1,
  fcMultiplications: 1,
  reductionFactor: 1,
  gaussianBlobs: 1,
  gradKernel: 2,
  gradInput: 2,
  outputSize: 1,
  conv2d: 3,
  conv2dBackward: 4,
  poolOutputSize: 1,
  maxPool2d: 2,
  avgPool2d: 2,
  maxPool2dBackward: 3,
  convTransposeOutputSize: 1,
  convTranspose2d: 3,
  convolve2d: 5,
  correlate2d: 5,
  gaussianWindow: 2,
};

// The typed functions validate every argument at run time, so handing them `unknown` values
// (cast to their declared types) is safe: a wrong value becomes a ReferenceInputError.
type Loose<F> = F extends (...args: infer A) => infer R ? (...args: { [K in keyof A]: unknown }) => R : never;
const loose = <F>(fn: F): Loose<F> => fn as unknown as Loose<F>;

const implementations: Readonly<Record<StudentApiName, StudentApiFunction>> = {
  featureMapSize: (cfg) => loose(featureMapSize)(cfg),
  convMultiplications: (cfg) => loose(convMultiplications)(cfg),
  fcMultiplications: (cfg) => loose(fcMultiplications)(cfg),
  reductionFactor: (cfg) => loose(reductionFactor)(cfg),
  gaussianBlobs: (cfg) => loose(gaussianBlobs)(cfg),
  gradKernel: (dLdF, X) => loose(gradKernel)(dLdF, X),
  gradInput: (dLdF, K) => loose(gradInput)(dLdF, K),
  outputSize: (cfg) => loose(outputSize)(cfg),
  conv2d: (X, K, opts) => loose(conv2d)(X, K, opts),
  conv2dBackward: (X, K, dLdF, opts) => loose(conv2dBackward)(X, K, dLdF, opts),
  poolOutputSize: (cfg) => loose(poolOutputSize)(cfg),
  maxPool2d: (X, opts) => loose(maxPool2d)(X, opts),
  avgPool2d: (X, opts) => loose(avgPool2d)(X, opts),
  maxPool2dBackward: (X, dLdY, opts) => loose(maxPool2dBackward)(X, dLdY, opts),
  convTransposeOutputSize: (cfg) => loose(convTransposeOutputSize)(cfg),
  convTranspose2d: (X, K, opts) => loose(convTranspose2d)(X, K, opts),
  convolve2d: (in1, in2, mode, boundary, fillvalue) => loose(convolve2d)(in1, in2, mode, boundary, fillvalue),
  correlate2d: (in1, in2, mode, boundary, fillvalue) => loose(correlate2d)(in1, in2, mode, boundary, fillvalue),
  gaussianWindow: (M, std) => loose(gaussianWindow)(M, std),
};

/** Throws `ReferenceInputError` when `name` is called with more arguments than it takes. */
function checkArity(name: StudentApiName, args: readonly unknown[]): void {
  const most = studentApiArity[name];
  if (args.length > most) {
    throw new ReferenceInputError(`${name} takes at most ${most} argument${most === 1 ? '' : 's'}, got ${args.length}`);
  }
}

/**
 * Every reference function the CLI and the grader call by name: validates the arguments
 * (count, then values; `ReferenceInputError` otherwise) and returns the answer as plain data.
 */
export const studentApi: Readonly<Record<StudentApiName, StudentApiFunction>> = Object.freeze(
  Object.fromEntries(
    studentApiNames.map((name) => {
      const implementation = implementations[name];
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
  return (studentApiNames as readonly string[]).includes(name);
}
