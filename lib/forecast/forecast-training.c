/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The training grid: the history's days before the origin, the calendar
 * over them and the days forecast, and the days not to fit (closed days,
 * events the history shows no contacts on, gross outliers, and for the
 * regression transient ones). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "forecast-median-private.h"
#include "forecast-private.h"
#include "forecast-recent-private.h"
#include "forecast-training-private.h"
#include "text-private.h"
#include "wfm/status.h"

/* Days the calendar is expanded beyond the training and forecast span. */
enum { EXPANSION_MARGIN = 16 };

void
training_clear(training *t)
{
    free(t->cells);
    free(t->aht);
    free(t->total);
    free(t->fit_total);
    free(t->closed);
    free(t->season_day);
    wfm_calendar_days_free(t->events);
    *t = (training){ 0 };
}

/* Whether day d's weekday had contacts in the weeks before it. */
static bool
weekday_was_open(const training *t, size_t d)
{
    for (size_t k = 1; k <= OPEN_WEEKDAY_LOOKBACK / 7 && 7 * k <= d; k++)
        if (t->total[d - 7 * k] > 0.0)
            return true;
    return false;
}

/* What the history says of one (event, offset) key. */
typedef struct {
    int32_t event, offset;
    bool contacts; /* some occurrence had contacts */
    int32_t shut;  /* occurrences on an open weekday with none */
} key_record;

