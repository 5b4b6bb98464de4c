// Staff solution of ex9-extended in TypeScript, written independently of reference/.
// X is H×W×C, K is Cout×HK×WK×C, dLdF is HF×WF×Cout; forward is cross-correlation.

export interface ConvOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
}

type T3 = number[][][];
type T4 = number[][][][];

function zeros3(a: number, b: number, c: number): T3 {
  return Array.from({ length: a }, () => Array.from({ length: b }, () => new Array<number>(c).fill(0)));
}

function geometry(X: T3, K: T4, opts: ConvOptions) {
  const s = opts.stride ?? 1;
  const p = opts.padding ?? 0;
  const d = opts.dilation ?? 1;
  const H = X.length;
  const W = X[0]!.length;
  const C = X[0]![0]!.length;
  const Cout = K.length;
  const HK = K[0]!.length;
  const WK = K[0]![0]!.length;
  const { HF, WF } = outputSize({ H, W, HK, WK, s, p, d });
  return { s, p, d, H, W, C, Cout, HK, WK, HF, WF };
}

/** x3: HF = ⌊(H + 2p − d(HK−1) − 1)/s⌋ + 1, same for WF. */
export function outputSize(cfg: { H: number; W: number; HK: number; WK: number; s: number; p: number; d: number }): { HF: number; WF: number } {
  const { H, W, HK, WK, s, p, d } = cfg;
  return { HF: Math.floor((H + 2 * p - d * (HK - 1) - 1) / s) + 1, WF: Math.floor((W + 2 * p - d * (WK - 1) - 1) / s) + 1 };
}

/** The input value at padded coordinates (zero in the padding). */
function at(X: T3, y: number, x: number, c: number, p: number): number {
  return X[y - p]?.[x - p]?.[c] ?? 0;
}

/** x1: F[i][j][o] = Σ_{m,n,c} Xpad[i·s + m·d][j·s + n·d][c] · K[o][m][n][c]. */
export function conv2d(X: T3, K: T4, opts: ConvOptions = {}): T3 {
  const g = geometry(X, K, opts);
  const F = zeros3(g.HF, g.WF, g.Cout);
  for (let i = 0; i < g.HF; i++)
    for (let j = 0; j < g.WF; j++)
      for (let o = 0; o < g.Cout; o++) {
        let sum = 0;
        for (let m = 0; m < g.HK; m++)
          for (let n = 0; n < g.WK; n++)
            for (let c = 0; c < g.C; c++) sum += at(X, i * g.s + m * g.d, j * g.s + n * g.d, c, g.p) * K[o]![m]![n]![c]!;
        F[i]![j]![o] = sum;
      }
  return F;
}

/** x2: the gradients of Σ F·dLdF with respect to X and K (the chain rule through conv2d's sum). */
export function conv2dBackward(X: T3, K: T4, dLdF: T3, opts: ConvOptions = {}): { dX: T3; dK: T4 } {
  const g = geometry(X, K, opts);
  const dX = zeros3(g.H, g.W, g.C);
  const dK: T4 = Array.from({ length: g.Cout }, () => zeros3(g.HK, g.WK, g.C));
  for (let i = 0; i < g.HF; i++)
    for (let j = 0; j < g.WF; j++)
      for (let o = 0; o < g.Cout; o++) {
        const grad = dLdF[i]![j]![o]!;
        for (let m = 0; m < g.HK; m++)
          for (let n = 0; n < g.WK; n++) {
            const y = i * g.s + m * g.d - g.p;
            const x = j * g.s + n * g.d - g.p;
            const inside = y >= 0 && y < g.H && x >= 0 && x < g.W;
            for (let c = 0; c < g.C; c++) {
              if (!inside) continue;
              dK[o]![m]![n]![c]! += grad * X[y]![x]![c]!;
              dX[y]![x]![c]! += grad * K[o]![m]![n]![c]!;
            }
          }
      }
  return { dX, dK };
}
