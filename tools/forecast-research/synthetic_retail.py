#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A synthetic retailer whose truth is known, forecast by `wfm forecast`.

The held-out retail series of issue 11 are not in this repository; this is
the stand-in the forecaster's retail changes were checked on (NEWS.md).
Daily volume: a level (flat, or growing 15 % a year), weekday factors, a
±10 % yearly wave, the ramp to Christmas (up to ×1.8 on Christmas Eve from
13 November), Christmas Day closed (0), Boxing Day ×1.6, returns fading
over three weeks, Black Friday ×2.5, the weekend after ×1.4, Cyber Monday
×2, New Year's Eve ×0.7, and 5 % noise. The calendar (Prophet's layout)
names Black Friday (window 0..2), Cyber Monday, Christmas (−3..+5) and New
Year's Eve.

For each history start and growth, and for a history ending the day before
1 November 2023 or two months before it, prints auto's method and the WAPE
of its 92-day forecast (November to January) against the noise-free truth,
overall and by segment (1-12 Nov, the ramp to 24 Dec, 26 Dec-15 Jan, the
rest of January), with the bias in brackets.

Usage: synthetic_retail.py WFM [--seed N]   (WFM: build/examples/wfm/wfm)
Standard library only.
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

WEEKDAY = [1.0, 0.95, 0.95, 0.9, 1.05, 0.8, 0.6]  # Monday ... Sunday
END = dt.date(2024, 1, 31)
START = dt.date(2023, 11, 1)


def thanksgiving(year):
    d = dt.date(year, 11, 1)
    while d.weekday() != 3:
        d += dt.timedelta(1)
    return d + dt.timedelta(21)


def event_factor(d):
    christmas = dt.date(d.year if d.month != 1 else d.year - 1, 12, 25)
    offset = (d - christmas).days
    if offset == 0:
        return 0.0
    m = 1.0
    if -42 <= offset <= -1:
        m *= 1.0 + 0.8 * ((offset + 43) / 42) ** 2
    if offset == 1:
        m *= 1.6
    if 2 <= offset <= 21:
        m *= 1.0 + 0.4 * math.exp(-(offset - 2) / 7)
    black_friday = thanksgiving(d.year) + dt.timedelta(1)
    if d == black_friday:
        m *= 2.5
    if d in (black_friday + dt.timedelta(1), black_friday + dt.timedelta(2)):
        m *= 1.4
    if d == black_friday + dt.timedelta(3):
        m *= 2.0
    if d.month == 12 and d.day == 31:
        m *= 0.7
    return m


def series(first, growth, seed):
    rng = random.Random(seed)
    truth, noisy = {}, {}
    d = first
    while d <= END:
        years = (d - first).days / 365.25
        level = 1000.0 * (1.0 + growth) ** years
        wave = 1.0 + 0.1 * math.sin(2 * math.pi * d.timetuple().tm_yday / 365.25)
        truth[d] = level * wave * WEEKDAY[d.weekday()] * event_factor(d)
        noisy[d] = max(0.0, round(truth[d] * (1.0 + rng.gauss(0.0, 0.05))))
        d += dt.timedelta(1)
    return truth, noisy


def calendar_csv(path):
    with open(path, 'w') as f:
        f.write('holiday,ds,lower_window,upper_window\n')
        for year in range(2019, 2025):
            black_friday = thanksgiving(year) + dt.timedelta(1)
            f.write('black_friday,%s,0,2\n' % black_friday)
            f.write('cyber_monday,%s,0,0\n' % (black_friday + dt.timedelta(3)))
            f.write('christmas,%d-12-25,-3,5\n' % year)
            f.write('new_years_eve,%d-12-31,0,0\n' % year)


def score(truth, forecast, days):
    err = sum(abs(forecast[d] - truth[d]) for d in days)
    bias = sum(forecast[d] - truth[d] for d in days)
    total = sum(truth[d] for d in days)
    return '%.3f (%+.2f)' % (err / total, bias / total)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wfm = sys.argv[1]
    seed = int(sys.argv[sys.argv.index('--seed') + 1]) if '--seed' in sys.argv else 1
    days = [START + dt.timedelta(k) for k in range(92)]
    segments = [
        ('1-12 Nov', [d for d in days if d < dt.date(2023, 11, 13)]),
        ('ramp', [d for d in days if dt.date(2023, 11, 13) <= d < dt.date(2023, 12, 25)]),
        ('26 Dec-15 Jan', [d for d in days if dt.date(2023, 12, 26) <= d <= dt.date(2024, 1, 15)]),
        ('late Jan', [d for d in days if d > dt.date(2024, 1, 15)]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, 'events.csv')
        calendar_csv(events)
        print('history      growth  ends        method               all            ' +
              '  '.join('%-14s' % name for name, _ in segments))
        for first in (dt.date(2020, 1, 1), dt.date(2022, 1, 1), dt.date(2022, 9, 1),
                      dt.date(2022, 12, 1)):
            for growth in (0.0, 0.15):
                truth, noisy = series(first, growth, seed)
                for last in (dt.date(2023, 10, 31), dt.date(2023, 8, 31)):
                    path = os.path.join(tmp, 'history.csv')
                    with open(path, 'w') as f:
                        f.write('date,volume\n')
                        d = first
                        while d <= last:
                            f.write('%s,%.0f\n' % (d, noisy[d]))
                            d += dt.timedelta(1)
                    run = subprocess.run([wfm, 'forecast', '--history', path, '--events', events,
                                          '--start', str(START), '--days', '92', '--verbose'],
                                         capture_output=True, text=True, check=True)
                    forecast = {dt.date.fromisoformat(r['date']): float(r['forecast'])
                                for r in csv.DictReader(io.StringIO(run.stdout))}
                    method = run.stderr.split('method ')[1].split(';')[0]
                    print('%s  %5.0f%%  %s  %-19s  %s  %s' % (
                        first, 100 * growth, last, method, score(truth, forecast, days),
                        '  '.join('%-14s' % score(truth, forecast, seg) for _, seg in segments)))


if __name__ == '__main__':
    main()
