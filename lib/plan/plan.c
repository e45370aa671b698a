/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public staffing plan (wfm/plan.h): the object, its settings and
 * what-ifs, and the per-interval results of the last run. A run is in
 * plan-run.c, roll-ups and the ramp in plan-rollup.c, a result's own
 * helpers in plan-result.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan-private.h"
#include "text-private.h"
#include "wfm/calendar.h"

bool
plan_is_valid(const wfm_plan *plan)
{
    return plan != NULL && plan->magic == PLAN_MAGIC;
}

int32_t
plan_fail(wfm_plan *plan, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(plan->errmsg, sizeof plan->errmsg, status, format, args);
    va_end(args);
    return status;
}

static int32_t
succeed(wfm_plan *plan)
{
    plan->errmsg[0] = '\0';
    return WFM_OK;
}

int32_t
wfm_plan_new(wfm_plan **out)
{
    if (out == NULL)
        return WFM_EINVAL;
    wfm_plan *plan = malloc(sizeof *plan);
    *out = plan;
    if (plan == NULL)
        return WFM_ENOMEM;
    *plan = (wfm_plan){ 0 };
    plan->magic = PLAN_MAGIC;
    plan->settings = (plan_settings){ .channel = WFM_CHANNEL_VOICE,
                                      .staff_to = WFM_PLAN_STAFF_POINT,
                                      .training_days = 42,
                                      .target_sl = 0.8,
                                      .answer_s = 20.0,
                                      .max_asa_s = 0.0,
                                      .max_occupancy = 0.85,
                                      .shrinkage = 0.3,
                                      .aht_s = 0.0,
                                      .patience_s = 0.0,
                                      .max_abandon = 0.0,
                                      .deadline_s = 86400.0,
                                      .contract_hours = 37.5,
                                      .contract_days = 5.0,
                                      .attrition = 0.3,
                                      .headcount_fte = 0.0 };
    return WFM_OK;
}

void
wfm_plan_free(wfm_plan *plan)
{
    if (!plan_is_valid(plan))
        return;
    for (size_t i = 0; i < plan->n_events; i++)
        free(plan->events[i].event);
    free(plan->events);
    free(plan->ranges);
    plan_result_clear(&plan->result);
    plan->magic = 0;
    free(plan);
}

const char *
wfm_plan_errmsg(const wfm_plan *plan)
{
    return plan_is_valid(plan) ? plan->errmsg : "";
}

/* ------------------------------------------------------------ settings */

static bool
is_int_option(int32_t option)
{
    return option == WFM_PLAN_CHANNEL || option == WFM_PLAN_STAFF_TO ||
           option == WFM_PLAN_TRAINING_DAYS;
}

/* The double setting of a key, or NULL for an int or unknown key. */
static double *
double_setting(plan_settings *s, int32_t option)
{
    switch (option) {
    case WFM_PLAN_TARGET_SL:
        return &s->target_sl;
    case WFM_PLAN_ANSWER_S:
        return &s->answer_s;
    case WFM_PLAN_MAX_ASA_S:
        return &s->max_asa_s;
    case WFM_PLAN_MAX_OCCUPANCY:
        return &s->max_occupancy;
    case WFM_PLAN_SHRINKAGE:
        return &s->shrinkage;
    case WFM_PLAN_AHT_S:
        return &s->aht_s;
    case WFM_PLAN_PATIENCE_S:
        return &s->patience_s;
    case WFM_PLAN_MAX_ABANDON:
        return &s->max_abandon;
    case WFM_PLAN_DEADLINE_S:
        return &s->deadline_s;
    case WFM_PLAN_CONTRACT_HOURS:
        return &s->contract_hours;
    case WFM_PLAN_CONTRACT_DAYS:
        return &s->contract_days;
    case WFM_PLAN_ATTRITION:
        return &s->attrition;
    case WFM_PLAN_HEADCOUNT_FTE:
        return &s->headcount_fte;
    default:
        return NULL;
    }
}

int32_t
wfm_plan_set_int(wfm_plan *plan, int32_t option, int32_t value)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    plan_settings *s = &plan->settings;
    switch (option) {
    case WFM_PLAN_CHANNEL:
        if (value != WFM_CHANNEL_VOICE && value != WFM_CHANNEL_CHAT && value != WFM_CHANNEL_EMAIL)
            return plan_fail(plan, WFM_EINVAL,
                             "channel %d: expected 0 (voice), 1 (chat) or 2 (email)", (int)value);
        s->channel = value;
        break;
    case WFM_PLAN_STAFF_TO:
        if (value != WFM_PLAN_STAFF_POINT && value != WFM_PLAN_STAFF_UPPER)
            return plan_fail(plan, WFM_EINVAL,
                             "staff to %d: expected 0 (point forecast) or 1 (upper bound)",
                             (int)value);
        s->staff_to = value;
        break;
    case WFM_PLAN_TRAINING_DAYS:
        if (value < 0 || value > PLAN_MAX_TRAINING_DAYS)
            return plan_fail(plan, WFM_EINVAL, "training days %d: expected 0 to %d", (int)value,
                             PLAN_MAX_TRAINING_DAYS);
        s->training_days = value;
        break;
    default:
        return plan_fail(plan, WFM_EUNSUPPORTED, "option %d is not an integer plan option",
                         (int)option);
    }
    return succeed(plan);
}

