/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intraday shapes and handle time for the forecast days: how a daily total
 * spreads over the day's intervals, learned per weekday from recent weeks
 * and per special day from the calendar. Not installed. */
#ifndef WFM_FORECAST_INTRADAY_PRIVATE_H
#define WFM_FORECAST_INTRADAY_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"

/* Threshold of a "big" weekday: a level above this share of the largest
 * weekday level. The weight of the big weekdays' pooled shape in a big
 * weekday's own is estimated (James-Stein, below); INTRADAY_POOL is the
 * prototype's fixed weight, used only when a weekday has a single day to
 * estimate its noise from. */
#define INTRADAY_BIG 0.5
#define INTRADAY_POOL 0.3
/* Prior weight, in contacts, of the weekday's whole-day handle time in an
 * interval's handle time. */
#define INTRADAY_AHT_PRIOR 25.0

/* Intraday shares for each forecast day: share[d*per_day + j] >= 0, summing
 * to 1 over each day (all 0 for a day the history says is closed).
 * volume is a train_days × per_day grid (day-major; NaN = not observed;
 * an interval the centre is closed in is 0), first_date is its first day.
 * Shapes are learned per weekday from recent weeks and per special day:
 * a forecast day carrying an (event, offset) that occurred in the intraday
 * history gets the shape of those occurrences (shrunk toward its weekday
 * shape by how many there are), so Christmas Eve's early close or Black
 * Friday's morning peak carry over. events (nullable) is an expansion
 * covering [first_date, first_date + train_days + horizon_days).
 *
 * per_day is 1 (a daily series: shares 1 or 0) or 1440 / m for an interval
 * of m = 5 … 60 minutes that divides the day (24 … 288), as the history
 * reader allows.
 *
 * Details:
 * - A day is complete when all its intervals are observed; partial days
 *   (some NaN) are used only to tell that a weekday is open.
 * - Weekday shape: the complete days the weekday's level rests on
 *   (recent_level_at over the complete days' totals: up to 8 recent days
 *   without calendar rows, outlier days left out), as the ratio of the
 *   summed volumes to their total. Each big weekday (level > INTRADAY_BIG
 *   × the largest) is shrunk toward the plain mean shape M of the big
 *   weekdays, restricted to the intervals the weekday itself had contacts
 *   in (its opening hours) and renormalised, by b = min(1, V / D):
 *   V = Σ_j var_j / n, the noise of its
 *   shape (var_j the variance of interval j's share over its n days), D =
 *   Σ_j (S_j − M_j)². Weekdays with alike shapes pool a lot (the
 *   prototype's fixed 30 % on the bank data), a weekday whose shape truly
 *   differs (a Monday morning peak) keeps it. A weekday open but with no complete day takes the mean of each
 *   of its observed intervals, an interval never observed taking the
 *   pooled shape scaled to the observed ones (0 without big weekdays).
 * - Closed (all 0): a weekday with no observed interval in the last 8
 *   weeks or whose recent totals are 0, and a day a calendar row marks
 *   closed.
 * - Special day: of the day's (event, offset) rows seen on complete history
 *   days with a positive total, the most specific (fewest such days) is
 *   used: S = w·E + (1 − w)·W with E the mean of those days' shapes, n
 *   their number, w = n / (n + 1), and W the weekday shape restricted to
 *   the intervals where E > 0 (renormalised; E alone if that is empty), so
 *   an interval the centre was shut in on every occurrence stays 0.
 * Errors: WFM_EINVAL (NULL volume or share, bad per_day, train_days or
 * horizon_days 0, a negative or infinite volume, dates out of range),
 * WFM_ENOMEM; errmsg (nullable) gets one line; share is unspecified on
 * error. */
int32_t intraday_shares(const double *volume, size_t train_days, int32_t per_day,
                        int32_t first_date, size_t horizon_days,
                        const wfm_calendar_days *events, double *share, char *errmsg,
                        size_t errsize);

/* Handle time per forecast interval (seconds): volume-weighted mean of the
 * same weekday × interval over recent weeks, shrunk toward the weekday's
 * whole-day mean where contacts are few; NaN where the history has no
 * handle time at all for that interval. aht_s is the train_days × per_day
 * grid of observed handle times (NaN = none).
 *
 * With the last 8 same-weekday days before the origin, n = Σ volume and
 * s = Σ volume × aht over those of them with both observed (volume > 0):
 * aht_out = (s + INTRADAY_AHT_PRIOR × P) / (n + INTRADAY_AHT_PRIOR), P the
 * weekday's whole-day volume-weighted mean over the same days; where the
 * weekday has none (a closed weekday), P is the interval's mean over the
 * whole history (volume-weighted; plain if it never had contacts). NaN
 * where no day of the history has a handle time for that interval.
 * first_date is only checked (the weekdays follow from the day order).
 * Errors: WFM_EINVAL (NULL arrays, bad per_day, train_days or horizon_days
 * 0, negative or infinite values, dates out of range), WFM_ENOMEM. */
int32_t intraday_aht(const double *aht_s, const double *volume, size_t train_days,
                     int32_t per_day, int32_t first_date, size_t horizon_days,
                     double *aht_out, char *errmsg, size_t errsize);

#endif /* WFM_FORECAST_INTRADAY_PRIVATE_H */
