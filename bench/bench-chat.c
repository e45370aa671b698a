/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-chat — how fast is wfm_chat_required_agents() from 100 to a million
 * chats per interval, and does it give the plain rule's answers?
 *
 * Workloads: contacts per 15-minute interval of 10^2, 10^3, ..., 10^6
 * (each case drawn within ±5 % of it), for two handle-time profiles:
 *   200_300   200 s alone, 300 s at two chats (a second chat is slower:
 *             the usual case, f(L) = L / aht concave);
 *   300_200   300 s alone, 200 s at two chats (a second chat is faster:
 *             f convex, where more agents may raise the occupancy).
 * Every case draws one of the usual goals: the plan's defaults (80 % in
 * 20 s with an 85 % occupancy cap), 90 % in 15 s, an ASA of 30 s, or an
 * occupancy cap alone.
 *
 * Methods, timed in the same run on the same cases:
 *   wfm      wfm_chat_required_agents();
 *   erlangc  wfm_required_agents() for the same load under the
 *            "AHT / concurrency" shortcut (Erlang C with aht[m − 1] / m): an
 *            O(1) staffing call of the same size, for scale (its answers
 *            differ, see wfm/channels.h);
 *   scan     the rule itself, one agent at a time: from the fewest agents of
 *            a stable queue up, wfm_chat_service() until every target is
 *            met (the search before 1.3, on today's evaluation). It is run
 *            up to 10^4 chats (10^3 with --iterations=N): above that one
 *            solve takes seconds.
 * Every wfm answer is compared with the scan's where the scan ran; a
 * difference is printed on stderr and the program exits with status 1.
 * The goal "any interval up to 10^6 chats staffed in under 10 ms" is
 * checked on the slowest single solve's CPU time and printed as PASS/MISS
 * (informational: a loaded machine must not fail CI).
 *
 * Timing: a run is a whole number of passes over a workload's cases; the
 * cost reported is per solve, the mean (and stdev) over --repetitions runs.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

enum { DEFAULT_CASES = 16, QUICK_CASES = 4, MAX_REPORTED_MISMATCHES = 10 };

static const double interval_s = 900.0;
static const double load_jitter = 0.05;
/* The scan baseline runs up to this many chats per interval (quick runs:
 * scan_max_quick). */
static const double scan_max = 1e4, scan_max_quick = 1e3;
/* The speed goal: every solve below this, up to 10^6 chats. */
static const double goal_ns = 10e6;

typedef struct {
    const char *name;
    int32_t sessions;
    double aht[2];
} profile;

static const profile profiles[] = {
    { "200_300", 2, { 200.0, 300.0 } },
    { "300_200", 2, { 300.0, 200.0 } },
};
enum { PROFILE_COUNT = sizeof profiles / sizeof profiles[0] };

static const double loads[] = { 1e2, 1e3, 1e4, 1e5, 1e6 };
static const char *const load_names[] = { "1e2", "1e3", "1e4", "1e5", "1e6" };
enum { LOAD_COUNT = sizeof loads / sizeof loads[0] };

typedef struct {
    double target_sl, answer_s, max_asa_s, max_occupancy;
} goal;

static const goal goals[] = {
    { 0.8, 20.0, 0.0, 0.85 },
    { 0.9, 15.0, 0.0, 0.0 },
    { 0.0, 0.0, 30.0, 0.0 },
    { 0.0, 0.0, 0.0, 0.85 },
};

typedef struct {
    double contacts;
    goal g;
} chat_case;

enum method { METHOD_WFM, METHOD_ERLANGC, METHOD_SCAN, METHOD_COUNT };
static const char *const method_names[METHOD_COUNT] = { "wfm", "erlangc", "scan" };

/* ------------------------------------------------------------------------ */
/* The methods                                                               */

static int32_t
solve_wfm(const profile *p, const chat_case *c)
{
    int32_t n;
    if (wfm_chat_required_agents(c->contacts, interval_s, p->aht, p->sessions, c->g.target_sl,
                                 c->g.answer_s, c->g.max_asa_s, c->g.max_occupancy,
                                 &n) != WFM_OK)
        return -1;
    return n;
}

static int32_t
solve_erlangc(const profile *p, const chat_case *c)
{
    const double aht = p->aht[p->sessions - 1] / p->sessions;
    double a;
    int32_t n;
    if (wfm_traffic_erlangs(c->contacts, interval_s, aht, &a) != WFM_OK ||
        wfm_required_agents(a, aht, c->g.target_sl, c->g.answer_s, c->g.max_asa_s,
                            c->g.max_occupancy, &n) != WFM_OK)
        return -1;
    return n;
}

/* The first n from the stability bound meeting every target, with the
 * header's tie rule (2·DBL_EPSILON). */
static int32_t
solve_scan(const profile *p, const chat_case *c)
{
    const double full = p->aht[p->sessions - 1];
    const double bound = floor(c->contacts * full / (interval_s * p->sessions)) - 1;
    const double eps = 2 * 2.220446049250313e-16;
    for (int32_t n = bound > 1 ? (int32_t)bound : 1; n < INT32_MAX; n++) {
        double sl, asa, occ;
        if (wfm_chat_service(c->contacts, interval_s, p->aht, p->sessions, n, c->g.answer_s,
                             &sl, &asa, &occ) != WFM_OK)
            return -1;
        if (isinf(asa))
            continue;
        if (c->g.target_sl > 0 && sl < c->g.target_sl - eps)
            continue;
        if (c->g.max_asa_s > 0 && asa > c->g.max_asa_s * (1 + eps))
            continue;
        if (c->g.max_occupancy > 0 && occ > c->g.max_occupancy * (1 + eps))
            continue;
        return n;
    }
    return -1;
}

static volatile uint64_t sink;

static uint64_t
run_pass(enum method m, const profile *p, const chat_case *cases, size_t n, int32_t *answers)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        answers[i] = m == METHOD_WFM       ? solve_wfm(p, &cases[i])
                     : m == METHOD_ERLANGC ? solve_erlangc(p, &cases[i])
                                           : solve_scan(p, &cases[i]);
        sum += (uint64_t)answers[i];
    }
    return sum;
}

