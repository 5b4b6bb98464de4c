// The public surface of reference/: pure maths, nothing imported from outside this folder.
// Other folders import only from here.

export { ReferenceInputError } from './reference-input-error.js';
export { fromNested, memoTensor, toNested, withTensorMemo, type NestedArray, type Tensor } from './tensor.js';

// ex9-convolution (the sheet)
export { featureMapSize, type FeatureMapSize } from './feature-map-size.js';
export type { CostConfig, SheetConfig } from './read-sheet-config.js';
export { convMultiplications } from './conv-multiplications.js';
export { fcMultiplications } from './fc-multiplications.js';
export { reductionFactor } from './reduction-factor.js';
export { gaussianBlobs, type BlobsConfig } from './gaussian-blobs.js';
export { gaussianWindow } from './gaussian-window.js';
export { gradKernel } from './grad-kernel.js';
export { gradInput } from './grad-input.js';

// ex9-extended
export { outputSize, outputLength, type OutputSizeConfig } from './output-size.js';
export { conv2d } from './conv2d.js';
export { conv2dBackward } from './conv2d-backward.js';
export type { ConvAlgorithm, ConvOptions, ConvTensorOptions } from './conv-options.js';

// ex10-pooling-transposed
export { poolOutputSize, poolOutputLength, type PoolOutputSizeConfig } from './pool-output-size.js';
export { maxPool2d } from './max-pool2d.js';
export { avgPool2d } from './avg-pool2d.js';
export { maxPool2dBackward } from './max-pool2d-backward.js';
export type { AvgPoolOptions, MaxPoolOptions, PoolWindowOptions } from './pool-options.js';
export {
  convTransposeOutputSize,
  convTransposeLength,
  type ConvTransposeOutputSizeConfig,
} from './conv-transpose-output-size.js';
export { convTranspose2d } from './conv-transpose2d.js';
export type { ConvTransposeOptions } from './conv-transpose-options.js';

// SciPy-compatible
export { convolve2d } from './convolve2d.js';
export { correlate2d } from './correlate2d.js';
export type { ScipyBoundary, ScipyMode, ScipyOptions } from './scipy-options.js';

// Tensor level (benchmarks, grader internals)
export { conv2dTensor } from './conv2d-tensor.js';
export {
  conv2dBackwardTensor,
  conv2dGradInputTensor,
  conv2dGradKernelTensor,
  type Conv2dGradients,
} from './conv2d-backward-tensor.js';
export { convolve2dTensor } from './convolve2d-tensor.js';
export { correlate2dTensor } from './correlate2d-tensor.js';

// Tensor helpers of the expression language
export { flip, flipud, fliplr, rot180 } from './flip.js';
export { transpose } from './transpose.js';
export { pad } from './pad.js';
export { dilate } from './dilate.js';
export { outer } from './outer.js';
export { zeros, ones } from './zeros.js';
export { sum } from './sum.js';
export { impulses } from './impulses.js';
export { elementwise, mapEntries, type ElementwiseOp } from './elementwise.js';
export { take, type Subscript } from './take.js';

// The registry: every function callable by name, with its signature
export {
  isStudentApiName,
  studentApi,
  studentApiArity,
  studentApiNames,
  studentApiSignatures,
  type Primitive,
  type StudentApiFunction,
  type StudentApiName,
} from './student-api.js';
export {
  dimsOf,
  type FieldKind,
  type ParamSignature,
  type ResultRule,
  type Signature,
  type ValueKind,
} from './signature.js';
