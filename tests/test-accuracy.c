/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accuracy metrics: hand-worked cases, and the seasonal naive forecast on
 * the NYC EMS windows against the WAPE, MASE and bias PEERS.md publishes
 * for it (computed by its authors in R). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif

#include "history-private.h"
#include "wfm.h"

static void
test_hand_worked(void **state)
{
    (void)state;
    const double f[] = { 110, 90, 50, 7 };
    const double a[] = { 100, 100, NAN, 0 };
    double v = -1;
    /* |10| + |−10| + |7| = 27 over 200; the NaN point is not scored. */
    assert_int_equal(wfm_accuracy_wape(f, a, 4, &v), WFM_OK);
    assert_true(fabs(v - 27.0 / 200.0) < 1e-15);
    assert_int_equal(wfm_accuracy_bias(f, a, 4, &v), WFM_OK);
    assert_true(fabs(v - 7.0 / 200.0) < 1e-15);
    /* Scale: |y_t − y_{t−2}| over 1,2,4,NaN,7,9 → |4−1|, |7−4|, (NaN skipped
     * twice) → mean 3; error mean 27/3 = 9 → MASE 3. */
    const double hist[] = { 1, 2, 4, NAN, 7, 9 };
    assert_int_equal(wfm_accuracy_mase(f, a, 4, hist, 6, 2, &v), WFM_OK);
    assert_true(fabs(v - 3.0) < 1e-15);
    const double lo[] = { 95, 95, 0, 1 }, hi[] = { 105, 100, 1, 2 };
    assert_int_equal(wfm_accuracy_coverage(lo, hi, a, 4, &v), WFM_OK);
    /* 100 in [95, 105] and in [95, 100]; 0 not in [1, 2]: 2 of 3 scored. */
    assert_true(fabs(v - 2.0 / 3.0) < 1e-15);
}

static void
test_bad_inputs(void **state)
{
    (void)state;
    const double f[] = { 1, 2 }, a[] = { 1, 2 }, zero[] = { 0, 0 }, neg[] = { 1, -1 };
    const double inf_f[] = { INFINITY, 2 }, nan_a[] = { NAN, NAN };
    double v = 42;
    assert_int_equal(wfm_accuracy_wape(NULL, a, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(f, NULL, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(f, a, 2, NULL), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(f, zero, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(f, neg, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(inf_f, a, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_wape(f, nan_a, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_bias(f, zero, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_mase(f, a, 2, a, 2, 0, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_mase(f, a, 2, a, 2, 2, &v), WFM_EINVAL); /* no pair */
    assert_int_equal(wfm_accuracy_mase(f, a, 2, zero, 2, 1, &v), WFM_EINVAL); /* scale 0 */
    assert_int_equal(wfm_accuracy_mase(f, a, 2, NULL, 2, 1, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_coverage(a, zero, a, 2, &v), WFM_EINVAL); /* lower > upper */
    assert_int_equal(wfm_accuracy_coverage(a, a, nan_a, 2, &v), WFM_EINVAL);
    assert_int_equal(wfm_accuracy_coverage(a, a, a, 2, NULL), WFM_EINVAL);
    assert_true(v == 42);
    /* Nothing to score but a zero scale is still an error; an empty MASE
     * forecast too. */
    assert_int_equal(wfm_accuracy_mase(f, nan_a, 2, a, 2, 1, &v), WFM_EINVAL);
}

typedef struct {
    const char *origin;
    double wape, mase, bias_percent; /* PEERS.md, snaive7 */
} window;

static void
test_snaive7_nyc_matches_peers(void **state)
{
    (void)state;
    const window windows[] = {
        { "2014-11-01", 0.0537, 0.946, +4.1 }, { "2015-11-01", 0.0428, 0.779, +0.4 },
        { "2016-11-01", 0.0731, 1.372, -3.2 }, { "2017-11-01", 0.0478, 0.903, -0.3 },
    };
    const char *dir = getenv("WFM_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/volume/nyc_ems_daily.csv", dir ? dir : WFM_TEST_DATA_DIR);
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text, file);
    fclose(file);
    history h;
    char err[512];
    assert_int_equal(history_read_csv(text, n, "nyc", &h, err, sizeof err), WFM_OK);
    for (size_t w = 0; w < 4; w++) {
        int32_t origin;
        assert_int_equal(wfm_date_parse(windows[w].origin, &origin), WFM_OK);
        size_t n_train = (size_t)(origin - h.first_date);
        double forecast[61];
        for (size_t i = 0; i < 61; i++)
            forecast[i] = h.volume[n_train - 7 + i % 7]; /* the last week, repeated */
        const double *actual = h.volume + n_train;
        double wape, mase, bias;
        assert_int_equal(wfm_accuracy_wape(forecast, actual, 61, &wape), WFM_OK);
        assert_int_equal(wfm_accuracy_mase(forecast, actual, 61, h.volume, n_train, 7, &mase),
                         WFM_OK);
        assert_int_equal(wfm_accuracy_bias(forecast, actual, 61, &bias), WFM_OK);
        print_message("# %s snaive7: WAPE %.4f (%.4f) MASE %.3f (%.3f) bias %+.1f%% (%+.1f%%)\n",
                      windows[w].origin, wape, windows[w].wape, mase, windows[w].mase,
                      100 * bias, windows[w].bias_percent);
        assert_true(fabs(wape - windows[w].wape) < 0.00006);
        /* R fills the 3 partial days before scaling; wfm skips their pairs. */
        assert_true(fabs(mase - windows[w].mase) < 0.003);
        assert_true(fabs(100 * bias - windows[w].bias_percent) < 0.06);
    }
    history_clear(&h);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_snaive7_nyc_matches_peers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
