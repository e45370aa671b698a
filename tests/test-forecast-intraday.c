/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intraday shares and handle times: known weekday shapes recovered from
 * synthetic grids, special days (an early close, a morning peak) carried
 * over from their past occurrences, closed weekdays, gaps and partial days,
 * daily series, bad inputs, and the NA bank's 30-minute data on the
 * protocol of shared/data/PEERS.md (recent-weeks totals × shares must beat
 * the best peer, profile_avg, mean WAPE 0.0579). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "forecast-intraday-private.h"
#include "forecast-recent-private.h"
#include "history-private.h"
#include "test-util.h"
#include "wfm.h"
#include "test-calendar-util.h"

enum { P = 48 };

/* Weekday shape A: open 07:00-22:00 with a midday bump. */
static void
shape_a(double *s)
{
    double sum = 0.0;
    for (int j = 0; j < P; j++) {
        s[j] = j < 14 || j >= 44 ? 0.0 : 1.0 + 0.5 * sin(6.283185307179586 * (j - 14) / 30.0);
        sum += s[j];
    }
    for (int j = 0; j < P; j++)
        s[j] /= sum;
}

/* Saturday shape B: 08:00-16:00, rising. */
static void
shape_b(double *s)
{
    double sum = 0.0;
    for (int j = 0; j < P; j++) {
        s[j] = j >= 16 && j < 32 ? 1.0 + 0.2 * (j - 16) : 0.0;
        sum += s[j];
    }
    for (int j = 0; j < P; j++)
        s[j] /= sum;
}

/* A morning-peak shape on A's hours (a Black Friday). */
static void
shape_peak(double *s)
{
    double sum = 0.0;
    for (int j = 0; j < P; j++) {
        s[j] = j < 14 || j >= 44 ? 0.0 : 1.0 + 4.0 * exp(-0.5 * (j - 18) * (j - 18) / 4.0);
        sum += s[j];
    }
    for (int j = 0; j < P; j++)
        s[j] /= sum;
}

/* Every share >= 0 and each day's sum 1 (open) or 0 (closed). */
static void
assert_day_sums(const double *share, size_t days)
{
    for (size_t d = 0; d < days; d++) {
        double sum = 0.0;
        for (int j = 0; j < P; j++) {
            assert_true(share[d * P + j] >= 0.0);
            sum += share[d * P + j];
        }
        assert_true(fabs(sum - 1.0) < 1e-12 || sum == 0.0);
    }
}

/* Mon-Fri level 1000 shape A, Saturday 200 shape B, Sunday not observed;
 * then the same with Mondays of a morning-peak shape: each weekday's shape
 * comes back (exactly without noise; within 10 % of each share with ±10 %
 * noise on every cell), a big weekday's own shape included. */
static void
test_shapes_recovered(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 12 * 7, H = 14 };
    static double grid[N * P], share[H * P];
    double a[P], b[P], pk[P];
    shape_a(a);
    shape_b(b);
    shape_peak(pk);
    wt_rng rng = { 7 };
    for (int run = 0; run < 4; run++) {
        int noisy = run % 2;
        const double *monday = run < 2 ? a : pk;
        for (size_t i = 0; i < N; i++) {
            int32_t wd = wt_weekday_of(first + (int32_t)i);
            for (int j = 0; j < P; j++) {
                double v = wd == 1   ? 1000.0 * monday[j]
                           : wd <= 5 ? 1000.0 * a[j]
                           : wd == 6 ? 200.0 * b[j]
                                     : NAN;
                grid[i * P + j] = noisy && !isnan(v) ? v * wt_rng_range(&rng, 0.9, 1.1) : v;
            }
        }
        char err[256];
        assert_int_equal(intraday_shares(grid, N, P, first, H, NULL, share, err, sizeof err),
                         WFM_OK);
        assert_day_sums(share, H);
        for (size_t h = 0; h < H; h++) {
            int32_t wd = wt_weekday_of(first + N + (int32_t)h);
            for (int j = 0; j < P; j++) {
                double truth = wd == 1 ? monday[j] : wd <= 5 ? a[j] : wd == 6 ? b[j] : 0.0;
                double got = share[h * P + j];
                if (noisy)
                    assert_true(fabs(got - truth) <= 0.1 * truth);
                else
                    assert_true(fabs(got - truth) <= 1e-12);
            }
        }
    }
}

