/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/accuracy.h
 * @brief Forecast accuracy: WAPE, bias, MASE and interval coverage.
 *
 * Every function scores the points whose actual value is a number: a NaN
 * actual means "not observed" and the point is skipped (it is not zero).
 * Forecasts and bounds must be finite wherever the actual is scored.
 *
 * Thread safety: pure functions, callable from any thread.
 */
#ifndef WFM_ACCURACY_H
#define WFM_ACCURACY_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Weighted absolute percentage error: Σ|F − A| / Σ A, a fraction
 *        (0.035 = 3.5 %).
 * @param[in]  forecast  [count] forecast values.
 * @param[in]  actual    [count] actual values (>= 0, or NaN = not scored).
 * @param[in]  count     number of points.
 * @param[out] wape      the fraction; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  a NULL pointer, a negative or infinite actual, a
 *                     non-finite forecast at a scored point, or scored
 *                     actuals that sum to 0 (WAPE undefined).
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_accuracy_wape(const double *forecast, const double *actual, size_t count,
                  double *wape);

/**
 * @brief Bias: Σ(F − A) / Σ A, a signed fraction (positive = the forecast
 *        is too high; 100 × bias is PEERS.md's "bias %").
 * @retval WFM_OK / WFM_EINVAL as wfm_accuracy_wape().
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_accuracy_bias(const double *forecast, const double *actual, size_t count,
                  double *bias);

/**
 * @brief Mean absolute scaled error with a seasonal naive scale:
 *        mean|F − A| / mean|y(t) − y(t − season)| over the training
 *        history (pairs with a NaN skipped). Below 1 beats the in-sample
 *        "one season ago" forecast.
 * @param[in]  history        [history_count] the training series.
 * @param[in]  season         the seasonal lag in points, >= 1 (7 for daily
 *                            data, one week of intervals for intraday).
 * @param[out] mase           the ratio; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  as wfm_accuracy_wape(), or no pair in the history,
 *                     or a scale of 0, or season 0.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_accuracy_mase(const double *forecast, const double *actual, size_t count,
                  const double *history, size_t history_count, size_t season,
                  double *mase);

/**
 * @brief Coverage of prediction intervals: the fraction of scored actuals
 *        with lower <= A <= upper.
 * @param[in]  lower, upper  [count] the interval bounds, lower <= upper.
 * @param[out] coverage      a fraction in [0, 1]; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  a NULL pointer, a non-finite bound or lower > upper at
 *                     a scored point, an infinite actual, or no point scored.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_accuracy_coverage(const double *lower, const double *upper,
                      const double *actual, size_t count, double *coverage);

#ifdef __cplusplus
}
#endif

#endif /* WFM_ACCURACY_H */
