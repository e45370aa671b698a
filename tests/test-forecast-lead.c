/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Forecasting from where planners stand (wfm/forecast.h, "Lead time",
 * "Closed days", wfm_forecast_add_uplift()), through the public API only:
 *
 * - lead time: histories that end 1 … 365 days before the first forecast
 *   day, every method, daily (NYC EMS 2010-2017) and hourly (NYC EMS
 *   2015-2017), checked against the no-gap forecast and the actuals;
 * - a custom one-off event forecast from history ending months earlier;
 * - closed days on synthetic series built here (the truth is known): an
 *   event with no contacts at every past occurrence (the Christmas season
 *   with no calendar: two of them), a calendar-closed
 *   event, occurrences on a closed weekday that say nothing, intraday;
 * - uplifts multiply the forecast that includes the learned event effect;
 * - the forecast of a day does not depend on how many days are requested.
 *
 * Data: $WFM_TEST_DATA (else WFM_TEST_DATA_DIR, set by tests/meson.build)
 * and WFM_EXAMPLES_DATA_DIR (examples/data), so the test runs from any
 * directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test-util.h"
#include "wfm.h"
#include "test-calendar-util.h"

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif
#ifndef WFM_EXAMPLES_DATA_DIR
#define WFM_EXAMPLES_DATA_DIR "examples/data"
#endif

/* ---------------------------------------------------------------- helpers */

static const char *
test_data_dir(void)
{
    const char *dir = getenv("WFM_TEST_DATA");
    return dir != NULL && dir[0] != '\0' ? dir : WFM_TEST_DATA_DIR;
}

/* "<dir>/<name>" in a static buffer (one path in use at a time). */
static const char *
path_of(const char *dir, const char *name)
{
    static char path[4096];
    assert_true((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path);
    return path;
}

static wfm_history *
load_history(const char *dir, const char *name)
{
    wfm_history *h = NULL;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    int32_t st = wfm_history_read_file(h, path_of(dir, name));
    if (st != WFM_OK)
        fail_msg("%s", wfm_history_errmsg(h));
    return h;
}

static wfm_calendar *
load_prophet_calendar(const char *dir, const char *name)
{
    wfm_calendar *c = NULL;
    assert_int_equal(wfm_calendar_new(&c), WFM_OK);
    int32_t st = wfm_calendar_add_prophet_file(c, path_of(dir, name));
    if (st != WFM_OK)
        fail_msg("%s", wfm_calendar_errmsg(c));
    return c;
}

static void
calendar_add(wfm_calendar *c, const char *text)
{
    if (wfm_calendar_add_text(c, text, strlen(text), "test") != WFM_OK)
        fail_msg("calendar: %s", wfm_calendar_errmsg(c));
}

/* A history's cells (day-major, NaN = not observed) and grid. */
typedef struct {
    int32_t first, days, per_day; /* per_day: values per day (1 = daily) */
    int32_t interval;
    size_t count;
    double *volume;
} cells;

static cells
cells_of(const wfm_history *h)
{
    cells c = { 0 };
    assert_int_equal(wfm_history_span(h, &c.first, &c.days, &c.interval), WFM_OK);
    c.per_day = c.interval == 1440 ? 1 : 1440 / c.interval;
    assert_int_equal(wfm_history_copy(h, NULL, NULL, 0, &c.count), WFM_ERANGE);
    assert_int_equal(c.count, (size_t)c.days * (size_t)c.per_day);
    c.volume = malloc(c.count * sizeof *c.volume);
    assert_non_null(c.volume);
    assert_int_equal(wfm_history_copy(h, c.volume, NULL, c.count, &c.count), WFM_OK);
    return c;
}

/* A new history: @p full's cells from its first day to @p last (inclusive),
 * built with wfm_history_set_series() from wfm_history_copy(). */
static wfm_history *
history_until(const cells *full, int32_t last)
{
    assert_true(last >= full->first && last < full->first + full->days);
    size_t keep = (size_t)(last - full->first + 1) * (size_t)full->per_day;
    wfm_history *h = NULL;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(
        wfm_history_set_series(h, full->first, full->interval, full->volume, NULL, keep), WFM_OK);
    int32_t first, days;
    assert_int_equal(wfm_history_span(h, &first, &days, NULL), WFM_OK);
    assert_int_equal(first + days - 1, last);
    return h;
}

static wfm_history *
history_of(int32_t first, int32_t interval, const double *volume, size_t n)
{
    wfm_history *h = NULL;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, first, interval, volume, NULL, n), WFM_OK);
    return h;
}

/* The last result, as the public API shows it. */
typedef struct {
    int32_t start, days, interval, method;
    size_t count;
    double *point, *lower, *upper;
} result;

static void
result_free(result *r)
{
    free(r->point);
    memset(r, 0, sizeof *r);
}

/* Runs and copies the result; fails the test unless the run succeeds and
 * returns exactly the requested days. */
static result
run(wfm_forecast *f, const wfm_history *h, wfm_calendar *c, int32_t start, int32_t days)
{
    int32_t st = wfm_forecast_run(f, h, c, start, days);
    if (st != WFM_OK)
        fail_msg("run from %d for %d days: status %d, %s", (int)start, (int)days, (int)st,
                 wfm_forecast_errmsg(f));
    result r = { 0 };
    assert_int_equal(wfm_forecast_span(f, &r.start, &r.days, &r.interval), WFM_OK);
    assert_int_equal(r.start, start);
    assert_int_equal(r.days, days);
    assert_int_equal(wfm_forecast_method_used(f, &r.method), WFM_OK);
    assert_int_equal(wfm_forecast_copy(f, NULL, NULL, NULL, 0, &r.count), WFM_ERANGE);
    int32_t per_day = r.interval == 1440 ? 1 : 1440 / r.interval;
    assert_int_equal(r.count, (size_t)days * (size_t)per_day);
    r.point = malloc(3 * r.count * sizeof *r.point);
    assert_non_null(r.point);
    r.lower = r.point + r.count;
    r.upper = r.lower + r.count;
    assert_int_equal(wfm_forecast_copy(f, r.point, r.lower, r.upper, r.count, &r.count), WFM_OK);
    return r;
}

static int32_t
per_day_of(const result *r)
{
    return r->interval == 1440 ? 1 : 1440 / r->interval;
}