/* Opening hours survive pooling: Mon-Sat open 07:00-22:00 (shape A) and a
 * big Sunday open 12:00-23:30, every cell's volume noisy (x 0.5 ... 1.5)
 * so that the weekdays pool hard. No weekday may get contacts in hours it
 * never had (before: Mon-Sat got Sunday's 22:00-23:30, and Sunday a share
 * of the weekdays' mornings), and each open interval's share stays within
 * 35 % of the truth. */
static void
test_pooling_keeps_opening_hours(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 12 * 7, H = 14 };
    static double grid[N * P], share[H * P];
    double a[P], sunday[P], sum = 0.0;
    shape_a(a);
    for (int j = 0; j < P; j++) {
        sunday[j] = j >= 24 && j < 47 ? 1.0 + 0.03 * (j - 24) : 0.0;
        sum += sunday[j];
    }
    for (int j = 0; j < P; j++)
        sunday[j] /= sum;
    wt_rng rng = { 11 };
    for (size_t i = 0; i < N; i++) {
        bool sun = wt_weekday_of(first + (int32_t)i) == 7;
        for (int j = 0; j < P; j++)
            grid[i * P + j] = 80.0 * (sun ? sunday[j] : a[j]) * wt_rng_range(&rng, 0.5, 1.5);
    }
    char err[256];
    assert_int_equal(intraday_shares(grid, N, P, first, H, NULL, share, err, sizeof err),
                     WFM_OK);
    assert_day_sums(share, H);
    for (size_t h = 0; h < H; h++) {
        const double *truth = wt_weekday_of(first + N + (int32_t)h) == 7 ? sunday : a;
        for (int j = 0; j < P; j++) {
            if (truth[j] == 0.0)
                assert_true(share[h * P + j] == 0.0);
            else
                assert_true(fabs(share[h * P + j] - truth[j]) <= 0.35 * truth[j]);
        }
    }
}

/* Special days: an early close (zero after noon on every past occurrence)
 * stays closed after noon; a morning peak moves the shape toward it; an
 * event never seen and the weekday around it keep the weekday shape; a
 * closed day is all 0. */
static void
test_special_days(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 52 * 7, H = 14 };
    const char *text = "wfm-calendar 1\n"
                       "early_close = dates 2024-03-06, 2024-07-10, 2025-01-08\n"
                       "black_friday = dates 2024-04-05, 2024-11-29, 2025-01-10\n"
                       "launch = 2025-01-06\n"
                       "shutdown = 2025-01-07 closed\n";
    wfm_calendar_days *days = wt_expand(text, first, first + N + H - 1);
    static double grid[N * P], share[H * P];
    double a[P], pk[P], morning[P], msum = 0.0;
    shape_a(a);
    shape_peak(pk);
    for (int j = 0; j < P; j++)
        msum += j < 24 ? a[j] : 0.0;
    for (int j = 0; j < P; j++)
        morning[j] = j < 24 ? a[j] / msum : 0.0;
    for (size_t i = 0; i < N; i++) {
        int32_t wd = wt_weekday_of(first + (int32_t)i);
        for (int j = 0; j < P; j++)
            grid[i * P + j] = wd <= 5 ? 1000.0 * a[j] : NAN;
    }
    for (size_t k = 0; k < 2; k++) {
        size_t e = (size_t)(wt_day_of(k ? "2024-07-10" : "2024-03-06") - first);
        size_t f = (size_t)(wt_day_of(k ? "2024-11-29" : "2024-04-05") - first);
        for (int j = 0; j < P; j++) {
            grid[e * P + j] = j < 24 ? 600.0 * a[j] : 0.0;
            grid[f * P + j] = 1500.0 * pk[j];
        }
    }
    int32_t origin = first + N; /* Monday 2024-12-30 */
    char err[256];
    assert_int_equal(intraday_shares(grid, N, P, first, H, days, share, err, sizeof err), WFM_OK);
    assert_day_sums(share, H);
    size_t early = (size_t)(wt_day_of("2025-01-08") - origin);
    size_t bf = (size_t)(wt_day_of("2025-01-10") - origin);
    size_t shut = (size_t)(wt_day_of("2025-01-07") - origin);
    for (size_t h = 0; h < H; h++) {
        const double *s = share + h * P;
        int32_t wd = wt_weekday_of(origin + (int32_t)h);
        if (h == early) {
            /* Same proportions as the weekday before noon: exactly A's morning. */
            for (int j = 0; j < P; j++)
                assert_true(fabs(s[j] - morning[j]) < 1e-12);
        } else if (h == bf) {
            /* Between the weekday shape and the peak's, closer to the peak's
             * (two occurrences), and peaking where the peak does. */
            double to_peak = 0.0, to_weekday = 0.0;
            int top = 0;
            for (int j = 0; j < P; j++) {
                double lo = fmin(a[j], pk[j]), hi = fmax(a[j], pk[j]);
                assert_true(s[j] >= lo - 1e-12 && s[j] <= hi + 1e-12);
                to_peak += fabs(s[j] - pk[j]);
                to_weekday += fabs(s[j] - a[j]);
                if (s[j] > s[top])
                    top = j;
            }
            assert_true(to_peak < to_weekday);
            assert_int_equal(top, 18);
        } else if (h == shut || wd > 5) {
            for (int j = 0; j < P; j++)
                assert_true(s[j] == 0.0);
        } else { /* the launch (never seen) and plain weekdays */
            for (int j = 0; j < P; j++)
                assert_true(fabs(s[j] - a[j]) < 1e-12);
        }
    }
    wfm_calendar_days_free(days);
}

