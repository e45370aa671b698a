/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prediction bounds calibrated on the method's own backtest errors. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "forecast-engine-private.h"
#include "wfm/status.h"

/* Horizon buckets (days after the origin): the first week, the rest of
 * the first four weeks, the rest of the first quarter, of the first half
 * year, later. */
static int
bucket_of(int32_t horizon_day)
{
    static const int32_t last_day[BOUNDS_BUCKETS - 1] = { 7, 28, 91, 182 };
    int b = 0;
    while (b < BOUNDS_BUCKETS - 1 && horizon_day > last_day[b])
        b++;
    return b;
}

static double
spread(double kappa, double forecast)
{
    return sqrt(forecast + kappa * forecast * forecast);
}

/* Reorders z[0..n) so that z[k] is its k-th smallest value, none before
 * it larger and none after it smaller (Hoare's selection, median-of-three
 * pivots): linear time, where sorting the tens of thousands of backtest
 * errors of an intraday forecast dominated a run. */
static void
select_kth(double *z, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double a = z[lo], b = z[mid], c = z[hi];
        double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (z[i] < pivot)
                i++;
            while (z[j] > pivot)
                j--;
            if (i <= j) {
                double t = z[i];
                z[i] = z[j], z[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The q-quantile of z[0..n), n >= 1 (reordered here), interpolated between
 * order statistics. */
static double
quantile(double *z, size_t n, double q)
{
    double at = q * (double)(n - 1);
    size_t i = (size_t)floor(at);
    select_kth(z, n, i);
    if (i + 1 >= n)
        return z[i];
    double next = z[i + 1];
    for (size_t k = i + 2; k < n; k++)
        next = fmin(next, z[k]);
    return z[i] + (at - (double)i) * (next - z[i]);
}

/* The lower and upper quantiles of z[0..n) (reordered here). When both lie
 * on one side of 0 — every backtest erred the same way, as forecasts from
 * much shorter training than the real one can — an interval between them
 * would exclude the point forecast, and clamping it there would leave no
 * width: the interval becomes ±(the quantile of |z| at the interval's
 * coverage) instead, as wide as the errors say and holding the point. */
static void
straddling_quantiles(double *z, size_t n, double lower_quantile, double upper_quantile,
                     double *lower, double *upper)
{
    *lower = quantile(z, n, lower_quantile);
    *upper = quantile(z, n, upper_quantile);
    if (*lower <= 0.0 && *upper >= 0.0)
        return;
    for (size_t i = 0; i < n; i++)
        z[i] = fabs(z[i]);
    double half = quantile(z, n, upper_quantile - lower_quantile);
    *lower = -half, *upper = half;
}

/* Too few backtest points to learn from: Poisson noise plus a 10 % error. */
static void
fallback(double lower_quantile, double upper_quantile, bounds_model *m)
{
    m->kappa = 0.01;
    for (int b = 0; b < BOUNDS_BUCKETS; b++) {
        m->z_lower[b] = gsl_cdf_ugaussian_Pinv(lower_quantile);
        m->z_upper[b] = gsl_cdf_ugaussian_Pinv(upper_quantile);
    }
}

enum { MIN_POINTS = 20 };

int32_t
bounds_fit(const double *forecast, const double *actual, const int32_t *horizon_day, size_t n,
           double lower_quantile, double upper_quantile, bounds_model *m)
{
    double squared = 0.0, sum_f = 0.0, sum_f2 = 0.0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(actual[i]) || !(forecast[i] > 0.0))
            continue;
        double e = actual[i] - forecast[i];
        squared += e * e;
        sum_f += forecast[i];
        sum_f2 += forecast[i] * forecast[i];
        used++;
    }
    if (used < MIN_POINTS) {
        fallback(lower_quantile, upper_quantile, m);
        return WFM_OK;
    }
    m->kappa = fmax(0.0, (squared - sum_f) / sum_f2);
    double *z = malloc(used * sizeof *z);
    if (z == NULL)
        return WFM_ENOMEM;
    /* Pass BOUNDS_BUCKETS pools every bucket. A thin bucket takes the
     * nearest shorter horizon's quantiles, or the pooled ones when no
     * shorter bucket has enough points (a forecast made with a lead is
     * only scored at its lead). */
    double all_lower = 0.0, all_upper = 0.0;
    bool thin[BOUNDS_BUCKETS];
    for (int b = BOUNDS_BUCKETS; b >= 0; b--) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(actual[i]) || !(forecast[i] > 0.0))
                continue;
            if (b < BOUNDS_BUCKETS && bucket_of(horizon_day[i]) != b)
                continue;
            z[k++] = (actual[i] - forecast[i]) / spread(m->kappa, forecast[i]);
        }
        if (b == BOUNDS_BUCKETS) { /* used >= MIN_POINTS points */
            straddling_quantiles(z, k, lower_quantile, upper_quantile, &all_lower, &all_upper);
            continue;
        }
        thin[b] = k < MIN_POINTS;
        if (thin[b]) {
            m->z_lower[b] = all_lower;
            m->z_upper[b] = all_upper;
        } else {
            straddling_quantiles(z, k, lower_quantile, upper_quantile, &m->z_lower[b],
                                 &m->z_upper[b]);
        }
    }
    for (int b = 1; b < BOUNDS_BUCKETS; b++)
        if (thin[b] && !thin[b - 1]) {
            m->z_lower[b] = m->z_lower[b - 1];
            m->z_upper[b] = m->z_upper[b - 1];
            thin[b] = false;
        }
    free(z);
    return WFM_OK;
}

void
bounds_apply(const bounds_model *m, double forecast, int32_t horizon_day, double *lower,
             double *upper)
{
    int b = bucket_of(horizon_day);
    double s = spread(m->kappa, fmax(forecast, 0.0));
    /* The bounds never cross the point forecast, nor go below 0. */
    *lower = fmax(0.0, forecast + fmin(m->z_lower[b], 0.0) * s);
    *upper = forecast + fmax(m->z_upper[b], 0.0) * s;
}
