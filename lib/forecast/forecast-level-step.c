/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A level that stepped: a history whose volume moved up or down for good
 * (a lockdown that stayed, a client won or lost, a channel moved) is
 * re-expressed at its current level before any model sees it. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "forecast-median-private.h"
#include "forecast-private.h"
#include "forecast-training-private.h"
#include "wfm/status.h"

/* A step in level at day τ shows in the year-on-year ratios of the days
 * (each day over the same weekday 52 weeks before) as a pulse: ratios
 * shifted by the step for the 364 days from τ, as usual before and after,
 * whatever the growth. The regression instead spread a step over its
 * trend: the synthetic retailer (tools/forecast-research/retail_peers.py)
 * with ×0.75 from 7 months before the history's end was forecast 21-24 %
 * WAPE for Nov-Jan, against 8-10 % for the gradient-boosted trees of
 * PEERS.md, which measure each origin's level; a ×1.4 step 4 months
 * before, 17-19 % against 13-17 %.
 *
 * So the most distinct pulse of the ratios is found by their means among
 * steps every week where the level itself moves (level_moves()), then to
 * the day, its size taken as the median ratio in it over the median
 * outside it, and the history before τ scaled by that size, for every
 * model (the regression, recent weeks, the intraday shapes and the
 * backtests then see one level). A step needs STEP_MIN_DAYS of ratios in
 * and out of its pulse, a size of STEP_RATIO at least, and every
 * STEP_BLOCK days of its pulse with a median at least half that size away
 * on the same side: a surge that passed, a stronger Christmas or a noisy
 * month does not qualify.
 * Event days and the Christmas season's are not compared (their size moves
 * from year to year by itself). NYC EMS's largest year-on-year move over
 * months is ×1.12 (January-August 2015), and did not last. */
enum { STEP_LAG = 364, STEP_MIN_DAYS = 56, STEP_BLOCK = 28, STEP_CANDIDATE_EVERY = 7 };
#define STEP_RATIO 1.2
/* A day's ratio counts in the means at most ×3 either way (a day that
 * far from its last year's self is an outlier, not a level). */
#define STEP_CLIP 1.0986122886681098

/* The median of the non-NaN values of r[from, to), via scratch; NaN when
 * there are fewer than `least`. */
static double
median_between(const double *r, size_t from, size_t to, size_t least, double *scratch)
{
    size_t n = 0;
    for (size_t d = from; d < to; d++)
        if (!isnan(r[d]))
            scratch[n++] = r[d];
    return n < least || n == 0 ? NAN : forecast_median(scratch, n);
}

/* The median of r outside [from, to) within [STEP_LAG, n). */
static double
median_outside(const double *r, size_t n, size_t from, size_t to, double *scratch)
{
    size_t c = 0;
    for (size_t d = STEP_LAG; d < n; d++)
        if ((d < from || d >= to) && !isnan(r[d]))
            scratch[c++] = r[d];
    return c < STEP_MIN_DAYS ? NAN : forecast_median(scratch, c);
}

/* Whether every whole STEP_BLOCK of the pulse [from, to) (and a last part
 * block of half as many days) has a median at least half of STEP_RATIO
 * away from `outside` on the side of `step`. */
static bool
every_block_departs(const double *r, size_t from, size_t to, double outside, double step,
                    double *scratch)
{
    double half = 0.5 * log(STEP_RATIO);
    for (size_t b = from; b + STEP_BLOCK / 2 <= to; b += STEP_BLOCK) {
        size_t end = b + STEP_BLOCK < to ? b + STEP_BLOCK : to;
        double m = median_between(r, b, end, 1, scratch);
        if (isnan(m))
            continue;
        if ((m - outside) * (step > 0.0 ? 1.0 : -1.0) < half)
            return false;
    }
    return true;
}

/* The days [from, to) of the ratios a step on day `at` moves: the year
 * from it, within the ratios' days [STEP_LAG, n). */
static void
pulse_of(size_t at, size_t n, size_t *from, size_t *to)
{
    *from = at > STEP_LAG ? at : STEP_LAG;
    *to = at + STEP_LAG < n ? at + STEP_LAG : n;
}

/* The mean ratio in the pulse of a step on day `at` less the mean of the
 * other ratios (from their prefix sums and counts); NaN with fewer than
 * STEP_MIN_DAYS ratios on either side. */
static double
pulse_gap(const double *sum, const double *count, size_t n, size_t at)
{
    size_t from, to;
    pulse_of(at, n, &from, &to);
    if (from >= to)
        return NAN;
    double in = count[to] - count[from], out = count[n] - count[STEP_LAG] - in;
    if (in < STEP_MIN_DAYS || out < STEP_MIN_DAYS)
        return NAN;
    return (sum[to] - sum[from]) / in - (sum[n] - sum[STEP_LAG] - (sum[to] - sum[from])) / out;
}

