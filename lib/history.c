/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a contact-volume history from CSV onto a regular grid. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv-private.h"
#include "history-private.h"
#include "text-private.h"
#include "wfm/calendar.h"
#include "wfm/status.h"

enum { COL_TIME, COL_VOLUME, COL_AHT, N_COLS };

/* One row as read, before it is placed on the grid. */
typedef struct {
    int64_t minute;      /* minutes since 1970-01-01 00:00 */
    double volume, aht;  /* NaN when empty */
    size_t line;
} reading;

typedef struct {
    csv_reader r;
    bool intraday;
    bool has_aht;
    size_t at[N_COLS];   /* field index of each column; SIZE_MAX if absent */
    size_t n_fields;
    reading *rows;
    size_t n_rows, capacity;
} reader;

/* Floor division and its remainder: minutes before 1970 are negative. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static int32_t
read_header(reader *x)
{
    csv_reader *r = &x->r;
    for (int k = 0; k < N_COLS; k++)
        x->at[k] = SIZE_MAX;
    if (!csv_skip_empty_lines(r))
        return csv_bad_byte(r, "a header row: date or datetime, then volume (and aht)");
    size_t line = r->line;
    bool last = false;
    for (x->n_fields = 0; !last; x->n_fields++) {
        csv_field f;
        int32_t st = csv_read_field(r, &f, &last);
        if (st != WFM_OK)
            return st;
        if (x->n_fields == 0) {
            x->intraday = csv_field_is(r, &f, "datetime");
            if (!x->intraday && !csv_field_is(r, &f, "date"))
                return csv_bad_field(r, &f, "'date' or 'datetime' as the first column");
            x->at[COL_TIME] = 0;
            continue;
        }
        int k = csv_field_is(r, &f, "volume") ? COL_VOLUME : csv_field_is(r, &f, "aht") ? COL_AHT : -1;
        if (k < 0)
            continue; /* columns wfm does not know are ignored */
        if (x->at[k] != SIZE_MAX)
            return csv_bad_field(r, &f, k == COL_VOLUME ? "one 'volume' column" : "one 'aht' column");
        x->at[k] = x->n_fields;
    }
    if (x->at[COL_VOLUME] == SIZE_MAX)
        return csv_fail(r, line, 1, WFM_EPARSE,
                        "expected a 'volume' column in the header, got none");
    x->has_aht = x->at[COL_AHT] != SIZE_MAX;
    return WFM_OK;
}

/* YYYY-MM-DD, or for a datetime YYYY-MM-DD HH:MM (T for the space, and
 * ":00" seconds, accepted). */
static int32_t
parse_time(reader *x, const csv_field *f, int64_t *minute)
{
    const char *s = x->r.text + f->start;
    size_t n = f->length;
    int32_t y, m, d, hh = 0, mm = 0, ss = 0, date;
    bool ok = !f->escaped_quote && n >= 10 && text_digits(s, 4, &y) && s[4] == '-' &&
              text_digits(s + 5, 2, &m) && s[7] == '-' && text_digits(s + 8, 2, &d) &&
              wfm_date_from_ymd(y, m, d, &date) == WFM_OK;
    if (!x->intraday) {
        if (!ok || n != 10)
            return csv_bad_field(&x->r, f, "a date YYYY-MM-DD");
    } else {
        ok = ok && (n == 16 || n == 19) && (s[10] == ' ' || s[10] == 'T') &&
             text_digits(s + 11, 2, &hh) && s[13] == ':' && text_digits(s + 14, 2, &mm) &&
             (n == 16 || (s[16] == ':' && text_digits(s + 17, 2, &ss) && ss == 0)) &&
             hh < 24 && mm < 60;
        if (!ok)
            return csv_bad_field(&x->r, f, "a date and time YYYY-MM-DD HH:MM");
    }
    *minute = (int64_t)date * 1440 + hh * 60 + mm;
    return WFM_OK;
}

