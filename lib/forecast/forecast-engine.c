/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The forecasting pipeline: training grid (forecast-training.c) → daily
 * totals by the chosen method (picked by rolling-origin backtest under
 * AUTO) → intraday split → calibrated bounds → uplifts and overrides. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "forecast-engine-private.h"
#include "forecast-intraday-private.h"
#include "forecast-private.h"
#include "forecast-recent-private.h"
#include "forecast-training-private.h"
#include "wfm/forecast.h"

/* History needed: any forecast; the regression when forced; the regression
 * as a candidate of the best pick (yearly seasonality needs a year). */
enum { MIN_OBSERVED_DAYS = 14, MIN_REGRESSION_DAYS = 56, MIN_PICK_REGRESSION_DAYS = 365 };
/* Inner backtests: the shortest prefix a recent-weeks fit is scored from,
 * and the longest window (days) they are scored and calibrated over. */
enum { MIN_RECENT_TRAIN_DAYS = 28, CALIBRATION_DAYS = 63, SEASONAL_ORIGINS = 3 };
/* The first forecast day may lie this many days after the history's last
 * observed day (a planner forecasting next year's peak from this summer). */
enum { MAX_LEAD_DAYS = 3660 };
/* The method names are the engine's data: the object (forecast.c) checks
 * a method by them and the engine names the method it fell back from. */
const char *
wfm_forecast_method_name(int32_t method)
{
    switch (method) {
    case WFM_FORECAST_AUTO:
        return "auto";
    case WFM_FORECAST_REGRESSION:
        return "regression";
    case WFM_FORECAST_RECENT_WEEKS:
        return "recent-weeks";
    default:
        return NULL;
    }
}

static int32_t
out_of_memory(char *errmsg, size_t errsize)
{
    snprintf(errmsg, errsize, "out of memory");
    return WFM_ENOMEM;
}

void
forecast_date_text(int32_t date, char buffer[FORECAST_DATE_TEXT])
{
    if (wfm_date_format(date, buffer, FORECAST_DATE_TEXT) != WFM_OK)
        snprintf(buffer, FORECAST_DATE_TEXT, "day %d", (int)date);
}

/* Closed weekdays and closed days forecast 0; nothing is negative. */
static void
finish_daily(const training *t, size_t origin, size_t horizon, double *f)
{
    for (size_t k = 0; k < horizon; k++)
        if (!(f[k] > 0.0) || !training_day_open(t, origin, origin + k))
            f[k] = 0.0;
}

/* The inner backtests: origins[0 … n_inner) are scored on the days
 * lead … lead + window − 1 after them (seasonal[k]: a window at the same
 * season of a past year); origins[n_inner] is the real origin. Forecasts
 * of every origin are rows of `stride` days. */
typedef struct {
    const size_t *origins;
    const uint8_t *seasonal;
    size_t n_inner, stride, lead, window;
} backtests;

static double inner_score(const training *t, const backtests *b, const double *f);

/* The regression ensemble: the plain average of its variants, fitted once
 * for every origin. (Weighting the variants by their inner backtests,
 * 1 / WAPE², moved nothing: NYC EMS 0.0325 → 0.0324, the synthetic
 * retailer's December 8.6 % → 8.5 %; the backtests' noise hides the
 * variants' differences.) A day the average puts at 0 or below but that
 * is open (an additive effect deeper than a quiet weekday's volume) takes
 * the recent-weeks forecast: an open day is never forecast 0. */
static int32_t
regression_totals(const training *t, const backtests *b, double *out, char *errmsg,
                  size_t errsize)
{
    size_t rows = (b->n_inner + 1) * b->stride;
    double *variants = malloc(DAILY_ENSEMBLE_SIZE * rows * sizeof *variants);
    if (variants == NULL)
        return out_of_memory(errmsg, errsize);
    bool used[DAILY_ENSEMBLE_SIZE];
    int32_t st = daily_ensemble_variants(t->fit_total, t->closed, t->n, t->first, b->origins,
                                         b->n_inner + 1, b->stride, t->events, variants, used,
                                         errmsg, errsize);
    if (st == WFM_OK)
        daily_ensemble_combine(variants, used, rows, out);
    for (size_t k = 0; st == WFM_OK && k <= b->n_inner; k++) {
        double *f = out + k * b->stride, *fallback = variants; /* reused as scratch */
        bool asked = false;
        for (size_t h = 0; st == WFM_OK && h < b->stride; h++) {
            if (f[h] > 0.0 || !training_day_open(t, b->origins[k], b->origins[k] + h))
                continue;
            if (!asked)
                st = recent_weeks_forecast(t->total, b->origins[k], t->first, b->stride,
                                           t->events, fallback, errmsg, errsize);
            asked = true;
            f[h] = fallback[h];
        }
        finish_daily(t, b->origins[k], b->stride, f);
    }
    free(variants);
    return st;
}

/* Daily totals of `method` from every origin of the backtests, into rows
 * of out. */
