/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A staffing plan's run (wfm/plan.h): inputs → workload → required agents
 * by channel → shrinkage by date → scheduled agents. Both entry points
 * fill the input columns of a new result and share one core; the result
 * replaces the plan's only when everything succeeded. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "deferred-private.h"
#include "plan-private.h"
#include "wfm/calendar.h"
#include "wfm/channels.h"
#include "wfm/erlang-a.h"
#include "wfm/erlang.h"
#include "wfm/forecast.h"
#include "wfm/staffing.h"

/* Column c of a result. */
static double *
col(const plan_result *r, int32_t c)
{
    return r->cols + (size_t)c * r->count;
}

/* Scratch of one run, allocated once (never per interval). */
typedef struct run_scratch {
    int32_t *agents; /* [count] required agents */
    double *aht;     /* [count] AHT for the models: 1 where nothing is staffed */
    double *shrink;  /* [days] */
    uint8_t *covers; /* [days] */
} run_scratch;

static void
scratch_clear(run_scratch *w)
{
    free(w->agents);
    free(w->aht);
    free(w->shrink);
    free(w->covers);
    *w = (run_scratch){ 0 };
}

static int32_t
out_of_memory(wfm_plan *plan)
{
    return plan_fail(plan, WFM_ENOMEM, "out of memory");
}

/* The grid and a new result with room for it; the input columns are left
 * for the caller to fill. */
static int32_t
result_alloc(wfm_plan *plan, int32_t first_date, int32_t interval_minutes, size_t count,
             plan_result *r)
{
    *r = (plan_result){ 0 };
    size_t per_day = (size_t)(1440 / interval_minutes);
    r->first_date = first_date;
    r->interval_minutes = interval_minutes;
    r->days = (int32_t)(count / per_day);
    r->count = count;
    r->cols = malloc((size_t)PLAN_COLUMNS * count * sizeof *r->cols);
    r->day_required = malloc((size_t)r->days * sizeof *r->day_required);
    r->day_scheduled = malloc((size_t)r->days * sizeof *r->day_scheduled);
    if (r->cols == NULL || r->day_required == NULL || r->day_scheduled == NULL) {
        plan_result_clear(r);
        return out_of_memory(plan);
    }
    return WFM_OK;
}

static bool
valid_interval(int32_t interval_minutes)
{
    return interval_minutes >= 5 && interval_minutes <= 60 && 1440 % interval_minutes == 0;
}

/* The span: interval, a whole number of days (1 … PLAN_MAX_DAYS) within
 * the calendar's dates. */
static int32_t
check_grid(wfm_plan *plan, int32_t first_date, int32_t interval_minutes, size_t count)
{
    if (!valid_interval(interval_minutes))
        return plan_fail(plan, WFM_EINVAL,
                         "interval %d min: expected 5 to 60 minutes dividing the day",
                         (int)interval_minutes);
    size_t per_day = (size_t)(1440 / interval_minutes);
    if (count == 0 || count % per_day != 0)
        return plan_fail(plan, WFM_EINVAL,
                         "%zu intervals: expected a whole number of days of %zu intervals", count,
                         per_day);
    if (count / per_day > PLAN_MAX_DAYS)
        return plan_fail(plan, WFM_EINVAL, "%zu days: a plan covers at most %d days",
                         count / per_day, PLAN_MAX_DAYS);
    int64_t last = (int64_t)first_date + (int64_t)(count / per_day) - 1;
    if (first_date < WFM_DATE_MIN || last > WFM_DATE_MAX)
        return plan_fail(plan, WFM_EINVAL,
                         "first date %d: the span must lie within 0001-01-01 … 9999-12-31",
                         (int)first_date);
    return WFM_OK;
}