static double
day_total(const result *r, int32_t k)
{
    int32_t per = per_day_of(r);
    double s = 0.0;
    for (int32_t j = 0; j < per; j++)
        s += r->point[(size_t)k * (size_t)per + (size_t)j];
    return s;
}

static double
total(const result *r)
{
    double s = 0.0;
    for (size_t i = 0; i < r->count; i++)
        s += r->point[i];
    return s;
}

/* run() on @p full cut to end on day @p last. */
static result
run_until(wfm_forecast *f, const cells *full, wfm_calendar *c, int32_t last, int32_t start,
          int32_t days)
{
    wfm_history *cut = history_until(full, last);
    result r = run(f, cut, c, start, days);
    wfm_history_free(cut);
    return r;
}

/* Every value finite, >= 0 and lower <= point <= upper; every day's total
 * > 0 (none of these series has a closed day in the forecast span). */
static void
assert_sane_open(const result *r, const char *what)
{
    int32_t per = per_day_of(r);
    for (size_t i = 0; i < r->count; i++) {
        double p = r->point[i], lo = r->lower[i], up = r->upper[i];
        if (!(isfinite(p) && isfinite(lo) && isfinite(up) && lo >= 0.0 && lo <= p && p <= up))
            fail_msg("%s: value %zu (day %zu): point %g lower %g upper %g", what, i,
                     i / (size_t)per, p, lo, up);
    }
    for (int32_t k = 0; k < r->days; k++)
        if (!(day_total(r, k) > 0.0))
            fail_msg("%s: day %d total %g", what, (int)k, day_total(r, k));
}

/* WAPE of the forecast's cells against the history's observed cells. */
static double
wape_of(const result *r, const cells *actual)
{
    double err = 0.0, sum = 0.0;
    size_t at = (size_t)(r->start - actual->first) * (size_t)actual->per_day;
    assert_true(at + r->count <= actual->count);
    for (size_t i = 0; i < r->count; i++) {
        double a = actual->volume[at + i];
        if (isnan(a))
            continue;
        err += fabs(r->point[i] - a);
        sum += a;
    }
    assert_true(sum > 0.0);
    return err / sum;
}

/* Printed only (the header promises calibration, not a coverage): the
 * share of observed cells inside [lower, upper] and the mean relative
 * width (upper − lower) / point. */
static void
coverage_of(const result *r, const cells *actual, double *coverage, double *width)
{
    size_t at = (size_t)(r->start - actual->first) * (size_t)actual->per_day, n = 0, in = 0;
    double w = 0.0;
    size_t nw = 0;
    for (size_t i = 0; i < r->count; i++) {
        double a = actual->volume[at + i];
        if (r->point[i] > 0.0)
            w += (r->upper[i] - r->lower[i]) / r->point[i], nw++;
        if (isnan(a))
            continue;
        n++;
        in += r->lower[i] <= a && a <= r->upper[i];
    }
    *coverage = n > 0 ? (double)in / (double)n : NAN;
    *width = nw > 0 ? w / (double)nw : NAN;
}

/* A new forecaster set to @p method (the caller frees it). */
static wfm_forecast *
forecaster(int32_t method)
{
    wfm_forecast *f = NULL;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, method), WFM_OK);
    return f;
}

/* A Poisson draw (normal approximation above 50), as in test-forecast.c. */
static double
poisson(wt_rng *r, double lambda)
{
    if (lambda <= 0.0)
        return 0.0;
    if (lambda > 50.0) {
        double u1 = wt_rng_unit(r) + 1e-300, u2 = wt_rng_unit(r);
        double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        return fmax(0.0, round(lambda + sqrt(lambda) * z));
    }
    double limit = exp(-lambda), p = 1.0;
    int k = -1;
    do {
        k++;
        p *= wt_rng_unit(r);
    } while (p > limit);
    return k;
}

/* ------------------------------------------------------------- lead time */

static const int32_t GAPS[] = { 1, 30, 61, 120, 365 };
enum { N_GAPS = sizeof GAPS / sizeof GAPS[0] };

static const int32_t METHODS[] = { WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION,
                                   WFM_FORECAST_RECENT_WEEKS };
enum { N_METHODS = sizeof METHODS / sizeof METHODS[0] };

/* For each method and gap: the history ends on start − gap; the forecast of
 * the requested days is sane, its total within tol_total[method] of the
 * same method's gap-1 (no gap) total and its WAPE against the actuals below
 * max_wape[method] (both indexed by ::wfm_forecast_method). Auto runs last:
 * the method it picks forecasts ("the one with the lower score
 * forecasts"), so its total equals that method's at the same gap and is
 * held to that method's gap-1 total and tolerances (auto may pick
 * differently at different leads: its picks are made on backtests with
 * each lead). */
static void
lead_times(const cells *full, wfm_calendar *cal, int32_t start, int32_t days,
           const double tol_total[N_METHODS], const double max_wape[N_METHODS],
           const char *name)
{
    static const int32_t order[N_METHODS] = { WFM_FORECAST_REGRESSION,
                                              WFM_FORECAST_RECENT_WEEKS, WFM_FORECAST_AUTO };
    double totals[N_METHODS][N_GAPS] = { { 0 } };
    for (int m = 0; m < N_METHODS; m++) {
        int32_t method = order[m];
        wfm_forecast *f = forecaster(method);
        for (int g = 0; g < N_GAPS; g++) {
            result r = run_until(f, full, cal, start - GAPS[g], start, days);
            char what[128];
            snprintf(what, sizeof what, "%s %s gap %d", name, wfm_forecast_method_name(method),
                     (int)GAPS[g]);
            assert_sane_open(&r, what);
            int32_t used = r.method;
            if (method != WFM_FORECAST_AUTO)
                assert_int_equal(used, method);
            assert_true(used == WFM_FORECAST_REGRESSION || used == WFM_FORECAST_RECENT_WEEKS);
            double sum = total(&r), wape = wape_of(&r, full), coverage, width;
            totals[method][g] = sum;
            double reference = totals[used][0];
            coverage_of(&r, full, &coverage, &width);
            printf("# %s: total %.0f (%+.2f %% of %s gap 1), WAPE %.4f, picked %s, "
                   "coverage %.2f, width %.3f\n",
                   what, sum, 100.0 * (sum / reference - 1.0), wfm_forecast_method_name(used),
                   wape, wfm_forecast_method_name(used), coverage, width);
            if (method == WFM_FORECAST_AUTO && !(wt_rel_err(sum, totals[used][g]) < 1e-9))
                fail_msg("%s picked %s: total %.3f, %s's own %.3f", what,
                         wfm_forecast_method_name(used), sum, wfm_forecast_method_name(used),
                         totals[used][g]);
            if (!(fabs(sum / reference - 1.0) <= tol_total[used]))
                fail_msg("%s: total %.1f vs %s gap-1 total %.1f (%+.2f %%, tolerance %.0f %%)",
                         what, sum, wfm_forecast_method_name(used), reference,
                         100.0 * (sum / reference - 1.0), 100.0 * tol_total[used]);
            if (!(wape < max_wape[used]))
                fail_msg("%s: WAPE %.4f >= %.4f", what, wape, max_wape[used]);
            result_free(&r);
        }
        wfm_forecast_free(f);
    }
}