static int
compare_records(const void *a, const void *b)
{
    const key_record *x = a, *y = b;
    if (x->event != y->event)
        return (x->event > y->event) - (x->event < y->event);
    return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The key of a day of the Christmas season the regression learns (its
 * offset: the day of the season), which no calendar event id (0, 1, ...)
 * can be: the season is an event every history has. A calendar event's
 * day is closed by one past occurrence with no contacts (the calendar
 * names it); a season day no calendar names, by SEASON_SHUT_YEARS (one
 * December's outage is not a closure). */
enum { SEASON_KEY = -1, SEASON_SHUT_YEARS = 2 };

/* An (event, offset) with no contacts at any past occurrence is a day the
 * business shuts (Christmas Day at most retailers), whether or not the
 * calendar says so: its days are closed, in the training (not fitted, so
 * no model learns a deep dip from them and spreads it over neighbouring
 * days) and in the forecast (0). The days of the Christmas season count
 * as such an event, each date of it (25 December, 26 December, ...) a key,
 * calendar or not: a history whose every Christmas Day had no contacts
 * (two at least) forecasts none with a calendar that does not name it.
 * An occurrence on a weekday that had no contacts in the 8 weeks before
 * it (Saturday at a shop shut on Saturdays) says nothing either way; a
 * key needs at least one occurrence that does. */
static int32_t
close_zero_events(training *t, const recent_marks *marks)
{
    size_t span = t->n + t->horizon, per_day = (size_t)t->per_day;
    size_t rows = marks->start[t->n] + t->n, n_keys = 0; /* a season key a day at most */
    key_record *keys = malloc((rows ? rows : 1) * sizeof *keys);
    if (keys == NULL)
        return WFM_ENOMEM;
    for (size_t d = 0; d < t->n; d++) {
        if (isnan(t->total[d]))
            continue;
        bool contacts = t->total[d] > 0.0, shut = !contacts && weekday_was_open(t, d);
        for (size_t r = marks->start[d]; r < marks->start[d + 1]; r++)
            keys[n_keys++] = (key_record){ marks->event[r], marks->offset[r], contacts, shut };
        if (t->season_day[d] >= 0)
            keys[n_keys++] = (key_record){ SEASON_KEY, t->season_day[d], contacts, shut };
    }
    qsort(keys, n_keys, sizeof *keys, compare_records);
    size_t unique = 0;
    for (size_t i = 0; i < n_keys; i++) {
        if (unique > 0 && compare_records(&keys[unique - 1], &keys[i]) == 0) {
            keys[unique - 1].contacts |= keys[i].contacts;
            keys[unique - 1].shut += keys[i].shut;
        } else {
            keys[unique++] = keys[i];
        }
    }
    for (size_t d = 0; d < span; d++) {
        bool season = t->season_day[d] >= 0;
        for (size_t r = marks->start[d]; r < marks->start[d + 1] + season && !t->closed[d]; r++) {
            key_record probe = r < marks->start[d + 1]
                                   ? (key_record){ marks->event[r], marks->offset[r], false, 0 }
                                   : (key_record){ SEASON_KEY, t->season_day[d], false, 0 };
            const key_record *k =
                unique ? bsearch(&probe, keys, unique, sizeof *keys, compare_records) : NULL;
            if (k != NULL && !k->contacts &&
                k->shut >= (k->event == SEASON_KEY ? SEASON_SHUT_YEARS : 1)) {
                t->closed[d] = 1;
                if (d < t->n && !isnan(t->total[d])) {
                    for (size_t j = 0; j < per_day; j++)
                        t->cells[d * per_day + j] = NAN;
                    t->total[d] = NAN;
                    t->observed--;
                }
            }
        }
    }
    free(keys);
    return WFM_OK;
}

/* A day OUTLIER_RATIO times above or below the median of its weekday's
 * days within OUTLIER_WEEKS weeks either side, as (y + 1) / (median + 1)
 * so that small counts never qualify, is a gross error — a duplicated
 * upload, a unit slip, an outage that recorded nothing — and is not
 * fitted: one such day must not become the level of every forecast day
 * (one day of 10⁸ among NYC EMS's 4,000 a day moved a least-squares fit's
 * whole horizon). Real peaks stay: Black Friday is 3-5 times a normal day,
 * a launch planners uplift by 250 % 3.5 times, and days with no contacts
 * on an event are closed days (close_zero_events), not outliers. A median
 * needs OUTLIER_MIN_DAYS neighbours. */
enum { OUTLIER_WEEKS = 5, OUTLIER_MIN_DAYS = 4 };
#define OUTLIER_RATIO 20.0

/* The totals of day d's weekday within OUTLIER_WEEKS weeks before it
 * (side −1), after it (+1) or both (0), observed ones only, into near
 * (room for 2 · OUTLIER_WEEKS); returns how many. */
static size_t
weekday_neighbours(const training *t, size_t d, int side, double *near)
{
    size_t n = 0;
    for (size_t k = 1; k <= OUTLIER_WEEKS; k++) {
        if (side <= 0 && d >= 7 * k && !isnan(t->total[d - 7 * k]))
            near[n++] = t->total[d - 7 * k];
        if (side >= 0 && d + 7 * k < t->n && !isnan(t->total[d + 7 * k]))
            near[n++] = t->total[d + 7 * k];
    }
    return n;
}

static int32_t
drop_gross_outliers(training *t)
{
    size_t per_day = (size_t)t->per_day;
    uint8_t *gross = calloc(t->n ? t->n : 1, 1);
    if (gross == NULL)
        return WFM_ENOMEM;
    for (size_t d = 0; d < t->n; d++) {
        if (isnan(t->total[d]))
            continue;
        double near[2 * OUTLIER_WEEKS];
        size_t n = weekday_neighbours(t, d, 0, near);
        if (n < OUTLIER_MIN_DAYS)
            continue;
        double ratio = (t->total[d] + 1.0) / (forecast_median(near, n) + 1.0);
        gross[d] = ratio >= OUTLIER_RATIO || ratio <= 1.0 / OUTLIER_RATIO;
    }
    for (size_t d = 0; d < t->n; d++)
        if (gross[d]) {
            for (size_t j = 0; j < per_day; j++)
                t->cells[d * per_day + j] = NAN;
            t->total[d] = NAN;
            t->observed--;
        }
    free(gross);
    return WFM_OK;
}

/* A day the calendar does not explain at TRANSIENT_RATIO times or under
 * 1 / TRANSIENT_RATIO of the median of its weekday's days both in the
 * OUTLIER_WEEKS weeks before it and in those after (TRANSIENT_MIN_DAYS
 * of each) is a transient outlier: an outage, a promotion the calendar
 * does not name, a data glitch. The regression leaves it out: least
 * squares would carry it into the Christmas season's or an event's effect
 * of that day and so into the same day next year (a synthetic retailer
 * with three days at a tenth of their volume last December: those days
 * this December −22 % with four years of history, −39 % with two). A
 * departure on one side only is a change of level, which the last weeks
 * of a history always look like, and stays; so does anything on a
 * calendar day (Black Friday at three to five times a normal day). The
 * recent weeks and the intraday shapes keep the day: their weekday levels
 * are robust already. */
enum { TRANSIENT_MIN_DAYS = 2 };
#define TRANSIENT_RATIO 3.0

/* Whether day d's total, as (y + 1) / (median + 1), is TRANSIENT_RATIO
 * times (+1) or under 1 / TRANSIENT_RATIO (−1) of the median of its
 * weekday's observed days in the OUTLIER_WEEKS weeks before it (side −1)
 * or after it (+1); 0 otherwise, or with fewer than TRANSIENT_MIN_DAYS of
 * them. A day within the ratio of every one of them is neither, whatever
 * their median: most days, which then need no sort. */
static int
departs_from_side(const training *t, size_t d, int side)
{
    double near[2 * OUTLIER_WEEKS], low = INFINITY, high = -INFINITY;
    size_t n = weekday_neighbours(t, d, side, near);
    for (size_t i = 0; i < n; i++)
        low = fmin(low, near[i]), high = fmax(high, near[i]);
    double y = t->total[d] + 1.0;
    if (n < TRANSIENT_MIN_DAYS ||
        (y < TRANSIENT_RATIO * (low + 1.0) && y * TRANSIENT_RATIO > high + 1.0))
        return 0;
    double ratio = y / (forecast_median(near, n) + 1.0);
    return ratio >= TRANSIENT_RATIO ? 1 : ratio <= 1.0 / TRANSIENT_RATIO ? -1 : 0;
}

/* A stretch of STRETCH_DAYS whose median is STRETCH_RATIO times or under
 * 1 / STRETCH_RATIO of the same weeks' in the other years (the median
 * over them, each year's weeks taken relative to the median of its year
 * around them, so growth does not count) is that year's departure alone:
 * a lockdown's surge, a season half lost with a client. Least squares
 * spread it over the trend and the yearly terms and carried it into
 * every year: the synthetic retailer (tools/forecast-research, 4 years)
 * with ×1.8 from 15 March to 30 June 2020 was forecast 14-16 % low for
 * Nov-Jan 2023, with the same in 2022 4-5 % high, with Nov-Dec 2021 at
 * half 13 % low. The regression leaves such stretches out (the recent
 * weeks and the shapes keep them). Stretches are taken every STRETCH_STEP
 * days, so a departure's edges are covered; weeks seen in fewer than
 * STRETCH_MIN_YEARS years have no majority to depart from; and the
 * last STRETCH_RECENT_DAYS stay, and so does a departure the history
 * ends in: it may be the new level (a step the history ends on is
 * followed, see forecast-level-step.c; left out, the step's first weeks
 * would be missing from it). NYC EMS's 4-week stretches over 8 years
 * depart by 9 % at most. */
enum {
    STRETCH_DAYS = 28,
    STRETCH_STEP = 14,
    STRETCH_STEPS_A_YEAR = 26,
    STRETCH_MIN_YEARS = 3,
    STRETCH_RECENT_DAYS = 84 + STRETCH_DAYS
};
#define STRETCH_RATIO 1.4

static int32_t
leave_out_departed_stretches(training *t)
{
    if (t->n < (STRETCH_MIN_YEARS - 1) * 364 + STRETCH_DAYS)
        return WFM_OK; /* no weeks seen in three years */
    size_t n = (t->n - STRETCH_DAYS) / STRETCH_STEP + 1;
    size_t first = t->n - STRETCH_DAYS - (n - 1) * STRETCH_STEP; /* the last ends at the origin */
    double *level = malloc(n * sizeof *level), *relative = malloc(n * sizeof *relative);
    double *x = malloc((n > STRETCH_DAYS ? n : STRETCH_DAYS) * sizeof *x);
    if (level == NULL || relative == NULL || x == NULL) {
        free(level);
        free(relative);
        free(x);
        return WFM_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        size_t c = 0;
        for (size_t i = first + k * STRETCH_STEP; i < first + k * STRETCH_STEP + STRETCH_DAYS; i++)
            if (!isnan(t->total[i]))
                x[c++] = t->total[i];
        level[k] = 2 * c >= STRETCH_DAYS ? forecast_median(x, c) : NAN;
    }
    /* Each stretch's year: the year of stretches centred on it, or the
     * first or last whole year at the history's ends (so that a level the
     * history ends on is measured against the year before it). */
    size_t year_steps = STRETCH_STEPS_A_YEAR < n ? STRETCH_STEPS_A_YEAR : n;
    for (size_t k = 0; k < n; k++) {
        size_t from = k >= year_steps / 2 ? k - year_steps / 2 : 0, c = 0;
        if (from + year_steps > n)
            from = n - year_steps;
        for (size_t j = from; j < from + year_steps; j++)
            if (!isnan(level[j]))
                x[c++] = level[j];
        double year = 2 * c >= STRETCH_STEPS_A_YEAR ? forecast_median(x, c) : NAN;
        relative[k] = year > 0.0 && level[k] > 0.0 ? level[k] / year : NAN;
    }
    double *away = level; /* the levels are done with: log of the ratio to the other years */
    for (size_t k = 0; k < n; k++) {
        size_t c = 0;
        for (size_t j = k % STRETCH_STEPS_A_YEAR; j < n; j += STRETCH_STEPS_A_YEAR)
            if (j != k && !isnan(relative[j]))
                x[c++] = relative[j];
        away[k] = isnan(relative[k]) || c + 1 < STRETCH_MIN_YEARS
                      ? 0.0
                      : log(relative[k] / forecast_median(x, c));
    }
    /* A departure the history ends in is a new level (a step 4 months ago
     * departs from every past year too): when the last stretch is half a
     * departure away, the stretches before it on the same side are kept. */
    double limit = log(STRETCH_RATIO);
    size_t ends_in = n;
    if (fabs(away[n - 1]) >= 0.5 * limit)
        while (ends_in > 0 && away[ends_in - 1] * away[n - 1] > 0.0)
            ends_in--;
    for (size_t k = 0; k < ends_in && first + k * STRETCH_STEP + STRETCH_RECENT_DAYS <= t->n;
         k++)
        if (fabs(away[k]) >= limit)
            for (size_t i = first + k * STRETCH_STEP;
                 i < first + k * STRETCH_STEP + STRETCH_DAYS; i++)
                t->fit_total[i] = NAN;
    free(level);
    free(relative);
    free(x);
    return WFM_OK;
}

/* fit_total: total, and NaN on the transient outliers (marks: the
 * calendar's rows on the training days). */
static int32_t
mark_transient_outliers(training *t, const recent_marks *marks)
{
    t->fit_total = malloc((t->n ? t->n : 1) * sizeof *t->fit_total);
    if (t->fit_total == NULL)
        return WFM_ENOMEM;
    for (size_t d = 0; d < t->n; d++) {
        t->fit_total[d] = t->total[d];
        if (isnan(t->total[d]) || marks->event_day[d])
            continue;
        int before = departs_from_side(t, d, -1);
        if (before != 0 && departs_from_side(t, d, +1) == before)
            t->fit_total[d] = NAN;
    }
    return WFM_OK;
}

/* The training grid: the history's days before `origin` (at most
 * settings.training_days of them), and the calendar over them and the
 * `horizon` days after. */
int32_t
training_build(const history *h, wfm_calendar *calendar, int32_t training_days,
               int32_t origin, size_t horizon, training *t, char *errmsg, size_t errsize)
{
    *t = (training){ 0 };
    int64_t first = h->first_date;
    if (training_days > 0 && (int64_t)origin - training_days > first)
        first = (int64_t)origin - training_days;
    t->first = (int32_t)first;
    t->n = (size_t)((int64_t)origin - first);
    t->horizon = horizon;
    t->per_day = h->per_day;
    t->level_step_date = t->first;
    t->level_step_factor = 1.0;
    size_t per_day = (size_t)h->per_day, cells = t->n * per_day;
    t->cells = malloc(cells * sizeof *t->cells);
    t->total = malloc(t->n * sizeof *t->total);
    t->closed = calloc(t->n + t->horizon, 1);
    t->season_day = malloc(t->n + t->horizon + 1);
    t->aht = h->aht_s ? malloc(cells * sizeof *t->aht) : NULL;
    if (t->cells == NULL || t->total == NULL || t->closed == NULL || t->season_day == NULL ||
        (h->aht_s != NULL && t->aht == NULL)) {
        training_clear(t);
        return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
    }
    for (size_t d = 0; d < t->n + t->horizon; d++) {
        int32_t day_of_season;
        t->season_day[d] = regression_season_day(t->first + (int32_t)d, &day_of_season)
                               ? (int8_t)day_of_season
                               : -1;
    }
    if (calendar != NULL) {
        /* A margin either side: an event just outside the span still marks
         * the days its window (and the regression's spill) reaches. */
        int32_t lo = t->first > WFM_DATE_MIN + EXPANSION_MARGIN ? t->first - EXPANSION_MARGIN
                                                                 : WFM_DATE_MIN;
        int64_t last = (int64_t)origin + (int64_t)horizon - 1;
        int32_t hi = last < WFM_DATE_MAX - EXPANSION_MARGIN ? (int32_t)last + EXPANSION_MARGIN
                                                            : WFM_DATE_MAX;
        int32_t st = wfm_calendar_expand(calendar, lo, hi, &t->events);
        if (st != WFM_OK) {
            text_fail(errmsg, errsize, st, "calendar: %s", wfm_calendar_errmsg(calendar));
            training_clear(t);
            return st;
        }
        size_t rows = wfm_calendar_days_count(t->events);
        for (size_t r = 0; r < rows; r++) {
            int32_t date, closed;
            if (wfm_calendar_days_row(t->events, r, &date, NULL, NULL, &closed) == WFM_OK &&
                closed && date >= t->first && (size_t)(date - t->first) < t->n + t->horizon)
                t->closed[date - t->first] = 1;
        }
    }
    for (size_t d = 0; d < t->n; d++) {
        double *row = t->cells + d * per_day;
        int32_t date = t->first + (int32_t)d;
        history_day(h, date, row);
        double sum = 0.0;
        for (size_t j = 0; j < per_day; j++) {
            if (t->closed[d])
                row[j] = NAN; /* not fitted: the calendar explains it */
            sum += row[j];
        }
        t->total[d] = sum;
        t->observed += !isnan(sum);
        if (t->aht != NULL) {
            int64_t hd = (int64_t)date - h->first_date;
            for (size_t j = 0; j < per_day; j++)
                t->aht[d * per_day + j] =
                    hd >= 0 && hd < h->days ? h->aht_s[(size_t)hd * per_day + j] : NAN;
        }
    }
    /* The calendar's rows on every day of the grid, for the closed events
     * and the transient outliers. */
    recent_marks marks;
    int32_t st = recent_marks_build(t->events, t->first, t->n + t->horizon, &marks);
    if (st == WFM_OK) {
        st = close_zero_events(t, &marks);
        if (st == WFM_OK)
            st = drop_gross_outliers(t);
        if (st == WFM_OK)
            st = training_follow_level_step(t, marks.event_day);
        if (st == WFM_OK)
            st = mark_transient_outliers(t, &marks);
        if (st == WFM_OK)
            st = leave_out_departed_stretches(t);
        recent_marks_clear(&marks);
    }
    if (st != WFM_OK) {
        training_clear(t);
        return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
    }
    return WFM_OK;
}

bool
training_day_open(const training *t, size_t origin, size_t d)
{
    if (t->closed[d])
        return false;
    size_t from = origin > OPEN_WEEKDAY_LOOKBACK ? origin - OPEN_WEEKDAY_LOOKBACK : 0;
    for (size_t e = from + (d - from) % 7; e < origin; e += 7)
        if (t->total[e] > 0.0)
            return true;
    return false;
}

