import numpy as np, datetime as dt
from common import *
dates, vol, hol = load_nyc()
holset = {d: n for n, ds in hol.items() for d in ds}

def design(dd, K=10):
    t = np.array([(d - EPOCH).days for d in dd]) / 365.25
    cols = [np.ones(len(dd)), np.arange(1, len(dd) + 1)]
    wd = np.array([d.weekday() for d in dd])
    for k in range(1, 7): cols.append((wd == (k + 6) % 7).astype(float))  # R factor: drop one level
    for k in range(1, K + 1):
        cols += [np.sin(2 * np.pi * k * t), np.cos(2 * np.pi * k * t)]
    for n in sorted(hol):
        s = set(hol[n]); cols.append(np.array([d in s for d in dd], float))
    return np.column_stack(cols)

def tslm(i0, ytr, dd, h):
    X = design(dd); Xtr = X[:i0]
    keep = [0] + [j for j in range(1, X.shape[1]) if np.ptp(Xtr[:, j]) > 0]
    b, *_ = np.linalg.lstsq(Xtr[:, keep], ytr, rcond=None)
    return X[i0:, keep] @ b

def snaive7(i0, ytr, dd, h): return np.array([ytr[i0 - 7 + (k % 7)] for k in range(h)])
def snaive364(i0, ytr, dd, h): return np.array([ytr[i0 - 364 + k] for k in range(h)])

peer = {'tslm': [0.0329, 0.0385, 0.0340, 0.0343, 0.0403], 'snaive7': [.0537, .0428, .0731, .0478, .0982], 'snaive364': [.0717, .0533, .0717, .0572, .0931]}
for name, f in [('tslm', tslm), ('snaive7', snaive7), ('snaive364', snaive364)]:
    for w, (o, h) in enumerate(NYC_WINDOWS):
        i0, ytr, dd, A = nyc_window(dates, vol, o, h)
        F = f(i0, ytr, dd, h)
        hm = np.array([d in holset for d in dd[i0:]])
        m = metrics(F, A, ytr, 7, hm)
        print(f"{name:10s} {o} h{h} WAPE {m['wape']:.4f} (peer {peer[name][w]:.4f}) MASE {m['mase']:.3f} bias {m['bias']:+.1f} hol {m['hwape']:.4f} n={m['n']}")
