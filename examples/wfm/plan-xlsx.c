/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-xlsx.c: `wfm plan --xlsx`, the plan as an Excel workbook written
 * with libxlsxwriter:
 *
 *   intervals  the CSV's columns, one row per interval: Excel datetimes
 *              and numbers at full precision (the CSV rounds them), empty
 *              where the CSV is empty, frozen header, filters
 *   days       what --summary prints per day (contacts, SL, ASA,
 *              occupancy, peak agents, hours, FTE) and the forecast's
 *              lower and upper bounds; charts of the daily contacts with
 *              the forecast band and of the daily peak agents
 *   weeks      what --summary prints per ISO week (hours, FTE, on staff,
 *              hires, start by, short); a chart of FTE against staff
 *   inputs     the command line, the settings the plan ran with, the
 *              shrinkage file's rows and the calendar's days in the plan
 *
 * The days and weeks are computed as plan-output.c computes the summary
 * (tests/cli/test-cli-plan-xlsx.py checks the sheets against its text).
 *
 * libxlsxwriter writes to a file name, the --xlsx output's temporary file
 * (cli_output); everything else about the output (mode, rename only when
 * every output is complete, removal on failure) is cli_output's. Two
 * things libxlsxwriter does not do are done here: it prints its errors on
 * stderr (they are silenced, and one line says what failed), and it
 * writes each part of the workbook to a temporary file of its own without
 * checking those writes (disk full, `ulimit -f`), so that a part could be
 * cut short in a workbook it reports as written: the workbook is read back
 * with zlib and every part checked (sizes, CRC, each XML part ends with
 * its root element's end tag) before it counts as complete.
 *
 * libxlsxwriter is optional at build time (meson option `xlsx`).
 */
#define _POSIX_C_SOURCE 200809L

#include "plan-xlsx.h"

#ifndef WFM_XLSX

bool
xlsx_available(void)
{
    return false;
}

int
plan_write_xlsx(const char *prog, const struct plan_request *req,
                wfm_plan *plan, wfm_calendar *calendar,
                const struct plan_result *r, const struct cli_output *out)
{
    (void)req;
    (void)plan;
    (void)calendar;
    (void)r;
    (void)out;
    cli_error(prog, "--xlsx: %s", XLSX_NO_SUPPORT_MESSAGE);
    return CLI_EXIT_USAGE;
}

#else /* WFM_XLSX */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zlib.h>

bool
xlsx_available(void)
{
    return true;
}

/* The CSV's header, one cell each (plan-output.c's, in the same order as
 * struct plan_result's columns). */
static const char *const interval_header[PLAN_N_COLUMNS + 1] = {
    "datetime", "forecast", "lower", "upper", "aht", "workload",
    "required_agents", "scheduled_agents", "service_level", "asa", "occupancy",
    "shrinkage", "abandon_rate", "sl_at_lower", "sl_at_upper", "backlog"
};

/* --------------------------------------------------------------------- */
/* Cells                                                                 */

enum book_format {
    F_HEADER, F_TEXT, F_DATETIME, F_DATE, F_DAY, F_COUNT, F_SECONDS,
    F_AGENTS, F_PERCENT, F_FTE, F_HOURS, F_PLAIN, F_COUNT_OF_FORMATS
};

struct book {
    lxw_workbook *wb;
    lxw_format *f[F_COUNT_OF_FORMATS];
    lxw_error err; /* the first failed write */
};

/* Number formats, as Excel shows them (the cells keep full precision). */
static const char *const format_codes[F_COUNT_OF_FORMATS] = {
    [F_DATETIME] = "yyyy-mm-dd hh:mm",
    [F_DATE] = "yyyy-mm-dd",
    [F_DAY] = "yyyy-mm-dd ddd",
    [F_COUNT] = "#,##0.0",
    [F_SECONDS] = "0.0",
    [F_AGENTS] = "0",
    [F_PERCENT] = "0.0%",
    [F_FTE] = "0.0",
    [F_HOURS] = "#,##0.0",
    [F_PLAIN] = "General",
};

/* The format of each CSV column after datetime (decimals as the CSV's:
 * counts and seconds 3, agents 0, fractions 6). */
static const enum book_format interval_formats[PLAN_N_COLUMNS] = {
    F_COUNT, F_COUNT, F_COUNT, F_SECONDS, F_COUNT, F_AGENTS, F_AGENTS,
    F_PERCENT, F_SECONDS, F_PERCENT, F_PERCENT, F_PERCENT, F_PERCENT,
    F_PERCENT, F_COUNT
};

static void
note_error(struct book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

static void
put_text(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
         const char *text, enum book_format f)
{
    if (text != NULL && text[0] != '\0')
        note_error(b, worksheet_write_string(ws, row, col, text, b->f[f]));
}

/* A number; NaN (a column that does not apply) is no cell, as the CSV's
 * empty field; ±inf, which Excel cannot hold, is the CSV's text. */
static void
put_number(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
           double x, enum book_format f)
{
    if (isnan(x))
        return;
    if (isinf(x))
        put_text(b, ws, row, col, x > 0 ? "inf" : "-inf", F_TEXT);
    else
        note_error(b, worksheet_write_number(ws, row, col, x, b->f[f]));
}

/* @p date at @p minute as an Excel datetime (1900 date system); a date
 * Excel cannot hold (before 1900-03-01, where its calendar is off by the
 * phantom 1900-02-29) is written as text. */
static void
put_datetime(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
             int32_t date, int minute, enum book_format f)
{
    int32_t y = 0, m = 0, d = 0;
    char text[32];

    if (wfm_date_to_ymd(date, &y, &m, &d) != WFM_OK) {
        put_text(b, ws, row, col, "?", F_TEXT);
        return;
    }
    if (y > 1900 || (y == 1900 && m >= 3)) {
        lxw_datetime dt = { (int)y, (int)m, (int)d, minute / 60, minute % 60, 0.0 };

        note_error(b, worksheet_write_number(ws, row, col,
                                             lxw_datetime_to_excel_datetime(&dt),
                                             b->f[f]));
        return;
    }
    if (f == F_DATETIME)
        snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", (int)y, (int)m,
                 (int)d, minute / 60, minute % 60);
    else
        snprintf(text, sizeof text, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    put_text(b, ws, row, col, text, F_TEXT);
}

static void
put_header(struct book *b, lxw_worksheet *ws, lxw_row_t row,
           const char *const *names, size_t n)
{
    for (size_t c = 0; c < n; c++)
        put_text(b, ws, row, (lxw_col_t)c, names[c], F_HEADER);
}

/* --------------------------------------------------------------------- */
/* Days and weeks, as plan-output.c computes them for --summary          */

/* --------------------------------------------------------------------- */
/* Sheets                                                                */

static void
write_intervals(struct book *b, lxw_worksheet *ws, const struct plan_result *r)
{
    put_header(b, ws, 0, interval_header, PLAN_N_COLUMNS + 1);
    for (size_t i = 0; i < r->count; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        size_t day = i / r->per_day, slot = i % r->per_day;

        put_datetime(b, ws, row, 0, r->first_date + (int32_t)day,
                     (int)slot * (int)r->interval, F_DATETIME);
        for (size_t c = 0; c < PLAN_N_COLUMNS; c++)
            put_number(b, ws, row, (lxw_col_t)(c + 1), r->col[c][i],
                       interval_formats[c]);
    }
    note_error(b, worksheet_set_column(ws, 0, 0, 17, NULL));
    note_error(b, worksheet_set_column(ws, 1, PLAN_N_COLUMNS, 12, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    note_error(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)r->count, PLAN_N_COLUMNS));
}

/* Days-sheet columns. */
enum {
    D_DAY, D_CONTACTS, D_LOWER, D_UPPER, D_SL, D_ASA, D_OCC, D_PEAK_REQ,
    D_PEAK_SCH, D_REQ_HOURS, D_SCH_HOURS, D_FTE, D_COLUMNS
};

static const char *const day_header[D_COLUMNS] = {
    "day", "contacts", "lower", "upper", "SL", "ASA s", "occupancy", "peak req",
    "peak sch", "req hours", "sch hours", "FTE"
};

static bool
write_days(struct book *b, lxw_worksheet *ws, const struct plan_request *req,
           const wfm_plan *plan, const struct plan_result *r, char *why,
           size_t why_size)
{
    size_t n_days = (size_t)r->days, got = 0;
    int32_t *first = malloc(n_days * sizeof *first);
    double *req_h = malloc(n_days * sizeof *req_h);
    double *sch_h = malloc(n_days * sizeof *sch_h);
    double *fte = malloc(n_days * sizeof *fte);
    const double *col_contacts = r->col[plan_column(WFM_PLAN_COL_CONTACTS)];
    const double *col_lower = r->col[plan_column(WFM_PLAN_COL_LOWER)];
    const double *col_upper = r->col[plan_column(WFM_PLAN_COL_UPPER)];
    const double *col_req = r->col[plan_column(WFM_PLAN_COL_REQUIRED)];
    const double *col_sch = r->col[plan_column(WFM_PLAN_COL_SCHEDULED)];
    wfm_status status = WFM_ENOMEM;
    bool ok = false;

    if (first && req_h && sch_h && fte)
        status = wfm_plan_rollup(plan, WFM_PLAN_DAY, first, req_h, sch_h, fte,
                                 n_days, &got);
    if (status != WFM_OK || got != n_days) {
        snprintf(why, why_size, "cannot roll the plan up: %s", wfm_status_str(status));
        goto done;
    }
    put_header(b, ws, 0, day_header, D_COLUMNS);
    for (size_t d = 0; d < n_days; d++) {
        lxw_row_t row = (lxw_row_t)(d + 1);
        double total = 0.0, lower = 0.0, upper = 0.0, peak_req = 0.0, peak_sch = 0.0;
        double sl, asa, occ;

        for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++) {
            total += col_contacts[i];
            lower += col_lower[i];
            upper += col_upper[i];
            peak_req = fmax(peak_req, col_req[i]);
            peak_sch = fmax(peak_sch, col_sch[i]);
        }
        plan_day_measures(req, r, d, &sl, &asa, &occ);
        put_datetime(b, ws, row, D_DAY, first[d], 0, F_DAY);
        put_number(b, ws, row, D_CONTACTS, total, F_COUNT);
        put_number(b, ws, row, D_LOWER, lower, F_COUNT);
        put_number(b, ws, row, D_UPPER, upper, F_COUNT);
        put_number(b, ws, row, D_SL, sl, F_PERCENT);
        put_number(b, ws, row, D_ASA, asa, F_SECONDS);
        put_number(b, ws, row, D_OCC, occ, F_PERCENT);
        put_number(b, ws, row, D_PEAK_REQ, peak_req, F_AGENTS);
        put_number(b, ws, row, D_PEAK_SCH, peak_sch, F_AGENTS);
        put_number(b, ws, row, D_REQ_HOURS, req_h[d], F_HOURS);
        put_number(b, ws, row, D_SCH_HOURS, sch_h[d], F_HOURS);
        put_number(b, ws, row, D_FTE, fte[d], F_FTE);
    }
    note_error(b, worksheet_set_column(ws, D_DAY, D_DAY, 15, NULL));
    note_error(b, worksheet_set_column(ws, D_CONTACTS, D_FTE, 10, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    ok = true;
done:
    free(first);
    free(req_h);
    free(sch_h);
    free(fte);
    return ok;
}

/* Weeks-sheet columns. */
enum {
    W_FIRST, W_DAYS, W_REQ_HOURS, W_SCH_HOURS, W_FTE, W_ON_STAFF, W_HIRES,
    W_START_BY, W_SHORT, W_NOTE, W_COLUMNS
};

static const char *const week_header[W_COLUMNS] = {
    "week of", "days", "req hours", "sch hours", "FTE", "on staff", "hires",
    "start by", "short", "note"
};

static void
write_weeks(struct book *b, lxw_worksheet *ws, const struct plan_week *w, size_t n_weeks)
{
    put_header(b, ws, 0, week_header, W_COLUMNS);
    for (size_t k = 0; k < n_weeks; k++) {
        lxw_row_t row = (lxw_row_t)(k + 1);

        put_datetime(b, ws, row, W_FIRST, w[k].first, 0, F_DATE);
        put_number(b, ws, row, W_DAYS, w[k].days, F_AGENTS);
        put_number(b, ws, row, W_REQ_HOURS, w[k].req_hours, F_HOURS);
        put_number(b, ws, row, W_SCH_HOURS, w[k].sched_hours, F_HOURS);
        put_number(b, ws, row, W_ON_STAFF, w[k].on_staff, F_FTE);
        if (!w[k].full) {
            /* Partial weeks: the hours of their days only (the summary's
             * "-" for FTE, hires, start by and short). */
            put_text(b, ws, row, W_NOTE, "partial: the plan covers only these days",
                     F_TEXT);
            continue;
        }
        put_number(b, ws, row, W_FTE, w[k].needed, F_FTE);
        put_number(b, ws, row, W_HIRES, w[k].hires, F_FTE);
        put_datetime(b, ws, row, W_START_BY, w[k].start_by, 0, F_DATE);
        if (w[k].late) {
            put_number(b, ws, row, W_SHORT, fmax(0.0, w[k].gap), F_FTE);
            put_text(b, ws, row, W_NOTE, "too late to hire for: start by is before "
                     "the day the plan is made", F_TEXT);
        }
    }
    note_error(b, worksheet_set_column(ws, W_FIRST, W_FIRST, 12, NULL));
    note_error(b, worksheet_set_column(ws, W_DAYS, W_SHORT, 10, NULL));
    note_error(b, worksheet_set_column(ws, W_START_BY, W_START_BY, 12, NULL));
    note_error(b, worksheet_set_column(ws, W_NOTE, W_NOTE, 40, NULL));
    worksheet_freeze_panes(ws, 1, 1);
}

/* The command line, each argument quoted for a POSIX shell when it needs
 * it; malloc'd, NULL when out of memory. */
static char *
command_line(const struct plan_request *req)
{
    static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789_./:=,+-@%";
    size_t size = sizeof "wfm plan";
    char *text, *p;

    for (int i = 0; i < req->argc; i++)
        size += 3 + 4 * strlen(req->argv[i]);
    text = malloc(size);
    if (text == NULL)
        return NULL;
    p = text + sprintf(text, "wfm plan");
    for (int i = 0; i < req->argc; i++) {
        const char *a = req->argv[i];

        *p++ = ' ';
        if (a[0] != '\0' && strspn(a, safe) == strlen(a)) {
            p += sprintf(p, "%s", a);
            continue;
        }
        *p++ = '\'';
        for (; *a != '\0'; a++) {
            if (*a == '\'')
                p += sprintf(p, "'\\''");
            else
                *p++ = *a;
        }
        *p++ = '\'';
    }
    *p = '\0';
    return text;
}

/* Rows of the inputs sheet: a setting, its value, a note. */
struct inputs {
    struct book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
};

static void
input_text(struct inputs *in, const char *name, const char *value, const char *note)
{
    put_text(in->b, in->ws, in->row, 0, name, F_TEXT);
    put_text(in->b, in->ws, in->row, 1, value, F_TEXT);
    put_text(in->b, in->ws, in->row, 2, note, F_TEXT);
    in->row++;
}

static void
input_number(struct inputs *in, const char *name, double value,
             enum book_format f, const char *note)
{
    put_text(in->b, in->ws, in->row, 0, name, F_TEXT);
    put_number(in->b, in->ws, in->row, 1, value, f);
    put_text(in->b, in->ws, in->row, 2, note, F_TEXT);
    in->row++;
}

/* A plan setting as the plan holds it; 0 means "not set" for the targets. */
static double
setting(const wfm_plan *plan, int32_t key)
{
    double x = NAN;

    if (wfm_plan_get_double(plan, key, &x) != WFM_OK)
        return NAN;
    return x;
}

static void
input_target(struct inputs *in, const wfm_plan *plan, const char *name, int32_t key,
             enum book_format f)
{
    double x = setting(plan, key);

    if (x > 0.0)
        input_number(in, name, x, f, NULL);
    else
        input_text(in, name, "not set", NULL);
}

static bool
write_inputs(struct book *b, lxw_worksheet *ws, const struct plan_request *req,
             const wfm_plan *plan, wfm_calendar *calendar,
             const struct plan_result *r, char *why, size_t why_size)
{
    struct inputs in = { b, ws, 0 };
    const struct cli_value *v = req->values;
    char targets[256], buf[256], *cmd;
    int32_t training = 42;
    wfm_calendar_days *expansion = NULL;
    static const char *const channels[] = { "voice", "chat", "email" };

    plan_describe_targets(req, targets, sizeof targets);
    put_text(b, ws, in.row, 0, "setting", F_HEADER);
    put_text(b, ws, in.row, 1, "value", F_HEADER);
    put_text(b, ws, in.row, 2, "note", F_HEADER);
    in.row++;
    cmd = command_line(req);
    if (cmd == NULL) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    input_text(&in, "command line", cmd, NULL);
    free(cmd);
    input_text(&in, "wfm version", wfm_version_string(), NULL);
    input_text(&in, "history", req->history_path, NULL);
    put_text(b, ws, in.row, 0, "first day", F_TEXT);
    put_datetime(b, ws, in.row++, 1, r->first_date, 0, F_DAY);
    put_text(b, ws, in.row, 0, "last day", F_TEXT);
    put_datetime(b, ws, in.row++, 1, r->first_date + r->days - 1, 0, F_DAY);
    input_number(&in, "days", r->days, F_AGENTS, NULL);
    input_number(&in, "interval (minutes)", r->interval, F_AGENTS, NULL);
    input_text(&in, "targets", targets, NULL);
    input_text(&in, "channel", req->channel >= 0 && req->channel <= 2
                               ? channels[req->channel] : "?", NULL);
    if (req->channel != WFM_CHANNEL_EMAIL) {
        input_target(&in, plan, "service level target", WFM_PLAN_TARGET_SL, F_PERCENT);
        if (setting(plan, WFM_PLAN_TARGET_SL) > 0.0)
            input_number(&in, "answered within (s)", setting(plan, WFM_PLAN_ANSWER_S),
                         F_PLAIN, NULL);
        input_target(&in, plan, "ASA at most (s)", WFM_PLAN_MAX_ASA_S, F_PLAIN);
    }
    input_target(&in, plan, req->channel == WFM_CHANNEL_EMAIL
                            ? "productive share (occupancy cap)" : "occupancy at most",
                 WFM_PLAN_MAX_OCCUPANCY, F_PERCENT);
    if (req->channel == WFM_CHANNEL_VOICE) {
        if (setting(plan, WFM_PLAN_PATIENCE_S) > 0.0) {
            input_number(&in, "patience (s)", setting(plan, WFM_PLAN_PATIENCE_S),
                         F_PLAIN, "Erlang A");
            input_target(&in, plan, "abandonment at most", WFM_PLAN_MAX_ABANDON,
                         F_PERCENT);
        } else {
            input_text(&in, "patience (s)", "not set", "Erlang C: callers wait");
        }
    }
    if (req->channel == WFM_CHANNEL_EMAIL)
        input_number(&in, "answered within (h)",
                     setting(plan, WFM_PLAN_DEADLINE_S) / 3600.0, F_PLAIN, NULL);
    if (req->channel == WFM_CHANNEL_CHAT) {
        size_t len = 0;

        buf[0] = '\0';
        for (size_t k = 0; k < req->chat_sessions && len < sizeof buf; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%g",
                                    k ? ", " : "", req->chat_aht[k]);
        input_text(&in, "chat handle time (s) at 1, 2, ... chats", buf, NULL);
    } else if (req->aht_column) {
        input_text(&in, "AHT (s)", "the history's aht column",
                   "forecast like the volume");
    } else {
        input_number(&in, "AHT (s)", req->aht_s, F_PLAIN, NULL);
    }
    input_text(&in, "staffed to", req->staff_to == WFM_PLAN_STAFF_UPPER
                                  ? "the upper bound" : "the point forecast", NULL);
    input_number(&in, "shrinkage (base)", setting(plan, WFM_PLAN_SHRINKAGE), F_PERCENT,
                 req->shrinkage_path != NULL ? "plus the file's rates below" : NULL);
    if (req->shrinkage_path != NULL)
        input_text(&in, "shrinkage file", req->shrinkage_path, NULL);
    input_number(&in, "contract hours a week", setting(plan, WFM_PLAN_CONTRACT_HOURS),
                 F_PLAIN, NULL);
    input_number(&in, "attrition a year", setting(plan, WFM_PLAN_ATTRITION),
                 F_PERCENT, NULL);
    if (v[OPT_HEADCOUNT].seen)
        input_number(&in, "headcount at the start (FTE)", req->headcount, F_FTE, NULL);
    else
        input_text(&in, "headcount at the start (FTE)", "the first full week's need",
                   NULL);
    if (wfm_plan_get_int(plan, WFM_PLAN_TRAINING_DAYS, &training) != WFM_OK)
        training = req->hire_lead_days;
    input_number(&in, "hire lead days", training, F_AGENTS,
                 "from a hire's start to taking contacts");
    put_text(b, ws, in.row, 0, "plan made on", F_TEXT);
    put_datetime(b, ws, in.row, 1, req->today, 0, F_DAY);
    put_text(b, ws, in.row++, 2, req->today_source == PLAN_TODAY_GIVEN ? "--today"
             : req->today_source == PLAN_TODAY_AFTER_HISTORY
               ? "the day after the history's last day"
               : "the day before --start", F_TEXT);
    if (req->forecast.has_quantiles) {
        snprintf(buf, sizeof buf, "%g, %g", req->forecast.lower_quantile,
                 req->forecast.upper_quantile);
        input_text(&in, "forecast quantiles", buf, "lower, upper bound");
    } else {
        input_text(&in, "forecast quantiles", "0.1, 0.9", "lower, upper bound (default)");
    }
    input_text(&in, "forecast method", req->forecast.has_method
               ? wfm_forecast_method_name(req->forecast.method) : "auto", NULL);
    if (req->forecast.has_training_days)
        input_number(&in, "fit days", req->forecast.training_days, F_AGENTS,
                     "0 = the whole history");
    for (size_t i = 0; i < req->n_items; i++) {
        const struct cli_list_item *item = &req->items[i];

        input_text(&in, item->option == OPT_EVENTS ? "events (Prophet CSV)"
                   : item->option == OPT_CALENDAR ? "calendar"
                   : item->option == OPT_UPLIFT ? "uplift" : "?", item->text, NULL);
    }

    if (req->n_rows > 0) {
        static const char *const header[] = { "shrinkage file rows", "from", "to",
                                              "event", "shrinkage", "line" };

        in.row++;
        put_header(b, ws, in.row++, header, 6);
        for (size_t i = 0; i < req->n_rows; i++) {
            const struct shrinkage_row *row = &req->rows[i];

            put_text(b, ws, in.row, 0, row->event != NULL ? "around an event"
                                                          : "dates", F_TEXT);
            if (row->event != NULL) {
                put_number(b, ws, in.row, 1, row->first, F_AGENTS);
                put_number(b, ws, in.row, 2, row->last, F_AGENTS);
                put_text(b, ws, in.row, 3, row->event, F_TEXT);
            } else {
                put_datetime(b, ws, in.row, 1, row->first, 0, F_DATE);
                put_datetime(b, ws, in.row, 2, row->last, 0, F_DATE);
            }
            put_number(b, ws, in.row, 4, row->rate, F_PERCENT);
            put_number(b, ws, in.row, 5, (double)row->line, F_AGENTS);
            in.row++;
        }
    }

    /* The calendar's days in the plan: every event day and the days of
     * its window (offset from the event), as the forecast used them. */
    if (calendar != NULL) {
        static const char *const header[] = { "calendar days in the plan", "event",
                                              "offset (days)", "closed" };
        wfm_status status = wfm_calendar_expand(calendar, r->first_date,
                                                r->first_date + r->days - 1,
                                                &expansion);
        size_t rows = wfm_calendar_days_count(expansion);

        if (status != WFM_OK) {
            snprintf(why, why_size, "the calendar: %s", wfm_calendar_errmsg(calendar));
            return false;
        }
        in.row++;
        put_header(b, ws, in.row++, header, 4);
        for (size_t i = 0; i < rows; i++) {
            int32_t date = 0, event = 0, offset = 0, closed = 0;

            if (wfm_calendar_days_row(expansion, i, &date, &event, &offset, &closed)
                    != WFM_OK)
                continue;
            put_datetime(b, ws, in.row, 0, date, 0, F_DAY);
            put_text(b, ws, in.row, 1, wfm_calendar_days_event_name(expansion, event),
                     F_TEXT);
            put_number(b, ws, in.row, 2, offset, F_AGENTS);
            put_text(b, ws, in.row, 3, closed ? "closed" : NULL, F_TEXT);
            in.row++;
        }
        if (rows == 0)
            put_text(b, ws, in.row++, 0, "(no event in the plan's days)", F_TEXT);
        wfm_calendar_days_free(expansion);
    }
    note_error(b, worksheet_set_column(ws, 0, 0, 34, NULL));
    note_error(b, worksheet_set_column(ws, 1, 1, 22, NULL));
    note_error(b, worksheet_set_column(ws, 2, 5, 14, NULL));
    return true;
}

/* --------------------------------------------------------------------- */
/* Charts                                                                */

static lxw_chart_series *
add_series(lxw_chart *chart, const char *sheet, lxw_col_t col, lxw_row_t n,
           lxw_color_t color, float width, uint8_t dash)
{
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    lxw_chart_line line = { .color = color, .width = width, .dash_type = dash };

    if (s == NULL)
        return NULL;
    chart_series_set_categories(s, sheet, 1, 0, n, 0);
    chart_series_set_values(s, sheet, 1, col, n, col);
    chart_series_set_name_range(s, sheet, 0, col);
    chart_series_set_line(s, &line);
    return s;
}

static lxw_chart *
line_chart(lxw_workbook *wb, const char *title, const char *y_name,
           const char *date_format)
{
    lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_LINE);

    if (chart == NULL)
        return NULL;
    chart_title_set_name(chart, title);
    chart_axis_set_name(chart->y_axis, y_name);
    chart_axis_set_num_format(chart->x_axis, date_format);
    chart_axis_set_num_format(chart->y_axis, "#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
    return chart;
}

/* Native charts: on the days sheet, the daily contacts (the forecast, its
 * lower and upper bounds as lines and the band between them as up-down
 * bars) and, directly below on the same dates, the daily peak of required
 * and scheduled agents; on the weeks sheet, FTE needed against staff on
 * hand. (libxlsxwriter has no secondary axis, so the agents get their own
 * chart rather than a second axis on the contacts chart.) */
static bool
add_charts(struct book *b, lxw_worksheet *days, size_t n_days, lxw_worksheet *weeks,
           size_t n_weeks)
{
    lxw_chart *contacts, *agents, *fte;
    lxw_chart_series *s[7];
    lxw_chart_line no_line = { .none = LXW_TRUE };
    lxw_chart_fill band = { .color = 0x9ECAE9, .transparency = 40 };
    lxw_chart_options place = { .x_scale = 1.9, .y_scale = 1.1 };
    lxw_row_t nd = (lxw_row_t)n_days, nw = (lxw_row_t)n_weeks;

    contacts = line_chart(b->wb, "Contacts per day: forecast and its band",
                          "contacts", "d mmm");
    agents = line_chart(b->wb, "Agents: daily peak interval", "agents", "d mmm");
    fte = line_chart(b->wb, "FTE needed vs staff on hand, per week", "FTE", "d mmm");
    if (contacts == NULL || agents == NULL || fte == NULL)
        return false;
    /* Up-down bars join the first and the last series: lower .. upper. */
    s[0] = add_series(contacts, "days", D_LOWER, nd, 0x6BAED6, 0.75,
                      LXW_CHART_LINE_DASH_DASH);
    s[1] = add_series(contacts, "days", D_CONTACTS, nd, 0x08519C, 2.25,
                      LXW_CHART_LINE_DASH_SOLID);
    s[2] = add_series(contacts, "days", D_UPPER, nd, 0x6BAED6, 0.75,
                      LXW_CHART_LINE_DASH_DASH);
    chart_set_up_down_bars_format(contacts, &no_line, &band, &no_line, &band);
    s[3] = add_series(agents, "days", D_PEAK_REQ, nd, 0xD62728, 1.5,
                      LXW_CHART_LINE_DASH_SOLID);
    s[4] = add_series(agents, "days", D_PEAK_SCH, nd, 0xFF7F0E, 1.5,
                      LXW_CHART_LINE_DASH_SOLID);
    s[5] = add_series(fte, "weeks", W_FTE, nw, 0x08519C, 2.25,
                      LXW_CHART_LINE_DASH_SOLID);
    s[6] = add_series(fte, "weeks", W_ON_STAFF, nw, 0x31A354, 2.25,
                      LXW_CHART_LINE_DASH_DASH);
    for (size_t k = 0; k < 7; k++) {
        if (s[k] == NULL)
            return false;
        chart_series_set_marker_type(s[k], k >= 5 ? LXW_CHART_MARKER_CIRCLE
                                                  : LXW_CHART_MARKER_NONE);
    }
    note_error(b, worksheet_insert_chart_opt(days, 1, D_COLUMNS + 1, contacts, &place));
    note_error(b, worksheet_insert_chart_opt(days, 18, D_COLUMNS + 1, agents, &place));
    note_error(b, worksheet_insert_chart_opt(weeks, 1, W_COLUMNS + 1, fte, &place));
    return true;
}

/* --------------------------------------------------------------------- */
/* Reading the workbook back                                             */

static uint32_t
le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* Whether @p name is an XML part (its root must close at its end). */
static bool
is_xml_part(const char *name, size_t len)
{
    static const char *const ends[] = { ".xml", ".rels", ".vml" };

    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t n = strlen(ends[k]);

        if (len >= n && memcmp(name + len - n, ends[k], n) == 0)
            return true;
    }
    return false;
}

#define HEAD_BYTES 1024
#define TAIL_BYTES 128

/* Whether an XML document whose first bytes are @p head (of @p head_len)
 * and last @p tail_len bytes are @p tail ends with its root's end tag (or
 * is one empty root element). */
static bool
xml_complete(const unsigned char *head, size_t head_len, const unsigned char *tail,
             size_t tail_len)
{
    size_t i = 0, name_len = 0, end;
    const unsigned char *name;

    /* Past the declaration and processing instructions. */
    for (;;) {
        while (i < head_len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r'
                                || head[i] == '\t'))
            i++;
        if (i + 1 < head_len && head[i] == '<' && head[i + 1] == '?') {
            const unsigned char *q = memchr(head + i, '>', head_len - i);

            if (q == NULL)
                return false;
            i = (size_t)(q - head) + 1;
            continue;
        }
        break;
    }
    if (i >= head_len || head[i] != '<')
        return false;
    name = head + ++i;
    while (i < head_len && head[i] != ' ' && head[i] != '>' && head[i] != '/'
           && head[i] != '\n' && head[i] != '\r' && head[i] != '\t')
        i++, name_len++;
    if (name_len == 0 || i >= head_len)
        return false;
    end = tail_len;
    while (end > 0 && (tail[end - 1] == ' ' || tail[end - 1] == '\n'
                       || tail[end - 1] == '\r' || tail[end - 1] == '\t'))
        end--;
    if (end >= name_len + 3 && tail[end - 1] == '>'
        && memcmp(tail + end - 1 - name_len, name, name_len) == 0
        && tail[end - 2 - name_len] == '/' && tail[end - 3 - name_len] == '<')
        return true;
    /* <root .../> alone: the tail ends with "/>" and the root's start tag
     * is that tag. */
    if (end >= 2 && tail[end - 1] == '>' && tail[end - 2] == '/') {
        const unsigned char *q = memchr(name, '>', head_len - (size_t)(name - head));

        return q != NULL && q[-1] == '/' && memchr(name, '<', (size_t)(q - name)) == NULL;
    }
    return false;
}

/* What a member's data reads back as: its size, CRC, first and last bytes. */
struct member_data {
    uint64_t total;
    uLong crc;
    unsigned char head[HEAD_BYTES], tail[TAIL_BYTES];
    size_t head_len, tail_len;
};

static void
member_add(struct member_data *m, const unsigned char *p, size_t n)
{
    size_t keep;

    m->crc = crc32(m->crc, p, (uInt)n);
    m->total += n;
    for (size_t k = 0; k < n && m->head_len < HEAD_BYTES; k++)
        m->head[m->head_len++] = p[k];
    if (n >= TAIL_BYTES) {
        memcpy(m->tail, p + n - TAIL_BYTES, TAIL_BYTES);
        m->tail_len = TAIL_BYTES;
        return;
    }
    keep = m->tail_len + n > TAIL_BYTES ? TAIL_BYTES - n : m->tail_len;
    memmove(m->tail, m->tail + m->tail_len - keep, keep);
    memcpy(m->tail + keep, p, n);
    m->tail_len = keep + n;
}

/* Checks one member (@p cd its central directory record): its data
 * inflates to the size and CRC the directory gives, and an XML part ends
 * with its root's end tag. */
static bool
check_member(FILE *f, const unsigned char *cd, char *why, size_t why_size)
{
    uint32_t method = le16(cd + 10), crc_want = le32(cd + 16);
    uint32_t left = le32(cd + 20), usize = le32(cd + 24);
    int name_len = (int)le16(cd + 28);
    const char *name = (const char *)cd + 46;
    unsigned char local[30], in_buf[16384], out_buf[16384];
    struct member_data m;
    z_stream z;
    bool ok = false;

    if (fseek(f, (long)le32(cd + 42), SEEK_SET) != 0 || fread(local, 1, 30, f) != 30
        || le32(local) != 0x04034b50
        || fseek(f, (long)(le16(local + 26) + le16(local + 28)), SEEK_CUR) != 0) {
        snprintf(why, why_size, "%.*s: no local header", name_len, name);
        return false;
    }
    if (method != 0 && method != 8) {
        snprintf(why, why_size, "%.*s: compression method %u", name_len, name,
                 (unsigned)method);
        return false;
    }
    memset(&m, 0, sizeof m);
    m.crc = crc32(0L, Z_NULL, 0);
    memset(&z, 0, sizeof z);
    if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    for (;;) {
        if (z.avail_in == 0 && left > 0) {
            size_t chunk = left < sizeof in_buf ? left : sizeof in_buf;

            if (fread(in_buf, 1, chunk, f) != chunk)
                break;
            left -= (uint32_t)chunk;
            z.next_in = in_buf;
            z.avail_in = (uInt)chunk;
        }
        if (method == 0) {
            if (z.avail_in == 0) {
                ok = true;
                break;
            }
            member_add(&m, in_buf, z.avail_in);
            z.avail_in = 0;
            continue;
        }
        z.next_out = out_buf;
        z.avail_out = sizeof out_buf;
        {
            int zrc = inflate(&z, Z_NO_FLUSH);

            member_add(&m, out_buf, sizeof out_buf - z.avail_out);
            if (zrc == Z_STREAM_END) {
                ok = true;
                break;
            }
            /* No progress with all the data read: the stream is cut. */
            if (zrc != Z_OK || (z.avail_in == 0 && left == 0
                                && z.avail_out == sizeof out_buf))
                break;
        }
    }
    if (method == 8)
        inflateEnd(&z);
    if (!ok || m.total != usize || m.crc != crc_want) {
        snprintf(why, why_size, "%.*s: the data does not read back", name_len, name);
        return false;
    }
    if (is_xml_part(name, (size_t)name_len)
        && !xml_complete(m.head, m.head_len, m.tail, m.tail_len)) {
        snprintf(why, why_size, "%.*s came out cut short: libxlsxwriter could not "
                 "write its temporary files (in $TMPDIR or /tmp) in full (disk full, "
                 "or a file-size limit?)", name_len, name);
        return false;
    }
    return true;
}

/* Reads the written workbook back: the zip's central directory and every
 * member (check_member()). Returns false with @p why set. */
static bool
verify_workbook(const char *path, char *why, size_t why_size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *tail = NULL, *cd = NULL;
    long size, tail_size;
    size_t entries, cd_size, cd_offset, pos;
    const unsigned char *eocd = NULL;
    bool ok = false;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 22) {
        snprintf(why, why_size, "%s", f == NULL ? strerror(errno)
                                                : "the workbook is empty or unreadable");
        goto done;
    }
    tail_size = size < 65557 ? size : 65557;
    tail = malloc((size_t)tail_size);
    if (tail == NULL || fseek(f, size - tail_size, SEEK_SET) != 0
        || fread(tail, 1, (size_t)tail_size, f) != (size_t)tail_size) {
        snprintf(why, why_size, "cannot read the workbook back");
        goto done;
    }
    for (long i = tail_size - 22; i >= 0 && eocd == NULL; i--) {
        if (le32(tail + i) == 0x06054b50)
            eocd = tail + i;
    }
    if (eocd == NULL) {
        snprintf(why, why_size, "the workbook has no zip directory");
        goto done;
    }
    entries = le16(eocd + 10);
    cd_size = le32(eocd + 12);
    cd_offset = le32(eocd + 16);
    if (entries == 0 || cd_offset + cd_size > (size_t)size) {
        snprintf(why, why_size, "the workbook's zip directory is damaged");
        goto done;
    }
    cd = malloc(cd_size);
    if (cd == NULL || fseek(f, (long)cd_offset, SEEK_SET) != 0
        || fread(cd, 1, cd_size, f) != cd_size) {
        snprintf(why, why_size, "cannot read the workbook back");
        goto done;
    }
    pos = 0;
    for (size_t k = 0; k < entries; k++) {
        if (pos + 46 > cd_size || le32(cd + pos) != 0x02014b50
            || pos + 46 + le16(cd + pos + 28) > cd_size) {
            snprintf(why, why_size, "the workbook's zip directory is damaged");
            goto done;
        }
        if (!check_member(f, cd + pos, why, why_size))
            goto done;
        pos += 46 + le16(cd + pos + 28) + le16(cd + pos + 30) + le16(cd + pos + 32);
    }
    ok = true;
done:
    if (f != NULL)
        fclose(f);
    free(tail);
    free(cd);
    return ok;
}