/* NYC EMS daily, 2017-11-01 for 61 days (actual total 243516), from
 * histories ending 1 … 365 days earlier. Measured at commit 457a01c, total
 * vs the gap-1 total and WAPE, for gaps 1 / 30 / 61 / 120 / 365:
 *   auto (picked the regression at every gap) and regression:
 *     0 / −0.02 / −0.05 / +0.15 / +0.10 %; WAPE 0.0346 / 0.0346 / 0.0347 /
 *     0.0345 / 0.0342 (gap-1 total 241555, −0.8 % of the actual);
 *   recent-weeks: 0 / +0.31 / −1.90 / +3.27 / −4.31 %; WAPE 0.0404 /
 *     0.0426 / 0.0357 / 0.0531 / 0.0419 (gap-1 total 246856, +1.4 %).
 * Tolerances: 3 % for the regression (auto picks it), 10 % for recent
 * weeks (a robust average of a few weeks, taken far from the season it is
 * asked about); WAPE below 0.06 (regression) and 0.08 (recent weeks):
 * the no-gap golden backtests of test-forecast.c allow 0.045. */
static void
test_lead_daily(void **state)
{
    (void)state;
    wfm_history *h = load_history(test_data_dir(), "volume/nyc_ems_daily.csv");
    wfm_calendar *cal = load_prophet_calendar(test_data_dir(), "volume/nyc_ems_holidays_us.csv");
    cells full = cells_of(h);
    /* by method: auto (unused: held to its pick's), regression, recent weeks */
    const double tol[N_METHODS] = { 0.0, 0.03, 0.10 };
    const double wape[N_METHODS] = { 0.0, 0.06, 0.08 };
    lead_times(&full, cal, wt_day_of("2017-11-01"), 61, tol, wape, "NYC daily");
    free(full.volume);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* A year of history and a two-month gap: too little history to backtest
 * the regression (a year before each of two backtests), and a level from
 * recent weeks is older than the window it would forecast. Auto takes the
 * regression, which has last year's season. NYC EMS from 2010-01-01,
 * history ending 61 days before each start, 61 days forecast, against the
 * actuals: measured regression 0.0408 / 0.0372 / 0.0380, recent weeks
 * 0.0658 / 0.0981 / 0.0932 (what auto picked before); bound 0.05. */
static void
test_lead_short_history(void **state)
{
    (void)state;
    wfm_history *h = load_history(test_data_dir(), "volume/nyc_ems_daily.csv");
    wfm_calendar *cal = load_prophet_calendar(test_data_dir(), "volume/nyc_ems_holidays_us.csv");
    cells full = cells_of(h);
    const char *starts[] = { "2011-04-27", "2011-05-25", "2011-06-22" };
    wfm_forecast *f = NULL;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
        int32_t start = wt_day_of(starts[i]);
        result r = run_until(f, &full, cal, start - 62, start, 61);
        double w = wape_of(&r, &full);
        printf("# %s, history to 61 days before: %s, WAPE %.4f\n", starts[i],
               wfm_forecast_method_name(r.method), w);
        assert_int_equal(r.method, WFM_FORECAST_REGRESSION);
        assert_sane_open(&r, starts[i]);
        assert_true(w < 0.05);
        result_free(&r);
    }
    wfm_forecast_free(f);
    free(full.volume);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* NYC EMS hourly (2015-2017), 2017-11-01 for 28 days (actual total
 * 110716). Measured at commit 457a01c, for gaps 1 / 30 / 61 / 120 / 365:
 *   regression: 0 / −0.26 / −0.49 / +0.11 / −1.64 %; hourly WAPE 0.0880 /
 *     0.0943 / 0.1005 / 0.0958 / 0.0978 (gap-1 total 106167, −4.1 %);
 *   recent-weeks: 0 / +0.37 / −1.88 / +3.33 / −4.37 %; WAPE 0.0882 /
 *     0.0946 / 0.0968 / 0.1056 / 0.0916 (gap-1 total 113115, +2.2 %);
 *   auto: recent weeks at gaps 1, 30, 120, 365 and the regression at gap
 *     61 (the two methods' gap-1 totals differ by 6.1 %, so auto's own
 *     totals move by up to 6.6 % with the lead when its pick changes: it is
 *     held to its pick's gap-1 total instead).
 * Tolerances: regression 5 %, recent weeks 10 %; hourly WAPE (Poisson
 * noise alone on ~165 an hour gives ~6 %) below 0.13. The printed
 * coverage of the 80 % bounds is 0.68-0.84, except the regression at gap
 * 365: 0.30, its upper bound equal to the point (not asserted:
 * wfm/forecast.h promises calibration, not coverage). */
static void
test_lead_hourly(void **state)
{
    (void)state;
    wfm_history *h = load_history(WFM_EXAMPLES_DATA_DIR, "nyc_ems_hourly.csv");
    wfm_calendar *cal = load_prophet_calendar(WFM_EXAMPLES_DATA_DIR, "holidays_us.csv");
    cells full = cells_of(h);
    assert_int_equal(full.interval, 60);
    /* by method: auto (unused: held to its pick's), regression, recent weeks */
    const double tol[N_METHODS] = { 0.0, 0.05, 0.10 };
    const double wape[N_METHODS] = { 0.0, 0.13, 0.13 };
    lead_times(&full, cal, wt_day_of("2017-11-01"), 28, tol, wape, "NYC hourly");
    free(full.volume);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* The online retailer: under a year of history (from 1 December 2010, so
 * the season it shows began before it), closed on Saturdays. From
 * histories ending 1, 30, 61 and 120 days before 1 November 2011, every
 * method forecasts 38 days: each Saturday exactly 0 with bounds 0 (no
 * orders on any Saturday of the history), every other day finite, > 0 and
 * inside its bounds. Measured WAPE against the actuals, gaps 1 / 30 / 61 /
 * 120: auto 0.174 / 0.167 / 0.299 / 0.262 (the season's days from the
 * regression, at recent weeks' level up to gap 30: 0.365 and 0.415 at
 * gaps 61 and 120 when that level, from August or June, was applied
 * too), regression 0.198 / 0.231 / 0.274 / 0.194, recent weeks 0.286 /
 * 0.233 / 0.506 / 0.559 (the level climbed 40 % from August to November,
 * which no history before it shows). Asserted: below 0.35 (auto and
 * regression), 0.6 (recent weeks). */
static void
test_lead_retailer(void **state)
{
    (void)state;
    wfm_history *h = load_history(test_data_dir(), "volume/online_retail_daily.csv");
    wfm_calendar *cal =
        load_prophet_calendar(test_data_dir(), "volume/online_retail_holidays_uk.csv");
    cells full = cells_of(h);
    static const int32_t gaps[] = { 1, 30, 61, 120 };
    int32_t start = wt_day_of("2011-11-01"), days = 38;
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
            result r = run_until(f, &full, cal, start - gaps[g], start, days);
            char what[96];
            snprintf(what, sizeof what, "retailer %s gap %d", wfm_forecast_method_name(METHODS[m]),
                     (int)gaps[g]);
            double wape = wape_of(&r, &full);
            printf("# %s: WAPE %.4f, picked %s\n", what, wape, wfm_forecast_method_name(r.method));
            for (int32_t k = 0; k < days; k++) {
                double p = r.point[k], lo = r.lower[k], up = r.upper[k];
                bool saturday = wt_weekday_of(start + k) == 6;
                if (saturday ? !(p == 0.0 && lo == 0.0 && up == 0.0)
                             : !(isfinite(lo) && isfinite(up) && lo >= 0.0 && lo <= p && p <= up &&
                                 p > 0.0))
                    fail_msg("%s: day %d (%s): point %g lower %g upper %g", what, (int)k,
                             saturday ? "Saturday" : "open", p, lo, up);
            }
            double max_wape = METHODS[m] == WFM_FORECAST_RECENT_WEEKS ? 0.6 : 0.35;
            if (!(wape < max_wape))
                fail_msg("%s: WAPE %.4f >= %.2f", what, wape, max_wape);
            result_free(&r);
        }
        wfm_forecast_free(f);
    }
    free(full.volume);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* A planner's own one-off event, forecast from history that ends five
 * months before: every day finite, > 0 and inside its bounds. Measured
 * WAPE against the actuals at commit 457a01c: 0.0515 (auto = regression),
 * 0.0719 (recent weeks); 2017-05-09 (actual 4050) forecast 4238 and 4057. */
static void
test_lead_custom_event(void **state)
{
    (void)state;
    wfm_history *h = load_history(test_data_dir(), "volume/nyc_ems_daily.csv");
    wfm_calendar *cal = load_prophet_calendar(test_data_dir(), "volume/nyc_ems_holidays_us.csv");
    calendar_add(cal, "wfm-calendar 1\n"
                      "may_launch = dates 2015-05-12, 2016-05-10, 2017-05-09 window=-2..+3\n");
    cells full = cells_of(h);
    wfm_history *until = history_until(&full, wt_day_of("2016-11-30"));
    int32_t start = wt_day_of("2017-05-01");
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, until, cal, start, 31);
        char what[64];
        snprintf(what, sizeof what, "may_launch %s", wfm_forecast_method_name(METHODS[m]));
        assert_sane_open(&r, what);
        double wape = wape_of(&r, &full);
        int32_t k = wt_day_of("2017-05-09") - start;
        printf("# %s: WAPE %.4f; 2017-05-09 forecast %.0f [%.0f, %.0f], actual %.0f\n", what,
               wape, r.point[k], r.lower[k], r.upper[k],
               full.volume[wt_day_of("2017-05-09") - full.first]);
        assert_true(wape < 0.10);
        result_free(&r);
        wfm_forecast_free(f);
    }
    wfm_history_free(until);
    free(full.volume);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* ----------------------------------------------------------- closed days */

/* The synthetic truth: Mon … Sun volumes times a ±8 % yearly sinusoid;
 * 0 on 25 December (when @p xmas_zero) and on Saturdays (when @p sat_closed). */
static const double WEEKDAY_VOLUME[7] = { 1000, 1100, 1050, 1200, 900, 600, 400 };

static double
synthetic_mean(int32_t date, bool xmas_zero, bool sat_closed)
{
    int32_t y, m, d;
    assert_int_equal(wfm_date_to_ymd(date, &y, &m, &d), WFM_OK);
    int32_t wd = wt_weekday_of(date);
    if ((xmas_zero && m == 12 && d == 25) || (sat_closed && wd == 6))
        return 0.0;
    return WEEKDAY_VOLUME[wd - 1] * (1.0 + 0.08 * sin(6.283185307179586 * date / 365.25));
}

/* Hourly shape: open 07:00-21:00, a midday peak. */
static double
hour_share(int j)
{
    static double share[24];
    static bool ready;
    if (!ready) {
        double sum = 0.0;
        for (int i = 0; i < 24; i++) {
            share[i] = i >= 7 && i < 21 ? exp(-0.5 * ((i - 13.5) / 3.5) * ((i - 13.5) / 3.5)) : 0;
            sum += share[i];
        }
        for (int i = 0; i < 24; i++)
            share[i] /= sum;
        ready = true;
    }
    return share[j];
}

/* 2014-01-01 … last, daily (per_day 1) or hourly (24), Poisson noise. */
static wfm_history *
synthetic_history(int32_t last, int per_day, bool xmas_zero, bool sat_closed, uint64_t seed)
{
    int32_t first = wt_day_of("2014-01-01");
    size_t days = (size_t)(last - first + 1), n = days * (size_t)per_day;
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    wt_rng rng = { seed };
    for (size_t d = 0; d < days; d++) {
        double mean = synthetic_mean(first + (int32_t)d, xmas_zero, sat_closed);
        for (int j = 0; j < per_day; j++)
            v[d * (size_t)per_day + (size_t)j] =
                poisson(&rng, per_day == 1 ? mean : mean * hour_share(j));
    }
    wfm_history *h = history_of(first, per_day == 1 ? 1440 : 1440 / per_day, v, n);
    free(v);
    return h;
}

/* A copy of daily history @p h with 0 contacts on @p date. */
static wfm_history *
with_zero_day(const wfm_history *h, int32_t date)
{
    cells c = cells_of(h);
    assert_int_equal(c.per_day, 1);
    c.volume[date - c.first] = 0.0;
    wfm_history *z = history_of(c.first, 1440, c.volume, c.count);
    free(c.volume);
    return z;
}

/* The longest lead, on the synthetic series: the first forecast day 3661
 * days after the last observed one (3660 days in between) is forecast, one
 * more day is refused. The series has no trend, so ten years on its truth
 * is unchanged: measured within 5.3 % (recent weeks, auto picks it) and
 * 7.9 % (regression) at commit 457a01c; asserted within 20 %. */
static void
test_lead_limit(void **state)
{
    (void)state;
    int32_t last = wt_day_of("2016-11-30");
    wfm_history *h = synthetic_history(last, 1, false, false, 3661);
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, NULL, last + 3661, 14);
        char what[64];
        snprintf(what, sizeof what, "lead 3661 %s", wfm_forecast_method_name(METHODS[m]));
        assert_sane_open(&r, what);
        double worst = 0.0;
        for (int32_t k = 0; k < 14; k++)
            worst = fmax(worst, wt_rel_err(r.point[k], synthetic_mean(r.start + k, false, false)));
        printf("# %s: within %.2f %% of the truth\n", what, 100.0 * worst);
        assert_true(worst < 0.20);
        result_free(&r);
        assert_int_equal(wfm_forecast_run(f, h, NULL, last + 3662, 14), WFM_EINVAL);
        printf("# lead 3662: %s\n", wfm_forecast_errmsg(f));
        wfm_forecast_free(f);
    }
    wfm_history_free(h);
}

