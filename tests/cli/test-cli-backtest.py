# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the `wfm backtest` command-line contract (the accuracy report).

Usage: test-cli-backtest.py WFM LIBWFM DATADIR GROUP   (GROUP: see GROUPS)
Prints TAP. Standard library only; run with /usr/bin/python3.

The contract:
  wfm backtest --history FILE --origins LIST --days N [--events FILE]...
               [--calendar NAME|FILE]... [--method NAME] [--quantiles LO,HI]
               [--training-days N] [--peers] [--format text|csv] [--out FILE]
scores, per origin, the forecast made from the history before it (WAPE,
MASE, bias %, coverage of the bounds) over all scored days and over the
holiday days (the calendar's events at offset 0), and their means; --peers
adds the seasonal-naive baselines of shared/data/PEERS.md on the same
windows. --format csv prints the header CSV_HEADER and one row per (origin,
model), then the "mean" rows. Bad input: one line on stderr, nothing on
stdout, exit 2 (command line) or 1 (files, or an origin the history cannot
serve).

DATADIR is tests/data/volume. The groups:
  contract  the CSV and text layouts, ordering, --out, the range form;
  peers     NYC EMS daily on PEERS.md's four Nov-Dec windows: snaive7 per
            origin and on the holiday days equals PEERS.md's published
            numbers (4 decimals), snaive7 and snaive364 equal the
            definitions computed here, the holiday-day scores of the
            forecast equal `wfm forecast`'s output scored here;
  intraday  the NA bank on PEERS.md's protocol (8 weeks = 56 calendar days
            of training, 14 days ahead of which the 10 weekdays are scored):
            profile_avg and snaive_week equal PEERS.md's numbers;
  library   WAPE, MASE, bias and coverage per origin equal
            wfm_forecast_backtest()'s through ctypes (LIBWFM);
  help, errors.
"""
import csv
import datetime
import os
import re
import sys

import clitest
from clitest import check_fits_80, check_listed, check_usage, csv_rows, day, describe, run

CSV_HEADER = ("origin,model,method,days,wape,mase,bias_pct,coverage,"
              "holiday_days,holiday_wape,holiday_mase,holiday_bias_pct,"
              "holiday_coverage")
NYC_ORIGINS = ["2014-11-01", "2015-11-01", "2016-11-01", "2017-11-01"]
BANK_ORIGINS = ["2003-07-28", "2003-08-04", "2003-08-11", "2003-08-18"]

# shared/data/PEERS.md, "NYC EMS daily — results": WAPE per window, and the
# snaive7 holiday-day WAPE of the "All metrics per window" table.
PEERS_SNAIVE7 = [0.0537, 0.0428, 0.0731, 0.0478]
PEERS_SNAIVE7_HOLIDAY = [0.0991, 0.0937, 0.0731, 0.0829]
# "NA bank 2003, 30-minute — results": WAPE per window.
PEERS_PROFILE_AVG = [0.0642, 0.0586, 0.0578, 0.0512]
PEERS_SNAIVE_WEEK = [0.0793, 0.1053, 0.0742, 0.0650]


backtest = clitest.Command("backtest", timeout=300)
check_ok = backtest.check_ok
check_one_line_error = backtest.check_one_line_error


def parse_csv(text):
    """(header, {(origin, model): row dict})."""
    rows = csv_rows(text)
    if not rows:
        return None, {}
    head = ",".join(rows[0])
    out = {}
    for r in rows[1:]:
        if len(r) == len(rows[0]):
            out[(r[0], r[1])] = dict(zip(rows[0], r))
    return head, out


def num(text):
    return float(text) if text != "" else None


def close(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol


# --- series read here, independently of the library -----------------------------

def read_daily(path):
    """{date: volume or None (empty = not observed)}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[day(row["date"])] = float(row["volume"]) if row["volume"] else None
    return out


