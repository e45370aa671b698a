/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-erlang — how fast is wfm_required_agents(), and does it agree with
 * the textbook?
 *
 * The staffing solver is timed through the public API (wfm_dep: the shared
 * library as shipped) against two calculators written here and timed in the
 * same run on the same cases:
 *
 *   rescan   the textbook calculator: for n = floor(A)+1, floor(A)+2, ...
 *            recompute Erlang B from k = 0 with
 *            B_k = A·B_{k−1} / (k + A·B_{k−1}), then C, SL, ASA and A/n,
 *            and stop at the first n that meets every set target. O(n·k).
 *   onepass  the same recursion run once up to floor(A)+1, then B carried
 *            forward in O(1) per extra agent. O(n).
 *
 * Both baselines use plain double and compute bit-identical B values, so
 * they always agree with each other. Every answer of every timed method is
 * compared with the onepass answer for the same case; a difference is
 * printed on stderr and the program exits with status 1. (A plain-double
 * baseline could in principle lose a knife-edge case that wfm decides in
 * extended precision; with random loads that essentially never happens, so
 * a mismatch deserves a look.)
 *
 * Workloads (one case = one staffing solve):
 *   mixed        loads log-uniform in 0.1–5,000 Erlangs;
 *   band_N       loads N·(1 ± 5 %) for N = 10, 100, 1,000, 10,000, 100,000.
 * All draw the same mix of targets (see draw_case()). The rescan baseline is
 * skipped from 10,000 Erlangs up: at ~10^4 agents one solve takes tens of
 * milliseconds, at 10^5 seconds, which would blow the run-time budget.
 *
 * Timing: a run is a whole number of passes over a workload's cases, so
 * every method is timed on exactly the same cases; the cost reported is per
 * solve. Ratios are baseline time / wfm time on the mean real time.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

/* ------------------------------------------------------------------------ */
/* Workloads and cases                                                       */

/* Defaults for the number of cases per workload: enough distinct cases that
 * the branch predictor cannot learn them; a quick run (explicit
 * --iterations, e.g. the smoke test) uses fewer so it ends in seconds. */
enum { DEFAULT_CASES = 1000, QUICK_CASES = 200 };

/* The rescan baseline is not run at or above this load (see the top). */
static const double rescan_skip_from_erlangs = 10000.0;

/* Mismatches printed per benchmark before we only count them. */
enum { MAX_REPORTED_MISMATCHES = 10 };

typedef struct staffing_case {
    double load;          /* A, Erlangs */
    double aht_s;
    double target_sl;     /* 0 = not set */
    double answer_s;
    double max_asa_s;     /* 0 = not set */
    double max_occupancy; /* 0 = not set */
} staffing_case;

typedef struct workload {
    const char *name;
    double band;          /* centre load in Erlangs; 0 = the mixed draw */
} workload;

static const workload workloads[] = {
    { "mixed", 0.0 },
    { "band_10", 10.0 },
    { "band_100", 100.0 },
    { "band_1000", 1000.0 },
    { "band_10000", 10000.0 },
    { "band_100000", 100000.0 },
};
enum { WORKLOAD_COUNT = sizeof workloads / sizeof workloads[0] };

enum method { METHOD_WFM, METHOD_ONEPASS, METHOD_RESCAN, METHOD_COUNT };
static const char *const method_names[METHOD_COUNT] = { "wfm", "onepass", "rescan" };

/* The speed goals printed as PASS/MISS. Informational only: they never make
 * the program fail, because a loaded CI machine must not turn red. */
typedef struct speed_target {
    const char *workload;
    enum method baseline;
    double min_ratio;
} speed_target;

static const speed_target speed_targets[] = {
    { "mixed", METHOD_ONEPASS, 5.0 },
    { "band_100000", METHOD_ONEPASS, 100.0 },
    { "band_1000", METHOD_RESCAN, 100.0 },
};
enum { SPEED_TARGET_COUNT = sizeof speed_targets / sizeof speed_targets[0] };

