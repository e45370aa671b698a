/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Forecasts that one bad day cannot poison, and that never hand out a
 * non-finite number with WFM_OK (wfm/forecast.h, "Gross outliers"), through
 * the public API: the NYC EMS daily series and the NA bank's 30-minute
 * series (tests/data/volume) with one day corrupted, each forecast checked
 * against the same forecast from the clean history.
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

#include "wfm.h"

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif

static const char *
path_of(const char *name)
{
    static char path[4096];
    const char *dir = getenv("WFM_TEST_DATA");
    snprintf(path, sizeof path, "%s/volume/%s", dir && dir[0] ? dir : WFM_TEST_DATA_DIR, name);
    return path;
}

static int32_t
day_of(const char *text)
{
    int32_t date;
    assert_int_equal(wfm_date_parse(text, &date), WFM_OK);
    return date;
}

/* A history's cells, to corrupt and load back. */
typedef struct {
    int32_t first, days, interval;
    size_t count;
    double *volume;
} grid;

static grid
load(const char *name)
{
    wfm_history *h;
    grid g = { 0 };
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_read_file(h, path_of(name)), WFM_OK);
    assert_int_equal(wfm_history_span(h, &g.first, &g.days, &g.interval), WFM_OK);
    assert_int_equal(wfm_history_copy(h, NULL, NULL, 0, &g.count), WFM_ERANGE);
    g.volume = malloc(g.count * sizeof *g.volume);
    assert_non_null(g.volume);
    assert_int_equal(wfm_history_copy(h, g.volume, NULL, g.count, &g.count), WFM_OK);
    wfm_history_free(h);
    return g;
}

static wfm_history *
history_of(const grid *g)
{
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, g->first, g->interval, g->volume, NULL, g->count),
                     WFM_OK);
    return h;
}

static wfm_calendar *
nyc_calendar(void)
{
    wfm_calendar *c;
    assert_int_equal(wfm_calendar_new(&c), WFM_OK);
    assert_int_equal(wfm_calendar_add_prophet_file(c, path_of("nyc_ems_holidays_us.csv")),
                     WFM_OK);
    return c;
}

/* Runs `method` and copies the points (and checks every value is finite). */
static double *
run(const wfm_history *h, wfm_calendar *c, int32_t method, int32_t start, int32_t days,
    size_t *count)
{
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, method), WFM_OK);
    int32_t st = wfm_forecast_run(f, h, c, start, days);
    if (st != WFM_OK)
        fail_msg("run: %s", wfm_forecast_errmsg(f));
    assert_int_equal(wfm_forecast_copy(f, NULL, NULL, NULL, 0, count), WFM_ERANGE);
    double *p = malloc(*count * sizeof *p), *lo = malloc(*count * sizeof *lo),
           *hi = malloc(*count * sizeof *hi);
    assert_true(p && lo && hi);
    assert_int_equal(wfm_forecast_copy(f, p, lo, hi, *count, count), WFM_OK);
    for (size_t i = 0; i < *count; i++)
        assert_true(isfinite(p[i]) && isfinite(lo[i]) && isfinite(hi[i]));
    free(lo);
    free(hi);
    wfm_forecast_free(f);
    return p;
}

