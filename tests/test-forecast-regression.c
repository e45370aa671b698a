/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar regression reproduces R's forecast::tslm on the NYC EMS
 * protocol of shared/data/PEERS.md (the published peer numbers, computed
 * with R 4.2 / forecast 8.20), and recovers known effects on a synthetic
 * series. */
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
#include <gsl/gsl_errno.h>

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif

#include "forecast-private.h"
#include "history-private.h"
#include "wfm.h"
#include "test-calendar-util.h"

static char *
data_path(const char *name, char *buffer, size_t size)
{
    const char *dir = getenv("WFM_TEST_DATA");
    snprintf(buffer, size, "%s/volume/%s", dir ? dir : WFM_TEST_DATA_DIR, name);
    return buffer;
}

/* The daily ensemble: the mean of its variants, as the engine takes it. */
static int32_t
ensemble_backtest(const double *y, size_t n, int32_t first, const size_t *origins, size_t k,
                  size_t horizon, const wfm_calendar_days *events, double *out, char *err,
                  size_t errsize)
{
    double *variants = malloc(DAILY_ENSEMBLE_SIZE * k * horizon * sizeof *variants + 1);
    bool used[DAILY_ENSEMBLE_SIZE];
    assert_non_null(variants);
    int32_t st = daily_ensemble_variants(y, NULL, n, first, origins, k, horizon, events, variants,
                                         used, err, errsize);
    if (st == WFM_OK)
        daily_ensemble_combine(variants, used, k * horizon, out);
    free(variants);
    return st;
}

static int32_t
ensemble_forecast(const double *y, size_t n_train, int32_t first, size_t horizon,
                  const wfm_calendar_days *events, double *out, char *err, size_t errsize)
{
    return ensemble_backtest(y, n_train, first, &n_train, 1, horizon, events, out, err,
                             errsize);
}

static history
load_nyc(void)
{
    char path[4096];
    FILE *f = fopen(data_path("nyc_ems_daily.csv", path, sizeof path), "rb");
    assert_non_null(f);
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    history h;
    char err[512];
    assert_int_equal(history_read_csv(text, n, "nyc", &h, err, sizeof err), WFM_OK);
    return h;
}

typedef struct {
    const char *origin;
    size_t horizon;
    double tslm_wape, tslm_holiday_wape; /* PEERS.md, per window */
} window;

static const window windows[] = {
    { "2014-11-01", 61, 0.0329, 0.0192 }, { "2015-11-01", 61, 0.0385, 0.0448 },
    { "2016-11-01", 61, 0.0340, 0.0425 }, { "2017-11-01", 61, 0.0343, 0.0412 },
    { "2016-12-01", 45, 0.0403, 0.0398 },
};
enum { N_WINDOWS = sizeof windows / sizeof windows[0] };

typedef struct {
    history h;
    wfm_calendar *cal;
    wfm_calendar_days *days;
} nyc;

static nyc
load_protocol(void)
{
    nyc x;
    x.h = load_nyc();
    char path[4096];
    assert_int_equal(wfm_calendar_new(&x.cal), WFM_OK);
    assert_int_equal(wfm_calendar_add_prophet_file(
                         x.cal, data_path("nyc_ems_holidays_us.csv", path, sizeof path)), WFM_OK);
    assert_int_equal(wfm_calendar_expand(x.cal, x.h.first_date, wt_day_of("2018-01-31"), &x.days),
                     WFM_OK);
    return x;
}

static void
free_protocol(nyc *x)
{
    wfm_calendar_days_free(x->days);
    wfm_calendar_free(x->cal);
    history_clear(&x->h);
}

/* WAPE over the window's observed days, and over its holiday days (those
 * with a calendar row: the PEERS.md holiday-day WAPE). */
static void
score(const nyc *x, size_t n_train, size_t horizon, const double *forecast, double *wape,
      double *holiday_wape)
{
    double abs_err = 0, actual = 0, hol_err = 0, hol_actual = 0;
    size_t rows = wfm_calendar_days_count(x->days);
    for (size_t i = 0; i < horizon; i++) {
        size_t cell = n_train + i;
        if (cell >= x->h.count || isnan(x->h.volume[cell]))
            continue; /* 2014-11-03 is not scored */
        double e = fabs(forecast[i] - x->h.volume[cell]);
        abs_err += e;
        actual += x->h.volume[cell];
        for (size_t r = 0; r < rows; r++) {
            int32_t date;
            assert_int_equal(wfm_calendar_days_row(x->days, r, &date, NULL, NULL, NULL), WFM_OK);
            if (date == x->h.first_date + (int32_t)cell) {
                hol_err += e;
                hol_actual += x->h.volume[cell];
                break;
            }
        }
    }
    *wape = abs_err / actual;
    *holiday_wape = hol_err / hol_actual;
}