static void
assert_closed_day(const result *r, int32_t k, const char *what)
{
    int32_t per = per_day_of(r);
    for (int32_t j = 0; j < per; j++) {
        size_t i = (size_t)k * (size_t)per + (size_t)j;
        if (!(r->point[i] == 0.0 && r->lower[i] == 0.0 && r->upper[i] == 0.0))
            fail_msg("%s: closed day %d interval %d: point %g lower %g upper %g", what, (int)k,
                     (int)j, r->point[i], r->lower[i], r->upper[i]);
    }
}

/* Every value finite and inside its bounds; every day but @p closed (-1:
 * none) and closed weekdays (@p sat_closed) has a total > 0 within
 * @p tol of the truth. */
static void
assert_open_days(const result *r, int32_t closed, bool sat_closed, double tol, const char *what)
{
    double worst = 0.0;
    for (size_t i = 0; i < r->count; i++) {
        double p = r->point[i], lo = r->lower[i], up = r->upper[i];
        if (!(isfinite(p) && isfinite(lo) && isfinite(up) && lo >= 0.0 && lo <= p && p <= up))
            fail_msg("%s: value %zu: point %g lower %g upper %g", what, i, p, lo, up);
    }
    for (int32_t k = 0; k < r->days; k++) {
        if (k == closed)
            continue;
        double want = synthetic_mean(r->start + k, false, sat_closed), got = day_total(r, k);
        if (want == 0.0) {
            assert_closed_day(r, k, what);
            continue;
        }
        double err = fabs(got / want - 1.0);
        worst = fmax(worst, err);
        if (!(got > 0.0 && err < tol)) {
            char day[16];
            assert_int_equal(wfm_date_format(r->start + k, day, sizeof day), WFM_OK);
            fail_msg("%s: %s total %.1f, truth %.1f (%.1f %%, tolerance %.0f %%)", what, day, got,
                     want, 100.0 * err, 100.0 * tol);
        }
    }
    printf("# %s: open days within %.2f %% of the truth\n", what, 100.0 * worst);
}

