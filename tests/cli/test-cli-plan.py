# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the `wfm plan` command-line contract (scripts rely on it).

Usage: test-cli-plan.py WFM DATADIR GROUP   (GROUP: see GROUPS)
Prints TAP. Standard library only; run with /usr/bin/python3.

The contract:
  wfm plan --history FILE --start YYYY-MM-DD --days N [--events FILE]
           [--calendar NAME|FILE] --aht SECONDS|column --sl 0.8 --answer 20
           [--max-occupancy 0.85] [--shrinkage 0.3 | --shrinkage-file FILE]
           [--channel voice|chat|email ...] --out plan.csv [--summary]
           [--hire-lead-days N] [--today YYYY-MM-DD]
           [--chart plan.svg [--chart-actuals]]
writes CSV with the header below, one row per interval of every planned day
(NaN columns empty); --summary prints daily tables (with the contacts-
weighted SL and ASA and the agent-weighted occupancy), weekly tables
(partial weeks labelled, never stretched; start-by dates before --today
too late, with each such week's shortfall) and the peak week in words;
--chart writes an SVG (event labels never overlap; the history after
--start only with --chart-actuals, as its own line). Bad input: one line
on stderr, exit 2 (command line) or 1 (files, or a plan that cannot be
computed).

DATADIR is examples/data (the bundled NYC EMS hourly slice, its holidays and
the example shrinkage files). Every number checked here is recomputed
independently in this script: Erlang C by the textbook recursion, shrinkage
from the file's rows, hours, FTE, daily SL/ASA/occupancy and the hiring ramp
from the CSV's own columns, the chart's labels and lines from the SVG's
glyph outlines and paths.
"""
import csv
import datetime
import hashlib
import math
import os
import random
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

import clitest
from clitest import (NO_CHART, csv_rows, day, describe, limited, listing, one_line, run,
                     suppress_leaks)

HEADER = clitest.PLAN_HEADER
COLUMNS = HEADER.split(",")

plan = clitest.Command("plan", timeout=120, width=140)
check_ok = plan.check_ok
check_one_line_error = plan.check_one_line_error


def synthetic_intraday(first, days, with_aht=True, seed=3):
    """30-minute rows 07:00-20:30 (other intervals closed), every day."""
    rng = random.Random(seed)
    lines = ["datetime,volume" + (",aht" if with_aht else "")]
    for k in range(days):
        d = day(first) + datetime.timedelta(days=k)
        for j in range(14, 42):
            peak = 1.0 + 0.6 * math.exp(-((j - 22) / 5.0) ** 2)
            v = rng.randint(20, 40) * peak * (0.6 if d.weekday() >= 5 else 1.0)
            row = "%s %02d:%02d,%d" % (d.isoformat(), j // 2, 30 * (j % 2), round(v))
            if with_aht:
                row += ",%d" % rng.randint(200, 320)
            lines.append(row)
    return "\n".join(lines) + "\n"


def synthetic_daily(first, days):
    lines = ["date,volume"]
    for k in range(days):
        d = day(first) + datetime.timedelta(days=k)
        lines.append("%s,%d" % (d.isoformat(), 1000 + 10 * (k % 7)))
    return "\n".join(lines) + "\n"


def read_csv(path_or_text, is_text=False):
    text = path_or_text if is_text else open(path_or_text, encoding="utf-8").read()
    rows = csv_rows(text)
    return (",".join(rows[0]) if rows else None), [dict(zip(COLUMNS, r)) for r in rows[1:]], rows


def num(x):
    return float(x) if x != "" else float("nan")


# --- an independent Erlang C -----------------------------------------------------------

def erlang_c(a, n):
    """P(wait) for load a Erlangs and n > a agents: Erlang B by the
    recursion B(k) = a B(k-1) / (k + a B(k-1)), then C = n B / (n - a(1 - B))."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return n * b / (n - a * (1.0 - b))


def erlang_sl(a, n, aht, t):
    if a == 0:
        return 1.0
    if n <= a:
        return 0.0
    return 1.0 - erlang_c(a, n) * math.exp(-(n - a) * t / aht)


def erlang_required(a, aht, sl, t, occ):
    """Fewest agents with SL >= sl and a / n <= occ (0 = not set)."""
    if a == 0:
        return 0
    n = max(1, int(math.floor(a)) + 1)
    while True:
        if (sl == 0 or erlang_sl(a, n, aht, t) >= sl) and (occ == 0 or a / n <= occ):
            return n
        n += 1


def required_matches(n, a, aht, sl, t, occ, rel=2e-4):
    """The CLI printed the load's inputs to 3 decimals: accept n if it is
    the answer for the printed load, or for a load within the rounding."""
    if n == erlang_required(a, aht, sl, t, occ):
        return True
    return erlang_required(a * (1 - rel), aht, sl, t, occ) <= n <= \
        erlang_required(a * (1 + rel), aht, sl, t, occ)


# --- helpers ---------------------------------------------------------------------------

class Data:
    def __init__(self, data):
        self.hourly = os.path.join(data, "nyc_ems_hourly.csv")
        self.holidays = os.path.join(data, "holidays_us.csv")
        self.shrinkage = os.path.join(data, "shrinkage.csv")
        self.shrinkage_events = os.path.join(data, "shrinkage-events.csv")


def main_job(d, out, extra=()):
    """The README's main job (peak season 2017 on the bundled data)."""
    return ["--history", d.hourly, "--events", d.holidays, "--start", "2017-11-13",
            "--days", "49", "--aht", "150", "--sl", "0.9", "--answer", "10",
            "--shrinkage", "0.3", "--shrinkage-file", d.shrinkage,
            "--out", out] + list(extra)


def file_shrinkage(path, base):
    """date -> base + every date-range rate covering it (the file format)."""
    ranges = []
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    assert lines[0].startswith("first_date,last_date,shrinkage")
    for line in lines[1:]:
        a, b, rate = line.split(",")[:3]
        ranges.append((day(a), day(b), float(rate)))
    return lambda d: base + sum(r for a, b, r in ranges if a <= d <= b)


# --- groups ----------------------------------------------------------------------------

def group_contract(tap, wfm, data, files):
    d = Data(data)
    out = files.path("plan.csv")
    check_ok(tap, wfm, main_job(d, out), "main job")
    head, rows, raw = read_csv(out)
    tap.check(head == HEADER, "header is exactly the contract's", head)
    tap.check(len(rows) == 49 * 24, "49 days x 24 hourly intervals = 1176 rows",
              len(rows))
    t0 = datetime.datetime(2017, 11, 13)
    keys = [(t0 + datetime.timedelta(hours=i)).strftime("%Y-%m-%d %H:%M")
            for i in range(49 * 24)]
    tap.check([r["datetime"] for r in rows] == keys,
              "datetime runs hour by hour from 2017-11-13 00:00")
    tap.check(all(len(r) == 16 for r in raw[1:]), "every row has 16 fields")
    ints = all(re.match(r"^\d+$", r["required_agents"])
               and re.match(r"^\d+$", r["scheduled_agents"]) for r in rows)
    tap.check(ints, "agents are whole numbers")
    empty = all(r["abandon_rate"] == "" and r["backlog"] == "" for r in rows)
    tap.check(empty, "voice by Erlang C: abandon_rate and backlog empty (NaN)")
    ordered = all(num(r["lower"]) <= num(r["forecast"]) <= num(r["upper"]) for r in rows)
    tap.check(ordered, "lower <= forecast <= upper")

    # The forecast columns are `wfm forecast`'s, from the same history.
    proc = run(wfm, ["forecast", "--history", d.hourly, "--events", d.holidays,
                     "--start", "2017-11-13", "--days", "49"], timeout=120)
    fc = csv_rows(proc.stdout)[1:]
    same = len(fc) == len(rows) and all(
        f[0] == r["datetime"] and f[1] == r["forecast"] and f[2] == r["lower"]
        and f[3] == r["upper"] for f, r in zip(fc, rows))
    tap.check(proc.returncode == 0 and same,
              "forecast, lower, upper are wfm forecast's for the same history")

    # Without --out the CSV goes to stdout.
    args = main_job(d, out)
    i = args.index("--out")
    proc = check_ok(tap, wfm, args[:i] + args[i + 2:], "no --out")
    tap.check(proc.stdout == open(out, encoding="utf-8").read(),
              "without --out, stdout holds the same CSV")

    # --start inside the history: a backtest plan of 14 days.
    out2 = files.path("inside.csv")
    check_ok(tap, wfm, ["--history", d.hourly, "--start", "2016-06-06", "--days", "14",
                        "--aht", "120", "--sl", "0.8", "--answer", "20", "--out", out2],
             "--start inside the history")
    head, rows2, _ = read_csv(out2)
    tap.check(head == HEADER and len(rows2) == 14 * 24
              and rows2[0]["datetime"] == "2016-06-06 00:00"
              and rows2[-1]["datetime"] == "2016-06-19 23:00",
              "--start inside the history: 14 x 24 rows from 2016-06-06")

    # --aht column: the history's handle time, as wfm forecast --aht gives it.
    hist = files.write("aht.csv", synthetic_intraday("2024-01-01", 70))
    out3 = files.path("aht-plan.csv")
    check_ok(tap, wfm, ["--history", hist, "--start", "2024-03-11", "--days", "7",
                        "--aht", "column", "--sl", "0.8", "--answer", "20",
                        "--out", out3], "--aht column")
    proc = run(wfm, ["forecast", "--history", hist, "--start", "2024-03-11",
                     "--days", "7", "--aht"])
    fc = csv_rows(proc.stdout)[1:]
    head, rows3, _ = read_csv(out3)
    same = len(fc) == len(rows3) == 7 * 48 and all(
        f[4] == r["aht"] or (f[4] == "" and float(r["forecast"]) == 0)
        for f, r in zip(fc, rows3))
    tap.check(same, "--aht column: the aht column is wfm forecast --aht's",
              "%d vs %d rows" % (len(fc), len(rows3)))


def check_erlang_rows(tap, rows, sl, t, occ, interval_s, name, staffed="forecast"):
    bad = []
    for r in rows:
        v, aht, n = num(r[staffed]), num(r["aht"]), int(r["required_agents"])
        a = v * aht / interval_s if v > 0 else 0.0
        if abs(num(r["workload"]) - a) > 1e-3 * max(1.0, a):
            bad.append("%s: workload %s, want %.4f" % (r["datetime"], r["workload"], a))
        elif not required_matches(n, a, aht, sl, t, occ):
            bad.append("%s: %d agents for %.4f Erlangs, Erlang C says %d"
                       % (r["datetime"], n, a, erlang_required(a, aht, sl, t, occ)))
        elif a > 0 and abs(num(r["service_level"]) - erlang_sl(a, n, aht, t)) > 2e-4:
            bad.append("%s: SL %s, want %.6f" % (r["datetime"], r["service_level"],
                                                 erlang_sl(a, n, aht, t)))
        elif a > 0 and abs(num(r["occupancy"]) - a / n) > 2e-4:
            bad.append("%s: occupancy %s, want %.6f" % (r["datetime"], r["occupancy"], a / n))
        if len(bad) > 5:
            break
    tap.check(not bad, name, "\n".join(bad))


def group_values(tap, wfm, data, files):
    d = Data(data)
    out = files.path("plan.csv")
    check_ok(tap, wfm, main_job(d, out), "main job")
    _, rows, _ = read_csv(out)
    check_erlang_rows(tap, rows, 0.9, 10, 0.85, 3600,
                      "required agents = Erlang C (90 % in 10 s, occupancy <= 85 %) "
                      "from each row's forecast and aht")
    # ASA from the same formula: C * AHT / (n - A).
    bad = [r["datetime"] for r in rows
           if abs(num(r["asa"]) - erlang_c(num(r["workload"]), int(r["required_agents"]))
                  * 150 / (int(r["required_agents"]) - num(r["workload"]))) > 0.01]
    tap.check(not bad, "asa = C x AHT / (n - A)", bad[:5])

    # Shrinkage by date from the file's rows, on top of the base 0.3.
    shrink = file_shrinkage(d.shrinkage, 0.3)
    bad = []
    for r in rows:
        want = shrink(day(r["datetime"][:10]))
        n, s = int(r["required_agents"]), num(r["shrinkage"])
        if abs(s - want) > 1e-6:
            bad.append("%s: shrinkage %s, want %g" % (r["datetime"], r["shrinkage"], want))
        elif int(r["scheduled_agents"]) != math.ceil(n / (1 - want) - 1e-9):
            bad.append("%s: scheduled %s for %d required at %g"
                       % (r["datetime"], r["scheduled_agents"], n, want))
    tap.check(not bad, "shrinkage = 0.3 + the file's rates on each date; "
              "scheduled = ceil(required / (1 - shrinkage))", "\n".join(bad[:5]))
    tap.check(any(abs(num(r["shrinkage"]) - 0.38) < 1e-9 for r in rows)
              and any(abs(num(r["shrinkage"]) - 0.35) < 1e-9 for r in rows),
              "the file's Christmas leave (+0.08) and training days (+0.05) show")

    # Shrinkage around events; only the file: the base is 0.
    out2 = files.path("events.csv")
    args = main_job(d, out2)
    i = args.index("--shrinkage")
    args = args[:i] + args[i + 2:]
    args[args.index(d.shrinkage)] = d.shrinkage_events
    check_ok(tap, wfm, args, "event shrinkage file, no --shrinkage")
    _, rows2, _ = read_csv(out2)
    # christmas,-7,8,0.08 (Dec 18 ... Jan 2); thanksgiving,0,1,0.05 (Nov 23-24);
    # new_year,1,58,0.04 (Jan 2 ... Feb 28: 2017's touches nothing here).
    def want(dt):
        s = 0.0
        if datetime.date(2017, 12, 18) <= dt <= datetime.date(2018, 1, 2):
            s += 0.08
        if datetime.date(2017, 11, 23) <= dt <= datetime.date(2017, 11, 24):
            s += 0.05
        return s
    bad = [r["datetime"] for r in rows2
           if abs(num(r["shrinkage"]) - want(day(r["datetime"][:10]))) > 1e-9]
    tap.check(not bad, "event rows: rates on the days around each occurrence; "
              "base 0 with only --shrinkage-file", bad[:5])
    bad = [r["datetime"] for r in rows2 if int(r["scheduled_agents"]) !=
           math.ceil(int(r["required_agents"]) / (1 - num(r["shrinkage"])) - 1e-9)]
    tap.check(not bad, "event rows: scheduled = ceil(required / (1 - shrinkage))", bad[:5])

    # Default shrinkage 0.3 with neither option.
    out3 = files.path("default.csv")
    check_ok(tap, wfm, ["--history", d.hourly, "--start", "2017-12-04", "--days", "2",
                        "--aht", "180", "--sl", "0.8", "--answer", "20",
                        "--max-occupancy", "0.9", "--out", out3], "default shrinkage")
    _, rows3, _ = read_csv(out3)
    tap.check(all(r["shrinkage"] == "0.300000" for r in rows3),
              "no shrinkage option: 0.3 on every row")
    check_erlang_rows(tap, rows3, 0.8, 20, 0.9, 3600,
                      "80 % in 20 s, occupancy <= 90 %, AHT 180: Erlang C")

    # --staff-to upper: the workload and agents follow the upper bound.
    out4 = files.path("upper.csv")
    check_ok(tap, wfm, ["--history", d.hourly, "--start", "2017-12-04", "--days", "2",
                        "--aht", "180", "--sl", "0.8", "--answer", "20",
                        "--staff-to", "upper", "--out", out4], "--staff-to upper")
    _, rows4, _ = read_csv(out4)
    check_erlang_rows(tap, rows4, 0.8, 20, 0.85, 3600,
                      "--staff-to upper: Erlang C on the upper bound", staffed="upper")
    tap.check(all(abs(num(r["sl_at_upper"]) - num(r["service_level"])) < 1e-6
                  for r in rows4 if num(r["upper"]) > 0),
              "--staff-to upper: SL at the upper bound is the planned SL")

    # --max-asa only (no SL target): the fewest agents with ASA <= 15 s.
    out5 = files.path("asa.csv")
    check_ok(tap, wfm, ["--history", d.hourly, "--start", "2017-12-04", "--days", "1",
                        "--aht", "200", "--max-asa", "15", "--max-occupancy", "1",
                        "--out", out5], "--max-asa")
    _, rows5, _ = read_csv(out5)
    bad = []
    for r in rows5:
        a, n = num(r["workload"]), int(r["required_agents"])
        asa = lambda k: erlang_c(a, k) * 200 / (k - a) if k > a else float("inf")
        if a > 0 and not (asa(n) <= 15 * (1 + 1e-4) and asa(n - 1) > 15 * (1 - 1e-4)):
            bad.append("%s: %d agents, ASA %g at n, %g at n-1" % (r["datetime"], n,
                                                                  asa(n), asa(n - 1)))
    tap.check(not bad, "--max-asa 15: the fewest agents with ASA <= 15 s", bad[:5])


def group_channels(tap, wfm, data, files):
    d = Data(data)
    base = ["--history", d.hourly, "--start", "2017-12-04", "--days", "3"]
    voice = files.path("voice.csv")
    check_ok(tap, wfm, base + ["--aht", "150", "--sl", "0.8", "--answer", "30",
                               "--out", voice], "voice")
    # Chat with one chat per agent is Erlang C.
    chat1 = files.path("chat1.csv")
    check_ok(tap, wfm, base + ["--channel", "chat", "--chat-aht", "150", "--sl", "0.8",
                               "--answer", "30", "--out", chat1], "chat, 1 session")
    _, v, _ = read_csv(voice)
    _, c, _ = read_csv(chat1)
    tap.check(len(v) == len(c) and all(a["required_agents"] == b["required_agents"]
                                       for a, b in zip(v, c)),
              "chat with --chat-aht 150 (one chat at a time) staffs as Erlang C")
    chat3 = files.path("chat3.csv")
    check_ok(tap, wfm, base + ["--channel", "chat", "--chat-aht", "150,180,220",
                               "--sl", "0.8", "--answer", "30", "--out", chat3],
             "chat, 3 sessions")
    _, c3, _ = read_csv(chat3)
    tap.check(all(int(a["required_agents"]) <= int(b["required_agents"])
                  for a, b in zip(c3, c)) and
              sum(int(a["required_agents"]) for a in c3) < sum(int(b["required_agents"])
                                                              for b in c),
              "three chats at once need fewer agents than one")
    tap.check(all(r["aht"] == "150.000" for r in c3), "chat: aht column = one-chat time")

    # Voice by Erlang A.
    ea = files.path("erlang-a.csv")
    check_ok(tap, wfm, base + ["--aht", "150", "--sl", "0.8", "--answer", "30",
                               "--patience", "120", "--max-abandon", "0.05",
                               "--out", ea], "voice, Erlang A")
    _, a, _ = read_csv(ea)
    tap.check(all(r["abandon_rate"] != "" and 0 <= num(r["abandon_rate"]) <= 0.05 + 1e-9
                  for r in a if num(r["forecast"]) > 0),
              "Erlang A: abandon_rate filled and within --max-abandon")
    tap.check(all(num(r["service_level"]) >= 0.8 - 1e-9 for r in a if num(r["forecast"]) > 0),
              "Erlang A: service level meets 0.8")

    # Email: deferred work; SL-type columns empty, backlog filled.
    em = files.path("email.csv")
    check_ok(tap, wfm, base + ["--channel", "email", "--aht", "300", "--deadline", "4",
                               "--out", em], "email")
    _, e, _ = read_csv(em)
    tap.check(all(r["service_level"] == "" and r["asa"] == "" and r["backlog"] != ""
                  and num(r["backlog"]) >= 0 for r in e),
              "email: service_level and asa empty, backlog >= 0")
    # Capacity: agents x 3600 s x 0.85 over all intervals covers the work
    # due before the span's end (arrivals up to 4 hours before it).
    work = sum(num(r["forecast"]) * 300 for r in e[:-4])
    capacity = sum(int(r["required_agents"]) * 3600 * 0.85 for r in e)
    tap.check(capacity >= work * (1 - 1e-6),
              "email: the agents' hours cover the work due within the span",
              "capacity %g s, work %g s" % (capacity, work))


def email_fifo(rows, deadline_h, occupancy, minutes):
    """An independent FIFO simulation of an email plan from its CSV: the
    mails of each row arrive at its start (forecast x aht seconds of work)
    and are due by the end of the row deadline_h later, or of the plan's
    last row if that comes first; the row's required agents work
    minutes x 60 x occupancy seconds each, oldest mail first. Returns the
    problems found (late cohorts, backlog column vs simulation) and the
    work left at the end, in mails."""
    k = int(deadline_h * 60 // minutes)
    n = len(rows)
    c = minutes * 60 * occupancy
    rem = [num(r["forecast"]) * num(r["aht"]) for r in rows]
    front, bad = 0, []
    for i, r in enumerate(rows):
        cap = int(r["required_agents"]) * c
        while front <= i and cap > 0:
            take = min(cap, rem[front])
            rem[front] -= take
            cap -= take
            if rem[front] <= 0:
                front += 1
        for l in range(front, i + 1):
            if min(l + k - 1, n - 1) <= i and rem[l] > 1.0:  # one second of slack
                bad.append("%s: %.1f s of the mail of %s unanswered at its deadline"
                           % (r["datetime"], rem[l], rows[l]["datetime"]))
        waiting = sum(rem[l] / num(rows[l]["aht"]) for l in range(front, i + 1)
                      if num(rows[l]["aht"]) > 0)
        if abs(waiting - num(r["backlog"])) > 0.01 + 1e-6 * waiting:
            bad.append("%s: backlog %s, simulation %.3f" % (r["datetime"], r["backlog"],
                                                            waiting))
        if len(bad) > 5:
            break
    left = sum(rem[l] / num(rows[l]["aht"]) for l in range(front, n) if num(rows[l]["aht"]) > 0)
    return bad, left


def group_email(tap, wfm, data, files):
    """Email plans staff all the work that arrives in them: the plan's end
    is a deadline too (issue 12). Checked by a FIFO simulation of the CSV."""
    d = Data(data)
    # The bundled NYC EMS volumes as an email queue: 300 s per mail, 24 h.
    for days in (1, 7):
        out = files.path("email-%d.csv" % days)
        proc = check_ok(tap, wfm, ["--history", d.hourly, "--events", d.holidays,
                                   "--start", "2017-11-13", "--days", str(days),
                                   "--channel", "email", "--aht", "300", "--deadline", "24",
                                   "--out", out, "--summary"],
                        "email, NYC EMS, %d day(s), deadline 24 h" % days)
        _, rows, _ = read_csv(out)
        bad, left = email_fifo(rows, 24, 0.85, 60)
        mails = sum(num(r["forecast"]) for r in rows)
        tap.check(len(rows) == 24 * days and not bad and left < 0.01,
                  "email, %d day(s): every one of %.1f mails is answered within 24 h "
                  "and by the plan's end (FIFO simulation)" % (days, mails),
                  "\n".join(bad) + "\nleft at the end: %.3f mails" % left)
        tap.check(num(rows[-1]["backlog"]) == 0,
                  "email, %d day(s): the backlog column ends at 0" % days, rows[-1])
        work_h = sum(num(r["forecast"]) * 300 for r in rows) / 3600 / 0.85
        hours = sum(int(r["required_agents"]) for r in rows)
        tap.check(hours >= work_h * (1 - 1e-6),
                  "email, %d day(s): agent-hours cover the work of every mail" % days,
                  "%d agent-hours, %.1f hours of work" % (hours, work_h))
        last = (day("2017-11-13") + datetime.timedelta(days=days - 1)).isoformat()
        tap.check(re.search(r"^Backlog at the end of the plan \(end of %s\): 0\.0 emails\."
                            % last, proc.stdout, re.M) is not None,
                  "email, %d day(s): --summary prints the end-of-plan backlog" % days,
                  proc.stdout[-800:])
    # An office inbox: mail only 07:00-20:30, so none arrives at midnight
    # (the day that used to get 0 agents and end with all its mail waiting).
    hist = files.write("office.csv", synthetic_intraday("2024-01-01", 70, with_aht=False))
    out = files.path("office-plan.csv")
    proc = check_ok(tap, wfm, ["--history", hist, "--start", "2024-03-11", "--days", "1",
                               "--channel", "email", "--aht", "240", "--deadline", "24",
                               "--max-occupancy", "0.9", "--out", out, "--summary"],
                    "email, office hours, 1 day")
    _, rows, _ = read_csv(out)
    bad, left = email_fifo(rows, 24, 0.9, 30)
    mails = sum(num(r["forecast"]) for r in rows)
    tap.check(mails > 100 and not bad and left < 0.01
              and sum(int(r["required_agents"]) for r in rows) > 0,
              "email, office hours, 1 day: all %.1f mails staffed and answered" % mails,
              "\n".join(bad) + "\nleft at the end: %.3f mails" % left)
    # The deadline past the plan's end (72 h on a 1-day plan): the same.
    proc = check_ok(tap, wfm, ["--history", hist, "--start", "2024-03-11", "--days", "1",
                               "--channel", "email", "--aht", "240", "--deadline", "72",
                               "--out", out], "email, office hours, deadline 72 h")
    _, rows, _ = read_csv(out)
    bad, left = email_fifo(rows, 72, 0.85, 30)
    tap.check(not bad and left < 0.01,
              "email, deadline longer than the plan: all mail answered by its end",
              "\n".join(bad) + "\nleft at the end: %.3f mails" % left)


DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+([\d,.]+)"
                      r"\s+([\d.]+|-)\s+([\d.]+|-|inf)\s+([\d.]+|-)\s+(\d+)\s+(\d+)"
                      r"\s+([\d,.]+)\s+([\d,.]+)\s+([\d.]+)$", re.M)
WEEK_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(7|[1-6]/7)\s+([\d,.]+)\s+([\d,.]+)"
                       r"\s+([\d.]+|-)\s+([\d.]+|-)\s+([\d.]+|-)\s+(\d{4}-\d{2}-\d{2}|-)"
                       r"\s+([\d.]+|-)( +partial)?$", re.M)