/* The settings the plan's channel needs, checked before anything else. */
static int32_t
check_settings(wfm_plan *plan, int32_t interval_minutes)
{
    const plan_settings *s = &plan->settings;
    switch (s->channel) {
    case WFM_CHANNEL_VOICE:
        if (s->target_sl == 0.0 && s->max_asa_s == 0.0 && s->max_occupancy == 0.0 &&
            (s->patience_s == 0.0 || s->max_abandon == 0.0))
            return plan_fail(plan, WFM_EINVAL,
                             "no target set: set a service level, ASA, occupancy%s target",
                             s->patience_s > 0.0 ? " or abandonment" : "");
        break;
    case WFM_CHANNEL_CHAT:
        if (plan->chat_sessions == 0)
            return plan_fail(plan, WFM_EINVAL,
                             "chat channel: no handle times per concurrency (call "
                             "wfm_plan_set_chat_aht())");
        if (s->target_sl == 0.0 && s->max_asa_s == 0.0 && s->max_occupancy == 0.0)
            return plan_fail(plan, WFM_EINVAL,
                             "no target set: set a service level, ASA or occupancy target");
        break;
    case WFM_CHANNEL_EMAIL:
        if (s->deadline_s < 60.0 * interval_minutes)
            return plan_fail(plan, WFM_EINVAL,
                             "email deadline %g s: expected at least the interval, %d s",
                             s->deadline_s, 60 * (int)interval_minutes);
        break;
    default:
        break;
    }
    return WFM_OK;
}

/* ----------------------------------------------------------- shrinkage */

static int32_t
event_shrinkage(wfm_plan *plan, const plan_result *r, wfm_calendar *calendar, double *shrink,
                uint8_t *covers)
{
    if (plan->n_events == 0)
        return WFM_OK;
    if (calendar == NULL)
        return plan_fail(plan, WFM_ENOTFOUND,
                         "event shrinkage for '%s': no calendar given to the run",
                         plan->events[0].event);
    /* Occurrences up to a year either side: offsets reach 366 days. */
    int64_t last = (int64_t)r->first_date + r->days - 1;
    int64_t lo = (int64_t)r->first_date - PLAN_MAX_OFFSET - 1;
    int64_t hi = last + PLAN_MAX_OFFSET + 1;
    wfm_calendar_days *around = NULL;
    int32_t st = wfm_calendar_expand(calendar, lo < WFM_DATE_MIN ? WFM_DATE_MIN : (int32_t)lo,
                                     hi > WFM_DATE_MAX ? WFM_DATE_MAX : (int32_t)hi, &around);
    if (st != WFM_OK)
        return plan_fail(plan, st, "calendar: %s", wfm_calendar_errmsg(calendar));
    for (size_t u = 0; u < plan->n_events; u++) {
        const plan_event *e = &plan->events[u];
        int32_t event = cal_days_event_index(around, e->event);
        if (event < 0) {
            wfm_calendar_days_free(around);
            return plan_fail(plan, WFM_ENOTFOUND,
                             "event shrinkage for '%s': the calendar has no such event", e->event);
        }
        memset(covers, 0, (size_t)r->days);
        cal_days_mark_window(around, event, e->first_offset, e->last_offset, r->first_date,
                             (size_t)r->days, covers, 1);
        for (int32_t d = 0; d < r->days; d++)
            if (covers[d])
                shrink[d] += e->rate;
    }
    wfm_calendar_days_free(around);
    return WFM_OK;
}

/* Shrinkage of each day: base + ranges + event windows, each in the order
 * added; a total outside [0, 1) fails naming the date. */
static int32_t
day_shrinkage(wfm_plan *plan, const plan_result *r, wfm_calendar *calendar, double *shrink,
              uint8_t *covers)
{
    for (int32_t d = 0; d < r->days; d++)
        shrink[d] = plan->settings.shrinkage;
    int64_t start = r->first_date, end = (int64_t)r->first_date + r->days;
    for (size_t u = 0; u < plan->n_ranges; u++) {
        const plan_range *g = &plan->ranges[u];
        for (int64_t d = g->first_date > start ? g->first_date : start;
             d <= g->last_date && d < end; d++)
            shrink[d - start] += g->rate;
    }
    int32_t st = event_shrinkage(plan, r, calendar, shrink, covers);
    if (st != WFM_OK)
        return st;
    for (int32_t d = 0; d < r->days; d++)
        if (!(shrink[d] >= 0.0 && shrink[d] < 1.0)) {
            char day[16];
            if (wfm_date_format(r->first_date + d, day, sizeof day) != WFM_OK)
                day[0] = '\0';
            return plan_fail(plan, WFM_EINVAL,
                             "shrinkage on %s totals %g: expected a fraction in [0, 1)", day,
                             shrink[d]);
        }
    return WFM_OK;
}

/* ------------------------------------------------------------- staffing */