static double
total(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* One day of 10⁸ calls (25,000 times a normal day: a unit slip) or of 0
 * (an outage that recorded nothing) among NYC EMS's 2,860 days: every
 * method's 61-day forecast stays within 0.5 % of the clean history's (it
 * was 1.7e10 contacts a week for the least-squares regression before bad
 * days were screened out). */
static void
test_one_bad_day_daily(void **state)
{
    (void)state;
    grid g = load("nyc_ems_daily.csv");
    wfm_calendar *c = nyc_calendar();
    int32_t start = day_of("2017-11-01");
    size_t bad = (size_t)(day_of("2016-03-15") - g.first);
    static const int32_t methods[] = { WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION,
                                       WFM_FORECAST_RECENT_WEEKS };
    static const double corrupt[] = { 1e8, 0.0 };
    wfm_history *clean = history_of(&g);
    for (size_t m = 0; m < 3; m++) {
        size_t n;
        double *ref = run(clean, c, methods[m], start, 61, &n);
        for (size_t k = 0; k < 2; k++) {
            double keep = g.volume[bad];
            g.volume[bad] = corrupt[k];
            wfm_history *h = history_of(&g);
            size_t n2;
            double *p = run(h, c, methods[m], start, 61, &n2);
            assert_int_equal(n, n2);
            double moved = total(p, n) / total(ref, n) - 1.0;
            print_message("# %s, one day of %g: 61-day total %+.4f %% of the clean one\n",
                          wfm_forecast_method_name(methods[m]), corrupt[k], 100.0 * moved);
            assert_true(fabs(moved) < 0.005);
            free(p);
            wfm_history_free(h);
            g.volume[bad] = keep;
        }
        free(ref);
    }
    wfm_history_free(clean);
    wfm_calendar_free(c);
    free(g.volume);
}

/* The same for one 30-minute interval of 10⁸ calls in the NA bank's last
 * training week (a day whose total is ~3,000 times its weekday's) and a
 * whole day of zeros: the 14-day forecast within 0.3 % of the clean one
 * (the day of zeros moved it 0.32 % before bad days were screened out). */
static void
test_one_bad_interval_intraday(void **state)
{
    (void)state;
    grid g = load("na_bank_2003_30min.csv");
    int32_t start = day_of("2003-08-11"), per_day = 1440 / g.interval;
    size_t day = (size_t)(day_of("2003-08-05") - g.first);
    wfm_history *clean = history_of(&g);
    size_t n;
    double *ref = run(clean, NULL, WFM_FORECAST_AUTO, start, 14, &n);
    for (int k = 0; k < 2; k++) {
        double *keep = malloc((size_t)per_day * sizeof *keep);
        assert_non_null(keep);
        memcpy(keep, g.volume + day * (size_t)per_day, (size_t)per_day * sizeof *keep);
        if (k == 0)
            g.volume[day * (size_t)per_day + 10] = 1e8;
        else
            for (int32_t j = 0; j < per_day; j++)
                if (!isnan(g.volume[day * (size_t)per_day + (size_t)j]))
                    g.volume[day * (size_t)per_day + (size_t)j] = 0.0;
        wfm_history *h = history_of(&g);
        size_t n2;
        double *p = run(h, NULL, WFM_FORECAST_AUTO, start, 14, &n2);
        double moved = total(p, n2) / total(ref, n) - 1.0;
        print_message("# NA bank, %s: 14-day total %+.4f %% of the clean one\n",
                      k == 0 ? "one interval of 1e8" : "a day of zeros", 100.0 * moved);
        assert_true(fabs(moved) < 0.003);
        memcpy(g.volume + day * (size_t)per_day, keep, (size_t)per_day * sizeof *keep);
        free(keep);
        free(p);
        wfm_history_free(h);
    }
    free(ref);
    wfm_history_free(clean);
    free(g.volume);
}

/* Volumes so large the models' arithmetic overflows (10³⁰⁰ a day) give a
 * status and a message, never WFM_OK with NaN or infinite bounds; a
 * history at the top of the real range (10⁷ a day) forecasts finite
 * values. */
static void
test_never_non_finite(void **state)
{
    (void)state;
    enum { N = 120 };
    static const double levels[] = { 1e7, 1e150, 1e300 };
    static const int32_t methods[] = { WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION,
                                       WFM_FORECAST_RECENT_WEEKS };
    double y[N];
    int32_t first = day_of("2020-01-06");
    for (size_t l = 0; l < 3; l++)
        for (size_t m = 0; m < 3; m++) {
            for (size_t i = 0; i < N; i++) /* weekdays, and noise the fit cannot explain */
                y[i] = levels[l] * (1.0 + 0.1 * (double)(i % 7) + 0.05 * (double)(i * i % 11));
            wfm_history *h;
            wfm_forecast *f;
            assert_int_equal(wfm_history_new(&h), WFM_OK);
            int32_t st = wfm_history_set_series(h, first, 1440, y, NULL, N);
            assert_int_equal(wfm_forecast_new(&f), WFM_OK);
            assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, methods[m]), WFM_OK);
            if (st == WFM_OK)
                st = wfm_forecast_run(f, h, NULL, first + N, 28);
            print_message("# level %g, %s: status %d %s\n", levels[l],
                          wfm_forecast_method_name(methods[m]), (int)st,
                          st == WFM_OK ? "" : wfm_forecast_errmsg(f));
            if (st == WFM_OK) {
                double p[28], lo[28], hi[28];
                size_t count;
                assert_int_equal(wfm_forecast_copy(f, p, lo, hi, 28, &count), WFM_OK);
                for (size_t i = 0; i < count; i++)
                    assert_true(isfinite(p[i]) && isfinite(lo[i]) && isfinite(hi[i]) &&
                                lo[i] <= p[i] && p[i] <= hi[i]);
            } else {
                assert_true(st == WFM_ERANGE || st == WFM_EINVAL);
                assert_true(strlen(wfm_forecast_errmsg(f)) > 0 ||
                            strlen(wfm_history_errmsg(h)) > 0);
            }
            if (l == 0)
                assert_int_equal(st, WFM_OK);
            wfm_forecast_free(f);
            wfm_history_free(h);
        }
}

