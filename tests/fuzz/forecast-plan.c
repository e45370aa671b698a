/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * End-to-end fuzz target: history CSV → forecast → staffing plan, with the
 * settings drawn from the input.
 *
 * Input: HEADER_BYTES bytes of settings (missing ones read as 0), then a
 * history CSV (wfm_history_read_csv()). Sizes are bounded so that one run
 * stays well under a second: inputs of at most MAX_INPUT bytes, histories
 * of at most MAX_DAYS days and MAX_CELLS cells, forecasts of 1 … 60 days
 * starting from 8 days inside the history to 15 days after it, 2 … 4
 * backtest origins. The dearest case, the regression run twice on 800
 * days, takes about 0.4 s of CPU with ASan and UBSan.
 *
 *   byte  0  method ((b & 0x7f) % 3); bit 7: run again for byte 15's days
 *   byte  1  days to forecast, 1 + b % 60
 *   byte  2  lower quantile, (1 + b % 50) / 100
 *   byte  3  upper quantile, (50 + b % 50) / 100
 *   byte  4  first forecast day: the history's last day + 1 + (b % 24 - 8)
 *   byte  5  training days: 0 (all) when b % 4 == 0, else 14 + b
 *   byte  6  backtest origins, 2 + b % 3
 *   byte  7  calendar: preset (b & 0x7f) % (presets + 1) - 1 (-1: none);
 *            bit 7: an uplift (bytes 8-10)
 *   byte  8  uplift: the event (b % events)
 *   byte  9  uplift: first offset b % 7 - 3, last first + (b / 7) % 4
 *   byte 10  uplift: fraction (b - 64) / 64 (-1 is rejected)
 *   byte 11  channel b % 3, staff to (b / 3) % 2, handle time (b / 6) % 2:
 *            0 = the forecast's, 1 = 180 s
 *   byte 12  SL target (b % 5) / 5, answer time 5 × ((b / 5) % 13) s
 *   byte 13  occupancy cap {0, 0.85, 1, 0.6}[b % 4], patience
 *            {0, 30, 120, 600}[(b / 4) % 4] s, abandonment cap
 *            0.05 × ((b / 16) % 4)
 *   byte 14  shrinkage (b % 60) / 100, ASA cap 15 × ((b / 60) % 4) s
 *   byte 15  days of the second run, 1 + b % 60
 *   byte 16  email deadline 900 × (1 + b % 96) s
 *   byte 17  chat sessions 1 + b % 4; headcount 10 × ((b / 4) % 4) FTE
 *
 * Properties (a broken one aborts):
 * - every status is a documented one, with a one-line message on failure
 *   and none on success; a setting the library accepts reads back equal,
 *   and one it rejects is out of its documented range; a forecast fails
 *   with WFM_ERANGE (not finite) only for a history with a volume above
 *   HUGE_VOLUME (the header: volumes too large for the arithmetic);
 * - a forecast has the requested span and the history's interval, values
 *   finite with 0 <= lower <= point <= upper, handle times NaN or >= 0,
 *   the method asked for (or a real one for auto), no handle-time forecast
 *   from a history without handle times;
 * - a second run of the same object for another number of days gives the
 *   same method and, on the days both cover, the same values bit for bit
 *   (the forecast of a day does not depend on how many are asked for);
 * - a plan of a daily forecast fails with WFM_EINVAL; a plan of an intraday
 *   one has the forecast's span, copies its contacts and bounds bit for
 *   bit, has whole agents with scheduled >= required >= 0, the base
 *   shrinkage everywhere, fractions in [0, 1] (or NaN where a column does
 *   not apply), daily and weekly hours that add up to the intervals', and
 *   a ramp whose hires never go down.
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "fuzz-common.h"

#define TARGET "forecast-plan"
#define HEADER_BYTES 18
#define MAX_INPUT (32u * 1024u)
#define MAX_DAYS 800
#define MAX_CELLS 60000u
/* wfm_forecast_run() documents WFM_ERANGE for "volumes too large for the
 * models' arithmetic": accepted from a history with a cell above this. */
#define HUGE_VOLUME 1e6

