#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""FFI test of the calendar API (wfm/calendar.h) through Python ctypes, used
the way a planning script would: build a calendar from a preset, text and a
Prophet CSV, expand it, read the rows into ctypes arrays, free everything.

Usage: test_calendar_ctypes.py PATH/TO/libwfm.so [unittest options]

Environment:
  WFM_TEST_INCLUDE_DIRS  ':'-separated include directories holding wfm/*.h;
                         used to check SIGNATURES below against calendar.h.

Expected dates come from Python's datetime (weekday arithmetic), never from
wfm itself. SIGNATURES and C_TYPES are also imported by test_ctypes.py,
whose binding-drift check covers every public header.

Exit status: 0 pass, 1 fail, 77 skip (the library cannot be loaded for an
environmental reason). Standard library only.
"""

import datetime
import os
import re
import sys
import threading
import unittest

SKIP = 77
WFM_OK, WFM_EINVAL, WFM_ERANGE, WFM_ENOMEM = 0, 1, 2, 3
WFM_EPARSE, WFM_EIO, WFM_ENOTFOUND, WFM_EMISUSE = 4, 5, 6, 7
EPOCH = datetime.date(1970, 1, 1).toordinal()

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import ctypes
    from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_void_p
except ImportError as e:  # Python built without _ctypes
    print(f'SKIP: ctypes is not available: {e}')
    sys.exit(SKIP)

import wfmlib  # noqa: E402  (after the ctypes check: it needs ctypes)

P_INT32, P_SIZE, P_VOIDP = POINTER(c_int32), POINTER(c_size_t), POINTER(c_void_p)

# name: (restype, argtypes), exactly as in include/wfm/calendar.h. Opaque
# handles are c_void_p; `char *buffer` is c_char_p (ctypes passes a
# create_string_buffer() through it).
SIGNATURES = {
    'wfm_date_from_ymd': (c_int32, [c_int32, c_int32, c_int32, P_INT32]),
    'wfm_date_to_ymd': (c_int32, [c_int32, P_INT32, P_INT32, P_INT32]),
    'wfm_date_parse': (c_int32, [c_char_p, P_INT32]),
    'wfm_date_format': (c_int32, [c_int32, c_char_p, c_size_t]),
    'wfm_date_weekday': (c_int32, [c_int32, P_INT32]),
    'wfm_date_iso_week': (c_int32, [c_int32, P_INT32, P_INT32]),
    'wfm_calendar_new': (c_int32, [P_VOIDP]),
    'wfm_calendar_free': (None, [c_void_p]),
    'wfm_calendar_errmsg': (c_char_p, [c_void_p]),
    'wfm_calendar_preset_name': (c_char_p, [c_size_t]),
    'wfm_calendar_add_preset': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_add_text': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    'wfm_calendar_add_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_add_prophet_csv': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    'wfm_calendar_add_prophet_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_write': (c_int32, [c_void_p, c_char_p, c_size_t, P_SIZE]),
    'wfm_calendar_event_count': (c_size_t, [c_void_p]),
    'wfm_calendar_event_name': (c_char_p, [c_void_p, c_size_t]),
    'wfm_calendar_expand': (c_int32, [c_void_p, c_int32, c_int32, P_VOIDP]),
    'wfm_calendar_days_free': (None, [c_void_p]),
    'wfm_calendar_days_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_row': (c_int32, [c_void_p, c_size_t, P_INT32, P_INT32,
                                        P_INT32, P_INT32]),
    'wfm_calendar_days_copy': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32,
                                         P_INT32, c_size_t, P_SIZE]),
    'wfm_calendar_days_event_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_event_name': (c_char_p, [c_void_p, c_int32]),
    'wfm_calendar_days_occurrence_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_occurrence': (c_int32, [c_void_p, c_size_t, P_INT32,
                                               P_INT32, P_INT32, P_INT32,
                                               P_INT32, P_INT32]),
}

# C type spelling (as test_ctypes.norm_type writes it) -> ctypes type.
C_TYPES = {
    'void': None, 'int32_t': c_int32, 'size_t': c_size_t,
    'const char*': c_char_p, 'char*': c_char_p,
    'int32_t*': P_INT32, 'size_t*': P_SIZE,
    'wfm_calendar*': c_void_p, 'const wfm_calendar*': c_void_p,
    'wfm_calendar**': P_VOIDP,
    'wfm_calendar_days*': c_void_p, 'const wfm_calendar_days*': c_void_p,
    'wfm_calendar_days**': P_VOIDP,
}


# What a planning script adds to the us-retail preset.
OWN_TEXT = b"""\
wfm-calendar 1
black_friday  = thanksgiving + 1 window=-1..+3   # redefines the preset's
may_launch    = 2026-05-12 window=-3..+7
returns_wave  = 12-26 .. 01-31
office_party  = 2nd friday of december closed
"""
OWN_EVENTS = ('black_friday', 'may_launch', 'returns_wave', 'office_party')
PROPHET_TEXT = b"""\
holiday,ds,lower_window,upper_window
superbowl,2026-02-08,-1,1
superbowl,2027-02-14,-1,1
"sale, spring",2026-03-20 00:00:00,0,2
"""
FIRST, LAST = datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)

lib = None


# ------------------------------------------------------------- helpers

def day(d):
    """datetime.date -> wfm day number (days since 1970-01-01)."""
    return d.toordinal() - EPOCH


def date_of(n):
    return datetime.date.fromordinal(n + EPOCH)


def thanksgiving(year):
    first = datetime.date(year, 11, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 21)


def nth_weekday(year, month, weekday, nth):
    """weekday 0 = Monday, as datetime.weekday()."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def span(first, last):
    d = first
    while d <= last:
        yield d
        d += datetime.timedelta(days=1)


def new_calendar():
    cal = c_void_p()
    st = lib.wfm_calendar_new(ctypes.byref(cal))
    assert st == WFM_OK and cal.value, st
    return cal


def expand(cal, first=FIRST, last=LAST):
    days = c_void_p()
    st = lib.wfm_calendar_expand(cal, day(first), day(last), ctypes.byref(days))
    return st, days


def copy_rows(days):
    """The rows through wfm_calendar_days_copy: size query, then fill."""
    rows = c_size_t(12345)
    st = lib.wfm_calendar_days_copy(days, None, None, None, None, 0, ctypes.byref(rows))
    n = rows.value
    assert st == (WFM_ERANGE if n > 0 else WFM_OK), (st, n)
    dates, events, offsets, closed = ((c_int32 * max(n, 1))() for _ in range(4))
    st = lib.wfm_calendar_days_copy(days, dates, events, offsets, closed, n,
                                    ctypes.byref(rows))
    assert st == WFM_OK and rows.value == n, (st, rows.value, n)
    return [(dates[i], events[i], offsets[i], closed[i]) for i in range(n)]


def named_rows(days):
    """[(date, name, offset, closed)] with datetime dates and str names."""
    names = [lib.wfm_calendar_days_event_name(days, e).decode()
             for e in range(lib.wfm_calendar_days_event_count(days))]
    return [(date_of(d), names[e], o, c) for d, e, o, c in copy_rows(days)]


def expected_own_rows():
    """The rows of OWN_EVENTS and the Prophet events over FIRST..LAST, by
    hand from datetime: {name: [(date, offset, closed)]}."""
    out = {}

    def add(name, first, last, lead=0, lag=0, closed=0):
        rows = out.setdefault(name, [])
        for k in range(-lead, 0):
            rows.append((first + datetime.timedelta(days=k), k, 0))
        for d in span(first, last):
            rows.append((d, 0, closed))
        for k in range(1, lag + 1):
            rows.append((last + datetime.timedelta(days=k), k, 0))

    for year in (2026, 2027):
        bf = thanksgiving(year) + datetime.timedelta(days=1)
        add('black_friday', bf, bf, 1, 3)
        party = nth_weekday(year, 12, 4, 2)
        add('office_party', party, party, closed=1)
        superbowl = {2026: datetime.date(2026, 2, 8), 2027: datetime.date(2027, 2, 14)}[year]
        add('superbowl', superbowl, superbowl, 1, 1)
    launch = datetime.date(2026, 5, 12)
    add('may_launch', launch, launch, 3, 7)
    # Seasons: 2025-12-26..2026-01-31 touches the range, 2027-12-26.. too.
    add('returns_wave', datetime.date(2025, 12, 26), datetime.date(2026, 1, 31))
    add('returns_wave', datetime.date(2026, 12, 26), datetime.date(2027, 1, 31))
    add('returns_wave', datetime.date(2027, 12, 26), datetime.date(2028, 1, 31))
    add('sale, spring', datetime.date(2026, 3, 20), datetime.date(2026, 3, 20), 0, 2)
    return {name: sorted(r for r in rows if FIRST <= r[0] <= LAST)
            for name, rows in out.items()}


# ---------------------------------------------------------------- tests

class Signatures(unittest.TestCase):
    def test_match_calendar_h(self):
        """SIGNATURES are exactly the prototypes of wfm/calendar.h."""
        dirs = [d for d in os.environ.get('WFM_TEST_INCLUDE_DIRS', '').split(':') if d]
        dirs.append(os.path.join(HERE, '..', '..', 'include'))
        for d in dirs:
            path = os.path.join(d, 'wfm', 'calendar.h')
            if os.path.isfile(path):
                with open(path, encoding='utf-8') as f:
                    protos = parse_prototypes(f.read())
                break
        else:
            self.skipTest('wfm/calendar.h not found')
        self.assertEqual(set(protos), set(SIGNATURES))
        for name, (ret, params) in sorted(protos.items()):
            res, args = SIGNATURES[name]
            self.assertIn(ret, C_TYPES, f'{name}: return type {ret}')
            self.assertIs(C_TYPES[ret], res, f'{name}: return type {ret}')
            self.assertEqual(len(params), len(args), f'{name}: parameter count')
            for i, (p, a) in enumerate(zip(params, args)):
                self.assertIn(p, C_TYPES, f'{name}: parameter {i} is {p}')
                self.assertIs(C_TYPES[p], a, f'{name}: parameter {i} is {p}')


def parse_prototypes(text):
    """{name: (return type, [parameter types])} of the WFM_API functions
    (the same parser as test_ctypes.py)."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    out = {}
    for m in re.finditer(r'\bWFM_API\b((?:\s+WFM_[A-Z_]+)*)\s+([^;{]*?)\b(wfm_\w+)'
                         r'\s*\(([^)]*)\)\s*;', text):
        params = [p.strip() for p in m.group(4).split(',')]
        if params == ['void']:
            params = []
        types = [norm_type(re.sub(r'\b[A-Za-z_]\w*\s*$', '', p)) for p in params]
        out[m.group(3)] = (norm_type(m.group(2)), types)
    return out


def norm_type(t):
    t = re.sub(r'\s+', ' ', t).strip()
    return re.sub(r'\s*\*\s*', '*', t)


class PlanningScript(unittest.TestCase):
    """Preset + own text + Prophet CSV, expanded over 2026-2027."""

    @classmethod
    def setUpClass(cls):
        cls.cal = new_calendar()
        cal = cls.cal
        assert lib.wfm_calendar_add_preset(cal, b'us-retail') == WFM_OK, \
            lib.wfm_calendar_errmsg(cal)
        cls.preset_events = lib.wfm_calendar_event_count(cal)
        assert lib.wfm_calendar_add_text(cal, OWN_TEXT, len(OWN_TEXT), b'own.cal') == WFM_OK, \
            lib.wfm_calendar_errmsg(cal)
        assert lib.wfm_calendar_add_prophet_csv(cal, PROPHET_TEXT, len(PROPHET_TEXT),
                                                b'prophet.csv') == WFM_OK, \
            lib.wfm_calendar_errmsg(cal)
        st, cls.days = expand(cal)
        assert st == WFM_OK, (st, lib.wfm_calendar_errmsg(cal))

    @classmethod
    def tearDownClass(cls):
        lib.wfm_calendar_days_free(cls.days)
        lib.wfm_calendar_free(cls.cal)

    def test_events(self):
        names = [lib.wfm_calendar_event_name(self.cal, i).decode()
                 for i in range(lib.wfm_calendar_event_count(self.cal))]
        self.assertEqual(lib.wfm_calendar_event_name(self.cal, len(names)), None)
        self.assertEqual(len(names), len(set(names)))
        self.assertIn('thanksgiving', names)
        # black_friday was replaced in place: still among the preset's events.
        self.assertLess(names.index('black_friday'), self.preset_events)
        # returns_wave too: us-retail has it since 1.3, with the same rule.
        self.assertLess(names.index('returns_wave'), self.preset_events)
        self.assertEqual(names[self.preset_events:],
                         ['may_launch', 'office_party', 'superbowl', 'sale, spring'])
        # The expansion knows the same events in the same order.
        self.assertEqual(lib.wfm_calendar_days_event_count(self.days), len(names))
        self.assertEqual([lib.wfm_calendar_days_event_name(self.days, e).decode()
                          for e in range(len(names))], names)
        for bad in (-1, len(names), 2**31 - 1):
            self.assertIsNone(lib.wfm_calendar_days_event_name(self.days, bad), bad)

    def test_copy_equals_row(self):
        rows = copy_rows(self.days)
        self.assertEqual(len(rows), lib.wfm_calendar_days_count(self.days))
        self.assertGreater(len(rows), 0)
        d, e, o, c = c_int32(), c_int32(), c_int32(), c_int32()
        for i, want in enumerate(rows):
            st = lib.wfm_calendar_days_row(self.days, i, ctypes.byref(d), ctypes.byref(e),
                                           ctypes.byref(o), ctypes.byref(c))
            self.assertEqual(st, WFM_OK)
            self.assertEqual((d.value, e.value, o.value, c.value), want, i)
        # Any out-pointer may be NULL.
        self.assertEqual(lib.wfm_calendar_days_row(self.days, 0, None, None, None, None),
                         WFM_OK)
        self.assertEqual(lib.wfm_calendar_days_row(self.days, 0, ctypes.byref(d), None,
                                                   None, None), WFM_OK)
        self.assertEqual(d.value, rows[0][0])

    def test_copy_partial(self):
        rows = copy_rows(self.days)
        n = len(rows)
        # Only some arrays.
        dates = (c_int32 * n)()
        got = c_size_t(0)
        self.assertEqual(lib.wfm_calendar_days_copy(self.days, dates, None, None, None, n,
                                                    ctypes.byref(got)), WFM_OK)
        self.assertEqual(list(dates), [r[0] for r in rows])
        # Too small: ERANGE, the count, and nothing past the capacity.
        small = 5
        arrays = [(c_int32 * (small + 3))(*([-7] * (small + 3))) for _ in range(4)]
        got.value = 0
        st = lib.wfm_calendar_days_copy(self.days, *arrays, small, ctypes.byref(got))
        self.assertEqual((st, got.value), (WFM_ERANGE, n))
        for a in arrays:
            self.assertEqual(list(a[small:]), [-7] * 3)
        self.assertEqual(lib.wfm_calendar_days_copy(self.days, None, None, None, None, 0,
                                                    None), WFM_EINVAL)

    def test_invariants(self):
        rows = copy_rows(self.days)
        names = [lib.wfm_calendar_days_event_name(self.days, e)
                 for e in range(lib.wfm_calendar_days_event_count(self.days))]
        keys = [(d, names[e]) for d, e, _, _ in rows]
        self.assertEqual(keys, sorted(keys), 'sorted by date, then name (bytewise)')
        self.assertEqual(len(set(keys)), len(keys))
        for d, e, o, c in rows:
            self.assertTrue(day(FIRST) <= d <= day(LAST))
            self.assertIn(c, (0, 1))
            if c:
                self.assertEqual(o, 0)

    def test_rows_of_own_events(self):
        rows = named_rows(self.days)
        want = expected_own_rows()
        for name, expect in sorted(want.items()):
            got = [(d, o, c) for d, n, o, c in rows if n == name]
            self.assertEqual(got, expect, name)

    def test_preset_rows(self):
        rows = named_rows(self.days)
        day0 = {(d, n) for d, n, o, _ in rows if o == 0}
        for year in (2026, 2027):
            self.assertIn((thanksgiving(year), 'thanksgiving'), day0)
            self.assertIn((thanksgiving(year) + datetime.timedelta(days=4), 'cyber_monday'),
                          day0)

    def test_occurrences(self):
        n = lib.wfm_calendar_days_occurrence_count(self.days)
        self.assertGreater(n, 0)
        names = [lib.wfm_calendar_days_event_name(self.days, e)
                 for e in range(lib.wfm_calendar_days_event_count(self.days))]
        vals = [c_int32() for _ in range(6)]
        occ = []
        for i in range(n):
            st = lib.wfm_calendar_days_occurrence(self.days, i,
                                                  *[ctypes.byref(v) for v in vals])
            self.assertEqual(st, WFM_OK)
            occ.append(tuple(v.value for v in vals))
        self.assertEqual(lib.wfm_calendar_days_occurrence(self.days, n, None, None, None,
                                                          None, None, None), WFM_EINVAL)
        # Sorted by first day, then event name.
        keys = [(o[1], names[o[0]]) for o in occ]
        self.assertEqual(keys, sorted(keys))
        # Black Friday 2026: the redefined window.
        bf = day(thanksgiving(2026)) + 1
        self.assertIn((names.index(b'black_friday'), bf, bf, 1, 3, 0), occ)
        # The rows follow from the occurrences: each day of each occurrence's
        # window, the smaller |offset| winning (the earlier on a tie).
        derived = {}
        for e, first, last, lead, lag, closed in occ:
            self.assertLessEqual(first, last)
            self.assertTrue(first - lead <= day(LAST) and last + lag >= day(FIRST),
                            'an occurrence whose window misses the range')
            for d in range(first - lead, last + lag + 1):
                if not day(FIRST) <= d <= day(LAST):
                    continue
                off = d - first if d < first else (d - last if d > last else 0)
                cl = closed if off == 0 else 0
                old = derived.get((d, e))
                if old is None or abs(off) < abs(old[0]):
                    derived[(d, e)] = (off, cl)
        rows = copy_rows(self.days)
        self.assertEqual({(d, e): (o, c) for d, e, o, c in rows}, derived)

    def test_threads(self):
        """An expansion is immutable: four threads read the same rows."""
        want = copy_rows(self.days)
        got = [None] * 4

        def work(k):
            got[k] = copy_rows(self.days)
        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(got, [want] * 4)

    def test_write_round_trip(self):
        length = c_size_t(0)
        st = lib.wfm_calendar_write(self.cal, None, 0, ctypes.byref(length))
        self.assertEqual(st, WFM_ERANGE)
        self.assertGreater(length.value, 0)
        buf = ctypes.create_string_buffer(length.value + 1)
        self.assertEqual(lib.wfm_calendar_write(self.cal, buf, length.value,
                                                ctypes.byref(length)), WFM_ERANGE)
        self.assertEqual(lib.wfm_calendar_write(self.cal, buf, length.value + 1,
                                                ctypes.byref(length)), WFM_OK)
        text = buf.raw[:length.value]
        self.assertEqual(buf.raw[length.value], 0)
        self.assertTrue(text.startswith(b'wfm-calendar 1'), text[:40])
        other = new_calendar()
        try:
            st = lib.wfm_calendar_add_text(other, text, len(text), b'written.cal')
            self.assertEqual(st, WFM_OK, lib.wfm_calendar_errmsg(other))
            st, days = expand(other)
            self.assertEqual(st, WFM_OK)
            self.assertEqual(named_rows(days), named_rows(self.days))
            lib.wfm_calendar_days_free(days)
        finally:
            lib.wfm_calendar_free(other)


class Presets(unittest.TestCase):
    def test_names(self):
        names = []
        while True:
            n = lib.wfm_calendar_preset_name(len(names))
            if n is None:
                break
            names.append(n.decode())
            self.assertLess(len(names), 1000)
        for want in ('us-retail', 'uk-retail', 'us-federal', 'fr', 'de', 'se', 'pl'):
            self.assertIn(want, names)
        for name in names:
            cal = new_calendar()
            try:
                self.assertEqual(lib.wfm_calendar_add_preset(cal, name.encode()), WFM_OK,
                                 name)
                self.assertGreater(lib.wfm_calendar_event_count(cal), 0, name)
                st, days = expand(cal)
                self.assertEqual(st, WFM_OK, name)
                self.assertGreater(lib.wfm_calendar_days_count(days), 0, name)
                lib.wfm_calendar_days_free(days)
            finally:
                lib.wfm_calendar_free(cal)


class Errors(unittest.TestCase):
    def setUp(self):
        self.cal = new_calendar()

    def tearDown(self):
        lib.wfm_calendar_free(self.cal)

    def errmsg(self):
        return lib.wfm_calendar_errmsg(self.cal).decode()

    def test_bad_text(self):
        good = b'wfm-calendar 1\nx = 12-25\n'
        self.assertEqual(lib.wfm_calendar_add_text(self.cal, good, len(good), b'a.cal'),
                         WFM_OK)
        self.assertEqual(self.errmsg(), '')
        bad = b'wfm-calendar 1\ny = 01-01\nz = 4th thurzday of november\n'
        st = lib.wfm_calendar_add_text(self.cal, bad, len(bad), b'holidays.cal')
        self.assertEqual(st, WFM_EPARSE)
        msg = self.errmsg()
        self.assertRegex(msg, r'^holidays\.cal:3:\d+: ')
        self.assertIn('thurzday', msg)
        self.assertNotIn('\n', msg)
        # All or nothing: y was not added.
        self.assertEqual(lib.wfm_calendar_event_count(self.cal), 1)
        # Success clears the message.
        self.assertEqual(lib.wfm_calendar_add_preset(self.cal, b'us-retail'), WFM_OK)
        self.assertEqual(self.errmsg(), '')

    def test_bad_prophet(self):
        bad = b'holiday,ds\nx,2026-01-01\ny,2026-02-30\n'
        st = lib.wfm_calendar_add_prophet_csv(self.cal, bad, len(bad), b'h.csv')
        self.assertEqual(st, WFM_EPARSE)
        self.assertRegex(self.errmsg(), r'^h\.csv:3')
        self.assertEqual(lib.wfm_calendar_event_count(self.cal), 0)

    def test_length_not_nul(self):
        text = b'wfm-calendar 1\nx = 12-25\n@@@ garbage past the length'
        n = text.index(b'@')
        self.assertEqual(lib.wfm_calendar_add_text(self.cal, text, n, None), WFM_OK,
                         self.errmsg())
        self.assertEqual(lib.wfm_calendar_add_text(self.cal, None, 5, None), WFM_EINVAL)

    def test_unknown_preset(self):
        self.assertEqual(lib.wfm_calendar_add_preset(self.cal, b'atlantis'), WFM_ENOTFOUND)
        self.assertNotEqual(self.errmsg(), '')
        self.assertEqual(lib.wfm_calendar_event_count(self.cal), 0)
        self.assertEqual(lib.wfm_calendar_add_preset(self.cal, None), WFM_EINVAL)

    def test_files(self):
        st = lib.wfm_calendar_add_file(self.cal, b'/nonexistent/x.cal')
        self.assertEqual(st, WFM_EIO)
        self.assertIn('x.cal', self.errmsg())
        st = lib.wfm_calendar_add_prophet_file(self.cal, b'/nonexistent/x.csv')
        self.assertEqual(st, WFM_EIO)

    def test_expand_errors(self):
        text = b'wfm-calendar 1\nx = nothere + 1\n'
        self.assertEqual(lib.wfm_calendar_add_text(self.cal, text, len(text), None), WFM_OK)
        st, days = expand(self.cal)
        self.assertEqual((st, days.value), (WFM_ENOTFOUND, None))
        self.assertIn('nothere', self.errmsg())

    def test_bad_ranges(self):
        a, b = day(datetime.date(2026, 1, 1)), day(datetime.date(2026, 12, 31))
        days = c_void_p()
        for first, last in ((b, a), (-719163, 0), (0, 2932897),
                            (a, day(datetime.date(2200, 1, 1)))):
            self.assertEqual(lib.wfm_calendar_expand(self.cal, first, last,
                                                     ctypes.byref(days)), WFM_EINVAL,
                             (first, last))
        self.assertEqual(lib.wfm_calendar_expand(self.cal, a, b, None), WFM_EINVAL)

    def test_misuse(self):
        days = c_void_p()
        self.assertEqual(lib.wfm_calendar_expand(None, 0, 1, ctypes.byref(days)), WFM_EMISUSE)
        self.assertEqual(lib.wfm_calendar_add_preset(None, b'us-retail'), WFM_EMISUSE)
        self.assertEqual(lib.wfm_calendar_add_text(None, b'', 0, None), WFM_EMISUSE)
        msg = lib.wfm_calendar_errmsg(None)
        self.assertTrue(msg, 'errmsg(NULL) is a static message')
        self.assertEqual(lib.wfm_calendar_event_count(None), 0)
        self.assertIsNone(lib.wfm_calendar_event_name(None, 0))
        self.assertEqual(lib.wfm_calendar_days_count(None), 0)
        self.assertEqual(lib.wfm_calendar_days_event_count(None), 0)
        self.assertEqual(lib.wfm_calendar_days_occurrence_count(None), 0)
        self.assertEqual(lib.wfm_calendar_days_row(None, 0, None, None, None, None),
                         WFM_EMISUSE)
        rows = c_size_t()
        self.assertEqual(lib.wfm_calendar_days_copy(None, None, None, None, None, 0,
                                                    ctypes.byref(rows)), WFM_EMISUSE)
        self.assertEqual(lib.wfm_calendar_new(None), WFM_EINVAL)
        lib.wfm_calendar_free(None)
        lib.wfm_calendar_days_free(None)

    def test_row_out_of_range(self):
        self.assertEqual(lib.wfm_calendar_add_preset(self.cal, b'us-retail'), WFM_OK)
        st, days = expand(self.cal)
        self.assertEqual(st, WFM_OK)
        try:
            n = lib.wfm_calendar_days_count(days)
            d = c_int32(-5)
            self.assertEqual(lib.wfm_calendar_days_row(days, n, ctypes.byref(d), None,
                                                       None, None), WFM_EINVAL)
            self.assertEqual(d.value, -5)
        finally:
            lib.wfm_calendar_days_free(days)

    def test_expansion_outlives_calendar(self):
        cal = new_calendar()
        self.assertEqual(lib.wfm_calendar_add_preset(cal, b'us-retail'), WFM_OK)
        st, days = expand(cal)
        self.assertEqual(st, WFM_OK)
        before = named_rows(days)
        lib.wfm_calendar_free(cal)
        self.assertEqual(named_rows(days), before)
        lib.wfm_calendar_days_free(days)


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
