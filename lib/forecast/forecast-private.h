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
 *         (and per day of a Christmas season the history starts inside,
 *         before its first day: see season_seen_from())
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
    double event_ridge;         /* penalty on (event, offset) columns in the
                                 * first fit; the final fit's is estimated
                                 * from the calendar's effects (empirical
                                 * Bayes, forecast-regression.c) */
    bool event_weekend;         /* the [event] × Sat/Sun columns */
    double event_weekend_ridge;
    int32_t weekday_fourier;    /* weekday × harmonic interactions, 0 … fourier_order */
    double interaction_ridge;
    bool level_scaled;          /* weekday, event and season effects × a past-only
                                 * trailing-year level (relative to its first
                                 * value): they grow with the series instead of
                                 * being one additive size */
    bool season;                /* the Christmas season: one column per day from
                                 * 42 days before 25 December to 10 days after,
                                 * each day's effect fused with its neighbours' */
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

/* Whether `date` lies in the Christmas season the regression learns (42
 * days before 25 December to 10 after), and if so (nullable) its day of
 * that season in *day_of_season: 0 on the season's first day …
 * REGRESSION_SEASON_DAYS − 1 on its last. */
enum { REGRESSION_SEASON_DAYS = 53 };
bool regression_season_day(int32_t date, int32_t *day_of_season);

/* The observed span (days) from which the regression fits yearly terms
 * (see "Short histories" above). */
enum { REGRESSION_YEAR_SPAN = 364 };

/* The three variants of the daily ensemble (see
 * tools/forecast-research/README.md and forecast-regression.c): B log, C
 * linear with the event × weekend columns, D linear with more harmonics and
 * weekday × season. All learn the Christmas season; the linear ones scale
 * their weekday, event and season effects with the trailing-year level,
 * the log one by its nature. */
enum { DAILY_ENSEMBLE_SIZE = 3 };
extern const regression_spec daily_ensemble[DAILY_ENSEMBLE_SIZE];

/* Each variant's forecasts from several origins of one series. origins[k]
 * (ascending, 1 <= origins[k] <= n) is the number of leading days used for
 * fitting; forecasts[(v × n_origins + k) × horizon + h] gets variant v's
 * forecast of day origins[k] + h (days past n are fine: the calendar
 * columns exist for any date). y has n entries (NaN = not observed / not
 * to be fitted; otherwise finite); closed (nullable, n entries) is 1 on
 * the days the business was shut, which the Christmas season's fusion
 * does not bridge as it does the other NaN days. events covers
 * [first_date, first_date + max(origins) + horizon).
 *
 * used[v] is false, and variant v's rows unspecified, for the log-scale
 * variant when an observed day before the last origin is <= 0; a variant
 * whose forecast from an origin overflows has NaN rows there (WFM_ERANGE
 * when every variant's does). The design
 * is built once and its Gram matrix accumulated once over the days in
 * time order, so extra origins cost only their small solves. Fails (see
 * regression_forecast()) if any origin has too little history;
 * `forecasts` is then unspecified. */
int32_t daily_ensemble_variants(const double *y, const uint8_t *closed, size_t n,
                                int32_t first_date, const size_t *origins, size_t n_origins,
                                size_t horizon,
                                const wfm_calendar_days *events, double *forecasts,
                                bool used[DAILY_ENSEMBLE_SIZE], char *errmsg, size_t errsize);

/* out[i] = the mean of variants[v × rows + i] over the used variants that
 * have a value there (NaN where none has). */
void daily_ensemble_combine(const double *variants, const bool used[DAILY_ENSEMBLE_SIZE],
                            size_t rows, double *out);

#endif /* WFM_FORECAST_PRIVATE_H */
