"""Generates the sample SubmissionResult fixtures for test/fixtures/results (run once, by hand)."""
import json, math
import numpy as np
from scipy.signal import convolve2d, correlate2d
from scipy.signal import windows

rng = np.random.default_rng(20240415)
OUT = '/work/main/test/fixtures/results'

QUESTIONS = [
    ('q1', 'Q1 feature map size', 2, 'function'),
    ('q2', 'Q2 computation cost', 2, 'function'),
    ('q3', 'Q3 Gaussian blobs by one convolution', 2, 'function'),
    ('q4', 'Q4 the linear CNN', 1, 'choice'),
    ('q5', 'Q5 gradient of the filter', 2, 'function'),
    ('q6', 'Q6 gradient of the input', 2, 'function'),
]
HINTS = {
    'q1.missing-plus-one': 'The output size counts kernel positions: (H − H_K + 2p)/s positions after the first one, so add 1 for the first.',
    'q2.fc-uses-kernel': 'A fully-connected layer connects every input pixel to every output: its count uses H·W·C, not the kernel size.',
    'q3.mode-full': "mode='full' returns (size + window − 1)² values; the sheet asks for mode='same', which keeps the canvas size.",
    'q5.flipped': 'dL/dK is a cross-correlation of X with dL/dF (no flip): dK[m][n] = Σ dLdF[i][j]·X[i+m][j+n]. scipy.signal.convolve2d flips the kernel; use correlate2d or slide without flipping.',
    'q6.not-rotated': 'dL/dX needs the kernel rotated by 180°: pad dL/dF by H_K−1 and correlate with rot180(K), which equals convolve2d(dLdF, K, mode="full").',
}


def num(x):
    x = float(x)
    if math.isnan(x):
        return {'$num': 'NaN'}
    if math.isinf(x):
        return {'$num': 'Infinity' if x > 0 else '-Infinity'}
    if x == 0 and math.copysign(1, x) < 0:
        return {'$num': '-0'}
    if x == int(x) and abs(x) < 2**53:
        return int(x)
    return x


def arr(a):
    return [[num(v) for v in row] for row in np.asarray(a)]


def cfg_q1():
    while True:
        H, W = rng.integers(5, 65, 2)
        HK, WK = rng.integers(1, 8, 2)
        p = int(rng.integers(0, 4)); s = int(rng.integers(1, 5)); C = int(rng.integers(1, 9))
        if (H - HK + 2 * p) % s == 0 and (W - WK + 2 * p) % s == 0:
            return dict(H=int(H), W=int(W), C=C, HK=int(HK), WK=int(WK), s=s, p=p)


