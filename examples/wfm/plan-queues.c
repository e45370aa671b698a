/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-queues.c: `wfm plan --queues FILE`, every queue of a plan file in
 * one plan: voice, chat and email (and several voice queues) planned
 * together, with one CSV, one summary and one hiring ramp for the whole
 * operation.
 *
 * The plan file is INI, read with libinih (optional at build time): a
 * [plan] section with the settings of the whole plan and the defaults of
 * every queue, and one section per queue holding its `wfm plan` options
 * as KEY = VALUE (plan_queues_usage() and README give the format). Each
 * queue's section becomes a `wfm plan` command line that wfm-plan.c checks
 * (plan_request_from()) and this file runs as plan_run() runs one queue,
 * so that each queue's rows are exactly those of `wfm plan` run on it
 * alone. Errors in the file name FILE:LINE and the key.
 *
 * Outputs: the CSV with a leading queue column (plan_write_csv_rows()),
 * the summary (each queue's days and weeks, then all queues added up with
 * one ramp: the combined weekly FTE against one staff on hand), and the
 * chart (the total of every queue, through wfm-chart.c); all or nothing,
 * as `wfm plan` writes its files (cli_output).
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wfm.h>

#include "cli.h"
#include "plan-queues.h"
#include "wfm-chart.h"
#include "wfm-plan.h"

#if defined(WFM_HAVE_INIH)
#include <ini.h>
#endif

void
plan_queues_usage(FILE *out)
{
    fputs("\n"
          "Every queue in one plan:\n"
          "  wfm plan --queues FILE [--start YYYY-MM-DD] [--days N]\n"
          "           [--contract-hours H] [--hire-lead-days N] [--attrition F]\n"
          "           [--headcount FTE] [--today YYYY-MM-DD] [--out plan.csv]\n"
          "           [--summary] [--chart plan.svg [--chart-actuals]]\n"
          "plans every queue of a plan file, an INI file (read with libinih):\n"
          "  [plan]            the whole plan: start, days, contract-hours,\n"
          "                    hire-lead-days, attrition, headcount, today; and\n"
          "                    any queue key, as the default of every queue\n"
          "  [NAME]            one queue (NAME: 1 to 40 letters, digits, - _ .):\n"
          "                    its options without \"--\" as KEY = VALUE: history,\n"
          "                    channel, aht, chat-aht, sl, answer, max-asa,\n"
          "                    max-occupancy, patience, max-abandon, deadline,\n"
          "                    staff-to, shrinkage, shrinkage-file, events,\n"
          "                    calendar, uplift, quantiles, method, fit-days\n"
          "                    (events, calendar and uplift may repeat)\n"
          "A queue's key replaces [plan]'s (for events, calendar and uplift, all\n"
          "of [plan]'s lines of that key); an option on the command line replaces\n"
          "[plan]'s; queue keys are given in the file only. Relative paths are\n"
          "relative to the file's folder. Lines starting with ; or # are comments,\n"
          "so is \" ; ...\" after a value; a line holds at most 197 characters.\n"
          "The CSV is \"queue,\" and the wfm plan header, then each queue's rows as\n"
          "wfm plan writes them for that queue alone. --summary prints each\n"
          "queue's days and weeks, then all queues: hours and FTE added up, and\n"
          "one hiring ramp, the combined weekly FTE against one staff on hand.\n"
          "--chart draws the total of all queues. Errors in the file name\n"
          "FILE:LINE and the key (exit 1).\n", out);
    if (!queues_available())
        fputs("This wfm was built without libinih: --queues is refused.\n", out);
}

#if !defined(WFM_HAVE_INIH)

bool
queues_available(void)
{
    return false;
}

int
plan_queues_run(const char *prog, const struct cli_value *values,
                const struct cli_list_item *items, size_t n_items)
{
    (void)values;
    (void)items;
    (void)n_items;
    cli_error(prog, "--queues: %s", QUEUES_NO_SUPPORT_MESSAGE);
    return CLI_EXIT_USAGE;
}

#else /* WFM_HAVE_INIH */

bool
queues_available(void)
{
    return true;
}

/* A plan file is small: refuse anything bigger than this. */
#define PLAN_FILE_MAX_BYTES (1u << 20)
/* A queue's name: 1 … 40 of [A-Za-z0-9_.-] (it goes in the CSV). */
#define QUEUE_NAME_MAX 40
/* Room for "wfm plan: FILE:LINE: [NAME]". */
#define PROG_SIZE 512

/* --------------------------------------------------------------------- */
/* Keys                                                                  */

/* A queue's own setting: in a queue's section, or in [plan] for all. */
static bool
is_queue_option(size_t o)
{
    switch (o) {
    case OPT_HISTORY: case OPT_EVENTS: case OPT_CALENDAR: case OPT_QUANTILES:
    case OPT_METHOD: case OPT_FIT_DAYS: case OPT_UPLIFT: case OPT_CHANNEL:
    case OPT_AHT: case OPT_CHAT_AHT: case OPT_SL: case OPT_ANSWER:
    case OPT_MAX_ASA: case OPT_MAX_OCCUPANCY: case OPT_PATIENCE:
    case OPT_MAX_ABANDON: case OPT_DEADLINE: case OPT_STAFF_TO:
    case OPT_SHRINKAGE: case OPT_SHRINKAGE_FILE:
        return true;
    default:
        return false;
    }
}

/* A setting of the whole plan: [plan], or the command line. */
static bool
is_global_option(size_t o)
{
    switch (o) {
    case OPT_START: case OPT_DAYS: case OPT_CONTRACT_HOURS:
    case OPT_HIRE_LEAD_DAYS: case OPT_TRAINING_DAYS: case OPT_ATTRITION:
    case OPT_HEADCOUNT: case OPT_TODAY:
        return true;
    default:
        return false;
    }
}

/* What else the command line may give with --queues. */
static bool
is_run_option(size_t o)
{
    switch (o) {
    case OPT_QUEUES: case OPT_OUT: case OPT_SUMMARY: case OPT_CHART:
    case OPT_CHART_ACTUALS:
        return true;
    default:
        return false;
    }
}

static bool
is_path_option(size_t o)
{
    return o == OPT_HISTORY || o == OPT_SHRINKAGE_FILE || o == OPT_EVENTS
           || o == OPT_CALENDAR;
}

/* "sl" for --sl. */
static const char *
key_of(size_t o)
{
    return plan_options[o].name + 2;
}

static size_t
option_of_key(const char *key)
{
    for (size_t o = 0; o < OPT_COUNT; o++) {
        if (strncmp(plan_options[o].name, "--", 2) == 0 && strcmp(key_of(o), key) == 0)
            return o;
    }
    return OPT_COUNT;
}

static bool
in_names(const char *text, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(names[i], text) == 0)
            return true;
    }
    return false;
}

/* Checks @p text as the value of option @p o, called @p name in messages
 * ("sl" in the plan file, "--sl" on the command line), with the checks and
 * limits `wfm plan` applies to the option. False after one line. */
