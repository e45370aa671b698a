/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ridge regression of daily volume on trend, weekday, yearly Fourier terms
 * and calendar events, and the ensemble of its variants.
 *
 * One design serves every fit of a call: the union of the columns of all
 * the variants, for every day from the first training day to the end of
 * the last horizon. Its Gram matrix XᵀX and Xᵀy are accumulated once, over
 * the observed days in time order, and at each origin (the number of
 * leading days fitted) every variant picks its columns from them and
 * solves a small ridge system. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>

#include "calendar-private.h"
#include "forecast-cholesky-private.h"
#include "forecast-design-private.h"
#include "forecast-fit-private.h"
#include "forecast-private.h"
#include "text-private.h"

/* Added to the normal equations' diagonal so that they stay positive
 * definite when unpenalised columns are collinear (weekday effects of a
 * weekday never observed, say). */
#define JITTER 1e-9
/* Observed spans (days) from which yearly terms are fitted (the first
 * harmonic from REGRESSION_YEAR_SPAN): see fourier_limit(). */
#define TWO_YEAR_SPAN 728

/* C and D (and A, below) scale their weekday effects with the level (see
 * design_row()): linear variants with one additive size per weekday put it
 * at the training's average level, so under growth the low weekdays come
 * out high (+30 % a year: 7-11 %; scaled: under 4 %). On NYC EMS this
 * improves every window (Nov-Dec WAPE 0.0332 → 0.0329, holiday days
 * 0.0359 → 0.0356, 2016-12-01 0.0373 → 0.0369). Scaling the yearly terms
 * as well helps a synthetic growing series as much but not NYC (0.0331,
 * holiday days 0.0360, 2016-12-01 0.0374); fitting y / level with every
 * effect scaled is worse (0.0354), and so is a 28-day level (0.0334).
 *
 * They scale their event and Christmas-season effects too: a peak learned
 * when the series was half its size comes out twice as big. Synthetic
 * tests (test-forecast-regression.c): an event day on a level that
 * doubles in five years −16 % → −5 %; the ten days before Christmas after
 * one past season −12 % → −8 %. NYC EMS, whose holiday dips do not grow
 * with its volume, pays on holiday days (Nov-Dec 0.0354 → 0.0359;
 * 2016-12-01's five 0.0365 → 0.0394, tslm 0.0398) while its WAPE holds
 * (Nov-Dec 0.0322 → 0.0321, lead time 0.0323 → 0.0322, 2016-12-01 0.0366
 * → 0.0374).
 *
 * The event and season effects scale with the day's weekday as well (the
 * level × the weekday's trailing-year mean over all days' mean, see
 * trailing_levels()): an effect is a share of the day it lands
 * on, so Christmas Eve learned on weekdays and falling on a Sunday (70 %
 * of an average day) comes out at 70 % of its weekday size. Without it
 * the linear variants put a weekday-sized lift on the Sunday, which the
 * fixed event ridge of 1 used to hide by halving effects and the
 * estimated ridges (fit_event_noise_ratio()) exposed: a synthetic +100 %
 * Christmas Eve on a Sunday 4.8 % high with the fixed ridge, 13 % with
 * the estimated one, 2.7 % with both (test-forecast.c). NYC EMS Nov-Dec
 * 0.0320 → 0.0319, lead time 0.0321 → 0.0320, 2016-12-01 0.0370 → 0.0370
 * (holiday days 0.0375 → 0.0381, tslm 0.0398). */
/* The plain linear variant (A: trend, weekday, 10 harmonics, events) was
 * the fourth until the Christmas season came in: C is A plus two columns,
 * so A only doubled the linear vote. Without it every NYC EMS score but
 * two holds or improves (Nov-Dec 0.0321 → 0.0320, holiday days 0.0359 →
 * 0.0360; 2016-12-01 0.0374 → 0.0370, holiday days 0.0394 → 0.0380; lead
 * time 0.0322 → 0.0321, holiday days 0.0361 → 0.0362), the synthetic
 * retailer's ten days before Christmas go from 6.5 % to 6.0 % WAPE, and a
 * fit costs a quarter less. */
const regression_spec daily_ensemble[DAILY_ENSEMBLE_SIZE] = {
    { 10, true, true, true, 1, 1.0, false, 0.0, 0, 0.0, false, true },   /* B: log scale */
    { 10, true, true, false, 1, 1.0, true, 5.0, 0, 0.0, true, true },    /* C: events on weekends */
    { 15, true, true, false, 1, 1.0, false, 0.0, 3, 250.0, true, true }, /* D: weekday × season */
};