def read_intraday(path, step=30):
    """{date: {interval: volume}}; a day present has its absent intervals 0."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = datetime.datetime.strptime(row["datetime"], "%Y-%m-%d %H:%M")
            out.setdefault(t.date(), {})[(t.hour * 60 + t.minute) // step] = float(
                row["volume"])
    return out


def holidays(path):
    """The dates of the Prophet CSV's events (all windows there are 0)."""
    with open(path, encoding="utf-8") as f:
        return {day(r["ds"]) for r in csv.DictReader(f)}


def wape(pairs):
    den = sum(a for _f, a in pairs)
    return sum(abs(f - a) for f, a in pairs) / den if pairs and den > 0 else None


# --- the contract -------------------------------------------------------------------

def group_contract(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    bank = os.path.join(data, "na_bank_2003_30min.csv")
    base = ["--history", nyc, "--events", hol, "--days", "61"]
    args = base + ["--origins", ",".join(NYC_ORIGINS), "--format", "csv"]
    proc = check_ok(tap, wfm, args, "NYC csv")
    tap.check(proc.stdout.split("\n", 1)[0] == CSV_HEADER,
              "csv header is exactly %r" % CSV_HEADER, proc.stdout[:200])
    lines = proc.stdout.splitlines()
    keys = [tuple(l.split(",")[:2]) for l in lines[1:]]
    tap.check(keys == [(o, "wfm") for o in NYC_ORIGINS] + [("mean", "wfm")],
              "csv without --peers: one wfm row per origin, then the mean", repr(keys))
    tap.check(proc.stdout.endswith("\n") and "\r" not in proc.stdout
              and all(l.count(",") == CSV_HEADER.count(",") for l in lines),
              "csv: LF line ends, every row has the header's 13 fields", proc.stdout[:400])
    _h, rows = parse_csv(proc.stdout)
    number = re.compile(r"^-?(0|[1-9]\d*)\.\d{6}$")
    ok = True
    for o in NYC_ORIGINS:
        r = rows[(o, "wfm")]
        ok = ok and r["method"] in ("regression", "recent-weeks")
        ok = ok and all(number.match(r[c]) for c in ("wape", "mase", "bias_pct", "coverage",
                                                     "holiday_wape", "holiday_mase",
                                                     "holiday_bias_pct", "holiday_coverage"))
        ok = ok and r["days"] == ("60" if o == "2014-11-01" else "61")
        ok = ok and r["holiday_days"] == "7"
        ok = ok and 0 < float(r["wape"]) < 0.1 and 0 <= float(r["coverage"]) <= 1
    tap.check(ok, "csv rows: method named, six-decimal numbers, 60 days scored in "
              "2014 (2014-11-03 is not observed) and 61 after, 7 holiday days",
              proc.stdout)
    mean = rows[("mean", "wfm")]
    want = sum(float(rows[(o, "wfm")]["wape"]) for o in NYC_ORIGINS) / 4
    tap.check(mean["method"] == "" and mean["days"] == "" and mean["holiday_days"] == ""
              and close(num(mean["wape"]), want, 1e-6),
              "the mean row: empty method and days, WAPE the mean over origins",
              "mean %r, want %r" % (mean, want))

    again = backtest(wfm, args)
    tap.check(again.stdout == proc.stdout, "the same command gives the same bytes",
              describe(args, again))
    shuffled = base + ["--origins", ",".join(reversed(NYC_ORIGINS)), "--format=csv"]
    proc2 = backtest(wfm, shuffled)
    tap.check(proc2.returncode == 0 and proc2.stdout == proc.stdout,
              "origins in another order: the same report (date order)",
              describe(shuffled, proc2, 300))

    # Text: the tables, all rows of the CSV's values, lines within 80 columns.
    text = check_ok(tap, wfm, base + ["--origins", ",".join(NYC_ORIGINS), "--peers"],
                    "NYC text --peers")
    out = text.stdout
    tap.check(all(len(l) <= 80 for l in out.splitlines()), "text lines fit 80 columns",
              "\n".join(l for l in out.splitlines() if len(l) > 80))
    for title in ("All days", "Holiday days", "Peers on the same windows", "Mean WAPE"):
        tap.check(title in out, "text report has %r" % title, out)
    all_rows = [l for l in out.splitlines() if re.match(r"^\d{4}-\d\d-\d\d  (regression|"
                                                        r"recent-weeks) ", l)]
    text_wape = [l.split()[3] for l in all_rows]
    csv_wape = ["%.4f" % float(rows[(o, "wfm")]["wape"]) for o in NYC_ORIGINS]
    tap.check(text_wape == csv_wape, "text WAPE per origin = the csv's to 4 decimals",
              "text %r, csv %r" % (text_wape, csv_wape))
    default = backtest(wfm, base + ["--origins", ",".join(NYC_ORIGINS), "--peers",
                                    "--format", "text"])
    tap.check(default.stdout == out, "--format text is the default", default.stdout[:200])

    # --out: the same bytes, nothing on stdout.
    target = files.path("report.csv")
    proc3 = backtest(wfm, args + ["--out", target])
    written = open(target, encoding="utf-8").read() if os.path.exists(target) else None
    tap.check(proc3.returncode == 0 and proc3.stdout == "" and written == proc.stdout,
              "--out FILE: the csv's bytes, stdout empty", describe(["--out"], proc3))

    # No calendar: holiday scores empty (csv), "no calendar" (text).
    proc4 = check_ok(tap, wfm, ["--history", nyc, "--days", "28", "--origins",
                                "2017-06-05", "--format", "csv", "--peers"], "no calendar")
    _h, r4 = parse_csv(proc4.stdout)
    tap.check(len(r4) == 6 and all(r["holiday_days"] in ("0", "") and r["holiday_wape"] == ""
                                   for r in r4.values()),
              "no calendar: holiday_days 0 and empty holiday scores", proc4.stdout)
    tap.check(all(r["coverage"] == "" for (o, m), r in r4.items() if m != "wfm"),
              "peers have no coverage (empty)", proc4.stdout)
    text4 = backtest(wfm, ["--history", nyc, "--days", "28", "--origins", "2017-06-05"])
    tap.check("no calendar given" in text4.stdout, "text without a calendar says so",
              text4.stdout)
    # A window without holidays: '-' in text, empty in csv.
    proc5 = backtest(wfm, ["--history", nyc, "--events", hol, "--days", "14",
                           "--origins", "2017-06-05", "--format", "csv"])
    r5 = parse_csv(proc5.stdout)[1].get(("2017-06-05", "wfm"), {})
    tap.check(r5.get("holiday_days") == "0" and r5.get("holiday_wape") == ""
              and r5.get("wape", "") != "",
              "a window without holiday days: holiday scores empty", proc5.stdout)

    # The range form: FIRST..LAST/STEP = the list of its dates (d or w).
    listed = backtest(wfm, ["--history", bank, "--days", "14", "--training-days", "56",
                            "--format", "csv", "--origins", ",".join(BANK_ORIGINS)])
    for spec in ("2003-07-28..2003-08-18/7d", "2003-07-28..2003-08-20/1w",
                 "2003-07-28,2003-08-04..2003-08-18/7d"):
        ranged = backtest(wfm, ["--history", bank, "--days", "14", "--training-days", "56",
                                "--format", "csv", "--origins", spec])
        tap.check(listed.returncode == 0 and ranged.returncode == 0
                  and ranged.stdout == listed.stdout,
                  "--origins %s = the four dates listed" % spec, describe([spec], ranged, 300))


# --- NYC EMS daily against PEERS.md ----------------------------------------------------

def snaive_value(y, lo, hi, d):
    """The peers' input value of day d (PEERS.md gap filling, then earlier weeks)."""
    def value(x):
        v = y.get(x) if lo <= x <= hi else None
        if v is not None:
            return v
        a = y.get(x - datetime.timedelta(7)) if lo <= x - datetime.timedelta(7) <= hi else None
        b = y.get(x + datetime.timedelta(7)) if lo <= x + datetime.timedelta(7) <= hi else None
        return (a + b) / 2 if a is not None and b is not None else None
    while d >= lo:
        v = value(d)
        if v is not None:
            return v
        d -= datetime.timedelta(7)
    return None


def group_peers(tap, wfm, _lib, data, _files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    y = read_daily(nyc)
    hdays = holidays(hol)
    first = min(y)
    args = ["--history", nyc, "--events", hol, "--days", "61", "--origins",
            ",".join(NYC_ORIGINS), "--peers", "--format", "csv"]
    proc = check_ok(tap, wfm, args, "NYC --peers csv")
    _h, rows = parse_csv(proc.stdout)
    keys = [tuple(l.split(",")[:2]) for l in proc.stdout.splitlines()[1:]]
    models = ["wfm", "snaive7", "snaive364"]
    tap.check(keys == [(o, m) for o in NYC_ORIGINS + ["mean"] for m in models],
              "rows: per origin wfm, snaive7, snaive364; then the means", repr(keys))

    got7 = [num(rows.get((o, "snaive7"), {}).get("wape", "")) for o in NYC_ORIGINS]
    tap.check(all(g is not None and round(g, 4) == p for g, p in zip(got7, PEERS_SNAIVE7)),
              "snaive7 WAPE per origin = PEERS.md %r (4 decimals)" % PEERS_SNAIVE7,
              repr(got7))
    goth = [num(rows.get((o, "snaive7"), {}).get("holiday_wape", "")) for o in NYC_ORIGINS]
    tap.check(all(g is not None and round(g, 4) == p
                  for g, p in zip(goth, PEERS_SNAIVE7_HOLIDAY)),
              "snaive7 holiday-day WAPE per origin = PEERS.md %r" % PEERS_SNAIVE7_HOLIDAY,
              repr(goth))
    tap.check(all(rows[(o, m)]["days"] == ("60" if o == "2014-11-01" else "61")
                  for o in NYC_ORIGINS for m in models),
              "every model is scored on the same days: 60 in 2014 (2014-11-03 is "
              "partial, not scored, as in PEERS.md), 61 after", proc.stdout)

    # The definitions, computed here: snaive7 = the last training week
    # repeated; snaive364 = the same weekday 52 weeks earlier (2015-11-02's
    # source, 2014-11-03, is partial: the mean of a week either side).
    # PEERS.md's published snaive364 numbers (0.0717, 0.0533, 0.0717,
    # 0.0572) are not checked: they are those of a 365-day lag (the same
    # date a year earlier, another weekday), not of its own definition
    # T+k-364, which gives 0.0612, 0.0505, 0.0550, 0.0461.
    for o in NYC_ORIGINS:
        origin = day(o)
        lo, hi = first, origin - datetime.timedelta(1)
        pairs = {"snaive7": [], "snaive364": []}
        hpairs = {"snaive7": [], "snaive364": []}
        for k in range(61):
            d = origin + datetime.timedelta(k)
            a = y.get(d)
            if a is None:
                continue
            f7 = snaive_value(y, lo, hi, origin - datetime.timedelta(7 - k % 7))
            f364 = snaive_value(y, lo, hi, d - datetime.timedelta(364 * (k // 364 + 1)))
            for name, f in (("snaive7", f7), ("snaive364", f364)):
                pairs[name].append((f, a))
                if d in hdays:
                    hpairs[name].append((f, a))
        for name in ("snaive7", "snaive364"):
            r = rows.get((o, name), {})
            tap.check(close(num(r.get("wape", "")), wape(pairs[name]), 5e-7)
                      and close(num(r.get("holiday_wape", "")), wape(hpairs[name]), 5e-7),
                      "%s %s: WAPE and holiday-day WAPE = the definition computed here "
                      "(%.6f, %.6f)" % (o, name, wape(pairs[name]), wape(hpairs[name])),
                      repr(r))

    # The forecast's holiday-day scores = `wfm forecast` scored here (its
    # output has 3 decimals: 1e-5 is far above that rounding).
    for o in NYC_ORIGINS:
        fc = run(wfm, ["forecast", "--history", nyc, "--events", hol, "--start", o,
                       "--days", "61"], timeout=120)
        f = {day(r[0]): (float(r[1]), float(r[2]), float(r[3]))
             for r in csv_rows(fc.stdout)[1:]}
        hp = [(f[d][0], y[d]) for d in sorted(f) if d in hdays and y.get(d) is not None]
        ap = [(f[d][0], y[d]) for d in sorted(f) if y.get(d) is not None]
        inside = sum(1 for d in f if d in hdays and y.get(d) is not None
                     and f[d][1] - 5e-4 <= y[d] <= f[d][2] + 5e-4)
        bias = 100 * sum(p - a for p, a in hp) / sum(a for _p, a in hp)
        r = rows.get((o, "wfm"), {})
        tap.check(fc.returncode == 0 and close(num(r.get("wape", "")), wape(ap), 1e-5)
                  and close(num(r.get("holiday_wape", "")), wape(hp), 1e-5)
                  and close(num(r.get("holiday_bias_pct", "")), bias, 1e-3)
                  and close(num(r.get("holiday_coverage", "")), inside / len(hp), 5e-7),
                  "%s: WAPE, holiday-day WAPE, bias and coverage = `wfm forecast` "
                  "scored here (holiday WAPE %.4f over %d days)" % (o, wape(hp), len(hp)),
                  repr(r))

    # The text report compares the forecast with the best peer.
    text = backtest(wfm, [a for a in args if a not in ("--format", "csv")])
    m = re.search(r"Mean WAPE: wfm (\d\.\d{4}), best peer (\w+) (\d\.\d{4})", text.stdout)
    means = {n: num(rows[("mean", n)]["wape"]) for n in models}
    best = min(("snaive7", "snaive364"), key=lambda n: means[n])
    tap.check(m is not None and m.group(2) == best
              and m.group(1) == "%.4f" % means["wfm"] and m.group(3) == "%.4f" % means[best],
              "text: the forecast's mean WAPE against the best peer's (%s)" % best,
              text.stdout)


# --- NA bank 30-minute against PEERS.md --------------------------------------------------

def group_intraday(tap, wfm, _lib, data, _files):
    bank = os.path.join(data, "na_bank_2003_30min.csv")
    args = ["--history", bank, "--days", "14", "--training-days", "56", "--origins",
            ",".join(BANK_ORIGINS), "--peers", "--format", "csv"]
    proc = check_ok(tap, wfm, args, "NA bank --peers csv")
    _h, rows = parse_csv(proc.stdout)
    keys = [tuple(l.split(",")[:2]) for l in proc.stdout.splitlines()[1:]]
    models = ["wfm", "snaive_week", "profile_avg"]
    tap.check(keys == [(o, m) for o in BANK_ORIGINS + ["mean"] for m in models],
              "rows: per origin wfm, snaive_week, profile_avg; then the means", repr(keys))
    tap.check(all(rows[(o, m)]["days"] == "10" for o in BANK_ORIGINS for m in models),
              "the 10 weekdays of each 14-day window are scored (weekends are absent)",
              proc.stdout)
    # Exact to PEERS.md's 4 decimals. PEERS.md fills the absent 2003-07-04
    # with the mean of a week either side before fitting; profile_avg here
    # does the same (both neighbours lie before the origin), so the
    # 2003-07-28 window (whose last 4 Fridays include 07-04) agrees too:
    # skipping that Friday instead would give 0.0636.
    for name, want in (("profile_avg", PEERS_PROFILE_AVG),
                       ("snaive_week", PEERS_SNAIVE_WEEK)):
        got = [num(rows.get((o, name), {}).get("wape", "")) for o in BANK_ORIGINS]
        tap.check(all(g is not None and round(g, 4) == p for g, p in zip(got, want)),
                  "%s WAPE per origin = PEERS.md %r (4 decimals)" % (name, want),
                  repr(got))

    # profile_avg computed here: the mean of the same weekday and interval
    # over the last 4 weeks before the origin, gaps filled as PEERS.md does.
    y = read_intraday(bank)
    for o in BANK_ORIGINS:
        origin = day(o)
        lo = origin - datetime.timedelta(56)

        def cell(d, j):
            if not lo <= d < origin or d not in y:
                return None
            return y[d].get(j, 0.0)

        def filled(d, j):
            v = cell(d, j)
            if v is None:
                a, b = cell(d - datetime.timedelta(7), j), cell(d + datetime.timedelta(7), j)
                v = (a + b) / 2 if a is not None and b is not None else None
            return v

        pairs = []
        for k in range(14):
            d = origin + datetime.timedelta(k)
            if d not in y:
                continue
            src = origin - datetime.timedelta(7 - k % 7)
            for j in range(48):
                vals = [filled(src - datetime.timedelta(7 * w), j) for w in range(4)]
                vals = [v for v in vals if v is not None]
                pairs.append((sum(vals) / len(vals), y[d].get(j, 0.0)))
        got = num(rows.get((o, "profile_avg"), {}).get("wape", ""))
        tap.check(close(got, wape(pairs), 5e-7),
                  "%s profile_avg = the definition computed here (%.6f)" % (o, wape(pairs)),
                  repr(got))

    text = backtest(wfm, [a for a in args if a not in ("--format", "csv")])
    tap.check(text.returncode == 0 and "every 30 minutes" in text.stdout
              and "profile_avg" in text.stdout and "no calendar given" in text.stdout,
              "text report of an intraday history", text.stdout)


# --- the scores are wfm_forecast_backtest()'s ----------------------------------------------

def group_library(tap, wfm, lib_path, data, _files):
    lib = clitest.load_library(tap, lib_path, "scores = wfm_forecast_backtest()")
    if lib is None:
        return
    import ctypes
    from ctypes import c_double, c_int32

    def library_scores(history, events, origins, days, quantiles=None, method=None,
                       training_days=None):
        n = len(origins)
        o = (c_int32 * n)()
        for i, text in enumerate(origins):
            d = c_int32()
            assert lib.wfm_date_parse(text.encode(), ctypes.byref(d)) == 0
            o[i] = d.value
        w, m, b, c = ((c_double * n)() for _ in range(4))
        with clitest.forecast_inputs(lib, history, events, quantiles) as (f, h, cal):
            if method is not None:
                assert lib.wfm_forecast_set_int(f, 0, method) == 0
            if training_days is not None:
                assert lib.wfm_forecast_set_int(f, 3, training_days) == 0
            st = lib.wfm_forecast_backtest(f, h, cal, o, n, days, w, m, b, c)
            assert st == 0, lib.wfm_forecast_errmsg(f)
        return [(w[i], m[i], b[i], c[i]) for i in range(n)]

    nyc = os.path.join(data, "nyc_ems_daily.csv")
    hol = os.path.join(data, "nyc_ems_holidays_us.csv")
    bank = os.path.join(data, "na_bank_2003_30min.csv")
    cases = (
        ("NYC, PEERS.md windows", nyc, hol, NYC_ORIGINS, None, 61, [], {}),
        ("NYC, 2016-12-01 45 days, quantiles 0.25,0.75", nyc, hol, ["2016-12-01"], None,
         45, ["--quantiles", "0.25,0.75"], {"quantiles": (0.25, 0.75)}),
        ("NYC, recent-weeks, 120 training days, origins 2017-09-04..2017-10-30/4w",
         nyc, None, ["2017-09-04", "2017-10-02", "2017-10-30"], "2017-09-04..2017-10-30/4w",
         28, ["--method", "recent-weeks", "--training-days", "120"],
         {"method": 2, "training_days": 120}),
        ("NA bank, PEERS.md windows", bank, None, BANK_ORIGINS, None, 14,
         ["--training-days", "56"], {"training_days": 56}),
    )
    for title, history, events, origins, spec, days, extra, kw in cases:
        args = ["--history", history, "--days", str(days), "--origins",
                spec or ",".join(origins), "--format", "csv"] + extra
        if events:
            args += ["--events", events]
        proc = backtest(wfm, args)
        rows = parse_csv(proc.stdout)[1]
        want = library_scores(history, events, origins, days, **kw)
        problems = []
        for o, (w, m, b, c) in zip(origins, want):
            r = rows.get((o, "wfm"))
            if r is None:
                problems.append("%s: no row" % o)
                continue
            for col, got, ref, tol in (("wape", num(r["wape"]), w, 5e-7),
                                       ("mase", num(r["mase"]), m, 5e-7),
                                       ("bias_pct", num(r["bias_pct"]), 100 * b, 5e-7),
                                       ("coverage", num(r["coverage"]), c, 5e-7)):
                if not close(got, ref, tol):
                    problems.append("%s %s: cli %r, library %r" % (o, col, got, ref))
        tap.check(proc.returncode == 0 and not problems,
                  "%s: WAPE, MASE, bias and coverage per origin = "
                  "wfm_forecast_backtest()'s (WAPE %s)"
                  % (title, ", ".join("%.4f" % x[0] for x in want)),
                  describe(args, proc, 300) + "\n" + "\n".join(problems))


# --- help -------------------------------------------------------------------------------

def group_help(tap, wfm, _lib, _data, _files):
    for args in (["backtest", "--help"], ["backtest", "-h"],
                 ["backtest", "--days", "3", "--help"]):
        check_usage(tap, wfm, args, "Usage: wfm backtest")
    proc = run(wfm, ["backtest", "--help"])
    flat = proc.stdout.replace("\n  ", "")
    missing = [w for w in ("--history", "--origins", "--days", "--events", "--calendar",
                           "--method", "--quantiles", "--training-days", "--peers",
                           "--format", "--out", "FIRST..LAST/STEP", "snaive7",
                           "snaive364", "snaive_week", "profile_avg", "WAPE", "MASE",
                           "bias %", "cover %", "holiday", "Exit status")
               if w not in proc.stdout]
    tap.check(not missing and CSV_HEADER in flat,
              "wfm backtest --help documents options, scores, peers and the csv header",
              "missing: %r" % (missing + ([] if CSV_HEADER in flat else [CSV_HEADER])))
    check_fits_80(tap, proc.stdout)
    check_listed(tap, wfm, "backtest")


# --- bad input ----------------------------------------------------------------------------

def group_errors(tap, wfm, _lib, data, files):
    nyc = os.path.join(data, "nyc_ems_daily.csv")
    H = ["--history", nyc]
    O = ["--origins", "2017-11-01"]
    N = ["--days", "7"]
    usage = [
        ([], "--history"),
        (O + N, "--history"),
        (H + N, "--origins"),
        (H + O, "--days"),
        (H + O + N + ["--bogus"], "--bogus"),
        (H + O + N + ["--bogus=1"], "--bogus"),
        (H + O + N + ["extra"], "extra"),
        (H + O + N + ["--origins", "2017-12-01"], "--origins"),
        (H + ["--origins", "2017-11-31"] + N, ["--origins", "2017-11-31"]),
        (H + ["--origins", "2017-1-1"] + N, ["--origins", "2017-1-1"]),
        (H + ["--origins", "yesterday"] + N, ["--origins", "yesterday"]),
        (H + ["--origins", "2017-11-01,2017-13-01"] + N, ["--origins", "2017-13-01"]),
        (H + ["--origins="] + N, "--origins"),
        (H + ["--origins"] + N, "--origins"),
        (H + ["--origins", ","] + N, "--origins"),
        (H + ["--origins", "2017-11-01,"] + N, "--origins"),
        (H + ["--origins", "2017-11-01,,2017-12-01"] + N, "--origins"),
        (H + ["--origins", "2017-11-01,2017-11-01"] + N, ["--origins", "2017-11-01",
                                                           "more than once"]),
        (H + ["--origins", "2017-11-01,2017-10-25..2017-11-08/7d"] + N,
         ["--origins", "more than once"]),
        (H + ["--origins", "2017-11-01..2017-12-01"] + N, ["--origins", "STEP"]),
        (H + ["--origins", "2017-11-01..2017-12-01/0d"] + N, ["--origins", "STEP"]),
        (H + ["--origins", "2017-11-01..2017-12-01/7"] + N, ["--origins", "STEP"]),
        (H + ["--origins", "2017-11-01..2017-12-01/1y"] + N, ["--origins", "STEP"]),
        (H + ["--origins", "2017-11-01..2017-12-01/-7d"] + N, ["--origins", "STEP"]),
        (H + ["--origins", "2017-12-01..2017-11-01/7d"] + N, ["--origins", "LAST"]),
        (H + ["--origins", "..2017-11-01/7d"] + N, "--origins"),
        (H + ["--origins", "2014-01-01..2017-12-31/1d"] + N, ["--origins", "1000"]),
        (H + O + ["--days", "0"], "--days"),
        (H + O + ["--days", "1.5"], "--days"),
        (H + O + ["--days", "3661"], "--days"),
        (H + O + ["--days", "nan"], "--days"),
        (H + ["--origins", "9999-12-30"] + N, ["--days", "9999-12-31"]),
        (H + O + N + ["--format", "json"], ["--format", "json"]),
        (H + O + N + ["--format"], "--format"),
        (H + O + N + ["--peers=yes"], "--peers"),
        (H + O + N + ["--method", "arima"], ["--method", "arima"]),
        (H + O + N + ["--quantiles", "0.9,0.1"], "--quantiles"),
        (H + O + N + ["--training-days", "-1"], "--training-days"),
        (H + O + N + ["--calendar", "us-retial"], "us-retial"),
        (H + O + N + ["--uplift", "x:0..0:1"], "--uplift"),
        (H + O + N + ["--out", nyc], ["--out", "--history"]),
    ]
    for args, mention in usage:
        check_one_line_error(tap, wfm, args, mention, 2)
    # The command line is checked before any file is read.
    check_one_line_error(tap, wfm, ["--history", files.path("missing.csv"),
                                    "--origins", "2017-13-01"] + N, "--origins", 2)

    # Files, and origins the history cannot serve: exit 1.
    check_one_line_error(tap, wfm, ["--history", files.path("missing.csv")] + O + N,
                         "missing.csv", 1)
    bad = files.write("bad.csv", "date,volume\n2024-01-01,5\n2024-01-02,lots\n")
    check_one_line_error(tap, wfm, ["--history", bad] + O + N, "bad.csv:3", 1)
    check_one_line_error(tap, wfm, H + ["--origins", "2009-06-01"] + N,
                         ["--origins 2009-06-01", "2010-01-01"], 1)
    check_one_line_error(tap, wfm, H + ["--origins", "2017-11-01,2010-01-01"] + N,
                         ["--origins 2010-01-01", "begins on 2010-01-01"], 1)
    check_one_line_error(tap, wfm, H + ["--origins", "2018-03-01"] + N,
                         ["--origins 2018-03-01", "no observed day", "2017-12-31"], 1)
    check_one_line_error(tap, wfm, H + ["--origins", "2010-01-10"] + N,
                         ["origin 2010-01-10", "history"], 1)
    check_one_line_error(tap, wfm, H + ["--origins", "2017-11-01,2010-02-01", "--method",
                                        "regression"] + N,
                         ["origin 2010-02-01", "56"], 1)
    # A failed run leaves --out alone and prints nothing.
    keep = files.write("keep.csv", "precious\n")
    check_one_line_error(tap, wfm, H + ["--origins", "2017-11-01,2010-01-10"] + N
                         + ["--out", keep], "origin 2010-01-10", 1)
    tap.check(open(keep).read() == "precious\n", "a failed run does not touch --out FILE",
              open(keep).read())
    backtest.check_write_error(tap, wfm, H + O + N)


GROUPS = {
    "contract": group_contract,
    "peers": group_peers,
    "intraday": group_intraday,
    "library": group_library,
    "help": group_help,
    "errors": group_errors,
}


if __name__ == "__main__":
    sys.exit(clitest.main(sys.argv, GROUPS, ["WFM", "LIBWFM", "DATADIR"],
                          files="wfm-cli-backtest-"))
