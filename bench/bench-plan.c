/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-plan — how long does a year of staffing plans for a whole centre
 * take?
 *
 * Workloads:
 *   plan/1000q_1y_15min/wfm   1,000 queues × one year of 15-minute intervals
 *                             (35,040 each) planned end to end with
 *                             wfm_plan_run_series(): voice by Erlang C (80 %
 *                             in 20 s, occupancy <= 85 %), the risk columns
 *                             (SL at the lower and upper bounds), shrinkage
 *                             by date (30 % base, +8 % over Christmas, +4 %
 *                             in January–February), then the daily and
 *                             weekly roll-ups and the hiring ramp.
 *   plan/1000q_1y_15min/loop  the baseline, timed in the same run on the
 *                             same intervals: a plain per-interval loop of
 *                             wfm_traffic_erlangs() + wfm_required_agents()
 *                             + wfm_scheduled_agents() — what a caller
 *                             writes without wfm/plan.h (no risk columns,
 *                             no SL/ASA/occupancy, no roll-ups).
 *   plan/forecast_plan_2y_15min/Nq  history → forecast → plan for fewer
 *                             queues (20 by default): two years of 15-minute
 *                             history, wfm_forecast_run() for 91 days, then
 *                             wfm_plan_run() and the roll-ups; per-queue ms.
 *
 * The queue forecasts are built outside the timed region from the shared
 * NYC EMS hourly shape (the bundled examples/data/nyc_ems_hourly.csv, 2017
 * for the plans, 2015–2016 as history), interpolated to 15 minutes, with
 * per-queue scaling and seeded noise so that interval loads span about 0.5
 * to 500 Erlangs and handle times 120 to 600 s. Only one queue's inputs
 * exist at a time (1,000 queues × 35,040 intervals × 4 series would need
 * 1.1 GB); the clock runs only around the library calls.
 *
 * Checks (a failure exits 1): the plan's required and scheduled agent-hours
 * per queue equal the baseline loop's (both sums of whole agents × 0.25 h,
 * so exactly), every forecast-to-plan run succeeds with finite roll-ups.
 * The target from the issue — the 1,000-queue plan under 10 s on one core
 * (release build) — is printed as PASS/MISS and never fails the program.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <wfm.h>

#ifndef BENCH_PLAN_DATA
#  define BENCH_PLAN_DATA "examples/data/nyc_ems_hourly.csv"
#endif

#define PER_DAY 96             /* 15-minute intervals */
#define YEAR_DAYS 365
#define YEAR_COUNT (YEAR_DAYS * PER_DAY)
#define HISTORY_DAYS 731       /* 2015-01-01 … 2016-12-31 */
#define FORECAST_DAYS 91
#define DEFAULT_QUEUES 1000
#define DEFAULT_FC_QUEUES 20

static const double target_ns = 10e9; /* the 1,000-queue plan */
static const double target_sl = 0.8, answer_s = 20.0, max_occupancy = 0.85;
static const double base_shrinkage = 0.3;

/* The shape: 2015-01-01 … 2017-12-31 at 15 minutes, mean 1 over 2017. */
typedef struct shape {
    int32_t first_date;        /* 2015-01-01 */
    int32_t plan_date;         /* 2017-01-01 */
    size_t days;
    double *q;                 /* [days * PER_DAY] */
} shape;

/* One queue's inputs. */
typedef struct queue_inputs {
    double *contacts, *lower, *upper, *aht; /* [YEAR_COUNT] */
    double *history;                        /* [HISTORY_DAYS * PER_DAY] */
} queue_inputs;