def thousands(x):
    return float(x.replace(",", ""))


def summary_days(text):
    """date -> the daily line's numbers (NaN for "-")."""
    days = {}
    for m in DAY_LINE.finditer(text):
        g = m.groups()
        days[g[0]] = {
            "contacts": thousands(g[1]),
            "sl": num(g[2]) if g[2] != "-" else float("nan"),
            "asa": float(g[3]) if g[3] != "-" else float("nan"),
            "occ": num(g[4]) if g[4] != "-" else float("nan"),
            "peak_req": int(g[5]), "peak_sch": int(g[6]),
            "req_h": thousands(g[7]), "sch_h": thousands(g[8]), "fte": float(g[9])}
    return days


def summary_weeks(text):
    weeks = []
    for m in WEEK_LINE.finditer(text):
        g = m.groups()
        weeks.append({"first": g[0], "days": g[1], "req_h": thousands(g[2]),
                      "sch_h": thousands(g[3]), "fte": g[4], "on_staff": g[5],
                      "hires": g[6], "start_by": g[7], "short": g[8],
                      "partial": g[9] is not None})
    return weeks


def daily_service(rows, staffed="forecast"):
    """Per day, recomputed from the plan CSV: SL = sum(v x SL) / sum(v) and
    ASA = sum(w x ASA) / sum(w) with v the staffed contacts of each interval
    and w those answered (v x (1 - abandon_rate) under Erlang A, else v);
    occupancy = sum(occupancy x required agents) / sum(required agents)."""
    acc = {}
    for r in rows:
        a = acc.setdefault(r["datetime"][:10], [0.0] * 8)
        v, n = num(r[staffed]), int(r["required_agents"])
        a[6] += num(r["forecast"])
        a[7] += 1
        if v > 0 and r["service_level"] != "":
            a[0] += v * num(r["service_level"])
            a[1] += v
        if v > 0 and r["asa"] != "":
            w = v * (1 - num(r["abandon_rate"])) if r["abandon_rate"] != "" else v
            a[2] += w * num(r["asa"])
            a[3] += w
        if n > 0 and r["occupancy"] != "":
            a[4] += n * num(r["occupancy"])
            a[5] += n
    nan = float("nan")
    return {k: {"sl": a[0] / a[1] if a[1] else nan, "asa": a[2] / a[3] if a[3] else nan,
                "occ": a[4] / a[5] if a[5] else nan, "contacts": a[6], "rows": a[7]}
            for k, a in acc.items()}