/* log(day d's total over day d − back's), or NaN when either is not
 * `plain` (a calendar day or one of the Christmas season's, whose size
 * moves by itself) or has no volume. */
static double
log_ratio(const training *t, const uint8_t *plain, size_t d, size_t back)
{
    if (d < back || !plain[d] || !plain[d - back] || !(t->total[d] > 0.0) ||
        !(t->total[d - back] > 0.0))
        return NAN;
    return log(t->total[d] / t->total[d - back]);
}

/* Whether the level itself moves on day `at` as a step of `gap` (log)
 * would: the median over the STEP_BLOCK days from `at` of each day over
 * the same weekday STEP_BLOCK days before is at least half of it on its
 * side. The ratios alone cannot tell a step down in a history's second
 * year from a step up in its first (the year-on-year ratios of two years
 * show one change either way); the level can. */
static bool
level_moves(const training *t, const uint8_t *plain, size_t at, double gap, double *scratch)
{
    size_t c = 0;
    for (size_t d = at; d < at + STEP_BLOCK && d < t->n; d++) {
        double x = log_ratio(t, plain, d, STEP_BLOCK);
        if (!isnan(x))
            scratch[c++] = x;
    }
    if (2 * c < STEP_BLOCK)
        return false;
    return forecast_median(scratch, c) * (gap > 0.0 ? 1.0 : -1.0) >= 0.5 * fabs(gap);
}

int32_t
training_follow_level_step(training *t, const uint8_t *event_day)
{
    size_t n = t->n, per_day = (size_t)t->per_day;
    if (n < STEP_LAG + 2 * STEP_MIN_DAYS)
        return WFM_OK;
    double *r = malloc(n * sizeof *r), *scratch = malloc(n * sizeof *scratch);
    double *sum = malloc((n + 1) * sizeof *sum), *count = malloc((n + 1) * sizeof *count);
    uint8_t *plain = malloc(n);
    if (r == NULL || scratch == NULL || sum == NULL || count == NULL || plain == NULL) {
        free(r);
        free(scratch);
        free(sum);
        free(count);
        free(plain);
        return WFM_ENOMEM;
    }
    for (size_t d = 0; d < n; d++)
        plain[d] = !event_day[d] && t->season_day[d] < 0;
    sum[0] = count[0] = 0.0;
    for (size_t d = 0; d < n; d++) {
        double x = log_ratio(t, plain, d, STEP_LAG);
        r[d] = isnan(x) ? NAN : fmax(-STEP_CLIP, fmin(STEP_CLIP, x));
        sum[d + 1] = sum[d] + (isnan(r[d]) ? 0.0 : r[d]);
        count[d + 1] = count[d] + !isnan(r[d]);
    }
    /* The candidate whose pulse's mean is furthest from the other days',
     * weekly and then to the day around the widest, confirmed by medians
     * and blocks. */
    double widest = 0.0;
    size_t at_widest = 0;
    for (size_t at = STEP_MIN_DAYS; at + STEP_MIN_DAYS <= n; at += STEP_CANDIDATE_EVERY) {
        double gap = pulse_gap(sum, count, n, at);
        if (fabs(gap) > fabs(widest) && /* false for NaN */
            level_moves(t, plain, at, gap, scratch))
            widest = gap, at_widest = at;
    }
    size_t around = at_widest;
    for (size_t at = around > STEP_CANDIDATE_EVERY ? around - STEP_CANDIDATE_EVERY + 1 : 1;
         widest != 0.0 && at < around + STEP_CANDIDATE_EVERY && at < n; at++) {
        double gap = pulse_gap(sum, count, n, at);
        if (fabs(gap) > fabs(widest))
            widest = gap, at_widest = at;
    }
    double best = 0.0;
    size_t best_at = at_widest;
    if (fabs(widest) >= log(STEP_RATIO)) {
        size_t from, to;
        pulse_of(best_at, n, &from, &to);
        double outside = median_outside(r, n, from, to, scratch);
        double step = median_between(r, from, to, STEP_MIN_DAYS, scratch) - outside;
        if (!isnan(step) && fabs(step) >= log(STEP_RATIO) &&
            every_block_departs(r, from, to, outside, step, scratch))
            best = step;
    }
    if (best != 0.0) {
        double factor = exp(best);
        t->level_step_date = t->first + (int32_t)best_at;
        t->level_step_factor = factor;
        for (size_t d = 0; d < best_at; d++) {
            t->total[d] *= factor;
            for (size_t j = 0; j < per_day; j++)
                t->cells[d * per_day + j] *= factor;
        }
    }
    free(r);
    free(scratch);
    free(sum);
    free(count);
    free(plain);
    return WFM_OK;
}
