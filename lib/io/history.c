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
    reading *rows;       /* in time order, one per cell */
    size_t n_rows, capacity;
    int64_t last_minute; /* the previous row read, and its line */
    size_t last_line;
    int64_t repeat_end;  /* in a daylight-saving repeat hour: the first
                            pass's last minute; else NO_REPEAT */
    int64_t repeat_day;  /* the day of the last repeat hour, or NO_REPEAT */
} reader;

#define NO_REPEAT INT64_MIN

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

static const char volume_expected[] =
    "a volume >= 0 (a plain decimal number of contacts) or an empty field (not observed)";
static const char volume_over[] = "a volume of at most 1e9 contacts (wfm's limit per cell)";
static const char aht_expected[] =
    "a handle time >= 0 seconds (a plain decimal number) or an empty field";
static const char aht_over[] = "a handle time of at most 86400 seconds (a day: wfm's limit)";

/* Empty → NaN; otherwise a plain decimal number (text_decimal: no hex, inf,
 * nan or blanks, '.' in any locale) from 0 to max. */
static int32_t
parse_amount(reader *x, const csv_field *f, double max, const char *what, const char *over,
             double *value)
{
    if (f->length == 0) {
        *value = NAN;
        return WFM_OK;
    }
    double v = NAN;
    int32_t st = f->escaped_quote ? WFM_EPARSE
                                  : text_decimal(x->r.text + f->start, f->length, &v);
    if (st == WFM_ENOMEM)
        return csv_out_of_memory(&x->r);
    if (st != WFM_OK || !(v >= 0.0))
        return csv_bad_field(&x->r, f, what);
    if (!(v <= max))
        return csv_bad_field(&x->r, f, over);
    *value = v;
    return WFM_OK;
}

/*
 * A daylight-saving repeat hour. On the autumn change local clocks go back
 * an hour, and a history exported in local time lists that hour twice:
 * 02:00-02:59 on the last Sunday of October in most of Europe (01:00 in
 * the UK and Ireland), 01:00-01:59 on the first Sunday of November in the
 * US and Canada, 02:00 on a Sunday in April in Australia and New Zealand.
 * A step back in time (or a repeated time) is taken for one when the row
 * before and this one are on the same Sunday, in 00:00-02:59, less than an
 * hour apart, and that day has had no repeat yet. Every other repeated or
 * earlier time stays an error.
 */
static bool
can_repeat(const reader *x, int64_t previous, int64_t minute)
{
    int64_t day = floor_div(minute, 1440);
    int32_t weekday = 0;
    return x->intraday && day == floor_div(previous, 1440) && day != x->repeat_day &&
           floor_mod(previous, 1440) < 180 && previous - minute < 60 &&
           wfm_date_weekday((int32_t)day, &weekday) == WFM_OK && weekday == 7;
}

/* A repeat-hour row into the cell of the same time: volumes added (missing
 * if either is), handle times weighted by volume (their plain mean when
 * the volumes are 0 or missing; the one given when only one is). */
static void
merge(reading *into, const reading *row)
{
    double v1 = into->volume, v2 = row->volume, a1 = into->aht, a2 = row->aht;
    if (!isnan(a1) && !isnan(a2)) {
        double lo = fmin(a1, a2), hi = fmax(a1, a2);
        double a = !isnan(v1) && !isnan(v2) && v1 + v2 > 0.0 ? (v1 * a1 + v2 * a2) / (v1 + v2)
                                                             : 0.5 * (a1 + a2);
        into->aht = fmin(fmax(a, lo), hi); /* rounding never leaves [lo, hi] */
    } else if (isnan(a1)) {
        into->aht = a2;
    }
    into->volume = v1 + v2; /* NaN if either is */
}

static bool
grow_rows(reader *x)
{
    if (x->n_rows < x->capacity)
        return true;
    size_t capacity = x->capacity ? 2 * x->capacity : 4096;
    reading *grown = realloc(x->rows, capacity * sizeof *grown);
    if (grown == NULL)
        return false;
    x->rows = grown;
    x->capacity = capacity;
    return true;
}

/* A row of the second pass of a repeat hour: added to the first pass's row
 * of that time, or put in time order among them (at most an hour of rows
 * to look through). */
static int32_t
add_repeated(reader *x, const reading *row, size_t volume_column)
{
    size_t k = x->n_rows;
    while (k > 0 && x->rows[k - 1].minute > row->minute)
        k--;
    if (k > 0 && x->rows[k - 1].minute == row->minute) {
        merge(&x->rows[k - 1], row);
        if (!(x->rows[k - 1].volume <= HISTORY_MAX_VOLUME) && !isnan(x->rows[k - 1].volume))
            return csv_fail(&x->r, row->line, volume_column, WFM_EPARSE,
                            "expected at most 1e9 contacts (wfm's limit per cell) in the "
                            "daylight-saving repeat of line %zu, got %.17g with this row",
                            x->rows[k - 1].line, x->rows[k - 1].volume);
        return WFM_OK;
    }
    if (!grow_rows(x))
        return csv_out_of_memory(&x->r);
    memmove(x->rows + k + 1, x->rows + k, (x->n_rows - k) * sizeof *x->rows);
    x->rows[k] = *row;
    x->n_rows++;
    return WFM_OK;
}