int32_t
wfm_plan_set_double(wfm_plan *plan, int32_t option, double value)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    double *slot = double_setting(&plan->settings, option);
    if (slot == NULL)
        return plan_fail(plan, WFM_EUNSUPPORTED, "option %d is not a real plan option",
                         (int)option);
    const char *name = "", *expected = "";
    bool ok = false;
    switch (option) {
    case WFM_PLAN_TARGET_SL:
        name = "target service level", expected = "a fraction in [0, 1), 0 = not set";
        ok = value >= 0.0 && value < 1.0;
        break;
    case WFM_PLAN_ANSWER_S:
        name = "answer time", expected = "seconds, >= 0";
        ok = value >= 0.0 && isfinite(value);
        break;
    case WFM_PLAN_MAX_ASA_S:
        name = "ASA cap", expected = "seconds, >= 0 (0 = not set)";
        ok = value >= 0.0 && isfinite(value);
        break;
    case WFM_PLAN_MAX_OCCUPANCY:
        name = "occupancy cap", expected = "a fraction in [0, 1], 0 = not set";
        ok = value >= 0.0 && value <= 1.0;
        break;
    case WFM_PLAN_SHRINKAGE:
        name = "shrinkage", expected = "a fraction in [0, 1)";
        ok = value >= 0.0 && value < 1.0;
        break;
    case WFM_PLAN_AHT_S:
        name = "handle time", expected = "seconds, >= 0 (0 = the forecast's)";
        ok = value >= 0.0 && isfinite(value);
        break;
    case WFM_PLAN_PATIENCE_S:
        name = "patience", expected = "seconds, >= 0 (0 = Erlang C)";
        ok = value >= 0.0 && isfinite(value);
        break;
    case WFM_PLAN_MAX_ABANDON:
        name = "abandonment cap", expected = "a fraction in [0, 1), 0 = not set";
        ok = value >= 0.0 && value < 1.0;
        break;
    case WFM_PLAN_DEADLINE_S:
        name = "email deadline", expected = "seconds, > 0";
        ok = value > 0.0 && isfinite(value);
        break;
    case WFM_PLAN_CONTRACT_HOURS:
        name = "contract hours", expected = "hours per week in (0, 168]";
        ok = value > 0.0 && value <= 168.0;
        break;
    case WFM_PLAN_CONTRACT_DAYS:
        name = "contract days", expected = "days per week in (0, 7]";
        ok = value > 0.0 && value <= 7.0;
        break;
    case WFM_PLAN_ATTRITION:
        name = "attrition", expected = "a fraction per year in [0, 1)";
        ok = value >= 0.0 && value < 1.0;
        break;
    case WFM_PLAN_HEADCOUNT_FTE:
        name = "headcount", expected = "FTE, >= 0 (0 = the first week's FTE)";
        ok = value >= 0.0 && isfinite(value);
        break;
    default:
        break;
    }
    if (!ok)
        return plan_fail(plan, WFM_EINVAL, "%s %g: expected %s", name, value, expected);
    *slot = value;
    return succeed(plan);
}

int32_t
wfm_plan_get_int(const wfm_plan *plan, int32_t option, int32_t *value)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (value == NULL)
        return WFM_EINVAL;
    if (!is_int_option(option))
        return WFM_EUNSUPPORTED;
    const plan_settings *s = &plan->settings;
    *value = option == WFM_PLAN_CHANNEL    ? s->channel
             : option == WFM_PLAN_STAFF_TO ? s->staff_to
                                           : s->training_days;
    return WFM_OK;
}

int32_t
wfm_plan_get_double(const wfm_plan *plan, int32_t option, double *value)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (value == NULL)
        return WFM_EINVAL;
    plan_settings copy = plan->settings;
    const double *slot = double_setting(&copy, option);
    if (slot == NULL)
        return WFM_EUNSUPPORTED;
    *value = *slot;
    return WFM_OK;
}

int32_t
wfm_plan_set_chat_aht(wfm_plan *plan, const double *aht_by_sessions_s, int32_t max_sessions)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (aht_by_sessions_s == NULL)
        return plan_fail(plan, WFM_EINVAL, "chat handle times: NULL array");
    if (max_sessions < 1 || max_sessions > PLAN_MAX_SESSIONS)
        return plan_fail(plan, WFM_EINVAL, "chat sessions %d: expected 1 to %d", (int)max_sessions,
                         PLAN_MAX_SESSIONS);
    for (int32_t k = 0; k < max_sessions; k++)
        if (!(aht_by_sessions_s[k] > 0.0 && isfinite(aht_by_sessions_s[k])))
            return plan_fail(plan, WFM_EINVAL,
                             "chat handle time at %d sessions %g: expected seconds, > 0",
                             (int)k + 1, aht_by_sessions_s[k]);
    for (int32_t k = 0; k < PLAN_MAX_SESSIONS; k++)
        plan->chat_aht[k] = k < max_sessions ? aht_by_sessions_s[k] : 0.0;
    plan->chat_sessions = max_sessions;
    return succeed(plan);
}

