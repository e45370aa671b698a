"""Daily 80% prediction intervals: empirical quantiles of log(A/F) from inner rolling-origin backtests
(origins every 14 days over the last 2 years of training, same horizon h), by horizon bucket."""
import numpy as np, sys
from evalcfg import *
from final_daily import recipes, ens_fc
CF = list(recipes())
BUCKETS = [(0, 7), (7, 28), (28, 400)]
def pi_daily(ytr, dd, h, lo=0.1, hi=0.9, step=14, span=730, cfgs=CF):
    i0 = len(ytr)
    E = [[] for _ in BUCKETS]
    for j in range(i0 - h, max(i0 - h - span, 729), -step):
        F = ens_fc(cfgs, ytr[:j], dd[:j + h]); A = ytr[j:j + h]
        e = np.log(A / F)
        for b, (a, z) in enumerate(BUCKETS):
            E[b] += list(e[a:z])
    F = ens_fc(cfgs, ytr, dd[:i0 + h])
    L, U = np.zeros(h), np.zeros(h)
    for b, (a, z) in enumerate(BUCKETS):
        ql, qh = np.quantile(E[b], [lo, hi])
        L[a:z], U[a:z] = F[a:z] * np.exp(ql), F[a:z] * np.exp(qh)
    return F, L, U
if __name__ == '__main__':
    wins = NYC_WINDOWS + [('2012-11-01', 61), ('2013-11-01', 61)] + [(f'{y}-{m:02d}-01', 61) for y in (2014, 2015, 2016, 2017) for m in (2, 5, 8)]
    tot_in = tot_n = 0
    for o, h in wins:
        i0, ytr, dd, A = nyc_window(dates, vol, o, h); h = len(A); dd = dd[:i0 + h]
        F, L, U = pi_daily(ytr, dd, h)
        m = ~np.isnan(A)
        cov = np.mean((A[m] >= L[m]) & (A[m] <= U[m])); tot_in += cov * m.sum(); tot_n += m.sum()
        print(f"{o} h{h} coverage80 {cov:.3f} mean width {np.mean((U-L)/F)*100:.1f}% of F", flush=True)
    print(f"overall 80% coverage {tot_in/tot_n:.3f} over {tot_n} days")
