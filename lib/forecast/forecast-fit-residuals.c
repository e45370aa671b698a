/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a regression fit's in-sample residuals say: how much to shrink the
 * calendar's effects (the event ridges, by empirical Bayes) and how the
 * weekly pattern has moved. In: the fit in the workspace, the accumulated
 * rows. Out: ridges and weekday factors for forecast-regression.c. */
#include <math.h>
#include <string.h>

#include "forecast-fit-private.h"

/* Event ridges by empirical Bayes. A fixed ridge of 1 shrinks an effect
 * seen n times by n / (n + 1): right for NYC EMS's holidays, whose effects
 * are about as big as their year-to-year wobble, but it halves a
 * retailer's Black Friday after one past season and takes a fifth off it
 * after four (a ×3 day came out ×2.2 and ×2.6 from two and four years).
 * The ridge that fits each calendar is the noise of an occurrence over the
 * spread of the effects, v / τ² (the normal prior's posterior mean). From
 * a first fit (w->b, the spec's ridge) each event day's partial residual
 * gives one occurrence's effect g = (y − fit) / x + b_k for each of its
 * (event, offset) columns k (x the column's value: 1, or the level); v is
 * the pooled variance of g around each key's mean ḡ_k (every day's noise
 * and each year's wobble), τ² = mean over keys of ḡ_k² − v / n_k (the
 * keys' spread beyond their noise). NYC EMS comes out at 1.0-1.2, the
 * fixed value its holidays were tuned to; a Black Friday ×3 from two past
 * seasons at 0.1. A history with each key seen once (a year) has no wobble
 * to pool (under 3 degrees of freedom): v is then the noise of the
 * ordinary days among the last ORDINARY_DAYS (at least ORDINARY_MIN_DAYS
 * of them), which leaves out the year-to-year wobble and so shrinks less.
 * The ratio is a signal-to-noise of the calendar, the same on any scale:
 * it is estimated once per origin, on the first variant fitted (the log
 * one, where effects are relative), and serves every variant (an estimate
 * per variant cost 20 % more time and moved the PEERS.md scores by at
 * most 0.0001). */
#define EVENT_RIDGE_MIN 0.01
#define EVENT_RIDGE_MAX 100.0
enum { ORDINARY_DAYS = 56, ORDINARY_MIN_DAYS = 28 };
/* Observed day i's residual from the fit in w->b at `origin` (log(y) −
 * fit on the log scale); day i must be fitted (observed, and > 0 on the
 * log scale). */
static double
residual_of(const shared_design *d, const accumulator *acc, const regression_spec *s,
            size_t origin, workspace *w, size_t i)
{
    size_t m = design_row(d, i, ((double)i - (double)origin) / DAYS_PER_YEAR, acc->level[i],
                          event_level(d, acc, i, i), w->col, w->val);
    double residual = s->log_scale ? log(acc->y[i]) : acc->y[i];
    for (size_t j = 0; j < m; j++)
        residual -= w->val[j] * w->b[w->col[j]];
    return residual;
}

/* The mean squared residual of the fit in w->b over the observed days
 * without calendar rows among the last ORDINARY_DAYS before `origin`; NaN
 * with fewer than ORDINARY_MIN_DAYS of them. */
static double
ordinary_noise(const shared_design *d, const accumulator *acc, const regression_spec *s,
               size_t origin, workspace *w)
{
    double squares = 0.0, days = 0.0;
    for (size_t i = origin > ORDINARY_DAYS ? origin - ORDINARY_DAYS : 0; i < origin; i++) {
        double y = acc->y[i];
        if (d->day_start[i + 1] > d->day_start[i] || isnan(y) || (s->log_scale && !(y > 0.0)))
            continue;
        double residual = residual_of(d, acc, s, origin, w, i);
        squares += residual * residual, days += 1.0;
    }
    return days >= ORDINARY_MIN_DAYS ? squares / days : NAN;
}

/* v / τ² from the fit in w->b at `origin`; NaN when there is no v or no
 * spread left for τ² (events then barely matter: the spec's ridge is as
 * good as any). */
