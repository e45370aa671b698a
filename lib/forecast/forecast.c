/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public forecaster (wfm/forecast.h): settings, what-ifs, runs, results
 * and rolling-origin backtests. The pipeline is in forecast-engine.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forecast-engine-private.h"
#include "text-private.h"
#include "wfm/accuracy.h"
#include "wfm/forecast.h"

#define FORECAST_MAGIC 0x77666663u /* "wffc" */
#define FORECAST_ERRMSG_MAX 512
enum { MAX_DAYS = 3660, MIN_ORIGINS = 2, MAX_ORIGINS = 52, MAX_OFFSET = 366 };

struct wfm_forecast {
    uint32_t magic;
    forecast_settings settings;
    forecast_uplift *uplifts;
    size_t n_uplifts, uplift_capacity;
    forecast_override *overrides;
    size_t n_overrides, override_capacity;
    bool has_result;
    forecast_result result;
    char errmsg[FORECAST_ERRMSG_MAX];
};

static bool
is_forecast(const wfm_forecast *f)
{
    return f != NULL && f->magic == FORECAST_MAGIC;
}

static int32_t
fail(wfm_forecast *f, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(f->errmsg, sizeof f->errmsg, status, format, args);
    va_end(args);
    return status;
}

static int32_t
succeed(wfm_forecast *f)
{
    f->errmsg[0] = '\0';
    return WFM_OK;
}

int32_t
wfm_forecast_new(wfm_forecast **out)
{
    if (out == NULL)
        return WFM_EINVAL;
    wfm_forecast *f = calloc(1, sizeof *f);
    *out = f;
    if (f == NULL)
        return WFM_ENOMEM;
    f->magic = FORECAST_MAGIC;
    f->settings = (forecast_settings){ .method = WFM_FORECAST_AUTO,
                                       .training_days = 0,
                                       .backtest_origins = 12,
                                       .lower_quantile = 0.1,
                                       .upper_quantile = 0.9 };
    return WFM_OK;
}

void
wfm_forecast_free(wfm_forecast *f)
{
    if (!is_forecast(f))
        return;
    for (size_t i = 0; i < f->n_uplifts; i++)
        free(f->uplifts[i].event);
    free(f->uplifts);
    free(f->overrides);
    forecast_result_clear(&f->result);
    f->magic = 0;
    free(f);
}

const char *
wfm_forecast_errmsg(const wfm_forecast *f)
{
    return is_forecast(f) ? f->errmsg : "";
}

int32_t
wfm_forecast_set_int(wfm_forecast *f, int32_t option, int32_t value)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    switch (option) {
    case WFM_FORECAST_METHOD:
        if (wfm_forecast_method_name(value) == NULL)
            return fail(f, WFM_EINVAL, "method %d: expected 0 (auto), 1 (regression) or "
                        "2 (recent-weeks)", (int)value);
        f->settings.method = value;
        break;
    case WFM_FORECAST_TRAINING_DAYS:
        if (value < 0)
            return fail(f, WFM_EINVAL, "training days %d: expected 0 (all) or more",
                        (int)value);
        f->settings.training_days = value;
        break;
    case WFM_FORECAST_BACKTEST_ORIGINS:
        if (value < MIN_ORIGINS || value > MAX_ORIGINS)
            return fail(f, WFM_EINVAL, "backtest origins %d: expected %d to %d", (int)value,
                        MIN_ORIGINS, MAX_ORIGINS);
        f->settings.backtest_origins = value;
        break;
    default:
        return fail(f, WFM_EUNSUPPORTED, "option %d is not an integer forecast option",
                    (int)option);
    }
    return succeed(f);
}

