// Staff solution of ex9-convolution in TypeScript, written independently of reference/.
// Used by tests (it must pass every public case) and as a model answer.

export interface SheetConfig {
  H: number;
  W: number;
  C: number;
  HK: number;
  WK: number;
  s: number;
  p: number;
}

export interface CostConfig extends SheetConfig {
  Cout: number;
}

export interface BlobsConfig {
  size: number;
  points: [number, number][];
  std: number;
  window: number;
}

/** Q1: HF = (H − HK + 2p)/s + 1, WF = (W − WK + 2p)/s + 1, CF = 1. */
export function featureMapSize(cfg: SheetConfig): { HF: number; WF: number; CF: number } {
  return { HF: (cfg.H - cfg.HK + 2 * cfg.p) / cfg.s + 1, WF: (cfg.W - cfg.WK + 2 * cfg.p) / cfg.s + 1, CF: 1 };
}

/** Q2: Cout·HF·WF·HK·WK·C multiplications for the convolution layer. */
export function convMultiplications(cfg: CostConfig): number {
  const { HF, WF } = featureMapSize(cfg);
  return cfg.Cout * HF * WF * cfg.HK * cfg.WK * cfg.C;
}

/** Q2: Cout·HF·WF·H·W·C multiplications for a fully connected layer with the same outputs. */
export function fcMultiplications(cfg: CostConfig): number {
  const { HF, WF } = featureMapSize(cfg);
  return cfg.Cout * HF * WF * cfg.H * cfg.W * cfg.C;
}

/** Q2: the ratio of the two, HK·WK/(H·W). */
export function reductionFactor(cfg: CostConfig): number {
  return (cfg.HK * cfg.WK) / (cfg.H * cfg.W);
}

/** scipy.signal.windows.gaussian(M, std). */
function gaussianWindow(M: number, std: number): number[] {
  const centre = (M - 1) / 2;
  return Array.from({ length: M }, (_, k) => Math.exp(-((k - centre) ** 2) / (2 * std * std)));
}

/** Q3: convolve2d(canvas, outer(g, g), mode='same'); 'same' keeps full[i + ⌊(M−1)/2⌋]. */
export function gaussianBlobs(cfg: BlobsConfig): number[][] {
  const g = gaussianWindow(cfg.window, cfg.std);
  const offset = Math.floor((cfg.window - 1) / 2);
  const out = Array.from({ length: cfg.size }, () => new Array<number>(cfg.size).fill(0));
  const seen = new Set<string>();
  for (const [pi, pj] of cfg.points) {
    if (seen.has(`${pi},${pj}`)) continue;
    seen.add(`${pi},${pj}`);
    for (let i = 0; i < cfg.size; i++) {
      const a = g[i + offset - pi];
      if (a === undefined) continue;
      const row = out[i]!;
      for (let j = 0; j < cfg.size; j++) {
        const b = g[j + offset - pj];
        if (b !== undefined) row[j]! += a * b;
      }
    }
  }
  return out;
}

/** Q5: dL/dK[m][n] = Σ_ij dLdF[i][j]·X[i+m][j+n], an (H − HF + 1)×(W − WF + 1) array. */
export function gradKernel(dLdF: number[][], X: number[][]): number[][] {
  const HF = dLdF.length;
  const WF = dLdF[0]!.length;
  const HK = X.length - HF + 1;
  const WK = X[0]!.length - WF + 1;
  const out: number[][] = [];
  for (let m = 0; m < HK; m++) {
    const row: number[] = [];
    for (let n = 0; n < WK; n++) {
      let sum = 0;
      for (let i = 0; i < HF; i++) for (let j = 0; j < WF; j++) sum += dLdF[i]![j]! * X[i + m]![j + n]!;
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/** Q6: dL/dX[a][b] = Σ_ij dLdF[i][j]·K[a−i][b−j] (full convolution), (HF + HK − 1)×(WF + WK − 1). */
export function gradInput(dLdF: number[][], K: number[][]): number[][] {
  const HF = dLdF.length;
  const WF = dLdF[0]!.length;
  const HK = K.length;
  const WK = K[0]!.length;
  const out = Array.from({ length: HF + HK - 1 }, () => new Array<number>(WF + WK - 1).fill(0));
  for (let i = 0; i < HF; i++) {
    for (let j = 0; j < WF; j++) {
      const g = dLdF[i]![j]!;
      for (let m = 0; m < HK; m++) for (let n = 0; n < WK; n++) out[i + m]![j + n]! += g * K[m]![n]!;
    }
  }
  return out;
}
