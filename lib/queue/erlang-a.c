/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Erlang A (M/M/n+M, Palm 1946): every measure from one O(1) evaluation.
 *
 * Model. Arrival rate lambda, service rate mu = 1/AHT, abandonment rate
 * theta = 1/patience, n agents, A = lambda/mu, no line limit. The chain
 * "calls in system" is birth-death with death rate min(k, n) mu +
 * max(k − n, 0) theta, so relative to state n
 *     sum_{k<n} pi_k / pi_n = 1/B(A, n) − 1 =: L            (Erlang B),
 *     pi_{n+j} / pi_n = x^j Gamma(c+1) / Gamma(c+1+j),  c = n mu / theta,
 *                                                         x = lambda / theta.
 * Waiting times. A caller who finds j others queued has virtual wait V_j
 * (its wait with infinite patience) = a sum of exponential phases with rates
 * n mu + i theta, i = j..0, so exp(−theta V_j) ~ Beta(c, j + 1): the Laplace
 * transforms agree. Summing the Beta densities against pi_{n+j} collapses the
 * series over j (sum x^j (1−y)^j / j! = e^{x(1−y)}): for any h,
 *     sum_j (pi_{n+j} / pi_n) E[h(V_j)] = integral_0^inf h(s) n mu f(s) ds,
 *     f(s) = exp(−n mu s + x (1 − e^{−theta s})),
 * the closed form of Garnett, Mandelbaum & Reiman (2002) in incomplete-gamma
 * functions, here kept as an integral. In sigma = n mu s (time in mean
 * inter-departure times of a full system) the integrand is e^{g(sigma)},
 *     g(sigma) = −sigma − x expm1(−sigma / c),
 * and g is concave. A caller is served iff its patience exceeds V, which
 * multiplies the integrand by e^{−sigma/c}. So, with Z = L + W,
 *     W   = int e^g                  P_WAIT        = W / Z
 *     Ab  = int e^g (1 − e^{−s/c})   P_ABANDON     = Ab / Z, ASA_ALL = patience Ab / Z
 *     Sv  = int e^{g − s/c}          P(served)     = (L + Sv) / Z
 *     Vt  = int_0^{n t/AHT} e^g      SL_VIRTUAL    = (L + Vt) / Z
 *     St  = int_0^{n t/AHT} e^{g − s/c}  SL_ANSWERED_OF_ALL = (L + St) / Z,
 *                                        SL_ANSWERED_ONLY   = (L + St) / (L + Sv)
 *     EV  = int s e^g, ES = int s e^{g − s/c}: ASA_VIRTUAL = AHT/n EV / Z,
 *                                        ASA_ANSWERED = AHT/n ES / (L + Sv)
 *     OCCUPANCY = A (L + Sv) / (n Z).
 * (Checked against the state-by-state uniformization of erlang_a_ref.py to
 * 1e-25 in 30-digit arithmetic.)
 *
 * Numerics. L comes from the O(1) Erlang B of erlang-eval.c, or from its
 * short, fast-converging series when n <= A/2 (where 1/B − 1 would cancel).
 * Every integral is carried as mantissa × e^exponent, so no load or patience
 * overflows. For each integrand family (e^g, e^{g − s/c}) and each part of
 * [0, inf) split at the answer time, the window is where the log-integrand
 * lies within DROP of its maximum on that part, found by Newton's method,
 * which converges monotonically on a concave function. The cut tails are
 * bounded, not guessed: concavity puts the function under its tangent, so
 *     int_r^inf s^m e^{G} <= e^{G(r)} (r / k + 1 / k^2)   (m = 1; 1/k for m = 0),
 * k = −G'(r), and likewise on the left; the window is widened until every
 * bound is below TAIL_TOL of its integral. The window is integrated by
 * adaptive Gauss–Kronrod (10/21 points, nodes and weights computed for wfm
 * in 60-digit arithmetic), all integrands of a family on the same nodes.
 * Cost: O(1) in n, A and the patience (no state-space truncation, no loop
 * over queue states); about 15–40 microseconds per full evaluation.
 * No GSL function is called, so GSL's error handler cannot fire.
 *
 * Staffing. Every measure is monotone in n (P_WAIT, P_ABANDON and the ASAs
 * fall, the three SLs rise, OCCUPANCY falls; checked numerically over wide
 * random grids, no counterexample), so "n meets every target" is monotone.
 * The search starts from Erlang C's answer (or from n >= A (1 − max_abandon))
 * and follows the secant of the smallest margin inside a bracket, falling
 * back to bisection; it returns n only when n meets and n − 1 does not.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "erlang-private.h"