/* One finite but huge volume among NYC EMS's days, where bounds used to
 * come out NaN with WFM_OK (10²⁰⁰): now an input error naming the day; at
 * the largest volume a history may hold (10⁹, 250,000 normal days) every
 * method forecasts finite values within 0.5 % of the clean history's. */
static void
test_one_huge_day(void **state)
{
    (void)state;
    grid g = load("nyc_ems_daily.csv");
    int32_t start = day_of("2017-11-01");
    size_t bad = (size_t)(day_of("2017-10-10") - g.first);
    static const int32_t methods[] = { WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION,
                                       WFM_FORECAST_RECENT_WEEKS };
    wfm_history *clean = history_of(&g);
    g.volume[bad] = 1e200;
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, g.first, g.interval, g.volume, NULL, g.count),
                     WFM_EINVAL);
    char index[32];
    snprintf(index, sizeof index, "[%zu]", bad);
    assert_non_null(strstr(wfm_history_errmsg(h), index));
    wfm_history_free(h);
    g.volume[bad] = 1e9;
    h = history_of(&g);
    for (size_t m = 0; m < 3; m++) {
        size_t n, n2;
        double *ref = run(clean, NULL, methods[m], start, 28, &n);
        double *p = run(h, NULL, methods[m], start, 28, &n2);
        double moved = total(p, n2) / total(ref, n) - 1.0;
        print_message("# %s, one day of 1e9: 28-day total %+.4f %%\n",
                      wfm_forecast_method_name(methods[m]), 100.0 * moved);
        assert_true(fabs(moved) < 0.005);
        free(ref);
        free(p);
    }
    wfm_history_free(h);
    wfm_history_free(clean);
    free(g.volume);
}

/* A daily history with gaps of months (390 days of NYC EMS over 800:
 * 2015-10-24 .. 11-11, 2016-03-21 .. 08-20, 2017-05-28 .. 11-30), found by
 * the forecast-plan fuzzer: the regression's yearly harmonics, fitted as
 * if the span were full, forecast infinity and the run failed with
 * WFM_ERANGE for every method but recent weeks. Every method forecasts
 * December 2017 now, within 10 % WAPE of the actuals. */