/* Empty → NaN; otherwise a finite number >= 0. */
static int32_t
parse_amount(reader *x, const csv_field *f, const char *what, double *value)
{
    if (f->length == 0) {
        *value = NAN;
        return WFM_OK;
    }
    char buffer[64];
    const char *s = x->r.text + f->start;
    bool ok = !f->escaped_quote && f->length < sizeof buffer;
    double v = NAN;
    if (ok) {
        memcpy(buffer, s, f->length);
        buffer[f->length] = '\0';
        char *end;
        v = strtod(buffer, &end);
        /* strtod skips leading space and reads "nan"/"inf": reject both. */
        ok = end == buffer + f->length && isfinite(v) && v >= 0.0 &&
             buffer[0] != ' ' && buffer[0] != '\t';
    }
    if (!ok)
        return csv_bad_field(&x->r, f, what);
    *value = v;
    return WFM_OK;
}

static int32_t
read_row(reader *x)
{
    csv_reader *r = &x->r;
    reading row = { 0, NAN, NAN, r->line };
    bool last = false;
    size_t n = 0;
    for (; !last; n++) {
        csv_field f;
        int32_t st = csv_read_field(r, &f, &last);
        if (st == WFM_OK && n == x->at[COL_TIME])
            st = parse_time(x, &f, &row.minute);
        else if (st == WFM_OK && n == x->at[COL_VOLUME])
            st = parse_amount(x, &f, "a volume >= 0 (a number of contacts) or an empty field "
                                     "(not observed)", &row.volume);
        else if (st == WFM_OK && n == x->at[COL_AHT])
            st = parse_amount(x, &f, "a handle time >= 0 seconds or an empty field", &row.aht);
        if (st != WFM_OK)
            return st;
    }
    if (n != x->n_fields)
        return csv_fail(r, row.line, 1, WFM_EPARSE, "expected %zu fields as in the header, got %zu",
                        x->n_fields, n);
    if (x->n_rows > 0) {
        const reading *prev = &x->rows[x->n_rows - 1];
        if (row.minute == prev->minute)
            return csv_fail(r, row.line, 1, WFM_EPARSE,
                            "duplicate %s: the same as line %zu", x->intraday ? "datetime" : "date",
                            prev->line);
        if (row.minute < prev->minute)
            return csv_fail(r, row.line, 1, WFM_EPARSE,
                            "expected rows in time order, got a %s earlier than line %zu's",
                            x->intraday ? "datetime" : "date", prev->line);
    }
    if (x->n_rows == x->capacity) {
        size_t capacity = x->capacity ? 2 * x->capacity : 4096;
        reading *grown = realloc(x->rows, capacity * sizeof *grown);
        if (grown == NULL)
            return csv_out_of_memory(&x->r);
        x->rows = grown;
        x->capacity = capacity;
    }
    x->rows[x->n_rows++] = row;
    return WFM_OK;
}

static int
compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The interval length: the most common gap between rows of one day (the
 * shorter on a tie). Rows off its grid are an error: mixed lengths. */
static int32_t
find_interval(reader *x, int32_t *interval)
{
    size_t n = 0;
    int64_t *gaps = malloc((x->n_rows ? x->n_rows : 1) * sizeof *gaps);
    if (gaps == NULL)
        return csv_out_of_memory(&x->r);
    for (size_t i = 1; i < x->n_rows; i++)
        if (floor_div(x->rows[i].minute, 1440) == floor_div(x->rows[i - 1].minute, 1440))
            gaps[n++] = x->rows[i].minute - x->rows[i - 1].minute;
    if (n == 0) {
        free(gaps);
        return csv_fail(&x->r, x->n_rows ? x->rows[0].line : x->r.line, 1, WFM_EPARSE,
                        "expected at least two rows on one day, to tell the interval "
                        "length, got none");
    }
    qsort(gaps, n, sizeof *gaps, compare_int64);
    int64_t best = gaps[0];
    size_t best_run = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && gaps[j] == gaps[i])
            j++;
        if (j - i > best_run) {
            best_run = j - i;
            best = gaps[i];
        }
        i = j;
    }
    free(gaps);
    if (best < 5 || best > 60 || 1440 % best != 0)
        return csv_fail(&x->r, x->rows[0].line, 1, WFM_EPARSE,
                        "expected intervals of 5 to 60 minutes that divide the day "
                        "(5, 6, 10, 15, 20, 30, 60, ...), got %d minutes", (int)best);
    for (size_t i = 0; i < x->n_rows; i++)
        if (floor_mod(x->rows[i].minute, best) != 0)
            return csv_fail(&x->r, x->rows[i].line, 1, WFM_EPARSE,
                            "expected a time on the %d-minute grid from midnight, got "
                            "%02d:%02d (mixed interval lengths?)", (int)best,
                            (int)(floor_mod(x->rows[i].minute, 1440) / 60),
                            (int)floor_mod(x->rows[i].minute, 60));
    *interval = (int32_t)best;
    return WFM_OK;
}

