# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of `wfm plan --xlsx`: the plan as an Excel workbook.

Usage: test-cli-plan-xlsx.py WFM DATADIR GROUP   (GROUP: see GROUPS)
Prints TAP lines; the exit status is the verdict: 0 pass, 1 fail, 77 skip
(the tool was built without libxlsxwriter, or this Python has no
openpyxl: run with Debian's /usr/bin/python3 and python3-openpyxl).

The contract:
  wfm plan ... [--out plan.csv] [--summary] --xlsx plan.xlsx
writes a workbook with the sheets intervals (the CSV's columns, Excel
datetimes and numbers, frozen header, percentages for the fractions),
days and weeks (what --summary prints per day and per ISO week, the ramp
included), inputs (the command line, the settings, the shrinkage file's
rows, the calendar's days in the plan) and native charts (daily contacts
with the forecast band, daily peak agents, weekly FTE against staff on
hand). Like --out and --chart it is complete or absent: a failed write
leaves no file, no temporary file and none of the command's other
outputs; an --xlsx naming an input or another output is refused (exit 2).

The workbook is read with openpyxl (an independent reader) and its zip
directly; every value is checked against the CSV and the --summary text of
the same run, the inputs against the files they came from.
"""
import csv
import datetime
import os
import re
import shlex
import shutil
import sys
import tempfile
import zipfile

import clitest
from clitest import Tap, day, describe, listing, suppress_leaks

try:
    import openpyxl
except ImportError:  # checked in main(): the test is skipped
    openpyxl = None

SKIP = 77
NO_XLSX = "wfm was built without workbook support (libxlsxwriter)"
SHEETS = ["intervals", "days", "weeks", "inputs"]
HEADER = clitest.PLAN_HEADER.split(",")
# The CSV's decimals per column (counts and seconds 3, agents 0, fractions 6).
DECIMALS = dict(zip(HEADER[1:], [3, 3, 3, 3, 3, 0, 0, 6, 3, 6, 6, 6, 6, 6, 3]))
FRACTIONS = {"service_level", "occupancy", "shrinkage", "abandon_rate",
             "sl_at_lower", "sl_at_upper"}


class Skip(Exception):
    pass


plan = clitest.Command("plan", timeout=180)
check_ok = plan.check_ok


def limited(wfm, args, blocks, timeout=180):
    """`wfm plan ARGS` under `ulimit -f BLOCKS` (1024-byte blocks); exit 99
    when the shell cannot set the limit."""
    return clitest.limited(wfm, ["plan"] + list(args), blocks, timeout=timeout)


def one_line(proc, rc, mentions):
    return clitest.one_line(proc, rc, mentions, "wfm plan: ")


class Data:
    def __init__(self, data):
        self.hourly = os.path.join(data, "nyc_ems_hourly.csv")
        self.holidays = os.path.join(data, "holidays_us.csv")
        self.shrinkage = os.path.join(data, "shrinkage.csv")


def readme_job(d, extra=()):
    """README's main job (peak season 2017 on the bundled data), without
    its --out, --summary and --chart, which each test adds as it needs."""
    return ["--history", d.hourly, "--events", d.holidays, "--start", "2017-11-13",
            "--days", "49", "--aht", "150", "--sl", "0.9", "--answer", "10",
            "--max-occupancy", "0.85", "--shrinkage", "0.3",
            "--shrinkage-file", d.shrinkage] + list(extra)


def as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def near(printed, value, decimals, scale=1.0):
    """Whether @p value, scaled, prints as @p printed with @p decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return abs(scale * value - printed) <= 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(printed))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


# --- the intervals sheet against the CSV -------------------------------------------------