static int32_t
daily_totals(const training *t, int32_t method, const backtests *b, double *out, char *errmsg,
             size_t errsize)
{
    if (method == WFM_FORECAST_REGRESSION)
        return regression_totals(t, b, out, errmsg, errsize);
    int32_t st = WFM_OK;
    for (size_t k = 0; st == WFM_OK && k <= b->n_inner; k++) {
        st = recent_weeks_forecast(t->total, b->origins[k], t->first, b->stride, t->events,
                                   out + k * b->stride, errmsg, errsize);
        if (st == WFM_OK)
            finish_daily(t, b->origins[k], b->stride, out + k * b->stride);
    }
    return st;
}

/* Daily totals → per-interval values with the shapes learned before the
 * origin (a copy for daily series). */
static int32_t
split(const training *t, size_t origin, size_t horizon, const double *totals, double *cells,
      char *errmsg, size_t errsize)
{
    size_t per_day = (size_t)t->per_day;
    if (per_day == 1) {
        memcpy(cells, totals, horizon * sizeof *cells);
        return WFM_OK;
    }
    int32_t st = intraday_shares(t->cells, origin, t->per_day, t->first, horizon, t->events,
                                 cells, errmsg, errsize);
    for (size_t k = 0; st == WFM_OK && k < horizon; k++)
        for (size_t j = 0; j < per_day; j++)
            cells[k * per_day + j] *= totals[k];
    return st;
}

/* Days with a total before day `origin` of the training. */
static size_t
observed_before(const training *t, size_t origin)
{
    size_t n = 0;
    for (size_t d = 0; d < origin; d++)
        n += !isnan(t->total[d]);
    return n;
}

/* How far apart the recent backtest windows' origins are, for histories
 * under two years (longer ones: 4 weeks).
 *
 * A pick needs windows spread over the recent past: a week apart. The
 * bounds need many errors of forecasts made like the real one, on every
 * weekday. Twelve origins a day apart score much the same 74 days, a few
 * weeks of one stretch of the series, and their quantiles miss how the
 * next weeks may move; so once twelve a week apart fit in the history, a
 * method that is only calibrated gets them too. Rolling origins, 80 %
 * bounds' coverage of open days or intervals
 * (tools/forecast-research/bounds_calibration.py; |coverage − 0.80|
 * summed over its 23 situations 2.179 → 1.757): NYC EMS from 300 days of
 * history 0.697 → 0.744 (28 days ahead), 0.676 → 0.702 (61), hourly 0.792
 * → 0.802; from 400 days, recent weeks, 0.690 → 0.766; from 600, the
 * regression, 0.716 → 0.733; the online retailer's days 0.681 → 0.731 (28)
 * and 0.598 → 0.637 (61), its hours 0.778 → 0.778; the Anonymous Bank's
 * days 0.760 → 0.793, 30 minutes 0.806 → 0.811, 6 minutes 0.802 → 0.810;
 * the NA bank's days 0.823 → 0.852, 30 minutes 0.783 → 0.800, 5 minutes
 * 0.800 → 0.812. Synthetic series from 300 days: a level wandering and
 * growing 0.712 → 0.756, with a ±15 % yearly wave 0.694 → 0.723; a strong
 * smooth wave (±30 %) is the exception, 0.730 → 0.680, where the nearest
 * origins' lean carries over. Eight weeks of history (the banks in
 * PEERS.md) have no room and keep daily origins, whose 80 % bounds covered
 * 83 % and 81 % of the next two weeks there (weekly ones, three windows
 * with 4 to 6 weeks of training: 88 % and 84 %).
 *
 * Not when the forecast starts more than RECENT_DAYS weeks after the
 * history (where the regression is handed the gap): windows a week apart
 * behind such a lead reach over half a year back, into another season.
 * NYC EMS from 300 days, history ending 61 / 91 days before: 0.639 →
 * 0.595 / 0.614 → 0.555 (14 days before: 0.632 → 0.662; 30: 0.657 →
 * 0.658). */
typedef enum {
    ORIGINS_DAILY,        /* a lead beyond the recent weeks: the nearest */
    ORIGINS_WEEKLY_ROOMY, /* a week apart if all fit, else a day */
    ORIGINS_WEEKLY        /* a pick's */
} origin_spacing;

/* Recent origins `step` days apart into origins[count …), at most `want`
 * in all; returns the new count. */
static size_t
recent_origins(const training *t, size_t min_train, size_t min_observed, size_t horizon,
               size_t want, size_t step, size_t count, size_t *origins, uint8_t *seasonal)
{
    for (size_t k = 0; count < want; k++) {
        size_t back = horizon + step * k;
        if (back > t->n || t->n - back < min_train ||
            observed_before(t, t->n - back) < min_observed)
            break;
        seasonal[count] = 0;
        origins[count++] = t->n - back;
    }
    return count;
}

