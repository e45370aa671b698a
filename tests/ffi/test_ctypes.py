#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""FFI smoke test: load the built libwfm.so with ctypes and check it against
independent references (STYLE.md §5, §7).

Usage: test_ctypes.py PATH/TO/libwfm.so [unittest options]

Environment:
  WFM_TEST_DATA          directory of the reference CSV files
                         (default: ../data next to this script)
  WFM_TEST_INCLUDE_DIRS  ':'-separated include directories holding wfm/*.h
                         (source and build trees); used to check that the
                         ctypes declarations below match the C prototypes.

References, never the library checked against itself:
  * tests/data/required_agents.csv, required_agents_asa_occ.csv and
    erlangc_grid.csv;
  * the published example A = 10 Erlangs, n = 14, AHT 180 s, t = 20 s;
  * exact rational arithmetic (fractions) for traffic, occupancy and
    scheduled agents, and a 50-digit decimal Erlang B recurrence (also on
    300 seeded random loads);
  * the behaviour the headers document for edge cases and bad inputs.

Exit status: 0 pass, 1 fail, 77 skip (the library cannot be loaded for an
environmental reason: no ctypes, wrong ELF class, a missing dependency).

Standard library only.
"""

import csv
import math
import os
import random
import re
import sys
import threading
import unittest
from decimal import Decimal, localcontext
from fractions import Fraction

SKIP = 77
WFM_OK, WFM_EINVAL, WFM_ERANGE = 0, 1, 2
INT32_MAX = 2**31 - 1
DBL_EPSILON = sys.float_info.epsilon
NAN, INF = float('nan'), float('inf')

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get('WFM_TEST_DATA') or os.path.join(HERE, '..', 'data')

try:
    import ctypes
    from ctypes import (POINTER, c_char_p, c_double, c_int32, c_size_t,
                        c_uint32)
except ImportError as e:  # Python built without _ctypes
    print(f'SKIP: ctypes is not available: {e}')
    sys.exit(SKIP)

import wfmlib  # noqa: E402  (after the ctypes check: it needs ctypes)

P_DOUBLE, P_INT32, P_SIZE = POINTER(c_double), POINTER(c_int32), POINTER(c_size_t)

# name: (restype, argtypes), exactly as in include/wfm/*.h.
SIGNATURES = {
    # erlang.h
    'wfm_traffic_erlangs': (c_int32, [c_double, c_double, c_double, P_DOUBLE]),
    'wfm_erlang_b': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_erlang_c': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_service_level': (c_int32, [c_double, c_int32, c_double, c_double, P_DOUBLE]),
    'wfm_average_speed_of_answer': (c_int32, [c_double, c_int32, c_double, P_DOUBLE]),
    'wfm_occupancy': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_required_agents': (c_int32, [c_double, c_double, c_double, c_double,
                                      c_double, c_double, P_INT32]),
    'wfm_required_agents_batch': (c_int32, [c_size_t, P_DOUBLE, P_DOUBLE,
                                            c_double, c_double, c_double, c_double,
                                            P_INT32, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                            P_SIZE]),
    # staffing.h
    'wfm_scheduled_agents': (c_int32, [c_int32, c_double, P_INT32]),
    # status.h
    'wfm_status_str': (c_char_p, [c_int32]),
    'wfm_gsl_disable_abort': (c_int32, []),
    # version.h
    'wfm_version_string': (c_char_p, []),
    'wfm_version_number': (c_uint32, []),
    # accuracy.h
    'wfm_accuracy_wape': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE]),
    'wfm_accuracy_bias': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE]),
    'wfm_accuracy_mase': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE, c_size_t,
                                    c_size_t, P_DOUBLE]),
    'wfm_accuracy_coverage': (c_int32, [P_DOUBLE, P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE]),
}

# calendar.h: bound and exercised by test_calendar_ctypes.py (same
# directory); included here so that the drift check below covers every
# public header.
from test_calendar_ctypes import C_TYPES as CALENDAR_C_TYPES  # noqa: E402
from test_calendar_ctypes import SIGNATURES as CALENDAR_SIGNATURES  # noqa: E402

from test_forecast_ctypes import C_TYPES as FORECAST_C_TYPES  # noqa: E402
from test_forecast_ctypes import SIGNATURES as FORECAST_SIGNATURES  # noqa: E402
from test_plan_ctypes import C_TYPES as PLAN_C_TYPES  # noqa: E402
from test_plan_ctypes import SIGNATURES as PLAN_SIGNATURES  # noqa: E402

SIGNATURES.update(CALENDAR_SIGNATURES)
SIGNATURES.update(FORECAST_SIGNATURES)
SIGNATURES.update(PLAN_SIGNATURES)

# C type spelling -> ctypes type, for the header cross-check.
C_TYPES = {
    'double': c_double, 'int32_t': c_int32, 'wfm_status': c_int32,
    'uint32_t': c_uint32, 'size_t': c_size_t, 'const char*': c_char_p,
    'double*': P_DOUBLE, 'const double*': P_DOUBLE, 'int32_t*': P_INT32,
    'size_t*': P_SIZE,
}
C_TYPES.update(CALENDAR_C_TYPES)
C_TYPES.update(FORECAST_C_TYPES)
C_TYPES.update(PLAN_C_TYPES)


lib = None


# ------------------------------------------------------------ references

def rows(name):
    with open(os.path.join(DATA, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def exact_traffic(calls, interval, aht):
    """calls × aht / interval of the given doubles, rounded once."""
    return float(Fraction(calls) * Fraction(aht) / Fraction(interval))


def erlang_b_decimal(a, ns):
    """{n: B(a, n)} as 50-digit Decimals, from 1/B(n) = 1 + (n/a)/B(n-1).

    All terms are positive, so the recurrence is stable; the double `a` is
    converted exactly."""
    out = {}
    with localcontext() as ctx:
        ctx.prec = 50
        if a == 0:
            return {n: Decimal(1 if n == 0 else 0) for n in ns}
        da = Decimal(a)
        inv, k = Decimal(1), 0
        for n in sorted(set(ns)):
            while k < n:
                k += 1
                inv = 1 + k / da * inv
            out[n] = 1 / inv
    return out


def erlang_c_decimal(a, n, b):
    if a == 0:
        return Decimal(0)
    if n <= a:
        return Decimal(1)
    with localcontext() as ctx:
        ctx.prec = 50
        da = Decimal(a)
        return n * b / (n - da * (1 - b))


def rel_close(got, ref, rel):
    if ref == 0:
        return got == 0
    return abs(got - ref) <= rel * abs(ref)


def fmt(**kw):
    return ', '.join(f'{k}={v!r}' for k, v in kw.items())


# ---------------------------------------------------------- call helpers

def traffic(calls, interval, aht):
    out = c_double(-1.0)
    st = lib.wfm_traffic_erlangs(calls, interval, aht, ctypes.byref(out))
    return st, out.value


def erlang_b(a, n):
    out = c_double(-1.0)
    st = lib.wfm_erlang_b(a, n, ctypes.byref(out))
    return st, out.value


def erlang_c(a, n):
    out = c_double(-1.0)
    st = lib.wfm_erlang_c(a, n, ctypes.byref(out))
    return st, out.value


def service_level(a, n, aht, t):
    out = c_double(-1.0)
    st = lib.wfm_service_level(a, n, aht, t, ctypes.byref(out))
    return st, out.value


def asa(a, n, aht):
    out = c_double(-1.0)
    st = lib.wfm_average_speed_of_answer(a, n, aht, ctypes.byref(out))
    return st, out.value


def occupancy(a, n):
    out = c_double(-1.0)
    st = lib.wfm_occupancy(a, n, ctypes.byref(out))
    return st, out.value


def required(a, aht, sl=0.0, t=0.0, max_asa=0.0, max_occ=0.0):
    out = c_int32(-1)
    st = lib.wfm_required_agents(a, aht, sl, t, max_asa, max_occ, ctypes.byref(out))
    return st, out.value


def scheduled(agents, shrinkage):
    out = c_int32(-1)
    st = lib.wfm_scheduled_agents(agents, shrinkage, ctypes.byref(out))
    return st, out.value


def doubles(values):
    return (c_double * len(values))(*values)


# ------------------------------------------------------------------ tests

class Setup(unittest.TestCase):
    def test_gsl_disable_abort(self):
        self.assertEqual(lib.wfm_gsl_disable_abort(), WFM_OK)
        self.assertEqual(lib.wfm_gsl_disable_abort(), WFM_OK)  # harmless twice

    def test_version(self):
        s = lib.wfm_version_string()
        self.assertIsInstance(s, bytes)
        m = re.fullmatch(rb'(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)', s)
        self.assertIsNotNone(m, f'version string {s!r} is not MAJOR.MINOR.PATCH')
        major, minor, patch = (int(x) for x in m.groups())
        self.assertEqual(lib.wfm_version_number(), major * 10000 + minor * 100 + patch)

    def test_status_str(self):
        # WFM_OK .. WFM_EINFEASIBLE (0 .. 9, pinned in status.h).
        texts = {}
        for code in range(10):
            s = lib.wfm_status_str(code)
            self.assertIsInstance(s, bytes)
            self.assertTrue(s and s != b'unknown status code', (code, s))
            s.decode('utf-8')
            texts[code] = s
        self.assertEqual(len(set(texts.values())), 10, texts)
        for code in (-1, 10, 99, INT32_MAX, -INT32_MAX - 1):
            self.assertEqual(lib.wfm_status_str(code), b'unknown status code', code)

    def test_signatures_match_headers(self):
        """The argtypes/restype above are exactly the C prototypes."""
        dirs = [d for d in os.environ.get('WFM_TEST_INCLUDE_DIRS', '').split(':') if d]
        dirs.append(os.path.join(HERE, '..', '..', 'include'))
        protos = {}
        for d in dirs:
            wd = os.path.join(d, 'wfm')
            if not os.path.isdir(wd):
                continue
            for f in sorted(os.listdir(wd)):
                if f.endswith('.h'):
                    with open(os.path.join(wd, f), encoding='utf-8') as fh:
                        protos.update(parse_prototypes(fh.read()))
        if not protos:
            self.skipTest('public headers not found')
        for name, (ret, params) in sorted(protos.items()):
            self.assertIn(name, SIGNATURES, f'{name} is in the headers but not bound here')
            res, args = SIGNATURES[name]
            self.assertIs(C_TYPES.get(ret), res, f'{name}: return type {ret}')
            self.assertEqual(len(params), len(args), f'{name}: parameter count')
            for i, (p, a) in enumerate(zip(params, args)):
                self.assertIs(C_TYPES.get(p), a, f'{name}: parameter {i} is {p}')
        if 'wfm_version_string' in protos:  # generated version.h was found
            self.assertEqual(set(protos), set(SIGNATURES))


def parse_prototypes(text):
    """{name: (return type, [parameter types])} of the WFM_API functions."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    out = {}
    for m in re.finditer(r'\bWFM_API\b((?:\s+WFM_[A-Z_]+)*)\s+([^;{]*?)\b(wfm_\w+)\s*\(([^)]*)\)\s*;',
                         text):
        ret = norm_type(m.group(2))
        params = [p.strip() for p in m.group(4).split(',')]
        if params == ['void']:
            params = []
        types = []
        for p in params:
            p = re.sub(r'\b[A-Za-z_]\w*\s*$', '', p)  # drop the parameter name
            types.append(norm_type(p))
        out[m.group(3)] = (ret, types)
    return out


def norm_type(t):
    t = re.sub(r'\s+', ' ', t).strip()
    return re.sub(r'\s*\*\s*', '*', t)


class Traffic(unittest.TestCase):
    def test_single_rounding(self):
        # The header's example: 42 contacts, 900 s, 270 s -> nearest double to 12.6.
        self.assertEqual(traffic(42.0, 900.0, 270.0), (WFM_OK, 12.6))
        self.assertEqual(traffic(24.0, 1800.0, 180.0), (WFM_OK, 2.4))
        self.assertEqual(traffic(0.0, 1800.0, 180.0), (WFM_OK, 0.0))

    def test_csv_rows_exact(self):
        seen = set()
        for r in rows('required_agents.csv') + rows('required_agents_asa_occ.csv'):
            c, iv, h = (float(r[k]) for k in ('calls_per_interval', 'interval_seconds', 'aht_seconds'))
            if (c, iv, h) in seen:
                continue
            seen.add((c, iv, h))
            st, a = traffic(c, iv, h)
            self.assertEqual(st, WFM_OK)
            self.assertEqual(a, exact_traffic(c, iv, h), fmt(calls=c, interval=iv, aht=h))

    def test_overflow(self):
        st, _ = traffic(1e300, 1.0, 1e300)
        self.assertEqual(st, WFM_ERANGE)

    def test_bad_inputs(self):
        for args in ((NAN, 1800.0, 180.0), (INF, 1800.0, 180.0), (-1.0, 1800.0, 180.0),
                     (10.0, 0.0, 180.0), (10.0, -1800.0, 180.0), (10.0, NAN, 180.0),
                     (10.0, INF, 180.0), (10.0, 1800.0, 0.0), (10.0, 1800.0, -180.0),
                     (10.0, 1800.0, NAN), (10.0, 1800.0, INF)):
            self.assertEqual(traffic(*args), (WFM_EINVAL, -1.0), args)  # untouched
        self.assertEqual(lib.wfm_traffic_erlangs(10.0, 1800.0, 180.0, None), WFM_EINVAL)


class ErlangGrid(unittest.TestCase):
    """erlangc_grid.csv, and Erlang B from a 50-digit recurrence."""

    @classmethod
    def setUpClass(cls):
        cls.grid = [(float(r['traffic_erlangs']), int(r['agents']), float(r['p_wait']))
                    for r in rows('erlangc_grid.csv')]
        by_a = {}
        for a, n, _ in cls.grid:
            by_a.setdefault(a, []).append(n)
        cls.b_ref = {a: erlang_b_decimal(a, ns) for a, ns in by_a.items()}

    def test_reference_agrees_with_csv(self):
        # Validates the decimal recurrence (and the CSV) before using it.
        for a, n, p in self.grid:
            c = float(erlang_c_decimal(a, n, self.b_ref[a][n]))
            if p > 1e-300:
                self.assertTrue(rel_close(c, p, 1e-13), fmt(A=a, n=n, csv=p, decimal=c))

    def test_erlang_c(self):
        bad = []
        for a, n, p in self.grid:
            st, got = erlang_c(a, n)
            self.assertEqual(st, WFM_OK, fmt(A=a, n=n))
            ok = rel_close(got, p, 1e-12) if p > 1e-300 else 0.0 <= got <= 1e-300
            if not ok:
                bad.append(fmt(A=a, n=n, got=got, ref=p, rel=abs(got - p) / p if p else None))
        self.assertFalse(bad, f'{len(bad)} of {len(self.grid)} grid points off:\n  '
                         + '\n  '.join(bad[:20]))

    def test_erlang_b(self):
        bad = []
        for a, n, _ in self.grid:
            ref = float(self.b_ref[a][n])
            st, got = erlang_b(a, n)
            self.assertEqual(st, WFM_OK, fmt(A=a, n=n))
            ok = rel_close(got, ref, 1e-12) if ref > 1e-300 else 0.0 <= got <= 1e-300
            if not ok:
                bad.append(fmt(A=a, n=n, got=got, ref=ref))
        self.assertFalse(bad, f'{len(bad)} Erlang B values off:\n  ' + '\n  '.join(bad[:20]))

    def test_threads(self):
        """Pure functions: four threads at once still match the reference."""
        errors = [None] * 4

        def work(k):
            errors[k] = [fmt(A=a, n=n, got=got)
                         for a, n, p in self.grid
                         for st, got in [erlang_c(a, n)]
                         if st != WFM_OK or not (rel_close(got, p, 1e-12) if p > 1e-300
                                                 else 0.0 <= got <= 1e-300)]
        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k, e in enumerate(errors):
            self.assertEqual(e, [], f'thread {k}')


class RandomReference(unittest.TestCase):
    """Seeded random loads against the 50-digit decimal reference: B, C, SL
    and ASA within the documented 1e-12 (relative; SL absolute)."""
    SEED, CASES = 20241122, 300

    def test_random(self):
        rng = random.Random(self.SEED)
        bad = []
        for _ in range(self.CASES):
            a = 10 ** rng.uniform(-3, 4)
            n = rng.randint(0, int(a + 6 * math.sqrt(a) + 10))
            h = rng.choice((5.0, 30.0, 180.0, 600.0))
            t = rng.choice((0.0, 5.0, 20.0, 60.0))
            where = fmt(A=a, n=n, aht=h, t=t)
            b = erlang_b_decimal(a, [n])[n]
            c = erlang_c_decimal(a, n, b)
            if n > a:
                with localcontext() as ctx:
                    ctx.prec = 50
                    da = Decimal(a)
                    sl_ref = float(1 - c * (-(n - da) * Decimal(t) / Decimal(h)).exp())
                    asa_ref = float(c * Decimal(h) / (n - da))
            else:
                sl_ref, asa_ref = 0.0, INF
            checks = (('B', erlang_b(a, n), float(b)), ('C', erlang_c(a, n), float(c)),
                      ('ASA', asa(a, n, h), asa_ref))
            for what, (st, got), ref in checks:
                if st != WFM_OK:
                    bad.append(f'{where}: {what} status {st}')
                elif ref == INF:
                    if got != INF:
                        bad.append(f'{where}: {what} {got!r}, expected inf')
                elif not (rel_close(got, ref, 1e-12) if ref > 1e-300 else 0.0 <= got <= 1e-300):
                    bad.append(f'{where}: {what} {got!r}, reference {ref!r}')
            st, sl = service_level(a, n, h, t)
            if st != WFM_OK or not abs(sl - sl_ref) <= 1e-12:
                bad.append(f'{where}: SL {sl!r} (status {st}), reference {sl_ref!r}')
        self.assertFalse(bad, f'{len(bad)} of {self.CASES} cases off (seed {self.SEED}):\n  '
                         + '\n  '.join(bad[:30]))


class PublishedExample(unittest.TestCase):
    """A = 10 Erlangs, n = 14 agents, AHT 180 s, answer time 20 s."""
    A, N, AHT, T = 10.0, 14, 180.0, 20.0

    def test_values(self):
        st, c = erlang_c(self.A, self.N)
        self.assertEqual(st, WFM_OK)
        self.assertAlmostEqual(c, 0.174131933595, delta=1e-12)
        st, sl = service_level(self.A, self.N, self.AHT, self.T)
        self.assertEqual(st, WFM_OK)
        self.assertAlmostEqual(sl, 0.888350019179, delta=1e-12)
        st, w = asa(self.A, self.N, self.AHT)
        self.assertEqual(st, WFM_OK)
        self.assertAlmostEqual(w, 7.83593701178, delta=1e-10)
        st, o = occupancy(self.A, self.N)
        self.assertEqual((st, o), (WFM_OK, 10.0 / 14.0))

    def test_against_decimal_reference(self):
        b = erlang_b_decimal(self.A, [self.N])[self.N]
        c = erlang_c_decimal(self.A, self.N, b)
        with localcontext() as ctx:
            ctx.prec = 50
            sl = 1 - c * (-(self.N - Decimal(self.A)) * Decimal(self.T) / Decimal(self.AHT)).exp()
            w = c * Decimal(self.AHT) / (self.N - Decimal(self.A))
        self.assertTrue(rel_close(erlang_b(self.A, self.N)[1], float(b), 1e-14))
        self.assertTrue(rel_close(erlang_c(self.A, self.N)[1], float(c), 1e-14))
        self.assertTrue(rel_close(service_level(self.A, self.N, self.AHT, self.T)[1],
                                  float(sl), 1e-14))
        self.assertTrue(rel_close(asa(self.A, self.N, self.AHT)[1], float(w), 1e-14))

    def test_required_80_20(self):
        # 14 agents give 88.8 %; the reference SL at 13 agents decides 13 vs 14.
        b13 = erlang_b_decimal(self.A, [13])[13]
        c13 = erlang_c_decimal(self.A, 13, b13)
        sl13 = 1 - float(c13) * math.exp(-3 * self.T / self.AHT)
        expect = 13 if sl13 >= 0.8 else 14
        self.assertEqual(required(self.A, self.AHT, 0.8, self.T), (WFM_OK, expect))


class RequiredAgents(unittest.TestCase):
    """required_agents.csv: exact staffing, SL and ASA at that staffing."""

    @classmethod
    def setUpClass(cls):
        cls.cases = []
        for i, r in enumerate(rows('required_agents.csv'), start=2):
            c, iv, h = (float(r[k]) for k in ('calls_per_interval', 'interval_seconds', 'aht_seconds'))
            cls.cases.append(dict(
                line=i, calls=c, interval=iv, aht=h,
                target_sl=float(r['target_sl']), answer=float(r['target_answer_seconds']),
                agents=int(r['required_agents']), sl=float(r['achieved_sl']),
                asa=float(r['asa_seconds'])))

    def test_rows(self):
        bad = []
        for k in self.cases:
            where = f"line {k['line']}: " + fmt(calls=k['calls'], interval=k['interval'],
                                                 aht=k['aht'], sl=k['target_sl'], t=k['answer'])
            st, a = traffic(k['calls'], k['interval'], k['aht'])
            self.assertEqual(st, WFM_OK, where)
            st, n = required(a, k['aht'], k['target_sl'], k['answer'])
            if k['target_sl'] == 0.0:  # no target set: the row's answer time alone
                if st != WFM_EINVAL:
                    bad.append(f'{where}: status {st}, expected WFM_EINVAL (no target)')
                continue
            if st != WFM_OK or n != k['agents']:
                bad.append(f'{where}: status {st}, agents {n}, expected {k["agents"]}')
                continue
            st, sl = service_level(a, n, k['aht'], k['answer'])
            if st != WFM_OK or not abs(sl - k['sl']) <= 1e-12:
                bad.append(f'{where}: SL {sl!r}, expected {k["sl"]!r}')
            st, w = asa(a, n, k['aht'])
            if st != WFM_OK or not rel_close(w, k['asa'], 1e-10):
                bad.append(f'{where}: ASA {w!r}, expected {k["asa"]!r}')
        self.assertFalse(bad, f'{len(bad)} of {len(self.cases)} rows wrong:\n  '
                         + '\n  '.join(bad[:30]))

    def test_batch(self):
        """The same rows through wfm_required_agents_batch, one call per
        (target, answer time) group, with every optional output."""
        groups = {}
        for k in self.cases:
            groups.setdefault((k['target_sl'], k['answer']), []).append(k)
        bad = []
        for (target, answer), ks in sorted(groups.items()):
            m = len(ks)
            a = [exact_traffic(k['calls'], k['interval'], k['aht']) for k in ks]
            agents = (c_int32 * m)(*([-1] * m))
            sl, w, occ = doubles([-1.0] * m), doubles([-1.0] * m), doubles([-1.0] * m)
            failed = c_size_t(12345)
            st = lib.wfm_required_agents_batch(m, doubles(a), doubles([k['aht'] for k in ks]),
                                               target, answer, 0.0, 0.0,
                                               agents, sl, w, occ, ctypes.byref(failed))
            if target == 0.0:  # no target set: EINVAL (1.3)
                if st != WFM_EINVAL:
                    bad.append(f'group target=0 t={answer}: status {st}, expected WFM_EINVAL')
                continue
            if st != WFM_OK:
                bad.append(f'group target={target} t={answer}: status {st}, failed {failed.value}')
                continue
            for i, k in enumerate(ks):
                where = f"line {k['line']}"
                if agents[i] != k['agents']:
                    bad.append(f'{where}: agents {agents[i]}, expected {k["agents"]}')
                    continue
                if not abs(sl[i] - k['sl']) <= 1e-12:
                    bad.append(f'{where}: SL {sl[i]!r}, expected {k["sl"]!r}')
                if not rel_close(w[i], k['asa'], 1e-10):
                    bad.append(f'{where}: ASA {w[i]!r}, expected {k["asa"]!r}')
                if not rel_close(occ[i], a[i] / k['agents'], 2 * DBL_EPSILON):
                    bad.append(f'{where}: occupancy {occ[i]!r}, expected {a[i] / k["agents"]!r}')
        self.assertFalse(bad, f'{len(bad)} batch results wrong:\n  ' + '\n  '.join(bad[:30]))

    def test_batch_optional_outputs_null(self):
        ks = self.cases[:10]
        target, answer = ks[0]['target_sl'], ks[0]['answer']
        ks = [k for k in ks if (k['target_sl'], k['answer']) == (target, answer)]
        m = len(ks)
        agents = (c_int32 * m)()
        st = lib.wfm_required_agents_batch(
            m, doubles([exact_traffic(k['calls'], k['interval'], k['aht']) for k in ks]),
            doubles([k['aht'] for k in ks]), target, answer, 0.0, 0.0,
            agents, None, None, None, None)
        self.assertEqual(st, WFM_OK)
        self.assertEqual(list(agents), [k['agents'] for k in ks])

    def test_batch_empty(self):
        failed = c_size_t(7)
        st = lib.wfm_required_agents_batch(0, doubles([]), doubles([]), 0.8, 20.0, 0.0, 0.0,
                                           (c_int32 * 0)(), None, None, None, ctypes.byref(failed))
        self.assertEqual(st, WFM_OK)


class AsaOccupancy(unittest.TestCase):
    """required_agents_asa_occ.csv: ASA targets and occupancy caps."""

    def test_rows(self):
        bad = []
        for i, r in enumerate(rows('required_agents_asa_occ.csv'), start=2):
            c, iv, h = (float(r[k]) for k in ('calls_per_interval', 'interval_seconds', 'aht_seconds'))
            max_asa = float(r['target_asa_seconds'] or 0)
            max_occ = float(r['max_occupancy'] or 0)
            where = f'line {i}: ' + fmt(calls=c, interval=iv, aht=h, max_asa=max_asa, max_occ=max_occ)
            st, a = traffic(c, iv, h)
            self.assertEqual(st, WFM_OK, where)
            self.assertEqual(a, float(r['traffic_erlangs']), where)
            expect = int(r['required_agents'])
            got = required(a, h, max_asa=max_asa, max_occ=max_occ)
            if got != (WFM_OK, expect):
                bad.append(f'{where}: got {got}, expected {expect}')
                continue
            if r['agents_for_asa']:
                got = required(a, h, max_asa=max_asa)
                if got != (WFM_OK, int(r['agents_for_asa'])):
                    bad.append(f'{where}: ASA only: got {got}, expected {r["agents_for_asa"]}')
            if r['agents_for_occupancy']:
                got = required(a, h, max_occ=max_occ)
                if got != (WFM_OK, int(r['agents_for_occupancy'])):
                    bad.append(f'{where}: occupancy only: got {got}, '
                               f'expected {r["agents_for_occupancy"]}')
            st, w = asa(a, expect, h)
            if st != WFM_OK or not rel_close(w, float(r['asa_seconds']), 1e-10):
                bad.append(f'{where}: ASA {w!r}, expected {r["asa_seconds"]}')
            st, o = occupancy(a, expect)
            if st != WFM_OK or not rel_close(o, float(r['occupancy']), 2 * DBL_EPSILON):
                bad.append(f'{where}: occupancy {o!r}, expected {r["occupancy"]}')
        self.assertFalse(bad, f'{len(bad)} rows wrong:\n  ' + '\n  '.join(bad[:30]))

    def test_occupancy_exact(self):
        for a in (0.5, 2.4, 10.0, 12.6, 99.99999, 1e5):
            for n in (int(a) + 1, int(a) + 2, int(a) + 17, 3 * int(a) + 5):
                self.assertEqual(occupancy(a, n), (WFM_OK, a / n), (a, n))  # one rounding


class EdgeCases(unittest.TestCase):
    """Behaviour the headers document for A = 0 and n <= A."""

    def test_zero_traffic(self):
        for n in (0, 1, 5):
            self.assertEqual(erlang_c(0.0, n), (WFM_OK, 0.0), n)
            self.assertEqual(service_level(0.0, n, 180.0, 20.0), (WFM_OK, 1.0), n)
            self.assertEqual(asa(0.0, n, 180.0), (WFM_OK, 0.0), n)
            self.assertEqual(occupancy(0.0, n), (WFM_OK, 0.0), n)
        self.assertEqual(erlang_b(0.0, 0), (WFM_OK, 1.0))
        self.assertEqual(erlang_b(0.0, 3), (WFM_OK, 0.0))
        self.assertEqual(required(0.0, 180.0, 0.8, 20.0), (WFM_OK, 0))

    def test_overloaded(self):
        for a, n in ((10.0, 10), (10.0, 3), (10.5, 10), (0.5, 0), (1e5, 99999)):
            self.assertEqual(erlang_c(a, n), (WFM_OK, 1.0), (a, n))
            self.assertEqual(service_level(a, n, 180.0, 20.0), (WFM_OK, 0.0), (a, n))
            self.assertEqual(asa(a, n, 180.0), (WFM_OK, INF), (a, n))
            self.assertEqual(occupancy(a, n), (WFM_OK, 1.0), (a, n))
        self.assertEqual(erlang_b(7.0, 0), (WFM_OK, 1.0))

    def test_sl_at_zero_answer_time(self):
        # "With answer_s = 0 it is 1 − P(wait)", P(wait) from the reference.
        for a, n in ((10.0, 14), (0.5, 1), (100.0, 110)):
            c = erlang_c_decimal(a, n, erlang_b_decimal(a, [n])[n])
            st, sl = service_level(a, n, 180.0, 0.0)
            self.assertEqual(st, WFM_OK)
            self.assertTrue(rel_close(sl, float(1 - c), 1e-14), (a, n, sl, float(1 - c)))

    def test_required_without_targets_but_answer_time(self):
        # target_sl 0 = not set: an answer time alone is no target (1.3).
        self.assertEqual(required(10.0, 180.0, 0.0, 20.0), (WFM_EINVAL, -1))

    def test_required_range(self):
        st, n = required(3e9, 180.0, 0.8, 20.0)
        self.assertEqual((st, n), (WFM_ERANGE, -1))


class BadInputs(unittest.TestCase):
    """WFM_EINVAL for NaN, infinity, out-of-range values and NULL; outputs untouched."""

    def test_nan_and_negative_traffic(self):
        for a in (NAN, INF, -INF, -1.0, -1e-300):
            self.assertEqual(erlang_b(a, 5), (WFM_EINVAL, -1.0), a)
            self.assertEqual(erlang_c(a, 5), (WFM_EINVAL, -1.0), a)
            self.assertEqual(service_level(a, 5, 180.0, 20.0), (WFM_EINVAL, -1.0), a)
            self.assertEqual(asa(a, 5, 180.0), (WFM_EINVAL, -1.0), a)
            self.assertEqual(occupancy(a, 5), (WFM_EINVAL, -1.0), a)
            self.assertEqual(required(a, 180.0, 0.8, 20.0), (WFM_EINVAL, -1), a)

    def test_negative_agents(self):
        for n in (-1, -INT32_MAX - 1):
            self.assertEqual(erlang_b(2.0, n), (WFM_EINVAL, -1.0), n)
            self.assertEqual(erlang_c(2.0, n), (WFM_EINVAL, -1.0), n)
            self.assertEqual(service_level(2.0, n, 180.0, 20.0), (WFM_EINVAL, -1.0), n)
            self.assertEqual(asa(2.0, n, 180.0), (WFM_EINVAL, -1.0), n)
            self.assertEqual(occupancy(2.0, n), (WFM_EINVAL, -1.0), n)

    def test_bad_aht(self):
        for h in (-180.0, 0.0, NAN, INF):
            self.assertEqual(service_level(10.0, 14, h, 20.0), (WFM_EINVAL, -1.0), h)
            self.assertEqual(asa(10.0, 14, h), (WFM_EINVAL, -1.0), h)
            self.assertEqual(required(10.0, h, 0.8, 20.0), (WFM_EINVAL, -1), h)

    def test_bad_answer_time(self):
        for t in (-20.0, NAN, INF):
            self.assertEqual(service_level(10.0, 14, 180.0, t), (WFM_EINVAL, -1.0), t)
            self.assertEqual(required(10.0, 180.0, 0.8, t), (WFM_EINVAL, -1), t)

    def test_null_out_pointers(self):
        self.assertEqual(lib.wfm_erlang_b(10.0, 14, None), WFM_EINVAL)
        self.assertEqual(lib.wfm_erlang_c(10.0, 14, None), WFM_EINVAL)
        self.assertEqual(lib.wfm_service_level(10.0, 14, 180.0, 20.0, None), WFM_EINVAL)
        self.assertEqual(lib.wfm_average_speed_of_answer(10.0, 14, 180.0, None), WFM_EINVAL)
        self.assertEqual(lib.wfm_occupancy(10.0, 14, None), WFM_EINVAL)
        self.assertEqual(lib.wfm_required_agents(10.0, 180.0, 0.8, 20.0, 0.0, 0.0, None),
                         WFM_EINVAL)
        self.assertEqual(lib.wfm_scheduled_agents(14, 0.3, None), WFM_EINVAL)

    def test_required_no_target(self):
        self.assertEqual(required(10.0, 180.0, 0.0, 0.0, 0.0, 0.0), (WFM_EINVAL, -1))
        self.assertEqual(required(0.0, 180.0, 0.0, 0.0, 0.0, 0.0), (WFM_EINVAL, -1))

    def test_required_bad_targets(self):
        for kw in (dict(sl=1.0, t=20.0), dict(sl=1.5, t=20.0), dict(sl=-0.1, t=20.0),
                   dict(sl=NAN, t=20.0), dict(max_asa=-1.0), dict(max_asa=NAN),
                   dict(max_asa=INF), dict(max_occ=1.5), dict(max_occ=-0.5),
                   dict(max_occ=NAN)):
            self.assertEqual(required(10.0, 180.0, **kw), (WFM_EINVAL, -1), kw)

    def test_batch_bad_interval(self):
        a = doubles([5.0, 10.0, NAN, 20.0])
        h = doubles([180.0] * 4)
        agents = (c_int32 * 4)(*([-7] * 4))
        sl = doubles([-7.0] * 4)
        failed = c_size_t(999)
        st = lib.wfm_required_agents_batch(4, a, h, 0.8, 20.0, 0.0, 0.0, agents, sl,
                                           None, None, ctypes.byref(failed))
        self.assertEqual(st, WFM_EINVAL)
        self.assertEqual(failed.value, 2)
        self.assertEqual(list(agents), [-7] * 4)  # validated before computing
        self.assertEqual(list(sl), [-7.0] * 4)
        h[3] = -180.0
        a[2] = 15.0
        st = lib.wfm_required_agents_batch(4, a, h, 0.8, 20.0, 0.0, 0.0, agents, None,
                                           None, None, ctypes.byref(failed))
        self.assertEqual((st, failed.value), (WFM_EINVAL, 3))
        self.assertEqual(list(agents), [-7] * 4)

    def test_batch_bad_pointers_and_targets(self):
        a, h = doubles([5.0, 10.0]), doubles([180.0, 180.0])
        agents = (c_int32 * 2)(-7, -7)
        failed = c_size_t(999)
        st = lib.wfm_required_agents_batch(2, a, h, 0.8, 20.0, 0.0, 0.0, None, None,
                                           None, None, ctypes.byref(failed))
        self.assertEqual((st, failed.value), (WFM_EINVAL, 2))
        for targets in ((0.0, 0.0, 0.0, 0.0), (1.0, 20.0, 0.0, 0.0), (0.8, -1.0, 0.0, 0.0)):
            failed.value = 999
            st = lib.wfm_required_agents_batch(2, a, h, *targets, agents, None, None, None,
                                               ctypes.byref(failed))
            self.assertEqual((st, failed.value), (WFM_EINVAL, 2), targets)
            self.assertEqual(list(agents), [-7, -7])
        # failed_interval may be NULL.
        st = lib.wfm_required_agents_batch(2, a, h, 0.0, 0.0, 0.0, 0.0, agents, None,
                                           None, None, None)
        self.assertEqual(st, WFM_EINVAL)
        st = lib.wfm_required_agents_batch(2, None, h, 0.8, 20.0, 0.0, 0.0, agents, None,
                                           None, None, ctypes.byref(failed))
        self.assertEqual(st, WFM_EINVAL)


class Scheduled(unittest.TestCase):
    """Smallest m with m·(1 − s) >= agents, exact for decimal shrinkage k/100."""

    def test_exact_decimal(self):
        bad = []
        for k in range(100):
            s = k / 100
            keep = 1 - Fraction(k, 100)
            for agents in list(range(0, 120)) + [997, 10007, 123457]:
                expect = math.ceil(Fraction(agents) / keep)
                got = scheduled(agents, s)
                if got != (WFM_OK, expect):
                    bad.append(f'agents={agents} shrinkage={s}: got {got}, expected {expect}')
        self.assertFalse(bad, f'{len(bad)} wrong:\n  ' + '\n  '.join(bad[:30]))

    def test_documented_example(self):
        self.assertEqual(scheduled(14, 0.3), (WFM_OK, 20))

    def test_errors(self):
        for agents, s in ((-1, 0.3), (14, 1.0), (14, -0.1), (14, NAN), (14, INF), (14, 1.5)):
            self.assertEqual(scheduled(agents, s), (WFM_EINVAL, -1), (agents, s))
        self.assertEqual(scheduled(INT32_MAX, 0.5), (WFM_ERANGE, -1))
        self.assertEqual(scheduled(INT32_MAX, 0.0), (WFM_OK, INT32_MAX))


class Accuracy(unittest.TestCase):
    """accuracy.h from Python, as a planning script scores a forecast."""

    @staticmethod
    def arr(values):
        return (c_double * len(values))(*values)

    def test_metrics(self):
        f, a = self.arr([110, 90, 7]), self.arr([100, 100, NAN])
        out = c_double(-1)
        self.assertEqual(lib.wfm_accuracy_wape(f, a, 3, ctypes.byref(out)), WFM_OK)
        self.assertAlmostEqual(out.value, 0.1, places=15)
        self.assertEqual(lib.wfm_accuracy_bias(f, a, 3, ctypes.byref(out)), WFM_OK)
        self.assertAlmostEqual(out.value, 0.0, places=15)
        hist = self.arr([1, 2, 4])
        self.assertEqual(lib.wfm_accuracy_mase(f, a, 3, hist, 3, 1, ctypes.byref(out)), WFM_OK)
        self.assertAlmostEqual(out.value, 10 / 1.5, places=12)
        lo, hi = self.arr([95, 95, 0]), self.arr([105, 99, 1])
        self.assertEqual(lib.wfm_accuracy_coverage(lo, hi, a, 3, ctypes.byref(out)), WFM_OK)
        self.assertAlmostEqual(out.value, 0.5, places=15)

    def test_errors(self):
        out = c_double(42)
        zero = self.arr([0, 0])
        self.assertEqual(lib.wfm_accuracy_wape(zero, zero, 2, ctypes.byref(out)), WFM_EINVAL)
        self.assertEqual(lib.wfm_accuracy_wape(None, zero, 2, ctypes.byref(out)), WFM_EINVAL)
        self.assertEqual(lib.wfm_accuracy_coverage(zero, zero, zero, 2, None), WFM_EINVAL)
        self.assertEqual(out.value, 42)


def main():
    global lib
    if len(sys.argv) < 2 or sys.argv[1].startswith('-'):
        print(__doc__)
        return 2
    lib = wfmlib.load(sys.argv[1], SIGNATURES)
    lib.wfm_gsl_disable_abort()
    print(f'loaded {sys.argv[1]} (wfm {lib.wfm_version_string().decode()}), data {DATA}')
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