/* The target mix: common service goals of contact centres. */
static const struct {
    double sl, answer_s;
} sl_goals[] = { { 0.80, 20.0 }, { 0.90, 15.0 }, { 0.95, 10.0 } };
static const double asa_goals_s[] = { 10.0, 20.0, 30.0 };
static const double mixed_min_load = 0.1, mixed_max_load = 5000.0;
static const double band_jitter = 0.05;
static const double aht_min_s = 180.0, aht_max_s = 600.0;
static const double p_asa_goal = 0.25, p_occupancy_cap = 0.25;
static const double occupancy_cap = 0.85;

static size_t
pick(double u, size_t n)
{
    size_t i = (size_t)(u * (double)n);
    return i < n ? i : n - 1;
}

/* One random case. Every variate is drawn whatever the branches, so a case
 * depends only on the seed, the workload and its index. */
static staffing_case
draw_case(bench_rng *rng, double band)
{
    double u_load = bench_rng_uniform(rng);
    double u_aht = bench_rng_uniform(rng);
    double u_sl = bench_rng_uniform(rng);
    double u_asa_on = bench_rng_uniform(rng);
    double u_asa = bench_rng_uniform(rng);
    double u_cap_on = bench_rng_uniform(rng);
    staffing_case c;

    if (band > 0.0)
        c.load = band * (1.0 + band_jitter * (2.0 * u_load - 1.0));
    else /* log-uniform: as many small queues as large ones per decade */
        c.load = mixed_min_load * exp(u_load * log(mixed_max_load / mixed_min_load));
    c.aht_s = aht_min_s + u_aht * (aht_max_s - aht_min_s);
    size_t g = pick(u_sl, sizeof sl_goals / sizeof sl_goals[0]);
    c.target_sl = sl_goals[g].sl;
    c.answer_s = sl_goals[g].answer_s;
    c.max_asa_s = u_asa_on < p_asa_goal
        ? asa_goals_s[pick(u_asa, sizeof asa_goals_s / sizeof asa_goals_s[0])]
        : 0.0;
    c.max_occupancy = u_cap_on < p_occupancy_cap ? occupancy_cap : 0.0;
    return c;
}

static staffing_case *
make_cases(size_t workload_index, size_t n, uint64_t seed)
{
    staffing_case *cases = malloc(n * sizeof *cases);
    if (cases == NULL)
        return NULL;
    bench_rng rng = bench_rng_make(seed, workload_index);
    for (size_t i = 0; i < n; i++)
        cases[i] = draw_case(&rng, workloads[workload_index].band);
    return cases;
}

static int
rescan_allowed(const workload *w)
{
    return w->band < rescan_skip_from_erlangs;
}

/* ------------------------------------------------------------------------ */
/* The baselines: textbook formulas in plain double                          */

/* Erlang B by the recursion from B_0 = 1, k = 1..n. */
static double
erlang_b_from_zero(double a, int32_t n)
{
    double b = 1.0;
    for (int32_t k = 1; k <= n; k++) {
        double ab = a * b;
        b = ab / ((double)k + ab);
    }
    return b;
}

/* The next B: the same step as in erlang_b_from_zero(), so both baselines
 * see bit-identical values. */
static double
erlang_b_step(double a, double b, int32_t n)
{
    double ab = a * b;
    return ab / ((double)n + ab);
}

/* SL and ASA at n > A agents, given B(A, n). */
static void
baseline_sl_asa(const staffing_case *c, int32_t n, double b, double *sl,
                double *asa_s)
{
    double a = c->load, dn = (double)n;
    double p_wait = dn * b / (dn - a * (1.0 - b));
    *sl = 1.0 - p_wait * exp(-(dn - a) * c->answer_s / c->aht_s);
    *asa_s = p_wait * c->aht_s / (dn - a);
}

/* Does n > A agents meet every target that is set? Equality meets it. */
static int
baseline_meets(const staffing_case *c, int32_t n, double b)
{
    double sl, asa_s;
    baseline_sl_asa(c, n, b, &sl, &asa_s);
    if (c->target_sl > 0.0 && sl < c->target_sl)
        return 0;
    if (c->max_asa_s > 0.0 && asa_s > c->max_asa_s)
        return 0;
    if (c->max_occupancy > 0.0 && c->load / (double)n > c->max_occupancy)
        return 0;
    return 1;
}

