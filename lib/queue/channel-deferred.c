/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Deferred work (email, back office): level staffing against deadlines.
 *
 * K = floor(deadline / interval) >= 1; cohort l (the work arriving in
 * interval l, W_l = contacts_l · aht_l seconds) is due by the end of
 * interval d(l) = l + K − 1 (wfm_deferred_required_agents(): cohorts with
 * d(l) past the last interval are not due in range and only wait), or by
 * d(l) = min(l + K − 1, intervals − 1) when the span's end is a deadline
 * too (deferred_staff() with due_by_end, used by email plans: every cohort
 * is due in range). d is non-decreasing in l, so the first-in first-out
 * queue is also earliest-deadline-first, and its state is the first
 * unfinished cohort f and that cohort's remaining work; the cohorts after
 * it are untouched.
 *
 * Interval i: with R(l) = the work left in cohorts f … l (l <= i, due in
 * range), the need is
 *     x_i = max over l of R(l) / ((d(l) − i + 1) · c),  c = interval · occupancy,
 * agents_i = ceil(x_i − NEED_EPS·max(1, x_i)) (0 if no l), then the agents
 * serve a_i·c seconds FIFO. Cohorts due by the end of i are then finished
 * (up to the tolerance, see below) and leave the queue, so f > i − K at the
 * start of every interval and each interval costs O(K) for the maximum,
 * O(intervals · min(K, intervals)) in all, with no allocation.
 *
 * Tolerance: a need within NEED_EPS·max(1, x) agents above an integer rounds
 * down to it. The work that can then be left over of a cohort due now is at
 * most NEED_EPS·max(1, x)·c <= 2·NEED_EPS·max(1, a_i)·c seconds; it counts
 * as done.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "deferred-private.h"
#include "wfm/channels.h"

#define NEED_EPS 1e-9

/* floor(deadline / interval) with a quotient within 2 ulp below an integer
 * counted as that integer (0.3 / 0.1 is 3 intervals); capped at cap. */
static size_t
deadline_intervals(double deadline_s, double interval_s, size_t cap)
{
    const double q = floor(deadline_s / interval_s * (1.0 + 2 * DBL_EPSILON));
    if (!(q < (double)cap))
        return cap;
    return (size_t)q;
}

int32_t
deferred_staff(size_t intervals, double interval_s, const double *contacts, const double *aht_s,
               double deadline_s, double max_occupancy, bool due_by_end, int32_t *agents,
               double *backlog)
{
    if (!isfinite(interval_s) || !(interval_s > 0.0) || !isfinite(deadline_s) ||
        !(deadline_s > 0.0) || !(max_occupancy > 0.0 && max_occupancy <= 1.0))
        return WFM_EINVAL;
    if (deadline_intervals(deadline_s, interval_s, 2) < 1)
        return WFM_EINVAL;
    if (intervals == 0)
        return WFM_OK;
    if (contacts == NULL || aht_s == NULL || agents == NULL)
        return WFM_EINVAL;
    for (size_t i = 0; i < intervals; i++)
        if (!isfinite(contacts[i]) || !(contacts[i] >= 0.0) || !isfinite(aht_s[i]) ||
            !(aht_s[i] > 0.0))
            return WFM_EINVAL;

    /* K > intervals behaves as K = intervals + 1: l + K − 1 is past the
     * last interval for every cohort. */
    const size_t k_due = deadline_intervals(deadline_s, interval_s, intervals + 1);
    const size_t last = intervals - 1;
    const double c = interval_s * max_occupancy; /* seconds of work per agent */
    size_t f = 0;          /* first unfinished cohort */
    double front = 0.0;    /* its remaining work, seconds (valid when f <= i) */
    bool front_set = false;

    for (size_t i = 0; i < intervals; i++) {
        if (!front_set && f == i) {
            front = contacts[i] * aht_s[i];
            front_set = true;
        }
        /* The need: cohorts l = f … i that are due in range (all of them
         * with due_by_end; else those with l + K − 1 <= last). */
        double need = 0.0;
        if (due_by_end || intervals >= k_due) {
            const size_t l_last = due_by_end || i < intervals - k_due ? i : intervals - k_due;
            double work = 0.0;
            for (size_t l = f; l <= l_last && l <= i; l++) {
                work += l == f ? front : contacts[l] * aht_s[l];
                const size_t due = l + k_due - 1 < last ? l + k_due - 1 : last;
                const size_t len = due - i + 1; /* >= 1 */
                const double x = work / ((double)len * c);
                if (x > need)
                    need = x;
            }
        }
        if (!(need <= (double)INT32_MAX + 1.0))
            return WFM_ERANGE; /* also +inf from overflowing work */
        double a = ceil(need - NEED_EPS * fmax(1.0, need));
        if (a < 0.0)
            a = 0.0;
        if (a > (double)INT32_MAX)
            return WFM_ERANGE;
        agents[i] = (int32_t)a;

        /* Serve FIFO. */
        double cap = a * c;
        while (f <= i && cap > 0.0) {
            if (front <= cap) {
                cap -= front;
                f++;
                front_set = false;
                if (f <= i) {
                    front = contacts[f] * aht_s[f];
                    front_set = true;
                }
            } else {
                front -= cap;
                cap = 0.0;
            }
        }
        /* Work due by the end of i (cohorts l <= i + 1 − K, and all of
         * them at the last interval with due_by_end) is done up to the
         * tolerance: drop what rounding left of it. */
        while (f <= i && (f + k_due <= i + 1 || (due_by_end && i == last))) {
            f++;
            front_set = false;
            if (f <= i) {
                front = contacts[f] * aht_s[f];
                front_set = true;
            }
        }
        if (backlog != NULL) {
            double left = 0.0;
            for (size_t l = f; l <= i; l++)
                left += l == f ? front / aht_s[l] : contacts[l];
            backlog[i] = left;
        }
    }
    return WFM_OK;
}

int32_t
wfm_deferred_required_agents(size_t intervals, double interval_s,
                             const double *contacts, const double *aht_s,
                             double deadline_s, double max_occupancy,
                             int32_t *agents, double *backlog)
{
    return deferred_staff(intervals, interval_s, contacts, aht_s, deadline_s, max_occupancy,
                          false, agents, backlog);
}