static uint8_t
setting(const uint8_t *data, size_t size, size_t i)
{
    return i < size ? data[i] : 0;
}

static void
check_status(const char *what, int32_t st, const char *msg, const int32_t *allowed,
             size_t n_allowed)
{
    if (st == WFM_OK) {
        if (msg[0] != '\0')
            fuzz_fail(TARGET, "a message after a success", msg);
        return;
    }
    bool ok = st == WFM_ENOMEM;
    for (size_t i = 0; i < n_allowed; i++)
        ok = ok || st == allowed[i];
    if (!ok) {
        char detail[600];
        snprintf(detail, sizeof detail, "%s: %s: %s", what, wfm_status_str(st), msg);
        fuzz_fail(TARGET, "an undocumented status", detail);
    }
    fuzz_check_message(TARGET, what, msg);
}

/* A forecast's values. */
typedef struct {
    int32_t start, days, interval, method;
    size_t count;
    double *point, *lower, *upper, *aht;
    bool has_aht;
} result;

static void
result_free(result *r)
{
    free(r->point);
    free(r->lower);
    free(r->upper);
    free(r->aht);
    *r = (result){ 0 };
}

/* Copy the forecaster's last result; false on out of memory. */
static bool
result_of(const wfm_forecast *f, result *r)
{
    *r = (result){ 0 };
    if (wfm_forecast_span(f, &r->start, &r->days, &r->interval) != WFM_OK ||
        wfm_forecast_method_used(f, &r->method) != WFM_OK)
        fuzz_fail(TARGET, "no span or method after a successful run", NULL);
    size_t count = 0;
    int32_t st = wfm_forecast_copy(f, NULL, NULL, NULL, 0, &count);
    if ((st != WFM_OK && st != WFM_ERANGE) || count == 0)
        fuzz_fail(TARGET, "the size query of the forecast failed", wfm_status_str(st));
    r->count = count;
    r->point = malloc(count * sizeof *r->point);
    r->lower = malloc(count * sizeof *r->lower);
    r->upper = malloc(count * sizeof *r->upper);
    r->aht = malloc(count * sizeof *r->aht);
    if (r->point == NULL || r->lower == NULL || r->upper == NULL || r->aht == NULL) {
        result_free(r);
        return false;
    }
    size_t n = 0;
    if (wfm_forecast_copy(f, r->point, r->lower, r->upper, count, &n) != WFM_OK || n != count)
        fuzz_fail(TARGET, "the forecast cannot be copied", NULL);
    st = wfm_forecast_copy_aht(f, r->aht, count, &n);
    r->has_aht = st == WFM_OK;
    if (st != WFM_OK && st != WFM_ENOTFOUND)
        fuzz_fail(TARGET, "the handle-time forecast cannot be copied", wfm_status_str(st));
    if (r->has_aht && n != count)
        fuzz_fail(TARGET, "the handle-time forecast has another count", NULL);
    return true;
}

static void
check_forecast(const result *r, int32_t start, int32_t days, int32_t interval, int32_t method,
               bool history_has_aht)
{
    if (r->start != start || r->days != days || r->interval != interval)
        fuzz_fail(TARGET, "the forecast's span is not the one asked for", NULL);
    if (r->count != (size_t)days * (size_t)(1440 / interval))
        fuzz_fail(TARGET, "the forecast's count is not days × intervals a day", NULL);
    if (method != WFM_FORECAST_AUTO ? r->method != method
                                    : r->method != WFM_FORECAST_REGRESSION &&
                                          r->method != WFM_FORECAST_RECENT_WEEKS)
        fuzz_fail(TARGET, "the forecast names another method", NULL);
    if (r->has_aht && !history_has_aht)
        fuzz_fail(TARGET, "a handle-time forecast from a history without handle times", NULL);
    for (size_t i = 0; i < r->count; i++) {
        double p = r->point[i], lo = r->lower[i], hi = r->upper[i];
        if (!(isfinite(p) && isfinite(lo) && isfinite(hi) && 0.0 <= lo && lo <= p && p <= hi)) {
            char msg[200];
            snprintf(msg, sizeof msg, "value %zu: lower %.17g, point %.17g, upper %.17g", i, lo,
                     p, hi);
            fuzz_fail(TARGET, "a forecast value outside 0 <= lower <= point <= upper", msg);
        }
        if (r->has_aht && !isnan(r->aht[i]) && !(isfinite(r->aht[i]) && r->aht[i] >= 0.0))
            fuzz_fail(TARGET, "a handle-time forecast neither NaN nor >= 0", NULL);
    }
}

