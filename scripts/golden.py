#!/usr/bin/env python3
"""Golden vectors for the reference, computed by NumPy and SciPy.

Writes test/fixtures/golden/<function>.json, one file per reference function:

    {"function": "convolve2d", "generator": ..., "cases": [
      {"name": "...", "args": [...], "expected": ...},          # a value the reference must return
      {"name": "...", "args": [...], "error": "ValueError: ..."} # SciPy refuses: the reference must throw
    ]}

`args` is the argument list of the TypeScript function (nested arrays, option objects).
Floats are written by Python's json (shortest repr), so they round-trip exactly.

Independence from the reference: SciPy gives convolve2d/correlate2d/windows.gaussian and the
Gaussian blobs; conv2d and its gradients are explicit loops over the forward definition
(dK and dX accumulate G[i, j, o] times what the forward multiplied), checked here against
SciPy (stride 1) and the adjoint identity <conv(X, K), G> = <X, dX> = <K, dK>. Sizes are
counted by brute force (window positions), not by the closed formula.

Pooling and transposed convolution follow PyTorch (not installed here): its size rules and
CPU kernels are transcribed into NumPy loops (see the pooling section), errors are PyTorch's
refusals with its messages, and conv_transpose2d is checked as the adjoint of conv2d above.

Deterministic: one seeded generator, cases drawn in a fixed order. Run: npm run golden
"""
from __future__ import annotations

import json
import math
import re
import sys
import zlib
from pathlib import Path

import numpy as np
import scipy
from scipy.signal import convolve2d, correlate2d
from scipy.signal.windows import gaussian

SEED = 20240417
OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'golden'
rng = np.random.default_rng(SEED)


def section(tag: str) -> None:
    """One generator per section, so adding cases to one file leaves the others unchanged."""
    global rng
    rng = np.random.default_rng([SEED, zlib.crc32(tag.encode())])


def rand(*shape: int) -> np.ndarray:
    return rng.uniform(-3.0, 3.0, size=shape)


def nested(a: np.ndarray) -> list:
    return np.asarray(a, dtype=np.float64).tolist()


def write(function: str, cases: list[dict]) -> int:
    names = [c['name'] for c in cases]
    assert len(names) == len(set(names)), f'duplicate case names in {function}'
    header = {
        'function': function,
        'generator': 'scripts/golden.py',
        'seed': SEED,
        'numpy': np.__version__,
        'scipy': scipy.__version__,
    }
    head = json.dumps(header)[:-1]
    body = ',\n'.join(json.dumps(c, allow_nan=False) for c in cases)
    path = OUT / (re.sub(r'(?<!^)(?=[A-Z])', '-', function).lower() + '.json')
    path.write_text(f'{head}, "cases": [\n{body}\n]}}\n')
    return path.stat().st_size


# ---------------------------------------------------------------- convolve2d / correlate2d

def scipy_cases(fn, fname: str) -> list[dict]:
    """Every mode x boundary on odd, even, non-square and oversized kernels."""
    shapes = [
        ('odd3x3', (6, 7), (3, 3)),
        ('even2x2', (5, 6), (2, 2)),
        ('even4x4', (7, 8), (4, 4)),
        ('nonsquare2x3', (6, 5), (2, 3)),
        ('nonsquare3x4', (8, 6), (3, 4)),
        ('nonsquare5x2', (7, 9), (5, 2)),
        ('row1x4', (4, 6), (1, 4)),
        ('col3x1', (5, 4), (3, 1)),
        ('kernel1x1', (3, 4), (1, 1)),
        ('equal5x5', (5, 5), (5, 5)),
        ('larger-both5x6-image3x4', (3, 4), (5, 6)),
        ('larger-both6x6-image2x2', (2, 2), (6, 6)),
        ('larger-rows5x2-image3x6', (3, 6), (5, 2)),
        ('larger-cols2x7-image4x3', (4, 3), (2, 7)),
        ('wider-than-2x-image9x9-image3x3', (3, 3), (9, 9)),
    ]
    section(fname)
    cases: list[dict] = []
    for label, ishape, kshape in shapes:
        a, k = rand(*ishape), rand(*kshape)
        for mode in ('full', 'same', 'valid'):
            for boundary, fill in (('fill', 0.0), ('fill', 1.5), ('wrap', 0.0), ('symm', 0.0)):
                tag = boundary if fill == 0.0 else f'fill{fill}'
                case = {'name': f'{label} {mode} {tag}', 'args': [nested(a), nested(k), mode, boundary, fill]}
                try:
                    case['expected'] = nested(fn(a, k, mode=mode, boundary=boundary, fillvalue=fill))
                except ValueError as error:
                    case['error'] = f'ValueError: {error}'
                cases.append(case)
    # Defaults (mode 'full', boundary 'fill', fillvalue 0) when trailing arguments are omitted.
    a, k = rand(4, 5), rand(2, 3)
    cases.append({'name': 'defaults full', 'args': [nested(a), nested(k)], 'expected': nested(fn(a, k))})
    cases.append({'name': 'defaults same', 'args': [nested(a), nested(k), 'same'],
                  'expected': nested(fn(a, k, 'same'))})
    cases.append({'name': 'defaults symm', 'args': [nested(a), nested(k), 'same', 'symm'],
                  'expected': nested(fn(a, k, 'same', 'symm'))})
    # Integer-valued inputs: every answer is exact, so any off-by-one shows plainly.
    a = np.arange(1.0, 21.0).reshape(4, 5)
    k = np.array([[1.0, 2.0], [3.0, 4.0]])
    for mode in ('full', 'same', 'valid'):
        cases.append({'name': f'integers even kernel {mode}', 'args': [nested(a), nested(k), mode],
                      'expected': nested(fn(a, k, mode))})
    print(f'{fname}: {len(cases)} cases', file=sys.stderr)
    return cases


# ---------------------------------------------------------------- Gaussian window and blobs

def window_cases() -> list[dict]:
    params = [(1, 1.0), (2, 1.0), (3, 0.5), (6, 1.5), (7, 2.0), (10, 0.7), (11, 3.0),
              (50, 5.0), (51, 5.0), (64, 8.0), (24, 25.0)]
    return [{'name': f'M={m} std={std}', 'args': [m, std], 'expected': gaussian(m, std).tolist()}
            for m, std in params]


def blobs(size: int, points: list[list[int]], std: float, window: int) -> np.ndarray:
    canvas = np.zeros((size, size))
    for i, j in points:
        canvas[i, j] = 1.0
    g = gaussian(window, std)
    return convolve2d(canvas, np.outer(g, g), mode='same')


