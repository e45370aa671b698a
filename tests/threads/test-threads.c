/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Thread safety as the headers state it (wfm/forecast.h, wfm/plan.h,
 * wfm/calendar.h "Thread safety"): one history and one calendar expansion
 * (wfm_calendar_days) shared read-only by N_THREADS threads, each with its
 * own forecasts, plans and calendar objects (a calendar caches its
 * expansion, so runs on several threads need one each).
 *
 * First every job runs on the main thread: the reference. Then N_THREADS
 * threads start together (a barrier) and each runs every job, starting at
 * a different one, ROUNDS times, and also reads the shared expansion and
 * compares it with its own calendar's. Every result must equal the
 * reference bit for bit: forecast values and method, every plan column,
 * the daily and weekly roll-ups and the ramp.
 *
 * Run under ThreadSanitizer in CI (.ci/run: -Db_sanitize=thread), where
 * any data race fails the test; in other builds it checks the results.
 * Not cmocka: its assertions longjmp, which is undefined from other
 * threads; a mismatch is counted and the first one printed.
 *
 * Data: tests/data/volume/na_bank_2003_30min.csv (half-hourly, 164 days)
 * with the us-federal preset. $WFM_TEST_DATA overrides the directory.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#define N_THREADS 8
#define ROUNDS 2
#define N_PLAN_COLUMNS 15
#define PRESET "us-federal"

/* One forecast and the plan of it. */
typedef struct {
    const char *name;
    int32_t method;
    const char *start; /* YYYY-MM-DD */
    int32_t days;
    double lower_quantile, upper_quantile;
    int32_t training_days;
    const char *uplift_event; /* NULL: none */
    int32_t channel, staff_to;
    double patience_s;
} job;

static const job jobs[] = {
    /* After the history's end (2003-10-24), auto. */
    { "auto-after-end", WFM_FORECAST_AUTO, "2003-10-27", 14, 0.1, 0.9, 0, NULL,
      WFM_CHANNEL_VOICE, WFM_PLAN_STAFF_POINT, 0.0 },
    /* A backtest origin inside the history, Erlang A. */
    { "recent-inside", WFM_FORECAST_RECENT_WEEKS, "2003-09-01", 28, 0.05, 0.95, 0, NULL,
      WFM_CHANNEL_VOICE, WFM_PLAN_STAFF_UPPER, 120.0 },
    /* Regression with an uplift on Columbus Day, chat. */
    { "regression-uplift", WFM_FORECAST_REGRESSION, "2003-10-06", 21, 0.1, 0.9, 0,
      "columbus_day", WFM_CHANNEL_CHAT, WFM_PLAN_STAFF_POINT, 0.0 },
    /* Lead time and a training window, email. */
    { "auto-lead-email", WFM_FORECAST_AUTO, "2003-11-10", 28, 0.2, 0.8, 100, NULL,
      WFM_CHANNEL_EMAIL, WFM_PLAN_STAFF_UPPER, 0.0 },
};
#define N_JOBS (sizeof jobs / sizeof *jobs)

/* Everything a job produces, flattened for bitwise comparison. */
typedef struct {
    int32_t status;
    int32_t method;
    size_t count;
    double *forecast;           /* [3 * count]: point, lower, upper */
    double *plan;               /* [N_PLAN_COLUMNS * count] */
    size_t n_days, n_weeks, n_ramp;
    double *rollups;            /* [4 * (n_days + n_weeks)]: first date, hours, hours, FTE */
    double *ramp;               /* [5 * n_ramp] */
} outcome;

static const wfm_history *shared_history;
static const wfm_calendar_days *shared_days;
static int32_t expand_first, expand_last;
static outcome reference[N_JOBS];

/* The expansion's rows and occurrences, flattened. */
typedef struct {
    size_t rows, occurrences, events;
    int32_t *data; /* [4 * rows + 6 * occurrences] */
    char **names;  /* [events] */
} expansion;

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int failures;