static void
test_reproduces_tslm(void **state)
{
    (void)state;
    nyc x = load_protocol();
    const regression_spec tslm = { .fourier_order = 10, .trend = true, .weekday = true };
    for (size_t w = 0; w < N_WINDOWS; w++) {
        const window *win = &windows[w];
        size_t n_train = (size_t)(wt_day_of(win->origin) - x.h.first_date);
        double forecast[61], wape, hol;
        char err[512];
        assert_int_equal(regression_forecast(x.h.volume, n_train, x.h.first_date, win->horizon,
                                             &tslm, x.days, forecast, err, sizeof err), WFM_OK);
        score(&x, n_train, win->horizon, forecast, &wape, &hol);
        print_message("# %s h%zu: WAPE %.4f (tslm %.4f), holiday-day WAPE %.4f (tslm %.4f)\n",
                      win->origin, win->horizon, wape, win->tslm_wape, hol,
                      win->tslm_holiday_wape);
        /* R fills the three partial days by interpolation; wfm leaves them
         * out of the fit: agreement to the published 4 digits, give or take. */
        assert_true(fabs(wape - win->tslm_wape) < 0.0006);
        assert_true(fabs(hol - win->tslm_holiday_wape) < 0.002);
    }
    free_protocol(&x);
}

/* The four-variant ensemble matches the prototype's numbers and beats the
 * best peer (tslm) on the mean WAPE and holiday-day WAPE of the Nov-Dec
 * windows and on the 2016-12-01 window. The prototype's weekday effects
 * are additive; the level-scaled ones of A, C and D move each window by
 * 0.0001 … 0.0004 (all down), inside the 0.0008 allowed. */
static void
test_ensemble_beats_tslm(void **state)
{
    (void)state;
    nyc x = load_protocol();
    double mean = 0, mean_hol = 0, tslm_mean = 0, tslm_hol = 0;
    for (size_t w = 0; w < N_WINDOWS; w++) {
        const window *win = &windows[w];
        size_t n_train = (size_t)(wt_day_of(win->origin) - x.h.first_date);
        double forecast[61], wape, hol;
        char err[512];
        assert_int_equal(ensemble_forecast(x.h.volume, n_train, x.h.first_date,
                                                 win->horizon, x.days, forecast, err,
                                                 sizeof err),
                         WFM_OK);
        score(&x, n_train, win->horizon, forecast, &wape, &hol);
        print_message("# ensemble %s h%zu: WAPE %.4f (tslm %.4f), holiday-day WAPE %.4f "
                      "(tslm %.4f)\n", win->origin, win->horizon, wape, win->tslm_wape, hol,
                      win->tslm_holiday_wape);
        if (win->horizon == 61) {
            mean += wape / 4, mean_hol += hol / 4;
            tslm_mean += win->tslm_wape / 4, tslm_hol += win->tslm_holiday_wape / 4;
        } else {
            assert_true(wape < win->tslm_wape && hol < win->tslm_holiday_wape);
        }
    }
    print_message("# ensemble Nov-Dec mean WAPE %.4f (tslm %.4f), holiday-day %.4f (tslm %.4f)\n",
                  mean, tslm_mean, mean_hol, tslm_hol);
    assert_true(mean < tslm_mean);
    assert_true(mean_hol < tslm_hol);
    free_protocol(&x);
}

/* y = 100 + 20·trend(years) + weekday + yearly wave + a Black-Friday-like
 * event: recovered exactly from noise-free data, and forecast exactly. */
