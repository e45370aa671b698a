"""Automatic best-pick for the daily model: inner rolling-origin backtests inside the training span."""
import numpy as np, itertools, datetime as dt, time, sys
from evalcfg import *
from daily_model import fit_forecast

def grid(full=True):
    out = []
    for lg, K, hw, kd, tr in itertools.product([True, False], [10, 15], [0, 1], [0, 3], ['linear', 'pw']):
        c = dict(log=lg, K=K, Kdow=kd, lam_int=250.0, trend=tr, cp_days=182, lam_cp=2500.0)
        if hw: c.update(hol_win={'*': (-1, 1)}, lam_hol=1.0)
        out.append(c)
    return out

def lab(c):
    return f"{'log' if c['log'] else 'lin'} K{c['K']} hw{1 if c.get('hol_win') else 0} kd{c['Kdow']} {c['trend']}"

def inner_origins(i0, h, scheme, min_train=730):
    if scheme == 'sameseason':   # same calendar position 1,2,3 years (52,104,156 weeks) earlier
        cand = [i0 - 364 * k for k in (1, 2, 3)]
    elif scheme == 'rolling':    # every 4 weeks over the last 52 weeks, horizon h, must end before i0
        cand = [i0 - h - 28 * k for k in range(0, 13)]
    elif scheme == 'both':
        cand = [i0 - 364 * k for k in (1, 2, 3)] + [i0 - h - 28 * k for k in range(0, 13, 3)]
    return [j for j in cand if j >= min_train and j + h <= i0]

def inner_score(ytr, dd_all, cfg, h, origins):
    s = []
    for j in origins:
        F = fit_forecast(ytr[:j], dd_all[:j + h], hol, cfg)
        A = ytr[j:j + h]
        s.append(np.abs(F - A).sum() / A.sum())
    return np.mean(s)

def best_pick(ytr, dd, h, cands, scheme='sameseason', topk=1):
    i0 = len(ytr)
    origins = inner_origins(i0, h, scheme)
    sc = np.array([inner_score(ytr, dd, c, h, origins) for c in cands])
    order = np.argsort(sc)
    Fs = [fit_forecast(ytr, dd, hol, cands[k]) for k in order[:topk]]
    return np.mean(Fs, axis=0), [cands[k] for k in order[:topk]], sc

if __name__ == '__main__':
    scheme = sys.argv[1] if len(sys.argv) > 1 else 'sameseason'
    cands = grid()
    allw = NYC_WINDOWS + EXTRA_ND
    for topk in (1, 3, 5):
        print(f'== scheme {scheme} top{topk}')
        rows = []
        for o, h in allw:
            i0, ytr, dd, A = nyc_window(dates, vol, o, h)
            t0 = time.time()
            F, picked, sc = best_pick(ytr, dd, h, cands, scheme, topk)
            hm = np.array([d in holset for d in dd[i0:]])
            m = metrics(F, A, ytr, 7, hm); rows.append(m)
            print(f"  {o} h{h} WAPE {m['wape']:.4f} MASE {m['mase']:.3f} bias {m['bias']:+.1f} hol {m['hwape']:.4f}  picked {[lab(c) for c in picked]} ({time.time()-t0:.1f}s)", flush=True)
        w = [r['wape'] for r in rows]
        print(f"  ND4 mean {np.mean(w[:4]):.4f} hol {np.mean([r['hwape'] for r in rows[:4]]):.4f} | 16-12 {w[4]:.4f} hol {rows[4]['hwape']:.4f} | ND12-13 {np.mean(w[5:]):.4f}")
