/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * forecast-rolling — wfm's forecast accuracy over many rolling origins,
 * against a seasonal naive baseline computed in the same run.
 *
 * Why: forecast-eval scores a handful of fixed windows (PEERS.md's), and a
 * modelling change tuned on them can win those two or four windows while
 * losing elsewhere in the year. Here every series is scored from origins
 * spread over all of its span, so a change should not make any series'
 * rolling mean WAPE worse; the ratio to snaive7 makes series of very
 * different noise levels comparable and tells whether a method is worth
 * anything at all.
 *
 * Run: build/bench/forecast-rolling [--format=json] (meson benchmark
 * 'forecast-rolling'; the test of the same name in suite 'slow').
 *
 * Series (files under --data, default the source tree's tests/data/volume;
 * step = days between origins; horizons in days):
 *   nyc_ems_daily              NYC EMS daily, Prophet holidays CSV as the
 *                              calendar; step 28; horizons 28 and 61.
 *   nyc_ems_daily_lead         the same, each origin's history ending 61
 *                              days before it (a planner in early
 *                              September forecasting November): step 28;
 *                              horizon 61; snaive7 repeats the history's
 *                              last week too.
 *   online_retail_daily        UK online retailer, orders per day, its UK
 *                              Prophet holidays CSV; step 14; horizons 28
 *                              and 61.
 *   online_retail_hourly       the same orders per hour (24 intervals),
 *                              same calendar; step 7; horizon 14.
 *   na_bank_2003_30min         NA bank 2003, 30-minute, weekdays only, no
 *                              calendar; step 7; horizon 14.
 *   anonymous_bank_1999_30min  Anonymous Bank 1999, 30-minute, no
 *                              calendar; step 7; horizon 14. From
 *                              --anonymous-bank FILE, else the data
 *                              directory, else the slice
 *                              tests/data/anonymous_bank_1999_30min.csv
 *                              (91 days: 3 origins, 1999-06-13 .. 06-27),
 *                              else skipped.
 *
 * Origins, per series and horizon h (first = the series' first day, last =
 * its last day with an observed value):
 *   - the warm-up W is 364 days when the series spans at least 730 days
 *     (NYC EMS: a year of history, the same weekday as the first day),
 *     else 56 days (8 weeks: the other series are about a year long or
 *     less, and a year of warm-up would leave no origins);
 *   - the first origin is first + 7k for the smallest k with 7k >= W and
 *     at least 56 days with contacts before it (the regression's minimum:
 *     a weekday-only bank needs about 11 calendar weeks, the retailer,
 *     closed on Saturdays and over Christmas, 10); if the regression still
 *     refuses it (WFM_EINVAL from wfm_forecast_run(): its count also
 *     leaves out days with a gap, calendar-closed days and gross outliers,
 *     such as the Anonymous Bank's 14-call holiday eve), a week later, up
 *     to 4 weeks later (a refusal beyond that is a failure);
 *   - then every step days while origin + h - 1 <= last;
 *   - fewer than 3 origins: that series x horizon is skipped with a note.
 *
 * Every origin uses all the history before it (no training-days cap,
 * unlike PEERS.md's 56-day bank protocols). Methods auto, regression and
 * recent-weeks are run at each origin (wfm_forecast_run() uses only the
 * history before it) and scored per origin: WAPE, and the coverage of the
 * 80 % interval over the open cells (see score_origin()); intraday series
 * per interval; cells without an actual are skipped. snaive7 ("last observed week repeated")
 * is computed here without the library: the forecast for day origin + d,
 * interval j is the value at day origin - 7 + (d mod 7), interval j; if
 * that cell is not observed (an absent bank holiday), the same cell 7, 14,
 * ... days earlier, up to 8 weeks before the origin, else 0. Its WAPE is
 * sum |f - a| / sum a over the same cells.
 *
 * Printed per series x horizon x method: origins scored, mean and median
 * WAPE over origins, mean coverage (none for snaive7) and the ratio of
 * the mean WAPE to snaive7's; then the mean over series x horizon of
 * auto's ratio. Informational: accuracy never fails the run; exit 1 only
 * when a forecast call fails (the message is on stderr).
 *
 * Cost: 846 origin forecasts (NYC EMS dominates: 91 + 90 origins x 3
 * methods), about 3 s of CPU on one core, so no origins are dropped and
 * the intraday series use the shorter step of 7 days.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "eval-common.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The origin rules of the header comment. */
enum {
    LONG_SERIES_DAYS = 730,     /* spans this long get a year of warm-up */
    WARMUP_LONG = 364,
    WARMUP_SHORT = 56,
    MIN_OPEN_DAYS = 56,         /* the regression refuses fewer */
    MIN_ORIGINS = 3,
    MAX_PROBE_WEEKS = 4,        /* weeks the regression may refuse */
    SNAIVE_WEEKS_BACK = 8,
    MAX_HORIZONS = 2
};

typedef struct series_spec {
    const char *key, *title;
    eval_data_files files;              /* under --data */
    int32_t step;
    int32_t horizons[MAX_HORIZONS];     /* 0 = unused */
    int32_t lead;                       /* days between the history's end and an origin */
} series_spec;

enum {
    SERIES_NYC,
    SERIES_NYC_LEAD,
    SERIES_RETAIL_DAILY,
    SERIES_RETAIL_HOURLY,
    SERIES_NABANK,
    SERIES_ANON,
    SERIES_COUNT
};

/* NYC EMS daily and its calendar (two series: no lead, and a lead). */
#define NYC_EMS_FILES                                                                  \
    { .history_file = "nyc_ems_daily.csv", .history_shared = "nyc_ems/daily.csv",    \
      .events_file = "nyc_ems_holidays_us.csv",                                        \
      .events_shared = "nyc_ems/holidays_us.csv" }

static const series_spec series_specs[SERIES_COUNT] = {
    [SERIES_NYC] = {
        .key = "nyc_ems_daily",
        .title = "NYC EMS daily (calendar: Prophet holidays CSV)",
        .files = NYC_EMS_FILES,
        .step = 28, .horizons = { 28, 61 },
    },
    [SERIES_NYC_LEAD] = {
        .key = "nyc_ems_daily_lead",
        .title = "NYC EMS daily, history ending 61 days before each origin (calendar: "
                 "Prophet holidays CSV)",
        .files = NYC_EMS_FILES,
        .step = 28, .horizons = { 61, 0 }, .lead = 61,
    },
    [SERIES_RETAIL_DAILY] = {
        .key = "online_retail_daily",
        .title = "Online retail (UK), orders per day (calendar: UK Prophet holidays CSV)",
        .files = { .history_file = "online_retail_daily.csv",
                   .history_shared = "online_retail_2010_2011/daily.csv",
                   .events_file = "online_retail_holidays_uk.csv",
                   .events_shared = "online_retail_2010_2011/holidays_uk.csv" },
        .step = 14, .horizons = { 28, 61 },
    },
    [SERIES_RETAIL_HOURLY] = {
        .key = "online_retail_hourly",
        .title = "Online retail (UK), orders per hour (calendar: UK Prophet holidays CSV)",
        .files = { .history_file = "online_retail_hourly.csv",
                   .history_shared = "online_retail_2010_2011/hourly.csv",
                   .events_file = "online_retail_holidays_uk.csv",
                   .events_shared = "online_retail_2010_2011/holidays_uk.csv" },
        .step = 7, .horizons = { 14, 0 },
    },
    [SERIES_NABANK] = {
        .key = "na_bank_2003_30min",
        .title = "NA bank 2003, 30-minute, weekdays (no calendar)",
        .files = { .history_file = "na_bank_2003_30min.csv",
                   .history_shared = "na_bank_2003/calls_30min.csv" },
        .step = 7, .horizons = { 14, 0 },
    },
    [SERIES_ANON] = {
        .key = "anonymous_bank_1999_30min",
        .title = "Anonymous Bank 1999, 30-minute (no calendar)",
        .files = { .history_file = "anonymous_bank_1999_30min.csv",
                   .history_shared = "anonymous_bank_1999/calls_30min.csv",
                   .anonymous_bank = 1 },
        .step = 7, .horizons = { 14, 0 },
    },
};

/* The library's methods, then the baseline (index METHOD_SNAIVE). */
static const int32_t wfm_methods[] = {
    WFM_FORECAST_AUTO, WFM_FORECAST_REGRESSION, WFM_FORECAST_RECENT_WEEKS
};
#define N_WFM_METHODS COUNT_OF(wfm_methods)
#define METHOD_SNAIVE N_WFM_METHODS
#define N_METHODS (N_WFM_METHODS + 1)

typedef struct method_stats {
    size_t n;                   /* origins with a defined WAPE */
    double mean_wape, median_wape, mean_coverage, ratio, seconds;
} method_stats;

/* One series x horizon. */
typedef struct cell_result {
    int32_t horizon, first_origin, last_origin;
    size_t n_origins;
    const char *skip_reason;    /* non-NULL: not scored */
    method_stats m[N_METHODS];
} cell_result;

/* What the closing summary line averages. */
typedef struct summary {
    size_t cells, not_run;
    double ratio_sum;
} summary;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static const char *
date_str(char *buf, size_t size, int32_t date)
{
    if (wfm_date_format(date, buf, size) != WFM_OK)
        snprintf(buf, size, "?");
    return buf;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The series' cells and the days the origin rules look at. */
typedef struct grid {
    eval_series cells;
    int32_t first_date, n_days, per_day; /* cells' span, for short lines */
    int32_t last_observed;      /* day number; first_date - 1 if none */
    unsigned char *open;        /* [n_days] 1 = observed and > 0 contacts */
} grid;

static void
grid_free(grid *g)
{
    eval_series_free(&g->cells);
    free(g->open);
}

static int
grid_load(grid *g, const wfm_history *h)
{
    memset(g, 0, sizeof *g);
    if (eval_series_load(&g->cells, h) != 0)
        return -1;
    g->first_date = g->cells.first_date;
    g->n_days = g->cells.n_days;
    g->per_day = g->cells.per_day;
    g->open = calloc((size_t)g->n_days, 1);
    if (g->open == NULL)
        return -1;
    g->last_observed = g->first_date - 1;
    for (int32_t d = 0; d < g->n_days; d++) {
        const double *v = g->cells.volume + (size_t)d * (size_t)g->per_day;
        double sum = 0.0;
        int observed = 0;
        for (int32_t j = 0; j < g->per_day; j++)
            if (!isnan(v[j])) {
                observed = 1;
                sum += v[j];
            }
        if (observed)
            g->last_observed = g->first_date + d;
        g->open[d] = sum > 0.0;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Origins and the baseline                                                  */

/* The first origin by the warm-up and open-day rules of the header
 * comment; 0 with none inside the series. */
static int
first_origin(const grid *g, int32_t *origin)
{
    int32_t warmup = g->n_days >= LONG_SERIES_DAYS ? WARMUP_LONG : WARMUP_SHORT;
    int32_t open_before = 0;

    /* Whole weeks, so origins keep the first day's weekday. */
    for (int32_t offset = 0; offset < g->n_days; offset += 7) {
        if (offset >= warmup && open_before >= MIN_OPEN_DAYS) {
            *origin = g->first_date + offset;
            return 1;
        }
        for (int32_t d = offset; d < offset + 7 && d < g->n_days; d++)
            open_before += g->open[d];
    }
    return 0;
}

/* Origins from @p first every @p step days while a horizon of @p h fits,
 * into @p origins (capacity n_days, which no step >= 1 exceeds). */
static size_t
origins_from(const grid *g, int32_t first, int32_t step, int32_t h, int32_t *origins)
{
    size_t n = 0;
    for (int32_t o = first; o + h - 1 <= g->last_observed; o += step)
        origins[n++] = o;
    return n;
}

/* Moves @p first on by weeks until the regression accepts the history
 * before it (the library's own count of usable days decides, see the
 * header comment). Returns WFM_OK, or the status of the refusal that ends
 * the search (the message is printed). */
static int32_t
probe_first_origin(const series_spec *s, int32_t h, const wfm_history *history,
                   wfm_calendar *calendar, wfm_forecast *f, int32_t *first)
{
    int32_t st = wfm_forecast_set_int(f, WFM_FORECAST_METHOD, WFM_FORECAST_REGRESSION);
    for (int32_t week = 0; st == WFM_OK; week++) {
        st = wfm_forecast_run(f, history, calendar, *first + 7 * week, h);
        if (st == WFM_OK) {
            *first += 7 * week;
            return WFM_OK;
        }
        if (st == WFM_EINVAL && week < MAX_PROBE_WEEKS)
            st = WFM_OK;
    }
    fprintf(stderr, "forecast-rolling: %s h=%d first origin: %s (%s)\n", s->key, (int)h,
            wfm_status_str(st), wfm_forecast_errmsg(f));
    return st;
}

/* snaive7's WAPE at @p origin over @p h days, from the history that ends
 * @p lead days before it (NaN when no actual, or none above 0). */
static double
snaive7_wape(const grid *g, int32_t origin, int32_t h, int32_t lead)
{
    int32_t base = origin - lead; /* the first day after the history */
    double abs_err = 0.0, actual_sum = 0.0;
    size_t scored = 0;
    for (int32_t d = 0; d < h; d++) {
        for (int32_t j = 0; j < g->per_day; j++) {
            double a = eval_series_at(&g->cells, origin + d, j), f = NAN;
            if (isnan(a))
                continue;
            /* Last week's same weekday, or the one before if absent. */
            for (int32_t back = 1; back <= SNAIVE_WEEKS_BACK && isnan(f); back++)
                f = eval_series_at(&g->cells, base + (lead + d) % 7 - 7 * back, j);
            if (isnan(f))
                f = 0.0;
            abs_err += fabs(f - a);
            actual_sum += a;
            scored++;
        }
    }
    return scored > 0 && actual_sum > 0.0 ? abs_err / actual_sum : NAN;
}

/* Mean and median of the finite @p wape (sorted in place of @p scratch),
 * and the mean of the matching finite coverages (NULL: none). */
static void
stats_of(const double *wape, const double *coverage, size_t n, double *scratch,
         method_stats *m)
{
    size_t n_cov = 0;
    double sum = 0.0, cov = 0.0;
    m->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(wape[i]))
            continue;
        scratch[m->n++] = wape[i];
        sum += wape[i];
        if (coverage != NULL && isfinite(coverage[i])) {
            cov += coverage[i];
            n_cov++;
        }
    }
    m->mean_wape = m->n > 0 ? sum / (double)m->n : NAN;
    m->median_wape = NAN;
    if (m->n > 0) {
        qsort(scratch, m->n, sizeof *scratch, cmp_double);
        m->median_wape = m->n % 2 ? scratch[m->n / 2]
                                  : 0.5 * (scratch[m->n / 2 - 1] + scratch[m->n / 2]);
    }
    m->mean_coverage = n_cov > 0 ? cov / (double)n_cov : NAN;
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */

static const char *
method_label(size_t k)
{
    return k == METHOD_SNAIVE ? "snaive7" : wfm_forecast_method_name(wfm_methods[k]);
}

static void
print_cell_table(const series_spec *s, const cell_result *c)
{
    char a[16], b[16], x[4][32];
    if (c->skip_reason != NULL) {
        printf("  h=%d: skipped: %s\n", (int)c->horizon, c->skip_reason);
        return;
    }
    printf("  h=%d: %zu origins %s .. %s, every %d days\n", (int)c->horizon,
           c->n_origins, date_str(a, sizeof a, c->first_origin),
           date_str(b, sizeof b, c->last_origin), (int)s->step);
    printf("    %-12s %4s %9s %9s %7s %9s %8s\n", "method", "n", "meanWAPE", "medWAPE",
           "cover80", "/snaive7", "run s");
    for (size_t k = 0; k < N_METHODS; k++) {
        const method_stats *m = &c->m[k];
        printf("    %-12s %4zu %9s %9s %7s %9s %8.2f\n", method_label(k), m->n,
               eval_cell(x[0], sizeof x[0], "%.4f", m->mean_wape),
               eval_cell(x[1], sizeof x[1], "%.4f", m->median_wape),
               eval_cell(x[2], sizeof x[2], "%.3f", m->mean_coverage),
               eval_cell(x[3], sizeof x[3], "%.3f", m->ratio), m->seconds);
    }
}

static void
print_cell_json(const cell_result *c, int first)
{
    char a[16], b[16];
    printf("%s\n        {\"horizon\": %d, ", first ? "" : ",", (int)c->horizon);
    if (c->skip_reason != NULL) {
        printf("\"skipped\": \"%s\"}", c->skip_reason);
        return;
    }
    printf("\"origins\": %zu, \"first_origin\": \"%s\", \"last_origin\": \"%s\", "
           "\"methods\": [", c->n_origins, date_str(a, sizeof a, c->first_origin),
           date_str(b, sizeof b, c->last_origin));
    for (size_t k = 0; k < N_METHODS; k++) {
        const method_stats *m = &c->m[k];
        printf("%s\n          {\"method\": \"%s\", \"n\": %zu, \"mean_wape\": ",
               k ? "," : "", method_label(k), m->n);
        eval_json_number(m->mean_wape);
        fputs(", \"median_wape\": ", stdout);
        eval_json_number(m->median_wape);
        fputs(", \"mean_coverage\": ", stdout);
        eval_json_number(m->mean_coverage);
        fputs(", \"ratio_to_snaive7\": ", stdout);
        eval_json_number(m->ratio);
        printf(", \"seconds\": %.3f}", m->seconds);
    }
    fputs("\n        ]}", stdout);
}

/* ------------------------------------------------------------------------ */
/* One series                                                                */

/* Per-origin scores, sized for the series' days. */
typedef struct work {
    int32_t *origins;
    double *wape[N_METHODS], *coverage, *scratch;
    double *point, *lower, *upper, *actual; /* one forecast's cells */
} work;

static void
work_free(work *w)
{
    free(w->origins);
    for (size_t k = 0; k < N_METHODS; k++)
        free(w->wape[k]);
    free(w->coverage);
    free(w->scratch);
    free(w->point);
    free(w->lower);
    free(w->upper);
    free(w->actual);
}

/* @p n days of @p per_day cells; the longest horizon is under n days. */
static int
work_alloc(work *w, size_t n, size_t per_day)
{
    memset(w, 0, sizeof *w);
    w->origins = malloc(n * sizeof *w->origins);
    w->coverage = malloc(n * sizeof *w->coverage);
    w->scratch = malloc(n * sizeof *w->scratch);
    w->point = malloc(n * per_day * sizeof *w->point);
    w->lower = malloc(n * per_day * sizeof *w->lower);
    w->upper = malloc(n * per_day * sizeof *w->upper);
    w->actual = malloc(n * per_day * sizeof *w->actual);
    int ok = w->origins != NULL && w->coverage != NULL && w->scratch != NULL &&
             w->point != NULL && w->lower != NULL && w->upper != NULL && w->actual != NULL;
    for (size_t k = 0; k < N_METHODS; k++) {
        w->wape[k] = malloc(n * sizeof *w->wape[k]);
        ok = ok && w->wape[k] != NULL;
    }
    return ok ? 0 : -1;
}

/* One origin's WAPE over the cells with an actual, and the coverage of
 * its 80 % bounds over the open ones (eval_open_coverage(), as
 * forecast-eval's open column). NaN where nothing is scored. */
static int32_t
score_origin(wfm_forecast *f, const wfm_history *history, wfm_calendar *calendar,
             const grid *g, int32_t origin, int32_t h, int32_t lead, work *w, double *wape,
             double *coverage)
{
    size_t count = (size_t)h * (size_t)g->per_day, copied = 0;
    wfm_history *cut = NULL; /* with a lead: the history to lead days before */
    int32_t st = lead > 0 ? eval_series_history_until(&g->cells, origin - lead - 1, &cut)
                          : WFM_OK;
    if (st == WFM_OK)
        st = wfm_forecast_run(f, cut != NULL ? cut : history, calendar, origin, h);
    wfm_history_free(cut);
    if (st == WFM_OK)
        st = wfm_forecast_copy(f, w->point, w->lower, w->upper, count, &copied);
    if (st != WFM_OK)
        return st;
    for (size_t i = 0; i < count; i++)
        w->actual[i] = eval_series_at(&g->cells, origin + (int32_t)(i / (size_t)g->per_day),
                                      (int32_t)(i % (size_t)g->per_day));
    if (wfm_accuracy_wape(w->point, w->actual, count, wape) != WFM_OK)
        *wape = NAN;
    *coverage = eval_open_coverage(w->lower, w->upper, w->actual, w->actual, count);
    return WFM_OK;
}

/* Scores one horizon into @p c. Returns 0, or -1 when a forecast fails. */
static int
run_cell(const series_spec *s, int32_t h, const grid *g, const wfm_history *history,
         wfm_calendar *calendar, wfm_forecast *f, work *w, cell_result *c)
{
    int32_t first = 0;
    memset(c, 0, sizeof *c);
    c->horizon = h;
    if (first_origin(g, &first)) {
        if (first + h - 1 <= g->last_observed
            && probe_first_origin(s, h, history, calendar, f, &first) != WFM_OK)
            return -1;
        /* With a lead, the first history ends where a plain first origin's does. */
        c->n_origins = origins_from(g, first + s->lead, s->step, h, w->origins);
    }
    if (c->n_origins < MIN_ORIGINS) {
        c->skip_reason = "too short (fewer than 3 origins with the warm-up and horizon)";
        return 0;
    }
    c->first_origin = w->origins[0];
    c->last_origin = w->origins[c->n_origins - 1];

    for (size_t k = 0; k < N_WFM_METHODS; k++) {
        double t0 = eval_now_s();
        int32_t st = wfm_forecast_set_int(f, WFM_FORECAST_METHOD, wfm_methods[k]);
        for (size_t i = 0; st == WFM_OK && i < c->n_origins; i++)
            st = score_origin(f, history, calendar, g, w->origins[i], h, s->lead, w,
                              &w->wape[k][i], &w->coverage[i]);
        c->m[k].seconds = eval_now_s() - t0;
        if (st != WFM_OK) {
            fprintf(stderr, "forecast-rolling: %s h=%d %s: %s (%s)\n", s->key, (int)h,
                    method_label(k), wfm_status_str(st), wfm_forecast_errmsg(f));
            return -1;
        }
        stats_of(w->wape[k], w->coverage, c->n_origins, w->scratch, &c->m[k]);
    }

    double t0 = eval_now_s();
    for (size_t i = 0; i < c->n_origins; i++)
        w->wape[METHOD_SNAIVE][i] = snaive7_wape(g, w->origins[i], h, s->lead);
    c->m[METHOD_SNAIVE].seconds = eval_now_s() - t0;
    stats_of(w->wape[METHOD_SNAIVE], NULL, c->n_origins, w->scratch,
             &c->m[METHOD_SNAIVE]);
    for (size_t k = 0; k < N_METHODS; k++)
        c->m[k].ratio = c->m[k].mean_wape / c->m[METHOD_SNAIVE].mean_wape;
    return 0;
}

static void
series_head(const eval_options *o, const series_spec *s, int first_series)
{
    if (o->json)
        printf("%s\n    {\"name\": \"%s\", ", first_series ? "" : ",", s->key);
    else
        printf("\n%s [%s]\n", s->title, s->key);
}

/* Runs one series and prints it. Returns 0, or -1 on a failure. */
static int
run_series(const eval_options *o, const series_spec *s, const eval_input *in,
           int first_series, summary *sum)
{
    wfm_history *h = NULL;
    wfm_calendar *calendar = NULL;
    wfm_forecast *f = NULL;
    grid g;
    work w;
    cell_result cells[MAX_HORIZONS];
    size_t n_cells = 0;
    int rc = -1;

    memset(&g, 0, sizeof g);
    memset(&w, 0, sizeof w);
    series_head(o, s, first_series);
    if (in->skip_reason != NULL) {
        if (o->json)
            printf("\"skipped\": \"%s\"}", in->skip_reason);
        else
            printf("  skipped: %s\n", in->skip_reason);
        for (size_t i = 0; i < MAX_HORIZONS; i++)
            sum->not_run += s->horizons[i] > 0;
        return 0;
    }
    if (wfm_forecast_new(&f) != WFM_OK
        || eval_load_input("forecast-rolling", in, &h, &calendar) != 0
        || grid_load(&g, h) != 0 || work_alloc(&w, (size_t)g.n_days, (size_t)g.per_day) != 0)
        goto out;

    for (size_t i = 0; i < MAX_HORIZONS && s->horizons[i] > 0; i++) {
        if (run_cell(s, s->horizons[i], &g, h, calendar, f, &w, &cells[i]) != 0)
            goto out;
        n_cells++;
    }

    if (o->json)
        printf("\"title\": \"%s\", \"interval_minutes\": %d, \"step_days\": %d, "
               "\"horizons\": [", s->title, g.per_day == 1 ? 1440 : 1440 / g.per_day,
               (int)s->step);
    for (size_t i = 0; i < n_cells; i++) {
        if (o->json)
            print_cell_json(&cells[i], i == 0);
        else
            print_cell_table(s, &cells[i]);
        if (cells[i].skip_reason != NULL || !isfinite(cells[i].m[0].ratio)) {
            sum->not_run++;
        } else {
            sum->cells++;
            sum->ratio_sum += cells[i].m[0].ratio;
        }
    }
    if (o->json)
        fputs("\n      ]}", stdout);
    rc = 0;
out:
    if (rc != 0) {
        if (o->json)
            fputs("\"failed\": true}", stdout);
        else
            printf("  FAILED (the message is on stderr)\n");
        for (size_t i = n_cells; i < MAX_HORIZONS; i++)
            sum->not_run += s->horizons[i] > 0;
    }
    work_free(&w);
    grid_free(&g);
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
    fputs("Usage: forecast-rolling [--data DIR] [--anonymous-bank FILE]\n"
          "                        [--series KEY[,KEY...]]... [--format table|json]\n"
          "Scores wfm's methods (auto, regression, recent-weeks) by rolling-origin\n"
          "backtests over each series' whole span and compares their mean WAPE\n"
          "with a seasonal naive forecast (snaive7, last observed week repeated)\n"
          "scored in the same run. The origin rules are in the source's header.\n"
          "\n"
          "  --data DIR             test data (tests/data/volume's names or\n"
          "                         shared/data's layout); default the source\n"
          "                         tree's tests/data/volume\n"
          "  --anonymous-bank FILE  anonymous_bank_1999/calls_30min.csv; without it\n"
          "                         the one under --data, else the slice\n"
          "                         anonymous_bank_1999_30min.csv in its parent\n"
          "                         (tests/data), else that series is skipped\n"
          "  --series KEY           run only these series (repeat, or a comma list);\n"
          "                         default all:\n", out);
    for (size_t i = 0; i < SERIES_COUNT; i++)
        fprintf(out, "                           %s\n", series_specs[i].key);
    fputs("  --format table|json    output (default table)\n"
          "\n"
          "Exit status: 0 success, 1 a forecast failed, 2 bad usage. Accuracy\n"
          "numbers, good or bad, never fail the run.\n", out);
}

static const char *
series_key(size_t i)
{
    return series_specs[i].key;
}

static const eval_command command = {
    .prog = "forecast-rolling",
    .usage = usage,
    .select_name = "--series", .select_noun = "series",
    .n_keys = SERIES_COUNT, .key = series_key,
};

int
main(int argc, char **argv)
{
    eval_options o;
    eval_input input;
    summary sum = { 0, 0, 0.0 };
    int rc = eval_parse_args(&command, NULL, argc, argv, &o), failed = 0, first_series = 1;
    double t0 = eval_now_s();

    if (rc != 0)
        return rc > 0 ? 0 : 2;
    /* A GSL error must come back as a status, not abort the benchmark. */
    (void)wfm_gsl_disable_abort();

    if (o.json)
        printf("{\n  \"wfm_version\": \"%s\",\n  \"baseline\": \"snaive7\",\n"
               "  \"series\": [", wfm_version_string());
    else
        printf("forecast-rolling: wfm %s, rolling-origin WAPE per series x horizon x "
               "method;\nn = origins scored, cover80 = mean coverage of the 80 %% "
               "interval (open cells), /snaive7 = mean WAPE / snaive7's\n", wfm_version_string());
    for (size_t i = 0; i < SERIES_COUNT; i++) {
        if (!eval_selected(&o, i))
            continue;
        eval_resolve_input(&o, &series_specs[i].files, "no data (give --anonymous-bank FILE)",
                           &input);
        if (run_series(&o, &series_specs[i], &input, first_series, &sum) != 0)
            failed = 1;
        first_series = 0;
        fflush(stdout);
    }

    double mean_ratio = sum.cells > 0 ? sum.ratio_sum / (double)sum.cells : NAN;
    double seconds = eval_now_s() - t0;
    if (o.json) {
        printf("\n  ],\n  \"summary\": {\"cells\": %zu, \"not_run\": %zu, "
               "\"mean_auto_ratio_to_snaive7\": ", sum.cells, sum.not_run);
        eval_json_number(mean_ratio);
        printf(", \"seconds\": %.3f}\n}\n", seconds);
    } else {
        char r[32];
        printf("\nsummary: mean over %zu series x horizon of auto's mean WAPE / snaive7's "
               "= %s", sum.cells, eval_cell(r, sizeof r, "%.3f", mean_ratio));
        if (sum.not_run > 0)
            printf(" (%zu skipped or failed)", sum.not_run);
        printf("; %.1f s\n", seconds);
    }
    return eval_exit_status(failed);
}
