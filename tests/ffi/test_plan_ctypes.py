#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""FFI test of the staffing-plan API (wfm/plan.h, wfm/erlang-a.h,
wfm/channels.h) through Python ctypes, used the way a planning script would:
a plan from arrays, its columns, roll-ups and ramp copied out, errors with
their messages, threads on separate plans, and create/free cycles.

Expected values are independent of wfm: the published Erlang C example
(100 calls per 30 min, AHT 180 s, 80 % in 20 s: 14 agents, 20 scheduled at
30 % shrinkage, SL 0.88835), and hours and FTE worked out here from it.

Usage: test_plan_ctypes.py PATH/TO/libwfm.so [unittest options]

SIGNATURES and C_TYPES are also imported by test_ctypes.py, whose
binding-drift check covers every public header.

Exit status: 0 pass, 1 fail, 77 skip. Standard library only.
"""

import datetime
import math
import sys
import threading
import unittest

SKIP = 77
WFM_OK, WFM_EINVAL, WFM_ERANGE, WFM_ENOTFOUND = 0, 1, 2, 6
WFM_EMISUSE, WFM_EUNSUPPORTED = 7, 8
WFM_PLAN_CHANNEL, WFM_PLAN_TARGET_SL, WFM_PLAN_SHRINKAGE = 0, 1, 5
WFM_PLAN_AHT_S, WFM_PLAN_CONTRACT_HOURS = 6, 11
(WFM_PLAN_COL_CONTACTS, WFM_PLAN_COL_WORKLOAD, WFM_PLAN_COL_REQUIRED,
 WFM_PLAN_COL_SHRINKAGE, WFM_PLAN_COL_SCHEDULED,
 WFM_PLAN_COL_SERVICE_LEVEL) = 0, 4, 5, 6, 7, 8
WFM_PLAN_DAY, WFM_PLAN_WEEK = 0, 1
EPOCH = datetime.date(1970, 1, 1).toordinal()

try:
    import ctypes  # noqa: F401
    from ctypes import POINTER, c_char_p, c_double, c_int32, c_size_t, c_void_p
except ImportError as e:
    print(f'SKIP: ctypes is not available: {e}')
    sys.exit(SKIP)

import wfmlib  # noqa: E402

P_INT32, P_SIZE, P_VOIDP = POINTER(c_int32), POINTER(c_size_t), POINTER(c_void_p)
P_DOUBLE = POINTER(c_double)

# name: (restype, argtypes), exactly as in the headers.
SIGNATURES = {
    # wfm/erlang-a.h
    'wfm_erlang_a_metrics': (c_int32, [c_double, c_int32, c_double, c_double,
                                       c_double, P_INT32, c_size_t, P_DOUBLE]),
    'wfm_erlang_a_required_agents': (c_int32, [c_double, c_double, c_double,
                                               c_double, c_double, c_int32,
                                               c_double, c_double, c_double,
                                               P_INT32]),
    # wfm/channels.h
    'wfm_chat_service': (c_int32, [c_double, c_double, P_DOUBLE, c_int32,
                                   c_int32, c_double, P_DOUBLE, P_DOUBLE,
                                   P_DOUBLE]),
    'wfm_chat_required_agents': (c_int32, [c_double, c_double, P_DOUBLE,
                                           c_int32, c_double, c_double,
                                           c_double, c_double, P_INT32]),
    'wfm_deferred_required_agents': (c_int32, [c_size_t, c_double, P_DOUBLE,
                                               P_DOUBLE, c_double, c_double,
                                               P_INT32, P_DOUBLE]),
    # wfm/plan.h
    'wfm_plan_new': (c_int32, [P_VOIDP]),
    'wfm_plan_free': (None, [c_void_p]),
    'wfm_plan_errmsg': (c_char_p, [c_void_p]),
    'wfm_plan_set_int': (c_int32, [c_void_p, c_int32, c_int32]),
    'wfm_plan_set_double': (c_int32, [c_void_p, c_int32, c_double]),
    'wfm_plan_get_int': (c_int32, [c_void_p, c_int32, P_INT32]),
    'wfm_plan_get_double': (c_int32, [c_void_p, c_int32, P_DOUBLE]),
    'wfm_plan_set_chat_aht': (c_int32, [c_void_p, P_DOUBLE, c_int32]),
    'wfm_plan_add_shrinkage': (c_int32, [c_void_p, c_int32, c_int32, c_double]),
    'wfm_plan_add_event_shrinkage': (c_int32, [c_void_p, c_char_p, c_int32,
                                               c_int32, c_double]),
    'wfm_plan_run': (c_int32, [c_void_p, c_void_p, c_void_p]),
    'wfm_plan_run_series': (c_int32, [c_void_p, c_int32, c_int32, c_size_t,
                                      P_DOUBLE, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                      c_void_p]),
    'wfm_plan_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_plan_copy_column': (c_int32, [c_void_p, c_int32, P_DOUBLE, c_size_t,
                                       P_SIZE]),
    'wfm_plan_rollup': (c_int32, [c_void_p, c_int32, P_INT32, P_DOUBLE,
                                  P_DOUBLE, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_plan_ramp': (c_int32, [c_void_p, P_INT32, P_DOUBLE, P_DOUBLE,
                                P_DOUBLE, P_INT32, c_size_t, P_SIZE]),
}

C_TYPES = {
    'wfm_plan*': c_void_p, 'const wfm_plan*': c_void_p, 'wfm_plan**': P_VOIDP,
    'const wfm_forecast*': c_void_p, 'wfm_calendar*': c_void_p,
}

lib = None


def day(iso):
    """Day number (days since 1970-01-01) of an ISO date."""
    return datetime.date.fromisoformat(iso).toordinal() - EPOCH


def darray(values):
    return (c_double * len(values))(*values)


def new_plan():
    p = c_void_p()
    assert lib.wfm_plan_new(ctypes.byref(p)) == WFM_OK
    return p


def column(p, col):
    """One column of the last run as a list (size query, then the copy)."""
    n = c_size_t()
    assert lib.wfm_plan_copy_column(p, col, None, 0, ctypes.byref(n)) == WFM_OK
    out = (c_double * n.value)()
    assert lib.wfm_plan_copy_column(p, col, out, n.value, ctypes.byref(n)) == WFM_OK
    return list(out)


def run(p, first, minutes, contacts, aht=None, lower=None, upper=None):
    n = len(contacts)
    return lib.wfm_plan_run_series(
        p, first, minutes, n, darray(contacts),
        darray(lower) if lower is not None else None,
        darray(upper) if upper is not None else None,
        darray(aht) if aht is not None else None, None)


class PlanTest(unittest.TestCase):
    def test_plan_from_arrays(self):
        """The published example on two days: 16 busy half-hours on Monday
        and 8 on Tuesday, AHT 180 s (the default targets and shrinkage)."""
        p = new_plan()
        try:
            contacts = [0.0] * 96
            for i in list(range(16, 32)) + list(range(48 + 16, 48 + 24)):
                contacts[i] = 100.0
            self.assertEqual(run(p, day('2026-01-05'), 30, contacts, aht=[180.0] * 96),
                             WFM_OK, lib.wfm_plan_errmsg(p))
            self.assertEqual(lib.wfm_plan_errmsg(p), b'')
            first, days, minutes = c_int32(), c_int32(), c_int32()
            self.assertEqual(lib.wfm_plan_span(p, ctypes.byref(first), ctypes.byref(days),
                                               ctypes.byref(minutes)), WFM_OK)
            self.assertEqual((first.value, days.value, minutes.value),
                             (day('2026-01-05'), 2, 30))
            req = column(p, WFM_PLAN_COL_REQUIRED)
            sched = column(p, WFM_PLAN_COL_SCHEDULED)
            sl = column(p, WFM_PLAN_COL_SERVICE_LEVEL)
            load = column(p, WFM_PLAN_COL_WORKLOAD)
            self.assertEqual(column(p, WFM_PLAN_COL_CONTACTS), contacts)
            self.assertEqual(column(p, WFM_PLAN_COL_SHRINKAGE), [0.3] * 96)
            for i in range(96):
                busy = contacts[i] > 0
                self.assertEqual(req[i], 14.0 if busy else 0.0)
                self.assertEqual(sched[i], 20.0 if busy else 0.0)
                self.assertEqual(load[i], 10.0 if busy else 0.0)
                if busy:
                    self.assertAlmostEqual(sl[i], 0.888350019179, places=11)
                else:
                    self.assertEqual(sl[i], 1.0)
            # Monday: 16 × 14 × 0.5 = 112 required h, 160 scheduled h,
            # FTE 160 / (37.5 / 5); Tuesday half of that. One ISO week of
            # 2 days: FTE 240 / (37.5 × 2 / 7) = 22.4.
            n = c_size_t()
            dates = (c_int32 * 2)()
            rh, sh, fte = (c_double * 2)(), (c_double * 2)(), (c_double * 2)()
            self.assertEqual(lib.wfm_plan_rollup(p, WFM_PLAN_DAY, dates, rh, sh, fte, 2,
                                                 ctypes.byref(n)), WFM_OK)
            self.assertEqual(n.value, 2)
            self.assertEqual(list(dates), [day('2026-01-05'), day('2026-01-06')])
            self.assertEqual(list(rh), [112.0, 56.0])
            self.assertEqual(list(sh), [160.0, 80.0])
            self.assertAlmostEqual(fte[0], 160 / 7.5, places=12)
            self.assertEqual(lib.wfm_plan_rollup(p, WFM_PLAN_WEEK, None, None, None, fte, 2,
                                                 ctypes.byref(n)), WFM_OK)
            self.assertEqual(n.value, 1)
            self.assertAlmostEqual(fte[0], 22.4, places=12)
            # The ramp of one week: nothing to hire; start training 42 days
            # before the week.
            start, hires = (c_int32 * 1)(), (c_double * 1)()
            self.assertEqual(lib.wfm_plan_ramp(p, None, None, None, hires, start, 1,
                                               ctypes.byref(n)), WFM_OK)
            self.assertEqual((n.value, hires[0], start[0]), (1, 0.0, day('2025-11-24')))
        finally:
            lib.wfm_plan_free(p)

    def test_columns_copied(self):
        """A copy is the caller's: changing it, or the inputs, changes
        nothing in the plan; a short buffer is WFM_ERANGE with the count."""
        p = new_plan()
        try:
            self.assertEqual(lib.wfm_plan_set_double(p, WFM_PLAN_AHT_S, 180.0), WFM_OK)
            contacts = darray([100.0] * 48)
            self.assertEqual(lib.wfm_plan_run_series(p, day('2026-03-02'), 30, 48, contacts,
                                                     None, None, None, None), WFM_OK)
            contacts[0] = 5000.0
            first = column(p, WFM_PLAN_COL_REQUIRED)
            first[0] = -1.0
            self.assertEqual(column(p, WFM_PLAN_COL_REQUIRED), [14.0] * 48)
            self.assertEqual(column(p, WFM_PLAN_COL_CONTACTS), [100.0] * 48)
            n = c_size_t()
            short = (c_double * 47)(*([-7.0] * 47))
            self.assertEqual(lib.wfm_plan_copy_column(p, WFM_PLAN_COL_REQUIRED, short, 47,
                                                      ctypes.byref(n)), WFM_ERANGE)
            self.assertEqual(n.value, 48)
            self.assertEqual(list(short), [-7.0] * 47)
            self.assertEqual(lib.wfm_plan_copy_column(p, 99, short, 47, ctypes.byref(n)),
                             WFM_EUNSUPPORTED)
        finally:
            lib.wfm_plan_free(p)

    def test_errors(self):
        """Bad inputs fail with one-line messages naming the interval; a
        failed run keeps the last results; misuse is WFM_EMISUSE."""
        p = new_plan()
        try:
            n = c_size_t()
            self.assertEqual(lib.wfm_plan_copy_column(p, 0, None, 0, ctypes.byref(n)),
                             WFM_EMISUSE)
            self.assertEqual(lib.wfm_plan_set_double(p, WFM_PLAN_TARGET_SL, 1.5), WFM_EINVAL)
            self.assertIn(b'target service level', lib.wfm_plan_errmsg(p))
            self.assertEqual(lib.wfm_plan_set_double(p, WFM_PLAN_CHANNEL, 1.0),
                             WFM_EUNSUPPORTED)
            aht = [180.0] * 48
            self.assertEqual(run(p, day('2026-03-02'), 30, [100.0] * 48, aht=aht), WFM_OK)
            bad = [100.0] * 48
            bad[19] = -1.0
            self.assertEqual(run(p, day('2026-03-02'), 30, bad, aht=aht), WFM_EINVAL)
            self.assertEqual(lib.wfm_plan_errmsg(p),
                             b'2026-03-02 09:30: contacts: expected a finite number >= 0')
            self.assertEqual(run(p, day('2026-03-02'), 7, [100.0] * 48, aht=aht), WFM_EINVAL)
            self.assertEqual(column(p, WFM_PLAN_COL_REQUIRED), [14.0] * 48)
            self.assertEqual(lib.wfm_plan_add_event_shrinkage(p, b'christmas', 0, 0, 0.1),
                             WFM_OK)
            self.assertEqual(run(p, day('2026-03-02'), 30, [100.0] * 48, aht=aht), WFM_ENOTFOUND)
            self.assertIn(b"'christmas'", lib.wfm_plan_errmsg(p))
        finally:
            lib.wfm_plan_free(p)
        self.assertEqual(lib.wfm_plan_set_int(None, WFM_PLAN_CHANNEL, 0), WFM_EMISUSE)
        self.assertEqual(lib.wfm_plan_errmsg(None), b'')

    def test_threads(self):
        """Four threads plan at once, each on its own plan (ctypes drops
        the GIL in calls): each gets what one thread alone gets."""
        def volumes(k):
            return [0.0 if i % 48 < 14 else 20.0 + 7 * k + 3 * (i % 11) for i in range(14 * 48)]

        def plan_of(k):
            p = new_plan()
            try:
                assert lib.wfm_plan_set_double(p, WFM_PLAN_SHRINKAGE, 0.1 + 0.05 * k) == WFM_OK
                st = run(p, day('2026-01-05'), 30, volumes(k), aht=[200.0 + k] * (14 * 48))
                return st, column(p, WFM_PLAN_COL_SCHEDULED)
            finally:
                lib.wfm_plan_free(p)

        alone = [plan_of(k) for k in range(4)]
        got = [None] * 4

        def work(k):
            for _ in range(5):
                result = plan_of(k)
                if result != alone[k]:
                    got[k] = result
                    return
            got[k] = alone[k]

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(4):
            self.assertEqual(alone[k][0], WFM_OK)
            self.assertEqual(got[k], alone[k])
        self.assertNotEqual(alone[0][1], alone[3][1])
        self.assertTrue(all(math.isfinite(v) for v in alone[2][1]))

    def test_create_free_cycles(self):
        for _ in range(2000):
            p = c_void_p()
            self.assertEqual(lib.wfm_plan_new(ctypes.byref(p)), 0)
            lib.wfm_plan_free(p)
        lib.wfm_plan_free(None)


def main():
    global lib
    if len(sys.argv) < 2 or sys.argv[1].startswith('-'):
        print(__doc__)
        return 2
    lib = wfmlib.load(sys.argv[1], SIGNATURES)
    print(f'loaded {sys.argv[1]}')
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
