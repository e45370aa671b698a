/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The forecasting pipeline behind wfm/forecast.h: training grid → daily
 * totals by the chosen method → intraday split → calibrated bounds →
 * closed days, uplifts and overrides. Not installed. */
#ifndef WFM_FORECAST_ENGINE_PRIVATE_H
#define WFM_FORECAST_ENGINE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history-private.h"
#include "wfm/calendar.h"

typedef struct {
    char *event;
    int32_t first_offset, last_offset;
    double uplift; /* fraction: 2.5 = +250 % */
} forecast_uplift;

typedef struct {
    int32_t date, interval; /* interval -1 = the whole day */
    double volume;
} forecast_override;

typedef struct {
    int32_t method; /* enum wfm_forecast_method */
    int32_t training_days;
    int32_t backtest_origins;
    double lower_quantile, upper_quantile;
    const forecast_uplift *uplifts;
    size_t n_uplifts;
    const forecast_override *overrides;
    size_t n_overrides;
} forecast_settings;

typedef struct {
    int32_t start, days, interval_minutes, per_day;
    int32_t method; /* the method that forecast (the pick under AUTO) */
    size_t count;   /* days × per_day */
    double *point, *lower, *upper;
    double *aht_s; /* NULL when the history has no handle time */
    /* The training span the result was fitted on (for MASE). */
    int32_t train_first;
    size_t train_days;
    /* The level step followed (see training): 1 and train_first if none. */
    int32_t level_step_date;
    double level_step_factor;
} forecast_result;

/* Fit on the history before `start` and forecast `days` days. On error
 * `out` is untouched and errmsg holds one line. */
int32_t forecast_compute(const forecast_settings *settings, const history *h,
                         wfm_calendar *calendar, int32_t start, int32_t days,
                         forecast_result *out, char *errmsg, size_t errsize);

void forecast_result_clear(forecast_result *r);

/* A date for messages: YYYY-MM-DD, or "day N" outside the calendar. */
enum { FORECAST_DATE_TEXT = 16 };
void forecast_date_text(int32_t date, char buffer[FORECAST_DATE_TEXT]);

/* Prediction bounds calibrated on backtest errors. A point's spread is
 * s(F) = sqrt(F + κF²) (Poisson noise plus a relative error) times its
 * interval of the day's own factor (intraday series), and the
 * bounds are F + z·s(F) with z the empirical quantiles of (A − F)/s(F)
 * pooled over backtest points in the same horizon bucket (days after the
 * origin: 1–7, 8–28, 29–91, 92–182, later), widened by how few
 * independent days those points come from, and on a day of the
 * Christmas season scaled to the season's own errors (see
 * forecast-bounds.c). */
enum { BOUNDS_BUCKETS = 5, BOUNDS_MAX_SLOTS = 288 /* 5-minute intervals */ };

typedef struct {
    double kappa;
    double z_lower[BOUNDS_BUCKETS], z_upper[BOUNDS_BUCKETS];
    /* The factors on z of an ordinary day [0] and of a day of the
     * Christmas season [1]: the quantiles of the backtests' days of that
     * kind over those of all their days (1 when they scored too few days
     * of either kind). */
    double kind_lower[2], kind_upper[2];
    /* The factor on z of each interval of the day (slot[0] = 1 for a
     * daily series): its backtest errors' spread over all intervals'. */
    double slot[BOUNDS_MAX_SLOTS];
} bounds_model;

/* Backtest points, n cells in whole days of per_day consecutive cells
 * (one backtest's day each): per cell, forecast and actual (NaN = not
 * observed: skipped); per day (n / per_day entries), horizon_day (>= 1:
 * days after the backtest's origin), day (its index in the training
 * span, the same for every backtest that scores it) and season (1 on a
 * day of the Christmas season; NULL: no such day). */
typedef struct {
    const double *forecast, *actual;
    const int32_t *horizon_day, *day;
    const uint8_t *season;
    size_t n, per_day;
} backtest_points;

/* Falls back to normal quantiles around a 10 % relative error when fewer
 * than 20 points have an actual and a forecast above 0. */
int32_t bounds_fit(const backtest_points *p, double lower_quantile, double upper_quantile,
                   bounds_model *m);

/* The bounds of a forecast of interval `slot` of its day (0 for a daily
 * series), `horizon_day` days after the origin, on a day of the Christmas
 * season or not. */
void bounds_apply(const bounds_model *m, double forecast, size_t slot, int32_t horizon_day,
                  bool in_season, double *lower, double *upper);

#endif /* WFM_FORECAST_ENGINE_PRIVATE_H */