static void
test_recovers_known_effects(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01");
    size_t n_train = 4 * 365, horizon = 60;
    double *y = malloc((n_train + horizon) * sizeof *y);
    assert_non_null(y);
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    const char *text = "wfm-calendar 1\nthanksgiving = 4th thursday of november\n"
                       "black_friday = thanksgiving + 1 window=-1..+2\n";
    assert_int_equal(wfm_calendar_add_text(cal, text, strlen(text), NULL), WFM_OK);
    wfm_calendar_days *days = NULL;
    int32_t last = first + (int32_t)(n_train + horizon) - 1;
    assert_int_equal(wfm_calendar_expand(cal, first, last, &days), WFM_OK);
    static const double weekday_effect[8] = { 0, 0, 5, 3, 2, -4, -30, -35 };
    for (size_t i = 0; i < n_train + horizon; i++) {
        int32_t date = first + (int32_t)i, wd;
        assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
        y[i] = 100 + 20 * (double)i / 365.25 + weekday_effect[wd] +
               10 * sin(6.283185307179586 * date / 365.25);
    }
    size_t rows = wfm_calendar_days_count(days);
    for (size_t r = 0; r < rows; r++) {
        int32_t date, event, offset;
        assert_int_equal(wfm_calendar_days_row(days, r, &date, &event, &offset, NULL), WFM_OK);
        if (strcmp(wfm_calendar_days_event_name(days, event), "black_friday") == 0)
            y[date - first] += offset == 0 ? 80 : 15; /* the day, and its window */
    }
    /* Forecast 2022-12-31 + 60 days (no Black Friday), and a horizon that
     * holds one: shift the training span so it ends on 2022-11-01. */
    double forecast[60];
    char err[512];
    const regression_spec spec = { .fourier_order = 3, .trend = true, .weekday = true };
    size_t n_short = (size_t)(wt_day_of("2022-11-01") - first);
    assert_int_equal(regression_forecast(y, n_short, first, horizon, &spec, days, forecast, err,
                                         sizeof err), WFM_OK);
    for (size_t i = 0; i < horizon; i++)
        assert_true(fabs(forecast[i] - y[n_short + i]) < 1e-6);
    /* A missing training day changes nothing on noise-free data. */
    y[100] = NAN;
    assert_int_equal(regression_forecast(y, n_short, first, horizon, &spec, days, forecast, err,
                                         sizeof err), WFM_OK);
    for (size_t i = 0; i < horizon; i++)
        assert_true(fabs(forecast[i] - y[n_short + i]) < 1e-6);
    /* Too little history even for the intercept, trend and six weekdays
     * (8 days, 8 coefficients): a status and a message. */
    assert_int_equal(regression_forecast(y, 8, first, horizon, &spec, days, forecast, err,
                                         sizeof err), WFM_EINVAL);
    assert_non_null(strstr(err, "too little history"));
    const regression_spec bad = { .fourier_order = 41, .trend = true, .weekday = true };
    assert_int_equal(regression_forecast(y, n_short, first, horizon, &bad, NULL, forecast, err,
                                         sizeof err), WFM_EINVAL);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
    free(y);
}

static void
gsl_fails_the_test(const char *reason, const char *file, int line, int gsl_errno)
{
    fail_msg("GSL error %d at %s:%d: %s", gsl_errno, file, line, reason);
}

/* Noise-free additive series: 1000 + 50·years + weekday + 80·sin(yearly). */
static double
additive_truth(int32_t first, size_t i)
{
    static const double weekday_effect[8] = { 0, 0, 40, 30, 20, -10, -300, -350 };
    int32_t wd;
    assert_int_equal(wfm_date_weekday(first + (int32_t)i, &wd), WFM_OK);
    return 1000 + 50 * (double)i / 365.25 + weekday_effect[wd] +
           80 * sin(6.283185307179586 * (first + (int32_t)i) / 365.25);
}

static void
assert_all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_true(isfinite(x[i]));
}

/* Degenerate inputs give WFM_OK with finite forecasts or a clean status,
 * never a GSL error (the handler fails the test). */