/* A season (a range event, a retail calendar's peak_season) keeps each
 * weekday's shape: Mondays-Fridays of shape A, Saturdays of shape B, in
 * and out of a six-week season at twice the volume. A Saturday of next
 * year's season must come out with B's shape, not a mix of the season's
 * Saturdays and weekdays (one mean shape over all of the season's days put
 * A's evening hours on a Saturday). */
static void
test_season_keeps_weekday_shapes(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2023-01-02");
    enum { N = 700, H = 14 };
    wfm_calendar_days *days = wt_expand("wfm-calendar 1\nseason = 11-15 .. 12-24\n", first,
                                        first + N + H - 1);
    static double grid[N * P], share[H * P];
    double a[P], b[P];
    shape_a(a);
    shape_b(b);
    int32_t origin = first + N; /* 2024-12-02, inside the season */
    for (size_t i = 0; i < N; i++) {
        int32_t date = first + (int32_t)i, wd = wt_weekday_of(date), y, mo, d;
        assert_int_equal(wfm_date_to_ymd(date, &y, &mo, &d), WFM_OK);
        bool season = (mo == 11 && d >= 15) || (mo == 12 && d <= 24);
        double level = (season ? 2.0 : 1.0) * (wd <= 5 ? 1000.0 : wd == 6 ? 400.0 : 0.0);
        for (int j = 0; j < P; j++)
            grid[i * P + j] = level * (wd == 6 ? b[j] : a[j]);
    }
    char err[256];
    assert_int_equal(intraday_shares(grid, N, P, first, H, days, share, err, sizeof err), WFM_OK);
    assert_day_sums(share, H);
    for (size_t h = 0; h < H; h++) {
        int32_t wd = wt_weekday_of(origin + (int32_t)h);
        const double *want = wd == 6 ? b : a;
        for (int j = 0; wd != 7 && j < P; j++)
            assert_true(fabs(share[h * P + j] - want[j]) < 1e-9);
    }
    wfm_calendar_days_free(days);
}

/* Partial days (a few NaN intervals, odd values elsewhere) and a missing
 * week do not bend the shapes; a weekday with only partial days keeps its
 * own hours and proportions, a hole (an interval never observed) filled
 * from the other weekdays; recorded zeros are a closed weekday. */
