/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for wfm_scheduled_agents() (wfm/staffing.h), written from the
 * header documentation: the answer is the smallest integer m with
 * m·(1 − shrinkage) >= agents, a product within 4·DBL_EPSILON (relative) of
 * agents counting as meeting it. Expected values come from exact integer
 * arithmetic on decimal shrinkage k/100 (k/1000): m·(100 − k) >= 100·agents.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include <wfm.h>

#include "test-util.h"

#define SENT_I ((int32_t)-777)

/* smallest m with m·(den − k) >= den·agents (exact, 64-bit). */
static int64_t
exact_scheduled(int64_t agents, int64_t k, int64_t den)
{
    const int64_t avail = den - k, need = den * agents;
    return (need + avail - 1) / avail;
}

static int32_t
sched(int32_t agents, double shrinkage)
{
    int32_t m = SENT_I;
    const int32_t st = wfm_scheduled_agents(agents, shrinkage, &m);
    if (st != WFM_OK)
        fail_msg("wfm_scheduled_agents(%d, %.17g) -> status %d", (int)agents, shrinkage,
                 (int)st);
    return m;
}

/* Published: 14 productive agents at 30 % shrinkage → 20 (pyworkforce,
 * Call Centre Helper); 40 → 58 (call-center-tools); 11 → 16 (turbotab). */
static void
test_published(void **state)
{
    (void)state;
    assert_int_equal(sched(14, 0.3), 20);
    assert_int_equal(sched(40, 0.3), 58);
    assert_int_equal(sched(11, 0.3), 16);
}

static void
test_simple(void **state)
{
    (void)state;
    assert_int_equal(sched(0, 0.3), 0);
    assert_int_equal(sched(0, 0.0), 0);
    assert_int_equal(sched(0, 0.99), 0);
    for (int32_t a = 0; a <= 1000; a++)
        assert_int_equal(sched(a, 0.0), a);
    assert_int_equal(sched(1, 0.5), 2);
    assert_int_equal(sched(3, 0.5), 6);
    assert_int_equal(sched(1, 0.25), 2);
    assert_int_equal(sched(3, 0.25), 4);
    assert_int_equal(sched(1, 0.999), 1000);
    assert_int_equal(sched(2, 1.0 / 3.0), 3);
}

/* Products that are exact in decimal but not in binary: 10 × 0.7 = 7 etc.
 * (the 4·DBL_EPSILON tolerance keeps them). */
static void
test_exact_products(void **state)
{
    (void)state;
    assert_int_equal(sched(7, 0.3), 10);
    assert_int_equal(sched(7, 0.7), 24); /* 24 × 0.3 = 7.2; 23 × 0.3 = 6.9 */
    assert_int_equal(sched(3, 0.7), 10);
    assert_int_equal(sched(9, 0.1), 10);
    assert_int_equal(sched(6, 0.4), 10);
    assert_int_equal(sched(56, 0.3), 80);
    assert_int_equal(sched(63, 0.1), 70);
    assert_int_equal(sched(17, 0.15), 20);
    assert_int_equal(sched(33, 0.67), 100);
    assert_int_equal(sched(1, 0.9), 10);
    assert_int_equal(sched(29, 0.42), 50);
}

/* Tiny shrinkage: a shortfall within 4·DBL_EPSILON counts as met. */
static void
test_tiny_shrinkage(void **state)
{
    (void)state;
    assert_int_equal(sched(14, 1e-300), 14);
    assert_int_equal(sched(14, DBL_MIN), 14);
    assert_int_equal(sched(14, 5e-324), 14);
    assert_int_equal(sched(14, 1e-17), 14);
    assert_int_equal(sched(14, 1e-16), 14);
    assert_int_equal(sched(14, 2e-15), 15);
    assert_int_equal(sched(1000000, 1e-16), 1000000);
    assert_int_equal(sched(1000000, 1e-9), 1000001);
}

/* Every decimal shrinkage k/100 (and k/1000) against exact integers. */
static void
test_brute_force_decimal(void **state)
{
    (void)state;
    int failures = 0;
    for (int k = 0; k <= 99; k++) {
        const double s = k / 100.0;
        for (int32_t a = 0; a <= 500; a++) {
            const int64_t want = exact_scheduled(a, k, 100);
            int32_t m = SENT_I;
            const int32_t st = wfm_scheduled_agents(a, s, &m);
            if (st != WFM_OK || m != want) {
                if (failures < 50)
                    printf("# FAIL scheduled(%d, %.2f): status %d, got %d, want %lld\n", (int)a,
                           s, (int)st, (int)m, (long long)want);
                failures++;
            }
        }
    }
    for (int k = 0; k <= 999; k++) {
        const double s = k / 1000.0;
        for (int32_t a = 0; a <= 100; a++) {
            const int64_t want = exact_scheduled(a, k, 1000);
            int32_t m = SENT_I;
            const int32_t st = wfm_scheduled_agents(a, s, &m);
            if (st != WFM_OK || m != want) {
                if (failures < 50)
                    printf("# FAIL scheduled(%d, %.3f): status %d, got %d, want %lld\n", (int)a,
                           s, (int)st, (int)m, (long long)want);
                failures++;
            }
        }
    }
    printf("# decimal brute force: %d failing\n", failures);
    assert_int_equal(failures, 0);
}