double
fit_event_noise_ratio(const shared_design *d, const accumulator *acc, const regression_spec *s,
                      size_t origin, workspace *w)
{
    size_t events = design_event_block(d, s), n_keys = d->n_keys;
    double *count = w->key_stats, *sum = count + n_keys, *squares = sum + n_keys;
    memset(w->key_stats, 0, 3 * n_keys * sizeof *w->key_stats);
    /* The rows hold the design's trend, the fit the trend from its origin. */
    double trend_shift = w->b[COL_TREND] * ((double)origin - (double)d->ref) / DAYS_PER_YEAR;
    for (size_t r = 0; r < acc->n_event_rows; r++) {
        double y = acc->y[acc->event_day[r]];
        if (s->log_scale && !(y > 0.0))
            continue;
        const size_t *col = acc->event_col + acc->event_start[r];
        const double *val = acc->event_val + acc->event_start[r];
        size_t m = acc->event_start[r + 1] - acc->event_start[r];
        double fit = -trend_shift;
        for (size_t j = 0; j < m; j++)
            fit += val[j] * w->b[col[j]];
        double residual = (s->log_scale ? log(y) : y) - fit;
        for (size_t j = 0; j < m; j++) {
            size_t k = design_event_key(d, events, col[j]);
            if (k == SIZE_MAX || val[j] == 0.0)
                continue; /* another spec's columns, or the season's */
            double g = residual / val[j] + w->b[col[j]];
            count[k] += 1.0, sum[k] += g, squares[k] += g * g;
        }
    }
    double within = 0.0, dof = 0.0;
    for (size_t k = 0; k < n_keys; k++)
        if (count[k] >= 2.0)
            within += squares[k] - sum[k] * sum[k] / count[k], dof += count[k] - 1.0;
    double v = dof >= 3.0 ? within / dof : ordinary_noise(d, acc, s, origin, w);
    if (!(v > 0.0))
        return NAN;
    double spread = 0.0, keys = 0.0;
    for (size_t k = 0; k < n_keys; k++)
        if (count[k] >= 1.0) {
            double mean = sum[k] / count[k];
            spread += mean * mean - v / count[k], keys += 1.0;
        }
    double tau2 = spread / keys;
    return tau2 > 0.0 ? v / tau2 : NAN;
}

/* w->key_ridge[k] = ratio × the mean x² of key k's occurrences in this
 * spec's column (1, or the level²: the Gram matrix's diagonal over the
 * occurrences), within [EVENT_RIDGE_MIN, EVENT_RIDGE_MAX]; the spec's own
 * ridge for a key not seen before `origin`. */
void
fit_key_ridges(const shared_design *d, const accumulator *acc, const regression_spec *s,
               double ratio, workspace *w)
{
    size_t events = design_event_block(d, s), n_keys = d->n_keys;
    double *count = w->key_stats, *x_squares = count + n_keys;
    memset(w->key_stats, 0, 2 * n_keys * sizeof *w->key_stats);
    for (size_t r = 0; r < acc->n_event_rows; r++) {
        double y = acc->y[acc->event_day[r]];
        if (s->log_scale && !(y > 0.0))
            continue;
        for (size_t j = acc->event_start[r]; j < acc->event_start[r + 1]; j++) {
            size_t k = design_event_key(d, events, acc->event_col[j]);
            double x = acc->event_val[j];
            if (k != SIZE_MAX && x != 0.0)
                count[k] += 1.0, x_squares[k] += x * x;
        }
    }
    for (size_t k = 0; k < n_keys; k++)
        w->key_ridge[k] = count[k] > 0.0 ? fmin(EVENT_RIDGE_MAX, fmax(EVENT_RIDGE_MIN,
                                                ratio * x_squares[k] / count[k]))
                                         : s->event_ridge;
}

