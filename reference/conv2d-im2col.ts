import type { ConvGeometry } from './conv-geometry.js';

// im2col, one output row at a time: the WF patches of output row i are copied into a WF×L
// matrix (L = HK·WK·C, the patch laid out like one filter K[o]), so every product is a dot
// product or axpy of two contiguous length-L vectors. Four filters (or four positions) share
// each load. Best for many channels; the buffer is only WF·L numbers whatever the image size.

/** Copies the patches of output row i into `patches` (WF×L, row j = Xp[i·s + m·d][j·s + n·d][c] over m, n, c). */
function im2colRow(xp: Float64Array, g: ConvGeometry, i: number, patches: Float64Array): void {
  const { C, HK, WK, s, d, WF, Wp } = g;
  const run = WK * C;
  let at = 0;
  for (let j = 0; j < WF; j++) {
    const corner = (i * s * Wp + j * s) * C;
    for (let m = 0; m < HK; m++) {
      const xRow = corner + m * d * Wp * C;
      if (d === 1) {
        patches.set(xp.subarray(xRow, xRow + run), at);
        at += run;
      } else {
        for (let n = 0; n < WK; n++) {
          const xAt = xRow + n * d * C;
          for (let c = 0; c < C; c++) patches[at++] = xp[xAt + c]!;
        }
      }
    }
  }
}

/** Forward by im2col: `F[i][j][o] = patch(i, j) · K[o]`, HF×WF×Cout. */
export function conv2dIm2col(xp: Float64Array, k: Float64Array, g: ConvGeometry): Float64Array {
  const { Cout, HK, WK, C, HF, WF } = g;
  const L = HK * WK * C;
  const out = new Float64Array(HF * WF * Cout);
  const patches = new Float64Array(WF * L);
  for (let i = 0; i < HF; i++) {
    im2colRow(xp, g, i, patches);
    for (let j = 0; j < WF; j++) {
      const p = j * L;
      const outAt = (i * WF + j) * Cout;
      let o = 0;
      for (; o + 3 < Cout; o += 4) {
        const k0 = o * L;
        const k1 = k0 + L;
        const k2 = k1 + L;
        const k3 = k2 + L;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = 0; t < L; t++) {
          const x = patches[p + t]!;
          s0 += x * k[k0 + t]!;
          s1 += x * k[k1 + t]!;
          s2 += x * k[k2 + t]!;
          s3 += x * k[k3 + t]!;
        }
        out[outAt + o] = s0;
        out[outAt + o + 1] = s1;
        out[outAt + o + 2] = s2;
        out[outAt + o + 3] = s3;
      }
      for (; o < Cout; o++) {
        const k0 = o * L;
        let sum = 0;
        for (let t = 0; t < L; t++) sum += patches[p + t]! * k[k0 + t]!;
        out[outAt + o] = sum;
      }
    }
  }
  return out;
}

/** dL/dK by im2col: `dK[o] = Σ_{i,j} G[i][j][o] · patch(i, j)`, Cout×HK×WK×C. */
export function gradKernelIm2col(xp: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  const { Cout, HK, WK, C, HF, WF } = g;
  const L = HK * WK * C;
  const dk = new Float64Array(Cout * L);
  const patches = new Float64Array(WF * L);
  for (let i = 0; i < HF; i++) {
    im2colRow(xp, g, i, patches);
    const gRow = i * WF * Cout;
    for (let o = 0; o < Cout; o++) {
      const kAt = o * L;
      let j = 0;
      for (; j + 3 < WF; j += 4) {
        const w0 = grad[gRow + j * Cout + o]!;
        const w1 = grad[gRow + (j + 1) * Cout + o]!;
        const w2 = grad[gRow + (j + 2) * Cout + o]!;
        const w3 = grad[gRow + (j + 3) * Cout + o]!;
        const p0 = j * L;
        const p1 = p0 + L;
        const p2 = p1 + L;
        const p3 = p2 + L;
        for (let t = 0; t < L; t++) {
          dk[kAt + t]! += w0 * patches[p0 + t]! + w1 * patches[p1 + t]! + w2 * patches[p2 + t]! + w3 * patches[p3 + t]!;
        }
      }
      for (; j < WF; j++) {
        const w = grad[gRow + j * Cout + o]!;
        const p = j * L;
        for (let t = 0; t < L; t++) dk[kAt + t]! += w * patches[p + t]!;
      }
    }
  }
  return dk;
}

/**
 * dL/dXp by col2im: for each position `col = Σ_o G[i][j][o] · K[o]` (length L), scattered back
 * onto the window it came from; Hp×Wp×C before cropping.
 */
export function gradInputIm2col(k: Float64Array, grad: Float64Array, g: ConvGeometry): Float64Array {
  const { Cout, HK, WK, C, s, d, HF, WF, Wp } = g;
  const L = HK * WK * C;
  const run = WK * C;
  const dxp = new Float64Array(g.Hp * Wp * C);
  const col = new Float64Array(L);
  for (let i = 0; i < HF; i++) {
    for (let j = 0; j < WF; j++) {
      const gAt = (i * WF + j) * Cout;
      col.fill(0);
      let o = 0;
      for (; o + 3 < Cout; o += 4) {
        const w0 = grad[gAt + o]!;
        const w1 = grad[gAt + o + 1]!;
        const w2 = grad[gAt + o + 2]!;
        const w3 = grad[gAt + o + 3]!;
        const k0 = o * L;
        const k1 = k0 + L;
        const k2 = k1 + L;
        const k3 = k2 + L;
        for (let t = 0; t < L; t++) col[t]! += w0 * k[k0 + t]! + w1 * k[k1 + t]! + w2 * k[k2 + t]! + w3 * k[k3 + t]!;
      }
      for (; o < Cout; o++) {
        const w = grad[gAt + o]!;
        const k0 = o * L;
        for (let t = 0; t < L; t++) col[t]! += w * k[k0 + t]!;
      }
      const corner = (i * s * Wp + j * s) * C;
      for (let m = 0; m < HK; m++) {
        const xRow = corner + m * d * Wp * C;
        const cRow = m * run;
        if (d === 1) {
          for (let t = 0; t < run; t++) dxp[xRow + t]! += col[cRow + t]!;
        } else {
          for (let n = 0; n < WK; n++) {
            const xAt = xRow + n * d * C;
            const cAt = cRow + n * C;
            for (let c = 0; c < C; c++) dxp[xAt + c]! += col[cAt + c]!;
          }
        }
      }
    }
  }
  return dxp;
}
