#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write tests/data/erlang_b_reference.csv: Erlang B(A, n) to 20 digits from
mpmath at 60 digits, B = Poisson(n; A) / P(Poisson(A) <= n) with the CDF from
the regularized incomplete gamma function (independent of wfm's code).

The points cover every region of lib/queue/erlang-eval.c: small n, n near A
(Temme), far above A (upper tail) and far below A (lower tail), for A from
1e-6 to 1e7. Loads are the doubles actually passed to C (repr of a float).

Usage: /usr/bin/python3 tools/gen-erlang-b-reference.py > tests/data/erlang_b_reference.csv
"""
import math
import random
import mpmath as mp

mp.mp.dps = 60
rng = random.Random(20261122)


def erlang_b(A, n):
    Am = mp.mpf(A)
    log_pmf = n * mp.log(Am) - Am - mp.loggamma(n + 1)
    cdf = mp.gammainc(n + 1, Am, mp.inf, regularized=True)
    return mp.exp(log_pmf) / cdf


rows = set()
for _ in range(700):
    A = float(10 ** rng.uniform(-6, 7))
    s = math.sqrt(A)
    kind = rng.random()
    if kind < 0.45:      # the staffing region: n just above A
        n = math.floor(A) + 1 + int(rng.uniform(0, 8) * s)
    elif kind < 0.6:     # around A, both sides
        n = max(0, int(A + rng.uniform(-4, 4) * s))
    elif kind < 0.8:     # far above A
        n = int(A * rng.uniform(1.2, 6)) + int(rng.uniform(0, 60))
    else:                # far below A
        n = int(A * rng.uniform(0, 0.9))
    if n > 2**31 - 1:
        continue
    rows.add((A, n))
# Every region boundary of the evaluator for a few loads.
for A in (29.5, 30.0, 31.7, 100.0, 1000.0, 1e5):
    for n in range(28, 33):
        rows.add((A, n))

print("traffic_erlangs,agents,blocking")
for A, n in sorted(rows):
    b = erlang_b(A, n)
    if b < mp.mpf(10) ** -300:
        continue
    print("%r,%d,%s" % (A, n, mp.nstr(b, 20, min_fixed=-5, max_fixed=1)))