def blob_cases() -> list[dict]:
    params = [
        ('sheet window 50 std 5 on 50x50', 50, [[12, 30], [37, 9]], 5.0, 50),
        ('sheet window 50 std 5 on 64x64', 64, [[16, 40], [45, 20], [50, 52]], 5.0, 50),
        ('even window 6', 24, [[5, 17], [18, 6]], 1.5, 6),
        ('even window 8 one point', 30, [[9, 21]], 2.0, 8),
        ('odd window 7', 24, [[4, 15], [19, 8]], 1.5, 7),
        ('odd window 9 three points', 40, [[5, 6], [20, 30], [33, 12]], 2.5, 9),
        ('window equals size odd', 31, [[10, 20]], 4.0, 31),
        ('window equals size even', 32, [[11, 23]], 6.0, 32),
        ('points on edges even', 26, [[0, 3], [25, 22]], 3.0, 10),
        ('points on corners odd', 25, [[0, 0], [24, 24], [0, 24]], 2.0, 11),
        ('std 8 window 20', 48, [[13, 35], [36, 14]], 8.0, 20),
        ('std 1.5 window 12', 36, [[7, 25]], 1.5, 12),
    ]
    cases = []
    for name, size, points, std, window in params:
        cfg = {'size': size, 'points': points, 'std': std, 'window': window}
        cases.append({'name': name, 'args': [cfg], 'expected': nested(blobs(size, points, std, window))})
    return cases


# ---------------------------------------------------------------- sheet gradients, single channel

def grad_kernel_loops(dldf: np.ndarray, x: np.ndarray) -> np.ndarray:
    hf, wf = dldf.shape
    hk, wk = x.shape[0] - hf + 1, x.shape[1] - wf + 1
    dk = np.zeros((hk, wk))
    for i in range(hf):
        for j in range(wf):
            dk += dldf[i, j] * x[i:i + hk, j:j + wk]
    return dk


def grad_input_loops(dldf: np.ndarray, k: np.ndarray) -> np.ndarray:
    hf, wf = dldf.shape
    hk, wk = k.shape
    dx = np.zeros((hf + hk - 1, wf + wk - 1))
    for i in range(hf):
        for j in range(wf):
            dx[i:i + hk, j:j + wk] += dldf[i, j] * k
    return dx


def sheet_gradient_cases() -> tuple[list[dict], list[dict]]:
    shapes = [((5, 5), (3, 3)), ((6, 8), (2, 3)), ((7, 5), (4, 2)), ((3, 3), (1, 1)),
              ((4, 9), (1, 5)), ((9, 4), (5, 1)), ((12, 12), (5, 5)), ((3, 12), (3, 4)),
              ((8, 8), (4, 4)), ((10, 7), (3, 5))]
    section('sheet-gradients')
    gk, gi = [], []
    for (h, w), (hk, wk) in shapes:
        x, k = rand(h, w), rand(hk, wk)
        g = rand(h - hk + 1, w - wk + 1)
        dk = grad_kernel_loops(g, x)
        dx = grad_input_loops(g, k)
        assert np.allclose(dk, correlate2d(x, g, 'valid'), rtol=1e-12, atol=1e-12)
        assert np.allclose(dx, convolve2d(g, k, 'full'), rtol=1e-12, atol=1e-12)
        # <corr_valid(X, K), G> = <K, dK> = <X, dX>
        f = correlate2d(x, k, 'valid')
        assert math.isclose(np.sum(f * g), np.sum(k * dk), rel_tol=1e-11, abs_tol=1e-11)
        assert math.isclose(np.sum(f * g), np.sum(x * dx), rel_tol=1e-11, abs_tol=1e-11)
        label = f'X {h}x{w} K {hk}x{wk}'
        gk.append({'name': label, 'args': [nested(g), nested(x)], 'expected': nested(dk)})
        gi.append({'name': label, 'args': [nested(g), nested(k)], 'expected': nested(dx)})
    return gk, gi


# ---------------------------------------------------------------- conv2d with stride/padding/dilation

def out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    """Window positions counted one by one: start i*s, last tap i*s + d*(k-1) inside n + 2p."""
    count = 0
    while count * s + d * (k - 1) < n + 2 * p:
        count += 1
    return count


def conv2d_loops(x, k, s, p, d):
    h, w, c = x.shape
    cout, hk, wk, _ = k.shape
    hf, wf = out_len(h, hk, s, p, d), out_len(w, wk, s, p, d)
    xp = np.zeros((h + 2 * p, w + 2 * p, c))
    xp[p:p + h, p:p + w] = x
    f = np.zeros((hf, wf, cout))
    for i in range(hf):
        for j in range(wf):
            for o in range(cout):
                acc = 0.0
                for m in range(hk):
                    for n in range(wk):
                        for ch in range(c):
                            acc += xp[i * s + m * d, j * s + n * d, ch] * k[o, m, n, ch]
                f[i, j, o] = acc
    return f


def conv2d_backward_loops(x, k, g, s, p, d):
    h, w, c = x.shape
    cout, hk, wk, _ = k.shape
    hf, wf, _ = g.shape
    xp = np.zeros((h + 2 * p, w + 2 * p, c))
    xp[p:p + h, p:p + w] = x
    dxp = np.zeros_like(xp)
    dk = np.zeros_like(k)
    for i in range(hf):
        for j in range(wf):
            for o in range(cout):
                for m in range(hk):
                    for n in range(wk):
                        for ch in range(c):
                            r, q = i * s + m * d, j * s + n * d
                            dk[o, m, n, ch] += g[i, j, o] * xp[r, q, ch]
                            dxp[r, q, ch] += g[i, j, o] * k[o, m, n, ch]
    return dxp[p:p + h, p:p + w], dk


