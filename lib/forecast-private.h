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
 * Columns constant over the observed training days carry no information
 * and are dropped. With fourier_order 10, trend and weekday on and
 * everything else 0, this is forecast::tslm(y ~ trend + season + fourier +
 * holidays).
 *
 * Short histories: the yearly terms used depend on the span of observed
 * training days (first to last): none under 364 days, the first harmonic
 * only under 728 days (and no weekday interactions), the spec's order from
 * 728 days; and the harmonics are capped so that the unpenalised
 * coefficients stay fewer than the observed days. A fit fails ("too little
 * history", WFM_EINVAL) only when the intercept, trend and weekday
 * coefficients alone (at most 8) are not fewer than the observed days. */
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
    bool level_scaled;          /* weekday effects × a past-only trailing-year level
                                 * (relative to its first value): they grow with
                                 * the series instead of being one additive size */
} regression_spec;

/* Forecast the `horizon` days after a training span of `n_train` days
 * starting at `first_date`. y[i] is NaN where not observed (left out of
 * the fit), otherwise finite; with log_scale every observed y must be > 0.
 * `events`, if not NULL, is an expansion covering the training span and
 * the horizon. On error returns a status (WFM_EINVAL: bad arguments or too
 * little history; WFM_ERANGE: a forecast overflowed; WFM_ENOMEM) and
 * writes a one-line message. */
int32_t regression_forecast(const double *y, size_t n_train, int32_t first_date,
                            size_t horizon, const regression_spec *spec,
                            const wfm_calendar_days *events, double *forecast,
                            char *errmsg, size_t errsize);

/* The four variants averaged by the daily ensemble (see
 * tools/forecast-research/README.md): A linear, B log, C with the
 * event × weekend columns, D with more harmonics and weekday × season.
 * Only B's event effects grow with the level; A, C and D add one size per
 * (event, offset), their training average, but scale their weekday effects
 * with the trailing-year level (see forecast-regression.c). */
enum { DAILY_ENSEMBLE_SIZE = 4 };
extern const regression_spec daily_ensemble[DAILY_ENSEMBLE_SIZE];

/* Ensemble forecasts from several origins of one series. origins[k]
 * (ascending, 1 <= origins[k] <= n) is the number of leading days used for
 * fitting; forecast rows k*horizon .. k*horizon+horizon-1 get the `horizon`
 * days after it (days past n are fine: the calendar columns exist for any
 * date). y has n entries (NaN = not observed / not to be fitted; otherwise
 * finite). events covers [first_date, first_date + max(origins) +
 * horizon).
 *
 * The forecast is the plain average of the variants. Variant B (log
 * scale) is left out, at every origin, when an observed day before the
 * last origin is <= 0. The design is built once and its Gram matrix
 * accumulated once over the days in time order, so extra origins cost
 * only their small solves. Fails (see regression_forecast()) if any origin
 * has too little history; `forecasts` is then unspecified. */
int32_t daily_ensemble_backtest(const double *y, size_t n, int32_t first_date,
                                const size_t *origins, size_t n_origins, size_t horizon,
                                const wfm_calendar_days *events, double *forecasts,
                                char *errmsg, size_t errsize);

/* daily_ensemble_backtest() from the single origin n_train. */
int32_t daily_ensemble_forecast(const double *y, size_t n_train, int32_t first_date,
                                size_t horizon, const wfm_calendar_days *events,
                                double *forecast, char *errmsg, size_t errsize);

#endif /* WFM_FORECAST_PRIVATE_H */
