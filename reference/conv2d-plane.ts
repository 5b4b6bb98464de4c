import type { ConvAlgorithm } from './conv-options.js';
import type { ConvGeometry } from './conv-geometry.js';
import { correlatePlane, rotatePlane } from './correlate-plane.js';

// Single-channel (C = Cout = 1), stride-1, dilation-1 conv2d and its gradients as gathers on
// one plane (see correlate-plane.ts): the sheet's q5/q6 geometry and P4's single-channel
// shapes. Padding is never materialised, and dL/dX is produced already cropped. Each result
// is bit-identical to the direct loops: the same products summed in the same order.

/** Whether `auto` runs the single-plane gathers for this shape (forcing 'direct' or 'im2col' never does). */
export function usesPlane(requested: ConvAlgorithm, g: ConvGeometry): boolean {
  return requested === 'auto' && g.C === 1 && g.Cout === 1 && g.s === 1 && g.d === 1;
}

/** Forward: `F[i][j] = Σ_{m,n} Xp[i + m][j + n] · K[m][n]`, HF×WF (Xp = X zero-padded by p). */
export function conv2dPlane(x: Float64Array, k: Float64Array, g: ConvGeometry): Float64Array {
  const { H, W, HK, WK, p, HF, WF } = g;
  return correlatePlane(
    { data: x, rows: H, cols: W },
    { data: k, rows: HK, cols: WK },
    { top: p, left: p, rows: HF, cols: WF },
  );
}

/** dL/dK: `dK[m][n] = Σ_{i,j} Xp[m + i][n + j] · G[i][j]`, HK×WK (G is the kernel of the gather). */
export function gradKernelPlane(x: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  const { H, W, HK, WK, p, HF, WF } = g;
  return correlatePlane(
    { data: x, rows: H, cols: W },
    { data: grad, rows: HF, cols: WF },
    { top: p, left: p, rows: HK, cols: WK },
  );
}

/**
 * dL/dX, cropped: `dX[h][w] = Σ_{m',n'} Gz[h + p + m'][w + p + n'] · K[HK−1−m'][WK−1−n']`, H×W,
 * Gz = G zero-padded by HK−1 rows and WK−1 columns: the full convolution of G with K.
 */
export function gradInputPlane(k: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  const { H, W, HK, WK, p, HF, WF } = g;
  const window = { top: HK - 1 - p, left: WK - 1 - p, rows: H, cols: W };
  return correlatePlane({ data: grad, rows: HF, cols: WF }, { data: rotatePlane(k), rows: HK, cols: WK }, window);
}