static void
report(const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&report_lock);
    if (failures++ < 10) {
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    pthread_mutex_unlock(&report_lock);
}

static void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(99);
    }
    return p;
}

static int32_t
day_of(const char *text)
{
    int32_t date;
    if (wfm_date_parse(text, &date) != WFM_OK) {
        fprintf(stderr, "bad date %s\n", text);
        exit(99);
    }
    return date;
}

/* A calendar of its own for each thread (and run). */
static wfm_calendar *
new_calendar(void)
{
    wfm_calendar *cal = NULL;
    if (wfm_calendar_new(&cal) != WFM_OK || wfm_calendar_add_preset(cal, PRESET) != WFM_OK) {
        fprintf(stderr, "cannot make the %s calendar\n", PRESET);
        exit(99);
    }
    return cal;
}

static void
outcome_free(outcome *o)
{
    free(o->forecast);
    free(o->plan);
    free(o->rollups);
    free(o->ramp);
    memset(o, 0, sizeof *o);
}

static int32_t
fetch_rollups(const wfm_plan *plan, int32_t period, double *out, size_t n)
{
    int32_t *first = xcalloc(n, sizeof *first);
    double *req = xcalloc(n, sizeof *req), *sch = xcalloc(n, sizeof *sch),
           *fte = xcalloc(n, sizeof *fte);
    size_t got = 0;
    int32_t st = wfm_plan_rollup(plan, period, first, req, sch, fte, n, &got);
    for (size_t k = 0; st == WFM_OK && k < n; k++) {
        out[4 * k] = first[k];
        out[4 * k + 1] = req[k];
        out[4 * k + 2] = sch[k];
        out[4 * k + 3] = fte[k];
    }
    free(first);
    free(req);
    free(sch);
    free(fte);
    return st;
}

