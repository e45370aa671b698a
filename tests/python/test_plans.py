#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""wfm.Plans / wfm.plan_queues(): every queue of a plan file in one plan,
from Python, in process and on a 2-worker Dask LocalCluster.

The same numbers as `wfm plan --queues FILE` (its CSV byte for byte, its
summary's weekly table), the combined roll-ups as the sums of the queues',
the one hiring ramp by the documented rule recomputed here, the same
FILE:LINE errors as the CLI's, the dict form equal to the file, and the
Dask run equal to the in-process one.

Queues: the bundled NYC EMS hourly series (examples/data) as voice, scaled
as chat, shifted and scaled as email, and split into 30-minute halves as a
second voice queue, written into a temporary folder.

Usage: test_plans.py [PATH/TO/libwfm.so] [unittest options]
Needs WFM_CLI (the `wfm` tool of the same build) for the comparisons with
the CLI, and Debian's python3-distributed for the Dask test (each skipped
otherwise). Exit status: 0 pass, 1 fail.
"""

import csv
import datetime
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DATA = os.path.join(ROOT, 'examples', 'data')
sys.path.insert(0, os.path.join(ROOT, 'lib', 'python'))

import wfm  # noqa: E402

CLI = os.environ.get('WFM_CLI')
NO_QUEUES = 'wfm was built without plan files (libinih)'

PLAN = """; four queues, one plan
[plan]
start = 2017-11-15
days = 47
events = holidays_us.csv
shrinkage = 0.25

[voice]
history = voice.csv
aht = 150
sl = 0.9
answer = 10
shrinkage = 0.3
shrinkage-file = shrinkage.csv

[chat]
channel = chat
history = chat.csv
chat-aht = 180,210,240
sl = 0.8
answer = 30

[email]
channel = email
history = email.csv
aht = 300
deadline = 24
shrinkage-file = shrinkage-events.csv

