"""Intraday research: profile_avg / snaive_week peers and total x shape recipes."""
import numpy as np, datetime as dt, sys
from common import *

def setup(name):
    if name == 'ab':
        days, X = ab_matrix(); P, dpw, ntr, nte, origins = 48, 7, 56, 14, AB_ORIGINS
    else:
        days, X, miss = na_matrix(); P, dpw, ntr, nte, origins = 29, 5, 40, 10, NA_ORIGINS
    return days, X, P, dpw, ntr, nte, origins

def profile_avg(Ytr, dpw, nte, weeks=4):
    W = Ytr[-weeks * dpw:].reshape(weeks, dpw, -1).mean(0)
    return np.vstack([W] * (nte // dpw))

def snaive_week(Ytr, dpw, nte):
    return np.vstack([Ytr[-dpw:]] * (nte // dpw))

def total_shape(Ytr, dpw, nte, tot_weeks=4, tot_hl=None, tot_stat='mean', shape_weeks=8, shape_hl=None,
                pool=0.0, smooth=0.0, outlier=None, level_adj=False):
    """F[d,i] = T[wd] * S[wd,i].
    T[wd]: (weighted) mean or median of the last tot_weeks same-weekday daily totals (outlier days removed).
    S[wd,i]: intraday proportions from the last shape_weeks (exp-decay weights half-life shape_hl weeks),
             shrunk toward the pooled shape of all weekdays with |log(T_wd/T_max)|<0.5 ('similar days') with weight pool,
             optionally smoothed with kernel [smooth, 1-2smooth, smooth]."""
    nw = Ytr.shape[0] // dpw
    Y = Ytr[-nw * dpw:].reshape(nw, dpw, -1)
    tot = Y.sum(2)  # weeks x dpw
    ok = np.ones_like(tot, bool)
    if outlier:
        med = np.median(tot, 0)
        ok = np.abs(np.log((tot + 1) / (med + 1))) < outlier
    T = np.zeros(dpw); S = np.zeros((dpw, Y.shape[2]))
    for d in range(dpw):
        idx = [w for w in range(nw - tot_weeks, nw) if ok[w, d]] or list(range(nw - tot_weeks, nw))
        v = tot[idx, d]
        if tot_stat == 'median':
            T[d] = np.median(v)
        else:
            wts = np.ones(len(idx)) if not tot_hl else 0.5 ** ((nw - 1 - np.array(idx)) / tot_hl)
            T[d] = np.sum(wts * v) / wts.sum()
        idx2 = [w for w in range(nw - shape_weeks, nw) if ok[w, d]] or list(range(nw - shape_weeks, nw))
        wts = np.ones(len(idx2)) if not shape_hl else 0.5 ** ((nw - 1 - np.array(idx2)) / shape_hl)
        c = (wts[:, None] * Y[idx2, d]).sum(0)
        S[d] = c / c.sum()
    if pool:
        big = T > 0.5 * T.max()
        Sp = S[big].mean(0)
        for d in range(dpw):
            if big[d]:
                S[d] = (1 - pool) * S[d] + pool * Sp
    if smooth:
        for d in range(dpw):
            s = S[d].copy(); s2 = s.copy()
            s2[1:-1] = smooth * s[:-2] + (1 - 2 * smooth) * s[1:-1] + smooth * s[2:]
            S[d] = s2 / s2.sum()
    F = T[:, None] * S
    return np.vstack([F] * (nte // dpw))

def evaluate(name, fc, verbose=False):
    days, X, P, dpw, ntr, nte, origins = setup(name)
    rows = []
    for o in origins:
        i0 = int(np.where(days == dt.date.fromisoformat(o))[0][0])
        Ytr, A = X[i0 - ntr:i0], X[i0:i0 + nte]
        F = fc(Ytr, dpw, nte)
        rows.append(intraday_metrics(F, A, Ytr, P * dpw))
    return rows

def show(name, fc, lab):
    r = evaluate(name, fc)
    w = [x['wape'] for x in r]
    print(f"{name} {lab:45s} " + ' '.join(f"{x:.4f}" for x in w) + f" | mean {np.mean(w):.4f} MASE {np.mean([x['mase'] for x in r]):.3f} bias {np.mean([x['bias'] for x in r]):+.1f} dsum {np.mean([x['dwape'] for x in r]):.4f}", flush=True)
    return np.mean(w)

if __name__ == '__main__':
    for nm in ('ab', 'na'):
        show(nm, profile_avg, 'profile_avg (peer)')
        show(nm, snaive_week, 'snaive_week (peer)')
