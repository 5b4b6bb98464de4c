"""Staff solution of ex9-convolution in Python (numpy + SciPy >= 1.13), independent of reference/."""
import numpy as np
from scipy.signal import convolve2d, correlate2d
from scipy.signal.windows import gaussian


def feature_map_size(cfg):
    H, W, HK, WK, s, p = (cfg[k] for k in ("H", "W", "HK", "WK", "s", "p"))
    return {"HF": (H - HK + 2 * p) // s + 1, "WF": (W - WK + 2 * p) // s + 1, "CF": 1}


def conv_multiplications(cfg):
    size = feature_map_size(cfg)
    return cfg["Cout"] * size["HF"] * size["WF"] * cfg["HK"] * cfg["WK"] * cfg["C"]


def fc_multiplications(cfg):
    size = feature_map_size(cfg)
    return cfg["Cout"] * size["HF"] * size["WF"] * cfg["H"] * cfg["W"] * cfg["C"]


def reduction_factor(cfg):
    return cfg["HK"] * cfg["WK"] / (cfg["H"] * cfg["W"])


def gaussian_blobs(cfg):
    # The canvas has one 1 per distinct point, so convolve2d(canvas, outer(g, g), mode="same") is
    # a sum of one shifted outer(g, g) per point: row i of the blob at (pi, pj) is
    # g[i + (window - 1) // 2 - pi] (zero outside the window), and likewise for columns. Built that
    # way it costs points × size², not size² × window² as the dense 2-D convolution does.
    size, window = cfg["size"], cfg["window"]
    g = gaussian(window, cfg["std"])
    offset = (window - 1) // 2
    index = np.arange(size)

    def taps(p):
        k = index + offset - p
        return np.where((k >= 0) & (k < window), g[np.clip(k, 0, window - 1)], 0.0)

    out = np.zeros((size, size))
    for i, j in {(int(i), int(j)) for i, j in cfg["points"]}:
        out += np.outer(taps(i), taps(j))
    return out


def grad_kernel(dLdF, X):
    return correlate2d(np.asarray(X, dtype=float), np.asarray(dLdF, dtype=float), mode="valid")


def grad_input(dLdF, K):
    return convolve2d(np.asarray(dLdF, dtype=float), np.asarray(K, dtype=float), mode="full")
