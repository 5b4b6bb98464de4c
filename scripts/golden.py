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
    total = 0
    for function, cases in files.items():
        size = write(function, cases)
        total += size
        print(f'{function}: {len(cases)} cases, {size} bytes', file=sys.stderr)
    print(f'total {total} bytes in {OUT}', file=sys.stderr)


if __name__ == '__main__':
    main()