/* The Christmas season, learned like an event whose window runs from
 * SEASON_BEFORE days before 25 December to SEASON_AFTER days after: the
 * retail ramp to Christmas, the returns and sales after it and the year's
 * end, which ten yearly harmonics smooth away (each harmonic spans weeks,
 * the ramp days) and which a history under two years has no harmonics for
 * at all. Its key has an event id no calendar event has (the lowest, so
 * its columns come before the events': see resolve_events()). One season
 * is enough to carry its shape forward: each day's effect is tied to its
 * neighbours' by SEASON_FUSE (days of data) on their difference, so one
 * year's noise on one day is not next year's forecast, and shrunk toward 0
 * only by SEASON_RIDGE, so that one season counts at 1 / (1 + 0.1) of its
 * size where a ridge of 1 (the events' before they were estimated) would
 * halve it.
 *
 * Measured: a synthetic retailer with one past Christmas (16 months of
 * history, test_one_past_christmas_carries_forward) forecasts the ten
 * days before Christmas 8-9 % short (20 % without the season, 20 % with a
 * ridge of 1, 11 % with 0.2, 5 % with 0.01). NYC EMS: Nov-Dec WAPE 0.0329
 * → 0.0321, with history to 31 August 0.0330 → 0.0322, holiday days
 * 0.0356 → 0.0359; the 2016-12-01 window, across New Year, 0.0369 → 0.0374
 * (holiday days 0.0363 → 0.0394, tslm 0.0398): a smaller ridge pays more
 * there (0.01: 0.0378, holiday days 0.0400), a larger one less (1: 0.0368,
 * 0.0383) but forgets a single season. A second-difference penalty (which
 * leaves straight ramps free) does no better.
 *
 * A season the history shows whole is shrunk only by SEASON_RIDGE_WHOLE, the
 * least any calendar effect is (EVENT_RIDGE_MIN, forecast-fit-residuals.c):
 * the fusion already keeps one year's noise out, and the ridge only took a
 * share of every peak (a tenth of it after one season). SEASON_RIDGE stays
 * for a season the history starts inside, whose unseen first weeks it decays
 * toward 0 and whose size the trend can take for its own (see
 * season_seen_from()). Measured (ridge 0.1 → 0.01 for whole seasons): the
 * synthetic retailer (tools/forecast-research), Nov-Jan WAPE against the
 * truth, 4 years 0.015 → 0.013 (flat), 0.030 → 0.027 (+15 %/year); 22 months
 * (one past season) 0.033 → 0.028 and 0.037 → 0.032 (the ramp 0.040 → 0.030,
 * 26 December-15 January 0.045 → 0.046); 14 months 0.033 → 0.029. NYC EMS
 * Nov-Dec 0.0319 → 0.0317, lead time 0.0320 → 0.0319, 2016-12-01 0.0370 →
 * 0.0371 (holiday days 0.0381 → 0.0384, tslm 0.0398); rolling origins
 * 0.04300 → 0.04302 (28 days), 0.04343 → 0.04347 (61), lead 0.04487 →
 * 0.04490. */
#define SEASON_FUSE 20.0
#define SEASON_RIDGE 0.1
#define SEASON_RIDGE_WHOLE 0.01

/* ---- the fits ------------------------------------------------------------ */

/* Adds an observed day's row to the fit state (forecast-fit-private.h). */
static void
accumulate(accumulator *a, size_t day, double y, const size_t *col, const double *val, size_t m)
{
    size_t p = a->p;
    double logy = a->xtlogy != NULL ? log(y) : 0.0;
    for (size_t i = 0; i < m; i++) {
        double v = val[i];
        if (v == 0.0)
            continue;
        a->xty[col[i]] += v * y;
        if (a->xtlogy != NULL)
            a->xtlogy[col[i]] += v * logy;
        double *g = a->gram + col[i] * p;
        for (size_t j = i; j < m; j++)
            g[col[j]] += v * val[j];
    }
    for (size_t i = 0; i < m; i++)
        a->dense[col[i]] = val[i];
    if (a->n_obs == 0) {
        memcpy(a->first, a->dense, p * sizeof *a->first);
        a->first_obs = day;
        for (size_t j = 0; j < p; j++)
            if (a->first[j] != 0.0)
                a->first_col[a->n_first++] = j;
    }
    /* A column varies where this row differs from the first: only the
     * columns of either can. */
    for (size_t i = 0; i < m; i++)
        if (val[i] != a->first[col[i]])
            a->varies[col[i]] = true;
    for (size_t k = 0; k < a->n_first; k++)
        if (a->dense[a->first_col[k]] != a->first[a->first_col[k]])
            a->varies[a->first_col[k]] = true;
    for (size_t i = 0; i < m; i++)
        a->dense[col[i]] = 0.0;
    a->n_obs++;
    a->last_obs = day;
}

/* Keeps row (col, val, m) of event day `day` (its room was counted by
 * design_row_room()). */
static void
keep_event_row(accumulator *a, size_t day, const size_t *col, const double *val, size_t m)
{
    size_t r = a->n_event_rows++, at = a->event_start[r];
    a->event_day[r] = day;
    memcpy(a->event_col + at, col, m * sizeof *col);
    memcpy(a->event_val + at, val, m * sizeof *val);
    a->event_start[r + 1] = at + m;
}

