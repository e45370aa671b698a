/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast-eval — wfm's forecasts on the protocols of shared/data/PEERS.md,
 * next to the best peer's numbers from that file.
 *
 * Protocols (every forecast uses only the history before its origin):
 *   nyc      NYC EMS daily, calendar = the Prophet holidays CSV, all the
 *            history before the origin; origins 2014/2015/2016/2017-11-01
 *            (61 days, averaged) and 2016-12-01 (45 days, shown apart).
 *            Extra score: holiday-day WAPE, over the window's dates listed
 *            in the holidays CSV.
 *   anon     Anonymous Bank 1999, 30-minute, all 48 intervals and 7 days;
 *            origins 1999-06-06/13/20/27, training 56 days
 *            (WFM_FORECAST_TRAINING_DAYS), 14 days ahead. From
 *            --anonymous-bank FILE, or the data directory, or the slice
 *            tests/data/anonymous_bank_1999_30min.csv (the days these
 *            origins use) next to the default directory.
 *   nabank   NA bank 2003, 30-minute; origins 2003-07-28, 08-04, 08-11,
 *            08-18, training 56 calendar days (8 weeks), 14 days forecast
 *            and only the 10 weekdays present in the data scored (absent
 *            days, weekends and holidays, stay absent).
 *   Extra score for both intraday sets: daily-sum WAPE.
 *
 * WAPE, MASE, bias and coverage are wfm_forecast_backtest()'s, one origin
 * at a time. The program recomputes them from wfm_forecast_run() +
 * wfm_forecast_copy() + wfm_history_copy() with wfm/accuracy.h, where it
 * also computes the extra scores, and reports any disagreement on stderr
 * (exit 1). Intraday windows are scored per interval over all cells of the
 * days present; closed intervals (0 contacts) count with their forecast.
 * MASE's scale is the one-week-ago error over the training span (pairs with
 * an absent day skipped), where PEERS.md uses a gap-filled 5-day week for
 * the NA bank: close, not identical.
 *
 * The peer numbers are copied from PEERS.md (the best model per window,
 * and the best mean), not recomputed.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <wfm.h>

#ifndef EVAL_DATA_DIR
#  define EVAL_DATA_DIR "tests/data/volume"
#endif

/* A peer's scores as PEERS.md gives them (bias in %). */
typedef struct peer {
    const char *model;
    double wape, mase, bias_pct, extra;
} peer;

typedef struct window_spec {
    const char *origin;
    int32_t horizon;
    peer best;          /* the best peer in this window */
} window_spec;

typedef struct protocol {
    const char *key, *title, *notes;
    const char *extra_name;     /* "holiday WAPE" / "daily-sum WAPE" */
    int holiday_extra;          /* 1: holiday-day WAPE, 0: daily-sum WAPE */
    int32_t training_days;      /* 0 = all */
    const window_spec *windows;
    size_t n_windows;
    size_t n_mean;              /* the first n_mean windows are averaged */
    peer mean_best;             /* the best peer's mean over them */
} protocol;

static const window_spec nyc_windows[] = {
    { "2014-11-01", 61, { "tslm", 0.0329, 0.579, -0.4, 0.0192 } },
    { "2015-11-01", 61, { "tslm", 0.0385, 0.700, +0.8, 0.0448 } },
    { "2016-11-01", 61, { "tslm", 0.0340, 0.637, -0.7, 0.0425 } },
    { "2017-11-01", 61, { "tslm", 0.0343, 0.647, -0.9, 0.0412 } },
    { "2016-12-01", 45, { "tslm", 0.0403, 0.783, -2.6, 0.0398 } },
};
static const window_spec anon_windows[] = {
    { "1999-06-06", 14, { "profile_avg", 0.2482, 0.644, -7.3, 0.1188 } },
    { "1999-06-13", 14, { "profile_avg", 0.2755, 0.701, +0.2, 0.1519 } },
    { "1999-06-20", 14, { "profile_avg", 0.2613, 0.682, +6.7, 0.1934 } },
    { "1999-06-27", 14, { "profile_avg", 0.2727, 0.831, -7.6, 0.1935 } },
};
static const window_spec nabank_windows[] = {
    { "2003-07-28", 14, { "profile_avg", 0.0642, 0.825, -4.3, 0.0509 } },
    { "2003-08-04", 14, { "dshw", 0.0519, 0.652, +1.7, 0.0222 } },
    { "2003-08-11", 14, { "tbats", 0.0429, 0.506, +1.0, 0.0197 } },
    { "2003-08-18", 14, { "mstl", 0.0430, 0.510, +0.5, 0.0295 } },
};