static void
test_degenerate_inputs_never_raise(void **state)
{
    (void)state;
    gsl_error_handler_t *previous = gsl_set_error_handler(gsl_fails_the_test);
    int32_t first = wt_day_of("2019-01-01");
    enum { N = 3 * 365, H = 40 };
    double *y = malloc(N * sizeof *y), forecast[H];
    assert_non_null(y);
    char err[512];
    const regression_spec tslm = { .fourier_order = 10, .trend = true, .weekday = true };
    /* Two events on the same dates: columns equal, and unpenalised in the
     * tslm spec. */
    wfm_calendar_days *twins =
        wt_expand("wfm-calendar 1\na = 12-25 window=-1..+1\nb = 12-25 window=-1..+1\n",
                  first, first + N + H - 1);

    /* A weekday never observed: Sundays missing. */
    for (size_t i = 0; i < N; i++) {
        int32_t wd;
        assert_int_equal(wfm_date_weekday(first + (int32_t)i, &wd), WFM_OK);
        y[i] = wd == 7 ? NAN : additive_truth(first, i);
    }
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_OK);
    assert_all_finite(forecast, H);
    assert_int_equal(regression_forecast(y, N, first, H, &tslm, twins, forecast, err, sizeof err),
                     WFM_OK);
    assert_all_finite(forecast, H);

    /* All-equal volumes: the forecast is that volume. */
    for (size_t i = 0; i < N; i++)
        y[i] = 500.0;
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_OK);
    for (size_t h = 0; h < H; h++)
        assert_true(fabs(forecast[h] - 500.0) < 1e-6);
    assert_int_equal(regression_forecast(y, N, first, H, &tslm, twins, forecast, err, sizeof err),
                     WFM_OK);
    for (size_t h = 0; h < H; h++)
        assert_true(fabs(forecast[h] - 500.0) < 1e-6);

    /* Collinear event columns on real-looking data. */
    for (size_t i = 0; i < N; i++)
        y[i] = additive_truth(first, i);
    assert_int_equal(regression_forecast(y, N, first, H, &tslm, twins, forecast, err, sizeof err),
                     WFM_OK);
    assert_all_finite(forecast, H);
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_OK);
    assert_all_finite(forecast, H);

    /* Tiny histories: up to 8 days (8 coefficients) is too little; 9 is
     * enough for trend and weekday. */
    for (size_t n = 1; n <= 8; n++) {
        assert_int_equal(ensemble_forecast(y, n, first, H, twins, forecast, err,
                                                 sizeof err), WFM_EINVAL);
        assert_non_null(strstr(err, "too little history"));
    }
    assert_int_equal(ensemble_forecast(y, 9, first, H, twins, forecast, err,
                                             sizeof err), WFM_OK);
    assert_all_finite(forecast, H);
    assert_int_equal(ensemble_forecast(y, 0, first, H, twins, forecast, err,
                                             sizeof err), WFM_EINVAL);

    /* Ten observed days scattered over three years: the harmonics give way
     * to trend and weekday. */
    for (size_t i = 0; i < N; i++)
        y[i] = i % 109 == 0 ? additive_truth(first, i) : NAN;
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_OK);
    assert_all_finite(forecast, H);

    /* Nothing observed; an infinite volume; volumes that overflow the sums. */
    for (size_t i = 0; i < N; i++)
        y[i] = NAN;
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_EINVAL);
    for (size_t i = 0; i < N; i++)
        y[i] = additive_truth(first, i);
    y[N / 2] = INFINITY;
    assert_int_equal(ensemble_forecast(y, N, first, H, twins, forecast, err,
                                             sizeof err), WFM_EINVAL);
    for (size_t i = 0; i < N; i++)
        y[i] = 1e306 * (1.0 + (double)(i % 7));
    int32_t st = ensemble_forecast(y, N, first, H, twins, forecast, err, sizeof err);
    assert_true(st == WFM_ERANGE || st == WFM_OK);
    if (st == WFM_OK)
        assert_all_finite(forecast, H);

    wfm_calendar_days_free(twins);
    free(y);
    gsl_set_error_handler(previous);
}

/* Histories from 8 weeks up: trend and weekday alone under a year, the
 * annual wave from one year, never a failure. */
static void
test_short_histories(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01");
    enum { N = 548, H = 28 };
    double y[N + H], forecast[H];
    char err[512];
    for (size_t i = 0; i < N + H; i++)
        y[i] = additive_truth(first, i);

    /* 8 weeks: the yearly wave (amplitude 80, curvature at most
     * 80·(2π/365.25)² = 0.024 per day²) looks like a local trend. A line
     * fitted to 56 days and followed 28 days past them is off by at most
     * about ½·0.024·(28 + 28)² = 37. */
    assert_int_equal(ensemble_forecast(y, 56, first, H, NULL, forecast, err,
                                             sizeof err), WFM_OK);
    for (size_t h = 0; h < H; h++)
        assert_true(fabs(forecast[h] - y[56 + h]) < 40.0);

    /* 18 months: the first harmonic is exactly this wave, so the linear
     * variants (A, and D with its 15 harmonics cut to one and no weekday
     * interactions) with additive weekday effects recover the series
     * exactly. As shipped they scale the weekday effects with the
     * trailing-year level, which this additive series does not do: the
     * level moves by at most 50 / 1000 a year × 1.5 years = 7.5 %, so a
     * weekday effect (at most 350) is misstated by at most 26, 2.6 % of
     * the level. */
    for (size_t v = 0; v < DAILY_ENSEMBLE_SIZE; v++) {
        if (daily_ensemble[v].log_scale)
            continue;
        regression_spec additive = daily_ensemble[v];
        additive.level_scaled = false;
        assert_int_equal(regression_forecast(y, N, first, H, &additive, NULL, forecast, err,
                                             sizeof err), WFM_OK);
        for (size_t h = 0; h < H; h++)
            assert_true(fabs(forecast[h] - y[N + h]) < 1e-6);
        assert_int_equal(regression_forecast(y, N, first, H, &daily_ensemble[v], NULL, forecast,
                                             err, sizeof err), WFM_OK);
        for (size_t h = 0; h < H; h++)
            assert_true(fabs(forecast[h] - y[N + h]) < 0.026 * 1000.0);
    }
    /* The ensemble adds the log fit of an additive series: within 1 %. */
    assert_int_equal(ensemble_forecast(y, N, first, H, NULL, forecast, err,
                                             sizeof err), WFM_OK);
    for (size_t h = 0; h < H; h++)
        assert_true(fabs(forecast[h] - y[N + h]) < 0.01 * y[N + h]);
}

