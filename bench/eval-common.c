/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eval-common.c — what forecast-eval and forecast-rolling share (see
 * eval-common.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "eval-common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Passed in by bench/meson.build; the fallback keeps a hand build from the
 * source root working. */
#ifndef EVAL_DATA_DIR
#  define EVAL_DATA_DIR "tests/data/volume"
#endif

/* ------------------------------------------------------------------------ */
/* Command line                                                              */

/* Adds each key of the comma list @p v to o->selected; -1 if unknown. */
static int
select_keys(const eval_command *cmd, eval_options *o, const char *v)
{
    while (*v != '\0') {
        size_t len = strcspn(v, ","), i;
        for (i = 0; i < cmd->n_keys; i++)
            if (strlen(cmd->key(i)) == len && strncmp(cmd->key(i), v, len) == 0)
                break;
        if (i == cmd->n_keys) {
            fprintf(stderr, "%s: no %s '%.*s' (see --help)\n", cmd->prog, cmd->select_noun,
                    (int)len, v);
            return -1;
        }
        o->selected |= UINT32_C(1) << i;
        v += len;
        if (*v == ',')
            v++;
    }
    return 0;
}

/* The options by index: the shared ones, then the program's own from
 * OPT_OWN on. */
enum { OPT_DATA, OPT_ANONYMOUS_BANK, OPT_FORMAT, OPT_SELECT, OPT_OWN };

static const char *
option_name(const eval_command *cmd, size_t k)
{
    static const char *const shared[] = { "--data", "--anonymous-bank", "--format" };
    if (k < OPT_SELECT)
        return shared[k];
    return k == OPT_SELECT ? cmd->select_name : cmd->names[k - OPT_OWN];
}

/* The index of the option argv[*i] names, its value in *v (for "--name
 * value" the next argument, which *i moves on to); -1 when it names none
 * or has no value. */
static int
match_option(const eval_command *cmd, int argc, char **argv, int *i, const char **v)
{
    const char *a = argv[*i];
    for (size_t k = 0; k < OPT_OWN + cmd->n_names; k++) {
        const char *name = option_name(cmd, k);
        size_t len = strlen(name);
        if (strncmp(a, name, len) == 0 && a[len] == '=') {
            *v = a + len + 1;
            return (int)k;
        }
        if (strcmp(a, name) == 0 && *i + 1 < argc) {
            *v = argv[++*i];
            return (int)k;
        }
    }
    return -1;
}

int
eval_parse_args(const eval_command *cmd, void *ctx, int argc, char **argv,
                eval_options *o)
{
    memset(o, 0, sizeof *o);
    o->data_dir = EVAL_DATA_DIR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cmd->usage(stdout);
            return 1;
        }
        int k = match_option(cmd, argc, argv, &i, &v);
        if (k < 0 || *v == '\0')
            goto bad;
        if (k == OPT_DATA) {
            o->data_dir = v;
        } else if (k == OPT_ANONYMOUS_BANK) {
            o->anonymous_bank = v;
        } else if (k == OPT_FORMAT) {
            if (strcmp(v, "json") == 0)
                o->json = 1;
            else if (strcmp(v, "table") != 0 && strcmp(v, "console") != 0)
                goto bad;
        } else if (k == OPT_SELECT) {
            if (select_keys(cmd, o, v) != 0)
                return -1;      /* it said which key */
        } else if (cmd->option(ctx, (size_t)k - OPT_OWN, v) != 0) {
            goto bad;
        }
        continue;
bad:
        fprintf(stderr, "%s: bad option '%s' (see --help)\n", cmd->prog, a);
        return -1;
    }
    return 0;
}

int
eval_selected(const eval_options *o, size_t i)
{
    return o->selected == 0 || (o->selected & (UINT32_C(1) << i)) != 0;
}

