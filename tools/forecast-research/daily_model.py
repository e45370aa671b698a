"""Candidate daily model: ridge/robust weighted least squares regression on (log) volume.

cfg keys (defaults in DEF):
  log      : fit log(y) (multiplicative) instead of y
  K        : yearly Fourier order (t = days since 1970-01-01 / 365.25)
  Kdow     : order of weekday x yearly-Fourier interaction (0 = none); penalised by lam_int
  trend    : 'linear' | 'pw' (piecewise linear, hinge every cp_days, ridge lam_cp on hinge slopes)
  cp_days  : changepoint spacing for 'pw'; changepoints only in first (1-cp_tail) of span
  lam_cp   : ridge on hinge coefficients (relative to n)
  hol_win  : dict name -> (lo, hi) offsets; default window for unknown names = (0,0)
  lam_hol  : ridge on holiday columns
  huber    : Huber c (in MAD sigma units) for IRLS; None = plain LS
  half_life: exponential recency weight half-life in days (None = equal weights)
  level_k  : re-centre forecast on mean residual of last level_k days (0 = off)
  level_damp: multiply the level correction by this (1 = full)
"""
import numpy as np, datetime as dt
from common import EPOCH

DEF = dict(log=False, K=10, Kdow=0, trend='linear', cp_days=182, cp_tail=0.0, lam_cp=1.0,
           hol_win=None, lam_hol=0.0, lam_int=0.0, huber=None, half_life=None, level_k=0, level_damp=1.0,
           hol_names=None, holdow=None, lam_holdow=0.0, holdow_names=None)


def make_features(dd, hol, cfg, n_train):
    n = len(dd)
    di = np.array([(d - EPOCH).days for d in dd], float)
    t = di / 365.25
    wd = np.array([d.weekday() for d in dd])
    cols, pen, names = [], [], []

    def add(c, p, nm):
        cols.append(c); pen.append(p); names.append(nm)
    add(np.ones(n), 0.0, 'const')
    tt = (np.arange(n) - n_train) / 365.25  # trend in years, 0 at origin
    add(tt, 0.0, 'trend')
    if cfg['trend'] == 'pw':
        span = n_train
        cps = np.arange(cfg['cp_days'], int(span * (1 - cfg['cp_tail'])), cfg['cp_days'])
        for c in cps:
            add(np.maximum(0, np.arange(n) - c) / 365.25, cfg['lam_cp'], f'cp{c}')
    for k in range(1, 7):
        add((wd == k).astype(float), 0.0, f'dow{k}')
    F = []
    for k in range(1, cfg['K'] + 1):
        s, c = np.sin(2 * np.pi * k * t), np.cos(2 * np.pi * k * t)
        add(s, 0.0, f's{k}'); add(c, 0.0, f'c{k}')
        F.append((s, c))
    for k in range(cfg['Kdow']):
        s, c = F[k]
        for d in range(1, 7):
            m = (wd == d).astype(float)
            add(m * s, cfg['lam_int'], f'ds{k}_{d}'); add(m * c, cfg['lam_int'], f'dc{k}_{d}')
    win = cfg['hol_win'] or {}
    names_h = cfg['hol_names'] or sorted(hol)
    dindex = {d: i for i, d in enumerate(dd)}
    for nm in names_h:
        lo, hi = win.get(nm, win.get('*', (0, 0)))
        for off in range(lo, hi + 1):
            c = np.zeros(n)
            for d in hol[nm]:
                j = dindex.get(d + dt.timedelta(off))
                if j is not None:
                    c[j] = 1.0
            add(c, cfg['lam_hol'], f'{nm}{off:+d}')
    if cfg['holdow']:
        # pooled holiday x weekday interaction: on any holiday day the weekday effect may differ
        hn = cfg['holdow_names'] or names_h
        anyh = np.zeros(n)
        for nm in hn:
            for d in hol[nm]:
                j = dindex.get(d)
                if j is not None:
                    anyh[j] = 1.0
        ks = (5, 6) if cfg['holdow'] == 'wkend' else range(1, 7)
        for k in ks:
            add(anyh * (wd == k), cfg['lam_holdow'], f'holdow{k}')
    return np.column_stack(cols), np.array(pen), names


def wls_ridge(X, y, w, pen):
    Xw = X * w[:, None]
    A = X.T @ Xw + np.diag(pen)
    return np.linalg.solve(A + 1e-9 * np.eye(len(pen)), Xw.T @ y)


def fit_forecast(ytr, dd, hol, cfg_in, return_fit=False):
    """ytr: training values (len n); dd: dates of training + forecast days."""
    cfg = dict(DEF); cfg.update(cfg_in)
    n = len(ytr)
    X, pen, names = make_features(dd, hol, cfg, n)
    Xtr = X[:n]
    keep = np.array([j == 0 or np.ptp(Xtr[:, j]) > 0 for j in range(X.shape[1])])
    X, pen, Xtr = X[:, keep], pen[keep], Xtr[:, keep]
    y = np.log(ytr) if cfg['log'] else ytr.astype(float)
    w0 = np.ones(n)
    if cfg['half_life']:
        w0 = 0.5 ** ((n - 1 - np.arange(n)) / cfg['half_life'])
    # penalties are absolute, in units of pseudo-observations (days)
    w = w0.copy()
    b = wls_ridge(Xtr, y, w, pen)
    if cfg['huber']:
        for it in range(cfg.get('irls_iter', 8)):
            r = y - Xtr @ b
            s = 1.4826 * np.median(np.abs(r - np.median(r)))
            u = np.abs(r) / (cfg['huber'] * s)
            w = w0 * np.where(u <= 1, 1.0, 1.0 / np.maximum(u, 1e-12))
            b = wls_ridge(Xtr, y, w, pen)
    f = X[n:] @ b
    if cfg['level_k']:
        r = y - Xtr @ b
        f = f + cfg['level_damp'] * np.mean(r[-cfg['level_k']:])
    if cfg['log']:
        # bias-correction is not applied: median forecast minimises absolute error
        f = np.exp(f)
    if return_fit:
        return f, (np.exp(Xtr @ b) if cfg['log'] else Xtr @ b)
    return f


def fit_forecast_ar(ytr, dd, hol, cfg_in):
    """fit_forecast + AR(1) correction of the last residual (on the fit scale), decaying phi^k."""
    cfg = dict(DEF); cfg.update(cfg_in)
    f, fit = fit_forecast(ytr, dd, hol, cfg_in, return_fit=True)
    if cfg['log']:
        r = np.log(ytr) - np.log(fit)
    else:
        r = ytr - fit
    phi = np.dot(r[1:], r[:-1]) / np.dot(r[:-1], r[:-1])
    k = np.arange(1, len(f) + 1)
    corr = r[-1] * phi ** k
    return f * np.exp(corr) if cfg['log'] else f + corr