static bench_time
run_passes(enum method m, const profile *p, const chat_case *cases, size_t n,
           int32_t *answers, uint64_t passes)
{
    uint64_t sum = 0;
    bench_time start = bench_time_now();
    for (uint64_t k = 0; k < passes; k++)
        sum += run_pass(m, p, cases, n, answers);
    bench_time t = bench_time_since(start);
    sink += sum;
    return t;
}

/* Passes per run: --iterations=N rounds up to whole passes (after one
 * warm-up pass); auto grows the run until it lasts --min-time (those runs
 * double as warm-up). */
static uint64_t
choose_passes(const bench_options *o, enum method m, const profile *p, const chat_case *cases,
              size_t n, int32_t *answers)
{
    if (o->iterations > 0) {
        run_passes(m, p, cases, n, answers, 1);
        return o->iterations / n + (o->iterations % n != 0);
    }
    const double min_ns = o->min_time_s * 1e9;
    uint64_t passes = 1;
    for (;;) {
        bench_time t = run_passes(m, p, cases, n, answers, passes);
        if (t.real_ns >= min_ns || passes >= UINT64_C(1) << 40)
            return passes;
        double grow = t.real_ns > min_ns / 10.0 ? 1.4 * min_ns / t.real_ns : 10.0;
        uint64_t next = (uint64_t)ceil((double)passes * grow);
        passes = next > passes ? next : passes + 1;
    }
}

/* ------------------------------------------------------------------------ */
/* Measurements and the report                                               */

typedef struct {
    int ran;
    uint64_t passes, solves;
    double *real_ns, *cpu_ns; /* [repetitions] per solve */
    double mean_real, stdev_real, mean_cpu, stdev_cpu;
    double max_real, max_cpu; /* the slowest single solve (wfm only) */
    uint64_t checksum;
} measurement;