static int32_t
first_candidate(const staffing_case *c)
{
    return (int32_t)floor(c->load) + 1; /* the smallest n > A */
}

static int32_t
solve_rescan(const staffing_case *c)
{
    if (c->load == 0.0)
        return 0;
    for (int32_t n = first_candidate(c);; n++) {
        if (baseline_meets(c, n, erlang_b_from_zero(c->load, n)))
            return n;
    }
}

static int32_t
solve_onepass(const staffing_case *c)
{
    if (c->load == 0.0)
        return 0;
    int32_t n = first_candidate(c);
    double b = erlang_b_from_zero(c->load, n);
    while (!baseline_meets(c, n, b)) {
        n++;
        b = erlang_b_step(c->load, b, n);
    }
    return n;
}

/* The library; an error becomes -1, which no baseline answers, so it shows
 * up as a mismatch with its status printed. */
static int32_t
solve_wfm(const staffing_case *c)
{
    int32_t agents;
    if (wfm_required_agents(c->load, c->aht_s, c->target_sl, c->answer_s,
                            c->max_asa_s, c->max_occupancy, &agents) != WFM_OK)
        return -1;
    return agents;
}

/* ------------------------------------------------------------------------ */
/* Timed passes                                                              */

/* Every answer of every pass is summed into this, so the compiler cannot
 * drop a pass whose answers are overwritten by the next one. */
static volatile uint64_t sink;

/* One loop per method, so the baselines are inlined into their loop and no
 * method pays for an indirect call the others do not. */
static uint64_t
pass_wfm(const staffing_case *cases, size_t n, int32_t *answers)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (uint64_t)(answers[i] = solve_wfm(&cases[i]));
    return sum;
}

static uint64_t
pass_onepass(const staffing_case *cases, size_t n, int32_t *answers)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (uint64_t)(answers[i] = solve_onepass(&cases[i]));
    return sum;
}

static uint64_t
pass_rescan(const staffing_case *cases, size_t n, int32_t *answers)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (uint64_t)(answers[i] = solve_rescan(&cases[i]));
    return sum;
}

static uint64_t
run_pass(enum method m, const staffing_case *cases, size_t n, int32_t *answers)
{
    switch (m) {
    case METHOD_WFM:
        return pass_wfm(cases, n, answers);
    case METHOD_ONEPASS:
        return pass_onepass(cases, n, answers);
    case METHOD_RESCAN:
    default:
        return pass_rescan(cases, n, answers);
    }
}

/* Times @p passes passes over all cases; the cases and the answer buffer
 * are allocated beforehand, so only solving is timed. */
static bench_time
run_passes(enum method m, const staffing_case *cases, size_t n,
           int32_t *answers, uint64_t passes)
{
    uint64_t sum = 0;
    bench_time start = bench_time_now();
    for (uint64_t p = 0; p < passes; p++)
        sum += run_pass(m, cases, n, answers);
    bench_time t = bench_time_since(start);
    sink += sum;
    return t;
}

/* Passes per measured run. With --iterations=N: enough whole passes for N
 * solves, after one warm-up pass. With auto: grow the run until it lasts
 * --min-time; the growing runs are discarded and double as warm-up. */
static uint64_t
choose_passes(const bench_options *o, enum method m,
              const staffing_case *cases, size_t n, int32_t *answers)
{
    if (o->iterations > 0) {
        run_passes(m, cases, n, answers, 1);
        return o->iterations / n + (o->iterations % n != 0);
    }
    const double min_ns = o->min_time_s * 1e9;
    uint64_t passes = 1;
    for (;;) {
        bench_time t = run_passes(m, cases, n, answers, passes);
        if (t.real_ns >= min_ns || passes >= UINT64_C(1) << 40)
            return passes;
        /* Aim 40 % past the goal so the next run usually makes it; from a
         * run too short to extrapolate from, grow tenfold. */
        double grow = t.real_ns > min_ns / 10.0 ? 1.4 * min_ns / t.real_ns : 10.0;
        uint64_t next = (uint64_t)ceil((double)passes * grow);
        passes = next > passes ? next : passes + 1;
    }
}

