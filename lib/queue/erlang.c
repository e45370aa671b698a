/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The public Erlang C functions and the exact staffing search.
 *
 * Staffing: the targets define a monotone predicate "n agents meet the goal"
 * over n > A. The search starts from the square-root-staffing guess
 * (Halfin–Whitt), evaluates Erlang B there in O(1) (erlang-eval.c) and walks
 * with the O(1) recursion steps to the first n that meets the goal; a poor
 * guess falls back to galloping and bisection. The answer is proven by two
 * verdicts, "n meets" and "n − 1 does not". When either lies within
 * REFEREE_BAND of its threshold, double precision is not trusted: a
 * long-double scan from the first stable n decides.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "erlang-private.h"
#include "wfm/erlang.h"

/* A value within this (absolute for SL, relative for ASA and occupancy) of
 * its target meets it: the decimal inputs a planner types hit targets
 * exactly more often than binary rounding suggests. */
#define TARGET_SLACK (2 * DBL_EPSILON)
/* Fast verdicts closer than this to their threshold go to the referee. The
 * fast path's error is below 1e-14. */
#define REFEREE_BAND 1e-13
/* Recursion steps a walk takes before it gallops with fresh evaluations. */
#define WALK_STEPS 48
/* Erlang B below this may have lost digits to underflow: evaluate afresh. */
#define B_TINY 1e-280
/* ASA targets below this (seconds) need values that underflow a double:
 * the long-double referee decides them alone. */
#define ASA_UNDERFLOW_S 1e-270

static bool
is_traffic(double traffic)
{
    return isfinite(traffic) && traffic >= 0.0;
}

static bool
is_positive(double x)
{
    return isfinite(x) && x > 0.0;
}

static bool
is_nonnegative(double x)
{
    return isfinite(x) && x >= 0.0;
}

/* C(A, n) from B(A, n), for n > A > 0. */
static double
p_wait_from_b(double traffic, int32_t agents, double blocking)
{
    return agents * blocking / ((agents - traffic) + traffic * blocking);
}

static long double
p_wait_from_b_extended(double traffic, int32_t agents, long double blocking)
{
    long double a = traffic;
    return agents * blocking / ((agents - a) + a * blocking);
}

static double
service_level_from_c(double traffic, int32_t agents, double p_wait, double decay)
{
    return 1.0 - p_wait * exp(-(agents - traffic) * decay);
}

static double
asa_from_c(double traffic, int32_t agents, double p_wait, double aht_s)
{
    return p_wait * aht_s / (agents - traffic);
}

int32_t
wfm_traffic_erlangs(double contacts, double interval_s, double aht_s,
                    double *traffic_erlangs)
{
    if (!is_nonnegative(contacts) || !is_positive(interval_s) ||
        !is_positive(aht_s) || traffic_erlangs == NULL)
        return WFM_EINVAL;
    /* contacts × aht exactly as p + pe, then one correctly rounded quotient
     * up to a final ulp: 42 × 270 / 900 gives the double nearest 12.6. */
    double p = contacts * aht_s;
    if (!isfinite(p)) {
        /* The product overflows though the quotient may not: divide first. */
        double q = contacts / interval_s * aht_s;
        if (!isfinite(q))
            q = contacts * (aht_s / interval_s);
        if (!isfinite(q))
            return WFM_ERANGE;
        *traffic_erlangs = q;
        return WFM_OK;
    }
    double pe = fma(contacts, aht_s, -p);
    double q = p / interval_s;
    if (!isfinite(q))
        return WFM_ERANGE;
    double r = (fma(-q, interval_s, p) + pe) / interval_s;
    *traffic_erlangs = q + r;
    return WFM_OK;
}

int32_t
wfm_erlang_b(double traffic_erlangs, int32_t agents, double *blocking)
{
    if (!is_traffic(traffic_erlangs) || agents < 0 || blocking == NULL)
        return WFM_EINVAL;
    *blocking = wfm_erlang_b_eval(traffic_erlangs, agents);
    return WFM_OK;
}