def same_or_both_nan(printed, want, scale, tol=0.051):
    if math.isnan(want):
        return math.isnan(printed)
    return not math.isnan(printed) and abs(printed - scale * want) <= tol


def check_daily_service(tap, text, rows, name, staffed="forecast"):
    printed = summary_days(text)
    want = daily_service(rows, staffed)
    bad = []
    for k in sorted(want):
        p = printed.get(k)
        if p is None:
            bad.append("%s: no daily line" % k)
            continue
        for key, scale in (("sl", 100.0), ("asa", 1.0), ("occ", 100.0)):
            if not same_or_both_nan(p[key], want[k][key], scale):
                bad.append("%s %s: printed %r, want %.3f" % (k, key, p[key],
                                                             scale * want[k][key]))
        # The summary rounds the day's exact total to 0.1; the CSV's rows
        # are each rounded to 0.001, so their sum may be off by 0.0005 a row.
        if abs(p["contacts"] - want[k]["contacts"]) > 0.0501 + 0.0005 * want[k]["rows"]:
            bad.append("%s contacts: %r, want %.3f" % (k, p["contacts"], want[k]["contacts"]))
    tap.check(not bad and len(printed) == len(want) > 0, name, "\n".join(bad[:8]))
    return printed


def ramp(rows, contract=37.5, attrition=0.3, headcount=None, lead=42, today=None):
    """The hiring ramp recomputed from the CSV: ISO weeks cut to the plan;
    needed = scheduled hours / contract (full weeks only); on staff =
    H x (1 - attrition)^(days from the plan's first day / 365), H =
    --headcount or the first full week's need at that week; gap = needed -
    on staff; a full week is late when its Monday - lead < today."""
    first = day(rows[0]["datetime"][:10])
    hours = (datetime.datetime.fromisoformat(rows[1]["datetime"])
             - datetime.datetime.fromisoformat(rows[0]["datetime"])).total_seconds() / 3600
    weeks = {}
    for r in rows:
        dt = day(r["datetime"][:10])
        w = weeks.setdefault(dt - datetime.timedelta(days=dt.weekday()),
                             {"days": set(), "req_h": 0.0, "sch_h": 0.0})
        w["days"].add(dt)
        w["req_h"] += int(r["required_agents"]) * hours
        w["sch_h"] += int(r["scheduled_agents"]) * hours
    out = []
    for monday in sorted(weeks):
        w = weeks[monday]
        start = max(monday, first)
        out.append({"first": start, "days": len(w["days"]), "full": len(w["days"]) == 7,
                    "req_h": w["req_h"], "sch_h": w["sch_h"],
                    "needed": w["sch_h"] / contract, "start_by": start -
                    datetime.timedelta(days=lead)})
    full = [w for w in out if w["full"]]
    if headcount is None and full:
        ff = full[0]
        headcount = ff["needed"] / (1 - attrition) ** ((ff["first"] - first).days / 365)
    for w in out:
        if headcount is not None:
            w["on_staff"] = headcount * (1 - attrition) ** ((w["first"] - first).days / 365)
            w["gap"] = w["needed"] - w["on_staff"]
        w["late"] = w["full"] and today is not None and w["start_by"] < today
    return out


