/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eval-common.h — what the two accuracy benchmarks, forecast-eval and
 * forecast-rolling, share: their common command line, where their data
 * files are and how a series and its calendar are loaded, a clock and the
 * JSON number format.
 *
 * Why shared: both read the same data directory in the same two layouts
 * and take the same options, and a fix to one (a new fallback, an option
 * spelling) must not leave the other behind.
 *
 * Private to bench/: compiled into both programs by bench/meson.build,
 * never installed. Whatever prints takes the program's name (@p prog, or
 * eval_command.prog) so that each program keeps its own messages.
 */
#ifndef WFM_BENCH_EVAL_COMMON_H
#define WFM_BENCH_EVAL_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <wfm.h>

/* ------------------------------------------------------------------------ */
/* Command line                                                              */

/* The options both programs take; eval_parse_args() fills them. */
typedef struct eval_options {
    const char *data_dir;       /* --data; default the source's tests/data/volume */
    const char *anonymous_bank; /* --anonymous-bank; NULL = the fallbacks */
    int json;                   /* --format json (table and console: the table) */
    uint32_t selected;          /* --protocol / --series: bit per key; 0 = all */
} eval_options;

/* A program's command line: its name, its --help text, the option that
 * selects among its keys (series or protocols), and its own options. */
typedef struct eval_command {
    const char *prog;                   /* messages start "prog: " */
    void (*usage)(FILE *out);           /* --help / -h, on stdout */
    const char *select_name;            /* "--series", "--protocol" */
    const char *select_noun;            /* "series", "protocol": "no series 'x'" */
    size_t n_keys;                      /* at most 32 (a bit each in selected) */
    const char *(*key)(size_t i);       /* the i-th key, i < n_keys */
    const char *const *names;           /* its own options, "--name" (n_names 0: none) */
    size_t n_names;
    /* Takes own option names[index] with its (non-empty) value into @p ctx:
     * 0, or -1 for a bad value (the parser then reports a bad option). */
    int (*option)(void *ctx, size_t index, const char *value);
} eval_command;

/* Parses argv as "--name value" or "--name=value" (an empty value is bad
 * usage) into @p o, which is reset first, and the program's own options
 * through cmd->option with @p ctx. Returns 0 to run, 1 after printing the
 * help, -1 on bad usage (the message is on stderr). */
int eval_parse_args(const eval_command *cmd, void *ctx, int argc, char **argv,
                    eval_options *o);

/* Whether key @p i is to run under @p o's selection. */
int eval_selected(const eval_options *o, size_t i);

/* The exit status: 1 when @p failed or stdout cannot be flushed (output
 * that was lost must not look like a pass), else 0. */
int eval_exit_status(int failed);

/* ------------------------------------------------------------------------ */
/* Data files                                                                */

/* A series' files under --data: the tests/data/volume name, else the
 * shared/data layout's. No events file = no calendar. */
typedef struct eval_data_files {
    const char *history_file, *history_shared;
    const char *events_file, *events_shared;
    /* The Anonymous Bank's full series is not in tests/data/volume (its
     * licence), so it has fallbacks: --anonymous-bank FILE, else the files
     * above, else the slice ../anonymous_bank_1999_30min.csv (tests/data,
     * next to the default --data), else the series is skipped. */
    int anonymous_bank;
} eval_data_files;

/* The paths one series is read from. */
typedef struct eval_input {
    char history_buf[4096], events_buf[4096];
    const char *history_path;
    const char *events_path;    /* NULL = no calendar */
    const char *skip_reason;    /* non-NULL: not run */
} eval_input;

/* Resolves @p files under o->data_dir into @p in. Only the Anonymous Bank
 * can be missing (the other files are in the tree; a missing one is an
 * error when it is read): then in->skip_reason = @p no_data, the
 * program's own wording. */
void eval_resolve_input(const eval_options *o, const eval_data_files *files,
                        const char *no_data, eval_input *in);

/* Reads the history and, if any, the Prophet-format calendar of @p in into
 * new objects (the caller frees them, also on failure). Returns 0, or -1
 * with the library's message on stderr after "prog: ". */
int eval_load_input(const char *prog, const eval_input *in, wfm_history **h,
                    wfm_calendar **calendar);

/* A history's cells as an array, to score forecasts against: day-major,
 * per_day cells a day, NaN = not observed. */
typedef struct eval_series {
    int32_t first_date, n_days, per_day, interval_minutes;
    double *volume;             /* owned: eval_series_free() */
} eval_series;

/* Copies @p h's span and volumes into @p s. Returns 0, or -1 (the
 * library's status says nothing a benchmark could act on; @p s is then
 * freed by eval_series_free() as on success). */
int eval_series_load(eval_series *s, const wfm_history *h);

void eval_series_free(eval_series *s);

/* The volume of day @p date, interval @p j; NaN outside the series. */
double eval_series_at(const eval_series *s, int32_t date, int32_t j);

/* What a planner has on @p last_day: @p s up to it, as a history of its
 * own (the whole series stays the source of the actuals). WFM_EINVAL if
 * last_day is outside the series, else wfm_history_set_series()'s. */
int32_t eval_series_history_until(const eval_series *s, int32_t last_day, wfm_history **out);

/* ------------------------------------------------------------------------ */
/* Output and clock                                                          */

/* The coverage of the [lower, upper] bounds over the open cells: a closed
 * day or interval (bounds exactly [0, 0]) that indeed had no contacts is
 * certain, not covered with 80 % confidence, and counted it would lift the
 * coverage of series with many closed hours (the online retailer's nights
 * and Saturdays: hourly 0.75 → 0.88; the NA bank's nights: 0.70 → 0.82).
 * @p open_actual [count] (which may be @p actual itself) receives the
 * actuals scored, NaN for the closed cells. NaN when no cell is left. */
double eval_open_coverage(const double *lower, const double *upper, const double *actual,
                          double *open_actual, size_t count);

/* @p x in @p fmt into @p buf, or "-" when it is not finite (a score with
 * nothing to score, or one PEERS.md does not give). Returns buf. */
const char *eval_cell(char *buf, size_t size, const char *fmt, double x);

/* @p x as a JSON number (%.6g) on stdout; null when it is not finite (a
 * score with nothing to score), which JSON has no number for. */
void eval_json_number(double x);

/* Seconds on CLOCK_MONOTONIC (immune to clock changes); 0 if the clock
 * fails, which only spoils a run-time column. */
double eval_now_s(void);

#endif /* WFM_BENCH_EVAL_COMMON_H */
