"""ex10-pooling-transposed, staff solution (Python with numpy), written from PyTorch's documentation."""
import math

import numpy as np


def pool_output_size(cfg):
    """Q1: PyTorch's pooling output size, floor or ceil mode (the last window starts inside the input or the left padding)."""
    def length(n, k):
        span = n + 2 * cfg["p"] - k
        out = (math.ceil(span / cfg["s"]) if cfg["ceilMode"] else span // cfg["s"]) + 1
        if cfg["ceilMode"] and (out - 1) * cfg["s"] >= n + cfg["p"]:
            out -= 1
        return out
    return {"HF": length(cfg["H"], cfg["HK"]), "WF": length(cfg["W"], cfg["WK"])}


def conv_transpose_output_size(cfg):
    """Q2: (H - 1)*s - 2p + d*(HK - 1) + output_padding + 1."""
    def length(n, k):
        return (n - 1) * cfg["s"] - 2 * cfg["p"] + cfg["d"] * (k - 1) + cfg["outputPadding"] + 1
    return {"HF": length(cfg["H"], cfg["HK"]), "WF": length(cfg["W"], cfg["WK"])}


def conv_transpose2d(X, K, opts):
    """Q3: every input pixel adds X[i, j] * K at [i*s - p, j*s - p]; the padding is cropped from the output."""
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    s, p = opts["stride"], opts["padding"]
    (H, W), (HK, WK) = X.shape, K.shape
    full = np.zeros(((H - 1) * s + HK, (W - 1) * s + WK))
    for i in range(H):
        for j in range(W):
            full[i * s:i * s + HK, j * s:j * s + WK] += X[i, j] * K
    return full[p:full.shape[0] - p, p:full.shape[1] - p]


def max_pool2d_backward(X, dLdY, opts):
    """Q4: each output's gradient to its window's first maximum in row-major order (np.argmax returns the first)."""
    X, G = np.asarray(X, dtype=float), np.asarray(dLdY, dtype=float)
    k, s = opts["kernel"], opts["stride"]
    dX = np.zeros_like(X)
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            window = X[i * s:i * s + k, j * s:j * s + k]
            m, n = np.unravel_index(np.argmax(window), window.shape)
            dX[i * s + m, j * s + n] += G[i, j]
    return dX
