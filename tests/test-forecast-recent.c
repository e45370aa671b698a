/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "recent weeks" daily forecaster: weekday levels of synthetic series
 * with known truth, the level recipe against a hand computation, closed
 * weekdays, gaps, calendar effects (ratios, windows, closed days, a
 * holiday inside a season) and bad inputs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "forecast-recent-private.h"
#include "test-util.h"
#include "wfm.h"
#include "test-calendar-util.h"

/* Weekday levels Monday … Sunday; Sunday is closed (not observed). */
static const double levels[7] = { 1000, 950, 900, 880, 700, 250, NAN };

static void
test_levels_recovered(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01"); /* a Monday */
    enum { N = 12 * 7, H = 14 };
    double y[N], f[H];
    char err[256];
    wt_rng rng = { 42 };
    for (int noisy = 0; noisy < 2; noisy++) {
        for (size_t i = 0; i < N; i++) {
            double level = levels[wt_weekday_of(first + (int32_t)i) - 1];
            y[i] = noisy ? level * wt_rng_range(&rng, 0.95, 1.05) : level;
        }
        assert_int_equal(recent_weeks_forecast(y, N, first, H, NULL, f, err, sizeof err), WFM_OK);
        for (size_t h = 0; h < H; h++) {
            double truth = levels[wt_weekday_of(first + N + (int32_t)h) - 1];
            if (isnan(truth))
                assert_true(f[h] == 0.0); /* closed weekday */
            else if (noisy) /* every day within ±5 %, so is any average */
                assert_true(fabs(f[h] / truth - 1.0) <= 0.05);
            else
                assert_true(fabs(f[h] - truth) <= 1e-9 * truth);
        }
    }
}

/* The recipe on one weekday, computed by hand: 0.5 × median of the last 4
 * + 0.5 × mean of the last 8 without outliers. */
static void
test_level_by_hand(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 8 * 7 };
    /* Mondays, most recent first: 300 is an outlier (log(301/102) >= 0.3). */
    const double mondays[8] = { 100, 110, 90, 105, 300, 95, 100, 102 };
    double y[N], f[7];
    for (size_t i = 0; i < N; i++)
        y[i] = i % 7 == 0 ? mondays[7 - i / 7] : 50.0;
    assert_int_equal(recent_weeks_forecast(y, N, first, 7, NULL, f, NULL, 0), WFM_OK);
    /* median(100, 110, 90, 105) = 102.5; mean of the seven others = 702 / 7. */
    double expected = 0.5 * 102.5 + 0.5 * 702.0 / 7.0;
    assert_true(fabs(f[0] - expected) < 1e-9);
    assert_true(fabs(f[1] - 50.0) < 1e-12);

    /* Only two Mondays observed: the median and mean of those two. */
    for (size_t i = 0; i < N; i++)
        if (i % 7 == 0)
            y[i] = i == 49 ? 100.0 : i == 42 ? 120.0 : NAN;
    assert_int_equal(recent_weeks_forecast(y, N, first, 7, NULL, f, NULL, 0), WFM_OK);
    assert_true(fabs(f[0] - 110.0) < 1e-9);
}

static void
test_closed_and_gaps(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 20 * 7, H = 7 };
    double y[N], f[H];
    for (size_t i = 0; i < N; i++) {
        int32_t wd = wt_weekday_of(first + (int32_t)i);
        y[i] = wd <= 3 ? 500.0 : wd == 4 ? 400.0 : wd == 5 ? 0.0 : NAN;
        /* Tuesdays: the last three weeks are a gap, older ones say 600. */
        if (wd == 2)
            y[i] = i >= N - 21 ? NAN : 600.0;
        /* Wednesdays: open until 10 weeks ago, not since. */
        if (wd == 3 && i >= N - 70)
            y[i] = NAN;
    }
    assert_int_equal(recent_weeks_forecast(y, N, first, H, NULL, f, NULL, 0), WFM_OK);
    assert_true(fabs(f[0] - 500.0) < 1e-9); /* Monday */
    assert_true(fabs(f[1] - 600.0) < 1e-9); /* Tuesday: older days fill the gap */
    assert_true(f[2] == 0.0);               /* Wednesday: closed for 8 weeks */
    assert_true(fabs(f[3] - 400.0) < 1e-9); /* Thursday */
    assert_true(f[4] == 0.0);               /* Friday: recorded zeros */
    assert_true(f[5] == 0.0 && f[6] == 0.0); /* weekend never observed */

    /* Shorter than a week: weekdays never seen forecast 0. */
    const double five[5] = { 10, 20, 30, 40, 50 };
    double g[7];
    assert_int_equal(recent_weeks_forecast(five, 5, first, 7, NULL, g, NULL, 0), WFM_OK);
    for (size_t h = 0; h < 7; h++) /* day 5 + h is weekday (5 + h) % 7 of the history */
        assert_true(fabs(g[h] - ((5 + h) % 7 < 5 ? five[(5 + h) % 7] : 0.0)) < 1e-12);
}

/* Past occurrences as ratios to the level before them; windows; events
 * left out of the level; closed days; unseen events. */
