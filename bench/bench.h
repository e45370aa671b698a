/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench.h — small shared helpers for the bench/ programs (STYLE §8): the
 * common command line, clocks, a seeded PRNG, repetition statistics and the
 * pieces of Google-Benchmark-style JSON that every benchmark writes.
 *
 * Private to bench/: it is not installed and never included by the library.
 * Everything is static inline so that a benchmark that does not use a helper
 * gets no unused-function warning. Define _POSIX_C_SOURCE (200809L) before
 * including it: clock_gettime, regcomp, localtime_r and gethostname are POSIX.
 */
#ifndef WFM_BENCH_H
#define WFM_BENCH_H

#ifndef _POSIX_C_SOURCE
#  error "define _POSIX_C_SOURCE 200809L before including bench.h"
#endif

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Passed in by bench/meson.build; the fallbacks keep a hand build working. */
#ifndef BENCH_BUILD_TYPE
#  define BENCH_BUILD_TYPE "unknown"
#endif
#ifndef BENCH_COMPILER
#  define BENCH_COMPILER "unknown"
#endif

/* ------------------------------------------------------------------------ */
/* Clocks                                                                    */

/* Nanoseconds on the given clock. CLOCK_MONOTONIC gives real time immune to
 * clock changes; CLOCK_PROCESS_CPUTIME_ID gives the CPU time we actually got,
 * which shows when another process stole the core. */
