/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The public forecasting API (wfm/forecast.h): histories, settings,
 * synthetic series with known weekly, yearly, trend and event effects
 * recovered, closed days, what-if uplifts and overrides, calibrated bounds,
 * backtests, golden backtests on the shared real data (NYC EMS, NA bank,
 * Anonymous Bank), every bad input and allocation failures.
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

#include "test-alloc-fail.h"
#include "test-util.h"
#include "wfm.h"
#include "test-calendar-util.h"

/* A Poisson draw (normal approximation above 50). */
static double
poisson(wt_rng *r, double lambda)
{
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

static wfm_history *
history_of(int32_t first, int32_t interval, const double *volume, const double *aht, size_t n)
{
    wfm_history *h = NULL;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, first, interval, volume, aht, n), WFM_OK);
    return h;
}

/* Runs and copies the result; returns the number of values. */
static size_t
run(wfm_forecast *f, wfm_history *h, wfm_calendar *c, int32_t start, int32_t days,
    double *point, double *lower, double *upper, size_t capacity)
{
    int32_t st = wfm_forecast_run(f, h, c, start, days);
    if (st != WFM_OK)
        printf("# run: %s\n", wfm_forecast_errmsg(f));
    assert_int_equal(st, WFM_OK);
    size_t count = 0;
    assert_int_equal(wfm_forecast_copy(f, point, lower, upper, capacity, &count), WFM_OK);
    return count;
}

/* ---------------------------------------------------------------- history */

static void
test_history_csv(void **state)
{
    (void)state;
    const char *csv = "datetime,volume,aht,queue\n"
                      "2024-03-04 08:00,10,200,a\n"
                      "2024-03-04 08:30,,190,a\n"      /* missing */
                      "2024-03-04 09:30,7,,a\n"        /* 09:00 absent: closed */
                      "2024-03-06 08:00,4,180,a\n";    /* 03-05 has no row */
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_read_csv(h, csv, strlen(csv), "q.csv"), WFM_OK);
    assert_string_equal(wfm_history_errmsg(h), "");
    int32_t first, days, interval;
    assert_int_equal(wfm_history_span(h, &first, &days, &interval), WFM_OK);
    assert_int_equal(first, wt_day_of("2024-03-04"));
    assert_int_equal(days, 3);
    assert_int_equal(interval, 30);
    size_t count = 0;
    assert_int_equal(wfm_history_copy(h, NULL, NULL, 0, &count), WFM_ERANGE);
    assert_int_equal(count, 3 * 48);
    double volume[144], aht[144];
    assert_int_equal(wfm_history_copy(h, volume, aht, 144, &count), WFM_OK);
    assert_true(volume[16] == 10.0 && isnan(volume[17]) && volume[18] == 0.0 &&
                volume[19] == 7.0 && volume[0] == 0.0);
    assert_true(aht[16] == 200.0 && aht[17] == 190.0 && isnan(aht[19]) && isnan(aht[0]));
    for (int j = 0; j < 48; j++)
        assert_true(isnan(volume[48 + j])); /* a day without rows: not observed */
    assert_true(volume[96 + 16] == 4.0 && volume[96] == 0.0);

    /* Errors name the line; the history keeps its content. */
    const char *bad[] = {
        "date,volume\n2024-01-02,5\n2024-01-01,6\n",    /* unsorted */
        "date,volume\n2024-01-01,5\n2024-01-01,6\n",    /* duplicate */
        "date,volume\n2024-01-01,-5\n",                 /* negative */
        "date,volume\n2024-01-01,many\n",               /* not a number */
        ("datetime,volume\n2024-01-01 08:00,1\n2024-01-01 08:30,1\n"
         "2024-01-01 08:45,1\n2024-01-01 09:15,1\n2024-01-01 09:45,1\n"), /* mixed */
        "date,calls\n2024-01-01,5\n",                   /* no volume column */
    };
    const char *where[] = { ":3:", ":3:", ":2:", ":2:", ":4:", ":1:" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(wfm_history_read_csv(h, bad[i], strlen(bad[i]), "bad.csv"), WFM_EPARSE);
        const char *msg = wfm_history_errmsg(h);
        if (strstr(msg, where[i]) == NULL)
            printf("# case %zu: %s\n", i, msg);
        assert_non_null(strstr(msg, "bad.csv"));
        assert_non_null(strstr(msg, where[i]));
        assert_int_equal(wfm_history_span(h, NULL, &days, NULL), WFM_OK);
        assert_int_equal(days, 3);
    }
    assert_int_equal(wfm_history_read_file(h, "/nonexistent/wfm.csv"), WFM_EIO);
    assert_non_null(strstr(wfm_history_errmsg(h), "/nonexistent/wfm.csv"));
    assert_int_equal(wfm_history_read_csv(h, NULL, 3, NULL), WFM_EINVAL);
    wfm_history_free(h);
    wfm_history_free(NULL);
}

