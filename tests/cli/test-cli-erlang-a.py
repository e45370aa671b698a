# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of `wfm erlang --patience` (Erlang A) and its options.

Usage: test-cli-erlang-a.py WFM REFERENCE_CSV GROUP   (GROUP: see GROUPS)
Prints TAP. Standard library only; run with /usr/bin/python3.

References, both independent of the library:
- REFERENCE_CSV (tests/data/erlang_a_reference.csv): 30-digit Erlang A values
  per row; rates there are per minute (lam_per_min, aht_min, patience_min,
  t_min) and traffic = lam × aht.
- A plain M/M/n+M birth-death chain computed here: the stationary law by
  the product formula in log scale, cut where terms fall below 1e-18 of the
  largest; P(wait) = P(k >= n) and P(abandon) = θ·E[queue]/λ (PASTA);
  occupancy = λ(1 − P(abandon))·AHT/n; the ASA of answered contacts by an
  exact recursion over the queue position; every SL definition by
  uniformization of the tagged caller's absorbing chain (position i ahead
  moves up at rate nμ + iθ, the caller itself abandons at rate θ, or never
  for the virtual wait).
"""
import csv
import functools
import math
import sys

import clitest
from clitest import describe, one_line_error

run = functools.partial(clitest.run, timeout=30)

C_HEADER = ("calls,interval_s,aht_s,traffic_erlangs,agents,service_level,"
            "asa_s,occupancy,shrinkage,scheduled_agents")
A_HEADER = C_HEADER + ",patience_s,sl_definition,abandon_rate"
DEFINITIONS = ("answered-of-all", "virtual", "answered-only")
CSV_COLUMN = {"answered-of-all": "sl_answered_all", "virtual": "sl_virtual",
              "answered-only": "sl_answered_only"}


def close(x, y, rel=1e-9, abs_tol=1e-15):
    return math.isclose(x, y, rel_tol=rel, abs_tol=abs_tol)


# --- the independent birth-death chain ----------------------------------------

class Chain:
    """M/M/n+M with arrival rate lam, handle rate mu, abandon rate theta
    (any one time unit). pi[k] = P(k contacts in the system), k = 0..K."""

    def __init__(self, lam, mu, theta, n):
        self.lam, self.mu, self.theta, self.n = lam, mu, theta, n
        logs, k, top = [0.0], 0, 0.0
        while True:
            k += 1
            death = min(k, n) * mu + max(k - n, 0) * theta
            logs.append(logs[-1] + math.log(lam) - math.log(death))
            top = max(top, logs[-1])
            # Past the mode (births below deaths) the terms only fall.
            if k > n and lam < death and logs[-1] < top - 41.5:
                break
        weights = [math.exp(x - top) for x in logs]
        total = math.fsum(weights)
        self.pi = [w / total for w in weights]
        self.queue = self.pi[n:]  # queue[i]: an arrival finds i ahead of it
        self.p_wait = math.fsum(self.queue)
        self.p_abandon = theta * math.fsum(i * p for i, p in
                                           enumerate(self.queue)) / lam
        self.occupancy = lam * (1 - self.p_abandon) / (n * mu)

    def asa_answered(self):
        """E[wait | answered]: w_i = E[W·1{answered}] from i ahead,
        w_i = q_i (a_{i-1}/r_i + w_{i-1}), a_i = q_i a_{i-1}, with exit rate
        r_i = nμ + iθ + θ, q_i = (nμ + iθ)/r_i, a_{-1} = 1, w_{-1} = 0."""
        n, mu, theta = self.n, self.mu, self.theta
        a_prev, w_prev, total = 1.0, 0.0, []
        for i, p in enumerate(self.queue):
            r = n * mu + (i + 1) * theta
            q = (n * mu + i * theta) / r
            w_prev = q * (a_prev / r + w_prev)
            a_prev = q * a_prev
            total.append(p * w_prev)
        return math.fsum(total) / (1 - self.p_abandon)

    def sl(self, definition, t):
        """SL within t by DEFINITIONS; uniformization of the tagged caller."""
        n, mu, theta = self.n, self.mu, self.theta
        own = 0.0 if definition == "virtual" else theta
        up = [n * mu + i * theta for i in range(len(self.queue))]
        big = up[-1] + own  # uniformization rate
        v = list(self.queue)
        answered_now, answered = 0.0, []
        x = big * t
        steps = int(x + 12 * math.sqrt(x) + 40)
        for m in range(steps + 1):
            weight = math.exp(-x + m * math.log(x) - math.lgamma(m + 1)) \
                if x > 0 else (1.0 if m == 0 else 0.0)
            answered.append(weight * answered_now)
            if m == steps:
                break
            # One jump of the embedded chain (abandoned mass just leaves).
            answered_now += v[0] * up[0] / big
            new = [v[i] * (1 - (up[i] + own) / big) for i in range(len(v))]
            for i in range(1, len(v)):
                new[i - 1] += v[i] * up[i] / big
            v = new
        in_time = (1 - self.p_wait) + math.fsum(answered)
        if definition == "answered-only":
            return in_time / (1 - self.p_abandon)
        return in_time


def seconds_chain(calls, interval, aht, patience, n):
    return Chain(calls / interval, 1 / aht, 1 / patience, n)


def meets(chain, targets, answer):
    """Whether the chain meets every target of the dict (the CLI's names)."""
    if "sl" in targets and chain.sl(targets["sl-definition"], answer) < targets["sl"]:
        return False
    if "max-abandon" in targets and chain.p_abandon > targets["max-abandon"]:
        return False
    if "max-asa" in targets and chain.asa_answered() > targets["max-asa"]:
        return False
    if "max-occupancy" in targets and chain.occupancy > targets["max-occupancy"]:
        return False
    return True


def run_csv(tap, wfm, args, header=A_HEADER):
    return clitest.erlang_csv(tap, wfm, args, header)


def read_reference(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# --- values against the reference CSV and the chain ---------------------------

def group_reference(tap, wfm, reference):
    """Per CSV row: cap abandonment just above the row's value at its n, so
    the row's n is the answer (the chain confirms n meets, n − 1 does not),
    then compare what is printed with the row and the chain."""
    for row in read_reference(reference):
        lam, aht, pat, t = (float(row[k]) for k in
                            ("lam_per_min", "aht_min", "patience_min", "t_min"))
        n = int(row["agents"])
        p_ab = float(row["p_abandon"])
        cap = p_ab * (1 + 1e-6)
        chain = Chain(lam, 1 / aht, 1 / pat, n)
        name = row["case"]
        # The chain itself against the row: two independent references.
        tap.check(close(chain.p_wait, float(row["p_wait"]), 1e-9)
                  and close(chain.p_abandon, p_ab, 1e-9),
                  "%s: chain P(wait), P(abandon) match the CSV" % name,
                  "chain %r %r" % (chain.p_wait, chain.p_abandon))
        below = Chain(lam, 1 / aht, 1 / pat, n - 1) if n > 1 else None
        tap.check(chain.p_abandon <= cap
                  and (below is None or below.p_abandon > cap),
                  "%s: by the chain, %d agents meet abandon <= %.9g and %d do "
                  "not" % (name, n, cap, n - 1))
        sl_ref = {d: float(row[CSV_COLUMN[d]]) for d in DEFINITIONS}
        for definition in DEFINITIONS:
            # A token SL target that never binds, so that SL is printed.
            args = ["--calls", row["lam_per_min"], "--interval", "60",
                    "--aht", repr(aht * 60), "--patience", repr(pat * 60),
                    "--max-abandon", repr(cap),
                    "--sl", "1e-30", "--answer", repr(t * 60),
                    "--sl-definition", definition]
            out = run_csv(tap, wfm, args)
            if out is None:
                continue
            sl = float(out["service_level"])
            tap.check(out["agents"] == str(n) and out["sl_definition"] == definition
                      and close(float(out["traffic_erlangs"]), lam * aht, 1e-14),
                      "%s %s: %d agents" % (name, definition, n), repr(out))
            tap.check(close(float(out["abandon_rate"]), p_ab)
                      and close(float(out["abandon_rate"]), chain.p_abandon),
                      "%s %s: abandon_rate = %.12g (CSV and chain)"
                      % (name, definition, p_ab), repr(out))
            tap.check(close(sl, sl_ref[definition], 1e-9, 1e-13),
                      "%s %s: SL = %.12g (CSV)" % (name, definition,
                                                  sl_ref[definition]), repr(out))
            tap.check(close(float(out["asa_s"]), float(row["asa_answered"]) * 60)
                      and close(float(out["occupancy"]), float(row["occupancy"]))
                      and close(float(out["occupancy"]), chain.occupancy),
                      "%s %s: ASA of answered, occupancy (CSV and chain)"
                      % (name, definition), repr(out))
        # The chain's SL and ASA, where the chain is small enough to be quick.
        if len(chain.queue) * (n / aht + len(chain.queue) / pat) * t < 3e5:
            for definition in DEFINITIONS:
                tap.check(close(chain.sl(definition, t), sl_ref[definition],
                                1e-9, 1e-13),
                          "%s: chain SL %s matches the CSV" % (name, definition))
            tap.check(close(chain.asa_answered(), float(row["asa_answered"])),
                      "%s: chain ASA of answered matches the CSV" % name)


# --- required agents against a scan of the chain ---------------------------------

# (calls, interval s, AHT s, patience s, answer s, targets)
TARGET_CASES = [
    (100, 1800, 180, 60, 20, {"sl": 0.8}),
    (100, 1800, 180, 60, 20, {"sl": 0.8, "max-abandon": 0.02}),
    (100, 1800, 180, 600, 20, {"sl": 0.9}),
    (100, 1800, 180, 60, 0, {"sl": 0.6}),
    (100, 1800, 180, 60, 20, {"max-abandon": 0.05}),
    (100, 1800, 180, 60, 20, {"max-asa": 5}),
    (100, 1800, 180, 60, 20, {"max-occupancy": 0.7, "max-abandon": 0.1}),
    (250, 3600, 330, 120, 30, {"sl": 0.8, "max-asa": 20}),
    (12, 1800, 300, 30, 60, {"sl": 0.9}),
    # Overloaded with impatient callers: fewer agents than the 60 Erlangs.
    (300, 1800, 360, 10, 20, {"max-abandon": 0.3}),
    (1000, 1800, 240, 90, 15, {"sl": 0.85, "max-abandon": 0.03}),
]


def group_targets(tap, wfm, _reference):
    for calls, interval, aht, pat, answer, targets in TARGET_CASES:
        for definition in DEFINITIONS if "sl" in targets else DEFINITIONS[:1]:
            want = dict(targets, **{"sl-definition": definition})
            args = ["--calls", str(calls), "--interval", str(interval),
                    "--aht", str(aht), "--patience", str(pat)]
            for key, value in targets.items():
                args += ["--" + key, repr(value)]
            if "sl" in targets:
                args += ["--answer", str(answer), "--sl-definition", definition]
            out = run_csv(tap, wfm, args)
            if out is None:
                continue
            n = int(out["agents"])

            def chain(k):
                return seconds_chain(calls, interval, aht, pat, k)
            ok_n = meets(chain(n), want, answer)
            fails_below = n == 1 or not meets(chain(n - 1), want, answer)
            tap.check(n >= 1 and ok_n and fails_below,
                      "%s: %d agents meet the targets, %d do not (chain)"
                      % (" ".join(args), n, n - 1),
                      "meets(n)=%r meets(n-1)=%r" % (ok_n, not fails_below))
            c = chain(n)
            sl_ok = ("sl" not in targets
                     or close(float(out["service_level"]), c.sl(definition, answer)))
            tap.check(sl_ok and close(float(out["abandon_rate"]), c.p_abandon)
                      and close(float(out["asa_s"]), c.asa_answered())
                      and close(float(out["occupancy"]), c.occupancy),
                      "%s: printed values match the chain at %d agents"
                      % (" ".join(args), n), repr(out))
    # Patience long against the AHT: Erlang A tends to Erlang C (14 agents).
    out = run_csv(tap, wfm, ["--calls", "100", "--interval", "1800", "--aht",
                             "180", "--sl", "0.8", "--answer", "20",
                             "--patience", "1e9"])
    if out is not None:
        tap.check(out["agents"] == "14"
                  and close(float(out["service_level"]), 0.888350019179, 1e-6),
                  "patience 1e9 s gives Erlang C's 14 agents, SL 88.84 %",
                  repr(out))


# --- output format ------------------------------------------------------------

EXAMPLE = ["--calls", "100", "--interval", "1800", "--aht", "180",
           "--sl", "0.8", "--answer", "20", "--shrinkage", "0.3"]
A_OPTIONS = ["--patience", "60", "--max-abandon", "0.05"]
C_TABLE = """\
traffic          10.000 Erlangs
agents           14
service level    88.84 % answered within 20 s
ASA              7.84 s
occupancy        71.43 %
scheduled        20 agents (shrinkage 30.0 %)
"""


def group_contract(tap, wfm, _reference):
    # Erlang C output is unchanged when --patience is absent.
    proc = run(wfm, ["erlang"] + EXAMPLE)
    tap.check(proc.returncode == 0 and proc.stdout == C_TABLE,
              "without --patience the Erlang C table is unchanged",
              describe(EXAMPLE, proc))
    run_csv(tap, wfm, EXAMPLE, header=C_HEADER)

    # The Erlang A table: by the chain, 100 calls/30 min, AHT 180 s, patience
    # 60 s need 13 agents for abandon <= 5 % (12 give 7.4 %), and
    # scheduled = ceil(13 / 0.7) = 19.
    c = seconds_chain(100, 1800, 180, 60, 13)
    want = ("traffic          10.000 Erlangs\n"
            "agents           13\n"
            "service level    %.2f %% of all contacts answered within 20 s\n"
            "ASA              %.2f s\n"
            "abandoned        %.2f %% (mean patience 60 s)\n"
            "occupancy        %.2f %%\n"
            "scheduled        19 agents (shrinkage 30.0 %%)\n"
            % (100 * c.sl("answered-of-all", 20), c.asa_answered(),
               100 * c.p_abandon, 100 * c.occupancy))
    proc = run(wfm, ["erlang"] + EXAMPLE + A_OPTIONS)
    tap.check(proc.returncode == 0 and proc.stderr == "" and proc.stdout == want,
              "Erlang A table: C lines plus an abandoned line",
              describe(EXAMPLE + A_OPTIONS, proc) + "\nwanted:\n" + want)
    equals = [a + "=" + b for a, b in zip((EXAMPLE + A_OPTIONS)[::2],
                                          (EXAMPLE + A_OPTIONS)[1::2])]
    proc2 = run(wfm, ["erlang"] + equals)
    tap.check(proc2.returncode == 0 and proc2.stdout == proc.stdout,
              "--name=value form gives the same table", describe(equals, proc2))
    for definition, text in (("virtual", "with a virtual wait within 20 s"),
                             ("answered-only",
                              "of answered contacts answered within 20 s")):
        args = EXAMPLE + A_OPTIONS + ["--sl-definition", definition]
        proc = run(wfm, ["erlang"] + args)
        tap.check(proc.returncode == 0 and text in proc.stdout,
                  "table names the %s SL" % definition, describe(args, proc))
    # No SL target: SL not computed, as in Erlang C mode.
    args = ["--calls", "100", "--interval", "1800", "--aht", "180"] + A_OPTIONS
    proc = run(wfm, ["erlang"] + args)
    tap.check(proc.returncode == 0
              and "service level    - (no --sl target)\n" in proc.stdout
              and "abandoned        " in proc.stdout,
              "abandonment target alone: SL shown as not set",
              describe(args, proc))
    out = run_csv(tap, wfm, args)
    if out is not None:
        tap.check(out["service_level"] == "" and out["agents"] == "13"
                  and out["patience_s"] == "60"
                  and out["sl_definition"] == "answered-of-all"
                  and out["shrinkage"] == "0" and out["scheduled_agents"] == "13",
                  "CSV: empty SL, inputs echoed, default definition", repr(out))
        fields = [v for k, v in out.items()
                  if k not in ("service_level", "sl_definition")]
        tap.check(all(math.isfinite(float(v)) for v in fields)
                  and close(float(out["abandon_rate"]),
                            seconds_chain(100, 1800, 180, 60, 13).p_abandon, 1e-12),
                  "CSV: numbers finite and full precision", repr(out))
    # No contacts: nobody needed, nobody waits or abandons.
    out = run_csv(tap, wfm, ["--calls", "0", "--interval", "1800", "--aht",
                             "180", "--sl", "0.8", "--answer", "20"] + A_OPTIONS)
    if out is not None:
        tap.check(out["agents"] == "0" and float(out["service_level"]) == 1.0
                  and float(out["asa_s"]) == 0.0
                  and float(out["abandon_rate"]) == 0.0
                  and float(out["occupancy"]) == 0.0,
                  "zero calls: 0 agents, SL 1, ASA 0, no abandonment", repr(out))


def group_help(tap, wfm, _reference):
    proc = run(wfm, ["erlang", "--help"])
    text = proc.stdout
    missing = [w for w in ("--patience", "--max-abandon", "--sl-definition",
                           "Erlang A", "abandon") + DEFINITIONS
               if w not in text]
    tap.check(proc.returncode == 0 and not missing,
              "--help documents the Erlang A options and SL definitions",
              "missing: %r" % missing)
    tap.check("mean wait of answered contacts" in text
              and "default" in text,
              "--help says which ASA is used and the default SL", text)


# --- bad input ------------------------------------------------------------------

BASE = ["erlang", "--calls", "100", "--interval", "1800", "--aht", "180",
        "--sl", "0.8", "--answer", "20"]
USAGE_ERRORS = [
    (BASE + ["--patience", "0"], "--patience"),
    (BASE + ["--patience", "-60"], "--patience"),
    (BASE + ["--patience", "nan"], "--patience"),
    (BASE + ["--patience", "NaN"], "--patience"),
    (BASE + ["--patience", "inf"], "--patience"),
    (BASE + ["--patience", "abc"], "--patience"),
    (BASE + ["--patience", ""], "--patience"),
    (BASE + ["--patience"], "--patience"),
    (BASE + ["--patience", "60", "--patience", "30"], "--patience"),
    (BASE + ["--max-abandon", "0.05"], "--patience"),
    (BASE + ["--max-abandon", "0.05", "--max-asa", "30"], "--max-abandon"),
    (BASE + ["--sl-definition", "virtual"], "--patience"),
    (BASE + ["--patience", "60", "--max-abandon", "0"], "--max-abandon"),
    (BASE + ["--patience", "60", "--max-abandon", "1"], "--max-abandon"),
    (BASE + ["--patience", "60", "--max-abandon", "-0.1"], "--max-abandon"),
    (BASE + ["--patience", "60", "--max-abandon", "5"], "--max-abandon"),
    (BASE + ["--patience", "60", "--max-abandon", "nan"], "--max-abandon"),
    (BASE + ["--patience", "60", "--sl-definition", "bogus"], "--sl-definition"),
    (BASE + ["--patience", "60", "--sl-definition", "Virtual"], "--sl-definition"),
    (BASE + ["--patience", "60", "--sl-definition", ""], "--sl-definition"),
    (BASE + ["--patience", "60", "--sl-definition", "a\nb"], "--sl-definition"),
    (BASE + ["--patience", "60", "--sl-definition"], "--sl-definition"),
    (BASE[:7] + ["--patience", "60"], "target"),
    (BASE[:7] + ["--patience", "60", "--sl", "0.8"], "--answer"),
]


def group_errors(tap, wfm, _reference):
    for args, mention in USAGE_ERRORS:
        proc = run(wfm, args)
        tap.check(one_line_error(proc, 2, [mention], "wfm erlang: "),
                  "%r: exit 2, one stderr line naming %r" % (args[7:], mention),
                  describe(args, proc))
    # Valid but beyond int32_t agents: a failure, not a usage error.
    args = ["erlang", "--calls", "1e14", "--interval", "1", "--aht", "100",
            "--patience", "60", "--max-abandon", "0.1"]
    proc = run(wfm, args)
    tap.check(proc.returncode == 1 and proc.stdout == ""
              and proc.stderr.count("\n") == 1 and "agents" in proc.stderr,
              "1e16 Erlangs: exit 1, one stderr line", describe(args, proc))


GROUPS = {
    "reference": group_reference,
    "targets": group_targets,
    "contract": group_contract,
    "help": group_help,
    "errors": group_errors,
}


if __name__ == "__main__":
    sys.exit(clitest.main(sys.argv, GROUPS, ["WFM", "REFERENCE_CSV"]))