# (label, H, W, C, Cout, HK, WK, stride, padding, dilation, how the options are passed)
CONV_CONFIGS = [
    ('defaults no opts', 5, 6, 2, 3, 3, 3, 1, 0, 1, 'none'),
    ('empty opts', 4, 5, 1, 1, 2, 3, 1, 0, 1, 'empty'),
    ('C1 Cout1 1x1', 4, 3, 1, 1, 1, 1, 1, 0, 1, 'full'),
    ('C3 Cout2 nonsquare 2x3', 6, 7, 3, 2, 2, 3, 1, 0, 1, 'full'),
    ('C1 Cout4', 6, 6, 1, 4, 3, 3, 1, 1, 1, 'full'),
    ('C4 Cout1', 5, 7, 4, 1, 3, 2, 1, 0, 1, 'full'),
    ('stride 2 remainder 0x1', 7, 8, 2, 3, 3, 3, 2, 0, 1, 'full'),
    ('stride 2 remainder 1x1', 8, 6, 2, 2, 3, 2, 2, 0, 1, 'full'),
    ('stride 3 remainder 1x2', 10, 11, 1, 2, 3, 3, 3, 0, 1, 'full'),
    ('stride 2 only', 9, 7, 3, 2, 3, 3, 2, 0, 1, 'stride'),
    ('padding 1', 5, 5, 2, 3, 3, 3, 1, 1, 1, 'full'),
    ('padding 2 even kernel', 4, 6, 2, 3, 2, 4, 1, 2, 1, 'full'),
    ('padding larger than kernel', 3, 4, 1, 2, 2, 2, 1, 3, 1, 'full'),
    ('padding 1 only', 5, 4, 2, 2, 3, 3, 1, 1, 1, 'padding'),
    ('dilation 2', 8, 9, 2, 3, 3, 3, 1, 0, 2, 'full'),
    ('dilation 2 only', 7, 8, 3, 2, 2, 3, 1, 0, 2, 'dilation'),
    ('dilation 3 padding 2', 6, 7, 1, 2, 3, 2, 1, 2, 3, 'full'),
    ('stride 2 padding 1', 7, 7, 3, 4, 3, 3, 2, 1, 1, 'full'),
    ('stride 2 padding 1 dilation 2 nonsquare', 9, 8, 3, 2, 3, 2, 2, 1, 2, 'full'),
    ('stride 3 padding 2 dilation 2 remainder', 11, 10, 2, 3, 2, 3, 3, 2, 2, 'full'),
    ('stride 2 dilation 3 remainder', 12, 11, 2, 2, 2, 2, 2, 0, 3, 'full'),
    ('stride 4 padding 3', 9, 10, 1, 2, 4, 3, 4, 3, 1, 'full'),
    ('kernel covers padded image', 3, 3, 2, 2, 5, 5, 1, 1, 1, 'full'),
    ('all options', 10, 9, 4, 3, 3, 3, 2, 2, 2, 'full'),
]


def opts_for(how: str, s: int, p: int, d: int):
    if how == 'none':
        return None
    if how == 'empty':
        return {}
    if how == 'stride':
        return {'stride': s}
    if how == 'padding':
        return {'padding': p}
    if how == 'dilation':
        return {'dilation': d}
    return {'stride': s, 'padding': p, 'dilation': d}


def conv_cases() -> tuple[list[dict], list[dict]]:
    section('conv2d')
    fwd, bwd = [], []
    for label, h, w, c, cout, hk, wk, s, p, d, how in CONV_CONFIGS:
        x, k = rand(h, w, c), rand(cout, hk, wk, c)
        f = conv2d_loops(x, k, s, p, d)
        assert f.shape[0] > 0 and f.shape[1] > 0, label
        if s == 1 and d == 1:
            xp = np.pad(x, ((p, p), (p, p), (0, 0)))
            for o in range(cout):
                ref = sum(correlate2d(xp[:, :, ch], k[o, :, :, ch], 'valid') for ch in range(c))
                assert np.allclose(f[:, :, o], ref, rtol=1e-12, atol=1e-12), label
        g = rand(*f.shape)
        dx, dk = conv2d_backward_loops(x, k, g, s, p, d)
        lhs = float(np.sum(f * g))
        assert math.isclose(lhs, float(np.sum(x * dx)), rel_tol=1e-11, abs_tol=1e-11), label
        assert math.isclose(lhs, float(np.sum(k * dk)), rel_tol=1e-11, abs_tol=1e-11), label
        opts = opts_for(how, s, p, d)
        tail = [] if opts is None else [opts]
        fwd.append({'name': label, 'args': [nested(x), nested(k), *tail], 'expected': nested(f)})
        bwd.append({'name': label, 'args': [nested(x), nested(k), nested(g), *tail],
                    'expected': {'dX': nested(dx), 'dK': nested(dk)}})
    return fwd, bwd


# ---------------------------------------------------------------- sizes and counts

# (H, W, C, HK, WK, s, p, Cout): s divides H - HK + 2p and W - WK + 2p, as the sheet assumes.
SHEET_CONFIGS = [
    (32, 32, 3, 5, 5, 1, 0, 6),
    (28, 28, 1, 3, 3, 1, 1, 16),
    (64, 48, 3, 7, 5, 1, 2, 8),
    (11, 13, 4, 3, 5, 2, 1, 3),
    (22, 17, 2, 5, 3, 3, 2, 5),
    (40, 26, 8, 4, 6, 4, 2, 64),
    (5, 7, 1, 1, 3, 2, 0, 1),
    (9, 6, 6, 7, 2, 2, 1, 2),
    (16, 16, 3, 2, 2, 2, 0, 32),
]


def sheet_size_cases() -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    fms, conv, fc, red = [], [], [], []
    for h, w, c, hk, wk, s, p, cout in SHEET_CONFIGS:
        assert (h - hk + 2 * p) % s == 0 and (w - wk + 2 * p) % s == 0
        hf, wf = out_len(h, hk, s, p, 1), out_len(w, wk, s, p, 1)
        cfg = {'H': h, 'W': w, 'C': c, 'HK': hk, 'WK': wk, 's': s, 'p': p}
        label = f'H{h} W{w} C{c} K{hk}x{wk} s{s} p{p}'
        fms.append({'name': label, 'args': [cfg], 'expected': {'HF': hf, 'WF': wf, 'CF': 1}})
        cfg_out = {**cfg, 'Cout': cout}
        label_out = f'{label} Cout{cout}'
        conv.append({'name': label_out, 'args': [cfg_out], 'expected': cout * hf * wf * hk * wk * c})
        fc.append({'name': label_out, 'args': [cfg_out], 'expected': cout * hf * wf * h * w * c})
        red.append({'name': label_out, 'args': [cfg_out], 'expected': (hk * wk) / (h * w)})
    return fms, conv, fc, red


