// Staff solution of ex9-extended in JavaScript (ES module), written independently of reference/.

export function outputSize({ H, W, HK, WK, s, p, d }) {
  return { HF: Math.floor((H + 2 * p - d * (HK - 1) - 1) / s) + 1, WF: Math.floor((W + 2 * p - d * (WK - 1) - 1) / s) + 1 };
}

function geometry(X, K, opts = {}) {
  const s = opts.stride ?? 1;
  const p = opts.padding ?? 0;
  const d = opts.dilation ?? 1;
  const [H, W, C] = [X.length, X[0].length, X[0][0].length];
  const [Cout, HK, WK] = [K.length, K[0].length, K[0][0].length];
  return { s, p, d, H, W, C, Cout, HK, WK, ...outputSize({ H, W, HK, WK, s, p, d }) };
}

const zeros3 = (a, b, c) => Array.from({ length: a }, () => Array.from({ length: b }, () => new Array(c).fill(0)));

export function conv2d(X, K, opts = {}) {
  const g = geometry(X, K, opts);
  const F = zeros3(g.HF, g.WF, g.Cout);
  for (let i = 0; i < g.HF; i++)
    for (let j = 0; j < g.WF; j++)
      for (let o = 0; o < g.Cout; o++) {
        let sum = 0;
        for (let m = 0; m < g.HK; m++)
          for (let n = 0; n < g.WK; n++) {
            const y = i * g.s + m * g.d - g.p;
            const x = j * g.s + n * g.d - g.p;
            if (y < 0 || y >= g.H || x < 0 || x >= g.W) continue;
            for (let c = 0; c < g.C; c++) sum += X[y][x][c] * K[o][m][n][c];
          }
        F[i][j][o] = sum;
      }
  return F;
}

export function conv2dBackward(X, K, dLdF, opts = {}) {
  const g = geometry(X, K, opts);
  const dX = zeros3(g.H, g.W, g.C);
  const dK = Array.from({ length: g.Cout }, () => zeros3(g.HK, g.WK, g.C));
  for (let i = 0; i < g.HF; i++)
    for (let j = 0; j < g.WF; j++)
      for (let o = 0; o < g.Cout; o++)
        for (let m = 0; m < g.HK; m++)
          for (let n = 0; n < g.WK; n++) {
            const y = i * g.s + m * g.d - g.p;
            const x = j * g.s + n * g.d - g.p;
            if (y < 0 || y >= g.H || x < 0 || x >= g.W) continue;
            for (let c = 0; c < g.C; c++) {
              dK[o][m][n][c] += dLdF[i][j][o] * X[y][x][c];
              dX[y][x][c] += dLdF[i][j][o] * K[o][m][n][c];
            }
          }
  return { dX, dK };
}