/* The days both runs cover agree bit for bit. */
static void
check_same_days(const result *a, const result *b)
{
    if (a->method != b->method)
        fuzz_fail(TARGET, "another number of days picks another method", NULL);
    size_t n = a->count < b->count ? a->count : b->count;
    for (size_t i = 0; i < n; i++)
        if (!fuzz_same_double(a->point[i], b->point[i]) ||
            !fuzz_same_double(a->lower[i], b->lower[i]) ||
            !fuzz_same_double(a->upper[i], b->upper[i]) ||
            (a->has_aht && !fuzz_same_double(a->aht[i], b->aht[i]))) {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "value %zu (%d vs %d days): point %.17g / %.17g, lower %.17g / %.17g, "
                     "upper %.17g / %.17g", i, (int)a->days, (int)b->days, a->point[i],
                     b->point[i], a->lower[i], b->lower[i], a->upper[i], b->upper[i]);
            fuzz_fail(TARGET, "a day's forecast depends on how many days are asked for", msg);
        }
}

/* Set a plan setting; one the library rejects must be out of range. */
static void
plan_set(wfm_plan *p, int32_t option, double value, bool in_range)
{
    int32_t st = wfm_plan_set_double(p, option, value);
    if (st == WFM_OK) {
        double back = NAN;
        if (wfm_plan_get_double(p, option, &back) != WFM_OK || !fuzz_same_double(back, value))
            fuzz_fail(TARGET, "a plan setting reads back otherwise", NULL);
        if (!in_range)
            fuzz_fail(TARGET, "the plan accepts a setting out of its range", NULL);
    } else if (st != WFM_EINVAL || in_range) {
        fuzz_fail(TARGET, "the plan rejects a setting in its range", wfm_plan_errmsg(p));
    }
}

static double *
column(const wfm_plan *p, int32_t col, size_t count)
{
    double *v = malloc((count ? count : 1) * sizeof *v);
    size_t n = 0;
    if (v == NULL)
        return NULL;
    if (wfm_plan_copy_column(p, col, v, count, &n) != WFM_OK || n != count)
        fuzz_fail(TARGET, "a plan column cannot be copied", NULL);
    return v;
}

static bool
fraction_or_nan(double x)
{
    return isnan(x) || (x >= 0.0 && x <= 1.0);
}

static bool
nonneg_or_nan(double x)
{
    return isnan(x) || (isfinite(x) && x >= 0.0);
}

static bool
near(double a, double b)
{
    return fabs(a - b) <= 1e-9 * (1.0 + fabs(a) + fabs(b));
}

