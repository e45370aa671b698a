/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain Cholesky factorisation for the regression's normal equations:
 * the inner products run over contiguous rows, several times faster than
 * GSL's modified Cholesky, whose rank-1 updates dominated a fit (GSL's
 * stays the fallback for a matrix rounding left not positive definite). */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "forecast-cholesky-private.h"

/* Σ x[k]·y[k], k < n, in four independent sums: the factorisation's
 * inner loop, whose single running sum would wait on each addition. */
static double
dot(const double *x, const double *y, size_t n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += x[k] * y[k];
        s1 += x[k + 1] * y[k + 1];
        s2 += x[k + 2] * y[k + 2];
        s3 += x[k + 3] * y[k + 3];
    }
    for (; k < n; k++)
        s0 += x[k] * y[k];
    return (s0 + s1) + (s2 + s3);
}

/* Factors the symmetric positive definite q × q matrix a in place into its
 * Cholesky factor L (diagonal and lower triangle), columns from `from` on:
 * the columns before it must hold L's already. Reads the matrix from its
 * upper triangle, which it never writes, and its diagonal from diag[], so
 * that a changed diagonal (new penalties on the last columns) is factored
 * again from the first column that changed. If the matrix is not positive
 * definite to rounding, restores a to the whole symmetric matrix and
 * returns false. */
bool
cholesky_factor(double *a, size_t q, size_t from, const double *diag)
{
    for (size_t j = from; j < q; j++) {
        double *row_j = a + j * q, d = diag[j] - dot(row_j, row_j, j);
        if (!(d > 1e-12 * diag[j])) {
            for (size_t i = 0; i < q; i++) { /* the lower triangle back from the upper */
                a[i * q + i] = diag[i];
                for (size_t k = 0; k < i; k++)
                    a[i * q + k] = a[k * q + i];
            }
            return false;
        }
        row_j[j] = d = sqrt(d);
        for (size_t i = j + 1; i < q; i++) {
            double *row_i = a + i * q;
            row_i[j] = (row_j[i] - dot(row_i, row_j, j)) / d;
        }
    }
    return true;
}

/* rhs := (L Lᵀ)⁻¹ rhs, L from cholesky_factor(); Lᵀ's rows are read as
 * L's columns, so both sweeps run along L's rows. */
void
cholesky_substitute(const double *a, size_t q, double *rhs)
{
    for (size_t i = 0; i < q; i++) /* L y = rhs */
        rhs[i] = (rhs[i] - dot(a + i * q, rhs, i)) / a[i * q + i];
    for (size_t i = q; i-- > 0;) { /* Lᵀ x = y */
        const double *row = a + i * q;
        double x = rhs[i] /= row[i];
        for (size_t k = 0; k < i; k++)
            rhs[k] -= row[k] * x;
    }
}
