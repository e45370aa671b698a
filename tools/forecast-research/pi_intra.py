"""Intraday 80% intervals: negative binomial around the recipe forecast, dispersion phi from inner backtests."""
from screen_intra import *
from scipy.stats import nbinom, poisson
def rec(Y, d, n, pool=0.3):
    nw = Y.shape[0] // d
    a = total_shape(Y, d, n, tot_weeks=min(4, nw), tot_stat='median', pool=pool, shape_weeks=min(8, nw))
    b = total_shape(Y, d, n, tot_weeks=min(8, nw), outlier=0.3, pool=pool, shape_weeks=min(8, nw))
    return 0.5 * (a + b)
def phi_inner(Ytr, dpw, nte):
    nw = Ytr.shape[0] // dpw; num = den = 0.0
    for k in (4, 5, 6):
        if k * dpw + nte > Ytr.shape[0]: continue
        F = rec(Ytr[:k * dpw], dpw, nte); A = Ytr[k * dpw:k * dpw + nte]
        num += ((A - F) ** 2 - F).sum(); den += (F ** 2).sum()
    return max(num / den, 1e-6)
def interval(F, phi, lo=0.1, hi=0.9):
    F = np.maximum(F, 1e-9); r = 1.0 / phi; p = r / (r + F)
    return nbinom.ppf(lo, r, p), nbinom.ppf(hi, r, p)
if __name__ == '__main__':
    for nm in ('ab', 'na'):
        days, X, P, dpw, ntr, nte, origins = setup(nm)
        for group, og in (('scored', origins), ('extended', ext_origins(nm))):
            cin = cn = 0; dcin = 0; phis = []
            for o in og:
                i0 = int(np.where(days == dt.date.fromisoformat(o))[0][0])
                Ytr, A = X[i0 - ntr:i0], X[i0:i0 + nte]
                F = rec(Ytr, dpw, nte); phi = phi_inner(Ytr, dpw, nte); phis.append(phi)
                L, U = interval(F, phi)
                cin += ((A >= L) & (A <= U)).sum(); cn += A.size
                if group == 'scored':
                    print(f"  {nm} {o} phi {phi:.4f} coverage80 {((A >= L) & (A <= U)).mean():.3f}")
            print(f"{nm} {group}: interval 80% coverage {cin/cn:.3f} over {cn} intervals; median phi {np.median(phis):.4f}", flush=True)
