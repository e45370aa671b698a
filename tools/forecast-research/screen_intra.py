from intraday import *
import intraday
from scipy.stats import poisson
def ext_origins(name):
    days, X, P, dpw, ntr, nte, origins = setup(name)
    out = []
    for i in range(ntr, len(days) - nte + 1):
        if days[i].weekday() == (6 if name == 'ab' else 0):
            out.append(str(days[i]))
    return out
def show2(name, fc, lab):
    m4 = show(name, fc, lab)
    save = intraday.AB_ORIGINS if name == 'ab' else intraday.NA_ORIGINS
    days, X, P, dpw, ntr, nte, origins = setup(name)
    ws = []; bs=[]
    for o in ext_origins(name):
        i0 = int(np.where(days == dt.date.fromisoformat(o))[0][0])
        Ytr, A = X[i0 - ntr:i0], X[i0:i0 + nte]
        F = fc(Ytr, dpw, nte); ws.append(np.abs(F - A).sum() / A.sum())
        Fb = profile_avg(Ytr, dpw, nte); bs.append(np.abs(Fb - A).sum() / A.sum())
    ws, bs = np.array(ws), np.array(bs)
    print(f"      ext {len(ws)} origins: mean {ws.mean():.4f} (profile_avg {bs.mean():.4f}) median-ratio {np.median(ws/bs):.3f} win {np.mean(ws<bs):.2f}")
if __name__ == '__main__':
    for nm in ('ab', 'na'):
        days, X, P, dpw, ntr, nte, origins = setup(nm)
        fl = []
        for o in origins:
            i0 = int(np.where(days == dt.date.fromisoformat(o))[0][0]); A = X[i0:i0 + nte].ravel()
            a = A[A > 0]; ks = np.arange(0, 4000)
            fl.append(sum((poisson.pmf(ks[:, None] if False else ks, ai) * np.abs(ks - ai)).sum() for ai in a[:]) / A.sum())
        print(nm, 'Poisson floor per window', np.round(fl, 4), 'mean', np.mean(fl).round(4))
        show2(nm, profile_avg, 'profile_avg (peer)')
        show2(nm, lambda Y, d, n: profile_avg(Y, d, n, 8), 'profile_avg 8 weeks')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, outlier=0.3), 'T mean4 x S8 outl.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_stat='median'), 'T median4 x S8')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_stat='median', pool=0.3), 'T median4 x S8 pool.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=8, outlier=0.3, pool=0.3), 'T mean8 outl.3 x S8 pool.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=8, tot_hl=4, outlier=0.3, pool=0.3), 'T ewm8 hl4 outl.3 x S8 pool.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=6, outlier=0.3, pool=0.3), 'T mean6 outl.3 x S8 pool.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=8, tot_stat='median', pool=0.3), 'T median8 x S8 pool.3')
        show2(nm, lambda Y, d, n: total_shape(Y, d, n, tot_weeks=4, outlier=0.3, pool=0.3, smooth=0.1), 'T mean4 outl.3 x S8 pool.3 sm.1')