[voice-30]
history = voice30.csv
aht = 150
sl = 0.8
answer = 20
patience = 120
calendar = us-retail
uplift = christmas:-1..0:0.2
method = regression
quantiles = 0.2,0.8
fit-days = 700
"""


def make_data(folder):
    with open(os.path.join(DATA, 'nyc_ems_hourly.csv'), encoding='utf-8') as f:
        rows = list(csv.reader(f))[1:]

    def derive(name, scale, shift):
        lines = ['datetime,volume']
        for i, (stamp, _) in enumerate(rows):
            v = rows[i - shift][1] if i >= shift else rows[i][1]
            lines.append('%s,%s' % (stamp, '' if v == '' else round(int(v) * scale)))
        write(name, '\n'.join(lines) + '\n')

    def write(name, text):
        with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
            f.write(text)
        return os.path.join(folder, name)

    derive('voice.csv', 1.0, 0)
    derive('chat.csv', 0.3, 0)
    derive('email.csv', 0.2, 3)
    lines = ['datetime,volume']
    for stamp, v in rows:
        lines.append('%s,%s' % (stamp, '' if v == '' else int(v) // 2))
        lines.append('%s:30,%s' % (stamp[:-3], '' if v == '' else int(v) - int(v) // 2))
    write('voice30.csv', '\n'.join(lines) + '\n')
    for name in ('holidays_us.csv', 'shrinkage.csv', 'shrinkage-events.csv'):
        shutil.copy(os.path.join(DATA, name), folder)
    return write('plan.ini', PLAN)


def cli_available():
    if not CLI:
        return False
    proc = subprocess.run([CLI, 'plan', '--queues', '/nonexistent.ini'],
                          capture_output=True, text=True)
    return NO_QUEUES not in proc.stderr


def cli(*args, cwd=None):
    return subprocess.run([CLI, 'plan'] + list(args), capture_output=True, text=True,
                          cwd=cwd, env=dict(os.environ, LC_ALL='C'), timeout=300)


class PlansTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='wfm-test-plans-')
        cls.ini = make_data(cls.dir)
        cls.plans = wfm.Plans.from_file(cls.ini, today='2017-10-20').run()
        cls.has_cli = cli_available()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def need_cli(self):
        if not self.has_cli:
            self.skipTest('no WFM_CLI built with libinih')

    def test_names_in_file_order(self):
        self.assertEqual(self.plans.names, ('voice', 'chat', 'email', 'voice-30'))

    def test_csv_is_the_clis(self):
        self.need_cli()
        out = self.path('cli.csv')
        proc = cli('--queues', self.ini, '--out', out)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(out, encoding='utf-8', newline='') as f:
            self.assertEqual(self.plans.write_csv(), f.read())

    def test_columns(self):
        cols = self.plans.columns()
        self.assertEqual(list(cols)[:3], ['queue', 'datetime', 'forecast'])
        n = 47 * (24 + 24 + 24 + 48)
        self.assertTrue(all(len(v) == n for v in cols.values()))
        self.assertEqual(cols['queue'][0], 'voice')
        self.assertEqual(cols['datetime'][0], datetime.datetime(2017, 11, 15, 0, 0))
        self.assertEqual(cols['required'], cols['required_agents'])  # aliases
        chat = self.plans.column('required_agents', 'chat')
        self.assertEqual(len(chat), 47 * 24)
        self.assertTrue(all(isinstance(x, int) for x in chat))
        with self.assertRaises(wfm.NotFound):
            self.plans.column('forecast', 'fax')

    def test_rollups_add_up(self):
        for period in ('day', 'week'):
            total = self.plans.rollup(period)
            each = [self.plans.rollup(period, q) for q in self.plans.names]
            self.assertEqual(len(total), 47 if period == 'day' else 7)
            for k, row in enumerate(total):
                self.assertEqual(row.first_date, each[0][k].first_date)
                for field in ('required_hours', 'scheduled_hours', 'fte'):
                    self.assertAlmostEqual(getattr(row, field),
                                           sum(getattr(e[k], field) for e in each), 9)

    def test_hours_are_the_agents(self):
        """A queue's weekly scheduled hours are its CSV's agents x interval."""
        cols = self.plans.columns('voice-30')
        first = self.plans.rollup('week', 'voice-30')[1]
        week = [first.first_date + datetime.timedelta(days=k) for k in range(7)]
        hours = sum(n * 0.5 for t, n in zip(cols['datetime'], cols['scheduled_agents'])
                    if t.date() in week)
        self.assertEqual(hours, first.scheduled_hours)

    def test_ramp_by_the_documented_rule(self):
        start, today = datetime.date(2017, 11, 15), datetime.date(2017, 10, 20)
        weeks = self.plans.rollup('week')
        days = [(weeks[k + 1].first_date if k + 1 < len(weeks) else
                 start + datetime.timedelta(days=47)) - w.first_date
                for k, w in enumerate(weeks)]
        days = [d.days for d in days]
        need = [w.scheduled_hours / (37.5 * n / 7.0) for w, n in zip(weeks, days)]
        ff = days.index(7)
        h = need[ff] / 0.7 ** ((weeks[ff].first_date - start).days / 365.0)
        self.assertAlmostEqual(self.plans.headcount_fte, h, 9)
        hires = 0.0
        ramp = self.plans.ramp()
        self.assertEqual(len(ramp), len(weeks))
        self.assertEqual(days, [5, 7, 7, 7, 7, 7, 7])
        for w, r, n, fte in zip(weeks, ramp, days, need):
            on_staff = h * 0.7 ** ((w.first_date - start).days / 365.0)
            self.assertAlmostEqual(r.on_staff_fte, on_staff, 9)
            self.assertEqual(r.days, n)
            if n != 7:
                self.assertTrue(math.isnan(r.needed_fte) and math.isnan(r.hires_fte))
                self.assertIsNone(r.start_by_date)
                continue
            hires = max(hires, fte - on_staff)
            start_by = w.first_date - datetime.timedelta(days=42)
            self.assertAlmostEqual(r.needed_fte, fte, 9)
            self.assertAlmostEqual(r.hires_fte, hires, 9)
            self.assertEqual(r.start_by_date, start_by)
            self.assertEqual(r.too_late, start_by < today)
            if r.too_late:
                self.assertAlmostEqual(r.short_fte, max(0.0, fte - on_staff), 9)
        self.assertEqual(self.plans.today, today)
        late = [r.too_late for r in ramp if r.days == 7]
        self.assertTrue(any(late) and not all(late), late)

    def test_ramp_is_the_clis_summary(self):
        self.need_cli()
        proc = cli('--queues', self.ini, '--out', self.path('s.csv'), '--summary',
                   '--today', '2017-10-20')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        text = proc.stdout[proc.stdout.index('All queues ('):]
        text = text[text.index('week of'):]
        lines = [line.split() for line in text.splitlines()[1:8]]
        for tokens, r in zip(lines, self.plans.ramp()):
            self.assertEqual(tokens[0], r.week_first_date.isoformat())
            self.assertEqual(float(tokens[3].replace(',', '')), round(r.scheduled_hours, 1))
            self.assertEqual(tokens[5], '%.1f' % r.on_staff_fte)
            if r.days == 7:
                self.assertEqual(tokens[4], '%.1f' % r.needed_fte)
                self.assertEqual(tokens[6], '%.1f' % r.hires_fte)
                self.assertEqual(tokens[7], r.start_by_date.isoformat())
                self.assertEqual(tokens[8], '%.1f' % r.short_fte if r.too_late else '-')

    def test_dict_equals_file(self):
        d = self.dir
        plans = wfm.Plans({
            'voice': {'history': f'{d}/voice.csv', 'aht': 150, 'sl': 0.9, 'answer': 10,
                      'shrinkage': 0.3, 'shrinkage_file': f'{d}/shrinkage.csv'},
            'chat': {'channel': 'chat', 'history': f'{d}/chat.csv',
                     'chat_aht': [180, 210, 240], 'sl': 0.8, 'answer': 30},
            'email': {'channel': 'email', 'history': f'{d}/email.csv', 'aht': 300,
                      'deadline': 24, 'shrinkage-file': f'{d}/shrinkage-events.csv'},
            'voice-30': {'history': f'{d}/voice30.csv', 'aht': 150, 'sl': 0.8, 'answer': 20,
                         'patience': 120, 'calendar': 'us-retail',
                         'uplift': 'christmas:-1..0:0.2', 'method': 'regression',
                         'quantiles': (0.2, 0.8), 'fit_days': 700},
        }, defaults={'events': [f'{d}/holidays_us.csv'], 'shrinkage': 0.25},
            start=datetime.date(2017, 11, 15), days=47, today='2017-10-20')
        self.assertEqual(plans.run().write_csv(), self.plans.write_csv())
        self.assertEqual(plans.ramp(), self.plans.ramp())

    def test_keywords_win_over_the_plan_section(self):
        plans = wfm.plan_queues(self.ini, start='2017-11-20', days=7, headcount=80)
        cols = plans.columns()
        self.assertEqual(cols['datetime'][0], datetime.datetime(2017, 11, 20))
        self.assertEqual(len(cols['queue']), 7 * (24 * 3 + 48))
        self.assertEqual(plans.headcount_fte, 80.0)
        self.assertEqual(plans.ramp()[0].on_staff_fte, 80.0)

    def test_errors_name_file_line_and_key(self):
        head = '[plan]\nstart = 2017-11-20\ndays = 7\n'
        voice = '[voice]\nhistory = voice.csv\naht = 150\nsl = 0.8\nanswer = 10\n'
        cases = [
            ('missing key', head + '[voice]\naht = 150\nsl = 0.8\nanswer = 10\n',
             wfm.ParseError, 'bad.ini:4: [voice]: no history'),
            ('unknown key', head + voice + 'sla = 0.8\n', wfm.ParseError,
             'bad.ini:9: unknown key "sla" in [voice]'),
            ('bad value', head + voice.replace('sl = 0.8', 'sl = 1.5'), wfm.ParseError,
             'bad.ini:7: sl: expected a fraction > 0 and < 1'),
            ('missing file', head + voice.replace('voice.csv', 'nope.csv'), wfm.FileError,
             'bad.ini:5: history: cannot read'),
            ('cross keys', head + voice.replace('answer = 10\n', ''), wfm.ParseError,
             'bad.ini:4: [voice]: --sl needs --answer'),
            ('syntax', head + voice + 'answer 10\n', wfm.ParseError,
             'bad.ini:9: expected [NAME], KEY = VALUE'),
            ('duplicate', head + voice + 'aht = 1\n', wfm.ParseError,
             'bad.ini:9: aht: given more than once in [voice] (first on line 6)'),
            ('global in a queue', head + voice + 'days = 3\n', wfm.ParseError,
             'bad.ini:9: days: a setting of the whole plan'),
        ]
        for name, text, cls, want in cases:
            with self.subTest(name):
                path = self.path('bad.ini')
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(text)
                with self.assertRaises(cls) as cm:
                    wfm.Plans.from_file(path).run()
                self.assertIn(want, str(cm.exception))
                self.assertIsInstance(cm.exception, wfm.WfmError)
                if self.has_cli:
                    proc = cli('--queues', path)
                    self.assertEqual(proc.stderr, 'wfm plan: ' + str(cm.exception) + '\n')

    def test_readme_example(self):
        """README's plan file and its Python example's numbers."""
        with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
            text = f.read()
        section = text[text.index('### Every queue in one plan'):]
        ini = section[section.index('```ini\n') + 7:section.index('```', section.index('```ini') + 6)]
        folder = tempfile.mkdtemp(prefix='wfm-test-plans-readme-', dir=self.dir)
        os.symlink(os.path.join(ROOT, 'examples'), os.path.join(folder, 'examples'))
        path = os.path.join(folder, 'plan.ini')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(ini)
        plans = wfm.plan_queues(path, today='2017-10-01')
        self.assertEqual(plans.names, ('voice', 'chat', 'email'))
        self.assertEqual(round(plans.rollup('week')[0].fte, 1), 220.7)
        self.assertEqual(round(plans.rollup('week', 'chat')[0].fte, 1), 59.8)
        self.assertEqual(round(plans.ramp()[-1].hires_fte, 1), 35.1)
        for claim in ('220.7: all queues', "('week', 'chat'): 59.8", '35.1: one ramp'):
            self.assertIn(claim, text)

    def test_run_first(self):
        with self.assertRaises(wfm.Misuse):
            wfm.Plans.from_file(self.ini).ramp()

    def test_to_pandas(self):
        try:
            import pandas
        except ImportError:
            self.skipTest('pandas is not installed')
        df = self.plans.to_pandas()
        self.assertEqual(df.index.names, ['queue', 'datetime'])
        self.assertEqual(list(df.columns), list(wfm.PLAN_CSV_COLUMNS[1:]))
        self.assertEqual(str(df['required_agents'].dtype), 'int64')
        if self.has_cli:
            out = self.path('p.csv')
            self.assertEqual(cli('--queues', self.ini, '--out', out).returncode, 0)
            want = pandas.read_csv(out, parse_dates=['datetime'],
                                   index_col=['queue', 'datetime'])
            pandas.testing.assert_frame_equal(df, want, check_dtype=False, rtol=0,
                                           atol=6e-4)  # the CSV has 3 decimals


class PlansOnDask(unittest.TestCase):
    """Each queue one task on a 2-worker LocalCluster: the same result."""

    @classmethod
    def setUpClass(cls):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:
            raise unittest.SkipTest(f'Dask distributed is not importable ({e}); '
                                    'apt-get install python3-distributed')
        cls.dir = tempfile.mkdtemp(prefix='wfm-test-plans-dask-')
        cls.ini = make_data(cls.dir)
        os.environ.setdefault('WFM_LIBRARY', wfm.library_path())
        os.environ['PYTHONPATH'] = os.pathsep.join(
            [os.path.join(ROOT, 'lib', 'python')]
            + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p])
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   host='127.0.0.1', dashboard_address=None)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_two_workers(self):
        self.assertEqual(len(self.client.scheduler_info()['workers']), 2)

    def test_same_as_in_process(self):
        local = wfm.Plans.from_file(self.ini, today='2017-10-20').run()
        remote = wfm.plan_queues(self.ini, today='2017-10-20', client=self.client)
        self.assertEqual(remote.write_csv(), local.write_csv())
        self.assertEqual(remote.ramp(), local.ramp())
        self.assertEqual(remote.rollup('day'), local.rollup('day'))
        self.assertEqual(remote.today, local.today)

    def test_worker_error_keeps_its_class(self):
        path = os.path.join(self.dir, 'column.ini')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('[plan]\nstart = 2017-11-20\ndays = 7\n[voice]\nhistory = voice.csv\n'
                    'aht = column\nsl = 0.8\nanswer = 10\n')
        with self.assertRaises(wfm.ParseError) as cm:
            wfm.plan_queues(path, client=self.client)
        self.assertIn('[voice]: --aht column: the history', str(cm.exception))
        self.assertEqual(cm.exception.status, wfm.EPARSE)


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