static int
load_shape(const char *path, shape *s)
{
    wfm_history *h = NULL;
    int32_t first, days, interval;
    size_t count = 0;
    double *hourly = NULL;
    int rc = -1;

    if (wfm_history_new(&h) != WFM_OK)
        return -1;
    if (wfm_history_read_file(h, path) != WFM_OK) {
        fprintf(stderr, "bench-plan: %s\n", wfm_history_errmsg(h));
        goto done;
    }
    if (wfm_history_span(h, &first, &days, &interval) != WFM_OK || interval != 60
        || wfm_history_copy(h, NULL, NULL, 0, &count) != WFM_ERANGE)
        goto done;
    if (wfm_date_from_ymd(2015, 1, 1, &s->first_date) != WFM_OK
        || wfm_date_from_ymd(2017, 1, 1, &s->plan_date) != WFM_OK
        || first != s->first_date || days < 3 * 365)
        goto done;
    hourly = malloc(count * sizeof *hourly);
    s->days = (size_t)days;
    s->q = malloc(s->days * PER_DAY * sizeof *s->q);
    if (hourly == NULL || s->q == NULL
        || wfm_history_copy(h, hourly, NULL, count, &count) != WFM_OK)
        goto done;
    /* Missing hours (and the spring-forward hour, 0) take the mean of their
     * neighbours; quarter-hours interpolate linearly between hour centres. */
    for (size_t i = 0; i < count; i++) {
        if (!(hourly[i] > 0.0)) {
            double a = i > 0 ? hourly[i - 1] : NAN, b = i + 1 < count ? hourly[i + 1] : NAN;
            hourly[i] = isfinite(a) && isfinite(b) ? 0.5 * (a + b) : isfinite(a) ? a : b;
        }
    }
    double sum = 0.0;
    size_t n_plan = 0;
    for (size_t i = 0; i < count; i++) {
        for (int k = 0; k < 4; k++) {
            double t = ((double)k + 0.5) / 4.0 - 0.5; /* -0.375 … 0.375 */
            size_t j = t < 0 ? (i > 0 ? i - 1 : i) : (i + 1 < count ? i + 1 : i);
            double w = fabs(t);
            double v = ((1.0 - w) * hourly[i] + w * hourly[j]) / 4.0;
            s->q[4 * i + (size_t)k] = v;
            if ((int32_t)(i / 24) + s->first_date >= s->plan_date) {
                sum += v;
                n_plan++;
            }
        }
    }
    for (size_t i = 0; i < s->days * PER_DAY; i++)
        s->q[i] /= sum / (double)n_plan;
    rc = 0;
done:
    free(hourly);
    wfm_history_free(h);
    return rc;
}

/* Per-queue scale: mean load log-uniform in 1 … 330 Erlangs, AHT 120 … 600
 * s; with the shape's range (about 0.4 … 1.6 of the mean) interval loads
 * span about 0.5 … 500 Erlangs. */
typedef struct queue_scale {
    double load, aht;
} queue_scale;

static queue_scale
scale_of(uint64_t seed, size_t q)
{
    bench_rng rng = bench_rng_make(seed, 1000 + q);
    queue_scale s;
    s.load = exp(log(1.0) + (log(330.0) - log(1.0)) * bench_rng_uniform(&rng));
    s.aht = 120.0 + 480.0 * bench_rng_uniform(&rng);
    return s;
}

/* The year's forecast of queue @p q: contacts, bounds and AHT per interval. */
static void
make_plan_inputs(const shape *sh, uint64_t seed, size_t q, queue_inputs *in)
{
    bench_rng rng = bench_rng_make(seed, 2000000 + q);
    queue_scale s = scale_of(seed, q);
    const double *base = sh->q + (size_t)(sh->plan_date - sh->first_date) * PER_DAY;
    for (size_t i = 0; i < YEAR_COUNT; i++) {
        double aht = s.aht * (0.95 + 0.1 * bench_rng_uniform(&rng));
        double load = s.load * base[i] * (0.9 + 0.2 * bench_rng_uniform(&rng));
        double v = load * 900.0 / aht;
        double spread = 1.28 * sqrt(v + 0.01 * v * v);
        in->contacts[i] = v;
        in->lower[i] = v - spread > 0.0 ? v - spread : 0.0;
        in->upper[i] = v + spread;
        in->aht[i] = aht;
    }
}

/* Two years of history of queue @p q: Poisson-like counts around the shape,
 * with the queue's scale (a smaller centre: loads / 4). */
static void
make_history(const shape *sh, uint64_t seed, size_t q, double *out)
{
    bench_rng rng = bench_rng_make(seed, 3000000 + q);
    queue_scale s = scale_of(seed, q);
    for (size_t i = 0; i < (size_t)HISTORY_DAYS * PER_DAY; i++) {
        double mean = 0.25 * s.load * sh->q[i] * 900.0 / s.aht;
        double u1 = bench_rng_uniform(&rng), u2 = bench_rng_uniform(&rng);
        double z = sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
        double x = floor(mean + sqrt(mean) * z + 0.5);
        out[i] = x > 0.0 ? x : 0.0;
    }
}

