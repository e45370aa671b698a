/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast-eval — wfm's forecasts on the protocols of shared/data/PEERS.md,
 * next to the best peer's numbers from that file.
 *
 * Protocols (--protocol KEY; every forecast uses only the history before
 * its origin):
 *   nyc_ems_daily         NYC EMS daily, calendar = the Prophet holidays
 *            CSV, all the history before the origin; origins
 *            2014/2015/2016/2017-11-01 (61 days, averaged) and 2016-12-01
 *            (45 days, shown apart). Extra score: holiday-day WAPE, over
 *            the window's dates listed in the holidays CSV.
 *   anonymous_bank_1999_30min  Anonymous Bank 1999, 30-minute, all 48
 *            intervals and 7 days; origins 1999-06-06/13/20/27, training
 *            56 days (WFM_FORECAST_TRAINING_DAYS), 14 days ahead. From
 *            --anonymous-bank FILE, or the data directory, or the slice
 *            tests/data/anonymous_bank_1999_30min.csv (the days these
 *            origins use) next to the default directory.
 *   na_bank_2003_30min    NA bank 2003, 30-minute; origins 2003-07-28,
 *            08-04, 08-11, 08-18, training 56 calendar days (8 weeks), 14
 *            days forecast and only the 10 weekdays present in the data
 *            scored (absent days, weekends and holidays, stay absent).
 *   nyc_ems_lead          "Planning lead time": NYC EMS daily and its
 *            calendar, the history cut after 31 August of 2014 .. 2017,
 *            forecast from 1 November for 61 days (a 61-day gap after the
 *            history), scored on 1 Nov .. 31 Dec of the full series.
 *            Extra score: holiday-day WAPE.
 *   online_retail_daily   UK online retailer, orders per day, calendar =
 *            its UK Prophet holidays CSV, all the history before the
 *            origin; origins 2011-10-01 (61 days) and 2011-11-01 (38
 *            days). Closed days (0 orders) are scored like any other.
 *            Extra score: holiday-day WAPE (no peer number for it).
 *   online_retail_hourly  the same retailer per hour, same calendar, all
 *            the history before the origin; origins (Mondays) 2011-10-31,
 *            11-07, 11-14, 11-21, 14 days ahead, all 24 hours scored.
 *   Extra score for the intraday sets: daily-sum WAPE.
 *
 * WAPE, MASE, bias and coverage are wfm_forecast_backtest()'s, one origin
 * at a time. The program recomputes them from wfm_forecast_run() +
 * wfm_forecast_copy() + wfm_history_copy() with wfm/accuracy.h, where it
 * also computes the extra scores, and reports any disagreement on stderr
 * (exit 1). A backtest cannot leave a gap between the history and the
 * window, so nyc_ems_lead is scored from run + copy alone, with MASE
 * scaled on the history wfm was given. Intraday windows are scored per
 * interval over all cells of the days present; closed intervals (0
 * contacts) count with their forecast. MASE's scale is the one-week-ago
 * error over the training span (pairs with an absent day skipped), where
 * PEERS.md uses a gap-filled 5-day week for the NA bank: close, not
 * identical.
 *
 * The peer numbers are copied from PEERS.md (the best model per window,
 * and the best mean), not recomputed; "-" where PEERS.md gives none. Each
 * protocol ends with the ratio of wfm's mean WAPE to the best peer's, and
 * the run with the mean of those ratios: informational, never a failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "eval-common.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A peer's scores as PEERS.md gives them (bias in %; NaN = not given). */
typedef struct peer {
    const char *model;
    double wape, mase, bias_pct, extra;
} peer;

typedef struct window_spec {
    const char *origin;
    int32_t horizon;
    /* The last day of history wfm is given, for a planner's gap before
     * the window; NULL = every day before the origin. */
    const char *history_end;
    peer best;          /* the best peer in this window */
} window_spec;

enum extra_score { EXTRA_HOLIDAY, EXTRA_DAILY_SUM };

static const char *const extra_names[] = {
    [EXTRA_HOLIDAY] = "holiday WAPE",
    [EXTRA_DAILY_SUM] = "daily-sum WAPE",
};

typedef struct protocol {
    const char *key, *title, *notes;
    eval_data_files files;      /* under --data */
    int extra;                  /* enum extra_score */
    int32_t training_days;      /* 0 = all */
    const window_spec *windows;
    size_t n_windows;
    size_t n_mean;              /* the first n_mean windows are averaged */
    peer mean_best;             /* the best peer's mean over them */
} protocol;

