#!/usr/bin/python3
"""Extra Erlang A reference rows for tests/data/erlang_a_reference.csv.

method 'ref':  erlang_a() of /work/shared/reference/erlang/erlang_a_ref.py (state-by-state
               birth-death + uniformization, 30 digits), unchanged.
method 'quad': where that state space is too large for the state-by-state reference, the
               closed forms in incomplete gamma functions of gamma_ref() below (a route
               independent of wfm's quadrature); it agrees with 'ref' to < 1e-24 on every
               row where both run (checked below).
Rates per minute as in erlang_a_ref.py.  Prints CSV rows (same columns) to stdout.
"""
import os
import sys
import mpmath as mp
# The shared reference beside the repository (../shared/reference/erlang).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'shared', 'reference', 'erlang'))
from erlang_a_ref import erlang_a

COLS = ["case", "lam_per_min", "aht_min", "agents", "patience_min", "t_min", "lines",
        "p_wait", "p_abandon", "p_block", "sl_virtual", "sl_answered_all", "sl_answered_only",
        "asa_virtual", "asa_queue_all", "asa_answered", "occupancy"]


def gamma_ref(lam, aht, n, pat, t):
    """Closed forms in incomplete gamma functions (mpmath gammainc, 50 digits):
    with c = n mu/theta, x = lam/theta, u = exp(-theta t), and relative to pi_n,
      sum_{j>=0} pi_{n+j}               = c e^x x^-c     gamma(c, x)
      sum_j pi_{n+j} P(V_j <= t)        = c e^x x^-c     [gamma(c, x) - gamma(c, x u)]
      sum_j pi_{n+j} P(served)          = c e^x x^-(c+1) gamma(c+1, x)
      sum_j pi_{n+j} P(served, V_j<=t)  = c e^x x^-(c+1) [gamma(c+1, x) - gamma(c+1, x u)]
      sum_j pi_{n+j} E[V_j], E[V_j; served]: -d/dc of the two integrals
        c int_0^1 y^(c-1+m) e^(x(1-y)) dy (m = 0, 1), by mp.diff at fixed c prefactor.
    from exp(-theta V_j) ~ Beta(c, j+1).  The lower states: 1/B - 1, B by the forward
    recursion."""
    with mp.workdps(60):
        lam, aht, pat, t = (mp.mpf(v) for v in (lam, aht, pat, t))
        A = lam * aht
        mu, th = 1 / aht, 1 / pat
        c, x = n * mu / th, lam / th
        u = mp.exp(-th * t)
        B = mp.mpf(1)
        for k in range(1, n + 1):
            B = A * B / (k + A * B)
        L = 1 / B - 1
        def lower(cc, z):
            # lower incomplete gamma: the series below z = cc, Gamma - upper (continued
            # fraction) above
            if z == 0:
                return mp.mpf(0)
            if z < cc:
                return mp.gammainc(cc, 0, z)
            return mp.gamma(cc) - mp.gammainc(cc, z)
        def J(cc, upper_y=1, lower_y=0):
            # int_lower^upper y^(cc-1) e^(x(1-y)) dy = e^x x^-cc [gamma(cc, x*upper) - gamma(cc, x*lower)]
            return mp.exp(x) * x ** (-cc) * (lower(cc, x * upper_y) - lower(cc, x * lower_y))
        W = c * J(c)
        Vt = c * J(c, 1, u)
        Sv = c * J(c + 1)
        St = c * J(c + 1, 1, u)
        Ab = W - Sv
        # int (-ln y) y^(cc-1) e^(x(1-y)) dy = -d/dcc J(cc)
        EV = c * -mp.diff(J, c) / th
        ES = c * -mp.diff(J, c + 1) / th
        Z = L + W
        return {"p_wait": W / Z, "p_abandon": Ab / Z, "p_block": mp.mpf(0),
                "sl_virtual": (L + Vt) / Z, "sl_answered_all": (L + St) / Z,
                "sl_answered_only": (L + St) / (L + Sv), "asa_virtual": EV / Z,
                "asa_queue_all": Ab / Z * pat, "asa_answered": ES / (L + Sv),
                "occupancy": A * (L + Sv) / Z / n}


