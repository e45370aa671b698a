/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The calendar file format, version 1 (see wfm/calendar.h): a line-based,
 * hand-written recursive-descent parser.
 *
 * There is no separate tokenizer: each position of the grammar knows what
 * may come next, so the parser reads characters through a few scanners
 * (an "atom" is a run of letters, digits, '_' and '-'; a "word" the same
 * without '-'). Because every token that ends a rule or an option is read
 * as a whole atom or word, "12-25closed" is one bad date rather than a date
 * and an option: tokens that must be separated are, without a rule for it.
 *
 * Errors name the source, the 1-based line and byte column, what was
 * expected and what was found. Rules are collected in a list of our own
 * and appended to the caller's array only at the end, so a failing text
 * leaves the caller's rules untouched.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "text-private.h"

/* Presets may include presets; a cycle among them must not recurse forever. */
#define MAX_PRESET_DEPTH 8
/* The largest offset from Easter or another event: ten years of days. */
#define MAX_OFFSET 3660
/* Longest excerpt of the offending text quoted in a message. */

typedef struct {
    cal_rule *v;
    size_t n, cap;
} rule_list;

typedef struct {
    wfm_calendar *cal;
    const char *source;  /* for messages, never NULL */
    const char *text;
    size_t length;
    size_t pos;          /* the cursor, an offset into text */
    size_t line;         /* 1-based number of the current line */
    size_t line_start;   /* offset of the current line's first byte */
    size_t end;          /* offset where its content ends (before CR LF) */
    size_t next;         /* offset of the next line; > length after the last */
    int depth;           /* of preset inclusion */
    rule_list *out;
} parser;


/* ---- characters -------------------------------------------------------- */

static bool
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_word_char(char c)
{
    return is_alpha(c) || is_digit(c);
}

static bool
is_atom_char(char c)
{
    return is_word_char(c) || c == '-';
}

static char
lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ---- messages ---------------------------------------------------------- */

/* What the text holds at `at`, for "got ...": one token, quoted. */
static void
describe(const parser *p, size_t at, char *dst, size_t size)
{
    if (at >= p->length) {
        snprintf(dst, size, "end of text");
        return;
    }
    if (at >= p->end || p->text[at] == '#') {
        snprintf(dst, size, "end of line");
        return;
    }
    const char *s = p->text + at;
    size_t room = p->end - at, n = 1;
    if (is_atom_char(s[0])) {
        while (n < room && is_atom_char(s[n]))
            n++;
    } else if (s[0] == '"') {
        while (n < room && s[n] != '"')
            n++;
        if (n < room)
            n++; /* the closing quote */
    } else if (s[0] == '.') {
        while (n < room && s[n] == '.')
            n++;
    } else if ((unsigned char)s[0] >= 0x80) {
        while (n < room && (unsigned char)s[n] >= 0x80)
            n++;
    }
    text_excerpt(dst, size, s, n);
}

/* Fail with "source:line:column: message" for the byte at `at` on the
 * current line (or the end of the text). */