#include "wfm/erlang-a.h"
#include "wfm/erlang.h"

/* Window: the log-integrand drops at most this below its maximum. */
#define DROP_START 50.0
#define DROP_STEP 40.0
#define DROP_TRIES 4
/* Proven tail bounds must be below this fraction of each integral. */
#define TAIL_TOL 1e-17
/* Quadrature: |Kronrod − Gauss| per family member below this fraction of
 * the integral (the Kronrod value is then ~1e-15 or better). */
#define QUAD_TOL 1e-10
#define QUAD_MAX 160
/* A value within this (absolute for probabilities, relative for ASA and
 * occupancy) of its target meets it, as in wfm_required_agents(). */
#define TARGET_SLACK (4 * DBL_EPSILON)

enum {
    NEED_ABANDON = 1u << 0, /* f family: (1 − e^{−s/c}) e^g */
    NEED_VWAIT = 1u << 1,   /* f family: s e^g */
    NEED_SERVED = 1u << 2,  /* served family: e^{g − s/c} */
    NEED_SWAIT = 1u << 3,   /* served family: s e^{g − s/c} */
    NEED_SPLIT = 1u << 4    /* split at the answer time (SL) */
};

#define METRIC_COUNT 9

/* A positive number m · e^e (m = 0 for zero). */
typedef struct {
    double m, e;
} lnum;

static lnum
ln_make(double m, double e)
{
    lnum r = { m, m == 0.0 ? -HUGE_VAL : e };
    return r;
}

static lnum
ln_add(lnum a, lnum b)
{
    if (a.m == 0.0)
        return b;
    if (b.m == 0.0)
        return a;
    if (a.e >= b.e)
        return ln_make(a.m + b.m * exp(b.e - a.e), a.e);
    return ln_make(b.m + a.m * exp(a.e - b.e), b.e);
}

/* a / b as a double (b.m > 0). */
static double
ln_ratio(lnum a, lnum b)
{
    if (a.m == 0.0)
        return 0.0;
    return a.m / b.m * exp(a.e - b.e);
}

/* ---- the log-integrands ------------------------------------------------ */

/* A log-integrand anchored at p:
 *     G(s) − G(p) = −k (s − p) − q expm1(−(s − p)/c),
 * with k = 1 for the f family and k = 1 + 1/c for the served family, and
 * q = x e^{−p/c}. Formed about a point near s, the difference has no
 * cancellation beyond its own size, however large g itself is (|g| reaches
 * ~x, which can be 1e6 and more). */
typedef struct {
    double c, p, q, k;
} logf_t;

static double
lf_val(const logf_t *f, double s)
{
    double v = s - f->p;
    return -f->k * v - f->q * expm1(-v / f->c);
}

static double
lf_der(const logf_t *f, double s)
{
    return -f->k + (f->q / f->c) * exp(-(s - f->p) / f->c);
}

/* The same function anchored at s. */
static logf_t
lf_move(const logf_t *f, double s)
{
    logf_t r = { f->c, s, f->q * exp(-(s - f->p) / f->c), f->k };
    return r;
}

/* The maximum of G over [0, inf). */
static double
lf_peak(const logf_t *f)
{
    /* G' = 0 where (q/c) e^{−(s−p)/c} = k. */
    double s = f->p + f->c * (log(f->q / f->c) - log(f->k));
    return s > 0.0 ? s : 0.0;
}

/* Newton's method for G(s) = target from s0 with G(s0) <= target, on the
 * decreasing side (moving left, dir = −1) or the increasing side (moving
 * right, dir = +1): on a concave function it converges monotonically, so
 * every iterate keeps G <= target. */
static double
newton_cut(const logf_t *f, double s0, double target, double dir)
{
    double s = s0;
    for (int i = 0; i < 200; i++) {
        double phi = lf_val(f, s) - target;
        if (phi >= -0.5)
            break;
        double d = lf_der(f, s);
        if (!(d * dir > 0.0))
            break;
        double next = s - phi / d;
        if (!((next - s) * dir > 0.0))
            break;
        s = next;
    }
    return s;
}