static bool
check_value(const char *prog, size_t o, const char *name, const char *text)
{
    static const char *const channels[] = { "voice", "chat", "email" };
    static const char *const staff_to[] = { "point", "upper" };
    const struct cli_option *opt = &plan_options[o];
    struct cli_option named = *opt;
    char quoted[80];
    double x = 0.0, list[PLAN_MAX_SESSIONS];
    size_t n = 0;
    bool ok = true;

    named.name = name;
    cli_quote(text, quoted, sizeof quoted);
    if (text[0] == '\0') {
        cli_error(prog, "%s: expected %s, got \"\"", name, opt->expected);
        return false;
    }
    if (opt->kind == CLI_NUMBER) {
        if (!cli_parse_number(text, &x) || !cli_in_range(opt, x)) {
            cli_error(prog, "%s: expected %s, got %s%s", name, opt->expected,
                      quoted, cli_number_hint(text));
            return false;
        }
        if (o == OPT_DAYS || o == OPT_FIT_DAYS || o == OPT_HIRE_LEAD_DAYS
            || o == OPT_TRAINING_DAYS) {
            struct cli_value value = { true, x, text, 1 };
            int32_t whole;

            return cli_whole_number(prog, &named, &value, &whole);
        }
        return true;
    }
    switch (o) {
    case OPT_START:
    case OPT_TODAY: {
        int32_t date;

        return cli_parse_date(prog, name, text, &date);
    }
    case OPT_QUANTILES: {
        double lo, hi;

        return cli_parse_quantiles(prog, &named, text, &lo, &hi);
    }
    case OPT_METHOD: {
        const char *method;

        ok = false;
        for (int32_t m = 0; (method = wfm_forecast_method_name(m)) != NULL && !ok; m++)
            ok = strcmp(method, text) == 0;
        break;
    }
    case OPT_UPLIFT: {
        struct cli_uplift u = { NULL, 0, 0, 0.0 };

        ok = cli_parse_uplift(prog, text, &u);
        free(u.event);
        return ok;
    }
    case OPT_CHANNEL:
        ok = in_names(text, channels, 3);
        break;
    case OPT_STAFF_TO:
        ok = in_names(text, staff_to, 2);
        break;
    case OPT_AHT:
        ok = strcmp(text, "column") == 0 || (cli_parse_number(text, &x) && x > 0.0);
        break;
    case OPT_CHAT_AHT:
        ok = cli_parse_number_list(text, list, PLAN_MAX_SESSIONS, &n);
        for (size_t i = 0; ok && i < n; i++)
            ok = list[i] > 0.0;
        break;
    default:
        break;
    }
    if (!ok)
        cli_error(prog, "%s: expected %s, got %s%s", name, opt->expected, quoted,
                  o == OPT_AHT || o == OPT_CHAT_AHT ? cli_number_hint(text) : "");
    return ok;
}

/* --------------------------------------------------------------------- */
/* The plan file                                                         */

/* One KEY = VALUE line as libinih gave it. */
struct raw_entry {
    char *section, *name, *value;
    size_t line;
};

/* One checked key: the option, its value (a path made relative to the
 * current folder), the line. */
struct entry {
    size_t option;
    char *text;
    size_t line;
};

/* [plan] or a queue. */
struct section {
    char *name;
    size_t line; /* of the [NAME] line; 0: no such section */
    struct entry *entries;
    size_t n_entries, capacity;
};

struct plan_file {
    const char *path;       /* as given */
    char where[300];        /* the path for messages */
    char *dir;              /* folder of relative paths; NULL: the current one */
    char *text;
    size_t size;
    /* libinih's reader */
    size_t pos, line;
    size_t stop_line;       /* the reader stopped at this line ... */
    char stop_why[160];     /* ... for this reason ("" = it did not) */
    size_t *headers;        /* lines that start a section, ascending */
    size_t n_headers, cap_headers;
    struct raw_entry *raw;
    size_t n_raw, cap_raw;
    bool oom;
    /* checked */
    struct section plan;
    struct section *queues;
    size_t n_queues;
};

static void
section_free(struct section *s)
{
    for (size_t i = 0; i < s->n_entries; i++)
        free(s->entries[i].text);
    free(s->entries);
    free(s->name);
}

static void
plan_file_free(struct plan_file *f)
{
    for (size_t i = 0; i < f->n_raw; i++) {
        free(f->raw[i].section);
        free(f->raw[i].name);
        free(f->raw[i].value);
    }
    free(f->raw);
    free(f->headers);
    free(f->text);
    free(f->dir);
    section_free(&f->plan);
    for (size_t i = 0; i < f->n_queues; i++)
        section_free(&f->queues[i]);
    free(f->queues);
}

/* @p path, or its quoted form if it holds characters a one-line message
 * must not (control characters, quotes, backslashes). */