static void
test_gaps_and_partial_days(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 12 * 7, H = 7 };
    static double grid[N * P], share[H * P];
    double a[P], b[P];
    shape_a(a);
    shape_b(b);
    for (size_t i = 0; i < N; i++) {
        int32_t wd = wt_weekday_of(first + (int32_t)i);
        for (int j = 0; j < P; j++) {
            double v = wd <= 5 ? 1000.0 * a[j] : wd == 6 ? 0.0 : j == 20 ? NAN : 200.0 * b[j];
            if (i >= 70 && i < 77)
                v = NAN; /* a week not observed */
            if (wd == 1 && i >= N - 21 && j >= 20 && j < 24)
                v = NAN; /* partial Mondays, their other intervals odd */
            else if (wd == 1 && i >= N - 21 && j >= 30)
                v *= 5.0;
            if (wd == 4 && j == 30)
                v = NAN; /* every Thursday partial */
            grid[i * P + j] = v;
        }
    }
    char err[256];
    assert_int_equal(intraday_shares(grid, N, P, first, H, NULL, share, err, sizeof err), WFM_OK);
    assert_day_sums(share, H);
    for (size_t h = 0; h < H; h++) {
        int32_t wd = wt_weekday_of(first + N + (int32_t)h);
        const double *s = share + h * P;
        if (wd == 7) { /* every Sunday partial: B's hours and proportions */
            assert_true(s[20] > 0.0);
            for (int j = 0; j < P; j++) {
                if (j < 16 || j >= 32)
                    assert_true(s[j] == 0.0);
                else if (j != 20)
                    assert_true(fabs(s[j] / s[16] - b[j] / b[16]) < 1e-12);
            }
            continue;
        }
        for (int j = 0; j < P; j++)
            assert_true(fabs(s[j] - (wd <= 5 ? a[j] : 0.0)) < 1e-12);
    }
}

/* A daily series: shares are 1 on open days, 0 on closed ones. */
static void
test_daily_series(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 52 * 7, H = 14 }; /* the horizon holds 2025-01-01 */
    double y[N], share[H];
    for (size_t i = 0; i < N; i++)
        y[i] = wt_weekday_of(first + (int32_t)i) == 7 ? NAN : 300.0 + (double)(i % 5);
    wfm_calendar_days *days =
        wt_expand("wfm-calendar 1\nnew_year = 01-01 closed\n", first, first + N + H - 1);
    assert_int_equal(intraday_shares(y, N, 1, first, H, days, share, NULL, 0), WFM_OK);
    for (size_t h = 0; h < H; h++) {
        int32_t date = first + N + (int32_t)h;
        bool closed = wt_weekday_of(date) == 7 || date == wt_day_of("2025-01-01");
        assert_true(share[h] == (closed ? 0.0 : 1.0));
    }
    wfm_calendar_days_free(days);
}

/* Handle time: a known per-interval truth comes back where contacts are
 * many, is pulled toward the weekday's whole-day mean where they are few,
 * is NaN where the history never has one, and a weekday without recent
 * data takes the interval's whole-history mean. */
static void
test_aht(void **state)
{
    (void)state;
    int32_t first = wt_day_of("2024-01-01");
    enum { N = 8 * 7, H = 7 };
    static double aht[N * P], vol[N * P], out[H * P];
    double a[P], truth[P];
    shape_a(a);
    for (int j = 0; j < P; j++)
        truth[j] = 200.0 + 100.0 * j / 47.0;
    for (size_t i = 0; i < N; i++) {
        int32_t wd = wt_weekday_of(first + (int32_t)i);
        for (int j = 0; j < P; j++) {
            bool open = wd <= 5 && a[j] > 0.0;
            vol[i * P + j] = wd > 5 ? NAN : j == 14 ? 1.0 : 10000.0 * a[j];
            aht[i * P + j] = open && j != 43 ? truth[j] : NAN;
        }
    }
    /* The weekday's whole-day volume-weighted mean, from the truth. */
    double s = 0.0, n = 0.0;
    for (int j = 0; j < P; j++)
        if (a[j] > 0.0 && j != 43) {
            double v = j == 14 ? 1.0 : 10000.0 * a[j];
            s += v * truth[j], n += v;
        }
    double prior = s / n;
    char err[256];
    assert_int_equal(intraday_aht(aht, vol, N, P, first, H, out, err, sizeof err), WFM_OK);
    for (size_t h = 0; h < H; h++) {
        int32_t wd = wt_weekday_of(first + N + (int32_t)h);
        for (int j = 0; j < P; j++) {
            double got = out[h * P + j];
            if (a[j] == 0.0 || j == 43) {
                assert_true(isnan(got));
            } else if (wd > 5) {
                assert_true(fabs(got - truth[j]) < 1e-9);
            } else if (j == 14) { /* 8 contacts against a prior of 25 */
                double expect = (8.0 * truth[j] + INTRADAY_AHT_PRIOR * prior) /
                                (8.0 + INTRADAY_AHT_PRIOR);
                assert_true(fabs(got - expect) < 1e-9);
                assert_true(fabs(got - prior) < fabs(got - truth[j]));
            } else {
                assert_true(fabs(got / truth[j] - 1.0) < 0.01);
            }
        }
    }
}