/* Run job @p j with its own forecast, plan and calendar. */
static void
run_job(const job *j, outcome *o)
{
    memset(o, 0, sizeof *o);
    wfm_calendar *cal = new_calendar();
    wfm_forecast *f = NULL;
    wfm_plan *plan = NULL;
    int32_t st = wfm_forecast_new(&f);
    if (st == WFM_OK)
        st = wfm_forecast_set_int(f, WFM_FORECAST_METHOD, j->method);
    if (st == WFM_OK)
        st = wfm_forecast_set_double(f, WFM_FORECAST_LOWER_QUANTILE, j->lower_quantile);
    if (st == WFM_OK)
        st = wfm_forecast_set_double(f, WFM_FORECAST_UPPER_QUANTILE, j->upper_quantile);
    if (st == WFM_OK)
        st = wfm_forecast_set_int(f, WFM_FORECAST_TRAINING_DAYS, j->training_days);
    if (st == WFM_OK && j->uplift_event != NULL)
        st = wfm_forecast_add_uplift(f, j->uplift_event, 0, 1, 0.25);
    if (st == WFM_OK)
        st = wfm_forecast_run(f, shared_history, cal, day_of(j->start), j->days);
    if (st == WFM_OK)
        st = wfm_forecast_method_used(f, &o->method);
    if (st == WFM_OK) {
        st = wfm_forecast_copy(f, NULL, NULL, NULL, 0, &o->count); /* the size */
        if (st == WFM_ERANGE)
            st = WFM_OK;
    }
    if (st == WFM_OK) {
        size_t n = o->count;
        o->forecast = xcalloc(3 * n, sizeof *o->forecast);
        st = wfm_forecast_copy(f, o->forecast, o->forecast + n, o->forecast + 2 * n, n,
                               &o->count);
    }

    /* The plan of it. */
    if (st == WFM_OK)
        st = wfm_plan_new(&plan);
    if (st == WFM_OK)
        st = wfm_plan_set_int(plan, WFM_PLAN_CHANNEL, j->channel);
    if (st == WFM_OK)
        st = wfm_plan_set_int(plan, WFM_PLAN_STAFF_TO, j->staff_to);
    if (st == WFM_OK)
        st = wfm_plan_set_double(plan, WFM_PLAN_AHT_S, 240.0);
    if (st == WFM_OK && j->patience_s > 0.0) {
        st = wfm_plan_set_double(plan, WFM_PLAN_PATIENCE_S, j->patience_s);
        if (st == WFM_OK)
            st = wfm_plan_set_double(plan, WFM_PLAN_MAX_ABANDON, 0.05);
    }
    if (st == WFM_OK && j->channel == WFM_CHANNEL_CHAT) {
        const double chat_aht[3] = { 300.0, 380.0, 480.0 };
        st = wfm_plan_set_chat_aht(plan, chat_aht, 3);
    }
    if (st == WFM_OK && j->channel == WFM_CHANNEL_EMAIL)
        st = wfm_plan_set_double(plan, WFM_PLAN_DEADLINE_S, 4 * 3600.0);
    if (st == WFM_OK)
        st = wfm_plan_add_event_shrinkage(plan, "thanksgiving", -1, 1, 0.05);
    if (st == WFM_OK)
        st = wfm_plan_add_shrinkage(plan, day_of("2003-09-15"), day_of("2003-09-30"), 0.02);
    if (st == WFM_OK)
        st = wfm_plan_run(plan, f, cal);
    if (st == WFM_OK) {
        size_t n = o->count, got = 0;
        o->plan = xcalloc(N_PLAN_COLUMNS * n, sizeof *o->plan);
        for (int32_t c = 0; st == WFM_OK && c < N_PLAN_COLUMNS; c++)
            st = wfm_plan_copy_column(plan, c, o->plan + (size_t)c * n, n, &got);
    }
    if (st == WFM_OK)
        st = wfm_plan_rollup(plan, WFM_PLAN_DAY, NULL, NULL, NULL, NULL, 0, &o->n_days);
    if (st == WFM_OK)
        st = wfm_plan_rollup(plan, WFM_PLAN_WEEK, NULL, NULL, NULL, NULL, 0, &o->n_weeks);
    if (st == WFM_OK) {
        o->rollups = xcalloc(4 * (o->n_days + o->n_weeks), sizeof *o->rollups);
        st = fetch_rollups(plan, WFM_PLAN_DAY, o->rollups, o->n_days);
    }
    if (st == WFM_OK)
        st = fetch_rollups(plan, WFM_PLAN_WEEK, o->rollups + 4 * o->n_days, o->n_weeks);
    if (st == WFM_OK)
        st = wfm_plan_ramp(plan, NULL, NULL, NULL, NULL, NULL, 0, &o->n_ramp);
    if (st == WFM_OK) {
        size_t n = o->n_ramp, got = 0;
        int32_t *week = xcalloc(n, sizeof *week), *start_by = xcalloc(n, sizeof *start_by);
        double *need = xcalloc(n, sizeof *need), *staff = xcalloc(n, sizeof *staff),
               *hires = xcalloc(n, sizeof *hires);
        st = wfm_plan_ramp(plan, week, need, staff, hires, start_by, n, &got);
        o->ramp = xcalloc(5 * n, sizeof *o->ramp);
        for (size_t k = 0; st == WFM_OK && k < n; k++) {
            o->ramp[5 * k] = week[k];
            o->ramp[5 * k + 1] = need[k];
            o->ramp[5 * k + 2] = staff[k];
            o->ramp[5 * k + 3] = hires[k];
            o->ramp[5 * k + 4] = start_by[k];
        }
        free(week);
        free(start_by);
        free(need);
        free(staff);
        free(hires);
    }
    o->status = st;
    if (st != WFM_OK)
        report("%s: %s: forecast: %s; plan: %s", j->name, wfm_status_str(st),
               wfm_forecast_errmsg(f), wfm_plan_errmsg(plan));
    wfm_plan_free(plan);
    wfm_forecast_free(f);
    wfm_calendar_free(cal);
}