/* Open days of the synthetic series against their truth: measured within
 * 2.4-5.7 % (regression) and 7.7-10.3 % (recent weeks, no yearly terms)
 * daily, 4.0 % / 8.1 % hourly, at commit 457a01c (Poisson noise is ~3 % a
 * day at these volumes). */
static const double OPEN_TOL = 0.15;

/* Every method forecasts day @p closed (days after @p start) of 40 from
 * @p h and @p cal as closed, the other days as assert_open_days() wants. */
static void
assert_closed_every_method(const wfm_history *h, wfm_calendar *cal, int32_t start,
                           int32_t closed, bool sat_closed, const char *label)
{
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, cal, start, 40);
        char what[96];
        snprintf(what, sizeof what, "%s %s", label, wfm_forecast_method_name(METHODS[m]));
        assert_closed_day(&r, closed, what);
        assert_open_days(&r, closed, sat_closed, OPEN_TOL, what);
        result_free(&r);
        wfm_forecast_free(f);
    }
}

/* Christmas had no contacts in each of the 3 past years (Thu, Fri, then
 * Sunday in the forecast year): it forecasts exactly 0, bounds included,
 * with every method, from history ending the day before the forecast or
 * two months before; Christmas Eve and Boxing Day stay ordinary days (the
 * zeros are not fitted: measured 2.8 % and 2.5 % under the truth). */
