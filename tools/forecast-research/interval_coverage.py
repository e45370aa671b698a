#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How evenly wfm's 80 % bounds cover the intervals of the day.

Planners staff every interval, so bounds that hold 80 % of a day's cells
overall but 60 % at opening time and 90 % at midday are wrong where it
matters. This forecasts a series from rolling origins with the `wfm` tool
(`--start` each origin, the history strictly before it) and scores each
cell of the days present: coverage over all open cells (a closed cell,
forecast and bounds 0, is not scored), and per interval of the day (per
weekday for a daily series) the mean over intervals of |coverage - 0.80|
and its range.

Usage: interval_coverage.py WFM HISTORY FIRST LAST STEP DAYS [--events F]
       [--training-days N]
  FIRST, LAST  the first and last origin (YYYY-MM-DD), every STEP days
  DAYS         days forecast from each origin
Standard library only. Example (NA bank, the NEWS.md entry):
  interval_coverage.py build/examples/wfm/wfm \\
      ../shared/data/na_bank_2003/calls_30min.csv 2003-05-05 2003-12-01 14 14
"""
import argparse
import csv
import datetime
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('wfm')
    ap.add_argument('history')
    ap.add_argument('first', type=datetime.date.fromisoformat)
    ap.add_argument('last', type=datetime.date.fromisoformat)
    ap.add_argument('step', type=int)
    ap.add_argument('days', type=int)
    ap.add_argument('--events')
    ap.add_argument('--training-days', type=int, default=0)
    args = ap.parse_args()

    with open(args.history, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        volume = header.index('volume')
        rows = [(r[0], r[volume]) for r in reader]
    actual = {t: float(v) for t, v in rows if v != ''}
    present = {t[:10] for t, _ in rows}

    scored = {}  # interval (or weekday) -> [cells, inside]
    origins = 0
    with tempfile.TemporaryDirectory() as tmp:
        cut = os.path.join(tmp, 'history.csv')
        origin = args.first
        while origin <= args.last:
            day = origin.isoformat()
            with open(cut, 'w') as f:
                f.write(header[0] + ',volume\n')
                f.writelines(f'{t},{v}\n' for t, v in rows if t[:10] < day)
            command = [args.wfm, 'forecast', '--history', cut, '--start', day,
                       '--days', str(args.days)]
            if args.events:
                command += ['--events', args.events]
            if args.training_days:
                command += ['--training-days', str(args.training_days)]
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            for line in out.stdout.splitlines()[1:]:
                t, point, lower, upper = line.split(',')[:4]
                point, lower, upper = float(point), float(lower), float(upper)
                if t[:10] not in present or t not in actual or upper == 0.0:
                    continue
                key = t[11:16] if len(t) > 10 else \
                    datetime.date.fromisoformat(t).strftime('%a')
                cell = scored.setdefault(key, [0, 0])
                cell[0] += 1
                cell[1] += lower <= actual[t] <= upper
            origins += 1
            origin += datetime.timedelta(days=args.step)

    cells = sum(c[0] for c in scored.values())
    if cells == 0:
        sys.exit('interval_coverage.py: no cell scored')
    inside = sum(c[1] for c in scored.values())
    coverage = {k: c[1] / c[0] for k, c in scored.items()}
    deviation = sum(scored[k][0] * abs(coverage[k] - 0.8) for k in scored) / cells
    print(f'origins {origins}, cells {cells}: coverage {inside / cells:.3f}, '
          f'per interval |coverage - 0.80| {deviation:.3f}, '
          f'range {min(coverage.values()):.2f}-{max(coverage.values()):.2f}')


if __name__ == '__main__':
    main()
