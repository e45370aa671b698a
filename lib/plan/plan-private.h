/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The staffing plan (wfm/plan.h) shared by plan.c (object, settings,
 * what-ifs, results), plan-run.c (a run), plan-rollup.c (roll-ups and
 * ramp) and plan-result.c (a result on its own). Not installed. */
#ifndef WFM_PLAN_PRIVATE_H
#define WFM_PLAN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wfm/plan.h"

#define PLAN_MAGIC 0x7766706cu /* "wfpl" */
#define PLAN_ERRMSG_MAX 512

enum {
    PLAN_COLUMNS = WFM_PLAN_COL_BACKLOG + 1,
    PLAN_MAX_DAYS = 3660,  /* a run's span, days */
    PLAN_MAX_OFFSET = 366, /* event shrinkage offsets, days */
    PLAN_MAX_TRAINING_DAYS = 730,
    PLAN_MAX_SESSIONS = 16,
    /* "YYYY-MM-DD HH:MM" and a NUL, or "day -2147483648 HH:MM". */
    PLAN_WHEN_TEXT = 32
};

typedef struct plan_settings {
    int32_t channel, staff_to, training_days;
    double target_sl, answer_s, max_asa_s, max_occupancy, shrinkage, aht_s, patience_s, max_abandon,
        deadline_s, contract_hours, contract_days, attrition, headcount_fte;
} plan_settings;

typedef struct plan_range {
    int32_t first_date, last_date;
    double rate;
} plan_range;

typedef struct plan_event {
    char *event;
    int32_t first_offset, last_offset;
    double rate;
} plan_event;

/* A run's results. The columns are one block of PLAN_COLUMNS × count
 * doubles, column c at cols + c × count; per-day sums of required and
 * scheduled agents (agent-intervals, exact integers) feed the roll-ups. */
typedef struct plan_result {
    int32_t first_date, days, interval_minutes;
    size_t count;
    double *cols;
    double *day_required, *day_scheduled; /* [days] */
    /* Erlang C plans compute the SL at the bounds when they are copied
     * (plan_risk_column()), with the answer time of the run. */
    bool lazy_risk;
    double answer_s;
} plan_result;

struct wfm_plan {
    uint32_t magic;
    plan_settings settings;
    double chat_aht[PLAN_MAX_SESSIONS];
    int32_t chat_sessions; /* 0: wfm_plan_set_chat_aht() not called */
    plan_range *ranges;
    size_t n_ranges, range_capacity;
    plan_event *events;
    size_t n_events, event_capacity;
    bool has_result;
    plan_result result;
    char errmsg[PLAN_ERRMSG_MAX];
};

bool plan_is_valid(const wfm_plan *plan);

/* Write a one-line message into plan->errmsg; returns status. */
int32_t plan_fail(wfm_plan *plan, int32_t status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

void plan_result_clear(plan_result *r);

/* Offered load (Erlangs) at a forecast bound of a result's interval
 * (NaN without one), with the AHT the interval was staffed with. */
double plan_bound_load(const plan_result *r, double aht, double bound);

/* The SL-at-a-bound column (WFM_PLAN_COL_SL_AT_LOWER or _UPPER) of an
 * Erlang C result with lazy_risk set, into out[count]. */
void plan_risk_column(const plan_result *r, int32_t column, double *out);

/* "YYYY-MM-DD HH:MM" of interval i (day-major) of a grid. */
void plan_when_text(int32_t first_date, int32_t interval_minutes, size_t i,
                    char buffer[PLAN_WHEN_TEXT]);

/* The plan's weeks, one after another: ISO weeks (Monday … Sunday) cut
 * to the span. Start with a zeroed iterator; each call gives the next
 * week's first date, its days inside the plan and its sums of required and
 * scheduled agent-intervals, and returns false after the last week. */
typedef struct plan_week_iter {
    int32_t day, weekday; /* next day of the span and its ISO weekday */
} plan_week_iter;

bool plan_next_week(const plan_result *r, plan_week_iter *it, int32_t *first_date, int32_t *days,
                    double *required, double *scheduled);

#endif /* WFM_PLAN_PRIVATE_H */