def group_summary(tap, wfm, data, files):
    d = Data(data)
    out = files.path("plan.csv")
    proc = check_ok(tap, wfm, main_job(d, out, ["--summary"]), "--summary")
    text = proc.stdout
    _, rows, _ = read_csv(out)
    m = re.search(r"Peak week (\d{4}-\d{2}-\d{2}): ([\d.]+) FTE vs baseline ([\d.]+)", text)
    tap.check(m is not None, "the peak week in words", text[-600:])
    tap.check(re.search(r"Hire \d+ FTE; start training by \d{4}-\d{2}-\d{2}", text)
              or "No hires needed" in text, "the hiring answer in words", text[-600:])
    tap.check(text.endswith("\n") and len(text.strip().splitlines()) >= 49 + 7 + 4,
              "a line per day and per week")
    # Weekly scheduled hours and FTE from the CSV: hourly rows, so hours =
    # the sum of scheduled agents; FTE = hours / 37.5 (whole weeks).
    weeks = {}
    for r in rows:
        dt = day(r["datetime"][:10])
        monday = dt - datetime.timedelta(days=dt.weekday())
        w = weeks.setdefault(monday, [0.0, 0.0])
        w[0] += int(r["required_agents"])
        w[1] += int(r["scheduled_agents"])
    bad = []
    for monday, (req_h, sch_h) in sorted(weeks.items()):
        line = re.search(r"^%s\s+7\s+([\d,.]+)\s+([\d,.]+)\s+([\d.]+)" % monday.isoformat(),
                         text, re.M)
        if line is None:
            bad.append("no line for the week of %s" % monday)
            continue
        got = [float(x.replace(",", "")) for x in line.groups()]
        if abs(got[0] - req_h) > 0.05 or abs(got[1] - sch_h) > 0.05 \
                or abs(got[2] - sch_h / 37.5) > 0.05:
            bad.append("%s: %r, want %g, %g, %.1f" % (monday, got, req_h, sch_h, sch_h / 37.5))
    tap.check(not bad and len(weeks) == 7,
              "weekly required hours, scheduled hours and FTE = the CSV's sums",
              "\n".join(bad))
    if m:
        peak = max(weeks.items(), key=lambda kv: kv[1][1])
        first = weeks[min(weeks)]
        tap.check(m.group(1) == peak[0].isoformat()
                  and abs(float(m.group(2)) - peak[1][1] / 37.5) < 0.05
                  and abs(float(m.group(3)) - first[1] / 37.5) < 0.05,
                  "peak week = the week with the most scheduled hours; baseline = "
                  "the first week's FTE", m.group(0))
    # --headcount sets the baseline.
    proc = check_ok(tap, wfm, main_job(d, out, ["--summary", "--headcount", "100"]),
                    "--summary --headcount 100")
    tap.check("vs baseline 100.0 on staff" in proc.stdout and "No hires needed" in proc.stdout,
              "--headcount 100: baseline 100 FTE, no hires", proc.stdout[-400:])

    # --- per day: SL, ASA and occupancy at the required agents (issue 13) ---
    check_daily_service(tap, text, rows, "main job, per day: SL = sum(contacts x SL) / "
                        "sum(contacts), ASA likewise, occupancy = sum(occupancy x "
                        "agents) / sum(agents), all from the CSV")
    days = summary_days(text)
    tap.check(all(p["sl"] >= 90.0 - 0.05 for p in days.values()),
              "main job: every day's SL meets the 90 % target")
    base = ["--history", d.hourly, "--start", "2017-12-04", "--days", "3"]
    o = files.path("service.csv")
    for extra, name, staffed in [
            (["--aht", "180", "--sl", "0.8", "--answer", "20", "--staff-to", "upper"],
             "--staff-to upper: SL and ASA weighted by the upper bound", "upper"),
            (["--aht", "150", "--sl", "0.8", "--answer", "30", "--patience", "120",
              "--max-abandon", "0.05"],
             "Erlang A: ASA weighted by the contacts answered", "forecast"),
            (["--channel", "chat", "--chat-aht", "150,180,220", "--sl", "0.8",
              "--answer", "30"], "chat", "forecast"),
            (["--channel", "email", "--aht", "300", "--deadline", "4"],
             "email: no SL or ASA (-), occupancy by the agents", "forecast")]:
        proc = check_ok(tap, wfm, base + extra + ["--out", o, "--summary"], name)
        _, rows2, _ = read_csv(o)
        check_daily_service(tap, proc.stdout, rows2, name + ", per day = the CSV's",
                            staffed)
    # A day with nothing to staff prints "-", not 0 or nan.
    hist = files.write("office.csv", synthetic_intraday("2024-01-01", 70))
    proc = check_ok(tap, wfm, ["--history", hist, "--start", "2024-03-11", "--days", "7",
                               "--aht", "200", "--sl", "0.8", "--answer", "20",
                               "--out", o, "--summary"], "office hours, 7 days")
    _, rows3, _ = read_csv(o)
    check_daily_service(tap, proc.stdout, rows3, "office hours (nights closed): per day "
                        "= the CSV's, closed intervals carry no weight")
    tap.check("nan" not in proc.stdout, "no nan in the summary")

    # --- hiring: a start-by date before the plan is made is too late -----
    # Default: the plan is made on the day before --start (the history runs
    # past it), 2017-11-12; the weeks whose Monday - 42 days is earlier are
    # late, and the summary gives each one's shortfall.
    today = day("2017-11-12")
    want = ramp(rows, today=today)
    weeks_p = summary_weeks(text)
    bad = []
    for w, p in zip(want, weeks_p):
        if p["first"] != w["first"].isoformat() or p["start_by"] != w["start_by"].isoformat() \
                or abs(float(p["on_staff"]) - w["on_staff"]) > 0.051:
            bad.append("%r vs %r" % (p, w))
        elif (p["short"] == "-") == w["late"]:
            bad.append("%s: short %r, late %r" % (p["first"], p["short"], w["late"]))
        elif w["late"] and abs(float(p["short"]) - max(0.0, w["gap"])) > 0.051:
            bad.append("%s: short %s, want %.2f" % (p["first"], p["short"], w["gap"]))
    tap.check(not bad and len(weeks_p) == len(want) == 7,
              "weekly: on staff = H x 0.7^(d/365), start by = Monday - 42 days, short = "
              "need - on staff for weeks whose start-by is before 2017-11-12",
              "\n".join(bad))
    tap.check("The plan is made on 2017-11-12 (the day before --start" in text,
              "the summary says when the plan is made (the day before --start)", text[-900:])
    short = [w for w in want if w["late"] and w["gap"] > 0.05]
    m = re.search(r"Too late for (\d+) weeks?: hires take contacts 42 days after they start, "
                  r"so those starting on 2017-11-12, the day this plan is made, take contacts "
                  r"from 2017-12-24; short without them: (.*?)\.(?: Hire (\d+) FTE; start "
                  r"training by (\S+), for the week of (\S+) and after\.)?$", text, re.M)
    listed = re.findall(r"([\d.]+)(?: FTE in the week of| in) (\d{4}-\d{2}-\d{2})",
                        m.group(2)) if m else []
    reach = [w for w in want if w["full"] and not w["late"]]
    need = max([0.0] + [w["gap"] for w in reach])
    first_hire = next((w for w in reach if w["gap"] > 0.05), None)
    tap.check(m is not None and int(m.group(1)) == len(short) == len(listed) >= 1
              and all(wk == w["first"].isoformat() and abs(float(x) - w["gap"]) <= 0.051
                      for (x, wk), w in zip(listed, short)),
              "main job: too late for %d weeks, each one's shortfall named" % len(short),
              text[-900:])
    tap.check(m is not None and first_hire is not None and m.group(3) is not None
              and int(m.group(3)) == math.ceil(need - 0.05)
              and m.group(4) == first_hire["start_by"].isoformat()
              and m.group(5) == first_hire["first"].isoformat(),
              "main job: the hires the weeks still in reach need, and their start-by date",
              text[-600:])
    # --today before every start-by date: the old answer.
    proc = check_ok(tap, wfm, main_job(d, out, ["--summary", "--today", "2017-10-01"]),
                    "--today 2017-10-01")
    all_gap = max(w["gap"] for w in want)
    first_need = next(w for w in want if w["gap"] > 0.05)
    tap.check("Too late" not in proc.stdout and re.search(
        r"Hire %d FTE; start training by %s \(42 training days before the week of %s, "
        r"the first to need them\)\.$" % (math.ceil(all_gap - 0.05),
                                          first_need["start_by"].isoformat(),
                                          first_need["first"].isoformat()),
        proc.stdout, re.M) and "made on 2017-10-01 (--today)" in proc.stdout
        and all(w["short"] == "-" for w in summary_weeks(proc.stdout)),
        "--today 2017-10-01: no week too late, hire and start-by as before",
        proc.stdout[-700:])
    # --hire-lead-days: the lead time; --training-days is its older name.
    proc = check_ok(tap, wfm, main_job(d, out, ["--summary", "--hire-lead-days", "21"]),
                    "--hire-lead-days 21")
    want21 = ramp(rows, lead=21, today=today)
    got = summary_weeks(proc.stdout)
    tap.check(len(got) == 7 and all(
        p["start_by"] == w["start_by"].isoformat() and (p["short"] == "-") != w["late"]
        for p, w in zip(got, want21)) and "contacts 21 days after they start" in proc.stdout,
        "--hire-lead-days 21: start by = Monday - 21, late weeks from that",
        proc.stdout[-900:])
    proc2 = check_ok(tap, wfm, main_job(d, out, ["--summary", "--training-days", "21"]),
                     "--training-days 21")
    proc3 = check_ok(tap, wfm, main_job(d, out, ["--summary", "--training-days", "21",
                                                 "--hire-lead-days", "21"]),
                     "--training-days 21 --hire-lead-days 21")
    tap.check(proc.stdout == proc2.stdout == proc3.stdout,
              "--training-days (the older name) = --hire-lead-days; both equal: fine")
    check_one_line_error(tap, wfm, main_job(d, out, ["--summary", "--training-days", "21",
                                                     "--hire-lead-days", "28"]),
                         ["--hire-lead-days 28", "--training-days 21", "differ"], 2)
    # The history ending weeks before --start: the plan is made on the day
    # after its last day.
    proc = check_ok(tap, wfm, ["--history", hist, "--start", "2024-04-01", "--days", "14",
                               "--aht", "200", "--sl", "0.8", "--answer", "20",
                               "--out", o, "--summary"], "history ending 3 weeks before --start")
    _, rows4, _ = read_csv(o)
    want4 = ramp(rows4, today=day("2024-03-11"))
    got = summary_weeks(proc.stdout)
    tap.check("made on 2024-03-11 (the day after the history's last day" in proc.stdout
              and len(got) == 2 and all((p["short"] == "-") != w["late"]
                                        for p, w in zip(got, want4)),
              "history to 2024-03-10, --start 2024-04-01: the plan is made on 2024-03-11",
              proc.stdout[-900:])

    # --- partial weeks: labelled, hours as planned, never stretched ------
    proc = check_ok(tap, wfm, ["--history", d.hourly, "--events", d.holidays,
                               "--start", "2017-11-13", "--days", "1", "--aht", "150",
                               "--sl", "0.9", "--answer", "10", "--out", out, "--summary"],
                    "a 1-day plan")
    _, rows5, _ = read_csv(out)
    got = summary_weeks(proc.stdout)
    sch = sum(int(r["scheduled_agents"]) for r in rows5)
    tap.check(len(got) == 1 and got[0]["days"] == "1/7" and got[0]["partial"]
              and got[0]["fte"] == "-" and got[0]["hires"] == "-"
              and abs(got[0]["sch_h"] - sch) < 0.051
              and "No full week in the plan (1 day)" in proc.stdout
              and "Peak week" not in proc.stdout,
              "a 1-day plan: one week marked 1/7 partial, its hours, no weekly FTE, no peak "
              "week", proc.stdout[-900:])
    tap.check(re.search(r"^2017-11-13 Mon .* %.1f$" % (sch / 7.5), proc.stdout, re.M)
              is not None, "a 1-day plan: the day's FTE = its hours / 7.5",
              proc.stdout[:600])
    # From a Wednesday for 24 days: partial weeks at both ends.
    proc = check_ok(tap, wfm, ["--history", d.hourly, "--start", "2017-11-15", "--days", "24",
                               "--aht", "150", "--sl", "0.9", "--answer", "10",
                               "--out", out, "--summary"], "Wednesday + 24 days")
    _, rows6, _ = read_csv(out)
    want6 = ramp(rows6, today=day("2017-11-14"))
    got = summary_weeks(proc.stdout)
    bad = []
    for p, w in zip(got, want6):
        if abs(p["req_h"] - w["req_h"]) > 0.051 or abs(p["sch_h"] - w["sch_h"]) > 0.051:
            bad.append("%s: hours %r, want %r" % (p["first"], p, w))
        elif w["full"] and (p["days"] != "7" or abs(float(p["fte"]) - w["needed"]) > 0.051
                            or abs(float(p["on_staff"]) - w["on_staff"]) > 0.051):
            bad.append("%s: full week %r, want %r" % (p["first"], p, w))
        elif not w["full"] and (p["days"] != "%d/7" % w["days"] or not p["partial"]
                                or p["fte"] != "-" or p["start_by"] != "-"):
            bad.append("%s: partial week %r" % (p["first"], p))
    tap.check(not bad and len(got) == 4 and [p["days"] for p in got] == ["5/7", "7", "7", "5/7"],
              "Wednesday start: 5/7 and 5/7 partial weeks with their hours and no FTE; "
              "full weeks' FTE and staff on hand from the first full week",
              "\n".join(bad) + "\n" + proc.stdout[-1200:])
    full = [w for w in want6 if w["full"]]
    peak = max(full, key=lambda w: w["needed"])
    m = re.search(r"Peak week (\S+): ([\d.]+) FTE vs baseline ([\d.]+) in the first full week",
                  proc.stdout)
    tap.check(m is not None and m.group(1) == peak["first"].isoformat()
              and abs(float(m.group(2)) - peak["needed"]) < 0.051
              and abs(float(m.group(3)) - full[0]["needed"]) < 0.051
              and "Partial weeks (5/7" in proc.stdout,
              "Wednesday start: the peak week and the baseline come from full weeks only",
              proc.stdout[-900:])