int32_t
wfm_erlang_c(double traffic_erlangs, int32_t agents, double *p_wait)
{
    if (!is_traffic(traffic_erlangs) || agents < 0 || p_wait == NULL)
        return WFM_EINVAL;
    if (traffic_erlangs == 0.0)
        *p_wait = 0.0;
    else if (agents <= traffic_erlangs)
        *p_wait = 1.0;
    else
        *p_wait = p_wait_from_b(traffic_erlangs, agents,
                                wfm_erlang_b_eval(traffic_erlangs, agents));
    return WFM_OK;
}

int32_t
wfm_service_level(double traffic_erlangs, int32_t agents, double aht_s,
                  double answer_s, double *service_level)
{
    if (!is_traffic(traffic_erlangs) || agents < 0 || !is_positive(aht_s) ||
        !is_nonnegative(answer_s) || service_level == NULL)
        return WFM_EINVAL;
    if (traffic_erlangs == 0.0) {
        *service_level = 1.0;
    } else if (agents <= traffic_erlangs) {
        *service_level = 0.0;
    } else {
        double c = p_wait_from_b(traffic_erlangs, agents,
                                 wfm_erlang_b_eval(traffic_erlangs, agents));
        *service_level = service_level_from_c(traffic_erlangs, agents, c,
                                              answer_s / aht_s);
    }
    return WFM_OK;
}

int32_t
wfm_average_speed_of_answer(double traffic_erlangs, int32_t agents,
                            double aht_s, double *asa_s)
{
    if (!is_traffic(traffic_erlangs) || agents < 0 || !is_positive(aht_s) ||
        asa_s == NULL)
        return WFM_EINVAL;
    if (traffic_erlangs == 0.0) {
        *asa_s = 0.0;
    } else if (agents <= traffic_erlangs) {
        *asa_s = HUGE_VAL;
    } else {
        double c = p_wait_from_b(traffic_erlangs, agents,
                                 wfm_erlang_b_eval(traffic_erlangs, agents));
        *asa_s = asa_from_c(traffic_erlangs, agents, c, aht_s);
    }
    return WFM_OK;
}

int32_t
wfm_occupancy(double traffic_erlangs, int32_t agents, double *occupancy)
{
    if (!is_traffic(traffic_erlangs) || agents < 0 || occupancy == NULL)
        return WFM_EINVAL;
    if (traffic_erlangs == 0.0)
        *occupancy = 0.0;
    else if (agents <= traffic_erlangs)
        *occupancy = 1.0;
    else
        *occupancy = traffic_erlangs / agents;
    return WFM_OK;
}

/* ---- staffing ---------------------------------------------------------- */

/* A queue's load and the targets it is staffed for (0 = not set). */
typedef struct {
    double traffic;
    double aht_s;
    double target_sl;
    double decay; /* answer_s / aht_s: SL = 1 − C·exp(−(n − A)·decay) */
    double max_asa_s;
    double max_occupancy;
} goal;

/* Whether n agents meet the SL and ASA targets, and how far the deciding
 * value lies from its threshold (the referee's cue). */
typedef struct {
    bool met;
    double distance;
} verdict;

static void
verdict_add(verdict *v, bool first, double excess)
{
    /* excess >= 0 meets; for "met" every target must hold (the nearest one
     * decides); for "not met" one clear failure suffices (the farthest). */
    bool met = excess >= 0.0;
    double d = fabs(excess);
    if (first) {
        v->met = met;
        v->distance = d;
    } else if (v->met && met) {
        v->distance = fmin(v->distance, d);
    } else if (v->met) {
        v->met = false;
        v->distance = d;
    } else if (!met) {
        v->distance = fmax(v->distance, d);
    }
}

/* The verdict for n agents given B(A, n) and the SL's decay factor
 * exp(−(n − A)·t/AHT). */
static verdict
judge_with_decay(const goal *g, int32_t n, double blocking, double decay_factor)
{
    verdict v = { true, INFINITY };
    double c = p_wait_from_b(g->traffic, n, blocking);
    bool first = true;
    if (g->target_sl > 0.0) {
        double sl = 1.0 - c * decay_factor;
        verdict_add(&v, first, sl - g->target_sl + TARGET_SLACK);
        first = false;
    }
    if (g->max_asa_s > 0.0) {
        double asa = asa_from_c(g->traffic, n, c, g->aht_s);
        verdict_add(&v, first, (g->max_asa_s - asa) / g->max_asa_s + TARGET_SLACK);
    }
    return v;
}