int32_t
wfm_forecast_set_double(wfm_forecast *f, int32_t option, double value)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    switch (option) {
    case WFM_FORECAST_LOWER_QUANTILE:
        if (!(value > 0.0 && value <= 0.5 && value < f->settings.upper_quantile))
            return fail(f, WFM_EINVAL, "lower quantile %g: expected (0, 0.5] and below the "
                        "upper quantile %g", value, f->settings.upper_quantile);
        f->settings.lower_quantile = value;
        break;
    case WFM_FORECAST_UPPER_QUANTILE:
        if (!(value >= 0.5 && value < 1.0 && value > f->settings.lower_quantile))
            return fail(f, WFM_EINVAL, "upper quantile %g: expected [0.5, 1) and above the "
                        "lower quantile %g", value, f->settings.lower_quantile);
        f->settings.upper_quantile = value;
        break;
    default:
        return fail(f, WFM_EUNSUPPORTED, "option %d is not a real forecast option", (int)option);
    }
    return succeed(f);
}

int32_t
wfm_forecast_get_int(const wfm_forecast *f, int32_t option, int32_t *value)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (value == NULL)
        return WFM_EINVAL;
    switch (option) {
    case WFM_FORECAST_METHOD:
        *value = f->settings.method;
        return WFM_OK;
    case WFM_FORECAST_TRAINING_DAYS:
        *value = f->settings.training_days;
        return WFM_OK;
    case WFM_FORECAST_BACKTEST_ORIGINS:
        *value = f->settings.backtest_origins;
        return WFM_OK;
    default:
        return WFM_EUNSUPPORTED;
    }
}

int32_t
wfm_forecast_get_double(const wfm_forecast *f, int32_t option, double *value)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (value == NULL)
        return WFM_EINVAL;
    switch (option) {
    case WFM_FORECAST_LOWER_QUANTILE:
        *value = f->settings.lower_quantile;
        return WFM_OK;
    case WFM_FORECAST_UPPER_QUANTILE:
        *value = f->settings.upper_quantile;
        return WFM_OK;
    default:
        return WFM_EUNSUPPORTED;
    }
}

int32_t
wfm_forecast_add_uplift(wfm_forecast *f, const char *event, int32_t first_offset,
                        int32_t last_offset, double uplift)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (event == NULL || event[0] == '\0')
        return fail(f, WFM_EINVAL, "uplift: no event name given");
    if (first_offset < -MAX_OFFSET || last_offset > MAX_OFFSET || first_offset > last_offset)
        return fail(f, WFM_EINVAL, "uplift for '%s': offsets %d .. %d, expected -366 <= first "
                    "<= last <= 366", event, (int)first_offset, (int)last_offset);
    if (!(uplift > -1.0 && isfinite(uplift)))
        return fail(f, WFM_EINVAL, "uplift for '%s' is %g: expected a finite fraction > -1 "
                    "(2.5 = +250 %%)", event, uplift);
    if (f->n_uplifts == f->uplift_capacity) {
        size_t capacity = f->uplift_capacity ? 2 * f->uplift_capacity : 8;
        forecast_uplift *grown = realloc(f->uplifts, capacity * sizeof *grown);
        if (grown == NULL)
            return fail(f, WFM_ENOMEM, "out of memory");
        f->uplifts = grown;
        f->uplift_capacity = capacity;
    }
    size_t length = strlen(event);
    char *name = malloc(length + 1);
    if (name == NULL)
        return fail(f, WFM_ENOMEM, "out of memory");
    memcpy(name, event, length + 1);
    f->uplifts[f->n_uplifts++] = (forecast_uplift){ name, first_offset, last_offset, uplift };
    return succeed(f);
}

int32_t
wfm_forecast_add_override(wfm_forecast *f, int32_t date, int32_t interval, double volume)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (date < WFM_DATE_MIN || date > WFM_DATE_MAX)
        return fail(f, WFM_EINVAL, "override: day %d is not a date", (int)date);
    if (interval < -1 || interval >= 288)
        return fail(f, WFM_EINVAL, "override: interval %d, expected -1 (the day) or 0 .. "
                    "intervals per day - 1", (int)interval);
    if (!(volume >= 0.0 && isfinite(volume)))
        return fail(f, WFM_EINVAL, "override: volume %g, expected contacts >= 0", volume);
    if (f->n_overrides == f->override_capacity) {
        size_t capacity = f->override_capacity ? 2 * f->override_capacity : 16;
        forecast_override *grown = realloc(f->overrides, capacity * sizeof *grown);
        if (grown == NULL)
            return fail(f, WFM_ENOMEM, "out of memory");
        f->overrides = grown;
        f->override_capacity = capacity;
    }
    f->overrides[f->n_overrides++] = (forecast_override){ date, interval, volume };
    return succeed(f);
}

