import { ReferenceInputError } from './reference-input-error.js';
import { chooseAlgorithm } from './choose-algorithm.js';
import { convGeometry, cropPadding, padInput, type ConvGeometry } from './conv-geometry.js';
import { gradInputDirect, gradKernelDirect } from './conv2d-direct.js';
import { gradInputIm2col, gradKernelIm2col } from './conv2d-im2col.js';
import { gradInputPlane, gradKernelPlane, usesPlane } from './conv2d-plane.js';
import { readConvOptions, type ConvTensorOptions, type ResolvedConvOptions } from './conv-options.js';
import { checkTensor, type Tensor } from './tensor.js';

/** Both gradients of `L` through `F = conv2d(X, K)`, shaped like X and K. */
export interface Conv2dGradients<TX, TK = TX> {
  readonly dX: TX;
  readonly dK: TK;
}

/**
 * The backward pass of {@link conv2dTensor} given G = dL/dF (HF×WF×Cout):
 * `dK[o][m][n][c] = Σ_{i,j} G[i][j][o] · Xp[i·s + m·d][j·s + n·d][c]` and
 * `dX = crop_p(Σ_o convolve_full(dilate_s(G[o]), dilate_d(K[o,c])))`, i.e.
 * `dXp[i·s + m·d][j·s + n·d][c] += Σ_o G[i][j][o] · K[o][m][n][c]` cropped by p
 * (rows and columns no window reaches get 0). Throws `ReferenceInputError`.
 */
export function conv2dBackwardTensor(
  X: Tensor,
  K: Tensor,
  G: Tensor,
  opts?: ConvTensorOptions,
): Conv2dGradients<Tensor> {
  const x = checkTensor(X, 'X', ['H', 'W', 'C']);
  const k = checkTensor(K, 'K', ['Cout', 'HK', 'WK', 'C']);
  const resolved = readConvOptions(opts, true);
  const g = convGeometry(x.shape, k.shape, resolved);
  const grad = checkGradient(G, g);
  return { dX: gradInput(k.data, grad, g, resolved), dK: gradKernel(x.data, grad, g, resolved) };
}

/**
 * dL/dK alone (what the benchmark measures against tfjs): X is H×W×C, G is HF×WF×Cout,
 * `opts.kernelShape` = [Cout, HK, WK, C]; formula as in {@link conv2dBackwardTensor}.
 */
export function conv2dGradKernelTensor(
  X: Tensor,
  G: Tensor,
  opts: ConvTensorOptions & { readonly kernelShape: readonly number[] },
): Tensor {
  const x = checkTensor(X, 'X', ['H', 'W', 'C']);
  const kernelShape = checkShape(opts.kernelShape, 'opts.kernelShape', 4);
  const resolved = readConvOptions(withoutKey(opts, 'kernelShape'), true);
  const g = convGeometry(x.shape, kernelShape, resolved);
  return gradKernel(x.data, checkGradient(G, g), g, resolved);
}

/**
 * dL/dX alone: K is Cout×HK×WK×C, G is HF×WF×Cout, `opts.inputShape` = [H, W, C]; formula as in
 * {@link conv2dBackwardTensor}. G's size must be the forward output size of that input.
 */
export function conv2dGradInputTensor(
  K: Tensor,
  G: Tensor,
  opts: ConvTensorOptions & { readonly inputShape: readonly number[] },
): Tensor {
  const k = checkTensor(K, 'K', ['Cout', 'HK', 'WK', 'C']);
  const inputShape = checkShape(opts.inputShape, 'opts.inputShape', 3);
  const resolved = readConvOptions(withoutKey(opts, 'inputShape'), true);
  const g = convGeometry(inputShape, k.shape, resolved);
  return gradInput(k.data, checkGradient(G, g), g, resolved);
}

function gradKernel(x: Float64Array, grad: Float64Array, g: ConvGeometry, opts: ResolvedConvOptions): Tensor {
  if (usesPlane(opts.algorithm, g)) return { shape: [g.Cout, g.HK, g.WK, g.C], data: gradKernelPlane(x, grad, g) };
  const xp = padInput(x, g);
  const data =
    chooseAlgorithm(opts.algorithm, g) === 'im2col' ? gradKernelIm2col(xp, grad, g) : gradKernelDirect(xp, grad, g);
  return { shape: [g.Cout, g.HK, g.WK, g.C], data };
}

function gradInput(k: Float64Array, grad: Float64Array, g: ConvGeometry, opts: ResolvedConvOptions): Tensor {
  if (usesPlane(opts.algorithm, g)) return { shape: [g.H, g.W, g.C], data: gradInputPlane(k, grad, g) };
  const dxp =
    chooseAlgorithm(opts.algorithm, g) === 'im2col' ? gradInputIm2col(k, grad, g) : gradInputDirect(k, grad, g);
  return { shape: [g.H, g.W, g.C], data: cropPadding(dxp, g) };
}

/** Throws unless G is a tensor of the forward output's shape HF×WF×Cout; returns its data. */
export function checkGradient(G: Tensor, g: ConvGeometry): Float64Array {
  const grad = checkTensor(G, 'dLdF', ['HF', 'WF', 'Cout']);
  const [HF, WF, Cout] = grad.shape;
  if (HF !== g.HF || WF !== g.WF || Cout !== g.Cout) {
    throw new ReferenceInputError(
      `dLdF must have the shape of the output F, HF×WF×Cout = ${g.HF}×${g.WF}×${g.Cout}, got ${grad.shape.join('×')}`,
    );
  }
  return grad.data;
}

function checkShape(shape: unknown, name: string, rank: number): readonly number[] {
  if (
    !Array.isArray(shape) ||
    shape.length !== rank ||
    !shape.every((size) => Number.isSafeInteger(size) && size >= 1)
  ) {
    throw new ReferenceInputError(
      `${name} must be ${rank} positive integers, got ${JSON.stringify(shape) ?? String(shape)}`,
    );
  }
  return shape as readonly number[];
}

function withoutKey(opts: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).filter(([name]) => name !== key));
}
