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
  const offset = Math.floor((window - 1) / 2);
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
  const HK = X.length - dLdF.length + 1;
  const out = [];
  for (let m = 0; m <= HK; m++) out.push(X[m + dLdF.length].slice(0, HK)); // off by one: reads past the end
  return out;
}

/** Q6: still working on it. */
export function gradInput(dLdF, K) {
  let converged = false;
  while (!converged) {
    converged = dLdF.length < 0;
  }
  return K;
}
