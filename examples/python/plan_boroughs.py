#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plan the five NYC EMS boroughs as five queues with the wfm Python binding.

For each borough: its hourly history -> a forecast of Nov-Dec 2017 with the
US holidays -> a voice staffing plan (90 % answered in 10 s, AHT 150 s
assumed, 30 % shrinkage) -> the peak interval, the peak required agents and
the peak week's FTE.

Usage:
  plan_boroughs.py [HOURLY.csv] [--holidays HOLIDAYS.csv] [--start 2017-11-01]
                   [--days 61] [--target-sl 0.9] [--answer-s 10] [--aht-s 150]

HOURLY.csv: `datetime` (YYYY-MM-DD HH:MM) and one column per queue
(bronx, brooklyn, manhattan, queens, staten_island), as in
shared/data/nyc_ems/hourly.csv; a file with only a `volume` column is
planned as one queue. Default: examples/data/nyc_ems_hourly.csv when it
has the borough columns, else shared/data/nyc_ems/hourly.csv beside the
repository, else the total of examples/data/nyc_ems_hourly.csv as one
queue. HOLIDAYS.csv: Prophet layout (holiday, ds, lower_window,
upper_window); default: holidays_us.csv next to HOURLY.csv, else
tests/data/volume/nyc_ems_holidays_us.csv.

