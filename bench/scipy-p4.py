#!/usr/bin/env python3
"""SciPy side of the P4 benchmark, driven line by line by bench/p4-scipy.ts.

Prints one JSON line on start ({"ready": true, versions}), then answers each request line
  {"H": 128, "W": 128, "HK": 11, "WK": 11, "padding": "valid"|"same", "op": "forward"|"dK"|"dX", "inner": n}
with {"seconds": total for n calls, "sum": ..., "sumsq": ..., "shape": [...]}, timed here with
time.perf_counter so the pipe is not measured. Single channel, float64:
  valid: forward correlate2d(X, K, 'valid'); dK correlate2d(X, G, 'valid'); dX convolve2d(G, K, 'full')
  same:  forward correlate2d(X, K, 'same');  dK correlate2d(pad(X, 24/25), G, 'valid');
         dX convolve2d(G, K, 'same')   (TF 'same' for an even kernel pads (k-1)//2 before)
Inputs are the same seeded values as bench/p4-shapes.ts (mulberry32), so answers can be checked.
"""
import json
import os
import platform
import sys
import time

import numpy as np
import scipy
from scipy.signal import convolve2d, correlate2d


def seeded_values(count: int, seed: int) -> np.ndarray:
    out = np.empty(count)
    state = seed & 0xFFFFFFFF
    mask = 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & mask

    for k in range(count):
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & mask
        out[k] = (((t ^ (t >> 14)) & mask) / 4294967296) * 2 - 1
    return out


_cache: dict = {}


def workload(req: dict):
    key = (req['H'], req['W'], req['HK'], req['WK'], req['padding'])
    if key not in _cache:
        h, w, hk, wk, padding = key
        before = (hk - 1) // 2 if padding == 'same' else 0
        after = (hk - 1 - before) if padding == 'same' else 0
        before_w = (wk - 1) // 2 if padding == 'same' else 0
        after_w = (wk - 1 - before_w) if padding == 'same' else 0
        hf, wf = h + before + after - hk + 1, w + before_w + after_w - wk + 1
        x = seeded_values(h * w, 1).reshape(h, w)
        k = seeded_values(hk * wk, 2).reshape(hk, wk)
        g = seeded_values(hf * wf, 3).reshape(hf, wf)
        if padding == 'same':
            ops = {
                'forward': lambda: correlate2d(x, k, 'same'),
                'dK': lambda: correlate2d(np.pad(x, ((before, after), (before_w, after_w))), g, 'valid'),
                'dX': lambda: convolve2d(g, k, 'same'),
            }
        else:
            ops = {
                'forward': lambda: correlate2d(x, k, 'valid'),
                'dK': lambda: correlate2d(x, g, 'valid'),
                'dX': lambda: convolve2d(g, k, 'full'),
            }
        _cache[key] = ops
    return _cache[key]


def main() -> None:
    hello = {
        'ready': True,
        'python': platform.python_version(),
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'openblas_coretype': os.environ.get('OPENBLAS_CORETYPE'),
    }
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        fn = workload(req)[req['op']]
        inner = int(req['inner'])
        start = time.perf_counter()
        for _ in range(inner):
            out = fn()
        seconds = time.perf_counter() - start
        reply = {'seconds': seconds, 'sum': float(out.sum()), 'sumsq': float((out * out).sum()), 'shape': list(out.shape)}
        print(json.dumps(reply), flush=True)


if __name__ == '__main__':
    main()