static void
test_history_arrays(void **state)
{
    (void)state;
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    double v[96], a[96];
    for (int i = 0; i < 96; i++)
        v[i] = i % 7, a[i] = 100 + i;
    v[5] = NAN;
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, a, 96), WFM_OK);
    double back[96], aback[96];
    size_t n;
    assert_int_equal(wfm_history_copy(h, back, aback, 96, &n), WFM_OK);
    assert_int_equal(n, 96);
    for (int i = 0; i < 96; i++) {
        assert_true(i == 5 ? isnan(back[i]) : back[i] == v[i]);
        assert_true(aback[i] == a[i]);
    }
    assert_true(isnan(v[5]) && v[6] == 6.0); /* the caller's array is untouched */
    /* Bad arrays: the history keeps the good one. */
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, NULL, 95), WFM_EINVAL);
    assert_int_equal(wfm_history_set_series(h, 19000, 7, v, NULL, 96), WFM_EINVAL);
    assert_int_equal(wfm_history_set_series(h, 19000, 30, NULL, NULL, 96), WFM_EINVAL);
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, NULL, 0), WFM_EINVAL);
    v[3] = -1;
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, NULL, 96), WFM_EINVAL);
    assert_non_null(strstr(wfm_history_errmsg(h), "volume[3]"));
    v[3] = INFINITY;
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, NULL, 96), WFM_EINVAL);
    v[3] = 3;
    a[7] = -2;
    assert_int_equal(wfm_history_set_series(h, 19000, 30, v, a, 96), WFM_EINVAL);
    assert_int_equal(wfm_history_set_series(h, WFM_DATE_MAX, 1440, v, NULL, 2), WFM_EINVAL);
    int32_t first, days, interval;
    assert_int_equal(wfm_history_span(h, &first, &days, &interval), WFM_OK);
    assert_true(first == 19000 && days == 2 && interval == 30);
    /* Misuse. */
    assert_int_equal(wfm_history_new(NULL), WFM_EINVAL);
    assert_int_equal(wfm_history_span(NULL, &first, NULL, NULL), WFM_EMISUSE);
    assert_int_equal(wfm_history_copy(h, back, NULL, 96, NULL), WFM_EINVAL);
    assert_int_equal(wfm_history_set_series(NULL, 0, 30, v, NULL, 96), WFM_EMISUSE);
    assert_string_equal(wfm_history_errmsg(NULL), "");
    wfm_history_free(h);
}

/* --------------------------------------------------------------- settings */