# --- reading the chart back (cairo's SVG: glyphs are <symbol> outlines that
# <use> elements place; lines are <path>s with a style) -------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# The chart's colours (wfm-chart.c), as percentages of each channel.
EVENT_RGB = (55, 25, 60)
HISTORY_RGB = (35, 35, 35)
ACTUAL_RGB = (10, 55, 25)
INK_RGB = (13, 13, 13)


def paint(el, prop):
    """The (r, g, b) percentages of an element's fill or stroke, from its
    style or its attribute (cairo versions write either), or None."""
    text = el.get(prop) or ""
    m = re.search(r"(?:^|;)\s*%s\s*:\s*([^;]+)" % prop, el.get("style") or "")
    if m:
        text = m.group(1)
    m = re.match(r"\s*rgb\(\s*([\d.]+)%\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*\)", text)
    return tuple(round(float(x)) for x in m.groups()) if m else None


def path_points(d):
    """The coordinate pairs of an absolute M/L/C/Z path."""
    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    return list(zip(nums[0::2], nums[1::2]))


def glyph_boxes(root):
    """glyph id -> (x0, y0, x1, y1) of its outline, None when blank."""
    boxes = {}
    for sym in root.iter(SVG_NS + "symbol"):
        pts = []
        for p in sym.iter(SVG_NS + "path"):
            pts += path_points(p.get("d", ""))
        boxes[sym.get("id")] = ((min(x for x, _ in pts), min(y for _, y in pts),
                                 max(x for x, _ in pts), max(y for _, y in pts))
                                if pts else None)
    return boxes


def event_labels(root):
    """The bounding box of each event label: a <g> filled in the event
    colour holding the <use>s of its glyphs."""
    glyphs = glyph_boxes(root)
    labels = []
    for g in root.iter(SVG_NS + "g"):
        if paint(g, "fill") != EVENT_RGB:
            continue
        box = None
        for u in g.iter(SVG_NS + "use"):
            b = glyphs.get((u.get(XLINK_HREF) or u.get("href") or "").lstrip("#"))
            if b is None:
                continue
            x, y = float(u.get("x", 0)), float(u.get("y", 0))
            b = (b[0] + x, b[1] + y, b[2] + x, b[3] + y)
            box = b if box is None else (min(box[0], b[0]), min(box[1], b[1]),
                                         max(box[2], b[2]), max(box[3], b[3]))
        if box is not None:
            labels.append(box)
    return labels


def styled_paths(root, rgb):
    """The points of every path stroked in colour @p rgb."""
    return [path_points(p.get("d", "")) for p in root.iter(SVG_NS + "path")
            if paint(p, "stroke") == rgb]


def plot_frame(root):
    """(left, top, right, bottom) of the plot: the ink rectangle."""
    for pts in styled_paths(root, INK_RGB):
        if len(pts) >= 5 and pts[0] == pts[4]:
            xs, ys = [x for x, _ in pts], [y for _, y in pts]
            return min(xs), min(ys), max(xs), max(ys)
    return None


def boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_labels(tap, root, name, n_lines=None):
    """No two event labels overlap; each sits beside an event line, inside
    the plot. Returns (labels, event line x positions)."""
    labels = event_labels(root)
    lines = sorted({pts[0][0] for pts in styled_paths(root, EVENT_RGB)
                    if len(pts) == 2 and pts[0][0] == pts[1][0]
                    and abs(pts[0][1] - pts[1][1]) > 100})
    frame = plot_frame(root)
    bad = ["%d and %d overlap: %r %r" % (i, j, labels[i], labels[j])
           for i in range(len(labels)) for j in range(i + 1, len(labels))
           if boxes_overlap(labels[i], labels[j])]
    tap.check(labels and not bad, "%s: %d event labels, none overlapping" % (name, len(labels)),
              "\n".join(bad[:5]))
    far = [b for b in labels if frame is None
           or not any(l - 14 <= b[0] and b[2] <= l + 14 for l in lines)
           or b[1] < frame[1] or b[3] > frame[3]]
    tap.check(frame is not None and not far,
              "%s: each label beside its event line, inside the plot" % name, far[:3])
    if n_lines is not None:
        tap.check(len(lines) == n_lines, "%s: %d event lines" % (name, n_lines), lines)
    return labels, lines


def daily_totals(path, first, last):
    """date text -> the history's contacts that day, recomputed from the CSV."""
    totals = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = row["datetime"][:10]
            if first <= key <= last:
                totals[key] = totals.get(key, 0.0) + float(row["volume"])
    return totals