/* ------------------------------------------------------------------------ */
/* Measurements                                                              */

typedef struct measurement {
    int ran;
    uint64_t passes;   /* per repetition */
    uint64_t solves;   /* per repetition: passes × cases */
    double *real_ns;   /* [repetitions] per solve */
    double *cpu_ns;    /* [repetitions] per solve */
    double mean_real, stdev_real, median_real;
    double mean_cpu, stdev_cpu, median_cpu;
    uint64_t checksum; /* sum of one pass's answers */
} measurement;

static int
measure(const bench_options *o, enum method m, const staffing_case *cases,
        size_t n, int32_t *answers, measurement *r)
{
    size_t reps = (size_t)o->repetitions;
    r->real_ns = malloc(reps * sizeof *r->real_ns);
    r->cpu_ns = malloc(reps * sizeof *r->cpu_ns);
    double *scratch = malloc(reps * sizeof *scratch);
    if (r->real_ns == NULL || r->cpu_ns == NULL || scratch == NULL) {
        free(scratch);
        return -1;
    }
    r->passes = choose_passes(o, m, cases, n, answers);
    r->solves = r->passes * (uint64_t)n;
    for (size_t k = 0; k < reps; k++) {
        bench_time t = run_passes(m, cases, n, answers, r->passes);
        r->real_ns[k] = t.real_ns / (double)r->solves;
        r->cpu_ns[k] = t.cpu_ns / (double)r->solves;
    }
    r->mean_real = bench_mean(r->real_ns, reps);
    r->stdev_real = bench_stdev(r->real_ns, reps);
    r->median_real = bench_median(r->real_ns, reps, scratch);
    r->mean_cpu = bench_mean(r->cpu_ns, reps);
    r->stdev_cpu = bench_stdev(r->cpu_ns, reps);
    r->median_cpu = bench_median(r->cpu_ns, reps, scratch);
    free(scratch);

    r->checksum = 0;
    for (size_t i = 0; i < n; i++)
        r->checksum += (uint64_t)answers[i];
    r->ran = 1;
    return 0;
}

static void
measurement_free(measurement *r)
{
    free(r->real_ns);
    free(r->cpu_ns);
}

/* ------------------------------------------------------------------------ */
/* The identity check                                                        */

/* Prints SL, ASA and occupancy at n agents from wfm and from the baseline,
 * so that a knife-edge case can be told from a bug at a glance. */
static void
print_evaluation(const staffing_case *c, int32_t n)
{
    double sl = NAN, asa = NAN, occ = NAN, bsl = NAN, basa = NAN;
    if (n <= 0 || (double)n <= c->load)
        return;
    if (wfm_service_level(c->load, n, c->aht_s, c->answer_s, &sl) != WFM_OK)
        sl = NAN;
    if (wfm_average_speed_of_answer(c->load, n, c->aht_s, &asa) != WFM_OK)
        asa = NAN;
    if (wfm_occupancy(c->load, n, &occ) != WFM_OK)
        occ = NAN;
    baseline_sl_asa(c, n, erlang_b_from_zero(c->load, n), &bsl, &basa);
    fprintf(stderr,
            "    n=%-7d wfm: SL=%.17g ASA=%.17g occ=%.17g\n"
            "              baseline: SL=%.17g ASA=%.17g\n",
            (int)n, sl, asa, occ, bsl, basa);
}

