import numpy as np, datetime as dt, sys, json, time
from common import *
from daily_model import fit_forecast
dates, vol, hol = load_nyc()
holset = {d: n for n, ds in hol.items() for d in ds}
EXTRA_ND = [('2012-11-01', 61), ('2013-11-01', 61)]
MONTHLY = [(f'{y}-{m:02d}-01', 61) for y in range(2013, 2018) for m in range(1, 13) if (y, m) <= (2017, 11)]

def run(cfg, windows, fc=None):
    res = []
    for o, h in windows:
        i0, ytr, dd, A = nyc_window(dates, vol, o, h)
        h = len(A); dd = dd[:i0 + h]
        F = (fc or fit_forecast)(ytr, dd, hol, cfg) if fc is None or True else None
        hm = np.array([d in holset for d in dd[i0:]])
        res.append(metrics(F, A, ytr, 7, hm))
    return res

def summary(cfg, label='', fc=None):
    r5 = run(cfg, NYC_WINDOWS)
    r2 = run(cfg, EXTRA_ND)
    rm = run(cfg, MONTHLY)
    w = [r['wape'] for r in r5]
    print(f"{label:40s} " + ' '.join(f"{x:.4f}" for x in w) + f" | ND4 {np.mean(w[:4]):.4f} hol {np.mean([r['hwape'] for r in r5[:4]]):.4f}/{r5[4]['hwape']:.4f}"
          f" | ND12-13 {np.mean([r['wape'] for r in r2]):.4f} | monthly {np.mean([r['wape'] for r in rm]):.4f}", flush=True)
    return r5, r2, rm

if __name__ == '__main__':
    base = dict(K=10)
    summary(base, 'tslm-equivalent')