/* A point right of p where G has surely dropped by more than drop: from
 * G(p + w) − G(p) = −k w − q expm1(−w/c), q = x e^{−p/c},
 * and −expm1(−y) <= min(1, y, y − y^2/3 for y <= 1). */
static double
right_start(const logf_t *f, double p, double drop)
{
    double k = f->k;
    double q = f->q * exp(-(p - f->p) / f->c);
    double w = (q + drop) / k;
    double slope = k - q / f->c;
    if (slope > 0.0 && drop / slope < w)
        w = drop / slope;
    if (slope >= 0.0 && q > 0.0) {
        double wq = f->c * sqrt(3.0 * drop / q);
        if (wq <= f->c && wq < w)
            w = wq;
    }
    return p + w * (1.0 + 1e-12) + 1e-300;
}

/* ---- Gauss–Kronrod 10/21 ----------------------------------------------- */

/* Nodes on [0, 1] of the reference interval [−1, 1]: odd indices are the
 * 10-point Gauss nodes. Computed for wfm in 60-digit mpmath (Kronrod nodes
 * as roots of the Stieltjes polynomial, found by orthogonality against
 * P_10 P_j; weights by exactness; checked exact to degree 31). */
static const double gk_x[11] = {
    0.0,
    0.148874338981631210884826,
    0.2943928627014601981311266,
    0.4333953941292471907992659,
    0.5627571346686046833390001,
    0.6794095682990244062343274,
    0.7808177265864168970637176,
    0.8650633666889845107320967,
    0.9301574913557082260012072,
    0.973906528517171720077964,
    0.9956571630258080807355273,
};
static const double gk_wk[11] = {
    0.1494455540029169056649365,
    0.1477391049013384913748415,
    0.1427759385770600807970943,
    0.134709217311473325928054,
    0.1234919762620658510779581,
    0.1093871588022976418992106,
    0.09312545458369760553506547,
    0.07503967481091995276704314,
    0.0547558965743519960313813,
    0.03255816230796472747881897,
    0.0116946388673718742780644,
};
/* Gauss weights for the nodes gk_x[1], gk_x[3], ..., gk_x[9]. */
static const double gk_wg[5] = {
    0.295524224714752870173893,
    0.2692667193099963550912269,
    0.2190863625159820439955349,
    0.1494513491505805931457763,
    0.06667134430868813759356881,
};

/* Up to three integrands of one family, scaled by e^{−top}:
 *   v[0] = e^{G − top}, v[1] = v[0] (1 − e^{−s/c}) (f family only),
 *   v[2] = s v[0]. */
typedef struct {
    const logf_t *f;
    bool abandon; /* v[1] wanted */
} family;

static void
fam_eval(const family *fm, double s, double v[3])
{
    double e = exp(lf_val(fm->f, s));
    v[0] = e;
    v[1] = fm->abandon ? -e * expm1(-s / fm->f->c) : 0.0;
    v[2] = s * e;
}

typedef struct {
    double a, b;
    double r[3], err[3];
} qiv;

static void
gk21(const family *fm, qiv *iv)
{
    double mid = 0.5 * (iv->a + iv->b), half = 0.5 * (iv->b - iv->a);
    double k[3], g[3], v[3], w[3];
    fam_eval(fm, mid, v);
    for (int m = 0; m < 3; m++) {
        k[m] = gk_wk[0] * v[m];
        g[m] = 0.0;
    }
    for (int j = 1; j < 11; j++) {
        double dx = half * gk_x[j];
        fam_eval(fm, mid - dx, v);
        fam_eval(fm, mid + dx, w);
        for (int m = 0; m < 3; m++) {
            double sum = v[m] + w[m];
            k[m] += gk_wk[j] * sum;
            if (j & 1)
                g[m] += gk_wg[j / 2] * sum;
        }
    }
    for (int m = 0; m < 3; m++) {
        iv->r[m] = k[m] * half;
        iv->err[m] = fabs((k[m] - g[m]) * half);
    }
}

/* Adaptive quadrature of a family over [a, b]: bisects the interval with the
 * largest relative error until every member meets QUAD_TOL. False when the
 * interval budget runs out. */