/* Yearly harmonics and weekday × harmonic interactions a fit may use, by
 * the span of its observed days (first to last, inclusive):
 * - under 52 weeks, none: part of the year has never been seen, and
 *   harmonics fitted to the rest extrapolate into it with nothing to hold
 *   them (on NYC EMS, 8 to 26 weeks of history and one harmonic give a
 *   WAPE of 0.10 to 1.7, against 0.06 without);
 * - from 52 weeks to under 104, the annual sinusoid only: each day of the
 *   year has been seen once, so a finer shape cannot be told apart from
 *   that year's one-off shocks (NYC EMS, 59 monthly origins, 1.25 to 2
 *   years of history: WAPE 0.0453 to 0.0461 with one harmonic, 0.0465 to
 *   0.0503 with the full order);
 * - from 104 weeks, the full order and the interactions.
 * The span counts only as far as observed days fill it: a history with
 * gaps of months (390 days over 800) has not seen each day of the year
 * twice, and ten harmonics fitted around its holes extrapolated to
 * infinity; so the thresholds apply to the smaller of the span and the
 * number of observed days.
 * Then the harmonics are capped so that the unpenalised coefficients stay
 * fewer than the observed days: the fit degrades to trend and weekday
 * rather than failing. */
static void
fourier_limit(const regression_spec *s, const accumulator *a, size_t base, int32_t *fourier,
              int32_t *interactions)
{
    size_t span = a->last_obs - a->first_obs + 1;
    if (span > a->n_obs)
        span = a->n_obs;
    int32_t k = span < REGRESSION_YEAR_SPAN ? 0 : span < TWO_YEAR_SPAN ? 1 : s->fourier_order;
    if (k > s->fourier_order)
        k = s->fourier_order;
    size_t room = a->n_obs > base + 1 ? (a->n_obs - base - 1) / 2 : 0;
    if ((size_t)k > room)
        k = (int32_t)room;
    *fourier = k;
    *interactions = span < TWO_YEAR_SPAN ? 0 : s->weekday_fourier < k ? s->weekday_fourier : k;
}


/* Adds the season's fusion to a fit's normal equations a (q × q): the
 * penalty SEASON_FUSE (b_o − b_{o+1})² on each pair of neighbouring days
 * the fit has columns for. */
static void
fuse_season(const shared_design *d, const regression_spec *s, const size_t *sel, size_t q,
            double *a)
{
    size_t events = design_event_block(d, s), end = events + d->n_keys;
    for (size_t r = 0; r + 1 < q; r++) {
        if (sel[r] < events || sel[r] >= end || sel[r + 1] >= end)
            continue;
        const event_key *x = &d->keys[sel[r] - events], *y = &d->keys[sel[r + 1] - events];
        if (x->event != SEASON_EVENT || y->event != SEASON_EVENT || y->offset != x->offset + 1)
            continue;
        a[r * q + r] += SEASON_FUSE;
        a[(r + 1) * q + r + 1] += SEASON_FUSE;
        a[r * q + r + 1] -= SEASON_FUSE;
        a[(r + 1) * q + r] -= SEASON_FUSE;
    }
}

/* A history that starts inside a Christmas season saw it from its first
 * day's offset on: the offset, when at least half the season's days lie
 * in the training span (days 0 … origin − 1) and the next season is not
 * in it whole, else INT32_MIN. The season's days before it get columns
 * with no data (select_columns()), which the fusion ties to the first day
 * seen and SEASON_RIDGE pulls toward 0, a share that falls by about 7 % a
 * day: the ramp carried back from the December the history shows, where
 * without them it would jump from nothing to December's size on
 * 1 December. A whole season later in the span has seen every day, and
 * the season is shrunk as a whole one (SEASON_RIDGE_WHOLE): 23 months
 * from 1 December (tools/forecast-research/retail_peers.py) were 4-5 %
 * short on the ramp and the days after Christmas with SEASON_RIDGE. */
static int32_t
season_seen_from(const shared_design *d, size_t origin)
{
    int32_t before, year, month, day, next;
    if (!regression_season_day(d->first_date, &before) || before == 0)
        return INT32_MIN;
    int32_t christmas = d->first_date - before + SEASON_BEFORE;
    if (wfm_date_to_ymd(christmas, &year, &month, &day) == WFM_OK &&
        wfm_date_from_ymd(year + 1, 12, 25, &next) == WFM_OK &&
        (int64_t)next + SEASON_AFTER - d->first_date < (int64_t)origin)
        return INT32_MIN;
    size_t in = (size_t)(REGRESSION_SEASON_DAYS - before);
    if (in > origin)
        in = origin;
    return 2 * in >= REGRESSION_SEASON_DAYS ? before - SEASON_BEFORE : INT32_MIN;
}

/* The columns of one fit (ascending but for the scaled weekday columns,
 * which come third) and their penalties: the spec's, among those that
 * varied over the observed training days (and the intercept), and the
 * season's days before `seen_from` (season_seen_from(); INT32_MIN: the
 * history starts inside no season, and the season's ridge is
 * SEASON_RIDGE_WHOLE) or missed on a day that was not closed (`bridge`,
 * nullable). Sets *base to the number of unpenalised intercept, trend
 * and weekday columns. */