static void
message_path(const char *path, char *buf, size_t size)
{
    bool plain = strlen(path) + 1 < size;

    for (const unsigned char *p = (const unsigned char *)path; *p != '\0' && plain; p++)
        plain = !(*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\');
    if (plain)
        snprintf(buf, size, "%s", path);
    else
        cli_quote(path, buf, size);
}

/* "wfm plan: FILE:LINE" into @p buf. */
static void
at_line(const char *prog, const struct plan_file *f, size_t line, char *buf,
        size_t size)
{
    snprintf(buf, size, "%s: %s:%zu", prog, f->where, line);
}

/* "wfm plan: FILE:LINE: MESSAGE", exit 1. */
static int CLI_PRINTF(4, 5)
file_error(const char *prog, const struct plan_file *f, size_t line,
           const char *fmt, ...)
{
    char where[PROG_SIZE], message[600];
    va_list ap;

    if (line > 0)
        at_line(prog, f, line, where, sizeof where);
    else
        snprintf(where, sizeof where, "%s: %s", prog, f->where);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cli_error(where, "%s", message);
    return CLI_EXIT_FAILURE;
}

static bool
is_blank(char c)
{
    return isspace((unsigned char)c) != 0;
}

/* libinih's fgets: one line of the file in memory a call, counting lines,
 * noting the lines that start a section, and stopping (NULL) at a line
 * that is too long for libinih's buffer or indented (libinih would take
 * it as the continuation of the value above). */
static char *
file_reader(char *str, int num, void *stream)
{
    struct plan_file *f = stream;
    const char *p, *nl, *s, *end, *t;
    size_t len, content;

    if (f->stop_why[0] != '\0' || f->pos >= f->size || num < 4)
        return NULL;
    p = f->text + f->pos;
    nl = memchr(p, '\n', f->size - f->pos);
    len = nl != NULL ? (size_t)(nl - p) + 1 : f->size - f->pos;
    f->line++;
    content = len;
    while (content > 0 && (p[content - 1] == '\n' || p[content - 1] == '\r'))
        content--;
    s = p;
    end = p + content;
    if (f->line == 1 && content >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        s += 3;
    if ((size_t)(end - s) > (size_t)num - 3 || len > (size_t)num - 1) {
        f->stop_line = f->line;
        snprintf(f->stop_why, sizeof f->stop_why,
                 "a line longer than %d characters (libinih's limit)", num - 3);
        return NULL;
    }
    for (t = s; t < end && is_blank(*t); t++)
        ;
    if (t < end && t > s && *t != ';' && *t != '#') {
        f->stop_line = f->line;
        snprintf(f->stop_why, sizeof f->stop_why,
                 "an indented line: [NAME] and KEY = VALUE start the line (an "
                 "indented one would continue the value above)");
        return NULL;
    }
    if (t < end && *t == '[') {
        if (f->n_headers == f->cap_headers) {
            size_t grown = f->cap_headers ? 2 * f->cap_headers : 16;
            size_t *h = realloc(f->headers, grown * sizeof *h);

            if (h == NULL) {
                f->oom = true;
                return NULL;
            }
            f->headers = h;
            f->cap_headers = grown;
        }
        f->headers[f->n_headers++] = f->line;
    }
    memcpy(str, p, len);
    str[len] = '\0';
    f->pos += len;
    return str;
}

/* libinih's handler: keep every KEY = VALUE with its line; checked later,
 * in the order of the file. */
static int
collect(void *user, const char *section, const char *name, const char *value)
{
    struct plan_file *f = user;
    struct raw_entry *e;

    if (f->oom)
        return 1;
    if (f->n_raw == f->cap_raw) {
        size_t grown = f->cap_raw ? 2 * f->cap_raw : 32;
        struct raw_entry *r = realloc(f->raw, grown * sizeof *r);

        if (r == NULL) {
            f->oom = true;
            return 1;
        }
        f->raw = r;
        f->cap_raw = grown;
    }
    e = &f->raw[f->n_raw];
    e->section = strdup(section);
    e->name = strdup(name);
    e->value = strdup(value != NULL ? value : "");
    e->line = f->line;
    f->n_raw++;
    if (e->section == NULL || e->name == NULL || e->value == NULL)
        f->oom = true;
    return 1;
}

/* Reads the file into memory and through libinih into f->raw. */
static int
read_plan_file(const char *prog, struct plan_file *f)
{
    const char *slash = strrchr(f->path, '/');
    FILE *in;
    struct stat st;
    const char *nul;
    size_t got;
    int ret;

    message_path(f->path, f->where, sizeof f->where);
    if (slash != NULL) {
        size_t len = slash == f->path ? 1 : (size_t)(slash - f->path);

        f->dir = malloc(len + 1);
        if (f->dir == NULL) {
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        memcpy(f->dir, f->path, len);
        f->dir[len] = '\0';
    }
    in = fopen(f->path, "r");
    if (in == NULL)
        return file_error(prog, f, 0, "--queues: cannot open: %s", strerror(errno));
    if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(in);
        return file_error(prog, f, 0, "--queues: cannot open: %s", strerror(EISDIR));
    }
    f->text = malloc(PLAN_FILE_MAX_BYTES + 1);
    if (f->text == NULL) {
        fclose(in);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    got = fread(f->text, 1, PLAN_FILE_MAX_BYTES + 1, in);
    if (ferror(in)) {
        int err = errno;

        fclose(in);
        return file_error(prog, f, 0, "--queues: cannot read: %s", strerror(err));
    }
    fclose(in);
    if (got > PLAN_FILE_MAX_BYTES)
        return file_error(prog, f, 0, "--queues: larger than %u bytes: not a plan file",
                          PLAN_FILE_MAX_BYTES);
    f->size = got;
    f->text[got] = '\0';
    nul = memchr(f->text, '\0', got);
    if (nul != NULL) {
        size_t line = 1;

        for (const char *p = f->text; p < nul; p++)
            line += *p == '\n';
        return file_error(prog, f, line, "a NUL byte: not a text file");
    }
    ret = ini_parse_stream(file_reader, f, collect, f);
    if (f->oom || ret == -2) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    if (ret > 0)
        return file_error(prog, f, (size_t)ret, "expected [NAME], KEY = VALUE or "
                          "a comment (; or #)");
    if (f->stop_why[0] != '\0')
        return file_error(prog, f, f->stop_line, "%s", f->stop_why);
    return CLI_EXIT_OK;
}

static bool
valid_queue_name(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > QUEUE_NAME_MAX)
        return false;
    for (const char *p = name; *p != '\0'; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.'))
            return false;
    }
    return true;
}

static const struct entry *
find_entry(const struct section *s, size_t option)
{
    for (size_t i = 0; i < s->n_entries; i++) {
        if (s->entries[i].option == option)
            return &s->entries[i];
    }
    return NULL;
}

/* @p value as a path from the current folder: relative to the plan file's
 * folder (malloc'd). */
static char *
resolve_path(const struct plan_file *f, const char *value)
{
    char *out;

    if (value[0] == '/' || f->dir == NULL)
        return strdup(value);
    out = malloc(strlen(f->dir) + strlen(value) + 2);
    if (out != NULL)
        sprintf(out, "%s%s%s", f->dir,
                f->dir[strlen(f->dir) - 1] == '/' ? "" : "/", value);
    return out;
}

/* The value of a path key, resolved, checked to be a readable file (a
 * calendar may also be a preset). */
static int
check_path(const char *prog, const struct plan_file *f, const struct raw_entry *r,
           size_t o, char **out)
{
    char where[PROG_SIZE], quoted[200], presets[512];
    struct stat st;
    int err = 0;

    *out = NULL;
    if (o == OPT_CALENDAR && cli_is_preset(r->value)) {
        *out = strdup(r->value);
    } else {
        *out = resolve_path(f, r->value);
        if (*out == NULL) {
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        if (stat(*out, &st) != 0)
            err = errno;
        else if (S_ISDIR(st.st_mode))
            err = EISDIR;
        else if (access(*out, R_OK) != 0)
            err = errno;
        if (err != 0) {
            at_line(prog, f, r->line, where, sizeof where);
            cli_quote(*out, quoted, sizeof quoted);
            if (o == OPT_CALENDAR && (err == ENOENT || err == ENOTDIR)) {
                cli_preset_list(presets, sizeof presets);
                cli_error(where, "calendar: %s is neither a preset nor a file "
                          "(presets: %s)", quoted, presets);
            } else {
                cli_error(where, "%s: cannot read %s: %s", r->name, quoted,
                          strerror(err));
            }
            return CLI_EXIT_FAILURE;
        }
    }
    if (*out == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Checks one KEY = VALUE of section @p s and keeps it. */
static int
take_entry(const char *prog, struct plan_file *f, struct section *s,
           const struct raw_entry *r)
{
    bool is_plan = s == &f->plan;
    size_t o = option_of_key(r->name);
    char where[PROG_SIZE], quoted[80];
    const struct entry *before;
    char *text = NULL;
    int rc;

    cli_quote(r->name, quoted, sizeof quoted);
    if (o == OPT_COUNT)
        return file_error(prog, f, r->line, "unknown key %s in [%s] (the keys are "
                          "wfm plan's options without \"--\": wfm plan --help)",
                          quoted, s->name);
    if (!is_queue_option(o) && !is_global_option(o))
        return file_error(prog, f, r->line, "%s: not a plan file key: give %s on "
                          "the command line", r->name, plan_options[o].name);
    if (is_global_option(o) && !is_plan)
        return file_error(prog, f, r->line, "%s: a setting of the whole plan, not "
                          "of a queue: give it in [plan] (or %s on the command line)",
                          r->name, plan_options[o].name);
    before = find_entry(s, o);
    if (before != NULL && plan_options[o].kind != CLI_TEXT_LIST)
        return file_error(prog, f, r->line, "%s: given more than once in [%s] "
                          "(first on line %zu)", r->name, s->name, before->line);
    at_line(prog, f, r->line, where, sizeof where);
    if (!check_value(where, o, r->name, r->value))
        return CLI_EXIT_FAILURE;
    if (is_path_option(o)) {
        rc = check_path(prog, f, r, o, &text);
        if (rc != CLI_EXIT_OK) {
            free(text);
            return rc;
        }
    } else {
        text = strdup(r->value);
    }
    if (text == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    if (s->n_entries == s->capacity) {
        size_t grown = s->capacity ? 2 * s->capacity : 16;
        struct entry *e = realloc(s->entries, grown * sizeof *e);

        if (e == NULL) {
            free(text);
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        s->entries = e;
        s->capacity = grown;
    }
    s->entries[s->n_entries++] = (struct entry){ o, text, r->line };
    return CLI_EXIT_OK;
}

/* Starts the section of header line @p line named @p name. */
static int
open_section(const char *prog, struct plan_file *f, size_t line, const char *name,
             struct section **out)
{
    char quoted[80];
    struct section *s;

    cli_quote(name, quoted, sizeof quoted);
    if (strcmp(name, "plan") == 0) {
        if (f->plan.line != 0)
            return file_error(prog, f, line, "[plan] again (first on line %zu): "
                              "give it once", f->plan.line);
        f->plan.line = line;
        *out = &f->plan;
        return CLI_EXIT_OK;
    }
    if (!valid_queue_name(name))
        return file_error(prog, f, line, "[%s]: a queue's name is 1 to %d letters, "
                          "digits, '-', '_' or '.' (it is the CSV's queue column)",
                          quoted, QUEUE_NAME_MAX);
    for (size_t i = 0; i < f->n_queues; i++) {
        if (strcmp(f->queues[i].name, name) == 0)
            return file_error(prog, f, line, "[%s] again (first on line %zu): give "
                              "each queue one section", name, f->queues[i].line);
    }
    s = realloc(f->queues, (f->n_queues + 1) * sizeof *s);
    if (s == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    f->queues = s;
    s = &f->queues[f->n_queues];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    s->line = line;
    f->n_queues++;
    if (s->name == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    *out = s;
    return CLI_EXIT_OK;
}

/* Checks the file's keys in its order into [plan] and the queues. */
static int
check_plan_file(const char *prog, struct plan_file *f)
{
    struct section *current = NULL;
    size_t h = 0;
    int rc = CLI_EXIT_OK;

    f->plan.name = strdup("plan");
    if (f->plan.name == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    for (size_t i = 0; i < f->n_raw && rc == CLI_EXIT_OK; i++) {
        const struct raw_entry *r = &f->raw[i];

        /* The headers before this key: each but the last had no keys. */
        while (h < f->n_headers && f->headers[h] < r->line && rc == CLI_EXIT_OK) {
            size_t line = f->headers[h++];

            if (h < f->n_headers && f->headers[h] < r->line)
                rc = file_error(prog, f, line, "a section with no keys");
            else
                rc = open_section(prog, f, line, r->section, &current);
        }
        if (rc != CLI_EXIT_OK)
            break;
        if (current == NULL)
            rc = file_error(prog, f, r->line, "%s: a key before any section: put "
                            "it under [plan] or a queue's [NAME]", r->name);
        else
            rc = take_entry(prog, f, current, r);
    }
    if (rc == CLI_EXIT_OK && h < f->n_headers)
        rc = file_error(prog, f, f->headers[h], "a section with no keys");
    if (rc == CLI_EXIT_OK && f->n_queues == 0)
        rc = file_error(prog, f, 0, "no queue: give each queue a section [NAME] "
                        "with its history = FILE and settings");
    return rc;
}

/* --------------------------------------------------------------------- */
/* The settings of the whole plan                                        */

/* Where a global option's value comes from. */
struct global {
    const char *text;       /* NULL: not given */
    bool from_file;         /* [plan], not the command line */
    char prog[PROG_SIZE];   /* "wfm plan" or "wfm plan: FILE:LINE" */
    const char *name;       /* "--start" or "start" */
};

static int
read_globals(const char *prog, const struct plan_file *f, const struct cli_value *v,
             struct global *g, int32_t *start, int32_t *days)
{
    int32_t today = 0, lead = 0, old_name = 0;

    for (size_t o = 0; o < OPT_COUNT; o++) {
        const struct entry *e = is_global_option(o) ? find_entry(&f->plan, o) : NULL;

        g[o].text = NULL;
        g[o].from_file = false;
        if (!is_global_option(o))
            continue;
        if (v[o].seen) {
            g[o].text = v[o].text;
            g[o].name = plan_options[o].name;
            snprintf(g[o].prog, sizeof g[o].prog, "%s", prog);
            /* The command line's numbers are checked already; its whole
             * numbers and dates are checked here. */
            if (!check_value(g[o].prog, o, g[o].name, g[o].text))
                return CLI_EXIT_USAGE;
        } else if (e != NULL) {
            g[o].text = e->text;
            g[o].from_file = true;
            g[o].name = key_of(o);
            at_line(prog, f, e->line, g[o].prog, sizeof g[o].prog);
        }
    }
    if (g[OPT_START].text == NULL || g[OPT_DAYS].text == NULL) {
        size_t o = g[OPT_START].text == NULL ? OPT_START : OPT_DAYS;

        file_error(prog, f, 0, "no %s: give %s = %s in [plan] or %s on the command "
                   "line", key_of(o), key_of(o), plan_options[o].metavar,
                   plan_options[o].name);
        return CLI_EXIT_USAGE;
    }
    /* Checked above or when the file was read: these cannot fail. */
    if (wfm_date_parse(g[OPT_START].text, start) != WFM_OK)
        return CLI_EXIT_USAGE;
    *days = (int32_t)strtol(g[OPT_DAYS].text, NULL, 10);
    if (!cli_check_span(g[OPT_DAYS].prog, *start, *days, g[OPT_START].text))
        return g[OPT_DAYS].from_file ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
    if (g[OPT_TODAY].text != NULL) {
        if (wfm_date_parse(g[OPT_TODAY].text, &today) != WFM_OK)
            return CLI_EXIT_USAGE;
        if (today >= *start) {
            cli_error(g[OPT_TODAY].prog, "%s %s: the plan is made before its first "
                      "day: give a date before %s %s", g[OPT_TODAY].name,
                      g[OPT_TODAY].text, g[OPT_START].name, g[OPT_START].text);
            return g[OPT_TODAY].from_file ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
        }
    }
    if (g[OPT_HIRE_LEAD_DAYS].text != NULL && g[OPT_TRAINING_DAYS].text != NULL) {
        lead = (int32_t)strtol(g[OPT_HIRE_LEAD_DAYS].text, NULL, 10);
        old_name = (int32_t)strtol(g[OPT_TRAINING_DAYS].text, NULL, 10);
        if (lead != old_name) {
            cli_error(g[OPT_TRAINING_DAYS].prog, "%s %d and %s %d differ: both name "
                      "the days from a hire's start to taking contacts; give one",
                      g[OPT_HIRE_LEAD_DAYS].name, (int)lead,
                      g[OPT_TRAINING_DAYS].name, (int)old_name);
            return g[OPT_TRAINING_DAYS].from_file ? CLI_EXIT_FAILURE : CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------------------- */
/* The queues                                                            */

struct queue {
    const struct section *section;
    char prog[PROG_SIZE];           /* "wfm plan: FILE:LINE: [NAME]" */
    char **argv;                    /* the queue as a command line, owned */
    int argc;
    struct cli_value values[OPT_COUNT];
    struct cli_list_item *items;
    size_t n_items;
    struct plan_request req;        /* req.uplifts and rows owned */
    wfm_calendar *calendar;
    wfm_history *history;
    wfm_forecast *forecast;
    wfm_plan *plan;
    struct plan_result result;
    int32_t hist_first, hist_days, hist_interval;
    /* roll-ups */
    size_t n_days, n_weeks;
    double *day_req, *day_sched, *day_fte;
    int32_t *week_first;
    double *week_req, *week_sched, *week_fte;
};

static void
queue_free(struct queue *q)
{
    for (int i = 0; i < q->argc; i++)
        free(q->argv[i]);
    free(q->argv);
    free(q->items);
    for (size_t i = 0; i < q->req.n_rows; i++)
        free(q->req.rows[i].event);
    free(q->req.rows);
    if (q->req.uplifts != NULL)
        cli_free_uplifts(q->req.uplifts, q->req.forecast.n_uplifts);
    plan_result_free(&q->result);
    wfm_plan_free(q->plan);
    wfm_forecast_free(q->forecast);
    wfm_history_free(q->history);
    wfm_calendar_free(q->calendar);
    free(q->day_req);
    free(q->day_sched);
    free(q->day_fte);
    free(q->week_first);
    free(q->week_req);
    free(q->week_sched);
    free(q->week_fte);
}

/* "--KEY=VALUE", malloc'd. */
static char *
argument(size_t o, const char *text)
{
    char *arg = malloc(strlen(plan_options[o].name) + strlen(text) + 2);

    if (arg != NULL)
        sprintf(arg, "%s=%s", plan_options[o].name, text);
    return arg;
}

/* The queue's command line: the globals (but --headcount, which is the
 * whole operation's), then [plan]'s keys the queue does not give, then the
 * queue's; checked as `wfm plan` checks its command line. */
static int
setup_queue(const char *prog, const struct plan_file *f, const struct global *g,
            struct queue *q)
{
    const struct section *s = q->section;
    size_t room = 2 * OPT_COUNT + f->plan.n_entries + s->n_entries + 1;
    int rc;

    snprintf(q->prog, sizeof q->prog, "%s: %s:%zu: [%s]", prog, f->where, s->line,
             s->name);
    q->argv = calloc(room, sizeof *q->argv);
    q->items = malloc(room * sizeof *q->items);
    q->req.uplifts = calloc(room, sizeof *q->req.uplifts);
    if (q->argv == NULL || q->items == NULL || q->req.uplifts == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    for (size_t o = 0; o < OPT_COUNT; o++) {
        if (g[o].text != NULL && o != OPT_HEADCOUNT
            && (q->argv[q->argc++] = argument(o, g[o].text)) == NULL)
            goto oom;
    }
    for (size_t i = 0; i < f->plan.n_entries; i++) {
        const struct entry *e = &f->plan.entries[i];

        if (is_queue_option(e->option) && find_entry(s, e->option) == NULL
            && (q->argv[q->argc++] = argument(e->option, e->text)) == NULL)
            goto oom;
    }
    for (size_t i = 0; i < s->n_entries; i++) {
        const struct entry *e = &s->entries[i];

        if ((q->argv[q->argc++] = argument(e->option, e->text)) == NULL)
            goto oom;
    }
    if (cli_parse_options_list(q->prog, plan_options, OPT_COUNT, q->values, q->items,
                               room, &q->n_items, q->argc, q->argv) != CLI_PARSE_OK)
        return CLI_EXIT_FAILURE;
    /* The keys a queue cannot do without, named as keys. */
    if (!q->values[OPT_HISTORY].seen) {
        cli_error(q->prog, "no history: give history = FILE (the queue's intraday "
                  "history, CSV)");
        return CLI_EXIT_FAILURE;
    }
    if (q->values[OPT_CHANNEL].seen && strcmp(q->values[OPT_CHANNEL].text, "chat") == 0) {
        if (!q->values[OPT_CHAT_AHT].seen) {
            cli_error(q->prog, "no chat-aht: give chat-aht = S1,S2,... (handle time "
                      "per chat at 1, 2, ... chats at once)");
            return CLI_EXIT_FAILURE;
        }
    } else if (!q->values[OPT_AHT].seen) {
        cli_error(q->prog, "no aht: give aht = SECONDS, or aht = column for the "
                  "history's aht column");
        return CLI_EXIT_FAILURE;
    }
    rc = plan_request_from(q->prog, q->values, q->items, q->n_items, &q->req);
    return rc == CLI_EXIT_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
oom:
    cli_error(prog, "out of memory");
    return CLI_EXIT_FAILURE;
}

/* Runs one queue as plan_run() runs `wfm plan`, up to its results. */
static int
run_queue(struct queue *q)
{
    const char *prog = q->prog;
    struct plan_request *req = &q->req;
    wfm_status status;
    int rc = CLI_EXIT_OK;

    if (req->shrinkage_path != NULL)
        rc = plan_read_shrinkage_file(prog, req);
    if (rc == CLI_EXIT_OK)
        rc = cli_build_calendar(prog, req->items, req->n_items, OPT_CALENDAR,
                                OPT_EVENTS, &q->calendar);
    if (rc == CLI_EXIT_OK)
        rc = plan_check_shrinkage_events(prog, req, q->calendar);
    if (rc == CLI_EXIT_OK)
        rc = cli_read_history(prog, req->history_path, req->start, &q->history,
                              &q->hist_first, &q->hist_days, &q->hist_interval);
    if (rc == CLI_EXIT_OK && q->hist_interval >= 1440) {
        char quoted[200];

        cli_quote(req->history_path, quoted, sizeof quoted);
        cli_error(prog, "history %s is daily: a plan is made per interval and "
                  "needs an intraday history (datetime rows, 5 to 60 minutes)",
                  quoted);
        rc = CLI_EXIT_FAILURE;
    }
    if (rc == CLI_EXIT_OK)
        rc = run_forecast(prog, req, q->history, q->calendar, &q->forecast);
    if (rc == CLI_EXIT_OK) {
        status = wfm_plan_new(&q->plan);
        if (status != WFM_OK) {
            cli_error(prog, "cannot create a plan: %s", wfm_status_str(status));
            rc = CLI_EXIT_FAILURE;
        }
    }
    if (rc == CLI_EXIT_OK)
        rc = configure_plan(prog, req, q->plan);
    if (rc == CLI_EXIT_OK) {
        status = wfm_plan_run(q->plan, q->forecast, q->calendar);
        if (status != WFM_OK) {
            cli_library_error(prog, wfm_plan_errmsg(q->plan), "the plan", status);
            rc = CLI_EXIT_FAILURE;
        }
    }
    if (rc == CLI_EXIT_OK)
        rc = plan_result_fetch(prog, q->plan, &q->result);
    return rc;
}

/* The queue's days and weeks: hours and FTE (wfm_plan_rollup()). */
static int
load_rollups(struct queue *q)
{
    wfm_status status;
    size_t n;

    status = wfm_plan_rollup(q->plan, WFM_PLAN_DAY, NULL, NULL, NULL, NULL, 0, &q->n_days);
    if (status == WFM_OK)
        status = wfm_plan_rollup(q->plan, WFM_PLAN_WEEK, NULL, NULL, NULL, NULL, 0,
                                 &q->n_weeks);
    if (status != WFM_OK || q->n_days == 0 || q->n_weeks == 0) {
        cli_error(q->prog, "cannot roll the plan up: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    q->day_req = malloc(q->n_days * sizeof *q->day_req);
    q->day_sched = malloc(q->n_days * sizeof *q->day_sched);
    q->day_fte = malloc(q->n_days * sizeof *q->day_fte);
    q->week_first = malloc(q->n_weeks * sizeof *q->week_first);
    q->week_req = malloc(q->n_weeks * sizeof *q->week_req);
    q->week_sched = malloc(q->n_weeks * sizeof *q->week_sched);
    q->week_fte = malloc(q->n_weeks * sizeof *q->week_fte);
    if (!q->day_req || !q->day_sched || !q->day_fte || !q->week_first || !q->week_req
        || !q->week_sched || !q->week_fte) {
        cli_error(q->prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    n = q->n_days;
    status = wfm_plan_rollup(q->plan, WFM_PLAN_DAY, NULL, q->day_req, q->day_sched,
                             q->day_fte, n, &n);
    if (status == WFM_OK && n == q->n_days) {
        n = q->n_weeks;
        status = wfm_plan_rollup(q->plan, WFM_PLAN_WEEK, q->week_first, q->week_req,
                                 q->week_sched, q->week_fte, n, &n);
    }
    if (status != WFM_OK || n != q->n_weeks) {
        cli_error(q->prog, "cannot roll the plan up: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------------------- */
/* All queues together                                                   */

static int32_t
gcd32(int32_t a, int32_t b)
{
    while (b != 0) {
        int32_t t = a % b;

        a = b;
        b = t;
    }
    return a;
}

/* The peak over day @p d of the agents of every queue at the same moment
 * (column @p column), on the finest grid of the queues' intervals. */
static double
day_peak(const struct queue *qs, size_t n, size_t d, int32_t column)
{
    int32_t step = qs[0].result.interval;
    double peak = 0.0;

    for (size_t k = 1; k < n; k++)
        step = gcd32(step, qs[k].result.interval);
    for (int32_t minute = 0; minute < 1440; minute += step) {
        double total = 0.0;

        for (size_t k = 0; k < n; k++) {
            const struct plan_result *r = &qs[k].result;
            size_t i = d * r->per_day + (size_t)(minute / r->interval);

            total += r->col[plan_column(column)][i];
        }
        peak = fmax(peak, total);
    }
    return peak;
}

/* The settings of the whole plan, as the queues' plans hold them. */
struct op {
    int32_t start, days, today, lead;
    enum plan_today_source today_source;
    double contract_hours, attrition, headcount;
    bool has_headcount;
    size_t n_weeks;
    struct plan_week *weeks; /* the whole operation's ramp */
};

/* One hiring ramp for the whole operation, by wfm_plan_ramp()'s rule on
 * the weeks of all queues added up: needed(w) = the scheduled hours of
 * every queue / (contract hours × the week's days / 7); on staff(w) =
 * H × (1 − attrition)^(days from the plan's start / 365), H = --headcount,
 * else the first full week's need brought back to the start (as `wfm plan
 * --summary` takes it); hires(w) = the largest need − on staff over the
 * full weeks up to w (at least 0); start by = the week's first day − the
 * hire lead days. */
static int
operation_weeks(const struct queue *qs, size_t n, struct op *op)
{
    const struct queue *q0 = &qs[0];
    size_t ff = SIZE_MAX;
    double hires = 0.0;

    op->n_weeks = q0->n_weeks;
    op->weeks = calloc(op->n_weeks, sizeof *op->weeks);
    if (op->weeks == NULL) {
        cli_error(q0->prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    for (size_t k = 0; k < op->n_weeks; k++) {
        struct plan_week *w = &op->weeks[k];

        w->first = q0->week_first[k];
        w->days = k + 1 < op->n_weeks ? q0->week_first[k + 1] - w->first
                                      : op->start + op->days - w->first;
        w->full = w->days == 7;
        for (size_t q = 0; q < n; q++) {
            w->req_hours += qs[q].week_req[k];
            w->sched_hours += qs[q].week_sched[k];
        }
        w->needed = w->sched_hours / (op->contract_hours * w->days / 7.0);
        w->start_by = w->first - op->lead;
        if (w->full && ff == SIZE_MAX)
            ff = k;
    }
    if (!op->has_headcount)
        op->headcount = ff == SIZE_MAX ? NAN
                        : op->weeks[ff].needed
                          / pow(1.0 - op->attrition,
                                (op->weeks[ff].first - op->start) / 365.0);
    for (size_t k = 0; k < op->n_weeks; k++) {
        struct plan_week *w = &op->weeks[k];

        w->on_staff = op->headcount
                      * pow(1.0 - op->attrition, (w->first - op->start) / 365.0);
        w->gap = w->needed - w->on_staff;
        if (w->full)
            hires = fmax(hires, w->gap);
        w->hires = hires;
        w->late = w->full && w->start_by < op->today;
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------------------- */
/* The summary                                                           */

/* The whole operation's ramp, to print as the summary prints one queue's. */
static struct plan_ramp
operation_ramp(const struct op *op)
{
    return (struct plan_ramp){
        .weeks = op->weeks, .n_weeks = op->n_weeks,
        .start = op->start, .days = op->days,
        .today = op->today, .today_source = op->today_source,
        .lead = op->lead,
        .has_headcount = op->has_headcount, .headcount = op->headcount,
        .attrition = op->attrition,
        .all_queues = true,
    };
}

/* One queue's days and weeks. */
static void
print_queue(const struct queue *q, const struct op *op)
{
    const struct plan_result *r = &q->result;
    char a[16], targets[256], n2[32], n3[32];

    plan_describe_targets(&q->req, targets, sizeof targets);
    printf("\nQueue %s: %s; %d-minute intervals.\n", q->section->name, targets,
           (int)r->interval);
    plan_print_days(&q->req, r, q->n_days, q->day_req, q->day_sched, q->day_fte);
    printf("\n%-12s %4s %11s %11s %8s\n", "week of", "days", "req hours",
           "sch hours", "FTE");
    for (size_t k = 0; k < q->n_weeks; k++) {
        const struct plan_week *w = &op->weeks[k];

        plan_date_text(w->first, a, sizeof a);
        plan_put_thousands(n2, sizeof n2, q->week_req[k], 1);
        plan_put_thousands(n3, sizeof n3, q->week_sched[k], 1);
        if (w->full) {
            printf("%-12s %4d %11s %11s %8.1f\n", a, (int)w->days, n2, n3,
                   q->week_fte[k]);
        } else {
            char days[8];

            snprintf(days, sizeof days, "%d/7", (int)w->days);
            printf("%-12s %4s %11s %11s %8s  partial\n", a, days, n2, n3, "-");
        }
    }
    if (q->req.channel == WFM_CHANNEL_EMAIL)
        plan_print_backlog(&q->req, r);
}

/* All queues: days and weeks added up, and the one ramp. */
static void
print_operation(const struct queue *qs, size_t n, const struct op *op)
{
    struct plan_ramp ramp = operation_ramp(op);
    char a[16], n1[32], n2[32], n3[32];

    printf("\nAll queues (");
    for (size_t q = 0; q < n; q++)
        printf("%s%s", q == 0 ? "" : " + ", qs[q].section->name);
    printf("): contacts and hours added up; peak agents at the same moment "
           "across the queues.\n");
    printf("%-14s %12s %9s %9s %11s %11s %8s\n", "day", "contacts", "peak req",
           "peak sch", "req hours", "sch hours", "FTE");
    for (size_t d = 0; d < qs[0].n_days; d++) {
        double total = 0.0, req = 0.0, sched = 0.0, fte = 0.0;
        int32_t date = op->start + (int32_t)d;

        for (size_t q = 0; q < n; q++) {
            const struct plan_result *r = &qs[q].result;
            const double *contacts = r->col[plan_column(WFM_PLAN_COL_CONTACTS)];

            for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++)
                total += contacts[i];
            req += qs[q].day_req[d];
            sched += qs[q].day_sched[d];
            fte += qs[q].day_fte[d];
        }
        plan_date_text(date, a, sizeof a);
        plan_put_thousands(n1, sizeof n1, total, 1);
        plan_put_thousands(n2, sizeof n2, req, 1);
        plan_put_thousands(n3, sizeof n3, sched, 1);
        printf("%s %s %12s %9.0f %9.0f %11s %11s %8.1f\n", a, plan_weekday_text(date),
               n1, day_peak(qs, n, d, WFM_PLAN_COL_REQUIRED),
               day_peak(qs, n, d, WFM_PLAN_COL_SCHEDULED), n2, n3, fte);
    }
    plan_print_ramp_weeks(&ramp);
    printf("One hiring ramp for the whole operation: the FTE of all queues "
           "added up against one staff on hand (%s) after %g %% a year "
           "attrition.\n", op->has_headcount ? "--headcount"
           : "the first full week's FTE of all queues; --headcount sets it",
           100.0 * op->attrition);
    plan_print_hire_note(&ramp);
    plan_print_answer(&ramp);
}

static int
print_summary(const char *prog, const struct plan_file *f, const struct queue *qs,
              size_t n, const struct op *op)
{
    char a[16], b[16];

    plan_date_text(op->start, a, sizeof a);
    plan_date_text(op->start + op->days - 1, b, sizeof b);
    printf("Plan %s .. %s (%d days) of %zu queue%s from %s:", a, b, (int)op->days, n,
           n == 1 ? "" : "s", f->where);
    for (size_t q = 0; q < n; q++)
        printf("%s %s", q == 0 ? "" : ",", qs[q].section->name);
    printf(".\n");
    printf("Hours are agent-hours; FTE = scheduled hours / %g h a week "
           "(a day: / %g h).\n", op->contract_hours, op->contract_hours / 5.0);
    printf("SL, ASA and occupancy are at the required agents: SL and ASA "
           "weighted by the contacts staffed in each interval (ASA by those "
           "answered under Erlang A), occupancy by the agents.\n");
    for (size_t q = 0; q < n; q++)
        print_queue(&qs[q], op);
    print_operation(qs, n, op);
    return cli_finish_output(prog);
}

/* --------------------------------------------------------------------- */
/* The chart: the total of every queue                                   */

static int
draw_chart(const char *prog, const char *chart_path, bool actuals,
           struct queue *qs, size_t n, FILE *out)
{
    const struct plan_result *r0 = &qs[0].result;
    int32_t first = r0->first_date - PLAN_CHART_HISTORY_DAYS, hist_min = INT32_MAX;
    size_t n_days, n_events = 0, cap_events = 0;
    double **cells = NULL;
    struct plan_chart_days s = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    struct chart_event *events = NULL;
    wfm_calendar_days **expansions = NULL;
    struct chart_data texts;
    char title[256], subtitle[400], a[16], b[16];
    int rc = CLI_EXIT_FAILURE;
    bool allocated;
    size_t len;

    for (size_t q = 0; q < n; q++)
        hist_min = qs[q].hist_first < hist_min ? qs[q].hist_first : hist_min;
    if (first < hist_min)
        first = hist_min;
    n_days = (size_t)(r0->first_date + r0->days - first);
    allocated = plan_chart_days_new(&s, n_days);
    cells = calloc(n, sizeof *cells);
    expansions = calloc(n, sizeof *expansions);
    if (!allocated || cells == NULL || expansions == NULL)
        goto oom;
    for (size_t q = 0; q < n; q++) {
        size_t count = 0;

        if (wfm_history_copy(qs[q].history, NULL, NULL, 0, &count) != WFM_OK)
            count = (size_t)qs[q].hist_days * (size_t)(1440 / qs[q].hist_interval);
        cells[q] = malloc((count ? count : 1) * sizeof *cells[q]);
        if (cells[q] == NULL)
            goto oom;
        if (wfm_history_copy(qs[q].history, cells[q], NULL, count, &count) != WFM_OK) {
            cli_error(prog, "--chart: cannot read the history of [%s] back",
                      qs[q].section->name);
            goto done;
        }
    }
    for (size_t k = 0; k < n_days; k++) {
        int32_t date = first + (int32_t)k;
        double total = 0.0;
        bool known = true;

        for (size_t q = 0; q < n && known; q++) {
            int64_t h = (int64_t)date - qs[q].hist_first;
            size_t per_day = (size_t)(1440 / qs[q].hist_interval);

            known = h >= 0 && h < qs[q].hist_days;
            for (size_t j = 0; known && j < per_day; j++)
                total += cells[q][(size_t)h * per_day + j];
        }
        /* NaN when any queue did not observe an interval. */
        if (known) {
            if (date < r0->first_date)
                s.history[k] = total;
            else
                s.actual[k] = total;
        }
        if (date >= r0->first_date) {
            size_t day = (size_t)(date - r0->first_date);

            s.forecast[k] = s.lower[k] = s.upper[k] = 0.0;
            for (size_t q = 0; q < n; q++) {
                const struct plan_result *r = &qs[q].result;

                for (size_t j = 0, i = day * r->per_day; j < r->per_day; j++, i++) {
                    s.forecast[k] += r->col[plan_column(WFM_PLAN_COL_CONTACTS)][i];
                    s.lower[k] += r->col[plan_column(WFM_PLAN_COL_LOWER)][i];
                    s.upper[k] += r->col[plan_column(WFM_PLAN_COL_UPPER)][i];
                }
            }
            s.required[k] = day_peak(qs, n, day, WFM_PLAN_COL_REQUIRED);
            s.scheduled[k] = day_peak(qs, n, day, WFM_PLAN_COL_SCHEDULED);
        }
    }
    /* The events of every queue's calendar, each (date, name) once. */
    for (size_t q = 0; q < n; q++) {
        wfm_status status;
        size_t rows;

        if (qs[q].calendar == NULL)
            continue;
        status = wfm_calendar_expand(qs[q].calendar, first, first + (int32_t)n_days - 1,
                                     &expansions[q]);
        if (status != WFM_OK) {
            cli_library_error(qs[q].prog, wfm_calendar_errmsg(qs[q].calendar),
                              "the calendar", status);
            goto done;
        }
        rows = wfm_calendar_days_count(expansions[q]);
        for (size_t i = 0; i < rows; i++) {
            int32_t date, event, offset;
            const char *name;
            bool seen = false;

            if (wfm_calendar_days_row(expansions[q], i, &date, &event, &offset, NULL)
                    != WFM_OK || offset != 0)
                continue;
            name = wfm_calendar_days_event_name(expansions[q], event);
            for (size_t e = 0; e < n_events && !seen; e++)
                seen = events[e].date == date && strcmp(events[e].name, name) == 0;
            if (seen)
                continue;
            if (n_events == cap_events) {
                size_t grown = cap_events ? 2 * cap_events : 64;
                struct chart_event *ev = realloc(events, grown * sizeof *ev);

                if (ev == NULL)
                    goto oom;
                events = ev;
                cap_events = grown;
            }
            events[n_events++] = (struct chart_event){ date, name };
        }
    }
    plan_date_text(r0->first_date, a, sizeof a);
    plan_date_text(r0->first_date + r0->days - 1, b, sizeof b);
    snprintf(title, sizeof title, "Staffing plan %s .. %s, %zu queue%s", a, b, n,
             n == 1 ? "" : "s");
    len = (size_t)snprintf(subtitle, sizeof subtitle, "All queues added up (");
    for (size_t q = 0; q < n && len < sizeof subtitle; q++)
        len += (size_t)snprintf(subtitle + len, sizeof subtitle - len, "%s%.40s",
                                q == 0 ? "" : " + ", qs[q].section->name);
    if (len < sizeof subtitle)
        snprintf(subtitle + len, sizeof subtitle - len,
                 "): contacts per day; agents at the same moment");
    texts = (struct chart_data){
        .title = title, .subtitle = subtitle, .first_date = first,
        .days = n_days, .split_date = r0->first_date,
        .left_label = "contacts per day, all queues",
        .right_label = "agents, all queues (daily peak)",
        .events = events, .n_events = n_events,
    };
    rc = plan_chart_write(prog, chart_path, out, &texts, &s, actuals);
    goto done;
oom:
    cli_error(prog, "--chart: out of memory");
done:
    for (size_t q = 0; q < n; q++) {
        if (cells != NULL)
            free(cells[q]);
        if (expansions != NULL)
            wfm_calendar_days_free(expansions[q]);
    }
    free(cells);
    free(expansions);
    free(events);
    plan_chart_days_free(&s);
    return rc;
}

/* --------------------------------------------------------------------- */
/* The command                                                           */

/* The command line with --queues: its own options and the globals only. */
static int
check_command_line(const char *prog, const struct cli_value *v)
{
    for (size_t o = 0; o < OPT_COUNT; o++) {
        if (!v[o].seen || is_global_option(o) || is_run_option(o))
            continue;
        if (is_queue_option(o))
            cli_error(prog, "%s: a queue's setting: with --queues give it in the "
                      "plan file, as %s = ... in a queue's section (or in [plan] "
                      "for every queue)", plan_options[o].name, key_of(o));
        else
            cli_error(prog, "%s: not available with --queues", plan_options[o].name);
        return CLI_EXIT_USAGE;
    }
    if (v[OPT_SUMMARY].seen && !v[OPT_OUT].seen) {
        cli_error(prog, "--summary prints to standard output: give --out FILE "
                  "for the plan CSV");
        return CLI_EXIT_USAGE;
    }
    if (v[OPT_CHART_ACTUALS].seen && !v[OPT_CHART].seen) {
        cli_error(prog, "--chart-actuals draws on the chart: give --chart FILE.svg");
        return CLI_EXIT_USAGE;
    }
    if (v[OPT_CHART].seen && !chart_available()) {
        cli_error(prog, "--chart: %s", CHART_NO_SUPPORT_MESSAGE);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* --out and --chart must not replace the plan file, an input of a queue,
 * nor each other: checked before anything but the plan file is read. */
static int
check_outputs(const char *prog, const struct cli_value *v, const struct queue *qs,
              size_t n)
{
    struct cli_named_path outputs[2], *inputs;
    char (*names)[80];
    size_t n_outputs = 0, n_inputs = 0, room = 1;
    int rc;

    if (v[OPT_OUT].seen)
        outputs[n_outputs++] = (struct cli_named_path){ "--out", v[OPT_OUT].text };
    if (v[OPT_CHART].seen)
        outputs[n_outputs++] = (struct cli_named_path){ "--chart", v[OPT_CHART].text };
    if (n_outputs == 0)
        return CLI_EXIT_OK;
    for (size_t q = 0; q < n; q++)
        room += qs[q].n_items + 2;
    inputs = malloc(room * sizeof *inputs);
    names = malloc(room * sizeof *names);
    if (inputs == NULL || names == NULL) {
        free(inputs);
        free(names);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    inputs[n_inputs++] = (struct cli_named_path){ "--queues", v[OPT_QUEUES].text };
    for (size_t q = 0; q < n; q++) {
        const struct plan_request *req = &qs[q].req;
        const char *name = qs[q].section->name;

        snprintf(names[n_inputs], sizeof names[0], "[%s] history", name);
        inputs[n_inputs] = (struct cli_named_path){ names[n_inputs], req->history_path };
        n_inputs++;
        if (req->shrinkage_path != NULL) {
            snprintf(names[n_inputs], sizeof names[0], "[%s] shrinkage-file", name);
            inputs[n_inputs] = (struct cli_named_path){ names[n_inputs],
                                                        req->shrinkage_path };
            n_inputs++;
        }
        for (size_t i = 0; i < req->n_items; i++) {
            size_t o = req->items[i].option;

            if (o == OPT_EVENTS || (o == OPT_CALENDAR && !cli_is_preset(req->items[i].text))) {
                snprintf(names[n_inputs], sizeof names[0], "[%s] %s", name, key_of(o));
                inputs[n_inputs] = (struct cli_named_path){ names[n_inputs],
                                                            req->items[i].text };
                n_inputs++;
            }
        }
    }
    rc = cli_check_outputs(prog, outputs, n_outputs, inputs, n_inputs);
    free(inputs);
    free(names);
    return rc;
}

/* The settings of the whole plan as the first queue's plan holds them (the
 * globals were given to every queue), the day the plan is made, and the
 * ramp. */
static int
operation_from(const struct global *g, const struct queue *qs, size_t n,
               int32_t start, int32_t days, struct op *op)
{
    const struct queue *q0 = &qs[0];
    wfm_status status;

    op->start = start;
    op->days = days;
    status = wfm_plan_get_double(q0->plan, WFM_PLAN_CONTRACT_HOURS, &op->contract_hours);
    if (status == WFM_OK)
        status = wfm_plan_get_double(q0->plan, WFM_PLAN_ATTRITION, &op->attrition);
    if (status == WFM_OK)
        status = wfm_plan_get_int(q0->plan, WFM_PLAN_TRAINING_DAYS, &op->lead);
    if (status != WFM_OK) {
        cli_error(q0->prog, "cannot read the plan's settings: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    op->has_headcount = g[OPT_HEADCOUNT].text != NULL;
    if (op->has_headcount && !cli_parse_number(g[OPT_HEADCOUNT].text, &op->headcount))
        return CLI_EXIT_FAILURE;
    /* The day the plan is made: --today, else the day after the latest
     * history's last day, and the day before --start at the latest. */
    if (g[OPT_TODAY].text != NULL) {
        if (wfm_date_parse(g[OPT_TODAY].text, &op->today) != WFM_OK)
            return CLI_EXIT_FAILURE;
        op->today_source = PLAN_TODAY_GIVEN;
    } else {
        op->today = INT32_MIN;
        for (size_t q = 0; q < n; q++) {
            int64_t t = (int64_t)qs[q].hist_first + qs[q].hist_days;

            if (t > start - 1)
                t = start - 1;
            if (t > op->today)
                op->today = (int32_t)t;
        }
        op->today_source = op->today == start - 1 ? PLAN_TODAY_BEFORE_START
                                                  : PLAN_TODAY_AFTER_HISTORY;
    }
    for (size_t q = 0; q < n; q++) {
        if (qs[q].n_weeks != q0->n_weeks || qs[q].n_days != q0->n_days
            || qs[q].result.first_date != q0->result.first_date) {
            cli_error(qs[q].prog, "the plan's days differ from [%s]'s",
                      q0->section->name);
            return CLI_EXIT_FAILURE;
        }
    }
    return operation_weeks(qs, n, op);
}

/* The CSV: "queue," and the wfm plan header, then each queue's rows. */
static void
write_csv(FILE *out, const struct queue *qs, size_t n)
{
    plan_write_csv_header(out, "queue");
    for (size_t q = 0; q < n; q++)
        plan_write_csv_rows(out, &qs[q].result, qs[q].section->name);
}

int
plan_queues_run(const char *prog, const struct cli_value *v,
                const struct cli_list_item *items, size_t n_items)
{
    struct plan_file f;
    struct global g[OPT_COUNT];
    struct queue *qs = NULL;
    struct op op;
    struct cli_output csv = CLI_OUTPUT_INIT, svg = CLI_OUTPUT_INIT;
    int32_t start = 0, days = 0;
    size_t n = 0;
    int rc;

    (void)items;
    (void)n_items;
    memset(&f, 0, sizeof f);
    memset(&op, 0, sizeof op);
    f.path = v[OPT_QUEUES].text;
    rc = check_command_line(prog, v);
    if (rc == CLI_EXIT_OK)
        rc = read_plan_file(prog, &f);
    if (rc == CLI_EXIT_OK)
        rc = check_plan_file(prog, &f);
    if (rc == CLI_EXIT_OK)
        rc = read_globals(prog, &f, v, g, &start, &days);
    if (rc == CLI_EXIT_OK) {
        qs = calloc(f.n_queues, sizeof *qs);
        if (qs == NULL) {
            cli_error(prog, "out of memory");
            rc = CLI_EXIT_FAILURE;
        }
    }
    for (size_t q = 0; rc == CLI_EXIT_OK && q < f.n_queues; q++) {
        qs[q].section = &f.queues[q];
        n++;
        rc = setup_queue(prog, &f, g, &qs[q]);
    }
    if (rc == CLI_EXIT_OK)
        rc = check_outputs(prog, v, qs, n);
    for (size_t q = 0; rc == CLI_EXIT_OK && q < n; q++)
        rc = run_queue(&qs[q]);
    for (size_t q = 0; rc == CLI_EXIT_OK && q < n; q++)
        rc = load_rollups(&qs[q]);
    if (rc == CLI_EXIT_OK)
        rc = operation_from(g, qs, n, start, days, &op);
    /* All or nothing, as `wfm plan` writes its outputs. */
    if (rc == CLI_EXIT_OK && v[OPT_OUT].seen) {
        rc = cli_output_open(prog, "--out", v[OPT_OUT].text, &csv);
        if (rc == CLI_EXIT_OK) {
            write_csv(csv.file, qs, n);
            rc = cli_output_close(prog, &csv);
        }
    }
    if (rc == CLI_EXIT_OK && v[OPT_CHART].seen) {
        rc = cli_output_open(prog, "--chart", v[OPT_CHART].text, &svg);
        if (rc == CLI_EXIT_OK)
            rc = draw_chart(prog, v[OPT_CHART].text, v[OPT_CHART_ACTUALS].seen, qs, n,
                            svg.file);
        if (rc == CLI_EXIT_OK)
            rc = cli_output_close(prog, &svg);
    }
    if (rc == CLI_EXIT_OK && !v[OPT_OUT].seen) {
        write_csv(stdout, qs, n);
        rc = cli_finish_output(prog);
    }
    if (rc == CLI_EXIT_OK && v[OPT_SUMMARY].seen)
        rc = print_summary(prog, &f, qs, n, &op);
    if (rc == CLI_EXIT_OK && v[OPT_OUT].seen)
        rc = cli_output_commit(prog, &csv);
    if (rc == CLI_EXIT_OK && v[OPT_CHART].seen)
        rc = cli_output_commit(prog, &svg);
    cli_output_discard(&csv);
    cli_output_discard(&svg);
    for (size_t q = 0; q < n; q++)
        queue_free(&qs[q]);
    free(qs);
    free(op.weeks);
    plan_file_free(&f);
    return rc;
}

#endif /* WFM_HAVE_INIH */