static bool
same(const double *a, const double *b, size_t n)
{
    return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

static bool
outcome_equal(const outcome *a, const outcome *b)
{
    return a->status == b->status && a->method == b->method && a->count == b->count &&
           a->n_days == b->n_days && a->n_weeks == b->n_weeks && a->n_ramp == b->n_ramp &&
           same(a->forecast, b->forecast, 3 * a->count) &&
           same(a->plan, b->plan, N_PLAN_COLUMNS * a->count) &&
           same(a->rollups, b->rollups, 4 * (a->n_days + a->n_weeks)) &&
           same(a->ramp, b->ramp, 5 * a->n_ramp);
}

static void
expansion_of(const wfm_calendar_days *days, expansion *e)
{
    e->rows = wfm_calendar_days_count(days);
    e->occurrences = wfm_calendar_days_occurrence_count(days);
    e->events = wfm_calendar_days_event_count(days);
    e->data = xcalloc(4 * e->rows + 6 * e->occurrences, sizeof *e->data);
    int32_t *d = e->data;
    size_t rows = 0;
    if (wfm_calendar_days_copy(days, d, d + e->rows, d + 2 * e->rows, d + 3 * e->rows, e->rows,
                               &rows) != WFM_OK || rows != e->rows)
        report("cannot copy an expansion");
    int32_t *o = d + 4 * e->rows;
    for (size_t k = 0; k < e->occurrences; k++)
        if (wfm_calendar_days_occurrence(days, k, o + 6 * k, o + 6 * k + 1, o + 6 * k + 2,
                                         o + 6 * k + 3, o + 6 * k + 4, o + 6 * k + 5) != WFM_OK)
            report("cannot read occurrence %zu", k);
    e->names = xcalloc(e->events, sizeof *e->names);
    for (size_t k = 0; k < e->events; k++) {
        const char *name = wfm_calendar_days_event_name(days, (int32_t)k);
        e->names[k] = xcalloc(strlen(name) + 1, 1);
        memcpy(e->names[k], name, strlen(name));
    }
}

static bool
expansion_equal(const expansion *a, const expansion *b)
{
    if (a->rows != b->rows || a->occurrences != b->occurrences || a->events != b->events ||
        memcmp(a->data, b->data, (4 * a->rows + 6 * a->occurrences) * sizeof *a->data) != 0)
        return false;
    for (size_t k = 0; k < a->events; k++)
        if (strcmp(a->names[k], b->names[k]) != 0)
            return false;
    return true;
}

static void
expansion_free(expansion *e)
{
    for (size_t k = 0; k < e->events; k++)
        free(e->names[k]);
    free(e->names);
    free(e->data);
    memset(e, 0, sizeof *e);
}

static expansion reference_expansion;
static pthread_barrier_t start_line;

static void *
worker(void *arg)
{
    size_t id = (size_t)(uintptr_t)arg;
    pthread_barrier_wait(&start_line);
    for (int round = 0; round < ROUNDS; round++) {
        /* The shared expansion, read while the others read it, equals the
         * reference and this thread's own calendar's expansion. */
        expansion mine;
        expansion_of(shared_days, &mine);
        if (!expansion_equal(&mine, &reference_expansion))
            report("thread %zu: the shared expansion reads otherwise", id);
        expansion_free(&mine);
        wfm_calendar *cal = new_calendar();
        wfm_calendar_days *own = NULL;
        if (wfm_calendar_expand(cal, expand_first, expand_last, &own) != WFM_OK) {
            report("thread %zu: cannot expand its calendar", id);
        } else {
            expansion_of(own, &mine);
            if (!expansion_equal(&mine, &reference_expansion))
                report("thread %zu: its own calendar expands otherwise", id);
            expansion_free(&mine);
        }
        wfm_calendar_days_free(own);
        wfm_calendar_free(cal);

        for (size_t k = 0; k < N_JOBS; k++) {
            size_t j = (id + k) % N_JOBS;
            outcome o;
            run_job(&jobs[j], &o);
            if (!outcome_equal(&o, &reference[j]))
                report("thread %zu, round %d: %s differs from the single-threaded run", id,
                       round, jobs[j].name);
            outcome_free(&o);
        }
    }
    return NULL;
}

static char *
data_path(const char *name)
{
    const char *dir = getenv("WFM_TEST_DATA");
#ifdef WFM_TEST_DATA_DIR
    if (dir == NULL || dir[0] == '\0')
        dir = WFM_TEST_DATA_DIR;
#endif
    if (dir == NULL)
        dir = "tests/data";
    char *path = xcalloc(strlen(dir) + strlen(name) + 2, 1);
    sprintf(path, "%s/%s", dir, name);
    return path;
}

int
main(void)
{
    /* Once, before any thread: GSL's handler is process-global. */
    if (wfm_gsl_disable_abort() != WFM_OK)
        return 99;

    wfm_history *history = NULL;
    char *path = data_path("volume/na_bank_2003_30min.csv");
    if (wfm_history_new(&history) != WFM_OK || wfm_history_read_file(history, path) != WFM_OK) {
        fprintf(stderr, "cannot read %s: %s\n", path, wfm_history_errmsg(history));
        return 99;
    }
    free(path);
    shared_history = history;

    /* The shared expansion: the history's span and the forecasts'. */
    int32_t first, days;
    if (wfm_history_span(history, &first, &days, NULL) != WFM_OK)
        return 99;
    expand_first = first;
    expand_last = day_of("2003-12-31");
    wfm_calendar *cal = new_calendar();
    wfm_calendar_days *expanded = NULL;
    if (wfm_calendar_expand(cal, expand_first, expand_last, &expanded) != WFM_OK) {
        fprintf(stderr, "cannot expand the calendar: %s\n", wfm_calendar_errmsg(cal));
        return 99;
    }
    wfm_calendar_free(cal); /* the expansion stays valid */
    shared_days = expanded;
    expansion_of(shared_days, &reference_expansion);
    if (reference_expansion.rows == 0) {
        fprintf(stderr, "the calendar has no days in the history's span\n");
        return 99;
    }

    /* The reference: every job on this thread. */
    for (size_t j = 0; j < N_JOBS; j++) {
        run_job(&jobs[j], &reference[j]);
        if (reference[j].status != WFM_OK)
            return 1;
        printf("# %s: method %s, %zu intervals, %zu days, %zu weeks\n", jobs[j].name,
               wfm_forecast_method_name(reference[j].method), reference[j].count,
               reference[j].n_days, reference[j].n_weeks);
    }

    pthread_t threads[N_THREADS];
    if (pthread_barrier_init(&start_line, NULL, N_THREADS) != 0)
        return 99;
    for (size_t t = 0; t < N_THREADS; t++)
        if (pthread_create(&threads[t], NULL, worker, (void *)(uintptr_t)t) != 0) {
            fprintf(stderr, "cannot start thread %zu\n", t);
            return 99;
        }
    for (size_t t = 0; t < N_THREADS; t++)
        pthread_join(threads[t], NULL);
    pthread_barrier_destroy(&start_line);

    for (size_t j = 0; j < N_JOBS; j++)
        outcome_free(&reference[j]);
    expansion_free(&reference_expansion);
    wfm_calendar_days_free(expanded);
    wfm_history_free(history);
    if (failures > 0) {
        fprintf(stderr, "%d mismatches or failures in %d threads\n", failures, N_THREADS);
        return 1;
    }
    printf("%d threads × %d rounds × %zu jobs: every result equals the single-threaded run\n",
           N_THREADS, ROUNDS, N_JOBS);
    return 0;
}