static int32_t
fail_at(const parser *p, size_t at, int32_t status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int32_t
fail_at(const parser *p, size_t at, int32_t status, const char *format, ...)
{
    char message[CAL_ERRMSG_MAX];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    return cal_fail(p->cal, status, "%s:%zu:%zu: %s", p->source, p->line,
                    at - p->line_start + 1, message);
}

/* The common error: "expected WHAT, got 'TOKEN'". */
static int32_t
expected(const parser *p, size_t at, const char *what)
{
    char got[TEXT_EXCERPT_SIZE];
    describe(p, at, got, sizeof got);
    return fail_at(p, at, WFM_EPARSE, "expected %s, got %s", what, got);
}

static int32_t
out_of_memory(const parser *p)
{
    return cal_fail(p->cal, WFM_ENOMEM, "out of memory");
}

/* ---- scanning ---------------------------------------------------------- */

static void
skip_ws(parser *p)
{
    while (p->pos < p->end && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t'))
        p->pos++;
}

/* At the end of the line's content or at a comment. */
static bool
at_eol(const parser *p)
{
    return p->pos >= p->end || p->text[p->pos] == '#';
}

static bool
at_char(const parser *p, char c)
{
    return p->pos < p->end && p->text[p->pos] == c;
}

static bool
at_dots(const parser *p)
{
    return p->pos + 1 < p->end && p->text[p->pos] == '.' && p->text[p->pos + 1] == '.';
}

static size_t
atom_length(const parser *p)
{
    size_t n = 0;
    while (p->pos + n < p->end && is_atom_char(p->text[p->pos + n]))
        n++;
    return n;
}

static size_t
word_length(const parser *p)
{
    size_t n = 0;
    while (p->pos + n < p->end && is_word_char(p->text[p->pos + n]))
        n++;
    return n;
}

/* Whether the n bytes at the cursor are `keyword`, ignoring case. */
static bool
text_is(const parser *p, size_t n, const char *keyword)
{
    if (n != strlen(keyword))
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(p->text[p->pos + i]) != keyword[i])
            return false;
    return true;
}

/* Whether the word at the cursor is `keyword`, ignoring case. Keywords
 * are words, so that "easter-2" reads as easter, '-' and 2. */
static bool
word_is(const parser *p, const char *keyword)
{
    return text_is(p, word_length(p), keyword);
}

/* Index of the word at the cursor in a keyword list, or -1. */
static int
word_index(const parser *p, const char *const *list, int count)
{
    for (int i = 0; i < count; i++)
        if (word_is(p, list[i]))
            return i;
    return -1;
}

/* Consume the keyword `keyword` (then any blanks), or fail. */
static int32_t
expect_keyword(parser *p, const char *keyword)
{
    if (!word_is(p, keyword)) {
        char what[32];
        snprintf(what, sizeof what, "'%s'", keyword);
        return expected(p, p->pos, what);
    }
    p->pos += strlen(keyword);
    skip_ws(p);
    return WFM_OK;
}

/* A word of decimal digits: its value, capped (so that huge numbers stay
 * out of range rather than overflow), or false if the word is not one. */
static bool
scan_number(parser *p, int32_t *value)
{
    size_t n = word_length(p);
    if (n == 0)
        return false;
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p->text[p->pos + i];
        if (!is_digit(c))
            return false;
        if (v < 100000000)
            v = v * 10 + (c - '0');
    }
    *value = v;
    p->pos += n;
    return true;
}

/* A number from 0 to max at the cursor; `what` names it for messages. */
static int32_t
parse_bounded(parser *p, int32_t max, const char *what, int32_t *value)
{
    size_t at = p->pos;
    if (!scan_number(p, value) || *value > max)
        return expected(p, at, what);
    return WFM_OK;
}

/* "+ N" or "- N" (blanks allowed after the sign), |N| <= MAX_OFFSET. */
static int32_t
parse_signed_offset(parser *p, const char *what, int32_t *value)
{
    if (!at_char(p, '+') && !at_char(p, '-'))
        return expected(p, p->pos, what);
    int32_t sign = p->text[p->pos] == '-' ? -1 : 1;
    p->pos++;
    skip_ws(p);
    int32_t n;
    int32_t st = parse_bounded(p, MAX_OFFSET, "a number of days from 0 to 3660", &n);
    if (st != WFM_OK)
        return st;
    *value = sign * n;
    return WFM_OK;
}

/* ---- dates ------------------------------------------------------------- */

