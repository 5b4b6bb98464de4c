import { ReferenceInputError } from './reference-input-error.js';
import { maxPoolArgmax } from './max-pool-argmax.js';
import { readMaxPoolArgs } from './max-pool2d.js';
import type { MaxPoolOptions } from './pool-options.js';
import { readTensor, toMatrix } from './tensor.js';

/**
 * dL/dX through Y = maxPool2d(X, opts) given dLdY = dL/dY (HF×WF): H×W, zero but at each
 * window's argmax, where `dX[argmax(i, j)] += dLdY[i][j]` (overlapping windows accumulate).
 * The argmax is PyTorch's: the first maximum of the window in row-major order (its CPU kernel
 * replaces the running maximum only when strictly greater), so a tie sends the whole gradient
 * to the earliest tied input. Options as maxPool2d. Throws `ReferenceInputError` unless dLdY
 * has the shape of Y.
 */
export function maxPool2dBackward(X: number[][], dLdY: number[][], opts: MaxPoolOptions): number[][] {
  const { x, g } = readMaxPoolArgs(X, opts);
  const grad = readTensor(dLdY, 'dLdY', ['HF', 'WF']);
  const [HF = 0, WF = 0] = grad.shape;
  if (HF !== g.HF || WF !== g.WF) {
    throw new ReferenceInputError(
      `dLdY must have the shape of the output Y = maxPool2d(X, opts), HF×WF = ${g.HF}×${g.WF}, got ${HF}×${WF}`,
    );
  }
  const argmax = maxPoolArgmax(x.data, g);
  const dX = new Float64Array(g.H * g.W);
  for (let index = 0; index < argmax.length; index++) dX[argmax[index]!]! += grad.data[index]!;
  return toMatrix({ shape: [g.H, g.W], data: dX });
}