static void
test_settings(void **state)
{
    (void)state;
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    int32_t i;
    double d;
    assert_int_equal(wfm_forecast_get_int(f, WFM_FORECAST_METHOD, &i), WFM_OK);
    assert_int_equal(i, WFM_FORECAST_AUTO);
    assert_int_equal(wfm_forecast_get_double(f, WFM_FORECAST_LOWER_QUANTILE, &d), WFM_OK);
    assert_true(d == 0.1);
    assert_int_equal(wfm_forecast_get_double(f, WFM_FORECAST_UPPER_QUANTILE, &d), WFM_OK);
    assert_true(d == 0.9);
    assert_int_equal(wfm_forecast_get_int(f, WFM_FORECAST_TRAINING_DAYS, &i), WFM_OK);
    assert_int_equal(i, 0);
    assert_int_equal(wfm_forecast_get_int(f, WFM_FORECAST_BACKTEST_ORIGINS, &i), WFM_OK);
    assert_int_equal(i, 12);

    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, 3), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, -1), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, -1), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_BACKTEST_ORIGINS, 1), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_BACKTEST_ORIGINS, 53), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_LOWER_QUANTILE, 0.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_LOWER_QUANTILE, 0.6), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE, 1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE, NAN), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_LOWER_QUANTILE, 0.5), WFM_OK);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE, 0.5), WFM_EINVAL);
    /* Keys of the wrong type or unknown. */
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_LOWER_QUANTILE, 1), WFM_EUNSUPPORTED);
    assert_int_equal(wfm_forecast_set_double(f, WFM_FORECAST_METHOD, 1), WFM_EUNSUPPORTED);
    assert_int_equal(wfm_forecast_set_int(f, 99, 1), WFM_EUNSUPPORTED);
    assert_int_equal(wfm_forecast_get_int(f, 99, &i), WFM_EUNSUPPORTED);
    assert_int_equal(wfm_forecast_get_double(f, 99, &d), WFM_EUNSUPPORTED);
    assert_int_equal(wfm_forecast_get_int(f, WFM_FORECAST_METHOD, NULL), WFM_EINVAL);
    /* Values survive failed sets. */
    assert_int_equal(wfm_forecast_get_int(f, WFM_FORECAST_METHOD, &i), WFM_OK);
    assert_int_equal(i, WFM_FORECAST_AUTO);

    assert_string_equal(wfm_forecast_method_name(WFM_FORECAST_AUTO), "auto");
    assert_string_equal(wfm_forecast_method_name(WFM_FORECAST_REGRESSION), "regression");
    assert_string_equal(wfm_forecast_method_name(WFM_FORECAST_RECENT_WEEKS), "recent-weeks");
    assert_null(wfm_forecast_method_name(3));

    assert_int_equal(wfm_forecast_add_uplift(f, NULL, 0, 0, 1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_uplift(f, "x", 1, 0, 1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_uplift(f, "x", -367, 0, 1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_uplift(f, "x", 0, 0, -1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_uplift(f, "x", 0, 0, INFINITY), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_override(f, 0, -2, 1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_override(f, 0, 0, -1.0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_add_override(f, WFM_DATE_MAX + 1, 0, 1.0), WFM_EINVAL);

    /* No result yet. */
    size_t n;
    int32_t start;
    assert_int_equal(wfm_forecast_copy(f, NULL, NULL, NULL, 0, &n), WFM_ENOTFOUND);
    assert_int_equal(wfm_forecast_span(f, &start, NULL, NULL), WFM_ENOTFOUND);
    assert_int_equal(wfm_forecast_method_used(f, &i), WFM_ENOTFOUND);
    assert_int_equal(wfm_forecast_copy_aht(f, NULL, 0, &n), WFM_ENOTFOUND);
    assert_int_equal(wfm_forecast_level_step(f, &start, NULL), WFM_ENOTFOUND);
    /* Misuse. */
    assert_int_equal(wfm_forecast_level_step(NULL, NULL, NULL), WFM_EMISUSE);
    assert_int_equal(wfm_forecast_new(NULL), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(NULL, 0, 0), WFM_EMISUSE);
    assert_int_equal(wfm_forecast_run(NULL, NULL, NULL, 0, 1), WFM_EMISUSE);
    assert_int_equal(wfm_forecast_run(f, NULL, NULL, 0, 1), WFM_EMISUSE);
    assert_int_equal(wfm_forecast_run(f, (const wfm_history *)f, NULL, 0, 1), WFM_EMISUSE);
    assert_string_equal(wfm_forecast_errmsg(NULL), "");
    wfm_forecast_free(f);
    wfm_forecast_free(NULL);
}

/* --------------------------------------------------- synthetic daily series */

/* Truth: level growing 30 % a year, weekly pattern, yearly sine, and an event
 * on 12-24 every year at +100 % of the level: the event must scale. */
static const double WEEKLY[7] = { 1.15, 1.05, 1.0, 1.0, 0.95, 0.8, 0.7 }; /* Mon..Sun */

static double
truth(int32_t date, int32_t first, bool event)
{
    int32_t wd;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    double years = (date - first) / 365.25;
    double level = 1000.0 * (1.0 + 0.3 * years);
    double season = 1.0 + 0.15 * sin(6.283185307179586 * date / 365.25);
    return level * WEEKLY[wd - 1] * season * (event ? 2.0 : 1.0);
}

static void
test_synthetic_daily(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01"), start = wt_day_of("2023-12-01");
    size_t n = (size_t)(start - first);
    double *v = malloc(n * sizeof *v);
    wt_rng rng = { 42 };
    for (size_t i = 0; i < n; i++) {
        int32_t y, m, d;
        assert_int_equal(wfm_date_to_ymd(first + (int32_t)i, &y, &m, &d), WFM_OK);
        v[i] = poisson(&rng, truth(first + (int32_t)i, first, m == 12 && d == 24));
    }
    wfm_history *h = history_of(first, 1440, v, NULL, n);
    wfm_calendar *c = wt_calendar_of("wfm-calendar 1\nxmas_eve = 12-24\n");
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    double point[42], lower[42], upper[42];
    assert_int_equal(run(f, h, c, start, 42, point, lower, upper, 42), 42);
    int32_t method;
    assert_int_equal(wfm_forecast_method_used(f, &method), WFM_OK);
    assert_int_equal(method, WFM_FORECAST_REGRESSION);
    double worst = 0.0;
    for (int k = 0; k < 42; k++) {
        int32_t date = start + k, y, m, d;
        assert_int_equal(wfm_date_to_ymd(date, &y, &m, &d), WFM_OK);
        bool event = m == 12 && d == 24;
        double want = truth(date, first, event), err = fabs(point[k] / want - 1.0);
        if (event || err >= 0.05)
            printf("# %s day %d: forecast %.1f, truth %.1f (%.2f %%)\n",
                   event ? "event" : "ordinary", k, point[k], want, 100 * err);
        /* Ordinary days within 5 %: the linear variants scale their
         * weekday effects with a trailing-year level (4.9 % reached; with
         * effects sized at the training's average level the low days came
         * out 7-11 % high under this growth of +30 % a year). The event
         * day (+100 % of a Sunday, learned on weekdays) within 12 %: the
         * linear variants scale event effects with the level and the
         * weekday (2.7 % high; 13 % with the level alone). */
        assert_true(err < (event ? 0.12 : 0.05));
        worst = fmax(worst, event ? 0 : err);
        assert_true(lower[k] <= point[k] && point[k] <= upper[k] && lower[k] >= 0.0);
    }
    printf("# ordinary days: worst relative error %.2f %%\n", 100 * worst);
    /* The recent-weeks method, forced, knows the weekly pattern too. */
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_RECENT_WEEKS),
                     WFM_OK);
    run(f, h, c, start, 14, point, lower, upper, 42);
    assert_int_equal(wfm_forecast_method_used(f, &method), WFM_OK);
    assert_int_equal(method, WFM_FORECAST_RECENT_WEEKS);
    /* It has no yearly terms: the season moves ~3 % over its 8 weeks. */
    for (int k = 0; k < 14; k++)
        assert_true(fabs(point[k] / truth(start + k, first, false) - 1.0) < 0.12);
    wfm_forecast_free(f);
    wfm_calendar_free(c);
    wfm_history_free(h);
    free(v);
}

/* Closed days, uplifts for an event without history, overrides. */
static void
test_what_if(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2021-01-04"), start = wt_day_of("2023-11-06");
    size_t n = (size_t)(start - first);
    double *v = malloc(n * sizeof *v);
    wt_rng rng = { 7 };
    for (size_t i = 0; i < n; i++)
        v[i] = poisson(&rng, truth(first + (int32_t)i, first, false));
    wfm_history *h = history_of(first, 1440, v, NULL, n);
    /* The promotion is new: no past occurrence. */
    wfm_calendar *plain = wt_calendar_of("wfm-calendar 1\nchristmas = 12-25 closed\n");
    wfm_calendar *promo = wt_calendar_of("wfm-calendar 1\nchristmas = 12-25 closed\n"
                                      "promo = 2023-11-24\n"); /* no window */
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    double base[56], point[56], lower[56], upper[56];
    run(f, h, plain, start, 56, base, NULL, NULL, 56);
    int32_t xmas = wt_day_of("2023-12-25") - start, bf = wt_day_of("2023-11-24") - start;
    assert_true(base[xmas] == 0.0);
    /* Without an uplift the unknown promotion changes nothing. */
    run(f, h, promo, start, 56, point, NULL, NULL, 56);
    for (int k = 0; k < 56; k++)
        assert_true(wt_rel_err(point[k], base[k]) < 1e-9);
    /* "+250 % on the day, +40 % on the next three days". */
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 0, 0, 2.5), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 1, 3, 0.4), WFM_OK);
    run(f, h, promo, start, 56, point, lower, upper, 56);
    for (int k = 0; k < 56; k++) {
        double factor = k == bf ? 3.5 : (k > bf && k <= bf + 3) ? 1.4 : 1.0;
        assert_true(wt_rel_err(point[k], base[k] * factor) < 1e-9);
        assert_true(lower[k] <= point[k] && point[k] <= upper[k]);
    }
    /* An uplift for an event the calendar lacks fails the run, and the
     * previous result stays. */
    assert_int_equal(wfm_forecast_run(f, h, plain, start, 56), WFM_ENOTFOUND);
    assert_non_null(strstr(wfm_forecast_errmsg(f), "promo"));
    size_t count;
    assert_int_equal(wfm_forecast_copy(f, point, NULL, NULL, 56, &count), WFM_OK);
    assert_true(wt_rel_err(point[bf], base[bf] * 3.5) < 1e-9);
    wfm_forecast_free(f);

    /* Overrides: the last one for a day wins; other days keep the model. */
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 3, -1, 500.0), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 3, -1, 1234.0), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 5, 0, 0.0), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 500, -1, 9.0), WFM_OK); /* outside */
    run(f, h, plain, start, 56, point, lower, upper, 56);
    assert_true(point[3] == 1234.0 && point[5] == 0.0 && lower[5] == 0.0 && upper[5] == 0.0);
    assert_true(lower[3] <= 1234.0 && upper[3] >= 1234.0);
    for (int k = 0; k < 56; k++)
        if (k != 3 && k != 5)
            assert_true(wt_rel_err(point[k], base[k]) < 1e-9);
    /* An override of an interval a daily history does not have. */
    assert_int_equal(wfm_forecast_add_override(f, start, 3, 1.0), WFM_OK);
    assert_int_equal(wfm_forecast_run(f, h, plain, start, 56), WFM_EINVAL);
    wfm_forecast_free(f);
    wfm_calendar_free(plain);
    wfm_calendar_free(promo);
    wfm_history_free(h);
    free(v);
}