static void
test_history_with_long_gaps(void **state)
{
    (void)state;
    grid g = load("nyc_ems_daily.csv");
    static const char *const runs[][2] = { { "2015-10-24", "2015-11-11" },
                                           { "2016-03-21", "2016-08-20" },
                                           { "2017-05-28", "2017-11-30" } };
    int32_t start = day_of("2017-12-01");
    double *actual = malloc(31 * sizeof *actual);
    assert_non_null(actual);
    for (int32_t d = 0; d < 31; d++)
        actual[d] = g.volume[start - g.first + d];
    for (int32_t d = 0; d < g.days; d++) {
        int32_t date = g.first + d;
        bool kept = false;
        for (size_t r = 0; r < 3; r++)
            kept |= date >= day_of(runs[r][0]) && date <= day_of(runs[r][1]);
        if (!kept)
            g.volume[d] = NAN;
    }
    wfm_history *h = history_of(&g);
    static const int32_t methods[] = { WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION,
                                       WFM_FORECAST_RECENT_WEEKS };
    for (size_t m = 0; m < 3; m++) {
        size_t n;
        double *p = run(h, NULL, methods[m], start, 31, &n);
        double wape;
        assert_int_equal(wfm_accuracy_wape(p, actual, n, &wape), WFM_OK);
        print_message("# gaps, %s: December 2017 WAPE %.4f\n",
                      wfm_forecast_method_name(methods[m]), wape);
        for (size_t i = 0; i < n; i++)
            assert_true(p[i] > 0.0);
        assert_true(wape < 0.10);
        free(p);
    }
    wfm_history_free(h);
    free(actual);
    free(g.volume);
}

/* A retailer's noise-free day: 1,000 contacts × its weekday's factor ×
 * the ramp to Christmas (up to ×1.8 on Christmas Eve from 13 November).
 * Christmas Day is an ordinary day here: no calendar is needed. */
static double
retail_truth(int32_t date)
{
    static const double weekday[7] = { 1.0, 0.95, 0.95, 0.9, 1.05, 0.8, 0.6 }; /* Mon … Sun */
    int32_t year, month, day, iso_weekday, christmas;
    assert_int_equal(wfm_date_to_ymd(date, &year, &month, &day), WFM_OK);
    assert_int_equal(wfm_date_weekday(date, &iso_weekday), WFM_OK);
    assert_int_equal(wfm_date_from_ymd(year, 12, 25, &christmas), WFM_OK);
    double ramp = 1.0;
    int32_t before = christmas - date;
    if (before >= 1 && before <= 42)
        ramp += 0.8 * pow((43.0 - before) / 42.0, 2.0);
    return 1000.0 * weekday[iso_weekday - 1] * ramp;
}

/* That retailer's days from @p first to the day before @p start with ±3 %
 * noise (seeded), volume × @p factor from @p from to @p to. */
static wfm_history *
retail_history(int32_t first, int32_t start, int32_t from, int32_t to, double factor,
               uint32_t seed)
{
    size_t n = (size_t)(start - first);
    double *y = malloc(n * sizeof *y);
    assert_non_null(y);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        double u = (double)(seed >> 8) / 16777216.0; /* [0, 1) */
        int32_t date = first + (int32_t)i;
        double f = date >= from && date <= to ? factor : 1.0;
        y[i] = round(retail_truth(date) * f * (0.97 + 0.06 * u));
    }
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, first, 1440, y, NULL, n), WFM_OK);
    free(y);
    return h;
}

/* Four years of that retailer with ±3 % noise, and days of last December
 * corrupted: three days at a tenth of their volume (an outage the data
 * kept), or one at four times (a promotion no calendar names). The same
 * days this December, forecast from the day after the history, stay
 * within 8 % of their true volume; least squares carried the outage into
 * this December's season (−22 %) and the spike (+17 %) before transient
 * outliers were left out of the regression. The same days with the
 * history clean are the control. With one past season (22 months), the
 * outage's days are left out and their season effects bridged from their
 * neighbours (before the bridge: no effect at all, −30 %). */