static void
check_rollup(const wfm_plan *p, int32_t period, const double *required,
             const double *scheduled, size_t count, size_t per_day, int32_t interval)
{
    size_t n = 0;
    if (wfm_plan_rollup(p, period, NULL, NULL, NULL, NULL, 0, &n) != WFM_OK || n == 0)
        fuzz_fail(TARGET, "the roll-up's size query failed", NULL);
    int32_t *first = malloc(n * sizeof *first);
    double *req_h = malloc(n * sizeof *req_h), *sch_h = malloc(n * sizeof *sch_h),
           *fte = malloc(n * sizeof *fte);
    if (first != NULL && req_h != NULL && sch_h != NULL && fte != NULL) {
        size_t m = 0;
        if (wfm_plan_rollup(p, period, first, req_h, sch_h, fte, n, &m) != WFM_OK || m != n)
            fuzz_fail(TARGET, "the roll-up failed", wfm_plan_errmsg(p));
        double total_req = 0.0, total_sch = 0.0, sum_req = 0.0, sum_sch = 0.0;
        for (size_t k = 0; k < n; k++) {
            if (!(isfinite(req_h[k]) && req_h[k] >= 0.0 && isfinite(sch_h[k]) &&
                  sch_h[k] >= 0.0 && isfinite(fte[k]) && fte[k] >= 0.0))
                fuzz_fail(TARGET, "roll-up hours or FTE not finite and >= 0", NULL);
            if (k > 0 && first[k] <= first[k - 1])
                fuzz_fail(TARGET, "roll-up periods not in date order", NULL);
            total_req += req_h[k];
            total_sch += sch_h[k];
        }
        for (size_t i = 0; i < count; i++) {
            sum_req += required[i] * interval / 60.0;
            sum_sch += scheduled[i] * interval / 60.0;
        }
        if (!near(total_req, sum_req) || !near(total_sch, sum_sch))
            fuzz_fail(TARGET, "roll-up hours do not add up to the intervals'", NULL);
        if (period == WFM_PLAN_DAY && n != count / per_day)
            fuzz_fail(TARGET, "a daily roll-up without one row a day", NULL);
    }
    free(first);
    free(req_h);
    free(sch_h);
    free(fte);
}

static void
check_ramp(const wfm_plan *p)
{
    size_t n = 0;
    if (wfm_plan_ramp(p, NULL, NULL, NULL, NULL, NULL, 0, &n) != WFM_OK || n == 0)
        fuzz_fail(TARGET, "the ramp's size query failed", NULL);
    double *needed = malloc(n * sizeof *needed), *staff = malloc(n * sizeof *staff),
           *hires = malloc(n * sizeof *hires);
    if (needed != NULL && staff != NULL && hires != NULL) {
        size_t m = 0;
        if (wfm_plan_ramp(p, NULL, needed, staff, hires, NULL, n, &m) != WFM_OK || m != n)
            fuzz_fail(TARGET, "the ramp failed", wfm_plan_errmsg(p));
        for (size_t k = 0; k < n; k++) {
            if (!(isfinite(needed[k]) && needed[k] >= 0.0 && isfinite(staff[k]) &&
                  staff[k] >= 0.0 && isfinite(hires[k]) && hires[k] >= 0.0))
                fuzz_fail(TARGET, "ramp values not finite and >= 0", NULL);
            if (k > 0 && hires[k] < hires[k - 1])
                fuzz_fail(TARGET, "the ramp's cumulative hires go down", NULL);
        }
    }
    free(needed);
    free(staff);
    free(hires);
}