static bool
digits_at(const char *s, size_t n, int32_t *value)
{
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

/* MM-DD: a day that exists in some year (02-29 does, 02-30 does not). */
static int32_t
parse_month_day(parser *p, const char *what, int32_t *month, int32_t *day)
{
    const char *s = p->text + p->pos;
    if (atom_length(p) != 5 || !digits_at(s, 2, month) || s[2] != '-' ||
        !digits_at(s + 3, 2, day) || *month < 1 || *month > 12 || *day < 1 ||
        *day > date_days_in_month(2000, *month))
        return expected(p, p->pos, what);
    p->pos += 5;
    return WFM_OK;
}

/* YYYY-MM-DD, a real date. */
static int32_t
parse_ymd(parser *p, const char *what, int32_t *date)
{
    const char *s = p->text + p->pos;
    int32_t y, m, d;
    if (atom_length(p) != 10 || !digits_at(s, 4, &y) || s[4] != '-' ||
        !digits_at(s + 5, 2, &m) || s[7] != '-' || !digits_at(s + 8, 2, &d) ||
        wfm_date_from_ymd(y, m, d, date) != WFM_OK)
        return expected(p, p->pos, what);
    p->pos += 10;
    return WFM_OK;
}

/* ---- names ------------------------------------------------------------- */

/* An event name: an identifier or "any text without a quote". `what` says
 * what the position wants when neither is there. */
static int32_t
parse_name(parser *p, const char *what, char **name)
{
    size_t at = p->pos, start, n;
    if (at_char(p, '"')) {
        start = at + 1;
        n = 0;
        while (start + n < p->end && p->text[start + n] != '"')
            n++;
        if (start + n >= p->end) {
            p->pos = p->end;
            return expected(p, p->end, "'\"' closing the name");
        }
        p->pos = start + n + 1;
    } else {
        if (p->pos >= p->end || !is_alpha(p->text[p->pos]))
            return expected(p, at, what);
        start = at;
        n = word_length(p);
        p->pos += n;
    }
    if (n == 0 || n > CAL_NAME_MAX)
        return expected(p, at, "a name of 1 to 128 bytes");
    *name = cal_copy_text(p->text + start, n);
    return *name != NULL ? WFM_OK : out_of_memory(p);
}

/* ---- rules ------------------------------------------------------------- */

/* ORDINAL WEEKDAY of MONTH, the cursor after the ordinal. */
static int32_t
parse_nth_weekday(parser *p, int32_t nth, cal_rule *rule)
{
    rule->kind = CAL_RULE_NTH_WEEKDAY;
    rule->nth = nth;
    skip_ws(p);
    int w = word_index(p, cal_weekday_names, 7);
    if (w < 0)
        return expected(p, p->pos, "a weekday (monday ... sunday)");
    p->pos += strlen(cal_weekday_names[w]);
    rule->weekday = w + 1;
    skip_ws(p);
    int32_t st = expect_keyword(p, "of");
    if (st != WFM_OK)
        return st;
    int m = word_index(p, cal_month_names, 12);
    if (m < 0)
        return expected(p, p->pos, "a month (january ... december)");
    p->pos += strlen(cal_month_names[m]);
    rule->month = m + 1;
    return WFM_OK;
}

/* WEEKDAY on or after|before MM-DD, the cursor after the weekday. */
static int32_t
parse_on_or(parser *p, int32_t weekday, cal_rule *rule)
{
    rule->weekday = weekday;
    skip_ws(p);
    int32_t st = expect_keyword(p, "on");
    if (st == WFM_OK)
        st = expect_keyword(p, "or");
    if (st != WFM_OK)
        return st;
    if (word_is(p, "after"))
        rule->kind = CAL_RULE_ON_OR_AFTER;
    else if (word_is(p, "before"))
        rule->kind = CAL_RULE_ON_OR_BEFORE;
    else
        return expected(p, p->pos, "'after' or 'before'");
    p->pos += rule->kind == CAL_RULE_ON_OR_AFTER ? 5 : 6;
    skip_ws(p);
    return parse_month_day(p, "a date MM-DD", &rule->month, &rule->day);
}

/* easter [+ N | - N], the cursor after the word. */
static int32_t
parse_easter(parser *p, cal_rule *rule)
{
    rule->kind = CAL_RULE_EASTER;
    skip_ws(p);
    if (!at_char(p, '+') && !at_char(p, '-'))
        return WFM_OK;
    return parse_signed_offset(p, "'+' or '-'", &rule->offset);
}

/* EVENT + N [.. + M], the cursor at the event's name. */
static int32_t
parse_relative(parser *p, cal_rule *rule)
{
    size_t at = p->pos;
    rule->kind = CAL_RULE_RELATIVE;
    int32_t st = parse_name(p, "an event name", &rule->base);
    if (st != WFM_OK)
        return st;
    if (strcmp(rule->base, rule->name) == 0)
        return expected(p, at, "another event (an event cannot be relative to itself)");
    skip_ws(p);
    st = parse_signed_offset(p, "'+' or '-' and a number of days after the event name",
                             &rule->offset);
    if (st != WFM_OK)
        return st;
    rule->offset_end = rule->offset;
    skip_ws(p);
    if (!at_dots(p))
        return WFM_OK;
    p->pos += 2;
    skip_ws(p);
    at = p->pos;
    st = parse_signed_offset(p, "'+' or '-' and the range's last offset",
                             &rule->offset_end);
    if (st != WFM_OK)
        return st;
    if (rule->offset_end < rule->offset)
        return fail_at(p, at, WFM_EPARSE, "expected a last offset of at least %+d, got %+d",
                       (int)rule->offset, (int)rule->offset_end);
    return WFM_OK;
}

static int
compare_spans(const void *a, const void *b)
{
    const cal_span *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->last > y->last) - (x->last < y->last);
}

