/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/forecast.h
 * @brief Contact-volume histories and forecasts: daily and per interval,
 *        with calendar event effects, prediction intervals, what-if
 *        uplifts and rolling-origin backtests.
 *
 * @section history Histories
 * A ::wfm_history is one queue's (or channel's) contact volume on a regular
 * grid: days × intervals of 5 … 60 minutes that divide the day, or one
 * value per day. Every cell is either observed (a count of contacts, 0
 * included) or not observed (a gap, a missing value). Read one from CSV
 * (wfm_history_read_csv(), wfm_history_read_file()) or give arrays
 * (wfm_history_set_series()). Handle time (seconds per contact) is
 * optional, per cell.
 *
 * CSV histories: a header whose first column is `date` (YYYY-MM-DD: a daily
 * series) or `datetime` (YYYY-MM-DD HH:MM, aligned to the interval grid
 * from midnight), a `volume` column and optionally an `aht` column (seconds);
 * header names in any letter case (`Date`, `VOLUME`); other columns are
 * ignored. Lines end with LF, CR LF or a bare CR (old Mac files). Rows
 * strictly increase in time; the interval is the most common step between
 * rows of one day, and every row must lie on its grid. An empty volume is a
 * missing value. In an intraday history, an interval without a row on a day
 * that has rows is a closed interval (0 contacts); a day without any row is
 * not observed (a gap, or a day the centre was closed). Errors name the
 * source, line and column.
 *
 * Numbers: volumes and handle times are plain decimal numbers: an optional
 * sign, digits with at most one `.`, optionally an exponent (`e` or `E`, a
 * sign, digits), as `12`, `12.5`, `.5`, `1.5e3`, `+7`; never negative
 * (`-0` reads as 0). The decimal point is `.` whatever locale the
 * host set (a program that called setlocale(LC_ALL, "") in Germany reads
 * `12.5` as 12.5). Hexadecimal (`0x10`), `inf`, `nan`, blanks and digit
 * grouping are errors.
 *
 * Daylight-saving time: a history exported in local time lists the hour the
 * clocks go back twice (02:00–02:59 on the last Sunday of October in most of
 * Europe, 01:00–01:59 on the first Sunday of November in North America,
 * a Sunday in April in Australia and New Zealand). So on a Sunday, a row
 * whose time repeats, or steps back less than an hour from, the row before,
 * both in 00:00–02:59, starts that day's repeat hour: the rows up to the
 * first pass's last time are added to the first pass's rows of the same
 * time (volumes summed, missing if either is; handle times weighted by
 * volume). One repeat a day; every other repeated or earlier time is an
 * error.
 *
 * Limits (so that any input gives an answer or a clear error in bounded
 * time and memory):
 * - a volume is at most 1e9 contacts per cell (a day, or an interval):
 *   hundreds of times what the largest contact centres (millions of
 *   contacts a day) handle in a day, and small enough that every sum,
 *   square and product the forecasts make stays finite. A handle time
 *   is at most 86400 seconds (a day) per contact. A larger value is an
 *   error naming the row and column (WFM_EPARSE) or the array index
 *   (WFM_EINVAL in wfm_history_set_series());
 * - a history spans at most 50 million cells (days × intervals; a century
 *   of 5-minute intervals is 10.5 million), and a CSV history at most
 *   max(105408, 64 × rows) cells: memory in proportion to the rows given.
 *   105408 cells is a leap year of 5-minute intervals (288 years of a
 *   daily series), so any history of up to a year loads; 64 cells a row
 *   leaves room over what real histories need (5-minute rows from 08:00 to
 *   18:00 on weekdays fill one cell in 3.4, one open hour a weekday one in
 *   34), while a few rows centuries apart (a wrong year) fail before
 *   anything is allocated, naming the widest gap (WFM_ERANGE);
 * - wfm_history_read_file() reads at most 256 MiB (ten years of 5-minute
 *   rows around the clock are 20–60 MB); a pipe, FIFO or device is read up
 *   to that cap and no further.
 *
 * @section forecasting Forecasting
 * A ::wfm_forecast holds settings, what-if adjustments and the result of
 * its last run. wfm_forecast_run() uses only the history strictly before
 * the first forecast day (so any date inside the history is a backtest
 * origin) and forecasts every day (and every interval, at the history's
 * interval) of the requested span.
 *
 * Methods (::wfm_forecast_method):
 * - ::WFM_FORECAST_REGRESSION — daily totals from an average of ridge
 *   regressions (one on the log scale, two linear) on trend, weekday,
 *   yearly seasonality (Fourier terms), one effect per calendar event and
 *   day offset within its window (each shrunk toward 0 by how much an
 *   occurrence wobbles against how far the calendar's effects spread,
 *   estimated per fit: a Black Friday at three times a normal day is
 *   carried forward nearly whole from one or two past seasons, small
 *   noisy holiday effects are damped), and the Christmas season: one
 *   effect per day from 42 days before 25 December to 10 after, each tied to its
 *   neighbours', so that one past season carries the ramp to Christmas and
 *   the days after it forward. Event and season effects grow with the level
 *   (a trailing-year mean in the linear regressions; by nature on the log
 *   scale): a peak learned when the volume was half today's comes out
 *   twice as big. The weekly pattern is taken as the last 52 weeks show it
 *   (the log regression's residuals per weekday there, shrunk toward none),
 *   so weekend shares that grow year by year are not forecast at their
 *   multi-year average. Needs at least 56 observed days (about 11
 *   calendar weeks of a weekday-only series); yearly terms are used as the
 *   history allows.
 * - ::WFM_FORECAST_RECENT_WEEKS — daily totals from a robust average of the
 *   same weekday over the last 4 to 8 weeks, times each event's past ratio
 *   to that average; when the weekly level of the last 8 weeks trends
 *   (Mann-Kendall test, two-sided 10 %), the level is taken at the last
 *   week of the trend line instead of its average (not extrapolated).
 * - ::WFM_FORECAST_AUTO (the default) — the "best pick": both are scored
 *   by rolling-origin backtests on the history before the origin (windows
 *   starting 52, 104 and 156 weeks earlier — the same season in past years
 *   — and recent windows; each group's WAPE weighs half), made with the
 *   run's lead and scored on the same days after their origins (up to 63;
 *   never depending on how many days are asked for). The regression
 *   forecasts unless recent weeks score lower and clearly so: their
 *   per-window WAPEs beat the regression's by more than two standard
 *   errors of the difference (the regression knows the season and the
 *   calendar; a dozen windows are a noisy jury). The regression is a
 *   candidate only when at least two backtest windows have a year of
 *   history before them; otherwise recent weeks forecast, unless the
 *   history holds a year (365 observed days) and more than 56 days (the
 *   weeks the recent level is made of) lie between its last observed day
 *   and the first forecast day: then the regression, the only one with
 *   last year's season to carry across the gap. When auto forecasts with
 *   recent weeks and the history holds a past Christmas season (42 days
 *   before 25 December to 10 after) with at least half of its days
 *   observed or closed (a history that starts on 1 December holds 35 of
 *   them), the days recent weeks are blind on take the regression's
 *   totals: the days of the season (recent weeks know nothing of the ramp
 *   to Christmas) and, with a year of history (364 observed days), the
 *   days after the last one their backtests scored (the lead + up to 63
 *   days; January from October's level). Under a year the regression has
 *   no yearly terms, so its totals are moved to recent weeks' level (their
 *   ratio on the forecast days before the season), unless the forecast
 *   starts more than 56 days after the history (that level is then as
 *   old as the regression's). The regression carries
 *   a season whose first weeks lie before the history back over them from
 *   the first day it saw. The choice is per day, so a day's forecast never
 *   depends on how many days are asked for; wfm_forecast_method_used()
 *   still says recent weeks.
 *
 * An intraday forecast splits each day's total into intervals with shapes
 * learned per weekday from recent weeks and per special day (an event day
 * whose past occurrences are in the history keeps their shape: Christmas
 * Eve's early close). Handle time is forecast per interval when the
 * history has it.
 *
 * Lead time: a forecast stands where the history ends. When the first
 * forecast day lies after the history's last observed day (a planner in
 * September forecasting November from history that ends in August), the
 * days in between are forecast too, the method is picked and the bounds
 * are calibrated on backtests made with the same lead (forecasts scored the
 * same number of days after their origin), and only the requested days are
 * returned. The first forecast day may lie up to 3661 days after the last
 * observed day.
 *
 * Closed days forecast exactly 0, bounds included, and their history is
 * not fitted (a closed day is not an ordinary low day):
 * - a day a calendar event marks closed;
 * - a day carrying an (event, day offset) that had no contacts at every
 *   past occurrence in the history (Christmas Day at most retailers),
 *   counting only occurrences on a weekday that had contacts in the 8
 *   weeks before (at least one such occurrence is needed);
 * - with or without a calendar, a date from 13 November to 4 January (the
 *   Christmas season the regression learns: 25 December, 26 December, …)
 *   that had no contacts in every past year, counted the same way, at
 *   least two of them (one December's zero may be an outage; a calendar
 *   event needs one);
 * - a weekday with no contacts in the last 8 weeks of the history (a
 *   centre shut on Saturdays).
 * Nothing else forecasts 0: the forecast of an open day is > 0 unless the
 * history's recent volume on that weekday is 0.
 *
 * Gross outliers are not fitted: a day 20 times above or below the median
 * of its weekday within 5 weeks either side (as (volume + 1) / (median +
 * 1), so small counts never qualify) is taken for a data error — a
 * duplicated upload, a unit slip, an outage that recorded nothing. Real
 * peaks (Black Friday at 3-5 times a normal day) are fitted.
 *
 * Transient outliers are not fitted by the regression: a day with no
 * calendar event that is 3 times above or below the median of its weekday
 * both in the 5 weeks before it and in the 5 weeks after (at least 2 days
 * each) — an outage the data kept, a promotion the calendar does not name.
 * Least squares would carry it into that day's Christmas-season or event
 * effect and so into the same day next year. A departure on one side only
 * is a change of level and is fitted (the last weeks of a history always
 * have only one side); calendar days are always fitted. Recent weeks and
 * the intraday shapes keep such days: their weekday levels are robust.
 * A day of the Christmas season the regression does not fit (left out, or
 * missing) still gets that day's season effect, filled in from its
 * neighbouring days; a closed day does not.
 * The regression also leaves out a year's departure: a 4-week stretch
 * whose median is 1.4 times or under 1 / 1.4 of the same weeks' in the
 * other years (each relative to its own year's level; weeks the history
 * shows in three years at least), such as a lockdown's surge or a season
 * half lost, except in the history's last 16 weeks and a departure the
 * history ends in (it may be the new level).
 * A level that stepped for good is followed: when the ratios of the days
 * to the same weekday 52 weeks before (calendar days and the Christmas
 * season's left out) move by 1.2 times or more from some day on for a
 * year, or until the history ends (at least 8 weeks), with every 4 weeks
 * of them moved at least half that far, the history before that day is
 * scaled by the move (the median ratio in it over the median of the other
 * days') for every method, daily and intraday; wfm_forecast_level_step()
 * says when and by how much. A lockdown that stayed, or a client lost,
 * 7 months before the history's end: Nov-Dec within 1 %, where the trend
 * spread the step over the years (20-27 % off).
 *
 * Prediction intervals: the lower and upper bounds are the quantiles set by
 * ::WFM_FORECAST_LOWER_QUANTILE and ::WFM_FORECAST_UPPER_QUANTILE (default
 * 0.1 and 0.9, an 80 % interval), calibrated on the errors of the same
 * method in the backtest windows above (the recent ones 4 weeks apart
 * with two years of history, else a week apart; for a method calibrated
 * but not picked, a day apart when ::WFM_FORECAST_BACKTEST_ORIGINS of them
 * do not fit a week apart or the forecast starts more than 56 days after
 * the history), by days after the origin (1–7,
 * 8–28, 29–91, 92–182, 183+; a horizon the backtests do not reach, or
 * whose days there are worth fewer than 3 independent ones, takes the
 * nearest shorter one's, or that of all the backtests' days):
 * a value's spread is sqrt(F + κF²) for forecast F, κ and the quantiles
 * of the scaled errors estimated from those windows; in an intraday
 * forecast each interval of the day's spread is further scaled by its
 * own errors' mean size over all intervals' (pooled an hour either
 * side), so the hours a centre opens and closes, which miss by more, get
 * wider bounds than midday. The part of the
 * error a whole day shares is then widened as a t prediction interval on
 * the number of independent days the backtests saw (distinct days scored,
 * reduced by the lag-1 autocorrelation of the days' errors): a few weeks
 * of backtests give wider bounds than a few years. Days of the Christmas
 * season (25 December − 42 to + 10) and the other days each take their
 * own kind's errors, when the backtests scored at least 14 days of each
 * kind (the same season in past years, with two years of history or
 * more): the other days' quantiles are scaled by those of the backtests'
 * other days over those of all their days, and a season day's interval
 * is the other days' widened on both sides by the season's width (lower
 * to upper quantile) over theirs. The season's backtests forecast past
 * seasons from shorter histories, so they say how much wider a season
 * day's errors are, not which way they lean. Not when `auto` forecasts with
 * recent weeks and gives the season's days to the regression: recent
 * weeks' misses there would say nothing of the regression's. With fewer
 * than 20 backtest values (under about five weeks of history) the bounds
 * assume Poisson noise plus a 10 % error.
 *
 * @section units Units
 * Volumes are contacts per day (daily) or per interval; handle times are
 * seconds per contact; dates are day numbers (wfm/calendar.h); intervals
 * are counted from midnight, 0 … 1440 / interval minutes − 1.
 *
 * Thread safety: no global state. One object is used by one thread at a
 * time; a history may be read by many forecasts at once (wfm_forecast_run()
 * and wfm_forecast_backtest() only read it); separate objects are
 * independent. The calendar passed to a run is expanded during the call
 * only and not retained; like any calendar it is used by one thread at a
 * time, so runs on several threads need a calendar each.
 */
#ifndef WFM_FORECAST_H
#define WFM_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"
#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A contact-volume history on a grid of days × intervals. Opaque.
 *  @since 1.2 */
typedef struct wfm_history wfm_history;

/**
 * @brief Create an empty history (no days).
 * @param[out] history the new history, owned by the caller (free it with
 *                     wfm_history_free()); NULL on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p history is NULL.
 * @retval WFM_ENOMEM  out of memory.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_new(wfm_history **history);

/** @brief Free a history. NULL is a no-op. @since 1.2 */
WFM_API void
wfm_history_free(wfm_history *history);

/**
 * @brief The message of the last failed call on @p history ("" after a
 *        success, or for NULL).
 * @return owned by the history, valid until the next call on it.
 * @since 1.2
 */
WFM_API const char *
wfm_history_errmsg(const wfm_history *history);

/**
 * @brief Replace the history's content with a CSV text (format in the
 *        file's documentation above).
 * @param[in] text    the CSV, UTF-8; need not be NUL-terminated.
 * @param[in] length  bytes in @p text.
 * @param[in] source  a name for messages (a file name), or NULL.
 * @retval WFM_OK      success.
 * @retval WFM_EPARSE  malformed CSV: unsorted or duplicate timestamps
 *                     (outside a daylight-saving repeat hour), mixed
 *                     interval lengths, volumes or handle times that are
 *                     negative, not plain decimal numbers or over the
 *                     limits (1e9 contacts, 86400 seconds), a missing
 *                     column; the message names line and column. The
 *                     history is unchanged.
 * @retval WFM_ERANGE  the span exceeds 50 million cells, or max(105408,
 *                     64 × rows) cells (see Limits above); checked before
 *                     the grid is allocated. The history is unchanged.
 * @retval WFM_EINVAL  @p text NULL with @p length > 0.
 * @retval WFM_EMISUSE @p history is not a history.
 * @retval WFM_ENOMEM  out of memory (history unchanged).
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_read_csv(wfm_history *history, const char *text, size_t length,
                     const char *source);

/**
 * @brief Replace the history's content with a CSV file's.
 * The file is read up to 256 MiB and no further, whatever it is (a regular
 * file by its size before reading; a pipe, a FIFO or a device once that
 * much has arrived; reading also stops at a NUL byte, which no CSV holds,
 * so `/dev/zero` fails at once with WFM_EPARSE at line 1, column 1).
 * @retval WFM_EIO     the file cannot be opened or read (the message says
 *                     why).
 * @retval WFM_ERANGE  the file holds more than 256 MiB (268435456 bytes).
 * Otherwise as wfm_history_read_csv().
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_read_file(wfm_history *history, const char *path);

/**
 * @brief Replace the history's content with arrays (for bindings).
 * @param[in] first_date        day number of the first day.
 * @param[in] interval_minutes  5 … 60 dividing 1440, or 1440 for daily.
 * @param[in] volume            [count] contacts per cell, day-major
 *                              (all intervals of the first day, then the
 *                              next day's); 0 … 1e9, or NaN = not
 *                              observed. Give 0 for closed intervals.
 * @param[in] aht_s             [count] handle time in seconds (0 … 86400,
 *                              or NaN = not given), or NULL for none.
 * @param[in] count             a whole number of days of cells, >= 1.
 * The arrays are copied.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  a NULL array, a bad interval, @p count not a
 *                     multiple of the intervals per day, a volume that is
 *                     negative or over 1e9 (infinite included), a handle
 *                     time that is negative or over 86400 seconds, or a
 *                     span past 9999-12-31; the message names the first
 *                     such index (history unchanged).
 * @retval WFM_ERANGE  more than 50 million cells.
 * @retval WFM_EMISUSE @p history is not a history.
 * @retval WFM_ENOMEM  out of memory.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_set_series(wfm_history *history, int32_t first_date,
                       int32_t interval_minutes, const double *volume,
                       const double *aht_s, size_t count);

/**
 * @brief The history's grid. Any out-pointer may be NULL.
 * @param[out] first_date        day number of its first day.
 * @param[out] days              number of days (0 for an empty history).
 * @param[out] interval_minutes  minutes per interval (1440 for daily).
 * @retval WFM_OK / WFM_EMISUSE.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_span(const wfm_history *history, int32_t *first_date,
                 int32_t *days, int32_t *interval_minutes);

/**
 * @brief Copy the cells out (day-major; NaN = not observed). Either array
 *        may be NULL; each receives @p capacity values at most. @p aht_s
 *        gets NaN everywhere when the history has no handle time.
 * @param[out] count  the number of cells, whatever @p capacity.
 * @retval WFM_OK      success: all cells fitted.
 * @retval WFM_ERANGE  @p capacity < *count: call again with *count.
 * @retval WFM_EINVAL  @p count is NULL.
 * @retval WFM_EMISUSE @p history is not a history.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_history_copy(const wfm_history *history, double *volume, double *aht_s,
                 size_t capacity, size_t *count);

/** A forecaster: settings, what-if adjustments and the last result. Opaque.
 *  @since 1.2 */
typedef struct wfm_forecast wfm_forecast;

/** @brief Forecasting methods (values pinned). @since 1.2 */
enum wfm_forecast_method {
    /** Pick by rolling-origin backtest (the default). */
    WFM_FORECAST_AUTO = 0,
    /** Calendar regression ensemble on daily totals. */
    WFM_FORECAST_REGRESSION = 1,
    /** Robust recent same-weekday average with event ratios. */
    WFM_FORECAST_RECENT_WEEKS = 2
};

/** @brief Settings keys for wfm_forecast_set_int() / _set_double() (values
 *         pinned; new keys are only appended). @since 1.2 */
enum wfm_forecast_option {
    /** int: a ::wfm_forecast_method. Default ::WFM_FORECAST_AUTO. */
    WFM_FORECAST_METHOD = 0,
    /** double: quantile of the lower bound, in (0, 0.5]. Default 0.1. */
    WFM_FORECAST_LOWER_QUANTILE = 1,
    /** double: quantile of the upper bound, in [0.5, 1). Default 0.9. */
    WFM_FORECAST_UPPER_QUANTILE = 2,
    /** int: fit on at most this many days before the origin; 0 (the
     *  default) = all the history. */
    WFM_FORECAST_TRAINING_DAYS = 3,
    /** int: inner backtest origins used to pick the method and calibrate
     *  the intervals, 2 … 52. Default 12. */
    WFM_FORECAST_BACKTEST_ORIGINS = 4
};

/**
 * @brief Create a forecaster with default settings.
 * @param[out] forecast the new object, owned by the caller (free it with
 *                      wfm_forecast_free()); NULL on error.
 * @retval WFM_OK / WFM_EINVAL (@p forecast NULL) / WFM_ENOMEM.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_new(wfm_forecast **forecast);

/** @brief Free a forecaster. NULL is a no-op. @since 1.2 */
WFM_API void
wfm_forecast_free(wfm_forecast *forecast);

/**
 * @brief The message of the last failed call on @p forecast ("" after a
 *        success, or for NULL).
 * @return owned by the object, valid until the next call on it.
 * @since 1.2
 */
WFM_API const char *
wfm_forecast_errmsg(const wfm_forecast *forecast);

/**
 * @brief Set an integer setting (::wfm_forecast_option).
 * @retval WFM_OK          success.
 * @retval WFM_EINVAL      @p value outside the option's range (unchanged).
 * @retval WFM_EUNSUPPORTED @p option is not an integer option of this
 *                         version.
 * @retval WFM_EMISUSE     @p forecast is not a forecaster.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_set_int(wfm_forecast *forecast, int32_t option, int32_t value);

/** @brief Set a real setting; statuses as wfm_forecast_set_int(). The
 *         lower quantile must stay below the upper one. @since 1.2 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_set_double(wfm_forecast *forecast, int32_t option, double value);

/** @brief Read an integer setting; statuses as wfm_forecast_set_int(),
 *         WFM_EINVAL for a NULL @p value. @since 1.2 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_get_int(const wfm_forecast *forecast, int32_t option,
                     int32_t *value);

/** @brief Read a real setting; as wfm_forecast_get_int(). @since 1.2 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_get_double(const wfm_forecast *forecast, int32_t option,
                        double *value);

/**
 * @brief What-if: a planner's uplift for a calendar event, e.g. a first
 *        Black Friday with no history: +250 % on the day and +40 % on the
 *        three days after are two calls, (0, 0, 2.5) and (1, 3, 0.4).
 *
 * On forecast days at the given offsets of the event's occurrences (0 = its
 * days, -1 the day before, +1 the day after, whether or not the event's
 * window covers them), the forecast — which already includes what the
 * history taught about the event — is multiplied by (1 + @p uplift): a
 * planner who expects this Black Friday to be 20 % bigger than the model
 * says gives 0.2. For an event with no past occurrence the model's
 * forecast is an ordinary day's, so 2.5 means 3.5 times an ordinary day.
 * The bounds follow the new forecast. A closed day stays 0. On a day
 * several events' uplifts cover, the factors multiply. A later uplift for
 * the same event covering a day replaces an earlier one. Uplifts apply to
 * every later run and backtest of this object.
 * @param[in] event         the event's name in the run's calendar; a name
 *                          the calendar lacks fails the run (WFM_ENOTFOUND).
 * @param[in] first_offset  first day offset, -366 … 366.
 * @param[in] last_offset   last day offset, first_offset … 366.
 * @param[in] uplift        a fraction, > -1 and finite (2.5 = +250 %,
 *                          -0.3 = 30 % fewer contacts).
 * @retval WFM_OK / WFM_EINVAL / WFM_EMISUSE / WFM_ENOMEM.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_add_uplift(wfm_forecast *forecast, const char *event,
                        int32_t first_offset, int32_t last_offset,
                        double uplift);

/**
 * @brief What-if: a manual override of one day or one interval.
 *
 * Applied last, after uplifts and closed days. A whole-day override of an
 * intraday forecast rescales the day's intervals to the new total (the
 * shape is kept); bounds are scaled by the same factor as the forecast
 * (or set to the value where the forecast was 0). A later override of the
 * same cell replaces an earlier one. Dates outside a run's span are
 * ignored by that run.
 * @param[in] date      day number.
 * @param[in] interval  interval of the day from midnight (0 … per day − 1),
 *                      or -1 for the whole day's total.
 * @param[in] volume    contacts, >= 0 and finite.
 * @retval WFM_OK / WFM_EINVAL / WFM_EMISUSE / WFM_ENOMEM.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_add_override(wfm_forecast *forecast, int32_t date,
                          int32_t interval, double volume);

/**
 * @brief Fit on the history before @p start and forecast @p days days.
 *
 * @param[in] history   the volume history (only read).
 * @param[in] calendar  events and closed days, or NULL for none (only read
 *                      during the call).
 * @param[in] start     first forecast day; the history used is every day
 *                      before it (the last ::WFM_FORECAST_TRAINING_DAYS
 *                      before its last observed day, when set). Days
 *                      between the history's last observed day and
 *                      @p start are forecast too (not returned), at most
 *                      3660 of them.
 * @param[in] days      1 … 3660 days to forecast.
 * On success the result replaces the previous one: see
 * wfm_forecast_copy(). On error the previous result is kept.
 * @retval WFM_OK        success.
 * @retval WFM_EINVAL    bad arguments, or too little history for what is
 *                       asked (the message says how much there is and what
 *                       is needed): e.g. fewer than 14 observed days, or
 *                       ::WFM_FORECAST_REGRESSION with under 8 weeks.
 * @retval WFM_ENOTFOUND an uplift names an event the calendar lacks, or
 *                       the calendar's rules refer to a missing event.
 * @retval WFM_ERANGE    a forecast value would not be finite (volumes too
 *                       large for the models' arithmetic): no result is
 *                       ever returned with a NaN or an infinity.
 * @retval WFM_EMISUSE   an object is not what it should be.
 * @retval WFM_ENOMEM    out of memory.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_run(wfm_forecast *forecast, const wfm_history *history,
                 wfm_calendar *calendar, int32_t start, int32_t days);

/**
 * @brief The last result's grid. Any out-pointer may be NULL.
 * @param[out] start             first forecast day.
 * @param[out] days              forecast days.
 * @param[out] interval_minutes  the history's interval (1440 = daily).
 * @retval WFM_OK       success.
 * @retval WFM_ENOTFOUND no successful run yet.
 * @retval WFM_EMISUSE  @p forecast is not a forecaster.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_span(const wfm_forecast *forecast, int32_t *start, int32_t *days,
                  int32_t *interval_minutes);

/**
 * @brief The method that produced the last result (the pick, when
 *        ::WFM_FORECAST_AUTO).
 * @retval WFM_OK / WFM_ENOTFOUND (no run yet) / WFM_EINVAL (@p method NULL)
 *         / WFM_EMISUSE.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_method_used(const wfm_forecast *forecast, int32_t *method);

/**
 * @brief The change of level the last run followed: when the volume
 *        stepped for good (a lockdown that stayed, a client lost), the
 *        days before @p date were scaled by @p factor before any method
 *        saw them (see "A level that stepped for good" above). With no
 *        step, @p factor is 1 and @p date the first training day.
 * @param[out] date    the first day at the new level (day number), or NULL.
 * @param[out] factor  the level after the step over the level before
 *                     (0.75: a quarter lower), > 0, or NULL.
 * @retval WFM_OK / WFM_ENOTFOUND (no run yet) / WFM_EMISUSE.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_level_step(const wfm_forecast *forecast, int32_t *date, double *factor);

/**
 * @brief A method's name: "auto", "regression", "recent-weeks".
 * @return a static string, or NULL for an unknown method.
 * @since 1.2
 */
WFM_API const char *
wfm_forecast_method_name(int32_t method);

/**
 * @brief Copy the last result: one value per day (daily) or per interval
 *        (day-major), in contacts. Any array may be NULL; each receives
 *        @p capacity values at most.
 * @param[out] point  the forecast.
 * @param[out] lower  the lower bound (the lower quantile), <= point.
 * @param[out] upper  the upper bound, >= point.
 * @param[out] count  the number of values, whatever @p capacity.
 * @retval WFM_OK        success: all values fitted.
 * @retval WFM_ERANGE    @p capacity < *count: call again with *count.
 * @retval WFM_ENOTFOUND no successful run yet.
 * @retval WFM_EINVAL    @p count is NULL.
 * @retval WFM_EMISUSE   @p forecast is not a forecaster.
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_copy(const wfm_forecast *forecast, double *point, double *lower,
                  double *upper, size_t capacity, size_t *count);

/**
 * @brief Copy the last result's handle-time forecast (seconds per contact),
 *        one value per day or interval as wfm_forecast_copy(); NaN where
 *        the history gives no handle time to learn from.
 * @retval WFM_ENOTFOUND no successful run yet, or the history has no
 *                       handle time; otherwise as wfm_forecast_copy().
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_copy_aht(const wfm_forecast *forecast, double *aht_s,
                      size_t capacity, size_t *count);

/**
 * @brief Rolling-origin evaluation: for each origin, forecast @p days days
 *        from the history before it (with this object's settings and
 *        what-ifs) and score the forecast against the history's observed
 *        values (not observed ones are skipped).
 *
 * Per origin: WAPE (fraction), MASE (scaled by the one-week-ago error of
 * the training span: 7 days, or 7 × intervals per day), bias (fraction,
 * positive = over) and the coverage of the [lower, upper] interval
 * (fraction). Intraday histories are scored per interval. Any output array
 * may be NULL. The last run's result is not changed.
 * @param[in]  origins    [n_origins] first forecast days; each needs the
 *                        history to cover at least one observed day of its
 *                        window.
 * @param[in]  days       1 … 3660.
 * @param[out] wape, mase, bias, coverage  [n_origins] each, or NULL; a
 *                        score that is undefined (no observed volume) is
 *                        NaN.
 * @retval WFM_OK / as wfm_forecast_run() for the first origin that fails
 *         (the message names it; outputs then unspecified).
 * @since 1.2
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_forecast_backtest(wfm_forecast *forecast, const wfm_history *history,
                      wfm_calendar *calendar, const int32_t *origins,
                      size_t n_origins, int32_t days, double *wape,
                      double *mase, double *bias, double *coverage);

#ifdef __cplusplus
}
#endif

#endif /* WFM_FORECAST_H */
