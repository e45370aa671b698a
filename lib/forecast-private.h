/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecasting models over a daily series. Not installed: the public
 * forecasting API (wfm/forecast.h) will choose among them by backtest. */
#ifndef WFM_FORECAST_PRIVATE_H
#define WFM_FORECAST_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"

/* A linear regression on calendar features:
 *   y = a + b·t + weekday + sum_k (c_k sin + d_k cos)(2πk·days/365.25)
 *       + one 0/1 column per (event, offset) seen in the training span,
 * fitted by least squares (GSL, SVD: columns never active in training get
 * no weight). With fourier_order 10 and the weekday and trend on, this is
 * forecast::tslm(y ~ trend + season + fourier + holidays). */
typedef struct {
    int32_t fourier_order; /* yearly harmonics, 0 … 40 */
    bool trend;
    bool weekday;
} regression_spec;

/* Forecast the `horizon` days after a training span of `n_train` days
 * starting at `first_date`. y[i] is NaN where not observed (left out of
 * the fit). `events`, if not NULL, is an expansion covering at least the
 * training span and the horizon. On error returns a status and writes a
 * one-line message. */
int32_t regression_forecast(const double *y, size_t n_train, int32_t first_date,
                            size_t horizon, const regression_spec *spec,
                            const wfm_calendar_days *events, double *forecast,
                            char *errmsg, size_t errsize);

#endif /* WFM_FORECAST_PRIVATE_H */