/* Sort a DATES rule's spans and drop exact duplicates: the canonical form
 * the writer relies on (and the Prophet import produces). */
static void
normalize_spans(cal_rule *rule)
{
    if (rule->n_spans < 2)
        return;
    qsort(rule->spans, rule->n_spans, sizeof *rule->spans, compare_spans);
    size_t k = 1;
    for (size_t i = 1; i < rule->n_spans; i++)
        if (compare_spans(&rule->spans[i], &rule->spans[k - 1]) != 0)
            rule->spans[k++] = rule->spans[i];
    rule->n_spans = k;
}

/* YYYY-MM-DD [.. YYYY-MM-DD] appended to a DATES rule. */
static int32_t
parse_span(parser *p, cal_rule *rule, size_t *cap)
{
    cal_span span;
    int32_t st = parse_ymd(p, "a date YYYY-MM-DD", &span.first);
    if (st != WFM_OK)
        return st;
    span.last = span.first;
    skip_ws(p);
    if (at_dots(p)) {
        p->pos += 2;
        skip_ws(p);
        size_t at = p->pos;
        st = parse_ymd(p, "a last date YYYY-MM-DD", &span.last);
        if (st != WFM_OK)
            return st;
        if (span.last < span.first)
            return expected(p, at, "a last date on or after the first");
    }
    if (rule->n_spans == *cap) {
        size_t grown = *cap == 0 ? 4 : 2 * *cap;
        cal_span *v = realloc(rule->spans, grown * sizeof *v);
        if (v == NULL)
            return out_of_memory(p);
        rule->spans = v;
        *cap = grown;
    }
    rule->spans[rule->n_spans++] = span;
    return WFM_OK;
}

/* dates D, D, ... (`several` false: one lone D). */
static int32_t
parse_dates(parser *p, bool several, cal_rule *rule)
{
    size_t cap = 0;
    rule->kind = CAL_RULE_DATES;
    for (;;) {
        int32_t st = parse_span(p, rule, &cap);
        if (st != WFM_OK)
            return st;
        skip_ws(p);
        if (!several || !at_char(p, ','))
            break;
        p->pos++;
        skip_ws(p);
    }
    normalize_spans(rule);
    return WFM_OK;
}

/* MM-DD or MM-DD .. MM-DD, the cursor at the first date. */
static int32_t
parse_fixed_or_season(parser *p, cal_rule *rule)
{
    int32_t st = parse_month_day(p, "a date MM-DD", &rule->month, &rule->day);
    if (st != WFM_OK)
        return st;
    rule->kind = CAL_RULE_FIXED;
    skip_ws(p);
    if (!at_dots(p))
        return WFM_OK;
    p->pos += 2;
    skip_ws(p);
    rule->kind = CAL_RULE_SEASON;
    return parse_month_day(p, "the season's last day MM-DD", &rule->end_month,
                           &rule->end_day);
}