quad_ref = gamma_ref


# label, lam/min, aht min, agents, patience min, t min, method
CASES = [
    ("tiny_load_A=0.01", "0.0033333333333333333", "3", 1, "2", "0.33333333333333333", "ref"),
    ("tiny_load_A=0.01_n=3", "0.0033333333333333333", "3", 3, "2", "0.33333333333333333", "ref"),
    ("short_patience_6s", "0.16666666666666667", "3", 1, "0.1", "0.5", "ref"),
    ("n<A_A=2_n=1", "0.66666666666666667", "3", 1, "1", "0.33333333333333333", "ref"),
    ("A=10_n=8", "2", "5", 8, "0.5", "0.33333333333333333", "ref"),
    ("A=10_n=12_t=0", "2", "5", 12, "2", "0", "ref"),
    ("A=10_n=12_t=10min", "2", "5", 12, "2", "10", "ref"),
    ("A=50_n=55", "10", "5", 55, "3", "0.33333333333333333", "ref"),
    ("A=100_n=90", "25", "4", 90, "1", "0.5", "ref"),
    ("A=100_n=105_pat=1h", "25", "4", 105, "60", "0.33333333333333333", "ref"),
    ("A=20_n=18_pat=3s", "4", "5", 18, "0.05", "0.33333333333333333", "ref"),
    ("A=500_n=510", "100", "5", 510, "2", "0.33333333333333333", "ref"),
    ("A=1000_n=950", "200", "5", 950, "5", "0.33333333333333333", "ref"),
    ("A=1000_n=1040_aht=30s_pat=30min", "2000", "0.5", 1040, "30", "0.33333333333333333", "ref"),
    ("A=5000_n=4900", "1000", "5", 4900, "1", "0.33333333333333333", "ref"),
    ("A=5000_n=5050", "1000", "5", 5050, "3", "0.33333333333333333", "ref"),
    ("quad:A=300_n=290_aht=30s_pat=3h", "600", "0.5", 290, "180", "0.33333333333333333", "quad"),
    # too many queue states for the state-by-state reference:
    ("quad:A=5000_n=4000_aht=30s_pat=1h", "10000", "0.5", 4000, "60", "0.33333333333333333", "quad"),
    ("quad:A=5000_n=5200_aht=30s_pat=3h", "10000", "0.5", 5200, "180", "0.33333333333333333", "quad"),
    ("quad:A=5000_n=100_pat=10s", "1000", "5", 100, "0.16666666666666667", "0.33333333333333333", "quad"),
    ("quad:A=2000_n=2100_aht=5s_pat=5h", "24000", "0.083333333333333333", 2100, "300", "0.16666666666666667", "quad"),
    ("quad:A=0.2_n=1_pat=2h", "0.066666666666666667", "3", 1, "120", "0.33333333333333333", "quad"),
]
CHECK = [("ref-vs-quad", "2", "5", 8, "0.5", "0.33333333333333333"),
         ("ref-vs-quad", "25", "4", 105, "60", "0.33333333333333333"),
         ("ref-vs-quad", "1000", "5", 4900, "1", "0.33333333333333333")]

def main():
    only = sys.argv[1:]  # optional labels
    print(",".join(COLS))
    for label, lam, aht, n, pat, t, meth in CASES:
        if only and label not in only:
            continue
        r = erlang_a(lam, aht, n, pat, t) if meth == "ref" else quad_ref(lam, aht, n, pat, t)
        row = [label, lam, aht, str(n), pat, t, ""] + [mp.nstr(r[k], 17) for k in COLS[7:]]
        print(",".join(row), flush=True)
    if not only:
        for _, lam, aht, n, pat, t in CHECK:
            r, q = erlang_a(lam, aht, n, pat, t), quad_ref(lam, aht, n, pat, t)
            worst = max(abs(q[k] / r[k] - 1) for k in r if r[k] != 0)
            print("# check ref vs quad", lam, aht, n, pat, t, mp.nstr(worst, 3), file=sys.stderr)

if __name__ == "__main__":
    main()