static size_t
select_columns(const shared_design *d, const regression_spec *s, const bool *varies,
               const bool *bridge, int32_t seen_from, int32_t fourier, int32_t interactions,
               size_t *sel, double *pen, size_t *base)
{
    size_t q = 0;
    sel[q] = COL_INTERCEPT, pen[q++] = 0.0;
    if (s->trend && varies[COL_TREND])
        sel[q] = COL_TREND, pen[q++] = 0.0;
    size_t weekday = s->level_scaled ? d->c_scaled : COL_WEEKDAY;
    for (size_t j = weekday; s->weekday && j < weekday + 6; j++)
        if (varies[j])
            sel[q] = j, pen[q++] = 0.0;
    *base = q;
    for (size_t j = COL_FOURIER; j < COL_FOURIER + 2 * (size_t)fourier; j++)
        if (varies[j])
            sel[q] = j, pen[q++] = 0.0;
    for (size_t j = d->c_inter; j < d->c_inter + 12 * (size_t)interactions; j++)
        if (varies[j])
            sel[q] = j, pen[q++] = s->interaction_ridge;
    for (size_t j = d->c_weekend; s->event_weekend && j < d->c_weekend + 2; j++)
        if (varies[j])
            sel[q] = j, pen[q++] = s->event_weekend_ridge;
    size_t events = design_event_block(d, s);
    for (size_t j = events; j < events + d->n_keys; j++) {
        const event_key *k = &d->keys[j - events];
        bool season = k->event == SEASON_EVENT;
        if (season ? s->season && (varies[j] || k->offset < seen_from || (bridge && bridge[j]))
                   : varies[j])
            sel[q] = j, pen[q++] = !season                 ? s->event_ridge
                                   : seen_from == INT32_MIN ? SEASON_RIDGE_WHOLE
                                                            : SEASON_RIDGE;
    }
    return q;
}

/* Solves the normal equations w->a (q × q; diagonal also in w->diag)
 * with right-hand side w->rhs0, factoring from column `from` (the columns
 * before it already factored), into w->b by design column. A matrix that
 * rounding left not positive definite goes to GSL's modified Cholesky,
 * and w->factored says whether w->a holds the plain factor to start again
 * from. */
static int32_t
finish_solve(workspace *w, size_t q, size_t p, size_t from, char *errmsg, size_t errsize)
{
    memcpy(w->rhs, w->rhs0, q * sizeof *w->rhs);
    w->factored = cholesky_factor(w->a, q, from, w->diag);
    if (w->factored) {
        cholesky_substitute(w->a, q, w->rhs);
    } else {
        /* GSL's modified Cholesky cannot fail on a symmetric matrix: it is
         * the plain LDLᵀ when the matrix is positive definite and perturbs
         * the diagonal just enough when rounding made it not. */
        gsl_matrix_view m = gsl_matrix_view_array(w->a, q, q);
        gsl_vector_view v = gsl_vector_view_array(w->rhs, q);
        gsl_permutation perm = { q, w->perm };
        if (gsl_linalg_mcholesky_decomp(&m.matrix, &perm, NULL) != GSL_SUCCESS ||
            gsl_linalg_mcholesky_svx(&m.matrix, &perm, &v.vector) != GSL_SUCCESS)
            return text_fail(errmsg, errsize, WFM_EINVAL,
                             "the regression's equations are singular");
    }
    memset(w->b, 0, p * sizeof *w->b);
    for (size_t r = 0; r < q; r++)
        w->b[w->sel[r]] = w->rhs[r];
    return WFM_OK;
}

/* Solves one spec's penalised normal equations on the first `origin` days
 * (the accumulator holds them) into w->b (by design column). key_ridge
 * (nullable) replaces the spec's event ridge on each (event, offset)
 * column. Leaves the system in w (w->q columns) for resolve_events(). */
