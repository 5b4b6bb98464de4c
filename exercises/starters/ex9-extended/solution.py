"""ex9-extended starter (Python). X is H x W x C, K is Cout x HK x WK x C, dLdF is HF x WF x Cout.

Forward "convolution" is cross-correlation (no flip). Keep the function names exactly as they are.
"""
import numpy as np  # noqa: F401


def conv2d(X, K, opts=None):
    """x1: F (HF x WF x Cout); opts = {stride, padding, dilation}, defaults 1, 0, 1."""
    raise NotImplementedError("TODO: x1 conv2d")


def conv2d_backward(X, K, dLdF, opts=None):
    """x2: {"dX": ..., "dK": ...} with the shapes of X and K."""
    raise NotImplementedError("TODO: x2 conv2d_backward")


def output_size(cfg):
    """x3: {"HF", "WF"} for cfg = {H, W, HK, WK, s, p, d}."""
    raise NotImplementedError("TODO: x3 output_size")
