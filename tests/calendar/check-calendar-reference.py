#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent checks of wfm's calendar for 1900-2200 (and the date edges).

Usage: check-calendar-reference.py PATH/TO/libwfm.so

Nothing here is computed by wfm's own code or copied from it:
  * wfm_date_from_ymd / to_ymd / weekday / iso_week / parse / format against
    Python's datetime.date (toordinal, isoweekday, isocalendar, isoformat)
    for every day of 1900-01-01 .. 2200-12-31, four days of every year
    0001 .. 9999, the edges 0001-01-01 and 9999-12-31 and invalid dates;
  * a calendar built from text with Thanksgiving (4th Thursday of November),
    Black Friday, Cyber Monday, Memorial Day (last Monday of May) and
    Midsommardagen (Saturday on or after 20 June), expanded over 1900 .. 2200
    in pieces, against Python's calendar module and weekday arithmetic;
  * Easter Sunday against Debian's `ncal -e YEAR` (package ncal); without
    ncal, dateutil.easter if it is importable; otherwise that part is
    skipped with a message.

Exit status: 0 pass, 1 fail, 77 skip (the library cannot be loaded here).
Standard library only.
"""
import calendar
import datetime
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
WFM_OK, WFM_EINVAL = 0, 1
FIRST_YEAR, LAST_YEAR = 1900, 2200
EPOCH = datetime.date(1970, 1, 1).toordinal()
DATE_MIN, DATE_MAX = -719162, 2932896

try:
    import ctypes
    from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_void_p
except ImportError as e:  # Python built without _ctypes
    print("SKIP: ctypes is not available: %s" % e)
    sys.exit(SKIP)

P_INT32 = POINTER(c_int32)
SIGNATURES = {
    "wfm_date_from_ymd": (c_int32, [c_int32, c_int32, c_int32, P_INT32]),
    "wfm_date_to_ymd": (c_int32, [c_int32, P_INT32, P_INT32, P_INT32]),
    "wfm_date_parse": (c_int32, [c_char_p, P_INT32]),
    "wfm_date_format": (c_int32, [c_int32, c_char_p, c_size_t]),
    "wfm_date_weekday": (c_int32, [c_int32, P_INT32]),
    "wfm_date_iso_week": (c_int32, [c_int32, P_INT32, P_INT32]),
    "wfm_calendar_new": (c_int32, [POINTER(c_void_p)]),
    "wfm_calendar_free": (None, [c_void_p]),
    "wfm_calendar_errmsg": (c_char_p, [c_void_p]),
    "wfm_calendar_add_text": (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    "wfm_calendar_expand": (c_int32, [c_void_p, c_int32, c_int32, POINTER(c_void_p)]),
    "wfm_calendar_days_free": (None, [c_void_p]),
    "wfm_calendar_days_count": (c_size_t, [c_void_p]),
    "wfm_calendar_days_copy": (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32,
                                         P_INT32, c_size_t, POINTER(c_size_t)]),
    "wfm_calendar_days_event_count": (c_size_t, [c_void_p]),
    "wfm_calendar_days_event_name": (c_char_p, [c_void_p, c_int32]),
}

CALENDAR_TEXT = b"""\
wfm-calendar 1
thanksgiving = 4th thursday of november
black_friday = thanksgiving + 1
cyber_monday = thanksgiving + 4
easter_sunday = easter
memorial_day = last monday of may
midsommardagen = saturday on or after 06-20
"""
# Pieces of the expansion: at most 100 years each (50 here).
PIECE_YEARS = 50

ENVIRONMENTAL = ("wrong ELF class", "ELFCLASS", "static TLS", "ASan runtime",
                 "architecture")


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def check(self, ok, name, problems=()):
        problems = list(problems)
        if ok and not problems:
            self.passed += 1
            print("ok - %s" % name)
        else:
            self.failed += 1
            print("FAIL - %s" % name)
            for p in problems[:25]:
                print("    %s" % p)
            if len(problems) > 25:
                print("    ... and %d more" % (len(problems) - 25))

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP - %s: %s" % (name, why))


def load(path):
    if not os.path.isfile(path):
        print("FAIL: %s does not exist" % path)
        sys.exit(1)
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        if any(s in str(e) for s in ENVIRONMENTAL):
            print("SKIP: cannot load %s here: %s" % (path, e))
            sys.exit(SKIP)
        print("FAIL: cannot load %s: %s" % (path, e))
        sys.exit(1)
    for name, (res, args) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


def day_number(d):
    return d.toordinal() - EPOCH


# ---------------------------------------------------------------- dates

def check_day(lib, d, problems):
    """All six date functions on one valid date."""
    want = day_number(d)
    out = c_int32(-999999999)
    st = lib.wfm_date_from_ymd(d.year, d.month, d.day, ctypes.byref(out))
    if st != WFM_OK or out.value != want:
        problems.append("from_ymd(%s): status %d, %d, expected %d"
                        % (d, st, out.value, want))
    y, m, dd = c_int32(), c_int32(), c_int32()
    st = lib.wfm_date_to_ymd(want, ctypes.byref(y), ctypes.byref(m), ctypes.byref(dd))
    if st != WFM_OK or (y.value, m.value, dd.value) != (d.year, d.month, d.day):
        problems.append("to_ymd(%d): status %d, %d-%d-%d, expected %s"
                        % (want, st, y.value, m.value, dd.value, d))
    wd = c_int32()
    st = lib.wfm_date_weekday(want, ctypes.byref(wd))
    if st != WFM_OK or wd.value != d.isoweekday():
        problems.append("weekday(%s): status %d, %d, expected %d"
                        % (d, st, wd.value, d.isoweekday()))
    iy, wk = c_int32(), c_int32()
    st = lib.wfm_date_iso_week(want, ctypes.byref(iy), ctypes.byref(wk))
    ref = d.isocalendar()
    if st != WFM_OK or (iy.value, wk.value) != (ref[0], ref[1]):
        problems.append("iso_week(%s): status %d, %d-W%d, expected %d-W%d"
                        % (d, st, iy.value, wk.value, ref[0], ref[1]))
    text = d.isoformat()  # zero-padded YYYY-MM-DD for every year 1..9999
    out.value = -999999999
    st = lib.wfm_date_parse(text.encode(), ctypes.byref(out))
    if st != WFM_OK or out.value != want:
        problems.append("parse(%r): status %d, %d, expected %d" % (text, st, out.value, want))
    buf = ctypes.create_string_buffer(b"#" * 16, 16)
    st = lib.wfm_date_format(want, buf, 11)
    if st != WFM_OK or buf.value != text.encode():
        problems.append("format(%d): status %d, %r, expected %r" % (want, st, buf.value, text))


def check_dates(lib, rep):
    problems = []
    d = datetime.date(FIRST_YEAR, 1, 1)
    end = datetime.date(LAST_YEAR, 12, 31)
    one = datetime.timedelta(days=1)
    n = 0
    while d <= end:
        check_day(lib, d, problems)
        d += one
        n += 1
    rep.check(not problems, "date functions = datetime for all %d days of %d-%d"
              % (n, FIRST_YEAR, LAST_YEAR), problems)

    problems = []
    for year in range(1, 10000):
        for month, day in ((1, 1), (2, 28), (3, 1), (12, 31)):
            check_day(lib, datetime.date(year, month, day), problems)
        if calendar.isleap(year):
            check_day(lib, datetime.date(year, 2, 29), problems)
    rep.check(not problems, "date functions = datetime on 1 Jan, 28/29 Feb, 1 Mar "
              "and 31 Dec of every year 0001-9999", problems)

    problems = []
    lo, hi = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
    if (day_number(lo), day_number(hi)) != (DATE_MIN, DATE_MAX):
        problems.append("WFM_DATE_MIN/MAX of the header disagree with datetime")
    check_day(lib, lo, problems)
    check_day(lib, hi, problems)
    sentinel = -12345
    for bad in (DATE_MIN - 1, DATE_MAX + 1, -2**31, 2**31 - 1):
        y, m, dd, wd, iy, wk = (c_int32(sentinel) for _ in range(6))
        buf = ctypes.create_string_buffer(b"#" * 16, 16)
        got = (lib.wfm_date_to_ymd(bad, ctypes.byref(y), ctypes.byref(m), ctypes.byref(dd)),
               lib.wfm_date_weekday(bad, ctypes.byref(wd)),
               lib.wfm_date_iso_week(bad, ctypes.byref(iy), ctypes.byref(wk)),
               lib.wfm_date_format(bad, buf, 16))
        if got != (WFM_EINVAL,) * 4:
            problems.append("day %d out of range: statuses %r, expected EINVAL" % (bad, got))
        if any(v.value != sentinel for v in (y, m, dd, wd, iy, wk)) or buf.raw != b"#" * 16:
            problems.append("day %d out of range: outputs were written" % bad)
    rep.check(not problems, "edges 0001-01-01 and 9999-12-31; one day beyond is EINVAL",
              problems)

    problems = []
    out = c_int32(sentinel)
    for y, m, d in ((2023, 2, 29), (1900, 2, 29), (2100, 2, 29), (2026, 2, 30),
                    (2026, 4, 31), (2026, 13, 1), (2026, 0, 1), (2026, 1, 0),
                    (2026, 1, 32), (0, 1, 1), (10000, 1, 1), (-1, 1, 1)):
        st = lib.wfm_date_from_ymd(y, m, d, ctypes.byref(out))
        if st != WFM_EINVAL or out.value != sentinel:
            problems.append("from_ymd(%d, %d, %d): status %d, out %d; expected EINVAL, "
                            "untouched" % (y, m, d, st, out.value))
    for y, m, d in ((2000, 2, 29), (2024, 2, 29), (1600, 2, 29)):
        st = lib.wfm_date_from_ymd(y, m, d, ctypes.byref(out))
        if st != WFM_OK or out.value != day_number(datetime.date(y, m, d)):
            problems.append("from_ymd(%d, %d, %d) (a leap day): status %d" % (y, m, d, st))
    for text in ("2023-02-29", "1900-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
                 "2026-01-00", "0000-01-01", "10000-01-01", "2026-1-01", "2026-01-1",
                 "26-01-01", "20260101", "2026/01/01", " 2026-01-01", "2026-01-01 ",
                 "2026-01-01T00:00", "+2026-01-01", "-2026-01-01", "2026-01-01\n",
                 "２０２６-01-01", ""):
        out.value = sentinel
        st = lib.wfm_date_parse(text.encode(), ctypes.byref(out))
        if st != WFM_EINVAL or out.value != sentinel:
            problems.append("parse(%r): status %d, out %d; expected EINVAL, untouched"
                            % (text, st, out.value))
    for text in ("2000-02-29", "1600-02-29", "2024-02-29"):
        st = lib.wfm_date_parse(text.encode(), ctypes.byref(out))
        if st != WFM_OK or out.value != day_number(datetime.date.fromisoformat(text)):
            problems.append("parse(%r) (a leap day): status %d" % (text, st))
    buf = ctypes.create_string_buffer(b"#" * 16, 16)
    if lib.wfm_date_format(0, buf, 10) != WFM_EINVAL or buf.raw != b"#" * 16:
        problems.append("format with a 10-byte buffer: not EINVAL, or written")
    if lib.wfm_date_format(0, None, 11) != WFM_EINVAL:
        problems.append("format into NULL: not EINVAL")
    if lib.wfm_date_parse(None, ctypes.byref(out)) != WFM_EINVAL:
        problems.append("parse(NULL): not EINVAL")
    if lib.wfm_date_from_ymd(2026, 1, 1, None) != WFM_EINVAL:
        problems.append("from_ymd into NULL: not EINVAL")
    rep.check(not problems, "invalid dates (2023-02-29, 1900-02-29, ...) are EINVAL; "
              "2000-02-29 is valid", problems)


# ------------------------------------------------------------- holidays

def thanksgiving(year):
    """4th Thursday of November, from calendar.monthcalendar."""
    thursdays = [week[calendar.THURSDAY] for week in calendar.monthcalendar(year, 11)
                 if week[calendar.THURSDAY] != 0]
    return datetime.date(year, 11, thursdays[3])


def thanksgiving_arith(year):
    """The same by weekday arithmetic: the first Thursday, then 3 weeks."""
    first = datetime.date(year, 11, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 21)


def memorial_day(year):
    """Last Monday of May."""
    last = datetime.date(year, 5, calendar.monthrange(year, 5)[1])
    return last - datetime.timedelta(days=last.weekday() % 7)


def midsommardagen(year):
    """Saturday on or after 20 June."""
    d = datetime.date(year, 6, 20)
    return d + datetime.timedelta(days=(calendar.SATURDAY - d.weekday()) % 7)


def easter_reference():
    """({year: date} or None, description)."""
    ncal = shutil.which("ncal")
    if ncal:
        out = {}
        env = dict(os.environ, LC_ALL="C", LANG="C", TZ="UTC")
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            proc = subprocess.run([ncal, "-e", str(year)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, universal_newlines=True,
                                  env=env, timeout=30)
            # C locale: %x is MM/DD/YY.
            m = re.fullmatch(r"\s*(\d\d)/(\d\d)/(\d\d)\s*", proc.stdout)
            if proc.returncode != 0 or not m or int(m.group(3)) != year % 100:
                raise RuntimeError("cannot read `ncal -e %d`: exit %d, %r %r"
                                   % (year, proc.returncode, proc.stdout, proc.stderr))
            out[year] = datetime.date(year, int(m.group(1)), int(m.group(2)))
        return out, "ncal -e (%s)" % ncal
    try:
        from dateutil import easter as dateutil_easter
    except ImportError:
        return None, None
    return ({y: dateutil_easter.easter(y, dateutil_easter.EASTER_WESTERN)
             for y in range(FIRST_YEAR, LAST_YEAR + 1)}, "dateutil.easter")


def expand_events(lib, rep):
    """{event name: {year: [dates of offset-0 rows]}} over 1900-2200, or None."""
    cal = c_void_p()
    if lib.wfm_calendar_new(ctypes.byref(cal)) != WFM_OK:
        rep.check(False, "wfm_calendar_new")
        return None
    try:
        st = lib.wfm_calendar_add_text(cal, CALENDAR_TEXT, len(CALENDAR_TEXT), b"reference.cal")
        if st != WFM_OK:
            rep.check(False, "the reference calendar text is accepted",
                      ["status %d: %r" % (st, lib.wfm_calendar_errmsg(cal))])
            return None
        events = {}
        problems = []
        total_rows = 0
        for start in range(FIRST_YEAR, LAST_YEAR + 1, PIECE_YEARS):
            stop = min(start + PIECE_YEARS - 1, LAST_YEAR)
            first = day_number(datetime.date(start, 1, 1))
            last = day_number(datetime.date(stop, 12, 31))
            days = c_void_p()
            st = lib.wfm_calendar_expand(cal, first, last, ctypes.byref(days))
            if st != WFM_OK:
                problems.append("expand %d..%d: status %d: %r"
                                % (start, stop, st, lib.wfm_calendar_errmsg(cal)))
                continue
            try:
                n = lib.wfm_calendar_days_count(days)
                rows = c_size_t(0)
                dates, evs, offs, closed = ((c_int32 * max(n, 1))() for _ in range(4))
                st = lib.wfm_calendar_days_copy(days, dates, evs, offs, closed, n,
                                                ctypes.byref(rows))
                if st != WFM_OK or rows.value != n:
                    problems.append("days_copy %d..%d: status %d, rows %d of %d"
                                    % (start, stop, st, rows.value, n))
                    continue
                names = [lib.wfm_calendar_days_event_name(days, e).decode()
                         for e in range(lib.wfm_calendar_days_event_count(days))]
                total_rows += n
                for i in range(n):
                    d = datetime.date.fromordinal(dates[i] + EPOCH)
                    if not first <= dates[i] <= last:
                        problems.append("row %d outside %d..%d: %s" % (i, start, stop, d))
                    if offs[i] != 0 or closed[i] != 0:
                        problems.append("%s %s: offset %d closed %d; expected 0 0 "
                                        "(no windows, not closed)"
                                        % (d, names[evs[i]], offs[i], closed[i]))
                    events.setdefault(names[evs[i]], {}).setdefault(d.year, []).append(d)
            finally:
                lib.wfm_calendar_days_free(days)
        rep.check(not problems, "the calendar expands over %d-%d in %d-year pieces "
                  "(%d rows)" % (FIRST_YEAR, LAST_YEAR, PIECE_YEARS, total_rows), problems)
        return events
    finally:
        lib.wfm_calendar_free(cal)


def compare(rep, events, name, reference, source):
    problems = []
    got = events.get(name, {})
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        want = reference(year) if callable(reference) else reference[year]
        have = got.get(year, [])
        if have != [want]:
            problems.append("%d: wfm %s, %s %s" % (year, [str(d) for d in have],
                                                   source, want))
    extra = sorted(y for y in got if not FIRST_YEAR <= y <= LAST_YEAR)
    if extra:
        problems.append("rows in years outside the range: %r" % extra)
    rep.check(not problems, "%s = %s for every year %d-%d"
              % (name, source, FIRST_YEAR, LAST_YEAR), problems)


def check_holidays(lib, rep):
    # The two Thanksgiving references agree before either is used.
    bad = [y for y in range(FIRST_YEAR, LAST_YEAR + 1)
           if thanksgiving(y) != thanksgiving_arith(y)]
    rep.check(not bad, "reference self-check: monthcalendar and weekday arithmetic "
              "agree on Thanksgiving", ["years %r" % bad] if bad else [])
    events = expand_events(lib, rep)
    if events is None:
        return
    unknown = set(events) - {"thanksgiving", "black_friday", "cyber_monday",
                             "easter_sunday", "memorial_day", "midsommardagen"}
    rep.check(not unknown, "no rows of events the calendar does not have",
              ["%r" % sorted(unknown)] if unknown else [])
    day = datetime.timedelta(days=1)
    compare(rep, events, "thanksgiving", thanksgiving, "calendar.monthcalendar")
    compare(rep, events, "black_friday", lambda y: thanksgiving_arith(y) + day,
            "datetime (Thanksgiving + 1)")
    compare(rep, events, "cyber_monday", lambda y: thanksgiving_arith(y) + 4 * day,
            "datetime (Thanksgiving + 4)")
    compare(rep, events, "memorial_day", memorial_day, "calendar.monthrange/datetime")
    compare(rep, events, "midsommardagen", midsommardagen, "datetime")

    try:
        easter, source = easter_reference()
    except RuntimeError as e:
        rep.check(False, "Easter reference", [str(e)])
        return
    if easter is None:
        rep.skip("easter_sunday", "neither `ncal` (Debian package ncal) nor "
                 "dateutil is available: Easter is NOT checked")
        return
    # The reference itself, on dates anyone can look up.
    known = {1900: datetime.date(1900, 4, 15), 1943: datetime.date(1943, 4, 25),
             1961: datetime.date(1961, 4, 2), 2000: datetime.date(2000, 4, 23),
             2019: datetime.date(2019, 4, 21), 2024: datetime.date(2024, 3, 31),
             2025: datetime.date(2025, 4, 20), 2026: datetime.date(2026, 4, 5),
             2008: datetime.date(2008, 3, 23), 2038: datetime.date(2038, 4, 25)}
    bad = ["%d: %s says %s, expected %s" % (y, source, easter[y], d)
           for y, d in known.items() if easter[y] != d]
    bad += ["%d: %s is not a Sunday in 22 March .. 25 April" % (y, d)
            for y, d in easter.items()
            if d.isoweekday() != 7 or not datetime.date(y, 3, 22) <= d <= datetime.date(y, 4, 25)]
    rep.check(not bad, "reference self-check: %s on known Easter dates" % source, bad)
    compare(rep, events, "easter_sunday", easter, source)


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__)
        return 2
    lib = load(sys.argv[1])
    rep = Report()
    check_dates(lib, rep)
    check_holidays(lib, rep)
    print("%d passed, %d failed, %d skipped" % (rep.passed, rep.failed, rep.skipped))
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