static inline double
bench_clock_ns(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Real and CPU time of one measured run, in nanoseconds. */
typedef struct bench_time {
    double real_ns;
    double cpu_ns;
} bench_time;

static inline bench_time
bench_time_now(void)
{
    bench_time t;
    t.real_ns = bench_clock_ns(CLOCK_MONOTONIC);
    t.cpu_ns = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    return t;
}

static inline bench_time
bench_time_since(bench_time start)
{
    bench_time now = bench_time_now();
    bench_time d;
    d.real_ns = now.real_ns - start.real_ns;
    d.cpu_ns = now.cpu_ns - start.cpu_ns;
    return d;
}

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64. Our own generator (not rand()) so that a seed gives the
 * same cases on every libc and platform, and results stay comparable across
 * machines and builds.                                                      */

typedef struct bench_rng {
    uint64_t state;
} bench_rng;

static inline uint64_t
bench_rng_next(bench_rng *rng)
{
    uint64_t z = (rng->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A generator for sub-stream @p stream of @p seed, so each workload draws the
 * same cases whatever other workloads are filtered in or out. */
static inline bench_rng
bench_rng_make(uint64_t seed, uint64_t stream)
{
    bench_rng rng;
    rng.state = seed;
    rng.state = bench_rng_next(&rng) ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    return rng;
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double
bench_rng_uniform(bench_rng *rng)
{
    return (double)(bench_rng_next(rng) >> 11) * 0x1.0p-53;
}

/* ------------------------------------------------------------------------ */
/* Statistics over repetitions                                               */

static inline double
bench_mean(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return n > 0 ? s / (double)n : 0.0;
}

/* Sample standard deviation (n − 1), as Google Benchmark reports it; 0 for
 * a single repetition. */
static inline double
bench_stdev(const double *x, size_t n)
{
    if (n < 2)
        return 0.0;
    double m = bench_mean(x, n), s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    return sqrt(s / (double)(n - 1));
}

static inline int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median; sorts a copy in @p scratch (n doubles). */
static inline double
bench_median(const double *x, size_t n, double *scratch)
{
    if (n == 0)
        return 0.0;
    memcpy(scratch, x, n * sizeof *x);
    qsort(scratch, n, sizeof *scratch, bench_cmp_double);
    return n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
}

/* ------------------------------------------------------------------------ */
/* Command line (STYLE §8)                                                   */

enum bench_format { BENCH_FORMAT_CONSOLE, BENCH_FORMAT_JSON };

typedef struct bench_options {
    enum bench_format format;
    const char *out_path;      /* NULL = stdout */
    int has_filter;
    regex_t filter;
    const char *filter_text;
    int repetitions;           /* >= 1 */
    uint64_t iterations;       /* 0 = auto */
    uint64_t seed;
    size_t cases;              /* 0 = the benchmark's default */
    double min_time_s;         /* auto: a run lasts at least this long */
} bench_options;

static inline int
bench_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s == '\0' || *s == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

/* The value of "--name=value" if @p arg is that option, else NULL. */
static inline const char *
bench_opt_value(const char *arg, const char *name)
{
    size_t len = strlen(name);
    if (strncmp(arg, name, len) == 0 && arg[len] == '=')
        return arg + len + 1;
    return NULL;
}

static inline void
bench_print_common_usage(FILE *f)
{
    fputs("  --format=console|json  report format (default console; json follows the\n"
          "                         Google Benchmark schema)\n"
          "  --out=FILE             write the report to FILE instead of stdout\n"
          "  --filter=REGEX         run only benchmarks whose name matches the POSIX\n"
          "                         extended REGEX\n"
          "  --repetitions=N        measured runs per benchmark (default 3); the report\n"
          "                         gives their mean and standard deviation\n"
          "  --iterations=N|auto    solves per run, rounded up to whole passes over the\n"
          "                         cases; auto (default) grows runs until one lasts\n"
          "                         --min-time\n"
          "  --min-time=SECONDS     auto iterations: shortest run (default 0.1)\n"
          "  --seed=N               seed of the case generator (default 42)\n"
          "  --help                 this text\n", f);
}

/* Parses the common options plus --cases=N. Returns 0 to run, 1 when --help
 * was printed, -1 on a bad option (a message is on stderr). */
static inline int
bench_parse_options(int argc, char **argv, bench_options *o,
                    void (*usage)(FILE *))
{
    memset(o, 0, sizeof *o);
    o->format = BENCH_FORMAT_CONSOLE;
    o->repetitions = 3;
    o->seed = 42;
    o->min_time_s = 0.1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        uint64_t u;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if ((v = bench_opt_value(a, "--format")) != NULL) {
            if (strcmp(v, "console") == 0)
                o->format = BENCH_FORMAT_CONSOLE;
            else if (strcmp(v, "json") == 0)
                o->format = BENCH_FORMAT_JSON;
            else
                goto bad;
        } else if ((v = bench_opt_value(a, "--out")) != NULL && *v != '\0') {
            o->out_path = v;
        } else if ((v = bench_opt_value(a, "--filter")) != NULL) {
            if (o->has_filter)
                regfree(&o->filter);
            int rc = regcomp(&o->filter, v, REG_EXTENDED | REG_NOSUB);
            if (rc != 0) {
                char msg[256];
                regerror(rc, &o->filter, msg, sizeof msg);
                fprintf(stderr, "%s: bad --filter regex '%s': %s\n", argv[0], v, msg);
                return -1;
            }
            o->has_filter = 1;
            o->filter_text = v;
        } else if ((v = bench_opt_value(a, "--repetitions")) != NULL) {
            if (bench_parse_u64(v, &u) != 0 || u < 1 || u > 1000)
                goto bad;
            o->repetitions = (int)u;
        } else if ((v = bench_opt_value(a, "--iterations")) != NULL) {
            if (strcmp(v, "auto") == 0)
                o->iterations = 0;
            else if (bench_parse_u64(v, &u) != 0 || u < 1)
                goto bad;
            else
                o->iterations = u;
        } else if ((v = bench_opt_value(a, "--seed")) != NULL) {
            if (bench_parse_u64(v, &o->seed) != 0)
                goto bad;
        } else if ((v = bench_opt_value(a, "--cases")) != NULL) {
            if (bench_parse_u64(v, &u) != 0 || u < 1 || u > 10000000)
                goto bad;
            o->cases = (size_t)u;
        } else if ((v = bench_opt_value(a, "--min-time")) != NULL) {
            char *end;
            double d = strtod(v, &end);
            if (*v == '\0' || *end != '\0' || !(d > 0.0 && d <= 60.0))
                goto bad;
            o->min_time_s = d;
        } else {
            goto bad;
        }
        continue;
bad:
        fprintf(stderr, "%s: bad option '%s' (see --help)\n", argv[0], a);
        return -1;
    }
    return 0;
}

static inline int
bench_selected(const bench_options *o, const char *name)
{
    return !o->has_filter || regexec(&o->filter, name, 0, NULL, 0) == 0;
}

/* ------------------------------------------------------------------------ */
/* JSON output                                                               */

static inline void
bench_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* JSON has no NaN or infinity: those become null. */
static inline void
bench_json_number(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.10g", x);
    else
        fputs("null", f);
}

/* Open one Google-Benchmark entry and write its common fields, up to
 * "time_unit"; the caller adds its own fields and closes it with "\n    }".
 * @p aggregate is NULL for a repetition (index @p rep), else its name
 * ("mean", ...); an aggregate's iterations are its repetitions, as in
 * Google Benchmark. @p entries counts the entries written, for the commas. */
static inline void
bench_json_entry_begin(FILE *f, int *entries, const char *run_name, const char *aggregate,
                       int family, int repetitions, int rep, unsigned long long iterations,
                       double real_ns, double cpu_ns)
{
    char full[160];
    snprintf(full, sizeof full, "%s%s%s", run_name, aggregate ? "_" : "",
             aggregate ? aggregate : "");
    fputs((*entries)++ ? ",\n    {\n" : "\n    {\n", f);
    fputs("      \"name\": ", f);
    bench_json_string(f, full);
    fprintf(f, ",\n      \"family_index\": %d", family);
    fputs(",\n      \"per_family_instance_index\": 0", f);
    fputs(",\n      \"run_name\": ", f);
    bench_json_string(f, run_name);
    fprintf(f, ",\n      \"run_type\": \"%s\"", aggregate ? "aggregate" : "iteration");
    fprintf(f, ",\n      \"repetitions\": %d", repetitions);
    if (aggregate == NULL)
        fprintf(f, ",\n      \"repetition_index\": %d", rep);
    fputs(",\n      \"threads\": 1", f);
    if (aggregate != NULL) {
        fprintf(f, ",\n      \"aggregate_name\": \"%s\"", aggregate);
        fputs(",\n      \"aggregate_unit\": \"time\"", f);
    }
    fprintf(f, ",\n      \"iterations\": %llu",
            aggregate ? (unsigned long long)repetitions : iterations);
    fputs(",\n      \"real_time\": ", f);
    bench_json_number(f, real_ns);
    fputs(",\n      \"cpu_time\": ", f);
    bench_json_number(f, cpu_ns);
    fputs(",\n      \"time_unit\": \"ns\"", f);
}

/* Local time in ISO 8601 with a +hh:mm offset, as Google Benchmark writes it. */
static inline void
bench_date_iso8601(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    char zone[8];
    if (localtime_r(&now, &tm) == NULL
        || strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        snprintf(buf, size, "unknown");
        return;
    }
    if (strftime(zone, sizeof zone, "%z", &tm) == 5) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%.3s:%.2s", zone, zone + 3);
    }
}

/* The clock speed of the first CPU from /proc/cpuinfo (Linux), or 0. */
static inline double
bench_cpu_mhz(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    double mhz = 0.0;
    if (f == NULL)
        return 0.0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "cpu MHz", 7) == 0) {
            const char *colon = strchr(line, ':');
            if (colon != NULL)
                mhz = strtod(colon + 1, NULL);
            break;
        }
    }
    fclose(f);
    return mhz;
}