static void
test_event_effects(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 52 * 7, H = 14 };
    const char *text = "wfm-calendar 1\n"
                       "promo = dates 2024-03-06, 2024-06-12, 2024-09-18, 2024-12-25, "
                       "2025-01-08 window=-1..+1\n"
                       "launch = 2025-01-03\n"
                       "shut = 2025-01-06 closed\n";
    wfm_calendar_days *days = wt_expand(text, first, first + N + H - 1);
    double y[N], f[H];
    for (size_t i = 0; i < N; i++)
        y[i] = 1000.0;
    const char *promo[4] = { "2024-03-06", "2024-06-12", "2024-09-18", "2024-12-25" };
    const double peak[4] = { 1400, 1500, 1700, 1500 }; /* median ratio 1.5 */
    for (size_t k = 0; k < 4; k++) {
        size_t i = (size_t)(wt_day_of(promo[k]) - first);
        y[i - 1] = 900.0, y[i] = peak[k], y[i + 1] = 1200.0;
    }
    int32_t origin = first + N; /* 2024-12-30 */
    assert_int_equal(recent_weeks_forecast(y, N, first, H, days, f, NULL, 0), WFM_OK);
    for (size_t h = 0; h < H; h++) {
        int32_t date = origin + (int32_t)h;
        double truth = date == wt_day_of("2025-01-07")   ? 900.0
                       : date == wt_day_of("2025-01-08") ? 1500.0
                       : date == wt_day_of("2025-01-09") ? 1200.0
                       : date == wt_day_of("2025-01-06") ? 0.0
                                                      : 1000.0; /* launch: no history */
        assert_true(fabs(f[h] - truth) < 1e-9);
    }
    wfm_calendar_days_free(days);
}

/* A holiday inside a season: the holiday's own ratios already hold the
 * season (the level leaves all event days out), so it is used alone. */
static void
test_holiday_in_season(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 52 * 7, H = 14 };
    const char *text = "wfm-calendar 1\n"
                       "peak = dates 2024-03-04 .. 2024-03-17, 2024-09-02 .. 2024-09-15, "
                       "2025-01-06 .. 2025-01-12\n"
                       "special = dates 2024-03-10, 2024-09-08, 2025-01-08\n";
    wfm_calendar_days *days = wt_expand(text, first, first + N + H - 1);
    double y[N], f[H];
    for (size_t i = 0; i < N; i++) {
        int32_t date = first + (int32_t)i;
        bool in_peak = (date >= wt_day_of("2024-03-04") && date <= wt_day_of("2024-03-17")) ||
                       (date >= wt_day_of("2024-09-02") && date <= wt_day_of("2024-09-15"));
        y[i] = in_peak ? 1200.0 : 1000.0;
    }
    y[wt_day_of("2024-03-10") - first] = 600.0;
    y[wt_day_of("2024-09-08") - first] = 600.0;
    assert_int_equal(recent_weeks_forecast(y, N, first, H, days, f, NULL, 0), WFM_OK);
    for (size_t h = 0; h < H; h++) {
        int32_t date = first + N + (int32_t)h;
        double truth = date == wt_day_of("2025-01-08") ? 600.0
                       : date >= wt_day_of("2025-01-06") && date <= wt_day_of("2025-01-12") ? 1200.0
                                                                                       : 1000.0;
        assert_true(fabs(f[h] - truth) < 1e-9);
    }
    wfm_calendar_days_free(days);
}

static void
expect_einval(int32_t status, const char *err)
{
    assert_int_equal(status, WFM_EINVAL);
    assert_true(strlen(err) > 0);
}

static void
test_bad_inputs(void **state)
{
    (void)state;
    double y[14], f[7];
    char err[256];
    for (size_t i = 0; i < 14; i++)
        y[i] = 100.0;
    int32_t first = wt_day_of("2024-01-01");
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(NULL, 14, first, 7, NULL, f, err, sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 14, first, 7, NULL, NULL, err, sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 0, first, 7, NULL, f, err, sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 14, first, 0, NULL, f, err, sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 14, WFM_DATE_MAX - 10, 7, NULL, f, err,
                                        sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 14, WFM_DATE_MIN - 1, 7, NULL, f, err, sizeof err), err);
    err[0] = '\0';
    expect_einval(recent_weeks_forecast(y, 14, first, SIZE_MAX, NULL, f, err, sizeof err), err);
    const double bad[3] = { -1.0, INFINITY, -INFINITY };
    for (size_t k = 0; k < 3; k++) {
        y[5] = bad[k];
        err[0] = '\0';
        expect_einval(recent_weeks_forecast(y, 14, first, 7, NULL, f, err, sizeof err), err);
    }
    /* No message buffer: still no crash. */
    assert_int_equal(recent_weeks_forecast(y, 14, first, 7, NULL, f, NULL, 64), WFM_EINVAL);
    /* The last valid date is fine. */
    y[5] = 100.0;
    assert_int_equal(recent_weeks_forecast(y, 14, WFM_DATE_MAX - 20, 7, NULL, f, err,
                                           sizeof err), WFM_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_recovered),
        cmocka_unit_test(test_level_by_hand),
        cmocka_unit_test(test_closed_and_gaps),
        cmocka_unit_test(test_event_effects),
        cmocka_unit_test(test_holiday_in_season),
        cmocka_unit_test(test_bad_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
