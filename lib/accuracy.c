/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdbool.h>

#include "wfm/accuracy.h"

/* Σ|F − A| and Σ(F − A) and Σ A over the scored points; false on bad input. */
static bool
sums(const double *forecast, const double *actual, size_t count, double *abs_error,
     double *error, double *total, size_t *scored)
{
    if (forecast == NULL || actual == NULL)
        return false;
    double a = 0.0, e = 0.0, t = 0.0;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (isnan(actual[i]))
            continue;
        if (!isfinite(actual[i]) || actual[i] < 0.0 || !isfinite(forecast[i]))
            return false;
        double d = forecast[i] - actual[i];
        a += fabs(d);
        e += d;
        t += actual[i];
        n++;
    }
    *abs_error = a;
    *error = e;
    *total = t;
    *scored = n;
    return true;
}

int32_t
wfm_accuracy_wape(const double *forecast, const double *actual, size_t count, double *wape)
{
    double abs_error, error, total;
    size_t n;
    if (wape == NULL || !sums(forecast, actual, count, &abs_error, &error, &total, &n) ||
        !(total > 0.0))
        return WFM_EINVAL;
    *wape = abs_error / total;
    return WFM_OK;
}

int32_t
wfm_accuracy_bias(const double *forecast, const double *actual, size_t count, double *bias)
{
    double abs_error, error, total;
    size_t n;
    if (bias == NULL || !sums(forecast, actual, count, &abs_error, &error, &total, &n) ||
        !(total > 0.0))
        return WFM_EINVAL;
    *bias = error / total;
    return WFM_OK;
}

int32_t
wfm_accuracy_mase(const double *forecast, const double *actual, size_t count,
                  const double *history, size_t history_count, size_t season, double *mase)
{
    double abs_error, error, total;
    size_t n;
    if (mase == NULL || history == NULL || season == 0 ||
        !sums(forecast, actual, count, &abs_error, &error, &total, &n) || n == 0)
        return WFM_EINVAL;
    double scale = 0.0;
    size_t pairs = 0;
    for (size_t t = season; t < history_count; t++) {
        if (isnan(history[t]) || isnan(history[t - season]))
            continue;
        if (!isfinite(history[t]) || !isfinite(history[t - season]))
            return WFM_EINVAL;
        scale += fabs(history[t] - history[t - season]);
        pairs++;
    }
    if (pairs == 0 || !(scale > 0.0))
        return WFM_EINVAL;
    *mase = (abs_error / (double)n) / (scale / (double)pairs);
    return WFM_OK;
}

int32_t
wfm_accuracy_coverage(const double *lower, const double *upper, const double *actual,
                      size_t count, double *coverage)
{
    if (lower == NULL || upper == NULL || actual == NULL || coverage == NULL)
        return WFM_EINVAL;
    size_t n = 0, inside = 0;
    for (size_t i = 0; i < count; i++) {
        if (isnan(actual[i]))
            continue;
        if (!isfinite(actual[i]) || !isfinite(lower[i]) || !isfinite(upper[i]) ||
            lower[i] > upper[i])
            return WFM_EINVAL;
        inside += lower[i] <= actual[i] && actual[i] <= upper[i];
        n++;
    }
    if (n == 0)
        return WFM_EINVAL;
    *coverage = (double)inside / (double)n;
    return WFM_OK;
}