static const window_spec nyc_windows[] = {
    { "2014-11-01", 61, NULL, { "tslm", 0.0329, 0.579, -0.4, 0.0192 } },
    { "2015-11-01", 61, NULL, { "tslm", 0.0385, 0.700, +0.8, 0.0448 } },
    { "2016-11-01", 61, NULL, { "tslm", 0.0340, 0.637, -0.7, 0.0425 } },
    { "2017-11-01", 61, NULL, { "tslm", 0.0343, 0.647, -0.9, 0.0412 } },
    { "2016-12-01", 45, NULL, { "tslm", 0.0403, 0.783, -2.6, 0.0398 } },
};
static const window_spec anon_windows[] = {
    { "1999-06-06", 14, NULL, { "profile_avg", 0.2482, 0.644, -7.3, 0.1188 } },
    { "1999-06-13", 14, NULL, { "profile_avg", 0.2755, 0.701, +0.2, 0.1519 } },
    { "1999-06-20", 14, NULL, { "profile_avg", 0.2613, 0.682, +6.7, 0.1934 } },
    { "1999-06-27", 14, NULL, { "profile_avg", 0.2727, 0.831, -7.6, 0.1935 } },
};
static const window_spec nabank_windows[] = {
    { "2003-07-28", 14, NULL, { "profile_avg", 0.0642, 0.825, -4.3, 0.0509 } },
    { "2003-08-04", 14, NULL, { "dshw", 0.0519, 0.652, +1.7, 0.0222 } },
    { "2003-08-11", 14, NULL, { "tbats", 0.0429, 0.506, +1.0, 0.0197 } },
    { "2003-08-18", 14, NULL, { "mstl", 0.0430, 0.510, +0.5, 0.0295 } },
};
/* PEERS.md gives the lead-time peers' WAPE per year and their holiday-day
 * WAPE as a mean only. gbm is 2014's best; tslm has the best mean. */
static const window_spec nyc_lead_windows[] = {
    { "2014-11-01", 61, "2014-08-31", { "gbm", 0.0297, NAN, NAN, NAN } },
    { "2015-11-01", 61, "2015-08-31", { "tslm", 0.0381, NAN, NAN, NAN } },
    { "2016-11-01", 61, "2016-08-31", { "tslm", 0.0339, NAN, NAN, NAN } },
    { "2017-11-01", 61, "2017-08-31", { "tslm", 0.0344, NAN, NAN, NAN } },
};
static const window_spec retail_daily_windows[] = {
    { "2011-10-01", 61, NULL, { "snaive7", 0.2248, NAN, NAN, NAN } },
    { "2011-11-01", 38, NULL, { "tbats", 0.1838, NAN, NAN, NAN } },
};
static const window_spec retail_hourly_windows[] = {
    { "2011-10-31", 14, NULL, { "profile_avg", 0.3233, NAN, NAN, NAN } },
    { "2011-11-07", 14, NULL, { "profile_avg", 0.3441, NAN, NAN, NAN } },
    { "2011-11-14", 14, NULL, { "profile_avg", 0.2976, NAN, NAN, NAN } },
    { "2011-11-21", 14, NULL, { "profile_avg", 0.3388, NAN, NAN, NAN } },
};

enum {
    PROTOCOL_NYC,
    PROTOCOL_ANON,
    PROTOCOL_NABANK,
    PROTOCOL_NYC_LEAD,
    PROTOCOL_RETAIL_DAILY,
    PROTOCOL_RETAIL_HOURLY,
    PROTOCOL_COUNT
};

#define MAX_WINDOWS 8

