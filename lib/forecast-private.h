/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forecasting models over a daily series. Not installed: the public
 * forecasting API (wfm/forecast.h) will choose among them by backtest. */
#ifndef WFM_FORECAST_PRIVATE_H
#define WFM_FORECAST_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"

/* A ridge regression on calendar features, on the linear or log scale:
 *   y = a + b·trend + weekday + Σ_k (c_k sin + d_k cos)(2πk·days/365.25)
 *       + weekday × the first `weekday_fourier` harmonics
 *       + one 0/1 column per (event, offset) seen in the training span
 *       + [any event that day] × Saturday, × Sunday,
 * minimising Σ (y − Xb)² + Σ_j pen_j b_j², penalties in "days of data".
 * Columns constant over the training span carry no information and are
 * dropped. With fourier_order 10, trend and weekday on and everything else
 * 0, this is forecast::tslm(y ~ trend + season + fourier + holidays). */
typedef struct {
    int32_t fourier_order;      /* yearly harmonics, 0 … 40 */
    bool trend;
    bool weekday;
    bool log_scale;             /* fit log(y); the forecast is exp(fit) */
    int32_t event_spill;        /* extra days each side of an event's window, 0 … 7 */
    double event_ridge;         /* penalty on (event, offset) columns */
    bool event_weekend;         /* the [event] × Sat/Sun columns */
    double event_weekend_ridge;
    int32_t weekday_fourier;    /* weekday × harmonic interactions, 0 … fourier_order */
    double interaction_ridge;
} regression_spec;

/* Forecast the `horizon` days after a training span of `n_train` days
 * starting at `first_date`. y[i] is NaN where not observed (left out of
 * the fit; with log_scale every observed y must be > 0). `events`, if not
 * NULL, is an expansion covering the training span and the horizon. On
 * error returns a status and writes a one-line message. */
int32_t regression_forecast(const double *y, size_t n_train, int32_t first_date,
                            size_t horizon, const regression_spec *spec,
                            const wfm_calendar_days *events, double *forecast,
                            char *errmsg, size_t errsize);

/* The four variants averaged by daily_ensemble_forecast() (see
 * tools/forecast-research/README.md): A linear, B log, C with the
 * event × weekend columns, D with more harmonics and weekday × season. */
enum { DAILY_ENSEMBLE_SIZE = 4 };
extern const regression_spec daily_ensemble[DAILY_ENSEMBLE_SIZE];

/* The plain average of the ensemble's forecasts. */
int32_t daily_ensemble_forecast(const double *y, size_t n_train, int32_t first_date,
                                size_t horizon, const wfm_calendar_days *events,
                                double *forecast, char *errmsg, size_t errsize);

#endif /* WFM_FORECAST_PRIVATE_H */