static bool
integrate(const family *fm, double a, double b, double out[3])
{
    qiv iv[QUAD_MAX];
    int count = 1;
    iv[0].a = a;
    iv[0].b = b;
    gk21(fm, &iv[0]);
    for (;;) {
        double tot[3] = { 0, 0, 0 }, err[3] = { 0, 0, 0 };
        for (int i = 0; i < count; i++)
            for (int m = 0; m < 3; m++) {
                tot[m] += iv[i].r[m];
                err[m] += iv[i].err[m];
            }
        bool done = true;
        for (int m = 0; m < 3; m++)
            if (err[m] > QUAD_TOL * fabs(tot[m]))
                done = false;
        if (done) {
            memcpy(out, tot, sizeof tot);
            return true;
        }
        if (count == QUAD_MAX)
            return false;
        int worst = 0;
        double worst_err = -1.0;
        for (int i = 0; i < count; i++) {
            double e = 0.0;
            for (int m = 0; m < 3; m++)
                if (tot[m] > 0.0 && iv[i].err[m] / tot[m] > e)
                    e = iv[i].err[m] / tot[m];
            if (e > worst_err) {
                worst_err = e;
                worst = i;
            }
        }
        double split = 0.5 * (iv[worst].a + iv[worst].b);
        if (!(split > iv[worst].a && split < iv[worst].b))
            return false;
        iv[count].a = split;
        iv[count].b = iv[worst].b;
        iv[worst].b = split;
        gk21(fm, &iv[worst]);
        gk21(fm, &iv[count]);
        count++;
    }
}

/* The integrals of a family over [a, b] (b may be +inf): out[0] = int e^G,
 * out[1] = int e^G (1 − e^{−s/c}) (when abandon), out[2] = int s e^G, with
 * G = base + base_offset, as mantissa and exponent. False when the
 * quadrature fails. */
static bool
family_integrals(const logf_t *base, double base_offset, bool abandon,
                 double a, double b, lnum out[3])
{
    for (int m = 0; m < 3; m++)
        out[m] = ln_make(0.0, 0.0);
    if (!(b > a))
        return true;
    double p = lf_peak(base);
    if (p < a)
        p = a;
    if (p > b)
        p = b;
    /* Anchored at the part's maximum, G(p) = 0 and the integrands are <= 1. */
    double top = base_offset + lf_val(base, p);
    logf_t f = lf_move(base, p);
    family fm = { &f, abandon };
    for (int attempt = 0; attempt < DROP_TRIES; attempt++) {
        double drop = DROP_START + DROP_STEP * attempt;
        double lo = a, hi = b;
        bool cut_lo = false, cut_hi = false;
        if (p > a && lf_val(&f, a) < -drop) {
            lo = newton_cut(&f, a, -drop, +1.0);
            cut_lo = lo > a;
        }
        if (isinf(b) || lf_val(&f, b) < -drop) {
            double start = right_start(&f, p, drop);
            if (start > b)
                start = b;
            hi = newton_cut(&f, start, -drop, -1.0);
            cut_hi = hi < b;
        }
        if (!(hi > lo && isfinite(hi)))
            return false;
        double r[3];
        if (!integrate(&fm, lo, hi, r))
            return false;
        /* Tails outside [lo, hi], bounded by the tangent (concavity):
         * int_hi^inf s^m e^G <= e^{G(hi)} (hi/k + 1/k^2) for m = 1, 1/k
         * for m = 0, k = −G'(hi); on the left s <= lo and k = G'(lo). */
        double b0 = 0.0, b2 = 0.0;
        if (cut_hi) {
            double k = -lf_der(&f, hi);
            double e = exp(lf_val(&f, hi));
            if (!(k > 0.0))
                continue;
            b0 += e / k;
            b2 += e * (hi / k + 1.0 / (k * k));
        }
        if (cut_lo) {
            double k = lf_der(&f, lo);
            double e = exp(lf_val(&f, lo));
            if (!(k > 0.0))
                continue;
            b0 += e / k;
            b2 += lo * e / k;
        }
        /* 1 − e^{−s/c} <= min(1, s/c). */
        double b1 = fmin(b0, b2 / f.c);
        bool ok = b0 <= TAIL_TOL * r[0] && b2 <= TAIL_TOL * r[2] &&
                  (!abandon || b1 <= TAIL_TOL * r[1]);
        if (ok) {
            for (int m = 0; m < 3; m++)
                out[m] = ln_make(r[m], top);
            return true;
        }
    }
    return false;
}

/* ---- one evaluation ---------------------------------------------------- */

typedef struct {
    double v[METRIC_COUNT];
} ea_values;

/* Every metric in "need" (a mask over NEED_*) for a validated input; those
 * that depend on integrals not asked for are left 0. */