static void
expect_einval(int32_t status, char *err)
{
    assert_int_equal(status, WFM_EINVAL);
    assert_true(strlen(err) > 0);
    err[0] = '\0';
}

static void
test_bad_inputs(void **state)
{
    (void)state;
    enum { N = 14, H = 7 };
    static double grid[N * P], aht[N * P], share[H * P];
    for (size_t i = 0; i < N * P; i++)
        grid[i] = 10.0, aht[i] = 300.0;
    int32_t first = wt_day_of("2024-01-01");
    char err[256] = "";
    expect_einval(intraday_shares(NULL, N, P, first, H, NULL, share, err, sizeof err), err);
    expect_einval(intraday_shares(grid, N, P, first, H, NULL, NULL, err, sizeof err), err);
    const int32_t bad_per_day[] = { 0, -48, 2, 7, 25, 29, 289, 1440, INT32_MAX };
    for (size_t k = 0; k < sizeof bad_per_day / sizeof bad_per_day[0]; k++) {
        expect_einval(intraday_shares(grid, N, bad_per_day[k], first, H, NULL, share, err,
                                      sizeof err), err);
        expect_einval(intraday_aht(aht, grid, N, bad_per_day[k], first, H, share, err,
                                   sizeof err), err);
    }
    expect_einval(intraday_shares(grid, 0, P, first, H, NULL, share, err, sizeof err), err);
    expect_einval(intraday_shares(grid, N, P, first, 0, NULL, share, err, sizeof err), err);
    expect_einval(intraday_shares(grid, N, P, first, SIZE_MAX, NULL, share, err, sizeof err), err);
    expect_einval(intraday_shares(grid, N, P, WFM_DATE_MAX - 5, H, NULL, share, err,
                                  sizeof err), err);
    const double bad[3] = { -1.0, INFINITY, -INFINITY };
    for (size_t k = 0; k < 3; k++) {
        grid[100] = bad[k];
        expect_einval(intraday_shares(grid, N, P, first, H, NULL, share, err, sizeof err), err);
        expect_einval(intraday_aht(aht, grid, N, P, first, H, share, err, sizeof err), err);
        grid[100] = 10.0;
        aht[100] = bad[k];
        expect_einval(intraday_aht(aht, grid, N, P, first, H, share, err, sizeof err), err);
        aht[100] = 300.0;
    }
    expect_einval(intraday_aht(NULL, grid, N, P, first, H, share, err, sizeof err), err);
    expect_einval(intraday_aht(aht, NULL, N, P, first, H, share, err, sizeof err), err);
    expect_einval(intraday_aht(aht, grid, N, P, first, H, NULL, err, sizeof err), err);
    expect_einval(intraday_aht(aht, grid, 0, P, first, H, share, err, sizeof err), err);
    expect_einval(intraday_aht(aht, grid, N, P, first, 0, share, err, sizeof err), err);
    /* No message buffer: no crash. */
    assert_int_equal(intraday_shares(grid, N, 7, first, H, NULL, share, NULL, 99), WFM_EINVAL);
    /* Every allowed grid size works. */
    const int32_t good[] = { 1, 24, 32, 48, 96, 144, 288 };
    static double big[N * 288], out[H * 288];
    for (size_t i = 0; i < N * 288; i++)
        big[i] = 1.0;
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        assert_int_equal(intraday_shares(big, N, good[k], first, H, NULL, out, err,
                                         sizeof err), WFM_OK);
        assert_int_equal(intraday_aht(big, big, N, good[k], first, H, out, err, sizeof err),
                         WFM_OK);
    }
}

