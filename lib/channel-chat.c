/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Chat staffing: a birth-death chain on k, the chats in the system.
 *
 * With n agents, m = max_sessions sessions each and N = n·m slots, the
 * completion rate in state k <= N is mu_k = r·f(q + 1) + (n − r)·f(q) for
 * k = q·n + r (0 <= r < n), where f(L) = L / aht[L − 1] is one agent's
 * completion rate with L chats (f(0) = 0); above N it is R = n·f(m). The
 * weights w_k = prod lambda / mu_i are swept once, k = 0 … N, in long double
 * with a separate binary exponent for the current weight and for the running
 * sums, so nothing overflows or underflows however large the load; above N
 * the tail is geometric with ratio rho = lambda / R and sums in closed form:
 *
 *   P(wait)     = w_N / (1 − rho) / Z,
 *   P(W > t)    = P(wait) · exp(−(R − lambda)·t)   (Erlang C's form),
 *   ASA         = P(wait) / (R − lambda),
 *   occupancy   = E[min(k, n)] / n.
 *
 * Stability (lambda < R) is decided exactly on the inputs:
 * contacts·aht[m − 1] < interval_s·n·m, both products as a double plus its
 * fma() error term, and R − lambda comes from that exact difference.
 *
 * Cost: O(n·m) per evaluation; a sweep stops early once the weights left
 * are provably below 2^-70 of the sums and P(wait) below the long-double
 * range (huge n for a light load).
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "wfm/channels.h"

#define MAX_SESSIONS 16
/* As in erlang.c: a value within this (absolute for SL, relative for ASA
 * and occupancy) of its target meets it. */
#define TARGET_SLACK (2 * DBL_EPSILON)
/* The running weight is renormalised when it leaves [2^-256, 2^256], and
 * the sums are rescaled when it outgrows them by 2^300: every value stays
 * inside the range of a double, so the code is also right where long double
 * is double (MSVC) or emulated as one (valgrind). */
#define W_HIGH 0x1p256L
#define W_LOW 0x1p-256L
#define S_RESCALE 300
/* Early stop: weights left below 2^-70 of the sums, and P(wait) below
 * 2^-16500 (under the long-double range) when N is this far away. */
#define NEGLIGIBLE 0x1p-70L
#define TAIL_STEPS 16500
/* Steps walked one by one before galloping. */
#define WALK_STEPS 8

typedef struct {
    double contacts, interval_s, aht_full; /* aht_full = aht[m − 1] */
    long double lambda;                    /* chats per second */
    long double f[MAX_SESSIONS + 2];       /* f[L] = L / aht[L − 1]; f[0] = 0, f[m + 1] = 0 */
    long double f_min, f_max;              /* over L = 1 … m */
    int32_t m;
    bool concave; /* f concave on 0 … m: measures improve with n */
} chat_load;

typedef struct {
    bool stable;
    long double p_wait;     /* 0 if below the long-double range */
    long double log_p_wait; /* ln P(wait); -inf when P(wait) = 0 */
    long double gap;        /* R − lambda, per second */
    long double occupancy;
} chat_state;

static bool
is_nonnegative(double x)
{
    return isfinite(x) && x >= 0.0;
}

static bool
is_positive(double x)
{
    return isfinite(x) && x > 0.0;
}

static bool
valid_load(double contacts, double interval_s, const double *aht, int32_t m)
{
    if (!is_nonnegative(contacts) || !is_positive(interval_s) || aht == NULL ||
        m < 1 || m > MAX_SESSIONS)
        return false;
    for (int32_t l = 0; l < m; l++)
        if (!is_positive(aht[l]))
            return false;
    return true;
}

static chat_load
make_load(double contacts, double interval_s, const double *aht, int32_t m)
{
    chat_load ld;
    ld.contacts = contacts;
    ld.interval_s = interval_s;
    ld.aht_full = aht[m - 1];
    ld.lambda = (long double)contacts / interval_s;
    ld.m = m;
    ld.f[0] = 0.0L;
    for (int32_t l = 1; l <= m; l++)
        ld.f[l] = (long double)l / aht[l - 1];
    ld.f[m + 1] = 0.0L;
    ld.f_min = ld.f[1];
    ld.f_max = ld.f[1];
    for (int32_t l = 2; l <= m; l++) {
        ld.f_min = fminl(ld.f_min, ld.f[l]);
        ld.f_max = fmaxl(ld.f_max, ld.f[l]);
    }
    /* Concave: marginal rates f(L) − f(L − 1) do not increase (within
     * rounding: equal handle times give a linear f). Then, by Karamata,
     * spreading k chats over more agents never lowers mu_k, the chain is
     * stochastically smaller with more agents, and SL, ASA and occupancy
     * all improve with n. */
    ld.concave = true;
    for (int32_t l = 1; l < m; l++) {
        long double d0 = ld.f[l] - ld.f[l - 1], d1 = ld.f[l + 1] - ld.f[l];
        if (d1 > d0 + 1e-12L * ld.f_max)
            ld.concave = false;
    }
    return ld;
}

/* The exact sign of interval_s·n·m − contacts·aht_full (> 0 = stable), and
 * that difference in long double. */
static long double
stability_margin(const chat_load *ld, int64_t n)
{
    const double slots = (double)(n * ld->m); /* <= 2^35: exact */
    const double p1 = ld->contacts * ld->aht_full;
    const double p2 = ld->interval_s * slots;
    if (isfinite(p1) && isfinite(p2)) {
        const double e1 = fma(ld->contacts, ld->aht_full, -p1);
        const double e2 = fma(ld->interval_s, slots, -p2);
        return ((long double)p2 - p1) + ((long double)e2 - e1);
    }
    return (long double)ld->interval_s * slots - (long double)ld->contacts * ld->aht_full;
}

/* The measures for n >= 1 agents and lambda > 0. */
static void
chat_eval(const chat_load *ld, int32_t n, chat_state *st)
{
    const long double margin = stability_margin(ld, n);
    st->stable = margin > 0.0L;
    if (!st->stable)
        return;
    const int32_t m = ld->m;
    const int64_t slots = (int64_t)n * m;
    const long double lambda = ld->lambda;
    /* R − lambda = margin / (aht_full · interval_s); 1 − rho = margin / (interval_s · N). */
    st->gap = margin / ((long double)ld->aht_full * ld->interval_s);
    const long double one_minus_rho = margin / ((long double)ld->interval_s * (long double)slots);
    const bool may_stop = 2.0L * lambda <= n * ld->f_min;

    long double w = 1.0L, s_all = 1.0L, s_busy = 0.0L;
    long e_w = 0, e_s = 0;
    int32_t q = 0, r = 0;
    bool truncated = false;
    for (int64_t k = 1; k <= slots; k++) {
        if (++r == n) {
            r = 0;
            q++;
        }
        const long double mu = r * ld->f[q + 1] + (n - r) * ld->f[q];
        const long double ratio = lambda / mu;
        w *= ratio;
        if (w > W_HIGH || w < W_LOW) {
            int ex;
            w = frexpl(w, &ex);
            e_w += ex;
        }
        if (k == slots)
            break;
        if (e_w - e_s > S_RESCALE) {
            s_all = ldexpl(s_all, (int)(e_s - e_w));
            s_busy = ldexpl(s_busy, (int)(e_s - e_w));
            e_s = e_w;
        }
        const long double t = e_w - e_s < -20000 ? 0.0L : ldexpl(w, (int)(e_w - e_s));
        const long double busy = k < n ? (long double)k : (long double)n;
        s_all += t;
        s_busy += busy * t;
        /* Every later ratio is <= 1/2: mu_j >= mu_k below n (mu_j = j·f(1)),
         * mu_j >= n·f_min from n on. What is left weighs less than t. */
        if (may_stop && ratio <= 0.5L && slots - k > TAIL_STEPS &&
            t <= NEGLIGIBLE * s_all && n * t <= NEGLIGIBLE * s_busy) {
            truncated = true;
            break;
        }
    }
    if (truncated) {
        st->p_wait = 0.0L;
        st->log_p_wait = -INFINITY;
        st->occupancy = s_busy / s_all / n;
        return;
    }
    const long double tail = w / one_minus_rho; /* sum over k >= N, scale 2^e_w */
    const long e = e_w > e_s ? e_w : e_s;
    const long ds = e_s - e, dw = e_w - e;
    const long double s_all_e = ds < -20000 ? 0.0L : ldexpl(s_all, (int)ds);
    const long double s_busy_e = ds < -20000 ? 0.0L : ldexpl(s_busy, (int)ds);
    const long double tail_e = dw < -20000 ? 0.0L : ldexpl(tail, (int)dw);
    const long double z = s_all_e + tail_e;
    st->p_wait = tail_e / z;
    st->log_p_wait = logl(tail) + dw * 0.69314718055994530941723212145817657L - logl(z);
    st->occupancy = (s_busy_e + n * tail_e) / z / n;
    if (st->occupancy > 1.0L)
        st->occupancy = 1.0L;
}

int32_t
wfm_chat_service(double contacts, double interval_s,
                 const double *aht_by_sessions_s, int32_t max_sessions,
                 int32_t agents, double answer_s, double *service_level,
                 double *asa_s, double *occupancy)
{
    if (!valid_load(contacts, interval_s, aht_by_sessions_s, max_sessions) ||
        agents < 0 || !is_nonnegative(answer_s))
        return WFM_EINVAL;
    double sl, asa, occ;
    if (contacts == 0.0) {
        sl = 1.0;
        asa = 0.0;
        occ = 0.0;
    } else {
        const chat_load ld = make_load(contacts, interval_s, aht_by_sessions_s, max_sessions);
        chat_state st = { false, 0.0L, 0.0L, 0.0L, 0.0L };
        if (agents > 0)
            chat_eval(&ld, agents, &st);
        if (!st.stable) {
            sl = 0.0;
            asa = HUGE_VAL;
            occ = 1.0;
        } else {
            const long double late = st.p_wait * expl(-st.gap * answer_s);
            sl = (double)(1.0L - late);
            asa = (double)(st.p_wait / st.gap);
            occ = (double)st.occupancy;
        }
    }
    if (service_level != NULL)
        *service_level = sl;
    if (asa_s != NULL)
        *asa_s = asa;
    if (occupancy != NULL)
        *occupancy = occ;
    return WFM_OK;
}

/* ---- staffing ---------------------------------------------------------- */

typedef struct {
    double target_sl, answer_s, max_asa_s, max_occupancy;
} chat_goal;

static bool
meets(const chat_load *ld, const chat_goal *g, int32_t n)
{
    chat_state st = { false, 0.0L, 0.0L, 0.0L, 0.0L };
    chat_eval(ld, n, &st);
    if (!st.stable)
        return false;
    if (g->target_sl > 0.0) {
        const long double sl = 1.0L - st.p_wait * expl(-st.gap * g->answer_s);
        if (sl - g->target_sl + TARGET_SLACK < 0.0L)
            return false;
    }
    if (g->max_asa_s > 0.0 && st.log_p_wait > -INFINITY) {
        /* ASA <= cap·(1 + slack), in logs: the ASA may lie far below the
         * double range. */
        const long double log_asa = st.log_p_wait - logl(st.gap);
        if (log_asa > logl(g->max_asa_s) + log1pl(TARGET_SLACK))
            return false;
    }
    if (g->max_occupancy > 0.0 &&
        st.occupancy > (long double)g->max_occupancy * (1.0L + TARGET_SLACK))
        return false;
    return true;
}

/* The fewest agents for a stable queue: contacts·aht[m−1] < interval·n·m. */
static int64_t
stable_minimum(const chat_load *ld)
{
    long double guess = (long double)ld->contacts * ld->aht_full /
                        ((long double)ld->interval_s * ld->m);
    if (guess > (long double)INT32_MAX + 2.0L)
        return (int64_t)INT32_MAX + 1;
    int64_t n = (int64_t)floorl(guess);
    if (n < 1)
        n = 1;
    while (n > 1 && stability_margin(ld, n - 1) > 0.0L)
        n--;
    while (stability_margin(ld, n) <= 0.0L)
        n++;
    return n;
}

int32_t
wfm_chat_required_agents(double contacts, double interval_s,
                         const double *aht_by_sessions_s,
                         int32_t max_sessions, double target_sl,
                         double answer_s, double max_asa_s,
                         double max_occupancy, int32_t *agents)
{
    if (!valid_load(contacts, interval_s, aht_by_sessions_s, max_sessions) ||
        agents == NULL || !(target_sl >= 0.0 && target_sl < 1.0) ||
        !is_nonnegative(answer_s) || !is_nonnegative(max_asa_s) ||
        !(max_occupancy >= 0.0 && max_occupancy <= 1.0) ||
        (target_sl == 0.0 && answer_s == 0.0 && max_asa_s == 0.0 && max_occupancy == 0.0))
        return WFM_EINVAL;
    if (contacts == 0.0) {
        *agents = 0;
        return WFM_OK;
    }
    const chat_load ld = make_load(contacts, interval_s, aht_by_sessions_s, max_sessions);
    const chat_goal g = { target_sl, answer_s, max_asa_s, max_occupancy };

    /* Lower bounds every answer obeys: a stable queue, and, for an
     * occupancy cap, E[min(k, n)] >= lambda / f_max (each busy agent
     * completes at most f_max chats per second), so occupancy >=
     * lambda / (n·f_max). */
    int64_t lo = stable_minimum(&ld);
    if (max_occupancy > 0.0) {
        long double n_occ = ld.lambda / (ld.f_max * max_occupancy) * (1.0L - 1e-12L);
        if (n_occ > (long double)INT32_MAX + 2.0L)
            return WFM_ERANGE;
        if (floorl(n_occ) > lo)
            lo = (int64_t)floorl(n_occ);
    }
    if (lo > INT32_MAX)
        return WFM_ERANGE;
    int64_t n = lo;

    if (!ld.concave) {
        /* Measures need not be monotone in n: the first n from the bound
         * that meets every target. */
        while (!meets(&ld, &g, (int32_t)n)) {
            if (n == INT32_MAX)
                return WFM_ERANGE;
            n++;
        }
        *agents = (int32_t)n;
        return WFM_OK;
    }
    /* Monotone: walk a few steps, then gallop, then bisect. */
    for (int step = 0; step < WALK_STEPS; step++, n++) {
        if (meets(&ld, &g, (int32_t)n)) {
            *agents = (int32_t)n;
            return WFM_OK;
        }
        if (n == INT32_MAX)
            return WFM_ERANGE;
    }
    int64_t fail = n - 1, jump = WALK_STEPS, hi;
    for (;;) {
        hi = fail + jump;
        if (hi > INT32_MAX)
            hi = INT32_MAX;
        if (meets(&ld, &g, (int32_t)hi))
            break;
        if (hi == INT32_MAX)
            return WFM_ERANGE;
        fail = hi;
        jump *= 2;
    }
    while (hi - fail > 1) {
        int64_t mid = fail + (hi - fail) / 2;
        if (meets(&ld, &g, (int32_t)mid))
            hi = mid;
        else
            fail = mid;
    }
    *agents = (int32_t)hi;
    return WFM_OK;
}