static double
decay_factor(const goal *g, int32_t n)
{
    return exp(-(n - g->traffic) * g->decay);
}

static verdict
judge(const goal *g, int32_t n, double blocking)
{
    return judge_with_decay(g, n, blocking, decay_factor(g, n));
}

static bool
meets_extended(const goal *g, int32_t n, long double blocking)
{
    long double a = g->traffic;
    long double c = p_wait_from_b_extended(g->traffic, n, blocking);
    if (g->target_sl > 0.0) {
        long double sl = 1.0L - c * expl(-(n - a) * (long double)g->decay);
        if (sl - g->target_sl + TARGET_SLACK < 0.0L)
            return false;
    }
    if (g->max_asa_s > 0.0) {
        long double asa = c * g->aht_s / (n - a);
        if ((g->max_asa_s - asa) / g->max_asa_s + TARGET_SLACK < 0.0L)
            return false;
    }
    return true;
}

/* The referee: a long-double scan from n_start. O(n). */
static int32_t
referee_scan(const goal *g, int32_t n_start, int32_t *agents)
{
    long double b = wfm_erlang_b_extended(g->traffic, n_start);
    long double a = g->traffic;
    for (int32_t n = n_start;; n++) {
        if (meets_extended(g, n, b)) {
            *agents = n;
            return WFM_OK;
        }
        if (n == INT32_MAX)
            return WFM_ERANGE;
        b = a * b / ((long double)n + 1.0L + a * b);
    }
}

/* Halfin–Whitt: with n = A + β√A, P(wait) ≈ 1 / (1 + β Φ(β)/φ(β)). Newton
 * on β for the tighter of the SL and ASA targets gives a guess that is
 * usually within an agent or two of the answer. */
static double
halfin_whitt_beta(const goal *g)
{
    double root_a = sqrt(g->traffic), beta_best = 0.0;
    for (int target = 0; target < 2; target++) {
        if ((target == 0 && g->target_sl <= 0.0) || (target == 1 && g->max_asa_s <= 0.0))
            continue;
        /* ln(1 − SL target), or ln(AHT / ASA target) − ln √A. */
        double level = target == 0 ? log1p(-g->target_sl)
                                   : log(g->aht_s / g->max_asa_s) - log(root_a);
        double beta = 1.0;
        for (int it = 0; it < 8; it++) {
            /* M = Φ/φ, h = 1 + βM = 1/P(wait), h' = M + β(1 + βM). */
            double m = 0.5 * erfc(-beta * ERLANG_SQRT1_2) * sqrt(2.0 * ERLANG_PI)
                     * exp(0.5 * beta * beta);
            double h = 1.0 + beta * m, dh = m + beta * (1.0 + beta * m);
            double f, df;
            if (target == 0) {
                f = -log(h) - beta * root_a * g->decay - level;
                df = -dh / h - root_a * g->decay;
            } else {
                f = -log(h * beta) + level;
                df = -dh / h - 1.0 / beta;
            }
            double next = beta - f / df;
            next = fmin(fmax(next, 0.5 * beta), fmin(2.0 * beta + 1.0, 38.0));
            /* Newton converges quadratically: once a step moves the guess
             * by less than an agent, the walk does the rest cheaper. */
            bool close = fabs(next - beta) * root_a < 1.0;
            beta = next;
            if (close)
                break;
        }
        beta_best = fmax(beta_best, beta);
    }
    return beta_best;
}

/* Bisection with fresh evaluations: lo does not meet the goal (or is
 * n_start − 1), hi meets it. */
static void
bisect(const goal *g, int32_t *lo, verdict *v_lo, int32_t *hi, verdict *v_hi,
       double *b_hi)
{
    while (*hi - *lo > 1) {
        int32_t mid = *lo + (*hi - *lo) / 2;
        double b = wfm_erlang_b_eval(g->traffic, mid);
        verdict v = judge(g, mid, b);
        if (v.met) {
            *hi = mid;
            *v_hi = v;
            *b_hi = b;
        } else {
            *lo = mid;
            *v_lo = v;
        }
    }
}

/*
 * The smallest n >= n_start meeting the SL/ASA targets, with B(A, n). On
 * return *uncertain says whether a verdict fell inside the referee band.
 */