static const char rule_forms[] =
    "a rule (MM-DD, YYYY-MM-DD, ORDINAL WEEKDAY of MONTH, "
    "WEEKDAY on or after|before MM-DD, easter, EVENT + N or dates ...)";

/* A rule starting with a digit: a date, a date range or an ordinal. */
static int32_t
parse_digit_rule(parser *p, cal_rule *rule)
{
    size_t n = atom_length(p);
    int nth = word_index(p, cal_ordinal_names, 5);
    if (nth >= 0) {
        p->pos += 3;
        return parse_nth_weekday(p, nth + 1, rule);
    }
    if (n == 5)
        return parse_fixed_or_season(p, rule);
    if (n == 10)
        return parse_dates(p, false, rule);
    return expected(p, p->pos, rule_forms);
}

/* A rule starting with a word: a keyword, or the name of another event. */
static int32_t
parse_word_rule(parser *p, cal_rule *rule)
{
    int w = word_index(p, cal_weekday_names, 7);
    if (w >= 0) {
        p->pos += strlen(cal_weekday_names[w]);
        return parse_on_or(p, w + 1, rule);
    }
    if (word_is(p, "last")) {
        p->pos += 4;
        return parse_nth_weekday(p, -1, rule);
    }
    if (word_is(p, "easter")) {
        p->pos += 6;
        return parse_easter(p, rule);
    }
    if (word_is(p, "dates")) {
        p->pos += 5;
        skip_ws(p);
        return parse_dates(p, true, rule);
    }
    return parse_relative(p, rule);
}

static int32_t
parse_rule(parser *p, cal_rule *rule)
{
    if (at_char(p, '"'))
        return parse_relative(p, rule);
    if (p->pos < p->end && is_digit(p->text[p->pos]))
        return parse_digit_rule(p, rule);
    if (p->pos < p->end && is_alpha(p->text[p->pos]))
        return parse_word_rule(p, rule);
    return expected(p, p->pos, rule_forms);
}

/* ---- options ----------------------------------------------------------- */

enum { OPT_WINDOW, OPT_OBSERVED, OPT_CLOSED, OPT_YEARS, OPT_EXCEPT, N_OPTIONS };
static const char *const option_names[N_OPTIONS] = {
    "window", "observed", "closed", "years", "except"
};

/* window=-L..+G, the cursor after '='. */
static int32_t
parse_window(parser *p, cal_rule *rule)
{
    static const char *const form = "(window=-L..+G)";
    char what[80];
    if (!at_char(p, '-')) {
        snprintf(what, sizeof what, "'-' %s", form);
        return expected(p, p->pos, what);
    }
    p->pos++;
    int32_t st = parse_bounded(p, CAL_MAX_WINDOW, "the days before, 0 to 366", &rule->lead);
    if (st != WFM_OK)
        return st;
    if (!at_dots(p)) {
        snprintf(what, sizeof what, "'..' %s", form);
        return expected(p, p->pos, what);
    }
    p->pos += 2;
    if (!at_char(p, '+')) {
        snprintf(what, sizeof what, "'+' %s", form);
        return expected(p, p->pos, what);
    }
    p->pos++;
    return parse_bounded(p, CAL_MAX_WINDOW, "the days after, 0 to 366", &rule->lag);
}

static int32_t
parse_observed(parser *p, cal_rule *rule)
{
    if (word_is(p, "us"))
        rule->observed = CAL_OBSERVED_US;
    else if (word_is(p, "uk"))
        rule->observed = CAL_OBSERVED_UK;
    else
        return expected(p, p->pos, "'us' or 'uk'");
    p->pos += 2;
    return WFM_OK;
}

