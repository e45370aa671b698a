#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How often wfm's 80 % bounds hold the days ahead, over many situations.

PEERS.md's protocols score a few windows each, too few to tell a better
calibration from a lucky one. This forecasts rolling origins with the `wfm`
tool in the situations the backtests behind the bounds are laid out for:
the shared series with their whole history or only the last 300-600 days
(one method calibrated, none picked), with a lead (history ending 14-91
days before the first forecast day), daily and intraday; and synthetic
series of a known process from 300 days (a level that wanders and grows,
a yearly wave). For each it prints the share of open days or intervals
(closed ones, forecast and bounds 0 with no contacts, are not scored)
inside the bounds, the shares below and above, and at the end the sum of
|coverage - 0.80| over the situations.

Usage: bounds_calibration.py WFM [--data DIR] [--only NAME]
  DIR   shared/data (default ../shared/data from the source tree's parent)
Standard library only; about a minute on two cores. The NEWS.md entry on
backtest origins a week apart quotes its output.
"""
import argparse
import csv
import datetime as dt
import io
import math
import os
import random
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import synthetic_retail as sr  # noqa: E402  (its weekday factors)


def read_series(path):
    """(keys in file order, key -> volume) for a daily or intraday CSV."""
    keys, volume = [], {}
    with open(path) as f:
        for row in csv.DictReader(f):
            key = row.get('date') or row.get('datetime')
            keys.append(key)
            if row['volume'] != '':
                volume[key] = float(row['volume'])
    return keys, volume


def forecast(wfm, history, start, days, events, extra):
    args = [wfm, 'forecast', '--history', history, '--start', str(start), '--days', str(days)]
    if events:
        args += ['--events', events]
    run = subprocess.run(args + extra, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit('%s: %s' % (' '.join(args + extra), run.stderr.strip()))
    return list(csv.DictReader(io.StringIO(run.stdout)))


def score(rows, actual, tally):
    for row in rows:
        key = row.get('date') or row.get('datetime')
        a = actual.get(key)
        if a is None:
            continue
        lower, upper = float(row['lower']), float(row['upper'])
        if upper == 0.0 and a == 0.0:
            continue
        tally[0] += 1
        tally[1] += lower <= a <= upper
        tally[2] += a < lower
        tally[3] += a > upper


def rolling(wfm, path, events, first, last, every, days, lead=0, extra=()):
    """Origins every `every` days from `first` to `last`; with a lead, the
    history is cut `lead` days before each origin (else the tool uses the
    history strictly before it)."""
    keys, actual = read_series(path)
    tally = [0, 0, 0, 0]
    origin = dt.date.fromisoformat(first)
    with tempfile.TemporaryDirectory() as tmp:
        while origin <= dt.date.fromisoformat(last):
            history = path
            if lead:
                cut = str(origin - dt.timedelta(days=lead))
                history = os.path.join(tmp, 'history.csv')
                with open(path) as src, open(history, 'w') as dst:
                    lines = iter(src)
                    dst.write(next(lines))
                    for line in lines:
                        if line[:10] < cut:
                            dst.write(line)
            score(forecast(wfm, history, origin, days, events, list(extra)), actual, tally)
            origin += dt.timedelta(days=every)
    return tally


def synthetic(wfm, amplitude, phi, sd, growth, noise, series=20, days=28, train=300):
    """Series of a known process, from their last `train` days every 28
    days for a year: a level 1000 × (1 + growth)^years × (1 + amplitude ×
    a yearly sine of random phase) × exp(an AR(1) of coefficient phi a day
    and sd `sd`) × the weekday factor, times (1 + noise × N(0, 1))."""
    tally = [0, 0, 0, 0]
    first = dt.date(2020, 1, 6)  # a Monday: day i has weekday i % 7
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1000, 1000 + series):
            rng = random.Random(seed)
            phase = rng.uniform(0.0, 2.0 * math.pi)
            level, y = 0.0, []
            for i in range(train + 365 + days):
                level = phi * level + math.sqrt(1.0 - phi * phi) * sd * rng.gauss(0.0, 1.0)
                mean = (1000.0 * (1.0 + growth) ** (i / 365.25) * math.exp(level) *
                        (1.0 + amplitude * math.sin(2.0 * math.pi * i / 365.25 + phase)) *
                        sr.WEEKDAY[i % 7])
                y.append(max(0.0, round(mean * (1.0 + noise * rng.gauss(0.0, 1.0)))))
            actual = {str(first + dt.timedelta(i)): v for i, v in enumerate(y)}
            for origin in range(train, train + 365, 28):
                history = os.path.join(tmp, 'history.csv')
                with open(history, 'w') as f:
                    f.write('date,volume\n')
                    for i in range(origin - train, origin):
                        f.write('%s,%.0f\n' % (first + dt.timedelta(i), y[i]))
                rows = forecast(wfm, history, first + dt.timedelta(origin), days, None, [])
                score(rows, actual, tally)
    return tally


def situations(wfm, data):
    nyc = os.path.join(data, 'nyc_ems')
    retail = os.path.join(data, 'online_retail_2010_2011')
    na = os.path.join(data, 'na_bank_2003')
    anon = os.path.join(data, 'anonymous_bank_1999')
    nyc_daily, nyc_events = os.path.join(nyc, 'daily.csv'), os.path.join(nyc, 'holidays_us.csv')
    retail_daily = os.path.join(retail, 'daily.csv')
    retail_events = os.path.join(retail, 'holidays_uk.csv')
    short = ('--training-days', '300')
    return [
        ('NYC EMS 300 days, 28 ahead', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-03-01', '2017-10-31', 14, 28, extra=short)),
        ('NYC EMS 300 days, 61 ahead', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-03-01', '2017-10-31', 14, 61, extra=short)),
        ('NYC EMS 300 days, lead 14', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-05-01', '2017-10-31', 28, 61, 14, short)),
        ('NYC EMS 300 days, lead 30', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-05-01', '2017-10-31', 28, 61, 30, short)),
        ('NYC EMS 300 days, lead 61', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-05-01', '2017-10-31', 28, 61, 61, short)),
        ('NYC EMS 300 days, lead 91', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2011-06-01', '2017-10-31', 28, 61, 91, short)),
        ('NYC EMS 400 days, recent weeks', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2012-03-01', '2017-10-31', 28, 28,
            extra=('--training-days', '400', '--method', 'recent-weeks'))),
        ('NYC EMS 600 days, regression', lambda: rolling(
            wfm, nyc_daily, nyc_events, '2012-03-01', '2017-10-31', 28, 61,
            extra=('--training-days', '600', '--method', 'regression'))),
        ('NYC EMS hourly 300 days', lambda: rolling(
            wfm, os.path.join(nyc, 'hourly.csv'), nyc_events, '2011-03-01', '2016-12-31', 28,
            14, extra=short)),
        ('retailer days, 28 ahead', lambda: rolling(
            wfm, retail_daily, retail_events, '2011-02-16', '2011-11-09', 7, 28)),
        ('retailer days, 61 ahead', lambda: rolling(
            wfm, retail_daily, retail_events, '2011-02-16', '2011-10-08', 7, 61)),
        ('retailer days, lead 30', lambda: rolling(
            wfm, retail_daily, retail_events, '2011-03-16', '2011-10-08', 7, 61, 30)),
        ('retailer days, lead 61', lambda: rolling(
            wfm, retail_daily, retail_events, '2011-05-01', '2011-10-08', 7, 61, 61)),
        ('retailer hours', lambda: rolling(
            wfm, os.path.join(retail, 'hourly.csv'), retail_events, '2011-02-14',
            '2011-11-23', 7, 14)),
        ('NA bank days', lambda: rolling(
            wfm, os.path.join(na, 'daily.csv'), None, '2003-05-05', '2003-12-01', 7, 14)),
        ('NA bank 30 minutes', lambda: rolling(
            wfm, os.path.join(na, 'calls_30min.csv'), None, '2003-04-14', '2003-12-08', 7, 14)),
        ('NA bank 5 minutes', lambda: rolling(
            wfm, os.path.join(na, 'calls_5min.csv'), None, '2003-04-14', '2003-12-08', 7, 14)),
        ('Anonymous Bank days', lambda: rolling(
            wfm, os.path.join(anon, 'daily.csv'), None, '1999-03-01', '1999-12-10', 7, 14)),
        ('Anonymous Bank 30 minutes', lambda: rolling(
            wfm, os.path.join(anon, 'calls_30min.csv'), None, '1999-02-15', '1999-12-15', 7,
            14)),
        ('Anonymous Bank 6 minutes', lambda: rolling(
            wfm, os.path.join(anon, 'calls_6min.csv'), None, '1999-02-15', '1999-12-15', 14,
            14)),
        ('synthetic: level wanders, +15 %/year', lambda: synthetic(
            wfm, 0.0, 0.98, 0.08, 0.15, 0.10)),
        ('synthetic: wanders, ±15 % yearly wave', lambda: synthetic(
            wfm, 0.15, 0.98, 0.08, 0.0, 0.05)),
        ('synthetic: ±30 % yearly wave', lambda: synthetic(
            wfm, 0.30, 0.95, 0.05, 0.0, 0.05)),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('wfm')
    ap.add_argument('--data', default=os.path.join(HERE, '..', '..', '..', 'shared', 'data'))
    ap.add_argument('--only', help='run the situations whose name contains this')
    args = ap.parse_args()
    chosen = [(name, job) for name, job in situations(args.wfm, args.data)
              if args.only is None or args.only in name]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        tallies = list(pool.map(lambda item: item[1](), chosen))
    off = 0.0
    print('%-40s %8s %8s %8s %8s' % ('situation', 'scored', 'inside', 'below', 'above'))
    for (name, _), (n, inside, below, above) in zip(chosen, tallies):
        print('%-40s %8d %8.3f %8.3f %8.3f' % (name, n, inside / n, below / n, above / n))
        off += abs(inside / n - 0.80)
    print('sum over %d situations of |coverage - 0.80|: %.3f' % (len(chosen), off))


if __name__ == '__main__':
    main()
