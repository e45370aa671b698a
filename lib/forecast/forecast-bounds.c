/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prediction bounds calibrated on the method's own backtest errors. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "forecast-engine-private.h"
#include "wfm/status.h"

/* Horizon buckets (days after the origin): the first week, the rest of
 * the first four weeks, the rest of the first quarter, of the first half
 * year, later. */
static int
bucket_of(int32_t horizon_day)
{
    static const int32_t last_day[BOUNDS_BUCKETS - 1] = { 7, 28, 91, 182 };
    int b = 0;
    while (b < BOUNDS_BUCKETS - 1 && horizon_day > last_day[b])
        b++;
    return b;
}

static double
spread(double kappa, double forecast)
{
    return sqrt(forecast + kappa * forecast * forecast);
}

/* Reorders z[0..n) so that z[k] is its k-th smallest value, none before
 * it larger and none after it smaller (Hoare's selection, median-of-three
 * pivots): linear time, where sorting the tens of thousands of backtest
 * errors of an intraday forecast dominated a run. */
static void
select_kth(double *z, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double a = z[lo], b = z[mid], c = z[hi];
        double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (z[i] < pivot)
                i++;
            while (z[j] > pivot)
                j--;
            if (i <= j) {
                double t = z[i];
                z[i] = z[j], z[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The q-quantile of z[0..n), n >= 1 (reordered here), interpolated between
 * order statistics. */
static double
quantile(double *z, size_t n, double q)
{
    double at = q * (double)(n - 1);
    size_t i = (size_t)floor(at);
    select_kth(z, n, i);
    if (i + 1 >= n)
        return z[i];
    double next = z[i + 1];
    for (size_t k = i + 2; k < n; k++)
        next = fmin(next, z[k]);
    return z[i] + (at - (double)i) * (next - z[i]);
}

/* The lower and upper quantiles of z[0..n) (reordered here). When both lie
 * on one side of 0 — every backtest erred the same way, as forecasts from
 * much shorter training than the real one can — an interval between them
 * would exclude the point forecast, and clamping it there would leave no
 * width: the interval becomes ±(the quantile of |z| at the interval's
 * coverage) instead, as wide as the errors say and holding the point. */
static void
straddling_quantiles(double *z, size_t n, double lower_quantile, double upper_quantile,
                     double *lower, double *upper)
{
    *lower = quantile(z, n, lower_quantile);
    *upper = quantile(z, n, upper_quantile);
    if (*lower <= 0.0 && *upper >= 0.0)
        return;
    for (size_t i = 0; i < n; i++)
        z[i] = fabs(z[i]);
    double half = quantile(z, n, upper_quantile - lower_quantile);
    *lower = -half, *upper = half;
}

/* Too few backtest points to learn from: Poisson noise plus a 10 % error. */
static void
fallback(double lower_quantile, double upper_quantile, bounds_model *m)
{
    m->kappa = 0.01;
    for (int kind = 0; kind < 2; kind++)
        m->kind_lower[kind] = m->kind_upper[kind] = 1.0;
    for (int b = 0; b < BOUNDS_BUCKETS; b++) {
        m->z_lower[b] = gsl_cdf_ugaussian_Pinv(lower_quantile);
        m->z_upper[b] = gsl_cdf_ugaussian_Pinv(upper_quantile);
    }
    for (size_t j = 0; j < BOUNDS_MAX_SLOTS; j++)
        m->slot[j] = 1.0;
}

/* Fewer backtest points than MIN_POINTS learn nothing; the season's and
 * the ordinary days' own quantiles also need SEASON_MIN_DAYS distinct days
 * each (every weekday twice), and a horizon bucket's MIN_BUCKET_DAYS
 * independent ones (see bounds_fit()). */
enum { MIN_POINTS = 20, SEASON_MIN_DAYS = 14, MIN_BUCKET_DAYS = 3 };

static bool
usable(const backtest_points *p, size_t i)
{
    return !isnan(p->actual[i]) && p->forecast[i] > 0.0;
}

/* The groups of backtest points whose errors are summarised: each horizon
 * bucket, all of them pooled, the days of the Christmas season and the
 * others.
 *
 * A season's errors are not an ordinary week's: a retailer's peak comes
 * from effects learned from a few past seasons, and NYC EMS misses its
 * holidays' days downward. Pooled with the rest, the season's backtests
 * (the same dates in past years) set one spread for both, and each kind
 * was covered as its share of the errors allowed: the synthetic retailer
 * (tools/forecast-research, 4 years, 5 seeds, 80 % bounds) held 0.70-0.75
 * of its ramp and post-Christmas days. So each day's quantiles are scaled
 * by its kind's over the pooled ones (each widened for its own days), the
 * horizon buckets kept. Measured: the synthetic retailer's Nov-Jan
 * 0.74-0.76 → 0.78-0.81 (ramp 0.72-0.75 → 0.81-0.85, after Christmas
 * 0.69-0.72 → 0.74-0.78; 1-12 November 0.73-0.78 → 0.70-0.73); PEERS.md
 * lead time 0.86 → 0.82, NYC EMS from 1 December 0.82 → 0.80, Nov-Dec
 * 0.84; rolling origins (NYC EMS) 0.779 → 0.778, 0.787 → 0.785, with the
 * lead 0.771 → 0.769. Brute force (tests/test-forecast-bounds.c): season
 * days at 8 % and ordinary ones at 2 %, held 0.48 and 0.99 pooled, 0.81
 * and 0.80 now.
 *
 * The season's backtests say how much wider its errors are, not which way
 * this forecast will miss: they forecast past seasons from shorter
 * histories, which knew fewer seasons, and erred the way those fits did.
 * NYC EMS from 1 November 2014 had its past seasons' errors lean low (10 %
 * and 90 % quantiles −1.58 and +0.92 spreads, the ordinary days' −0.97
 * and +1.53), and its season days' bounds, copying that lean, were missed
 * 5 times below and 20 above in 196 (2014-2017). So a season day's
 * interval is the ordinary days' (their lean is the recent backtests',
 * trained as this forecast is) widened on both sides by the season's width
 * (lower to upper quantile, each widened for its own days) over theirs.
 * Measured: NYC EMS season days 0.872 → 0.821, missed 21 times below and
 * 14 above; PEERS.md Nov-Dec 0.852 → 0.811, lead time 0.839 → 0.819,
 * 2016-12-01 0.80 → 0.82; rolling origins (NYC EMS) 0.777 → 0.778, 0.785
 * → 0.784, lead 0.769 → 0.772; the synthetic retailer's ramp 0.805 →
 * 0.810-0.826, after Christmas 0.752 → 0.762. Brute force: past seasons'
 * backtests leaning ±6 % (fresh season days not) held 0.69-0.70 of fresh
 * season days, 0.82 now. */
enum {
    POOLED = BOUNDS_BUCKETS,
    SEASON = BOUNDS_BUCKETS + 1,
    ORDINARY = BOUNDS_BUCKETS + 2,
    GROUPS = BOUNDS_BUCKETS + 3
};

static bool
season_day(const backtest_points *p, size_t i)
{
    return p->season != NULL && p->season[i / p->per_day];
}

/* Whether a point of bucket and kind `bits` (bucket | 8 for a season
 * day) counts in group g (a bucket, POOLED, SEASON or ORDINARY). */
static bool
in_group(uint8_t bits, int g)
{
    if (g == POOLED)
        return true;
    if (g == SEASON || g == ORDINARY)
        return (bits >= 8) == (g == SEASON);
    return (bits & 7) == g;
}

/* r[d] = the relative error (A − F) / F of day d (points
 * [d·per_day, (d + 1)·per_day)) over its cells with an actual; NaN if
 * their forecast is not above 0. */
static void
day_errors(const backtest_points *p, double *r)
{
    for (size_t d = 0; d < p->n / p->per_day; d++) {
        double a = 0.0, f = 0.0;
        for (size_t i = d * p->per_day; i < (d + 1) * p->per_day; i++)
            if (!isnan(p->actual[i]))
                a += p->actual[i], f += p->forecast[i];
        r[d] = f > 0.0 ? (a - f) / f : NAN;
    }
}

/* The lag-1 autocorrelation of the days' relative errors @p r over pairs
 * of consecutive days of one backtest, clamped to [0, 0.95]. */
static double
day_autocorrelation(const backtest_points *p, const double *r)
{
    double sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0, pairs = 0.0;
    for (size_t d = 1; d < p->n / p->per_day; d++) {
        if (p->day[d] != p->day[d - 1] + 1 || p->horizon_day[d] != p->horizon_day[d - 1] + 1)
            continue;
        double x = r[d - 1], y = r[d];
        if (isnan(x) || isnan(y))
            continue;
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y, pairs += 1.0;
    }
    if (pairs < 3.0)
        return 0.0;
    double cx = sxx - sx * sx / pairs, cy = syy - sy * sy / pairs, cxy = sxy - sx * sy / pairs;
    double phi = cx > 0.0 && cy > 0.0 ? cxy / sqrt(cx * cy) : 0.0;
    return fmin(0.95, fmax(0.0, phi));
}

/* Per group: the distinct days scored, and the squared errors, whole and
 * of their day-level part. */
typedef struct {
    double days, day_part, whole;
} day_level;

static void
day_level_stats(const backtest_points *p, const double *r, uint8_t *seen, int32_t first_day,
                day_level stats[GROUPS])
{
    memset(stats, 0, GROUPS * sizeof *stats);
    for (size_t i = 0; i < p->n; i++) {
        if (!usable(p, i))
            continue;
        size_t d = i / p->per_day;
        double e = p->actual[i] - p->forecast[i], shared = r[d] * p->forecast[i];
        double part = isnan(shared) ? e * e : shared * shared;
        size_t at = (size_t)(p->day[d] - first_day);
        int group[3] = { bucket_of(p->horizon_day[d]), POOLED,
                         season_day(p, i) ? SEASON : ORDINARY };
        for (int k = 0; k < 3; k++) {
            uint8_t bit = (uint8_t)(1u << group[k]);
            day_level *x = &stats[group[k]];
            x->whole += e * e;
            x->day_part += part;
            x->days += !(seen[at] & bit);
            seen[at] |= bit;
        }
    }
}

/* How much the quantiles of a group of backtest points are widened.
 *
 * The backtests are few forecasts of few weeks: a dozen origins a day or a
 * week apart score much the same days, and the days' levels (the part of
 * an error every interval of a day shares) wander slowly. Quantiles of a
 * handful of independent day levels are too narrow for the next ones
 * (forecast-rolling, open cells: NA bank 0.70, the online retailer's days
 * 0.57-0.63, against 0.80 wanted). So the day-level part of the error is
 * widened as a prediction interval from n independent normal draws is,
 * by t(n−1, q)·sqrt(1 + 1/n) / z(q), with n the distinct days scored
 * reduced by their lag-1 autocorrelation φ to n(1 − φ)/(1 + φ) (an AR(1)
 * series' effective sample size); the interval noise within a day is left
 * alone. The day-level share ρ of the squared errors is that of the
 * points' day error times their forecast; the factor on z is
 * sqrt(ρ·w² + 1 − ρ) (daily data: ρ = 1). From rolling origins
 * (bench/forecast-rolling, open cells): NA bank 0.70 → 0.86, the online
 * retailer's hours 0.77 → 0.78, its days 0.63 → 0.68 (28 days ahead) and
 * 0.57 → 0.60 (61: its level jumps between seasons more than any
 * backtest shows), NYC EMS 0.77 → 0.78 and 0.78 → 0.79. Synthetic day
 * errors (tests/test-forecast-bounds.c): 28 days drifting as an AR(1)
 * with φ = 0.7, 0.73 → 0.80; 7 independent days 0.76 → 0.83. */
static double
effective_days(const day_level *x, double phi)
{
    return x->days * (1.0 - phi) / (1.0 + phi);
}

static double
widening(const day_level *x, double phi, double quantile)
{
    double rho = x->whole > 0.0 ? fmin(1.0, x->day_part / x->whole) : 1.0;
    double n = fmax(2.0, effective_days(x, phi));
    double z = gsl_cdf_ugaussian_Pinv(quantile);
    double t = fabs(z) > 1e-6 ? gsl_cdf_tdist_Pinv(quantile, n - 1.0) / z : 1.0;
    double w = t * sqrt(1.0 + 1.0 / n);
    return sqrt(rho * w * w + 1.0 - rho);
}

/* How wide each interval of the day's bounds are next to the others'.
 *
 * An interval's error is not a fixed share of its spread s(F) through the
 * day: the hours the centre opens and closes move from day to day, and
 * what a day's shape puts there misses by more than at midday. With one
 * set of quantiles for all intervals, the 80 % bounds of the NA bank held
 * 0.60 of its 07:00 cells and 0.88 of its 16:00 ones (rolling origins
 * every 14 days of 2003, 14 days ahead). So slot[j] is the mean
 * |scaled error| of interval j over that of every interval, pooled over
 * the intervals an hour either side (a 5-minute interval has too few
 * backtest points of its own to say), and each point's scaled error is
 * divided by it before the quantiles are taken; bounds_apply() multiplies
 * it back. 1 for a daily series, and for an interval with fewer than
 * MIN_POINTS points an hour around it. Rolling origins, the mean over
 * intervals of |coverage − 0.80| (tools/forecast-research/
 * interval_coverage.py, the runs in NEWS.md): NA bank
 * 0.046 → 0.030 (30-minute) and 0.073 → 0.062 (5-minute), Anonymous Bank
 * 0.051 → 0.037 (30-minute) and 0.041 → 0.033 (6-minute), the online
 * retailer 0.056 → 0.047 (hours) and 0.037 → 0.034 (30 minutes), NYC EMS
 * hourly 0.035 → 0.015; coverage over all intervals within 0.01 of what
 * it was. Per weekday for daily series, noisier (a seventh of the points
 * each), it lowered the coverage of rolling origins by 0.01-0.03 and was
 * not kept. */
static void
slot_factors(const backtest_points *p, double *scaled, size_t used, double slot[BOUNDS_MAX_SLOTS])
{
    size_t per_day = p->per_day;
    for (size_t j = 0; j < BOUNDS_MAX_SLOTS; j++)
        slot[j] = 1.0;
    if (per_day == 1)
        return;
    double sum[BOUNDS_MAX_SLOTS] = { 0.0 }, count[BOUNDS_MAX_SLOTS] = { 0.0 }, all = 0.0;
    for (size_t i = 0, j = 0; i < p->n; i++)
        if (usable(p, i)) {
            sum[i % per_day] += fabs(scaled[j]);
            count[i % per_day] += 1.0;
            all += fabs(scaled[j++]);
        }
    all /= (double)used;
    size_t hour = per_day / 24;
    for (size_t j = 0; j < per_day; j++) {
        double s = 0.0, c = 0.0;
        for (size_t k = j >= hour ? j - hour : 0; k <= j + hour && k < per_day; k++)
            s += sum[k], c += count[k];
        slot[j] = c >= MIN_POINTS && all > 0.0 && s > 0.0 ? s / c / all : 1.0;
    }
    for (size_t i = 0, j = 0; i < p->n; i++)
        if (usable(p, i))
            scaled[j++] /= slot[i % per_day];
}

int32_t
bounds_fit(const backtest_points *p, double lower_quantile, double upper_quantile,
           bounds_model *m)
{
    double squared = 0.0, sum_f = 0.0, sum_f2 = 0.0;
    size_t used = 0;
    int32_t first_day = INT32_MAX, last_day = INT32_MIN;
    for (size_t i = 0; i < p->n; i++) {
        if (!usable(p, i))
            continue;
        double e = p->actual[i] - p->forecast[i];
        squared += e * e;
        sum_f += p->forecast[i];
        sum_f2 += p->forecast[i] * p->forecast[i];
        int32_t day = p->day[i / p->per_day];
        first_day = day < first_day ? day : first_day;
        last_day = day > last_day ? day : last_day;
        used++;
    }
    if (used < MIN_POINTS) {
        fallback(lower_quantile, upper_quantile, m);
        return WFM_OK;
    }
    m->kappa = fmax(0.0, (squared - sum_f) / sum_f2);
    size_t span = (size_t)((int64_t)last_day - first_day + 1);
    double *z = malloc(used * sizeof *z), *scaled = malloc(used * sizeof *scaled);
    double *r = malloc((p->n / p->per_day) * sizeof *r);
    uint8_t *seen = calloc(span, 1), *groups = malloc(used);
    if (z == NULL || scaled == NULL || r == NULL || seen == NULL || groups == NULL) {
        free(z);
        free(scaled);
        free(r);
        free(seen);
        free(groups);
        return WFM_ENOMEM;
    }
    /* Each usable point's scaled error, and its bucket and kind (bit 3:
     * a season day), computed once for every group. */
    for (size_t i = 0, j = 0; i < p->n; i++)
        if (usable(p, i)) {
            scaled[j] = (p->actual[i] - p->forecast[i]) / spread(m->kappa, p->forecast[i]);
            groups[j++] = (uint8_t)(bucket_of(p->horizon_day[i / p->per_day]) |
                                    (season_day(p, i) ? 8 : 0));
        }
    slot_factors(p, scaled, used, m->slot);
    day_errors(p, r);
    double phi = day_autocorrelation(p, r);
    day_level stats[GROUPS];
    day_level_stats(p, r, seen, first_day, stats);
    /* The pooled quantiles first, then the season's and the ordinary
     * days', then each bucket's. A thin bucket takes the nearest shorter
     * horizon's quantiles, or the pooled ones when no shorter bucket has
     * enough points (a forecast made with a lead is only scored at its
     * lead). A bucket is thin with fewer than MIN_POINTS points or when
     * its days are worth fewer than 3 independent ones: its widening
     * would be a t of under 2 degrees of freedom, whose variance is
     * infinite, set by the noise of a few days. The NA bank's 12 days
     * 8-14 days ahead at φ 0.7 (worth 2.1) were widened 2.4 times, and its
     * 80 % bounds held 0.861 of rolling origins' open cells
     * (bench/forecast-rolling), 0.874 of PEERS.md's; now 0.796 and
     * 0.856, every other series' cells unchanged. */
    static const int order[GROUPS] = { POOLED, SEASON, ORDINARY, 0, 1, 2, 3, 4 };
    double all_lower = 0.0, all_upper = 0.0, kind_lower[2] = { 0.0 }, kind_upper[2] = { 0.0 };
    bool thin[BOUNDS_BUCKETS] = { false }, both_kinds = stats[SEASON].days >= SEASON_MIN_DAYS &&
                                             stats[ORDINARY].days >= SEASON_MIN_DAYS;
    for (int o = 0; o < GROUPS; o++) {
        int group = order[o];
        bool kind = group == SEASON || group == ORDINARY;
        if (kind && !both_kinds)
            continue;
        size_t k = 0;
        for (size_t j = 0; j < used; j++)
            if (in_group(groups[j], group))
                z[k++] = scaled[j];
        bool enough = group == POOLED ||
                      (k >= MIN_POINTS && (kind || effective_days(&stats[group], phi) >=
                                                       MIN_BUCKET_DAYS));
        double lower = 0.0, upper = 0.0;
        if (enough) {
            if (group == SEASON) { /* only its width is used */
                lower = quantile(z, k, lower_quantile);
                upper = quantile(z, k, upper_quantile);
            } else {
                straddling_quantiles(z, k, lower_quantile, upper_quantile, &lower, &upper);
            }
            lower *= widening(&stats[group], phi, lower_quantile);
            upper *= widening(&stats[group], phi, upper_quantile);
        }
        if (group == POOLED) { /* used >= MIN_POINTS points */
            all_lower = lower, all_upper = upper;
        } else if (kind) {
            both_kinds = both_kinds && enough;
            kind_lower[group == SEASON] = lower, kind_upper[group == SEASON] = upper;
        } else {
            thin[group] = !enough;
            m->z_lower[group] = thin[group] ? all_lower : lower;
            m->z_upper[group] = thin[group] ? all_upper : upper;
        }
    }
    m->kind_lower[0] = both_kinds && all_lower < 0.0 ? kind_lower[0] / all_lower : 1.0;
    m->kind_upper[0] = both_kinds && all_upper > 0.0 ? kind_upper[0] / all_upper : 1.0;
    double ordinary_width = kind_upper[0] - kind_lower[0];
    double wider = both_kinds && ordinary_width > 0.0
                       ? (kind_upper[1] - kind_lower[1]) / ordinary_width
                       : 1.0;
    m->kind_lower[1] = m->kind_lower[0] * wider;
    m->kind_upper[1] = m->kind_upper[0] * wider;
    for (int b = 1; b < BOUNDS_BUCKETS; b++)
        if (thin[b] && !thin[b - 1]) {
            m->z_lower[b] = m->z_lower[b - 1];
            m->z_upper[b] = m->z_upper[b - 1];
            thin[b] = false;
        }
    free(z);
    free(scaled);
    free(r);
    free(seen);
    free(groups);
    return WFM_OK;
}

void
bounds_apply(const bounds_model *m, double forecast, size_t slot, int32_t horizon_day,
             bool in_season, double *lower, double *upper)
{
    int b = bucket_of(horizon_day);
    double s = spread(m->kappa, fmax(forecast, 0.0)) * m->slot[slot];
    double z_lower = m->z_lower[b] * m->kind_lower[in_season];
    double z_upper = m->z_upper[b] * m->kind_upper[in_season];
    /* The bounds never cross the point forecast, nor go below 0. */
    *lower = fmax(0.0, forecast + fmin(z_lower, 0.0) * s);
    *upper = forecast + fmax(z_upper, 0.0) * s;
}
