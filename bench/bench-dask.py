#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: forecast + plan of many queues on Dask, on 1 and on 2 workers.

Each synthetic queue is a year (364 days) of 30-minute intervals built from
the repository's real series: the NYC EMS daily volume (a 364-day window
starting at a random day of 2010-2016) times the NA bank's weekday
intraday shape (open 07:00-21:00), scaled by a log-uniform factor
(0.02 ... 1, i.e. ~70 ... 3,500 contacts a day) with Gaussian noise of
Poisson size, seeded per queue. Each task generates its queues, forecasts
the next --horizon days (wfm.Forecast, auto method) and plans them
(wfm.Plan: voice, 80 % in 20 s, AHT 240 s). Tasks hold --chunk queues.

Output: JSON on stdout: per worker count the wall time, throughput
(queues/s) and the mean per-queue time spent generating, forecasting and
planning; the scaling (throughput on 2 workers / on 1); and an
in-process run without Dask on a sample, for Dask's overhead. The results
on every worker count must be identical (exit 1 otherwise).

Usage: bench-dask.py [--queues 1000] [--workers 1,2] [--horizon 28]
                     [--chunk 10] [--quick] [--output FILE]
--quick: 20 queues, chunk 5 (a smoke test). Exit 77 when Dask distributed
is not installed (apt-get install python3-distributed).
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..'))
VOLUME = os.path.join(ROOT, 'tests', 'data', 'volume')
sys.path.insert(0, os.path.join(ROOT, 'lib', 'python'))
import wfm  # noqa: E402

HISTORY_DAYS = 364
PER_DAY = 48
FIRST = datetime.date(2016, 1, 4)  # a Monday: the synthetic history's first day
SETTINGS = dict(channel='voice', target_sl=0.8, answer_s=20.0, aht_s=240.0,
                shrinkage=0.3, max_occupancy=0.85)


def base_series():
    """(NYC EMS daily volumes 2010-2017, NA bank weekday shape: 48 shares
    summing to 1) from tests/data/volume."""
    with open(os.path.join(VOLUME, 'nyc_ems_daily.csv'), newline='') as f:
        daily = [float(r['volume']) if r['volume'] else math.nan for r in csv.DictReader(f)]
    with wfm.History.from_file(os.path.join(VOLUME, 'na_bank_2003_30min.csv')) as h:
        volume, _ = h.copy()
    sums = [0.0] * PER_DAY
    for i, v in enumerate(volume):
        if not math.isnan(v):
            sums[i % PER_DAY] += v
    total = sum(sums)
    return daily, [s / total for s in sums]


def synthetic_queue(q, daily, shape):
    """Queue q's 364 x 48 volumes (day-major), deterministic in q."""
    rng = random.Random(1000003 * q + 17)
    offset = rng.randrange(0, 7 * 52 * 6)
    scale = math.exp(rng.uniform(math.log(0.02), math.log(1.0)))
    out = []
    for d in range(HISTORY_DAYS):
        level = daily[offset + d]
        if math.isnan(level):
            out.extend([math.nan] * PER_DAY)
            continue
        for s in shape:
            mu = level * scale * s
            out.append(float(max(0, round(mu + rng.gauss(0.0, math.sqrt(mu))))) if mu else 0.0)
    return out


def plan_chunk(queues, base, horizon):
    """Generate, forecast and plan each queue; returns per queue (q, peak
    required agents, scheduled hours, first-week FTE) and the seconds
    spent in each stage."""
    daily, shape = base
    start = FIRST + datetime.timedelta(HISTORY_DAYS)
    rows, t_gen, t_fc, t_plan = [], 0.0, 0.0, 0.0
    with wfm.Forecast() as forecast, wfm.Plan(**SETTINGS) as plan:
        for q in queues:
            t0 = time.perf_counter()
            volume = synthetic_queue(q, daily, shape)
            t1 = time.perf_counter()
            with wfm.History.from_series(FIRST, 30, volume) as h:
                forecast.run(h, start, horizon)
            t2 = time.perf_counter()
            plan.run(forecast)
            required = plan.column('required')
            weeks = plan.rollup('week')
            t3 = time.perf_counter()
            rows.append((q, max(required), sum(w.scheduled_hours for w in weeks),
                         weeks[0].fte))
            t_gen, t_fc, t_plan = t_gen + t1 - t0, t_fc + t2 - t1, t_plan + t3 - t2
    return rows, (t_gen, t_fc, t_plan)


