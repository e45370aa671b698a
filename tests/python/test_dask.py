#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Dask scale-out (examples/python/dask_plan.py) on a 2-worker
LocalCluster on 127.0.0.1 (processes, no dashboard): the distributed table
must equal the single-process one exactly, and a library error raised on a
worker must come back as the same WfmError with its status.

Queues: the NA bank 30-minute series (tests/data/volume) scaled and with
seeded noise, so the test needs nothing outside the repository.

Usage: test_dask.py [PATH/TO/libwfm.so] [unittest options]
Exit status: 0 pass, 1 fail, 77 skip (Dask distributed not installed:
apt-get install python3-distributed).
"""

import math
import os
import random
import sys
import unittest

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DATA = os.environ.get('WFM_TEST_DATA') or os.path.join(ROOT, 'tests', 'data')
sys.path.insert(0, os.path.join(ROOT, 'lib', 'python'))
sys.path.insert(1, os.path.join(ROOT, 'examples', 'python'))

try:
    from dask.distributed import Client
except ImportError as e:
    print(f'SKIP: Dask distributed is not importable ({e}); '
          'apt-get install python3-distributed')
    sys.exit(SKIP)

import wfm  # noqa: E402
import dask_plan  # noqa: E402

SETTINGS = dict(channel='voice', target_sl=0.8, answer_s=20.0, aht_s=240.0,
                shrinkage=0.3, max_occupancy=0.85)


def jobs(settings=SETTINGS):
    """Six queues from the NA bank series: scale x (1 + 5 % noise), seeded."""
    with wfm.History.from_file(os.path.join(DATA, 'volume', 'na_bank_2003_30min.csv')) as h:
        span, (volume, _) = h.span, h.copy()
    out = []
    for q, scale in enumerate((0.05, 0.2, 0.5, 1.0, 1.5, 3.0)):
        rng = random.Random(q)
        v = [x if math.isnan(x) else round(max(0.0, x * scale * (1 + rng.gauss(0, 0.05))))
             for x in volume]
        out.append(dict(name=f'queue{q}', first_date=span.first_date,
                        interval_minutes=span.interval_minutes, volume=v,
                        holidays_csv=None, start='2003-10-27', days=14,
                        settings=settings))
    return out


class DaskPlan(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = dask_plan.local_cluster(2)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_two_workers_on_loopback(self):
        workers = self.client.scheduler_info()['workers']
        self.assertEqual(len(workers), 2)
        for address in workers:
            self.assertTrue(address.startswith('tcp://127.0.0.1:'), address)

    def test_distributed_equals_single_process(self):
        js = jobs()
        want = dask_plan.run_local(js)
        got = dask_plan.run_on(self.client, js)
        self.assertEqual(len(want), 6 * 14)
        self.assertEqual(got, want)
        self.assertEqual([r[0] for r in got[::14]], [j['name'] for j in js])

    def test_worker_error_keeps_status(self):
        bad = jobs(dict(SETTINGS, target_sl=1.5))[:1]
        with self.assertRaises(wfm.InvalidArgument) as cm:
            dask_plan.run_on(self.client, bad)
        self.assertEqual(cm.exception.status, wfm.EINVAL)
        self.assertEqual(cm.exception.function, 'wfm_plan_set_double')


def main():
    args = sys.argv[1:]
    if args and ('/' in args[0] or '.so' in args[0]):  # a library path
        os.environ['WFM_LIBRARY'] = args.pop(0)
    try:
        print(f'loaded {wfm.load_library()}')
    except OSError as e:
        print(f'FAIL: {e}')
        return 1
    prog = unittest.main(argv=[sys.argv[0]] + args, exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
