/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Cholesky factorisation behind the regression's fits
 * (forecast-cholesky.c). Not installed. */
#ifndef WFM_FORECAST_CHOLESKY_PRIVATE_H
#define WFM_FORECAST_CHOLESKY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* Factors the symmetric positive definite q × q matrix a (row-major) in
 * place into its Cholesky factor L (diagonal and lower triangle), columns
 * from `from` on: the columns before it must hold L's already. Reads the
 * matrix from its upper triangle, which it never writes, and its diagonal
 * from diag[], so that a changed diagonal (new penalties on the last
 * columns) is factored again from the first column that changed. If the
 * matrix is not positive definite to rounding (a pivot not above 1e-12 of
 * its diagonal entry), restores a to the whole symmetric matrix and
 * returns false. */
bool cholesky_factor(double *a, size_t q, size_t from, const double *diag);

/* rhs := (L Lᵀ)⁻¹ rhs, L from cholesky_factor(). */
void cholesky_substitute(const double *a, size_t q, double *rhs);

#endif /* WFM_FORECAST_CHOLESKY_PRIVATE_H */