static const protocol protocols[PROTOCOL_COUNT] = {
    [PROTOCOL_NYC] = {
        .key = "nyc_ems_daily",
        .title = "NYC EMS daily, Nov-Dec (calendar: Prophet holidays CSV, all history "
                 "before the origin)",
        .notes = "mean over the 4 Nov-Dec windows; 2016-12-01 (h=45) apart",
        .files = { .history_file = "nyc_ems_daily.csv",
                   .history_shared = "nyc_ems/daily.csv",
                   .events_file = "nyc_ems_holidays_us.csv",
                   .events_shared = "nyc_ems/holidays_us.csv" },
        .extra = EXTRA_HOLIDAY, .training_days = 0,
        .windows = nyc_windows, .n_windows = COUNT_OF(nyc_windows), .n_mean = 4,
        .mean_best = { "tslm", 0.0349, 0.641, -0.3, 0.0369 },
    },
    [PROTOCOL_ANON] = {
        .key = "anonymous_bank_1999_30min",
        .title = "Anonymous Bank 1999, 30-minute (training 56 days, 14 days ahead, "
                 "48 intervals)",
        .notes = "mean over the 4 origins",
        .files = { .history_file = "anonymous_bank_1999_30min.csv",
                   .history_shared = "anonymous_bank_1999/calls_30min.csv",
                   .anonymous_bank = 1 },
        .extra = EXTRA_DAILY_SUM, .training_days = 56,
        .windows = anon_windows, .n_windows = COUNT_OF(anon_windows), .n_mean = 4,
        .mean_best = { "profile_avg", 0.2644, 0.715, -2.0, 0.1644 },
    },
    [PROTOCOL_NABANK] = {
        .key = "na_bank_2003_30min",
        .title = "NA bank 2003, 30-minute (training 8 weeks, 14 days forecast, the 10 "
                 "weekdays scored)",
        .notes = "mean over the 4 origins",
        .files = { .history_file = "na_bank_2003_30min.csv",
                   .history_shared = "na_bank_2003/calls_30min.csv" },
        .extra = EXTRA_DAILY_SUM, .training_days = 56,
        .windows = nabank_windows, .n_windows = COUNT_OF(nabank_windows), .n_mean = 4,
        .mean_best = { "profile_avg", 0.0579, 0.712, +1.2, 0.0465 },
    },
    [PROTOCOL_NYC_LEAD] = {
        .key = "nyc_ems_lead",
        .title = "NYC EMS daily, planning lead time (history to 31 Aug, forecast "
                 "1 Nov - 31 Dec; calendar: Prophet holidays CSV)",
        .notes = "mean over the 4 years; scored from run + copy, the backtest cannot "
                 "leave a gap; MASE scaled on the history to 31 Aug",
        .files = { .history_file = "nyc_ems_daily.csv",
                   .history_shared = "nyc_ems/daily.csv",
                   .events_file = "nyc_ems_holidays_us.csv",
                   .events_shared = "nyc_ems/holidays_us.csv" },
        .extra = EXTRA_HOLIDAY, .training_days = 0,
        .windows = nyc_lead_windows, .n_windows = COUNT_OF(nyc_lead_windows),
        .n_mean = 4,
        .mean_best = { "tslm", 0.0350, NAN, NAN, 0.0370 },
    },
    [PROTOCOL_RETAIL_DAILY] = {
        .key = "online_retail_daily",
        .title = "Online retail (UK), orders per day (calendar: UK Prophet holidays "
                 "CSV, all history before the origin)",
        .notes = "mean over the 2 origins; closed days (0 orders) scored",
        .files = { .history_file = "online_retail_daily.csv",
                   .history_shared = "online_retail_2010_2011/daily.csv",
                   .events_file = "online_retail_holidays_uk.csv",
                   .events_shared = "online_retail_2010_2011/holidays_uk.csv" },
        .extra = EXTRA_HOLIDAY, .training_days = 0,
        .windows = retail_daily_windows, .n_windows = COUNT_OF(retail_daily_windows),
        .n_mean = 2,
        .mean_best = { "snaive7", 0.2292, NAN, NAN, NAN },
    },
    [PROTOCOL_RETAIL_HOURLY] = {
        .key = "online_retail_hourly",
        .title = "Online retail (UK), orders per hour (calendar: UK Prophet holidays "
                 "CSV, all history before the origin, 14 days ahead, 24 intervals)",
        .notes = "mean over the 4 origins",
        .files = { .history_file = "online_retail_hourly.csv",
                   .history_shared = "online_retail_2010_2011/hourly.csv",
                   .events_file = "online_retail_holidays_uk.csv",
                   .events_shared = "online_retail_2010_2011/holidays_uk.csv" },
        .extra = EXTRA_DAILY_SUM, .training_days = 0,
        .windows = retail_hourly_windows, .n_windows = COUNT_OF(retail_hourly_windows),
        .n_mean = 4,
        .mean_best = { "profile_avg", 0.3259, NAN, NAN, 0.2240 },
    },
};

/* One window's outcome. */
typedef struct window_result {
    int ok;
    int32_t origin;
    size_t n_scored;            /* days (daily) or intervals scored */
    size_t n_extra;             /* days in the extra score */
    const char *method;
    double wape, mase, bias, coverage, extra;   /* the backtest's + extra */
    double coverage_open;       /* coverage of the cells that may be open */
    double seconds;             /* one wfm_forecast_run(), wall clock */
} window_result;

/* What a protocol contributes to the closing summary line. */
typedef struct protocol_outcome {
    int ran;                    /* 0: skipped, not selected or failed */
    double ratio;               /* wfm's mean WAPE / the best peer's */
    size_t mismatches;          /* backtest scores that run + copy disagree with */
} protocol_outcome;

typedef struct options {
    eval_options common;        /* --data, --anonymous-bank, --format, --protocol */
    int32_t method;
    int has_method;
} options;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static int
close_enough(double a, double b)
{
    if (isnan(a) && isnan(b))
        return 1;
    return fabs(a - b) <= 1e-9 * (1.0 + fabs(b));
}

static void
check_same(const char *key, const char *origin, const char *what, double backtest, double own,
           size_t *mismatches)
{
    if (close_enough(backtest, own))
        return;
    fprintf(stderr, "forecast-eval: %s %s %s: wfm_forecast_backtest() says %.10g, "
            "run + copy scored here gives %.10g\n", key, origin, what, backtest, own);
    (*mismatches)++;
}

/* ------------------------------------------------------------------------ */
/* One window                                                                */

typedef struct buffers {
    double *point, *lower, *upper, *actual, *fa, *aa;
    size_t capacity;
} buffers;