/* Shrinkage of each plan day, as the plan is told (for the baseline). */
typedef struct shrink_range {
    int m0, d0, m1, d1; /* 2017 month/day … month/day (or into 2018) */
    double rate;
} shrink_range;

static const shrink_range shrink_ranges[] = {
    { 1, 2, 2, 28, 0.04 },   /* flu season */
    { 12, 18, 12, 31, 0.08 } /* Christmas leave */
};

static int
add_shrinkage(wfm_plan *plan, double *per_day, int32_t plan_date)
{
    for (size_t d = 0; d < YEAR_DAYS; d++)
        per_day[d] = base_shrinkage;
    for (size_t k = 0; k < sizeof shrink_ranges / sizeof shrink_ranges[0]; k++) {
        const shrink_range *g = &shrink_ranges[k];
        int32_t a, b;
        if (wfm_date_from_ymd(2017, g->m0, g->d0, &a) != WFM_OK
            || wfm_date_from_ymd(2017, g->m1, g->d1, &b) != WFM_OK
            || (plan != NULL && wfm_plan_add_shrinkage(plan, a, b, g->rate) != WFM_OK))
            return -1;
        for (int32_t d = a; d <= b; d++)
            per_day[d - plan_date] += g->rate;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Runs                                                                      */

typedef struct totals {
    double required_hours, scheduled_hours; /* over all queues */
    double peak_fte;                        /* max weekly FTE, summed over queues */
} totals;

typedef struct plan_bench {
    const shape *sh;
    uint64_t seed;
    size_t queues;
    queue_inputs in;
    wfm_plan *plan;
    double shrink[YEAR_DAYS];
    /* roll-up buffers */
    int32_t day_first[YEAR_DAYS], week_first[60], start_by[60];
    double day_req[YEAR_DAYS], day_sched[YEAR_DAYS], day_fte[YEAR_DAYS];
    double week_req[60], week_sched[60], week_fte[60];
    double needed[60], on_staff[60], hires[60];
} plan_bench;

/* One pass of the wfm workload over every queue; only the library calls
 * are timed. Returns 0, or -1 after a message. */
static int
run_wfm_pass(plan_bench *b, bench_time *elapsed, totals *t)
{
    memset(t, 0, sizeof *t);
    elapsed->real_ns = elapsed->cpu_ns = 0.0;
    for (size_t q = 0; q < b->queues; q++) {
        size_t n_days = 0, n_weeks = 0;
        make_plan_inputs(b->sh, b->seed, q, &b->in);
        bench_time start = bench_time_now();
        int32_t st = wfm_plan_run_series(b->plan, b->sh->plan_date, 15, YEAR_COUNT,
                                         b->in.contacts, b->in.lower, b->in.upper,
                                         b->in.aht, NULL);
        if (st == WFM_OK)
            st = wfm_plan_rollup(b->plan, WFM_PLAN_DAY, b->day_first, b->day_req,
                                 b->day_sched, b->day_fte, YEAR_DAYS, &n_days);
        if (st == WFM_OK)
            st = wfm_plan_rollup(b->plan, WFM_PLAN_WEEK, b->week_first, b->week_req,
                                 b->week_sched, b->week_fte, 60, &n_weeks);
        if (st == WFM_OK)
            st = wfm_plan_ramp(b->plan, NULL, b->needed, b->on_staff, b->hires,
                               b->start_by, 60, &n_weeks);
        bench_time d = bench_time_since(start);
        if (st != WFM_OK) {
            fprintf(stderr, "bench-plan: queue %zu: %s (%s)\n", q, wfm_status_str(st),
                    wfm_plan_errmsg(b->plan));
            return -1;
        }
        elapsed->real_ns += d.real_ns;
        elapsed->cpu_ns += d.cpu_ns;
        double peak = 0.0;
        for (size_t k = 0; k < n_days; k++) {
            t->required_hours += b->day_req[k];
            t->scheduled_hours += b->day_sched[k];
        }
        for (size_t w = 0; w < n_weeks; w++)
            peak = b->week_fte[w] > peak ? b->week_fte[w] : peak;
        t->peak_fte += peak;
    }
    return 0;
}

/* The baseline: the same intervals through a plain per-interval loop. */
static int
run_loop_pass(plan_bench *b, bench_time *elapsed, totals *t)
{
    memset(t, 0, sizeof *t);
    elapsed->real_ns = elapsed->cpu_ns = 0.0;
    for (size_t q = 0; q < b->queues; q++) {
        double req = 0.0, sched = 0.0;
        make_plan_inputs(b->sh, b->seed, q, &b->in);
        bench_time start = bench_time_now();
        for (size_t i = 0; i < YEAR_COUNT; i++) {
            double a = 0.0;
            int32_t n = 0, m = 0;
            if (b->in.contacts[i] > 0.0
                && (wfm_traffic_erlangs(b->in.contacts[i], 900.0, b->in.aht[i], &a) != WFM_OK
                    || wfm_required_agents(a, b->in.aht[i], target_sl, answer_s, 0.0,
                                           max_occupancy, &n) != WFM_OK))
                return -1;
            if (wfm_scheduled_agents(n, b->shrink[i / PER_DAY], &m) != WFM_OK)
                return -1;
            req += n;
            sched += m;
        }
        bench_time d = bench_time_since(start);
        elapsed->real_ns += d.real_ns;
        elapsed->cpu_ns += d.cpu_ns;
        t->required_hours += 0.25 * req;
        t->scheduled_hours += 0.25 * sched;
    }
    return 0;
}

/* History → forecast → plan for @p queues queues; per-queue time. */
static int
run_forecast_pass(const shape *sh, uint64_t seed, size_t queues, double *history,
                  bench_time *elapsed, double *checksum)
{
    wfm_history *h = NULL;
    wfm_forecast *f = NULL;
    wfm_plan *p = NULL;
    double week_fte[16];
    size_t n_weeks = 0;
    int rc = -1;

    *checksum = 0.0;
    elapsed->real_ns = elapsed->cpu_ns = 0.0;
    if (wfm_history_new(&h) != WFM_OK || wfm_forecast_new(&f) != WFM_OK
        || wfm_plan_new(&p) != WFM_OK || wfm_plan_set_double(p, WFM_PLAN_AHT_S, 300.0) != WFM_OK)
        goto done;
    for (size_t q = 0; q < queues; q++) {
        make_history(sh, seed, q, history);
        if (wfm_history_set_series(h, sh->first_date, 15, history,
                                   NULL, (size_t)HISTORY_DAYS * PER_DAY) != WFM_OK)
            goto done;
        bench_time start = bench_time_now();
        int32_t st = wfm_forecast_run(f, h, NULL, sh->plan_date, FORECAST_DAYS);
        if (st == WFM_OK)
            st = wfm_plan_run(p, f, NULL);
        if (st == WFM_OK)
            st = wfm_plan_rollup(p, WFM_PLAN_WEEK, NULL, NULL, NULL, week_fte, 16, &n_weeks);
        bench_time d = bench_time_since(start);
        if (st != WFM_OK) {
            fprintf(stderr, "bench-plan: forecast queue %zu: %s (%s / %s)\n", q,
                    wfm_status_str(st), wfm_forecast_errmsg(f), wfm_plan_errmsg(p));
            goto done;
        }
        elapsed->real_ns += d.real_ns;
        elapsed->cpu_ns += d.cpu_ns;
        for (size_t w = 0; w < n_weeks; w++) {
            if (!isfinite(week_fte[w]) || week_fte[w] < 0.0) {
                fprintf(stderr, "bench-plan: forecast queue %zu: week %zu FTE %g\n", q, w,
                        week_fte[w]);
                goto done;
            }
            *checksum += week_fte[w];
        }
    }
    rc = 0;
done:
    wfm_plan_free(p);
    wfm_forecast_free(f);
    wfm_history_free(h);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Reporting                                                                 */

typedef struct result {
    const char *name;
    int ran;
    size_t units;          /* intervals (plans) or queues */
    const char *unit;
    uint64_t iterations;   /* passes per repetition */
    double *real_ns, *cpu_ns; /* [repetitions] per pass */
    double mean_real, stdev_real, mean_cpu;
    double checksum;
} result;

static void
summarise(result *r, int reps)
{
    r->mean_real = bench_mean(r->real_ns, (size_t)reps);
    r->stdev_real = bench_stdev(r->real_ns, (size_t)reps);
    r->mean_cpu = bench_mean(r->cpu_ns, (size_t)reps);
}

static void
json_entry(FILE *f, int *entries, int family, const bench_options *o, const result *r,
           const char *aggregate, int rep, double real_ns, double cpu_ns, double ratio,
           int is_target)
{
    bench_json_entry_begin(f, entries, r->name, aggregate, family, o->repetitions, rep,
                           (unsigned long long)r->iterations, real_ns, cpu_ns);
    fprintf(f, ",\n      \"%s\": %zu", r->unit, r->units);
    fputs(",\n      \"total_seconds\": ", f);
    bench_json_number(f, real_ns * 1e-9);
    fputs(",\n      \"items_per_second\": ", f);
    bench_json_number(f, real_ns > 0.0 ? (double)r->units / (real_ns * 1e-9) : NAN);
    if (strcmp(r->unit, "queues") == 0) {
        fputs(",\n      \"per_queue_ms\": ", f);
        bench_json_number(f, real_ns * 1e-6 / (double)r->units);
    }
    if (ratio > 0.0) {
        fputs(",\n      \"ratio_vs_loop\": ", f);
        bench_json_number(f, ratio);
    }
    fputs(",\n      \"checksum\": ", f);
    bench_json_number(f, r->checksum);
    if (is_target) {
        fprintf(f, ",\n      \"target_ns\": %.0f", target_ns);
        fprintf(f, ",\n      \"label\": \"target 1000 queues < 10 s: %s\"",
                r->units >= (size_t)DEFAULT_QUEUES * YEAR_COUNT
                    ? (real_ns < target_ns ? "PASS" : "MISS") : "n/a (fewer queues)");
    }
    fputs("\n    }", f);
}

static void
usage(FILE *f)
{
    fputs("Usage: bench-plan [OPTION]...\n"
          "Times a year of 15-minute staffing plans for 1,000 queues\n"
          "(wfm_plan_run_series + roll-ups + ramp) against a plain per-interval\n"
          "wfm_required_agents loop on the same intervals, and history -> forecast\n"
          "-> plan for 20 queues. Benchmarks: plan/1000q_1y_15min/wfm,\n"
          "plan/1000q_1y_15min/loop, plan/forecast_plan_2y_15min/20q.\n\n", f);
    bench_print_common_usage(f);
    fputs("  --cases=N              queues in the plan workloads (default 1000);\n"
          "                         the forecast workload takes N / 50 (at least 1)\n"
          "  --data=FILE            the NYC EMS hourly CSV (default: the source tree's\n"
          "                         examples/data/nyc_ems_hourly.csv)\n\n"
          "One iteration is one pass over all queues. Exit status: 0 success, 1 a\n"
          "run failed or the plan and the loop disagree, 2 bad usage. The speed\n"
          "target is informational and never fails.\n", f);
}

int
main(int argc, char **argv)
{
    bench_options o;
    const char *data = BENCH_PLAN_DATA;
    char **args = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *args);
    int n_args = 0, rc, failed = 0;
    shape sh = { 0, 0, 0, NULL };
    plan_bench b;
    double *history = NULL;
    FILE *out = stdout;
    result res[3];
    char fc_name[64];

    if (args == NULL)
        return 1;
    for (int i = 0; i < argc; i++) {
        const char *v = i > 0 ? bench_opt_value(argv[i], "--data") : NULL;
        if (v != NULL && *v != '\0')
            data = v;
        else
            args[n_args++] = argv[i];
    }
    rc = bench_parse_options(n_args, args, &o, usage);
    free(args);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    (void)wfm_gsl_disable_abort();

    memset(&b, 0, sizeof b);
    memset(res, 0, sizeof res);
    b.queues = o.cases > 0 ? o.cases : DEFAULT_QUEUES;
    b.seed = o.seed;
    size_t fc_queues = b.queues / 50 > 0 ? b.queues / 50 : 1;
    if (o.cases == 0)
        fc_queues = DEFAULT_FC_QUEUES;
    snprintf(fc_name, sizeof fc_name, "plan/forecast_plan_2y_15min/%zuq", fc_queues);
    if (load_shape(data, &sh) != 0) {
        fprintf(stderr, "%s: cannot load the NYC EMS hourly shape from %s (see --data)\n",
                argv[0], data);
        free(sh.q);
        return 1;
    }
    b.sh = &sh;
    b.in.contacts = malloc(YEAR_COUNT * sizeof(double));
    b.in.lower = malloc(YEAR_COUNT * sizeof(double));
    b.in.upper = malloc(YEAR_COUNT * sizeof(double));
    b.in.aht = malloc(YEAR_COUNT * sizeof(double));
    history = malloc((size_t)HISTORY_DAYS * PER_DAY * sizeof *history);
    if (!b.in.contacts || !b.in.lower || !b.in.upper || !b.in.aht || !history
        || wfm_plan_new(&b.plan) != WFM_OK
        || wfm_plan_set_double(b.plan, WFM_PLAN_TARGET_SL, target_sl) != WFM_OK
        || wfm_plan_set_double(b.plan, WFM_PLAN_ANSWER_S, answer_s) != WFM_OK
        || wfm_plan_set_double(b.plan, WFM_PLAN_MAX_OCCUPANCY, max_occupancy) != WFM_OK
        || wfm_plan_set_double(b.plan, WFM_PLAN_SHRINKAGE, base_shrinkage) != WFM_OK
        || add_shrinkage(b.plan, b.shrink, sh.plan_date) != 0) {
        fprintf(stderr, "%s: setup failed\n", argv[0]);
        failed = 1;
        goto done;
    }
    if (o.out_path != NULL && (out = fopen(o.out_path, "w")) == NULL) {
        perror(o.out_path);
        failed = 1;
        out = stdout;
        goto done;
    }

    res[0] = (result){ .name = "plan/1000q_1y_15min/wfm", .unit = "intervals",
                       .units = b.queues * YEAR_COUNT };
    res[1] = (result){ .name = "plan/1000q_1y_15min/loop", .unit = "intervals",
                       .units = b.queues * YEAR_COUNT };
    res[2] = (result){ .name = fc_name, .unit = "queues", .units = fc_queues };
    totals tw = { 0, 0, 0 }, tl = { 0, 0, 0 };
    for (int w = 0; w < 3; w++) {
        result *r = &res[w];
        if (!bench_selected(&o, r->name))
            continue;
        r->iterations = o.iterations > 0 ? o.iterations : 1;
        r->real_ns = calloc((size_t)o.repetitions, sizeof *r->real_ns);
        r->cpu_ns = calloc((size_t)o.repetitions, sizeof *r->cpu_ns);
        if (r->real_ns == NULL || r->cpu_ns == NULL) {
            failed = 1;
            break;
        }
        for (int rep = 0; rep < o.repetitions && !failed; rep++) {
            for (uint64_t it = 0; it < r->iterations && !failed; it++) {
                bench_time t;
                int st = w == 0 ? run_wfm_pass(&b, &t, &tw)
                       : w == 1 ? run_loop_pass(&b, &t, &tl)
                                : run_forecast_pass(&sh, o.seed, fc_queues, history, &t,
                                                    &r->checksum);
                if (st != 0) {
                    fprintf(stderr, "bench-plan: %s failed\n", r->name);
                    failed = 1;
                }
                r->real_ns[rep] += t.real_ns / (double)r->iterations;
                r->cpu_ns[rep] += t.cpu_ns / (double)r->iterations;
            }
        }
        if (w == 0)
            r->checksum = tw.scheduled_hours;
        else if (w == 1)
            r->checksum = tl.scheduled_hours;
        summarise(r, o.repetitions);
        r->ran = !failed;
    }
    if (!failed && res[0].ran && res[1].ran
        && (tw.required_hours != tl.required_hours
            || tw.scheduled_hours != tl.scheduled_hours)) {
        fprintf(stderr, "bench-plan: the plan and the loop disagree: required hours "
                "%.2f vs %.2f, scheduled hours %.2f vs %.2f\n", tw.required_hours,
                tl.required_hours, tw.scheduled_hours, tl.scheduled_hours);
        failed = 1;
    }

    double ratio = res[0].ran && res[1].ran && res[1].mean_real > 0.0
                   ? res[0].mean_real / res[1].mean_real : 0.0;
    if (o.format == BENCH_FORMAT_JSON) {
        int entries = 0;
        fputs("{\n  \"context\": {\n", out);
        bench_json_context_common(out, argv[0], wfm_version_string());
        fprintf(out, ",\n    \"seed\": %llu", (unsigned long long)o.seed);
        fputs(",\n    \"data\": ", out);
        bench_json_string(out, data);
        fprintf(out, ",\n    \"queues\": %zu,\n    \"intervals_per_queue\": %d", b.queues,
                YEAR_COUNT);
        fputs(",\n    \"ratio_vs_loop\": ", out);
        bench_json_string(out, "mean time of the wfm plan (with risk columns, SL/ASA/"
                          "occupancy, roll-ups and ramp) / mean time of a plain "
                          "wfm_required_agents + wfm_scheduled_agents loop, same run");
        fputs("\n  },\n  \"benchmarks\": [", out);
        for (int w = 0; w < 3; w++) {
            const result *r = &res[w];
            if (!r->ran)
                continue;
            for (int k = 0; k < o.repetitions; k++)
                json_entry(out, &entries, w, &o, r, NULL, k, r->real_ns[k], r->cpu_ns[k],
                           w == 0 ? ratio : 0.0, w == 0);
            if (o.repetitions > 1) {
                json_entry(out, &entries, w, &o, r, "mean", 0, r->mean_real, r->mean_cpu,
                           w == 0 ? ratio : 0.0, w == 0);
                json_entry(out, &entries, w, &o, r, "stddev", 0, r->stdev_real, 0.0, 0.0, 0);
            }
        }
        fputs(entries ? "\n  ]\n}\n" : "]\n}\n", out);
    } else {
        long cpus = bench_num_cpus();
        fprintf(out, "bench-plan: staffing plans with wfm_plan_run_series(), against a "
                "plain per-interval loop\nwfm %s, %s build, %s, %ld CPU%s, seed %llu, "
                "%d repetition%s\n\n", wfm_version_string(), BENCH_BUILD_TYPE,
                BENCH_COMPILER, cpus, cpus == 1 ? "" : "s", (unsigned long long)o.seed,
                o.repetitions, o.repetitions == 1 ? "" : "s");
        fprintf(out, "%-36s %10s %7s %10s %14s %s\n", "Benchmark", "total s", "stdev",
                "cpu s", "items/s", "notes");
        for (int w = 0; w < 3; w++) {
            const result *r = &res[w];
            if (!r->ran)
                continue;
            fprintf(out, "%-36s %10.3f %6.1f%% %10.3f %14.0f", r->name, r->mean_real * 1e-9,
                    r->mean_real > 0 ? 100.0 * r->stdev_real / r->mean_real : 0.0,
                    r->mean_cpu * 1e-9, (double)r->units / (r->mean_real * 1e-9));
            if (w == 0) {
                fprintf(out, " %zu queues x %d intervals", b.queues, YEAR_COUNT);
                if (ratio > 0.0)
                    fprintf(out, ", %.2fx the loop", ratio);
                if (b.queues == DEFAULT_QUEUES)
                    fprintf(out, ", target < 10 s: %s (cpu: %s)",
                            r->mean_real < target_ns ? "PASS" : "MISS",
                            r->mean_cpu < target_ns ? "PASS" : "MISS");
            } else if (w == 1) {
                fprintf(out, " %.0f ns per interval", r->mean_real / (double)r->units);
            } else {
                fprintf(out, " %.2f ms per queue (forecast %d days + plan + roll-up)",
                        r->mean_real * 1e-6 / (double)r->units, FORECAST_DAYS);
            }
            fputc('\n', out);
        }
        if (res[0].ran)
            fprintf(out, "\nAll queues: %.0f required and %.0f scheduled agent-hours a "
                    "year; peak-week FTE summed over queues %.0f.\n", tw.required_hours,
                    tw.scheduled_hours, tw.peak_fte);
        fprintf(out, "%s\n", failed ? "A run FAILED or the plan and the loop disagree "
                "(details on stderr)." : res[0].ran && res[1].ran
                ? "Checked: the plan's agent-hours equal the loop's." : "");
    }
done:
    if (out != stdout && fclose(out) != 0) {
        perror(o.out_path);
        failed = 1;
    }
    for (int w = 0; w < 3; w++) {
        free(res[w].real_ns);
        free(res[w].cpu_ns);
    }
    if (o.has_filter)
        regfree(&o.filter);
    wfm_plan_free(b.plan);
    free(b.in.contacts);
    free(b.in.lower);
    free(b.in.upper);
    free(b.in.aht);
    free(history);
    free(sh.q);
    return failed ? 1 : 0;
}
