// Staff solution of ex9-convolution in JavaScript (ES module), written independently of reference/.

/** Q1: HF = (H − HK + 2p)/s + 1, WF = (W − WK + 2p)/s + 1, CF = 1. */
export function featureMapSize({ H, W, HK, WK, s, p }) {
  return { HF: (H - HK + 2 * p) / s + 1, WF: (W - WK + 2 * p) / s + 1, CF: 1 };
}

export function convMultiplications(cfg) {
  const { HF, WF } = featureMapSize(cfg);
  return cfg.Cout * HF * WF * cfg.HK * cfg.WK * cfg.C;
}

export function fcMultiplications(cfg) {
  const { HF, WF } = featureMapSize(cfg);
  return cfg.Cout * HF * WF * cfg.H * cfg.W * cfg.C;
}

export function reductionFactor({ H, W, HK, WK }) {
  return (HK * WK) / (H * W);
}

function gaussianWindow(M, std) {
  const centre = (M - 1) / 2;
  return Array.from({ length: M }, (_, k) => Math.exp(-((k - centre) ** 2) / (2 * std * std)));
}

/** Q3: convolve2d(canvas, outer(g, g), mode='same'). */
export function gaussianBlobs({ size, points, std, window }) {
  const g = gaussianWindow(window, std);
  const offset = Math.floor(window / 2); // as in PyTorch padding="same"
  const canvas = Array.from({ length: size }, () => new Array(size).fill(0));
  for (const [i, j] of points) canvas[i][j] = 1;
  const out = Array.from({ length: size }, () => new Array(size).fill(0));
  for (let pi = 0; pi < size; pi++) {
    for (let pj = 0; pj < size; pj++) {
      if (canvas[pi][pj] === 0) continue;
      for (let i = 0; i < size; i++) {
        const a = g[i + offset - pi];
        if (a === undefined) continue;
        for (let j = 0; j < size; j++) {
          const b = g[j + offset - pj];
          if (b !== undefined) out[i][j] += a * b;
        }
      }
    }
  }
  return out;
}

/** Q5: valid cross-correlation of X with dLdF. */
export function gradKernel(dLdF, X) {
  const HF = dLdF.length;
  const WF = dLdF[0].length;
  const HK = X.length - HF + 1;
  const WK = X[0].length - WF + 1;
  const out = [];
  for (let m = 0; m < HK; m++) {
    const row = [];
    for (let n = 0; n < WK; n++) {
      let sum = 0;
      for (let i = 0; i < HF; i++) for (let j = 0; j < WF; j++) sum += dLdF[i][j] * X[i + m][j + n];
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/** Q6: full convolution of dLdF with K. */
export function gradInput(dLdF, K) {
  const HF = dLdF.length;
  const WF = dLdF[0].length;
  const HK = K.length;
  const WK = K[0].length;
  const out = Array.from({ length: HF + HK - 1 }, () => new Array(WF + WK - 1).fill(0));
  for (let i = 0; i < HF; i++) {
    for (let j = 0; j < WF; j++) {
      for (let m = 0; m < HK; m++) for (let n = 0; n < WK; n++) out[i + m][j + n] += dLdF[i][j] * K[m][n];
    }
  }
  return out;
}