static int32_t
solve_spec(const shared_design *d, const accumulator *acc, const regression_spec *s,
           size_t origin, const double *key_ridge, workspace *w, char *errmsg, size_t errsize)
{
    size_t base, p = d->p;
    int32_t fourier, interactions;
    int32_t seen_from = season_seen_from(d, origin);
    select_columns(d, s, acc->varies, acc->bridge, seen_from, 0, 0, w->sel, w->pen, &base);
    if (acc->n_obs < base + 1)
        return text_fail(errmsg, errsize, WFM_EINVAL,
                      "too little history: %zu observed days before day %zu for %zu trend and "
                      "weekday coefficients", acc->n_obs, origin, base);
    fourier_limit(s, acc, base, &fourier, &interactions);
    size_t q = select_columns(d, s, acc->varies, acc->bridge, seen_from, fourier, interactions,
                              w->sel, w->pen, &base);
    w->q = q;
    size_t events = design_event_block(d, s);
    for (size_t r = 0; key_ridge != NULL && r < q; r++) {
        size_t k = design_event_key(d, events, w->sel[r]);
        if (k != SIZE_MAX)
            w->pen[r] = key_ridge[k];
    }
    const double *xty = s->log_scale ? acc->xtlogy : acc->xty;
    for (size_t r = 0; r < q; r++) {
        w->rhs[r] = xty[w->sel[r]];
        for (size_t c = r; c < q; c++) {
            size_t i = w->sel[r], j = w->sel[c]; /* the Gram matrix's upper triangle */
            w->a[r * q + c] = w->a[c * q + r] = i <= j ? acc->gram[i * p + j]
                                                       : acc->gram[j * p + i];
        }
    }
    /* The design's trend is (day − ref) / 365.25, the fit's (day − origin)
     * / 365.25: subtract shift × intercept. */
    if (q > 1 && w->sel[1] == COL_TREND) {
        double shift = ((double)origin - (double)d->ref) / DAYS_PER_YEAR;
        double *a = w->a, a01 = a[1], a00 = a[0];
        for (size_t r = 0; r < q; r++)
            if (r != 1)
                a[q + r] = a[r * q + 1] = a[q + r] - shift * a[r];
        a[q + 1] += shift * (shift * a00 - 2.0 * a01);
        w->rhs[1] -= shift * w->rhs[0];
    }
    for (size_t r = 0; r < q; r++)
        w->a[r * q + r] += w->pen[r] + JITTER;
    fuse_season(d, s, w->sel, q, w->a);
    for (size_t r = 0; r < q; r++)
        w->diag[r] = w->a[r * q + r];
    memcpy(w->rhs0, w->rhs, q * sizeof *w->rhs0);
    return finish_solve(w, q, p, 0, errmsg, errsize);
}

/* Solves the system solve_spec() left, factored (w->factored), with
 * key_ridge[k] in place of the spec's ridge on each (event, offset)
 * column k. Those columns come last (the season's keys sort first), so
 * the factor is redone from the first of them only: the columns before do
 * not see the change. */
static int32_t
resolve_events(const shared_design *d, const regression_spec *s, const double *key_ridge,
               workspace *w, char *errmsg, size_t errsize)
{
    size_t q = w->q, events = design_event_block(d, s), from = q;
    for (size_t r = q; r-- > 0 && design_event_key(d, events, w->sel[r]) != SIZE_MAX;) {
        double ridge = key_ridge[design_event_key(d, events, w->sel[r])];
        w->diag[r] += ridge - w->pen[r];
        w->pen[r] = ridge;
        from = r;
    }
    return finish_solve(w, q, d->p, from, errmsg, errsize);
}

/* Fit one spec on the first `origin` days (the accumulator holds them)
 * and write its forecasts of the `horizon` days after. *ratio is the
 * origin's event noise ratio (see fit_event_noise_ratio()): NaN asks this fit
 * to estimate it (a first solve with the spec's ridge, then the events
 * solved again), and it is set to the estimate, or to −1 when there is
 * none (the spec's ridge then stays for every variant). weekday[0] NaN
 * asks it to estimate the weekly pattern as it is now (fit_weekday_now()),
 * which every variant's forecast of a day without a learned calendar
 * effect is then multiplied by. */
static int32_t
fit_one(const shared_design *d, const accumulator *acc, const regression_spec *s, size_t origin,
        size_t horizon, double level, workspace *w, double *forecast, double *ratio,
        double weekday[7], char *errmsg, size_t errsize)
{
    int32_t st;
    if (isnan(*ratio)) {
        st = solve_spec(d, acc, s, origin, NULL, w, errmsg, errsize);
        double estimate = st == WFM_OK ? fit_event_noise_ratio(d, acc, s, origin, w) : NAN;
        *ratio = isnan(estimate) ? -1.0 : estimate;
        if (!isnan(estimate)) {
            fit_key_ridges(d, acc, s, estimate, w);
            st = w->factored ? resolve_events(d, s, w->key_ridge, w, errmsg, errsize)
                             : solve_spec(d, acc, s, origin, w->key_ridge, w, errmsg, errsize);
        }
    } else if (*ratio >= 0.0) {
        fit_key_ridges(d, acc, s, *ratio, w);
        st = solve_spec(d, acc, s, origin, w->key_ridge, w, errmsg, errsize);
    } else {
        st = solve_spec(d, acc, s, origin, NULL, w, errmsg, errsize);
    }
    if (st != WFM_OK)
        return st;
    if (isnan(weekday[0]))
        fit_weekday_now(d, acc, s, origin, w, weekday);
    size_t events = design_event_block(d, s);
    for (size_t h = 0; h < horizon; h++) {
        size_t day = origin + h;
        double trend = ((double)day - (double)origin) / DAYS_PER_YEAR;
        size_t n = design_row(d, day, trend, level, event_level(d, acc, origin, day), w->col,
                              w->val);
        double f = 0.0;
        for (size_t j = 0; j < n; j++)
            f += w->val[j] * w->b[w->col[j]];
        bool event = false; /* a learned calendar effect (not the season's) */
        for (size_t j = d->day_start[day]; j < d->day_start[day + 1] && !event; j++) {
            size_t key = d->day_keys[j];
            event = d->keys[key].event != SEASON_EVENT && w->b[events + key] != 0.0;
        }
        forecast[h] = s->log_scale ? exp(f) : f;
        if (!event)
            forecast[h] *= weekday[date_weekday(d->first_date + (int32_t)day) - 1];
        if (!isfinite(forecast[h]))
            return text_fail(errmsg, errsize, WFM_ERANGE, "the forecast of day %zu is not finite",
                          day);
    }
    return WFM_OK;
}