static void
check_plan(const wfm_plan *p, const result *r, double shrinkage)
{
    int32_t first, days, interval;
    if (wfm_plan_span(p, &first, &days, &interval) != WFM_OK)
        fuzz_fail(TARGET, "no span after a successful plan", NULL);
    if (first != r->start || days != r->days || interval != r->interval)
        fuzz_fail(TARGET, "the plan's span is not the forecast's", NULL);
    size_t count = r->count, per_day = (size_t)(1440 / interval);
    double *col[15] = { NULL };
    bool ok = true;
    for (int32_t c = 0; c < 15; c++)
        ok = (col[c] = column(p, c, count)) != NULL && ok;
    for (size_t i = 0; ok && i < count; i++) {
        if (!fuzz_same_double(col[WFM_PLAN_COL_CONTACTS][i], r->point[i]) ||
            !fuzz_same_double(col[WFM_PLAN_COL_LOWER][i], r->lower[i]) ||
            !fuzz_same_double(col[WFM_PLAN_COL_UPPER][i], r->upper[i]))
            fuzz_fail(TARGET, "the plan's contacts or bounds are not the forecast's", NULL);
        double req = col[WFM_PLAN_COL_REQUIRED][i], sch = col[WFM_PLAN_COL_SCHEDULED][i];
        if (!(isfinite(req) && req >= 0.0 && req == floor(req) && isfinite(sch) &&
              sch == floor(sch) && sch >= req)) {
            char msg[120];
            snprintf(msg, sizeof msg, "interval %zu: required %.17g, scheduled %.17g", i, req,
                     sch);
            fuzz_fail(TARGET, "agents not whole, or scheduled < required", msg);
        }
        if (!fuzz_same_double(col[WFM_PLAN_COL_SHRINKAGE][i], shrinkage))
            fuzz_fail(TARGET, "shrinkage other than the base rate", NULL);
        if (!fraction_or_nan(col[WFM_PLAN_COL_SERVICE_LEVEL][i]) ||
            !fraction_or_nan(col[WFM_PLAN_COL_OCCUPANCY][i]) ||
            !fraction_or_nan(col[WFM_PLAN_COL_ABANDON][i]) ||
            !fraction_or_nan(col[WFM_PLAN_COL_SL_AT_LOWER][i]) ||
            !fraction_or_nan(col[WFM_PLAN_COL_SL_AT_UPPER][i])) {
            char msg[200];
            snprintf(msg, sizeof msg, "interval %zu: SL %.17g, occupancy %.17g, abandon %.17g, "
                     "SL at bounds %.17g / %.17g", i, col[WFM_PLAN_COL_SERVICE_LEVEL][i],
                     col[WFM_PLAN_COL_OCCUPANCY][i], col[WFM_PLAN_COL_ABANDON][i],
                     col[WFM_PLAN_COL_SL_AT_LOWER][i], col[WFM_PLAN_COL_SL_AT_UPPER][i]);
            fuzz_fail(TARGET, "a fraction outside [0, 1]", msg);
        }
        if (!nonneg_or_nan(col[WFM_PLAN_COL_AHT_S][i]) ||
            !nonneg_or_nan(col[WFM_PLAN_COL_WORKLOAD][i]) ||
            !nonneg_or_nan(col[WFM_PLAN_COL_ASA_S][i]) ||
            !nonneg_or_nan(col[WFM_PLAN_COL_BACKLOG][i]))
            fuzz_fail(TARGET, "a handle time, workload, ASA or backlog neither NaN nor >= 0",
                      NULL);
    }
    if (ok) {
        check_rollup(p, WFM_PLAN_DAY, col[WFM_PLAN_COL_REQUIRED], col[WFM_PLAN_COL_SCHEDULED],
                     count, per_day, interval);
        check_rollup(p, WFM_PLAN_WEEK, col[WFM_PLAN_COL_REQUIRED], col[WFM_PLAN_COL_SCHEDULED],
                     count, per_day, interval);
        check_ramp(p);
    }
    for (int c = 0; c < 15; c++)
        free(col[c]);
}

