// ex10-pooling-transposed, staff solution (TypeScript), written from PyTorch's documentation,
// independently of convgrade's reference.

export interface PoolSizeConfig {
  H: number;
  W: number;
  HK: number;
  WK: number;
  s: number;
  p: number;
  ceilMode: boolean;
}

export interface ConvTransposeSizeConfig {
  H: number;
  W: number;
  HK: number;
  WK: number;
  s: number;
  p: number;
  d: number;
  outputPadding: number;
}

/** Q1: PyTorch's pooling output size; in ceil mode the last window must start inside the input or the left padding. */
export function poolOutputSize(cfg: PoolSizeConfig): { HF: number; WF: number } {
  const length = (n: number, k: number): number => {
    const span = n + 2 * cfg.p - k;
    let out = (cfg.ceilMode ? Math.ceil(span / cfg.s) : Math.floor(span / cfg.s)) + 1;
    if (cfg.ceilMode && (out - 1) * cfg.s >= n + cfg.p) out -= 1;
    return out;
  };
  return { HF: length(cfg.H, cfg.HK), WF: length(cfg.W, cfg.WK) };
}

/** Q2: (H − 1)·s − 2p + d·(HK − 1) + output_padding + 1, and likewise for the width. */
export function convTransposeOutputSize(cfg: ConvTransposeSizeConfig): { HF: number; WF: number } {
  const length = (n: number, k: number): number => (n - 1) * cfg.s - 2 * cfg.p + cfg.d * (k - 1) + cfg.outputPadding + 1;
  return { HF: length(cfg.H, cfg.HK), WF: length(cfg.W, cfg.WK) };
}

/** Q3: every input pixel stamps the (unflipped) kernel at [i·s − p][j·s − p]; what falls outside is cropped. */
export function convTranspose2d(X: number[][], K: number[][], opts: { stride: number; padding: number }): number[][] {
  const { stride: s, padding: p } = opts;
  const [H, W, HK, WK] = [X.length, X[0]!.length, K.length, K[0]!.length];
  const HF = (H - 1) * s - 2 * p + HK;
  const WF = (W - 1) * s - 2 * p + WK;
  const Y = Array.from({ length: HF }, () => new Array<number>(WF).fill(0));
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let m = 0; m < HK; m++)
        for (let n = 0; n < WK; n++) {
          const r = i * s + m - p;
          const c = j * s + n - p;
          if (r >= 0 && r < HF && c >= 0 && c < WF) Y[r]![c]! += X[i]![j]! * K[m]![n]!;
        }
  return Y;
}

/** Q4: each output's gradient goes to its window's first maximum in row-major order. */
export function maxPool2dBackward(X: number[][], dLdY: number[][], opts: { kernel: number; stride: number }): number[][] {
  const { kernel: k, stride: s } = opts;
  const dX = X.map((row) => row.map(() => 0));
  dLdY.forEach((row, i) =>
    row.forEach((g, j) => {
      let best = [i * s, j * s] as [number, number];
      for (let m = 0; m < k; m++)
        for (let n = 0; n < k; n++) if (X[i * s + m]![j * s + n]! > X[best[0]]![best[1]]!) best = [i * s + m, j * s + n];
      dX[best[0]]![best[1]]! += g;
    }),
  );
  return dX;
}