/* ----------------------------------------------------------- what-ifs */

static bool
valid_rate(double rate)
{
    return rate > -1.0 && rate < 1.0;
}

int32_t
wfm_plan_add_shrinkage(wfm_plan *plan, int32_t first_date, int32_t last_date, double rate)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (first_date < WFM_DATE_MIN || last_date > WFM_DATE_MAX || first_date > last_date)
        return plan_fail(plan, WFM_EINVAL,
                         "shrinkage dates %d … %d: expected first <= last, both between "
                         "0001-01-01 and 9999-12-31",
                         (int)first_date, (int)last_date);
    if (!valid_rate(rate))
        return plan_fail(plan, WFM_EINVAL, "shrinkage rate %g: expected a fraction in (-1, 1)",
                         rate);
    if (plan->n_ranges == plan->range_capacity) {
        size_t cap = plan->range_capacity ? 2 * plan->range_capacity : 8;
        plan_range *grown = realloc(plan->ranges, cap * sizeof *grown);
        if (grown == NULL)
            return plan_fail(plan, WFM_ENOMEM, "out of memory");
        plan->ranges = grown;
        plan->range_capacity = cap;
    }
    plan->ranges[plan->n_ranges++] =
        (plan_range){ .first_date = first_date, .last_date = last_date, .rate = rate };
    return succeed(plan);
}

int32_t
wfm_plan_add_event_shrinkage(wfm_plan *plan, const char *event, int32_t first_offset,
                             int32_t last_offset, double rate)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (event == NULL || event[0] == '\0')
        return plan_fail(plan, WFM_EINVAL, "event shrinkage: expected an event name");
    if (first_offset < -PLAN_MAX_OFFSET || last_offset > PLAN_MAX_OFFSET ||
        first_offset > last_offset)
        return plan_fail(plan, WFM_EINVAL,
                         "event shrinkage offsets %d … %d: expected first <= last, both "
                         "within -%d … %d",
                         (int)first_offset, (int)last_offset, PLAN_MAX_OFFSET, PLAN_MAX_OFFSET);
    if (!valid_rate(rate))
        return plan_fail(plan, WFM_EINVAL, "shrinkage rate %g: expected a fraction in (-1, 1)",
                         rate);
    if (plan->n_events == plan->event_capacity) {
        size_t cap = plan->event_capacity ? 2 * plan->event_capacity : 8;
        plan_event *grown = realloc(plan->events, cap * sizeof *grown);
        if (grown == NULL)
            return plan_fail(plan, WFM_ENOMEM, "out of memory");
        plan->events = grown;
        plan->event_capacity = cap;
    }
    size_t length = strlen(event);
    char *name = malloc(length + 1);
    if (name == NULL)
        return plan_fail(plan, WFM_ENOMEM, "out of memory");
    memcpy(name, event, length + 1);
    plan->events[plan->n_events++] = (plan_event){
        .event = name, .first_offset = first_offset, .last_offset = last_offset, .rate = rate
    };
    return succeed(plan);
}

/* ------------------------------------------------------------ results */

int32_t
wfm_plan_span(const wfm_plan *plan, int32_t *first_date, int32_t *days, int32_t *interval_minutes)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (!plan->has_result)
        return WFM_EMISUSE;
    if (first_date != NULL)
        *first_date = plan->result.first_date;
    if (days != NULL)
        *days = plan->result.days;
    if (interval_minutes != NULL)
        *interval_minutes = plan->result.interval_minutes;
    return WFM_OK;
}

int32_t
wfm_plan_copy_column(const wfm_plan *plan, int32_t column, double *values, size_t capacity,
                     size_t *count)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (count == NULL)
        return WFM_EINVAL;
    if (column < 0 || column >= PLAN_COLUMNS)
        return WFM_EUNSUPPORTED;
    if (!plan->has_result)
        return WFM_EMISUSE;
    const plan_result *r = &plan->result;
    *count = r->count;
    if (values == NULL)
        return WFM_OK;
    if (capacity < r->count)
        return WFM_ERANGE;
    if (r->lazy_risk && (column == WFM_PLAN_COL_SL_AT_LOWER || column == WFM_PLAN_COL_SL_AT_UPPER))
        plan_risk_column(r, column, values);
    else
        memcpy(values, r->cols + (size_t)column * r->count, r->count * sizeof *values);
    return WFM_OK;
}
