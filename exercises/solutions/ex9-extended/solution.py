"""Staff solution of ex9-extended in Python (numpy), independent of reference/.

X is H x W x C, K is Cout x HK x WK x C, dLdF is HF x WF x Cout; forward is cross-correlation.
"""
import numpy as np


def output_size(cfg):
    H, W, HK, WK, s, p, d = (cfg[k] for k in ("H", "W", "HK", "WK", "s", "p", "d"))
    return {"HF": (H + 2 * p - d * (HK - 1) - 1) // s + 1, "WF": (W + 2 * p - d * (WK - 1) - 1) // s + 1}


def _geometry(X, K, opts):
    opts = opts or {}
    s, p, d = opts.get("stride", 1), opts.get("padding", 0), opts.get("dilation", 1)
    H, W, _ = X.shape
    _, HK, WK, _ = K.shape
    size = output_size({"H": H, "W": W, "HK": HK, "WK": WK, "s": s, "p": p, "d": d})
    return s, p, d, size["HF"], size["WF"]


def conv2d(X, K, opts=None):
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    s, p, d, HF, WF = _geometry(X, K, opts)
    Xp = np.pad(X, ((p, p), (p, p), (0, 0)))
    Cout, HK, WK, _ = K.shape
    F = np.zeros((HF, WF, Cout))
    for m in range(HK):
        for n in range(WK):
            patch = Xp[m * d : m * d + s * (HF - 1) + 1 : s, n * d : n * d + s * (WF - 1) + 1 : s, :]
            F += np.einsum("ijc,oc->ijo", patch, K[:, m, n, :])
    return F


def conv2d_backward(X, K, dLdF, opts=None):
    X, K, G = np.asarray(X, dtype=float), np.asarray(K, dtype=float), np.asarray(dLdF, dtype=float)
    s, p, d, HF, WF = _geometry(X, K, opts)
    Xp = np.pad(X, ((p, p), (p, p), (0, 0)))
    dXp = np.zeros_like(Xp)
    Cout, HK, WK, _ = K.shape
    dK = np.zeros_like(K)
    for m in range(HK):
        for n in range(WK):
            rows = slice(m * d, m * d + s * (HF - 1) + 1, s)
            cols = slice(n * d, n * d + s * (WF - 1) + 1, s)
            dK[:, m, n, :] = np.einsum("ijo,ijc->oc", G, Xp[rows, cols, :])
            dXp[rows, cols, :] += np.einsum("ijo,oc->ijc", G, K[:, m, n, :])
    H, W = X.shape[0], X.shape[1]
    return {"dX": dXp[p : p + H, p : p + W, :], "dK": dK}