static int32_t
ea_evaluate(double traffic, int32_t agents, double aht_s, double patience_s,
            double answer_s, unsigned need, ea_values *out)
{
    double *v = out->v;
    double n = (double)agents;
    for (int m = 0; m < METRIC_COUNT; m++)
        v[m] = 0.0; /* the metrics not in "need" stay 0 */
    if (traffic == 0.0) {
        v[WFM_ERLANG_A_P_WAIT] = 0.0;
        v[WFM_ERLANG_A_P_ABANDON] = 0.0;
        v[WFM_ERLANG_A_SL_ANSWERED_OF_ALL] = 1.0;
        v[WFM_ERLANG_A_SL_VIRTUAL] = 1.0;
        v[WFM_ERLANG_A_SL_ANSWERED_ONLY] = 1.0;
        v[WFM_ERLANG_A_ASA_ANSWERED] = 0.0;
        v[WFM_ERLANG_A_ASA_ALL] = 0.0;
        v[WFM_ERLANG_A_ASA_VIRTUAL] = 0.0;
        v[WFM_ERLANG_A_OCCUPANCY] = 0.0;
        return WFM_OK;
    }
    /* L = sum_{k<n} pi_k / pi_n as ln L. */
    double ln_l;
    if (n <= 0.5 * traffic) {
        double sum = 0.0, term = 1.0;
        for (int32_t i = 0; i < agents; i++) {
            term *= (n - i) / traffic;
            sum += term;
            if (term <= sum * (DBL_EPSILON / 8))
                break;
        }
        ln_l = log(sum);
    } else {
        double b = wfm_erlang_b_eval(traffic, agents);
        ln_l = b > 0.0 ? log1p(-b) - log(b) : HUGE_VAL;
    }
    if (isinf(ln_l)) {
        /* B underflowed: P(wait) < 1e-300, the queue does not matter. */
        v[WFM_ERLANG_A_P_WAIT] = 0.0;
        v[WFM_ERLANG_A_P_ABANDON] = 0.0;
        v[WFM_ERLANG_A_SL_ANSWERED_OF_ALL] = 1.0;
        v[WFM_ERLANG_A_SL_VIRTUAL] = 1.0;
        v[WFM_ERLANG_A_SL_ANSWERED_ONLY] = 1.0;
        v[WFM_ERLANG_A_ASA_ANSWERED] = 0.0;
        v[WFM_ERLANG_A_ASA_ALL] = 0.0;
        v[WFM_ERLANG_A_ASA_VIRTUAL] = 0.0;
        v[WFM_ERLANG_A_OCCUPANCY] = traffic / n;
        return WFM_OK;
    }
    double c = n * (patience_s / aht_s);
    double x = traffic * (patience_s / aht_s);
    double rho = traffic / n;
    if (!isfinite(c) || !isfinite(x) || !(c >= DBL_MIN) || !(x >= DBL_MIN))
        return WFM_ERANGE;
    /* Reference point: the peak of g, where g(ref) = ln(max_j pi_{n+j}/pi_n)
     * up to O(log c). */
    logf_t f = { c, 0.0, x, 1.0 };
    if (rho > 1.0) {
        f.p = c * log(rho);
        f.q = c;
    }
    double g_ref = -f.p - x * expm1(-f.p / c);
    /* The served family e^{g − s/c} = e^{g(ref) − ref/c} e^{−(1 + 1/c)(s − ref)
     * − q expm1(−(s − ref)/c)}. */
    logf_t fs = f;
    fs.k = 1.0 + 1.0 / c;
    double fs_offset = -f.p / c;
    double split = HUGE_VAL;
    if (need & NEED_SPLIT) {
        split = n * (answer_s / aht_s);
        if (isnan(split))
            split = HUGE_VAL;
    }
    bool abandon = (need & NEED_ABANDON) != 0;
    bool served = (need & (NEED_SERVED | NEED_SWAIT)) != 0;
    lnum f1[3], f2[3], s1[3], s2[3];
    if (!family_integrals(&f, 0.0, abandon, 0.0, split, f1) ||
        !family_integrals(&f, 0.0, abandon, split, HUGE_VAL, f2))
        return WFM_ERANGE;
    if (served) {
        if (!family_integrals(&fs, fs_offset, false, 0.0, split, s1) ||
            !family_integrals(&fs, fs_offset, false, split, HUGE_VAL, s2))
            return WFM_ERANGE;
    } else {
        for (int m = 0; m < 3; m++)
            s1[m] = s2[m] = ln_make(0.0, 0.0);
    }
    /* Everything relative to pi_n e^{g(ref)}: shifting L rather than the
     * integrals keeps the exponents of the integrals small (adding g(ref),
     * which can be ~1e5, to each would cost digits in every ratio). */
    lnum big_l = ln_make(1.0, ln_l - g_ref);
    lnum w = ln_add(f1[0], f2[0]);
    lnum z = ln_add(big_l, w);
    lnum ab = ln_add(f1[1], f2[1]);
    lnum ev = ln_add(f1[2], f2[2]);
    lnum vt = f1[0];
    lnum sv = ln_add(s1[0], s2[0]);
    lnum st = s1[0];
    lnum es = ln_add(s1[2], s2[2]);
    double scale = aht_s / n; /* sigma units to seconds */

    v[WFM_ERLANG_A_P_WAIT] = ln_ratio(w, z);
    v[WFM_ERLANG_A_P_ABANDON] = ln_ratio(ab, z);
    v[WFM_ERLANG_A_ASA_ALL] = patience_s * ln_ratio(ab, z);
    v[WFM_ERLANG_A_SL_VIRTUAL] = ln_ratio(ln_add(big_l, vt), z);
    v[WFM_ERLANG_A_ASA_VIRTUAL] = scale * ln_ratio(ev, z);
    if (served) {
        lnum answered = ln_add(big_l, sv);
        lnum in_time = ln_add(big_l, st);
        v[WFM_ERLANG_A_SL_ANSWERED_OF_ALL] = ln_ratio(in_time, z);
        v[WFM_ERLANG_A_SL_ANSWERED_ONLY] = ln_ratio(in_time, answered);
        v[WFM_ERLANG_A_ASA_ANSWERED] = scale * ln_ratio(es, answered);
        v[WFM_ERLANG_A_OCCUPANCY] = rho * ln_ratio(answered, z);
    } else {
        /* Not asked for: defined values, so the clamp below reads no
         * uninitialised memory. */
        v[WFM_ERLANG_A_SL_ANSWERED_OF_ALL] = NAN;
        v[WFM_ERLANG_A_SL_ANSWERED_ONLY] = NAN;
        v[WFM_ERLANG_A_ASA_ANSWERED] = NAN;
        v[WFM_ERLANG_A_OCCUPANCY] = NAN;
    }
    /* Rounding (~1e-14) must not take a probability past 1. */
    static const int32_t unit[] = {
        WFM_ERLANG_A_P_WAIT, WFM_ERLANG_A_P_ABANDON, WFM_ERLANG_A_SL_ANSWERED_OF_ALL,
        WFM_ERLANG_A_SL_VIRTUAL, WFM_ERLANG_A_SL_ANSWERED_ONLY, WFM_ERLANG_A_OCCUPANCY,
    };
    for (size_t i = 0; i < sizeof unit / sizeof unit[0]; i++)
        if (v[unit[i]] > 1.0)
            v[unit[i]] = 1.0;
    return WFM_OK;
}

