#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""FFI test of the forecasting API (wfm/forecast.h) through Python ctypes,
used the way a planning script would: a history from arrays and from CSV, a
calendar, a forecast with bounds, what-ifs, a backtest, many threads on
separate forecasters sharing one history, and create/free cycles.

Usage: test_forecast_ctypes.py PATH/TO/libwfm.so [unittest options]

Expected values are independent of wfm: a noise-free weekly pattern must be
forecast as itself, an uplift multiplies a run without it, a closed day is 0,
and scores are recomputed here from the copied arrays. SIGNATURES and
C_TYPES are also imported by test_ctypes.py, whose binding-drift check
covers every public header.

Exit status: 0 pass, 1 fail, 77 skip. Standard library only.
"""

import datetime
import math
import sys
import threading
import unittest

SKIP = 77
WFM_OK, WFM_EINVAL, WFM_ERANGE, WFM_ENOMEM = 0, 1, 2, 3
WFM_ENOTFOUND, WFM_EMISUSE, WFM_EUNSUPPORTED = 6, 7, 8
WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION, WFM_FORECAST_RECENT_WEEKS = 0, 1, 2
WFM_FORECAST_METHOD, WFM_FORECAST_LOWER_QUANTILE = 0, 1
WFM_FORECAST_UPPER_QUANTILE, WFM_FORECAST_TRAINING_DAYS = 2, 3
WFM_FORECAST_BACKTEST_ORIGINS = 4
EPOCH = datetime.date(1970, 1, 1).toordinal()

try:
    import ctypes
    from ctypes import POINTER, c_char_p, c_double, c_int32, c_size_t, c_void_p
except ImportError as e:
    print(f'SKIP: ctypes is not available: {e}')
    sys.exit(SKIP)

import wfmlib  # noqa: E402

P_INT32, P_SIZE, P_VOIDP = POINTER(c_int32), POINTER(c_size_t), POINTER(c_void_p)
P_DOUBLE = POINTER(c_double)

# name: (restype, argtypes), exactly as in include/wfm/forecast.h.
SIGNATURES = {
    'wfm_history_new': (c_int32, [P_VOIDP]),
    'wfm_history_free': (None, [c_void_p]),
    'wfm_history_errmsg': (c_char_p, [c_void_p]),
    'wfm_history_read_csv': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    'wfm_history_read_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_history_set_series': (c_int32, [c_void_p, c_int32, c_int32, P_DOUBLE,
                                         P_DOUBLE, c_size_t]),
    'wfm_history_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_history_copy': (c_int32, [c_void_p, P_DOUBLE, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_forecast_new': (c_int32, [P_VOIDP]),
    'wfm_forecast_free': (None, [c_void_p]),
    'wfm_forecast_errmsg': (c_char_p, [c_void_p]),
    'wfm_forecast_set_int': (c_int32, [c_void_p, c_int32, c_int32]),
    'wfm_forecast_set_double': (c_int32, [c_void_p, c_int32, c_double]),
    'wfm_forecast_get_int': (c_int32, [c_void_p, c_int32, P_INT32]),
    'wfm_forecast_get_double': (c_int32, [c_void_p, c_int32, P_DOUBLE]),
    'wfm_forecast_add_uplift': (c_int32, [c_void_p, c_char_p, c_int32, c_int32,
                                          c_double]),
    'wfm_forecast_add_override': (c_int32, [c_void_p, c_int32, c_int32, c_double]),
    'wfm_forecast_run': (c_int32, [c_void_p, c_void_p, c_void_p, c_int32, c_int32]),
    'wfm_forecast_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_forecast_method_used': (c_int32, [c_void_p, P_INT32]),
    'wfm_forecast_level_step': (c_int32, [c_void_p, P_INT32, P_DOUBLE]),
    'wfm_forecast_method_name': (c_char_p, [c_int32]),
    'wfm_forecast_copy': (c_int32, [c_void_p, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                    c_size_t, P_SIZE]),
    'wfm_forecast_copy_aht': (c_int32, [c_void_p, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_forecast_backtest': (c_int32, [c_void_p, c_void_p, c_void_p, P_INT32,
                                        c_size_t, c_int32, P_DOUBLE, P_DOUBLE,
                                        P_DOUBLE, P_DOUBLE]),
}

C_TYPES = {
    'double': c_double, 'double*': P_DOUBLE, 'const double*': P_DOUBLE,
    'const int32_t*': P_INT32,
    'wfm_history*': c_void_p, 'const wfm_history*': c_void_p, 'wfm_history**': P_VOIDP,
    'wfm_forecast*': c_void_p, 'const wfm_forecast*': c_void_p,
    'wfm_forecast**': P_VOIDP,
}

# Calendar functions this script uses (bound again here: the script runs
# on its own).
CALENDAR = {
    'wfm_calendar_new': (c_int32, [P_VOIDP]),
    'wfm_calendar_free': (None, [c_void_p]),
    'wfm_calendar_add_text': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
}

lib = None
PATTERN = (120.0, 110.0, 100.0, 100.0, 90.0, 60.0, 40.0)  # Monday .. Sunday
FIRST = datetime.date(2022, 1, 3)  # a Monday


def day(d):
    return d.toordinal() - EPOCH


def weekly_history(days):
    """A noise-free weekly pattern from FIRST, as a wfm_history."""
    values = (c_double * days)(*(PATTERN[i % 7] for i in range(days)))
    h = c_void_p()
    assert lib.wfm_history_new(ctypes.byref(h)) == WFM_OK
    st = lib.wfm_history_set_series(h, day(FIRST), 1440, values, None, days)
    assert st == WFM_OK, lib.wfm_history_errmsg(h)
    return h


def new_forecast():
    f = c_void_p()
    assert lib.wfm_forecast_new(ctypes.byref(f)) == WFM_OK
    return f


def run(f, h, cal, start, days):
    st = lib.wfm_forecast_run(f, h, cal, start, days)
    if st != WFM_OK:
        raise AssertionError(lib.wfm_forecast_errmsg(f).decode())
    count = c_size_t()
    assert lib.wfm_forecast_copy(f, None, None, None, 0, ctypes.byref(count)) == WFM_ERANGE
    point, lower, upper = ((c_double * count.value)() for _ in range(3))
    assert lib.wfm_forecast_copy(f, point, lower, upper, count.value,
                                 ctypes.byref(count)) == WFM_OK
    return list(point), list(lower), list(upper)


class Forecast(unittest.TestCase):
    def setUp(self):
        self.h = weekly_history(7 * 40)
        self.start = day(FIRST) + 7 * 40

    def tearDown(self):
        lib.wfm_history_free(self.h)

    def test_pattern_repeats(self):
        for method in (WFM_FORECAST_AUTO, WFM_FORECAST_RECENT_WEEKS,
                       WFM_FORECAST_REGRESSION):
            f = new_forecast()
            try:
                self.assertEqual(lib.wfm_forecast_set_int(f, WFM_FORECAST_METHOD, method),
                                 WFM_OK)
                point, lower, upper = run(f, self.h, None, self.start, 21)
                self.assertEqual(len(point), 21)
                for k in range(21):
                    self.assertAlmostEqual(point[k], PATTERN[k % 7], delta=0.5)
                    self.assertLessEqual(lower[k], point[k])
                    self.assertGreaterEqual(upper[k], point[k])
                used = c_int32()
                self.assertEqual(lib.wfm_forecast_method_used(f, ctypes.byref(used)), WFM_OK)
                if method != WFM_FORECAST_AUTO:
                    self.assertEqual(used.value, method)
                self.assertIn(lib.wfm_forecast_method_name(used.value),
                              (b'regression', b'recent-weeks'))
            finally:
                lib.wfm_forecast_free(f)

    def test_closed_day_and_uplift(self):
        cal = c_void_p()
        self.assertEqual(lib.wfm_calendar_new(ctypes.byref(cal)), WFM_OK)
        promo_day = datetime.date.fromordinal(self.start + EPOCH + 9)
        closed_day = datetime.date.fromordinal(self.start + EPOCH + 3)
        text = (f'wfm-calendar 1\npromo = {promo_day}\n'
                f'stocktake = {closed_day} closed\n').encode()
        self.assertEqual(lib.wfm_calendar_add_text(cal, text, len(text), b'ffi'), WFM_OK)
        f = new_forecast()
        try:
            base, _, _ = run(f, self.h, cal, self.start, 14)
            self.assertEqual(base[3], 0.0)
            self.assertEqual(lib.wfm_forecast_add_uplift(f, b'promo', 0, 0, 0.5), WFM_OK)
            point, _, _ = run(f, self.h, cal, self.start, 14)
            for k in range(14):
                want = base[k] * (1.5 if k == 9 else 1.0)
                self.assertAlmostEqual(point[k], want, delta=1e-9 * max(1.0, want))
            self.assertEqual(lib.wfm_forecast_add_uplift(f, b'nope', 0, 0, 0.5), WFM_OK)
            self.assertEqual(lib.wfm_forecast_run(f, self.h, cal, self.start, 14),
                             WFM_ENOTFOUND)
            self.assertIn(b'nope', lib.wfm_forecast_errmsg(f))
        finally:
            lib.wfm_forecast_free(f)
            lib.wfm_calendar_free(cal)

    def test_backtest_scores(self):
        """Scores equal those recomputed here from a run at each origin."""
        f = new_forecast()
        try:
            origins = (c_int32 * 3)(self.start - 35, self.start - 21, self.start - 14)
            wape, mase, bias, cover = ((c_double * 3)() for _ in range(4))
            st = lib.wfm_forecast_backtest(f, self.h, None, origins, 3, 14, wape, mase,
                                           bias, cover)
            self.assertEqual(st, WFM_OK, lib.wfm_forecast_errmsg(f))
            for k in range(3):
                point, lower, upper = run(f, self.h, None, origins[k], 14)
                actual = [PATTERN[(origins[k] - day(FIRST) + i) % 7] for i in range(14)]
                w = sum(abs(p - a) for p, a in zip(point, actual)) / sum(actual)
                b = sum(p - a for p, a in zip(point, actual)) / sum(actual)
                c = sum(lo <= a <= up for lo, a, up in zip(lower, actual, upper)) / 14
                self.assertAlmostEqual(wape[k], w, places=12)
                self.assertAlmostEqual(bias[k], b, places=12)
                self.assertAlmostEqual(cover[k], c, places=12)
                self.assertTrue(math.isnan(mase[k]) or mase[k] >= 0)
        finally:
            lib.wfm_forecast_free(f)

    def test_settings_round_trip(self):
        f = new_forecast()
        try:
            v = c_double()
            self.assertEqual(lib.wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE,
                                                         0.95), WFM_OK)
            self.assertEqual(lib.wfm_forecast_get_double(f, WFM_FORECAST_UPPER_QUANTILE,
                                                         ctypes.byref(v)), WFM_OK)
            self.assertEqual(v.value, 0.95)
            self.assertEqual(lib.wfm_forecast_set_int(f, 1000, 1), WFM_EUNSUPPORTED)
            self.assertEqual(lib.wfm_forecast_set_int(None, 0, 0), WFM_EMISUSE)
            self.assertEqual(lib.wfm_history_span(None, None, None, None), WFM_EMISUSE)
        finally:
            lib.wfm_forecast_free(f)

    def test_threads(self):
        """Forecasters on four threads share one (read-only) history and get
        the single-threaded answer."""
        f = new_forecast()
        want = run(f, self.h, None, self.start, 28)
        lib.wfm_forecast_free(f)
        got = [None] * 4

        def work(k):
            g = new_forecast()
            try:
                for _ in range(3):
                    got[k] = run(g, self.h, None, self.start, 28)
            finally:
                lib.wfm_forecast_free(g)
        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(got, [want] * 4)

    def test_create_free_cycles(self):
        for _ in range(2000):
            h, f = c_void_p(), c_void_p()
            self.assertEqual(lib.wfm_history_new(ctypes.byref(h)), WFM_OK)
            self.assertEqual(lib.wfm_forecast_new(ctypes.byref(f)), WFM_OK)
            self.assertEqual(lib.wfm_forecast_add_uplift(f, b'e', 0, 1, 0.1), WFM_OK)
            lib.wfm_forecast_free(f)
            lib.wfm_history_free(h)
        lib.wfm_forecast_free(None)
        lib.wfm_history_free(None)


def main():
    global lib
    if len(sys.argv) < 2 or sys.argv[1].startswith('-'):
        print(__doc__)
        return 2
    lib = wfmlib.load(sys.argv[1], {**SIGNATURES, **CALENDAR})
    print(f'loaded {sys.argv[1]}')
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