/* Over the observed days among the LEVEL_DAYS before day t, t = 0 … n
 * (past only: a row's level never looks at its own day or later, and a
 * forecast holds its origin's):
 * - level[t], their mean over the first such mean; 1 until LEVEL_MIN_DAYS
 *   days before t are observed, and where a mean is not > 0. A year's
 *   window holds every weekday and season equally often, so the level
 *   moves with growth, not with the calendar;
 * - factor[t·7 + w − 1], w = 1 (Monday) … 7, the mean of their weekday-w
 *   days over their mean; 1 until LEVEL_MIN_DAYS days,
 *   WEEKDAY_FACTOR_MIN_DAYS of that weekday and a positive mean are
 *   there.
 * One window slides for both. */
#define LEVEL_DAYS 364
#define LEVEL_MIN_DAYS 28
#define WEEKDAY_FACTOR_MIN_DAYS 4
static void
trailing_levels(const double *y, size_t n, int32_t first_date, double *level, double *factor)
{
    double sum[7] = { 0.0 }, all = 0.0, ref = 0.0;
    size_t count[7] = { 0 }, all_count = 0;
    for (size_t t = 0; t <= n; t++) {
        if (t > 0 && !isnan(y[t - 1])) {
            int32_t w = date_weekday(first_date + (int32_t)(t - 1)) - 1;
            sum[w] += y[t - 1], count[w]++, all += y[t - 1], all_count++;
        }
        if (t > LEVEL_DAYS && !isnan(y[t - 1 - LEVEL_DAYS])) {
            int32_t w = date_weekday(first_date + (int32_t)(t - 1 - LEVEL_DAYS)) - 1;
            sum[w] -= y[t - 1 - LEVEL_DAYS], count[w]--;
            all -= y[t - 1 - LEVEL_DAYS], all_count--;
        }
        double mean = all_count >= LEVEL_MIN_DAYS ? all / (double)all_count : 0.0;
        if (ref == 0.0 && mean > 0.0)
            ref = mean;
        level[t] = ref > 0.0 && mean > 0.0 ? mean / ref : 1.0;
        for (int32_t w = 0; w < 7; w++) {
            double f = mean > 0.0 && count[w] >= WEEKDAY_FACTOR_MIN_DAYS
                           ? sum[w] / (double)count[w] / mean
                           : 1.0;
            factor[t * 7 + (size_t)w] = f > 0.0 ? f : 1.0;
        }
    }
}

static bool
valid_spec(const regression_spec *s)
{
    return s->fourier_order >= 0 && s->fourier_order <= 40 && s->event_spill >= 0 &&
           s->event_spill <= 7 && s->weekday_fourier >= 0 &&
           s->weekday_fourier <= s->fourier_order && s->event_ridge >= 0 &&
           s->event_weekend_ridge >= 0 && s->interaction_ridge >= 0;
}

/* Each spec's forecasts from each origin, forecasts[(s × n_origins + k) ×
 * horizon + h]; closed (nullable) marks the days the business was shut,
 * which, unlike the other unobserved days, the season does not bridge.
 * Specs on the log scale are left out (used[s] false) when
 * an observed day before the last origin is <= 0; if that leaves none, the
 * call fails. With several specs, a spec whose forecast from an origin
 * overflows gets NaN rows there instead of failing the call, unless every
 * spec's does (WFM_ERANGE). */