/* ---- public ------------------------------------------------------------- */

static bool
is_finite_nonneg(double x)
{
    return isfinite(x) && x >= 0.0;
}

static bool
is_finite_pos(double x)
{
    return isfinite(x) && x > 0.0;
}

static unsigned
need_of(int32_t metric)
{
    switch (metric) {
    case WFM_ERLANG_A_P_WAIT:
        return 0;
    case WFM_ERLANG_A_P_ABANDON:
    case WFM_ERLANG_A_ASA_ALL:
        return NEED_ABANDON;
    case WFM_ERLANG_A_SL_VIRTUAL:
        return NEED_SPLIT;
    case WFM_ERLANG_A_SL_ANSWERED_OF_ALL:
    case WFM_ERLANG_A_SL_ANSWERED_ONLY:
        return NEED_SPLIT | NEED_SERVED;
    case WFM_ERLANG_A_ASA_ANSWERED:
        return NEED_SERVED | NEED_SWAIT;
    case WFM_ERLANG_A_ASA_VIRTUAL:
        return NEED_VWAIT;
    case WFM_ERLANG_A_OCCUPANCY:
        return NEED_SERVED;
    default:
        return ~0u;
    }
}

int32_t
wfm_erlang_a_metrics(double traffic_erlangs, int32_t agents, double aht_s,
                     double patience_s, double answer_s, const int32_t *metrics,
                     size_t count, double *values)
{
    if (!is_finite_nonneg(traffic_erlangs) || agents < 1 || !is_finite_pos(aht_s) ||
        !is_finite_pos(patience_s) || !is_finite_nonneg(answer_s) ||
        metrics == NULL || count == 0 || values == NULL)
        return WFM_EINVAL;
    unsigned need = 0;
    for (size_t i = 0; i < count; i++) {
        unsigned m = need_of(metrics[i]);
        if (m == ~0u)
            return WFM_EINVAL;
        need |= m;
    }
    ea_values r;
    int32_t status = ea_evaluate(traffic_erlangs, agents, aht_s, patience_s,
                                 answer_s, need, &r);
    if (status != WFM_OK)
        return status;
    for (size_t i = 0; i < count; i++)
        values[i] = r.v[metrics[i]];
    return WFM_OK;
}

