/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The training grid of a forecast: the history's days before the origin,
 * their daily totals, and which days are closed or not to be fitted (the
 * calendar's closed days, events the history shows no contacts on, gross
 * and, for the regression, transient outliers and a year's departures),
 * with the calendar expanded over the training and forecast days. In: a
 * history, a calendar, an origin. Out: the grid the daily models, the
 * intraday shapes and the backtests read. Not installed. */
#ifndef WFM_FORECAST_TRAINING_PRIVATE_H
#define WFM_FORECAST_TRAINING_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history-private.h"
#include "wfm/calendar.h"

/* A weekday without a positive day in this many days before the origin is
 * closed. */
enum { OPEN_WEEKDAY_LOOKBACK = 56 };

typedef struct {
    int32_t first;   /* day number of the first training day */
    size_t n;        /* training days: first … origin − 1 */
    size_t horizon;  /* days after the origin the grid (closed, events)
                        reaches */
    int32_t per_day;
    double *cells;   /* [n × per_day] NaN = not observed or not to be
                        fitted (closed days, gross outliers) */
    double *aht;     /* [n × per_day] or NULL */
    double *total;   /* [n] NaN unless every cell of the day is observed */
    double *fit_total; /* [n] total, and NaN on transient outliers too: what
                          the least-squares regression fits (the recent
                          weeks and the intraday shapes have robust levels
                          of their own) */
    uint8_t *closed; /* [n + horizon] closed: by the calendar, or an event
                        the history shows no contacts on */
    int8_t *season_day; /* [n + horizon] the day of the Christmas season
                           (0 … REGRESSION_SEASON_DAYS − 1, see
                           regression_season_day()), −1 outside it */
    wfm_calendar_days *events;
    size_t observed; /* days with a total */
    /* A level that stepped for good (forecast-level-step.c): the days
     * before level_step_date were scaled by level_step_factor (the level
     * after over the level before); 1 and the first day when none. */
    int32_t level_step_date;
    double level_step_factor;
} training;

/* Builds the grid of the history's days before `origin` (the last
 * `training_days` of them when > 0) and the calendar over them and the
 * `horizon` days after. On error *t holds nothing to free and errmsg one
 * line (the calendar's status, or WFM_ENOMEM). */
int32_t training_build(const history *h, wfm_calendar *calendar, int32_t training_days,
                       int32_t origin, size_t horizon, training *t, char *errmsg,
                       size_t errsize);

void training_clear(training *t);

/* Scales the history before a lasting step in level by the step
 * (forecast-level-step.c), so that every model sees the current level;
 * event_day[d] marks the training days the calendar names. Called by
 * training_build(). WFM_OK or WFM_ENOMEM. */
int32_t training_follow_level_step(training *t, const uint8_t *event_day);

/* Whether day d (>= origin) is open as seen from `origin`: not closed,
 * and its weekday had contacts in the OPEN_WEEKDAY_LOOKBACK days before. */
bool training_day_open(const training *t, size_t origin, size_t d);

#endif /* WFM_FORECAST_TRAINING_PRIVATE_H */