/* A day with zero volume (the centre closed on 25 December) rules out the
 * log variant: the ensemble averages the others; the log fit alone fails
 * cleanly. */
static void
test_zero_volumes_skip_the_log_variant(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01");
    enum { N = 3 * 365 + 300, H = 28 };
    double y[N], forecast[H];
    char err[512];
    wfm_calendar_days *days =
        wt_expand("wfm-calendar 1\nchristmas = 12-25 closed\n", first, first + N + H - 1);
    for (size_t i = 0; i < N; i++) {
        int32_t yr, month, day;
        assert_int_equal(wfm_date_to_ymd(first + (int32_t)i, &yr, &month, &day), WFM_OK);
        y[i] = month == 12 && day == 25 ? 0.0 : additive_truth(first, i);
    }
    assert_int_equal(ensemble_forecast(y, N, first, H, days, forecast, err,
                                             sizeof err), WFM_OK);
    /* A, C and D fit this additive series but for the ridge on the
     * Christmas columns and their level-scaled weekday effects (the
     * series' are additive): the trailing-year level rises about 15 % over
     * the 3.8 years fitted, the fit sizes a weekday effect at about its
     * average and the forecast applies it at the end, about 8 % higher:
     * the −350 of a Sunday comes out about 28 too low. Within 35 (3.5 % of
     * the base level) on the ordinary days ahead. */
    for (size_t h = 0; h < H; h++)
        assert_true(fabs(forecast[h] - additive_truth(first, N + h)) < 35.0);
    assert_int_equal(regression_forecast(y, N, first, H, &daily_ensemble[0], days, forecast, err,
                                         sizeof err), WFM_EINVAL);
    assert_non_null(strstr(err, "log scale"));
    wfm_calendar_days_free(days);
}

/* Several origins in one call are the one-origin forecasts, and bad
 * origins are refused. */
static void
test_backtest_origins(void **state)
{
    (void)state;
    nyc x = load_protocol();
    size_t last = (size_t)(wt_day_of("2017-11-01") - x.h.first_date);
    enum { K = 13, H = 61 };
    size_t origins[K];
    for (size_t k = 0; k < K; k++)
        origins[k] = last - 28 * (K - 1 - k) - (k + 1 < K ? H : 0);
    static double all[K * H];
    double one[H];
    char err[512];
    assert_int_equal(ensemble_backtest(x.h.volume, last, x.h.first_date, origins, K, H,
                                             x.days, all, err, sizeof err), WFM_OK);
    for (size_t k = 0; k < K; k++) {
        assert_int_equal(ensemble_forecast(x.h.volume, origins[k], x.h.first_date, H,
                                                 x.days, one, err, sizeof err), WFM_OK);
        for (size_t h = 0; h < H; h++)
            assert_true(fabs(all[k * H + h] - one[h]) <= 1e-9 * fabs(one[h]));
    }
    size_t bad[2] = { origins[1], origins[0] };
    assert_int_equal(ensemble_backtest(x.h.volume, last, x.h.first_date, bad, 2, H, x.days,
                                             all, err, sizeof err), WFM_EINVAL);
    bad[0] = 0;
    assert_int_equal(ensemble_backtest(x.h.volume, last, x.h.first_date, bad, 1, H, x.days,
                                             all, err, sizeof err), WFM_EINVAL);
    bad[0] = last + 1;
    assert_int_equal(ensemble_backtest(x.h.volume, last, x.h.first_date, bad, 1, H, x.days,
                                             all, err, sizeof err), WFM_EINVAL);
    free_protocol(&x);
}

