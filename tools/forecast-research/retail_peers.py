#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""wfm against the retail peers of PEERS.md on synthetic retailers.

The held-out retail series of issue 11 are scored as wfm's WAPE over
November-January over the best peer's, for history ending the day before
the window and two months before it. They are not in this repository; the
synthetic retailer of synthetic_retail.py (whose truth is known) stands in,
in the shapes real retail histories take: flat or growing, long or short,
with a level that stepped up or down months before the history's end (a
lockdown that stayed), a surge that passed, a peak whose size varies
from year to year, a weekly pattern that moves (weekend shares growing or
shrinking a little each year) and a peak that moves toward Black Friday.

Peers, as PEERS.md defines them:
- tslm: least squares on trend + weekday + yearly Fourier (k = 1..10) +
  one dummy per holiday name and offset;
- gbm: xgboost, 500 trees, depth 6, learning rate 0.05, one direct model
  for all horizon steps trained on pseudo-origins every 3 days; target
  log1p(volume) - log1p(mean of the 28 days before the origin); features
  weekday, day of month, month, day of year, 3 yearly Fourier pairs,
  trend, horizon step, days to the nearest Christmas (clipped to -60..10),
  one dummy per holiday and offset, log 28- and 364-day levels;
- snaive364: the same weekday 52 weeks earlier.
wfm: `wfm forecast --start` the window's first day (auto), from the
history's end as a planner calls it.

Scores are WAPE against the noisy actuals (as the held-out series are
scored), 1 Nov 2023 - 31 Jan 2024, mean over seeds. Prints per scenario
and lead wfm's WAPE, each peer's, and wfm / best peer, then the mean ratio.

With --from-end, wfm is called from the history's end instead (`--start`
the day after it, `--days` to the window's end), as the issue's held-out
scores with a lead were taken.