OUTPUT_SIZE_CONFIGS = [
    (32, 32, 3, 3, 1, 1, 1), (7, 8, 3, 3, 2, 0, 1), (10, 11, 3, 3, 3, 0, 1),
    (8, 9, 3, 3, 1, 0, 2), (11, 10, 2, 3, 3, 2, 2), (12, 11, 2, 2, 2, 0, 3),
    (64, 48, 5, 7, 2, 3, 1), (13, 17, 4, 2, 4, 1, 3), (5, 5, 5, 5, 1, 0, 1),
    (3, 3, 5, 5, 1, 1, 1), (28, 20, 3, 5, 2, 1, 2), (9, 10, 4, 3, 4, 3, 1),
]


def output_size_cases() -> list[dict]:
    cases = []
    for h, w, hk, wk, s, p, d in OUTPUT_SIZE_CONFIGS:
        cfg = {'H': h, 'W': w, 'HK': hk, 'WK': wk, 's': s, 'p': p, 'd': d}
        expected = {'HF': out_len(h, hk, s, p, d), 'WF': out_len(w, wk, s, p, d)}
        assert expected['HF'] == (h + 2 * p - d * (hk - 1) - 1) // s + 1
        cases.append({'name': f'H{h} W{w} K{hk}x{wk} s{s} p{p} d{d}', 'args': [cfg], 'expected': expected})
    return cases


def helper_cases() -> dict[str, list[dict]]:
    """The expression language's tensor helpers against their NumPy counterparts."""
    section('helpers')
    files: dict[str, list[dict]] = {k: [] for k in
                                    ['rot180', 'flip', 'flipud', 'fliplr', 'transpose', 'pad', 'dilate',
                                     'outer', 'zeros', 'ones', 'sum', 'impulses']}
    for shape in [(3, 4), (2, 5, 3), (2, 3, 2, 2), (1, 1)]:
        a = rand(*shape)
        tag = 'x'.join(map(str, shape))
        files['rot180'].append({'name': tag, 'args': [nested(a)], 'expected': nested(np.rot90(a, 2))})
        files['flip'].append({'name': f'{tag} all axes', 'args': [nested(a)], 'expected': nested(np.flip(a))})
        files['flip'].append({'name': f'{tag} axis -1', 'args': [nested(a), -1], 'expected': nested(np.flip(a, -1))})
        files['flipud'].append({'name': tag, 'args': [nested(a)], 'expected': nested(np.flipud(a))})
        files['fliplr'].append({'name': tag, 'args': [nested(a)], 'expected': nested(np.fliplr(a))})
        files['transpose'].append({'name': f'{tag} reversed', 'args': [nested(a)], 'expected': nested(np.transpose(a))})
        axes = list(np.roll(np.arange(a.ndim), 1))
        files['transpose'].append({'name': f'{tag} axes {axes}', 'args': [nested(a), [int(v) for v in axes]],
                                   'expected': nested(np.transpose(a, axes))})
        files['pad'].append({'name': f'{tag} 2, 1', 'args': [nested(a), 2, 1],
                             'expected': nested(np.pad(a, [(2, 2), (1, 1)] + [(0, 0)] * (a.ndim - 2)))})
        widths = [[int(i % 2), int(i % 3)] for i in range(a.ndim)]
        files['pad'].append({'name': f'{tag} widths {widths}', 'args': [nested(a), widths], 'expected': nested(np.pad(a, widths))})
        for step in (1, 3):
            out = np.zeros(((shape[0] - 1) * step + 1, (shape[1] - 1) * step + 1) + shape[2:])
            out[::step, ::step] = a
            files['dilate'].append({'name': f'{tag} s{step}', 'args': [nested(a), step], 'expected': nested(out)})
        files['sum'].append({'name': f'{tag} all', 'args': [nested(a)], 'expected': float(np.sum(a))})
        files['sum'].append({'name': f'{tag} axis 1', 'args': [nested(a), 1], 'expected': nested(np.sum(a, axis=1))})
    files['flip'].append({'name': 'rank-4 axes [1, 2]', 'args': [nested(rand(2, 3, 2, 2)), [1, 2]], 'expected': None})
    files['flip'][-1]['expected'] = nested(np.flip(np.asarray(files['flip'][-1]['args'][0]), (1, 2)))
    files['flip'].append({'name': 'axis out of range', 'args': [nested(rand(2, 2)), 2], 'error': 'AxisError'})
    files['transpose'].append({'name': 'not a permutation', 'args': [nested(rand(2, 3)), [0, 0]], 'error': 'ValueError'})
    files['pad'].append({'name': 'negative width', 'args': [nested(rand(2, 3)), -1, 0], 'error': 'ValueError'})
    files['sum'].append({'name': 'vector', 'args': [nested(rand(5))], 'expected': None})
    files['sum'][-1]['expected'] = float(np.sum(files['sum'][-1]['args'][0]))
    for n, m in [(1, 1), (4, 3), (6, 6)]:
        u, v = rand(n), rand(m)
        files['outer'].append({'name': f'{n} by {m}', 'args': [nested(u), nested(v)], 'expected': nested(np.outer(u, v))})
    for dims in [(3,), (2, 4), (2, 3, 1), (1, 2, 2, 2)]:
        tag = 'x'.join(map(str, dims))
        files['zeros'].append({'name': tag, 'args': list(dims), 'expected': nested(np.zeros(dims))})
        files['ones'].append({'name': tag, 'args': list(dims), 'expected': nested(np.ones(dims))})
    files['zeros'].append({'name': 'zero size', 'args': [0, 3], 'error': 'ValueError'})
    for size, points in [(5, [[0, 0]]), (8, [[2, 5], [7, 1], [2, 5]]), (3, [[1, 2], [2, 1]])]:
        canvas = np.zeros((size, size))
        for i, j in points:
            canvas[i, j] = 1
        files['impulses'].append({'name': f'{size} {points}', 'args': [size, points], 'expected': nested(canvas)})
    files['impulses'].append({'name': 'outside the canvas', 'args': [4, [[4, 0]]], 'error': 'IndexError'})
    return files
# ---------------------------------------------------------------- pooling (PyTorch semantics)
#
# PyTorch is not installed here, so these follow its source, transcribed rather than called:
# sizes from pooling_output_shape (aten/src/ATen/native/Pool.h), max pooling from the CPU kernel
# (cpu/MaxPoolKernel.cpp: taps outside the input never win, the running maximum is replaced
# only when strictly greater, so the first maximum in row-major order wins), average pooling
# from cpu/AvgPoolKernel.cpp (window clipped to the padded input; divisor = that clipped size
# with count_include_pad, else the number of inputs summed). The loops below are written
# differently from the reference: an explicitly padded array, np.argmax (first occurrence) and
# masks instead of bounds checks.