static int
buffers_fit(buffers *b, size_t n)
{
    if (n <= b->capacity)
        return 0;
    double **arrays[] = { &b->point, &b->lower, &b->upper, &b->actual, &b->fa, &b->aa };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        double *p = realloc(*arrays[i], n * sizeof *p);
        if (p == NULL)
            return -1;
        *arrays[i] = p;
    }
    b->capacity = n;
    return 0;
}

static void
buffers_free(buffers *b)
{
    free(b->point);
    free(b->lower);
    free(b->upper);
    free(b->actual);
    free(b->fa);
    free(b->aa);
}

/* WAPE over the window's dates listed in the calendar (offset 0). */
static double
holiday_wape(wfm_calendar *calendar, int32_t origin, int32_t days, const buffers *b,
             size_t *n_days)
{
    wfm_calendar_days *expansion = NULL;
    size_t n = 0;
    double wape = NAN;
    *n_days = 0;
    if (calendar == NULL
        || wfm_calendar_expand(calendar, origin, origin + days - 1, &expansion) != WFM_OK)
        return NAN;
    char *seen = calloc((size_t)days, 1);
    if (seen != NULL) {
        for (size_t i = 0; i < wfm_calendar_days_count(expansion); i++) {
            int32_t date, offset;
            if (wfm_calendar_days_row(expansion, i, &date, NULL, &offset, NULL) != WFM_OK
                || offset != 0)
                continue;
            seen[date - origin] = 1;
        }
        for (int32_t d = 0; d < days; d++) {
            if (!seen[d] || isnan(b->actual[d]))
                continue;
            b->fa[n] = b->point[d];
            b->aa[n] = b->actual[d];
            n++;
        }
        free(seen);
    }
    wfm_calendar_days_free(expansion);
    if (n > 0 && wfm_accuracy_wape(b->fa, b->aa, n, &wape) != WFM_OK)
        wape = NAN;
    *n_days = n;
    return wape;
}

/* WAPE of daily totals over the days with every interval observed. */
static double
daily_sum_wape(const buffers *b, int32_t days, int32_t per_day, size_t *n_days)
{
    size_t n = 0;
    double wape = NAN;
    for (int32_t d = 0; d < days; d++) {
        double f = 0.0, a = 0.0;
        for (int32_t j = 0; j < per_day; j++) {
            f += b->point[(size_t)d * (size_t)per_day + (size_t)j];
            a += b->actual[(size_t)d * (size_t)per_day + (size_t)j];
        }
        if (isnan(a))
            continue;
        b->fa[n] = f;
        b->aa[n] = a;
        n++;
    }
    if (n > 0 && wfm_accuracy_wape(b->fa, b->aa, n, &wape) != WFM_OK)
        wape = NAN;
    *n_days = n;
    return wape;
}

/* One wfm_forecast_run(), timed, and its result copied into @p b. */
static int32_t
forecast_into(wfm_forecast *f, const wfm_history *h, wfm_calendar *calendar,
              int32_t origin, int32_t horizon, buffers *b, size_t *count,
              window_result *r)
{
    int32_t method = -1;
    double t0 = eval_now_s();
    int32_t st = wfm_forecast_run(f, h, calendar, origin, horizon);
    r->seconds = eval_now_s() - t0;
    if (st == WFM_OK)
        st = wfm_forecast_copy(f, NULL, NULL, NULL, 0, count);
    if (st == WFM_ERANGE)
        st = WFM_OK;
    if (st == WFM_OK && buffers_fit(b, *count) != 0)
        st = WFM_ENOMEM;
    if (st == WFM_OK)
        st = wfm_forecast_copy(f, b->point, b->lower, b->upper, *count, count);
    if (st == WFM_OK)
        st = wfm_forecast_method_used(f, &method);
    r->method = wfm_forecast_method_name(method);
    return st;
}

/* WAPE, MASE, bias and coverage of the forecast in @p b, MASE scaled on
 * the days train_first .. train_last of @p s. */
static void
score_window(buffers *b, size_t count, const eval_series *s, int32_t train_first,
             int32_t train_last, window_result *own)
{
    size_t per_day = (size_t)s->per_day, all = (size_t)s->n_days * per_day;
    size_t offset = (size_t)(train_first - s->first_date) * per_day;
    size_t n_train = (size_t)(train_last - train_first + 1) * per_day;
    double v;
    if (offset + n_train > all)
        n_train = all - offset;
    own->wape = wfm_accuracy_wape(b->point, b->actual, count, &v) == WFM_OK ? v : NAN;
    own->bias = wfm_accuracy_bias(b->point, b->actual, count, &v) == WFM_OK ? v : NAN;
    own->coverage = wfm_accuracy_coverage(b->lower, b->upper, b->actual, count, &v)
                            == WFM_OK ? v : NAN;
    own->coverage_open = eval_open_coverage(b->lower, b->upper, b->actual, b->aa, count);
    own->mase = wfm_accuracy_mase(b->point, b->actual, count, s->volume + offset, n_train,
                                  7 * per_day, &v) == WFM_OK ? v : NAN;
}

