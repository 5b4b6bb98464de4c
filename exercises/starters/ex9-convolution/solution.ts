// ex9-convolution starter (TypeScript). Fill in every TODO, then run `npx convgrade check`.
// Arrays are nested lists, row-major: A[i][j]. Keep the export names exactly as they are.

export interface SheetConfig { H: number; W: number; C: number; HK: number; WK: number; s: number; p: number }
export interface CostConfig extends SheetConfig { Cout: number }
export interface BlobsConfig { size: number; points: [number, number][]; std: number; window: number }

/** Q1: the size {HF, WF, CF} of the feature map of one HK×WK×C filter (stride s, padding p). */
export function featureMapSize(cfg: SheetConfig): { HF: number; WF: number; CF: number } {
  throw new Error('TODO: Q1 featureMapSize');
}

/** Q2: multiplications of a convolution layer with Cout filters. */
export function convMultiplications(cfg: CostConfig): number {
  throw new Error('TODO: Q2 convMultiplications');
}

/** Q2: multiplications of a fully connected layer with the same number of outputs. */
export function fcMultiplications(cfg: CostConfig): number {
  throw new Error('TODO: Q2 fcMultiplications');
}

/** Q2: convMultiplications / fcMultiplications. */
export function reductionFactor(cfg: CostConfig): number {
  throw new Error('TODO: Q2 reductionFactor');
}

/** Q3: a size×size image with a Gaussian blob (window×window, std) at each point, made by one convolution. */
export function gaussianBlobs(cfg: BlobsConfig): number[][] {
  throw new Error('TODO: Q3 gaussianBlobs');
}

/** Q5: dL/dK for a single-channel convolution, stride 1, no padding. */
export function gradKernel(dLdF: number[][], X: number[][]): number[][] {
  throw new Error('TODO: Q5 gradKernel');
}

/** Q6: dL/dX for a single-channel convolution, stride 1, no padding. */
export function gradInput(dLdF: number[][], K: number[][]): number[][] {
  throw new Error('TODO: Q6 gradInput');
}
