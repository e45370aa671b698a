/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Erlang B for any number of agents at full double accuracy in O(1).
 *
 * With a = n + 1, x = A, lambda = x / a:
 *     1/B(A, n) = Q(a, x) / Poisson(n; A),
 * Q the regularized upper incomplete gamma function. Temme's uniform
 * expansion  Q(a, x) = erfc(z)/2 + exp(-z^2)/sqrt(2 pi a) * S_a(eta),
 * z = eta sqrt(a/2), eta^2/2 = lambda - 1 - ln lambda, sign(eta) =
 * sign(lambda - 1), divided by the Poisson probability
 *     Poisson(n; A) = exp(-z^2) / (sqrt(2 pi a) * lambda * Gamma*(a))
 * gives, with no large exponentials left,
 *     1/B = lambda Gamma*(a) [ sqrt(pi a / 2) erfcx(z) + S_a(eta) ],
 * erfcx(z) = exp(z^2) erfc(z). Gamma*(a) = Gamma(a) / (sqrt(2 pi)
 * a^(a-1/2) e^-a) comes from Stirling's series and S_a(eta) from the
 * coefficient table that tools/gen-temme.py derives (valid for a >= 30,
 * |eta| <= 1). Far from n ≈ A the Poisson tails are summed directly.
 *
 * The only quantity that needs more than double precision is
 * z^2 = a (lambda - 1 - ln lambda), which can reach ~745 before B
 * underflows: an error of one ulp in it is a relative error of 1e-13 in B.
 * It is therefore carried as a double-double (bd0 below).
 */
#include <float.h>
#include <math.h>

#include "erlang-private.h"
#include "erlang-temme.h"

/* An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2. */
typedef struct {
    double hi, lo;
} dd;

static dd
two_sum(double a, double b)
{
    double s = a + b;
    double bb = s - a;
    dd r = { s, (a - (s - bb)) + (b - bb) };
    return r;
}

/* exp(-(d.hi + d.lo)) for small |d.lo|. */
static double
exp_neg_dd(dd d)
{
    return exp(-d.hi) * (1.0 - d.lo);
}

/*
 * bd0(x, m) = x ln(x / m) + m - x >= 0, the deviance term of the Poisson
 * and gamma densities. With d = x - m, s = x + m, v = d / s:
 *     ln(x / m) = 2 atanh(v) = 2 (v + v^3/3 + v^5/5 + ...),
 *     bd0 = d v + 2 x (v^3/3 + v^5/5 + ...),
 * every term of one sign and the leading d^2 / s formed in double-double.
 * Beyond |v| = 0.8 (x/m outside [1/9, 9]) the direct formula is used: it has
 * no harmful cancellation, but its last-ulp error is a relative error of up
 * to 2e-13 in a Poisson probability near underflow.
 */
static dd
bd0(double x, double m)
{
    double d = x - m;
    if (fabs(d) > 0.8 * (x + m)) {
        dd r = { x * log(x / m) + m - x, 0.0 };
        return r;
    }
    /* d = x − m is exact only while x <= 2m: keep its error de. Then
     * d^2 = p + pe and (p + pe) / (x + m) to about 2^-104 relative. */
    dd diff = two_sum(x, -m);
    double p = diff.hi * diff.hi;
    double pe = fma(diff.hi, diff.hi, -p) + 2.0 * diff.hi * diff.lo;
    dd sum = two_sum(x, m);
    double q = p / sum.hi;
    double qe = (fma(-q, sum.hi, p) + pe - q * sum.lo) / sum.hi;
    /* v = d / (x + m) + ve likewise: the tail's sensitivity to v is
     * d(tail)/dv = v^2 / (1 - v^2), so ve enters to first order. */
    double v = diff.hi / sum.hi;
    double ve = (fma(-v, sum.hi, diff.hi) + diff.lo - v * sum.lo) / sum.hi;
    /* Compensated summation: near |v| = 0.8 the tail has ~80 terms and
     * makes up a third of bd0. */
    double v2 = v * v, vp = v * v2, tail = 0.0, carry = ve * v2 / (1.0 - v2);
    for (int k = 3; k < 400; k += 2) {
        double term = vp / k;
        double t = tail + term;
        carry += (tail - t) + term;
        tail = t;
        if (fabs(term) <= fabs(tail) * (DBL_EPSILON / 4))
            break;
        vp *= v2;
    }
    tail += carry;
    return two_sum(q, qe + 2.0 * x * tail);
}

/* ln Gamma*(a) = sum B_2k / (2k (2k-1) a^(2k-1)), for a >= 15. */
static double
log_gamma_star(double a)
{
    double r = 1.0 / a, r2 = r * r;
    return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680
           + r2 * (1.0 / 1188 + r2 * (-691.0 / 360360 + r2 * (1.0 / 156)))))));
}

/* ln n! - ((n + 1/2) ln n - n + ln(2 pi)/2) for n >= 1. */
static double
stirling_error(int32_t n)
{
    /* Exact values below 15, where the series converges too slowly. */
    static const double small[15] = {
        0.08106146679532725822, 0.041340695955409294094, 0.027677925684998339149,
        0.020790672103765093112, 0.016644691189821192163, 0.013876128823070747999,
        0.011896709945891770095, 0.010411265261972096497, 0.0092554621827127329177,
        0.0083305634333628712565, 0.007573675487951840795, 0.0069428401072095298657,
        0.0064089941880042070684, 0.0059513701127588477356, 0.005554733551962801371,
    };
    if (n <= 15)
        return small[n - 1];
    return log_gamma_star(n);
}