def check_intervals(tap, book, csv_path, name):
    header, rows = read_csv(csv_path)
    ws = book["intervals"]
    cells = list(ws.iter_rows(values_only=False))
    got_header = [c.value for c in cells[0]]
    tap.check(header == HEADER and got_header == HEADER,
              "%s: the intervals sheet's header is the CSV's" % name, got_header)
    tap.check(len(cells) - 1 == len(rows) > 0,
              "%s: one row per CSV row (%d)" % (name, len(rows)),
              "sheet %d rows, CSV %d" % (len(cells) - 1, len(rows)))
    bad, formats = [], {}
    for i, (row, line) in enumerate(zip(cells[1:], rows)):
        when = datetime.datetime.strptime(line[0], "%Y-%m-%d %H:%M")
        if row[0].value != when:
            bad.append("row %d datetime: %r, CSV %s" % (i + 2, row[0].value, line[0]))
        formats.setdefault("datetime", set()).add(row[0].number_format)
        for col, cell, text in zip(HEADER[1:], row[1:], line[1:]):
            value = cell.value
            if text == "":
                ok = value is None
            elif text in ("inf", "-inf"):
                ok = value == text
            else:
                ok = near(float(text), value, DECIMALS[col])
                formats.setdefault(col, set()).add(cell.number_format)
            if not ok:
                bad.append("row %d %s: %r, CSV %r" % (i + 2, col, value, text))
    tap.check(not bad, "%s: every interval's datetime and numbers equal the CSV's "
              "(datetimes exactly, numbers to its printed precision; empty where it is)"
              % name, "\n".join(bad[:10]))
    want = {"datetime": "yyyy-mm-dd hh:mm"}
    want.update({c: "0.0%" for c in FRACTIONS})
    want.update({"required_agents": "0", "scheduled_agents": "0"})
    wrong = ["%s: %s" % (c, sorted(formats.get(c, {None}))) for c in want
             if c in formats and formats[c] != {want[c]}]
    tap.check(not wrong and "datetime" in formats,
              "%s: number formats: Excel datetimes, percentages for SL, occupancy and "
              "the other fractions, whole agents" % name, "\n".join(wrong))
    return formats


# --- the days and weeks sheets against --summary -----------------------------------------

DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\w{3}) +([\d,.]+) +([\d.]+|-|inf) +"
                      r"([\d.]+|-|inf) +([\d.]+|-|inf) +(\d+) +(\d+) +([\d,.]+) +"
                      r"([\d,.]+) +([\d.]+)$", re.M)
WEEK_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) +(7|[1-6]/7) +([\d,.]+) +([\d,.]+) +"
                       r"([\d.]+|-) +([\d.]+|-) +([\d.]+|-) +(\d{4}-\d{2}-\d{2}|-) +"
                       r"([\d.]+|-)( +partial)?$", re.M)


def number(text):
    return float(text.replace(",", ""))


def sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def check_days(tap, book, text, name):
    printed = DAY_LINE.findall(text)
    header, rows = sheet_rows(book["days"])
    tap.check(header == ["day", "contacts", "lower", "upper", "SL", "ASA s", "occupancy",
                         "peak req", "peak sch", "req hours", "sch hours", "FTE"],
              "%s: the days sheet's columns" % name, header)
    bad = []
    if len(printed) != len(rows) or not rows:
        bad.append("%d summary days, %d sheet rows" % (len(printed), len(rows)))
    weekday = "Mon Tue Wed Thu Fri Sat Sun".split()
    for p, r in zip(printed, rows):
        date = day(p[0])
        if as_date(r["day"]) != date or weekday[date.weekday()] != p[1]:
            bad.append("%s: day %r" % (p[0], r["day"]))
            continue
        checks = [("contacts", number(p[2]), 1, 1.0), ("peak req", float(p[6]), 0, 1.0),
                  ("peak sch", float(p[7]), 0, 1.0), ("req hours", number(p[8]), 1, 1.0),
                  ("sch hours", number(p[9]), 1, 1.0), ("FTE", float(p[10]), 1, 1.0)]
        for key, text_value, scale in (("SL", p[3], 100.0), ("ASA s", p[4], 1.0),
                                       ("occupancy", p[5], 100.0)):
            if text_value == "-":
                if r[key] is not None:
                    bad.append("%s %s: %r, summary -" % (p[0], key, r[key]))
            elif text_value == "inf":
                if r[key] != "inf":
                    bad.append("%s %s: %r, summary inf" % (p[0], key, r[key]))
            else:
                checks.append((key, float(text_value), 1, scale))
        for key, want, decimals, scale in checks:
            if not near(want, r[key], decimals, scale):
                bad.append("%s %s: %r, summary %r" % (p[0], key, r[key], want))
        if not (r["lower"] is not None and r["upper"] is not None
                and r["lower"] <= r["contacts"] + 1e-9 <= r["upper"] + 2e-9):
            bad.append("%s: lower %r, contacts %r, upper %r" % (p[0], r["lower"],
                                                               r["contacts"], r["upper"]))
    tap.check(not bad, "%s: every day's contacts, SL, ASA, occupancy, peak agents, hours "
              "and FTE equal --summary's (to its printed precision)" % name,
              "\n".join(bad[:10]))
    return rows


