#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Forecast and plan many queues on a Dask cluster, gathered into one table.

Each queue's forecast + staffing plan (plan_boroughs.plan_queue: history ->
forecast with the holidays -> voice plan) runs as one Dask task; the
per-day rows of every queue come back as one CSV table (queue, date,
contacts, peak_required, required_hours, scheduled_hours, fte), in queue
order, identical to a single-process run.

Usage:
  dask_plan.py [HOURLY.csv] [--scheduler tcp://HOST:PORT] [--workers N]
               [--output plan.csv] [--local] [plan_boroughs options]

Without --scheduler a LocalCluster of N worker processes (default 2, one
thread each) starts on 127.0.0.1 and stops at the end. With --scheduler
the tasks run on that cluster: its workers need libwfm installed (or
WFM_LIBRARY set); wfm.py and this directory's plan_boroughs.py are sent
to them with Client.upload_file. --local runs without Dask (the
reference). Needs Debian's python3-distributed.
"""

import csv
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import plan_boroughs  # noqa: E402  (imports wfm, from the source tree if needed)
import wfm  # noqa: E402

HEADER = ('queue', 'date', 'contacts', 'peak_required', 'required_hours',
          'scheduled_hours', 'fte')


def plan_task(job):
    """One queue: plan_boroughs.plan_queue(**job)'s per-day rows."""
    return plan_boroughs.plan_queue(**job)['daily']


def jobs_of(path, holidays, start, days, settings):
    """One job (keyword arguments of plan_queue) per queue of the file."""
    first, minutes, queues = plan_boroughs.read_queues(path)
    return [dict(name=name, first_date=first, interval_minutes=minutes, volume=volume,
                 holidays_csv=holidays, start=start, days=days, settings=settings)
            for name, volume in queues.items()]


def run_local(jobs, task=plan_task):
    """The single-process reference: every job in turn, rows concatenated."""
    return [row for job in jobs for row in task(job)]


def run_on(client, jobs, task=plan_task):
    """Map `task` over the jobs on a Dask client; rows in job order."""
    futures = client.map(task, jobs, pure=False)
    return [row for rows in client.gather(futures) for row in rows]


def local_cluster(workers):
    """A LocalCluster of `workers` processes on 127.0.0.1, one thread each,
    no dashboard. Its workers inherit this process's environment and
    sys.path, so they load the same wfm.py and libwfm."""
    from dask.distributed import LocalCluster
    os.environ.setdefault('WFM_LIBRARY', wfm.library_path())
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host='127.0.0.1', dashboard_address=None)


def main(argv=None):
    ap, _ = plan_boroughs.parse_args([], __doc__)
    ap.add_argument('--scheduler', help='address of a running Dask scheduler')
    ap.add_argument('--workers', type=int, default=2, help='LocalCluster workers')
    ap.add_argument('--output', help='CSV file (default: standard output)')
    ap.add_argument('--local', action='store_true', help='run without Dask')
    args = ap.parse_args(argv)
    data = plan_boroughs.find_data(args.data)
    with open(plan_boroughs.find_holidays(args.holidays, data), encoding='utf-8') as f:
        holidays = f.read()
    jobs = jobs_of(data, holidays, args.start, args.days, plan_boroughs.settings_of(args))
    t0 = time.perf_counter()
    if args.local:
        rows, where = run_local(jobs), 'one process'
    else:
        try:
            from dask.distributed import Client
        except ImportError as e:
            sys.exit(f'dask_plan: Dask distributed is not installed ({e}); '
                     'apt-get install python3-distributed, or use --local')
        if args.scheduler:
            cluster, where = None, args.scheduler
            client = Client(args.scheduler)
            client.upload_file(wfm.__file__)
            client.upload_file(plan_boroughs.__file__)
        else:
            cluster = local_cluster(args.workers)
            client, where = Client(cluster), f'a LocalCluster of {args.workers} workers'
        try:
            rows = run_on(client, jobs)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    elapsed = time.perf_counter() - t0
    out = open(args.output, 'w', newline='', encoding='utf-8') if args.output else sys.stdout
    try:
        w = csv.writer(out, lineterminator='\n')
        w.writerow(HEADER)
        w.writerows(rows)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f'dask_plan: {len(jobs)} queues, {len(rows)} rows on {where} in {elapsed:.2f} s',
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