Usage: retail_peers.py WFM [--seeds N] [--only NAME] [--from-end]
Needs numpy and xgboost (Debian: python3-numpy python3-xgboost).
"""
import csv
import datetime as dt
import io
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synthetic_retail as sr  # noqa: E402

WINDOW_START = dt.date(2023, 11, 1)
WINDOW_DAYS = 92
LEADS = (dt.date(2023, 10, 31), dt.date(2023, 8, 31))


def holidays():
    """(name, date, lower, upper) of the calendar synthetic_retail writes."""
    rows = []
    for year in range(2019, 2025):
        black_friday = sr.thanksgiving(year) + dt.timedelta(1)
        rows.append(('black_friday', black_friday, 0, 2))
        rows.append(('cyber_monday', black_friday + dt.timedelta(3), 0, 0))
        rows.append(('christmas', dt.date(year, 12, 25), -3, 5))
        rows.append(('new_years_eve', dt.date(year, 12, 31), 0, 0))
    return rows


def holiday_marks():
    """date -> list of 'name:offset' keys."""
    marks = {}
    for name, day, lower, upper in holidays():
        for k in range(lower, upper + 1):
            marks.setdefault(day + dt.timedelta(k), []).append('%s:%d' % (name, k))
    return marks


MARKS = holiday_marks()
KEYS = sorted({k for v in MARKS.values() for k in v})


# Scenarios: (name, first day, growth a year, modifier(date) -> factor on
# the truth, peak size drawn per year).
def step(at, factor):
    return lambda d: factor if d >= at else 1.0


def surge(start, end, factor):
    return lambda d: factor if start <= d <= end else 1.0


def promotions(factor, every):
    """Unannounced promotions: ×factor on one day in `every`, fixed days."""
    return lambda d: factor if (d.toordinal() * 2654435761) % 4294967296 % every == 0 else 1.0


def weekend_share(first, per_year):
    """Saturdays and Sundays ×(1 + per_year × years since `first`): a
    weekly pattern that moves as the channel mix changes."""
    return lambda d: 1.0 + per_year * (d - first).days / 365.25 if d.weekday() >= 5 else 1.0


def peak_earlier(first, per_year):
    """20 November - 5 December ×(1 + per_year × years), 6-24 December
    ×(1 - per_year / 2 × years): the peak moving toward Black Friday."""
    def factor(d):
        years = (d - first).days / 365.25
        if (d.month == 11 and d.day >= 20) or (d.month == 12 and d.day <= 5):
            return 1.0 + per_year * years
        if d.month == 12 and 6 <= d.day <= 24:
            return max(0.5, 1.0 - per_year / 2.0 * years)
        return 1.0
    return factor


def growth_stops(at, growth):
    return lambda d: (1.0 + growth) ** (-(d - at).days / 365.25) if d >= at else 1.0


SCENARIOS = [
    ('4y flat', dt.date(2020, 1, 1), 0.0, None, False),
    ('4y +15%', dt.date(2020, 1, 1), 0.15, None, False),
    ('2y flat', dt.date(2022, 1, 1), 0.0, None, False),
    ('14m flat', dt.date(2022, 9, 1), 0.0, None, False),
    ('11m from December', dt.date(2022, 12, 1), 0.0, None, False),
    ('23m from December', dt.date(2021, 12, 1), 0.0, None, False),
    ('4y peaks vary', dt.date(2020, 1, 1), 0.0, None, True),
    ('4y surge 2020', dt.date(2020, 1, 1), 0.0, surge(dt.date(2020, 3, 16),
                                                       dt.date(2020, 6, 30), 1.8), False),
    ('4y shut 6 weeks 2020', dt.date(2020, 1, 1), 0.0, surge(dt.date(2020, 3, 23),
                                                             dt.date(2020, 5, 3), 0.0), False),
    ('2y shut 6 weeks 2022', dt.date(2022, 1, 1), 0.0, surge(dt.date(2022, 3, 21),
                                                             dt.date(2022, 5, 1), 0.0), False),
    ('4y December weekends', dt.date(2020, 1, 1), 0.0,
     lambda d: 1.4 if d.month == 12 and d.day <= 24 and d.weekday() >= 5 else 1.0, False),
    ('4y promotions', dt.date(2020, 1, 1), 0.0, promotions(1.8, 30), False),
    ('4y +30% stops 2023', dt.date(2020, 1, 1), 0.3, growth_stops(dt.date(2023, 1, 1), 0.3),
     False),
    ('4y -10%', dt.date(2020, 1, 1), -0.1, None, False),
    ('4y step x1.4 Mar', dt.date(2020, 1, 1), 0.0, step(dt.date(2023, 3, 13), 1.4), False),
    ('4y step x0.75 May', dt.date(2020, 1, 1), 0.0, step(dt.date(2023, 5, 1), 0.75), False),
    ('4y step x1.4 2022', dt.date(2020, 1, 1), 0.0, step(dt.date(2022, 3, 14), 1.4), False),
    ('2y step x0.7 Apr', dt.date(2022, 1, 1), 0.0, step(dt.date(2023, 4, 3), 0.7), False),
    ('3y step x1.5 2021', dt.date(2021, 1, 1), 0.0, step(dt.date(2021, 3, 15), 1.5), False),
    ('4y weekends +15%/y', dt.date(2020, 1, 1), 0.0,
     weekend_share(dt.date(2020, 1, 1), 0.15), False),
    ('4y weekends -10%/y', dt.date(2020, 1, 1), 0.05,
     weekend_share(dt.date(2020, 1, 1), -0.10), False),
    ('4y peak earlier', dt.date(2020, 1, 1), 0.05, peak_earlier(dt.date(2020, 1, 1), 0.10), False),
]


def make_series(first, growth, modifier, peaks_vary, seed):
    rng = random.Random(seed)
    peak = {}
    actual = {}
    d = first
    while d <= sr.END:
        years = (d - first).days / 365.25
        level = 1000.0 * (1.0 + growth) ** years
        wave = 1.0 + 0.1 * math.sin(2 * math.pi * d.timetuple().tm_yday / 365.25)
        event = sr.event_factor(d)
        if peaks_vary and event not in (0.0, 1.0):
            season = d.year if d.month >= 7 else d.year - 1
            if season not in peak:
                peak[season] = rng.uniform(0.75, 1.25)
            event = 1.0 + (event - 1.0) * peak[season]
        truth = level * wave * sr.WEEKDAY[d.weekday()] * event
        if modifier is not None:
            truth *= modifier(d)
        actual[d] = max(0.0, round(truth * (1.0 + rng.gauss(0.0, 0.05))))
        d += dt.timedelta(1)
    return actual


def days_between(a, b):
    return [a + dt.timedelta(k) for k in range((b - a).days + 1)]


def fourier(d, k_max):
    t = (d - dt.date(1970, 1, 1)).days / 365.25
    out = []
    for k in range(1, k_max + 1):
        out += [math.sin(2 * math.pi * k * t), math.cos(2 * math.pi * k * t)]
    return out


def tslm(history, first, last, targets):
    train = days_between(first, last)

    def row(d, i):
        dow = [1.0 if d.weekday() == w else 0.0 for w in range(1, 7)]
        hol = [1.0 if key in MARKS.get(d, ()) else 0.0 for key in KEYS]
        return [1.0, float(i)] + dow + fourier(d, 10) + hol

    x = np.array([row(d, i) for i, d in enumerate(train)])
    y = np.array([history[d] for d in train])
    keep = [0] + [j for j in range(1, x.shape[1]) if np.ptp(x[:, j]) > 0]
    coef, *_ = np.linalg.lstsq(x[:, keep], y, rcond=None)
    n0 = len(train)
    out = {}
    for d in targets:
        r = np.array(row(d, n0 + (d - last).days - 1))[keep]
        out[d] = max(0.0, float(r @ coef))
    return out


def gbm_features(d, origin, first, level28, level364):
    step_ = (d - origin).days + 1
    christmas = [dt.date(y, 12, 25) for y in (d.year - 1, d.year, d.year + 1)]
    to_christmas = min(((d - c).days for c in christmas), key=abs)
    hol = [1.0 if key in MARKS.get(d, ()) else 0.0 for key in KEYS]
    return ([d.weekday(), d.day, d.month, d.timetuple().tm_yday] + fourier(d, 3) +
            [(d - first).days, step_, max(-60, min(10, to_christmas))] + hol +
            [level28, level364])


def gbm(history, first, last, targets):
    horizon = (targets[-1] - last).days
    values = np.array([history[d] for d in days_between(first, last)])
    csum = np.concatenate([[0.0], np.cumsum(values)])

    def levels(i):  # origin index i: days [i-28, i) and [i-364, i)
        a28 = max(0, i - 28)
        a364 = max(0, i - 364)
        return (math.log1p((csum[i] - csum[a28]) / (i - a28)),
                math.log1p((csum[i] - csum[a364]) / (i - a364)))

    xs, ys = [], []
    n = len(values)
    for i in range(28, n, 3):
        origin = first + dt.timedelta(i)
        l28, l364 = levels(i)
        for k in range(horizon):
            j = i + k
            if j >= n:
                break
            d = first + dt.timedelta(j)
            xs.append(gbm_features(d, origin, first, l28, l364))
            ys.append(math.log1p(values[j]) - l28)
    model = xgb.XGBRegressor(n_estimators=500, max_depth=6, learning_rate=0.05,
                             n_jobs=2, tree_method='hist')
    model.fit(np.array(xs), np.array(ys))
    origin = last + dt.timedelta(1)
    l28, l364 = levels(n)
    x = np.array([gbm_features(d, origin, first, l28, l364) for d in targets])
    pred = model.predict(x)
    return {d: max(0.0, math.expm1(p + l28)) for d, p in zip(targets, pred)}


def snaive364(history, targets, last):
    out = {}
    for d in targets:
        back = d
        while back > last:
            back -= dt.timedelta(364)
        while back not in history:  # before a short history: its first same weekday
            back += dt.timedelta(7)
        out[d] = history[back]
    return out


def run_wfm(wfm, history, first, last, events, tmp, from_end=False):
    path = os.path.join(tmp, 'history.csv')
    with open(path, 'w') as f:
        f.write('date,volume\n')
        for d in days_between(first, last):
            f.write('%s,%.0f\n' % (d, history[d]))
    start = last + dt.timedelta(1) if from_end else WINDOW_START
    days = (WINDOW_START - start).days + WINDOW_DAYS
    run = subprocess.run([wfm, 'forecast', '--history', path, '--events', events,
                          '--start', str(start), '--days', str(days)],
                         capture_output=True, text=True, check=True)
    return {dt.date.fromisoformat(r['date']): float(r['forecast'])
            for r in csv.DictReader(io.StringIO(run.stdout))}


def wape(actual, forecast, days):
    return sum(abs(forecast[d] - actual[d]) for d in days) / sum(actual[d] for d in days)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wfm = sys.argv[1]
    seeds = int(sys.argv[sys.argv.index('--seeds') + 1]) if '--seeds' in sys.argv else 3
    only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
    from_end = '--from-end' in sys.argv
    targets = days_between(WINDOW_START, WINDOW_START + dt.timedelta(WINDOW_DAYS - 1))
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, 'events.csv')
        sr.calendar_csv(events)
        print('%-18s %-10s %7s %7s %7s %7s %7s' % ('scenario', 'ends', 'wfm', 'tslm', 'gbm',
                                                 'snaive', 'ratio'))
        for name, first, growth, modifier, peaks_vary in SCENARIOS:
            if only is not None and only not in name:
                continue
            for last in LEADS:
                sums = np.zeros(4)
                for seed in range(1, seeds + 1):
                    actual = make_series(first, growth, modifier, peaks_vary, seed)
                    forecasts = [run_wfm(wfm, actual, first, last, events, tmp, from_end),
                                 tslm(actual, first, last, targets),
                                 gbm(actual, first, last, targets),
                                 snaive364(actual, targets, last)]
                    sums += [wape(actual, f, targets) for f in forecasts]
                mean = sums / seeds
                ratio = mean[0] / min(mean[1:])
                ratios.append(ratio)
                print('%-18s %-10s %7.4f %7.4f %7.4f %7.4f %7.3f' % (name, last, *mean, ratio),
                      flush=True)
    print('mean wfm / best peer: %.3f over %d cells; worst %.3f' % (
        sum(ratios) / len(ratios), len(ratios), max(ratios)))


if __name__ == '__main__':
    main()