static void
report_mismatch(const char *name, size_t i, const staffing_case *c,
                int32_t got, int32_t want)
{
    int32_t agents = 0;
    int32_t status = wfm_required_agents(c->load, c->aht_s, c->target_sl,
                                         c->answer_s, c->max_asa_s,
                                         c->max_occupancy, &agents);
    fprintf(stderr,
            "MISMATCH %s case %zu: A=%.17g aht_s=%.17g target_sl=%.17g "
            "answer_s=%.17g max_asa_s=%.17g max_occupancy=%.17g\n"
            "  %s answered %d, onepass %d (wfm_required_agents: %s, %d agents)\n",
            name, i, c->load, c->aht_s, c->target_sl, c->answer_s,
            c->max_asa_s, c->max_occupancy, name, (int)got, (int)want,
            wfm_status_str(status), (int)agents);
    int32_t lo = got < want ? got : want, hi = got < want ? want : got;
    print_evaluation(c, lo - 1);
    print_evaluation(c, lo);
    if (hi - 1 > lo)
        print_evaluation(c, hi - 1);
    if (hi > lo)
        print_evaluation(c, hi);
}

/* Returns how many answers differ from the reference. */
static size_t
check_answers(const char *name, const staffing_case *cases, size_t n,
              const int32_t *answers, const int32_t *reference)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (answers[i] == reference[i])
            continue;
        if (bad < MAX_REPORTED_MISMATCHES)
            report_mismatch(name, i, &cases[i], answers[i], reference[i]);
        bad++;
    }
    if (bad > MAX_REPORTED_MISMATCHES)
        fprintf(stderr, "  ... %zu more mismatches in %s\n",
                bad - MAX_REPORTED_MISMATCHES, name);
    return bad;
}

/* ------------------------------------------------------------------------ */
/* Reporting                                                                 */

typedef struct report {
    FILE *out;
    const bench_options *opts;
    size_t cases;
    int json_entries;   /* entries written, for the commas */
    int family;         /* Google Benchmark family_index */
    size_t checked;     /* answers compared with the reference */
    size_t mismatches;
    /* Mean real ns per solve, for the summary; 0 = not measured. */
    double mean_ns[WORKLOAD_COUNT][METHOD_COUNT];
} report;

static void
bench_name(char *buf, size_t size, const workload *w, enum method m)
{
    snprintf(buf, size, "erlang/%s/%s", w->name, method_names[m]);
}

static const speed_target *
find_target(const workload *w, enum method baseline)
{
    for (size_t i = 0; i < SPEED_TARGET_COUNT; i++)
        if (strcmp(speed_targets[i].workload, w->name) == 0
            && speed_targets[i].baseline == baseline)
            return &speed_targets[i];
    return NULL;
}

/* baseline / wfm on mean real time, or 0 when either was not run. */
static double
speedup(const measurement *meas, enum method baseline)
{
    if (!meas[METHOD_WFM].ran || !meas[baseline].ran || meas[METHOD_WFM].mean_real <= 0.0)
        return 0.0;
    return meas[baseline].mean_real / meas[METHOD_WFM].mean_real;
}

/* A speed-up with three significant digits but never in exponent form. */
static int
format_ratio(char *buf, size_t size, double ratio)
{
    return snprintf(buf, size, ratio >= 100.0 ? "%.0fx" : ratio >= 10.0 ? "%.1fx" : "%.2fx",
                    ratio);
}

/* "onepass/wfm 23.1x (target >= 5x: PASS), rescan/wfm 812x" */
static void
format_ratios(char *buf, size_t size, const workload *w, const measurement *meas)
{
    size_t len = 0;
    buf[0] = '\0';
    for (enum method b = METHOD_ONEPASS; b < METHOD_COUNT; b++) {
        double ratio = speedup(meas, b);
        if (ratio <= 0.0 || len >= size)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s/wfm ",
                                len ? ", " : "", method_names[b]);
        if (len < size)
            len += (size_t)format_ratio(buf + len, size - len, ratio);
        const speed_target *t = find_target(w, b);
        if (t != NULL && len < size)
            len += (size_t)snprintf(buf + len, size - len, " (target >= %gx: %s)",
                                    t->min_ratio,
                                    ratio >= t->min_ratio ? "PASS" : "MISS");
    }
}