enum { PROTOCOL_NYC, PROTOCOL_ANON, PROTOCOL_NABANK, PROTOCOL_COUNT };

static const protocol protocols[PROTOCOL_COUNT] = {
    [PROTOCOL_NYC] = { "nyc_ems_daily", "NYC EMS daily, Nov-Dec (calendar: Prophet "
                       "holidays CSV, all history before the origin)",
                       "mean over the 4 Nov-Dec windows; 2016-12-01 (h=45) apart",
                       "holiday WAPE", 1, 0, nyc_windows, 5, 4,
                       { "tslm", 0.0349, 0.641, -0.3, 0.0369 } },
    [PROTOCOL_ANON] = { "anonymous_bank_1999_30min", "Anonymous Bank 1999, 30-minute "
                        "(training 56 days, 14 days ahead, 48 intervals)",
                        "mean over the 4 origins", "daily-sum WAPE", 0, 56,
                        anon_windows, 4, 4,
                        { "profile_avg", 0.2644, 0.715, -2.0, 0.1644 } },
    [PROTOCOL_NABANK] = { "na_bank_2003_30min", "NA bank 2003, 30-minute (training 8 "
                          "weeks, 14 days forecast, the 10 weekdays scored)",
                          "mean over the 4 origins", "daily-sum WAPE", 0, 56,
                          nabank_windows, 4, 4,
                          { "profile_avg", 0.0579, 0.712, +1.2, 0.0465 } },
};

/* One window's outcome. */
typedef struct window_result {
    int ok;
    int32_t origin;
    size_t n_scored;            /* days (daily) or intervals scored */
    size_t n_extra;             /* days in the extra score */
    const char *method;
    double wape, mase, bias, coverage, extra;   /* the backtest's + extra */
    double seconds;             /* one wfm_forecast_run(), wall clock */
} window_result;

typedef struct options {
    const char *data_dir;
    const char *anonymous_bank;
    int json;
    int32_t method;
    int has_method;
} options;

