/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "recent weeks" forecaster: daily totals from the recent same-weekday
 * days (forecast-recent.c), and the pieces the intraday shapes
 * (forecast-intraday.c) share with it: the calendar marks of each day, the
 * weekday level and the choice of a day's special (event, offset). Not
 * installed. See tools/forecast-research/README.md for the measurements
 * behind the constants. */
#ifndef WFM_FORECAST_RECENT_PRIVATE_H
#define WFM_FORECAST_RECENT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"

/* Daily totals from the recent same-weekday days, for series too short for
 * yearly seasonality and as the second candidate of the best pick.
 * y[0..n_train) are daily totals (NaN = not observed, e.g. a gap; the
 * caller passes calendar-closed days as NaN too). events (nullable) is an
 * expansion covering [first_date, first_date + n_train + horizon).
 * Writes forecast[0..horizon).
 *
 * For a forecast day of weekday w:
 * - level = 0.5 × median of the last RECENT_MEDIAN_DAYS picked days
 *   + 0.5 × mean of the last RECENT_DAYS picked days without outliers
 *   (|log((y + 1) / (m + 1))| >= RECENT_OUTLIER, m their median; +1 keeps
 *   zeros finite); the picked days are the observed days of weekday w
 *   before the origin that carry no calendar row (event days and their
 *   windows are left out), most recent first, at most RECENT_LOOKBACK_WEEKS
 *   weeks back; if there are none, the observed event days of the last
 *   RECENT_DAYS weeks are used instead;
 * - 0 if weekday w has no observed day in the last RECENT_DAYS weeks (a
 *   weekday the centre is closed on);
 * - 0 on a day a calendar row marks closed;
 * - × the median of y_then / level_then over the history days that carry
 *   one of the day's (event, offset) rows, level_then being the level
 *   computed from the days before that day. Where the day carries several
 *   such keys, the most specific one (the fewest history days; then the
 *   smallest |offset|, then the lowest event id) is used: the level leaves
 *   every event day out, so a holiday inside a season already carries the
 *   season in its own ratios, and multiplying them would count the season
 *   twice. A key with no usable past day has no effect.
 * Errors: WFM_EINVAL (NULL y or forecast, n_train or horizon 0, a negative
 * or infinite total, dates out of range), WFM_ENOMEM; errmsg (nullable)
 * gets one line. forecast is unspecified on error. */
int32_t recent_weeks_forecast(const double *y, size_t n_train, int32_t first_date,
                              size_t horizon, const wfm_calendar_days *events,
                              double *forecast, char *errmsg, size_t errsize);

/* ---- shared with forecast-intraday.c ---------------------------------- */

enum {
    RECENT_DAYS = 8,            /* days (weeks) behind the mean, the shapes
                                   and the closed-weekday test */
    RECENT_MEDIAN_DAYS = 4,     /* days behind the median */
    RECENT_LOOKBACK_WEEKS = 26  /* how far back picked days may lie */
};
#define RECENT_OUTLIER 0.3


/* Whether day numbers first_date … first_date + n_days − 1 are all valid
 * dates (n_days >= 1). */
bool recent_dates_ok(int32_t first_date, size_t n_days);

/* The calendar rows of each day of a span of days. */
typedef struct {
    size_t n_days;
    size_t *start;      /* [n_days + 1]: day i's rows are start[i] … start[i + 1) */
    int32_t *event;     /* [rows] event id */
    int32_t *offset;    /* [rows] offset from the event */
    uint8_t *closed;    /* [rows] 1 = the centre is closed that day */
    uint8_t *event_day; /* [n_days] 1 = the day carries at least one row */
} recent_marks;

/* Rows of `events` (nullable: no rows) on first_date … + n_days − 1.
 * WFM_OK or WFM_ENOMEM (then *m holds nothing to free). */
int32_t recent_marks_build(const wfm_calendar_days *events, int32_t first_date,
                           size_t n_days, recent_marks *m);
void recent_marks_clear(recent_marks *m);

/* Whether day `day` carries a row marked closed. */
bool recent_marks_closed(const recent_marks *m, size_t day);

/* The level of one weekday and the days it rests on. */
typedef struct {
    double level;                /* 0 = closed; NaN = open (some day seen)
                                    but no day has a usable total */
    size_t n_picked;             /* picked days, most recent first */
    size_t picked[RECENT_DAYS];
    bool outlier[RECENT_DAYS];   /* left out of the mean */
} recent_level;

/* The level (see recent_weeks_forecast) of the weekday of day `last`, from
 * days last, last − 7, … (day `last` included; none if last < 0). y[i] is
 * the day's total, NaN if not usable; seen[i] (nullable: !isnan(y[i]))
 * says whether the day was observed at all, for the closed-weekday test;
 * event_day (nullable) marks the days to avoid. */
void recent_level_at(const double *y, const uint8_t *seen, const uint8_t *event_day,
                     ptrdiff_t last, recent_level *out);

/* The (event, offset) rows of day `day` that some history day i < n_hist
 * with usable[i] also carries; picks the most specific: fewest such history
 * days, then smallest |offset|, then lowest event id. Returns the number
 * of history days of the pick (0 = none) and writes them to days[0..]
 * (room for n_hist). */
size_t recent_special_days(const recent_marks *m, size_t day, size_t n_hist,
                           const uint8_t *usable, size_t *days);

#endif /* WFM_FORECAST_RECENT_PRIVATE_H */
