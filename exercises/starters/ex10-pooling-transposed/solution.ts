// ex10-pooling-transposed starter (TypeScript). Fill in every TODO, then run
// `npx convgrade check --exercise ex10-pooling-transposed`. Arrays are nested lists, row-major:
// A[i][j]. Keep the export names exactly as they are. PyTorch's conventions throughout.

export interface PoolSizeConfig { H: number; W: number; HK: number; WK: number; s: number; p: number; ceilMode: boolean }
export interface ConvTransposeSizeConfig { H: number; W: number; HK: number; WK: number; s: number; p: number; d: number; outputPadding: number }

/** Q1: {HF, WF} of max_pool2d / avg_pool2d with window HK×WK, stride s, padding p, floor or ceil mode. */
export function poolOutputSize(cfg: PoolSizeConfig): { HF: number; WF: number } {
  throw new Error('TODO: Q1 poolOutputSize');
}

/** Q2: {HF, WF} of conv_transpose2d with kernel HK×WK, stride s, padding p, dilation d and output_padding. */
export function convTransposeOutputSize(cfg: ConvTransposeSizeConfig): { HF: number; WF: number } {
  throw new Error('TODO: Q2 convTransposeOutputSize');
}

/** Q3: conv_transpose2d of one H×W channel X with an HK×WK kernel K, stride and padding. */
export function convTranspose2d(X: number[][], K: number[][], opts: { stride: number; padding: number }): number[][] {
  throw new Error('TODO: Q3 convTranspose2d');
}

/** Q4: dL/dX (H×W) through max pooling with a k×k window and stride s, given dL/dY. */
export function maxPool2dBackward(X: number[][], dLdY: number[][], opts: { kernel: number; stride: number }): number[][] {
  throw new Error('TODO: Q4 maxPool2dBackward');
}
