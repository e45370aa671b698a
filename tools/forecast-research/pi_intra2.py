from pi_intra import *
import sys
def phi_robust(Ytr, dpw, nte):
    z = []
    for k in (4, 5, 6):
        F = rec(Ytr[:k * dpw], dpw, nte); A = Ytr[k * dpw:k * dpw + nte]
        m = F > 2; z += list(((A[m] - F[m]) ** 2 - F[m]) / F[m] ** 2)
    # median of squared standardized excess is biased low for chi2-like: scale by 1/0.455 (median of chi2_1)
    return max(np.median(z) / 0.455, 1e-6) if False else max(np.mean(np.clip(z, None, np.quantile(z, 0.95))), 1e-6)
for nm in ('ab', 'na'):
    days, X, P, dpw, ntr, nte, origins = setup(nm)
    for scale_lab, fn, s in (('trimmed-95%', phi_robust, 1.0), ('moment x0.6', phi_inner, 0.6)):
        for group, og in (('scored', origins), ('extended', ext_origins(nm))):
            cin = cn = 0; w = []
            for o in og:
                i0 = int(np.where(days == dt.date.fromisoformat(o))[0][0])
                Ytr, A = X[i0 - ntr:i0], X[i0:i0 + nte]
                F = rec(Ytr, dpw, nte); L, U = interval(F, s * fn(Ytr, dpw, nte))
                cin += ((A >= L) & (A <= U)).sum(); cn += A.size
            print(f"{nm} {scale_lab:12s} {group}: coverage80 {cin/cn:.3f}", flush=True)
