"""Shared data loading, protocols and metrics for the wfm forecasting research."""
import numpy as np, datetime as dt, csv, os

D = '/work/shared/data'
EPOCH = dt.date(1970, 1, 1)


def load_nyc():
    dates, vol = [], []
    for r in csv.DictReader(open(f'{D}/nyc_ems/daily.csv')):
        dates.append(dt.date.fromisoformat(r['date']))
        vol.append(float(r['volume']) if r['volume'] != '' else np.nan)
    hol = {}
    for r in csv.DictReader(open(f'{D}/nyc_ems/holidays_us.csv')):
        hol.setdefault(r['holiday'], []).append(dt.date.fromisoformat(r['ds']))
    return np.array(dates), np.array(vol), hol


def na_interp_weekly(y):
    """Approximation of forecast::na.interp on a frequency-7 ts: remove a local weekday
    component (mean of detrended same-weekday values within +-5 weeks), linearly interpolate
    the seasonally adjusted series, add the seasonal component back."""
    y = y.copy()
    idx = np.where(np.isnan(y))[0]
    if len(idx) == 0:
        return y
    n = len(y)
    yl = y.copy()
    ok = ~np.isnan(yl)
    yl[~ok] = np.interp(np.where(~ok)[0], np.where(ok)[0], yl[ok])
    ma = np.convolve(yl, np.ones(7) / 7, mode='same')
    det = yl - ma
    for t in idx:
        seas = {}
        for s in (t - 1, t, t + 1):
            js = [s + 7 * k for k in range(-5, 6) if k != 0 and 0 <= s + 7 * k < n and not np.isnan(y[s + 7 * k])]
            seas[s] = np.mean(det[js])
        lo, hi = t - 1, t + 1
        sa = 0.5 * ((yl[lo] - seas[lo]) + (yl[hi] - seas[hi]))
        y[t] = sa + seas[t]
    return y


NYC_WINDOWS = [('2014-11-01', 61), ('2015-11-01', 61), ('2016-11-01', 61), ('2017-11-01', 61), ('2016-12-01', 45)]


def nyc_window(dates, vol, origin, h):
    o = dt.date.fromisoformat(origin)
    i0 = int(np.where(dates == o)[0][0])
    ytr = na_interp_weekly(vol[:i0])
    return i0, ytr, dates[:i0 + h], vol[i0:i0 + h]


def metrics(F, A, ytrain, s, hol_mask=None):
    m = ~np.isnan(A)
    F, A = F[m], A[m]
    e = np.abs(F - A)
    out = dict(wape=e.sum() / A.sum(), bias=100 * (F - A).sum() / A.sum(),
               mase=e.mean() / np.nanmean(np.abs(ytrain[s:] - ytrain[:-s])), n=int(m.sum()))
    if hol_mask is not None:
        hm = hol_mask[m]
        out['hwape'] = e[hm].sum() / A[hm].sum() if hm.any() else np.nan
    return out


# ---------------- intraday ----------------

def load_intraday(name):
    rows = list(csv.reader(open(f'{D}/{name}/calls_30min.csv')))[1:]
    ts = [dt.datetime.strptime(r[0], '%Y-%m-%d %H:%M') for r in rows]
    v = np.array([float(r[1]) for r in rows])
    return ts, v


def ab_matrix():
    ts, v = load_intraday('anonymous_bank_1999')
    days = [t.date() for t in ts[::48]]
    return np.array(days), v.reshape(-1, 48)


def na_matrix():
    """NA bank as a (days x 29) matrix over all weekdays, the 6 absent weekdays inserted as
    mean of the same interval one week earlier and one week later (protocol)."""
    ts, v = load_intraday('na_bank_2003')
    days = sorted(set(t.date() for t in ts))
    M = {d: np.zeros(29) for d in days}
    for t, x in zip(ts, v):
        j = (t.hour - 7) * 2 + t.minute // 30
        M[t.date()][j] = x
    d0, d1 = days[0], days[-1]
    alld = [d0 + dt.timedelta(k) for k in range((d1 - d0).days + 1)]
    alld = [d for d in alld if d.weekday() < 5]
    X = np.full((len(alld), 29), np.nan)
    for i, d in enumerate(alld):
        if d in M:
            X[i] = M[d]
    miss = [i for i in range(len(alld)) if np.isnan(X[i, 0])]
    for i in miss:
        X[i] = 0.5 * (X[i - 5] + X[i + 5])
    return np.array(alld), X, miss


AB_ORIGINS = ['1999-06-06', '1999-06-13', '1999-06-20', '1999-06-27']
NA_ORIGINS = ['2003-07-28', '2003-08-04', '2003-08-11', '2003-08-18']


def intraday_metrics(F, A, Ytr, period):
    """F, A: (days x p) matrices; Ytr training matrix; period = intervals per week."""
    f, a = F.ravel(), A.ravel()
    y = Ytr.ravel()
    e = np.abs(f - a)
    return dict(wape=e.sum() / a.sum(), bias=100 * (f - a).sum() / a.sum(),
                mase=e.mean() / np.mean(np.abs(y[period:] - y[:-period])),
                dwape=np.abs(F.sum(1) - A.sum(1)).sum() / A.sum())
