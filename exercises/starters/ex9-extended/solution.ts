// ex9-extended starter (TypeScript). X is H×W×C, K is Cout×HK×WK×C, dLdF is HF×WF×Cout.
// Forward "convolution" is cross-correlation (no flip). Keep the export names exactly as they are.

export interface ConvOptions { stride?: number; padding?: number; dilation?: number }

/** x1: F (HF×WF×Cout), HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1. Defaults: stride 1, padding 0, dilation 1. */
export function conv2d(X: number[][][], K: number[][][][], opts: ConvOptions = {}): number[][][] {
  throw new Error('TODO: x1 conv2d');
}

/** x2: {dX, dK} with the shapes of X and K. */
export function conv2dBackward(X: number[][][], K: number[][][][], dLdF: number[][][], opts: ConvOptions = {}): { dX: number[][][]; dK: number[][][][] } {
  throw new Error('TODO: x2 conv2dBackward');
}

/** x3: {HF, WF} for cfg = {H, W, HK, WK, s, p, d}. */
export function outputSize(cfg: { H: number; W: number; HK: number; WK: number; s: number; p: number; d: number }): { HF: number; WF: number } {
  throw new Error('TODO: x3 outputSize');
}