def chunks(n, size):
    return [list(range(i, min(n, i + size))) for i in range(0, n, size)]


def run_cluster(workers, n, chunk, base, horizon):
    from dask.distributed import Client, LocalCluster
    os.environ.setdefault('WFM_LIBRARY', wfm.library_path())
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host='127.0.0.1', dashboard_address=None)
    client = Client(cluster)
    try:
        base_f = client.scatter(base, broadcast=True)
        # Warm-up: every worker imports wfm and loads libwfm before timing.
        client.gather(client.map(plan_chunk, [[q] for q in range(workers)],
                                 base=base_f, horizon=horizon, pure=False))
        t0 = time.perf_counter()
        futures = client.map(plan_chunk, chunks(n, chunk), base=base_f, horizon=horizon,
                             pure=False)
        results = client.gather(futures)
        wall = time.perf_counter() - t0
    finally:
        client.close()
        cluster.close()
    rows = [r for rs, _ in results for r in rs]
    stages = [sum(s[i] for _, s in results) / n * 1000 for i in range(3)]
    return rows, wall, stages


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--queues', type=int, default=1000)
    ap.add_argument('--workers', default='1,2', help='worker counts, comma-separated')
    ap.add_argument('--horizon', type=int, default=28, help='days forecast and planned')
    ap.add_argument('--chunk', type=int, default=10, help='queues per Dask task')
    ap.add_argument('--quick', action='store_true', help='20 queues, chunk 5')
    ap.add_argument('--format', default='json', choices=['json'])
    ap.add_argument('--output', help='write the JSON here too')
    args = ap.parse_args()
    if args.quick:
        args.queues, args.chunk = 20, 5
    try:
        import distributed
    except ImportError as e:
        print(f'SKIP: Dask distributed is not importable ({e}); '
              'apt-get install python3-distributed')
        return 77
    base = base_series()
    sample = min(args.queues, 50)
    t0 = time.perf_counter()
    ref_rows, ref_stages = plan_chunk(range(sample), base, args.horizon)
    in_process = time.perf_counter() - t0

    report = {
        'context': {
            'date': datetime.datetime.now().isoformat(timespec='seconds'),
            'host': platform.node(), 'cpus': os.cpu_count(),
            'python': platform.python_version(), 'dask_distributed': distributed.__version__,
            'library': wfm.library_path(), 'library_version': wfm.library_version(),
            'queues': args.queues, 'history': f'{HISTORY_DAYS} days x {PER_DAY} intervals',
            'horizon_days': args.horizon, 'queues_per_task': args.chunk,
        },
        'in_process': {
            'queues': sample, 'seconds': round(in_process, 4),
            'queues_per_s': round(sample / in_process, 2),
            'ms_per_queue': {k: round(v / sample * 1000, 3) for k, v in
                             zip(('generate', 'forecast', 'plan'), ref_stages)},
        },
        'benchmarks': [],
    }
    first_rows = None
    for w in (int(x) for x in args.workers.split(',')):
        rows, wall, stages = run_cluster(w, args.queues, args.chunk, base, args.horizon)
        if first_rows is None:
            first_rows = rows
        if rows != first_rows or rows[:sample] != ref_rows:
            print(f'FAIL: results on {w} workers differ', file=sys.stderr)
            return 1
        report['benchmarks'].append({
            'name': f'dask/{w}-worker', 'workers': w, 'queues': args.queues,
            'seconds': round(wall, 4), 'queues_per_s': round(args.queues / wall, 2),
            'ms_per_queue': {k: round(v, 3) for k, v in
                             zip(('generate', 'forecast', 'plan'), stages)},
        })
    b = {x['workers']: x['queues_per_s'] for x in report['benchmarks']}
    if 1 in b and 2 in b:
        report['scaling_2_over_1'] = round(b[2] / b[1], 3)
    text = json.dumps(report, indent=2)
    print(text)
    if args.output:
        with open(args.output, 'w') as f:
            f.write(text + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
