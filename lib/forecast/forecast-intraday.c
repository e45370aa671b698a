/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intraday shares (per weekday from recent weeks, per special day from the
 * calendar) and interval handle times for the forecast days. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "forecast-intraday-private.h"
#include "forecast-recent-private.h"
#include "text-private.h"
#include "wfm/status.h"

static bool
valid_per_day(int32_t per_day)
{
    return per_day == 1 || (per_day >= 24 && per_day <= 288 && 1440 % per_day == 0);
}

/* The checks both entry points share; WFM_OK or WFM_EINVAL with a message. */
static int32_t
check_grid(const char *what, const double *grid, size_t train_days, int32_t per_day,
           int32_t first_date, size_t horizon_days, char *errmsg, size_t errsize)
{
    if (!valid_per_day(per_day))
        return text_fail(errmsg, errsize, WFM_EINVAL,
                           "%d intervals per day: expected 1 (daily) or 1440 / m for an "
                           "interval of m = 5 ... 60 minutes that divides the day",
                           (int)per_day);
    if (train_days == 0 || horizon_days == 0)
        return text_fail(errmsg, errsize, WFM_EINVAL, "%s is 0",
                           train_days == 0 ? "the history length" : "the horizon");
    size_t p = (size_t)per_day, limit = SIZE_MAX / sizeof(double) / p;
    if (train_days > limit || horizon_days > limit || horizon_days > SIZE_MAX / 2 - train_days ||
        !recent_dates_ok(first_date, train_days + horizon_days))
        return text_fail(errmsg, errsize, WFM_EINVAL,
                           "the history and horizon run past the last valid date");
    for (size_t i = 0; i < train_days * p; i++)
        if (!isnan(grid[i]) && !(grid[i] >= 0.0 && isfinite(grid[i])))
            return text_fail(errmsg, errsize, WFM_EINVAL,
                               "day %zu, interval %zu of the %s is %g: values must be >= 0 "
                               "(NaN = not observed)", i / p, i % p, what, grid[i]);
    return WFM_OK;
}

/* x[0..p) /= its sum; false (x untouched) if the sum is not > 0. */
static bool
normalise(double *x, size_t p)
{
    double sum = 0.0;
    for (size_t j = 0; j < p; j++)
        sum += x[j];
    if (!(sum > 0.0))
        return false;
    for (size_t j = 0; j < p; j++)
        x[j] /= sum;
    return true;
}

/* The weekday shapes: shape[k·p …] for forecast day k = 0 … 6 after the
 * origin, all 0 for a closed weekday. */
