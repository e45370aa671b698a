/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The median the forecast's robust levels and screens share. */
#include <stdlib.h>

#include "forecast-median-private.h"

/* Up to this many values an insertion sort: the training grid takes the
 * median of a day's weekday neighbours (at most 10) for every day, where
 * qsort's calls cost more than the sort. */
enum { INSERTION_MAX = 16 };

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double
forecast_median(double *v, size_t n)
{
    if (n <= INSERTION_MAX) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
                double y = v[j];
                v[j] = v[j - 1], v[j - 1] = y;
            }
    } else {
        qsort(v, n, sizeof *v, compare_doubles);
    }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