static void
test_closed_by_history(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), xmas = wt_day_of("2016-12-25") - start;
    wfm_calendar *cal = wt_calendar_of("wfm-calendar 1\n"
                                       "christmas = 12-25\n"
                                       "boxing_day = 12-26\n");
    for (int g = 0; g < 2; g++)
    for (int m = 0; m < N_METHODS; m++) {
        int32_t gap = g == 0 ? 1 : 61;
        wfm_history *h = synthetic_history(start - gap, 1, true, false, 2016);
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, cal, start, 40);
        char what[64];
        snprintf(what, sizeof what, "christmas daily %s gap %d",
                 wfm_forecast_method_name(METHODS[m]), (int)gap);
        assert_closed_day(&r, xmas, what);
        printf("# %s: 12-24 %.1f (truth %.1f), 12-26 %.1f (truth %.1f)\n", what,
               r.point[xmas - 1], synthetic_mean(start + xmas - 1, true, false), r.point[xmas + 1],
               synthetic_mean(start + xmas + 1, true, false));
        assert_true(r.point[xmas - 1] > 0.0 && r.point[xmas + 1] > 0.0);
        assert_open_days(&r, xmas, false, OPEN_TOL, what);
        result_free(&r);
        /* An uplift does not open a closed day. */
        assert_int_equal(wfm_forecast_add_uplift(f, "christmas", 0, 0, 1.5), WFM_OK);
        r = run(f, h, cal, start, 40);
        assert_closed_day(&r, xmas, what);
        result_free(&r);
        wfm_forecast_free(f);
        wfm_history_free(h);
    }
    wfm_calendar_free(cal);
}

/* The same history and no calendar: the Christmas season's dates are an
 * event every history has, so two past Christmases with no contacts close
 * the third, with every method (it forecast an ordinary Sunday, ~400,
 * before). One past Christmas alone (the history cut to start in 2015)
 * does not close it without a calendar — one December's zero may be an
 * outage — and does with one that names Christmas. */
static void
test_closed_by_history_without_calendar(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), xmas = wt_day_of("2016-12-25") - start;
    wfm_history *h = synthetic_history(start - 1, 1, true, false, 2016);
    assert_closed_every_method(h, NULL, start, xmas, false, "christmas, no calendar,");
    cells c = cells_of(h);
    int32_t from = wt_day_of("2015-01-01");
    wfm_history *one = history_of(from, 1440, c.volume + (from - c.first),
                                  c.count - (size_t)(from - c.first));
    wfm_calendar *cal = wt_calendar_of("wfm-calendar 1\nchristmas = 12-25\n");
    wfm_forecast *f = NULL;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    result r = run(f, one, NULL, start, 40);
    printf("# one past Christmas, no calendar: 2016-12-25 %.1f [%.1f, %.1f]\n", r.point[xmas],
           r.lower[xmas], r.upper[xmas]);
    assert_true(r.point[xmas] > 0.0 && r.upper[xmas] > r.point[xmas]);
    result_free(&r);
    r = run(f, one, cal, start, 40);
    assert_closed_day(&r, xmas, "one past Christmas, calendar");
    result_free(&r);
    wfm_forecast_free(f);
    wfm_calendar_free(cal);
    wfm_history_free(one);
    free(c.volume);
    wfm_history_free(h);
}

/* One past Christmas without contacts (2014, a Thursday) and one with
 * (2015): not a closed day (the rule needs every counted occurrence at 0),
 * and "nothing else forecasts 0" (wfm/forecast.h): an open Sunday whose
 * weekday had contacts every week must forecast > 0. The truth is unknown
 * (half an ordinary Sunday, ~200, is the natural reading); only > 0 and the
 * bounds are asserted. */
static void
test_not_closed_by_one_zero(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), xmas = wt_day_of("2016-12-25") - start;
    wfm_history *normal = synthetic_history(start - 1, 1, false, false, 1225);
    wfm_history *h = with_zero_day(normal, wt_day_of("2014-12-25"));
    wfm_calendar *cal = wt_calendar_of("wfm-calendar 1\nchristmas = 12-25\n");
    int failed = 0;
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, cal, start, 40);
        bool ok = r.point[xmas] > 0.0 && r.lower[xmas] <= r.point[xmas] &&
                  r.point[xmas] < r.upper[xmas];
        printf("# one zero christmas %s (picked %s): 2016-12-25 %.1f [%.1f, %.1f] (ordinary "
               "Sunday %.1f)%s\n",
               wfm_forecast_method_name(METHODS[m]), wfm_forecast_method_name(r.method),
               r.point[xmas], r.lower[xmas], r.upper[xmas],
               synthetic_mean(start + xmas, false, false), ok ? "" : "  <-- forecast 0");
        failed += !ok;
        assert_open_days(&r, xmas, false, OPEN_TOL, "one zero christmas");
        result_free(&r);
        wfm_forecast_free(f);
    }
    wfm_calendar_free(cal);
    wfm_history_free(h);
    wfm_history_free(normal);
    if (failed > 0)
        fail_msg("an open day (an event with contacts at one of its two past occurrences) "
                 "forecast 0 by %d of %d methods",
                 failed, (int)N_METHODS);
}

/* A calendar event marked closed forecasts 0 although its past occurrences
 * had ordinary volume. */
static void
test_closed_by_calendar(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), stocktake = wt_day_of("2016-12-07") - start;
    wfm_history *h = synthetic_history(start - 1, 1, false, false, 77);
    wfm_calendar *cal = wt_calendar_of("wfm-calendar 1\nstocktake = 12-07 closed\n");
    assert_closed_every_method(h, cal, start, stocktake, false, "stocktake");
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* Saturdays are always closed. An event fell on a Saturday in 2014 and 2015
 * (no contacts: the centre was shut, the event says nothing) and falls on a
 * Wednesday in the forecast: it is an open day. */