/* Large agent counts at decimal shrinkage, up to the INT32_MAX boundary. */
static void
test_brute_force_large(void **state)
{
    (void)state;
    wt_rng rng = {UINT64_C(0x73746166666e6721)};
    int failures = 0, erange = 0;
    for (int i = 0; i < 20000; i++) {
        const int k = (int)wt_rng_below(&rng, 100);
        /* log-uniform-ish: a random bit length, then a random value */
        const unsigned bits = (unsigned)wt_rng_below(&rng, 32);
        const int32_t a = (int32_t)wt_rng_below(&rng, UINT64_C(1) << bits);
        const int64_t want = exact_scheduled(a, k, 100);
        int32_t m = SENT_I;
        const int32_t st = wfm_scheduled_agents(a, k / 100.0, &m);
        const int ok = want > INT32_MAX ? (st == WFM_ERANGE && m == SENT_I)
                                        : (st == WFM_OK && m == want);
        erange += want > INT32_MAX;
        if (!ok) {
            if (failures < 50)
                printf("# FAIL scheduled(%d, %.2f): status %d, got %d, want %lld\n", (int)a,
                       k / 100.0, (int)st, (int)m, (long long)want);
            failures++;
        }
    }
    printf("# large brute force: %d cases past INT32_MAX, %d failing\n", erange, failures);
    assert_int_equal(failures, 0);
}

static void
test_range(void **state)
{
    (void)state;
    int32_t m = SENT_I;
    assert_int_equal(wfm_scheduled_agents(INT32_MAX, 0.5, &m), WFM_ERANGE);
    assert_int_equal(m, SENT_I);
    assert_int_equal(wfm_scheduled_agents(1073741824, 0.5, &m), WFM_ERANGE);
    assert_int_equal(m, SENT_I);
    assert_int_equal(wfm_scheduled_agents(2000000000, 0.3, &m), WFM_ERANGE);
    assert_int_equal(m, SENT_I);
    assert_int_equal(wfm_scheduled_agents(1000000, 0.9999999, &m), WFM_ERANGE);
    assert_int_equal(m, SENT_I);
    assert_int_equal(wfm_scheduled_agents(1, nextafter(1.0, 0.0), &m), WFM_ERANGE);
    assert_int_equal(m, SENT_I);
    /* just fits */
    assert_int_equal(sched(INT32_MAX, 0.0), INT32_MAX);
    assert_int_equal(sched(1073741823, 0.5), 2147483646);
    assert_int_equal(sched(INT32_MAX - 1, 1e-300), INT32_MAX - 1);
}

static void
test_bad_inputs(void **state)
{
    (void)state;
    const int32_t bad_agents[] = {-1, -14, INT32_MIN};
    const double bad_shrink[] = {-0.1, -1e-300, -INFINITY, 1.0, 1.5, INFINITY, NAN};
    int failures = 0;
    for (size_t i = 0; i < sizeof bad_agents / sizeof bad_agents[0]; i++) {
        int32_t m = SENT_I;
        const int32_t st = wfm_scheduled_agents(bad_agents[i], 0.3, &m);
        if (st != WFM_EINVAL || m != SENT_I) {
            printf("# FAIL agents %d: status %d, out %d\n", (int)bad_agents[i], (int)st, (int)m);
            failures++;
        }
    }
    for (size_t i = 0; i < sizeof bad_shrink / sizeof bad_shrink[0]; i++) {
        for (int32_t a = 0; a <= 14; a += 14) {
            int32_t m = SENT_I;
            const int32_t st = wfm_scheduled_agents(a, bad_shrink[i], &m);
            if (st != WFM_EINVAL || m != SENT_I) {
                printf("# FAIL agents %d shrinkage %g: status %d, out %d\n", (int)a,
                       bad_shrink[i], (int)st, (int)m);
                failures++;
            }
        }
    }
    if (wfm_scheduled_agents(14, 0.3, NULL) != WFM_EINVAL) {
        printf("# FAIL NULL out-pointer not rejected\n");
        failures++;
    }
    if (wfm_scheduled_agents(-1, NAN, NULL) != WFM_EINVAL) {
        printf("# FAIL all-bad call not rejected\n");
        failures++;
    }
    assert_int_equal(failures, 0);
}

#define T(f) cmocka_unit_test_teardown(f, wt_gsl_teardown)

int
main(void)
{
    wt_gsl_install();
    const struct CMUnitTest tests[] = {
        T(test_published),        T(test_simple),           T(test_exact_products),
        T(test_tiny_shrinkage),   T(test_brute_force_decimal), T(test_brute_force_large),
        T(test_range),            T(test_bad_inputs),
    };
    /* e.g. WFM_TEST_FILTER='test_csv*' runs a subset */
    if (getenv("WFM_TEST_FILTER") != NULL)
        cmocka_set_test_filter(getenv("WFM_TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