int
eval_exit_status(int failed)
{
    if (fflush(stdout) != 0)
        failed = 1;
    return failed ? 1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Data files                                                                */

static int
is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* DIR/name into @p buf; 1 if that is a file. */
static int
path_in(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return is_file(buf);
}

void
eval_resolve_input(const eval_options *o, const eval_data_files *files,
                   const char *no_data, eval_input *in)
{
    const char *dir = o->data_dir;
    memset(in, 0, sizeof *in);
    /* In neither layout, the shared/data path stays: the read error names it. */
    in->history_path = in->history_buf;
    if (!path_in(in->history_buf, sizeof in->history_buf, dir, files->history_file))
        path_in(in->history_buf, sizeof in->history_buf, dir, files->history_shared);
    if (files->events_file != NULL) {
        in->events_path = in->events_buf;
        if (!path_in(in->events_buf, sizeof in->events_buf, dir, files->events_file))
            path_in(in->events_buf, sizeof in->events_buf, dir, files->events_shared);
    }
    if (!files->anonymous_bank)
        return;
    if (o->anonymous_bank != NULL) {
        in->history_path = o->anonymous_bank;
        return;
    }
    if (!is_file(in->history_buf) /* tests/data's slice, next to volume/ */
        && !path_in(in->history_buf, sizeof in->history_buf, dir,
                    "../anonymous_bank_1999_30min.csv")) {
        in->history_path = NULL;
        in->skip_reason = no_data;
    }
}

int
eval_load_input(const char *prog, const eval_input *in, wfm_history **h,
                wfm_calendar **calendar)
{
    if (wfm_history_new(h) != WFM_OK)
        return -1;
    if (wfm_history_read_file(*h, in->history_path) != WFM_OK) {
        fprintf(stderr, "%s: %s\n", prog, wfm_history_errmsg(*h));
        return -1;
    }
    if (in->events_path == NULL)
        return 0;
    if (wfm_calendar_new(calendar) != WFM_OK)
        return -1;
    if (wfm_calendar_add_prophet_file(*calendar, in->events_path) != WFM_OK) {
        fprintf(stderr, "%s: %s\n", prog, wfm_calendar_errmsg(*calendar));
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Output and clock                                                          */

void
eval_json_number(double x)
{
    if (isfinite(x))
        printf("%.6g", x);
    else
        fputs("null", stdout);
}

double
eval_now_s(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ------------------------------------------------------------------------ */
/* A history as an array                                                     */

int
eval_series_load(eval_series *s, const wfm_history *h)
{
    size_t count = 0;
    memset(s, 0, sizeof *s);
    if (wfm_history_span(h, &s->first_date, &s->n_days, &s->interval_minutes) != WFM_OK ||
        s->n_days < 1)
        return -1;
    s->per_day = s->interval_minutes >= 1440 ? 1 : 1440 / s->interval_minutes;
    int32_t st = wfm_history_copy(h, NULL, NULL, 0, &count);
    if (st != WFM_OK && st != WFM_ERANGE)
        return -1;
    s->volume = malloc((count ? count : 1) * sizeof *s->volume);
    if (s->volume == NULL || wfm_history_copy(h, s->volume, NULL, count, &count) != WFM_OK ||
        count != (size_t)s->n_days * (size_t)s->per_day)
        return -1;
    return 0;
}

void
eval_series_free(eval_series *s)
{
    free(s->volume);
    s->volume = NULL;
}

double
eval_series_at(const eval_series *s, int32_t date, int32_t j)
{
    int64_t d = (int64_t)date - s->first_date;
    if (d < 0 || d >= s->n_days)
        return NAN;
    return s->volume[(size_t)d * (size_t)s->per_day + (size_t)j];
}

int32_t
eval_series_history_until(const eval_series *s, int32_t last_day, wfm_history **out)
{
    int64_t days = (int64_t)last_day - s->first_date + 1;
    *out = NULL;
    if (days < 1 || days > s->n_days)
        return WFM_EINVAL;
    int32_t st = wfm_history_new(out);
    if (st == WFM_OK)
        st = wfm_history_set_series(*out, s->first_date, s->interval_minutes, s->volume,
                                    NULL, (size_t)days * (size_t)s->per_day);
    return st;
}

const char *
eval_cell(char *buf, size_t size, const char *fmt, double x)
{
    if (isfinite(x))
        snprintf(buf, size, fmt, x);
    else
        snprintf(buf, size, "-");
    return buf;
}

double
eval_open_coverage(const double *lower, const double *upper, const double *actual,
                   double *open_actual, size_t count)
{
    double coverage;
    for (size_t i = 0; i < count; i++)
        open_actual[i] = upper[i] == 0.0 && actual[i] == 0.0 ? NAN : actual[i];
    return wfm_accuracy_coverage(lower, upper, open_actual, count, &coverage) == WFM_OK
               ? coverage
               : NAN;
}