static int32_t
regression_run(const double *y, const uint8_t *closed, size_t n, int32_t first_date,
               const size_t *origins, size_t n_origins, size_t horizon,
               const regression_spec *specs, size_t n_specs, const wfm_calendar_days *events,
               double *forecasts, bool *used, char *errmsg, size_t errsize)
{
    if ((y == NULL && n > 0) || origins == NULL || n_origins == 0 || specs == NULL ||
        n_specs == 0 || used == NULL || (forecasts == NULL && horizon > 0))
        return text_fail(errmsg, errsize, WFM_EINVAL, "missing argument");
    for (size_t s = 0; s < n_specs; s++)
        if (!valid_spec(&specs[s]) || specs[s].event_spill != specs[0].event_spill)
            return text_fail(errmsg, errsize, WFM_EINVAL, "invalid regression settings");
    for (size_t k = 0; k < n_origins; k++)
        if (origins[k] < 1 || origins[k] > n || (k > 0 && origins[k] < origins[k - 1]))
            return text_fail(errmsg, errsize, WFM_EINVAL,
                          "origin %zu is %zu: origins must ascend within 1 … %zu", k,
                          origins[k], n);
    size_t last = origins[n_origins - 1];
    if (first_date < WFM_DATE_MIN || horizon > (size_t)(WFM_DATE_MAX - WFM_DATE_MIN) ||
        (int64_t)first_date + (int64_t)last + (int64_t)horizon - 1 > WFM_DATE_MAX)
        return text_fail(errmsg, errsize, WFM_EINVAL, "the dates run past 9999-12-31");
    bool positive = true;
    for (size_t i = 0; i < last; i++) {
        if (isnan(y[i]))
            continue;
        if (!isfinite(y[i]))
            return text_fail(errmsg, errsize, WFM_EINVAL, "day %zu of the history is %g", i, y[i]);
        positive = positive && y[i] > 0.0;
    }
    size_t n_used = 0;
    bool log_used = false;
    for (size_t s = 0; s < n_specs; s++) {
        used[s] = positive || !specs[s].log_scale;
        n_used += used[s];
        log_used = log_used || (used[s] && specs[s].log_scale);
    }
    if (n_used == 0)
        return text_fail(errmsg, errsize, WFM_EINVAL,
                      "the log scale needs volumes > 0, and the history has one <= 0");

    shared_design d;
    int32_t st = design_build(&d, specs, n_specs, first_date, last + horizon, last, events);
    size_t p = d.p;
    accumulator acc = { .p = p };
    workspace w = { 0 };
    double *level = NULL, *weekday_factor = NULL;
    if (st == WFM_OK) {
        acc.gram = calloc(p * p, sizeof *acc.gram);
        acc.xty = calloc(p, sizeof *acc.xty);
        acc.xtlogy = log_used ? calloc(p, sizeof *acc.xtlogy) : NULL;
        acc.first = calloc(p, sizeof *acc.first);
        acc.first_col = malloc(p * sizeof *acc.first_col);
        acc.varies = calloc(p, sizeof *acc.varies);
        acc.dense = calloc(p, sizeof *acc.dense);
        w.a = malloc(p * p * sizeof *w.a);
        w.rhs = malloc(p * sizeof *w.rhs);
        w.pen = malloc(p * sizeof *w.pen);
        w.b = malloc(p * sizeof *w.b);
        w.val = malloc(p * sizeof *w.val);
        w.col = malloc(p * sizeof *w.col);
        w.sel = malloc(p * sizeof *w.sel);
        w.perm = malloc(p * sizeof *w.perm);
        w.diag = malloc(p * sizeof *w.diag);
        w.rhs0 = malloc(p * sizeof *w.rhs0);
        size_t event_days = 0, event_room = 0;
        for (size_t i = 0; i < last; i++)
            if (d.day_start[i + 1] > d.day_start[i]) {
                event_days++;
                event_room += design_row_room(&d, i);
            }
        acc.event_day = malloc((event_days + 1) * sizeof *acc.event_day);
        acc.event_start = calloc(event_days + 1, sizeof *acc.event_start);
        acc.event_col = malloc((event_room + 1) * sizeof *acc.event_col);
        acc.event_val = malloc((event_room + 1) * sizeof *acc.event_val);
        w.key_stats = malloc((3 * d.n_keys + 1) * sizeof *w.key_stats);
        w.key_ridge = malloc((d.n_keys + 1) * sizeof *w.key_ridge);
        level = malloc((last + 1) * sizeof *level);
        weekday_factor = malloc((last + 1) * 7 * sizeof *weekday_factor);
        if (acc.gram == NULL || acc.xty == NULL || (log_used && acc.xtlogy == NULL) ||
            acc.first == NULL || acc.first_col == NULL || acc.varies == NULL ||
            acc.dense == NULL || w.a == NULL ||
            w.rhs == NULL || w.pen == NULL || w.b == NULL || w.val == NULL || w.col == NULL ||
            w.sel == NULL || w.perm == NULL || w.diag == NULL || w.rhs0 == NULL ||
            w.key_stats == NULL || acc.event_day == NULL || acc.event_start == NULL ||
            acc.event_col == NULL || acc.event_val == NULL || weekday_factor == NULL ||
            w.key_ridge == NULL || level == NULL)
            st = WFM_ENOMEM;
        else {
            trailing_levels(y, last, first_date, level, weekday_factor);
        }
        acc.y = y, acc.level = level, acc.weekday_factor = weekday_factor;
    }
    if (st == WFM_ENOMEM)
        text_fail(errmsg, errsize, st, "out of memory");
    else if (st != WFM_OK)
        text_fail(errmsg, errsize, st, "the calendar expansion cannot be read");
    /* The season's days the history misses (not closed: a gap, a day left
     * out as an outlier) keep their columns, which the season's fusion
     * fills from their neighbours: with one past season such a day had no
     * column, and the same day a year on no season effect (a synthetic
     * retailer's three days of outage last December: −7, −30 and −31 %
     * this December, −0.8, −2.8 and −2.7 % bridged). A closed day is not
     * bridged: Christmas Eve and Boxing Day are not each other's. */
    bool *bridge = NULL;
    if (st == WFM_OK && closed != NULL) {
        bridge = calloc(p, sizeof *bridge);
        if (bridge == NULL)
            st = text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
        for (size_t day = 0; bridge != NULL && day < last; day++) {
            if (!isnan(y[day]) || closed[day] || d.day_start[day + 1] == d.day_start[day])
                continue;
            size_t m = design_row(&d, day, 0.0, level[day], event_level(&d, &acc, day, day),
                                  w.col, w.val);
            for (size_t j = 0; j < m; j++)
                bridge[w.col[j]] = bridge[w.col[j]] || design_season_column(&d, w.col[j]);
        }
        acc.bridge = bridge;
    }
    /* Add the days in time order; fit at each origin on the way. */
    size_t k = 0;
    for (size_t day = 0; st == WFM_OK && k < n_origins; day++) {
        for (; st == WFM_OK && k < n_origins && origins[k] == day; k++) {
            size_t answered = 0;
            /* Estimated by the first variant fitted: */
            double ratio = NAN, weekday[7] = { NAN };
            for (size_t s = 0; st == WFM_OK && s < n_specs; s++) {
                if (!used[s])
                    continue;
                double *out = horizon ? forecasts + (s * n_origins + k) * horizon : NULL;
                st = fit_one(&d, &acc, &specs[s], day, horizon, level[day], &w, out, &ratio,
                             weekday, errmsg, errsize);
                if (st == WFM_ERANGE && n_specs > 1) { /* this variant has no answer here */
                    for (size_t h = 0; h < horizon; h++)
                        out[h] = NAN;
                    st = WFM_OK;
                } else {
                    answered++;
                }
            }
            if (st == WFM_OK && answered == 0)
                st = text_fail(errmsg, errsize, WFM_ERANGE,
                               "no variant's forecast from day %zu is finite", day);
        }
        if (st != WFM_OK || k == n_origins || isnan(y[day]))
            continue;
        size_t m = design_row(&d, day, ((double)day - (double)d.ref) / DAYS_PER_YEAR,
                              level[day], event_level(&d, &acc, day, day), w.col, w.val);
        accumulate(&acc, day, y[day], w.col, w.val, m);
        if (d.day_start[day + 1] > d.day_start[day])
            keep_event_row(&acc, day, w.col, w.val, m);
    }
    free(bridge);
    free(acc.gram);
    free(acc.xty);
    free(acc.xtlogy);
    free(acc.first);
    free(acc.first_col);
    free(acc.varies);
    free(acc.dense);
    free(acc.event_day);
    free(acc.event_start);
    free(acc.event_col);
    free(acc.event_val);
    free(w.a);
    free(w.rhs);
    free(w.pen);
    free(w.b);
    free(w.val);
    free(w.col);
    free(w.sel);
    free(w.perm);
    free(w.diag);
    free(w.rhs0);
    free(w.key_stats);
    free(w.key_ridge);
    free(level);
    free(weekday_factor);
    design_free(&d);
    return st;
}