static int32_t
search(const goal *g, int32_t n_start, int32_t *agents, double *blocking,
       bool *uncertain)
{
    const double traffic = g->traffic;
    /* "n_start − 1 fails" holds by definition: a certain verdict. */
    verdict v_lo = { false, INFINITY }, v_hi;
    int32_t lo, hi, n = n_start;
    double b;

    if (n_start >= ERLANG_RECURSION_MAX) {
        double guess = ceil(traffic + halfin_whitt_beta(g) * sqrt(traffic));
        if (guess > n_start)
            n = guess < INT32_MAX ? (int32_t)guess : INT32_MAX;
    }
    b = wfm_erlang_b_eval(traffic, n);
    verdict v = judge(g, n, b);

    if (v.met) {
        /* Walk down to the last n that meets the goal. */
        hi = n;
        v_hi = v;
        double b_hi = b;
        lo = n_start - 1;
        for (int step = 0; step < WALK_STEPS && hi > n_start; step++) {
            double bp = b_hi > B_TINY ? wfm_erlang_b_prev(traffic, hi, b_hi)
                                      : wfm_erlang_b_eval(traffic, hi - 1);
            verdict vp = judge(g, hi - 1, bp);
            if (!vp.met) {
                lo = hi - 1;
                v_lo = vp;
                break;
            }
            hi--;
            v_hi = vp;
            b_hi = bp;
        }
        bisect(g, &lo, &v_lo, &hi, &v_hi, &b_hi);
        b = b_hi;
    } else {
        /* Walk up; if the goal is far away, gallop then bisect. The decay
         * factor is carried by multiplication: at most WALK_STEPS roundings,
         * far inside the referee band. */
        lo = n;
        v_lo = v;
        int step = 0;
        double decay = decay_factor(g, n), decay_step = exp(-g->decay);
        for (;;) {
            if (lo == INT32_MAX)
                return WFM_ERANGE;
            b = wfm_erlang_b_next(traffic, lo, b);
            decay *= decay_step;
            v = judge_with_decay(g, lo + 1, b, decay);
            if (v.met)
                break;
            lo++;
            v_lo = v;
            if (++step == WALK_STEPS)
                break;
        }
        if (v.met) {
            hi = lo + 1;
            v_hi = v;
        } else {
            int64_t jump = WALK_STEPS;
            for (;;) {
                int64_t next = (int64_t)lo + jump;
                if (next > INT32_MAX)
                    next = INT32_MAX;
                b = wfm_erlang_b_eval(traffic, (int32_t)next);
                v = judge(g, (int32_t)next, b);
                if (v.met) {
                    hi = (int32_t)next;
                    v_hi = v;
                    break;
                }
                if (next == INT32_MAX)
                    return WFM_ERANGE;
                lo = (int32_t)next;
                v_lo = v;
                jump *= 2;
            }
            bisect(g, &lo, &v_lo, &hi, &v_hi, &b);
        }
    }
    *agents = hi;
    *blocking = b;
    *uncertain = v_hi.distance < REFEREE_BAND || v_lo.distance < REFEREE_BAND;
    return WFM_OK;
}

static bool
valid_targets(double target_sl, double answer_s, double max_asa_s,
              double max_occupancy)
{
    if (!(target_sl >= 0.0 && target_sl < 1.0) || !is_nonnegative(answer_s))
        return false;
    if (!is_nonnegative(max_asa_s))
        return false;
    if (!(max_occupancy >= 0.0 && max_occupancy <= 1.0))
        return false;
    /* At least one target: an answer time is only the SL's parameter, not a
     * target (alone it used to staff the fewest agents of a stable queue). */
    return target_sl > 0.0 || max_asa_s > 0.0 || max_occupancy > 0.0;
}