def group_chart(tap, wfm, data, files):
    d = Data(data)
    # fontconfig (under cairo's text) leaks a 288-byte block while parsing
    # its configuration, which no cairo or fontconfig call frees: under
    # AddressSanitizer, LeakSanitizer would fail every --chart run on it.
    # Suppress exactly that library; leaks in wfm itself are still reported.
    suppress_leaks(files, "libfontconfig.so")
    out, svg = files.path("plan.csv"), files.path("plan.svg")
    proc = plan(wfm, main_job(d, out, ["--chart", svg]))
    if proc.returncode != 0 and NO_CHART in proc.stderr:
        tap.skip("--chart draws an SVG", "built without cairo")
        check_one_line_error(tap, wfm, main_job(d, out, ["--chart", svg]), NO_CHART, 1)
        check_one_line_error(tap, wfm, main_job(d, out, ["--chart", svg, "--chart-actuals"]),
                             NO_CHART, 1)
        return
    tap.check(proc.returncode == 0 and proc.stderr == "", "--chart: exit 0, stderr empty",
              describe(["--chart"], proc))
    tap.check(os.path.isfile(svg) and os.path.getsize(svg) > 20000,
              "--chart writes a non-trivial file",
              os.path.getsize(svg) if os.path.exists(svg) else "missing")
    try:
        root = ET.parse(svg).getroot()
        ok_xml = True
    except (ET.ParseError, OSError) as e:
        root, ok_xml = None, False
        tap.check(False, "the chart is well-formed XML", str(e))
    if ok_xml:
        tap.check(True, "the chart is well-formed XML")
        tags = [el.tag.split("}")[-1] for el in root.iter()]
        tap.check(root.tag.split("}")[-1] == "svg" and root.get("width") is not None,
                  "the root element is <svg> with a size", root.tag)
        tap.check(tags.count("path") >= 50,
                  "it draws: lines, band, axes, glyphs (>= 50 paths)", tags.count("path"))
        tap.check(tags.count("use") >= 100, "it writes text (>= 100 glyph uses)",
                  tags.count("use"))
    # A chart that cannot be written: exit 1, one line naming --chart.
    check_one_line_error(tap, wfm, main_job(d, out, ["--chart",
                                                     files.path("no/such/dir/x.svg")]),
                         ["--chart", "x.svg"], 1)
    if not ok_xml:
        return

    # Event labels (issue 13): thanksgiving, black_friday, cyber_monday,
    # christmas_eve, christmas, boxing_day, new_years_eve fall in the span
    # (2017-09-18 .. 2017-12-31), three pairs of them on consecutive days.
    labels, lines = check_labels(tap, root, "main job", n_lines=7)
    tap.check(len(labels) == 7, "main job: all 7 events labelled", len(labels))
    frame = plot_frame(root)
    if frame is not None:
        left, top, right, bottom = frame
        n_days = 56 + 49
        step = (right - left) / (n_days - 1)
        split = left + step * (56 - 0.5)
        # Without --chart-actuals the history stops at --start, although
        # the file goes on to 2017-12-31; no "actual" line.
        hist = [p for p in styled_paths(root, HISTORY_RGB) if len(p) > 10]
        tap.check(len(hist) == 1 and max(x for x, _ in hist[0]) < split
                  and len(hist[0]) == 56 and not styled_paths(root, ACTUAL_RGB),
                  "no --chart-actuals: the history line ends before --start (56 days) "
                  "and no actual line is drawn",
                  [len(p) for p in hist])
        # With it: the days from --start on as their own line, on the same
        # scale as the history, with the history file's daily totals.
        svg2 = files.path("actuals.svg")
        proc = check_ok(tap, wfm, main_job(d, out, ["--chart", svg2, "--chart-actuals"]),
                        "--chart-actuals")
        root2 = ET.parse(svg2).getroot()
        hist2 = [p for p in styled_paths(root2, HISTORY_RGB) if len(p) > 10]
        actual = [p for p in styled_paths(root2, ACTUAL_RGB) if len(p) > 10]
        totals = daily_totals(d.hourly, "2017-09-18", "2017-12-31")
        dates = sorted(totals)
        bad = []
        if len(actual) < 1 or len(hist2) != 1:
            bad.append("%d actual paths, %d history paths" % (len(actual), len(hist2)))
        else:
            ratios = []
            for pts, expect_after in ((actual[0], True), (hist2[0], False)):
                for x, y in pts:
                    i = int(round((x - left) / step))
                    if (x > split) != expect_after:
                        bad.append("point at x %.1f on the wrong side of --start" % x)
                    ratios.append((bottom - y) / totals[dates[i]])
            if max(ratios) - min(ratios) > 1e-3 * max(ratios):
                bad.append("not one scale: ratios %g .. %g" % (min(ratios), max(ratios)))
        tap.check(not bad and len(actual[0]) == 49 and len(hist2[0]) == 56,
                  "--chart-actuals: an actual line for the 49 days from --start (the "
                  "history's daily totals, on the history's scale), the history line "
                  "before it", "\n".join(bad[:5]))
        check_labels(tap, root2, "--chart-actuals", n_lines=7)

    # A crowded calendar: an event on each of 40 consecutive days (8 points
    # apart), with long names. Labels stack up the plot; those with no room
    # are left out and none overlap; every event keeps its line.
    cal = files.write("crowd.cal", "wfm-calendar 1\n" + "".join(
        "a_crowded_event_with_a_long_name_number_%02d = %s\n"
        % (k, (day("2017-10-01") + datetime.timedelta(days=k)).isoformat())
        for k in range(40)))
    svg3 = files.path("crowd.svg")
    check_ok(tap, wfm, ["--history", d.hourly, "--calendar", cal, "--start", "2017-11-13",
                        "--days", "49", "--aht", "150", "--sl", "0.9", "--answer", "10",
                        "--out", out, "--chart", svg3], "40 events on 40 days")
    root3 = ET.parse(svg3).getroot()
    labels3, lines3 = check_labels(tap, root3, "40 events on 40 days", n_lines=40)
    tap.check(10 <= len(labels3) < 40,
              "40 events on 40 days: some labels left out for want of room (%d written)"
              % len(labels3))
    check_one_line_error(tap, wfm, main_job(d, out, ["--chart-actuals"]),
                         ["--chart-actuals", "--chart"], 2)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def group_output(tap, wfm, data, files):
    """--out and --chart are complete or absent: temporary files renamed
    on success, removed on failure; one command's outputs all or nothing;
    an output never replaces an input (issue 12, item 9)."""
    d = Data(data)
    suppress_leaks(files, "libfontconfig.so")
    job = ["--history", d.hourly, "--events", d.holidays, "--start", "2017-11-13",
           "--days", "7", "--aht", "150", "--sl", "0.9", "--answer", "10"]

    # A file-size limit (`ulimit -f 1`: 1 KiB) hit while writing --out.
    out_dir = tempfile.mkdtemp(dir=files.dir, prefix="ulimit-")
    out = os.path.join(out_dir, "plan.csv")
    proc = limited(wfm, ["plan"] + job + ["--out", out], 1)
    if proc.returncode == 99:
        tap.skip("ulimit -f", "the shell cannot set a file-size limit")
    else:
        tap.check(one_line(proc, 1, ["--out", "plan.csv", "File too large"])
                  and proc.stdout == "",
                  "ulimit -f 1: exit 1 and one line naming --out and the error",
                  describe(["ulimit -f 1", "--out"], proc))
        tap.check(listing(out_dir) == [],
                  "ulimit -f 1: no plan.csv and no temporary file left",
                  listing(out_dir))
        with open(out, "w") as f:
            f.write("old plan\n")
        proc = limited(wfm, ["plan"] + job + ["--out", out], 1)
        tap.check(proc.returncode == 1 and open(out).read() == "old plan\n"
                  and listing(out_dir) == ["plan.csv"],
                  "ulimit -f 1: an existing --out file is left as it was",
                  describe(["ulimit -f 1"], proc) + "\n%r" % listing(out_dir))
        os.remove(out)
        # The CSV on standard output, redirected to a file: exit 1 and a
        # message, not death by SIGXFSZ.
        proc = limited(wfm, ["plan"] + job, 1, stdout_path=os.path.join(out_dir, "so.csv"))
        tap.check(one_line(proc, 1, ["File too large"]),
                  "ulimit -f 1, CSV on stdout: exit 1 and one line (SIGXFSZ ignored)",
                  describe(["ulimit -f 1", "> so.csv"], proc))
        os.remove(os.path.join(out_dir, "so.csv"))
        # wfm forecast --out, the same way.
        proc = limited(wfm, ["forecast", "--history", d.hourly, "--start", "2017-11-13",
                             "--days", "7", "--out", out], 1)
        tap.check(one_line(proc, 1, ["--out", "plan.csv", "File too large"])
                  and listing(out_dir) == [],
                  "wfm forecast --out under ulimit -f 1: exit 1, no file, no temporary file",
                  describe(["forecast", "ulimit -f 1"], proc) + "\n%r" % listing(out_dir))

    # A successful run: the files, nothing else, with the usual mode.
    ok_dir = tempfile.mkdtemp(dir=files.dir, prefix="ok-")
    out = os.path.join(ok_dir, "plan.csv")
    proc = plan(wfm, job + ["--out", out])
    mask = os.umask(0)
    os.umask(mask)
    tap.check(proc.returncode == 0 and listing(ok_dir) == ["plan.csv"]
              and os.stat(out).st_mode & 0o777 == 0o666 & ~mask,
              "a plan: --out written, no temporary file, mode 0666 less the umask",
              describe(["--out"], proc) + "\n%r" % listing(ok_dir))
    # An existing file keeps its mode; a link keeps pointing at the new plan.
    os.chmod(out, 0o640)
    link = os.path.join(ok_dir, "latest.csv")
    os.symlink("plan.csv", link)
    proc = plan(wfm, job + ["--out", link])
    tap.check(proc.returncode == 0 and os.path.islink(link)
              and os.stat(out).st_mode & 0o777 == 0o640
              and listing(ok_dir) == ["latest.csv", "plan.csv"],
              "--out over a link replaces its target, keeping the link and the mode",
              describe(["--out", "latest.csv"], proc) + "\n%r" % listing(ok_dir))

    # --chart that cannot be written: no plan.csv either (all or nothing).
    chart_dir = tempfile.mkdtemp(dir=files.dir, prefix="chart-")
    out = os.path.join(chart_dir, "plan.csv")
    probe = plan(wfm, job + ["--out", out, "--chart", os.path.join(chart_dir, "probe.svg")])
    if probe.returncode != 0 and NO_CHART in probe.stderr:
        tap.skip("a failed --chart leaves no plan.csv", "built without cairo")
    else:
        for f in listing(chart_dir):
            os.remove(os.path.join(chart_dir, f))
        a_file = files.write("a-file", "x\n")
        cases = [("a folder that does not exist", os.path.join(chart_dir, "no", "x.svg")),
                 ("under a regular file", os.path.join(a_file, "x.svg")),
                 ("a folder", chart_dir)]
        for what, target in cases:
            proc = plan(wfm, job + ["--out", out, "--chart", target])
            tap.check(one_line(proc, 1, ["--chart"]) and proc.stdout == ""
                      and listing(chart_dir) == [],
                      "--chart %s: exit 1, one line, no plan.csv, no temporary file" % what,
                      describe(["--chart", target], proc) + "\n%r" % listing(chart_dir))
        if os.geteuid() != 0:
            ro = os.path.join(chart_dir, "ro")
            os.mkdir(ro, 0o555)
            proc = plan(wfm, job + ["--out", out, "--chart", os.path.join(ro, "x.svg")])
            tap.check(one_line(proc, 1, ["--chart"]) and listing(chart_dir) == ["ro"],
                      "--chart in a read-only folder: exit 1, no plan.csv",
                      describe(["--chart", "ro/x.svg"], proc))
            os.rmdir(ro)
        else:
            tap.skip("--chart in a read-only folder", "running as root")
        # The chart over the size limit, the CSV under it: neither is left.
        with open(out, "w") as f:
            f.write("old plan\n")
        svg = os.path.join(chart_dir, "plan.svg")
        proc = limited(wfm, ["plan"] + job + ["--out", out, "--chart", svg], 60)
        if proc.returncode != 99:
            tap.check(one_line(proc, 1, ["--chart", "File too large"])
                      and open(out).read() == "old plan\n"
                      and listing(chart_dir) == ["plan.csv"],
                      "ulimit -f 60: the CSV fits, the chart does not: the old plan.csv "
                      "stays, no plan.svg, no temporary file",
                      describe(["ulimit -f 60", "--chart"], proc) + "\n%r" % listing(chart_dir))
        # Without --out (CSV on stdout), a failed chart prints no CSV.
        proc = plan(wfm, job + ["--chart", os.path.join(chart_dir, "no", "x.svg")])
        tap.check(one_line(proc, 1, ["--chart"]) and proc.stdout == "",
                  "--chart fails, no --out: nothing on stdout", describe(["--chart"], proc))

    # An output that names an input: exit 2 before anything is written.
    in_dir = tempfile.mkdtemp(dir=files.dir, prefix="inputs-")
    hist = os.path.join(in_dir, "history.csv")
    shutil.copyfile(d.hourly, hist)
    shrink = os.path.join(in_dir, "shrinkage.csv")
    shutil.copyfile(d.shrinkage, shrink)
    events = os.path.join(in_dir, "holidays.csv")
    shutil.copyfile(d.holidays, events)
    os.symlink("history.csv", os.path.join(in_dir, "link.csv"))
    os.link(hist, os.path.join(in_dir, "hard.csv"))
    before = {p: sha(os.path.join(in_dir, p)) for p in listing(in_dir)}
    base = ["--history", hist, "--events", events, "--start", "2017-11-13", "--days", "7",
            "--aht", "150", "--sl", "0.9", "--answer", "10", "--shrinkage-file", shrink]
    same = [
        (["--out", hist], ["--out", "--history"]),
        (["--out", os.path.join(in_dir, ".", "history.csv")], ["--out", "--history"]),
        (["--out", os.path.join(in_dir, "link.csv")], ["--out", "--history"]),
        (["--out", os.path.join(in_dir, "hard.csv")], ["--out", "--history"]),
        (["--out", shrink], ["--out", "--shrinkage-file"]),
        (["--out", events], ["--out", "--events"]),
        (["--out", os.path.join(in_dir, "p.csv"), "--chart", hist], ["--chart", "--history"]),
        (["--out", os.path.join(in_dir, "p.csv"), "--chart", os.path.join(in_dir, "p.csv")],
         ["--chart", "--out"]),
    ]
    for extra, mentions in same:
        proc = plan(wfm, base + extra)
        tap.check(one_line(proc, 2, mentions) and proc.stdout == "",
                  "wfm plan %s: exit 2, one line naming %s"
                  % (" ".join(os.path.basename(x) if "/" in x else x for x in extra), mentions),
                  describe(extra, proc))
    cal = os.path.join(in_dir, "my.cal")
    with open(cal, "w") as f:
        f.write("wfm-calendar 1\nmy_day = 11-20\n")
    before[os.path.basename(cal)] = sha(cal)
    proc = plan(wfm, base + ["--calendar", cal, "--out", cal])
    tap.check(one_line(proc, 2, ["--out", "--calendar"]),
              "--out equal to a --calendar file: exit 2", describe(["--out", cal], proc))
    proc = run(wfm, ["forecast", "--history", hist, "--start", "2017-11-13", "--days", "7",
                     "--out", os.path.join(in_dir, "link.csv")])
    tap.check(one_line(proc, 2, ["--out", "--history"]),
              "wfm forecast --out equal to --history (through a link): exit 2",
              describe(["forecast", "--out"], proc))
    after = {p: sha(os.path.join(in_dir, p)) for p in listing(in_dir)}
    tap.check(after == before and os.path.islink(os.path.join(in_dir, "link.csv")),
              "every input is unchanged and no file was added",
              "%r\n%r" % (sorted(before), sorted(after)))


