/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Auto never forecasts the Christmas season blind (wfm/forecast.h,
 * "Methods"), through the public API: a synthetic retailer whose truth is
 * known, 20 months of history with one past season (volume doubling from
 * 13 November to Christmas Eve, +50 % on the ten days after) and a level
 * that jumped 30 % eight months before the history ends, so that recent
 * weeks beat the regression on the recent backtests and auto picks them.
 * The season's days must come from the regression (the only method that
 * knows last year's season), the other days from recent weeks, each day
 * independent of how many days are asked for.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test-util.h"
#include "wfm.h"
#include "test-calendar-util.h"

/* Monday … Sunday. */
static const double WEEKDAY[7] = { 1.0, 0.95, 0.95, 0.9, 1.0, 0.7, 0.5 };

/* The truth's mean on @p date: the level (1000, then 1300 from 1 March
 * 2023) × weekday × season. */
static double
truth(int32_t date)
{
    int32_t y, m, d, christmas;
    assert_int_equal(wfm_date_to_ymd(date, &y, &m, &d), WFM_OK);
    assert_int_equal(wfm_date_from_ymd(m == 1 ? y - 1 : y, 12, 25, &christmas), WFM_OK);
    int32_t offset = date - christmas;
    double season = offset >= -42 && offset <= -1 ? 1.0 + (offset + 43) / 42.0
                    : offset >= 0 && offset <= 10 ? 1.5
                                                  : 1.0;
    double level = date >= wt_day_of("2023-03-01") ? 1300.0 : 1000.0;
    return level * WEEKDAY[wt_weekday_of(date) - 1] * season;
}

typedef struct {
    int32_t method;
    size_t count;
    double point[61];
} run;

static run
forecast(const wfm_history *h, int32_t method, int32_t start, int32_t days)
{
    run r = { 0 };
    wfm_forecast *f = NULL;
    assert_int_equal(wfm_forecast_new(&f), WFM_OK);
    assert_int_equal(wfm_forecast_set_int(f, WFM_FORECAST_METHOD, method), WFM_OK);
    if (wfm_forecast_run(f, h, NULL, start, days) != WFM_OK)
        fail_msg("%s", wfm_forecast_errmsg(f));
    assert_int_equal(wfm_forecast_method_used(f, &r.method), WFM_OK);
    assert_true(days <= 61);
    assert_int_equal(wfm_forecast_copy(f, r.point, NULL, NULL, 61, &r.count), WFM_OK);
    assert_int_equal(r.count, (size_t)days);
    wfm_forecast_free(f);
    return r;
}

static void
test_season_not_blind(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2022-03-01"), start = wt_day_of("2023-11-01");
    size_t n = (size_t)(start - first);
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    wt_rng rng = { 5 };
    for (size_t i = 0; i < n; i++)
        v[i] = round(truth(first + (int32_t)i) * wt_rng_range(&rng, 0.95, 1.05));
    wfm_history *h = NULL;
    assert_int_equal(wfm_history_new(&h), WFM_OK);
    assert_int_equal(wfm_history_set_series(h, first, 1440, v, NULL, n), WFM_OK);
    free(v);

    run aut = forecast(h, WFM_FORECAST_AUTO, start, 61);
    run rec = forecast(h, WFM_FORECAST_RECENT_WEEKS, start, 61);
    run reg = forecast(h, WFM_FORECAST_REGRESSION, start, 61);
    run month = forecast(h, WFM_FORECAST_AUTO, start, 30);
    /* The premise: recent weeks won the backtests. */
    assert_int_equal(aut.method, WFM_FORECAST_RECENT_WEEKS);

    int32_t season = wt_day_of("2023-11-13");
    double error = 0.0, blind = 0.0, sum = 0.0;
    for (int32_t k = 0; k < 61; k++) {
        int32_t date = start + k;
        const run *want = date < season ? &rec : &reg;
        assert_true(fabs(aut.point[k] - want->point[k]) <= 1e-9 * want->point[k]);
        if (k < 30)
            assert_true(fabs(month.point[k] - aut.point[k]) <= 1e-9 * aut.point[k]);
        if (date >= wt_day_of("2023-12-15") && date <= wt_day_of("2023-12-24")) {
            error += fabs(aut.point[k] - truth(date));
            blind += fabs(rec.point[k] - truth(date));
            sum += truth(date);
        }
    }
    /* Measured: recent weeks alone 46 % short on the ten days before
     * Christmas (the old auto), with the season from the regression 12 %. */
    printf("# ten days before Christmas, WAPE: auto %.3f, recent weeks alone %.3f\n",
           error / sum, blind / sum);
    assert_true(blind / sum > 0.3);
    assert_true(error / sum < 0.15);
    wfm_history_free(h);
}

int
main(void)
{
    wt_gsl_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_season_not_blind, wt_gsl_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