static int
measure(const bench_options *o, enum method m, const profile *p, const chat_case *cases,
        size_t n, int32_t *answers, measurement *r)
{
    const int reps = o->repetitions;
    r->real_ns = malloc((size_t)reps * sizeof *r->real_ns);
    r->cpu_ns = malloc((size_t)reps * sizeof *r->cpu_ns);
    if (r->real_ns == NULL || r->cpu_ns == NULL)
        return -1;
    r->passes = choose_passes(o, m, p, cases, n, answers);
    r->solves = r->passes * (uint64_t)n;
    for (int k = 0; k < reps; k++) {
        bench_time t = run_passes(m, p, cases, n, answers, r->passes);
        r->real_ns[k] = t.real_ns / (double)r->solves;
        r->cpu_ns[k] = t.cpu_ns / (double)r->solves;
    }
    r->mean_real = bench_mean(r->real_ns, (size_t)reps);
    r->stdev_real = bench_stdev(r->real_ns, (size_t)reps);
    r->mean_cpu = bench_mean(r->cpu_ns, (size_t)reps);
    r->stdev_cpu = bench_stdev(r->cpu_ns, (size_t)reps);
    r->checksum = 0;
    for (size_t i = 0; i < n; i++)
        r->checksum += (uint64_t)answers[i];
    /* The slowest single solve (the goal is per interval), each timed once:
     * real time and CPU time (the goal is judged on CPU time, which other
     * processes on a shared machine do not inflate). */
    r->max_real = r->max_cpu = 0.0;
    if (m == METHOD_WFM) {
        for (size_t i = 0; i < n; i++) {
            bench_time start = bench_time_now();
            sink += (uint64_t)solve_wfm(p, &cases[i]);
            bench_time t = bench_time_since(start);
            r->max_real = fmax(r->max_real, t.real_ns);
            r->max_cpu = fmax(r->max_cpu, t.cpu_ns);
        }
    }
    r->ran = 1;
    return 0;
}

typedef struct {
    FILE *out;
    const bench_options *opts;
    size_t cases;
    int json_entries, family;
    size_t checked, mismatches;
    double worst_wfm_ns; /* slowest wfm solve, any workload, CPU time */
} report;

static void
bench_name(char *buf, size_t size, size_t pi, size_t li, enum method m)
{
    snprintf(buf, size, "chat/%s/%s/%s", profiles[pi].name, load_names[li], method_names[m]);
}

static chat_case *
make_cases(size_t pi, size_t li, size_t n, uint64_t seed)
{
    chat_case *cases = malloc(n * sizeof *cases);
    if (cases == NULL)
        return NULL;
    bench_rng rng = bench_rng_make(seed, pi * LOAD_COUNT + li);
    for (size_t i = 0; i < n; i++) {
        double u_load = bench_rng_uniform(&rng), u_goal = bench_rng_uniform(&rng);
        cases[i].contacts = loads[li] * (1.0 + load_jitter * (2.0 * u_load - 1.0));
        size_t g = (size_t)(u_goal * (double)(sizeof goals / sizeof goals[0]));
        cases[i].g = goals[g < sizeof goals / sizeof goals[0] ? g : 0];
    }
    return cases;
}

static void
json_entry(report *r, const char *name, const measurement *x, const measurement *meas,
           enum method m, const char *aggregate, int rep, double real_ns, double cpu_ns)
{
    FILE *f = r->out;
    bench_json_entry_begin(f, &r->json_entries, name, aggregate, r->family,
                           r->opts->repetitions, rep, (unsigned long long)x->solves, real_ns,
                           cpu_ns);
    fprintf(f, ",\n      \"cases\": %zu", r->cases);
    fprintf(f, ",\n      \"passes\": %llu", (unsigned long long)x->passes);
    fprintf(f, ",\n      \"checksum\": %llu", (unsigned long long)x->checksum);
    if (m == METHOD_WFM) {
        fputs(",\n      \"max_solve_real_ns\": ", f);
        bench_json_number(f, x->max_real);
        fputs(",\n      \"max_solve_cpu_ns\": ", f);
        bench_json_number(f, x->max_cpu);
        fprintf(f, ",\n      \"goal_max_solve_cpu_ns\": %.0f", goal_ns);
        for (enum method b = METHOD_ERLANGC; b < METHOD_COUNT; b++) {
            if (!meas[b].ran || x->mean_real <= 0.0)
                continue;
            fprintf(f, ",\n      \"ratio_%s_over_wfm\": ", method_names[b]);
            bench_json_number(f, meas[b].mean_real / x->mean_real);
        }
    }
    fputs("\n    }", f);
}

