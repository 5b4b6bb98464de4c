// ex10-pooling-transposed starter (JavaScript). Fill in every TODO, then run
// `npx convgrade check --exercise ex10-pooling-transposed`. Arrays are nested lists, row-major:
// A[i][j]. Keep the export names exactly as they are. PyTorch's conventions throughout.

/** Q1: {HF, WF} of max_pool2d / avg_pool2d; cfg = {H, W, HK, WK, s, p, ceilMode}. */
export function poolOutputSize(cfg) {
  throw new Error('TODO: Q1 poolOutputSize');
}

/** Q2: {HF, WF} of conv_transpose2d; cfg = {H, W, HK, WK, s, p, d, outputPadding}. */
export function convTransposeOutputSize(cfg) {
  throw new Error('TODO: Q2 convTransposeOutputSize');
}

/** Q3: conv_transpose2d of one channel X (H×W) with K (HK×WK); opts = {stride, padding}. */
export function convTranspose2d(X, K, opts) {
  throw new Error('TODO: Q3 convTranspose2d');
}

/** Q4: dL/dX through max pooling; opts = {kernel, stride}. */
export function maxPool2dBackward(X, dLdY, opts) {
  throw new Error('TODO: Q4 maxPool2dBackward');
}
