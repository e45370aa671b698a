/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The median the forecast's robust levels and screens share
 * (forecast-median.c). Not installed. */
#ifndef WFM_FORECAST_MEDIAN_PRIVATE_H
#define WFM_FORECAST_MEDIAN_PRIVATE_H

#include <stddef.h>

/* The median of v[0..n), n >= 1 (v is sorted here); the mean of the
 * middle two for an even n, as numpy and R do. */
double forecast_median(double *v, size_t n);

#endif /* WFM_FORECAST_MEDIAN_PRIVATE_H */