/* ---- staffing ----------------------------------------------------------- */

typedef struct {
    double traffic, aht_s, patience_s, answer_s;
    double target_sl;
    int32_t sl_metric;
    double max_abandon, max_asa_s, max_occupancy;
    unsigned need;
} a_goal;

/* The smallest margin by which n agents meet the targets: >= 0 when every
 * target is met. Each margin grows with n (SL − target, cap − abandonment,
 * and the relative ASA and occupancy headroom), and so does their minimum. */
static int32_t
slack(const a_goal *gl, int32_t n, double *out)
{
    ea_values r;
    int32_t status = ea_evaluate(gl->traffic, n, gl->aht_s, gl->patience_s,
                                 gl->answer_s, gl->need, &r);
    if (status != WFM_OK)
        return status;
    double m = HUGE_VAL;
    if (gl->target_sl > 0.0)
        m = fmin(m, r.v[gl->sl_metric] - gl->target_sl + TARGET_SLACK);
    if (gl->max_abandon > 0.0)
        m = fmin(m, gl->max_abandon - r.v[WFM_ERLANG_A_P_ABANDON] + TARGET_SLACK);
    if (gl->max_asa_s > 0.0)
        m = fmin(m, 1.0 - r.v[WFM_ERLANG_A_ASA_ANSWERED] / gl->max_asa_s + TARGET_SLACK);
    if (gl->max_occupancy > 0.0)
        m = fmin(m, 1.0 - r.v[WFM_ERLANG_A_OCCUPANCY] / gl->max_occupancy + TARGET_SLACK);
    *out = m;
    return WFM_OK;
}

/* The smallest n >= 1 with slack(n) >= 0, from a first guess: the secant
 * through the last two evaluations proposes n (the slack is smooth in n),
 * a bracket [lo fails, hi meets] keeps it safe, and bisection takes over when
 * the secant does not halve the bracket. Typically 3–5 evaluations. */
static int32_t
search(const a_goal *gl, int64_t guess, int64_t first_step, int32_t *agents)
{
    int64_t lo = 0, hi = -1; /* n = 0 never meets; hi = −1: none known */
    int64_t n = guess, prev_n = -1;
    double s = 0.0, prev_s = 0.0;
    bool bisect = false;
    for (int iter = 0; iter < 200; iter++) {
        int32_t status = slack(gl, (int32_t)n, &s);
        if (status != WFM_OK)
            return status;
        int64_t width = hi < 0 ? -1 : hi - lo;
        if (s >= 0.0)
            hi = n;
        else
            lo = n;
        if (hi >= 0 && hi - lo <= 1) {
            *agents = (int32_t)hi;
            return WFM_OK;
        }
        if (hi < 0 && lo >= INT32_MAX)
            return WFM_ERANGE;
        /* Next proposal. */
        double r = NAN;
        if (prev_n >= 0 && s != prev_s && !bisect)
            r = (double)n - s * (double)(n - prev_n) / (s - prev_s);
        int64_t next;
        if (hi < 0) {
            /* Only failures so far: go up, at least one step, at most 8
             * times the last step. */
            int64_t step = prev_n >= 0 ? 8 * (n > prev_n ? n - prev_n : prev_n - n) : first_step;
            int64_t up = isfinite(r) && r > (double)lo && r < (double)(lo + step)
                             ? (int64_t)ceil(r) : lo + step;
            next = up > lo ? up : lo + 1;
            if (next > INT32_MAX)
                next = INT32_MAX;
        } else if (lo == 0 && prev_n < 0) {
            next = hi - first_step > 1 ? hi - first_step : 1;
        } else {
            bool shrunk = width < 0 || 2 * (hi - lo) <= width;
            int64_t mid = lo + (hi - lo) / 2;
            if (isfinite(r) && !bisect) {
                /* Land on the failing side of the root if the secant says
                 * n meets: the answer needs a failing n − 1 next to it.
                 * Clamped before the conversion: two nearly equal slacks
                 * put r anywhere, far outside int64_t. */
                const double up = ceil(r);
                next = up >= (double)hi ? hi - 1 : up <= (double)lo ? lo + 1 : (int64_t)up;
                if (lo == 0 && next < 1)
                    next = 1;
            } else {
                next = mid;
            }
            bisect = !shrunk;
            if (next <= lo || next >= hi)
                next = mid;
        }
        prev_n = n;
        prev_s = s;
        n = next;
    }
    return WFM_ERANGE;
}