/* splitmix64: a seeded generator local to the test. */
static double
uniform01(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Poisson-ish: a normal draw with variance = mean, rounded. */
static double
poissonish(double mean, uint64_t *state)
{
    double u = uniform01(state), v = uniform01(state);
    double z = sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
    return round(mean + sqrt(mean) * z);
}

/* y[0..n) drawn Poisson-ish (seeded) around mean(date, i / n) from `first`
 * on, and truth[0..h) the means of the h days after. */
static void
draw_series(int32_t first, size_t n, size_t h, double (*mean)(int32_t date, double elapsed),
            uint64_t seed, double *y, double *truth)
{
    for (size_t i = 0; i < n + h; i++) {
        double m = mean(first + (int32_t)i, (double)i / (double)n);
        if (i < n)
            y[i] = poissonish(m, &seed);
        else
            truth[i - n] = m;
    }
}

/* A retailer's Black Friday at three times an ordinary day, seen in the
 * two years of history (level 1,000 × weekday, Poisson-ish noise): the
 * next one must come out near ×3. With a fixed event ridge of 1 it came
 * out 16 % short (seed 1: 2,528 of 3,000; two occurrences shrunk by 2 / 3
 * in the linear variants); the ridge estimated from the calendar's effects
 * (fit_event_noise_ratio()) leaves a Black Friday this far above its noise
 * nearly whole. Measured 0.2-4.2 % over, three seeds; allow 10 %. The
 * ordinary days around it stay within 8 %. */
static double
black_friday_mean(int32_t date, double elapsed)
{
    static const double weekday_effect[8] = { 0, 1.0, 0.95, 0.95, 0.9, 1.0, 0.7, 0.5 };
    int32_t wd, yr, month, day;
    (void)elapsed;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    assert_int_equal(wfm_date_to_ymd(date, &yr, &month, &day), WFM_OK);
    bool bf = month == 11 && wd == 5 && day >= 23 && day <= 29;
    return 1000.0 * weekday_effect[wd] * (bf ? 3.0 : 1.0);
}

static void
test_big_event_from_two_seasons(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2021-11-01"), origin = wt_day_of("2023-11-01");
    size_t n = (size_t)(origin - first);
    enum { H = 61 };
    wfm_calendar_days *days =
        wt_expand("wfm-calendar 1\nthanksgiving = 4th thursday of november\n"
                  "black_friday = thanksgiving + 1\n",
                  first, first + (int32_t)(n + H) - 1);
    size_t black_friday = (size_t)(wt_day_of("2023-11-24") - origin);
    double *y = malloc(n * sizeof *y), truth[H], forecast[H];
    assert_non_null(y);
    char err[512];
    for (uint64_t seed = 1; seed <= 3; seed++) {
        draw_series(first, n, H, black_friday_mean, seed, y, truth);
        assert_int_equal(ensemble_forecast(y, n, first, H, days, forecast, err, sizeof err),
                         WFM_OK);
        print_message("# seed %u: Black Friday forecast %.0f, truth %.0f (%+.1f %%)\n",
                      (unsigned)seed, forecast[black_friday], truth[black_friday],
                      100.0 * (forecast[black_friday] / truth[black_friday] - 1.0));
        assert_true(fabs(forecast[black_friday] - truth[black_friday]) <
                    0.10 * truth[black_friday]);
        for (size_t h = 0; h < H; h++)
            if (h != black_friday)
                assert_true(fabs(forecast[h] - truth[h]) < 0.08 * truth[h]);
    }
    free(y);
    wfm_calendar_days_free(days);
}

/* Five years in which the level L doubles (1000 → 2000, linearly), days
 * L·(1 + weekday + 0.12·sin(yearly)) with weekday effects of −22 % … +10 %,
 * and one event a year (14 February) that adds 100 % of the level, with
 * Poisson-ish noise: the forecasts of the next 14 February (≈ 2·L) and of
 * the ordinary days around it. */
static double
growing_level_mean(int32_t date, double elapsed)
{
    static const double weekday_effect[8] = { 0, 0.10, 0.06, 0.03, 0, -0.02, -0.15, -0.22 };
    int32_t wd, yr, month, day;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    assert_int_equal(wfm_date_to_ymd(date, &yr, &month, &day), WFM_OK);
    double level = 1000.0 * (1.0 + elapsed);
    double ordinary = level * (1.0 + weekday_effect[wd] +
                               0.12 * sin(6.283185307179586 * date / 365.25));
    return ordinary + (month == 2 && day == 14 ? level : 0.0);
}

static void
test_event_on_a_growing_level(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01"), origin = wt_day_of("2024-01-01");
    size_t n = (size_t)(origin - first);
    enum { H = 61 };
    size_t event = (size_t)(wt_day_of("2024-02-14") - origin);
    wfm_calendar_days *days =
        wt_expand("wfm-calendar 1\nbig_day = 02-14\n", first, first + (int32_t)(n + H) - 1);
    double *y = malloc(n * sizeof *y), truth[H], forecast[H];
    assert_non_null(y);
    char err[512];
    for (uint64_t seed = 1; seed <= 3; seed++) {
        draw_series(first, n, H, growing_level_mean, seed, y, truth);
        assert_int_equal(ensemble_forecast(y, n, first, H, days, forecast, err,
                                                 sizeof err), WFM_OK);
        print_message("# seed %u: 2024-02-14 forecast %.0f, truth %.0f (%+.1f %%)\n",
                      (unsigned)seed, forecast[event], truth[event],
                      100.0 * (forecast[event] / truth[event] - 1.0));
        /* The event day, truth 2·L ≈ 4,100 (L ≈ 2,020): every variant
         * scales the event with the level (the linear ones by the trailing
         * year's mean, which lags a growing level by half a year), so a
         * peak learned at 1,000 comes out near 2,000. Measured 1.9-3.0 %
         * over (4.5-5.6 % short with a fixed event ridge of 1, 17 % when
         * the linear variants added one size at the training's mean
         * level); allow 10 %. */
        assert_true(fabs(forecast[event] - truth[event]) < 0.10 * truth[event]);
        /* Ordinary days. The linear variants add weekday and yearly effects
         * at the training's mean level (1,500), not the forecast's (2,020):
         * Sunday's −22 % becomes −16 %, 7.5 % too high, and the ensemble
         * (with the log variant right) about 5.5 %. Allow 8 % a day, and
         * 6 % on the mean of each weekday (without weekday effects Sunday
         * would be 25 % off). */
        double error[8] = { 0 }, total[8] = { 0 };
        for (size_t h = 0; h < H; h++) {
            if (h + 1 >= event && h <= event + 1)
                continue;
            int32_t wd;
            assert_int_equal(wfm_date_weekday(origin + (int32_t)h, &wd), WFM_OK);
            assert_true(fabs(forecast[h] - truth[h]) < 0.08 * truth[h]);
            error[wd] += forecast[h] - truth[h];
            total[wd] += truth[h];
        }
        for (int32_t wd = 1; wd <= 7; wd++)
            assert_true(fabs(error[wd]) < 0.06 * total[wd]);
    }
    free(y);
    wfm_calendar_days_free(days);
}

/* Four years (2019-2022) at a flat level whose weekends grow by 15 % of a
 * day a year (a channel mix that moves: Saturday ×1.0 → ×1.6 of its 2019
 * self), with weekday and yearly effects and Poisson-ish noise. The
 * weekday effects of the whole history are those of mid-2021; the next
 * eight weeks' weekends are forecast from the weekly pattern as it is now
 * (fit_weekday_now(), forecast-fit-residuals.c). Measured, the mean error
 * of each weekday over the eight weeks: weekends −13.6 … −14.7 % and the
 * other days +5.7 … +6.3 % with the history's one set of effects (seed
 * 1); now weekends −2.3 … −4.7 %, the other days −0.5 … +1.5 % (3 seeds;
 * the last year's pattern lags the drift by half a year). Allow 6 % and
 * 3 %. */
static double
moving_weekends_mean(int32_t date, double elapsed)
{
    static const double weekday_effect[8] = { 0, 1.0, 0.95, 0.95, 0.9, 1.0, 0.6, 0.5 };
    int32_t wd;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    double years = 4.0 * elapsed, weekend = wd >= 6 ? 1.0 + 0.15 * years : 1.0;
    return 1000.0 * weekday_effect[wd] * weekend *
           (1.0 + 0.1 * sin(6.283185307179586 * date / 365.25));
}

static void
test_a_weekly_pattern_that_moves(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2019-01-01"), origin = wt_day_of("2023-01-01");
    size_t n = (size_t)(origin - first);
    enum { H = 56 };
    double *y = malloc(n * sizeof *y), truth[H], forecast[H];
    assert_non_null(y);
    char err[512];
    for (uint64_t seed = 1; seed <= 3; seed++) {
        draw_series(first, n, H, moving_weekends_mean, seed, y, truth);
        assert_int_equal(ensemble_forecast(y, n, first, H, NULL, forecast, err, sizeof err),
                         WFM_OK);
        double error[8] = { 0 }, total[8] = { 0 };
        for (size_t h = 0; h < H; h++) {
            int32_t wd;
            assert_int_equal(wfm_date_weekday(origin + (int32_t)h, &wd), WFM_OK);
            error[wd] += forecast[h] - truth[h];
            total[wd] += truth[h];
        }
        print_message("# seed %u: mean error Monday … Sunday", (unsigned)seed);
        for (int32_t wd = 1; wd <= 7; wd++)
            print_message(" %+.1f %%", 100.0 * error[wd] / total[wd]);
        print_message("\n");
        for (int32_t wd = 1; wd <= 7; wd++)
            assert_true(fabs(error[wd]) < (wd >= 6 ? 0.06 : 0.03) * total[wd]);
    }
    free(y);
}

/* A retailer with one past Christmas: 16 months of history (2022-07-01 ..
 * 2023-10-31) growing 30 % a year, weekday effects, and a season the
 * calendar does not name: orders ramp up to 1.8 times the day's level over
 * the 30 days before 24 December, Christmas Day shut (no calendar flag, 0
 * orders), 1.4 times for the returns week after it. The forecast of
 * Nov-Dec 2023 must carry last year's ramp forward at this year's level:
 * the ten days before Christmas within 12 % of the truth on average (the
 * yearly harmonic alone, all that 16 months allow, is 20-25 % short
 * there). */
static double
retail_truth(int32_t date, int32_t first)
{
    static const double weekday_effect[8] = { 0, 0.0, -0.02, 0.0, 0.05, 0.15, 0.20, -0.25 };
    int32_t wd, year, month, day, christmas;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    assert_int_equal(wfm_date_to_ymd(date, &year, &month, &day), WFM_OK);
    assert_int_equal(wfm_date_from_ymd(year, 12, 25, &christmas), WFM_OK);
    double level = 1000.0 * pow(1.3, (double)(date - first) / 365.25);
    double y = level * (1.0 + weekday_effect[wd]);
    int32_t to = date - christmas;
    if (to == 0)
        return 0.0;
    if (to >= -31 && to <= -1)
        y *= 1.0 + 0.8 * (double)(31 + to) / 30.0;
    if (to >= 1 && to <= 7)
        y *= 1.4;
    return y;
}

static void
test_one_past_christmas_carries_forward(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2022-07-01"), origin = wt_day_of("2023-11-01");
    size_t n = (size_t)(origin - first);
    enum { H = 61 };
    wfm_calendar_days *days =
        wt_expand("wfm-calendar 1\nchristmas = 12-25\n", first, first + (int32_t)(n + H) - 1);
    double *y = malloc(n * sizeof *y), forecast[H];
    assert_non_null(y);
    char err[512];
    for (uint64_t seed = 1; seed <= 3; seed++) {
        uint64_t rng = seed;
        for (size_t i = 0; i < n; i++) {
            double mean = retail_truth(first + (int32_t)i, first);
            /* Christmas Day had no orders: not fitted, as the engine does */
            y[i] = mean > 0.0 ? poissonish(mean, &rng) : NAN;
        }
        assert_int_equal(ensemble_forecast(y, n, first, H, days, forecast, err, sizeof err),
                         WFM_OK);
        double error = 0.0, total = 0.0;
        for (int32_t d = wt_day_of("2023-12-14"); d <= wt_day_of("2023-12-24"); d++) {
            error += forecast[d - origin] - retail_truth(d, first);
            total += retail_truth(d, first);
        }
        print_message("# seed %u: 14-24 Dec 2023 forecast %+.1f %% against the truth\n",
                      (unsigned)seed, 100.0 * error / total);
        assert_true(fabs(error) < 0.12 * total);
    }
    free(y);
    wfm_calendar_days_free(days);
}

int
main(void)
{
    gsl_set_error_handler(gsl_fails_the_test);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproduces_tslm),
        cmocka_unit_test(test_ensemble_beats_tslm),
        cmocka_unit_test(test_recovers_known_effects),
        cmocka_unit_test(test_degenerate_inputs_never_raise),
        cmocka_unit_test(test_short_histories),
        cmocka_unit_test(test_zero_volumes_skip_the_log_variant),
        cmocka_unit_test(test_backtest_origins),
        cmocka_unit_test(test_event_on_a_growing_level),
        cmocka_unit_test(test_big_event_from_two_seasons),
        cmocka_unit_test(test_one_past_christmas_carries_forward),
        cmocka_unit_test(test_a_weekly_pattern_that_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