wfm must be importable (PYTHONPATH=lib/python or installed) and find
libwfm (WFM_LIBRARY=path/to/libwfm.so, WFM_BUILD_DIR=build, or installed).
"""

import argparse
import csv
import datetime
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
try:
    import wfm
except ImportError:  # running from a source tree
    sys.path.insert(0, os.path.join(ROOT, 'lib', 'python'))
    import wfm

BOROUGHS = ('bronx', 'brooklyn', 'manhattan', 'queens', 'staten_island')
DEFAULT_DATA = [os.path.join(ROOT, 'examples', 'data', 'nyc_ems_hourly.csv'),
                os.path.join(ROOT, '..', 'shared', 'data', 'nyc_ems', 'hourly.csv')]
DEFAULT_HOLIDAYS = os.path.join(ROOT, 'tests', 'data', 'volume', 'nyc_ems_holidays_us.csv')
# The planning assumptions (wfm.Plan settings; units in wfm.Plan's doc).
SETTINGS = dict(channel='voice', target_sl=0.9, answer_s=10.0, aht_s=150.0,
                shrinkage=0.3, max_occupancy=0.85)


def read_queues(path):
    """(first date, interval minutes, {queue: volumes day-major}) of an
    intraday CSV with a `datetime` column and a column per queue (or only
    `volume`). Empty cells are not observed (NaN), except the non-existent
    hour of a daylight-saving change (row_missing = 2): 0 contacts."""
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.DictReader(f)
        names = [b for b in BOROUGHS if b in reader.fieldnames] or ['volume']
        rows = [(datetime.datetime.strptime(r['datetime'], '%Y-%m-%d %H:%M'),
                 r.get('row_missing', '0'), [r[n] for n in names]) for r in reader]
    first = rows[0][0]
    minutes = int((rows[1][0] - first).total_seconds() // 60)
    per_day = 1440 // minutes
    days = (rows[-1][0].date() - first.date()).days + 1
    series = {n: [math.nan] * (days * per_day) for n in names}
    start = datetime.datetime.combine(first.date(), datetime.time())
    for when, missing, values in rows:
        i = int((when - start).total_seconds() // 60) // minutes
        for n, v in zip(names, values):
            series[n][i] = float(v) if v != '' else (0.0 if missing == '2' else math.nan)
    return first.date(), minutes, series


def plan_queue(name, first_date, interval_minutes, volume, holidays_csv, start, days,
               settings=None):
    """Forecast and plan one queue. Returns {'summary': {...}, 'daily':
    [rows]}: the peak interval (datetime), peak required agents, peak ISO
    week (its first date in the plan) and its scheduled FTE, and one row
    per day (queue, date, contacts, peak required agents, required hours,
    scheduled hours, FTE). Plain Python values: they pickle (Dask)."""
    settings = dict(SETTINGS if settings is None else settings)
    with wfm.History.from_series(first_date, interval_minutes, volume) as history, \
            wfm.Calendar(prophet_csv=holidays_csv) as calendar, \
            wfm.Forecast() as forecast, wfm.Plan(**settings) as plan:
        forecast.run(history, start, days, calendar)
        plan.run(forecast, calendar)
        span = plan.span
        # Columns named as `wfm plan`'s CSV header; agents are ints.
        starts = plan.column('datetime')
        contacts = plan.column('forecast')
        required = plan.column('required_agents')
        daily, weekly = plan.rollup('day'), plan.rollup('week')
        method = forecast.method_used
    per_day = 1440 // span.interval_minutes
    peak = max(range(len(required)), key=lambda i: (required[i], contacts[i]))
    week = max(weekly, key=lambda w: w.fte)
    rows = []
    for d, r in enumerate(daily):
        cells = slice(d * per_day, (d + 1) * per_day)
        rows.append((name, r.first_date.isoformat(), round(sum(contacts[cells]), 3),
                     max(required[cells]), round(r.required_hours, 3),
                     round(r.scheduled_hours, 3), round(r.fte, 3)))
    return {'summary': {'queue': name, 'method': method,
                        'contacts': sum(contacts), 'peak_interval': starts[peak],
                        'peak_required': required[peak],
                        'peak_week': week.first_date, 'peak_week_fte': week.fte},
            'daily': rows}


def find_data(path):
    """The data file: `path`, or the first default that has the boroughs,
    or else the first default that exists (its total `volume`: one queue)."""
    if path:
        return path
    found = [p for p in DEFAULT_DATA if os.path.isfile(p)]
    for p in found:
        with open(p, encoding='utf-8') as f:
            if any(b in f.readline() for b in BOROUGHS):
                return p
    if found:
        print(f'# {found[0]} has no borough columns: planning its total volume as one '
              'queue (give shared/data/nyc_ems/hourly.csv for the five boroughs)')
        return found[0]
    sys.exit('plan_boroughs: no hourly data found; give the path of '
             'shared/data/nyc_ems/hourly.csv')


def find_holidays(path, data):
    if path:
        return path
    beside = os.path.join(os.path.dirname(data), 'holidays_us.csv')
    return beside if os.path.isfile(beside) else DEFAULT_HOLIDAYS


def parse_args(argv, doc=__doc__):
    ap = argparse.ArgumentParser(description=doc.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('data', nargs='?', help='hourly CSV (see above)')
    ap.add_argument('--holidays', help='Prophet holiday CSV')
    ap.add_argument('--start', default='2017-11-01', help='first forecast day')
    ap.add_argument('--days', type=int, default=61, help='days to forecast and plan')
    ap.add_argument('--target-sl', type=float, default=SETTINGS['target_sl'],
                    help='service-level target, a fraction (default 0.9)')
    ap.add_argument('--answer-s', type=float, default=SETTINGS['answer_s'],
                    help='answer time of the SL, seconds (default 10)')
    ap.add_argument('--aht-s', type=float, default=SETTINGS['aht_s'],
                    help='average handle time, seconds (default 150)')
    return ap, ap.parse_args(argv)


def settings_of(args):
    return dict(SETTINGS, target_sl=args.target_sl, answer_s=args.answer_s,
                aht_s=args.aht_s)


def main(argv=None):
    _, args = parse_args(argv)
    data = find_data(args.data)
    with open(find_holidays(args.holidays, data), encoding='utf-8') as f:
        holidays = f.read()
    first, minutes, queues = read_queues(data)
    print(f'# {data}: {len(queues)} queues, {minutes}-minute intervals from {first}; '
          f'forecast and plan {args.days} days from {args.start}; '
          f'{args.target_sl:.0%} in {args.answer_s:g} s, AHT {args.aht_s:g} s')
    print(f'{"queue":<14} {"method":<13} {"contacts":>9} {"peak interval":<17} '
          f'{"peak agents":>11} {"peak week":<10} {"week FTE":>8}')
    for name, volume in queues.items():
        s = plan_queue(name, first, minutes, volume, holidays, args.start, args.days,
                       settings_of(args))['summary']
        print(f'{s["queue"]:<14} {s["method"]:<13} {s["contacts"]:>9.0f} '
              f'{s["peak_interval"]:%Y-%m-%d %H:%M} {s["peak_required"]:>11d} '
              f'{s["peak_week"].isoformat():<10} {s["peak_week_fte"]:>8.1f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
