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
`library` group checks that the rows are exactly those of
wfm_calendar_expand(), read through ctypes from LIBWFM.
"""
import csv
import io
import os
import re
import shutil
import sys
import tempfile

from clitest import Tap, describe, run

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



def calendar(wfm, args, **kw):
    return run(wfm, ["calendar"] + list(args), **kw)


def csv_field(text):
    """An event name as the contract prints it: quoted per RFC 4180 when it
    has a comma, a double quote or a line break, or starts or ends with a
    blank."""
    if re.search(r'[,"\r\n]', text) or text != text.strip(" \t"):
        return '"' + text.replace('"', '""') + '"'
    return text


def parse_rows(text):
    """[(date, event, offset, closed)] of a CSV output after its header."""
    rows = list(csv.reader(io.StringIO(text)))
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


class Files:
    """Test input files in a temporary directory."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wfm-cli-calendar-")

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


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

def group_help(tap, wfm, _lib, _files):
    for args in (["calendar", "--help"], ["calendar", "-h"],
                 ["calendar", "--calendar", "us-retail", "--help"]):
        proc = run(wfm, args)
        tap.check(proc.returncode == 0 and proc.stderr == ""
                  and proc.stdout.startswith("Usage: wfm calendar"),
                  "wfm %s: usage on stdout, exit 0" % " ".join(args),
                  describe(args, proc))
    proc = run(wfm, ["calendar", "--help"])
    missing = [w for w in ("--calendar", "--events", "--from", "--to", "--list",
                           HEADER, "100 years", "Exit status")
               if w not in proc.stdout]
    tap.check(not missing, "wfm calendar --help documents the options and output",
              "missing: %r" % missing)
    proc = run(wfm, ["--help"])
    tap.check(re.search(r"^  calendar ", proc.stdout, re.M) is not None,
              "wfm --help lists the calendar command", proc.stdout)
    proc = calendar(wfm, ["--list"])
    names = proc.stdout.splitlines()
    tap.check(proc.returncode == 0 and proc.stderr == "" and names
              and all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", n) for n in names)
              and len(set(names)) == len(names),
              "--list: one preset name a line, no duplicates", describe(["--list"], proc))
    for want in ("us-retail", "uk-retail", "us-federal"):
        tap.check(want in names, "--list names %s" % want, repr(names))


# --- bad input ------------------------------------------------------------------------

RANGE = ["--from", "2026-01-01", "--to", "2026-12-31"]
US = ["--calendar", "us-retail"]


def check_one_line_error(tap, wfm, args, mentions, want_rc, cwd=None):
    proc = calendar(wfm, args, cwd=cwd)
    lines = proc.stderr.split("\n")
    if not isinstance(mentions, list):
        mentions = [mentions]
    ok = (proc.returncode == want_rc and proc.stdout == ""
          and len(lines) == 2 and lines[1] == ""
          and lines[0].startswith("wfm calendar: ")
          and all((m.search(lines[0]) if hasattr(m, "search") else m in lines[0])
                  for m in mentions))
    tap.check(ok, "wfm calendar %r: exit %d, one stderr line naming %r"
              % (" ".join(args), want_rc,
                 [getattr(m, "pattern", m) for m in mentions]),
              describe(args, proc))
    return proc


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
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            proc = calendar(wfm, US + RANGE, stdout=full)
        tap.check(proc.returncode == 1 and proc.stderr.count("\n") == 1,
                  "write error on stdout: exit 1, one stderr line",
                  "exit %d, stderr %r" % (proc.returncode, proc.stderr))


# --- the rows are exactly wfm_calendar_expand()'s --------------------------------------

def group_library(tap, wfm, lib_path, files):
    try:
        import ctypes
        from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_void_p
        lib = ctypes.CDLL(lib_path)
    except (ImportError, OSError) as e:
        tap.skip("rows = wfm_calendar_expand()", "cannot load %s: %s" % (lib_path, e))
        return
    P_INT32 = POINTER(c_int32)
    for name, res, args in (
            ("wfm_calendar_new", c_int32, [POINTER(c_void_p)]),
            ("wfm_calendar_free", None, [c_void_p]),
            ("wfm_calendar_add_preset", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_add_file", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_add_prophet_file", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_expand", c_int32, [c_void_p, c_int32, c_int32,
                                              POINTER(c_void_p)]),
            ("wfm_calendar_days_free", None, [c_void_p]),
            ("wfm_calendar_days_count", c_size_t, [c_void_p]),
            ("wfm_calendar_days_row", c_int32, [c_void_p, c_size_t, P_INT32,
                                                P_INT32, P_INT32, P_INT32]),
            ("wfm_calendar_days_event_name", c_char_p, [c_void_p, c_int32]),
            ("wfm_date_parse", c_int32, [c_char_p, P_INT32]),
            ("wfm_date_format", c_int32, [c_int32, c_char_p, c_size_t])):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args

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


def main(argv):
    if len(argv) != 4 or argv[3] not in GROUPS:
        sys.stderr.write("usage: test-cli-calendar.py WFM LIBWFM {%s}\n"
                         % ",".join(GROUPS))
        return 2
    tap = Tap()
    files = Files()
    try:
        GROUPS[argv[3]](tap, os.path.abspath(argv[1]), os.path.abspath(argv[2]),
                        files)
    finally:
        files.cleanup()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
