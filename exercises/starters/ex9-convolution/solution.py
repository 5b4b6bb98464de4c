"""ex9-convolution starter (Python). Fill in every TODO, then run `npx convgrade check`.

Return numpy arrays or nested lists; dicts for Q1. Keep the function names exactly as they are.
Tip: the Gaussian window lives in scipy.signal.windows (scipy.signal.gaussian was removed in SciPy 1.13).
"""
import numpy as np  # noqa: F401
from scipy.signal import convolve2d, correlate2d  # noqa: F401
from scipy.signal.windows import gaussian  # noqa: F401


def feature_map_size(cfg):
    """Q1: {"HF", "WF", "CF"} for cfg = {H, W, C, HK, WK, s, p}."""
    raise NotImplementedError("TODO: Q1 feature_map_size")


def conv_multiplications(cfg):
    """Q2: multiplications of a convolution layer with Cout filters."""
    raise NotImplementedError("TODO: Q2 conv_multiplications")


def fc_multiplications(cfg):
    """Q2: multiplications of a fully connected layer with the same number of outputs."""
    raise NotImplementedError("TODO: Q2 fc_multiplications")


def reduction_factor(cfg):
    """Q2: conv_multiplications / fc_multiplications."""
    raise NotImplementedError("TODO: Q2 reduction_factor")


def gaussian_blobs(cfg):
    """Q3: cfg = {size, points, std, window}; a size x size image made by one convolution."""
    raise NotImplementedError("TODO: Q3 gaussian_blobs")


def grad_kernel(dLdF, X):
    """Q5: dL/dK (single channel, stride 1, no padding)."""
    raise NotImplementedError("TODO: Q5 grad_kernel")


def grad_input(dLdF, K):
    """Q6: dL/dX (single channel, stride 1, no padding)."""
    raise NotImplementedError("TODO: Q6 grad_input")