/* Check a run's arguments; the settings with this object's what-ifs. */
static int32_t
prepare(wfm_forecast *f, const wfm_history *history, wfm_calendar *calendar, int32_t start,
        int32_t days, forecast_settings *s)
{
    if (!history_is_valid(history))
        return fail(f, WFM_EMISUSE, "the history is not a wfm_history");
    (void)calendar; /* checked by wfm_calendar_expand() */
    if (days < 1 || days > MAX_DAYS)
        return fail(f, WFM_EINVAL, "days is %d: expected 1 to %d", (int)days, MAX_DAYS);
    if (start < WFM_DATE_MIN || (int64_t)start + days - 1 > WFM_DATE_MAX)
        return fail(f, WFM_EINVAL, "the forecast span from day %d for %d days is not within "
                    "0001-01-01 .. 9999-12-31", (int)start, (int)days);
    for (size_t i = 0; i < f->n_overrides; i++)
        if (f->overrides[i].interval >= history->grid.per_day)
            return fail(f, WFM_EINVAL, "override of interval %d: the history has %d intervals "
                        "per day", (int)f->overrides[i].interval, (int)history->grid.per_day);
    *s = f->settings;
    s->uplifts = f->uplifts;
    s->n_uplifts = f->n_uplifts;
    s->overrides = f->overrides;
    s->n_overrides = f->n_overrides;
    return WFM_OK;
}

int32_t
wfm_forecast_run(wfm_forecast *f, const wfm_history *history, wfm_calendar *calendar,
                 int32_t start, int32_t days)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    forecast_settings s;
    int32_t st = prepare(f, history, calendar, start, days, &s);
    if (st != WFM_OK)
        return st;
    forecast_result r;
    st = forecast_compute(&s, &history->grid, calendar, start, days, &r, f->errmsg,
                          sizeof f->errmsg);
    if (st != WFM_OK)
        return st;
    forecast_result_clear(&f->result);
    f->result = r;
    f->has_result = true;
    return succeed(f);
}

int32_t
wfm_forecast_span(const wfm_forecast *f, int32_t *start, int32_t *days,
                  int32_t *interval_minutes)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (!f->has_result)
        return WFM_ENOTFOUND;
    if (start != NULL)
        *start = f->result.start;
    if (days != NULL)
        *days = f->result.days;
    if (interval_minutes != NULL)
        *interval_minutes = f->result.interval_minutes;
    return WFM_OK;
}

int32_t
wfm_forecast_method_used(const wfm_forecast *f, int32_t *method)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (method == NULL)
        return WFM_EINVAL;
    if (!f->has_result)
        return WFM_ENOTFOUND;
    *method = f->result.method;
    return WFM_OK;
}

int32_t
wfm_forecast_level_step(const wfm_forecast *f, int32_t *date, double *factor)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (!f->has_result)
        return WFM_ENOTFOUND;
    if (date != NULL)
        *date = f->result.level_step_date;
    if (factor != NULL)
        *factor = f->result.level_step_factor;
    return WFM_OK;
}

static void
copy_out(double *dst, const double *src, size_t n)
{
    if (dst != NULL)
        memcpy(dst, src, n * sizeof *dst);
}