/* Backtest origins inside the training span, ascending, none with fewer
 * than min_train days or min_observed observed days before it (a history
 * with gaps of months has origins with no data before them): the same date
 * 52, 104 and 156 weeks earlier (the season being forecast, Black Friday
 * and all, as it went in past years; seasonal[i] = 1), then recent
 * windows, the last ending where the training does and earlier ones
 * `spacing` apart (see origin_spacing). */
static size_t
inner_origins(const training *t, size_t min_train, size_t min_observed, size_t horizon,
              size_t want, origin_spacing spacing, size_t *origins, uint8_t *seasonal)
{
    size_t count = 0;
    for (size_t year = 1; year <= SEASONAL_ORIGINS && count < want; year++) {
        size_t back = 364 * year;
        if (back <= t->n && t->n - back >= min_train && back >= horizon &&
            observed_before(t, t->n - back) >= min_observed) {
            seasonal[count] = 1;
            origins[count++] = t->n - back;
        }
    }
    size_t seasonal_count = count;
    size_t step = t->observed >= 730 ? 28 : spacing == ORIGINS_DAILY ? 1 : 7;
    count = recent_origins(t, min_train, min_observed, horizon, want, step, count, origins,
                           seasonal);
    if (step == 7 && spacing == ORIGINS_WEEKLY_ROOMY && count < want)
        count = recent_origins(t, min_train, min_observed, horizon, want, 1, seasonal_count,
                               origins, seasonal);
    for (size_t i = 1; i < count; i++) /* ascending (insertion sort: a few) */
        for (size_t j = i; j > 0 && origins[j - 1] > origins[j]; j--) {
            size_t o = origins[j];
            uint8_t f = seasonal[j];
            origins[j] = origins[j - 1], seasonal[j] = seasonal[j - 1];
            origins[j - 1] = o, seasonal[j - 1] = f;
        }
    return count;
}

/* The absolute error of backtest k's daily totals @p f over its scored
 * days with an actual, and (in *actual_sum) those days' actual total. */
static double
window_error(const training *t, const backtests *b, const double *f, size_t k,
             double *actual_sum)
{
    double error = 0.0, total = 0.0;
    for (size_t i = b->lead; i < b->lead + b->window; i++) {
        double actual = t->total[b->origins[k] + i];
        if (isnan(actual))
            continue;
        error += fabs(f[k * b->stride + i] - actual);
        total += actual;
    }
    *actual_sum = total;
    return error;
}

/* A candidate's backtest score: the WAPE of daily totals over the scored
 * days of the seasonal windows and that of the recent windows, averaged,
 * so that how a method did on this season in past years weighs as much as
 * how it does lately. */
static double
inner_score(const training *t, const backtests *b, const double *f)
{
    double error[2] = { 0.0, 0.0 }, total[2] = { 0.0, 0.0 };
    for (size_t k = 0; k < b->n_inner; k++) {
        double actual_sum;
        error[b->seasonal[k]] += window_error(t, b, f, k, &actual_sum);
        total[b->seasonal[k]] += actual_sum;
    }
    double sum = 0.0;
    int parts = 0;
    for (int g = 0; g < 2; g++)
        if (total[g] > 0.0)
            sum += error[g] / total[g], parts++;
    return parts ? sum / parts : INFINITY;
}

/* Whether the challenger's backtests beat the incumbent's clearly: the
 * per-window differences of their daily-total WAPEs (challenger minus
 * incumbent) have a mean below 0 by more than PICK_STANDARD_ERRORS of its
 * standard errors. A dozen windows of 63 days are a noisy jury: with the
 * plain lower score, recent weeks replaced the regression at 15 of 91 NYC
 * EMS origins (every 28 days, 2011-2017) and forecast worse at 9 of them
 * (bench/forecast-rolling: auto 0.0439 against the regression alone
 * 0.0427, 28 days ahead). The regression knows the season and the
 * calendar, so it keeps the forecast unless the evidence is clear. */
#define PICK_STANDARD_ERRORS 2.0

static bool
clearly_better(const training *t, const backtests *b, const double *challenger,
               const double *incumbent)
{
    double mean = 0.0, squares = 0.0;
    size_t n = 0;
    for (size_t k = 0; k < b->n_inner; k++) {
        double total, same_total;
        double worse = window_error(t, b, challenger, k, &total) -
                       window_error(t, b, incumbent, k, &same_total);
        if (!(total > 0.0))
            continue;
        /* Welford's running mean and sum of squares */
        double d = worse / total, delta = d - mean;
        n++;
        mean += delta / (double)n;
        squares += delta * (d - mean);
    }
    if (n < 2)
        return false;
    double standard_error = sqrt(squares / (double)(n - 1) / (double)n);
    return mean + PICK_STANDARD_ERRORS * standard_error < 0.0;
}

/* Whether the history is too short for the regression's yearly terms
 * (fewer observed days than REGRESSION_YEAR_SPAN): it knows the season it
 * saw, not the level's course through the year. */
