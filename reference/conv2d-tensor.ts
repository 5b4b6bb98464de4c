import { chooseAlgorithm } from './choose-algorithm.js';
import { convGeometry, padInput, type ConvGeometry } from './conv-geometry.js';
import { conv2dDirect } from './conv2d-direct.js';
import { conv2dIm2col } from './conv2d-im2col.js';
import { conv2dPlane, usesPlane } from './conv2d-plane.js';
import { readConvOptions, type ConvAlgorithm, type ConvTensorOptions } from './conv-options.js';
import { checkTensor, type Tensor } from './tensor.js';

/**
 * conv2d on tensors (cross-correlation, the deep-learning convention): X is H×W×C, K is
 * Cout×HK×WK×C, the result F is HF×WF×Cout with
 * `F[i][j][o] = Σ_{m,n,c} Xp[i·s + m·d][j·s + n·d][c] · K[o][m][n][c]`, Xp = X zero-padded by p,
 * `HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1` (WF likewise). `opts.algorithm` forces the inner loops
 * ('direct' or 'im2col'; 'auto' by default picks per shape, and runs single-channel stride-1
 * dilation-1 shapes as register-blocked gathers). Throws `ReferenceInputError`.
 */
export function conv2dTensor(X: Tensor, K: Tensor, opts?: ConvTensorOptions): Tensor {
  const x = checkTensor(X, 'X', ['H', 'W', 'C']);
  const k = checkTensor(K, 'K', ['Cout', 'HK', 'WK', 'C']);
  const resolved = readConvOptions(opts, true);
  const g = convGeometry(x.shape, k.shape, resolved);
  return { shape: [g.HF, g.WF, g.Cout], data: forward(x.data, k.data, g, resolved.algorithm) };
}

function forward(x: Float64Array, k: Float64Array, g: ConvGeometry, algorithm: ConvAlgorithm): Float64Array {
  if (usesPlane(algorithm, g)) return conv2dPlane(x, k, g);
  const xp = padInput(x, g);
  return chooseAlgorithm(algorithm, g) === 'im2col' ? conv2dIm2col(xp, k, g) : conv2dDirect(xp, k, g);
}