HINT = "plain decimals"


def group_numbers(tap, wfm, data, files):
    """CLI numbers are plain decimals, whole numbers where whole numbers
    are expected: hexadecimal, inf and nan are refused with one line, exit
    2 (issue 12, item 10)."""
    d = Data(data)
    out = files.path("out.csv")
    H = ["--history", d.hourly, "--start", "2017-12-04"]
    T = {"--days": "2", "--aht": "150", "--sl": "0.8", "--answer": "20"}

    def args_with(option, value, channel=None):
        a = dict(T)
        if channel == "email":
            for k in ("--sl", "--answer"):
                del a[k]
            a["--channel"] = "email"
        if channel == "chat":
            del a["--aht"]
            a["--channel"] = "chat"
            a["--chat-aht"] = "150,180"
        a[option] = value
        flat = []
        for k, v in a.items():
            flat += [k, v]
        return H + flat + ["--out", out]

    bad = [("--aht", "0x10"), ("--aht", "0x1p1000"), ("--aht", "inf"), ("--aht", "nan"),
           ("--aht", "Infinity"), ("--aht", "0X96"), ("--aht", "1e999"),
           ("--sl", "0x1p-1"), ("--sl", "nan"), ("--sl", "0x.8"),
           ("--answer", "0x14"), ("--answer", "inf"),
           ("--days", "0x10"), ("--days", "inf"), ("--days", "nan"),
           ("--days", "1e1"), ("--days", "7.0"), ("--days", "0x7"),
           ("--max-occupancy", "0x1p-1"), ("--max-occupancy", "nan"),
           ("--max-asa", "inf"), ("--shrinkage", "0x0"), ("--shrinkage", "nan"),
           ("--contract-hours", "0x25"), ("--attrition", "nan"),
           ("--headcount", "inf"), ("--headcount", "0x64"),
           ("--training-days", "0x2a"), ("--training-days", "4.2e1"),
           ("--hire-lead-days", "0x2a"), ("--hire-lead-days", "4.2e1"),
           ("--hire-lead-days", "nan"),
           ("--fit-days", "0x10"), ("--fit-days", "1e2"),
           ("--patience", "inf"), ("--quantiles", "0x1p-3,0.9"),
           ("--quantiles", "0.1,nan")]
    for option, value in bad:
        mentions = [option, '"%s"' % value]
        if any(w in value.lower() for w in ("0x", "inf", "nan")):
            mentions.append(HINT)
        check_one_line_error(tap, wfm, args_with(option, value), mentions, 2)
    check_one_line_error(tap, wfm, args_with("--deadline", "0x18", "email"),
                         ["--deadline", HINT], 2)
    check_one_line_error(tap, wfm, args_with("--deadline", "inf", "email"),
                         ["--deadline", HINT], 2)
    check_one_line_error(tap, wfm, args_with("--chat-aht", "0x96,180", "chat"),
                         ["--chat-aht", HINT], 2)
    check_one_line_error(tap, wfm, args_with("--chat-aht", "150,inf", "chat"),
                         ["--chat-aht", HINT], 2)
    check_one_line_error(tap, wfm, args_with("--uplift", "christmas:0..0:0x1") +
                         ["--events", d.holidays], ["--uplift", HINT], 2)
    check_one_line_error(tap, wfm, args_with("--uplift", "christmas:0..0:nan") +
                         ["--events", d.holidays], ["--uplift", HINT], 2)
    # The shrinkage file's rates: FILE:LINE, exit 1.
    for rate in ("0x1p-4", "inf", "nan", " 0.1"):
        path = files.write("rate.csv", "first_date,last_date,shrinkage\n"
                           "2017-12-04,2017-12-05,%s\n" % rate)
        mentions = [re.compile(r"rate\.csv:2\b"), "shrinkage"]
        if rate.strip() != "0.1":
            mentions.append(HINT)
        check_one_line_error(tap, wfm, args_with("--shrinkage-file", path), mentions, 1)
    path = files.write("offs.csv", "event,first_offset,last_offset,shrinkage\n"
                       "christmas,0x1,2,0.1\n")
    check_one_line_error(tap, wfm, args_with("--shrinkage-file", path) +
                         ["--events", d.holidays], [re.compile(r"offs\.csv:2\b")], 1)
    # wfm erlang and wfm forecast read numbers the same way.
    for args, option in [
            (["erlang", "--calls", "0x64", "--interval", "1800", "--aht", "180",
              "--sl", "0.8", "--answer", "20"], "--calls"),
            (["erlang", "--calls", "100", "--interval", "inf", "--aht", "180",
              "--sl", "0.8", "--answer", "20"], "--interval"),
            (["erlang", "--calls", "100", "--interval", "1800", "--aht", "180",
              "--sl", "0.8", "--answer", "20", "--max-abandon", "nan",
              "--patience", "60"], "--max-abandon"),
            (["forecast", "--history", d.hourly, "--start", "2017-12-04",
              "--days", "0x7"], "--days"),
            (["forecast", "--history", d.hourly, "--start", "2017-12-04",
              "--days", "7", "--training-days", "0x100"], "--training-days")]:
        proc = run(wfm, args)
        lines = proc.stderr.split("\n")
        tap.check(proc.returncode == 2 and proc.stdout == "" and len(lines) == 2
                  and lines[0].startswith("wfm %s: %s: expected" % (args[0], option))
                  and HINT in lines[0],
                  "wfm %s %s: hexadecimal, inf or nan refused, one line" % (args[0], option),
                  describe(args, proc))
    # Plain decimals in every form still read the same: 1.5e2 = +150 = 150.
    plans = []
    for aht, sl in (("150", "0.8"), ("1.5e2", ".8"), ("+150", "8e-1"), ("150.", "0.80")):
        o = files.path("same-%d.csv" % len(plans))
        check_ok(tap, wfm, H + ["--days", "2", "--aht", aht, "--sl", sl, "--answer", "20",
                                "--out", o], "--aht %s --sl %s" % (aht, sl))
        plans.append(open(o).read())
    tap.check(all(p == plans[0] for p in plans),
              "150, 1.5e2, +150 and 150. (0.8, .8, 8e-1, 0.80) give the same plan")


def group_help(tap, wfm, data, files):
    proc = plan(wfm, ["--help"])
    tap.check(proc.returncode == 0 and proc.stderr == "" and "Usage: wfm plan" in proc.stdout,
              "wfm plan --help: usage, exit 0", describe(["--help"], proc))
    for opt in ("--history", "--start", "--days", "--events", "--calendar", "--aht",
                "--sl", "--answer", "--max-occupancy", "--shrinkage", "--shrinkage-file",
                "--channel", "--out", "--summary", "--chart", "--quantiles",
                "--staff-to", "--max-asa", "--patience", "--max-abandon", "--chat-aht",
                "--deadline", "--contract-hours", "--training-days", "--attrition",
                "--headcount", "--uplift", "--method", "--fit-days", "--hire-lead-days",
                "--today", "--chart-actuals"):
        tap.check(re.search(r"^  %s\b" % re.escape(opt), proc.stdout, re.M) is not None,
                  "--help lists %s" % opt)
    tap.check("datetime,forecast,lower,upper,aht,workload,required_agents," in proc.stdout,
              "--help gives the CSV header")
    flat = " ".join(proc.stdout.split())
    tap.check("--training-days, the older name" in flat and "fit window, here --fit-days" in flat
              and "before --today" in flat and "partial week" in flat.lower()
              and "--chart-actuals adds" in flat,
              "--help explains --hire-lead-days / --training-days, --today, partial weeks "
              "and --chart-actuals")
    proc = run(wfm, ["--help"])
    tap.check(re.search(r"^  plan\s", proc.stdout, re.M) is not None,
              "wfm --help lists plan", proc.stdout)


