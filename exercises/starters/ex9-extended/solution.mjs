// ex9-extended starter (JavaScript, ES module). X is H×W×C, K is Cout×HK×WK×C, dLdF is HF×WF×Cout.
// Forward "convolution" is cross-correlation (no flip). Keep the export names exactly as they are.

/** x1: F (HF×WF×Cout), HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1. opts = {stride, padding, dilation}, defaults 1, 0, 1. */
export function conv2d(X, K, opts = {}) {
  throw new Error('TODO: x1 conv2d');
}

/** x2: {dX, dK} with the shapes of X and K. */
export function conv2dBackward(X, K, dLdF, opts = {}) {
  throw new Error('TODO: x2 conv2dBackward');
}

/** x3: {HF, WF} for cfg = {H, W, HK, WK, s, p, d}. */
export function outputSize(cfg) {
  throw new Error('TODO: x3 outputSize');
}
