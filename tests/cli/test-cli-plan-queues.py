# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of `wfm plan --queues FILE`: every queue of a plan file in one plan.

Usage: test-cli-plan-queues.py WFM DATADIR GROUP   (GROUP: see GROUPS)
Prints TAP. Standard library only; run with /usr/bin/python3.

The contract (README, "Every queue in one plan"; `wfm plan --help`):
  - the CSV is "queue," and the `wfm plan` header, then each queue's rows,
    exactly the rows of `wfm plan` run on that queue alone with the same
    options, in the file's order;
  - --summary prints each queue's daily and weekly tables, then all queues:
    daily and weekly hours and FTE added up, the peak agents at the same
    moment, and ONE hiring ramp, the combined weekly FTE against one staff
    on hand (--headcount, else the first full week's need brought back to
    the start) after attrition, with start-by dates and shortfalls before
    --today;
  - [plan] holds the whole plan's settings and every queue's defaults, a
    queue's key replaces [plan]'s, the command line replaces [plan]'s,
    relative paths are relative to the plan file's folder;
  - errors in the file are one line naming FILE:LINE and the key (exit 1);
    outputs are all or nothing as `wfm plan`'s.

DATADIR is examples/data. The queues: the bundled NYC EMS hourly series as
voice, the same series scaled as chat, shifted by three hours and scaled
as email, and split into 30-minute halves as a second voice queue (so the
queues do not share an interval), written into a temporary folder. Every
sum, FTE and the ramp are recomputed here from the CSV's own columns.
"""
import csv
import datetime
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

import clitest
from clitest import NO_CHART, Tap, csv_rows, day, describe, suppress_leaks

HEADER = clitest.PLAN_HEADER
NO_QUEUES = "wfm was built without plan files (libinih)"
CONTRACT = 37.5
ATTRITION = 0.3
LEAD = 42


plan = clitest.Command("plan", timeout=180)
check_ok = plan.check_ok


class Files(clitest.Files):
    """The derived queues and the test's files, in a temporary folder."""

    def __init__(self, data):
        super().__init__("wfm-cli-plan-queues-")
        self.data = data
        with open(os.path.join(data, "nyc_ems_hourly.csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        self.derive("voice.csv", rows, 1.0, 0)
        self.derive("chat.csv", rows, 0.3, 0)
        self.derive("email.csv", rows, 0.2, 3)
        lines = ["datetime,volume"]
        for stamp, v in rows:
            half = "" if v == "" else int(v) // 2
            rest = "" if v == "" else int(v) - int(v) // 2
            lines.append("%s,%s" % (stamp, half))
            lines.append("%s:30,%s" % (stamp[:-3], rest))
        self.write("voice30.csv", "\n".join(lines) + "\n")
        for name in ("holidays_us.csv", "shrinkage.csv", "shrinkage-events.csv"):
            shutil.copy(os.path.join(data, name), self.path(name))
        self.write("christmas.csv", "holiday,ds,lower_window,upper_window\n"
                   + "".join("christmas,%d-12-25,0,0\n" % y for y in range(2015, 2019)))

    def derive(self, name, rows, scale, shift):
        lines = ["datetime,volume"]
        for i, (stamp, _) in enumerate(rows):
            v = rows[i - shift][1] if i >= shift else rows[i][1]
            lines.append("%s,%s" % (stamp, "" if v == "" else round(int(v) * scale)))
        self.write(name, "\n".join(lines) + "\n")


PATH_KEYS = ("history", "events", "calendar", "shrinkage-file")


def ini_text(plan_keys, queues):
    """A plan file: [plan] then one section per queue (keys in order)."""
    out = ["; written by test-cli-plan-queues.py", "[plan]"]
    out += ["%s = %s" % kv for kv in plan_keys]
    for name, keys in queues:
        out += ["", "[%s]" % name] + ["%s = %s" % kv for kv in keys]
    return "\n".join(out) + "\n"


def single_args(folder, plan_keys, keys):
    """The `wfm plan` command line of one queue: [plan]'s keys (but
    headcount) unless the queue gives the key, then the queue's."""
    own = {k for k, _ in keys}
    args = []
    for k, v in [kv for kv in plan_keys if kv[0] not in own] + list(keys):
        if k == "headcount":
            continue
        if k in PATH_KEYS and not os.path.isabs(v) and not (k == "calendar" and "." not in v):
            v = os.path.join(folder, v)
        args += ["--" + k, v]
    return args


# The four queues of most groups.
PLAN_KEYS = [("start", "2017-11-15"), ("days", "47"), ("events", "holidays_us.csv"),
             ("shrinkage", "0.25")]
QUEUES = [
    ("voice", [("history", "voice.csv"), ("aht", "150"), ("sl", "0.9"), ("answer", "10"),
               ("shrinkage", "0.3"), ("shrinkage-file", "shrinkage.csv")]),
    ("chat", [("channel", "chat"), ("history", "chat.csv"), ("chat-aht", "180,210,240"),
              ("sl", "0.8"), ("answer", "30")]),
    ("email", [("channel", "email"), ("history", "email.csv"), ("aht", "300"),
               ("deadline", "24"), ("shrinkage-file", "shrinkage-events.csv")]),
    ("voice-30", [("history", "voice30.csv"), ("aht", "150"), ("sl", "0.8"),
                  ("answer", "20"), ("patience", "120"), ("calendar", "us-retail"),
                  ("uplift", "christmas:-1..0:0.2"), ("method", "regression"),
                  ("quantiles", "0.2,0.8"), ("fit-days", "700")]),
]


def check_one_line_error(tap, wfm, args, mentions, want_rc, name=None, cwd=None):
    """The check's name: @p name, or the arguments as they are."""
    return plan.check_one_line_error(tap, wfm, args, mentions, want_rc, cwd=cwd,
                                     name=name or " ".join(args)[:120])


def queues_available(wfm):
    proc = plan(wfm, ["--queues", "/nonexistent/plan.ini"])
    return NO_QUEUES not in proc.stderr, proc


# --- the rows ---------------------------------------------------------------------------

def group_rows(tap, wfm, files):
    ini = files.write("plan.ini", ini_text(PLAN_KEYS, QUEUES))
    out = files.path("all.csv")
    check_ok(tap, wfm, ["--queues", ini, "--out", out], "four queues")
    rows = csv_rows(open(out, encoding="utf-8").read())
    tap.check(rows and ",".join(rows[0]) == "queue," + HEADER,
              "the header is queue, then wfm plan's", rows[:1])
    names = []
    for r in rows[1:]:
        if not names or names[-1] != r[0]:
            names.append(r[0])
    tap.check(names == [q for q, _ in QUEUES], "each queue's rows together, in the "
              "file's order", names)
    for name, keys in QUEUES:
        alone = files.path("alone-%s.csv" % name)
        args = single_args(files.dir, PLAN_KEYS, keys) + ["--out", alone]
        proc = plan(wfm, args)
        want = [[name] + r for r in csv_rows(open(alone, encoding="utf-8").read())[1:]] \
            if proc.returncode == 0 else None
        got = [r for r in rows[1:] if r[0] == name]
        tap.check(want is not None and got == want and len(got) > 0,
                  "[%s]: the rows of wfm plan run alone, prefixed by the name (%d rows)"
                  % (name, len(got)), describe(args, proc) if want is None else
                  "first difference: %r" % (next(((a, b) for a, b in zip(got, want)
                                                  if a != b), (len(got), len(want))),))
    per_day = {"voice": 24, "chat": 24, "email": 24, "voice-30": 48}
    counts = {n: sum(1 for r in rows[1:] if r[0] == n) for n in per_day}
    tap.check(counts == {n: 47 * k for n, k in per_day.items()},
              "47 days of each queue's intervals (60 and 30 minutes)", counts)
    proc = check_ok(tap, wfm, ["--queues", ini], "no --out")
    tap.check(proc.stdout == open(out, encoding="utf-8").read(),
              "without --out the same CSV goes to standard output")


# --- the summary ------------------------------------------------------------------------

def parse_summary(text):
    """{queue or '*': {'days': [tokens], 'weeks': [tokens]}}, and the lines."""
    blocks, cur, mode = {}, None, None
    for line in text.splitlines():
        if line.startswith("Queue "):
            cur, mode = line[6:line.index(":")], None
            blocks[cur] = {"days": [], "weeks": [], "day_lines": []}
        elif line.startswith("All queues ("):
            cur, mode = "*", None
            blocks[cur] = {"days": [], "weeks": [], "day_lines": []}
        elif line.startswith("day "):
            mode = "days"
        elif line.startswith("week of"):
            mode = "weeks"
        elif cur is not None and mode and re.match(r"\d{4}-\d\d-\d\d ", line):
            blocks[cur][mode].append(line.split())
            if mode == "days":
                blocks[cur]["day_lines"].append(line)
        elif not line.startswith(" ") and line.strip() and not re.match(r"\d", line):
            mode = None if mode == "weeks" else mode
    return blocks


def num(text):
    return float("nan") if text == "-" else float(text.replace(",", ""))


def csv_by_queue(path):
    rows = csv_rows(open(path, encoding="utf-8").read())
    cols = rows[0]
    out = {}
    for r in rows[1:]:
        out.setdefault(r[0], []).append(dict(zip(cols, r)))
    return out


def interval_minutes(rows):
    a = datetime.datetime.fromisoformat(rows[0]["datetime"])
    b = datetime.datetime.fromisoformat(rows[1]["datetime"])
    return int((b - a).total_seconds() // 60)


def ramp(weeks, start, today, headcount=None):
    """The documented rule, from the weeks' (first, days, scheduled hours)."""
    need = [sch / (CONTRACT * n / 7.0) for first, n, sch in weeks]
    full = [k for k, (first, n, sch) in enumerate(weeks) if n == 7]
    if headcount is None:
        k = full[0]
        headcount = need[k] / (1 - ATTRITION) ** ((weeks[k][0] - start).days / 365.0)
    out, hires = [], 0.0
    for k, (first, n, sch) in enumerate(weeks):
        on_staff = headcount * (1 - ATTRITION) ** ((first - start).days / 365.0)
        gap = need[k] - on_staff
        if n == 7:
            hires = max(hires, gap)
        start_by = first - datetime.timedelta(days=LEAD)
        late = n == 7 and start_by < today
        out.append(dict(first=first, days=n, need=need[k], on_staff=on_staff, hires=hires,
                        start_by=start_by, late=late, short=max(0.0, gap)))
    return out


def close(a, b, tol=0.051):
    return abs(a - b) <= tol


def group_summary(tap, wfm, files):
    ini = files.write("plan.ini", ini_text(PLAN_KEYS + [("headcount", "50")], QUEUES))
    out = files.path("all.csv")
    args = ["--queues", ini, "--out", out, "--summary", "--today", "2017-10-20",
            "--headcount", "80"]
    proc = check_ok(tap, wfm, args, "--summary")
    blocks = parse_summary(proc.stdout)
    tap.check(list(blocks) == [q for q, _ in QUEUES] + ["*"],
              "a block per queue, then all queues", list(blocks))
    by_queue = csv_by_queue(out)
    start, today = day("2017-11-15"), day("2017-10-20")

    # Per queue and added up, per day: hours from the CSV's agents.
    hours = {}
    for name, rows in by_queue.items():
        h = interval_minutes(rows) / 60.0
        req, sch = {}, {}
        for r in rows:
            d = day(r["datetime"][:10])
            req[d] = req.get(d, 0.0) + int(r["required_agents"]) * h
            sch[d] = sch.get(d, 0.0) + int(r["scheduled_agents"]) * h
        hours[name] = (req, sch)
    ok, bad = True, []
    for name in by_queue:
        for tokens in blocks.get(name, {}).get("days", []):
            d = day(tokens[0])
            if not (close(num(tokens[8]), hours[name][0][d])
                    and close(num(tokens[9]), hours[name][1][d])
                    and close(num(tokens[10]), hours[name][1][d] / (CONTRACT / 5))):
                ok = False
                bad.append((name, tokens))
    tap.check(ok and all(len(blocks[n]["days"]) == 47 for n in by_queue),
              "each queue's daily required and scheduled hours and FTE are its CSV's", bad[:3])
    ok, bad = len(blocks["*"]["days"]) == 47, []
    for tokens in blocks["*"]["days"]:
        d = day(tokens[0])
        req = sum(hours[n][0][d] for n in by_queue)
        sch = sum(hours[n][1][d] for n in by_queue)
        contacts = sum(float(r["forecast"]) for n in by_queue for r in by_queue[n]
                       if r["datetime"].startswith(tokens[0]))
        if not (close(num(tokens[5]), req) and close(num(tokens[6]), sch)
                and close(num(tokens[7]), sch / (CONTRACT / 5))
                and close(num(tokens[2]), contacts, 0.06)):
            ok = False
            bad.append(tokens)
    tap.check(ok, "all queues' daily contacts, hours and FTE are the sums of the queues'",
              bad[:3])

    # The peak at the same moment, on a 30-minute grid (the finest interval).
    ok, bad = True, []
    for tokens in blocks["*"]["days"]:
        for col, which in ((3, "required_agents"), (4, "scheduled_agents")):
            peak = 0
            for slot in range(48):
                total = 0
                for name, rows in by_queue.items():
                    step = interval_minutes(rows)
                    stamp = "%s %02d:%02d" % (tokens[0], (slot * 30 // step * step) // 60,
                                              (slot * 30 // step * step) % 60)
                    total += next(int(r[which]) for r in rows if r["datetime"] == stamp)
                peak = max(peak, total)
            if num(tokens[col]) != peak:
                ok = False
                bad.append((tokens[0], which, tokens[col], peak))
        if len(bad) > 3:
            break
    tap.check(ok, "all queues' peak agents are the peak of their sum at the same moment "
              "(60- and 30-minute queues)", bad[:3])

    # Weeks: hours added up; the ramp recomputed by the documented rule.
    weeks = []
    for tokens in blocks["*"]["weeks"]:
        first = day(tokens[0])
        n = 7 if tokens[1] == "7" else int(tokens[1].split("/")[0])
        span = [first + datetime.timedelta(days=k) for k in range(n)]
        sch = sum(hours[q][1][d] for q in by_queue for d in span)
        req = sum(hours[q][0][d] for q in by_queue for d in span)
        weeks.append((first, n, sch, req, tokens))
    tap.check([w[1] for w in weeks] == [5, 7, 7, 7, 7, 7, 7],
              "weeks: the first partial (5/7, from Wednesday), then six full", [w[1] for w in weeks])
    ok, bad = True, []
    for first, n, sch, req, tokens in weeks:
        if not (close(num(tokens[2]), req) and close(num(tokens[3]), sch)):
            ok = False
            bad.append(tokens)
    tap.check(ok, "all queues' weekly hours are the sums of the queues'", bad[:3])
    for headcount, label, extra in ((80.0, "--headcount 80 (over [plan]'s 50)", ()),):
        want = ramp([(w[0], w[1], w[2]) for w in weeks], start, today, headcount)
        ok, bad = True, []
        for w, (first, n, sch, req, tokens) in zip(want, weeks):
            if n != 7:
                good = (tokens[4] == "-" and close(num(tokens[5]), w["on_staff"])
                        and tokens[6:9] == ["-", "-", "-"] and tokens[-1] == "partial")
            else:
                good = (close(num(tokens[4]), w["need"]) and close(num(tokens[5]), w["on_staff"])
                        and close(num(tokens[6]), w["hires"])
                        and tokens[7] == w["start_by"].isoformat()
                        and (tokens[8] == "-" if not w["late"] else close(num(tokens[8]),
                                                                            w["short"])))
            if not good:
                ok = False
                bad.append((tokens, w))
        tap.check(ok, "one hiring ramp from the combined weekly FTE, " + label
                  + ": FTE, on staff, hires, start-by dates and short", bad[:2])
        late = [w["late"] for w in want if w["days"] == 7]
        tap.check(any(late) and not all(late), "--today 2017-10-20 makes some weeks too "
                  "late and leaves others in time", late)
    peak = max((w for w in weeks if w[1] == 7), key=lambda w: w[2])
    tap.check("Peak week %s: %.1f FTE of all queues" % (peak[0].isoformat(),
                                                       peak[2] / CONTRACT) in proc.stdout,
              "the peak week of all queues in words", proc.stdout[-600:])

    # Without --headcount: [plan]'s; without either: the first full week's
    # need brought back to the start (the plan starts on a Wednesday).
    for cli, want_h, label in ((["--today", "2017-10-20"], 50.0, "[plan] headcount = 50"),
                               (None, None, "no headcount: the first full week's FTE")):
        if cli is None:
            ini2 = files.write("plan2.ini", ini_text(PLAN_KEYS, QUEUES))
            cli = ["--today", "2017-10-20"]
        else:
            ini2 = ini
        proc2 = check_ok(tap, wfm, ["--queues", ini2, "--out", files.path("b.csv"),
                                    "--summary"] + cli, label)
        b = parse_summary(proc2.stdout)
        want = ramp([(w[0], w[1], w[2]) for w in weeks], start, today, want_h)
        got = [num(t[5]) for t in b["*"]["weeks"]]
        tap.check(len(got) == len(want) and all(close(g, w["on_staff"])
                                                for g, w in zip(got, want)),
                  label + ": staff on hand by the documented rule",
                  list(zip(got, [w["on_staff"] for w in want])))

    # Each queue's daily table is the one `wfm plan --summary` prints alone.
    for name, keys in QUEUES:
        args1 = single_args(files.dir, PLAN_KEYS, keys) + [
            "--out", files.path("one.csv"), "--summary", "--today", "2017-10-20"]
        p1 = plan(wfm, args1)
        alone = [l for l in p1.stdout.splitlines() if re.match(r"\d{4}-\d\d-\d\d \w\w\w ", l)]
        tap.check(p1.returncode == 0 and alone == blocks[name]["day_lines"],
                  "[%s]: the daily table of wfm plan --summary run alone" % name,
                  describe(args1, p1) if p1.returncode else "")

    # One queue: the one ramp is that queue's ramp, as `wfm plan --summary`.
    one = files.write("one.ini", ini_text(PLAN_KEYS, QUEUES[:1]))
    p1 = check_ok(tap, wfm, ["--queues", one, "--out", files.path("o.csv"), "--summary",
                             "--today", "2017-10-20"], "a plan file of one queue")
    args1 = single_args(files.dir, PLAN_KEYS, QUEUES[0][1]) + [
        "--out", files.path("one.csv"), "--summary", "--today", "2017-10-20"]
    p2 = plan(wfm, args1)
    week_lines = [l for l in p2.stdout.splitlines() if re.match(r"\d{4}-\d\d-\d\d +(7|\d/7) ", l)]
    got_lines = [" ".join(t) for t in parse_summary(p1.stdout)["*"]["weeks"]]
    tap.check(p2.returncode == 0 and got_lines == [" ".join(l.split()) for l in week_lines],
              "one queue: the ramp of all queues is wfm plan --summary's weekly table",
              "\n".join(got_lines + ["--"] + week_lines))


# --- options and precedence -------------------------------------------------------------

def group_options(tap, wfm, files):
    ini = files.write("plan.ini", ini_text(PLAN_KEYS, QUEUES[:2]))
    proc = check_ok(tap, wfm, ["--queues", ini, "--start", "2017-11-20", "--days", "7"],
                    "--start and --days on the command line")
    rows = csv_rows(proc.stdout)[1:]
    tap.check(rows and rows[0][1] == "2017-11-20 00:00" and len(rows) == 2 * 7 * 24,
              "the command line's --start and --days replace [plan]'s", rows[:1])
    week = [("start", "2017-11-20"), ("days", "7")] + PLAN_KEYS[2:]
    alone = plan(wfm, single_args(files.dir, week, QUEUES[0][1]))
    tap.check(alone.returncode == 0 and [["voice"] + r for r in csv_rows(alone.stdout)[1:]]
              == [r for r in rows if r[0] == "voice"],
              "... and the queue's rows are wfm plan's with them", alone.stderr)

    # A queue's events replace [plan]'s; a queue without keeps [plan]'s.
    queues = [("a", QUEUES[0][1] + [("events", "christmas.csv")]), ("b", QUEUES[0][1])]
    ini = files.write("events.ini", ini_text(PLAN_KEYS, queues))
    proc = check_ok(tap, wfm, ["--queues", ini], "a queue's events")
    rows = csv_rows(proc.stdout)[1:]
    for name, keys in queues:
        p1 = plan(wfm, single_args(files.dir, PLAN_KEYS, keys))
        tap.check(p1.returncode == 0 and [[name] + r for r in csv_rows(p1.stdout)[1:]]
                  == [r for r in rows if r[0] == name],
                  "[%s]: %s" % (name, "its events = replaces [plan]'s events" if name == "a"
                                else "[plan]'s events"), p1.stderr)
    tap.check([r[1:] for r in rows if r[0] == "a"] != [r[1:] for r in rows if r[0] == "b"],
              "... and the two differ")

    # Relative paths are relative to the plan file's folder, from any folder.
    sub = files.write("plans/sub.ini", ini_text(
        [("start", "2017-11-20"), ("days", "7"), ("events", "../holidays_us.csv")],
        [("voice", [("history", "../voice.csv"), ("aht", "150"), ("sl", "0.9"),
                    ("answer", "10")])]))
    a = check_ok(tap, wfm, ["--queues", sub], "relative paths, from the test's folder")
    b = check_ok(tap, wfm, ["--queues", "sub.ini"], "relative paths, from the file's folder",
                 cwd=os.path.dirname(sub))
    c = check_ok(tap, wfm, ["--queues", os.path.join("plans", "sub.ini")],
                 "relative paths, from the folder above", cwd=files.dir)
    tap.check(a.stdout == b.stdout == c.stdout and a.stdout.count("\n") == 1 + 7 * 24,
              "paths in the file are relative to its folder, wherever wfm runs")

    # Comments, a BOM, CRLF line ends and "key: value" read as libinih reads them.
    text = ini_text([("start", "2017-11-20"), ("days", "7 ; a week")],
                    [("voice", [("history", "voice.csv"), ("aht", "150 ; seconds"),
                                ("sl", "0.9"), ("answer", "10")])])
    text = "\ufeff# a comment\n" + text.replace("\n", "\r\n")
    files.write("crlf.ini", text.encode("utf-8"))
    d = check_ok(tap, wfm, ["--queues", files.path("crlf.ini")], "BOM, CRLF, comments")
    plain = files.write("plain.ini", ini_text(
        [("start", "2017-11-20"), ("days", "7")],
        [("voice", [("history", "voice.csv"), ("aht", "150"), ("sl", "0.9"),
                    ("answer", "10")])]))
    e = check_ok(tap, wfm, ["--queues", plain], "the same plan, plainly")
    tap.check(d.stdout == e.stdout and d.stdout != "", "comments, a BOM and CRLF change "
              "nothing")

    # --training-days is --hire-lead-days; equal values are fine.
    check_ok(tap, wfm, ["--queues", plain, "--hire-lead-days", "30", "--training-days", "30",
                        "--out", files.path("x.csv")], "--hire-lead-days = --training-days")


# --- errors -----------------------------------------------------------------------------

GOOD_VOICE = "[voice]\nhistory = voice.csv\naht = 150\nsl = 0.8\nanswer = 10\n"
HEAD = "[plan]\nstart = 2017-11-20\ndays = 7\n"


def group_errors(tap, wfm, files):
    cases = [
        # (name, file text, mentions, exit)
        ("a bad value", HEAD + "[voice]\nhistory = voice.csv\naht = 150\nsl = 1.5\n"
         "answer = 10\n", ["bad.ini:7: ", "sl: expected a fraction > 0 and < 1",
                           '"1.5"'], 1),
        ("a value that is not a number", HEAD + "[voice]\nhistory = voice.csv\n"
         "aht = fast\n", ["bad.ini:6: ", "aht: expected", '"fast"'], 1),
        ("a whole number", HEAD.replace("days = 7", "days = 7.5") + GOOD_VOICE,
         ["bad.ini:3: ", "days: expected a whole number"], 1),
        ("hexadecimal", HEAD + GOOD_VOICE + "max-asa = 0x10\n",
         ["bad.ini:9: ", "max-asa:", "no hexadecimal"], 1),
        ("an unknown key", HEAD + GOOD_VOICE + "sla = 0.8\n",
         ["bad.ini:9: ", 'unknown key "sla" in [voice]'], 1),
        ("a missing key: history", HEAD + "[voice]\naht = 150\nsl = 0.8\nanswer = 10\n",
         ["bad.ini:4: ", "[voice]", "no history"], 1),
        ("a missing key: aht", HEAD + "[voice]\nhistory = voice.csv\nsl = 0.8\n"
         "answer = 10\n", ["bad.ini:4: ", "[voice]", "no aht"], 1),
        ("a missing key: chat-aht", HEAD + "[chat]\nchannel = chat\nhistory = chat.csv\n"
         "sl = 0.8\nanswer = 10\n", ["bad.ini:4: ", "[chat]", "no chat-aht"], 1),
        ("a missing key: answer", HEAD + "[voice]\nhistory = voice.csv\naht = 150\n"
         "sl = 0.8\n", ["bad.ini:4: ", "[voice]", "--sl needs --answer"], 1),
        ("a key that does not apply", HEAD + "[mail]\nchannel = email\n"
         "history = email.csv\naht = 300\nsl = 0.8\n",
         ["bad.ini:4: ", "[mail]", "--sl does not apply to --channel email"], 1),
        ("a missing history file", HEAD + "[voice]\nhistory = nope.csv\naht = 150\n",
         ["bad.ini:5: ", "history: cannot read", "nope.csv", "No such file"], 1),
        ("a missing shrinkage file", HEAD + GOOD_VOICE + "shrinkage-file = nope.csv\n",
         ["bad.ini:9: ", "shrinkage-file: cannot read", "nope.csv"], 1),
        ("a missing events file", HEAD + "events = nope.csv\n" + GOOD_VOICE,
         ["bad.ini:4: ", "events: cannot read", "nope.csv"], 1),
        ("a calendar that is neither", HEAD + GOOD_VOICE + "calendar = nope\n",
         ["bad.ini:9: ", "calendar:", "neither a preset nor a file"], 1),
        ("a key given twice", HEAD + GOOD_VOICE + "aht = 160\n",
         ["bad.ini:9: ", "aht: given more than once in [voice] (first on line 6)"], 1),
        ("a queue twice", HEAD + GOOD_VOICE + "[voice]\naht = 160\n",
         ["bad.ini:9: ", "[voice] again (first on line 4)"], 1),
        ("a whole-plan key in a queue", HEAD + GOOD_VOICE + "start = 2017-11-21\n",
         ["bad.ini:9: ", "start: a setting of the whole plan"], 1),
        ("an output key", HEAD + GOOD_VOICE + "out = x.csv\n",
         ["bad.ini:9: ", "out: not a plan file key", "--out"], 1),
        ("a key before any section", "start = 2017-11-20\n" + GOOD_VOICE,
         ["bad.ini:1: ", "start: a key before any section"], 1),
        ("a line that is no key", HEAD + GOOD_VOICE + "answer 10\n",
         ["bad.ini:9: ", "expected [NAME], KEY = VALUE"], 1),
        ("an unclosed section", HEAD + "[voice\n" + "history = voice.csv\n",
         ["bad.ini:4: ", "expected [NAME]"], 1),
        ("an indented line", HEAD + GOOD_VOICE + "  max-asa = 20\n",
         ["bad.ini:9: ", "an indented line"], 1),
        ("a long line", HEAD + GOOD_VOICE + "; " + "x" * 250 + "\n",
         ["bad.ini:9: ", "longer than 197 characters"], 1),
        ("an empty section", HEAD + "[chat]\n" + GOOD_VOICE,
         ["bad.ini:4: ", "a section with no keys"], 1),
        ("a bad queue name", HEAD + GOOD_VOICE.replace("[voice]", "[voice one]"),
         ["bad.ini:4: ", "a queue's name"], 1),
        ("no queue", HEAD, ["bad.ini: ", "no queue"], 1),
        ("no start", "[plan]\ndays = 7\n" + GOOD_VOICE,
         ["bad.ini: ", "no start", "--start"], 2),
        ("today after start", HEAD + "today = 2017-11-20\n" + GOOD_VOICE,
         ["bad.ini:4: ", "today 2017-11-20: the plan is made before its first day"], 1),
        ("hire lead days that differ", HEAD + "hire-lead-days = 30\ntraining-days = 40\n"
         + GOOD_VOICE, ["bad.ini:5: ", "differ"], 1),
        ("an uplift without a calendar", HEAD + GOOD_VOICE + "uplift = christmas:0:0.2\n",
         ["bad.ini:4: ", "[voice]", "--uplift needs a calendar"], 1),
        ("a NUL byte", HEAD + GOOD_VOICE + "\0\n", ["bad.ini:9: ", "NUL"], 1),
    ]
    for name, text, mentions, rc in cases:
        path = files.write("bad.ini", text)
        check_one_line_error(tap, wfm, ["--queues", path, "--out", files.path("x.csv")],
                             mentions, rc, name="plan file: " + name)
        tap.check(not os.path.exists(files.path("x.csv")), "plan file: %s: no --out "
                  "written" % name)
    check_one_line_error(tap, wfm, ["--queues", files.path("missing.ini")],
                         ["missing.ini", "--queues: cannot open", "No such file"], 1,
                         name="a plan file that does not exist")
    good = files.write("good.ini", HEAD + GOOD_VOICE)
    check_one_line_error(tap, wfm, ["--queues", good, "--sl", "0.8"],
                         ["--sl: a queue's setting", "plan file", "sl = "], 2,
                         name="a queue option on the command line")
    check_one_line_error(tap, wfm, ["--queues", good, "--summary"],
                         ["--summary", "--out"], 2, name="--summary without --out")
    check_one_line_error(tap, wfm, ["--queues", good, "--days", "0"],
                         ["--days: expected a whole number of days from 1"], 2,
                         name="a bad --days")
    check_one_line_error(tap, wfm, ["--queues", good, "--days", "1.5"],
                         ["--days: expected a whole number"], 2,
                         name="a fraction for --days")
    check_one_line_error(tap, wfm, ["--queues", good, "--today", "2017-11-20"],
                         ["--today 2017-11-20", "before start 2017-11-20"], 2,
                         name="--today not before [plan]'s start")
    check_one_line_error(tap, wfm, ["--queues", good, "--out", good],
                         ["--out", "is the --queues file"], 2,
                         name="--out naming the plan file")
    check_one_line_error(tap, wfm, ["--queues", good, "--out", files.path("voice.csv")],
                         ["--out", "is the [voice] history file"], 2,
                         name="--out naming a queue's history")
    early = files.write("early.ini", HEAD.replace("2017-11-20", "2015-01-01") + GOOD_VOICE)
    check_one_line_error(tap, wfm, ["--queues", early],
                         ["early.ini:4: [voice]: ", "--start 2015-01-01",
                          "the history"], 1, name="a queue that cannot be planned")


# --- outputs, all or nothing -----------------------------------------------------------

def leftovers(folder):
    return [n for n in os.listdir(folder) if re.match(r"\..*\.\w{6}$", n)]


def group_output(tap, wfm, files):
    suppress_leaks(files, "libfontconfig.so")
    keep = files.write("keep.csv", "precious\n")
    bad = files.write("late.ini", ini_text(PLAN_KEYS, QUEUES[:1] + [
        ("old", [("history", "voice.csv"), ("aht", "150"), ("sl", "0.8"), ("answer", "10"),
                 ("fit-days", "abc")])]))
    proc = plan(wfm, ["--queues", bad, "--out", keep])
    tap.check(proc.returncode == 1 and open(keep).read() == "precious\n"
              and not leftovers(files.dir), "a bad queue leaves --out FILE alone, no "
              "temporary file", describe([], proc))
    # A queue that fails at run time, after the others ran.
    late = files.write("late2.ini", ini_text(
        [("start", "2017-11-20"), ("days", "7")],
        QUEUES[:1] + [("second", [("history", "voice.csv"), ("aht", "column"),
                                  ("sl", "0.8"), ("answer", "10")])]))
    proc = plan(wfm, ["--queues", late, "--out", keep])
    tap.check(proc.returncode == 1 and "has no aht column" in proc.stderr
              and "[second]" in proc.stderr and open(keep).read() == "precious\n"
              and not leftovers(files.dir),
              "a queue failing at run time leaves --out FILE alone", describe([], proc))
    good = files.write("good.ini", HEAD + GOOD_VOICE)
    proc = plan(wfm, ["--queues", good, "--out", keep, "--chart",
                      files.path("no/such/folder/plan.svg")])
    has_chart = NO_CHART not in proc.stderr
    tap.check(proc.returncode == 1 and open(keep).read() == "precious\n"
              and not leftovers(files.dir),
              "a --chart that cannot be written leaves --out FILE alone", describe([], proc))
    proc = plan(wfm, ["--queues", good, "--out", keep])
    tap.check(proc.returncode == 0 and open(keep).read().startswith("queue,")
              and not leftovers(files.dir), "a good run replaces --out FILE",
              describe([], proc))
    if not has_chart:
        tap.skip("--chart", NO_CHART)


def group_chart(tap, wfm, files):
    suppress_leaks(files, "libfontconfig.so")
    ini = files.write("plan.ini", ini_text(PLAN_KEYS, QUEUES))
    svg = files.path("all.svg")
    proc = plan(wfm, ["--queues", ini, "--out", files.path("all.csv"), "--chart", svg,
                      "--chart-actuals"])
    if NO_CHART in proc.stderr:
        tap.check(proc.returncode == 1 and not os.path.exists(svg),
                  "without cairo --chart says so", describe([], proc))
        return
    tap.check(proc.returncode == 0 and proc.stderr == "", "--chart with four queues",
              describe([], proc))
    try:
        root = ET.parse(svg).getroot()
        paths = [e for e in root.iter() if e.tag.endswith("path")]
        ok = root.tag.endswith("svg") and len(paths) > 100
    except (ET.ParseError, OSError) as e:
        ok, paths = False, e
    tap.check(ok, "the chart is an SVG document with the drawing in it",
              "paths: %r" % (len(paths) if isinstance(paths, list) else paths))
    check_one_line_error(tap, wfm, ["--queues", ini, "--chart-actuals"],
                         ["--chart-actuals", "--chart"], 2, name="--chart-actuals alone")


def group_help(tap, wfm, files):
    proc = plan(wfm, ["--help"])
    tap.check(proc.returncode == 0 and "--queues FILE" in proc.stdout
              and "Every queue in one plan" in proc.stdout
              and "FILE:LINE" in proc.stdout, "wfm plan --help gives --queues and the "
              "plan file's format", describe(["--help"], proc))


def readme_plan_file(data, folder):
    """README's plan file ("Every queue in one plan"), written into @p
    folder beside a link to the source tree's examples/ (its paths are
    relative to the source tree); (path, README's text) or (None, why)."""
    readme = os.path.join(data, "..", "..", "README.md")
    if not os.path.exists(readme):
        return None, "no README.md next to the tests"
    text = open(readme, encoding="utf-8").read()
    section = text[text.find("### Every queue in one plan"):]
    m = re.search(r"```ini\n(.*?)```", section, re.S)
    if not m:
        return None, "README has no plan file example"
    os.symlink(os.path.abspath(os.path.join(data, "..")), os.path.join(folder, "examples"))
    path = os.path.join(folder, "readme.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(m.group(1))
    return path, " ".join(section.split())


def group_readme(tap, wfm, files):
    path, text = readme_plan_file(files.data, files.dir)
    if path is None:
        tap.skip("README's plan file", text)
        return
    proc = check_ok(tap, wfm, ["--queues", path, "--today", "2017-10-01", "--out",
                               files.path("all.csv"), "--summary"], "README's plan file")
    said = re.search(r"Above: `(Peak week [^`]*)`", text)
    out = " ".join(proc.stdout.split())
    tap.check(said is not None and said.group(1) in out,
              "the summary says what README quotes", (said and said.group(1), out[-400:]))


GROUPS = {
    "readme": group_readme,
    "rows": group_rows,
    "summary": group_summary,
    "options": group_options,
    "errors": group_errors,
    "output": group_output,
    "chart": group_chart,
    "help": group_help,
}


def main(argv):
    parsed = clitest.parse_args(argv, GROUPS, ["WFM", "DATADIR"])
    if parsed is None:
        return 2
    (wfm, data), group = parsed
    tap = Tap()
    available, proc = queues_available(wfm)
    if not available:
        if group == "help":
            group_help(tap, wfm, None)
        else:
            tap.check(proc.returncode == 2 and proc.stderr.count("\n") == 1,
                      "without libinih --queues says so, exit 2", describe([], proc))
            tap.skip(group, NO_QUEUES)
        return tap.finish()
    files = Files(data)
    try:
        GROUPS[group](tap, wfm, files)
    finally:
        files.cleanup()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
