/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-shrinkage-file.c: reads `wfm plan --shrinkage-file`, rates added to
 * the base shrinkage on date ranges (first_date,last_date,shrinkage) or on
 * days around calendar events (event,first_offset,last_offset,shrinkage),
 * each with an optional free-text reason. The layout is `wfm plan --help`'s.
 *
 * Every error names FILE:LINE so a planner can fix the row; the library
 * checks the rates again when they are added to the plan.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"
#include "wfm-plan.h"

/* Event shrinkage offsets: -366 … 366 days. */
#define PLAN_MAX_OFFSET 366

enum shrinkage_layout { LAYOUT_DATES, LAYOUT_EVENTS };

/* Split @p line at commas into at most @p max fields (the last takes the
 * rest of the line, commas included); returns the number of fields. */
static size_t
split_fields(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;

    while (n < max) {
        char *comma = n + 1 < max ? strchr(p, ',') : NULL;

        fields[n++] = p;
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static bool
parse_offset_field(const char *text, int32_t *out)
{
    char *end;
    long v;

    if (!(text[0] == '-' || text[0] == '+' || (text[0] >= '0' && text[0] <= '9')))
        return false;
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < -PLAN_MAX_OFFSET || v > PLAN_MAX_OFFSET)
        return false;
    *out = (int32_t)v;
    return true;
}

/* "FILE:LINE: message" as one line, exit 1. */
int
plan_shrinkage_error(const char *prog, const char *path, size_t line,
                     const char *fmt, ...)
{
    char where[300], quoted[320], message[400];
    va_list ap;

    /* "FILE:LINE" quoted as one piece, as the library names CSV lines. */
    if (line > 0)
        snprintf(where, sizeof where, "%s:%zu", path, line);
    else
        snprintf(where, sizeof where, "%s", path);
    cli_quote(where, quoted, sizeof quoted);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cli_error(prog, "--shrinkage-file: %s: %s", quoted, message);
    return CLI_EXIT_FAILURE;
}

/* One data row of the file into @p row; returns an exit code. */
static int
parse_shrinkage_row(const char *prog, const char *path, size_t line_no,
                    char *line, enum shrinkage_layout layout, bool has_reason,
                    struct shrinkage_row *row)
{
    char *f[5];
    size_t want = (layout == LAYOUT_DATES ? 3 : 4) + (has_reason ? 1 : 0);
    size_t n = split_fields(line, f, want);
    size_t rate_field = layout == LAYOUT_DATES ? 2 : 3;
    size_t base = want - (has_reason ? 1 : 0);
    char quoted[80];

    /* Without a reason column the last field must not hold more commas;
     * with one, the reason is the rest of the line and may. */
    if (n < base || (!has_reason && strchr(f[n - 1], ',') != NULL))
        return plan_shrinkage_error(prog, path, line_no, "expected %zu fields%s",
                                    base, has_reason ? " and an optional reason"
                                                     : "");
    row->line = line_no;
    if (layout == LAYOUT_DATES) {
        for (int k = 0; k < 2; k++) {
            if (wfm_date_parse(f[k], k == 0 ? &row->first : &row->last) != WFM_OK) {
                cli_quote(f[k], quoted, sizeof quoted);
                return plan_shrinkage_error(prog, path, line_no,
                                            "%s: expected a date YYYY-MM-DD, "
                                            "got %s",
                                            k == 0 ? "first_date" : "last_date",
                                            quoted);
            }
        }
        if (row->first > row->last)
            return plan_shrinkage_error(prog, path, line_no,
                                        "first_date %s is after last_date %s",
                                        f[0], f[1]);
    } else {
        if (f[0][0] == '\0')
            return plan_shrinkage_error(prog, path, line_no, "empty event name");
        for (int k = 1; k < 3; k++) {
            if (!parse_offset_field(f[k], k == 1 ? &row->first : &row->last)) {
                cli_quote(f[k], quoted, sizeof quoted);
                return plan_shrinkage_error(prog, path, line_no,
                                            "%s: expected whole days from -366 "
                                            "to 366, got %s",
                                            k == 1 ? "first_offset"
                                                   : "last_offset", quoted);
            }
        }
        if (row->first > row->last)
            return plan_shrinkage_error(prog, path, line_no,
                                        "first_offset %d is after last_offset %d",
                                        (int)row->first, (int)row->last);
        row->event = strdup(f[0]);
        if (row->event == NULL)
            return plan_shrinkage_error(prog, path, line_no, "out of memory");
    }
    if (!cli_parse_number(f[rate_field], &row->rate)
        || !(row->rate > -1.0 && row->rate < 1.0)) {
        cli_quote(f[rate_field], quoted, sizeof quoted);
        return plan_shrinkage_error(prog, path, line_no, "shrinkage: expected a "
                                    "fraction > -1 and < 1 (0.08 for +8 points), "
                                    "got %s%s", quoted, cli_number_hint(f[rate_field]));
    }
    return CLI_EXIT_OK;
}

int
plan_read_shrinkage_file(const char *prog, struct plan_request *req)
{
    static const char dates_header[] = "first_date,last_date,shrinkage";
    static const char events_header[] = "event,first_offset,last_offset,shrinkage";
    const char *path = req->shrinkage_path;
    enum shrinkage_layout layout = LAYOUT_DATES;
    bool has_reason = false, have_header = false;
    size_t line_no = 0, capacity = 0;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int rc = CLI_EXIT_OK;
    FILE *in;

    in = fopen(path, "r");
    if (in == NULL)
        return plan_shrinkage_error(prog, path, 0, "cannot open: %s",
                                    strerror(errno));
    while (rc == CLI_EXIT_OK && (len = getline(&line, &line_size, in)) >= 0) {
        line_no++;
        if ((size_t)len != strlen(line)) {
            rc = plan_shrinkage_error(prog, path, line_no,
                                      "a NUL byte: not a text file");
            break;
        }
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line_no == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
            memmove(line, line + 3, (size_t)len - 2); /* a UTF-8 BOM */
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (!have_header) {
            if (strcmp(line, dates_header) == 0
                || strcmp(line, events_header) == 0) {
                layout = line[0] == 'e' ? LAYOUT_EVENTS : LAYOUT_DATES;
            } else if (strncmp(line, dates_header, sizeof dates_header - 1) == 0
                       && strcmp(line + sizeof dates_header - 1, ",reason") == 0) {
                layout = LAYOUT_DATES;
                has_reason = true;
            } else if (strncmp(line, events_header, sizeof events_header - 1) == 0
                       && strcmp(line + sizeof events_header - 1, ",reason") == 0) {
                layout = LAYOUT_EVENTS;
                has_reason = true;
            } else {
                rc = plan_shrinkage_error(prog, path, line_no, "expected the "
                                          "header first_date,last_date,shrinkage"
                                          "[,reason] or event,first_offset,"
                                          "last_offset,shrinkage[,reason]");
                break;
            }
            have_header = true;
            continue;
        }
        if (req->n_rows == capacity) {
            size_t grown = capacity ? 2 * capacity : 16;
            struct shrinkage_row *rows = realloc(req->rows, grown * sizeof *rows);

            if (rows == NULL) {
                rc = plan_shrinkage_error(prog, path, line_no, "out of memory");
                break;
            }
            req->rows = rows;
            capacity = grown;
        }
        req->rows[req->n_rows] = (struct shrinkage_row){ NULL, 0, 0, 0.0, 0 };
        rc = parse_shrinkage_row(prog, path, line_no, line, layout, has_reason,
                                 &req->rows[req->n_rows]);
        req->n_rows++; /* freed with the request even when it failed */
    }
    if (rc == CLI_EXIT_OK && ferror(in))
        rc = plan_shrinkage_error(prog, path, 0, "cannot read: %s",
                                  strerror(errno));
    if (rc == CLI_EXIT_OK && !have_header)
        rc = plan_shrinkage_error(prog, path, 0, "empty: expected the header "
                                  "first_date,last_date,shrinkage[,reason] or "
                                  "event,first_offset,last_offset,"
                                  "shrinkage[,reason]");
    free(line);
    fclose(in);
    return rc;
}

/* Event rows need a calendar that has the event: said here naming the
 * file's line, rather than by the library at run time. */
int
plan_check_shrinkage_events(const char *prog, const struct plan_request *req,
                            const wfm_calendar *calendar)
{
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        bool found = false;
        char quoted[80];

        if (row->event == NULL)
            continue;
        if (calendar == NULL) {
            cli_quote(row->event, quoted, sizeof quoted);
            cli_error(prog, "--shrinkage-file: line %zu: event %s needs a calendar "
                      "(--calendar or --events)", row->line, quoted);
            return CLI_EXIT_USAGE;
        }
        for (size_t k = 0; k < wfm_calendar_event_count(calendar) && !found; k++)
            found = strcmp(wfm_calendar_event_name(calendar, k), row->event) == 0;
        if (!found) {
            cli_quote(row->event, quoted, sizeof quoted);
            return plan_shrinkage_error(prog, req->shrinkage_path, row->line,
                                        "event %s is not in the calendar", quoted);
        }
    }
    return CLI_EXIT_OK;
}