int32_t
wfm_erlang_a_required_agents(double traffic_erlangs, double aht_s,
                             double patience_s, double target_sl,
                             double answer_s, int32_t sl_definition,
                             double max_abandon, double max_asa_s,
                             double max_occupancy, int32_t *agents)
{
    if (!is_finite_nonneg(traffic_erlangs) || !is_finite_pos(aht_s) ||
        !is_finite_pos(patience_s) || !is_finite_nonneg(answer_s) ||
        !(target_sl >= 0.0 && target_sl < 1.0) ||
        !(max_abandon >= 0.0 && max_abandon < 1.0) ||
        !is_finite_nonneg(max_asa_s) ||
        !(max_occupancy >= 0.0 && max_occupancy <= 1.0) || agents == NULL)
        return WFM_EINVAL;
    if (sl_definition != WFM_ERLANG_A_SL_ANSWERED_OF_ALL &&
        sl_definition != WFM_ERLANG_A_SL_VIRTUAL &&
        sl_definition != WFM_ERLANG_A_SL_ANSWERED_ONLY)
        return WFM_EINVAL;
    if (target_sl == 0.0 && max_abandon == 0.0 && max_asa_s == 0.0 &&
        max_occupancy == 0.0)
        return WFM_EINVAL;
    if (traffic_erlangs == 0.0) {
        *agents = 0;
        return WFM_OK;
    }
    a_goal gl = { traffic_erlangs, aht_s, patience_s, answer_s, target_sl,
                  sl_definition, max_abandon, max_asa_s, max_occupancy, 0 };
    if (target_sl > 0.0)
        gl.need |= need_of(sl_definition);
    if (max_abandon > 0.0)
        gl.need |= NEED_ABANDON;
    if (max_asa_s > 0.0)
        gl.need |= need_of(WFM_ERLANG_A_ASA_ANSWERED);
    if (max_occupancy > 0.0)
        gl.need |= need_of(WFM_ERLANG_A_OCCUPANCY);

    /* First guess: Erlang C's answer for the SL/ASA/occupancy targets (with
     * abandonment fewer agents usually do), else the bound
     * n >= A (1 − max_abandon) (the served load cannot exceed n). */
    double guess = 1.0;
    if (max_abandon > 0.0)
        guess = fmax(guess, ceil(traffic_erlangs * (1.0 - max_abandon)));
    if (target_sl > 0.0 || max_asa_s > 0.0 || max_occupancy > 0.0) {
        int32_t nc = 0;
        int32_t st = wfm_required_agents(traffic_erlangs, aht_s, target_sl,
                                         target_sl > 0.0 ? answer_s : 0.0,
                                         max_asa_s, max_occupancy, &nc);
        if (st == WFM_OK && nc > guess)
            guess = nc;
    }
    if (guess > INT32_MAX)
        return WFM_ERANGE;
    /* The first step, a quarter of the load's standard deviation, at most
     * INT32_MAX: any load is finite, but 0.25·sqrt(A) leaves int64_t from
     * A ≈ 1.4e39 (and the search never steps past INT32_MAX anyway). */
    double step = fmin(ceil(0.25 * sqrt(traffic_erlangs)), (double)INT32_MAX);
    return search(&gl, (int64_t)guess, step < 1.0 ? 1 : (int64_t)step, agents);
}