int32_t
regression_forecast(const double *y, size_t n_train, int32_t first_date, size_t horizon,
                    const regression_spec *spec, const wfm_calendar_days *events,
                    double *forecast, char *errmsg, size_t errsize)
{
    bool used;
    if (spec == NULL)
        return text_fail(errmsg, errsize, WFM_EINVAL, "missing argument");
    if (n_train == 0)
        return text_fail(errmsg, errsize, WFM_EINVAL, "too little history: no days");
    return regression_run(y, NULL, n_train, first_date, &n_train, 1, horizon, spec, 1, events,
                          forecast, &used, errmsg, errsize);
}

int32_t
daily_ensemble_variants(const double *y, const uint8_t *closed, size_t n, int32_t first_date,
                        const size_t *origins, size_t n_origins, size_t horizon,
                        const wfm_calendar_days *events, double *forecasts,
                        bool used[DAILY_ENSEMBLE_SIZE], char *errmsg, size_t errsize)
{
    return regression_run(y, closed, n, first_date, origins, n_origins, horizon, daily_ensemble,
                          DAILY_ENSEMBLE_SIZE, events, forecasts, used, errmsg, errsize);
}

void
daily_ensemble_combine(const double *variants, const bool used[DAILY_ENSEMBLE_SIZE],
                       size_t rows, double *out)
{
    for (size_t i = 0; i < rows; i++) {
        double sum = 0.0;
        size_t n = 0;
        for (size_t v = 0; v < DAILY_ENSEMBLE_SIZE; v++)
            if (used[v] && !isnan(variants[v * rows + i]))
                sum += variants[v * rows + i], n++;
        out[i] = n ? sum / (double)n : NAN;
    }
}