/* Intraday: known weekday totals × known shapes, a closed weekday, handle
 * time per interval, and a special day's early close carried over. */
static double
shape(int32_t wd, int j) /* 30-minute intervals, open 08:00-18:00 (16 … 35) */
{
    if (j < 16 || j >= 36)
        return 0.0;
    double x = (j - 15.5) / 20.0;
    double peak = wd == 1 ? 0.3 : 0.5; /* Mondays peak in the morning */
    return exp(-8.0 * (x - peak) * (x - peak));
}

static void
test_synthetic_intraday(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01"), start = wt_day_of("2024-03-25"); /* Mondays */
    size_t days = (size_t)(start - first), n = days * 48;
    double *v = malloc(n * sizeof *v), *aht = malloc(n * sizeof *aht);
    wt_rng rng = { 3 };
    const double total[8] = { 0, 2000, 1800, 1700, 1700, 1500, 0, 0 }; /* closed weekends */
    for (size_t d = 0; d < days; d++) {
        int32_t wd;
        assert_int_equal(wfm_date_weekday(first + (int32_t)d, &wd), WFM_OK);
        double sum = 0.0;
        for (int j = 0; j < 48; j++)
            sum += shape(wd, j);
        for (int j = 0; j < 48; j++) {
            double mean = sum > 0 ? total[wd] * shape(wd, j) / sum : 0.0;
            v[d * 48 + (size_t)j] = poisson(&rng, mean);
            aht[d * 48 + (size_t)j] = mean > 0 ? 240.0 + 4.0 * j + wt_rng_range(&rng, -5, 5) : NAN;
        }
    }
    wfm_history *h = history_of(first, 30, v, aht, n);
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    double point[14 * 48], lower[14 * 48], upper[14 * 48], a[14 * 48];
    assert_int_equal(run(f, h, NULL, start, 14, point, lower, upper, 14 * 48), 14 * 48);
    int32_t s, dd, interval;
    assert_int_equal(wfm_forecast_span(f, &s, &dd, &interval), WFM_OK);
    assert_true(s == start && dd == 14 && interval == 30);
    size_t count;
    assert_int_equal(wfm_forecast_copy_aht(f, a, 14 * 48, &count), WFM_OK);
    assert_int_equal(count, 14 * 48);
    for (int k = 0; k < 14; k++) {
        int32_t wd;
        assert_int_equal(wfm_date_weekday(start + k, &wd), WFM_OK);
        double sum = 0.0, day = 0.0;
        for (int j = 0; j < 48; j++)
            sum += shape(wd, j);
        for (int j = 0; j < 48; j++) {
            size_t i = (size_t)k * 48 + (size_t)j;
            double want = sum > 0 ? total[wd] * shape(wd, j) / sum : 0.0;
            day += point[i];
            assert_true(lower[i] <= point[i] && point[i] <= upper[i]);
            if (want == 0.0)
                assert_true(point[i] == 0.0);
            /* 8 weeks of Poisson counts: 4 standard errors plus 5 %. */
            else if (fabs(point[i] - want) > 0.05 * want + 4.0 * sqrt(want / 8.0))
                fail_msg("day %d interval %d: forecast %.1f, truth %.1f", k, j, point[i], want);
            if (want > 20.0)
                assert_true(fabs(a[i] - (240.0 + 4.0 * j)) < 10.0);
        }
        if (total[wd] > 0)
            assert_true(fabs(day / total[wd] - 1.0) < 0.04);
        else
            assert_true(day == 0.0);
    }
    wfm_forecast_free(f);
    wfm_history_free(h);
    free(v);
    free(aht);
}

/* ------------------------------------------- calibration and golden data */