/* The weekly pattern as it is now. The weekday effects are one set for
 * the whole history; when the pattern moves (a weekend share that grows
 * by 15 % a year as the channel mix changes), that set is its average,
 * years old, and each weekday is forecast off by how far it has moved
 * since. The log variant's residuals per weekday sum to zero over the
 * whole history (its weekday columns are unpenalised), so their means
 * over the last WEEKDAY_NOW_DAYS (whole weeks: every weekday as often, a
 * year: every season too) say how far each weekday has moved from the
 * history's average. They are centred (the level is the trend's) and
 * shrunk toward none by James-Stein (1 − (k − 3)·v / Σ mean², with k the
 * weekdays with WEEKDAY_NOW_MIN days and v the variance of their means
 * from the pooled within-weekday variance), and every variant's forecast
 * of a weekday is multiplied by exp(its mean), but on a day with a
 * learned calendar effect (the Christmas season's aside): an event's effect
 * was learned on the weekdays of its past occurrences, and moved with the
 * pattern, NYC EMS's holiday days of the 2016-12-01 window went 0.0384 →
 * 0.0403 (tslm 0.0398) while its other days gained. factor[w − 1], w = 1
 * (Monday) … 7; all 1 unless `s` is on the log scale.
 *
 * Measured (retail_peers.py, whose weekend-share scenarios came in with
 * it; Nov-Jan WAPE, history to 31 October / 31 August): weekends +15 % a
 * year 0.090 / 0.093 → 0.057 / 0.060, the trees 0.083 / 0.081; −10 % a
 * year 0.084 / 0.086 → 0.057 / 0.059 (0.049-0.051 with the events' days
 * moved too). The other 38 cells: mean ratio to the best peer 0.8063 →
 * 0.8067, no cell by more than 0.0003. PEERS.md: NYC EMS Nov-Dec 0.03171
 * → 0.03159, with history to 31 August 0.03185 → 0.03162, 2016-12-01
 * 0.0371 → 0.0366, holiday days identical, every other protocol identical
 * (the online retailer's zero days leave the log variant out). Residuals
 * of ordinary days only (not the calendar's, whose effects are estimated
 * around them) moved the pattern on a retailer whose December weekends
 * are ×1.4: the weekend effect holds a share of them, and the ordinary
 * weekends' residuals took it back everywhere (0.0651 → 0.0659 /
 * 0.0664). */
#define WEEKDAY_NOW_DAYS 364
#define WEEKDAY_NOW_MIN 4.0
void
fit_weekday_now(const shared_design *d, const accumulator *acc, const regression_spec *s,
                size_t origin, workspace *w, double factor[7])
{
    for (int k = 0; k < 7; k++)
        factor[k] = 1.0;
    if (!s->log_scale)
        return;
    double sum[7] = { 0.0 }, squares[7] = { 0.0 }, count[7] = { 0.0 };
    size_t from = origin - (origin < WEEKDAY_NOW_DAYS ? origin : WEEKDAY_NOW_DAYS) / 7 * 7;
    for (size_t i = from; i < origin; i++) {
        if (!(acc->y[i] > 0.0)) /* not observed (NaN), or 0: not fitted on the log scale */
            continue;
        double residual = residual_of(d, acc, s, origin, w, i);
        int k = date_weekday(d->first_date + (int32_t)i) - 1;
        sum[k] += residual, squares[k] += residual * residual, count[k] += 1.0;
    }
    double mean[7] = { 0.0 }, within = 0.0, dof = 0.0, all = 0.0, days = 0.0, weekdays = 0.0;
    for (int k = 0; k < 7; k++) {
        if (count[k] < WEEKDAY_NOW_MIN)
            continue;
        mean[k] = sum[k] / count[k];
        within += squares[k] - sum[k] * mean[k], dof += count[k] - 1.0;
        all += sum[k], days += count[k], weekdays += 1.0;
    }
    if (weekdays < 4.0) /* James-Stein shrinks from k = 4 */
        return;
    double spread = 0.0, noise = 0.0;
    for (int k = 0; k < 7; k++)
        if (count[k] >= WEEKDAY_NOW_MIN) {
            mean[k] -= all / days;
            spread += mean[k] * mean[k];
            noise += within / dof / count[k];
        }
    noise /= weekdays;
    double shrink = spread > 0.0 ? fmax(0.0, 1.0 - (weekdays - 3.0) * noise / spread) : 0.0;
    for (int k = 0; k < 7; k++)
        if (count[k] >= WEEKDAY_NOW_MIN)
            factor[k] = exp(shrink * mean[k]);
}