def group_errors(tap, wfm, data, files):
    d = Data(data)
    out = files.path("out.csv")
    H = ["--history", d.hourly]
    S = ["--start", "2017-12-04"]
    N = ["--days", "7"]
    T = ["--aht", "150", "--sl", "0.8", "--answer", "20"]
    O = ["--out", out]
    usage = [
        ([], "--history"),
        (S + N + T, "--history"),
        (H + N + T, "--start"),
        (H + S + T, "--days"),
        (H + S + N + ["--sl", "0.8", "--answer", "20"], "--aht"),
        (H + S + N + T + ["--bogus"], "--bogus"),
        (H + S + N + T + ["extra"], "extra"),
        (H + S + N + ["--aht", "150", "--sl", "1.5", "--answer", "20"], ["--sl", "1.5"]),
        (H + S + N + ["--aht", "150", "--sl", "0", "--answer", "20"], "--sl"),
        (H + S + N + ["--aht", "-3", "--sl", "0.8", "--answer", "20"], ["--aht", "-3"]),
        (H + S + N + ["--aht", "colum", "--sl", "0.8", "--answer", "20"], "--aht"),
        (H + S + ["--days", "0"] + T, "--days"),
        (H + S + ["--days", "2.5"] + T, "--days"),
        (H + S + ["--days", "4000"] + T, "--days"),
        (H + ["--start", "2017-02-30"] + N + T, ["--start", "2017-02-30"]),
        (H + S + N + ["--aht", "150", "--sl", "0.8"], ["--sl", "--answer"]),
        (H + S + N + ["--aht", "150"], "target"),
        (H + S + N + T + ["--max-occupancy", "0"], "--max-occupancy"),
        (H + S + N + T + ["--max-occupancy", "1.2"], "--max-occupancy"),
        (H + S + N + T + ["--shrinkage", "1"], "--shrinkage"),
        (H + S + N + T + ["--shrinkage", "-0.1"], "--shrinkage"),
        (H + S + N + T + ["--channel", "fax"], ["--channel", "fax"]),
        (H + S + N + T + ["--staff-to", "lower"], "--staff-to"),
        (H + S + N + T + ["--channel", "chat"], ["--aht", "chat"]),
        (H + S + N + ["--channel", "chat", "--sl", "0.8", "--answer", "20"], "--chat-aht"),
        (H + S + N + ["--channel", "chat", "--chat-aht", "150,0", "--sl", "0.8",
                      "--answer", "20"], "--chat-aht"),
        (H + S + N + ["--channel", "email", "--aht", "300", "--sl", "0.8",
                      "--answer", "20"], ["--sl", "email"]),
        (H + S + N + ["--channel", "email", "--aht", "300", "--patience", "60"],
         "--patience"),
        (H + S + N + T + ["--deadline", "4"], ["--deadline", "voice"]),
        (H + S + N + T + ["--max-abandon", "0.05"], ["--max-abandon", "--patience"]),
        (H + S + N + T + ["--patience", "0"], "--patience"),
        (H + S + N + T + ["--quantiles", "0.6,0.9"], "--quantiles"),
        (H + S + N + T + ["--method", "magic"], "--method"),
        (H + S + N + T + ["--training-days", "1000"], "--training-days"),
        (H + S + N + T + ["--hire-lead-days", "1000"], "--hire-lead-days"),
        (H + S + N + T + ["--hire-lead-days", "-1"], "--hire-lead-days"),
        (H + S + N + T + ["--hire-lead-days", "7", "--training-days", "8"],
         ["--hire-lead-days 7", "--training-days 8", "differ"]),
        (H + S + N + T + ["--today", "2017-12-04"], ["--today", "before --start"]),
        (H + S + N + T + ["--today", "2017-12-25"], ["--today", "before --start"]),
        (H + S + N + T + ["--today", "2017-02-30"], ["--today", "2017-02-30"]),
        (H + S + N + T + ["--today", "yesterday"], "--today"),
        (H + S + N + T + O + ["--chart-actuals"], ["--chart-actuals", "--chart"]),
        (H + S + N + T + ["--attrition", "1"], "--attrition"),
        (H + S + N + T + ["--contract-hours", "0"], "--contract-hours"),
        (H + S + N + T + ["--uplift", "x:0..0:0.5"], "--uplift"),
        (H + S + N + T + ["--summary"], ["--summary", "--out"]),
        (H + S + N + T + ["--calendar", "no-such-preset"], "no-such-preset"),
        (H + S + N + T + O + ["--sl", "0.9"], "more than once"),
    ]
    for args, mentions in usage:
        check_one_line_error(tap, wfm, args, mentions, 2)

    # Files and plans that cannot be computed: exit 1.
    check_one_line_error(tap, wfm, ["--history", files.path("missing.csv")] + S + N + T + O,
                         "missing.csv", 1)
    hist = synthetic_intraday("2024-01-01", 40, with_aht=False).splitlines()
    bad = files.write("bad.csv", "\n".join(hist[:5] + ["2024-01-01 09:30,lots"] + hist[6:]) + "\n")
    check_one_line_error(tap, wfm, ["--history", bad, "--start", "2024-02-05"] + N + T + O,
                         re.compile(r"bad\.csv:6\b"), 1)
    daily = files.write("daily.csv", synthetic_daily("2024-01-01", 120))
    check_one_line_error(tap, wfm, ["--history", daily, "--start", "2024-04-01"] + N + T + O,
                         ["daily.csv", "daily", "intraday"], 1)
    check_one_line_error(tap, wfm, H + ["--start", "2014-06-01"] + N + T + O,
                         ["--start", "2015-01-01"], 1)
    check_one_line_error(tap, wfm, ["--history", files.write(
        "short.csv", synthetic_intraday("2024-01-01", 5, with_aht=False)),
        "--start", "2024-01-06"] + N + T + O, "history", 1)
    noaht = files.write("noaht.csv", synthetic_intraday("2024-01-01", 40, with_aht=False))
    check_one_line_error(tap, wfm, ["--history", noaht, "--start", "2024-02-05"] + N
                         + ["--aht", "column", "--sl", "0.8", "--answer", "20"] + O,
                         ["--aht column", "aht"], 1)
    check_one_line_error(tap, wfm, H + S + N + ["--channel", "email", "--aht", "300",
                                                "--deadline", "0.5"] + O,
                         "deadline", 1)
    check_one_line_error(tap, wfm, H + S + N + T + ["--out", files.path("no/such/out.csv")],
                         ["--out", "out.csv"], 1)
    # An extreme target: either a plan, or the library's error (e.g. more
    # than INT32_MAX agents) as one line, never a half-written plan.
    proc = plan(wfm, H + S + N + ["--aht", "150", "--patience", "30", "--max-abandon",
                                  "1e-300", "--max-occupancy", "0.05"] + O)
    lines = proc.stderr.split("\n")
    tap.check(proc.returncode in (0, 1) and (proc.returncode == 0 or
              (len(lines) == 2 and lines[0].startswith("wfm plan: ") and proc.stdout == "")),
              "an extreme Erlang A target: a plan or one line and exit 1",
              describe(["--max-abandon 1e-300"], proc))

    # The shrinkage file: every error names FILE:LINE, exit 1.
    D = H + S + N + T + O + ["--shrinkage-file"]
    check_one_line_error(tap, wfm, D + [files.path("nofile.csv")], ["nofile.csv"], 1)
    cases = {
        "header.csv": ("date,shrinkage\n2017-12-04,0.1\n", 1),
        "baddate.csv": ("first_date,last_date,shrinkage\n2017-12-04,2017-12-05,0.1\n"
                        "2017-12-40,2017-12-41,0.1\n", 3),
        "order.csv": ("first_date,last_date,shrinkage\n2017-12-05,2017-12-04,0.1\n", 2),
        "rate.csv": ("first_date,last_date,shrinkage\n2017-12-04,2017-12-05,1.5\n", 2),
        "notnum.csv": ("first_date,last_date,shrinkage,reason\n\n2017-12-04,2017-12-05,"
                       "lots,x\n", 3),
        "fields.csv": ("first_date,last_date,shrinkage\n2017-12-04,2017-12-05\n", 2),
        "extra.csv": ("first_date,last_date,shrinkage\n2017-12-04,2017-12-05,0.1,x\n", 2),
        "offset.csv": ("event,first_offset,last_offset,shrinkage\nchristmas,-7,x,0.1\n", 2),
        "unknown.csv": ("event,first_offset,last_offset,shrinkage\nchristmas,-7,8,0.08\n"
                        "no_such_event,0,0,0.1\n", 3),
    }
    for name, (text, line) in sorted(cases.items()):
        path = files.write(name, text)
        check_one_line_error(tap, wfm, D + [path, "--events", d.holidays],
                             re.compile(re.escape(name) + r":%d\b" % line), 1)
    empty = files.write("empty.csv", "")
    check_one_line_error(tap, wfm, D + [empty], ["empty.csv", "header"], 1)
    ev = files.write("events.csv", "event,first_offset,last_offset,shrinkage\n"
                     "christmas,-7,8,0.08\n")
    check_one_line_error(tap, wfm, D + [ev], ["christmas", "calendar"], 2)
    # Rates that push a day's total to 1 or more: the library names the date.
    big = files.write("big.csv", "first_date,last_date,shrinkage\n2017-12-06,2017-12-06,0.7\n")
    check_one_line_error(tap, wfm, D + [big, "--shrinkage", "0.3"], "2017-12-06", 1)
    # A failed run does not write --out.
    keep = files.write("keep.csv", "precious\n")
    check_one_line_error(tap, wfm, H + S + N + T + ["--out", keep, "--shrinkage-file", big,
                                                    "--shrinkage", "0.3"], "2017-12-06", 1)
    tap.check(open(keep).read() == "precious\n", "a failed plan leaves --out FILE alone")


def quoted_in(quote, out):
    """Whether README's @p quote ("…" for what it leaves out) is in @p out,
    its pieces in order, whitespace aside."""
    at = 0
    out = " ".join(out.split())
    for piece in quote.split("…"):
        piece = " ".join(piece.split())
        at = out.find(piece, at) if piece else at
        if at < 0:
            return False
        at += len(piece)
    return True


def group_readme(tap, wfm, data, files):
    """README's main job as README gives it (source-tree paths; --out and
    --chart into a temporary folder) prints the answer README quotes, and
    with --today 2017-10-01 the one it quotes for a plan made in time."""
    root = os.path.abspath(os.path.join(data, "..", ".."))
    readme = os.path.join(root, "README.md")
    if not os.path.exists(readme):
        tap.skip("README's main job", "no README.md two folders above the data")
        return
    text = open(readme, encoding="utf-8").read()
    command = re.search(r"build/examples/wfm/wfm plan ([^\n]*)\n```", text)
    answer = re.search(r"ending in the answer:\s*`([^`]*)`", text)
    in_time = re.search(r"`--today 2017-10-01`: `([^`]*)`", text)
    tap.check(command and answer and in_time, "README gives the main job and its answers")
    if not (command and answer and in_time):
        return
    args = command.group(1).split()
    for flag, name in (("--out", "plan.csv"), ("--chart", "plan.svg")):
        if flag in args:
            args[args.index(flag) + 1] = files.path(name)
    args = [os.path.join(root, a) if a.startswith("examples/") else a for a in args]
    # --chart: fontconfig's one-off leak under LeakSanitizer (see
    # group_chart), and no chart at all in a build without cairo.
    suppress_leaks(files, "libfontconfig.so")
    probe = plan(wfm, args)
    if probe.returncode != 0 and NO_CHART in probe.stderr:
        i = args.index("--chart")
        args = args[:i] + args[i + 2:]
    for extra, quote, name in (([], answer.group(1), "README's main job"),
                               (["--today", "2017-10-01"], in_time.group(1),
                                "README's main job made in time")):
        proc = check_ok(tap, wfm, args + extra, name)
        tap.check(quoted_in(quote, proc.stdout), name + ": prints what README quotes",
                  (quote, proc.stdout[-600:]))


GROUPS = {
    "contract": group_contract,
    "values": group_values,
    "channels": group_channels,
    "email": group_email,
    "summary": group_summary,
    "readme": group_readme,
    "chart": group_chart,
    "output": group_output,
    "numbers": group_numbers,
    "help": group_help,
    "errors": group_errors,
}


if __name__ == "__main__":
    sys.exit(clitest.main(sys.argv, GROUPS, ["WFM", "DATADIR"], files="wfm-cli-plan-"))
