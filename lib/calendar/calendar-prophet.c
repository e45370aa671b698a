/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Prophet's holiday table as CSV (the `holidays` data frame written with
 * pandas' to_csv): a header naming holiday and ds, optionally lower_window
 * and upper_window, in any letter case ("Holiday", "DS"), other columns
 * ignored; RFC 4180 quoting; lines end with LF, CR LF or a bare CR (csv.c).
 *
 * All rows of one holiday become one CAL_RULE_DATES rule, in the order the
 * holidays first appear, with its dates sorted and duplicates dropped. wfm
 * keeps one window per event, so rows of one holiday that disagree on the
 * window are an error rather than silently widened.
 *
 * Fields are never unescaped: a field the importer reads (holiday, ds, the
 * windows) is invalid if it holds a quote, so the bytes between the quotes
 * are its value whenever it is valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "csv-private.h"
#include "text-private.h"

enum { COL_HOLIDAY, COL_DS, COL_LOWER, COL_UPPER, N_COLS };
static const char *const column_names[N_COLS] = {
    "holiday", "ds", "lower_window", "upper_window"
};

typedef csv_reader csv;
typedef csv_field field;

/* The rules being built, with what the checks need besides. */
typedef struct {
    cal_rule *v;
    size_t *span_cap;  /* capacity of v[i].spans */
    size_t *line;      /* line of the holiday's first row */
    size_t n, cap;
} holiday_list;

/* ---- the header -------------------------------------------------------- */

/* Which field holds each column we read; SIZE_MAX for an absent one. */
typedef struct {
    size_t at[N_COLS];
    size_t n_fields;
} header;

static int32_t
read_header(csv *c, header *h)
{
    for (int k = 0; k < N_COLS; k++)
        h->at[k] = SIZE_MAX;
    h->n_fields = 0;
    if (!csv_skip_empty_lines(c))
        return csv_bad_byte(c, "a header row naming the columns holiday and ds");
    size_t line = c->line;
    bool last = false;
    while (!last) {
        field f;
        int32_t st = csv_read_field(c, &f, &last);
        if (st != WFM_OK)
            return st;
        for (int k = 0; k < N_COLS; k++) {
            if (!csv_field_is(c, &f, column_names[k]))
                continue;
            if (h->at[k] != SIZE_MAX) {
                char what[64];
                snprintf(what, sizeof what, "one '%s' column", column_names[k]);
                return csv_bad_field(c, &f, what);
            }
            h->at[k] = h->n_fields;
        }
        h->n_fields++;
    }
    for (int k = COL_HOLIDAY; k <= COL_DS; k++)
        if (h->at[k] == SIZE_MAX)
            return csv_fail(c, line, 1, WFM_EPARSE,
                           "expected a '%s' column in the header (holiday, ds, and "
                           "optionally lower_window, upper_window), got none",
                           column_names[k]);
    return WFM_OK;
}

/* ---- values ------------------------------------------------------------ */

/* ds: YYYY-MM-DD, then nothing, " 00:00:00" or "T00:00:00". */
static int32_t
parse_ds(const csv *c, const field *f, int32_t *date)
{
    const char *s = c->text + f->start;
    int32_t y, m, d;
    if (f->escaped_quote || f->length < 10 || !text_digits(s, 4, &y) || s[4] != '-' ||
        !text_digits(s + 5, 2, &m) || s[7] != '-' || !text_digits(s + 8, 2, &d) ||
        wfm_date_from_ymd(y, m, d, date) != WFM_OK ||
        (f->length > 10 && s[10] != ' ' && s[10] != 'T'))
        return csv_bad_field(c, f, "a date YYYY-MM-DD");
    if (f->length == 10 || (f->length == 19 && memcmp(s + 11, "00:00:00", 8) == 0))
        return WFM_OK;
    /* A quoted date holds no line break here, so the column adds up. */
    field time = *f;
    time.start += 11;
    time.length -= f->length >= 11 ? 11 : f->length;
    time.column += 11 + f->quoted;
    return csv_bad_field(c, &time, "midnight (00:00:00) after the date: wfm counts whole days");
}

/* An integer, "-1", "+2", or "-1.0" (pandas writes float columns so, and
 * Prophet takes int() of them); within [lo, hi]. */