static void
console_header(report *r)
{
    const bench_options *o = r->opts;
    long cpus = bench_num_cpus();
    double mhz = bench_cpu_mhz();
    fprintf(r->out, "bench-erlang: wfm_required_agents() against textbook baselines\n");
    fprintf(r->out, "wfm %s, %s build, %s, %ld CPU%s", wfm_version_string(),
            BENCH_BUILD_TYPE, BENCH_COMPILER, cpus, cpus == 1 ? "" : "s");
    if (mhz > 0.0)
        fprintf(r->out, " @ %.0f MHz", mhz);
    fprintf(r->out, ", seed %llu\n", (unsigned long long)o->seed);
    fprintf(r->out, "%zu cases per workload, %d repetition%s, ", r->cases,
            o->repetitions, o->repetitions == 1 ? "" : "s");
    if (o->iterations > 0)
        fprintf(r->out, "%llu iterations per run\n", (unsigned long long)o->iterations);
    else
        fprintf(r->out, "auto iterations (runs >= %g s)\n", o->min_time_s);
    fprintf(r->out, "rescan skipped from %.0f Erlangs (O(n*k): too slow)\n\n",
            rescan_skip_from_erlangs);
    fprintf(r->out, "%-28s %12s %8s %12s %12s %10s\n", "Benchmark", "ns/solve",
            "stdev", "cpu ns", "solves", "checksum");
}

static void
console_workload(report *r, const workload *w, const measurement *meas,
                 int rescan_skipped)
{
    char name[64], ratios[256];
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        const measurement *x = &meas[m];
        bench_name(name, sizeof name, w, m);
        if (m == METHOD_RESCAN && rescan_skipped) {
            fprintf(r->out, "%-28s %12s\n", name, "skipped");
            continue;
        }
        if (!x->ran)
            continue;
        fprintf(r->out, "%-28s %12.1f %7.1f%% %12.1f %12llu %10llu\n", name,
                x->mean_real,
                x->mean_real > 0.0 ? 100.0 * x->stdev_real / x->mean_real : 0.0,
                x->mean_cpu, (unsigned long long)x->solves,
                (unsigned long long)x->checksum);
    }
    format_ratios(ratios, sizeof ratios, w, meas);
    if (ratios[0] != '\0')
        fprintf(r->out, "  %s\n", ratios);
    fflush(r->out);
}

static void
console_footer(report *r, double elapsed_s)
{
    fprintf(r->out, "\nSpeed targets (informational):\n");
    for (size_t i = 0; i < SPEED_TARGET_COUNT; i++) {
        const speed_target *t = &speed_targets[i];
        size_t wi = 0;
        while (strcmp(workloads[wi].name, t->workload) != 0)
            wi++;
        double wfm = r->mean_ns[wi][METHOD_WFM], base = r->mean_ns[wi][t->baseline];
        fprintf(r->out, "  %-12s %s/wfm >= %-4g ", t->workload,
                method_names[t->baseline], t->min_ratio);
        if (wfm > 0.0 && base > 0.0) {
            char ratio[32];
            format_ratio(ratio, sizeof ratio, base / wfm);
            fprintf(r->out, "%10s  %s\n", ratio,
                    base / wfm >= t->min_ratio ? "PASS" : "MISS");
        }
        else
            fprintf(r->out, "%10s\n", "not run");
    }
    if (r->mismatches == 0)
        fprintf(r->out, "\nIdentity check: all %zu answers agree with the onepass "
                "baseline.\n", r->checked);
    else
        fprintf(r->out, "\nIdentity check FAILED: %zu of %zu answers differ "
                "(details on stderr).\n", r->mismatches, r->checked);
    fprintf(r->out, "Total time %.1f s.\n", elapsed_s);
}

static void
json_header(report *r, int argc, char **argv)
{
    (void)argc;
    fputs("{\n  \"context\": {\n", r->out);
    bench_json_context_common(r->out, argv[0], wfm_version_string());
    fprintf(r->out, ",\n    \"seed\": %llu", (unsigned long long)r->opts->seed);
    fprintf(r->out, ",\n    \"cases_per_workload\": %zu", r->cases);
    fprintf(r->out, ",\n    \"rescan_skipped_from_erlangs\": %.0f",
            rescan_skip_from_erlangs);
    fputs("\n  },\n  \"benchmarks\": [", r->out);
}