static wfm_history *
load(const char *name)
{
    char path[4096];
    const char *dir = getenv("WFM_TEST_DATA");
    snprintf(path, sizeof path, "%s/volume/%s", dir ? dir : WFM_TEST_DATA_DIR, name);
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    int32_t st = wfm_history_read_file(h, path);
    if (st != WFM_OK)
        printf("# %s\n", wfm_history_errmsg(h));
    assert_int_equal(st, WFM_OK);
    return h;
}

/* PEERS.md's NYC windows: the best peer (tslm) reaches 0.0329 … 0.0403.
 * wfm's expected range is stated from its measured accuracy: a regression
 * that drops it out of the range fails here. */
static void
test_golden_nyc(void **state)
{
    (void)state;
    wfm_history *h = load("nyc_ems_daily.csv");
    wfm_calendar *c;
    assert_int_equal(wfm_calendar_new(&c), WFM_OK);
    char path[4096];
    const char *dir = getenv("WFM_TEST_DATA");
    snprintf(path, sizeof path, "%s/volume/nyc_ems_holidays_us.csv", dir ? dir : WFM_TEST_DATA_DIR);
    assert_int_equal(wfm_calendar_add_prophet_file(c, path), WFM_OK);
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    const int32_t origins[4] = { wt_day_of("2014-11-01"), wt_day_of("2015-11-01"),
                                 wt_day_of("2016-11-01"), wt_day_of("2017-11-01") };
    double wape[4], mase[4], bias[4], coverage[4];
    int32_t st = wfm_forecast_backtest(f, h, c, origins, 4, 61, wape, mase, bias, coverage);
    if (st != WFM_OK)
        printf("# %s\n", wfm_forecast_errmsg(f));
    assert_int_equal(st, WFM_OK);
    double mean = 0.0, cover = 0.0;
    for (int k = 0; k < 4; k++) {
        printf("# NYC %d: WAPE %.4f MASE %.3f bias %+.2f %% coverage %.2f\n", k, wape[k],
               mase[k], 100 * bias[k], coverage[k]);
        assert_true(wape[k] > 0.02 && wape[k] < 0.045);
        assert_true(mase[k] > 0.3 && mase[k] < 0.9);
        assert_true(fabs(bias[k]) < 0.04);
        mean += wape[k] / 4, cover += coverage[k] / 4;
    }
    printf("# NYC mean WAPE %.4f (tslm 0.0349), coverage %.3f\n", mean, cover);
    assert_true(mean < 0.0349); /* beats the best peer of PEERS.md */
    assert_true(cover > 0.65 && cover < 0.95);
    wfm_forecast_free(f);
    wfm_calendar_free(c);
    wfm_history_free(h);
}

/* The NA bank protocol of PEERS.md: 8 weeks of training, 2 weeks ahead,
 * 30-minute intervals (best peer: 0.0579). Absent holidays stay absent. */
static void
test_golden_na_bank(void **state)
{
    (void)state;
    wfm_history *h = load("na_bank_2003_30min.csv");
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, 56), WFM_OK);
    const int32_t origins[4] = { wt_day_of("2003-07-28"), wt_day_of("2003-08-04"),
                                 wt_day_of("2003-08-11"), wt_day_of("2003-08-18") };
    double wape[4], coverage[4];
    int32_t st = wfm_forecast_backtest(f, h, NULL, origins, 4, 14, wape, NULL, NULL, coverage);
    if (st != WFM_OK)
        printf("# %s\n", wfm_forecast_errmsg(f));
    assert_int_equal(st, WFM_OK);
    double mean = 0.0, cover = 0.0;
    for (int k = 0; k < 4; k++) {
        printf("# NA bank %d: WAPE %.4f coverage %.2f\n", k, wape[k], coverage[k]);
        mean += wape[k] / 4, cover += coverage[k] / 4;
    }
    printf("# NA bank mean WAPE %.4f (profile_avg 0.0579), coverage %.3f\n", mean, cover);
    assert_true(mean < 0.0579);
    assert_true(cover > 0.6 && cover < 0.95);
    wfm_forecast_free(f);
    wfm_history_free(h);
}

/* The Anonymous Bank protocol of PEERS.md on the slice in tests/data (see
 * README-anonymous-bank.md): 56 training days, 14 days ahead, all 48
 * half hours of all 7 days. Best peer there: the 4-week average profile,
 * 0.2482 / 0.2755 / 0.2613 / 0.2727, mean 0.2644. Pure Poisson noise at
 * these counts gives about 0.12 even with the true rate known (PEERS.md):
 * a mean below that would mean the test window leaked into the fit. */
static void
test_golden_anonymous_bank(void **state)
{
    (void)state;
    char path[4096];
    const char *dir = getenv("WFM_TEST_DATA");
    snprintf(path, sizeof path, "%s/anonymous_bank_1999_30min.csv", dir ? dir : WFM_TEST_DATA_DIR);
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    int32_t st = wfm_history_read_file(h, path);
    if (st != WFM_OK)
        printf("# %s\n", wfm_history_errmsg(h));
    assert_int_equal(st, WFM_OK);
    int32_t first, days, interval;
    assert_int_equal(wfm_history_span(h, &first, &days, &interval), WFM_OK);
    assert_true(first == wt_day_of("1999-04-11") && days == 91 && interval == 30);
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, 56), WFM_OK);
    const int32_t origins[4] = { wt_day_of("1999-06-06"), wt_day_of("1999-06-13"),
                                 wt_day_of("1999-06-20"), wt_day_of("1999-06-27") };
    const double peer[4] = { 0.2482, 0.2755, 0.2613, 0.2727 };
    double wape[4], bias[4], coverage[4];
    st = wfm_forecast_backtest(f, h, NULL, origins, 4, 14, wape, NULL, bias, coverage);
    if (st != WFM_OK)
        printf("# %s\n", wfm_forecast_errmsg(f));
    assert_int_equal(st, WFM_OK);
    double mean = 0.0, cover = 0.0;
    int won = 0;
    for (int k = 0; k < 4; k++) {
        printf("# Anonymous Bank %d: WAPE %.4f (profile_avg %.4f) bias %+.1f %% coverage %.2f\n",
               k, wape[k], peer[k], 100 * bias[k], coverage[k]);
        assert_true(fabs(bias[k]) < 0.2);
        won += wape[k] < peer[k];
        mean += wape[k] / 4, cover += coverage[k] / 4;
    }
    printf("# Anonymous Bank mean WAPE %.4f (profile_avg 0.2644), coverage %.3f, %d of 4 "
           "windows won\n", mean, cover, won);
    assert_true(mean > 0.12);
    assert_true(mean < 0.2644); /* beats the best peer of PEERS.md */
    assert_true(won >= 3);
    assert_true(cover > 0.65 && cover < 0.95);
    wfm_forecast_free(f);
    wfm_history_free(h);
}