static int32_t
parse_window(const csv *c, const field *f, int32_t lo, int32_t hi, const char *what,
             int32_t *value)
{
    const char *s = c->text + f->start;
    size_t n = f->length, i = 0, k;
    bool negative = n > 0 && s[0] == '-';
    if (n > 0 && (s[0] == '-' || s[0] == '+'))
        i++;
    int32_t v = 0;
    for (k = i; k < n && s[k] >= '0' && s[k] <= '9'; k++)
        if (v < 100000)
            v = v * 10 + (s[k] - '0');
    bool ok = k > i;
    if (ok && k < n && s[k] == '.') {
        ok = k + 1 < n;
        for (k++; k < n && s[k] == '0'; k++)
            ;
    }
    if (negative)
        v = -v;
    if (!ok || k != n || f->escaped_quote || v < lo || v > hi)
        return csv_bad_field(c, f, what);
    *value = v;
    return WFM_OK;
}

/* A name the calendar format can write back: 1 to 128 bytes, no quote,
 * no line break. */
static int32_t
check_name(const csv *c, const field *f)
{
    const char *s = c->text + f->start;
    bool ok = f->length > 0 && f->length <= CAL_NAME_MAX && !f->escaped_quote;
    for (size_t i = 0; ok && i < f->length; i++)
        ok = s[i] != '\n' && s[i] != '\r';
    if (!ok)
        return csv_bad_field(c, f, "a holiday name of 1 to 128 bytes without '\"' or line breaks");
    return WFM_OK;
}

/* ---- holidays ---------------------------------------------------------- */

static void
free_holidays(holiday_list *h)
{
    for (size_t i = 0; i < h->n; i++)
        cal_rule_clear(&h->v[i]);
    free(h->v);
    free(h->span_cap);
    free(h->line);
}

static bool
grow_holidays(holiday_list *h)
{
    size_t cap = h->cap == 0 ? 8 : 2 * h->cap;
    cal_rule *v = realloc(h->v, cap * sizeof *v);
    if (v == NULL)
        return false;
    h->v = v;
    size_t *span_cap = realloc(h->span_cap, cap * sizeof *span_cap);
    if (span_cap == NULL)
        return false;
    h->span_cap = span_cap;
    size_t *line = realloc(h->line, cap * sizeof *line);
    if (line == NULL)
        return false;
    h->line = line;
    h->cap = cap;
    return true;
}

/* Index of the holiday named by the field, added (with its window) if
 * new; *nomem on out of memory. */
static size_t
find_or_add(const csv *c, holiday_list *h, const field *name, int32_t lead, int32_t lag,
            bool *nomem)
{
    const char *s = c->text + name->start;
    for (size_t i = 0; i < h->n; i++)
        if (strlen(h->v[i].name) == name->length && memcmp(h->v[i].name, s, name->length) == 0)
            return i;
    *nomem = true;
    if (h->n == h->cap && !grow_holidays(h))
        return 0;
    cal_rule rule = cal_rule_init();
    rule.name = malloc(name->length + 1);
    if (rule.name == NULL)
        return 0;
    memcpy(rule.name, s, name->length);
    rule.name[name->length] = '\0';
    rule.kind = CAL_RULE_DATES;
    rule.lead = lead;
    rule.lag = lag;
    h->v[h->n] = rule;
    h->span_cap[h->n] = 0;
    h->line[h->n] = name->line;
    *nomem = false;
    return h->n++;
}

static bool
add_span(holiday_list *h, size_t i, int32_t date)
{
    cal_rule *r = &h->v[i];
    if (r->n_spans == h->span_cap[i]) {
        size_t cap = h->span_cap[i] == 0 ? 4 : 2 * h->span_cap[i];
        cal_span *v = realloc(r->spans, cap * sizeof *v);
        if (v == NULL)
            return false;
        r->spans = v;
        h->span_cap[i] = cap;
    }
    r->spans[r->n_spans++] = (cal_span){ date, date };
    return true;
}

/* ---- rows -------------------------------------------------------------- */

typedef struct {
    field f[N_COLS];
    bool has[N_COLS];
    size_t n_fields, line;
} row;

static int32_t
read_row(csv *c, const header *h, row *r)
{
    r->line = c->line;
    r->n_fields = 0;
    for (int k = 0; k < N_COLS; k++)
        r->has[k] = false;
    bool last = false;
    while (!last) {
        field f;
        int32_t st = csv_read_field(c, &f, &last);
        if (st != WFM_OK)
            return st;
        for (int k = 0; k < N_COLS; k++)
            if (h->at[k] == r->n_fields) {
                r->f[k] = f;
                r->has[k] = true;
            }
        r->n_fields++;
    }
    if (r->n_fields != h->n_fields)
        return csv_fail(c, r->line, 1, WFM_EPARSE,
                       "expected %zu fields as in the header, got %zu", h->n_fields,
                       r->n_fields);
    return WFM_OK;
}