def check_weeks(tap, book, text, name):
    printed = WEEK_LINE.findall(text)
    header, rows = sheet_rows(book["weeks"])
    tap.check(header == ["week of", "days", "req hours", "sch hours", "FTE", "on staff",
                         "hires", "start by", "short", "note"],
              "%s: the weeks sheet's columns" % name, header)
    bad = []
    if len(printed) != len(rows) or not rows:
        bad.append("%d summary weeks, %d sheet rows" % (len(printed), len(rows)))
    for p, r in zip(printed, rows):
        partial = p[9] != ""
        if as_date(r["week of"]) != day(p[0]):
            bad.append("%s: week of %r" % (p[0], r["week of"]))
            continue
        days = int(p[1].split("/")[0])
        if r["days"] != days or partial != (days < 7):
            bad.append("%s: days %r, summary %s" % (p[0], r["days"], p[1]))
        note = r["note"] or ""
        if partial != note.startswith("partial"):
            bad.append("%s: note %r" % (p[0], note))
        for key, text_value in (("req hours", p[2]), ("sch hours", p[3]), ("FTE", p[4]),
                                ("on staff", p[5]), ("hires", p[6]), ("short", p[8])):
            if text_value == "-":
                if r[key] is not None:
                    bad.append("%s %s: %r, summary -" % (p[0], key, r[key]))
            elif not near(number(text_value), r[key], 1):
                bad.append("%s %s: %r, summary %s" % (p[0], key, r[key], text_value))
        if p[7] == "-":
            if r["start by"] is not None:
                bad.append("%s start by: %r, summary -" % (p[0], r["start by"]))
        elif as_date(r["start by"]) != day(p[7]):
            bad.append("%s start by: %r, summary %s" % (p[0], r["start by"], p[7]))
        if (p[8] != "-") != note.startswith("too late"):
            bad.append("%s: note %r, short %s" % (p[0], note, p[8]))
    tap.check(not bad, "%s: every week's hours, FTE, on staff, hires, start by and short "
              "equal --summary's, partial weeks as partial" % name, "\n".join(bad[:10]))
    return rows


def check_formats(tap, book, name):
    """Percentages, one-decimal FTE, dates, frozen headers."""
    want = {"days": {"day": "yyyy-mm-dd ddd", "SL": "0.0%", "occupancy": "0.0%",
                     "FTE": "0.0", "contacts": "#,##0.0", "peak req": "0"},
            "weeks": {"week of": "yyyy-mm-dd", "FTE": "0.0", "on staff": "0.0",
                      "hires": "0.0", "start by": "yyyy-mm-dd"}}
    wrong = []
    for sheet, columns in want.items():
        ws = book[sheet]
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        for column, fmt in columns.items():
            col = header.index(column)
            seen = {row[col].number_format for row in ws.iter_rows(min_row=2)
                    if row[col].value is not None}
            if seen and seen != {fmt}:
                wrong.append("%s %s: %s" % (sheet, column, sorted(seen)))
    tap.check(not wrong, "%s: days and weeks number formats (percentages for SL and "
              "occupancy, one decimal for FTE, dates)" % name, "\n".join(wrong))
    panes = {s: book[s].freeze_panes for s in ("intervals", "days", "weeks")}
    tap.check(panes == {"intervals": "B2", "days": "B2", "weeks": "B2"},
              "%s: header row and first column frozen on intervals, days and weeks" % name,
              panes)


def run_variant(tap, wfm, files, args, name, tag):
    out, xlsx = files.path(tag + ".csv"), files.path(tag + ".xlsx")
    proc = check_ok(tap, wfm, args + ["--out", out, "--summary", "--xlsx", xlsx], name)
    if proc.returncode != 0:
        return None
    book = openpyxl.load_workbook(xlsx)
    tap.check(book.sheetnames == SHEETS, "%s: sheets %s" % (name, SHEETS), book.sheetnames)
    check_intervals(tap, book, out, name)
    days = check_days(tap, book, proc.stdout, name)
    weeks = check_weeks(tap, book, proc.stdout, name)
    check_formats(tap, book, name)
    return book, days, weeks, proc


# --- groups --------------------------------------------------------------------------------