static int32_t
fail_at(wfm_plan *plan, const plan_result *r, size_t i, int32_t status, const char *what)
{
    char when[PLAN_WHEN_TEXT];
    plan_when_text(r->first_date, r->interval_minutes, i, when);
    return plan_fail(plan, status, "%s: %s (workload %g Erlangs)", when, what,
                     col(r, WFM_PLAN_COL_WORKLOAD)[i]);
}

/* The staffed volume, the handle time and the workload of each interval,
 * checked. */
static int32_t
workload(wfm_plan *plan, plan_result *r, run_scratch *w)
{
    const plan_settings *s = &plan->settings;
    const double *contacts = col(r, WFM_PLAN_COL_CONTACTS), *lower = col(r, WFM_PLAN_COL_LOWER),
                 *upper = col(r, WFM_PLAN_COL_UPPER), *aht = col(r, WFM_PLAN_COL_AHT_S);
    double *load = col(r, WFM_PLAN_COL_WORKLOAD);
    double interval_s = 60.0 * r->interval_minutes;
    char when[PLAN_WHEN_TEXT];
    for (size_t i = 0; i < r->count; i++) {
        const char *bad = NULL;
        double v = contacts[i];
        if (!(v >= 0.0 && isfinite(v)))
            bad = "contacts: expected a finite number >= 0";
        else if (!isnan(lower[i]) && !(lower[i] >= 0.0 && lower[i] <= v))
            bad = "lower bound: expected a number in [0, contacts]";
        else if (!isnan(upper[i]) && !(upper[i] >= v && isfinite(upper[i])))
            bad = "upper bound: expected a finite number >= contacts";
        else if (s->staff_to == WFM_PLAN_STAFF_UPPER && isnan(upper[i]))
            bad = "staffing to the upper bound, but there is none";
        if (bad == NULL) {
            double staffed = s->staff_to == WFM_PLAN_STAFF_UPPER ? upper[i] : v;
            if (staffed > 0.0 && !(aht[i] > 0.0 && isfinite(aht[i])))
                bad = isnan(aht[i]) ? "no handle time"
                                    : "handle time: expected seconds, finite and > 0";
            else if (staffed == 0.0 && !isnan(aht[i]) && !(aht[i] >= 0.0 && isfinite(aht[i])))
                bad = "handle time: expected seconds, finite and >= 0";
            if (bad == NULL) {
                w->aht[i] = staffed > 0.0 ? aht[i] : 1.0;
                if (staffed == 0.0)
                    load[i] = 0.0;
                else if (wfm_traffic_erlangs(staffed, interval_s, aht[i], &load[i]) != WFM_OK)
                    bad = "the workload overflows";
            }
        }
        if (bad != NULL) {
            plan_when_text(r->first_date, r->interval_minutes, i, when);
            return plan_fail(plan, WFM_EINVAL, "%s: %s", when, bad);
        }
    }
    return WFM_OK;
}

static int32_t
staff_erlang_c(wfm_plan *plan, plan_result *r, run_scratch *w)
{
    const plan_settings *s = &plan->settings;
    const double *load = col(r, WFM_PLAN_COL_WORKLOAD);
    size_t failed = 0;
    int32_t st = wfm_required_agents_batch(
        r->count, load, w->aht, s->target_sl, s->answer_s, s->max_asa_s, s->max_occupancy,
        w->agents, col(r, WFM_PLAN_COL_SERVICE_LEVEL), col(r, WFM_PLAN_COL_ASA_S),
        col(r, WFM_PLAN_COL_OCCUPANCY), &failed);
    if (st != WFM_OK)
        return fail_at(plan, r, failed < r->count ? failed : 0, st,
                       st == WFM_ERANGE ? "more than 2147483647 agents needed"
                                        : "Erlang C cannot staff this interval");
    double *abandon = col(r, WFM_PLAN_COL_ABANDON), *backlog = col(r, WFM_PLAN_COL_BACKLOG);
    for (size_t i = 0; i < r->count; i++)
        abandon[i] = backlog[i] = NAN;
    /* The SL at the bounds costs two Erlang C evaluations an interval, as
     * much as the staffing itself: it is computed when copied. */
    r->lazy_risk = true;
    r->answer_s = s->answer_s;
    return WFM_OK;
}

