"""ex10-pooling-transposed starter (Python). Fill in every TODO, then run
`npx convgrade check --exercise ex10-pooling-transposed`.

Return numpy arrays or nested lists; dicts for Q1 and Q2. Keep the function names exactly as
they are. PyTorch's conventions throughout (torch is not needed: numpy is enough).
"""
import numpy as np  # noqa: F401


def pool_output_size(cfg):
    """Q1: {"HF", "WF"} of max_pool2d / avg_pool2d; cfg = {H, W, HK, WK, s, p, ceilMode}."""
    raise NotImplementedError("TODO: Q1 pool_output_size")


def conv_transpose_output_size(cfg):
    """Q2: {"HF", "WF"} of conv_transpose2d; cfg = {H, W, HK, WK, s, p, d, outputPadding}."""
    raise NotImplementedError("TODO: Q2 conv_transpose_output_size")


def conv_transpose2d(X, K, opts):
    """Q3: conv_transpose2d of one channel X (H x W) with K (HK x WK); opts = {stride, padding}."""
    raise NotImplementedError("TODO: Q3 conv_transpose2d")


def max_pool2d_backward(X, dLdY, opts):
    """Q4: dL/dX through max pooling; opts = {kernel, stride}."""
    raise NotImplementedError("TODO: Q4 max_pool2d_backward")