static void
test_closed_weekday_occurrences(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), fair = wt_day_of("2016-12-14") - start;
    assert_int_equal(wt_weekday_of(wt_day_of("2014-12-13")), 6);
    assert_int_equal(wt_weekday_of(wt_day_of("2015-12-12")), 6);
    assert_int_equal(wt_weekday_of(start + fair), 3);
    wfm_history *h = synthetic_history(start - 1, 1, false, true, 5);
    wfm_calendar *cal =
        wt_calendar_of("wfm-calendar 1\nfair = dates 2014-12-13, 2015-12-12, 2016-12-14\n");
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, cal, start, 40);
        char what[64];
        snprintf(what, sizeof what, "saturday-closed %s", wfm_forecast_method_name(METHODS[m]));
        printf("# %s: 2016-12-14 %.1f (truth %.1f)\n", what, r.point[fair],
               synthetic_mean(start + fair, false, true));
        assert_true(r.point[fair] > 0.0);
        /* Saturdays are 0 (a weekday without contacts in 8 weeks), every
         * other day open, the fair included. */
        assert_open_days(&r, -1, true, OPEN_TOL, what);
        result_free(&r);
        wfm_forecast_free(f);
    }
    wfm_calendar_free(cal);

    /* The event on a Saturday in 2014 (shut: ignored) and on a Wednesday
     * in 2015 without contacts: the one occurrence that counts had none,
     * so the forecast Wednesday is closed. */
    assert_int_equal(wt_weekday_of(wt_day_of("2015-12-16")), 3);
    wfm_history *z = with_zero_day(h, wt_day_of("2015-12-16"));
    cal = wt_calendar_of("wfm-calendar 1\nfair = dates 2014-12-13, 2015-12-16, 2016-12-14\n");
    assert_closed_every_method(z, cal, start, fair, true, "saturday-closed, fair shut");
    wfm_calendar_free(cal);
    wfm_history_free(z);
    wfm_history_free(h);
}

/* The same at 60-minute intervals: Christmas's 24 intervals are 0, bounds
 * included; so are the calendar-closed day's. */
static void
test_closed_intraday(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2016-12-01"), xmas = wt_day_of("2016-12-25") - start;
    int32_t shut = wt_day_of("2016-12-07") - start;
    wfm_history *h = synthetic_history(start - 1, 24, true, false, 60);
    wfm_calendar *cal = wt_calendar_of("wfm-calendar 1\n"
                                       "christmas = 12-25\n"
                                       "boxing_day = 12-26\n");
    wfm_calendar *shut_cal = wt_calendar_of("wfm-calendar 1\n"
                                            "christmas = 12-25\n"
                                            "boxing_day = 12-26\n"
                                            "stocktake = 12-07 closed\n");
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result r = run(f, h, cal, start, 40);
        char what[64];
        snprintf(what, sizeof what, "christmas hourly %s", wfm_forecast_method_name(METHODS[m]));
        assert_closed_day(&r, xmas, what);
        assert_true(day_total(&r, xmas - 1) > 0.0 && day_total(&r, xmas + 1) > 0.0);
        assert_open_days(&r, xmas, false, OPEN_TOL, what);
        result_free(&r);

        r = run(f, h, shut_cal, start, 40);
        assert_closed_day(&r, xmas, what);
        assert_closed_day(&r, shut, what);
        for (int32_t k = 0; k < r.days; k++)
            if (k != xmas && k != shut)
                assert_true(day_total(&r, k) > 0.0);
        result_free(&r);
        wfm_forecast_free(f);
    }
    wfm_calendar_free(shut_cal);
    wfm_calendar_free(cal);
    wfm_history_free(h);
}

/* --------------------------------------------------------------- uplifts */

/* @p up against @p base: every value of day @p day is @p factor times the
 * base's (relative 1e-12) and inside its bounds; every other day's point,
 * lower and upper are bit-identical. */
static void
assert_uplifted(const result *base, const result *up, int32_t day, double factor,
                const char *what)
{
    assert_int_equal(up->count, base->count);
    assert_int_equal(up->method, base->method);
    int32_t per = per_day_of(base);
    for (size_t i = 0; i < base->count; i++) {
        if ((int32_t)(i / (size_t)per) == day) {
            if (!(wt_rel_err(up->point[i], factor * base->point[i]) < 1e-12))
                fail_msg("%s: value %zu: %.17g, want %g x %.17g", what, i, up->point[i], factor,
                         base->point[i]);
            assert_true(up->lower[i] <= up->point[i] && up->point[i] <= up->upper[i]);
        } else if (!(up->point[i] == base->point[i] && up->lower[i] == base->lower[i] &&
                     up->upper[i] == base->upper[i])) {
            fail_msg("%s: value %zu (day %zu) changed: point %.17g -> %.17g, lower %.17g -> "
                     "%.17g, upper %.17g -> %.17g",
                     what, i, i / (size_t)per, base->point[i], up->point[i], base->lower[i],
                     up->lower[i], base->upper[i], up->upper[i]);
        }
    }
}

/* Thanksgiving +20 %, every method, on @p h: the day is 1.2 times the
 * forecast without the uplift (which includes the learned effect). */
static void
thanksgiving_uplift(const wfm_history *h, wfm_calendar *cal, int32_t start, int32_t days,
                    const char *name)
{
    int32_t day = wt_day_of("2017-11-23") - start;
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result base = run(f, h, cal, start, days);
        assert_int_equal(wfm_forecast_add_uplift(f, "thanksgiving", 0, 0, 0.2), WFM_OK);
        result up = run(f, h, cal, start, days);
        char what[96];
        snprintf(what, sizeof what, "%s %s thanksgiving +20 %%", name,
                 wfm_forecast_method_name(METHODS[m]));
        printf("# %s: day total %.3f -> %.3f (x %.15f)\n", what, day_total(&base, day),
               day_total(&up, day), day_total(&up, day) / day_total(&base, day));
        assert_uplifted(&base, &up, day, 1.2, what);
        result_free(&up);
        result_free(&base);
        wfm_forecast_free(f);
    }
}

/* An uplift multiplies the forecast, learned event effect included, on the
 * days it covers and on no other (daily and hourly, with and without a
 * lead); for an event without history it scales an ordinary day's
 * forecast; a closed day stays 0. */