/* One Google-Benchmark entry. @p aggregate is NULL for a repetition. */
static void
json_entry(report *r, const workload *w, enum method m, const measurement *x,
           const measurement *meas, const char *aggregate, int rep,
           double real_ns, double cpu_ns)
{
    char name[64], ratios[256];
    FILE *f = r->out;
    bench_name(name, sizeof name, w, m);
    bench_json_entry_begin(f, &r->json_entries, name, aggregate, r->family,
                           r->opts->repetitions, rep, (unsigned long long)x->solves, real_ns,
                           cpu_ns);
    fprintf(f, ",\n      \"cases\": %zu", r->cases);
    fprintf(f, ",\n      \"passes\": %llu", (unsigned long long)x->passes);
    fprintf(f, ",\n      \"checksum\": %llu", (unsigned long long)x->checksum);
    if (m == METHOD_WFM) {
        for (enum method b = METHOD_ONEPASS; b < METHOD_COUNT; b++) {
            double ratio = speedup(meas, b);
            const speed_target *t = find_target(w, b);
            if (ratio > 0.0) {
                fprintf(f, ",\n      \"ratio_vs_%s\": ", method_names[b]);
                bench_json_number(f, ratio);
            }
            if (t != NULL)
                fprintf(f, ",\n      \"target_ratio_vs_%s\": %g", method_names[b],
                        t->min_ratio);
        }
        format_ratios(ratios, sizeof ratios, w, meas);
        if (ratios[0] != '\0') {
            fputs(",\n      \"label\": ", f);
            bench_json_string(f, ratios);
        }
    }
    fputs("\n    }", f);
}

static void
json_workload(report *r, const workload *w, const measurement *meas)
{
    int reps = r->opts->repetitions;
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        const measurement *x = &meas[m];
        if (!x->ran)
            continue;
        for (int k = 0; k < reps; k++)
            json_entry(r, w, m, x, meas, NULL, k, x->real_ns[k], x->cpu_ns[k]);
        if (reps > 1) {
            json_entry(r, w, m, x, meas, "mean", 0, x->mean_real, x->mean_cpu);
            json_entry(r, w, m, x, meas, "median", 0, x->median_real, x->median_cpu);
            json_entry(r, w, m, x, meas, "stddev", 0, x->stdev_real, x->stdev_cpu);
        }
        r->family++;
    }
    fflush(r->out);
}

static void
json_footer(report *r)
{
    fputs(r->json_entries ? "\n  ]\n}\n" : "]\n}\n", r->out);
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */

static int
method_selected(const bench_options *o, const workload *w, enum method m)
{
    char name[64];
    bench_name(name, sizeof name, w, m);
    return bench_selected(o, name);
}

/* Runs the selected methods of one workload, checks their answers and
 * reports them. Returns -1 if memory ran out. */
static int
run_workload(report *r, size_t wi)
{
    const workload *w = &workloads[wi];
    const bench_options *o = r->opts;
    size_t n = r->cases;
    measurement meas[METHOD_COUNT];
    int32_t *answers[METHOD_COUNT] = { NULL, NULL, NULL };
    int32_t *reference = NULL;
    int rescan_skipped = 0, rc = -1;
    char name[64];

    memset(meas, 0, sizeof meas);
    staffing_case *cases = make_cases(wi, n, o->seed);
    if (cases == NULL)
        goto out;
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        if (!method_selected(o, w, m))
            continue;
        if (m == METHOD_RESCAN && !rescan_allowed(w)) {
            rescan_skipped = 1;
            continue;
        }
        answers[m] = malloc(n * sizeof *answers[m]);
        if (answers[m] == NULL || measure(o, m, cases, n, answers[m], &meas[m]) != 0)
            goto out;
        r->mean_ns[wi][m] = meas[m].mean_real;
    }

    /* The reference is the onepass answer, computed untimed if the filter
     * left onepass out, so every timed answer is checked. */
    reference = answers[METHOD_ONEPASS];
    if (reference == NULL) {
        reference = malloc(n * sizeof *reference);
        if (reference == NULL)
            goto out;
        sink += pass_onepass(cases, n, reference);
    }
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        if (!meas[m].ran)
            continue;
        bench_name(name, sizeof name, w, m);
        r->mismatches += check_answers(name, cases, n, answers[m], reference);
        r->checked += n;
    }

    if (o->format == BENCH_FORMAT_JSON)
        json_workload(r, w, meas);
    else
        console_workload(r, w, meas, rescan_skipped);
    rc = 0;