static const int32_t erlang_a_metrics[] = { WFM_ERLANG_A_SL_ANSWERED_OF_ALL,
                                            WFM_ERLANG_A_ASA_ANSWERED, WFM_ERLANG_A_OCCUPANCY,
                                            WFM_ERLANG_A_P_ABANDON };

/* SL (answered within the answer time, of all arrivals) of load a at n
 * agents under Erlang A. */
static int32_t
erlang_a_sl(const plan_settings *s, double a, int32_t n, double aht, double *sl)
{
    if (isnan(a)) {
        *sl = NAN;
        return WFM_OK;
    }
    if (a == 0.0) {
        *sl = 1.0;
        return WFM_OK;
    }
    if (n == 0 || isinf(a)) {
        *sl = 0.0;
        return WFM_OK;
    }
    return wfm_erlang_a_metrics(a, n, aht, s->patience_s, s->answer_s, erlang_a_metrics, 1, sl);
}

static int32_t
staff_erlang_a(wfm_plan *plan, plan_result *r, run_scratch *w)
{
    const plan_settings *s = &plan->settings;
    const double *load = col(r, WFM_PLAN_COL_WORKLOAD), *lower = col(r, WFM_PLAN_COL_LOWER),
                 *upper = col(r, WFM_PLAN_COL_UPPER);
    double *sl = col(r, WFM_PLAN_COL_SERVICE_LEVEL), *asa = col(r, WFM_PLAN_COL_ASA_S),
           *occ = col(r, WFM_PLAN_COL_OCCUPANCY), *abandon = col(r, WFM_PLAN_COL_ABANDON),
           *at_lower = col(r, WFM_PLAN_COL_SL_AT_LOWER),
           *at_upper = col(r, WFM_PLAN_COL_SL_AT_UPPER), *backlog = col(r, WFM_PLAN_COL_BACKLOG);
    for (size_t i = 0; i < r->count; i++) {
        backlog[i] = NAN;
        if (load[i] == 0.0) {
            w->agents[i] = 0;
            sl[i] = 1.0, asa[i] = 0.0, occ[i] = 0.0, abandon[i] = 0.0;
        } else {
            int32_t n = 0;
            int32_t st =
                wfm_erlang_a_required_agents(load[i], w->aht[i], s->patience_s, s->target_sl,
                                             s->answer_s, WFM_ERLANG_A_SL_ANSWERED_OF_ALL,
                                             s->max_abandon, s->max_asa_s, s->max_occupancy, &n);
            if (st != WFM_OK)
                return fail_at(plan, r, i, st, "Erlang A cannot staff this interval");
            /* n >= 1: Erlang A staffs any load > 0 with at least one agent. */
            w->agents[i] = n;
            double v[4];
            st = wfm_erlang_a_metrics(load[i], n, w->aht[i], s->patience_s, s->answer_s,
                                      erlang_a_metrics, 4, v);
            if (st != WFM_OK)
                return fail_at(plan, r, i, st, "Erlang A cannot evaluate this interval");
            sl[i] = v[0], asa[i] = v[1], occ[i] = v[2], abandon[i] = v[3];
        }
        for (int b = 0; b < 2; b++) {
            double a = plan_bound_load(r, w->aht[i], b == 0 ? lower[i] : upper[i]), out;
            int32_t st = erlang_a_sl(s, a, w->agents[i], w->aht[i], &out);
            if (st != WFM_OK)
                return fail_at(plan, r, i, st, "Erlang A cannot evaluate a bound");
            (b == 0 ? at_lower : at_upper)[i] = out;
        }
    }
    return WFM_OK;
}