static size_t mismatches;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static double
now_s(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int
file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* DIR/a if it exists, else DIR/b (the shared/data layout), into @p buf. */
static const char *
find_file(char *buf, size_t size, const char *dir, const char *a, const char *b)
{
    snprintf(buf, size, "%s/%s", dir, a);
    if (file_exists(buf) || b == NULL)
        return buf;
    snprintf(buf, size, "%s/%s", dir, b);
    return buf;
}

/* The history's cells (day-major, NaN = not observed), owned. */
typedef struct series {
    int32_t first_date, n_days, per_day;
    double *volume;
} series;

static int
series_load(series *s, const wfm_history *h)
{
    size_t count = 0;
    int32_t interval = 0;
    memset(s, 0, sizeof *s);
    if (wfm_history_span(h, &s->first_date, &s->n_days, &interval) != WFM_OK)
        return -1;
    s->per_day = interval >= 1440 ? 1 : 1440 / interval;
    int32_t st = wfm_history_copy(h, NULL, NULL, 0, &count);
    if (st != WFM_OK && st != WFM_ERANGE)
        return -1;
    s->volume = malloc((count ? count : 1) * sizeof *s->volume);
    if (s->volume == NULL || wfm_history_copy(h, s->volume, NULL, count, &count) != WFM_OK)
        return -1;
    return 0;
}

/* The actual of day @p date, interval @p j (NaN outside the history). */
static double
series_at(const series *s, int32_t date, int32_t j)
{
    int64_t d = (int64_t)date - s->first_date;
    if (d < 0 || d >= s->n_days)
        return NAN;
    return s->volume[(size_t)d * (size_t)s->per_day + (size_t)j];
}

static int
close_enough(double a, double b)
{
    if (isnan(a) && isnan(b))
        return 1;
    return fabs(a - b) <= 1e-9 * (1.0 + fabs(b));
}

static void
check_same(const char *what, const char *origin, double backtest, double own)
{
    if (close_enough(backtest, own))
        return;
    fprintf(stderr, "forecast-eval: %s %s: wfm_forecast_backtest() says %.10g, "
            "run + copy scored here gives %.10g\n", origin, what, backtest, own);
    mismatches++;
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

static int
eval_window(const protocol *p, const window_spec *w, wfm_forecast *f,
            const wfm_history *h, wfm_calendar *calendar, const series *s,
            buffers *b, window_result *r)
{
    int32_t origin, method = -1;
    size_t count = 0, n_days = 0;
    double v;

    memset(r, 0, sizeof *r);
    if (wfm_date_parse(w->origin, &origin) != WFM_OK)
        return -1;
    r->origin = origin;

    /* The library's own scores. */
    int32_t st = wfm_forecast_backtest(f, h, calendar, &origin, 1, w->horizon, &r->wape,
                                       &r->mase, &r->bias, &r->coverage);
    if (st != WFM_OK) {
        fprintf(stderr, "forecast-eval: %s %s: %s\n", p->key, w->origin,
                wfm_forecast_errmsg(f));
        return -1;
    }

    /* The same forecast by run + copy, timed, scored here. */
    double t0 = now_s();
    st = wfm_forecast_run(f, h, calendar, origin, w->horizon);
    r->seconds = now_s() - t0;
    if (st == WFM_OK)
        st = wfm_forecast_copy(f, NULL, NULL, NULL, 0, &count);
    if (st == WFM_ERANGE)
        st = WFM_OK;
    if (st == WFM_OK && buffers_fit(b, count) != 0)
        st = WFM_ENOMEM;
    if (st == WFM_OK)
        st = wfm_forecast_copy(f, b->point, b->lower, b->upper, count, &count);
    if (st == WFM_OK)
        st = wfm_forecast_method_used(f, &method);
    if (st != WFM_OK) {
        fprintf(stderr, "forecast-eval: %s %s: %s (%s)\n", p->key, w->origin,
                wfm_status_str(st), wfm_forecast_errmsg(f));
        return -1;
    }
    r->method = wfm_forecast_method_name(method);
    for (size_t i = 0; i < count; i++) {
        b->actual[i] = series_at(s, origin + (int32_t)(i / (size_t)s->per_day),
                                 (int32_t)(i % (size_t)s->per_day));
        if (!isnan(b->actual[i]))
            r->n_scored++;
    }

    /* Recompute the backtest's scores as a check. */
    int32_t train_first = s->first_date;
    if (p->training_days > 0 && origin - p->training_days > train_first)
        train_first = origin - p->training_days;
    size_t train_offset = (size_t)(train_first - s->first_date) * (size_t)s->per_day;
    size_t train_count = (size_t)(origin - train_first) * (size_t)s->per_day;
    if (train_offset + train_count > (size_t)s->n_days * (size_t)s->per_day)
        train_count = (size_t)s->n_days * (size_t)s->per_day - train_offset;
    check_same("WAPE", w->origin, r->wape,
               wfm_accuracy_wape(b->point, b->actual, count, &v) == WFM_OK ? v : NAN);
    check_same("bias", w->origin, r->bias,
               wfm_accuracy_bias(b->point, b->actual, count, &v) == WFM_OK ? v : NAN);
    check_same("coverage", w->origin, r->coverage,
               wfm_accuracy_coverage(b->lower, b->upper, b->actual, count, &v) == WFM_OK
                   ? v : NAN);
    check_same("MASE", w->origin, r->mase,
               wfm_accuracy_mase(b->point, b->actual, count, s->volume + train_offset,
                                 train_count, 7 * (size_t)s->per_day, &v) == WFM_OK
                   ? v : NAN);

    if (p->holiday_extra)
        r->extra = holiday_wape(calendar, origin, w->horizon, b, &n_days);
    else
        r->extra = daily_sum_wape(b, w->horizon, s->per_day, &n_days);
    r->n_extra = n_days;
    r->ok = 1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */

static void
table_header(const protocol *p)
{
    printf("\n%s\n", p->title);
    printf("%-10s %3s %5s %-12s | %7s %7s %-11s | %6s %6s | %6s %6s | %5s | %7s %7s | %7s\n",
           "origin", "h", "n", "method", "WAPE", "peer", "(model)", "MASE", "peer",
           "bias%", "peer", "cover", p->holiday_extra ? "holWAPE" : "dayWAPE", "peer",
           "run ms");
}

static void
table_row(const char *label, int32_t h, size_t n, const char *method, double wape,
          double mase, double bias, double coverage, double extra, double ms,
          const peer *best)
{
    char hs[16] = "", ns[24] = "", mss[32] = "";
    if (h > 0)
        snprintf(hs, sizeof hs, "%d", (int)h);
    if (n > 0)
        snprintf(ns, sizeof ns, "%zu", n);
    if (ms >= 0.0)
        snprintf(mss, sizeof mss, "%.1f", ms);
    printf("%-10s %3s %5s %-12s | %7.4f %7.4f %-11s | %6.3f %6.3f | %+6.1f %+6.1f | "
           "%5.2f | %7.4f %7.4f | %7s\n",
           label, hs, ns, method, wape, best->wape, best->model, mase, best->mase,
           100.0 * bias, best->bias_pct, coverage, extra, best->extra, mss);
}

static void
json_number(double x)
{
    if (isfinite(x))
        printf("%.6g", x);
    else
        fputs("null", stdout);
}

static void
json_peer(const peer *best)
{
    printf("{\"model\": \"%s\", \"wape\": ", best->model);
    json_number(best->wape);
    fputs(", \"mase\": ", stdout);
    json_number(best->mase);
    fputs(", \"bias\": ", stdout);
    json_number(best->bias_pct / 100.0);
    fputs(", \"extra\": ", stdout);
    json_number(best->extra);
    fputc('}', stdout);
}

static void
json_scores(double wape, double mase, double bias, double coverage, double extra)
{
    fputs("\"wape\": ", stdout);
    json_number(wape);
    fputs(", \"mase\": ", stdout);
    json_number(mase);
    fputs(", \"bias\": ", stdout);
    json_number(bias);
    fputs(", \"coverage\": ", stdout);
    json_number(coverage);
    fputs(", \"extra\": ", stdout);
    json_number(extra);
}

/* ------------------------------------------------------------------------ */
/* One protocol                                                              */

typedef struct protocol_input {
    const char *history_path;
    const char *events_path;    /* NULL = no calendar */
    const char *skip_reason;    /* non-NULL: not run */
} protocol_input;

/* Runs the protocol and prints it. Returns 0, or -1 on a failure. */
static int
run_protocol(const options *o, const protocol *p, const protocol_input *in,
             int *first_json)
{
    wfm_history *h = NULL;
    wfm_calendar *calendar = NULL;
    wfm_forecast *f = NULL;
    window_result results[8];
    series s;
    buffers b;
    int rc = -1;

    memset(&s, 0, sizeof s);
    memset(&b, 0, sizeof b);
    if (in->skip_reason != NULL) {
        if (o->json) {
            printf("%s\n    {\"name\": \"%s\", \"skipped\": \"%s\"}", *first_json ? "" : ",",
                   p->key, in->skip_reason);
            *first_json = 0;
        } else {
            printf("\n%s\n  skipped: %s\n", p->title, in->skip_reason);
        }
        return 0;
    }
    if (wfm_history_new(&h) != WFM_OK || wfm_forecast_new(&f) != WFM_OK)
        goto out;
    if (wfm_history_read_file(h, in->history_path) != WFM_OK) {
        fprintf(stderr, "forecast-eval: %s\n", wfm_history_errmsg(h));
        goto out;
    }
    if (in->events_path != NULL) {
        if (wfm_calendar_new(&calendar) != WFM_OK)
            goto out;
        if (wfm_calendar_add_prophet_file(calendar, in->events_path) != WFM_OK) {
            fprintf(stderr, "forecast-eval: %s\n", wfm_calendar_errmsg(calendar));
            goto out;
        }
    }
    if (series_load(&s, h) != 0
        || wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, p->training_days) != WFM_OK
        || (o->has_method
            && wfm_forecast_set_int(f, WFM_FORECAST_METHOD, o->method) != WFM_OK))
        goto out;

    for (size_t i = 0; i < p->n_windows; i++) {
        if (eval_window(p, &p->windows[i], f, h, calendar, &s, &b, &results[i]) != 0) {
            if (o->json) {
                printf("%s\n    {\"name\": \"%s\", \"failed\": true}",
                       *first_json ? "" : ",", p->key);
                *first_json = 0;
            } else {
                printf("\n%s\n  FAILED at origin %s (the message is on stderr)\n",
                       p->title, p->windows[i].origin);
            }
            goto out;
        }
    }

    double mean[5] = { 0, 0, 0, 0, 0 };
    for (size_t i = 0; i < p->n_mean; i++) {
        mean[0] += results[i].wape / (double)p->n_mean;
        mean[1] += results[i].mase / (double)p->n_mean;
        mean[2] += results[i].bias / (double)p->n_mean;
        mean[3] += results[i].coverage / (double)p->n_mean;
        mean[4] += results[i].extra / (double)p->n_mean;
    }

    if (o->json) {
        printf("%s\n    {\"name\": \"%s\", \"title\": \"%s\", \"extra\": \"%s\", "
               "\"windows\": [", *first_json ? "" : ",", p->key, p->title, p->extra_name);
        *first_json = 0;
        for (size_t i = 0; i < p->n_windows; i++) {
            const window_result *r = &results[i];
            printf("%s\n      {\"origin\": \"%s\", \"horizon\": %d, \"n\": %zu, "
                   "\"extra_days\": %zu, \"in_mean\": %s, \"method\": \"%s\", "
                   "\"run_seconds\": %.6f, ",
                   i ? "," : "", p->windows[i].origin, (int)p->windows[i].horizon,
                   r->n_scored, r->n_extra, i < p->n_mean ? "true" : "false",
                   r->method ? r->method : "?", r->seconds);
            json_scores(r->wape, r->mase, r->bias, r->coverage, r->extra);
            fputs(", \"best_peer\": ", stdout);
            json_peer(&p->windows[i].best);
            fputc('}', stdout);
        }
        fputs("\n    ], \"mean\": {", stdout);
        json_scores(mean[0], mean[1], mean[2], mean[3], mean[4]);
        fputs("}, \"best_peer_mean\": ", stdout);
        json_peer(&p->mean_best);
        fputs("}", stdout);
    } else {
        table_header(p);
        for (size_t i = 0; i < p->n_windows; i++) {
            const window_result *r = &results[i];
            if (i == p->n_mean)
                table_row("mean", 0, 0, "", mean[0], mean[1], mean[2],
                          mean[3], mean[4], -1.0, &p->mean_best);
            table_row(p->windows[i].origin, p->windows[i].horizon, r->n_scored,
                      r->method ? r->method : "?", r->wape, r->mase, r->bias,
                      r->coverage, r->extra, 1e3 * r->seconds, &p->windows[i].best);
        }
        if (p->n_mean == p->n_windows)
            table_row("mean", 0, 0, "", mean[0], mean[1], mean[2], mean[3], mean[4], -1.0,
                      &p->mean_best);
        printf("  (%s; peer = best in PEERS.md for the window, or best mean)\n",
               p->notes);
    }
    rc = 0;
out:
    buffers_free(&b);
    free(s.volume);
    wfm_forecast_free(f);
    wfm_calendar_free(calendar);
    wfm_history_free(h);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */

static void
usage(FILE *out)
{
    fputs("Usage: forecast-eval [--data DIR] [--anonymous-bank FILE]\n"
          "                     [--method auto|regression|recent-weeks]\n"
          "                     [--format table|json]\n"
          "Scores wfm's forecasts on the windows of shared/data/PEERS.md and prints\n"
          "them next to the best peer's numbers there: WAPE, MASE, bias, interval\n"
          "coverage, and the holiday-day WAPE (NYC) or daily-sum WAPE (intraday).\n"
          "\n"
          "  --data DIR             test data: nyc_ems_daily.csv,\n"
          "                         nyc_ems_holidays_us.csv, na_bank_2003_30min.csv\n"
          "                         (or shared/data's nyc_ems/, na_bank_2003/ layout);\n"
          "                         default the source tree's tests/data/volume\n"
          "  --anonymous-bank FILE  anonymous_bank_1999/calls_30min.csv; without it\n"
          "                         the one under --data, else the slice\n"
          "                         anonymous_bank_1999_30min.csv in its parent\n"
          "                         (tests/data), else that protocol is skipped\n"
          "  --method NAME          force a method (default auto)\n"
          "  --format table|json    output (default table)\n"
          "\n"
          "Exit status: 0 success, 1 a forecast failed or the library's backtest\n"
          "scores disagree with run + copy scored here, 2 bad usage.\n", out);
}

static int
parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->data_dir = EVAL_DATA_DIR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const char *names[] = { "--data", "--anonymous-bank", "--format", "--method" };
        size_t k;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        }
        for (k = 0; k < 4; k++) {
            size_t len = strlen(names[k]);
            if (strncmp(a, names[k], len) == 0 && a[len] == '=') {
                v = a + len + 1;
                break;
            }
            if (strcmp(a, names[k]) == 0 && i + 1 < argc) {
                v = argv[++i];
                break;
            }
        }
        if (v == NULL || *v == '\0')
            goto bad;
        if (k == 0) {
            o->data_dir = v;
        } else if (k == 1) {
            o->anonymous_bank = v;
        } else if (k == 2) {
            if (strcmp(v, "json") == 0)
                o->json = 1;
            else if (strcmp(v, "table") != 0 && strcmp(v, "console") != 0)
                goto bad;
        } else {
            const char *name;
            int32_t m;
            for (m = 0; (name = wfm_forecast_method_name(m)) != NULL; m++)
                if (strcmp(name, v) == 0)
                    break;
            if (name == NULL)
                goto bad;
            o->method = m;
            o->has_method = 1;
        }
        continue;
bad:
        fprintf(stderr, "forecast-eval: bad option '%s' (see --help)\n", a);
        return -1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    options o;
    char nyc[4096], hol[4096], nab[4096], anon[4096];
    protocol_input inputs[PROTOCOL_COUNT];
    int rc = parse_args(argc, argv, &o), failed = 0, first_json = 1;

    if (rc != 0)
        return rc > 0 ? 0 : 2;
    (void)wfm_gsl_disable_abort();

    memset(inputs, 0, sizeof inputs);
    inputs[PROTOCOL_NYC].history_path =
        find_file(nyc, sizeof nyc, o.data_dir, "nyc_ems_daily.csv", "nyc_ems/daily.csv");
    inputs[PROTOCOL_NYC].events_path =
        find_file(hol, sizeof hol, o.data_dir, "nyc_ems_holidays_us.csv",
                  "nyc_ems/holidays_us.csv");
    inputs[PROTOCOL_NABANK].history_path =
        find_file(nab, sizeof nab, o.data_dir, "na_bank_2003_30min.csv",
                  "na_bank_2003/calls_30min.csv");
    if (o.anonymous_bank != NULL) {
        inputs[PROTOCOL_ANON].history_path = o.anonymous_bank;
    } else {
        find_file(anon, sizeof anon, o.data_dir, "anonymous_bank_1999_30min.csv",
                  "anonymous_bank_1999/calls_30min.csv");
        if (!file_exists(anon)) /* tests/data's slice, next to the default volume/ */
            find_file(anon, sizeof anon, o.data_dir, "../anonymous_bank_1999_30min.csv", NULL);
        if (file_exists(anon))
            inputs[PROTOCOL_ANON].history_path = anon;
        else
            inputs[PROTOCOL_ANON].skip_reason = "no --anonymous-bank FILE given";
    }

    if (o.json) {
        printf("{\n  \"wfm_version\": \"%s\",\n  \"method\": \"%s\",\n  \"protocols\": [",
               wfm_version_string(),
               wfm_forecast_method_name(o.has_method ? o.method : WFM_FORECAST_AUTO));
    } else {
        printf("forecast-eval: wfm %s on the PEERS.md protocols (method %s)\n",
               wfm_version_string(),
               wfm_forecast_method_name(o.has_method ? o.method : WFM_FORECAST_AUTO));
        printf("WAPE, MASE, bias%%, cover(age of the interval) from "
               "wfm_forecast_backtest(); n = points scored; run ms = one fit + forecast\n");
    }
    for (size_t i = 0; i < PROTOCOL_COUNT; i++)
        if (run_protocol(&o, &protocols[i], &inputs[i], &first_json) != 0)
            failed = 1;
    if (o.json)
        printf("\n  ],\n  \"score_mismatches\": %zu\n}\n", mismatches);
    if (mismatches > 0) {
        fprintf(stderr, "forecast-eval: %zu score%s of wfm_forecast_backtest() differ "
                "from run + copy\n", mismatches, mismatches == 1 ? "" : "s");
        failed = 1;
    }
    if (fflush(stdout) != 0)
        failed = 1;
    return failed ? 1 : 0;
}