/* Place the rows on the grid. */
static int32_t
build(reader *x, int32_t interval, history *out)
{
    history h = { 0 };
    int64_t first_day = floor_div(x->rows[0].minute, 1440);
    int64_t last_day = floor_div(x->rows[x->n_rows - 1].minute, 1440);
    h.first_date = (int32_t)first_day;
    h.days = (int32_t)(last_day - first_day + 1);
    h.interval_minutes = interval;
    h.per_day = 1440 / interval;
    if ((uint64_t)h.days * (uint64_t)h.per_day > HISTORY_MAX_CELLS)
        return csv_fail(&x->r, x->rows[x->n_rows - 1].line, 1, WFM_ERANGE,
                        "history too long: %d days of %d intervals is over %u cells",
                        (int)h.days, (int)h.per_day, HISTORY_MAX_CELLS);
    h.count = (size_t)h.days * (size_t)h.per_day;
    h.volume = malloc(h.count * sizeof *h.volume);
    h.state = calloc(h.count, 1);
    h.aht_s = x->has_aht ? malloc(h.count * sizeof *h.aht_s) : NULL;
    if (h.volume == NULL || h.state == NULL || (x->has_aht && h.aht_s == NULL)) {
        history_clear(&h);
        return csv_out_of_memory(&x->r);
    }
    for (size_t i = 0; i < h.count; i++) {
        h.volume[i] = NAN;
        if (h.aht_s != NULL)
            h.aht_s[i] = NAN;
    }
    for (size_t i = 0; i < x->n_rows; i++) {
        const reading *row = &x->rows[i];
        size_t cell = (size_t)(floor_div(row->minute, interval) - first_day * h.per_day);
        h.volume[cell] = row->volume;
        h.state[cell] = isnan(row->volume) ? HISTORY_MISSING : HISTORY_OBSERVED;
        if (h.aht_s != NULL)
            h.aht_s[cell] = row->aht;
    }
    *out = h;
    return WFM_OK;
}

int32_t
history_read_csv(const char *text, size_t length, const char *source, history *out,
                 char *errmsg, size_t errsize)
{
    reader x = { 0 };
    csv_init(&x.r, text != NULL ? text : "", text != NULL ? length : 0, source, errmsg, errsize);
    int32_t st = csv_check_no_nul(&x.r);
    if (st == WFM_OK)
        st = read_header(&x);
    while (st == WFM_OK && csv_skip_empty_lines(&x.r))
        st = read_row(&x);
    if (st == WFM_OK && x.n_rows == 0)
        st = csv_fail(&x.r, x.r.line, 1, WFM_EPARSE, "expected rows after the header, got none");
    int32_t interval = 1440;
    if (st == WFM_OK && x.intraday)
        st = find_interval(&x, &interval);
    if (st == WFM_OK)
        st = build(&x, interval, out);
    free(x.rows);
    return st;
}

void
history_clear(history *h)
{
    free(h->volume);
    free(h->state);
    free(h->aht_s);
    *h = (history){ 0 };
}
