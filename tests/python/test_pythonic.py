#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the Python binding's results as a Python user reads them:
plan and forecast columns named as the `wfm plan` / `wfm forecast` CSV
headers (with the earlier names as aliases), agents as ints, a datetime
column, to_pandas() (pandas optional), and Forecast.copy() returning an
independent Forecast.

Usage: test_pythonic.py [PATH/TO/libwfm.so] [unittest options]

Environment (set by tests/python/meson.build):
  WFM_LIBRARY    the libwfm.so to load (or the first argument)
  WFM_CLI        the `wfm` tool of the same build (else BUILD/examples/wfm/wfm
                 beside WFM_LIBRARY's BUILD/lib, or WFM_BUILD_DIR's);
                 tests that compare with its CSV skip without it

References: the `wfm` tool's CSV for the same run (read with the csv
module, and with pandas.read_csv for to_pandas()), datetimes and
what-if results worked by hand, and values the same objects gave before
a copy. Tests that need numpy or pandas skip without them; the errors
raised when they are missing are tested by hiding them.

Exit status: 0 pass, 1 fail, 77 skip.
"""

import copy
import csv
import datetime
import io
import math
import os
import random
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'lib', 'python'))

import wfm  # noqa: E402

try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
    import pandas.testing
except ImportError:
    pandas = None

PATTERN = (120.0, 110.0, 100.0, 100.0, 90.0, 60.0, 40.0)  # Monday .. Sunday
# 48 half hours: closed at night, open 08:00-18:00 (sum 44).
SHAPE = [0.0] * 16 + [1, 2, 3, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1] + [0.0] * 12
MONDAY = datetime.date(2022, 1, 3)
WEEKS = 12
START = MONDAY + datetime.timedelta(7 * WEEKS)   # the day after the history
DAYS = 14
PLAN_HEADER = ('datetime,forecast,lower,upper,aht,workload,required_agents,'
               'scheduled_agents,service_level,asa,occupancy,shrinkage,abandon_rate,'
               'sl_at_lower,sl_at_upper,backlog').split(',')
AGENTS = ('required_agents', 'scheduled_agents')
# The binding's names before the CSV's: alias -> CSV name.
ALIASES = {'contacts': 'forecast', 'aht_s': 'aht', 'required': 'required_agents',
           'scheduled': 'scheduled_agents', 'asa_s': 'asa', 'abandon': 'abandon_rate'}

# The same plans through the CLI and through Python: (wfm plan options,
# Forecast settings, Plan settings).
PLANS = {
    'erlang_c': (['--quantiles', '0.2,0.8', '--aht', 'column', '--sl', '0.8', '--answer', '20',
                  '--shrinkage', '0.25', '--max-occupancy', '0.9'],
                 dict(lower_quantile=0.2, upper_quantile=0.8),
                 dict(target_sl=0.8, answer_s=20, shrinkage=0.25, max_occupancy=0.9)),
    'erlang_a_upper': (['--aht', '240', '--sl', '0.8', '--answer', '20', '--patience', '120',
                        '--max-abandon', '0.05', '--staff-to', 'upper'],
                       {},
                       dict(aht_s=240, target_sl=0.8, answer_s=20, patience_s=120,
                            max_abandon=0.05, staff_to='upper')),
    'email': (['--channel', 'email', '--aht', 'column', '--deadline', '4'],
              {}, dict(channel='email', deadline_s=4 * 3600)),
}


def same(a, b):
    """Lists equal value by value, NaN equal to NaN."""
    return len(a) == len(b) and all(x == y or (math.isnan(x) and math.isnan(y))
                                    for x, y in zip(a, b))


def find_cli():
    """The `wfm` tool of the build under test, or None."""
    env = os.environ.get('WFM_CLI')
    if env:
        return env if os.access(env, os.X_OK) else None
    builds = []
    lib = os.environ.get('WFM_LIBRARY')
    if lib:  # BUILD/lib/libwfm.so.1 -> BUILD
        builds.append(os.path.dirname(os.path.dirname(os.path.abspath(lib))))
    if os.environ.get('WFM_BUILD_DIR'):
        builds.append(os.environ['WFM_BUILD_DIR'])
    for b in builds:
        exe = os.path.join(b, 'examples', 'wfm', 'wfm')
        if os.path.isfile(exe) and os.access(exe, os.X_OK):
            return exe
    return None


CLI = find_cli()
NO_CLI = ('the wfm tool was not found (set WFM_CLI, or WFM_LIBRARY to '
          'BUILD/lib/libwfm.so.1 of a build with BUILD/examples/wfm/wfm)')


def write_histories(folder):
    """Two CSV histories, seeded noise on the weekly x intraday pattern:
    intraday.csv (datetime, volume, aht; 30 minutes, closed at night) and
    daily.csv (date, volume). Returns their paths."""
    rng = random.Random(13)
    intraday = os.path.join(folder, 'intraday.csv')
    with open(intraday, 'w', encoding='utf-8') as f:
        f.write('datetime,volume,aht\n')
        for d in range(7 * WEEKS):
            day = MONDAY + datetime.timedelta(d)
            for k in range(48):
                vol = round(PATTERN[d % 7] / 44 * SHAPE[k] * 10 * (1 + rng.gauss(0, 0.1)))
                aht = f'{200 + 2 * k + rng.gauss(0, 10):.1f}' if SHAPE[k] else ''
                f.write(f'{day} {k // 2:02d}:{30 * (k % 2):02d},{max(vol, 0)},{aht}\n')
    daily = os.path.join(folder, 'daily.csv')
    with open(daily, 'w', encoding='utf-8') as f:
        f.write('date,volume\n')
        for d in range(7 * 30):
            vol = round(PATTERN[d % 7] * 10 * (1 + rng.gauss(0, 0.05)))
            f.write(f'{MONDAY + datetime.timedelta(d)},{vol}\n')
    return intraday, daily


def run_cli(*args):
    if CLI is None:
        raise unittest.SkipTest(NO_CLI)
    out = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise AssertionError(f'wfm {" ".join(args)}: exit {out.returncode}: {out.stderr}')
    return out.stdout


def csv_columns(text):
    """(header, {name: [cells]}) of CSV text."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    return header, {name: [r[i] for r in rows[1:]] for i, name in enumerate(header)}