def pool_len_torch(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    """pooling_output_shape_pad_lr with pad_l = pad_r = p (// rounds toward -inf, as div_rtn)."""
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= n + p:
        out -= 1
    return out


def pool_len_windows(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    """The same count by window positions, for a window that fits the padded input: floor mode
    counts windows wholly inside it; ceil mode adds windows until one reaches its last element,
    then drops those that start in the right padding."""
    last, extent = n + 2 * p - 1, d * (k - 1)
    count = 0
    while count * s + extent <= last:
        count += 1
    if ceil:
        while (count - 1) * s + extent < last:
            count += 1
        while (count - 1) * s >= n + p:
            count -= 1
    return count


def pool_error(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> str | None:
    """PyTorch's refusal for one axis, or None (pooling_output_shape and pool2d_shape_check)."""
    if p > ((k - 1) * d + 1) // 2:
        return 'RuntimeError: pad should be at most half of effective kernel size'
    if pool_len_torch(n, k, s, p, d, ceil) < 1:
        return 'RuntimeError: Output size is too small'
    return None


def pool_sizes(h, w, kh, kw, sh, sw, p, d, ceil):
    """(HF, WF, error): PyTorch's sizes, checked against the window count where the window fits."""
    error = pool_error(h, kh, sh, p, d, ceil) or pool_error(w, kw, sw, p, d, ceil)
    if error is not None:
        return 0, 0, error
    hf, wf = pool_len_torch(h, kh, sh, p, d, ceil), pool_len_torch(w, kw, sw, p, d, ceil)
    for n, k, s, out in ((h, kh, sh, hf), (w, kw, sw, wf)):
        if n + 2 * p - d * (k - 1) - 1 >= 0:
            assert out == pool_len_windows(n, k, s, p, d, ceil), (n, k, s, p, d, ceil)
    return hf, wf, None


def max_pool_loops(x, kh, kw, sh, sw, p, d, ceil):
    """(Y, argmax as (row, col) pairs, error) of PyTorch's max_pool2d on one plane."""
    h, w = x.shape
    hf, wf, error = pool_sizes(h, w, kh, kw, sh, sw, p, d, ceil)
    if error is not None:
        return None, None, error
    # -inf padding on every side, wide enough on the right/bottom for ceil-mode windows.
    extra_h, extra_w = hf * sh + d * kh, wf * sw + d * kw
    xp = np.full((p + h + extra_h, p + w + extra_w), -np.inf)
    xp[p:p + h, p:p + w] = x
    y = np.zeros((hf, wf))
    arg = []
    for i in range(hf):
        for j in range(wf):
            r0, c0 = i * sh, j * sw
            window = xp[r0:r0 + d * (kh - 1) + 1:d, c0:c0 + d * (kw - 1) + 1:d]
            flat = int(np.argmax(window))  # first occurrence of the maximum, row-major
            if not np.isfinite(window.flat[flat]):
                return None, None, 'RuntimeError: window covers only padding (PyTorch returns -inf)'
            m, n = divmod(flat, window.shape[1])
            y[i, j] = window[m, n]
            arg.append((r0 + m * d - p, c0 + n * d - p))
    return y, arg, None


def tied_windows(x, y, kh, kw, sh, sw, p, d) -> int:
    """How many windows hold their maximum more than once (where the tie rule decides)."""
    h, w = x.shape
    count = 0
    for (i, j), top in np.ndenumerate(y):
        taps = [x[r, c] for r in range(i * sh - p, i * sh - p + d * kh, d) if 0 <= r < h
                for c in range(j * sw - p, j * sw - p + d * kw, d) if 0 <= c < w]
        count += taps.count(top) > 1
    return count


def max_pool_backward_loops(x, g, kh, kw, sh, sw, p, d, ceil):
    _, arg, error = max_pool_loops(x, kh, kw, sh, sw, p, d, ceil)
    if error is not None:
        return None, error
    dx = np.zeros_like(x)
    for (r, c), value in zip(arg, g.ravel()):
        dx[r, c] += value
    return dx, None


def avg_pool_loops(x, kh, kw, sh, sw, p, ceil, include_pad):
    h, w = x.shape
    hf, wf, error = pool_sizes(h, w, kh, kw, sh, sw, p, 1, ceil)
    if error is not None:
        return None, error
    extra_h, extra_w = hf * sh + kh, wf * sw + kw
    xp = np.zeros((p + h + extra_h, p + w + extra_w))
    inside = np.zeros_like(xp)
    xp[p:p + h, p:p + w] = x
    inside[p:p + h, p:p + w] = 1.0
    y = np.zeros((hf, wf))
    for i in range(hf):
        for j in range(wf):
            r0, c0 = i * sh, j * sw
            r1, c1 = min(r0 + kh, h + 2 * p), min(c0 + kw, w + 2 * p)  # clipped to the padded input
            divisor = (r1 - r0) * (c1 - c0) if include_pad else inside[r0:r1, c0:c1].sum()
            y[i, j] = xp[r0:r1, c0:c1].sum() / divisor
    return y, None


# (label, H, W, opts, integer-valued X): opts as the TypeScript function takes them.
POOL_CONFIGS = [
    ('kernel 2 default stride', 4, 6, {'kernel': 2}, False),
    ('kernel 3 stride 1 overlapping', 5, 6, {'kernel': 3, 'stride': 1}, False),
    ('HK 2 WK 3 default stride', 6, 9, {'HK': 2, 'WK': 3}, False),
    ('HK 3 WK 1 stride 2', 7, 4, {'HK': 3, 'WK': 1, 'stride': 2}, False),
    ('stride 3 larger than kernel 2', 8, 9, {'kernel': 2, 'stride': 3}, False),
    ('stride 4 larger than kernel 1', 7, 9, {'kernel': 1, 'stride': 4}, False),
    ('padding 1 kernel 3 stride 2', 7, 6, {'kernel': 3, 'stride': 2, 'padding': 1}, False),
    ('padding 1 kernel 2 stride 1', 4, 5, {'kernel': 2, 'stride': 1, 'padding': 1}, False),
    ('padding 2 kernel 4 stride 3', 9, 8, {'kernel': 4, 'stride': 3, 'padding': 2}, False),
    ('kernel 1x1 stride 1 is the identity', 3, 4, {'kernel': 1, 'stride': 1}, False),
    ('kernel covers the image', 4, 5, {'HK': 4, 'WK': 5}, False),
    ('ceil mode partial last window', 5, 7, {'kernel': 2, 'ceilMode': True}, False),
    ('ceil mode same as floor when windows tile', 6, 8, {'kernel': 2, 'ceilMode': True}, False),
    ('ceil mode stride 3 kernel 2', 7, 8, {'kernel': 2, 'stride': 3, 'ceilMode': True}, False),
    ('ceil mode drops the window starting in the right padding', 5, 5,
     {'kernel': 2, 'stride': 2, 'padding': 1, 'ceilMode': True}, False),
    ('ceil mode drops in rows only', 5, 6, {'kernel': 2, 'stride': 2, 'padding': 1, 'ceilMode': True}, False),
    ('ceil mode drop kernel 3 stride 3 padding 1', 8, 11,
     {'kernel': 3, 'stride': 3, 'padding': 1, 'ceilMode': True}, False),
    ('ceil mode keeps a window starting in the input padding 1', 6, 7,
     {'kernel': 3, 'stride': 2, 'padding': 1, 'ceilMode': True}, False),
    ('ceil mode kernel larger than the input', 3, 3, {'kernel': 4, 'stride': 2, 'ceilMode': True}, False),
    ('floor mode with ceilMode false', 5, 7, {'kernel': 2, 'ceilMode': False}, False),
    ('integers ties kernel 2 stride 2', 6, 6, {'kernel': 2}, True),
    ('integers ties kernel 3 stride 1', 6, 7, {'kernel': 3, 'stride': 1}, True),
    ('integers ties kernel 3 stride 2 padding 1', 7, 7, {'kernel': 3, 'stride': 2, 'padding': 1}, True),
    ('integers ties HK 2 WK 3 stride 1 ceil', 5, 6, {'HK': 2, 'WK': 3, 'stride': 1, 'ceilMode': True}, True),
    ('integers ties ceil mode drop', 5, 5, {'kernel': 2, 'stride': 2, 'padding': 1, 'ceilMode': True}, True),
]

# Dilation is max pooling's only (PyTorch's avg_pool2d has none).
MAX_ONLY_CONFIGS = [
    ('dilation 2 kernel 2', 6, 7, {'kernel': 2, 'stride': 1, 'dilation': 2}, False),
    ('dilation 2 kernel 3 stride 2 padding 2', 8, 9, {'kernel': 3, 'stride': 2, 'padding': 2, 'dilation': 2}, False),
    ('dilation 3 kernel 2 ceil mode', 8, 10, {'kernel': 2, 'stride': 2, 'dilation': 3, 'ceilMode': True}, False),
    ('integers ties dilation 2', 7, 7, {'kernel': 2, 'stride': 1, 'dilation': 2}, True),
]

POOL_ERROR_CONFIGS = [
    ('padding more than half the window', 6, 6, {'kernel': 2, 'padding': 2}),
    ('padding 1 with a 1x1 window', 4, 4, {'kernel': 1, 'padding': 1}),
    ('window larger than the input', 3, 5, {'kernel': 4}),
    ('ceil mode window longer than the input at stride 1', 3, 3, {'kernel': 5, 'stride': 1, 'ceilMode': True}),
]


def pool_args(opts: dict) -> tuple[int, int, int, int, int, int, bool]:
    kh = opts.get('HK', opts.get('kernel'))
    kw = opts.get('WK', opts.get('kernel'))
    s = opts.get('stride')
    return (kh, kw, s or kh, s or kw, opts.get('padding', 0), opts.get('dilation', 1),
            bool(opts.get('ceilMode', False)))


def pool_input(h: int, w: int, integers: bool) -> np.ndarray:
    return rng.integers(-2, 3, size=(h, w)).astype(np.float64) if integers else rand(h, w)


def max_pool_cases() -> tuple[list[dict], list[dict]]:
    section('maxPool2d')
    fwd, bwd = [], []
    for label, h, w, opts, integers in POOL_CONFIGS + MAX_ONLY_CONFIGS:
        x = pool_input(h, w, integers)
        kh, kw, sh, sw, p, d, ceil = pool_args(opts)
        y, _, error = max_pool_loops(x, kh, kw, sh, sw, p, d, ceil)
        assert error is None, label
        if integers:
            assert tied_windows(x, y, kh, kw, sh, sw, p, d) > 0, f'{label}: no tied window'
        g = rng.integers(1, 6, size=y.shape).astype(np.float64) if integers else rand(*y.shape)
        dx, _ = max_pool_backward_loops(x, g, kh, kw, sh, sw, p, d, ceil)
        assert math.isclose(float(np.sum(y * g)), float(np.sum(x * dx)), rel_tol=1e-12, abs_tol=1e-12), label
        fwd.append({'name': label, 'args': [nested(x), opts], 'expected': nested(y)})
        bwd.append({'name': label, 'args': [nested(x), nested(g), opts], 'expected': nested(dx)})
    # Every tie broken the same way: a constant image sends each window's gradient to its first tap.
    x = np.full((4, 5), 2.0)
    g = np.arange(1.0, 7.0).reshape(2, 3)
    opts = {'kernel': 2, 'stride': 2, 'ceilMode': True}
    dx, _ = max_pool_backward_loops(x, g, 2, 2, 2, 2, 0, 1, True)
    bwd.append({'name': 'constant image first tap wins', 'args': [nested(x), nested(g), opts], 'expected': nested(dx)})
    x = np.full((5, 5), -1.0)
    opts = {'kernel': 3, 'stride': 1, 'padding': 1}
    y, _, _ = max_pool_loops(x, 3, 3, 1, 1, 1, 1, False)
    fwd.append({'name': 'negative constant with padding (padding is -inf, not 0)', 'args': [nested(x), opts],
                'expected': nested(y)})
    g = np.ones_like(y)
    dx, _ = max_pool_backward_loops(x, g, 3, 3, 1, 1, 1, 1, False)
    bwd.append({'name': 'negative constant with padding overlapping windows accumulate',
                'args': [nested(x), nested(g), opts], 'expected': nested(dx)})
    errors = POOL_ERROR_CONFIGS + [
        ('dilated window wholly in the padding', 2, 4, {'kernel': 2, 'stride': 1, 'padding': 2, 'dilation': 3}),
    ]
    for label, h, w, opts in errors:
        x = rand(h, w)
        _, _, error = max_pool_loops(x, *pool_args(opts))
        assert error is not None, label
        fwd.append({'name': label, 'args': [nested(x), opts], 'error': error})
        bwd.append({'name': label, 'args': [nested(x), [[1.0]], opts], 'error': error})
    return fwd, bwd


def avg_pool_cases() -> list[dict]:
    section('avgPool2d')
    cases = []
    for label, h, w, opts, integers in POOL_CONFIGS:
        x = pool_input(h, w, integers)
        kh, kw, sh, sw, p, _, ceil = pool_args(opts)
        for include in (None, True, False):
            if include is not None and p == 0 and not ceil:
                continue  # the divisor is the window either way
            full = opts if include is None else {**opts, 'countIncludePad': include}
            y, error = avg_pool_loops(x, kh, kw, sh, sw, p, ceil, include is not False)
            assert error is None, label
            tag = '' if include is None else f' countIncludePad {str(include).lower()}'
            cases.append({'name': label + tag, 'args': [nested(x), full], 'expected': nested(y)})
    for label, h, w, opts in POOL_ERROR_CONFIGS:
        x = rand(h, w)
        kh, kw, sh, sw, p, _, ceil = pool_args(opts)
        _, error = avg_pool_loops(x, kh, kw, sh, sw, p, ceil, True)
        assert error is not None, label
        cases.append({'name': label, 'args': [nested(x), opts], 'error': error})
    return cases


# (H, W, HK, WK, s or None for the default, p, d, ceil_mode)
POOL_SIZE_CONFIGS = [
    (32, 32, 2, 2, None, 0, 1, False), (32, 32, 2, 2, None, 0, 1, True), (7, 7, 2, 2, None, 0, 1, False),
    (7, 7, 2, 2, None, 0, 1, True), (5, 5, 2, 2, 2, 1, 1, True), (5, 5, 2, 2, 2, 1, 1, False),
    (6, 9, 2, 3, None, 0, 1, True), (8, 11, 3, 3, 3, 1, 1, True), (8, 11, 3, 3, 3, 1, 1, False),
    (10, 13, 3, 3, 2, 1, 1, True), (9, 9, 3, 3, 4, 0, 1, True), (9, 9, 3, 3, 4, 0, 1, False),
    (12, 10, 3, 2, 2, 1, 2, True), (12, 10, 3, 2, 2, 1, 2, False), (13, 17, 4, 2, 3, 1, 1, True),
    (3, 3, 4, 4, 2, 0, 1, True), (28, 20, 3, 5, 1, 1, 1, False), (64, 48, 3, 3, 2, 1, 1, True),
    (6, 7, 1, 1, 2, 0, 1, True), (11, 14, 2, 4, 3, 1, 3, True),
]

POOL_SIZE_ERRORS = [
    (6, 6, 2, 2, None, 2, 1, False), (4, 4, 1, 1, 1, 1, 1, True), (3, 5, 4, 4, None, 0, 1, False),
    (3, 3, 5, 5, 1, 0, 1, True), (5, 5, 3, 3, 1, 3, 2, False),
]


def pool_size_cases() -> list[dict]:
    cases = []
    drops = 0
    for h, w, kh, kw, s, p, d, ceil in POOL_SIZE_CONFIGS + POOL_SIZE_ERRORS:
        cfg = {'H': h, 'W': w, 'HK': kh, 'WK': kw}
        if s is not None:
            cfg['s'] = s
        cfg.update({'p': p, 'd': d, 'ceilMode': ceil})
        hf, wf, error = pool_sizes(h, w, kh, kw, s or kh, s or kw, p, d, ceil)
        name = f"H{h} W{w} K{kh}x{kw} s{s or 'default'} p{p} d{d} {'ceil' if ceil else 'floor'}"
        if error is not None:
            cases.append({'name': name, 'args': [cfg], 'error': error})
            continue
        ceiled = (h + 2 * p - d * (kh - 1) - 1 + (s or kh) - 1) // (s or kh) + 1
        drops += ceil and ceiled != hf
        cases.append({'name': name, 'args': [cfg], 'expected': {'HF': hf, 'WF': wf}})
    assert drops >= 2, 'the size cases must include ceil-mode drops'
    # Defaults: stride = the window, no padding, no dilation, floor mode.
    cases.append({'name': 'defaults H9 W10 K3x2', 'args': [{'H': 9, 'W': 10, 'HK': 3, 'WK': 2}],
                  'expected': {'HF': 3, 'WF': 5}})
    return cases


# ---------------------------------------------------------------- transposed convolution

def conv_transpose_loops(x, k, s, p, d, a):
    """PyTorch's conv_transpose2d for one channel: scatter x[i, j]*k into the uncropped output
    (stride s between inputs, dilation d between taps, output_padding a extra at the end), then
    crop p from each side."""
    h, w = x.shape
    kh, kw = k.shape
    full = np.zeros(((h - 1) * s + d * (kh - 1) + 1 + a, (w - 1) * s + d * (kw - 1) + 1 + a))
    for i in range(h):
        for j in range(w):
            full[i * s:i * s + d * (kh - 1) + 1:d, j * s:j * s + d * (kw - 1) + 1:d] += x[i, j] * k
    return full[p:full.shape[0] - p, p:full.shape[1] - p]


def conv_transpose_error(h, w, kh, kw, s, p, d, a) -> str | None:
    if a >= s and a >= d:
        return 'RuntimeError: output padding must be smaller than either stride or dilation'
    for n, k in ((h, kh), (w, kw)):
        if (n - 1) * s - 2 * p + d * (k - 1) + a + 1 < 1:
            return 'RuntimeError: Output size is too small'
    return None


# (label, H, W, HK, WK, s, p, d, output_padding, how the options are passed)
CONV_T_CONFIGS = [
    ('defaults no opts', 3, 4, 2, 3, 1, 0, 1, 0, 'none'),
    ('empty opts', 2, 3, 3, 2, 1, 0, 1, 0, 'empty'),
    ('stride 2', 3, 3, 3, 3, 2, 0, 1, 0, 'full'),
    ('stride 2 only', 4, 3, 2, 2, 2, 0, 1, 0, 'stride'),
    ('stride 3 larger than kernel 2', 3, 4, 2, 2, 3, 0, 1, 0, 'full'),
    ('stride 2 output padding 1', 3, 4, 3, 3, 2, 0, 1, 1, 'full'),
    ('stride 3 output padding 2', 2, 3, 2, 3, 3, 1, 1, 2, 'full'),
    ('padding 1', 4, 4, 3, 3, 1, 1, 1, 0, 'full'),
    ('padding 1 only', 3, 5, 3, 3, 1, 1, 1, 0, 'padding'),
    ('padding crops past the kernel reach', 4, 5, 2, 2, 1, 2, 1, 0, 'full'),
    ('dilation 2', 3, 3, 2, 3, 1, 0, 2, 0, 'full'),
    ('dilation 2 only', 3, 4, 3, 2, 1, 0, 2, 0, 'dilation'),
    ('dilation 3 output padding 2 (smaller than dilation)', 3, 3, 2, 2, 1, 0, 3, 2, 'full'),
    ('stride 2 padding 1 dilation 2', 4, 3, 3, 2, 2, 1, 2, 0, 'full'),
    ('all options', 4, 5, 3, 3, 2, 1, 2, 1, 'full'),
    ('kernel 1x1 stride 2', 3, 3, 1, 1, 2, 0, 1, 1, 'full'),
    ('input 1x1', 1, 1, 3, 2, 2, 0, 1, 0, 'full'),
    ('integers stride 2', 3, 3, 2, 2, 2, 0, 1, 0, 'integers'),
]

CONV_T_ERRORS = [
    ('output padding equal to the stride', 3, 3, 2, 2, 2, 0, 1, 2),
    ('output padding 1 at stride 1 dilation 1', 3, 3, 2, 2, 1, 0, 1, 1),
    ('padding leaves no output', 1, 2, 2, 2, 1, 1, 1, 0),
]


def conv_transpose_opts(how: str, s: int, p: int, d: int, a: int):
    if how == 'none':
        return None
    if how == 'empty':
        return {}
    if how in ('stride', 'padding', 'dilation'):
        return {how: {'stride': s, 'padding': p, 'dilation': d}[how]}
    return {'stride': s, 'padding': p, 'dilation': d, 'outputPadding': a}


def conv_transpose_cases() -> tuple[list[dict], list[dict]]:
    section('convTranspose2d')
    fwd, sizes = [], []
    for label, h, w, kh, kw, s, p, d, a, how in CONV_T_CONFIGS:
        if how == 'integers':
            x = rng.integers(-3, 4, size=(h, w)).astype(np.float64)
            k = rng.integers(-2, 3, size=(kh, kw)).astype(np.float64)
        else:
            x, k = rand(h, w), rand(kh, kw)
        assert conv_transpose_error(h, w, kh, kw, s, p, d, a) is None, label
        y = conv_transpose_loops(x, k, s, p, d, a)
        assert y.shape == ((h - 1) * s - 2 * p + d * (kh - 1) + a + 1, (w - 1) * s - 2 * p + d * (kw - 1) + a + 1)
        # Adjoint of conv2d: <convT(X, K), Z> = <X, conv2d(Z, K)> for any Z of the output's shape.
        z = rand(*y.shape)
        f = conv2d_loops(z[:, :, None], k[None, :, :, None], s, p, d)[:, :, 0]
        if f.shape == x.shape:
            assert math.isclose(float(np.sum(y * z)), float(np.sum(x * f)), rel_tol=1e-11, abs_tol=1e-11), label
        opts = conv_transpose_opts(how, s, p, d, a)
        tail = [] if opts is None else [opts]
        fwd.append({'name': label, 'args': [nested(x), nested(k), *tail], 'expected': nested(y)})
        cfg = {'H': h, 'W': w, 'HK': kh, 'WK': kw, 's': s, 'p': p, 'd': d, 'outputPadding': a}
        sizes.append({'name': label, 'args': [cfg], 'expected': {'HF': y.shape[0], 'WF': y.shape[1]}})
    for label, h, w, kh, kw, s, p, d, a in CONV_T_ERRORS:
        error = conv_transpose_error(h, w, kh, kw, s, p, d, a)
        assert error is not None, label
        opts = {'stride': s, 'padding': p, 'dilation': d, 'outputPadding': a}
        fwd.append({'name': label, 'args': [nested(rand(h, w)), nested(rand(kh, kw)), opts], 'error': error})
        cfg = {'H': h, 'W': w, 'HK': kh, 'WK': kw, 's': s, 'p': p, 'd': d, 'outputPadding': a}
        sizes.append({'name': label, 'args': [cfg], 'error': error})
    for h, w, kh, kw, s, p, d, a in [(32, 32, 4, 4, 2, 1, 1, 0), (7, 9, 3, 3, 2, 1, 1, 1), (16, 8, 5, 3, 3, 2, 2, 2),
                                     (5, 6, 2, 4, 4, 0, 1, 3), (10, 10, 3, 3, 1, 1, 3, 2)]:
        cfg = {'H': h, 'W': w, 'HK': kh, 'WK': kw, 's': s, 'p': p, 'd': d, 'outputPadding': a}
        hf = conv_transpose_loops(np.ones((h, 1)), np.ones((kh, 1)), s, p, d, a).shape[0]
        wf = conv_transpose_loops(np.ones((1, w)), np.ones((1, kw)), s, p, d, a).shape[1]
        sizes.append({'name': f'H{h} W{w} K{kh}x{kw} s{s} p{p} d{d} a{a}', 'args': [cfg],
                      'expected': {'HF': hf, 'WF': wf}})
    sizes.append({'name': 'defaults H4 W5 K3x2', 'args': [{'H': 4, 'W': 5, 'HK': 3, 'WK': 2}],
                  'expected': {'HF': 6, 'WF': 6}})
    return fwd, sizes


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[dict]] = {}
    files['convolve2d'] = scipy_cases(convolve2d, 'convolve2d')
    files['correlate2d'] = scipy_cases(correlate2d, 'correlate2d')
    files['gaussianWindow'] = window_cases()
    files['gaussianBlobs'] = blob_cases()
    files['gradKernel'], files['gradInput'] = sheet_gradient_cases()
    files['conv2d'], files['conv2dBackward'] = conv_cases()
    (files['featureMapSize'], files['convMultiplications'],
     files['fcMultiplications'], files['reductionFactor']) = sheet_size_cases()
    files['outputSize'] = output_size_cases()
    files.update(helper_cases())
    files['poolOutputSize'] = pool_size_cases()
    files['maxPool2d'], files['maxPool2dBackward'] = max_pool_cases()
    files['avgPool2d'] = avg_pool_cases()
    files['convTranspose2d'], files['convTransposeOutputSize'] = conv_transpose_cases()
    total = 0
    for function, cases in files.items():
        size = write(function, cases)
        total += size
        print(f'{function}: {len(cases)} cases, {size} bytes', file=sys.stderr)
    print(f'total {total} bytes in {OUT}', file=sys.stderr)


if __name__ == '__main__':
    main()