static int32_t
staff_chat(wfm_plan *plan, plan_result *r, run_scratch *w)
{
    const plan_settings *s = &plan->settings;
    const double *contacts = col(r, s->staff_to == WFM_PLAN_STAFF_UPPER ? WFM_PLAN_COL_UPPER
                                                                        : WFM_PLAN_COL_CONTACTS),
                 *lower = col(r, WFM_PLAN_COL_LOWER), *upper = col(r, WFM_PLAN_COL_UPPER);
    double *sl = col(r, WFM_PLAN_COL_SERVICE_LEVEL), *asa = col(r, WFM_PLAN_COL_ASA_S),
           *occ = col(r, WFM_PLAN_COL_OCCUPANCY), *abandon = col(r, WFM_PLAN_COL_ABANDON),
           *at_lower = col(r, WFM_PLAN_COL_SL_AT_LOWER),
           *at_upper = col(r, WFM_PLAN_COL_SL_AT_UPPER), *backlog = col(r, WFM_PLAN_COL_BACKLOG);
    double interval_s = 60.0 * r->interval_minutes;
    for (size_t i = 0; i < r->count; i++) {
        abandon[i] = NAN, backlog[i] = NAN;
        int32_t n = 0, st = WFM_OK;
        if (contacts[i] == 0.0) {
            sl[i] = 1.0, asa[i] = 0.0, occ[i] = 0.0;
        } else {
            st = wfm_chat_required_agents(contacts[i], interval_s, plan->chat_aht,
                                          plan->chat_sessions, s->target_sl, s->answer_s,
                                          s->max_asa_s, s->max_occupancy, &n);
            if (st != WFM_OK)
                return fail_at(plan, r, i, st, "the chat model cannot staff this interval");
            st = wfm_chat_service(contacts[i], interval_s, plan->chat_aht, plan->chat_sessions, n,
                                  s->answer_s, &sl[i], &asa[i], &occ[i]);
            if (st != WFM_OK)
                return fail_at(plan, r, i, st, "the chat model cannot evaluate this interval");
        }
        w->agents[i] = n;
        for (int b = 0; b < 2; b++) {
            double bound = b == 0 ? lower[i] : upper[i], out = NAN;
            if (bound == 0.0)
                out = 1.0;
            else if (bound > 0.0 && n == 0)
                out = 0.0;
            else if (bound > 0.0) {
                st = wfm_chat_service(bound, interval_s, plan->chat_aht, plan->chat_sessions, n,
                                      s->answer_s, &out, NULL, NULL);
                if (st != WFM_OK)
                    return fail_at(plan, r, i, st, "the chat model cannot evaluate a bound");
            }
            (b == 0 ? at_lower : at_upper)[i] = out;
        }
    }
    return WFM_OK;
}

static int32_t
staff_email(wfm_plan *plan, plan_result *r, run_scratch *w)
{
    const plan_settings *s = &plan->settings;
    const double *contacts =
        col(r, s->staff_to == WFM_PLAN_STAFF_UPPER ? WFM_PLAN_COL_UPPER : WFM_PLAN_COL_CONTACTS);
    double interval_s = 60.0 * r->interval_minutes;
    double max_occupancy = s->max_occupancy > 0.0 ? s->max_occupancy : 1.0;
    /* The plan's end is a deadline too: the work that arrives in the plan
     * is staffed in the plan (plan.h), and the last interval ends with no
     * backlog. */
    int32_t st = deferred_staff(r->count, interval_s, contacts, w->aht, s->deadline_s,
                                max_occupancy, true, w->agents, col(r, WFM_PLAN_COL_BACKLOG));
    if (st != WFM_OK) {
        char first[PLAN_WHEN_TEXT];
        plan_when_text(r->first_date, r->interval_minutes, 0, first);
        return plan_fail(plan, st, "email from %s: %s", first,
                         st == WFM_ERANGE ? "an interval needs more than 2147483647 agents"
                                          : "the deferred-work model cannot staff the span");
    }
    double *sl = col(r, WFM_PLAN_COL_SERVICE_LEVEL), *asa = col(r, WFM_PLAN_COL_ASA_S),
           *occ = col(r, WFM_PLAN_COL_OCCUPANCY), *abandon = col(r, WFM_PLAN_COL_ABANDON),
           *at_lower = col(r, WFM_PLAN_COL_SL_AT_LOWER),
           *at_upper = col(r, WFM_PLAN_COL_SL_AT_UPPER);
    const double *backlog = col(r, WFM_PLAN_COL_BACKLOG);
    /* Occupancy: the handle time of the contacts answered in the interval
     * (first in, first out: the backlog before, plus arrivals, minus the
     * backlog after, taken from the oldest arrivals with their own AHT) over
     * the agents' time. head/left: the oldest arrivals still waiting. */
    size_t head = 0;
    double left = contacts[0];
    for (size_t i = 0; i < r->count; i++) {
        sl[i] = asa[i] = abandon[i] = at_lower[i] = at_upper[i] = NAN;
        double done = (i > 0 ? backlog[i - 1] : 0.0) + contacts[i] - backlog[i], work = 0.0;
        while (done > 0.0 && head <= i) {
            double take = fmin(done, left);
            work += take * w->aht[head];
            done -= take;
            left -= take;
            if (left <= 1e-9 * fmax(1.0, contacts[head]) && ++head < r->count)
                left = contacts[head];
        }
        int32_t n = w->agents[i];
        occ[i] = n > 0 ? fmin(1.0, work / (n * interval_s)) : 0.0;
    }
    return WFM_OK;
}