static inline long
bench_num_cpus(void)
{
#ifdef _SC_NPROCESSORS_ONLN
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
#else
    return 1;
#endif
}

/* Writes the context members shared by every benchmark (no braces, ends with
 * a member, no trailing comma): the caller adds its own members after. */
static inline void
bench_json_context_common(FILE *f, const char *executable,
                          const char *library_version)
{
    char date[64], host[256];
    bench_date_iso8601(date, sizeof date);
    if (gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    double mhz = bench_cpu_mhz();

    fputs("    \"date\": ", f);
    bench_json_string(f, date);
    fputs(",\n    \"host_name\": ", f);
    bench_json_string(f, host);
    fputs(",\n    \"executable\": ", f);
    bench_json_string(f, executable);
    fprintf(f, ",\n    \"num_cpus\": %ld", bench_num_cpus());
    if (mhz > 0.0)
        fprintf(f, ",\n    \"mhz_per_cpu\": %.0f", mhz);
    fputs(",\n    \"library_version\": ", f);
    bench_json_string(f, library_version);
    fputs(",\n    \"library_build_type\": ", f);
    bench_json_string(f, BENCH_BUILD_TYPE);
    fputs(",\n    \"build_type\": ", f);
    bench_json_string(f, BENCH_BUILD_TYPE);
    fputs(",\n    \"compiler\": ", f);
    bench_json_string(f, BENCH_COMPILER);
    fputs(",\n    \"json_schema_version\": 1", f);
}

#endif /* WFM_BENCH_H */