/* erfcx(z) = exp(z^2) erfc(z) for z >= 0. */
static double
erfcx_nonneg(double z)
{
    if (z < 26.0) {
        /* z^2 = h + l exactly, so exp(z^2) loses nothing to its rounding. */
        double h = z * z, l = fma(z, z, -h);
        return exp(h) * (1.0 + l) * erfc(z);
    }
    /* Asymptotic series; at z >= 26 six terms reach full precision. */
    double r = 1.0 / (2.0 * z * z), term = 1.0, sum = 1.0;
    for (int k = 1; k <= 6; k++) {
        term *= -(2 * k - 1) * r;
        sum += term;
    }
    return sum / (z * sqrt(ERLANG_PI));
}

/* S_a(eta) = sum_k C_k(eta) a^-k from the generated table, with only the
 * terms that matter: C_k a^-k shrinks fast in a, and the Taylor series in
 * eta converges like (|eta| / 3.5)^j. The cut-offs keep the truncation
 * below 1e-18 of the result (tools/gen-temme.py checks the full table). */
static double
temme_series(double a, double eta)
{
    int k_top = a < 100 ? 8 : a < 300 ? 7 : a < 1000 ? 5 : a < 3000 ? 4 : a < 1e5 ? 3 : 2;
    double h = fabs(eta);
    int j_top = h <= 0.0625 ? 9 : h <= 0.125 ? 10 : h <= 0.25 ? 14 : h <= 0.5 ? 18
              : h <= 0.75 ? 24 : TEMME_D - 1;
    double inv_a = 1.0 / a, sum = 0.0;
    for (int j = j_top; j >= 0; j--) {
        double cj = temme_c[k_top][j];
        for (int k = k_top - 1; k >= 0; k--)
            cj = cj * inv_a + temme_c[k][j];
        sum = sum * eta + cj;
    }
    return sum;
}

/* Temme's expansion; needs a >= 30 and z2.hi <= a / 2 (|eta| <= 1). */
static double
erlang_b_temme(double x, double a, dd z2)
{
    double lambda = x / a;
    double eta = sqrt(2.0 * (z2.hi + z2.lo) / a);
    double z = sqrt(z2.hi + z2.lo);
    double scale = lambda * exp(log_gamma_star(a));
    double root = sqrt(ERLANG_PI * a / 2.0);
    if (x >= a) /* n < A: z >= 0, nothing large. */
        return 1.0 / (scale * (root * erfcx_nonneg(z) + temme_series(a, eta)));
    /* n >= A: erfcx(-z) = 2 exp(z^2) - erfcx(z); scale by exp(-z^2), which
     * may underflow to 0 exactly when B does. */
    double e = exp_neg_dd(z2);
    double g = root * (2.0 - e * erfcx_nonneg(z)) + e * temme_series(a, -eta);
    return e / (scale * g);
}

/* n well above A: B = p / (1 - P(Poisson(A) > n)), p = Poisson(n; A). */
static double
erlang_b_upper_tail(double x, int32_t n)
{
    double p = exp_neg_dd(bd0(n, x)) * exp(-stirling_error(n)) / sqrt(2.0 * ERLANG_PI * n);
    /* P(Poisson > n) / p = sum_j prod_{i<=j} x / (n + i): ratio below 0.3 here. */
    double ratio = 0.0, term = 1.0;
    for (int32_t i = 1; i < 1000; i++) {
        term *= x / ((double)n + i);
        ratio += term;
        if (term <= ratio * DBL_EPSILON / 4)
            break;
    }
    return p / (1.0 - p * ratio);
}

/* n well below A: 1/B = sum_j prod_{i<j} (n - i) / A, ratio below 0.45. */
static double
erlang_b_lower_tail(double x, int32_t n)
{
    double sum = 1.0, term = 1.0;
    for (int32_t i = 0; i < n; i++) {
        term *= (n - i) / x;
        sum += term;
        if (term <= sum * DBL_EPSILON / 4)
            break;
    }
    return 1.0 / sum;
}

/* 1/B(k) = 1 + (k/A)·(1/B(k − 1)): like the forward recursion it shrinks
 * errors, and the quotients k/A do not depend on the chain, so they
 * pipeline instead of stalling it. 1/B overflowing means B underflows. */
static double
erlang_b_recursion(double traffic, int32_t agents)
{
    double inverse = 1.0;
    for (int32_t k = 1; k <= agents; k++)
        inverse = 1.0 + (k / traffic) * inverse;
    return 1.0 / inverse;
}

double
wfm_erlang_b_eval(double traffic, int32_t agents)
{
    if (traffic == 0.0)
        return agents == 0 ? 1.0 : 0.0;
    if (agents < ERLANG_RECURSION_MAX)
        return erlang_b_recursion(traffic, agents);
    double a = (double)agents + 1.0;
    dd z2 = bd0(a, traffic);
    if (z2.hi <= 0.5 * a)
        return erlang_b_temme(traffic, a, z2);
    if (traffic < a) {
        /* Here lambda < 0.3, so B underflows beyond a ≈ 1405 (z^2 > 708):
         * below that the recursion is short and more accurate than a
         * Poisson probability whose exponent nears -708. */
        if (agents < 1500)
            return erlang_b_recursion(traffic, agents);
        return erlang_b_upper_tail(traffic, agents);
    }
    return erlang_b_lower_tail(traffic, agents);
}

long double
wfm_erlang_b_extended(double traffic, int32_t agents)
{
    long double x = traffic, b = 1.0L;
    for (int32_t k = 1; k <= agents; k++)
        b = x * b / ((long double)k + x * b);
    return b;
}