/* ------------------------------------------------------------- bad runs */

static void
test_bad_runs(void **state)
{
    (void)state;
    double v[70];
    for (int i = 0; i < 70; i++)
        v[i] = 100 + i % 7;
    wfm_history *h = history_of(wt_day_of("2024-01-01"), 1440, v, NULL, 70);
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    int32_t start = wt_day_of("2024-03-11");
    assert_int_equal(wfm_forecast_run(f, h, NULL, start, 0), WFM_EINVAL);
    assert_int_equal(wfm_forecast_run(f, h, NULL, start, 3661), WFM_EINVAL);
    assert_int_equal(wfm_forecast_run(f, h, NULL, WFM_DATE_MAX, 2), WFM_EINVAL);
    /* Before the history starts. */
    assert_int_equal(wfm_forecast_run(f, h, NULL, wt_day_of("2024-01-01"), 7), WFM_EINVAL);
    assert_non_null(strstr(wfm_forecast_errmsg(f), "2024-01-01"));
    /* Too little history: 10 days. */
    assert_int_equal(wfm_forecast_run(f, h, NULL, wt_day_of("2024-01-11"), 7), WFM_EINVAL);
    assert_non_null(strstr(wfm_forecast_errmsg(f), "too little history"));
    /* The regression needs 8 weeks: 30 days is too few when forced. */
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_REGRESSION),
                     WFM_OK);
    assert_int_equal(wfm_forecast_run(f, h, NULL, wt_day_of("2024-01-31"), 7), WFM_EINVAL);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_AUTO), WFM_OK);
    /* All missing. */
    double gap[70];
    for (int i = 0; i < 70; i++)
        gap[i] = NAN;
    wfm_history *empty = history_of(wt_day_of("2024-01-01"), 1440, gap, NULL, 70);
    assert_int_equal(wfm_forecast_run(f, empty, NULL, start, 7), WFM_EINVAL);
    wfm_history *none;
    assert_int_equal(wfm_history_new(&none), WFM_OK);
    assert_int_equal(wfm_forecast_run(f, none, NULL, start, 7), WFM_EINVAL);
    /* A calendar whose rule refers to a missing event. */
    wfm_calendar *broken = wt_calendar_of("wfm-calendar 1\nafter = nothing + 1\n");
    assert_int_equal(wfm_forecast_run(f, h, broken, start, 7), WFM_ENOTFOUND);
    assert_non_null(strstr(wfm_forecast_errmsg(f), "nothing"));
    /* No run succeeded: still no result. */
    size_t n;
    assert_int_equal(wfm_forecast_copy(f, NULL, NULL, NULL, 0, &n), WFM_ENOTFOUND);
    /* A good run; the caller's arrays were never changed. */
    double point[7];
    assert_int_equal(run(f, h, NULL, start, 7, point, NULL, NULL, 7), 7);
    for (int i = 0; i < 70; i++)
        assert_true(v[i] == 100 + i % 7);
    for (int k = 0; k < 7; k++) /* the weekly pattern repeats exactly */
        assert_true(fabs(point[k] - (100 + (70 + k) % 7)) < 1.0);
    assert_int_equal(wfm_forecast_copy(f, point, NULL, NULL, 3, &n), WFM_ERANGE);
    assert_int_equal(n, 7);
    /* Backtests: bad origin named. */
    int32_t origins[2] = { start - 14, wt_day_of("2023-01-01") };
    double wape[2];
    assert_int_equal(wfm_forecast_backtest(f, h, NULL, origins, 2, 7, wape, NULL, NULL, NULL),
                     WFM_EINVAL);
    assert_non_null(strstr(wfm_forecast_errmsg(f), "2023-01-01"));
    assert_int_equal(wfm_forecast_backtest(f, h, NULL, NULL, 2, 7, wape, NULL, NULL, NULL),
                     WFM_EINVAL);
    wfm_calendar_free(broken);
    wfm_history_free(none);
    wfm_history_free(empty);
    wfm_history_free(h);
    wfm_forecast_free(f);
}

/* --------------------------------------------------------- out of memory */

/* Allocation failures (test-alloc-fail.h). GSL's own allocations (in
 * libgsl) are not wrapped; the forecaster makes none: it hands GSL views
 * of its own blocks, and the teardown fails the test if GSL's error handler
 * is ever called. */

/* A forecaster's last result, as the public API shows it. */
typedef struct {
    int32_t start, days, interval, method;
    size_t count;
    double *point, *lower, *upper, *aht;
} result_copy;

