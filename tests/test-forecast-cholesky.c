/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regression's Cholesky factorisation (forecast-cholesky.c) against
 * brute force: random symmetric positive definite systems A x = b with a
 * known x are solved to rounding; a factor restarted after the last
 * columns' diagonal changed equals the factor of the changed matrix made
 * from scratch; a matrix that is not positive definite is refused and
 * handed back whole. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "forecast-cholesky-private.h"
#include "test-util.h"

enum { Q = 37 };

/* a = M Mᵀ + I (both triangles), M with entries in [−1, 1]; diag its
 * diagonal. */
static void
random_system(wt_rng *rng, double *a, double *diag)
{
    double m[Q * Q];
    for (size_t i = 0; i < Q * Q; i++)
        m[i] = wt_rng_range(rng, -1.0, 1.0);
    for (size_t i = 0; i < Q; i++)
        for (size_t j = 0; j < Q; j++) {
            double s = i == j ? 1.0 : 0.0;
            for (size_t k = 0; k < Q; k++)
                s += m[i * Q + k] * m[j * Q + k];
            a[i * Q + j] = s;
        }
    for (size_t i = 0; i < Q; i++)
        diag[i] = a[i * Q + i];
}

/* b = a x for the whole symmetric matrix a. */
static void
multiply(const double *a, const double *x, double *b)
{
    for (size_t i = 0; i < Q; i++) {
        b[i] = 0.0;
        for (size_t j = 0; j < Q; j++)
            b[i] += a[i * Q + j] * x[j];
    }
}

static void
test_solves_known_systems(void **state)
{
    (void)state;
    wt_rng rng = { 3 };
    for (int rep = 0; rep < 20; rep++) {
        double a[Q * Q], whole[Q * Q], diag[Q], x[Q], b[Q];
        random_system(&rng, a, diag);
        memcpy(whole, a, sizeof a);
        for (size_t i = 0; i < Q; i++)
            x[i] = wt_rng_range(&rng, -10.0, 10.0);
        multiply(whole, x, b);
        assert_true(cholesky_factor(a, Q, 0, diag));
        cholesky_substitute(a, Q, b);
        for (size_t i = 0; i < Q; i++)
            assert_true(fabs(b[i] - x[i]) < 1e-9 * (1.0 + fabs(x[i])));
        /* L Lᵀ is the matrix again. */
        for (size_t i = 0; i < Q; i++)
            for (size_t j = 0; j <= i; j++) {
                double s = 0.0;
                for (size_t k = 0; k <= j; k++)
                    s += a[i * Q + k] * a[j * Q + k];
                assert_true(fabs(s - whole[i * Q + j]) < 1e-9 * whole[i * Q + i]);
            }
    }
}

static void
test_restart_after_the_diagonal_changed(void **state)
{
    (void)state;
    wt_rng rng = { 5 };
    for (size_t from = 0; from <= Q; from += 6) {
        double a[Q * Q], fresh[Q * Q], diag[Q];
        random_system(&rng, a, diag);
        assert_true(cholesky_factor(a, Q, 0, diag));
        /* New penalties on the columns from `from` on. */
        for (size_t i = from; i < Q; i++)
            diag[i] += wt_rng_range(&rng, -0.5, 5.0);
        memcpy(fresh, a, sizeof a);
        for (size_t i = 0; i < Q; i++) { /* the changed matrix, whole */
            fresh[i * Q + i] = diag[i];
            for (size_t j = 0; j < i; j++)
                fresh[i * Q + j] = fresh[j * Q + i];
        }
        assert_true(cholesky_factor(a, Q, from, diag));
        assert_true(cholesky_factor(fresh, Q, 0, diag));
        for (size_t i = 0; i < Q; i++)
            for (size_t j = 0; j <= i; j++)
                assert_true(fabs(a[i * Q + j] - fresh[i * Q + j]) <=
                            1e-12 * (1.0 + fabs(fresh[i * Q + j])));
    }
}

static void
test_refuses_what_is_not_positive_definite(void **state)
{
    (void)state;
    wt_rng rng = { 7 };
    double a[Q * Q], whole[Q * Q], diag[Q];
    random_system(&rng, a, diag);
    diag[Q - 1] = -1.0; /* a negative variance */
    a[(Q - 1) * Q + Q - 1] = -1.0;
    memcpy(whole, a, sizeof a);
    assert_false(cholesky_factor(a, Q, 0, diag));
    assert_memory_equal(a, whole, sizeof a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solves_known_systems),
        cmocka_unit_test(test_restart_after_the_diagonal_changed),
        cmocka_unit_test(test_refuses_what_is_not_positive_definite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