static bool
under_a_year(const training *t)
{
    return t->observed < REGRESSION_YEAR_SPAN;
}

/* Whether recent weeks are blind on day h after the training (h from 0),
 * scored by backtests over days lead … lead + window − 1 after their
 * origins: a day of the Christmas season (their level is October's), or,
 * with a year of history, a day later than any backtest scored them
 * (nothing says they beat the regression there, and their level is older
 * than the weeks it would forecast: January from October). Under a year
 * the regression has no yearly terms, so it is no wiser there: a UK online
 * retailer's rolling origins, 61 days ahead, 0.2496 → 0.2716 when it took
 * those days (its first months' forecasts of spring from a regression fit
 * on December to February). */
static bool
recent_weeks_blind(const training *t, const backtests *b, size_t h)
{
    return t->season_day[t->n + h] >= 0 || (!under_a_year(t) && h >= b->lead + b->window);
}

/* Whether the training holds a past Christmas season with at least half of
 * its days seen: observed, or closed (a retailer's Christmas shutdown is
 * known, not missing). A season that began before the history counts its
 * days before the first as not seen: a history that starts on 1 December
 * holds 35 of its 53 days, the December peak and the days after it, and
 * the regression carries it back over the weeks before
 * (forecast-regression.c, season_seen_from()). */
static bool
season_behind(const training *t)
{
    for (size_t d = 0; d < t->n; d++) {
        int32_t before = t->season_day[d];
        if (before < 0 || (d > 0 && before > 0))
            continue; /* not a season's first day in the history */
        size_t end = d + (size_t)(REGRESSION_SEASON_DAYS - before), seen = 0;
        if (end >= t->n)
            return false; /* the season runs to the history's end */
        for (size_t e = d; e < end; e++)
            seen += !isnan(t->total[e]) || t->closed[e];
        if (2 * seen >= REGRESSION_SEASON_DAYS)
            return true;
        d = end - 1;
    }
    return false;
}

/* The regression's totals on the days recent weeks are blind on, moved to
 * recent weeks' level when the history is under a year: the ratio of
 * recent weeks' totals to the regression's on the days before the first
 * blind day (none, origins inside the season: 1). A regression fitted on
 * under a year has a trend and weekdays but no yearly terms, so away from
 * the season it can only be a worse level than recent weeks, which won
 * the backtests (or could not be compared with it); its season is a
 * share of that level. The UK online retailer (history from December, the
 * level 40 % up between August and November): from 1 October, 61 days,
 * mean WAPE 0.1959 → 0.1653, from 1 November, 38 days, 0.1830 → 0.1735.
 * With a year of history the regression's level holds its yearly course
 * (a synthetic retailer whose 1-12 November is not October's: 14 months
 * of history 0.033 → 0.045 with the ratio), so it is kept as it is; and
 * so it is when the forecast starts more than RECENT_DAYS weeks after the
 * history (the lead rule of forecast_compute()): recent weeks' level is then
 * older than the weeks it would set, no better than the regression's
 * trend. The retailer from 1 November with history ending 61 and 120
 * days before (test-forecast-lead.c): 0.365 → 0.299 and 0.415 → 0.262;
 * the synthetic one from 1 December to 31 August 0.174 → 0.165 (flat),
 * 0.182 → 0.174 (+15 %). */
static double
level_of_recent_weeks(const training *t, const backtests *b, const double *totals,
                      const double *regression)
{
    if (!under_a_year(t) || b->lead > 7 * RECENT_DAYS)
        return 1.0;
    double recent = 0.0, fitted = 0.0;
    for (size_t h = 0; h < b->stride && !recent_weeks_blind(t, b, h); h++)
        if (isfinite(totals[h]) && isfinite(regression[h]))
            recent += totals[h], fitted += regression[h];
    return recent > 0.0 && fitted > 0.0 ? recent / fitted : 1.0;
}

/* Recent weeks know nothing of the yearly season: a retailer's ramp to
 * Christmas, the days after it and January would come out as October's
 * level. When auto picks them (they won the recent backtests, or the
 * history was too short to score the regression) and the history holds a
 * past season (season_behind()), the days they are blind on
 * (recent_weeks_blind()) take the regression's totals (at recent weeks'
 * level under a year: level_of_recent_weeks()), the other days keep recent
 * weeks'. The choice is made per day, so a day's forecast does not depend
 * on how many days are asked for. `totals` is the final origin's row of
 * recent weeks; `regression` the regression's, when the pick already made
 * it (it lost the backtests), else NULL and it is fitted into `scratch`
 * (room for a row). A regression that cannot be fitted (WFM_EINVAL,
 * WFM_ERANGE) leaves recent weeks alone; only running out of memory
 * fails. */