static void
report_workload(report *r, size_t pi, size_t li, const measurement *meas)
{
    char name[96];
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        const measurement *x = &meas[m];
        bench_name(name, sizeof name, pi, li, m);
        if (!x->ran) {
            if (r->opts->format == BENCH_FORMAT_CONSOLE && m == METHOD_SCAN &&
                bench_selected(r->opts, name))
                fprintf(r->out, "%-28s %14s\n", name, "skipped");
            continue;
        }
        if (r->opts->format == BENCH_FORMAT_JSON) {
            const int reps = r->opts->repetitions;
            for (int k = 0; k < reps; k++)
                json_entry(r, name, x, meas, m, NULL, k, x->real_ns[k], x->cpu_ns[k]);
            if (reps > 1) {
                json_entry(r, name, x, meas, m, "mean", 0, x->mean_real, x->mean_cpu);
                json_entry(r, name, x, meas, m, "stddev", 0, x->stdev_real, x->stdev_cpu);
            }
            r->family++;
        } else {
            fprintf(r->out, "%-28s %14.1f %7.1f%% %14.1f %10llu %12llu", name, x->mean_real,
                    x->mean_real > 0.0 ? 100.0 * x->stdev_real / x->mean_real : 0.0,
                    x->mean_cpu, (unsigned long long)x->solves,
                    (unsigned long long)x->checksum);
            if (m == METHOD_WFM)
                fprintf(r->out, "  max %.3f ms cpu (%.3f real)", x->max_cpu * 1e-6,
                        x->max_real * 1e-6);
            else if (meas[METHOD_WFM].ran && meas[METHOD_WFM].mean_real > 0.0)
                fprintf(r->out, "  %s/wfm %.3gx", method_names[m],
                        x->mean_real / meas[METHOD_WFM].mean_real);
            fputc('\n', r->out);
        }
    }
    fflush(r->out);
}

static size_t
check_answers(size_t pi, size_t li, const chat_case *cases, size_t n, const int32_t *got,
              const int32_t *want, size_t reported)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (got[i] == want[i] && got[i] >= 0)
            continue;
        if (reported + bad < MAX_REPORTED_MISMATCHES)
            fprintf(stderr,
                    "MISMATCH chat/%s/%s case %zu: contacts %.17g SL %.17g in %.17g s, ASA "
                    "%.17g, occupancy %.17g: wfm %d, scan %d\n",
                    profiles[pi].name, load_names[li], i, cases[i].contacts,
                    cases[i].g.target_sl, cases[i].g.answer_s, cases[i].g.max_asa_s,
                    cases[i].g.max_occupancy, (int)got[i], (int)want[i]);
        bad++;
    }
    return bad;
}

static int
run_workload(report *r, size_t pi, size_t li)
{
    const bench_options *o = r->opts;
    const size_t n = r->cases;
    const double scan_limit = o->iterations > 0 ? scan_max_quick : scan_max;
    measurement meas[METHOD_COUNT];
    int32_t *answers[METHOD_COUNT] = { NULL, NULL, NULL };
    char name[96];
    int rc = -1;
    memset(meas, 0, sizeof meas);
    chat_case *cases = make_cases(pi, li, n, o->seed);
    if (cases == NULL)
        return -1;
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        bench_name(name, sizeof name, pi, li, m);
        if (!bench_selected(o, name) || (m == METHOD_SCAN && loads[li] > scan_limit))
            continue;
        answers[m] = malloc(n * sizeof *answers[m]);
        if (answers[m] == NULL || measure(o, m, &profiles[pi], cases, n, answers[m], &meas[m]) != 0)
            goto out;
    }
    if (meas[METHOD_WFM].ran) {
        for (size_t i = 0; i < n; i++)
            if (answers[METHOD_WFM][i] < 0) {
                fprintf(stderr, "chat/%s/%s case %zu: wfm_chat_required_agents failed\n",
                        profiles[pi].name, load_names[li], i);
                r->mismatches++;
            }
        if (meas[METHOD_WFM].max_cpu > r->worst_wfm_ns)
            r->worst_wfm_ns = meas[METHOD_WFM].max_cpu;
    }
    if (meas[METHOD_WFM].ran && meas[METHOD_SCAN].ran) {
        r->mismatches += check_answers(pi, li, cases, n, answers[METHOD_WFM],
                                       answers[METHOD_SCAN], r->mismatches);
        r->checked += n;
    }
    report_workload(r, pi, li, meas);
    rc = 0;
out:
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        free(answers[m]);
        free(meas[m].real_ns);
        free(meas[m].cpu_ns);
    }
    free(cases);
    return rc;
}

