import { conv2dTensor } from '../conv2d-tensor.js';
import { readConv2dArgs } from '../conv2d.js';
import { toNested, type Tensor } from '../tensor.js';
import type { Mutant } from './mutant.js';

/** K (Cout×HK×WK×C) with each K[o][·][·][c] rotated by 180°: K'[o][m][n][c] = K[o][HK−1−m][WK−1−n][c]. */
function flipKernel(k: Tensor): Tensor {
  const [Cout = 0, HK = 0, WK = 0, C = 0] = k.shape;
  const data = new Float64Array(k.data.length);
  for (let o = 0; o < Cout; o++) {
    for (let m = 0; m < HK; m++) {
      for (let n = 0; n < WK; n++) {
        const from = ((o * HK + (HK - 1 - m)) * WK + (WK - 1 - n)) * C;
        data.set(k.data.subarray(from, from + C), ((o * HK + m) * WK + n) * C);
      }
    }
  }
  return { shape: k.shape, data };
}

/**
 * The student believes the nested K is HK×WK×C×Cout, reads its sizes from the array that way
 * (HK' = K.length = Cout, WK' = K[0].length = HK, C' = K[0][0].length = WK,
 * Cout' = K[0][0][0].length = C) and computes `F[i][j][o'] = Σ_{m,n,c} Xp[i·s+m·d][j·s+n·d][c] · K[m][n][c][o']`,
 * i.e. a conv2d with the kernel K'[o'][m][n][c] = K[m][n][c][o'] (Cout'×HK'×WK'×C'). Only possible
 * when C' = C (WK equals X's channel count) and the window fits; otherwise `null` (the student's
 * code would read past X's channels). Its answer has the right shape only when Cout = HK = WK = C.
 */
function channelsLast(x: Tensor, k: Tensor, options: Parameters<typeof conv2dTensor>[2]): number[][][] | null {
  const [A = 0, B = 0, D = 0, E = 0] = k.shape;
  const [, , C = 0] = x.shape;
  if (D !== C) return null;
  // K' has shape E×A×B×D: K'[o'][m][n][c] = K[m][n][c][o'] (axis permutation 3,0,1,2).
  const data = new Float64Array(k.data.length);
  for (let o = 0; o < E; o++) {
    for (let m = 0; m < A; m++) {
      for (let n = 0; n < B; n++) {
        for (let c = 0; c < D; c++) data[((o * A + m) * B + n) * D + c] = k.data[((m * B + n) * D + c) * E + o]!;
      }
    }
  }
  try {
    return toNested(conv2dTensor(x, { shape: [E, A, B, D], data }, options)) as number[][][];
  } catch {
    return null;
  }
}

/** x1 (conv2d) mutants. */
export const x1Mutants: readonly Mutant[] = [
  {
    // True convolution: every K[o][·][·][c] rotated by 180° before sliding.
    id: 'x1.flipped-kernel',
    question: 'x1',
    fn: 'conv2d',
    compute: (X, K, opts) => {
      const { x, k, options } = readConv2dArgs(X, K, opts);
      return toNested(conv2dTensor(x, flipKernel(k), options));
    },
  },
  {
    // Dilation ignored: d = 1 whatever opts.dilation says (a larger output when d > 1 and HK or WK > 1).
    id: 'x1.no-dilation',
    question: 'x1',
    fn: 'conv2d',
    compute: (X, K, opts) => {
      const { x, k, options } = readConv2dArgs(X, K, opts);
      return toNested(conv2dTensor(x, k, { ...options, dilation: 1 }));
    },
  },
  {
    id: 'x1.channels-last-kernel',
    question: 'x1',
    fn: 'conv2d',
    compute: (X, K, opts) => {
      const { x, k, options } = readConv2dArgs(X, K, opts);
      return channelsLast(x, k, options);
    },
  },
];
