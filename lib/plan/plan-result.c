/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A run's result (plan_result, plan-private.h) on its own: freeing it,
 * naming its intervals, and the SL-at-a-bound columns computed when they
 * are copied. In: a result; out: its memory freed, text, a column. Used by
 * the object (plan.c) and a run (plan-run.c), and calls neither. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plan-private.h"
#include "wfm/calendar.h"
#include "wfm/erlang.h"

/* Column c of a result. */
static double *
col(const plan_result *r, int32_t c)
{
    return r->cols + (size_t)c * r->count;
}

void
plan_result_clear(plan_result *r)
{
    free(r->cols);
    free(r->day_required);
    free(r->day_scheduled);
    *r = (plan_result){ 0 };
}

void
plan_when_text(int32_t first_date, int32_t interval_minutes, size_t i, char buffer[PLAN_WHEN_TEXT])
{
    size_t per_day = (size_t)(1440 / interval_minutes);
    int64_t date = (int64_t)first_date + (int64_t)(i / per_day);
    int minute = (int)(i % per_day) * interval_minutes;
    char day[16];
    if (date < INT32_MIN || date > INT32_MAX ||
        wfm_date_format((int32_t)date, day, sizeof day) != WFM_OK)
        snprintf(day, sizeof day, "day %lld", (long long)date);
    snprintf(buffer, PLAN_WHEN_TEXT, "%s %02d:%02d", day, minute / 60, minute % 60);
}

/* Offered load at a bound of interval i (NaN without one), with the AHT
 * the interval was staffed with (any where it had nothing staffed: then it
 * has no agents and the load only matters for being > 0). */
double
plan_bound_load(const plan_result *r, double aht, double bound)
{
    double load;
    if (isnan(bound))
        return NAN;
    if (bound == 0.0)
        return 0.0;
    if (!(aht > 0.0 && isfinite(aht)))
        aht = 1.0;
    if (wfm_traffic_erlangs(bound, 60.0 * r->interval_minutes, aht, &load) != WFM_OK)
        return INFINITY;
    return load;
}

void
plan_risk_column(const plan_result *r, int32_t column, double *out)
{
    const double *bound = col(r, column == WFM_PLAN_COL_SL_AT_LOWER ? WFM_PLAN_COL_LOWER
                                                                    : WFM_PLAN_COL_UPPER),
                 *agents = col(r, WFM_PLAN_COL_REQUIRED), *aht = col(r, WFM_PLAN_COL_AHT_S);
    for (size_t i = 0; i < r->count; i++) {
        double a = plan_bound_load(r, aht[i], bound[i]), sl = NAN;
        int32_t n = (int32_t)agents[i];
        if (a == 0.0)
            sl = 1.0;
        else if (a > 0.0 && (n == 0 || a >= n))
            sl = 0.0; /* the queue grows without bound */
        else if (a > 0.0 && wfm_service_level(a, n, aht[i], r->answer_s, &sl) != WFM_OK)
            sl = NAN; /* not reached: the run checked every input */
        out[i] = sl;
    }
}
