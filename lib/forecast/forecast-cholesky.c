/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A plain Cholesky factorisation for the regression's normal equations:
 * the inner products run over contiguous rows, several times faster than
 * GSL's modified Cholesky, whose rank-1 updates dominated a fit (GSL's
 * stays the fallback for a matrix rounding left not positive definite). */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

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

/* dot(x_r, y, n) for four rows x_r at once, each summed exactly as dot()
 * sums it (the same results to the bit), in pairs of doubles: y is loaded
 * once for the four rows, and eight independent sums keep the adder busy
 * where dot()'s wait on each other. The factorisation spends most of a
 * fit here (four years of NYC EMS: 120-166 columns, four factorisations
 * at each of 12 origins); a 166-column factor took 0.70-0.71 of the time of
 * dot() row by row (gcc 12 -O2, SSE2). */
#if defined(__GNUC__)
typedef double pair __attribute__((vector_size(16)));

static pair
load_pair(const double *x)
{
    pair v;
    memcpy(&v, x, sizeof v); /* x need not be 16-byte aligned */
    return v;
}

static void
dot4(const double *x0, const double *x1, const double *x2, const double *x3, const double *y,
     size_t n, double out[4])
{
    pair a0 = { 0.0, 0.0 }, b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) { /* a_r sums dot()'s s0 and s1, b_r its s2 and s3 */
        pair ya = load_pair(y + k), yb = load_pair(y + k + 2);
        a0 += load_pair(x0 + k) * ya, b0 += load_pair(x0 + k + 2) * yb;
        a1 += load_pair(x1 + k) * ya, b1 += load_pair(x1 + k + 2) * yb;
        a2 += load_pair(x2 + k) * ya, b2 += load_pair(x2 + k + 2) * yb;
        a3 += load_pair(x3 + k) * ya, b3 += load_pair(x3 + k + 2) * yb;
    }
    for (; k < n; k++) {
        a0[0] += x0[k] * y[k];
        a1[0] += x1[k] * y[k];
        a2[0] += x2[k] * y[k];
        a3[0] += x3[k] * y[k];
    }
    out[0] = (a0[0] + a0[1]) + (b0[0] + b0[1]);
    out[1] = (a1[0] + a1[1]) + (b1[0] + b1[1]);
    out[2] = (a2[0] + a2[1]) + (b2[0] + b2[1]);
    out[3] = (a3[0] + a3[1]) + (b3[0] + b3[1]);
}
#else
static void
dot4(const double *x0, const double *x1, const double *x2, const double *x3, const double *y,
     size_t n, double out[4])
{
    out[0] = dot(x0, y, n);
    out[1] = dot(x1, y, n);
    out[2] = dot(x2, y, n);
    out[3] = dot(x3, y, n);
}
#endif

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
        size_t i = j + 1;
        for (; i + 4 <= q; i += 4) {
            double *row_i = a + i * q, s[4];
            dot4(row_i, row_i + q, row_i + 2 * q, row_i + 3 * q, row_j, j, s);
            for (size_t r = 0; r < 4; r++)
                row_i[r * q + j] = (row_j[i + r] - s[r]) / d;
        }
        for (; i < q; i++) {
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
