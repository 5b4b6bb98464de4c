import type { ConvGeometry } from './conv-geometry.js';

// Direct loops over the padded input Xp (Hp×Wp×C) and K (Cout×HK×WK×C). With dilation 1 a
// kernel row and the matching input run are both contiguous (WK·C numbers), so the innermost
// loop is one flat dot product or axpy whatever C is; with dilation d > 1 it is C long.
// Best for few channels and large kernels, where im2col's copies would dominate.

/** Forward: `F[i][j][o] = Σ_{m,n,c} Xp[i·s + m·d][j·s + n·d][c] · K[o][m][n][c]`, HF×WF×Cout. */
export function conv2dDirect(xp: Float64Array, k: Float64Array, g: ConvGeometry): Float64Array {
  const { C, Cout, HK, WK, s, d, HF, WF, Wp } = g;
  const out = new Float64Array(HF * WF * Cout);
  const run = WK * C;
  let at = 0;
  for (let i = 0; i < HF; i++) {
    for (let j = 0; j < WF; j++) {
      const corner = (i * s * Wp + j * s) * C;
      for (let o = 0; o < Cout; o++) {
        let sum = 0;
        for (let m = 0; m < HK; m++) {
          const xRow = corner + m * d * Wp * C;
          const kRow = (o * HK + m) * run;
          if (d === 1) {
            for (let t = 0; t < run; t++) sum += xp[xRow + t]! * k[kRow + t]!;
          } else {
            for (let n = 0; n < WK; n++) {
              const xAt = xRow + n * d * C;
              const kAt = kRow + n * C;
              for (let c = 0; c < C; c++) sum += xp[xAt + c]! * k[kAt + c]!;
            }
          }
        }
        out[at++] = sum;
      }
    }
  }
  return out;
}

/**
 * dL/dK: `dK[o][m][n][c] = Σ_{i,j} G[i][j][o] · Xp[i·s + m·d][j·s + n·d][c]`, Cout×HK×WK×C
 * (the valid cross-correlation of Xp with G dilated by s, read at stride d).
 */
export function gradKernelDirect(xp: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  return scatterTaps(new Float64Array(g.Cout * g.HK * g.WK * g.C), xp, grad, g, 'kernel');
}

/**
 * dL/dXp: `dXp[i·s + m·d][j·s + n·d][c] += G[i][j][o] · K[o][m][n][c]`, Hp×Wp×C before cropping
 * (the transposed convolution of G with K).
 */
export function gradInputDirect(k: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  return scatterTaps(new Float64Array(g.Hp * g.Wp * g.C), k, grad, g, 'input');
}

/**
 * Both gradients visit the same (Xp, K) tap pairs of the forward pass and add G[i][j][o] times
 * one factor into the other's gradient: `into` says which buffer `dst` is (K's or Xp's shape),
 * and `src` is the other factor. One loop nest, so the two cannot drift apart.
 */
function scatterTaps(
  dst: Float64Array,
  src: Float64Array,
  grad: Float64Array,
  g: ConvGeometry,
  into: 'kernel' | 'input',
): Float64Array {
  const { C, Cout, HK, WK, s, d, HF, WF, Wp } = g;
  const run = WK * C;
  const toKernel = into === 'kernel';
  // Along a kernel row, K advances by C per tap and Xp by d·C.
  const dstStep = toKernel ? C : d * C;
  const srcStep = toKernel ? d * C : C;
  for (let i = 0; i < HF; i++) {
    for (let j = 0; j < WF; j++) {
      const corner = (i * s * Wp + j * s) * C;
      const gAt = (i * WF + j) * Cout;
      for (let o = 0; o < Cout; o++) {
        const weight = grad[gAt + o]!;
        if (weight === 0) continue;
        for (let m = 0; m < HK; m++) {
          const xRow = corner + m * d * Wp * C;
          const kRow = (o * HK + m) * run;
          const dstRow = toKernel ? kRow : xRow;
          const srcRow = toKernel ? xRow : kRow;
          if (d === 1) {
            for (let t = 0; t < run; t++) dst[dstRow + t]! += weight * src[srcRow + t]!;
          } else {
            for (let n = 0; n < WK; n++) {
              const dstAt = dstRow + n * dstStep;
              const srcAt = srcRow + n * srcStep;
              for (let c = 0; c < C; c++) dst[dstAt + c]! += weight * src[srcAt + c]!;
            }
          }
        }
      }
    }
  }
  return dst;
}