static void
test_last_decembers_outage(void **state)
{
    (void)state;
    int32_t start = day_of("2023-11-01");
    static const struct {
        const char *first, *from;
        int32_t days;
        double factor;
    } cases[] = { { "2019-11-01", "2022-12-12", 0, 1.0 },
                  { "2019-11-01", "2022-12-12", 3, 0.1 },
                  { "2019-11-01", "2022-12-14", 1, 4.0 },
                  /* one past season: the days left out are bridged */
                  { "2022-01-01", "2022-12-12", 3, 0.1 } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int32_t from = day_of(cases[c].from);
        wfm_history *h = retail_history(day_of(cases[c].first), start, from,
                                        from + cases[c].days - 1, cases[c].factor, 12345);
        size_t count;
        double *p = run(h, NULL, WFM_FORECAST_AUTO, start, 61, &count);
        for (int32_t k = 0; k < 3; k++) {
            int32_t date = from + 364 + k; /* the same weekday a year on */
            double truth = retail_truth(date), f = p[date - start];
            print_message("# history from %s, last December x%g on %d day(s) from %s: this "
                          "year's day %d %+.1f %% of the truth\n",
                          cases[c].first, cases[c].factor, (int)cases[c].days, cases[c].from,
                          (int)k, 100.0 * (f / truth - 1.0));
            assert_true(fabs(f / truth - 1.0) < 0.08);
        }
        free(p);
        wfm_history_free(h);
    }
}

/* Auto's November-December total from @p h (61 days from @p start) over
 * @p level times the truth's, less 1; with @p step_date, the level step
 * the same run followed (wfm_forecast_level_step()). */
static double
nov_dec_error(const wfm_history *h, int32_t start, double level, int32_t *step_date,
              double *step_factor)
{
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_run(f, h, NULL, start, 61), WFM_OK);
    double p[61], forecast = 0.0, truth = 0.0;
    size_t count;
    assert_int_equal(wfm_forecast_copy(f, p, NULL, NULL, 61, &count), WFM_OK);
    assert_int_equal(count, 61);
    for (size_t k = 0; k < count; k++) {
        assert_true(isfinite(p[k]));
        forecast += p[k], truth += level * retail_truth(start + (int32_t)k);
    }
    if (step_date != NULL)
        assert_int_equal(wfm_forecast_level_step(f, step_date, step_factor), WFM_OK);
    wfm_forecast_free(f);
    return forecast / truth - 1.0;
}

/* The same retailer with one year's months departed: 1.8 times its
 * volume from 15 March to 30 June 2021 (a lockdown's surge), or half its
 * volume from 1 November to 31 December 2021 (a season half lost), in 4
 * years of history, and the surge in 34 months. Auto's forecast of
 * November-December 2023 stays within 3 % of the truth in total; least
 * squares spread the surge over the trend and the yearly terms (and auto
 * took recent weeks) and averaged the half season into every season's
 * effects. The clean history is the control. */
static void
test_a_year_that_departed(void **state)
{
    (void)state;
    int32_t start = day_of("2023-11-01");
    static const struct {
        const char *first, *from, *to;
        double factor;
    } cases[] = { { "2019-11-01", "2021-03-15", "2021-03-14", 1.0 },
                  { "2019-11-01", "2021-03-15", "2021-06-30", 1.8 },
                  { "2019-11-01", "2021-11-01", "2021-12-31", 0.5 },
                  /* 34 months: spring is seen in three years, the surge's */
                  { "2021-01-01", "2021-03-15", "2021-06-30", 1.8 } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        wfm_history *h = retail_history(day_of(cases[c].first), start, day_of(cases[c].from),
                                        day_of(cases[c].to), cases[c].factor, 777);
        double error = nov_dec_error(h, start, 1.0, NULL, NULL);
        print_message("# history from %s, x%g from %s to %s: Nov-Dec 2023 total %+.1f %% "
                      "of the truth\n",
                      cases[c].first, cases[c].factor, cases[c].from, cases[c].to,
                      100.0 * error);
        assert_true(fabs(error) < 0.03);
        wfm_history_free(h);
    }
}

/* The same retailer whose volume stepped for good months before the
 * history's end: ×0.75 from April 2023 or ×1.4 from March (a client lost,
 * a lockdown that stayed), 4 years of history ending the day before
 * November or two months before it. Auto's November-December stays
 * within 3 % of the new level's truth in total; the regression's trend
 * spread the step over four years (×0.75 from April: +20 % and +24 %;
 * ×1.4 from March: −20 % and −27 %). wfm_forecast_level_step() reports
 * the step within 3 days of its day and 3 % of its size, and no step
 * (factor 1, the first day) for the same history without one. */