static void
weekday_shapes(const double *volume, const double *total, const uint8_t *seen,
               const uint8_t *event_day, size_t train_days, size_t p, double *shape,
               double *level)
{
    bool fallback[7] = { false };
    double noise[7];
    for (size_t k = 0; k < 7; k++) {
        noise[k] = NAN;
        double *s = shape + k * p;
        memset(s, 0, p * sizeof *s);
        recent_level lv;
        recent_level_at(total, seen, event_day, (ptrdiff_t)train_days + (ptrdiff_t)k - 7, &lv);
        level[k] = lv.level;
        if (isnan(lv.level)) {
            fallback[k] = true;
            continue;
        }
        if (!(lv.level > 0.0))
            continue;
        bool ok = false, all = false; /* all: outlier days too */
        for (int pass = 0; pass < 2 && !ok; pass++) {
            all = pass == 1;
            memset(s, 0, p * sizeof *s);
            for (size_t d = 0; d < lv.n_picked; d++)
                if (all || !lv.outlier[d])
                    for (size_t j = 0; j < p; j++)
                        s[j] += volume[lv.picked[d] * p + j];
            ok = normalise(s, p);
        }
        if (!ok) {
            memset(s, 0, p * sizeof *s);
            level[k] = 0.0; /* nothing but zeros: closed */
            continue;
        }
        /* The noise of the shape: Σ_j var_j / n over the n days' own shapes
         * (days with a zero total have none). */
        double n = 0.0, sum_var = 0.0;
        for (size_t d = 0; d < lv.n_picked; d++)
            n += (all || !lv.outlier[d]) && total[lv.picked[d]] > 0.0;
        for (size_t j = 0; n >= 2.0 && j < p; j++) {
            double mean = 0.0, ss = 0.0;
            for (size_t d = 0; d < lv.n_picked; d++)
                if ((all || !lv.outlier[d]) && total[lv.picked[d]] > 0.0)
                    mean += volume[lv.picked[d] * p + j] / total[lv.picked[d]] / n;
            for (size_t d = 0; d < lv.n_picked; d++)
                if ((all || !lv.outlier[d]) && total[lv.picked[d]] > 0.0) {
                    double x = volume[lv.picked[d] * p + j] / total[lv.picked[d]] - mean;
                    ss += x * x;
                }
            sum_var += ss / (n - 1.0);
        }
        if (n >= 2.0)
            noise[k] = sum_var / n;
    }
    double top = 0.0;
    for (size_t k = 0; k < 7; k++)
        if (level[k] > top)
            top = level[k];
    size_t n_big = 0;
    double pooled[288] = { 0.0 };
    for (size_t k = 0; k < 7; k++)
        if (top > 0.0 && level[k] > INTRADAY_BIG * top) {
            for (size_t j = 0; j < p; j++)
                pooled[j] += shape[k * p + j];
            n_big++;
        }
    for (size_t j = 0; n_big > 0 && j < p; j++)
        pooled[j] /= (double)n_big;
    for (size_t k = 0; k < 7; k++) {
        double *s = shape + k * p;
        if (n_big > 0 && level[k] > INTRADAY_BIG * top) {
            /* The target keeps the weekday's own opening hours: pooling
             * must not move contacts into intervals that had none on any
             * of its days (a retailer's Sunday opens later than its
             * weekdays, which would otherwise inherit Sunday's hours and
             * Sunday theirs). pooled > 0 wherever s > 0, as s is in it. */
            double target[288], open_share = 0.0;
            for (size_t j = 0; j < p; j++)
                open_share += s[j] > 0.0 ? pooled[j] : 0.0;
            for (size_t j = 0; j < p; j++)
                target[j] = s[j] > 0.0 ? pooled[j] / open_share : 0.0;
            /* James-Stein: pool as much as the noise explains the distance. */
            double dist = 0.0, b = INTRADAY_POOL;
            for (size_t j = 0; j < p; j++)
                dist += (s[j] - target[j]) * (s[j] - target[j]);
            if (!isnan(noise[k]))
                b = dist > noise[k] ? noise[k] / dist : 1.0;
            for (size_t j = 0; j < p; j++)
                s[j] = (1.0 - b) * s[j] + b * target[j];
        } else if (fallback[k]) {
            /* Only partial days: the mean of each observed interval (the
             * weekday's own hours); intervals never observed take the
             * pooled shape, scaled to the observed ones. */
            double own = 0.0, ref = 0.0;
            bool hole = false;
            for (size_t j = 0; j < p; j++) {
                double sum = 0.0;
                size_t n = 0;
                for (ptrdiff_t i = (ptrdiff_t)train_days + (ptrdiff_t)k - 7, w = 0;
                     i >= 0 && w < RECENT_DAYS; i -= 7, w++)
                    if (!isnan(volume[(size_t)i * p + j]))
                        sum += volume[(size_t)i * p + j], n++;
                s[j] = n > 0 ? sum / (double)n : NAN;
                if (n > 0)
                    own += s[j], ref += pooled[j];
                else
                    hole = true;
            }
            for (size_t j = 0; hole && j < p; j++)
                if (isnan(s[j]))
                    s[j] = n_big > 0 && ref > 0.0 ? pooled[j] * own / ref : 0.0;
            if (!normalise(s, p))
                memset(s, 0, p * sizeof *s);
        }
    }
}

/* The special days on the forecast day's weekday, when there are at least
 * SPECIAL_SAME_WEEKDAY of them: a season or a range event (a retail
 * calendar's peak_season, 40 days a year) has Sundays and Mondays of its
 * own, and one mean shape over all its days would give a Sunday a
 * Monday's morning; a one-day event (Christmas Day, on a different weekday
 * each year) keeps every occurrence. Reorders days; returns how many to
 * use. */
enum { SPECIAL_SAME_WEEKDAY = 4 };

static size_t
same_weekday_days(size_t *days, size_t n, size_t day)
{
    size_t same = 0;
    for (size_t k = 0; k < n; k++)
        if ((day - days[k]) % 7 == 0) {
            size_t d = days[same];
            days[same++] = days[k], days[k] = d;
        }
    return same >= SPECIAL_SAME_WEEKDAY ? same : n;
}