/* Everything after the input columns are filled: the result is complete
 * on success. */
static int32_t
run_core(wfm_plan *plan, plan_result *r, wfm_calendar *calendar)
{
    run_scratch w = { 0 };
    w.agents = malloc(r->count * sizeof *w.agents);
    w.aht = malloc(r->count * sizeof *w.aht);
    w.shrink = malloc((size_t)r->days * sizeof *w.shrink);
    w.covers = malloc((size_t)r->days);
    if (w.agents == NULL || w.aht == NULL || w.shrink == NULL || w.covers == NULL) {
        scratch_clear(&w);
        return out_of_memory(plan);
    }
    int32_t st = workload(plan, r, &w);
    if (st == WFM_OK)
        st = day_shrinkage(plan, r, calendar, w.shrink, w.covers);
    if (st == WFM_OK) {
        const plan_settings *s = &plan->settings;
        if (s->channel == WFM_CHANNEL_CHAT)
            st = staff_chat(plan, r, &w);
        else if (s->channel == WFM_CHANNEL_EMAIL)
            st = staff_email(plan, r, &w);
        else if (s->patience_s > 0.0)
            st = staff_erlang_a(plan, r, &w);
        else
            st = staff_erlang_c(plan, r, &w);
    }
    if (st == WFM_OK) {
        size_t per_day = r->count / (size_t)r->days;
        double *required = col(r, WFM_PLAN_COL_REQUIRED), *shrink = col(r, WFM_PLAN_COL_SHRINKAGE),
               *scheduled = col(r, WFM_PLAN_COL_SCHEDULED);
        for (int32_t d = 0; st == WFM_OK && d < r->days; d++) {
            double sum_required = 0.0, sum_scheduled = 0.0;
            for (size_t j = 0, i = (size_t)d * per_day; j < per_day; j++, i++) {
                int32_t m;
                if (wfm_scheduled_agents(w.agents[i], w.shrink[d], &m) != WFM_OK) {
                    st = fail_at(plan, r, i, WFM_ERANGE,
                                 "more than 2147483647 scheduled agents needed");
                    break;
                }
                required[i] = w.agents[i];
                shrink[i] = w.shrink[d];
                scheduled[i] = m;
                sum_required += w.agents[i];
                sum_scheduled += m;
            }
            r->day_required[d] = sum_required;
            r->day_scheduled[d] = sum_scheduled;
        }
    }
    scratch_clear(&w);
    return st;
}

/* Replace the plan's result by r on success; free r on failure. */
static int32_t
finish(wfm_plan *plan, plan_result *r, int32_t st)
{
    if (st != WFM_OK) {
        plan_result_clear(r);
        return st;
    }
    plan_result_clear(&plan->result);
    plan->result = *r;
    plan->has_result = true;
    plan->errmsg[0] = '\0';
    return WFM_OK;
}

/* The AHT column for a channel that reads no per-interval handle time. */
static void
fill_aht(const wfm_plan *plan, plan_result *r)
{
    double *aht = col(r, WFM_PLAN_COL_AHT_S);
    double value =
        plan->settings.channel == WFM_CHANNEL_CHAT ? plan->chat_aht[0] : plan->settings.aht_s;
    for (size_t i = 0; i < r->count; i++)
        aht[i] = value;
}

/* Whether the AHT column comes from the caller's / forecast's values. */
static bool
uses_given_aht(const wfm_plan *plan)
{
    return plan->settings.channel != WFM_CHANNEL_CHAT && plan->settings.aht_s == 0.0;
}