out:
    if (reference != answers[METHOD_ONEPASS])
        free(reference);
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++) {
        free(answers[m]);
        measurement_free(&meas[m]);
    }
    free(cases);
    return rc;
}

static void
usage(FILE *f)
{
    fputs("Usage: bench-erlang [OPTION]...\n"
          "Times wfm_required_agents() against two textbook staffing calculators\n"
          "(rescan: Erlang B recomputed per candidate; onepass: carried forward) on\n"
          "the same cases, and checks that all give identical answers.\n"
          "Benchmarks: erlang/<workload>/<wfm|onepass|rescan>, workloads mixed,\n"
          "band_10, band_100, band_1000, band_10000, band_100000 (rescan only up to\n"
          "band_1000).\n\n", f);
    bench_print_common_usage(f);
    fprintf(f, "  --cases=N              cases per workload (default %d; %d when\n"
               "                         --iterations is a number, for quick runs)\n\n"
               "Exit status: 0 success, 1 an answer differs or a run failed,\n"
               "2 bad usage. Speed targets are informational and never fail.\n",
            DEFAULT_CASES, QUICK_CASES);
}

/* Does the filter select anything at all? Catches typos early. */
static int
any_selected(const bench_options *o)
{
    for (size_t wi = 0; wi < WORKLOAD_COUNT; wi++)
        for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++)
            if (method_selected(o, &workloads[wi], m))
                return 1;
    return 0;
}

static int
any_method_selected(const bench_options *o, const workload *w)
{
    for (enum method m = METHOD_WFM; m < METHOD_COUNT; m++)
        if (method_selected(o, w, m))
            return 1;
    return 0;
}

int
main(int argc, char **argv)
{
    bench_options opts;
    report r;
    int rc = bench_parse_options(argc, argv, &opts, usage);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    if (!any_selected(&opts)) {
        fprintf(stderr, "%s: --filter=%s matches no benchmark\n", argv[0],
                opts.filter_text);
        return 2;
    }

    memset(&r, 0, sizeof r);
    r.opts = &opts;
    r.cases = opts.cases ? opts.cases : opts.iterations ? QUICK_CASES : DEFAULT_CASES;
    r.out = stdout;
    if (opts.out_path != NULL && (r.out = fopen(opts.out_path, "w")) == NULL) {
        perror(opts.out_path);
        return 2;
    }

    bench_time start = bench_time_now();
    if (opts.format == BENCH_FORMAT_JSON)
        json_header(&r, argc, argv);
    else
        console_header(&r);

    int failed = 0;
    for (size_t wi = 0; wi < WORKLOAD_COUNT && !failed; wi++) {
        if (!any_method_selected(&opts, &workloads[wi]))
            continue;
        if (run_workload(&r, wi) != 0) {
            fprintf(stderr, "%s: out of memory\n", argv[0]);
            failed = 1;
        }
    }

    if (opts.format == BENCH_FORMAT_JSON)
        json_footer(&r);
    else
        console_footer(&r, bench_time_since(start).real_ns * 1e-9);
    if (r.mismatches > 0)
        fprintf(stderr, "%s: %zu answer%s differ from the onepass baseline\n",
                argv[0], r.mismatches, r.mismatches == 1 ? "" : "s");

    if (r.out != stdout && fclose(r.out) != 0) {
        perror(opts.out_path);
        failed = 1;
    }
    if (opts.has_filter)
        regfree(&opts.filter);
    return failed || r.mismatches > 0 ? 1 : 0;
}