int32_t
intraday_shares(const double *volume, size_t train_days, int32_t per_day, int32_t first_date,
                size_t horizon_days, const wfm_calendar_days *events, double *share,
                char *errmsg, size_t errsize)
{
    if (volume == NULL || share == NULL)
        return text_fail(errmsg, errsize, WFM_EINVAL, "%s is NULL",
                           volume == NULL ? "the volume grid" : "the share buffer");
    int32_t st = check_grid("volume grid", volume, train_days, per_day, first_date,
                            horizon_days, errmsg, errsize);
    if (st != WFM_OK)
        return st;
    size_t p = (size_t)per_day;
    recent_marks m;
    if (recent_marks_build(events, first_date, train_days + horizon_days, &m) != WFM_OK)
        return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
    double *total = malloc(train_days * sizeof *total);
    uint8_t *seen = malloc(train_days * sizeof *seen);
    uint8_t *usable = malloc(train_days * sizeof *usable);
    size_t *days = malloc(train_days * sizeof *days);
    double *shape = malloc(7 * p * sizeof *shape);
    double *special = malloc(2 * p * sizeof *special);
    if (total == NULL || seen == NULL || usable == NULL || days == NULL || shape == NULL ||
        special == NULL) {
        st = text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < train_days; i++) {
        const double *row = volume + i * p;
        double sum = 0.0;
        bool any = false, all = true;
        for (size_t j = 0; j < p; j++) {
            if (isnan(row[j]))
                all = false;
            else
                sum += row[j], any = true;
        }
        total[i] = all ? sum : NAN;
        seen[i] = any;
        usable[i] = all && sum > 0.0;
    }
    double level[7];
    weekday_shapes(volume, total, seen, m.event_day, train_days, p, shape, level);

    for (size_t h = 0; h < horizon_days; h++) {
        double *out = share + h * p;
        const double *w = shape + (h % 7) * p;
        size_t day = train_days + h;
        if (recent_marks_closed(&m, day)) {
            memset(out, 0, p * sizeof *out);
            continue;
        }
        size_t n = recent_special_days(&m, day, train_days, usable, days);
        if (n == 0) {
            memcpy(out, w, p * sizeof *out);
            continue;
        }
        n = same_weekday_days(days, n, day);
        /* E: the mean shape of the occurrences; W: the weekday shape on
         * the intervals E uses. */
        double *e = special, *masked = special + p;
        memset(e, 0, p * sizeof *e);
        for (size_t k = 0; k < n; k++)
            for (size_t j = 0; j < p; j++)
                e[j] += volume[days[k] * p + j] / total[days[k]] / (double)n;
        for (size_t j = 0; j < p; j++)
            masked[j] = e[j] > 0.0 ? w[j] : 0.0;
        double weight = (double)n / ((double)n + 1.0);
        bool shrink = normalise(masked, p);
        for (size_t j = 0; j < p; j++)
            out[j] = shrink ? weight * e[j] + (1.0 - weight) * masked[j] : e[j];
    }
done:
    free(total);
    free(seen);
    free(usable);
    free(days);
    free(shape);
    free(special);
    recent_marks_clear(&m);
    return st;
}

int32_t
intraday_aht(const double *aht_s, const double *volume, size_t train_days, int32_t per_day,
             int32_t first_date, size_t horizon_days, double *aht_out, char *errmsg,
             size_t errsize)
{
    if (aht_s == NULL || volume == NULL || aht_out == NULL)
        return text_fail(errmsg, errsize, WFM_EINVAL, "%s is NULL",
                           aht_s == NULL    ? "the handle-time grid"
                           : volume == NULL ? "the volume grid"
                                            : "the handle-time buffer");
    int32_t st = check_grid("handle-time grid", aht_s, train_days, per_day, first_date,
                            horizon_days, errmsg, errsize);
    if (st == WFM_OK)
        st = check_grid("volume grid", volume, train_days, per_day, first_date, horizon_days,
                        errmsg, errsize);
    if (st != WFM_OK)
        return st;
    size_t p = (size_t)per_day;
    /* Per interval over the whole history: weighted sums, and plain sums
     * for handle times given without contacts. Then, per weekday slot
     * k = 0 … 6 after the origin, the recent weighted sums. */
    double *hist = calloc(4 * p + 14 * p, sizeof *hist);
    if (hist == NULL)
        return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory");
    double *h_num = hist, *h_den = hist + p, *h_sum = hist + 2 * p, *h_cnt = hist + 3 * p;
    double *week = hist + 4 * p;
    for (size_t i = 0; i < train_days * p; i++) {
        double a = aht_s[i], v = volume[i];
        if (isnan(a))
            continue;
        size_t j = i % p;
        h_sum[j] += a, h_cnt[j] += 1.0;
        if (v > 0.0) /* false for NaN */
            h_num[j] += v * a, h_den[j] += v;
    }
    double prior[7];
    for (size_t k = 0; k < 7; k++) {
        double *num = week + k * 2 * p, *den = num + p, s = 0.0, n = 0.0;
        for (ptrdiff_t i = (ptrdiff_t)train_days + (ptrdiff_t)k - 7, w = 0;
             i >= 0 && w < RECENT_DAYS; i -= 7, w++)
            for (size_t j = 0; j < p; j++) {
                double a = aht_s[(size_t)i * p + j], v = volume[(size_t)i * p + j];
                if (!isnan(a) && v > 0.0)
                    num[j] += v * a, den[j] += v, s += v * a, n += v;
            }
        prior[k] = n > 0.0 ? s / n : NAN;
    }
    for (size_t h = 0; h < horizon_days; h++) {
        size_t k = h % 7;
        const double *wn = week + k * 2 * p, *wd = wn + p;
        for (size_t j = 0; j < p; j++) {
            double *out = aht_out + h * p + j;
            if (h_cnt[j] == 0.0) {
                *out = NAN;
                continue;
            }
            double pr = prior[k];
            if (isnan(pr)) /* a closed weekday: the interval's whole history */
                pr = h_den[j] > 0.0 ? h_num[j] / h_den[j] : h_sum[j] / h_cnt[j];
            *out = (wn[j] + INTRADAY_AHT_PRIOR * pr) / (wd[j] + INTRADAY_AHT_PRIOR);
        }
    }
    free(hist);
    return WFM_OK;
}