static result_copy
result_of(const wfm_forecast *f)
{
    result_copy r = { 0 };
    assert_int_equal(wfm_forecast_span(f, &r.start, &r.days, &r.interval), WFM_OK);
    assert_int_equal(wfm_forecast_method_used(f, &r.method), WFM_OK);
    assert_int_equal(wfm_forecast_copy(f, NULL, NULL, NULL, 0, &r.count), WFM_ERANGE);
    r.point = malloc(4 * r.count * sizeof *r.point);
    assert_non_null(r.point);
    r.lower = r.point + r.count, r.upper = r.lower + r.count, r.aht = r.upper + r.count;
    assert_int_equal(wfm_forecast_copy(f, r.point, r.lower, r.upper, r.count, &r.count), WFM_OK);
    size_t n;
    if (wfm_forecast_copy_aht(f, r.aht, r.count, &n) != WFM_OK)
        for (size_t i = 0; i < r.count; i++)
            r.aht[i] = -1.0;
    return r;
}

static void
assert_same_result(const result_copy *a, const result_copy *b)
{
    assert_true(a->start == b->start && a->days == b->days && a->interval == b->interval);
    assert_true(a->method == b->method && a->count == b->count);
    /* bitwise, NaN included */
    assert_memory_equal(a->point, b->point, 4 * a->count * sizeof *a->point);
}

/* A history's grid and cells, as the public API shows them. */
typedef struct {
    int32_t first, days, interval;
    size_t count;
    double *volume;
} history_copy;

static history_copy
history_copy_of(const wfm_history *h)
{
    history_copy c = { 0 };
    assert_int_equal(wfm_history_span(h, &c.first, &c.days, &c.interval), WFM_OK);
    assert_int_equal(wfm_history_copy(h, NULL, NULL, 0, &c.count),
                     c.days > 0 ? WFM_ERANGE : WFM_OK);
    c.volume = malloc(2 * (c.count ? c.count : 1) * sizeof *c.volume);
    assert_non_null(c.volume);
    assert_int_equal(wfm_history_copy(h, c.volume, c.volume + c.count, c.count, &c.count),
                     WFM_OK);
    return c;
}

static void
assert_same_history(const history_copy *a, const history_copy *b)
{
    assert_true(a->first == b->first && a->days == b->days && a->interval == b->interval);
    assert_int_equal(a->count, b->count);
    assert_memory_equal(a->volume, b->volume, 2 * a->count * sizeof *a->volume);
}

/* Fail the n-th allocation of wfm_history_read_csv, n = 0, 1, ... until it
 * succeeds: every failure is WFM_ENOMEM with the history as it was. */
static void
oom_history(void)
{
    /* 30-minute rows with handle time, a missing cell, an absent day and
     * enough rows to grow the reader's buffers several times. */
    char *csv = malloc(64 * 1024);
    assert_non_null(csv);
    size_t length = (size_t)sprintf(csv, "datetime,volume,aht\n");
    int32_t first = wt_day_of("2024-03-04");
    for (int d = 0; d < 9; d++) {
        if (d == 4)
            continue;
        char day[16];
        assert_int_equal(wfm_date_format(first + d, day, sizeof day), WFM_OK);
        for (int j = 16; j < 36; j++)
            length += (size_t)sprintf(csv + length, j == 20 && d == 2 ? "%s %02d:%02d,,180\n"
                                                                      : "%s %02d:%02d,%d,%d\n",
                                      day, j / 2, 30 * (j % 2), 10 + j + d, 200 + j);
    }
    wfm_history *h;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    const double before[3] = { 5.0, NAN, 7.0 };
    assert_int_equal(wfm_history_set_series(h, wt_day_of("2020-01-01"), 1440, before, NULL, 3),
                     WFM_OK);
    history_copy was = history_copy_of(h);
    long n;
    for (n = 0;; n++) {
        alloc_budget = n;
        int32_t st = wfm_history_read_csv(h, csv, length, "oom.csv");
        alloc_budget = -1;
        if (st == WFM_OK)
            break;
        assert_int_equal(st, WFM_ENOMEM);
        assert_non_null(strstr(wfm_history_errmsg(h), "out of memory"));
        history_copy now = history_copy_of(h);
        assert_same_history(&was, &now);
        free(now.volume);
    }
    printf("# wfm_history_read_csv: %ld allocations failed one by one\n", n);
    assert_true(n >= 3);
    int32_t f, days, interval;
    assert_int_equal(wfm_history_span(h, &f, &days, &interval), WFM_OK);
    assert_true(f == first && days == 9 && interval == 30);
    /* and the array setter */
    for (n = 0;; n++) {
        alloc_budget = n;
        int32_t st = wfm_history_set_series(h, wt_day_of("2020-01-01"), 1440, before, before, 3);
        alloc_budget = -1;
        if (st == WFM_OK)
            break;
        assert_int_equal(st, WFM_ENOMEM);
        assert_int_equal(wfm_history_span(h, &f, &days, &interval), WFM_OK);
        assert_true(f == first && days == 9 && interval == 30);
    }
    assert_true(n >= 2);
    free(was.volume);
    wfm_history_free(h);
    free(csv);
}

/* Fail the n-th allocation of a run (backtest when origins != NULL), n = 0,
 * 1, ...: each failure is WFM_ENOMEM ("out of memory" in the message), the
 * forecaster's result and the calendar stay as they were, and the call
 * succeeds once allocations do. */