static int
eval_window(const protocol *p, const window_spec *w, wfm_forecast *f,
            const wfm_history *h, wfm_calendar *calendar, const eval_series *s,
            buffers *b, window_result *r, size_t *mismatches)
{
    int32_t origin, last_day, st;
    wfm_history *cut = NULL;
    size_t count = 0, n_days = 0;
    window_result own;
    int rc = -1;

    memset(r, 0, sizeof *r);
    if (wfm_date_parse(w->origin, &origin) != WFM_OK)
        return -1;
    r->origin = origin;
    last_day = origin - 1;
    if (w->history_end != NULL) {
        st = wfm_date_parse(w->history_end, &last_day);
        if (st == WFM_OK)
            st = eval_series_history_until(s, last_day, &cut);
        if (st != WFM_OK) {
            fprintf(stderr, "forecast-eval: %s %s: history to %s: %s\n", p->key, w->origin,
                    w->history_end, wfm_status_str(st));
            goto out;
        }
        h = cut;
    } else {
        /* The library's own scores; a gap is beyond what it can express. */
        st = wfm_forecast_backtest(f, h, calendar, &origin, 1, w->horizon, &r->wape,
                                   &r->mase, &r->bias, &r->coverage);
        if (st != WFM_OK) {
            fprintf(stderr, "forecast-eval: %s %s: %s\n", p->key, w->origin,
                    wfm_forecast_errmsg(f));
            goto out;
        }
    }

    /* The same forecast by run + copy, scored here. */
    st = forecast_into(f, h, calendar, origin, w->horizon, b, &count, r);
    if (st != WFM_OK) {
        fprintf(stderr, "forecast-eval: %s %s: %s (%s)\n", p->key, w->origin,
                wfm_status_str(st), wfm_forecast_errmsg(f));
        goto out;
    }
    for (size_t i = 0; i < count; i++) {
        b->actual[i] = eval_series_at(s, origin + (int32_t)(i / (size_t)s->per_day),
                                 (int32_t)(i % (size_t)s->per_day));
        if (!isnan(b->actual[i]))
            r->n_scored++;
    }
    int32_t train_first = s->first_date;
    if (p->training_days > 0 && origin - p->training_days > train_first)
        train_first = origin - p->training_days;
    score_window(b, count, s, train_first, last_day, &own);
    r->coverage_open = own.coverage_open;
    if (cut != NULL) {
        r->wape = own.wape;
        r->mase = own.mase;
        r->bias = own.bias;
        r->coverage = own.coverage;
    } else {
        check_same(p->key, w->origin, "WAPE", r->wape, own.wape, mismatches);
        check_same(p->key, w->origin, "bias", r->bias, own.bias, mismatches);
        check_same(p->key, w->origin, "coverage", r->coverage, own.coverage, mismatches);
        check_same(p->key, w->origin, "MASE", r->mase, own.mase, mismatches);
    }

    if (p->extra == EXTRA_HOLIDAY)
        r->extra = holiday_wape(calendar, origin, w->horizon, b, &n_days);
    else
        r->extra = daily_sum_wape(b, w->horizon, s->per_day, &n_days);
    r->n_extra = n_days;
    r->ok = 1;
    rc = 0;
out:
    wfm_history_free(cut);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */

static void
table_header(const protocol *p)
{
    printf("\n%s\n", p->title);
    printf("%-10s %3s %5s %-12s | %7s %7s %-11s | %6s %6s | %6s %6s | %5s %5s | %7s %7s | %7s\n",
           "origin", "h", "n", "method", "WAPE", "peer", "(model)", "MASE", "peer",
           "bias%", "peer", "cover", "open", p->extra == EXTRA_HOLIDAY ? "holWAPE" : "dayWAPE",
           "peer", "run ms");
}

static void
table_row(const char *label, int32_t h, size_t n, const char *method, double wape,
          double mase, double bias, double coverage, double coverage_open, double extra,
          double ms, const peer *best)
{
    char hs[16] = "", ns[24] = "", mss[32] = "", c[10][32];
    if (h > 0)
        snprintf(hs, sizeof hs, "%d", (int)h);
    if (n > 0)
        snprintf(ns, sizeof ns, "%zu", n);
    if (ms >= 0.0)
        snprintf(mss, sizeof mss, "%.1f", ms);
    printf("%-10s %3s %5s %-12s | %7s %7s %-11s | %6s %6s | %6s %6s | %5s %5s | %7s %7s | %7s\n",
           label, hs, ns, method, eval_cell(c[0], sizeof c[0], "%.4f", wape),
           eval_cell(c[1], sizeof c[1], "%.4f", best->wape), best->model,
           eval_cell(c[2], sizeof c[2], "%.3f", mase),
           eval_cell(c[3], sizeof c[3], "%.3f", best->mase),
           eval_cell(c[4], sizeof c[4], "%+.1f", 100.0 * bias),
           eval_cell(c[5], sizeof c[5], "%+.1f", best->bias_pct),
           eval_cell(c[6], sizeof c[6], "%.2f", coverage),
           eval_cell(c[9], sizeof c[9], "%.2f", coverage_open),
           eval_cell(c[7], sizeof c[7], "%.4f", extra),
           eval_cell(c[8], sizeof c[8], "%.4f", best->extra), mss);
}

static void
json_peer(const peer *best)
{
    printf("{\"model\": \"%s\", \"wape\": ", best->model);
    eval_json_number(best->wape);
    fputs(", \"mase\": ", stdout);
    eval_json_number(best->mase);
    fputs(", \"bias\": ", stdout);
    eval_json_number(best->bias_pct / 100.0);
    fputs(", \"extra\": ", stdout);
    eval_json_number(best->extra);
    fputc('}', stdout);
}

static void
json_scores(double wape, double mase, double bias, double coverage, double coverage_open,
            double extra)
{
    fputs("\"wape\": ", stdout);
    eval_json_number(wape);
    fputs(", \"mase\": ", stdout);
    eval_json_number(mase);
    fputs(", \"bias\": ", stdout);
    eval_json_number(bias);
    fputs(", \"coverage\": ", stdout);
    eval_json_number(coverage);
    fputs(", \"coverage_open\": ", stdout);
    eval_json_number(coverage_open);
    fputs(", \"extra\": ", stdout);
    eval_json_number(extra);
}

/* A protocol's entry without scores: skipped for @p skip_reason, or
 * failed when that is NULL. */
static void
json_stub(const protocol *p, const char *skip_reason, int *first_json)
{
    printf("%s\n    {\"name\": \"%s\", ", *first_json ? "" : ",", p->key);
    if (skip_reason != NULL)
        printf("\"skipped\": \"%s\"}", skip_reason);
    else
        fputs("\"failed\": true}", stdout);
    *first_json = 0;
}

static void
print_json(const protocol *p, const window_result *results, const window_result *mean,
           double ratio, int *first_json)
{
    printf("%s\n    {\"name\": \"%s\", \"title\": \"%s\", \"extra\": \"%s\", "
           "\"windows\": [", *first_json ? "" : ",", p->key, p->title,
           extra_names[p->extra]);
    *first_json = 0;
    for (size_t i = 0; i < p->n_windows; i++) {
        const window_result *r = &results[i];
        const window_spec *w = &p->windows[i];
        printf("%s\n      {\"origin\": \"%s\", \"horizon\": %d, \"n\": %zu, "
               "\"extra_days\": %zu, \"in_mean\": %s, \"method\": \"%s\", "
               "\"run_seconds\": %.6f, ",
               i ? "," : "", w->origin, (int)w->horizon, r->n_scored, r->n_extra,
               i < p->n_mean ? "true" : "false", r->method ? r->method : "?", r->seconds);
        if (w->history_end != NULL)
            printf("\"history_end\": \"%s\", ", w->history_end);
        json_scores(r->wape, r->mase, r->bias, r->coverage, r->coverage_open, r->extra);
        fputs(", \"best_peer\": ", stdout);
        json_peer(&w->best);
        fputc('}', stdout);
    }
    fputs("\n    ], \"mean\": {", stdout);
    json_scores(mean->wape, mean->mase, mean->bias, mean->coverage, mean->coverage_open,
                mean->extra);
    fputs("}, \"best_peer_mean\": ", stdout);
    json_peer(&p->mean_best);
    fputs(", \"ratio\": ", stdout);
    eval_json_number(ratio);
    printf(", \"beats_peer\": %s}", ratio < 1.0 ? "true" : "false");
}

static void
print_table(const protocol *p, const window_result *results, const window_result *mean,
            double ratio)
{
    table_header(p);
    for (size_t i = 0; i < p->n_windows; i++) {
        const window_result *r = &results[i];
        if (i == p->n_mean)
            table_row("mean", 0, 0, "", mean->wape, mean->mase, mean->bias,
                      mean->coverage, mean->coverage_open, mean->extra, -1.0, &p->mean_best);
        table_row(p->windows[i].origin, p->windows[i].horizon, r->n_scored,
                  r->method ? r->method : "?", r->wape, r->mase, r->bias,
                  r->coverage, r->coverage_open, r->extra, 1e3 * r->seconds,
                  &p->windows[i].best);
    }
    if (p->n_mean == p->n_windows)
        table_row("mean", 0, 0, "", mean->wape, mean->mase, mean->bias, mean->coverage,
                  mean->coverage_open, mean->extra, -1.0, &p->mean_best);
    printf("  (%s; peer = best in PEERS.md for the window, or best mean)\n", p->notes);
    printf("  wfm / best peer, mean WAPE: %.4f / %.4f (%s) = %.3f: %s\n", mean->wape,
           p->mean_best.wape, p->mean_best.model, ratio,
           ratio < 1.0 ? "wfm ahead" : "peer ahead");
}

/* ------------------------------------------------------------------------ */
/* One protocol                                                              */

static void
results_mean(const window_result *results, size_t n, window_result *mean)
{
    memset(mean, 0, sizeof *mean);
    for (size_t i = 0; i < n; i++) {
        mean->wape += results[i].wape / (double)n;
        mean->mase += results[i].mase / (double)n;
        mean->bias += results[i].bias / (double)n;
        mean->coverage += results[i].coverage / (double)n;
        mean->coverage_open += results[i].coverage_open / (double)n;
        mean->extra += results[i].extra / (double)n;
    }
}

/* Runs the protocol and prints it. Returns 0, or -1 on a failure. */
static int
run_protocol(const options *o, const protocol *p, const eval_input *in,
             int *first_json, protocol_outcome *outcome)
{
    wfm_history *h = NULL;
    wfm_calendar *calendar = NULL;
    wfm_forecast *f = NULL;
    window_result results[MAX_WINDOWS], mean;
    eval_series s;
    buffers b;
    int rc = -1;

    memset(outcome, 0, sizeof *outcome);
    memset(&s, 0, sizeof s);
    memset(&b, 0, sizeof b);
    if (in->skip_reason != NULL) {
        if (o->common.json)
            json_stub(p, in->skip_reason, first_json);
        else
            printf("\n%s\n  skipped: %s\n", p->title, in->skip_reason);
        return 0;
    }
    if (p->n_windows > MAX_WINDOWS || wfm_forecast_new(&f) != WFM_OK
        || eval_load_input("forecast-eval", in, &h, &calendar) != 0
        || eval_series_load(&s, h) != 0
        || wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, p->training_days) != WFM_OK
        || (o->has_method
            && wfm_forecast_set_int(f, WFM_FORECAST_METHOD, o->method) != WFM_OK)) {
        /* A protocol that cannot start still has its entry: no silent gap. */
        if (o->common.json)
            json_stub(p, NULL, first_json);
        else
            printf("\n%s\n  FAILED before the first origin (the message is on stderr)\n",
                   p->title);
        goto out;
    }

    for (size_t i = 0; i < p->n_windows; i++) {
        if (eval_window(p, &p->windows[i], f, h, calendar, &s, &b, &results[i],
                        &outcome->mismatches) != 0) {
            if (o->common.json)
                json_stub(p, NULL, first_json);
            else
                printf("\n%s\n  FAILED at origin %s (the message is on stderr)\n",
                       p->title, p->windows[i].origin);
            goto out;
        }
    }

    results_mean(results, p->n_mean, &mean);
    outcome->ran = 1;
    outcome->ratio = mean.wape / p->mean_best.wape;
    if (o->common.json)
        print_json(p, results, &mean, outcome->ratio, first_json);
    else
        print_table(p, results, &mean, outcome->ratio);
    rc = 0;
out:
    buffers_free(&b);
    eval_series_free(&s);
    wfm_forecast_free(f);
    wfm_calendar_free(calendar);
    wfm_history_free(h);
    return rc;
}