static void
test_a_level_that_stepped(void **state)
{
    (void)state;
    int32_t start = day_of("2023-11-01");
    static const struct {
        const char *from, *history_to;
        double factor;
    } cases[] = { { "2023-04-03", "2023-10-31", 1.0 },
                  { "2023-04-03", "2023-10-31", 0.75 },
                  { "2023-04-03", "2023-08-31", 0.75 },
                  { "2023-03-13", "2023-10-31", 1.4 },
                  { "2023-03-13", "2023-08-31", 1.4 } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int32_t end = day_of(cases[c].history_to) + 1;
        wfm_history *h = retail_history(day_of("2019-11-01"), end, day_of(cases[c].from), end,
                                        cases[c].factor, 4242);
        int32_t step_date;
        double step_factor;
        double error = nov_dec_error(h, start, cases[c].factor, &step_date, &step_factor);
        print_message("# x%g from %s, history to %s: Nov-Dec 2023 total %+.1f %% of the "
                      "truth\n",
                      cases[c].factor, cases[c].from, cases[c].history_to, 100.0 * error);
        assert_true(fabs(error) < 0.03);
        print_message("#   level step reported: x%.3f from day %+d of the true one\n",
                      step_factor, (int)(step_date - day_of(cases[c].from)));
        if (cases[c].factor == 1.0) {
            assert_true(step_factor == 1.0 && step_date == day_of("2019-11-01"));
        } else {
            assert_true(fabs(step_factor / cases[c].factor - 1.0) < 0.03);
            assert_true(abs(step_date - day_of(cases[c].from)) <= 3);
        }
        wfm_history_free(h);
    }
}

/* That retailer from 1 December 2021 to 31 October 2023, with a calendar
 * naming Christmas (3 days before to 5 after): the history starts inside
 * one season and holds the next whole. The ten days before Christmas
 * 2023 come out within 7 % of the truth (−6.5 %; from 1 January 2022,
 * the whole season alone, −5.3 %; with two whole seasons −1 %). Shrunk as
 * a season the history starts inside (toward 0 by ten times the whole
 * season's ridge) they were −7.9 %. */
static void
test_a_history_from_december(void **state)
{
    (void)state;
    static const char christmas_csv[] = "holiday,ds,lower_window,upper_window\n"
                                        "christmas,2021-12-25,-3,5\n"
                                        "christmas,2022-12-25,-3,5\n"
                                        "christmas,2023-12-25,-3,5\n";
    wfm_calendar *c;
    assert_int_equal(wfm_calendar_new(&c), WFM_OK);
    assert_int_equal(wfm_calendar_add_prophet_csv(c, christmas_csv, sizeof christmas_csv - 1,
                                                  "christmas.csv"),
                     WFM_OK);
    int32_t start = day_of("2023-11-01"), christmas = day_of("2023-12-25");
    wfm_history *h = retail_history(day_of("2021-12-01"), start, start, start, 1.0, 99);
    size_t count;
    double *p = run(h, c, WFM_FORECAST_AUTO, start, 61, &count);
    double forecast = 0.0, truth = 0.0;
    for (int32_t d = christmas - 10; d < christmas; d++)
        forecast += p[d - start], truth += retail_truth(d);
    print_message("# from 2021-12-01: the ten days before Christmas %+.1f %% of the truth\n",
                  100.0 * (forecast / truth - 1.0));
    assert_true(fabs(forecast / truth - 1.0) < 0.07);
    free(p);
    wfm_history_free(h);
    wfm_calendar_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_bad_day_daily),
        cmocka_unit_test(test_one_bad_interval_intraday),
        cmocka_unit_test(test_one_huge_day),
        cmocka_unit_test(test_never_non_finite),
        cmocka_unit_test(test_history_with_long_gaps),
        cmocka_unit_test(test_last_decembers_outage),
        cmocka_unit_test(test_a_year_that_departed),
        cmocka_unit_test(test_a_level_that_stepped),
        cmocka_unit_test(test_a_history_from_december),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
