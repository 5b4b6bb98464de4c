// ex9-convolution starter (JavaScript, ES module). Fill in every TODO, then run `npx convgrade check`.
// Arrays are nested lists, row-major: A[i][j]. Keep the export names exactly as they are.

/** Q1: the size {HF, WF, CF} of the feature map of one HK×WK×C filter (stride s, padding p); cfg = {H, W, C, HK, WK, s, p}. */
export function featureMapSize(cfg) {
  throw new Error('TODO: Q1 featureMapSize');
}

/** Q2: multiplications of a convolution layer with Cout filters (cfg has Cout too). */
export function convMultiplications(cfg) {
  throw new Error('TODO: Q2 convMultiplications');
}

/** Q2: multiplications of a fully connected layer with the same number of outputs. */
export function fcMultiplications(cfg) {
  throw new Error('TODO: Q2 fcMultiplications');
}

/** Q2: convMultiplications / fcMultiplications. */
export function reductionFactor(cfg) {
  throw new Error('TODO: Q2 reductionFactor');
}

/** Q3: a size×size image with a Gaussian blob (window×window, std) at each point, made by one convolution; cfg = {size, points, std, window}. */
export function gaussianBlobs(cfg) {
  throw new Error('TODO: Q3 gaussianBlobs');
}

/** Q5: dL/dK for a single-channel convolution, stride 1, no padding. */
export function gradKernel(dLdF, X) {
  throw new Error('TODO: Q5 gradKernel');
}

/** Q6: dL/dX for a single-channel convolution, stride 1, no padding. */
export function gradInput(dLdF, K) {
  throw new Error('TODO: Q6 gradInput');
}