/* The closing line: how far wfm is from the best peer over the protocols
 * that ran (a ratio below 1 beats it). */
static void
print_summary(const options *o, const protocol_outcome *outcomes)
{
    size_t ran = 0, beaten = 0, not_run = 0;
    double sum = 0.0;
    for (size_t i = 0; i < PROTOCOL_COUNT; i++) {
        if (!eval_selected(&o->common, i))
            continue;
        if (!outcomes[i].ran) {
            not_run++;
            continue;
        }
        ran++;
        sum += outcomes[i].ratio;
        if (outcomes[i].ratio < 1.0)
            beaten++;
    }
    double mean_ratio = ran > 0 ? sum / (double)ran : NAN;
    if (o->common.json) {
        printf("\n  ],\n  \"summary\": {\"protocols\": %zu, \"not_run\": %zu, "
               "\"mean_ratio\": ", ran, not_run);
        eval_json_number(mean_ratio);
        printf(", \"beaten\": %zu}", beaten);
        return;
    }
    printf("\nsummary: mean over %zu protocol%s of wfm mean WAPE / best peer mean WAPE = "
           "%.3f; wfm beats the best peer in %zu of %zu",
           ran, ran == 1 ? "" : "s", mean_ratio, beaten, ran);
    if (not_run > 0)
        printf(" (%zu skipped or failed)", not_run);
    putchar('\n');
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */

static void
usage(FILE *out)
{
    fputs("Usage: forecast-eval [--data DIR] [--anonymous-bank FILE]\n"
          "                     [--protocol KEY[,KEY...]]...\n"
          "                     [--method auto|regression|recent-weeks]\n"
          "                     [--format table|json]\n"
          "Scores wfm's forecasts on the windows of shared/data/PEERS.md and prints\n"
          "them next to the best peer's numbers there: WAPE, MASE, bias, interval\n"
          "coverage, and the holiday-day WAPE (daily) or daily-sum WAPE (intraday);\n"
          "per protocol and over all, the ratio of wfm's mean WAPE to the best peer's.\n"
          "\n"
          "  --data DIR             test data: nyc_ems_daily.csv,\n"
          "                         nyc_ems_holidays_us.csv, na_bank_2003_30min.csv,\n"
          "                         online_retail_daily.csv, online_retail_hourly.csv,\n"
          "                         online_retail_holidays_uk.csv (or shared/data's\n"
          "                         nyc_ems/, na_bank_2003/, online_retail_2010_2011/\n"
          "                         layout); default the source tree's tests/data/volume\n"
          "  --anonymous-bank FILE  anonymous_bank_1999/calls_30min.csv; without it\n"
          "                         the one under --data, else the slice\n"
          "                         anonymous_bank_1999_30min.csv in its parent\n"
          "                         (tests/data), else that protocol is skipped\n"
          "  --protocol KEY         run only these protocols (repeat, or a comma\n"
          "                         list); default all:\n", out);
    for (size_t i = 0; i < PROTOCOL_COUNT; i++)
        fprintf(out, "                           %s\n", protocols[i].key);
    fputs("  --method NAME          force a method (default auto)\n"
          "  --format table|json    output (default table)\n"
          "\n"
          "Exit status: 0 success, 1 a forecast failed or the library's backtest\n"
          "scores disagree with run + copy scored here, 2 bad usage. A protocol\n"
          "where wfm trails the peer is not a failure.\n", out);
}

static const char *
protocol_key(size_t i)
{
    return protocols[i].key;
}

/* --method NAME (the program's only option of its own): a name
 * wfm_forecast_method_name() gives. */
static int
method_option(void *ctx, size_t index, const char *value)
{
    options *o = ctx;
    const char *name;
    int32_t m;
    (void)index;
    for (m = 0; (name = wfm_forecast_method_name(m)) != NULL; m++)
        if (strcmp(name, value) == 0)
            break;
    if (name == NULL)
        return -1;
    o->method = m;
    o->has_method = 1;
    return 0;
}

static const char *const own_options[] = { "--method" };

static const eval_command command = {
    .prog = "forecast-eval",
    .usage = usage,
    .select_name = "--protocol", .select_noun = "protocol",
    .n_keys = PROTOCOL_COUNT, .key = protocol_key,
    .names = own_options, .n_names = COUNT_OF(own_options),
    .option = method_option,
};

int
main(int argc, char **argv)
{
    options o;
    eval_input input;
    protocol_outcome outcomes[PROTOCOL_COUNT];
    int rc, failed = 0, first_json = 1;

    memset(&o, 0, sizeof o);
    rc = eval_parse_args(&command, &o, argc, argv, &o.common);

    if (rc != 0)
        return rc > 0 ? 0 : 2;
    (void)wfm_gsl_disable_abort();

    if (o.common.json) {
        printf("{\n  \"wfm_version\": \"%s\",\n  \"method\": \"%s\",\n  \"protocols\": [",
               wfm_version_string(),
               wfm_forecast_method_name(o.has_method ? o.method : WFM_FORECAST_AUTO));
    } else {
        printf("forecast-eval: wfm %s on the PEERS.md protocols (method %s)\n",
               wfm_version_string(),
               wfm_forecast_method_name(o.has_method ? o.method : WFM_FORECAST_AUTO));
        printf("WAPE, MASE, bias%%, cover(age of the interval) from "
               "wfm_forecast_backtest(); open = the coverage without the closed\n"
               "cells (bounds [0, 0], no contacts); n = points scored; "
               "run ms = one fit + forecast\n");
    }
    memset(outcomes, 0, sizeof outcomes);
    for (size_t i = 0; i < PROTOCOL_COUNT; i++) {
        if (!eval_selected(&o.common, i))
            continue;
        eval_resolve_input(&o.common, &protocols[i].files, "no --anonymous-bank FILE given",
                           &input);
        if (run_protocol(&o, &protocols[i], &input, &first_json, &outcomes[i]) != 0)
            failed = 1;
    }
    print_summary(&o, outcomes);
    size_t mismatches = 0;
    for (size_t i = 0; i < PROTOCOL_COUNT; i++)
        mismatches += outcomes[i].mismatches;
    if (o.common.json)
        printf(",\n  \"score_mismatches\": %zu\n}\n", mismatches);
    if (mismatches > 0) {
        fprintf(stderr, "forecast-eval: %zu score%s of wfm_forecast_backtest() differ "
                "from run + copy\n", mismatches, mismatches == 1 ? "" : "s");
        failed = 1;
    }
    return eval_exit_status(failed);
}
