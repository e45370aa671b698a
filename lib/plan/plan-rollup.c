/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A staffing plan's roll-ups by day and ISO week, and the hiring ramp
 * (wfm/plan.h), from the per-day sums of the last run and the settings in
 * force when they are asked for. Nothing here allocates. */
#include <math.h>

#include "plan-private.h"
#include "wfm/calendar.h"

bool
plan_next_week(const plan_result *r, plan_week_iter *it, int32_t *first_date, int32_t *days,
               double *required, double *scheduled)
{
    if (it->day >= r->days)
        return false;
    if (it->day == 0 && wfm_date_weekday(r->first_date, &it->weekday) != WFM_OK)
        it->weekday = 1;
    *first_date = r->first_date + it->day;
    *days = 0;
    *required = *scheduled = 0.0;
    do {
        *required += r->day_required[it->day];
        *scheduled += r->day_scheduled[it->day];
        ++*days;
        it->day++;
        it->weekday = it->weekday % 7 + 1;
    } while (it->day < r->days && it->weekday != 1);
    return true;
}

/* The number of periods, and whether the caller's arrays have room. */
static int32_t
periods(const wfm_plan *plan, int32_t period, bool any_array, size_t capacity, size_t *count)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (count == NULL)
        return WFM_EINVAL;
    if (period != WFM_PLAN_DAY && period != WFM_PLAN_WEEK)
        return WFM_EUNSUPPORTED;
    if (!plan->has_result)
        return WFM_EMISUSE;
    const plan_result *r = &plan->result;
    size_t n = 0;
    if (period == WFM_PLAN_DAY) {
        n = (size_t)r->days;
    } else {
        plan_week_iter it = { 0 };
        int32_t first, days;
        double required, scheduled;
        while (plan_next_week(r, &it, &first, &days, &required, &scheduled))
            n++;
    }
    *count = n;
    return any_array && capacity < n ? WFM_ERANGE : WFM_OK;
}

int32_t
wfm_plan_rollup(const wfm_plan *plan, int32_t period, int32_t *first_date, double *required_hours,
                double *scheduled_hours, double *fte, size_t capacity, size_t *count)
{
    bool any = first_date || required_hours || scheduled_hours || fte;
    int32_t st = periods(plan, period, any, capacity, count);
    if (st != WFM_OK || !any)
        return st;
    const plan_result *r = &plan->result;
    const plan_settings *s = &plan->settings;
    double hours = r->interval_minutes / 60.0;
    if (period == WFM_PLAN_DAY) {
        double day_hours = s->contract_hours / s->contract_days;
        for (size_t d = 0; d < *count; d++) {
            double sched = r->day_scheduled[d] * hours;
            if (first_date != NULL)
                first_date[d] = r->first_date + (int32_t)d;
            if (required_hours != NULL)
                required_hours[d] = r->day_required[d] * hours;
            if (scheduled_hours != NULL)
                scheduled_hours[d] = sched;
            if (fte != NULL)
                fte[d] = sched / day_hours;
        }
        return WFM_OK;
    }
    plan_week_iter it = { 0 };
    int32_t first, days;
    double required, scheduled;
    for (size_t w = 0; plan_next_week(r, &it, &first, &days, &required, &scheduled); w++) {
        if (first_date != NULL)
            first_date[w] = first;
        if (required_hours != NULL)
            required_hours[w] = required * hours;
        if (scheduled_hours != NULL)
            scheduled_hours[w] = scheduled * hours;
        if (fte != NULL)
            fte[w] = scheduled * hours / (s->contract_hours * days / 7.0);
    }
    return WFM_OK;
}

int32_t
wfm_plan_ramp(const wfm_plan *plan, int32_t *week_first_date, double *needed_fte,
              double *on_staff_fte, double *hires_fte, int32_t *start_by_date, size_t capacity,
              size_t *count)
{
    bool any = week_first_date || needed_fte || on_staff_fte || hires_fte || start_by_date;
    int32_t st = periods(plan, WFM_PLAN_WEEK, any, capacity, count);
    if (st != WFM_OK || !any)
        return st;
    const plan_result *r = &plan->result;
    const plan_settings *s = &plan->settings;
    double hours = r->interval_minutes / 60.0, headcount = s->headcount_fte, hires = 0.0;
    plan_week_iter it = { 0 };
    int32_t first, days;
    double required, scheduled;
    for (size_t w = 0; plan_next_week(r, &it, &first, &days, &required, &scheduled); w++) {
        double fte = scheduled * hours / (s->contract_hours * days / 7.0);
        if (w == 0 && !(headcount > 0.0))
            headcount = fte;
        double on_staff = headcount * pow(1.0 - s->attrition, (first - r->first_date) / 365.0);
        hires = fmax(hires, fte - on_staff);
        if (week_first_date != NULL)
            week_first_date[w] = first;
        if (needed_fte != NULL)
            needed_fte[w] = fte;
        if (on_staff_fte != NULL)
            on_staff_fte[w] = on_staff;
        if (hires_fte != NULL)
            hires_fte[w] = hires;
        if (start_by_date != NULL)
            start_by_date[w] = first - s->training_days;
    }
    return WFM_OK;
}