static int32_t
regression_where_blind(const training *t, const backtests *b, double *totals,
                       const double *regression, double *scratch, bool *handed_over,
                       char *errmsg, size_t errsize)
{
    bool any = false;
    *handed_over = false;
    for (size_t h = b->lead; h < b->stride && !any; h++)
        any = recent_weeks_blind(t, b, h);
    if (!any || !season_behind(t))
        return WFM_OK;
    int32_t st = WFM_OK;
    if (regression == NULL) {
        backtests final = { b->origins + b->n_inner, b->seasonal, 0, b->stride, b->lead,
                            b->window };
        st = daily_totals(t, WFM_FORECAST_REGRESSION, &final, scratch, errmsg, errsize);
        if (st == WFM_ENOMEM)
            return st;
        regression = scratch;
    }
    if (st == WFM_OK) {
        double level = level_of_recent_weeks(t, b, totals, regression);
        for (size_t h = 0; h < b->stride; h++)
            if (recent_weeks_blind(t, b, h))
                totals[h] = regression[h] * level, *handed_over = true;
    }
    if (st != WFM_OK && errsize > 0)
        errmsg[0] = '\0';
    return WFM_OK;
}

/* Each forecast day's uplift factor (1 = none). Offsets count from each
 * occurrence of the event (0 on its days, -1 the day before, +1 the day
 * after), window or not; `around` is an expansion reaching a year either
 * side of the `days` days from `start`. For each event the latest uplift
 * that covers a day applies; several events multiply. */
static int32_t
resolve_uplifts(const forecast_settings *s, const wfm_calendar_days *around, int32_t start,
                size_t days, double *factor, char *errmsg, size_t errsize)
{
    for (size_t k = 0; k < days; k++)
        factor[k] = 1.0;
    if (s->n_uplifts == 0)
        return WFM_OK;
    int32_t *event_of = malloc(s->n_uplifts * sizeof *event_of);
    /* covers[k × n_uplifts + u]: uplift u covers forecast day k. */
    uint8_t *covers = calloc(days * s->n_uplifts, 1);
    if (event_of == NULL || covers == NULL) {
        free(event_of);
        free(covers);
        return out_of_memory(errmsg, errsize);
    }
    int32_t st = WFM_OK;
    for (size_t u = 0; st == WFM_OK && u < s->n_uplifts; u++) {
        event_of[u] = around ? cal_days_event_index(around, s->uplifts[u].event) : -1;
        if (event_of[u] < 0) {
            snprintf(errmsg, errsize, "uplift for event '%s': the calendar has no such event",
                     s->uplifts[u].event);
            st = WFM_ENOTFOUND;
        }
    }
    for (size_t u = 0; st == WFM_OK && u < s->n_uplifts; u++)
        cal_days_mark_window(around, event_of[u], s->uplifts[u].first_offset,
                             s->uplifts[u].last_offset, start, days, covers + u, s->n_uplifts);
    for (size_t k = 0; st == WFM_OK && k < days; k++)
        for (size_t u = 0; u < s->n_uplifts; u++) {
            if (!covers[k * s->n_uplifts + u])
                continue;
            bool replaced = false; /* by a later uplift of the same event */
            for (size_t v = u + 1; v < s->n_uplifts; v++)
                replaced |= event_of[v] == event_of[u] && covers[k * s->n_uplifts + v];
            if (!replaced)
                factor[k] *= 1.0 + s->uplifts[u].uplift;
        }
    free(event_of);
    free(covers);
    return st;
}

static void
apply_overrides(const forecast_settings *s, forecast_result *r)
{
    size_t per_day = (size_t)r->per_day;
    for (size_t o = 0; o < s->n_overrides; o++) {
        const forecast_override *ov = &s->overrides[o];
        int64_t k = (int64_t)ov->date - r->start;
        if (k < 0 || k >= r->days || ov->interval >= r->per_day)
            continue;
        size_t lo = (size_t)k * per_day, hi = lo + per_day;
        if (ov->interval >= 0)
            lo += (size_t)ov->interval, hi = lo + 1;
        double sum = 0.0;
        for (size_t i = lo; i < hi; i++)
            sum += r->point[i];
        for (size_t i = lo; i < hi; i++) {
            if (sum > 0.0) {
                double scale = ov->volume / sum;
                r->point[i] *= scale, r->lower[i] *= scale, r->upper[i] *= scale;
            } else { /* no shape to keep: spread evenly */
                r->point[i] = r->lower[i] = r->upper[i] = ov->volume / (double)(hi - lo);
            }
        }
    }
}

void
forecast_result_clear(forecast_result *r)
{
    free(r->point);
    free(r->lower);
    free(r->upper);
    free(r->aht_s);
    *r = (forecast_result){ 0 };
}

/* Everything a run allocates, freed in one place. */
typedef struct {
    training t;
    size_t *origins;
    double *daily, *daily_pick, *cells, *factor;
    double *bt_f, *bt_a;
    int32_t *bt_h, *bt_d;
    uint8_t *bt_s;
    uint8_t *seasonal;
    wfm_calendar_days *around;
} run_state;