static void
usage(FILE *f)
{
    fputs("Usage: bench-chat [OPTION]...\n"
          "Times wfm_chat_required_agents() from 10^2 to 10^6 chats per 15-minute\n"
          "interval for handle times 200/300 s and 300/200 s, against Erlang C staffing\n"
          "of the same load and the one-agent-at-a-time scan (up to 10^4 chats), and\n"
          "checks the answers against the scan.\n"
          "Benchmarks: chat/<200_300|300_200>/<1e2|...|1e6>/<wfm|erlangc|scan>.\n\n", f);
    bench_print_common_usage(f);
    fprintf(f, "  --cases=N              cases per workload (default %d; %d when\n"
               "                         --iterations is a number)\n\n"
               "Exit status: 0 success, 1 an answer differs or a solve failed, 2 bad\n"
               "usage. The 10 ms goal is informational and never fails.\n",
            DEFAULT_CASES, QUICK_CASES);
}

int
main(int argc, char **argv)
{
    bench_options opts;
    report r;
    int rc = bench_parse_options(argc, argv, &opts, usage);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    memset(&r, 0, sizeof r);
    r.opts = &opts;
    r.cases = opts.cases ? opts.cases : opts.iterations ? QUICK_CASES : DEFAULT_CASES;
    r.out = stdout;
    if (opts.out_path != NULL && (r.out = fopen(opts.out_path, "w")) == NULL) {
        perror(opts.out_path);
        return 2;
    }
    bench_time start = bench_time_now();
    if (opts.format == BENCH_FORMAT_JSON) {
        fputs("{\n  \"context\": {\n", r.out);
        bench_json_context_common(r.out, argv[0], wfm_version_string());
        fprintf(r.out, ",\n    \"seed\": %llu", (unsigned long long)opts.seed);
        fprintf(r.out, ",\n    \"cases_per_workload\": %zu", r.cases);
        fprintf(r.out, ",\n    \"interval_s\": %.0f", interval_s);
        fprintf(r.out, ",\n    \"scan_max_contacts\": %.0f",
                opts.iterations > 0 ? scan_max_quick : scan_max);
        fputs("\n  },\n  \"benchmarks\": [", r.out);
    } else {
        fprintf(r.out, "bench-chat: wfm_chat_required_agents() from 10^2 to 10^6 chats per "
                       "interval\nwfm %s, %s build, %s, seed %llu, %zu cases per workload, "
                       "%d repetition%s\n\n",
                wfm_version_string(), BENCH_BUILD_TYPE, BENCH_COMPILER,
                (unsigned long long)opts.seed, r.cases, opts.repetitions,
                opts.repetitions == 1 ? "" : "s");
        fprintf(r.out, "%-28s %14s %8s %14s %10s %12s\n", "Benchmark", "ns/solve", "stdev",
                "cpu ns", "solves", "checksum");
    }
    int failed = 0;
    for (size_t pi = 0; pi < PROFILE_COUNT && !failed; pi++)
        for (size_t li = 0; li < LOAD_COUNT && !failed; li++)
            if (run_workload(&r, pi, li) != 0) {
                fprintf(stderr, "%s: out of memory\n", argv[0]);
                failed = 1;
            }
    if (opts.format == BENCH_FORMAT_JSON) {
        fputs(r.json_entries ? "\n  ]\n}\n" : "]\n}\n", r.out);
    } else {
        fprintf(r.out, "\nGoal (informational): every solve under %.0f ms of CPU up to 10^6 "
                       "chats: slowest %.3f ms, %s\n", goal_ns * 1e-6, r.worst_wfm_ns * 1e-6,
                r.worst_wfm_ns < goal_ns ? "PASS" : "MISS");
        if (r.mismatches == 0)
            fprintf(r.out, "Identity check: all %zu answers agree with the scan.\n", r.checked);
        else
            fprintf(r.out, "Identity check FAILED: %zu problems (details on stderr).\n",
                    r.mismatches);
        fprintf(r.out, "Total time %.1f s.\n", bench_time_since(start).real_ns * 1e-9);
    }
    if (r.out != stdout && fclose(r.out) != 0) {
        perror(opts.out_path);
        failed = 1;
    }
    if (opts.has_filter)
        regfree(&opts.filter);
    return failed || r.mismatches > 0 ? 1 : 0;
}