def fm(c):
    return dict(HF=(c['H'] - c['HK'] + 2 * c['p']) // c['s'] + 1, WF=(c['W'] - c['WK'] + 2 * c['p']) // c['s'] + 1, CF=1)


def case(qid, n, per, status='passed', message='Correct', score=None, **extra):
    c = {'id': f'{qid}#{n}', 'status': status, 'score': per if score is None else score, 'maxScore': per, 'message': message}
    c.update(extra)
    return c


def q1_cases(public, wrong=None):
    out = []
    for n in range(1, 6):
        c = cfg_q1(); e = fm(c)
        if wrong == 'missing-plus-one':
            a = dict(HF=e['HF'] - 1, WF=e['WF'] - 1, CF=1)
            msg = (f"HF: expected {e['HF']}, got {a['HF']}; WF: expected {e['WF']}, got {a['WF']}" if public
                   else 'HF and WF are wrong (CF is right)')
            extra = dict(misconception='q1.missing-plus-one', hint=HINTS['q1.missing-plus-one'])
            cs = case('q1', n, 0.4, 'failed', msg, 0, **extra)
        else:
            a = e
            cs = case('q1', n, 0.4)
        if public:
            cs.update(inputs={'cfg': c}, expected=e, actual=a)
        out.append(cs)
    return out


def q2_cases(public, wrong=None):
    out = []
    for n in range(1, 6):
        c = cfg_q1(); c['Cout'] = int(rng.integers(1, 65)); f = fm(c)
        conv = c['Cout'] * f['HF'] * f['WF'] * c['HK'] * c['WK'] * c['C']
        fc = c['Cout'] * f['HF'] * f['WF'] * c['H'] * c['W'] * c['C']
        red = c['HK'] * c['WK'] / (c['H'] * c['W'])
        e = {'conv': conv, 'fc': fc, 'ratio': red}
        if wrong == 'fc-uses-kernel' and n in (2, 4):
            a = dict(e); a['fc'] = conv
            msg = f"fcMultiplications: expected {fc}, got {conv}"
            cs = case('q2', n, 0.4, 'failed', msg, 0, misconception='q2.fc-uses-kernel', hint=HINTS['q2.fc-uses-kernel'])
        else:
            a = e; cs = case('q2', n, 0.4)
        if public:
            cs.update(inputs={'cfg': c}, expected=e, actual=a)
        out.append(cs)
    return out


def blobs(size, points, std, window, mode='same'):
    canvas = np.zeros((size, size))
    for i, j in points:
        canvas[i, j] = 1
    g = windows.gaussian(window, std)
    return convolve2d(canvas, np.outer(g, g), mode=mode)


def q3_cases(public, wrong=None, sizes=(24, 26, 28, 30, 32)):
    out = []
    for n, size in enumerate(sizes, 1):
        window = int(rng.integers(6, 10)); std = round(float(rng.uniform(1.5, 3)), 2)
        pts = [[int(rng.integers(3, size - 3)), int(rng.integers(3, size - 3))] for _ in range(int(rng.integers(1, 4)))]
        inputs = {'cfg': {'size': size, 'points': pts, 'std': std, 'window': window}}
        e = blobs(size, pts, std, window)
        if wrong == 'mode-full' and n == 1:
            a = blobs(size, pts, std, window, 'full')
            full = size + window - 1
            msg = f"Wrong shape: expected {size}×{size}, got {full}×{full}"
            cs = case('q3', n, 0.4, 'failed', msg, 0, misconception='q3.mode-full', hint=HINTS['q3.mode-full'])
            if public:
                cs.update(inputs=inputs, expected=arr(e), actual=arr(a))
        elif wrong == 'mode-full':
            full = size + window - 1
            cs = case('q3', n, 0.4, 'failed', f"Wrong shape: expected {size}×{size}, got {full}×{full}", 0, misconception='q3.mode-full', hint=HINTS['q3.mode-full'])
            if public:
                cs.update(inputs=inputs)
        else:
            cs = case('q3', n, 0.4)
            if public:
                cs.update(inputs=inputs)
        out.append(cs)
    return out


def q4_cases(ok=True):
    if ok:
        return [case('q4', 1, 1, message='Correct: option (c)')]
    return [case('q4', 1, 1, 'failed', 'Chose option (a); a linear network cannot reach a lower training loss than logistic regression', 0)]


def q5_data():
    H, W = int(rng.integers(8, 13)), int(rng.integers(8, 13))
    HK, WK = int(rng.integers(4, 6)), int(rng.integers(4, 6))
    X = np.round(rng.uniform(-3, 3, (H, W)), 2)
    G = np.round(rng.uniform(-3, 3, (H - HK + 1, W - WK + 1)), 2)
    return X, G


def q5_cases(public, wrong=None, error=None):
    out = []
    for n in range(1, 6):
        X, G = q5_data()
        e = correlate2d(X, G, mode='valid')
        inputs = {'dLdF': arr(G), 'X': arr(X)}
        if error:
            cs = case('q5', n, 0.4, 'error', error, 0)
        elif wrong == 'flipped':
            a = convolve2d(X, G, mode='valid')
            d = np.abs(a - e); idx = np.argwhere(d > 1e-9)
            i, j = idx[0]
            msg = (f"Wrong value at [{i}][{j}]: expected {e[i, j]:.6g}, got {a[i, j]:.6g} "
                   f"({len(idx)} of {e.size} entries differ, max |diff| {d.max():.4g})")
            cs = case('q5', n, 0.4, 'failed', msg, 0, misconception='q5.flipped', hint=HINTS['q5.flipped'])
            if public:
                cs.update(inputs=inputs, expected=arr(e), actual=arr(a))
            out.append(cs); continue
        else:
            cs = case('q5', n, 0.4)
            a = e
        if public and not error:
            cs.update(inputs=inputs, expected=arr(e), actual=arr(a))
        elif public:
            cs.update(inputs=inputs)
        out.append(cs)
    return out


def q6_cases(public, wrong=None, timeout=False):
    out = []
    for n in range(1, 6):
        HF, WF = int(rng.integers(3, 7)), int(rng.integers(3, 7))
        HK, WK = int(rng.integers(2, 4)), int(rng.integers(2, 4))
        G = np.round(rng.uniform(-3, 3, (HF, WF)), 2); K = np.round(rng.uniform(-3, 3, (HK, WK)), 2)
        e = convolve2d(G, K, mode='full')
        inputs = {'dLdF': arr(G), 'K': arr(K)}
        if timeout:
            cs = case('q6', n, 0.4, 'timeout', 'Timed out after 2000 ms (per-call limit); is there an infinite loop?', 0)
            if public:
                cs.update(inputs=inputs)
        elif wrong == 'not-rotated':
            a = correlate2d(G, K, mode='full')
            d = np.abs(a - e); idx = np.argwhere(d > 1e-9); i, j = idx[0]
            msg = (f"Wrong value at [{i}][{j}]: expected {e[i, j]:.6g}, got {a[i, j]:.6g} "
                   f"({len(idx)} of {e.size} entries differ, max |diff| {d.max():.4g})") if public else (
                   f"Wrong values: {len(idx)} of {e.size} entries differ (the shape is right)")
            cs = case('q6', n, 0.4, 'failed', msg, 0, misconception='q6.not-rotated', hint=HINTS['q6.not-rotated'])
            if public:
                cs.update(inputs=inputs, expected=arr(e), actual=arr(a))
        else:
            cs = case('q6', n, 0.4)
            if public:
                cs.update(inputs=inputs, expected=arr(e), actual=arr(e))
        out.append(cs)
    return out


def question(idx, cases, answered=None):
    qid, title, pts, by = QUESTIONS[idx]
    score = round(sum(c['score'] for c in cases), 10)
    statuses = {c['status'] for c in cases}
    if not cases:
        status = 'missing'
    elif statuses == {'passed'}:
        status = 'passed'
    elif score > 0:
        status = 'partial'
    elif statuses & {'error', 'timeout'} and 'failed' not in statuses:
        status = 'error'
    else:
        status = 'failed'
    mis = []
    for c in cases:
        m = c.get('misconception')
        if m and m not in mis:
            mis.append(m)
    return {'id': qid, 'title': title, 'score': score, 'maxScore': pts, 'status': status,
            'answeredBy': answered or by, 'misconceptions': mis, 'cases': cases}


def result(sid, lang, vis, iso, questions, output=None, status='graded', error=None, note=None, at='2024-04-22T14:03:11.482Z', ms=1834):
    r = {
        'schemaVersion': 1,
        'submission': {'id': sid, 'path': f'submissions/{sid}', 'language': lang,
                       'sha256': __import__('hashlib').sha256(sid.encode()).hexdigest()},
        'exercise': {'id': 'ex9-convolution', 'title': 'Theoretical Exercise 9: Convolution', 'version': '2024.1',
                     'specSha256': '3f9a1c0be27d4b6e8a5f0c2d9e1b7a4c6d8e0f1a2b3c4d5e6f708192a3b4c5d6'},
        'harness': {'version': '0.1.0'},
        'variant': {'visibility': vis,
                    'seedDerivation': 'public: SHA-256(exercise|question) → xoshiro128**' if vis == 'public'
                    else 'HMAC-SHA256(salt, exercise|question|student) → xoshiro128**'},
        'isolation': iso,
    }
    if note:
        r['isolationNote'] = note
    r['status'] = status
    if error:
        r['error'] = error
    r['score'] = round(sum(q['score'] for q in questions), 10)
    r['maxScore'] = 11
    r['questions'] = questions
    if output is not None:
        r['output'] = output
    r['gradedAt'] = at
    r['durationMs'] = ms
    return r


def write(name, r):
    with open(f'{OUT}/{name}.json', 'w') as f:
        json.dump(r, f, indent=2, ensure_ascii=False)
        f.write('\n')


import os
os.makedirs(OUT, exist_ok=True)

# 1. alice: perfect, public self-check on a laptop (basic isolation)
write('alice-perfect', result('alice', 'ts', 'public', 'basic', [
    question(0, q1_cases(True)), question(1, q2_cases(True)), question(2, q3_cases(True)),
    question(3, q4_cases()), question(4, q5_cases(True)), question(5, q6_cases(True))],
    output={'stdout': 'all questions answered\n', 'stderr': '', 'truncated': False},
    note='bubblewrap is not installed: ran as a separate process with time, memory and output limits only', ms=1412))

# 2. bob: q5 flipped; hostile output
write('bob-q5-flipped', result('bob', 'py', 'public', 'strict', [
    question(0, q1_cases(True)), question(1, q2_cases(True)), question(2, q3_cases(True)),
    question(3, q4_cases()), question(4, q5_cases(True, 'flipped')), question(5, q6_cases(True))],
    output={'stdout': 'grad_kernel: using scipy.signal.convolve2d\n<script>window.__pwned = true</script>\n{{constructor.constructor "alert(1)"}}\n\u001b[31mdone\u001b[0m\n',
            'stderr': 'DeprecationWarning: <img src=x onerror="window.__pwned=true"> & friends\n', 'truncated': False},
    ms=2210))

# 3. carol: q3 mode full (shape mismatch), q2 partial
write('carol-q3-shape', result('carol', 'js', 'public', 'strict', [
    question(0, q1_cases(True)), question(1, q2_cases(True, 'fc-uses-kernel')), question(2, q3_cases(True, 'mode-full')),
    question(3, q4_cases()), question(4, q5_cases(True)), question(5, q6_cases(True))],
    output={'stdout': '', 'stderr': '', 'truncated': False}, ms=2975))

# 4. dave: q5 raises, q6 times out, q4 wrong
write('dave-crash-timeout', result('dave', 'py', 'public', 'strict', [
    question(0, q1_cases(True)), question(1, q2_cases(True)), question(2, q3_cases(True)),
    question(3, q4_cases(False)),
    question(4, q5_cases(True, error='IndexError: index 5 is out of bounds for axis 0 with size 5 (solution.py, line 41, in grad_kernel)')),
    question(5, q6_cases(True, timeout=True))],
    output={'stdout': ''.join(f'debug m={m} n={n} acc={(m*7+n*3)%11-5}.{(m*n)%100:02d}\n' for m in range(40) for n in range(10)), 'stderr': 'Traceback (most recent call last):\n  File "solution.py", line 41, in grad_kernel\n    acc += dLdF[i][j] * X[i + m][j + n]\nIndexError: index 5 is out of bounds for axis 0 with size 5\n', 'truncated': True},
    ms=12034))

# 5. erin: ungradable
missing = [{'id': q[0], 'title': q[1], 'score': 0, 'maxScore': q[2], 'status': 'missing', 'answeredBy': 'none',
            'misconceptions': [], 'cases': []} for q in QUESTIONS]
write('erin-ungradable', result('erin', None, 'hidden', 'strict', missing, status='ungradable',
      error='No solution file found: expected solution.ts, solution.js, solution.mjs or solution.py (found: Solution.PY, notes.txt)', ms=38))

# 6. frank: hidden variant, q1 missing +1, q6 not rotated
write('frank-hidden', result('frank', 'ts', 'hidden', 'strict', [
    question(0, q1_cases(False, 'missing-plus-one')), question(1, q2_cases(False)), question(2, q3_cases(False)),
    question(3, q4_cases()), question(4, q5_cases(False)), question(5, q6_cases(False, 'not-rotated'))],
    output={'stdout': 'featureMapSize called\n', 'stderr': '', 'truncated': False}, ms=2388))