static void
run_state_clear(run_state *w)
{
    training_clear(&w->t);
    free(w->origins);
    free(w->seasonal);
    free(w->daily);
    free(w->daily_pick);
    free(w->cells);
    free(w->factor);
    free(w->bt_f);
    free(w->bt_a);
    free(w->bt_h);
    free(w->bt_d);
    free(w->bt_s);
    wfm_calendar_days_free(w->around);
}

/* Backtest points (forecast, actual, days after the origin) of the picked
 * method at the inner origins, over their scored days, at the result's
 * granularity. */
static int32_t
collect_errors(run_state *w, const backtests *b, size_t *n_points, char *errmsg,
               size_t errsize)
{
    const training *t = &w->t;
    size_t per_day = (size_t)t->per_day, n = 0;
    for (size_t k = 0; k < b->n_inner; k++) {
        int32_t st = split(t, b->origins[k], b->lead + b->window,
                           w->daily_pick + k * b->stride, w->cells, errmsg, errsize);
        if (st != WFM_OK)
            return st;
        for (size_t d = b->lead; d < b->lead + b->window; d++) {
            w->bt_h[n / per_day] = (int32_t)d + 1;
            w->bt_d[n / per_day] = (int32_t)(b->origins[k] + d);
            w->bt_s[n / per_day] = t->season_day[b->origins[k] + d] >= 0;
            for (size_t i = d * per_day; i < (d + 1) * per_day; i++, n++) {
                w->bt_f[n] = w->cells[i];
                w->bt_a[n] = t->cells[w->origins[k] * per_day + i];
            }
        }
    }
    *n_points = n;
    return WFM_OK;
}

/* Days each inner backtest is scored on: CALIBRATION_DAYS, or half of what
 * a short history leaves after the shortest recent-weeks fit (two weeks
 * from 8 weeks of history). Neither depends on how many days are asked
 * for: the choice of method, and so the forecast of a day, must not. */
static size_t
calibration_window(const training *t)
{
    size_t room = t->n > MIN_RECENT_TRAIN_DAYS ? (t->n - MIN_RECENT_TRAIN_DAYS) / 2 : 0;
    return room < 7 ? 7 : room < CALIBRATION_DAYS ? room : CALIBRATION_DAYS;
}