def group_workbook(tap, wfm, data, files):
    """README's main job: the intervals against the CSV, the days and weeks
    against --summary, formats, panes, filters, the inputs."""
    d = Data(data)
    args = readme_job(d)
    got = run_variant(tap, wfm, files, args, "README main job", "main")
    if got is None:
        return
    book, days, weeks, proc = got
    ws = book["intervals"]
    tap.check(ws.auto_filter.ref == "A1:P%d" % (49 * 24 + 1),
              "filters on the intervals' header", ws.auto_filter.ref)
    tap.check(any(isinstance(c.value, datetime.datetime) and c.number_format ==
                  "yyyy-mm-dd hh:mm" for c in ws["A"][1:2]),
              "datetimes are Excel datetimes, not text", ws["A2"].value)

    # The inputs sheet.
    inputs = list(book["inputs"].iter_rows(values_only=True))
    settings = {r[0]: r[1:] for r in inputs if r[0] is not None}
    xlsx = files.path("main.xlsx")
    command = "wfm plan " + " ".join(shlex.quote(a) for a in
                                     args + ["--out", files.path("main.csv"), "--summary",
                                             "--xlsx", xlsx])
    tap.check(settings.get("command line", [None])[0] == command,
              "inputs: the command line, quoted for a shell",
              "%r\n%r" % (settings.get("command line"), command))
    tap.check(shlex.split(settings["command line"][0])[2:] ==
              args + ["--out", files.path("main.csv"), "--summary", "--xlsx", xlsx],
              "inputs: the command line splits back into the arguments")
    expect = {"history": d.hourly, "days": 49, "interval (minutes)": 60, "channel": "voice",
              "service level target": 0.9, "answered within (s)": 10,
              "occupancy at most": 0.85, "AHT (s)": 150, "shrinkage (base)": 0.3,
              "shrinkage file": d.shrinkage, "contract hours a week": 37.5,
              "attrition a year": 0.3, "hire lead days": 42,
              "events (Prophet CSV)": d.holidays}
    wrong = ["%s: %r, want %r" % (k, settings.get(k, [None])[0], v) for k, v in expect.items()
             if settings.get(k, [None])[0] != v]
    tap.check(not wrong, "inputs: the settings the plan ran with", "\n".join(wrong))
    tap.check(as_date(settings.get("first day", [None])[0]) == day("2017-11-13")
              and as_date(settings.get("last day", [None])[0]) == day("2017-12-31")
              and as_date(settings.get("plan made on", [None])[0]) == day("2017-11-12"),
              "inputs: first and last day, the day the plan is made (as dates)",
              [settings.get(k) for k in ("first day", "last day", "plan made on")])
    tap.check("90 % in 10 s" in (settings.get("targets", [""])[0] or ""),
              "inputs: the targets in words", settings.get("targets"))
    # The shrinkage file's rows, in order, as dates and rates.
    want_rows = []
    with open(d.shrinkage, encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) >= 3 and re.match(r"\d{4}-\d\d-\d\d$", parts[0]):
                want_rows.append((day(parts[0]), day(parts[1]), float(parts[2])))
    start = [i for i, r in enumerate(inputs) if r[0] == "shrinkage file rows"]
    got_rows = []
    if start:
        for r in inputs[start[0] + 1:]:
            if r[0] is None:
                break
            got_rows.append((as_date(r[1]), as_date(r[2]), r[4]))
    tap.check(got_rows == want_rows, "inputs: the shrinkage file's rows (dates, rates)",
              "%r\n%r" % (got_rows, want_rows))
    # The calendar's days in the plan, from the Prophet file (windows too).
    first, last = day("2017-11-13"), day("2017-12-31")
    want_days = set()
    with open(d.holidays, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for off in range(int(r["lower_window"]), int(r["upper_window"]) + 1):
                when = day(r["ds"]) + datetime.timedelta(days=off)
                if first <= when <= last:
                    want_days.add((when, r["holiday"], off))
    start = [i for i, r in enumerate(inputs) if r[0] == "calendar days in the plan"]
    got_days = set()
    if start:
        for r in inputs[start[0] + 1:]:
            if r[0] is None:
                break
            got_days.add((as_date(r[0]), r[1], r[2]))
    tap.check(got_days == want_days and len(want_days) >= 7,
              "inputs: the calendar's event days in the plan (%d)" % len(want_days),
              "%r\n%r" % (sorted(got_days), sorted(want_days)))
    props = book.properties
    tap.check((props.title or "") == "Staffing plan 2017-11-13 .. 2017-12-31",
              "the workbook's title", props.title)


def group_summary(tap, wfm, data, files):
    """Days and weeks against --summary beyond the main job: partial weeks,
    --headcount and --today, the upper bound, Erlang A, chat, email."""
    d = Data(data)
    base = ["--history", d.hourly, "--events", d.holidays]
    voice = ["--aht", "150", "--sl", "0.9", "--answer", "10"]
    variants = [
        ("partial weeks (Wednesday to Friday)",
         base + ["--start", "2017-11-15", "--days", "17"] + voice),
        ("--headcount 75 --today 2017-10-01 --staff-to upper",
         base + ["--start", "2017-11-13", "--days", "28", "--headcount", "75",
                 "--today", "2017-10-01", "--staff-to", "upper"] + voice),
        ("Erlang A",
         base + ["--start", "2017-11-13", "--days", "14", "--aht", "150", "--sl", "0.8",
                 "--answer", "20", "--patience", "120", "--max-abandon", "0.05"]),
        ("chat",
         base + ["--start", "2017-11-13", "--days", "14", "--channel", "chat",
                 "--chat-aht", "150,180,220", "--sl", "0.8", "--answer", "30"]),
        ("email", base + ["--start", "2017-11-13", "--days", "14", "--channel", "email",
                          "--aht", "300", "--deadline", "24"]),
        ("a one-day plan", base + ["--start", "2017-11-16", "--days", "1"] + voice),
    ]
    for k, (name, args) in enumerate(variants):
        got = run_variant(tap, wfm, files, args, name, "v%d" % k)
        if got is None:
            continue
        book, days, weeks, proc = got
        if name == "email":
            tap.check(all(r["SL"] is None and r["ASA s"] is None for r in days),
                      "email: no SL or ASA (empty cells, as the summary's -)")
            ws = book["intervals"]
            tap.check(all(ws.cell(row=i, column=9).value is None for i in range(2, 50))
                      and all(ws.cell(row=i, column=16).value is not None
                              for i in range(2, 50)),
                      "email: service_level empty, backlog given, as in the CSV")
        if name.startswith("partial"):
            tap.check([r["days"] for r in weeks] == [5, 7, 5]
                      and weeks[0]["FTE"] is None and weeks[1]["FTE"] is not None,
                      "partial weeks: 5/7, 7, 5/7 days; no FTE for the partial ones",
                      [(r["days"], r["FTE"]) for r in weeks])


def chart_refs(chart):
    out = []
    for s in chart.series:
        cat = s.cat.numRef.f if s.cat is not None and s.cat.numRef is not None else None
        out.append((s.tx.strRef.f if s.tx is not None and s.tx.strRef is not None else None,
                    cat, s.val.numRef.f if s.val is not None else None))
    return out


def group_charts(tap, wfm, data, files):
    """Native charts: their presence, types, the cells they plot (openpyxl)
    and the parts of the zip."""
    d = Data(data)
    xlsx = files.path("charts.xlsx")
    proc = check_ok(tap, wfm, readme_job(d, ["--out", files.path("charts.csv"),
                                             "--xlsx", xlsx]), "README main job")
    if proc.returncode != 0:
        return
    book = openpyxl.load_workbook(xlsx)
    counts = {ws.title: len(ws._charts) for ws in book.worksheets}
    tap.check(counts == {"intervals": 0, "days": 2, "weeks": 1, "inputs": 0},
              "two charts on days, one on weeks", counts)
    days = book["days"]._charts
    weeks = book["weeks"]._charts
    if len(days) == 2 and len(weeks) == 1:
        n = 49 + 1
        contacts, agents, fte = chart_refs(days[0]), chart_refs(days[1]), chart_refs(weeks[0])
        cat = "days!$A$2:$A$%d" % n
        tap.check(contacts == [("days!$C$1", cat, "days!$C$2:$C$%d" % n),
                               ("days!$B$1", cat, "days!$B$2:$B$%d" % n),
                               ("days!$D$1", cat, "days!$D$2:$D$%d" % n)],
                  "daily contacts chart: lower, forecast, upper per day", contacts)
        tap.check(days[0].upDownBars is not None,
                  "daily contacts chart: the lower-upper band (up-down bars)")
        tap.check(agents == [("days!$H$1", cat, "days!$H$2:$H$%d" % n),
                             ("days!$I$1", cat, "days!$I$2:$I$%d" % n)],
                  "agents chart: daily peak required and scheduled", agents)
        wcat = "weeks!$A$2:$A$8"
        tap.check(fte == [("weeks!$E$1", wcat, "weeks!$E$2:$E$8"),
                          ("weeks!$F$1", wcat, "weeks!$F$2:$F$8")],
                  "weekly chart: FTE needed against staff on hand", fte)
        tap.check(all(type(c).__name__ == "LineChart" for c in days + weeks),
                  "the charts are line charts", [type(c).__name__ for c in days + weeks])
    with zipfile.ZipFile(xlsx) as z:
        names = set(z.namelist())
        bad = z.testzip()
        charts = sorted(n for n in names if re.match(r"xl/charts/chart\d+\.xml$", n))
        tap.check(bad is None and charts == ["xl/charts/chart%d.xml" % i for i in (1, 2, 3)]
                  and all(b"<c:lineChart>" in z.read(c) for c in charts)
                  and b"<c:upDownBars>" in z.read(charts[0]),
                  "the zip: intact, three DrawingML line charts, the band in the first",
                  "%r %r" % (bad, charts))
        rels = "".join(z.read(n).decode() for n in names
                       if re.match(r"xl/drawings/_rels/drawing\d+\.xml\.rels$", n))
        tap.check(all("../charts/chart%d.xml" % i in rels for i in (1, 2, 3)),
                  "each chart is placed in a sheet's drawing")


def group_output(tap, wfm, data, files):
    """Complete or absent, with the other outputs: failed writes leave no
    file, no temporary file and no CSV; outputs never replace inputs."""
    d = Data(data)
    # libxlsxwriter's failure paths do not free everything (and fontconfig,
    # under cairo, never does): not this tool's leaks.
    suppress_leaks(files, "libxlsxwriter.so", "libminizip.so", "libfontconfig.so")
    job = readme_job(d)

    # A file-size limit (the workbook is about 190 KB, its intervals part
    # 700 KB before compression, the CSV 133 KB): below the zip's size (the
    # zip write fails) and between it and the largest part (libxlsxwriter's
    # own temporary files are cut short without a word from it). Never a
    # workbook, never the CSV (which fits from 140 KB on), the old files as
    # they were, no temporary file.
    folder = tempfile.mkdtemp(dir=files.dir, prefix="ulimit-")
    out, xlsx = os.path.join(folder, "plan.csv"), os.path.join(folder, "plan.xlsx")
    for blocks, outputs in ((1, ["--xlsx", xlsx]), (60, ["--xlsx", xlsx]),
                            (150, ["--out", out, "--xlsx", xlsx]),
                            (400, ["--out", out, "--xlsx", xlsx]),
                            (600, ["--out", out, "--xlsx", xlsx])):
        for path in (out, xlsx):
            with open(path, "w") as f:
                f.write("old\n")
        proc = limited(wfm, job + outputs, blocks)
        if proc.returncode == 99:
            tap.skip("ulimit -f %d" % blocks, "the shell cannot set a file-size limit")
            continue
        tap.check(one_line(proc, 1, ["--xlsx", "plan.xlsx"]) and proc.stdout == ""
                  and listing(folder) == ["plan.csv", "plan.xlsx"]
                  and all(open(p).read() == "old\n" for p in (out, xlsx)),
                  "ulimit -f %d, %s: exit 1, one line naming --xlsx, the old files as "
                  "they were, no temporary file" % (blocks, " ".join(outputs[::2])),
                  describe(["ulimit -f %d" % blocks], proc) + "\n%r" % listing(folder))
    for path in (out, xlsx):
        os.remove(path)
    proc = limited(wfm, job + ["--xlsx", xlsx], 1)
    if proc.returncode != 99:
        tap.check(one_line(proc, 1, ["--xlsx", "File too large"]) and listing(folder) == [],
                  "ulimit -f 1: the system's reason (File too large), no file left",
                  describe(["ulimit -f 1"], proc))
    # Under a limit the workbook fits: written, and complete.
    proc = limited(wfm, job + ["--xlsx", xlsx], 4096)
    if proc.returncode != 99:
        ok = proc.returncode == 0 and listing(folder) == ["plan.xlsx"]
        if ok:
            ok = openpyxl.load_workbook(xlsx).sheetnames == SHEETS
        tap.check(ok, "ulimit -f 4096: the workbook fits and is written whole",
                  describe(["ulimit -f 4096"], proc))
        os.remove(xlsx)

    # Folders that cannot take it: exit 1, no CSV, no temporary file.
    a_file = os.path.join(files.dir, "a-file")
    with open(a_file, "w") as f:
        f.write("x\n")
    for what, target in (("a folder that does not exist", os.path.join(folder, "no", "x.xlsx")),
                         ("under a regular file", os.path.join(a_file, "x.xlsx")),
                         ("a folder", folder)):
        proc = plan(wfm, job + ["--out", out, "--xlsx", target])
        tap.check(one_line(proc, 1, ["--xlsx"]) and listing(folder) == [],
                  "--xlsx %s: exit 1, one line, no plan.csv, no temporary file" % what,
                  describe(["--xlsx", target], proc) + "\n%r" % listing(folder))
    if os.geteuid() != 0:
        ro = os.path.join(folder, "ro")
        os.mkdir(ro, 0o555)
        proc = plan(wfm, job + ["--out", out, "--xlsx", os.path.join(ro, "x.xlsx")])
        tap.check(one_line(proc, 1, ["--xlsx"]) and listing(folder) == ["ro"],
                  "--xlsx in a read-only folder: exit 1, no plan.csv",
                  describe(["--xlsx", "ro/x.xlsx"], proc))
        os.rmdir(ro)
    else:
        tap.skip("--xlsx in a read-only folder", "running as root")
    # Without --out, a failed workbook prints no CSV either.
    proc = plan(wfm, job + ["--xlsx", os.path.join(folder, "no", "x.xlsx")])
    tap.check(one_line(proc, 1, ["--xlsx"]) and proc.stdout == "",
              "--xlsx fails, no --out: nothing on stdout", describe(["--xlsx"], proc))

    # A workbook written: the file alone, mode 0666 less the umask; an
    # existing file keeps its mode; a link keeps pointing at the new one.
    ok_dir = tempfile.mkdtemp(dir=files.dir, prefix="ok-")
    xlsx = os.path.join(ok_dir, "plan.xlsx")
    proc = plan(wfm, job + ["--xlsx", xlsx, "--out", os.devnull])
    mask = os.umask(0)
    os.umask(mask)
    tap.check(proc.returncode == 0 and listing(ok_dir) == ["plan.xlsx"]
              and os.stat(xlsx).st_mode & 0o777 == 0o666 & ~mask,
              "--xlsx written, no temporary file, mode 0666 less the umask",
              describe(["--xlsx"], proc) + "\n%r" % listing(ok_dir))
    os.chmod(xlsx, 0o640)
    link = os.path.join(ok_dir, "latest.xlsx")
    os.symlink("plan.xlsx", link)
    before = os.stat(xlsx).st_mtime_ns
    proc = plan(wfm, job + ["--xlsx", link, "--out", os.devnull])
    tap.check(proc.returncode == 0 and os.path.islink(link)
              and os.stat(xlsx).st_mode & 0o777 == 0o640
              and listing(ok_dir) == ["latest.xlsx", "plan.xlsx"]
              and openpyxl.load_workbook(link).sheetnames == SHEETS,
              "--xlsx over a link replaces its target, keeping the link and the mode",
              describe(["--xlsx", "latest.xlsx"], proc) + "\n%r %r" % (listing(ok_dir), before))
    proc = plan(wfm, job + ["--xlsx", os.devnull, "--out", os.devnull])
    tap.check(proc.returncode == 0 and proc.stderr == "",
              "--xlsx /dev/null: written in place, exit 0", describe(["--xlsx", "/dev/null"], proc))

    # An --xlsx that names an input or another output: exit 2, before
    # anything is read or written.
    in_dir = tempfile.mkdtemp(dir=files.dir, prefix="inputs-")
    hist = os.path.join(in_dir, "history.csv")
    shutil.copyfile(d.hourly, hist)
    shrink = os.path.join(in_dir, "shrinkage.csv")
    shutil.copyfile(d.shrinkage, shrink)
    events = os.path.join(in_dir, "holidays.csv")
    shutil.copyfile(d.holidays, events)
    os.symlink("history.csv", os.path.join(in_dir, "link.csv"))
    before = {p: open(os.path.join(in_dir, p), "rb").read() for p in listing(in_dir)}
    base = ["--history", hist, "--events", events, "--start", "2017-11-13", "--days", "7",
            "--aht", "150", "--sl", "0.9", "--answer", "10", "--shrinkage-file", shrink]
    p_csv = os.path.join(in_dir, "p.csv")
    cases = [
        (["--xlsx", hist], ["--xlsx", "--history"]),
        (["--xlsx", os.path.join(in_dir, "link.csv")], ["--xlsx", "--history"]),
        (["--xlsx", shrink], ["--xlsx", "--shrinkage-file"]),
        (["--xlsx", events], ["--xlsx", "--events"]),
        (["--out", p_csv, "--xlsx", p_csv], ["--xlsx", "--out"]),
        (["--out", p_csv, "--xlsx", os.path.join(in_dir, "p.xlsx"), "--chart",
          os.path.join(in_dir, "p.xlsx")], ["--chart", "--xlsx"]),
    ]
    for extra, mentions in cases:
        proc = plan(wfm, base + extra)
        if "--chart" in extra and "without chart support" in proc.stderr:
            tap.skip("--chart equal to --xlsx", "built without cairo")
            continue
        after = {p: open(os.path.join(in_dir, p), "rb").read() for p in listing(in_dir)}
        tap.check(one_line(proc, 2, mentions) and proc.stdout == "" and after == before,
                  "wfm plan %s: exit 2, one line naming %s, nothing written"
                  % (" ".join(os.path.basename(x) if "/" in x else x for x in extra),
                     mentions), describe(extra, proc))


def group_limits(tap, wfm, data, files):
    """An Excel sheet holds 1,048,576 rows: a longer plan is refused with
    one line (the CSV has no limit), and nothing is written."""
    hist = files.path("five-minute.csv")
    with open(hist, "w") as f:
        f.write("datetime,volume\n")
        first = datetime.datetime(2017, 1, 2)
        for k in range(28 * 288):
            t = first + datetime.timedelta(minutes=5 * k)
            f.write("%s,%d\n" % (t.strftime("%Y-%m-%d %H:%M"), 3 + (k % 288) // 48))
    xlsx = files.path("long.xlsx")
    # 3641 days x 288 intervals = 1,048,608 rows + the header.
    proc = plan(wfm, ["--history", hist, "--start", "2017-01-30", "--days", "3641",
                      "--aht", "150", "--sl", "0.8", "--answer", "20", "--xlsx", xlsx],
                timeout=600)
    tap.check(one_line(proc, 1, ["--xlsx", "1048608 intervals", "1048575 rows"])
              and proc.stdout == "" and listing(files.dir) == ["five-minute.csv"],
              "a plan longer than a sheet: exit 1, one line, no workbook, no CSV on "
              "standard output", describe(["--days", "3641", "--xlsx"], proc))


def group_help(tap, wfm, data, files):
    proc = plan(wfm, ["--help"])
    tap.check(proc.returncode == 0 and re.search(r"^  --xlsx FILE\.xlsx\b", proc.stdout, re.M)
              and "[--xlsx plan.xlsx]" in proc.stdout,
              "wfm plan --help lists --xlsx", describe(["--help"], proc))


GROUPS = {
    "workbook": group_workbook,
    "summary": group_summary,
    "charts": group_charts,
    "output": group_output,
    "limits": group_limits,
    "help": group_help,
}


def main(argv):
    parsed = clitest.parse_args(argv, GROUPS, ["WFM", "DATADIR"])
    if parsed is None:
        return 2
    (wfm, data), group = parsed
    tap = Tap()
    files = clitest.Files("wfm-cli-plan-xlsx-")
    try:
        # Built without libxlsxwriter: --xlsx is refused with one line
        # (exit 2) before anything is read; the rest is skipped.
        probe = plan(wfm, ["--history", files.path("none.csv"), "--start",
                           "2017-11-13", "--days", "1", "--aht", "150", "--sl", "0.8",
                           "--answer", "20", "--xlsx", files.path("p.xlsx")])
        if NO_XLSX in probe.stderr:
            ok = tap.check(one_line(probe, 2, ["--xlsx", NO_XLSX]) and probe.stdout == ""
                           and listing(files.dir) == [],
                           "built without libxlsxwriter: --xlsx is refused, exit 2",
                           describe(["--xlsx"], probe))
            tap.finish()
            return SKIP if ok else 1
        if openpyxl is None and group != "help":
            print("# SKIP openpyxl is missing (Debian: python3-openpyxl)")
            tap.finish()
            return SKIP
        GROUPS[group](tap, wfm, data, files)
    finally:
        files.cleanup()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