static void
oom_forecast(wfm_forecast *f, const wfm_history *h, wfm_calendar *c, int32_t start,
             int32_t days, const int32_t *origins, size_t n_origins, const char *what)
{
    result_copy was = result_of(f);
    size_t events = wfm_calendar_event_count(c);
    double wape[4], mase[4], bias[4], coverage[4], want[4][4];
    assert_true(n_origins <= 4);
    if (origins != NULL)
        assert_int_equal(wfm_forecast_backtest(f, h, c, origins, n_origins, days, want[0],
                                               want[1], want[2], want[3]),
                         WFM_OK);
    long n;
    for (n = 0;; n++) {
        alloc_budget = n;
        int32_t st = origins != NULL ? wfm_forecast_backtest(f, h, c, origins, n_origins, days,
                                                             wape, mase, bias, coverage)
                                     : wfm_forecast_run(f, h, c, start, days);
        alloc_budget = -1;
        if (st == WFM_OK)
            break;
        if (st != WFM_ENOMEM)
            fail_msg("%s, allocation %ld failed: status %d, %s", what, n, (int)st,
                     wfm_forecast_errmsg(f));
        assert_non_null(strstr(wfm_forecast_errmsg(f), "out of memory"));
        assert_int_equal(wfm_calendar_event_count(c), events);
        result_copy now = result_of(f);
        assert_same_result(&was, &now);
        free(now.point);
    }
    printf("# %s: %ld allocations failed one by one\n", what, n);
    assert_true(n >= 5);
    assert_string_equal(wfm_forecast_errmsg(f), "");
    if (origins != NULL) {
        /* the same scores as without failures, and the result untouched */
        for (size_t k = 0; k < n_origins; k++) {
            assert_true(wape[k] == want[0][k] && mase[k] == want[1][k]);
            assert_true(bias[k] == want[2][k] && coverage[k] == want[3][k]);
        }
        result_copy now = result_of(f);
        assert_same_result(&was, &now);
        free(now.point);
    } else {
        result_copy now = result_of(f);
        assert_int_equal(now.start, start);
        assert_int_equal(now.days, days);
        free(now.point);
    }
    free(was.point);
}

static void
test_out_of_memory(void **state)
{
    (void)state;
    if (!alloc_wrapped()) {
        /* Not cmocka's skip(): 1.1.5 reports it as "not ok # SKIP", which
         * meson counts as a failure. */
        print_message(ALLOC_NOT_WRAPPED_MESSAGE);
        return;
    }
    oom_history();

    /* Daily: 2 years and 3 months, a closed day, an event with uplifts. */
    int32_t first = wt_day_of("2021-09-06"), start = wt_day_of("2023-11-06");
    size_t n = (size_t)(start - first);
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    wt_rng rng = { 11 };
    for (size_t i = 0; i < n; i++)
        v[i] = poisson(&rng, truth(first + (int32_t)i, first, false));
    wfm_history *h = history_of(first, 1440, v, NULL, n);
    wfm_calendar *c = wt_calendar_of("wfm-calendar 1\nchristmas = 12-25 closed\n"
                                     "promo = last friday of november window=-1..+1\n");
    wfm_forecast *f;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_BACKTEST_ORIGINS, 3), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 0, 0, 2.5), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 1, 3, 0.4), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 3, -1, 1234.0), WFM_OK);
    assert_int_equal(wfm_forecast_run(f, h, c, start - 7, 14), WFM_OK);
    oom_forecast(f, h, c, start, 56, NULL, 0, "daily run, auto");
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_REGRESSION),
                     WFM_OK);
    oom_forecast(f, h, c, start, 56, NULL, 0, "daily run, regression");
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_AUTO), WFM_OK);
    const int32_t origins[2] = { start - 28, start - 14 };
    oom_forecast(f, h, c, 0, 28, origins, 2, "daily backtest");
    wfm_forecast_free(f);
    wfm_history_free(h);
    free(v);

    /* 30-minute: 10 weeks with handle time, closed weekends, uplifts. */
    first = wt_day_of("2024-01-01"), start = wt_day_of("2024-03-11");
    size_t days = (size_t)(start - first);
    n = days * 48;
    v = malloc(n * sizeof *v);
    double *aht = malloc(n * sizeof *aht);
    assert_non_null(v);
    assert_non_null(aht);
    for (size_t d = 0; d < days; d++) {
        int32_t wd = wt_weekday_of(first + (int32_t)d);
        for (int j = 0; j < 48; j++) {
            double mean = wd <= 5 ? 300.0 * shape(wd, j) : 0.0;
            v[d * 48 + (size_t)j] = poisson(&rng, mean);
            aht[d * 48 + (size_t)j] = mean > 0 ? 240.0 + 4.0 * j : NAN;
        }
    }
    h = history_of(first, 30, v, aht, n);
    wfm_calendar_free(c);
    c = wt_calendar_of("wfm-calendar 1\npromo = 2024-03-14\nfire = 2024-02-07 closed\n");
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_add_uplift(f, "promo", 0, 1, 0.5), WFM_OK);
    assert_int_equal(wfm_forecast_add_override(f, start + 2, 20, 99.0), WFM_OK);
    assert_int_equal(wfm_forecast_run(f, h, c, start - 7, 7), WFM_OK);
    oom_forecast(f, h, c, start, 14, NULL, 0, "30-minute run");
    const int32_t origins30[2] = { start - 14, start - 7 };
    oom_forecast(f, h, c, 0, 7, origins30, 2, "30-minute backtest");
    wfm_forecast_free(f);
    wfm_calendar_free(c);
    wfm_history_free(h);
    free(v);
    free(aht);
}

int
main(void)
{
    wt_gsl_install();
#define T(fn) cmocka_unit_test_teardown(fn, wt_gsl_teardown)
    const struct CMUnitTest tests[] = {
        T(test_history_csv),      T(test_history_arrays), T(test_settings),
        T(test_synthetic_daily),  T(test_what_if),        T(test_synthetic_intraday),
        T(test_golden_nyc),       T(test_golden_na_bank), T(test_bad_runs),
        T(test_golden_anonymous_bank), T(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