int32_t
wfm_plan_run_series(wfm_plan *plan, int32_t first_date, int32_t interval_minutes, size_t count,
                    const double *contacts, const double *lower, const double *upper,
                    const double *aht_s, wfm_calendar *calendar)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    int32_t st = check_grid(plan, first_date, interval_minutes, count);
    if (st != WFM_OK)
        return st;
    if (contacts == NULL)
        return plan_fail(plan, WFM_EINVAL, "contacts: NULL array");
    if (aht_s == NULL && uses_given_aht(plan))
        return plan_fail(plan, WFM_EINVAL, "handle time: NULL array and WFM_PLAN_AHT_S is not set");
    if (upper == NULL && plan->settings.staff_to == WFM_PLAN_STAFF_UPPER)
        return plan_fail(plan, WFM_EINVAL, "staffing to the upper bound, but upper is NULL");
    st = check_settings(plan, interval_minutes);
    if (st != WFM_OK)
        return st;
    plan_result r;
    st = result_alloc(plan, first_date, interval_minutes, count, &r);
    if (st != WFM_OK)
        return st;
    memcpy(col(&r, WFM_PLAN_COL_CONTACTS), contacts, count * sizeof *contacts);
    const double *given[2] = { lower, upper };
    for (int b = 0; b < 2; b++) {
        double *to = col(&r, b == 0 ? WFM_PLAN_COL_LOWER : WFM_PLAN_COL_UPPER);
        if (given[b] != NULL)
            memcpy(to, given[b], count * sizeof *to);
        else
            for (size_t i = 0; i < count; i++)
                to[i] = NAN;
    }
    if (uses_given_aht(plan))
        memcpy(col(&r, WFM_PLAN_COL_AHT_S), aht_s, count * sizeof *aht_s);
    else
        fill_aht(plan, &r);
    return finish(plan, &r, run_core(plan, &r, calendar));
}

int32_t
wfm_plan_run(wfm_plan *plan, const wfm_forecast *forecast, wfm_calendar *calendar)
{
    if (!plan_is_valid(plan))
        return WFM_EMISUSE;
    if (forecast == NULL)
        return plan_fail(plan, WFM_EINVAL, "forecast: NULL");
    int32_t start, days, interval_minutes;
    int32_t st = wfm_forecast_span(forecast, &start, &days, &interval_minutes);
    if (st == WFM_ENOTFOUND)
        return plan_fail(plan, WFM_EMISUSE, "the forecast has no result: run it first");
    if (st != WFM_OK)
        return plan_fail(plan, st, "forecast: %s", wfm_status_str(st));
    if (interval_minutes == 1440)
        return plan_fail(plan, WFM_EINVAL,
                         "the forecast is daily: a plan needs an intraday forecast");
    size_t count = (size_t)days *
                   (size_t)(1440 / (valid_interval(interval_minutes) ? interval_minutes : 1440));
    st = check_grid(plan, start, interval_minutes, count);
    if (st != WFM_OK)
        return st;
    st = check_settings(plan, interval_minutes);
    if (st != WFM_OK)
        return st;
    plan_result r;
    st = result_alloc(plan, start, interval_minutes, count, &r);
    if (st != WFM_OK)
        return st;
    size_t got = 0;
    st = wfm_forecast_copy(forecast, col(&r, WFM_PLAN_COL_CONTACTS), col(&r, WFM_PLAN_COL_LOWER),
                           col(&r, WFM_PLAN_COL_UPPER), count, &got);
    if (st == WFM_OK && got != count)
        st = WFM_EINVAL;
    if (st != WFM_OK)
        return finish(plan, &r, plan_fail(plan, st, "the forecast's values cannot be copied"));
    if (uses_given_aht(plan)) {
        st = wfm_forecast_copy_aht(forecast, col(&r, WFM_PLAN_COL_AHT_S), count, &got);
        if (st == WFM_ENOTFOUND)
            return finish(
                plan, &r,
                plan_fail(plan, WFM_EINVAL, "the forecast has no handle time: set WFM_PLAN_AHT_S"));
        if (st == WFM_OK && got != count)
            st = WFM_EINVAL;
        if (st != WFM_OK)
            return finish(plan, &r,
                          plan_fail(plan, st, "the forecast's handle times cannot be copied"));
    } else {
        fill_aht(plan, &r);
    }
    return finish(plan, &r, run_core(plan, &r, calendar));
}