/* ---- NA bank, PEERS.md protocol ---------------------------------------- */

/* The history on a days × 48 grid: an absent cell of a day that has rows is
 * a closed interval (0), a day without rows is not observed (NaN). */
static double *
na_grid(const history *h)
{
    double *g = malloc(h->count * sizeof *g);
    assert_non_null(g);
    size_t p = (size_t)h->per_day;
    for (size_t i = 0; i < (size_t)h->days; i++) {
        bool any = false;
        for (size_t j = 0; j < p; j++)
            any = any || h->state[i * p + j] != HISTORY_ABSENT;
        for (size_t j = 0; j < p; j++) {
            size_t c = i * p + j;
            g[c] = h->state[c] == HISTORY_OBSERVED ? h->volume[c]
                   : any && h->state[c] == HISTORY_ABSENT ? 0.0
                                                          : NAN;
        }
    }
    return g;
}

/* Origins 2003-07-28 … 08-18; training = the 8 calendar weeks (40
 * weekdays) before, test = the next 10 weekdays; 2003-07-04 is left
 * absent, as a wfm user's history would have it. */
static void
test_na_bank_golden(void **state)
{
    (void)state;
    char *text = wt_read_data_file("volume/na_bank_2003_30min.csv");
    assert_non_null(text);
    history h;
    char err[256];
    assert_int_equal(history_read_csv(text, strlen(text), "na_bank", &h, err, sizeof err), WFM_OK);
    free(text);
    assert_int_equal(h.per_day, P);
    double *g = na_grid(&h);
    const char *origins[4] = { "2003-07-28", "2003-08-04", "2003-08-11", "2003-08-18" };
    enum { TRAIN = 56, TEST = 14 };
    double y[TRAIN], total[TEST], share[TEST * P], mean = 0.0;
    for (size_t k = 0; k < 4; k++) {
        int32_t origin = wt_day_of(origins[k]);
        size_t i0 = (size_t)(origin - h.first_date);
        const double *train = g + (i0 - TRAIN) * P;
        for (size_t i = 0; i < TRAIN; i++) {
            y[i] = 0.0;
            for (int j = 0; j < P; j++)
                y[i] += train[i * P + j]; /* NaN for a day not observed */
        }
        assert_int_equal(recent_weeks_forecast(y, TRAIN, origin - TRAIN, TEST, NULL, total,
                                               err, sizeof err), WFM_OK);
        assert_int_equal(intraday_shares(train, TRAIN, P, origin - TRAIN, TEST, NULL, share,
                                         err, sizeof err), WFM_OK);
        double abs_err = 0.0, actual = 0.0;
        size_t scored = 0;
        for (size_t d = 0; d < TEST; d++) {
            const double *a = g + (i0 + d) * P;
            if (isnan(a[0]))
                continue; /* weekends */
            scored++;
            for (int j = 0; j < P; j++) {
                abs_err += fabs(total[d] * share[d * P + j] - a[j]);
                actual += a[j];
            }
        }
        assert_int_equal(scored, 10);
        double wape = abs_err / actual;
        printf("# NA bank origin %s: WAPE %.4f\n", origins[k], wape);
        assert_true(wape > 0.03 && wape < 0.08);
        mean += wape / 4.0;
    }
    printf("# NA bank mean WAPE %.4f (peer profile_avg 0.0579)\n", mean);
    /* Measured 0.0538; the bar is the best peer. */
    assert_true(mean > 0.050 && mean < 0.0579);
    free(g);
    history_clear(&h);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes_recovered),
        cmocka_unit_test(test_special_days),
        cmocka_unit_test(test_pooling_keeps_opening_hours),
        cmocka_unit_test(test_season_keeps_weekday_shapes),
        cmocka_unit_test(test_gaps_and_partial_days),
        cmocka_unit_test(test_daily_series),
        cmocka_unit_test(test_aht),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_na_bank_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