static void
plan_forecast(const uint8_t *data, size_t size, const wfm_forecast *f, wfm_calendar *cal,
              const result *r)
{
    static const double occupancy[] = { 0.0, 0.85, 1.0, 0.6 };
    static const double patience[] = { 0.0, 30.0, 120.0, 600.0 };
    wfm_plan *p = NULL;
    if (wfm_plan_new(&p) != WFM_OK)
        return;
    uint8_t b11 = setting(data, size, 11), b12 = setting(data, size, 12),
            b13 = setting(data, size, 13), b14 = setting(data, size, 14),
            b16 = setting(data, size, 16), b17 = setting(data, size, 17);
    int32_t channel = b11 % 3;
    if (wfm_plan_set_int(p, WFM_PLAN_CHANNEL, channel) != WFM_OK ||
        wfm_plan_set_int(p, WFM_PLAN_STAFF_TO, (b11 / 3) % 2) != WFM_OK)
        fuzz_fail(TARGET, "a plan's channel or staffing target is rejected", wfm_plan_errmsg(p));
    plan_set(p, WFM_PLAN_AHT_S, (b11 / 6) % 2 ? 180.0 : 0.0, true);
    plan_set(p, WFM_PLAN_TARGET_SL, (b12 % 5) / 5.0, true);
    plan_set(p, WFM_PLAN_ANSWER_S, 5.0 * ((b12 / 5) % 13), true);
    plan_set(p, WFM_PLAN_MAX_OCCUPANCY, occupancy[b13 % 4], true);
    plan_set(p, WFM_PLAN_PATIENCE_S, patience[(b13 / 4) % 4], true);
    plan_set(p, WFM_PLAN_MAX_ABANDON, 0.05 * ((b13 / 16) % 4), true);
    double shrinkage = (b14 % 60) / 100.0;
    plan_set(p, WFM_PLAN_SHRINKAGE, shrinkage, true);
    plan_set(p, WFM_PLAN_MAX_ASA_S, 15.0 * ((b14 / 60) % 4), true);
    plan_set(p, WFM_PLAN_DEADLINE_S, 900.0 * (1 + b16 % 96), true);
    plan_set(p, WFM_PLAN_HEADCOUNT_FTE, 10.0 * ((b17 / 4) % 4), true);
    double chat_aht[4] = { 240.0, 300.0, 380.0, 480.0 };
    if (wfm_plan_set_chat_aht(p, chat_aht, 1 + b17 % 4) != WFM_OK)
        fuzz_fail(TARGET, "the chat handle times are rejected", wfm_plan_errmsg(p));

    int32_t st = wfm_plan_run(p, f, cal);
    static const int32_t allowed[] = { WFM_EINVAL, WFM_ERANGE };
    check_status("plan", st, wfm_plan_errmsg(p), allowed, sizeof allowed / sizeof *allowed);
    if (r->interval == 1440 && st != WFM_EINVAL && st != WFM_ENOMEM)
        fuzz_fail(TARGET, "a plan of a daily forecast does not fail with WFM_EINVAL", NULL);
    if (st == WFM_OK)
        check_plan(p, r, shrinkage);
    wfm_plan_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    const char *csv = size > HEADER_BYTES ? (const char *)data + HEADER_BYTES : "";
    size_t csv_size = size > HEADER_BYTES ? size - HEADER_BYTES : 0;

    wfm_history *h = NULL;
    wfm_calendar *cal = NULL;
    wfm_forecast *f = NULL;
    result r1 = { 0 }, r2 = { 0 };
    if (wfm_history_new(&h) != WFM_OK)
        return 0;
    int32_t first, days, interval;
    size_t cells = 0;
    if (wfm_history_read_csv(h, csv, csv_size, "fuzz") != WFM_OK)
        goto out; /* history-csv checks the reader */
    if (wfm_history_span(h, &first, &days, &interval) != WFM_OK)
        fuzz_fail(TARGET, "no span after a successful read", NULL);
    int32_t st = wfm_history_copy(h, NULL, NULL, 0, &cells);
    if (st != WFM_OK && st != WFM_ERANGE)
        fuzz_fail(TARGET, "the history's size query failed", wfm_status_str(st));
    if (days > MAX_DAYS || cells > MAX_CELLS)
        goto out;
    bool history_has_aht = false;
    double max_volume = 0.0;
    {
        double *volume = malloc(cells * sizeof *volume), *aht = malloc(cells * sizeof *aht);
        size_t n;
        if (volume == NULL || aht == NULL) {
            free(volume);
            free(aht);
            goto out;
        }
        if (wfm_history_copy(h, volume, aht, cells, &n) != WFM_OK)
            fuzz_fail(TARGET, "the history cannot be copied", NULL);
        for (size_t i = 0; i < cells; i++) {
            history_has_aht = history_has_aht || !isnan(aht[i]);
            if (volume[i] > max_volume)
                max_volume = volume[i];
        }
        free(volume);
        free(aht);
    }

    /* Calendar, with at most one uplift. */
    uint8_t b7 = setting(data, size, 7);
    size_t n_presets = 0;
    while (wfm_calendar_preset_name(n_presets) != NULL)
        n_presets++;
    int preset = (int)((b7 & 0x7f) % (n_presets + 1)) - 1;
    if (preset >= 0) {
        if (wfm_calendar_new(&cal) != WFM_OK)
            goto out;
        st = wfm_calendar_add_preset(cal, wfm_calendar_preset_name((size_t)preset));
        if (st == WFM_ENOMEM)
            goto out;
        if (st != WFM_OK)
            fuzz_fail(TARGET, "a preset does not load", wfm_calendar_errmsg(cal));
    }

    if (wfm_forecast_new(&f) != WFM_OK)
        goto out;
    uint8_t b0 = setting(data, size, 0);
    int32_t method = (b0 & 0x7f) % 3;
    if (wfm_forecast_set_int(f, WFM_FORECAST_METHOD, method) != WFM_OK)
        fuzz_fail(TARGET, "a method is rejected", wfm_forecast_errmsg(f));
    double lower = (1 + setting(data, size, 2) % 50) / 100.0;
    double upper = (50 + setting(data, size, 3) % 50) / 100.0;
    if (wfm_forecast_set_double(f, WFM_FORECAST_LOWER_QUANTILE, lower) != WFM_OK)
        fuzz_fail(TARGET, "a lower quantile in (0, 0.5] is rejected", wfm_forecast_errmsg(f));
    st = wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE, upper);
    if ((st == WFM_OK) != (upper > lower))
        fuzz_fail(TARGET, "an upper quantile is accepted or rejected wrongly",
                  wfm_forecast_errmsg(f));
    uint8_t b5 = setting(data, size, 5);
    if (wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, b5 % 4 == 0 ? 0 : 14 + b5) !=
            WFM_OK ||
        wfm_forecast_set_int(f, WFM_FORECAST_BACKTEST_ORIGINS, 2 + setting(data, size, 6) % 3) !=
            WFM_OK)
        fuzz_fail(TARGET, "training days or backtest origins are rejected",
                  wfm_forecast_errmsg(f));
    double read_back;
    if (wfm_forecast_get_double(f, WFM_FORECAST_LOWER_QUANTILE, &read_back) != WFM_OK ||
        read_back != lower)
        fuzz_fail(TARGET, "the lower quantile reads back otherwise", NULL);
    size_t n_events = wfm_calendar_event_count(cal);
    if ((b7 & 0x80) && n_events > 0) {
        const char *event = wfm_calendar_event_name(cal, setting(data, size, 8) % n_events);
        uint8_t b9 = setting(data, size, 9);
        int32_t lo = b9 % 7 - 3, hi = lo + (b9 / 7) % 4;
        double fraction = (setting(data, size, 10) - 64) / 64.0;
        st = wfm_forecast_add_uplift(f, event, lo, hi, fraction);
        if (st == WFM_ENOMEM)
            goto out;
        if ((st == WFM_OK) != (fraction > -1.0))
            fuzz_fail(TARGET, "an uplift is accepted or rejected wrongly",
                      wfm_forecast_errmsg(f));
    }

    int32_t start = first + days + (int32_t)(setting(data, size, 4) % 24) - 8;
    int32_t n_days = 1 + setting(data, size, 1) % 60;
    st = wfm_forecast_run(f, h, cal, start, n_days);
    static const int32_t run_allowed[] = { WFM_EINVAL, WFM_ERANGE };
    check_status("forecast", st, wfm_forecast_errmsg(f), run_allowed, 2);
    if (st == WFM_ERANGE && max_volume <= HUGE_VOLUME)
        fuzz_fail(TARGET, "WFM_ERANGE (a forecast not finite) from a history of ordinary volumes",
                  wfm_forecast_errmsg(f));
    if (st != WFM_OK || !result_of(f, &r1))
        goto out;
    check_forecast(&r1, start, n_days, interval, method, history_has_aht);

    if (b0 & 0x80) {
        int32_t n_days2 = 1 + setting(data, size, 15) % 60;
        st = wfm_forecast_run(f, h, cal, start, n_days2);
        check_status("second forecast", st, wfm_forecast_errmsg(f), run_allowed, 2);
        if (st == WFM_ENOMEM)
            goto out;
        if (st != WFM_OK)
            fuzz_fail(TARGET, "a second run for another number of days fails",
                      wfm_forecast_errmsg(f));
        if (!result_of(f, &r2))
            goto out;
        check_forecast(&r2, start, n_days2, interval, method, history_has_aht);
        check_same_days(&r1, &r2);
    }
    plan_forecast(data, size, f, cal, (b0 & 0x80) ? &r2 : &r1);
out:
    result_free(&r1);
    result_free(&r2);
    wfm_forecast_free(f);
    wfm_calendar_free(cal);
    wfm_history_free(h);
    return 0;
}