static int32_t
parse_year(parser *p, int32_t *year)
{
    size_t at = p->pos;
    if (!scan_number(p, year) || *year < DATE_YEAR_MIN || *year > DATE_YEAR_MAX)
        return expected(p, at, "a year from 1 to 9999");
    return WFM_OK;
}

/* years=Y1..Y2, years=Y1.. or years=..Y2, the cursor after '='. */
static int32_t
parse_years(parser *p, cal_rule *rule)
{
    int32_t st;
    if (!at_dots(p)) {
        st = parse_year(p, &rule->first_year);
        if (st != WFM_OK)
            return st;
        if (!at_dots(p))
            return expected(p, p->pos, "'..' after the first year (years=Y1..Y2, Y1.. or ..Y2)");
        p->pos += 2;
        if (p->pos >= p->end || !is_word_char(p->text[p->pos]))
            return WFM_OK; /* Y1.. */
    } else {
        p->pos += 2;
    }
    size_t at = p->pos;
    st = parse_year(p, &rule->last_year);
    if (st != WFM_OK)
        return st;
    if (rule->last_year < rule->first_year)
        return expected(p, at, "a last year on or after the first");
    return WFM_OK;
}

static int
compare_years(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* except=Y,Y,..., stored sorted without duplicates. */
static int32_t
parse_except(parser *p, cal_rule *rule)
{
    size_t cap = 0;
    for (;;) {
        int32_t year;
        int32_t st = parse_year(p, &year);
        if (st != WFM_OK)
            return st;
        if (rule->n_except == cap) {
            size_t grown = cap == 0 ? 4 : 2 * cap;
            int32_t *v = realloc(rule->except_years, grown * sizeof *v);
            if (v == NULL)
                return out_of_memory(p);
            rule->except_years = v;
            cap = grown;
        }
        rule->except_years[rule->n_except++] = year;
        if (!at_char(p, ','))
            break;
        p->pos++;
    }
    qsort(rule->except_years, rule->n_except, sizeof *rule->except_years, compare_years);
    size_t k = 1;
    for (size_t i = 1; i < rule->n_except; i++)
        if (rule->except_years[i] != rule->except_years[k - 1])
            rule->except_years[k++] = rule->except_years[i];
    rule->n_except = k;
    return WFM_OK;
}

static int32_t
parse_option_value(parser *p, int option, cal_rule *rule)
{
    switch (option) {
    case OPT_WINDOW:
        return parse_window(p, rule);
    case OPT_OBSERVED:
        return parse_observed(p, rule);
    case OPT_YEARS:
        return parse_years(p, rule);
    default:
        return parse_except(p, rule);
    }
}

/* One option at the cursor; `seen` marks those already given. */
static int32_t
parse_option(parser *p, bool seen[N_OPTIONS], cal_rule *rule)
{
    size_t at = p->pos;
    int option = word_index(p, option_names, N_OPTIONS);
    if (option < 0)
        return expected(p, at, "an option (window=, observed=, closed, years=, except=) "
                               "or end of line");
    if (seen[option])
        return fail_at(p, at, WFM_EPARSE, "option '%s' given twice", option_names[option]);
    if (rule->kind == CAL_RULE_DATES && (option == OPT_YEARS || option == OPT_EXCEPT))
        return expected(p, at, "window=, observed= or closed (years= and except= are "
                               "for yearly rules, not one-off dates)");
    seen[option] = true;
    p->pos += strlen(option_names[option]);
    if (option == OPT_CLOSED) {
        rule->closed = true;
        return WFM_OK;
    }
    if (!at_char(p, '=')) {
        char what[32];
        snprintf(what, sizeof what, "'=' after '%s'", option_names[option]);
        return expected(p, p->pos, what);
    }
    p->pos++;
    return parse_option_value(p, option, rule);
}

static int32_t
parse_options(parser *p, cal_rule *rule)
{
    bool seen[N_OPTIONS] = { false };
    for (;;) {
        skip_ws(p);
        if (at_eol(p))
            return WFM_OK;
        int32_t st = parse_option(p, seen, rule);
        if (st != WFM_OK)
            return st;
        /* An option is one blank-free token. */
        if (!at_eol(p) && !at_char(p, ' ') && !at_char(p, '\t'))
            return expected(p, p->pos, "a blank or end of line after the option");
    }
}

/* ---- lines ------------------------------------------------------------- */

static int32_t
push_rule(parser *p, cal_rule *rule)
{
    rule_list *out = p->out;
    if (out->n == out->cap) {
        size_t grown = out->cap == 0 ? 16 : 2 * out->cap;
        cal_rule *v = realloc(out->v, grown * sizeof *v);
        if (v == NULL)
            return out_of_memory(p);
        out->v = v;
        out->cap = grown;
    }
    out->v[out->n++] = *rule;
    *rule = cal_rule_init(); /* ownership moved to the list */
    return WFM_OK;
}

/* EVENT = RULE [OPTION]... */
static int32_t
parse_definition(parser *p)
{
    cal_rule rule = cal_rule_init();
    int32_t st = parse_name(p, "an event name or 'preset'", &rule.name);
    if (st == WFM_OK) {
        skip_ws(p);
        if (!at_char(p, '='))
            st = expected(p, p->pos, "'=' after the event name");
    }
    if (st == WFM_OK) {
        p->pos++;
        skip_ws(p);
        st = parse_rule(p, &rule);
    }
    if (st == WFM_OK)
        st = parse_options(p, &rule);
    if (st == WFM_OK)
        st = push_rule(p, &rule);
    cal_rule_clear(&rule);
    return st;
}

static int32_t parse_text(wfm_calendar *cal, const char *text, size_t length,
                          const char *source, int depth, rule_list *out);


/* preset NAME, the cursor after the keyword. */
static int32_t
parse_preset(parser *p)
{
    skip_ws(p);
    size_t at = p->pos, n = atom_length(p);
    if (n == 0)
        return expected(p, at, "a preset name");
    char name[64];
    bool fits = n < sizeof name;
    snprintf(name, sizeof name, "%.*s", (int)(fits ? n : sizeof name - 1), p->text + at);
    p->pos += n;
    skip_ws(p);
    if (!at_eol(p))
        return expected(p, p->pos, "end of line after the preset name");
    const char *text = fits ? cal_preset_text(name) : NULL;
    if (text == NULL) {
        char known[256], shown[TEXT_EXCERPT_SIZE];
        cal_preset_list(known, sizeof known);
        text_excerpt(shown, sizeof shown, p->text + at, n);
        return fail_at(p, at, WFM_ENOTFOUND, "unknown preset %s (known: %s)", shown, known);
    }
    if (p->depth >= MAX_PRESET_DEPTH)
        return fail_at(p, at, WFM_EPARSE, "expected presets nested at most %d deep, got "
                       "'%s' deeper", MAX_PRESET_DEPTH, name);
    char source[80];
    snprintf(source, sizeof source, "preset %s", name);
    return parse_text(p->cal, text, strlen(text), source, p->depth + 1, p->out);
}

/* wfm-calendar N: the first item of every text. */
static int32_t
parse_version(parser *p)
{
    if (!text_is(p, atom_length(p), "wfm-calendar"))
        return expected(p, p->pos, "'wfm-calendar 1' (the format version) first");
    p->pos += strlen("wfm-calendar");
    skip_ws(p);
    size_t at = p->pos, n = word_length(p);
    int32_t version;
    if (!scan_number(p, &version))
        return expected(p, at, "a format version number");
    if (version != 1) /* all digits: safe to show as they are */
        return fail_at(p, at, WFM_EPARSE,
                       "unsupported calendar format version %.*s%s (this wfm reads 1)",
                       (int)(n > TEXT_EXCERPT_MAX ? TEXT_EXCERPT_MAX : n), p->text + at,
                       n > TEXT_EXCERPT_MAX ? "..." : "");
    skip_ws(p);
    if (!at_eol(p))
        return expected(p, p->pos, "end of line after the version");
    return WFM_OK;
}

/* An item after the version: a preset line or a definition. `preset`
 * followed by '=' is an event that happens to be called preset. */
static int32_t
parse_item(parser *p)
{
    if (text_is(p, atom_length(p), "wfm-calendar"))
        return expected(p, p->pos, "an event or 'preset' (the version line comes once, "
                                   "first)");
    if (word_is(p, "preset")) {
        size_t at = p->pos;
        p->pos += 6;
        skip_ws(p);
        bool definition = at_char(p, '=');
        p->pos = at;
        if (!definition) {
            p->pos += 6;
            return parse_preset(p);
        }
    }
    return parse_definition(p);
}

/* Move to the next line; false after the last. A text has one more line
 * than it has '\n', so that the end of the text has a line and column. */
static bool
next_line(parser *p)
{
    if (p->next > p->length)
        return false;
    if (p->next > 0)
        p->line++;
    p->line_start = p->pos = p->next;
    const char *nl = memchr(p->text + p->line_start, '\n', p->length - p->line_start);
    p->end = nl != NULL ? (size_t)(nl - p->text) : p->length;
    p->next = p->end + 1;
    if (p->end > p->line_start && p->text[p->end - 1] == '\r')
        p->end--; /* CR LF, or a CR ending the text */
    return true;
}

/* Point the parser's line and column at offset `at` (for the NUL check). */
static void
seek_line(parser *p, size_t at)
{
    while (next_line(p) && p->next <= at)
        ;
}

static int32_t
parse_lines(parser *p)
{
    bool have_version = false;
    while (next_line(p)) {
        skip_ws(p);
        if (at_eol(p))
            continue;
        int32_t st = have_version ? parse_item(p) : parse_version(p);
        if (st != WFM_OK)
            return st;
        have_version = true;
    }
    if (!have_version)
        return expected(p, p->length, "'wfm-calendar 1' (the format version) first");
    return WFM_OK;
}

static int32_t
parse_text(wfm_calendar *cal, const char *text, size_t length, const char *source,
           int depth, rule_list *out)
{
    parser p = { .cal = cal, .source = source, .text = text, .length = length,
                 .line = 1, .depth = depth, .out = out };
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        /* A UTF-8 byte order mark: not part of the first line's columns. */
        p.text += 3;
        p.length -= 3;
    }
    const char *nul = p.length > 0 ? memchr(p.text, '\0', p.length) : NULL;
    if (nul != NULL) {
        size_t at = (size_t)(nul - p.text);
        seek_line(&p, at);
        return fail_at(&p, at, WFM_EPARSE, "expected text, got a NUL byte");
    }
    return parse_lines(&p);
}

static void
free_list(rule_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        cal_rule_clear(&list->v[i]);
    free(list->v);
}

/* Append the parsed rules to the caller's array in one step. */
static int32_t
commit(wfm_calendar *cal, rule_list *list, cal_rule **rules, size_t *count)
{
    if (list->n == 0) {
        free(list->v);
        return WFM_OK;
    }
    cal_rule *v = realloc(*rules, (*count + list->n) * sizeof *v);
    if (v == NULL) {
        free_list(list);
        return cal_fail(cal, WFM_ENOMEM, "out of memory");
    }
    memcpy(v + *count, list->v, list->n * sizeof *v);
    *rules = v;
    *count += list->n;
    free(list->v);
    return WFM_OK;
}

int32_t
cal_parse(wfm_calendar *cal, const char *text, size_t length, const char *source,
          cal_rule **rules, size_t *count)
{
    rule_list list = { NULL, 0, 0 };
    int32_t st = parse_text(cal, text != NULL ? text : "", text != NULL ? length : 0,
                            source != NULL ? source : "<text>", 0, &list);
    if (st != WFM_OK) {
        free_list(&list);
        return st;
    }
    return commit(cal, &list, rules, count);
}