static void
test_uplift_multiplies(void **state)
{
    (void)state;
    wfm_history *full = load_history(test_data_dir(), "volume/nyc_ems_daily.csv");
    cells c = cells_of(full);
    int32_t start = wt_day_of("2017-11-01");
    wfm_history *h = history_until(&c, start - 1);
    wfm_history *gapped = history_until(&c, start - 61);
    wfm_calendar *cal = load_prophet_calendar(test_data_dir(), "volume/nyc_ems_holidays_us.csv");
    thanksgiving_uplift(h, cal, start, 61, "NYC daily");
    thanksgiving_uplift(gapped, cal, start, 61, "NYC daily gap 61");
    wfm_history_free(gapped);

    wfm_history *hourly_full = load_history(WFM_EXAMPLES_DATA_DIR, "nyc_ems_hourly.csv");
    cells hc = cells_of(hourly_full);
    wfm_history *hourly = history_until(&hc, start - 1);
    wfm_calendar *hourly_cal = load_prophet_calendar(WFM_EXAMPLES_DATA_DIR, "holidays_us.csv");
    thanksgiving_uplift(hourly, hourly_cal, start, 28, "NYC hourly");
    wfm_calendar_free(hourly_cal);
    wfm_history_free(hourly);
    free(hc.volume);
    wfm_history_free(hourly_full);

    wfm_forecast *f = NULL;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    result base = run(f, h, cal, start, 61);
    wfm_forecast_free(f);
    result up;

    /* A one-off event with no past occurrence: without an uplift it
     * changes nothing; +250 % makes its day 3.5 times that forecast. */
    calendar_add(cal, "wfm-calendar 1\npromo = 2017-12-15\n");
    int32_t promo = wt_day_of("2017-12-15") - start;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    result plain = run(f, h, cal, start, 61);
    double moved = 0.0;
    for (int32_t k = 0; k < 61; k++)
        moved = fmax(moved, wt_rel_err(plain.point[k], base.point[k]));
    printf("# promo without an uplift: largest relative change %.3g\n", moved);
    assert_true(moved < 1e-9);
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 0, 0, 2.5), WFM_OK);
    up = run(f, h, cal, start, 61);
    printf("# promo: %.3f -> %.3f (x %.15f)\n", plain.point[promo], up.point[promo],
           up.point[promo] / plain.point[promo]);
    assert_uplifted(&plain, &up, promo, 3.5, "promo +250 %");
    result_free(&up);
    result_free(&plain);
    wfm_forecast_free(f);

    /* A closed day stays 0 under its own event's uplift and under another
     * event's uplift that reaches it (christmas − 20 = 2017-12-05). */
    calendar_add(cal, "wfm-calendar 1\nshutdown = 2017-12-05 closed\n");
    int32_t shut = wt_day_of("2017-12-05") - start;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "shutdown", 0, 0, 1.0), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "christmas", -20, -20, 0.5), WFM_OK);
    up = run(f, h, cal, start, 61);
    assert_closed_day(&up, shut, "shutdown under uplifts");
    for (int32_t k = 0; k < 61; k++)
        if (k != shut)
            assert_true(up.point[k] > 0.0);
    result_free(&up);
    wfm_forecast_free(f);

    result_free(&base);
    wfm_calendar_free(cal);
    wfm_history_free(h);
    free(c.volume);
    wfm_history_free(full);
}

/* ------------------------------------------------------------- stability */

/* The forecast of a day does not depend on how many days are asked for:
 * every day two runs share is bit-identical (point, lower, upper), with
 * every method. */
static void
stability(const wfm_history *h, wfm_calendar *cal, int32_t start, const int32_t *days,
          size_t n_days, const char *name)
{
    for (int m = 0; m < N_METHODS; m++) {
        wfm_forecast *f = forecaster(METHODS[m]);
        result longest = run(f, h, cal, start, days[n_days - 1]);
        for (size_t i = 0; i + 1 < n_days; i++) {
            result r = run(f, h, cal, start, days[i]);
            assert_int_equal(r.method, longest.method);
            for (size_t v = 0; v < r.count; v++)
                if (!(r.point[v] == longest.point[v] && r.lower[v] == longest.lower[v] &&
                      r.upper[v] == longest.upper[v]))
                    fail_msg("%s %s: %d days vs %d: value %zu: point %.17g / %.17g, lower "
                             "%.17g / %.17g, upper %.17g / %.17g",
                             name, wfm_forecast_method_name(METHODS[m]), (int)days[i],
                             (int)days[n_days - 1], v, r.point[v], longest.point[v], r.lower[v],
                             longest.lower[v], r.upper[v], longest.upper[v]);
            result_free(&r);
        }
        result_free(&longest);
        wfm_forecast_free(f);
    }
}

/* Daily 7 … 61 days and hourly 7 … 28 days from 2017-11-01, from history
 * ending the day before and 120 days before. */
static void
test_days_independent(void **state)
{
    (void)state;
    int32_t start = wt_day_of("2017-11-01");
    wfm_history *full = load_history(test_data_dir(), "volume/nyc_ems_daily.csv");
    cells c = cells_of(full);
    wfm_calendar *cal = load_prophet_calendar(test_data_dir(), "volume/nyc_ems_holidays_us.csv");
    const int32_t daily[] = { 7, 14, 21, 42, 61 };
    for (int g = 0; g < 2; g++) {
        wfm_history *h = history_until(&c, start - (g == 0 ? 1 : 120));
        stability(h, cal, start, daily, sizeof daily / sizeof *daily,
                  g == 0 ? "NYC daily" : "NYC daily gap 120");
        wfm_history_free(h);
    }
    wfm_calendar_free(cal);
    free(c.volume);
    wfm_history_free(full);

    full = load_history(WFM_EXAMPLES_DATA_DIR, "nyc_ems_hourly.csv");
    c = cells_of(full);
    cal = load_prophet_calendar(WFM_EXAMPLES_DATA_DIR, "holidays_us.csv");
    const int32_t hourly[] = { 7, 14, 21, 28 };
    for (int g = 0; g < 2; g++) {
        wfm_history *h = history_until(&c, start - (g == 0 ? 1 : 120));
        stability(h, cal, start, hourly, sizeof hourly / sizeof *hourly,
                  g == 0 ? "NYC hourly" : "NYC hourly gap 120");
        wfm_history_free(h);
    }
    wfm_calendar_free(cal);
    free(c.volume);
    wfm_history_free(full);
}

int
main(void)
{
    wt_gsl_install();
#define T(fn) cmocka_unit_test_teardown(fn, wt_gsl_teardown)
    const struct CMUnitTest tests[] = {
        T(test_lead_daily),
        T(test_lead_hourly),
        T(test_lead_short_history),
        T(test_lead_retailer),
        T(test_lead_custom_event),
        T(test_lead_limit),
        T(test_closed_by_history),
        T(test_closed_by_history_without_calendar),
        T(test_not_closed_by_one_zero),
        T(test_closed_by_calendar),
        T(test_closed_weekday_occurrences),
        T(test_closed_intraday),
        T(test_uplift_multiplies),
        T(test_days_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
