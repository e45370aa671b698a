/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The internal Erlang B evaluator (lib/queue/erlang-eval.c) in every region it
 * has, against 60-digit mpmath values (tools/gen-erlang-b-reference.py) and
 * against the long-double recursion. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "erlang-private.h"

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif

/* cmocka 1.1 has no assert_close. */
#define assert_close(x, y, tol) assert_true(fabs((double)(x) - (double)(y)) <= (tol))

static FILE *
open_data(const char *name)
{
    const char *dir = getenv("WFM_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : WFM_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    return f;
}

static void
test_against_mpmath(void **state)
{
    (void)state;
    FILE *f = open_data("erlang_b_reference.csv");
    char line[256];
    double worst = 0.0, worst_a = 0.0;
    int worst_n = 0, rows = 0;
    if (fgets(line, sizeof line, f) == NULL)
        fail_msg("empty reference file");
    while (fgets(line, sizeof line, f) != NULL) {
        double a, ref;
        int n;
        if (sscanf(line, "%lf,%d,%lf", &a, &n, &ref) != 3)
            fail_msg("bad reference row: %s", line);
        double b = wfm_erlang_b_eval(a, n);
        double rel = fabs(b - ref) / ref;
        if (!(rel <= worst)) {
            worst = rel;
            worst_a = a;
            worst_n = n;
        }
        rows++;
    }
    fclose(f);
    print_message("# %d rows, worst relative error %.3g at A=%.17g n=%d\n", rows,
                  worst, worst_a, worst_n);
    assert_true(rows > 600);
    assert_true(worst < 1e-13);
}

/* The staffing region: n from floor(A)+1 to A + 10√A, against the
 * long-double recursion carried along in the same loop. */
static void
test_against_recursion_near_traffic(void **state)
{
    (void)state;
    const double loads[] = { 0.5, 7.3, 29.9, 30.5, 64.0, 199.99, 1234.5, 20000.25 };
    double worst = 0.0;
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        double a = loads[i];
        long double b = 1.0L;
        int32_t top = (int32_t)(a + 10.0 * sqrt(a) + 12.0);
        for (int32_t n = 1; n <= top; n++) {
            b = a * b / ((long double)n + a * b);
            if (n <= a)
                continue;
            double rel = fabs((double)((wfm_erlang_b_eval(a, n) - b) / b));
            worst = fmax(worst, rel);
        }
    }
    print_message("# worst relative error near A: %.3g\n", worst);
    assert_true(worst < 2e-14);
}

static void
test_steps_invert(void **state)
{
    (void)state;
    for (int32_t n = 1; n < 200; n += 7) {
        double a = 0.9 * n, b = wfm_erlang_b_eval(a, n);
        double up = wfm_erlang_b_next(a, n, b);
        assert_close(up, wfm_erlang_b_eval(a, n + 1), 1e-14 * up);
        assert_close(wfm_erlang_b_prev(a, n + 1, up), b, 1e-14 * b);
    }
}

static void
test_edges(void **state)
{
    (void)state;
    assert_true(wfm_erlang_b_eval(0.0, 0) == 1.0);
    assert_true(wfm_erlang_b_eval(0.0, 5) == 0.0);
    assert_true(wfm_erlang_b_eval(3.0, 0) == 1.0);
    assert_close(wfm_erlang_b_eval(1e-6, 1), 1e-6 / (1.0 + 1e-6), 1e-22);
    /* Far beyond underflow: exactly 0, never NaN. */
    assert_true(wfm_erlang_b_eval(1.0, 100000) == 0.0);
    assert_true(wfm_erlang_b_eval(1e5, 200000) == 0.0);
    /* n far below A: B -> 1 - n/A. */
    double b = wfm_erlang_b_eval(1e7, 10);
    assert_true(b > 0.999998 && b < 1.0);
    /* Huge loads stay finite. */
    for (double a = 1e5; a <= 1e9; a *= 10) {
        double x = wfm_erlang_b_eval(a, (int32_t)(a + 2.0 * sqrt(a)));
        assert_true(isfinite(x) && x > 0.0 && x < 1.0);
    }
}

static void
test_extended_matches(void **state)
{
    (void)state;
    for (int32_t n = 1; n < 3000; n += 97) {
        double a = n - 0.37 * sqrt(n) + 0.1;
        long double e = wfm_erlang_b_extended(a, n);
        assert_close(wfm_erlang_b_eval(a, n), (double)e, 5e-14 * (double)e);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_mpmath),
        cmocka_unit_test(test_against_recursion_near_traffic),
        cmocka_unit_test(test_steps_invert),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_extended_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
