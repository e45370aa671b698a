# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the `wfm forecast` command-line contract (harnesses rely on it).

Usage: test-cli-forecast.py WFM LIBWFM DATADIR GROUP   (GROUP: see GROUPS)
Prints TAP. Standard library only; run with /usr/bin/python3.

The contract:
  wfm forecast --history FILE --start YYYY-MM-DD --days N [--events FILE]
               [--calendar NAME|FILE] [--quantiles LO,HI] [--out FILE]
prints CSV with the header `date,forecast,lower,upper` (daily history) or
`datetime,forecast,lower,upper` (intraday, `YYYY-MM-DD HH:MM` at the
history's interval), one row per forecast day, or per interval of every
forecast day (closed intervals as 0). Only history strictly before --start
is used. Bad input: one line on stderr, nothing on stdout, exit 2 (command
line) or 1 (files, or a request the history cannot answer).

DATADIR is tests/data/volume (NYC EMS daily + its Prophet holidays, the NA
bank's 30-minute calls); other inputs are written to a temporary directory.
The `library` group checks the rows against wfm_forecast_run() read through
ctypes from LIBWFM.
"""
import csv
import datetime
import os
import random
import re
import sys

import clitest
from clitest import check_fits_80, check_listed, check_usage, csv_rows, day, describe, run

DAILY_HEADER = "date,forecast,lower,upper"
INTRADAY_HEADER = "datetime,forecast,lower,upper"
NUMBER_RE = re.compile(r"^(0|[1-9]\d*)\.\d{3}$")   # %.3f, never negative
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


forecast = clitest.Command("forecast", timeout=120)
check_ok = forecast.check_ok
check_one_line_error = forecast.check_one_line_error


def synthetic_daily(first, days, seed=7):
    """A daily CSV: weekly pattern, slow trend, small noise (deterministic)."""
    rng = random.Random(seed)
    weekly = [1.2, 1.1, 1.0, 1.0, 0.95, 0.6, 0.5]
    lines = ["date,volume,note"]
    for k in range(days):
        d = day(first) + datetime.timedelta(days=k)
        v = 1000.0 * (1 + 0.0002 * k) * weekly[d.weekday()] * (1 + rng.uniform(-0.03, 0.03))
        lines.append("%s,%d,x" % (d.isoformat(), round(v)))
    return "\n".join(lines) + "\n"


def synthetic_intraday(first, days, with_aht=False, seed=11):
    """30-minute rows 08:00-19:30 (other intervals closed), Sundays absent."""
    rng = random.Random(seed)
    lines = ["datetime,volume" + (",aht" if with_aht else "")]
    for k in range(days):
        d = day(first) + datetime.timedelta(days=k)
        if d.weekday() == 6:
            continue
        for j in range(16, 40):
            v = rng.randint(5, 40) if d.weekday() < 5 else rng.randint(2, 15)
            row = "%s %02d:%02d,%d" % (d.isoformat(), j // 2, 30 * (j % 2), v)
            if with_aht:
                row += ",%d" % rng.randint(150, 320)
            lines.append(row)
    return "\n".join(lines) + "\n"


def parse(text):
    """(header line, [[key, forecast, lower, upper, ...]])."""
    rows = csv_rows(text)
    if not rows:
        return None, []
    return ",".join(rows[0]), rows[1:]


def invariants(text, header, start, days, step_minutes=None):
    """A list of what is wrong with a forecast output."""
    problems = []
    if not text.endswith("\n"):
        problems.append("output does not end with a newline")
    if "\r" in text:
        problems.append("carriage return in the output")
    head, rows = parse(text)
    if head != header:
        problems.append("header %r, wanted %r" % (head, header))
    per_day = 1 if step_minutes is None else 1440 // step_minutes
    if len(rows) != days * per_day:
        problems.append("%d rows, wanted %d" % (len(rows), days * per_day))
    first = datetime.datetime.combine(day(start), datetime.time())
    for i, row in enumerate(rows):
        if len(row) != 4:
            problems.append("row %d: %d fields: %r" % (i + 1, len(row), row))
            continue
        if step_minutes is None:
            want = (first + datetime.timedelta(days=i)).strftime("%Y-%m-%d")
        else:
            want = (first + datetime.timedelta(minutes=step_minutes * i)).strftime(
                "%Y-%m-%d %H:%M")
        if row[0] != want:
            problems.append("row %d: key %r, wanted %r" % (i + 1, row[0], want))
        if not all(NUMBER_RE.match(x) for x in row[1:]):
            problems.append("row %d: not %%.3f non-negative numbers: %r" % (i + 1, row))
            continue
        f, lo, hi = (float(x) for x in row[1:])
        if not lo <= f <= hi:
            problems.append("row %d: not lower <= forecast <= upper: %r" % (i + 1, row))
        if len(problems) > 10:
            break
    return problems


# --- the contract ---------------------------------------------------------------

def group_contract(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    bank = os.path.join(data, "na_bank_2003_30min.csv")

    # Daily: the NYC series with its holidays, the PEERS.md window.
    args = ["--history", nyc, "--events", hol, "--start", "2017-11-01", "--days", "61"]
    daily = check_ok(tap, wfm, args, "NYC daily 61 days")
    tap.check(daily.stdout.split("\n", 1)[0] == DAILY_HEADER,
              "daily header is exactly %r" % DAILY_HEADER, daily.stdout[:200])
    problems = invariants(daily.stdout, DAILY_HEADER, "2017-11-01", 61)
    tap.check(not problems, "daily: 61 rows, consecutive dates from --start, %.3f "
              "numbers >= 0, lower <= forecast <= upper", "\n".join(problems))
    values = [float(r[1]) for r in parse(daily.stdout)[1]]
    tap.check(values and 2000 < min(values) and max(values) < 6000,
              "daily NYC forecasts are plausible (2000..6000 calls a day)", repr(values[:10]))
    again = forecast(wfm, args)
    tap.check(again.stdout == daily.stdout, "the same command gives the same bytes",
              describe(args, again))

    # --out writes the same bytes as stdout, and nothing goes to stdout.
    out = files.path("out.csv")
    proc = forecast(wfm, args + ["--out", out])
    written = open(out, encoding="utf-8").read() if os.path.exists(out) else None
    tap.check(proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
              and written == daily.stdout,
              "--out FILE: the same bytes as stdout, stdout empty", describe(args, proc))
    # --name=value, and options in any order.
    args2 = ["--days=61", "--start=2017-11-01", "--events=" + hol, "--history=" + nyc]
    proc = forecast(wfm, args2)
    tap.check(proc.returncode == 0 and proc.stdout == daily.stdout,
              "--name=value in another order: the same output", describe(args2, proc))

    # Intraday: the NA bank's 30-minute calls, two weeks.
    args = ["--history", bank, "--start", "2003-08-04", "--days", "14"]
    intra = check_ok(tap, wfm, args, "NA bank 30-minute 14 days")
    problems = invariants(intra.stdout, INTRADAY_HEADER, "2003-08-04", 14, 30)
    tap.check(not problems, "intraday: header %r, 14 x 48 rows stepping 30 minutes "
              "from 00:00, lower <= forecast <= upper" % INTRADAY_HEADER,
              "\n".join(problems))
    rows = parse(intra.stdout)[1]
    night = [r for r in rows if r[0].endswith(" 03:00")]
    tap.check(len(night) == 14 and all(r[1:] == ["0.000"] * 3 for r in night),
              "intraday: closed intervals (03:00) are rows of 0", repr(night[:3]))
    weekend = [r for r in rows if day(r[0][:10]).weekday() >= 5]
    tap.check(len(weekend) == 4 * 48, "intraday: days absent from the history "
              "(weekends) are rows too", "%d weekend rows" % len(weekend))

    # Only history strictly before --start is used: cutting the file there
    # gives the same bytes (daily and intraday).
    for name, path, start, days, cut_key in (
            ("daily", nyc, "2016-11-01", 30, "2016-11-01"),
            ("intraday", bank, "2003-07-28", 7, "2003-07-28 00:00")):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines(True)
        kept = [lines[0]] + [l for l in lines[1:] if l.split(",", 1)[0] < cut_key]
        cut = files.write("cut-%s.csv" % name, "".join(kept))
        tap.check(len(kept) < len(lines), "%s: the cut file drops the rows from %s"
                  % (name, start), "%d of %d lines" % (len(kept), len(lines)))
        extra = ["--events", hol] if name == "daily" else []
        a = forecast(wfm, ["--history", path, "--start", start, "--days", str(days)] + extra)
        b = forecast(wfm, ["--history", cut, "--start", start, "--days", str(days)] + extra)
        tap.check(a.returncode == 0 and b.returncode == 0 and a.stdout == b.stdout
                  and a.stdout.count("\n") > days,
                  "%s: --start %s inside the history = the history cut at --start"
                  % (name, start), describe([path, start], a) + "\n" + describe([cut], b))

    # A later --start than the history's end: the gap is bridged.
    args = ["--history", nyc, "--start", "2018-02-01", "--days", "7"]
    proc = check_ok(tap, wfm, args, "--start a month after the history's end")
    tap.check(not invariants(proc.stdout, DAILY_HEADER, "2018-02-01", 7),
              "after the history's end: 7 rows from --start",
              "\n".join(invariants(proc.stdout, DAILY_HEADER, "2018-02-01", 7)))

    # Quantiles: 0.25,0.75 gives narrower bands than 0.05,0.95, same forecast.
    base = ["--history", nyc, "--events", hol, "--start", "2017-11-01", "--days", "30"]
    narrow = forecast(wfm, base + ["--quantiles", "0.25,0.75"])
    wide = forecast(wfm, base + ["--quantiles", "0.05,0.95"])
    default = forecast(wfm, base)
    default2 = forecast(wfm, base + ["--quantiles", "0.1,0.9"])
    rn, rw = parse(narrow.stdout)[1], parse(wide.stdout)[1]
    ok = (narrow.returncode == 0 and wide.returncode == 0 and len(rn) == len(rw) == 30)
    tap.check(ok and all(a[1] == b[1] for a, b in zip(rn, rw)),
              "--quantiles does not change the forecast column",
              describe(["narrow"], narrow) + "\n" + describe(["wide"], wide))
    width = lambda rows: [float(r[3]) - float(r[2]) for r in rows]
    tap.check(ok and all(n <= w + 1e-9 for n, w in zip(width(rn), width(rw)))
              and sum(width(rn)) < sum(width(rw)),
              "--quantiles 0.25,0.75 bands are narrower than 0.05,0.95",
              "narrow %r\nwide %r" % (width(rn)[:5], width(rw)[:5]))
    tap.check(default.stdout == default2.stdout and default.returncode == 0,
              "the default quantiles are 0.1,0.9", describe(base, default2))
    for q in ("0.5,0.6", "0.4,0.5", "0.01,0.99"):
        proc = forecast(wfm, base + ["--quantiles", q])
        tap.check(proc.returncode == 0 and not invariants(proc.stdout, DAILY_HEADER,
                                                          "2017-11-01", 30),
                  "--quantiles %s accepted" % q, describe(base + [q], proc))

    # A small synthetic history; a --days of 1 and of the maximum.
    syn = files.write("syn.csv", synthetic_daily("2024-01-01", 400))
    proc = check_ok(tap, wfm, ["--history", syn, "--start", "2025-02-04", "--days", "1"],
                    "--days 1")
    tap.check(not invariants(proc.stdout, DAILY_HEADER, "2025-02-04", 1),
              "--days 1: one row", proc.stdout)
    proc = forecast(wfm, ["--history", syn, "--start", "2025-02-04", "--days", "3660"])
    tap.check(proc.returncode == 0 and proc.stdout.count("\n") == 3661,
              "--days 3660 (the maximum): 3660 rows", describe(["--days 3660"], proc, 300))


# --- calendars -------------------------------------------------------------------

def group_calendar(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    syn = files.write("syn.csv", synthetic_daily("2024-01-01", 400))
    intra = files.write("intra.csv", synthetic_intraday("2025-01-06", 70))

    # A closed day forecasts 0 (and its bounds), the other days do not.
    cal = files.write("closed.cal", "wfm-calendar 1\nshutdown = 2025-02-06 closed\n")
    args = ["--history", syn, "--start", "2025-02-04", "--days", "7", "--calendar", cal]
    proc = check_ok(tap, wfm, args, "calendar file with a closed day")
    rows = {r[0]: r[1:] for r in parse(proc.stdout)[1]}
    tap.check(rows.get("2025-02-06") == ["0.000", "0.000", "0.000"],
              "the closed day forecasts 0,0,0", proc.stdout)
    tap.check(all(float(v[0]) > 0 for k, v in rows.items() if k != "2025-02-06")
              and len(rows) == 7, "the other days are not 0", proc.stdout)
    # The same intraday: all 48 intervals of the closed day are 0.
    cal2 = files.write("closed2.cal", "wfm-calendar 1\nshutdown = 2025-03-19 closed\n")
    args = ["--history", intra, "--start", "2025-03-17", "--days", "7", "--calendar", cal2]
    proc = check_ok(tap, wfm, args, "intraday with a closed day")
    rows = parse(proc.stdout)[1]
    closed = [r for r in rows if r[0].startswith("2025-03-19 ")]
    open_day = [r for r in rows if r[0].startswith("2025-03-18 ")]
    tap.check(len(closed) == 48 and all(r[1:] == ["0.000"] * 3 for r in closed),
              "intraday: every interval of the closed day is 0", repr(closed[:3]))
    tap.check(sum(float(r[1]) for r in open_day) > 0, "intraday: the day before is open",
              repr(open_day[16:20]))

    # Prophet holidays: accepted, and they change the holiday forecasts.
    base = ["--history", nyc, "--start", "2017-11-01", "--days", "61", "--method",
            "regression"]
    with_events = check_ok(tap, wfm, base + ["--events", hol], "--events Prophet CSV")
    without = forecast(wfm, base)
    a = {r[0]: float(r[1]) for r in parse(with_events.stdout)[1]}
    b = {r[0]: float(r[1]) for r in parse(without.stdout)[1]}
    tap.check(a and b and a["2017-11-23"] != b["2017-11-23"],
              "--events changes Thanksgiving's forecast",
              "with %r, without %r" % (a.get("2017-11-23"), b.get("2017-11-23")))
    # The same events written as a calendar file give the same forecast.
    cal_text = ["wfm-calendar 1"]
    by_name = {}
    with open(hol, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_name.setdefault(row["holiday"], []).append(row["ds"])
    for name, dates in by_name.items():
        cal_text.append("%s = dates %s" % (name, ", ".join(dates)))
    same = files.write("nyc.cal", "\n".join(cal_text) + "\n")
    proc = forecast(wfm, base + ["--calendar", same])
    tap.check(proc.returncode == 0 and proc.stdout == with_events.stdout,
              "a calendar file with the Prophet CSV's dates = --events",
              describe(base + ["--calendar", same], proc, 400))

    # Presets, several sources, sources together.
    for extra in (["--calendar", "us-retail"], ["--calendar", "us-federal"],
                  ["--calendar", "us-retail", "--events", hol],
                  ["--events", hol, "--calendar", cal],
                  ["--calendar", "us-federal", "--calendar", "us-retail"]):
        args = ["--history", syn, "--start", "2025-02-04", "--days", "14"] + extra
        proc = forecast(wfm, args)
        tap.check(proc.returncode == 0 and proc.stderr == ""
                  and not invariants(proc.stdout, DAILY_HEADER, "2025-02-04", 14),
                  "calendar %s accepted" % " ".join(os.path.basename(x) for x in extra),
                  describe(args, proc))

    # An unknown preset is a command-line error naming the presets.
    args = ["--history", syn, "--start", "2025-02-04", "--days", "7", "--calendar",
            "us-retial"]
    check_one_line_error(tap, wfm, args, ["us-retial", "us-retail", "preset"], 2)
    bad = files.write("bad.cal", "wfm-calendar 1\nok = 12-25\nbad = 5th thurzday\n")
    check_one_line_error(tap, wfm, args[:-1] + [bad], [re.compile(r"bad\.cal:3")], 1)
    badcsv = files.write("bad-events.csv", "holiday,ds\nx,2026-01-01\ny,2026-02-30\n")
    check_one_line_error(tap, wfm, args[:-2] + ["--events", badcsv],
                         [re.compile(r"bad-events\.csv:3")], 1)
    check_one_line_error(tap, wfm, args[:-2] + ["--events", files.path("none.csv")],
                         "none.csv", 1)


# --- what-ifs and the other options ------------------------------------------------

def group_options(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    base = ["--history", nyc, "--events", hol, "--start", "2017-11-01", "--days", "61"]
    plain = forecast(wfm, base)

    # --verbose: the method on stderr as one line, stdout unchanged.
    proc = forecast(wfm, base + ["--verbose"])
    tap.check(proc.returncode == 0 and proc.stdout == plain.stdout
              and re.fullmatch(r"wfm forecast: method (regression|recent-weeks) \(auto\)"
                               r"[^\n]*\n", proc.stderr) is not None,
              "--verbose: one stderr line naming the method, same stdout",
              describe(base + ["--verbose"], proc, 200))
    tap.check(plain.stderr == "", "without --verbose stderr is empty", plain.stderr)

    # --method.
    for method in ("auto", "regression", "recent-weeks"):
        proc = forecast(wfm, base + ["--method", method, "--verbose"])
        ok = proc.returncode == 0 and not invariants(proc.stdout, DAILY_HEADER,
                                                     "2017-11-01", 61)
        if method != "auto":
            ok = ok and proc.stderr.startswith("wfm forecast: method %s;" % method)
        tap.check(ok, "--method %s" % method, describe([method], proc, 200))
    reg = forecast(wfm, base + ["--method", "regression"])
    rec = forecast(wfm, base + ["--method", "recent-weeks"])
    tap.check(reg.stdout != rec.stdout, "the two methods give different forecasts",
              reg.stdout[:200])

    # --training-days: fewer days fitted, a different forecast.
    proc = forecast(wfm, base + ["--training-days", "120", "--verbose"])
    tap.check(proc.returncode == 0 and proc.stdout != plain.stdout
              and "history used 2017-07-04 .. 2017-10-31" in proc.stderr,
              "--training-days 120: fits 2017-07-04 .. 2017-10-31",
              describe(["--training-days", "120"], proc, 200))
    proc = forecast(wfm, base + ["--training-days", "0"])
    tap.check(proc.returncode == 0 and proc.stdout == plain.stdout,
              "--training-days 0 = all the history", describe(["0"], proc, 200))

    # --uplift: on Thanksgiving only, the forecast (learned effect included)
    # times 1 + FRACTION; the other days unchanged; 0 changes nothing.
    up0 = forecast(wfm, base + ["--uplift", "thanksgiving:0..0:0"])
    up1 = forecast(wfm, base + ["--uplift", "thanksgiving:0:1"])
    a = {r[0]: r[1:] for r in parse(up0.stdout)[1]}
    b = {r[0]: r[1:] for r in parse(up1.stdout)[1]}
    p = {r[0]: r[1:] for r in parse(plain.stdout)[1]}
    ok = up0.returncode == 0 and up1.returncode == 0 and len(a) == len(b) == 61
    tap.check(ok and all(a[k] == p[k] == b[k] for k in p if k != "2017-11-23"),
              "--uplift: days other than the event's are unchanged",
              describe(["up0"], up0, 300) + "\n" + describe(["up1"], up1, 300))
    tap.check(ok and a["2017-11-23"] == p["2017-11-23"],
              "--uplift thanksgiving:0..0:0 keeps the learned Thanksgiving forecast",
              "0: %r, plain: %r" % (a.get("2017-11-23"), p.get("2017-11-23")))
    ratio = float(b["2017-11-23"][0]) / float(p["2017-11-23"][0]) if ok else 0
    tap.check(ok and abs(ratio - 2.0) < 1e-4,
              "--uplift thanksgiving:0:1 doubles the plain forecast (ratio %.6f)" % ratio,
              "1: %r, plain: %r" % (b.get("2017-11-23"), p.get("2017-11-23")))
    # Two uplifts, one over an event's window days (christmas -1..+1).
    cal = files.write("xmas.cal", "wfm-calendar 1\n"
                      "thanksgiving = 4th thursday of november\n"
                      "christmas = 12-25 window=-1..+1\n")
    base_cal = ["--history", nyc, "--calendar", cal, "--start", "2017-11-01", "--days", "61"]
    ref = forecast(wfm, base_cal)
    proc = forecast(wfm, base_cal + ["--uplift", "christmas:-1..1:0.5",
                                     "--uplift", "thanksgiving:0..0:1"])
    c = {r[0]: r[1:] for r in parse(proc.stdout)[1]}
    q = {r[0]: r[1:] for r in parse(ref.stdout)[1]}
    changed = {"2017-11-23", "2017-12-24", "2017-12-25", "2017-12-26"}
    tap.check(proc.returncode == 0 and ref.returncode == 0 and len(c) == len(q) == 61
              and all((c[k] != q[k]) == (k in changed) for k in q),
              "two --uplift options: both apply, on exactly their days",
              describe(["two uplifts"], proc, 300))
    check_one_line_error(tap, wfm, base + ["--uplift", "no_such_event:0..0:1"],
                         "no_such_event", 1)

    # --aht: an extra column when the history has handle time.
    aht_path = files.write("aht.csv", synthetic_intraday("2025-01-06", 70, with_aht=True))
    args = ["--history", aht_path, "--start", "2025-03-17", "--days", "2"]
    no_aht = check_ok(tap, wfm, args, "intraday history with an aht column")
    tap.check(no_aht.stdout.split("\n", 1)[0] == INTRADAY_HEADER,
              "an aht column in the history does not change the default header",
              no_aht.stdout[:100])
    proc = check_ok(tap, wfm, args + ["--aht"], "--aht")
    head, rows = parse(proc.stdout)
    ok = head == INTRADAY_HEADER + ",aht" and len(rows) == 96
    ok = ok and all(len(r) == 5 and (r[4] == "" or NUMBER_RE.match(r[4])) for r in rows)
    ahts = [float(r[4]) for r in rows if r[4] != "" and float(r[1]) > 0]
    tap.check(ok and ahts and all(100 < x < 400 for x in ahts),
              "--aht: header %s,aht; handle times within the history's range"
              % INTRADAY_HEADER, proc.stdout[:400])
    tap.check([r[:4] for r in rows] == parse(no_aht.stdout)[1],
              "--aht: the other columns are unchanged", "")
    check_one_line_error(tap, wfm, base + ["--aht"], ["--aht", "aht"], 1)


# --- help -------------------------------------------------------------------------------

def group_help(tap, wfm, _lib, _data, _files):
    for args in (["forecast", "--help"], ["forecast", "-h"],
                 ["forecast", "--days", "3", "--help"]):
        check_usage(tap, wfm, args, "Usage: wfm forecast")
    proc = run(wfm, ["forecast", "--help"])
    missing = [w for w in ("--history", "--start", "--days", "--events", "--calendar",
                           "--quantiles", "--out", "--method", "--training-days",
                           "--uplift", "--aht", "--verbose", DAILY_HEADER,
                           INTRADAY_HEADER, "three decimals", "Exit status")
               if w not in proc.stdout]
    tap.check(not missing, "wfm forecast --help documents options, output and numbers",
              "missing: %r" % missing)
    check_fits_80(tap, proc.stdout)
    check_listed(tap, wfm, "forecast")


# --- bad input ------------------------------------------------------------------------------

def group_errors(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    syn = files.write("syn.csv", synthetic_daily("2024-01-01", 400))
    H = ["--history", syn]
    S = ["--start", "2025-02-04"]
    N = ["--days", "7"]
    usage = [
        ([], "--history"),
        (S + N, "--history"),
        (H + N, "--start"),
        (H + S, "--days"),
        (H + ["--start", "2025-02-30"] + N, ["--start", "2025-02-30"]),
        (H + ["--start", "2025-2-4"] + N, ["--start", "2025-2-4"]),
        (H + ["--start", "tomorrow"] + N, ["--start", "tomorrow"]),
        (H + ["--start", "2025-02-04 00:00"] + N, "--start"),
        (H + ["--start="] + N, "--start"),
        (H + S + ["--days", "0"], ["--days", "\"0\""]),
        (H + S + ["--days", "-3"], "--days"),
        (H + S + ["--days", "3661"], ["--days", "3661"]),
        (H + S + ["--days", "1.5"], ["--days", "1.5"]),
        (H + S + ["--days", "seven"], ["--days", "seven"]),
        (H + S + ["--days", "1e9"], "--days"),
        (H + S + ["--days", "nan"], "--days"),
        (H + S + ["--days"], "--days"),
        (H + ["--start", "9999-12-30", "--days", "3"], ["--days", "9999-12-31"]),
        (H + S + N + ["--bogus"], "--bogus"),
        (H + S + N + ["--bogus=1"], "--bogus"),
        (H + S + N + ["extra"], "extra"),
        (H + S + N + ["--start", "2025-03-01"], "--start"),
        (H + S + N + ["--history", syn], "--history"),
        (H + S + N + ["--quantiles", "0.1;0.9"], ["--quantiles", "0.1;0.9"]),
        (H + S + N + ["--quantiles", "0.1,"], "--quantiles"),
        (H + S + N + ["--quantiles", ",0.9"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.1"], "--quantiles"),
        (H + S + N + ["--quantiles", "a,b"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.1,0.5,0.9"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.1, 0.9"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.9,0.1"], ["--quantiles", "0.9,0.1"]),
        (H + S + N + ["--quantiles", "0.5,0.5"], "--quantiles"),
        (H + S + N + ["--quantiles", "0,0.9"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.1,1"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.6,0.9"], "--quantiles"),
        (H + S + N + ["--quantiles", "0.1,0.4"], "--quantiles"),
        (H + S + N + ["--quantiles", "-0.1,0.9"], "--quantiles"),
        (H + S + N + ["--quantiles"], "--quantiles"),
        (H + S + N + ["--method", "arima"], ["--method", "arima"]),
        (H + S + N + ["--training-days", "-1"], "--training-days"),
        (H + S + N + ["--training-days", "2.5"], "--training-days"),
        (H + S + N + ["--uplift", "x:0..0:1"], ["--uplift", "--calendar"]),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday"], "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:0..0"],
         "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", ":0..0:1"], "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:2..1:1"],
         "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:0..400:1"],
         "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:a..b:1"],
         "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:0..0:-1"],
         "--uplift"),
        (H + S + N + ["--calendar", "us-retail", "--uplift", "black_friday:0..0:x"],
         "--uplift"),
        (H + S + N + ["--aht=1"], "--aht"),
        (H + S + N + ["--verbose=yes"], "--verbose"),
        (H + S + N + ["--calendar", "us-retial"], "us-retial"),
        (H + S + N + ["--calendar="], "--calendar"),
        (H + S + N + ["--events"], "--events"),
        (H + S + N + ["--out"], "--out"),
    ]
    for args, mention in usage:
        check_one_line_error(tap, wfm, args, mention, 2)
    # The command line is checked before any file is read.
    check_one_line_error(tap, wfm, ["--history", files.path("missing.csv"), "--start",
                                    "2025-13-01", "--days", "7"], "--start", 2)

    # Files and requests the history cannot answer: exit 1.
    check_one_line_error(tap, wfm, ["--history", files.path("missing.csv")] + S + N,
                         "missing.csv", 1)
    check_one_line_error(tap, wfm, ["--history", files.dir] + S + N,
                         os.path.basename(files.dir), 1)
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        locked = files.write("locked.csv", synthetic_daily("2024-01-01", 60))
        os.chmod(locked, 0)
        check_one_line_error(tap, wfm, ["--history", locked] + S + N, "locked.csv", 1)
    else:
        tap.skip("unreadable history file: exit 1", "root reads any file")
    text = synthetic_daily("2024-01-01", 60).splitlines()
    # (the line the message must name, 1 = the header; the edited text)
    bad_rows = {
        "badnum.csv": (4, lambda t: t[:3] + ["2024-01-03,lots,x"] + t[4:]),
        "negative.csv": (6, lambda t: t[:5] + ["2024-01-05,-4,x"] + t[6:]),
        "baddate.csv": (5, lambda t: t[:4] + ["2024-01-32,100,x"] + t[5:]),
        "unsorted.csv": (12, lambda t: t[:10] + [t[11], t[10]] + t[12:]),
        "duplicate.csv": (9, lambda t: t[:8] + [t[7]] + t[8:]),
    }
    for name, (line, edit) in sorted(bad_rows.items()):
        path = files.write(name, "\n".join(edit(list(text))) + "\n")
        check_one_line_error(tap, wfm, ["--history", path] + S + N,
                             re.compile(re.escape(name) + r":%d\b" % line), 1)
    nocol = files.write("novolume.csv", "date,calls\n2024-01-01,5\n")
    check_one_line_error(tap, wfm, ["--history", nocol] + S + N,
                         [re.compile(r"novolume\.csv:1"), "volume"], 1)
    nodate = files.write("nodate.csv", "day,volume\n2024-01-01,5\n")
    check_one_line_error(tap, wfm, ["--history", nodate] + S + N,
                         re.compile(r"nodate\.csv:1"), 1)
    empty = files.write("empty.csv", "date,volume\n")
    check_one_line_error(tap, wfm, ["--history", empty] + S + N, "empty.csv", 1)
    mixed = files.write("mixed.csv", "datetime,volume\n2024-01-01 08:00,5\n"
                        "2024-01-01 08:30,6\n2024-01-01 09:00,7\n2024-01-01 09:10,3\n")
    check_one_line_error(tap, wfm, ["--history", mixed] + S + N,
                         re.compile(r"mixed\.csv:\d"), 1)
    # A file name with a newline still gives one line.
    odd = files.write("odd\nname.csv", "date,volume\n2024-01-01,x\n")
    check_one_line_error(tap, wfm, ["--history", odd] + S + N, "name.csv", 1)

    # --start before (or on) the history's first day: nothing to fit.
    check_one_line_error(tap, wfm, H + ["--start", "2023-06-01"] + N,
                         ["--start", "2023-06-01", "2024-01-01"], 1)
    check_one_line_error(tap, wfm, H + ["--start", "2024-01-01"] + N, "--start", 1)
    # Too little history: 10 days; the regression with 30 days.
    check_one_line_error(tap, wfm, H + ["--start", "2024-01-11"] + N,
                         ["history", "14"], 1)
    check_one_line_error(tap, wfm, H + ["--start", "2024-01-31", "--days", "7",
                                        "--method", "regression"], ["history", "56"], 1)
    check_one_line_error(tap, wfm, ["--history", nyc, "--start", "2010-01-10"] + N,
                         "history", 1)
    # --out into a directory that does not exist: exit 1, no file, no stdout.
    target = os.path.join(files.dir, "no", "such", "out.csv")
    check_one_line_error(tap, wfm, H + S + N + ["--out", target], ["--out", "out.csv"], 1)
    # --out: a request that fails leaves an existing file alone.
    keep = files.write("keep.csv", "precious\n")
    check_one_line_error(tap, wfm, H + ["--start", "2023-06-01"] + N + ["--out", keep],
                         "--start", 1)
    tap.check(open(keep).read() == "precious\n", "a failed run does not touch --out FILE",
              open(keep).read())
    # A failed write is reported, not ignored.
    forecast.check_write_error(tap, wfm, H + S + N)
    if os.path.exists("/dev/full"):
        proc = forecast(wfm, H + S + N + ["--out", "/dev/full"])
        tap.check(proc.returncode == 1 and proc.stderr.count("\n") == 1
                  and "/dev/full" in proc.stderr and proc.stdout == "",
                  "write error on --out: exit 1, one stderr line naming it",
                  describe(["--out", "/dev/full"], proc))


# --- the rows are wfm_forecast_run()'s ----------------------------------------------------------

def group_library(tap, wfm, lib_path, data, files):
    lib = clitest.load_library(tap, lib_path, "rows = wfm_forecast_run()")
    if lib is None:
        return
    import ctypes
    from ctypes import c_double, c_int32, c_size_t

    def library_csv(history, events, start, days, quantiles=None):
        with clitest.forecast_inputs(lib, history, events, quantiles) as (f, h, cal):
            d = c_int32()
            assert lib.wfm_date_parse(start.encode(), ctypes.byref(d)) == 0
            st = lib.wfm_forecast_run(f, h, cal, d.value, days)
            assert st == 0, lib.wfm_forecast_errmsg(f)
            first, n_days, interval = c_int32(), c_int32(), c_int32()
            assert lib.wfm_forecast_span(f, ctypes.byref(first), ctypes.byref(n_days),
                                         ctypes.byref(interval)) == 0
            count = c_size_t()
            lib.wfm_forecast_copy(f, None, None, None, 0, ctypes.byref(count))
            n = count.value
            p, lo, hi = (c_double * n)(), (c_double * n)(), (c_double * n)()
            assert lib.wfm_forecast_copy(f, p, lo, hi, n, ctypes.byref(count)) == 0
        per_day = 1440 // interval.value
        t0 = datetime.datetime.combine(day(start), datetime.time())
        out = [DAILY_HEADER if per_day == 1 else INTRADAY_HEADER]
        fmt = lambda x: "0.000" if "%.3f" % x == "-0.000" else "%.3f" % x
        for i in range(n):
            t = t0 + datetime.timedelta(minutes=interval.value * i)
            key = t.strftime("%Y-%m-%d" if per_day == 1 else "%Y-%m-%d %H:%M")
            out.append("%s,%s,%s,%s" % (key, fmt(p[i]), fmt(lo[i]), fmt(hi[i])))
        return "\n".join(out) + "\n"

    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    bank = os.path.join(data, "na_bank_2003_30min.csv")
    for history, events, start, days, q in (
            (nyc, hol, "2017-11-01", 61, None),
            (nyc, None, "2016-12-01", 45, (0.25, 0.75)),
            (bank, None, "2003-08-18", 14, None)):
        args = ["--history", history, "--start", start, "--days", str(days)]
        if events:
            args += ["--events", events]
        if q:
            args += ["--quantiles", "%g,%g" % q]
        proc = forecast(wfm, args)
        want = library_csv(history, events, start, days, q)
        tap.check(proc.returncode == 0 and proc.stdout == want,
                  "%s from %s: the CLI rows are wfm_forecast_run()'s"
                  % (os.path.basename(history), start),
                  describe(args, proc, 500) + "\nwanted: %r" % want[:500])


GROUPS = {
    "contract": group_contract,
    "calendar": group_calendar,
    "options": group_options,
    "help": group_help,
    "errors": group_errors,
    "library": group_library,
}


if __name__ == "__main__":
    sys.exit(clitest.main(sys.argv, GROUPS, ["WFM", "LIBWFM", "DATADIR"],
                          files="wfm-cli-forecast-"))
