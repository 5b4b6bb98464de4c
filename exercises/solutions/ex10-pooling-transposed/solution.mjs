// ex10-pooling-transposed, staff solution (JavaScript), written from PyTorch's documentation.

/** Q1: PyTorch's pooling output size (floor, or ceil with the last window starting inside the input or left padding). */
export function poolOutputSize({ H, W, HK, WK, s, p, ceilMode }) {
  const length = (n, k) => {
    const out = (ceilMode ? Math.ceil((n + 2 * p - k) / s) : Math.floor((n + 2 * p - k) / s)) + 1;
    return ceilMode && (out - 1) * s >= n + p ? out - 1 : out;
  };
  return { HF: length(H, HK), WF: length(W, WK) };
}

/** Q2: the transposed-convolution output size. */
export function convTransposeOutputSize({ H, W, HK, WK, s, p, d, outputPadding }) {
  const length = (n, k) => (n - 1) * s - 2 * p + d * (k - 1) + outputPadding + 1;
  return { HF: length(H, HK), WF: length(W, WK) };
}

/** Q3: the full convolution of X dilated by s with K (the kernel stamped unflipped), cropped by p. */
export function convTranspose2d(X, K, { stride: s, padding: p }) {
  const HF = (X.length - 1) * s - 2 * p + K.length;
  const WF = (X[0].length - 1) * s - 2 * p + K[0].length;
  const Y = Array.from({ length: HF }, () => new Array(WF).fill(0));
  X.forEach((row, i) =>
    row.forEach((x, j) =>
      K.forEach((krow, m) =>
        krow.forEach((w, n) => {
          const r = i * s + m - p;
          const c = j * s + n - p;
          if (r >= 0 && r < HF && c >= 0 && c < WF) Y[r][c] += x * w;
        }),
      ),
    ),
  );
  return Y;
}

/** Q4: max-pool backward, ties to the first maximum in row-major order. */
export function maxPool2dBackward(X, dLdY, { kernel: k, stride: s }) {
  const dX = X.map((row) => row.map(() => 0));
  for (let i = 0; i < dLdY.length; i++) {
    for (let j = 0; j < dLdY[0].length; j++) {
      let [bi, bj] = [i * s, j * s];
      for (let m = 0; m < k; m++) for (let n = 0; n < k; n++) if (X[i * s + m][j * s + n] > X[bi][bj]) [bi, bj] = [i * s + m, j * s + n];
      dX[bi][bj] += dLdY[i][j];
    }
  }
  return dX;
}