int32_t
forecast_compute(const forecast_settings *s, const history *h, wfm_calendar *calendar,
                 int32_t start, int32_t days, forecast_result *out, char *errmsg,
                 size_t errsize)
{
    run_state w = { 0 };
    forecast_result r = { 0 };
    char when[FORECAST_DATE_TEXT], then[FORECAST_DATE_TEXT];
    if (h->days == 0) {
        snprintf(errmsg, errsize, "the history is empty");
        return WFM_EINVAL;
    }
    forecast_date_text(start, when);
    /* The forecast stands where the history ends: the days between its
     * last observed day and `start` (the lead) are forecast too. */
    int32_t last = history_last_observed(h, start);
    if (last < h->first_date) {
        forecast_date_text(h->first_date, then);
        snprintf(errmsg, errsize, "no observed history before %s: the history starts on %s",
                 when, then);
        return WFM_EINVAL;
    }
    size_t lead = (size_t)((int64_t)start - last - 1);
    if (lead > MAX_LEAD_DAYS) {
        forecast_date_text(last, then);
        snprintf(errmsg, errsize,
                 "the history ends on %s, %zu days before %s: a forecast may start at most "
                 "%d days after the history's last observed day",
                 then, lead + 1, when, MAX_LEAD_DAYS + 1);
        return WFM_EINVAL;
    }
    /* The training reaches as far as any origin's forecast: the real
     * forecast, or an inner backtest's scored window laid after the real
     * origin (the longest stride below). */
    size_t horizon = lead + (size_t)days;
    size_t reach = horizon > lead + CALIBRATION_DAYS ? horizon : lead + CALIBRATION_DAYS;
    int32_t st = training_build(h, calendar, s->training_days, last + 1, reach, &w.t, errmsg,
                                errsize);
    if (st != WFM_OK)
        return st;
    training *t = &w.t;
    size_t per_day = (size_t)t->per_day;
    size_t need = s->method == WFM_FORECAST_REGRESSION ? MIN_REGRESSION_DAYS : MIN_OBSERVED_DAYS;
    if (t->observed < need) {
        snprintf(errmsg, errsize,
                 "too little history: %zu observed days before %s, %s needs at least %zu",
                 t->observed, when, wfm_forecast_method_name(s->method), need);
        run_state_clear(&w);
        return WFM_EINVAL;
    }
    /* Candidates, and the inner origins they are scored on: forecasts made
     * as this one is, `lead` days before the scored window. */
    int32_t candidates[2];
    size_t n_candidates = 0;
    bool regression_ok =
        s->method == WFM_FORECAST_REGRESSION ||
        (s->method == WFM_FORECAST_AUTO && t->observed >= MIN_PICK_REGRESSION_DAYS);
    if (regression_ok)
        candidates[n_candidates++] = WFM_FORECAST_REGRESSION;
    if (s->method != WFM_FORECAST_REGRESSION)
        candidates[n_candidates++] = WFM_FORECAST_RECENT_WEEKS;
    size_t window = calibration_window(t), inner_horizon = lead + window;
    size_t min_train = regression_ok ? (s->method == WFM_FORECAST_REGRESSION
                                            ? MIN_REGRESSION_DAYS
                                            : MIN_PICK_REGRESSION_DAYS)
                                     : MIN_RECENT_TRAIN_DAYS;
    size_t want = (size_t)s->backtest_origins;
    /* Every origin's daily totals run to the real forecast's end, so one
     * fit serves the backtests and the forecast. */
    size_t stride = inner_horizon > horizon ? inner_horizon : horizon;
    w.origins = malloc((want + 1) * sizeof *w.origins);
    w.seasonal = malloc(want);
    w.daily = malloc((want + 1) * stride * sizeof *w.daily);
    w.daily_pick = malloc((want + 1) * stride * sizeof *w.daily_pick);
    w.cells = malloc(stride * per_day * sizeof *w.cells);
    w.factor = malloc((size_t)days * sizeof *w.factor);
    w.bt_f = malloc((want * window * per_day + 1) * sizeof *w.bt_f);
    w.bt_a = malloc((want * window * per_day + 1) * sizeof *w.bt_a);
    w.bt_h = malloc((want * window + 1) * sizeof *w.bt_h); /* one a backtest day */
    w.bt_d = malloc((want * window + 1) * sizeof *w.bt_d);
    w.bt_s = malloc(want * window + 1);
    if (!w.origins || !w.seasonal || !w.daily || !w.daily_pick || !w.cells || !w.factor ||
        !w.bt_f || !w.bt_a || !w.bt_h || !w.bt_d || !w.bt_s) {
        run_state_clear(&w);
        return out_of_memory(errmsg, errsize);
    }
    /* A regression needs observed days to fit, not just days. */
    size_t min_observed = regression_ok ? MIN_REGRESSION_DAYS : 0;
    bool short_lead = lead <= 7 * RECENT_DAYS;
    origin_spacing spacing = n_candidates > 1 ? ORIGINS_WEEKLY
                             : short_lead     ? ORIGINS_WEEKLY_ROOMY
                                              : ORIGINS_DAILY;
    size_t n_inner = inner_origins(t, min_train, min_observed, inner_horizon, want, spacing,
                                   w.origins, w.seasonal);
    if (s->method == WFM_FORECAST_AUTO && regression_ok && n_inner < 2) {
        /* A year of history, too little to score the regression on it (a
         * year before each of two backtests): no pick, but a choice. Recent
         * weeks carry the level of the last RECENT_DAYS weeks flat; once
         * the forecast starts further from the history than that, the
         * level is older than the weeks it would forecast, and only the
         * regression has last year's season to carry across the gap.
         * NYC EMS with 12-17 months of history, 61 days ahead of a
         * history ending 61 days before (bench/forecast-rolling,
         * nyc_ems_daily_lead, 7 origins in 2011): recent weeks 0.0876,
         * 0.0507, 0.0658, 0.0981, 0.0932, 0.0576, 0.1011, the regression
         * 0.0734, 0.0715, 0.0408, 0.0372, 0.0380, 0.0441, 0.0446; with no
         * lead recent weeks do better there (28 days ahead, the
         * regression in their place: mean over all 91 origins 0.0429 →
         * 0.0431). */
        candidates[0] = short_lead ? WFM_FORECAST_RECENT_WEEKS : WFM_FORECAST_REGRESSION;
        n_candidates = 1;
        n_inner = short_lead
                      ? inner_origins(t, MIN_RECENT_TRAIN_DAYS, 0, inner_horizon, want,
                                      ORIGINS_WEEKLY_ROOMY, w.origins, w.seasonal)
                      : inner_origins(t, MIN_REGRESSION_DAYS, MIN_REGRESSION_DAYS, inner_horizon,
                                      want, ORIGINS_DAILY, w.origins, w.seasonal);
    }
    w.origins[n_inner] = t->n;
    backtests b = { w.origins, w.seasonal, n_inner, stride, lead, window };
    int32_t pick = candidates[0];
    double best = INFINITY;
    bool picked = false, regression_scored = false;
    for (size_t c = 0; c < n_candidates; c++) {
        st = daily_totals(t, candidates[c], &b, w.daily, errmsg, errsize);
        if (st == WFM_ERANGE && c + 1 < n_candidates)
            continue; /* a regression that overflows is no candidate */
        if (st != WFM_OK) {
            run_state_clear(&w);
            return st;
        }
        regression_scored = regression_scored || candidates[c] == WFM_FORECAST_REGRESSION;
        double score = inner_score(t, &b, w.daily);
        if (!picked || (score < best && clearly_better(t, &b, w.daily, w.daily_pick))) {
            picked = true;
            best = score;
            pick = candidates[c];
            double *swap = w.daily_pick;
            w.daily_pick = w.daily, w.daily = swap;
        }
    }
    bool handed_over = false;
    if (s->method == WFM_FORECAST_AUTO && pick == WFM_FORECAST_RECENT_WEEKS &&
        t->observed >= MIN_REGRESSION_DAYS) {
        /* A regression scored and beaten is in w.daily (swapped out). */
        st = regression_where_blind(t, &b, w.daily_pick + n_inner * stride,
                                    regression_scored ? w.daily + n_inner * stride : NULL,
                                    w.daily, &handed_over, errmsg, errsize);
        if (st != WFM_OK) {
            run_state_clear(&w);
            return st;
        }
    }
    /* Bounds from the pick's own backtest errors, on the season's days from
     * its errors there, unless the regression forecasts those days in its
     * place (recent weeks' blind misses there would say nothing of it). */
    size_t n_points = 0;
    bounds_model bounds;
    st = collect_errors(&w, &b, &n_points, errmsg, errsize);
    backtest_points points = { w.bt_f, w.bt_a, w.bt_h, w.bt_d, handed_over ? NULL : w.bt_s,
                               n_points, per_day };
    if (st == WFM_OK)
        st = bounds_fit(&points, s->lower_quantile, s->upper_quantile, &bounds);
    if (st == WFM_ENOMEM)
        out_of_memory(errmsg, errsize);
    if (st == WFM_OK && s->n_uplifts > 0 && calendar != NULL) {
        /* Occurrences up to a year either side: an uplift's offsets may
         * reach forecast days from an event outside them. */
        if (wfm_calendar_expand(calendar, start > WFM_DATE_MIN + 367 ? start - 367 : WFM_DATE_MIN,
                                start + days - 1 < WFM_DATE_MAX - 367 ? start + days + 366
                                                                      : WFM_DATE_MAX,
                                &w.around) != WFM_OK) {
            snprintf(errmsg, errsize, "calendar: %s", wfm_calendar_errmsg(calendar));
            st = WFM_ENOMEM; /* the same calendar expanded above: only memory can fail */
        }
    }
    if (st == WFM_OK)
        st = resolve_uplifts(s, w.around, start, (size_t)days, w.factor, errmsg, errsize);
    /* The result: the last `days` of the forecast from the origin. */
    r.start = start;
    r.days = days;
    r.interval_minutes = h->interval_minutes;
    r.per_day = t->per_day;
    r.method = pick;
    r.count = (size_t)days * per_day;
    r.train_first = t->first;
    r.train_days = t->n;
    r.level_step_date = t->level_step_date;
    r.level_step_factor = t->level_step_factor;
    if (st == WFM_OK) {
        r.point = malloc(r.count * sizeof *r.point);
        r.lower = malloc(r.count * sizeof *r.lower);
        r.upper = malloc(r.count * sizeof *r.upper);
        r.aht_s = t->aht ? malloc(r.count * sizeof *r.aht_s) : NULL;
        if (!r.point || !r.lower || !r.upper || (t->aht && !r.aht_s))
            st = out_of_memory(errmsg, errsize);
    }
    if (st == WFM_OK)
        st = split(t, t->n, horizon, w.daily_pick + n_inner * stride, w.cells, errmsg, errsize);
    size_t skip = lead * per_day;
    for (size_t i = 0; st == WFM_OK && i < r.count; i++) {
        /* A planner's uplift multiplies the forecast, learned effects and all. */
        r.point[i] = w.cells[skip + i] * w.factor[i / per_day];
        bounds_apply(&bounds, r.point[i], i % per_day, (int32_t)(lead + i / per_day) + 1,
                     t->season_day[t->n + lead + i / per_day] >= 0, &r.lower[i], &r.upper[i]);
    }
    if (st == WFM_OK)
        apply_overrides(s, &r);
    for (size_t i = 0; st == WFM_OK && i < r.count; i++)
        if (!isfinite(r.point[i]) || !isfinite(r.lower[i]) || !isfinite(r.upper[i])) {
            /* Never a non-finite number with WFM_OK: volumes this large
             * overflow the models' arithmetic. */
            forecast_date_text(start + (int32_t)(i / per_day), then);
            snprintf(errmsg, errsize,
                     "the forecast of %s is not finite: the history's volumes are too large "
                     "to forecast", then);
            st = WFM_ERANGE;
        }
    if (st == WFM_OK && t->aht != NULL) {
        st = intraday_aht(t->aht, t->cells, t->n, t->per_day, t->first, horizon, w.cells, errmsg,
                          errsize);
        if (st == WFM_OK)
            memcpy(r.aht_s, w.cells + skip, r.count * sizeof *r.aht_s);
    }
    run_state_clear(&w);
    if (st != WFM_OK) {
        forecast_result_clear(&r);
        return st;
    }
    *out = r;
    return WFM_OK;
}
