# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the `wfm calendar` command-line contract (scripts rely on it).

Usage: test-cli-calendar.py WFM LIBWFM GROUP   (GROUP: see GROUPS below)
Prints TAP. Standard library only; run with /usr/bin/python3.

The contract:
  wfm calendar (--calendar NAME|FILE | --events FILE)... --from D --to D
prints CSV with the header `date,event,offset,closed`, one row per (date,
event) on which the event or one of its window days falls, sorted by date
then event name (bytewise); names quoted per RFC 4180 where needed. Bad
input gives one line on stderr and exit 2 (command line) or 1 (files).

The expected rows of our own calendar file below were worked out by hand
(weekdays from a printed 2026/2027 calendar), not by running wfm. The
retail presets' shopping days and seasons are checked every year 1990-2060
against their rules computed here with Python's datetime (`contract`).
`wfm calendar --list` prints the preset names, exactly as before 1.3;
`--list NAME` a preset as a calendar file (`help`, `errors`). The
`library` group checks that the rows are exactly those of
wfm_calendar_expand(), and the --list NAME text wfm_calendar_write()'s,
read through ctypes from LIBWFM.
"""
import datetime
import io
import os
import re
import sys

import clitest
from clitest import check_listed, check_usage, csv_rows, describe, run

HEADER = "date,event,offset,closed"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Every kind of rule, with the 2026-12-20 .. 2027-03-31 rows below.
# 2026-12-25 and 2027-01-01 are Fridays; Easter 2027 is 28 March.
OWN_CALENDAR = """\
wfm-calendar 1
# A test calendar: every kind of rule the contract test needs.
xmas          = 12-25 closed window=-1..+1        # fixed, closed, window
xmas_eve_eve  = xmas - 2                          # relative
after_xmas    = xmas + 2 .. + 3 window=-1..+1     # relative run of days
winter_sale   = 12-28 .. 01-03                    # season across the year end
mlk           = 3rd monday of january window=-1..+1   # nth weekday
last_fri      = last friday of january            # last weekday
first_sat     = saturday on or after 01-20        # 2027-01-20 is a Wednesday
launch        = 2027-01-06 window=-2..+1          # one-off day with a window
stocktake     = 2027-01-08 .. 2027-01-09 closed   # one-off run, closed
promo         = dates 2027-01-12, 2027-01-16 window=-2..+2  # windows overlap
"New, Year"   = 01-01 closed                      # needs CSV quoting
" padded "    = 01-02                             # so does this
holiday_obs   = 01-02 observed=us closed          # Sat 2027-01-02 -> Fri 01-01
only27        = 01-07 years=2027..
old_promo     = 01-05 years=..2026
skip          = 01-07 except=2027
good_friday   = easter - 2
easter_monday = easter + 1 window=-0..+1
"""
OWN_FROM, OWN_TO = "2026-12-20", "2027-03-31"
OWN_ROWS = """\
2026-12-23,xmas_eve_eve,0,0
2026-12-24,xmas,-1,0
2026-12-25,xmas,0,1
2026-12-26,after_xmas,-1,0
2026-12-26,xmas,1,0
2026-12-27,after_xmas,0,0
2026-12-28,after_xmas,0,0
2026-12-28,winter_sale,0,0
2026-12-29,after_xmas,1,0
2026-12-29,winter_sale,0,0
2026-12-30,winter_sale,0,0
2026-12-31,winter_sale,0,0
2027-01-01,"New, Year",0,1
2027-01-01,holiday_obs,0,1
2027-01-01,winter_sale,0,0
2027-01-02," padded ",0,0
2027-01-02,winter_sale,0,0
2027-01-03,winter_sale,0,0
2027-01-04,launch,-2,0
2027-01-05,launch,-1,0
2027-01-06,launch,0,0
2027-01-07,launch,1,0
2027-01-07,only27,0,0
2027-01-08,stocktake,0,1
2027-01-09,stocktake,0,1
2027-01-10,promo,-2,0
2027-01-11,promo,-1,0
2027-01-12,promo,0,0
2027-01-13,promo,1,0
2027-01-14,promo,2,0
2027-01-15,promo,-1,0
2027-01-16,promo,0,0
2027-01-17,mlk,-1,0
2027-01-17,promo,1,0
2027-01-18,mlk,0,0
2027-01-18,promo,2,0
2027-01-19,mlk,1,0
2027-01-23,first_sat,0,0
2027-01-29,last_fri,0,0
2027-03-26,good_friday,0,0
2027-03-29,easter_monday,0,0
2027-03-30,easter_monday,1,0
"""

# Prophet's holiday CSV: quoted fields, a midnight time, windows.
PROPHET_CSV = '''\
holiday,ds,lower_window,upper_window
superbowl,2027-02-14,-1,1
superbowl,2026-02-08,-1,1
"playoff, final",2027-01-24 00:00:00,0,1
" padded ",2027-01-20,0,0
'''
PROPHET_ROWS = '''\
2027-01-20," padded ",0,0
2027-01-24,"playoff, final",0,0
2027-01-25,"playoff, final",1,0
2027-02-13,superbowl,-1,0
2027-02-14,superbowl,0,0
2027-02-15,superbowl,1,0
'''
# Columns in another order, an extra column, no windows.
PROPHET_CSV2 = """\
ds,country,holiday
2027-01-01,US,new_year
2028-01-01,US,new_year
"""



# `wfm calendar --list` before 1.3, byte for byte: scripts read it.
LIST_OUTPUT = "us-retail\nuk-retail\nus-federal\nfr\nde\nse\npl\n"

# The retail presets' shopping days and seasons (1.3), in the order the
# presets list them after their older events, with their rules as
# `--list NAME` prints them (the documented rules, wfm/calendar.h).
RETAIL_NEW_RULES = {
    "us-retail": [
        ("valentines_day", "02-14"),
        ("mothers_day", "2nd sunday of may"),
        ("fathers_day", "3rd sunday of june"),
        ("singles_day", "11-11"),
        ("peak_season", "11-15 .. 12-24"),
        ("cyber_week", "thanksgiving + 0 .. + 4"),
        ("green_monday", "2nd monday of december"),
        ("super_saturday", "saturday on or before 12-23"),
        ("returns_wave", "12-26 .. 01-31"),
    ],
}
RETAIL_NEW_RULES["uk-retail"] = [
    (name, "easter - 21" if name == "mothers_day" else rule)
    for name, rule in RETAIL_NEW_RULES["us-retail"]]


calendar = clitest.Command("calendar")


# --- the retail rules, computed with datetime (not with wfm) ----------------

ONE_DAY = datetime.timedelta(days=1)
MON, THU, SAT, SUN = 0, 3, 5, 6  # date.weekday()


def nth_weekday(year, month, nth, weekday):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def easter(year):
    """Gregorian Easter Sunday by Gauss's algorithm with its two exceptions
    (wfm uses Meeus/Jones/Butcher, the C test Knuth's)."""
    a, b, c = year % 19, year % 4, year % 7
    k = year // 100
    p, q = (13 + 8 * k) // 25, k // 4
    m = (15 - p + k - q) % 30
    n = (4 + k - q) % 7
    d = (19 * a + m) % 30
    e = (2 * b + 4 * c + 6 * d + n) % 7
    if d == 29 and e == 6:
        return datetime.date(year, 4, 19)
    if d == 28 and e == 6 and (11 * m + 11) % 30 < 19:
        return datetime.date(year, 4, 18)
    if 22 + d + e <= 31:
        return datetime.date(year, 3, 22 + d + e)
    return datetime.date(year, 4, d + e - 9)


def retail_rule(preset, event, year):
    """(first, last) of the occurrence of `event` starting in `year`."""
    thanksgiving = nth_weekday(year, 11, 4, THU)  # US, in both presets
    if event == "valentines_day":
        day = datetime.date(year, 2, 14)
    elif event == "mothers_day":
        # UK: Mothering Sunday, the 4th Sunday of Lent, 3 weeks before Easter.
        day = (easter(year) - 21 * ONE_DAY if preset == "uk-retail"
               else nth_weekday(year, 5, 2, SUN))
    elif event == "fathers_day":
        day = nth_weekday(year, 6, 3, SUN)
    elif event == "singles_day":
        day = datetime.date(year, 11, 11)
    elif event == "peak_season":
        return datetime.date(year, 11, 15), datetime.date(year, 12, 24)
    elif event == "cyber_week":
        return thanksgiving, thanksgiving + 4 * ONE_DAY  # to Cyber Monday
    elif event == "green_monday":
        day = nth_weekday(year, 12, 2, MON)
    elif event == "super_saturday":
        # The last Saturday before Christmas that is not Christmas Eve.
        day = datetime.date(year, 12, 23)
        while day.weekday() != SAT:
            day -= ONE_DAY
    elif event == "returns_wave":
        return datetime.date(year, 12, 26), datetime.date(year + 1, 1, 31)
    else:
        raise ValueError(event)
    return day, day


def retail_days(preset, event, first, last):
    """Every day of `event` within first..last (datetime.date)."""
    days = []
    for year in range(first.year - 1, last.year + 1):
        a, b = retail_rule(preset, event, year)
        while a <= b:
            if first <= a <= last:
                days.append(a.isoformat())
            a += ONE_DAY
    return days


def csv_field(text):
    """An event name as the contract prints it: quoted per RFC 4180 when it
    has a comma, a double quote or a line break, or starts or ends with a
    blank."""
    if re.search(r'[,"\r\n]', text) or text != text.strip(" \t"):
        return '"' + text.replace('"', '""') + '"'
    return text


def parse_rows(text):
    """[(date, event, offset, closed)] of a CSV output after its header."""
    rows = csv_rows(text)
    return rows[0] if rows else None, rows[1:]


def invariants(text, first, last):
    """A list of what is wrong with the output `text` for the range."""
    problems = []
    if not text.endswith("\n"):
        problems.append("output does not end with a newline")
    if text.split("\n", 1)[0] != HEADER:
        problems.append("header %r" % text.split("\n", 1)[0])
    if "\r" in text:
        problems.append("carriage return in the output")
    _, rows = parse_rows(text)
    keys = []
    for row in rows:
        if len(row) != 4:
            problems.append("not 4 fields: %r" % (row,))
            continue
        date, event, offset, closed = row
        if not DATE_RE.match(date) or not first <= date <= last:
            problems.append("date %r outside %s..%s" % (date, first, last))
        if not re.fullmatch(r"-?(0|[1-9]\d*)", offset) or offset == "-0":
            problems.append("offset %r is not an integer" % offset)
        if closed not in ("0", "1"):
            problems.append("closed %r not 0/1" % closed)
        if event == "":
            problems.append("empty event name on %s" % date)
        if closed == "1" and offset != "0":
            problems.append("closed on a window day: %r" % (row,))
        keys.append((date, event.encode("utf-8")))
    if keys != sorted(keys):
        bad = next(i for i in range(1, len(keys)) if keys[i - 1] > keys[i])
        problems.append("rows not sorted by date, then name: %r before %r"
                        % (keys[bad - 1], keys[bad]))
    if len(set(keys)) != len(keys):
        problems.append("a (date, event) pair appears twice")
    return problems


def presets(wfm):
    proc = calendar(wfm, ["--list"])
    return proc.stdout.splitlines() if proc.returncode == 0 else []


# --- the contract -----------------------------------------------------------

def group_contract(tap, wfm, _lib, files):
    args = ["--calendar", "us-retail", "--from", "2026-11-20", "--to", "2026-12-01"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stderr == "",
              "us-retail Nov 2026: exit 0, nothing on stderr", describe(args, proc))
    lines = proc.stdout.split("\n")
    tap.check(lines[0] == HEADER, "header is exactly %r" % HEADER, repr(lines[0]))
    problems = invariants(proc.stdout, "2026-11-20", "2026-12-01")
    tap.check(not problems, "us-retail Nov 2026: rows sorted, in range, "
              "integer offsets, closed 0/1", "\n".join(problems))
    for want in ("2026-11-26,thanksgiving,0,", "2026-11-27,black_friday,0,",
                 "2026-11-30,cyber_monday,0,"):
        tap.check(any(line.startswith(want) for line in lines),
                  "us-retail Nov 2026 has a row %s..." % want, proc.stdout)
    day0 = {tuple(r[:2]) for r in parse_rows(proc.stdout)[1] if r[2] == "0"}
    tap.check(("2026-11-26", "black_friday") not in day0
              and ("2026-11-27", "thanksgiving") not in day0,
              "us-retail: no offset-0 row on the wrong day", proc.stdout)

    # Every preset expands over two years and keeps the invariants.
    names = presets(wfm)
    tap.check(len(names) >= 1 and "us-retail" in names,
              "--list names us-retail", repr(names))
    for name in names:
        args = ["--calendar", name, "--from", "2025-06-01", "--to", "2027-05-31"]
        proc = calendar(wfm, args)
        problems = invariants(proc.stdout, "2025-06-01", "2027-05-31")
        n = proc.stdout.count("\n") - 1
        tap.check(proc.returncode == 0 and proc.stderr == "" and n > 0
                  and not problems,
                  "preset %s: %d rows over two years, invariants hold" % (name, n),
                  describe(args, proc) + "\n" + "\n".join(problems))

    # A one-day range: only that day, windows outside it clipped.
    own = files.write("own.cal", OWN_CALENDAR)
    args = ["--calendar", own, "--from", "2026-12-25", "--to", "2026-12-25"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n2026-12-25,xmas,0,1\n",
              "one-day range: exactly the day's row", describe(args, proc))
    # A range with no event: the header alone.
    args = ["--calendar", own, "--from", "2027-06-01", "--to", "2027-06-30"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n",
              "no event in range: the header alone", describe(args, proc))
    # --name=value works like --name value.
    args = ["--calendar=us-retail", "--from=2026-11-20", "--to=2026-12-01"]
    proc2 = calendar(wfm, args)
    proc1 = calendar(wfm, ["--calendar", "us-retail", "--from", "2026-11-20",
                           "--to", "2026-12-01"])
    tap.check(proc2.returncode == 0 and proc2.stdout == proc1.stdout,
              "--name=value form gives the same rows", describe(args, proc2))
    # Options in any order.
    args = ["--to", "2026-12-01", "--from", "2026-11-20", "--calendar", "us-retail"]
    proc3 = calendar(wfm, args)
    tap.check(proc3.returncode == 0 and proc3.stdout == proc1.stdout,
              "options in any order give the same rows", describe(args, proc3))
    # The retail shopping days and seasons, every year 1990-2060, against
    # the rules computed with datetime: a row with offset 0 and closed 0 on
    # each of their days (runs: every day; returns_wave from 1989-12-26
    # gives January 1990), none on another day, no window rows.
    anchors = {1954: (4, 18), 1981: (4, 19), 2000: (4, 23), 2008: (3, 23),
               2024: (3, 31), 2025: (4, 20), 2049: (4, 18), 2076: (4, 19),
               2285: (3, 22)}
    tap.check(all(easter(y) == datetime.date(y, m, d) for y, (m, d) in anchors.items())
              and easter(2012) - 21 * ONE_DAY == datetime.date(2012, 3, 18),
              "the test's Easter: published dates (with the Gregorian exceptions) "
              "and Mothering Sunday 2012-03-18",
              repr({y: easter(y) for y in anchors}))
    first, last = datetime.date(1990, 1, 1), datetime.date(2060, 12, 31)
    for preset, rules in sorted(RETAIL_NEW_RULES.items()):
        args = ["--calendar", preset, "--from", first.isoformat(), "--to", last.isoformat()]
        proc = calendar(wfm, args)
        rows = parse_rows(proc.stdout)[1] if proc.returncode == 0 else []
        tap.check(proc.returncode == 0 and proc.stderr == "" and rows,
                  "%s 1990-2060: exit 0" % preset, describe(args, proc, 500))
        for event, _rule in rules:
            got = [r for r in rows if r[1] == event]
            want = [[day, event, "0", "0"] for day in retail_days(preset, event, first, last)]
            diff = sorted(set(map(tuple, want)) ^ set(map(tuple, got)))
            tap.check(got == want,
                      "%s %s 1990-2060: %d days, as the rule computed with datetime"
                      % (preset, event, len(want)),
                      "%d rows wanted, %d got; first differences: %r"
                      % (len(want), len(got), diff[:6]))
    # Published dates that pick between definitions (see
    # tests/data/holidays/retail-shopping-days.csv): Super Saturday the
    # Saturday before Christmas Eve (NRF: 2022-12-17), Green Monday the
    # 2nd Monday of December (2014-12-08, 1 December a Monday).
    for preset in sorted(RETAIL_NEW_RULES):
        args = ["--calendar", preset, "--from", "2014-12-01", "--to", "2023-12-31"]
        proc = calendar(wfm, args)
        day0 = {(r[1], r[0]) for r in parse_rows(proc.stdout)[1] if r[2] == "0"}
        for event, day in (("super_saturday", "2022-12-17"), ("super_saturday", "2023-12-23"),
                           ("green_monday", "2014-12-08"), ("cyber_week", "2019-12-02")):
            tap.check((event, day) in day0, "%s: %s on %s" % (preset, event, day),
                      describe(args, proc, 500))
        tap.check(("super_saturday", "2022-12-24") not in day0
                  and ("green_monday", "2014-12-15") not in day0,
                  "%s: no super_saturday on Christmas Eve 2022, no green_monday "
                  "2014-12-15" % preset, describe(args, proc, 500))

    # A range of exactly 100 years is accepted.
    args = ["--calendar", "us-retail", "--from", "2000-01-01", "--to", "2100-01-01"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and not invariants(proc.stdout, "2000-01-01",
                                                       "2100-01-01"),
              "a range of exactly 100 years is accepted",
              describe(args, proc, 500))


# --- our own calendar file, row by row -----------------------------------------

def group_file(tap, wfm, _lib, files):
    own = files.write("own.cal", OWN_CALENDAR)
    args = ["--calendar", own, "--from", OWN_FROM, "--to", OWN_TO]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stderr == "",
              "own calendar file: exit 0, nothing on stderr", describe(args, proc))
    got = proc.stdout.split("\n")[1:]
    want = OWN_ROWS.split("\n")
    tap.check(len(got) == len(want), "own calendar: %d rows" % (len(want) - 1),
              "got %d:\n%s" % (len(got) - 1, proc.stdout))
    for i, line in enumerate(want[:-1]):
        tap.check(i < len(got) and got[i] == line, "own calendar row %d: %s" % (i + 1, line),
                  "got %r" % (got[i] if i < len(got) else None))
    tap.check(proc.stdout == HEADER + "\n" + OWN_ROWS,
              "own calendar: the whole output, byte for byte", proc.stdout)
    tap.check(not invariants(proc.stdout, OWN_FROM, OWN_TO),
              "own calendar: invariants", "\n".join(invariants(proc.stdout, OWN_FROM, OWN_TO)))

    # Later sources replace earlier events of the same name, in order.
    a = files.write("a.cal", "wfm-calendar 1\nx = 2027-01-05\n")
    b = files.write("b.cal", "wfm-calendar 1\nx = 2027-01-07 closed\n")
    for order, row in (((a, b), "2027-01-07,x,0,1"), ((b, a), "2027-01-05,x,0,0")):
        args = ["--calendar", order[0], "--calendar", order[1],
                "--from", "2027-01-01", "--to", "2027-01-31"]
        proc = calendar(wfm, args)
        tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n" + row + "\n",
                  "--calendar %s --calendar %s: the later x wins"
                  % tuple(os.path.basename(p) for p in order), describe(args, proc))

    # A file redefines one event of a preset given before it.
    redef = files.write("redef.cal", "wfm-calendar 1\n"
                        "black_friday = thanksgiving + 1 window=-1..+3\n")
    args = ["--calendar", "us-retail", "--calendar", redef,
            "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args)
    bf = [r for r in parse_rows(proc.stdout)[1] if r[1] == "black_friday"]
    tap.check(proc.returncode == 0 and bf == [
        ["2026-11-26", "black_friday", "-1", "0"],
        ["2026-11-27", "black_friday", "0", "0"],
        ["2026-11-28", "black_friday", "1", "0"],
        ["2026-11-29", "black_friday", "2", "0"],
        ["2026-11-30", "black_friday", "3", "0"]],
              "a file after the preset redefines black_friday's window",
              describe(args, proc) + "\nblack_friday rows: %r" % bf)
    tap.check(any(r[:3] == ["2026-11-26", "thanksgiving", "0"]
                  for r in parse_rows(proc.stdout)[1]),
              "the preset's other events stay", proc.stdout)
    # The preset given after the file puts the preset's definition back.
    args2 = ["--calendar", redef, "--calendar", "us-retail",
             "--from", "2026-11-01", "--to", "2026-12-31"]
    proc2 = calendar(wfm, args2)
    proc3 = calendar(wfm, ["--calendar", "us-retail", "--from", "2026-11-01",
                           "--to", "2026-12-31"])
    tap.check(proc2.returncode == 0 and proc2.stdout == proc3.stdout,
              "the preset after the file: the preset's own rows", describe(args2, proc2))
    # `preset` inside a file is the same as --calendar NAME.
    inc = files.write("inc.cal", "wfm-calendar 1\npreset us-retail\n")
    args = ["--calendar", inc, "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == proc3.stdout,
              "`preset us-retail` in a file = --calendar us-retail", describe(args, proc))

    # The README's calendar example (section "Calendars") runs: its own
    # peak_season, starting 1 November, replaces the preset's.
    readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                          "README.md")
    try:
        with open(readme, encoding="utf-8") as f:
            blocks = re.findall(r"```\n(wfm-calendar 1\n.*?)```", f.read(), re.S)
    except OSError:
        blocks = []
    if not blocks:
        tap.skip("the README's calendar example", "no README.md next to the tests")
    else:
        example = files.write("readme.cal", blocks[0])
        args = ["--calendar", example, "--from", "2026-10-25", "--to", "2026-12-31"]
        proc = calendar(wfm, args)
        peak = [r[0] for r in parse_rows(proc.stdout)[1] if r[1] == "peak_season"]
        tap.check(proc.returncode == 0 and peak[:1] == ["2026-11-01"]
                  and peak[-1:] == ["2026-12-24"] and len(peak) == 54,
                  "the README's calendar example: peak_season 2026-11-01..12-24",
                  describe(args, proc, 500))

    # A file whose name is not a preset's, given by a relative path.
    args = ["--calendar", "own.cal", "--from", OWN_FROM, "--to", OWN_TO]
    proc = calendar(wfm, args, cwd=files.dir)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n" + OWN_ROWS,
              "a calendar file by relative path", describe(args, proc))
    # A preset name wins over a file of that name in the working directory.
    files.write("us-retail", "wfm-calendar 1\nnot_the_preset = 11-26\n")
    args = ["--calendar", "us-retail", "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args, cwd=files.dir)
    tap.check(proc.returncode == 0 and proc.stdout == proc3.stdout,
              "a preset name wins over a file of the same name", describe(args, proc))
    args = ["--calendar", "./us-retail", "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args, cwd=files.dir)
    tap.check(proc.returncode == 0
              and proc.stdout == HEADER + "\n2026-11-26,not_the_preset,0,0\n",
              "./us-retail reads the file", describe(args, proc))


# --- Prophet's holiday CSV ----------------------------------------------------------

def group_prophet(tap, wfm, _lib, files):
    p1 = files.write("holidays.csv", PROPHET_CSV)
    args = ["--events", p1, "--from", "2027-01-01", "--to", "2027-02-28"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n" + PROPHET_ROWS,
              "Prophet CSV: rows, windows, RFC 4180 quoting both ways",
              describe(args, proc) + "\nwanted:\n" + PROPHET_ROWS)
    args = ["--events", p1, "--from", "2026-02-01", "--to", "2026-02-28"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n"
              "2026-02-07,superbowl,-1,0\n2026-02-08,superbowl,0,0\n"
              "2026-02-09,superbowl,1,0\n",
              "Prophet CSV: the other superbowl row", describe(args, proc))
    p2 = files.write("holidays2.csv", PROPHET_CSV2)
    args = ["--events", p2, "--from", "2027-01-01", "--to", "2028-12-31"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n"
              "2027-01-01,new_year,0,0\n2028-01-01,new_year,0,0\n",
              "Prophet CSV: other column order, extra column, no windows",
              describe(args, proc))
    # --events and --calendar together, applied in order.
    args = ["--calendar", "us-retail", "--events", p1,
            "--from", "2027-01-01", "--to", "2027-02-28"]
    proc = calendar(wfm, args)
    rows = parse_rows(proc.stdout)[1]
    prophet_rows = [",".join(r) for r in rows
                    if r[1] in ("superbowl", "playoff, final", " padded ")]
    tap.check(proc.returncode == 0 and not invariants(proc.stdout, "2027-01-01", "2027-02-28")
              and len(prophet_rows) == 6,
              "--calendar then --events: both sets of events, sorted together",
              describe(args, proc))
    # A Prophet event replaces a preset event of the same name.
    p3 = files.write("bf.csv", "holiday,ds\nblack_friday,2026-11-20\n")
    args = ["--calendar", "us-retail", "--events", p3,
            "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args)
    bf = [r for r in parse_rows(proc.stdout)[1] if r[1] == "black_friday"]
    tap.check(proc.returncode == 0 and bf == [["2026-11-20", "black_friday", "0", "0"]],
              "--events after --calendar replaces black_friday",
              describe(args, proc) + "\nblack_friday rows: %r" % bf)
    args = ["--events", p3, "--calendar", "us-retail",
            "--from", "2026-11-01", "--to", "2026-12-31"]
    proc = calendar(wfm, args)
    bf = [r for r in parse_rows(proc.stdout)[1] if r[1] == "black_friday"]
    tap.check(proc.returncode == 0
              and any(r[0] == "2026-11-27" and r[2] == "0" for r in bf)
              and ["2026-11-20", "black_friday", "0", "0"] not in bf,
              "--calendar after --events puts the preset's black_friday back",
              describe(args, proc) + "\nblack_friday rows: %r" % bf)
    # Two --events files.
    args = ["--events", p1, "--events", p2, "--from", "2027-01-01", "--to", "2027-01-31"]
    proc = calendar(wfm, args)
    tap.check(proc.returncode == 0 and proc.stdout == HEADER + "\n"
              "2027-01-01,new_year,0,0\n"
              + "".join(l + "\n" for l in PROPHET_ROWS.splitlines()[:3]),
              "two --events files", describe(args, proc))


# --- help and --list --------------------------------------------------------------

def group_help(tap, wfm, _lib, files):
    for args in (["calendar", "--help"], ["calendar", "-h"],
                 ["calendar", "--calendar", "us-retail", "--help"]):
        check_usage(tap, wfm, args, "Usage: wfm calendar")
    proc = run(wfm, ["calendar", "--help"])
    missing = [w for w in ("--calendar", "--events", "--from", "--to", "--list",
                           HEADER, "100 years", "Exit status")
               if w not in proc.stdout]
    tap.check(not missing, "wfm calendar --help documents the options and output",
              "missing: %r" % missing)
    check_listed(tap, wfm, "calendar")
    proc = calendar(wfm, ["--list"])
    names = proc.stdout.splitlines()
    tap.check(proc.returncode == 0 and proc.stderr == "" and names
              and all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", n) for n in names)
              and len(set(names)) == len(names),
              "--list: one preset name a line, no duplicates", describe(["--list"], proc))
    for want in ("us-retail", "uk-retail", "us-federal"):
        tap.check(want in names, "--list names %s" % want, repr(names))
    tap.check(proc.stdout == LIST_OUTPUT,
              "--list: the preset names exactly as before 1.3", repr(proc.stdout))
    for args in (["calendar", "--help"], ["calendar", "--list", "-h"]):
        proc = run(wfm, args)
        tap.check(proc.returncode == 0 and "--list [NAME]" in proc.stdout
                  and "--list NAME" in proc.stdout and "wfm-calendar 1" in proc.stdout,
                  "wfm %s documents --list NAME" % " ".join(args), describe(args, proc))

    # --list NAME: the preset as a calendar file, one line per event.
    for name in LIST_OUTPUT.split():
        args = ["--list", name]
        proc = calendar(wfm, args)
        lines = proc.stdout.split("\n")
        events = [re.fullmatch(r"([a-z][a-z0-9_]*) = (\S.*)", l) for l in lines[1:-1]]
        tap.check(proc.returncode == 0 and proc.stderr == ""
                  and lines[0] == "wfm-calendar 1" and lines[-1] == ""
                  and len(events) >= 10 and all(events)
                  and len({m.group(1) for m in events}) == len(events),
                  "--list %s: the version line, then one EVENT = RULE line per event"
                  % name, describe(args, proc))
        same = calendar(wfm, ["--list=" + name])
        tap.check(same.returncode == 0 and same.stdout == proc.stdout,
                  "--list=%s = --list %s" % (name, name), describe(["--list=" + name], same))
        # Read back as a calendar file: the preset's own rows.
        saved = files.write(name + ".cal", proc.stdout)
        rng = ["--from", "1990-01-01", "--to", "2060-12-31"]
        back = calendar(wfm, ["--calendar", saved] + rng)
        orig = calendar(wfm, ["--calendar", name] + rng)
        tap.check(back.returncode == 0 and orig.returncode == 0
                  and back.stdout == orig.stdout and orig.stdout.count("\n") > 100,
                  "--list %s saved and read back: the preset's rows 1990-2060" % name,
                  describe(["--calendar", saved] + rng, back, 500))
        if name in RETAIL_NEW_RULES:
            rules = RETAIL_NEW_RULES[name]
            tail = lines[-1 - len(rules):-1]
            want = ["%s = %s" % rule for rule in rules]
            tap.check(tail == want,
                      "--list %s: the shopping days and seasons last, with their "
                      "documented rules" % name, "got %r\nwant %r" % (tail, want))
            older = [m.group(1) for m in events[:-len(rules)]]
            for kept in ("thanksgiving", "black_friday", "cyber_monday", "christmas"):
                tap.check(kept in older, "--list %s: %s still there, before them"
                          % (name, kept), repr(older))


# --- bad input ------------------------------------------------------------------------

RANGE = ["--from", "2026-01-01", "--to", "2026-12-31"]
US = ["--calendar", "us-retail"]


def check_one_line_error(tap, wfm, args, mentions, want_rc, cwd=None):
    """The check's name gives the arguments in full."""
    return calendar.check_one_line_error(tap, wfm, args, mentions, want_rc, cwd=cwd,
                                         name="wfm calendar %r" % " ".join(args))


def group_errors(tap, wfm, _lib, files):
    usage = [
        ([], "--calendar"),
        (RANGE, "--calendar"),
        (US + ["--to", "2026-12-31"], "--from"),
        (US + ["--from", "2026-01-01"], "--to"),
        (US + ["--from", "2026-02-30", "--to", "2026-12-31"], ["--from", "2026-02-30"]),
        (US + ["--from", "2026-1-5", "--to", "2026-12-31"], ["--from", "2026-1-5"]),
        (US + ["--from", "tomorrow", "--to", "2026-12-31"], ["--from", "tomorrow"]),
        (US + ["--from=", "--to", "2026-12-31"], "--from"),
        (US + ["--from", " 2026-01-01", "--to", "2026-12-31"], "--from"),
        (US + ["--from", "2026-01-01x", "--to", "2026-12-31"], "--from"),
        (US + ["--from", "2026-01-01T00:00", "--to", "2026-12-31"], "--from"),
        (US + ["--from", "0000-01-01", "--to", "2026-12-31"], "--from"),
        (US + ["--from", "2026-01-01", "--to", "2026-13-01"], ["--to", "2026-13-01"]),
        (US + ["--from", "2023-02-29", "--to", "2023-12-31"], ["--from", "2023-02-29"]),
        (US + ["--from", "1900-02-29", "--to", "1900-12-31"], ["--from", "1900-02-29"]),
        (US + ["--from", "2026-12-01", "--to", "2026-11-01"],
         ["--from", "--to", "after"]),
        (US + ["--from", "1900-01-01", "--to", "2000-01-02"], "100 years"),
        (US + ["--from", "2000-01-01", "--to", "2100-12-31"], "100 years"),
        (["--calendar", "us-retial"] + RANGE, ["us-retial", "us-retail", "preset"]),
        (["--calendar", "no/such/file.cal"] + RANGE, ["no/such/file.cal", "us-retail"]),
        (["--calendar"] + RANGE, "--calendar"),
        (RANGE + ["--calendar"], "--calendar"),
        (["--calendar="] + RANGE, "--calendar"),
        (["--events"] + RANGE, "--events"),
        (["--events="] + RANGE, "--events"),
        (US + RANGE + ["--bogus"], "--bogus"),
        (US + RANGE + ["--bogus=1"], "--bogus"),
        (US + RANGE + ["extra"], "extra"),
        (US + RANGE + ["--from", "2026-02-01"], "--from"),
        (US + RANGE + ["--to", "2026-02-01"], "--to"),
        (["--list"] + US, "--list"),
        (["--list"] + RANGE, "--list"),
        (["--list=yes"], "--list"),
        (["--list", "narnia"], ["--list", "narnia", "is not a preset",
                                "(presets: %s)" % ", ".join(LIST_OUTPUT.split())]),
        (["--list=narnia"], ["--list", "narnia", "us-retail, uk-retail"]),
        (["--list", ""], ["--list", "is not a preset", "us-retail"]),
        (["--list="], ["--list", "is not a preset", "us-retail"]),
        (["--list", "US-Retail"], ["--list", "US-Retail", "us-retail"]),
        (["--list", "us-retail"] + US, "--list"),
        (["--list", "us-retail"] + RANGE, "--list"),
        (["--list", "us-retail", "extra"], "extra"),
        (["--list", "us-retail", "--list", "uk-retail"], "--list"),
        (["--list", "us-retail", "--list"], "--list"),
        (US + ["--from", "2026-01-01\n", "--to", "2026-12-31"], "--from"),
    ]
    for args, mention in usage:
        check_one_line_error(tap, wfm, args, mention, 2)
    proc = calendar(wfm, US + ["--from", "2026-02-30", "--to", "2026-12-31"])
    tap.check(proc.stderr.startswith("wfm calendar: --from: "),
              "date errors start with the option's name", proc.stderr)

    # Files: exit 1, the library's message with file:line:col.
    bad = files.write("bad.cal", "wfm-calendar 1\nok = 12-25\n"
                      "bad = 4th thurzday of november\n")
    check_one_line_error(tap, wfm, ["--calendar", bad] + RANGE,
                         [re.compile(r"bad\.cal:3:\d+:"), "thurzday"], 1)
    nover = files.write("noversion.cal", "x = 12-25\n")
    check_one_line_error(tap, wfm, ["--calendar", nover] + RANGE,
                         re.compile(r"noversion\.cal:1:\d+:"), 1)
    badopt = files.write("badopt.cal", "wfm-calendar 1\n\n\nx = 12-25 window=+1..-1\n")
    check_one_line_error(tap, wfm, ["--calendar", badopt] + RANGE,
                         re.compile(r"badopt\.cal:4:\d+:"), 1)
    unknown_preset = files.write("preset.cal", "wfm-calendar 1\npreset atlantis\n")
    check_one_line_error(tap, wfm, ["--calendar", unknown_preset] + RANGE,
                         "atlantis", 1)
    dangling = files.write("dangling.cal", "wfm-calendar 1\nx = nothere + 1\n")
    check_one_line_error(tap, wfm, ["--calendar", dangling] + RANGE, "nothere", 1)
    cycle = files.write("cycle.cal", "wfm-calendar 1\na = b + 1\nb = a + 1\n")
    check_one_line_error(tap, wfm, ["--calendar", cycle] + RANGE, "a", 1)
    check_one_line_error(tap, wfm, ["--calendar", files.dir] + RANGE,
                         os.path.basename(files.dir), 1)
    # A file name with a newline still gives one line.
    odd = files.write("odd\nname.cal", "wfm-calendar 1\nx = 13-45\n")
    check_one_line_error(tap, wfm, ["--calendar", odd] + RANGE, "name.cal", 1)
    # Prophet CSV errors.
    missing = os.path.join(files.dir, "missing.csv")
    check_one_line_error(tap, wfm, ["--events", missing] + RANGE, "missing.csv", 1)
    badcsv = files.write("bad.csv", "holiday,ds\nx,2026-01-01\ny,2026-02-30\n")
    check_one_line_error(tap, wfm, ["--events", badcsv] + RANGE,
                         re.compile(r"bad\.csv:3"), 1)
    nocol = files.write("nocol.csv", "name,date\nx,2026-01-01\n")
    check_one_line_error(tap, wfm, ["--events", nocol] + RANGE,
                         re.compile(r"nocol\.csv:1"), 1)
    # wfm names cannot hold a double quote (the calendar file format could
    # not write them back), even where RFC 4180 quoting can.
    quote = files.write("quote.csv", 'holiday,ds\n"say ""hi""",2026-01-01\n')
    check_one_line_error(tap, wfm, ["--events", quote] + RANGE,
                         re.compile(r"quote\.csv:2"), 1)
    windows = files.write("windows.csv", "holiday,ds,lower_window,upper_window\n"
                          "x,2026-01-01,-1,0\nx,2027-01-01,-2,0\n")
    check_one_line_error(tap, wfm, ["--events", windows] + RANGE, "windows.csv", 1)
    # The first bad source stops the run, even with good ones around it.
    check_one_line_error(tap, wfm, US + ["--calendar", bad, "--events", badcsv] + RANGE,
                         "bad.cal", 1)
    # The command line is checked before any file is read.
    check_one_line_error(tap, wfm, ["--calendar", bad, "--from", "2026-13-01",
                                    "--to", "2026-12-31"], "--from", 2)
    # A failed write is reported, not ignored.
    calendar.check_write_error(tap, wfm, US + RANGE)


# --- the rows are exactly wfm_calendar_expand()'s --------------------------------------

def group_library(tap, wfm, lib_path, files):
    lib = clitest.load_library(tap, lib_path, "rows = wfm_calendar_expand()")
    if lib is None:
        return
    import ctypes
    from ctypes import c_int32, c_size_t, c_void_p

    def library_csv(sources, first, last):
        cal = c_void_p()
        assert lib.wfm_calendar_new(ctypes.byref(cal)) == 0
        try:
            for kind, arg in sources:
                add = {"preset": lib.wfm_calendar_add_preset,
                       "file": lib.wfm_calendar_add_file,
                       "events": lib.wfm_calendar_add_prophet_file}[kind]
                assert add(cal, arg.encode()) == 0, (kind, arg)
            d0, d1, days = c_int32(), c_int32(), c_void_p()
            assert lib.wfm_date_parse(first.encode(), ctypes.byref(d0)) == 0
            assert lib.wfm_date_parse(last.encode(), ctypes.byref(d1)) == 0
            assert lib.wfm_calendar_expand(cal, d0, d1, ctypes.byref(days)) == 0
            out = io.StringIO()
            out.write(HEADER + "\n")
            buf = ctypes.create_string_buffer(11)
            date, event, offset, closed = c_int32(), c_int32(), c_int32(), c_int32()
            for i in range(lib.wfm_calendar_days_count(days)):
                assert lib.wfm_calendar_days_row(
                    days, i, ctypes.byref(date), ctypes.byref(event),
                    ctypes.byref(offset), ctypes.byref(closed)) == 0
                assert lib.wfm_date_format(date, buf, 11) == 0
                name = lib.wfm_calendar_days_event_name(days, event).decode()
                out.write("%s,%s,%d,%d\n" % (buf.value.decode(), csv_field(name),
                                              offset.value, closed.value))
            lib.wfm_calendar_days_free(days)
            return out.getvalue()
        finally:
            lib.wfm_calendar_free(cal)

    def library_write(preset):
        cal = c_void_p()
        assert lib.wfm_calendar_new(ctypes.byref(cal)) == 0
        try:
            assert lib.wfm_calendar_add_preset(cal, preset.encode()) == 0
            length = c_size_t()
            assert lib.wfm_calendar_write(cal, None, 0, ctypes.byref(length)) != 0
            buf = ctypes.create_string_buffer(length.value + 1)
            assert lib.wfm_calendar_write(cal, buf, length.value + 1,
                                          ctypes.byref(length)) == 0
            return buf.value.decode()
        finally:
            lib.wfm_calendar_free(cal)

    for name in presets(wfm):
        proc = calendar(wfm, ["--list", name])
        want = library_write(name)
        tap.check(proc.returncode == 0 and proc.stdout == want,
                  "--list %s = wfm_calendar_write() of the preset" % name,
                  describe(["--list", name], proc) + "\nwanted:\n" + want)

    own = files.write("own.cal", OWN_CALENDAR)
    p1 = files.write("holidays.csv", PROPHET_CSV)
    cases = [([("preset", n)], n, "2026-01-01", "2027-12-31") for n in presets(wfm)]
    cases.append(([("preset", "us-retail"), ("file", own), ("events", p1)],
                  "us-retail + own.cal + holidays.csv", "2026-01-01", "2027-12-31"))
    cases.append(([("file", own)], "own.cal over 100 years", "1990-01-01", "2090-01-01"))
    for sources, label, first, last in cases:
        args = []
        for kind, arg in sources:
            args += ["--events" if kind == "events" else "--calendar", arg]
        args += ["--from", first, "--to", last]
        proc = calendar(wfm, args)
        try:
            want = library_csv(sources, first, last)
        except AssertionError as e:
            tap.check(False, "%s: the library expands it" % label, repr(e))
            continue
        tap.check(proc.returncode == 0 and proc.stdout == want,
                  "%s %s..%s: CLI rows = wfm_calendar_expand() rows"
                  % (label, first, last), describe(args, proc, 500))


GROUPS = {
    "contract": group_contract,
    "file": group_file,
    "prophet": group_prophet,
    "help": group_help,
    "errors": group_errors,
    "library": group_library,
}


if __name__ == "__main__":
    sys.exit(clitest.main(sys.argv, GROUPS, ["WFM", "LIBWFM"], files="wfm-cli-calendar-"))