/* Validated inputs → required agents and B(A, n) there. */
static int32_t
staff(const goal *g, int32_t *agents, double *blocking)
{
    const double traffic = g->traffic;
    if (traffic == 0.0) {
        *agents = 0;
        *blocking = 1.0;
        return WFM_OK;
    }
    double n_min = floor(traffic) + 1.0;
    if (g->max_occupancy > 0.0) {
        /* The smallest n with A/n <= cap, a quotient within the slack of an
         * integer counting as that integer. */
        double n_occ = ceil(traffic / g->max_occupancy * (1.0 - TARGET_SLACK));
        n_min = fmax(n_min, n_occ);
    }
    if (n_min > INT32_MAX)
        return WFM_ERANGE;
    int32_t n_start = (int32_t)n_min;
    if (g->target_sl <= 0.0 && g->max_asa_s <= 0.0) {
        *agents = n_start;
        *blocking = wfm_erlang_b_eval(traffic, n_start);
        return WFM_OK;
    }
    if (g->max_asa_s > 0.0 && g->max_asa_s < ASA_UNDERFLOW_S) {
        int32_t status = referee_scan(g, n_start, agents);
        if (status == WFM_OK)
            *blocking = wfm_erlang_b_eval(traffic, *agents);
        return status;
    }
    bool uncertain;
    int32_t status = search(g, n_start, agents, blocking, &uncertain);
    if (status != WFM_OK || !uncertain)
        return status;
    status = referee_scan(g, n_start, agents);
    if (status == WFM_OK)
        *blocking = wfm_erlang_b_eval(traffic, *agents);
    return status;
}

static goal
make_goal(double traffic, double aht_s, double target_sl, double answer_s,
          double max_asa_s, double max_occupancy)
{
    goal g = { traffic, aht_s, target_sl, answer_s / aht_s, max_asa_s, max_occupancy };
    return g;
}

int32_t
wfm_required_agents(double traffic_erlangs, double aht_s, double target_sl,
                    double answer_s, double max_asa_s, double max_occupancy,
                    int32_t *agents)
{
    if (!is_traffic(traffic_erlangs) || !is_positive(aht_s) || agents == NULL ||
        !valid_targets(target_sl, answer_s, max_asa_s, max_occupancy))
        return WFM_EINVAL;
    goal g = make_goal(traffic_erlangs, aht_s, target_sl, answer_s, max_asa_s,
                       max_occupancy);
    int32_t n;
    double b;
    int32_t status = staff(&g, &n, &b);
    if (status == WFM_OK)
        *agents = n;
    return status;
}

int32_t
wfm_required_agents_batch(size_t intervals, const double *traffic_erlangs,
                          const double *aht_s, double target_sl,
                          double answer_s, double max_asa_s,
                          double max_occupancy, int32_t *agents,
                          double *service_level, double *asa_s,
                          double *occupancy, size_t *failed_interval)
{
    if (intervals > 0 && (traffic_erlangs == NULL || aht_s == NULL || agents == NULL)) {
        if (failed_interval != NULL)
            *failed_interval = intervals;
        return WFM_EINVAL;
    }
    if (!valid_targets(target_sl, answer_s, max_asa_s, max_occupancy)) {
        if (failed_interval != NULL)
            *failed_interval = intervals;
        return WFM_EINVAL;
    }
    for (size_t i = 0; i < intervals; i++) {
        if (!is_traffic(traffic_erlangs[i]) || !is_positive(aht_s[i])) {
            if (failed_interval != NULL)
                *failed_interval = i;
            return WFM_EINVAL;
        }
    }
    for (size_t i = 0; i < intervals; i++) {
        const double traffic = traffic_erlangs[i];
        goal g = make_goal(traffic, aht_s[i], target_sl, answer_s, max_asa_s,
                           max_occupancy);
        int32_t n;
        double b;
        int32_t status = staff(&g, &n, &b);
        if (status != WFM_OK) {
            if (failed_interval != NULL)
                *failed_interval = i;
            return status;
        }
        agents[i] = n;
        if (service_level == NULL && asa_s == NULL && occupancy == NULL)
            continue;
        double c = traffic == 0.0 ? 0.0 : p_wait_from_b(traffic, n, b);
        if (service_level != NULL)
            service_level[i] = traffic == 0.0 ? 1.0
                : service_level_from_c(traffic, n, c, g.decay);
        if (asa_s != NULL)
            asa_s[i] = traffic == 0.0 ? 0.0 : asa_from_c(traffic, n, c, aht_s[i]);
        if (occupancy != NULL)
            occupancy[i] = traffic == 0.0 ? 0.0 : traffic / n;
    }
    return WFM_OK;
}