int32_t
wfm_forecast_copy(const wfm_forecast *f, double *point, double *lower, double *upper,
                  size_t capacity, size_t *count)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (count == NULL)
        return WFM_EINVAL;
    if (!f->has_result)
        return WFM_ENOTFOUND;
    const forecast_result *r = &f->result;
    *count = r->count;
    size_t n = capacity < r->count ? capacity : r->count;
    copy_out(point, r->point, n);
    copy_out(lower, r->lower, n);
    copy_out(upper, r->upper, n);
    return capacity < r->count ? WFM_ERANGE : WFM_OK;
}

int32_t
wfm_forecast_copy_aht(const wfm_forecast *f, double *aht_s, size_t capacity, size_t *count)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (count == NULL)
        return WFM_EINVAL;
    if (!f->has_result || f->result.aht_s == NULL)
        return WFM_ENOTFOUND;
    const forecast_result *r = &f->result;
    *count = r->count;
    size_t n = capacity < r->count ? capacity : r->count;
    copy_out(aht_s, r->aht_s, n);
    return capacity < r->count ? WFM_ERANGE : WFM_OK;
}

/* Scores of one backtest window against the history's observed cells;
 * MASE's scale is the one-week-ago error over the training span as the
 * history gives it (closed days included). */
static int32_t
score(const forecast_result *r, const history *h, double *wape, double *mase, double *bias,
      double *coverage)
{
    size_t per_day = (size_t)r->per_day, n_train = mase ? r->train_days * per_day : 0;
    double *actual = malloc(r->count * sizeof *actual);
    double *train = malloc((n_train ? n_train : 1) * sizeof *train);
    if (actual == NULL || train == NULL) {
        free(actual);
        free(train);
        return WFM_ENOMEM;
    }
    for (int32_t d = 0; d < r->days; d++)
        history_day(h, r->start + d, actual + (size_t)d * per_day);
    for (size_t d = 0; d < n_train / per_day; d++)
        history_day(h, r->train_first + (int32_t)d, train + d * per_day);
    double v;
    if (wape != NULL)
        *wape = wfm_accuracy_wape(r->point, actual, r->count, &v) == WFM_OK ? v : NAN;
    if (bias != NULL)
        *bias = wfm_accuracy_bias(r->point, actual, r->count, &v) == WFM_OK ? v : NAN;
    if (coverage != NULL)
        *coverage = wfm_accuracy_coverage(r->lower, r->upper, actual, r->count, &v) == WFM_OK
                        ? v
                        : NAN;
    if (mase != NULL)
        *mase = wfm_accuracy_mase(r->point, actual, r->count, train, n_train, 7 * per_day, &v) ==
                        WFM_OK
                    ? v
                    : NAN;
    free(actual);
    free(train);
    return WFM_OK;
}

int32_t
wfm_forecast_backtest(wfm_forecast *f, const wfm_history *history, wfm_calendar *calendar,
                      const int32_t *origins, size_t n_origins, int32_t days, double *wape,
                      double *mase, double *bias, double *coverage)
{
    if (!is_forecast(f))
        return WFM_EMISUSE;
    if (origins == NULL && n_origins > 0)
        return fail(f, WFM_EINVAL, "no origins given");
    for (size_t k = 0; k < n_origins; k++) {
        forecast_settings s;
        int32_t st = prepare(f, history, calendar, origins[k], days, &s);
        forecast_result r;
        if (st == WFM_OK)
            st = forecast_compute(&s, &history->grid, calendar, origins[k], days, &r, f->errmsg,
                                  sizeof f->errmsg);
        if (st != WFM_OK) {
            char when[FORECAST_DATE_TEXT], message[FORECAST_ERRMSG_MAX];
            forecast_date_text(origins[k], when);
            snprintf(message, sizeof message, "%s", f->errmsg);
            return fail(f, st, "backtest origin %s: %s", when, message);
        }
        st = score(&r, &history->grid, wape ? &wape[k] : NULL, mase ? &mase[k] : NULL,
                   bias ? &bias[k] : NULL, coverage ? &coverage[k] : NULL);
        forecast_result_clear(&r);
        if (st != WFM_OK)
            return fail(f, st, "out of memory");
    }
    return succeed(f);
}