/* The window of a row, and the check that it is the holiday's window. */
static int32_t
row_window(const csv *c, const row *r, int32_t *lead, int32_t *lag)
{
    int32_t lower = 0, upper = 0, st = WFM_OK;
    if (r->has[COL_LOWER])
        st = parse_window(c, &r->f[COL_LOWER], -CAL_MAX_WINDOW, 0,
                          "a lower_window from -366 to 0", &lower);
    if (st == WFM_OK && r->has[COL_UPPER])
        st = parse_window(c, &r->f[COL_UPPER], 0, CAL_MAX_WINDOW,
                          "an upper_window from 0 to 366", &upper);
    *lead = -lower;
    *lag = upper;
    return st;
}

static int32_t
window_conflict(const csv *c, const row *r, const holiday_list *h, size_t i, int32_t lead,
                int32_t lag)
{
    const field *at = &r->f[r->has[COL_LOWER] ? COL_LOWER : COL_UPPER];
    if (lead == h->v[i].lead && r->has[COL_UPPER])
        at = &r->f[COL_UPPER];
    char name[TEXT_EXCERPT_SIZE];
    text_excerpt(name, sizeof name, h->v[i].name, strlen(h->v[i].name));
    return csv_fail(c, at->line, at->column, WFM_EPARSE,
                   "expected the same window on every row of holiday %s, got -%d..+%d "
                   "on line %zu and -%d..+%d on line %zu (wfm keeps one window per event)",
                   name, (int)lead, (int)lag, r->line, (int)h->v[i].lead, (int)h->v[i].lag,
                   h->line[i]);
}

static int32_t
add_row(csv *c, const row *r, holiday_list *h)
{
    int32_t date, lead, lag;
    int32_t st = check_name(c, &r->f[COL_HOLIDAY]);
    if (st == WFM_OK)
        st = parse_ds(c, &r->f[COL_DS], &date);
    if (st == WFM_OK)
        st = row_window(c, r, &lead, &lag);
    if (st != WFM_OK)
        return st;
    bool nomem = false;
    size_t i = find_or_add(c, h, &r->f[COL_HOLIDAY], lead, lag, &nomem);
    if (nomem)
        return csv_out_of_memory(c);
    if (h->v[i].lead != lead || h->v[i].lag != lag)
        return window_conflict(c, r, h, i, lead, lag);
    return add_span(h, i, date) ? WFM_OK : csv_out_of_memory(c);
}

static int
compare_spans(const void *a, const void *b)
{
    const cal_span *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* Dates in order, each once: the canonical DATES rule. */
static void
normalize(cal_rule *rule)
{
    if (rule->n_spans < 2)
        return;
    qsort(rule->spans, rule->n_spans, sizeof *rule->spans, compare_spans);
    size_t k = 1;
    for (size_t i = 1; i < rule->n_spans; i++)
        if (rule->spans[i].first != rule->spans[k - 1].first)
            rule->spans[k++] = rule->spans[i];
    rule->n_spans = k;
}

static int32_t
read_csv(csv *c, holiday_list *h)
{
    header hd;
    int32_t st = read_header(c, &hd);
    while (st == WFM_OK && csv_skip_empty_lines(c)) {
        row r;
        st = read_row(c, &hd, &r);
        if (st == WFM_OK)
            st = add_row(c, &r, h);
    }
    return st;
}

/* Hand the rules to the caller's array in one step (all or nothing). */
static int32_t
commit(const csv *c, holiday_list *h, cal_rule **rules, size_t *count)
{
    if (h->n > 0) {
        cal_rule *v = realloc(*rules, (*count + h->n) * sizeof *v);
        if (v == NULL)
            return csv_out_of_memory(c);
        memcpy(v + *count, h->v, h->n * sizeof *v);
        *rules = v;
        *count += h->n;
        h->n = 0; /* now the caller's */
    }
    return WFM_OK;
}

int32_t
cal_parse_prophet(wfm_calendar *cal, const char *text, size_t length, const char *source,
                  cal_rule **rules, size_t *count)
{
    csv c;
    csv_init(&c, text != NULL ? text : "", text != NULL ? length : 0, source, cal->errmsg,
             sizeof cal->errmsg);
    holiday_list h = { NULL, NULL, NULL, 0, 0 };
    int32_t st = csv_check_no_nul(&c);
    if (st == WFM_OK)
        st = read_csv(&c, &h);
    if (st == WFM_OK) {
        for (size_t i = 0; i < h.n; i++)
            normalize(&h.v[i]);
        st = commit(&c, &h, rules, count);
    }
    free_holidays(&h);
    return st;
}