/* --------------------------------------------------------------------- */
/* The workbook                                                          */

/* libxlsxwriter reports system errors on stderr ("[ERROR] ..."); while it
 * creates temporary files and the zip, stderr goes to /dev/null and the
 * tool says what failed in its own one line. Returns the saved stderr
 * (-1: not redirected). */
static int
quiet_begin(void)
{
    int saved, null;

    fflush(stderr);
    saved = dup(STDERR_FILENO);
    null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0 && dup2(null, STDERR_FILENO) < 0) {
        close(saved);
        saved = -1;
    }
    if (null >= 0)
        close(null);
    return saved;
}

static void
quiet_end(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    (void)dup2(saved, STDERR_FILENO);
    close(saved);
}

static bool
add_formats(struct book *b)
{
    for (size_t k = 0; k < F_COUNT_OF_FORMATS; k++) {
        b->f[k] = workbook_add_format(b->wb);
        if (b->f[k] == NULL)
            return false;
        if (format_codes[k] != NULL)
            format_set_num_format(b->f[k], format_codes[k]);
    }
    format_set_bold(b->f[F_HEADER]);
    format_set_bottom(b->f[F_HEADER], LXW_BORDER_THIN);
    return true;
}

int
plan_write_xlsx(const char *prog, const struct plan_request *req,
                wfm_plan *plan, wfm_calendar *calendar,
                const struct plan_result *r, const struct cli_output *out)
{
    const char *path = out->tmp != NULL ? out->tmp : out->target;
    lxw_workbook_options options = { .constant_memory = LXW_TRUE };
    struct book b;
    lxw_worksheet *ws[4] = { NULL, NULL, NULL, NULL };
    static const char *const names[4] = { "intervals", "days", "weeks", "inputs" };
    struct plan_week *weeks = NULL;
    size_t n_weeks = 0;
    char why[512], quoted[200], title[64], a[16], c[16], targets[256];
    lxw_doc_properties props;
    lxw_error closed;
    int saved, err = 0;
    bool ok = false;

    memset(&b, 0, sizeof b);
    why[0] = '\0';
    cli_quote(out->path, quoted, sizeof quoted);
    if (r->count + 1 > LXW_ROW_MAX) {
        cli_error(prog, "--xlsx: the plan has %zu intervals and a sheet holds %d "
                  "rows: plan fewer days or longer intervals (--out has no limit)",
                  r->count, LXW_ROW_MAX - 1);
        return CLI_EXIT_FAILURE;
    }
    if (wfm_plan_ramp(plan, NULL, NULL, NULL, NULL, NULL, 0, &n_weeks) != WFM_OK
        || n_weeks == 0) {
        cli_error(prog, "--xlsx: cannot roll the plan up");
        return CLI_EXIT_FAILURE;
    }
    weeks = calloc(n_weeks, sizeof *weeks);
    if (weeks == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    if (!plan_read_weeks(req, plan, r, weeks, n_weeks, why, sizeof why)) {
        cli_error(prog, "--xlsx: %s", why);
        free(weeks);
        return CLI_EXIT_FAILURE;
    }

    /* Constant memory: rows go to libxlsxwriter's temporary files as they
     * are written (a long plan is millions of cells). */
    saved = quiet_begin();
    errno = 0;
    b.wb = workbook_new_opt(path, &options);
    for (size_t k = 0; b.wb != NULL && k < 4; k++) {
        ws[k] = workbook_add_worksheet(b.wb, names[k]);
        if (ws[k] == NULL)
            break;
    }
    err = errno;
    quiet_end(saved);
    if (b.wb == NULL || ws[3] == NULL || !add_formats(&b)) {
        snprintf(why, sizeof why, "%s", err != 0 ? strerror(err) : "out of memory");
        goto done;
    }

    plan_date_text(r->first_date, a, sizeof a);
    plan_date_text(r->first_date + r->days - 1, c, sizeof c);
    snprintf(title, sizeof title, "Staffing plan %s .. %s", a, c);
    plan_describe_targets(req, targets, sizeof targets);
    memset(&props, 0, sizeof props);
    props.title = title;
    props.subject = targets;
    props.comments = "Written by wfm plan --xlsx";
    note_error(&b, workbook_set_properties(b.wb, &props));

    write_intervals(&b, ws[0], r);
    if (!write_days(&b, ws[1], req, plan, r, why, sizeof why))
        goto done;
    write_weeks(&b, ws[2], weeks, n_weeks);
    if (!write_inputs(&b, ws[3], req, plan, calendar, r, why, sizeof why))
        goto done;
    if (!add_charts(&b, ws[1], (size_t)r->days, ws[2], n_weeks)) {
        snprintf(why, sizeof why, "out of memory");
        goto done;
    }
    if (b.err != LXW_NO_ERROR) {
        snprintf(why, sizeof why, "%s", lxw_strerror(b.err));
        goto done;
    }
    ok = true;
done:
    if (b.wb != NULL) {
        /* Always closed: that frees it (and writes the file, removed by
         * cli_output_discard() when this fails). */
        saved = quiet_begin();
        errno = 0;
        closed = workbook_close(b.wb);
        err = errno;
        quiet_end(saved);
        if (ok && closed != LXW_NO_ERROR) {
            ok = false;
            snprintf(why, sizeof why, "%s", err != 0 ? strerror(err)
                                                     : lxw_strerror(closed));
        }
    }
    /* A device (--xlsx /dev/null) is written in place and not read back. */
    if (ok && out->tmp != NULL && !verify_workbook(path, why, sizeof why))
        ok = false;
    free(weeks);
    if (!ok) {
        cli_error(prog, "--xlsx: cannot write %s: %s", quoted, why);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

#endif /* WFM_XLSX */