class Fixture(unittest.TestCase):
    """Histories in a temporary folder; the CLI's outputs, made once."""

    needs_cli = True

    @classmethod
    def setUpClass(cls):
        if cls.needs_cli and CLI is None:
            raise unittest.SkipTest(NO_CLI)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.intraday, cls.daily = write_histories(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cli_plan(self, key):
        return run_cli('plan', '--history', self.intraday, '--start', str(START),
                       '--days', str(DAYS), *PLANS[key][0])

    def py_plan(self, key, forecast=None):
        _, fsettings, psettings = PLANS[key]
        if forecast is None:
            with wfm.History.from_file(self.intraday) as h:
                forecast = wfm.Forecast(**fsettings).run(h, START, DAYS)
        return wfm.Plan(**psettings).run(forecast)

    def assert_cells(self, got, cells, name):
        """A column from Python against the CLI's cells for it."""
        self.assertEqual(len(got), len(cells), name)
        for i, (g, cell) in enumerate(zip(got, cells)):
            where = f'{name}[{i}]'
            if name == 'datetime':
                self.assertIs(type(g), datetime.datetime, where)
                self.assertEqual(g.strftime('%Y-%m-%d %H:%M'), cell, where)
            elif name == 'date':
                self.assertIs(type(g), datetime.date, where)
                self.assertEqual(g.isoformat(), cell, where)
            elif name in AGENTS:
                self.assertIs(type(g), int, where)
                self.assertEqual(g, int(cell), where)
            elif cell == '':  # does not apply: NaN
                self.assertTrue(math.isnan(g), (where, g))
            else:
                ref = float(cell)
                if math.isinf(ref):
                    self.assertEqual(g, ref, where)
                    continue
                decimals = len(cell.split('.')[1]) if '.' in cell else 0
                self.assertLessEqual(abs(g - ref), 0.5 * 10.0 ** -decimals + 1e-9 * abs(ref),
                                     (where, g, cell))


# ------------------------------------------------------------ plan columns

class PlanColumns(Fixture):
    def test_names_are_the_cli_header(self):
        header, _ = csv_columns(self.cli_plan('erlang_c'))
        self.assertEqual(header, PLAN_HEADER)
        self.assertEqual(list(wfm.PLAN_CSV_COLUMNS), PLAN_HEADER)
        self.assertEqual(list(wfm.PLAN_COLUMNS), PLAN_HEADER[1:])
        self.assertEqual(list(self.py_plan('erlang_c').columns()), PLAN_HEADER)

    def test_every_cell_matches_the_cli(self):
        """Three plans (Erlang C; Erlang A staffed to the upper bound;
        email) whose columns between them fill every column of the CSV."""
        filled = set()
        for key in PLANS:
            with self.subTest(plan=key):
                header, ref = csv_columns(self.cli_plan(key))
                cols = self.py_plan(key).columns()
                self.assertEqual(list(cols), header)
                for name in header:
                    self.assert_cells(cols[name], ref[name], name)
                    if any(c != '' for c in ref[name]):
                        filled.add(name)
        self.assertEqual(filled, set(PLAN_HEADER))

    def test_agents_are_ints(self):
        plan = self.py_plan('erlang_c')
        _, ref = csv_columns(self.cli_plan('erlang_c'))
        for name in AGENTS:
            got = plan.column(name)
            self.assertTrue(all(type(x) is int for x in got), name)
            self.assertEqual(got, [int(c) for c in ref[name]])
            self.assertGreater(max(got), 0)
        # Other columns stay floats.
        self.assertTrue(all(type(x) is float for x in plan.column('workload')))

    def test_datetime_column_by_hand(self):
        plan = self.py_plan('erlang_c')
        got = plan.column('datetime')
        self.assertEqual(len(got), DAYS * 48)
        first = datetime.datetime(START.year, START.month, START.day)
        self.assertEqual(got[0], first)
        self.assertEqual(got[1], first + datetime.timedelta(minutes=30))
        self.assertEqual(got[48 + 17], datetime.datetime(2022, 3, 29, 8, 30))
        self.assertEqual(got[-1], datetime.datetime(2022, 4, 10, 23, 30))
        self.assertEqual(plan.span, wfm.Span(START, DAYS, 30))

    def test_earlier_names_are_aliases(self):
        plan = self.py_plan('erlang_a_upper')
        cols = plan.columns()
        for old, new in ALIASES.items():
            with self.subTest(alias=old):
                self.assertEqual(wfm.PLAN_COLUMN_ALIASES[old], new)
                self.assertEqual(wfm.PLAN_COLUMNS[old], wfm.PLAN_COLUMNS[new])
                self.assertTrue(same(plan.column(old), plan.column(new)))
                self.assertIn(old, cols)
                self.assertIs(cols[old], cols[new])
                self.assertIs(cols.get(old), cols[new])
        # Names asked for are the keys given.
        self.assertEqual(list(plan.columns(['required', 'asa'])), ['required', 'asa'])
        # The C enum's numbers still work (5 = WFM_PLAN_COL_REQUIRED).
        self.assertEqual(plan.column(5), plan.column('required_agents'))
        self.assertEqual(wfm.PLAN_COLUMNS['required'], 5)
        with self.assertRaises(wfm.InvalidArgument) as cm:
            plan.column('agents')
        self.assertIn('required_agents', str(cm.exception))
        self.assertNotIn('agents', cols)
        self.assertIsNone(cols.get('agents'))
        with self.assertRaises(KeyError):
            cols['agents']

    @unittest.skipIf(numpy is None, 'numpy is not installed')
    def test_numpy_columns(self):
        plan = self.py_plan('erlang_c')
        _, ref = csv_columns(self.cli_plan('erlang_c'))
        for name in AGENTS:
            arr = plan.column(name, numpy=True)
            self.assertEqual(arr.dtype, numpy.int64)
            self.assertEqual(arr.tolist(), [int(c) for c in ref[name]])
        when = plan.column('datetime', numpy=True)
        self.assertEqual(when.dtype, numpy.dtype('datetime64[m]'))
        self.assertEqual([str(t).replace('T', ' ') for t in when], ref['datetime'])
        sl = plan.column('service_level', numpy=True)
        self.assertEqual(sl.dtype, numpy.float64)
        self.assert_cells(sl.tolist(), ref['service_level'], 'service_level')
        cols = plan.columns(numpy=True)
        self.assertEqual(list(cols), PLAN_HEADER)
        self.assertEqual(cols['required'].dtype, numpy.int64)


# -------------------------------------------------------- forecast columns

class ForecastColumns(Fixture):
    def test_intraday_matches_the_cli(self):
        text = run_cli('forecast', '--history', self.intraday, '--start', str(START),
                       '--days', str(DAYS), '--aht')
        header, ref = csv_columns(text)
        self.assertEqual(header, ['datetime', 'forecast', 'lower', 'upper', 'aht'])
        with wfm.History.from_file(self.intraday) as h:
            f = wfm.Forecast().run(h, START, DAYS)
        cols = f.columns()
        self.assertEqual(list(cols), header)
        for name in header:
            self.assert_cells(cols[name], ref[name], name)
        self.assertEqual(f.column('point'), f.point)
        self.assertEqual(cols['point'], cols['forecast'])
        self.assertIs(cols['aht_s'], cols['aht'])
        self.assertEqual(f.column('date')[48 + 3], START + datetime.timedelta(1))

    def test_daily_matches_the_cli(self):
        text = run_cli('forecast', '--history', self.daily, '--start', '2022-08-01',
                       '--days', '21')
        header, ref = csv_columns(text)
        self.assertEqual(header, ['date', 'forecast', 'lower', 'upper'])
        with wfm.History.from_file(self.daily) as h:
            f = wfm.Forecast().run(h, '2022-08-01', 21)
        cols = f.columns()
        self.assertEqual(list(cols), header)  # no aht: the history has none
        for name in header:
            self.assert_cells(cols[name], ref[name], name)
        self.assertEqual(f.column('datetime')[2], datetime.datetime(2022, 8, 3))
        with self.assertRaises(wfm.NotFound):
            f.column('aht')
        with self.assertRaises(wfm.InvalidArgument):
            f.column('volume')

    @unittest.skipIf(numpy is None, 'numpy is not installed')
    def test_numpy_columns(self):
        with wfm.History.from_file(self.daily) as h:
            f = wfm.Forecast().run(h, '2022-08-01', 21)
        days = f.column('date', numpy=True)
        self.assertEqual(days.dtype, numpy.dtype('datetime64[D]'))
        self.assertEqual(str(days[0]), '2022-08-01')
        self.assertEqual(str(days[-1]), '2022-08-21')
        self.assertEqual(f.column('forecast', numpy=True).tolist(), f.point)


# ------------------------------------------------------------------ pandas

@unittest.skipIf(pandas is None, 'pandas is not installed (it is optional)')
class Pandas(Fixture):
    def test_plan_frame_is_the_cli_csv(self):
        for key in PLANS:
            with self.subTest(plan=key):
                text = self.cli_plan(key)
                ref = pandas.read_csv(io.StringIO(text), parse_dates=['datetime'],
                                      index_col='datetime')
                df = self.py_plan(key).to_pandas()
                self.assertIsInstance(df, pandas.DataFrame)
                self.assertEqual(list(df.reset_index().columns), PLAN_HEADER)
                self.assertEqual(str(df.index.dtype), 'datetime64[ns]')
                for name in AGENTS:
                    self.assertEqual(str(df[name].dtype), 'int64')
                pandas.testing.assert_index_equal(df.index, ref.index)
                # The CSV has 3 decimals for counts and seconds, 6 for fractions.
                pandas.testing.assert_frame_equal(df, ref, check_exact=False, rtol=0,
                                                  atol=5e-4 + 1e-9)

    def test_forecast_frames_are_the_cli_csv(self):
        text = run_cli('forecast', '--history', self.intraday, '--start', str(START),
                       '--days', str(DAYS), '--aht')
        ref = pandas.read_csv(io.StringIO(text), parse_dates=['datetime'],
                              index_col='datetime')
        with wfm.History.from_file(self.intraday) as h:
            df = wfm.Forecast().run(h, START, DAYS).to_pandas()
        self.assertEqual(list(df.reset_index().columns),
                         ['datetime', 'forecast', 'lower', 'upper', 'aht'])
        pandas.testing.assert_frame_equal(df, ref, check_exact=False, rtol=0, atol=5e-4 + 1e-9)
        text = run_cli('forecast', '--history', self.daily, '--start', '2022-08-01',
                       '--days', '21')
        ref = pandas.read_csv(io.StringIO(text), parse_dates=['date'], index_col='date')
        with wfm.History.from_file(self.daily) as h:
            df = wfm.Forecast().run(h, '2022-08-01', 21).to_pandas()
        self.assertEqual(df.index.name, 'date')
        pandas.testing.assert_frame_equal(df, ref, check_exact=False, rtol=0, atol=5e-4 + 1e-9)

    def test_frame_resamples(self):
        """The DatetimeIndex works as a planner uses it: daily peaks."""
        df = self.py_plan('erlang_c').to_pandas()
        peaks = df['required_agents'].resample('D').max()
        required = self.py_plan('erlang_c').column('required_agents')
        self.assertEqual(peaks.tolist(), [max(required[d * 48:(d + 1) * 48])
                                          for d in range(DAYS)])


class WithoutPandas(Fixture):
    """pandas and numpy are optional: hidden, the list API works and the
    pandas / numpy calls raise an ImportError that says what to do."""

    needs_cli = False

    def setUp(self):
        with wfm.History.from_file(self.intraday) as h:
            self.forecast = wfm.Forecast(method='recent-weeks').run(h, START, 2)
        self.plan = wfm.Plan().run(self.forecast)

    def test_to_pandas_says_pandas_is_missing(self):
        with mock.patch.dict(sys.modules, {'pandas': None}):
            for obj, what in ((self.plan, 'Plan'), (self.forecast, 'Forecast')):
                with self.assertRaises(ImportError) as cm:
                    obj.to_pandas()
                e = cm.exception
                self.assertEqual(e.name, 'pandas')
                self.assertIn(f'{what}.to_pandas() needs pandas', str(e))
                self.assertIn(f'{what}.columns()', str(e))  # what works instead
            self.assertEqual(len(self.plan.columns()['required_agents']), 96)

    def test_numpy_true_says_numpy_is_missing(self):
        with mock.patch.dict(sys.modules, {'numpy': None, 'pandas': None}):
            with self.assertRaises(ImportError) as cm:
                self.plan.column('required_agents', numpy=True)
            self.assertEqual(cm.exception.name, 'numpy')
            self.assertIn('numpy=True', str(cm.exception))
            with self.assertRaises(ImportError):
                self.forecast.column('datetime', numpy=True)
            self.assertIs(type(self.plan.column('required_agents')[0]), int)

    def test_import_and_use_without_numpy_or_pandas(self):
        """A fresh interpreter where numpy and pandas cannot be imported:
        wfm imports, plans and reads columns; to_pandas() says why not."""
        script = (
            'import sys\n'
            "sys.modules['numpy'] = sys.modules['pandas'] = None\n"
            'import wfm\n'
            'h = wfm.History.from_file(sys.argv[1])\n'
            "f = wfm.Forecast(method='recent-weeks').run(h, '%s', 1)\n"
            'p = wfm.Plan().run(f.copy())\n'
            "assert all(type(x) is int for x in p.column('required_agents'))\n"
            "assert list(p.columns()) == list(wfm.PLAN_CSV_COLUMNS)\n"
            'try:\n'
            '    p.to_pandas()\n'
            'except ImportError as e:\n'
            "    print('ImportError:', e)\n" % START)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [os.path.join(ROOT, 'lib', 'python'), os.environ.get('PYTHONPATH', '')]))
        out = subprocess.run([sys.executable, '-c', script, self.intraday], env=env,
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('ImportError: Plan.to_pandas() needs pandas', out.stdout)


# ---------------------------------------------------------- Forecast.copy()

class ForecastCopy(Fixture):
    needs_cli = False  # only the tests that read the CLI's CSV skip without it
    SETTINGS = dict(method='recent-weeks', lower_quantile=0.2, upper_quantile=0.85,
                    training_days=70, backtest_origins=6)

    def forecast(self, start=START, days=DAYS, **settings):
        with wfm.History.from_file(self.intraday) as h:
            return wfm.Forecast(**settings).run(h, start, days)

    def test_copy_is_a_forecast_with_the_settings(self):
        f = wfm.Forecast(**self.SETTINGS)
        g = f.copy()
        self.assertIsInstance(g, wfm.Forecast)
        self.assertIsNot(g, f)
        for name, value in self.SETTINGS.items():
            self.assertEqual(g.get(name), value, name)
        with self.assertRaises(wfm.NotFound):
            g.span  # no result was copied: there was none
        g.set('upper_quantile', 0.95)  # independent settings
        self.assertEqual(f.get('upper_quantile'), 0.85)
        self.assertIsInstance(copy.copy(f), wfm.Forecast)
        self.assertIsInstance(copy.deepcopy(f), wfm.Forecast)
        self.assertEqual(copy.deepcopy(f).get('training_days'), 70)

    def test_snapshot_is_the_cli_forecast(self):
        """The copy keeps the result it was made with, whatever the
        original does next: the CLI's forecast for that run."""
        text = run_cli('forecast', '--history', self.intraday, '--start', str(START),
                       '--days', str(DAYS), '--aht', '--quantiles', '0.2,0.85',
                       '--method', 'recent-weeks', '--training-days', '70')
        header, ref = csv_columns(text)
        settings = dict(self.SETTINGS)
        del settings['backtest_origins']  # the CLI has no option for it
        f = self.forecast(**settings)
        values, aht, method = f.values(), f.aht_s, f.method_used
        g = f.copy()
        with wfm.History.from_file(self.intraday) as h:  # the original moves on
            f.run(h, START - datetime.timedelta(7), 3)
        f.close()
        self.assertEqual(g.span, wfm.Span(START, DAYS, 30))
        self.assertEqual(g.method_used, method)
        self.assertEqual(g.values(), values)
        self.assertEqual((g.point, g.lower, g.upper), values)
        self.assertTrue(same(g.aht_s, aht))
        cols = g.columns()
        self.assertEqual(list(cols), header)
        for name in header:
            self.assert_cells(cols[name], ref[name], name)
        # Lists handed out are the caller's: changing one changes no snapshot.
        g.point[0] = -1.0
        g.values()[1][0] = -1.0
        self.assertEqual(g.values(), values)
        # A copy of a copy keeps the snapshot too.
        self.assertEqual(g.copy().values(), values)

    def test_plan_from_a_copy_is_the_cli_plan(self):
        header, ref = csv_columns(self.cli_plan('erlang_c'))
        f = self.forecast(**PLANS['erlang_c'][1])
        g = f.copy()
        with wfm.History.from_file(self.intraday) as h:
            f.run(h, START + datetime.timedelta(7), 7)  # the original moves on
        cols = self.py_plan('erlang_c', forecast=g).columns()
        for name in header:
            self.assert_cells(cols[name], ref[name], name)

    def test_whatifs_carry_over(self):
        """Uplifts and overrides are copied (worked by hand from a forecast
        without them) and stay independent afterwards."""
        start = datetime.date(2022, 8, 1)
        promo, shut = start + datetime.timedelta(9), start + datetime.timedelta(3)
        cal = wfm.Calendar(text=f'wfm-calendar 1\npromo = {promo}\n'
                                f'stocktake = {shut} closed\n')
        with wfm.History.from_file(self.daily) as h:
            base = wfm.Forecast().run(h, start, 14, cal).point
            f = wfm.Forecast()
            f.add_uplift('promo', 0, 0, 0.5)
            f.add_override(start + datetime.timedelta(1), 1000.0)
            g = f.copy()
            g.add_override(start + datetime.timedelta(2), 7.0)  # only the copy's
            got_f = f.run(h, start, 14, cal).point
            got_g = g.run(h, start, 14, cal).point
        self.assertEqual(base[3], 0.0)
        for k in range(14):
            want = 1000.0 if k == 1 else base[k] * (1.5 if k == 9 else 1.0)
            self.assertAlmostEqual(got_f[k], want, delta=1e-9 * max(1.0, want), msg=k)
            self.assertAlmostEqual(got_g[k], 7.0 if k == 2 else want,
                                   delta=1e-9 * max(1.0, want), msg=k)

    def test_run_replaces_and_failure_keeps_the_snapshot(self):
        f = self.forecast(method='recent-weeks')
        g = f.copy()
        values = g.values()
        with wfm.History.from_file(self.intraday) as h:
            with self.assertRaises(wfm.InvalidArgument):
                g.run(h, START, 0)  # 0 days: refused, the snapshot stays
            self.assertEqual(g.values(), values)
            g.run(h, START, 2)
        self.assertEqual(g.span, wfm.Span(START, 2, 30))
        self.assertEqual(g.values(), tuple(v[:96] for v in values))

    def test_backtest_of_a_copy(self):
        f = self.forecast(**self.SETTINGS)
        g = f.copy()
        origins = [START - datetime.timedelta(d) for d in (21, 14)]
        with wfm.History.from_file(self.intraday) as h:
            self.assertEqual(g.backtest(h, origins, 7), f.backtest(h, origins, 7))
        self.assertEqual(g.values(), f.values())  # a backtest keeps the result

    def test_closed_copy(self):
        g = self.forecast(method='recent-weeks').copy()
        g.close()
        for read in (lambda: g.span, g.values, lambda: g.point, lambda: g.aht_s,
                     lambda: g.method_used, g.copy, lambda: wfm.Plan().run(g)):
            with self.assertRaises(wfm.Misuse):
                read()

    def test_daily_copy_cannot_be_planned(self):
        with wfm.History.from_file(self.daily) as h:
            g = wfm.Forecast().run(h, '2022-08-01', 7).copy()
        with self.assertRaises(wfm.InvalidArgument) as cm:
            wfm.Plan().run(g)
        self.assertIn('daily', str(cm.exception))


def main():
    args = sys.argv[1:]
    if args and ('/' in args[0] or '.so' in args[0]):  # a library path
        os.environ['WFM_LIBRARY'] = args.pop(0)
    global CLI
    CLI = find_cli()
    try:
        path = wfm.load_library()
    except OSError as e:
        msg = str(e)
        if any(s in msg for s in ('wrong ELF class', 'ELFCLASS', 'static TLS')):
            print(f'SKIP: cannot load libwfm in this environment: {msg}')
            return SKIP
        print(f'FAIL: {msg}')
        return 1
    print(f'loaded {path} ({wfm.library_version()}); wfm tool: {CLI or "not found"}; '
          f'numpy: {numpy.__version__ if numpy else "not installed"}; '
          f'pandas: {pandas.__version__ if pandas else "not installed"}')
    prog = unittest.main(argv=[sys.argv[0]] + args, exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