static int32_t
read_row(reader *x)
{
    csv_reader *r = &x->r;
    reading row = { 0, NAN, NAN, r->line };
    bool last = false;
    size_t n = 0, volume_column = 1;
    for (; !last; n++) {
        csv_field f;
        int32_t st = csv_read_field(r, &f, &last);
        if (st == WFM_OK && n == x->at[COL_TIME]) {
            st = parse_time(x, &f, &row.minute);
        } else if (st == WFM_OK && n == x->at[COL_VOLUME]) {
            st = parse_amount(x, &f, HISTORY_MAX_VOLUME, volume_expected, volume_over,
                              &row.volume);
            volume_column = f.column;
        } else if (st == WFM_OK && n == x->at[COL_AHT]) {
            st = parse_amount(x, &f, HISTORY_MAX_AHT_S, aht_expected, aht_over, &row.aht);
        }
        if (st != WFM_OK)
            return st;
    }
    if (n != x->n_fields)
        return csv_fail(r, row.line, 1, WFM_EPARSE, "expected %zu fields as in the header, got %zu",
                        x->n_fields, n);
    if (x->n_rows > 0) {
        if (x->repeat_end != NO_REPEAT && row.minute > x->repeat_end)
            x->repeat_end = NO_REPEAT; /* past the repeat hour */
        if (row.minute <= x->last_minute && x->repeat_end == NO_REPEAT &&
            can_repeat(x, x->last_minute, row.minute)) {
            x->repeat_end = x->last_minute;
            x->repeat_day = floor_div(row.minute, 1440);
        } else if (row.minute == x->last_minute) {
            return csv_fail(r, row.line, 1, WFM_EPARSE,
                            "duplicate %s: the same as line %zu", x->intraday ? "datetime" : "date",
                            x->last_line);
        } else if (row.minute < x->last_minute) {
            return csv_fail(r, row.line, 1, WFM_EPARSE,
                            "expected rows in time order, got a %s earlier than line %zu's",
                            x->intraday ? "datetime" : "date", x->last_line);
        }
    }
    x->last_minute = row.minute;
    x->last_line = row.line;
    if (x->repeat_end != NO_REPEAT)
        return add_repeated(x, &row, volume_column);
    /* Each row has a cell of its own: more rows than the grid may hold can
     * only fail later, so fail before reading them all. */
    if (x->n_rows >= HISTORY_MAX_CELLS)
        return csv_fail(r, row.line, 1, WFM_ERANGE,
                        "history too long: over %u rows, the limit of cells", HISTORY_MAX_CELLS);
    if (!grow_rows(x))
        return csv_out_of_memory(&x->r);
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

/* Memory in proportion to the rows: at most max(HISTORY_MIN_CELL_LIMIT,
 * HISTORY_CELLS_PER_ROW × rows) cells, checked before allocating them. The
 * message names the widest gap between rows (a wrong year, mostly): the
 * first row when it is the lone one before the gap, else the row after. */
static int32_t
check_sparse(const reader *x, const history *h)
{
    uint64_t limit = (uint64_t)HISTORY_CELLS_PER_ROW * x->n_rows;
    if (limit < HISTORY_MIN_CELL_LIMIT)
        limit = HISTORY_MIN_CELL_LIMIT;
    if (h->count <= limit)
        return WFM_OK;
    size_t widest = 1;
    for (size_t i = 2; i < x->n_rows; i++)
        if (x->rows[i].minute - x->rows[i - 1].minute >
            x->rows[widest].minute - x->rows[widest - 1].minute)
            widest = i;
    /* n_rows >= 2 here: one row is one day, under the floor. */
    const reading *before = &x->rows[widest - 1], *after = &x->rows[widest];
    int64_t gap = floor_div(after->minute, 1440) - floor_div(before->minute, 1440);
    return csv_fail(&x->r, widest == 1 && x->n_rows > 2 ? before->line : after->line, 1,
                    WFM_ERANGE,
                    "history too sparse: %zu rows span %d days of %d intervals (%zu cells), "
                    "over the limit of %llu cells for them (%u per row, at least %u); the "
                    "widest gap is %lld days, between lines %zu and %zu (a wrong year?)",
                    x->n_rows, (int)h->days, (int)h->per_day, h->count,
                    (unsigned long long)limit, HISTORY_CELLS_PER_ROW, HISTORY_MIN_CELL_LIMIT,
                    (long long)gap, before->line, after->line);
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
    int32_t st = check_sparse(x, &h);
    if (st != WFM_OK)
        return st;
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
    reader x = { .last_minute = NO_REPEAT, .repeat_end = NO_REPEAT, .repeat_day = NO_REPEAT };
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
