/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the calendar text format (version 1, documented in
 * wfm/calendar.h) and the Prophet holiday CSV import: the parser
 * (calendar-parse.c), the canonical writer (calendar-write.c) and the CSV
 * reader (calendar-prophet.c). Expansion is tested in test-calendar.c.
 *
 * - every rule kind and option parses to the documented cal_rule fields;
 * - every error path gives its status, the exact line:column and a message
 *   naming what was expected (checked as substrings), and leaves the
 *   calendar unchanged (all or nothing);
 * - the writer's canonical text for each kind, and the round trip
 *   parse(write(rules)) == rules with write a fixpoint, on the fuzz seeds
 *   and on 500 random calendars (seeded; the canonical texts' checksum is
 *   stored, so an unintended change of the format shows);
 * - Prophet CSV: columns, quoting, windows, time suffixes, errors.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <wfm.h>

#include "calendar-private.h"
#include "test-alloc-fail.h"
#include "test-util.h"

#define LEN(x) (sizeof(x) / sizeof((x)[0]))
#define SEED UINT64_C(0x63616c656e646172)
#define V "wfm-calendar 1\n"

/* ============================================================ helpers */

typedef struct {
    cal_rule *v;
    size_t n;
} rules;

static void
rules_free(rules *r)
{
    for (size_t i = 0; i < r->n; i++)
        cal_rule_clear(&r->v[i]);
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

static wfm_calendar *
new_calendar(void)
{
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    return cal;
}

/* Parse text that must be valid; the rules are the caller's. */
static rules
parse_ok(const char *text)
{
    wfm_calendar *cal = new_calendar();
    rules r = { NULL, 0 };
    int32_t st = cal_parse(cal, text, strlen(text), "t", &r.v, &r.n);
    if (st != WFM_OK)
        print_message("# %s\n", wfm_calendar_errmsg(cal));
    assert_int_equal(st, WFM_OK);
    wfm_calendar_free(cal);
    return r;
}

/* The one rule of "wfm-calendar 1\n" + line. */
static cal_rule
parse_one(const char *line)
{
    char text[1024];
    snprintf(text, sizeof text, V "%s\n", line);
    rules r = parse_ok(text);
    assert_int_equal(r.n, 1);
    cal_rule rule = r.v[0];
    free(r.v);
    return rule;
}

static void
assert_defaults_except_kind(const cal_rule *r)
{
    assert_int_equal(r->lead, 0);
    assert_int_equal(r->lag, 0);
    assert_int_equal(r->observed, CAL_OBSERVED_NONE);
    assert_false(r->closed);
    assert_int_equal(r->first_year, DATE_YEAR_MIN);
    assert_int_equal(r->last_year, DATE_YEAR_MAX);
    assert_int_equal(r->n_except, 0);
}

static int32_t
ymd(int32_t y, int32_t m, int32_t d)
{
    int32_t date = 0;
    assert_int_equal(wfm_date_from_ymd(y, m, d, &date), WFM_OK);
    return date;
}

/* Field-by-field equality of two rules (what the round trip promises). */
static bool
rule_equal(const cal_rule *a, const cal_rule *b)
{
    if (strcmp(a->name, b->name) != 0 || a->kind != b->kind || a->lead != b->lead ||
        a->lag != b->lag || a->observed != b->observed || a->closed != b->closed ||
        a->first_year != b->first_year || a->last_year != b->last_year ||
        a->n_except != b->n_except)
        return false;
    for (size_t i = 0; i < a->n_except; i++)
        if (a->except_years[i] != b->except_years[i])
            return false;
    switch (a->kind) {
    case CAL_RULE_FIXED:
        return a->month == b->month && a->day == b->day;
    case CAL_RULE_NTH_WEEKDAY:
        return a->nth == b->nth && a->weekday == b->weekday && a->month == b->month;
    case CAL_RULE_ON_OR_AFTER:
    case CAL_RULE_ON_OR_BEFORE:
        return a->weekday == b->weekday && a->month == b->month && a->day == b->day;
    case CAL_RULE_EASTER:
        return a->offset == b->offset;
    case CAL_RULE_RELATIVE:
        return strcmp(a->base, b->base) == 0 && a->offset == b->offset &&
               a->offset_end == b->offset_end;
    case CAL_RULE_SEASON:
        return a->month == b->month && a->day == b->day && a->end_month == b->end_month &&
               a->end_day == b->end_day;
    case CAL_RULE_DATES:
        if (a->n_spans != b->n_spans)
            return false;
        for (size_t i = 0; i < a->n_spans; i++)
            if (a->spans[i].first != b->spans[i].first || a->spans[i].last != b->spans[i].last)
                return false;
        return true;
    }
    return false;
}

/* "wfm-calendar 1\n" and the canonical line of each rule; malloc'd. */
static char *
write_rules(const rules *r)
{
    cal_buffer out = { NULL, 0, 0 };
    static const char version[] = V;
    for (size_t i = 0; i < r->n; i++)
        assert_true(cal_write_rule(&out, &r->v[i]));
    char *text = malloc(sizeof version + out.length);
    assert_non_null(text);
    memcpy(text, version, sizeof version - 1);
    if (out.length > 0)
        memcpy(text + sizeof version - 1, out.data, out.length);
    text[sizeof version - 1 + out.length] = '\0';
    free(out.data);
    return text;
}

/* The canonical line of one rule, without its newline; malloc'd. */
static char *
write_one(const cal_rule *rule)
{
    cal_buffer out = { NULL, 0, 0 };
    assert_true(cal_write_rule(&out, rule));
    assert_true(out.length > 0 && out.data[out.length - 1] == '\n');
    assert_int_equal(strlen(out.data), out.length); /* NUL-terminated */
    out.data[out.length - 1] = '\0';
    return out.data;
}

/* The rules written, read back, equal; writing again gives the same text.
 * Returns the canonical text (malloc'd). */
static char *
check_round_trip(const rules *r)
{
    char *text = write_rules(r);
    rules again = parse_ok(text);
    assert_int_equal(again.n, r->n);
    for (size_t i = 0; i < r->n; i++) {
        if (!rule_equal(&r->v[i], &again.v[i]))
            print_message("# rule %zu differs after the round trip:\n%s", i, text);
        assert_true(rule_equal(&r->v[i], &again.v[i]));
    }
    char *text2 = write_rules(&again);
    assert_string_equal(text, text2);
    free(text2);
    rules_free(&again);
    return text;
}

/* The calendar's whole text through the public API; malloc'd. */
static char *
calendar_text(const wfm_calendar *cal)
{
    size_t length = 0;
    assert_int_equal(wfm_calendar_write(cal, NULL, 0, &length), WFM_ERANGE);
    char *text = malloc(length + 1);
    assert_non_null(text);
    assert_int_equal(wfm_calendar_write(cal, text, length + 1, &length), WFM_OK);
    return text;
}

/* A calendar holding one event, to see that failures leave it alone. */
static wfm_calendar *
calendar_with_one_event(void)
{
    wfm_calendar *cal = new_calendar();
    static const char text[] = V "existing = 01-01\n";
    assert_int_equal(wfm_calendar_add_text(cal, text, strlen(text), NULL), WFM_OK);
    return cal;
}

/* Feed bad input through the public API (length given, so embedded NULs
 * count) and check status, "source:line:col: " and a part of the message. */
static void
check_error_n(bool prophet, const char *text, size_t length, int32_t status,
              const char *source, size_t line, size_t column, const char *part)
{
    wfm_calendar *cal = calendar_with_one_event();
    int32_t st = prophet ? wfm_calendar_add_prophet_csv(cal, text, length, source)
                         : wfm_calendar_add_text(cal, text, length, source);
    const char *msg = wfm_calendar_errmsg(cal);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s:%zu:%zu: ", source != NULL ? source : "<text>", line,
             column);
    bool ok = st == status && strncmp(msg, prefix, strlen(prefix)) == 0 &&
              strstr(msg, part) != NULL && strchr(msg, '\n') == NULL;
    if (!ok)
        print_message("# input: '%s'\n# status %d, message: %s\n# wanted %d, '%s' and '%s'\n",
                      text, (int)st, msg, (int)status, prefix, part);
    assert_true(ok);
    /* all or nothing */
    assert_int_equal(wfm_calendar_event_count(cal), 1);
    assert_string_equal(wfm_calendar_event_name(cal, 0), "existing");
    wfm_calendar_free(cal);
}

static void
check_error(const char *text, size_t line, size_t column, const char *part)
{
    check_error_n(false, text, strlen(text), WFM_EPARSE, NULL, line, column, part);
}

static void
check_csv_error(const char *text, size_t line, size_t column, const char *part)
{
    check_error_n(true, text, strlen(text), WFM_EPARSE, "h.csv", line, column, part);
}

/* ======================================================= rule kinds */

static void
test_fixed(void **state)
{
    (void)state;
    cal_rule r = parse_one("christmas = 12-25");
    assert_string_equal(r.name, "christmas");
    assert_int_equal(r.kind, CAL_RULE_FIXED);
    assert_int_equal(r.month, 12);
    assert_int_equal(r.day, 25);
    assert_defaults_except_kind(&r);
    cal_rule_clear(&r);

    r = parse_one("leap = 02-29"); /* exists in leap years */
    assert_int_equal(r.month, 2);
    assert_int_equal(r.day, 29);
    cal_rule_clear(&r);
}

static void
test_nth_weekday(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int32_t nth, weekday, month;
    } cases[] = {
        { "x = 1st monday of january", 1, 1, 1 },
        { "x = 2nd tuesday of february", 2, 2, 2 },
        { "x = 3rd wednesday of march", 3, 3, 3 },
        { "x = 4th thursday of november", 4, 4, 11 },
        { "x = 5th friday of may", 5, 5, 5 },
        { "x = last saturday of august", -1, 6, 8 },
        { "x = LAST Sunday OF December", -1, 7, 12 },
        { "x = 4TH THURSDAY of NoVeMbEr", 4, 4, 11 },
        { "x\t=\t2nd\tmonday\tof\tjune", 2, 1, 6 },
    };
    for (size_t i = 0; i < LEN(cases); i++) {
        cal_rule r = parse_one(cases[i].line);
        assert_int_equal(r.kind, CAL_RULE_NTH_WEEKDAY);
        assert_int_equal(r.nth, cases[i].nth);
        assert_int_equal(r.weekday, cases[i].weekday);
        assert_int_equal(r.month, cases[i].month);
        assert_defaults_except_kind(&r);
        cal_rule_clear(&r);
    }
}

static void
test_on_or(void **state)
{
    (void)state;
    cal_rule r = parse_one("midsummer = saturday on or after 06-20");
    assert_int_equal(r.kind, CAL_RULE_ON_OR_AFTER);
    assert_int_equal(r.weekday, 6);
    assert_int_equal(r.month, 6);
    assert_int_equal(r.day, 20);
    assert_defaults_except_kind(&r);
    cal_rule_clear(&r);

    r = parse_one("victoria = Monday ON OR Before 05-24");
    assert_int_equal(r.kind, CAL_RULE_ON_OR_BEFORE);
    assert_int_equal(r.weekday, 1);
    assert_int_equal(r.month, 5);
    assert_int_equal(r.day, 24);
    cal_rule_clear(&r);
}

static void
test_easter(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int32_t offset;
    } cases[] = {
        { "x = easter", 0 },          { "x = easter + 1", 1 },
        { "x = easter - 2", -2 },     { "x = EASTER+49", 49 },
        { "x = easter-2", -2 },       { "x = easter +\t3", 3 },
        { "x = easter - 0", 0 },      { "x = easter + 3660", 3660 },
        { "x = easter - 3660", -3660 },
    };
    for (size_t i = 0; i < LEN(cases); i++) {
        cal_rule r = parse_one(cases[i].line);
        assert_int_equal(r.kind, CAL_RULE_EASTER);
        assert_int_equal(r.offset, cases[i].offset);
        assert_defaults_except_kind(&r);
        cal_rule_clear(&r);
    }
}

static void
test_relative(void **state)
{
    (void)state;
    cal_rule r = parse_one("black_friday = thanksgiving + 1");
    assert_int_equal(r.kind, CAL_RULE_RELATIVE);
    assert_string_equal(r.base, "thanksgiving");
    assert_int_equal(r.offset, 1);
    assert_int_equal(r.offset_end, 1);
    assert_defaults_except_kind(&r);
    cal_rule_clear(&r);

    r = parse_one("before = thanksgiving-7");
    assert_int_equal(r.offset, -7);
    assert_int_equal(r.offset_end, -7);
    cal_rule_clear(&r);

    r = parse_one("cyber_week = thanksgiving + 0 .. + 4");
    assert_int_equal(r.offset, 0);
    assert_int_equal(r.offset_end, 4);
    cal_rule_clear(&r);

    r = parse_one("around = Thanksgiving - 2..+2"); /* names keep their case */
    assert_string_equal(r.base, "Thanksgiving");
    assert_int_equal(r.offset, -2);
    assert_int_equal(r.offset_end, 2);
    cal_rule_clear(&r);

    r = parse_one("same = x + 3 .. + 3");
    assert_int_equal(r.offset, 3);
    assert_int_equal(r.offset_end, 3);
    cal_rule_clear(&r);

    /* A quoted base is a name even when it is a keyword. */
    r = parse_one("y = \"easter\" + 3");
    assert_int_equal(r.kind, CAL_RULE_RELATIVE);
    assert_string_equal(r.base, "easter");
    cal_rule_clear(&r);

    r = parse_one("\"Cyber Monday\" = \"Black Friday\" + 3");
    assert_string_equal(r.name, "Cyber Monday");
    assert_string_equal(r.base, "Black Friday");
    cal_rule_clear(&r);

    /* Names that start like keywords are names. */
    r = parse_one("y = easter_monday - 1");
    assert_int_equal(r.kind, CAL_RULE_RELATIVE);
    assert_string_equal(r.base, "easter_monday");
    cal_rule_clear(&r);
    r = parse_one("y = mondays + 1");
    assert_string_equal(r.base, "mondays");
    cal_rule_clear(&r);
    r = parse_one("y = november + 1"); /* a month is no rule: a name */
    assert_string_equal(r.base, "november");
    cal_rule_clear(&r);
}

static void
test_season(void **state)
{
    (void)state;
    cal_rule r = parse_one("peak_season = 11-15 .. 12-24");
    assert_int_equal(r.kind, CAL_RULE_SEASON);
    assert_int_equal(r.month, 11);
    assert_int_equal(r.day, 15);
    assert_int_equal(r.end_month, 12);
    assert_int_equal(r.end_day, 24);
    assert_defaults_except_kind(&r);
    cal_rule_clear(&r);

    r = parse_one("returns = 12-26..01-31"); /* across the year end */
    assert_int_equal(r.kind, CAL_RULE_SEASON);
    assert_int_equal(r.month, 12);
    assert_int_equal(r.end_month, 1);
    assert_int_equal(r.end_day, 31);
    cal_rule_clear(&r);
}

static void
test_dates(void **state)
{
    (void)state;
    cal_rule r = parse_one("launches = dates 2026-05-12, 2026-08-10 .. 2026-08-16");
    assert_int_equal(r.kind, CAL_RULE_DATES);
    assert_int_equal(r.n_spans, 2);
    assert_int_equal(r.spans[0].first, ymd(2026, 5, 12));
    assert_int_equal(r.spans[0].last, ymd(2026, 5, 12));
    assert_int_equal(r.spans[1].first, ymd(2026, 8, 10));
    assert_int_equal(r.spans[1].last, ymd(2026, 8, 16));
    assert_defaults_except_kind(&r);
    cal_rule_clear(&r);

    /* a lone one-off day, and a lone run, without the keyword */
    r = parse_one("may_launch = 2026-05-12");
    assert_int_equal(r.kind, CAL_RULE_DATES);
    assert_int_equal(r.n_spans, 1);
    assert_int_equal(r.spans[0].first, ymd(2026, 5, 12));
    assert_int_equal(r.spans[0].last, ymd(2026, 5, 12));
    cal_rule_clear(&r);
    r = parse_one("summer = 2026-08-10..2026-08-16");
    assert_int_equal(r.n_spans, 1);
    assert_int_equal(r.spans[0].first, ymd(2026, 8, 10));
    assert_int_equal(r.spans[0].last, ymd(2026, 8, 16));
    cal_rule_clear(&r);

    /* sorted, exact duplicates dropped; the extremes of the date range */
    r = parse_one("x = DATES 9999-12-31,0001-01-01 , 2020-01-01, 2020-01-01 .. 2020-01-02,"
                  " 2020-01-01");
    assert_int_equal(r.n_spans, 4);
    assert_int_equal(r.spans[0].first, WFM_DATE_MIN);
    assert_int_equal(r.spans[1].first, ymd(2020, 1, 1));
    assert_int_equal(r.spans[1].last, ymd(2020, 1, 1));
    assert_int_equal(r.spans[2].first, ymd(2020, 1, 1));
    assert_int_equal(r.spans[2].last, ymd(2020, 1, 2));
    assert_int_equal(r.spans[3].last, WFM_DATE_MAX);
    cal_rule_clear(&r);

    r = parse_one("leap = 2024-02-29 .. 2024-02-29");
    assert_int_equal(r.spans[0].first, r.spans[0].last);
    cal_rule_clear(&r);
}

/* ========================================================== options */

static void
test_options(void **state)
{
    (void)state;
    cal_rule r = parse_one("x = 12-25 window=-1..+3");
    assert_int_equal(r.lead, 1);
    assert_int_equal(r.lag, 3);
    cal_rule_clear(&r);

    r = parse_one("x = 12-25 window=-0..+0 observed=us");
    assert_int_equal(r.lead, 0);
    assert_int_equal(r.lag, 0);
    assert_int_equal(r.observed, CAL_OBSERVED_US);
    cal_rule_clear(&r);

    r = parse_one("x = 12-25 window=-366..+366 OBSERVED=Uk Closed");
    assert_int_equal(r.lead, CAL_MAX_WINDOW);
    assert_int_equal(r.lag, CAL_MAX_WINDOW);
    assert_int_equal(r.observed, CAL_OBSERVED_UK);
    assert_true(r.closed);
    cal_rule_clear(&r);

    r = parse_one("x = 12-25 years=2000..2030");
    assert_int_equal(r.first_year, 2000);
    assert_int_equal(r.last_year, 2030);
    cal_rule_clear(&r);
    r = parse_one("x = 12-25 years=1986..");
    assert_int_equal(r.first_year, 1986);
    assert_int_equal(r.last_year, DATE_YEAR_MAX);
    cal_rule_clear(&r);
    r = parse_one("x = 12-25 years=..1999");
    assert_int_equal(r.first_year, DATE_YEAR_MIN);
    assert_int_equal(r.last_year, 1999);
    cal_rule_clear(&r);
    r = parse_one("x = 12-25 years=1..9999 except=9999,1");
    assert_int_equal(r.first_year, DATE_YEAR_MIN);
    assert_int_equal(r.last_year, DATE_YEAR_MAX);
    assert_int_equal(r.n_except, 2);
    cal_rule_clear(&r);
    r = parse_one("x = 12-25 years=2000..2000");
    assert_int_equal(r.first_year, 2000);
    assert_int_equal(r.last_year, 2000);
    cal_rule_clear(&r);

    r = parse_one("x = 12-25 except=2022,2012,2022,1995");
    assert_int_equal(r.n_except, 3);
    assert_int_equal(r.except_years[0], 1995);
    assert_int_equal(r.except_years[1], 2012);
    assert_int_equal(r.except_years[2], 2022);
    cal_rule_clear(&r);

    /* any order, and every kind takes window, observed and closed */
    r = parse_one("x = thanksgiving + 1 except=2020 closed years=2000.. observed=us "
                  "window=-2..+5 # comment");
    assert_int_equal(r.kind, CAL_RULE_RELATIVE);
    assert_int_equal(r.lead, 2);
    assert_int_equal(r.lag, 5);
    assert_int_equal(r.observed, CAL_OBSERVED_US);
    assert_true(r.closed);
    assert_int_equal(r.first_year, 2000);
    assert_int_equal(r.n_except, 1);
    cal_rule_clear(&r);

    r = parse_one("x = dates 2026-01-01 window=-1..+1 observed=uk closed");
    assert_int_equal(r.kind, CAL_RULE_DATES);
    assert_int_equal(r.lead, 1);
    assert_int_equal(r.observed, CAL_OBSERVED_UK);
    assert_true(r.closed);
    cal_rule_clear(&r);

    r = parse_one("x = easter closed");
    assert_int_equal(r.kind, CAL_RULE_EASTER);
    assert_int_equal(r.offset, 0);
    assert_true(r.closed);
    cal_rule_clear(&r);
}

/* ============================================== names, lines, text */

static void
test_names(void **state)
{
    (void)state;
    rules r = parse_ok(V "\"Black Friday\" = 11-27\n"
                         "\"caf\xc3\xa9 #1 = x\" = 05-01\n"
                         "X = 01-03\n"
                         "x = 01-04\n"
                         "easter = 04-01\n"   /* keywords may name events */
                         "preset = 01-02\n"   /* 'preset' then '=': a name */
                         "Monday = 01-05\n"
                         "_a1 = 01-06\n");
    assert_int_equal(r.n, 8);
    assert_string_equal(r.v[0].name, "Black Friday");
    assert_string_equal(r.v[1].name, "caf\xc3\xa9 #1 = x");
    assert_string_equal(r.v[2].name, "X");
    assert_string_equal(r.v[3].name, "x");
    assert_string_equal(r.v[4].name, "easter");
    assert_int_equal(r.v[4].kind, CAL_RULE_FIXED);
    assert_string_equal(r.v[5].name, "preset");
    assert_string_equal(r.v[6].name, "Monday");
    assert_string_equal(r.v[7].name, "_a1");
    rules_free(&r);

    /* 128 bytes is the longest name, bare or quoted */
    char line[512], name[CAL_NAME_MAX + 2];
    memset(name, 'n', CAL_NAME_MAX);
    name[CAL_NAME_MAX] = '\0';
    snprintf(line, sizeof line, "%s = 01-01", name);
    cal_rule one = parse_one(line);
    assert_int_equal(strlen(one.name), CAL_NAME_MAX);
    cal_rule_clear(&one);
    snprintf(line, sizeof line, "\"%s\" = 01-01", name);
    one = parse_one(line);
    assert_int_equal(strlen(one.name), CAL_NAME_MAX);
    cal_rule_clear(&one);

    /* names are case-sensitive in the calendar: two events */
    wfm_calendar *cal = new_calendar();
    static const char text[] = V "Xmas = 12-25\nxmas = 12-25\n";
    assert_int_equal(wfm_calendar_add_text(cal, text, strlen(text), NULL), WFM_OK);
    assert_int_equal(wfm_calendar_event_count(cal), 2);
    wfm_calendar_free(cal);
}

static void
test_layout(void **state)
{
    (void)state;
    /* BOM, CR LF, tabs, comments, blank lines, no final newline */
    rules r = parse_ok("\xef\xbb\xbf\t# a comment before the version\r\n"
                       "\r\n"
                       "  WFM-Calendar\t1  # version\r\n"
                       "   \t\r\n"
                       "a\t=\t12-25\t\tclosed   \r\n"
                       "b=thanksgiving+1 window=-1..+1#comment without a blank\n"
                       "# only a comment\n"
                       "c = 01-01");
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].name, "a");
    assert_true(r.v[0].closed);
    assert_string_equal(r.v[1].base, "thanksgiving");
    assert_int_equal(r.v[1].lag, 1);
    assert_string_equal(r.v[2].name, "c");
    rules_free(&r);

    /* a CR ending the text is a line end too */
    r = parse_ok(V "c = 01-01\r");
    assert_int_equal(r.n, 1);
    rules_free(&r);

    /* a version line and nothing else: no events */
    r = parse_ok("wfm-calendar 01\n\n# nothing\n");
    assert_int_equal(r.n, 0);
    rules_free(&r);
}

static void
test_presets(void **state)
{
    (void)state;
    wfm_calendar *cal = new_calendar();
    static const char text[] = V "preset us-retail\n"
                                 "black_friday = thanksgiving + 1 window=-1..+3\n"
                                 "may_launch = 2026-05-12\n";
    assert_int_equal(wfm_calendar_add_text(cal, text, strlen(text), NULL), WFM_OK);
    assert_string_equal(wfm_calendar_errmsg(cal), "");

    wfm_calendar *preset = new_calendar();
    assert_int_equal(wfm_calendar_add_preset(preset, "us-retail"), WFM_OK);
    size_t n = wfm_calendar_event_count(preset);
    assert_true(n > 5);
    /* the redefinition replaced the preset's event in place */
    assert_int_equal(wfm_calendar_event_count(cal), n + 1);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(wfm_calendar_event_name(cal, i),
                            wfm_calendar_event_name(preset, i));
    assert_string_equal(wfm_calendar_event_name(cal, n), "may_launch");
    char *written = calendar_text(cal);
    assert_non_null(strstr(written, "\nblack_friday = thanksgiving + 1 window=-1..+3\n"));
    free(written);
    wfm_calendar_free(preset);
    wfm_calendar_free(cal);

    /* every preset parses and round-trips */
    for (size_t i = 0; wfm_calendar_preset_name(i) != NULL; i++) {
        char line[128];
        snprintf(line, sizeof line, V "preset %s\n", wfm_calendar_preset_name(i));
        rules all = parse_ok(line);
        assert_true(all.n > 0);
        free(check_round_trip(&all));
        rules_free(&all);
    }

    /* an unknown preset: WFM_ENOTFOUND, with the known ones listed */
    check_error_n(false, V "preset narnia\n", strlen(V "preset narnia\n"), WFM_ENOTFOUND,
                  "my.cal", 2, 8, "unknown preset 'narnia' (known: us-retail, uk-retail");
    check_error_n(false, V "preset US-Retail\n", strlen(V "preset US-Retail\n"),
                  WFM_ENOTFOUND, NULL, 2, 8, "unknown preset 'US-Retail'");
    char longname[200];
    snprintf(longname, sizeof longname, V "preset %080d\n", 0);
    check_error_n(false, longname, strlen(longname), WFM_ENOTFOUND, NULL, 2, 8,
                  "unknown preset '0000");
}

/* ================================================== error messages */

typedef struct {
    const char *text;
    size_t line, column;
    const char *part;
} error_case;

static const error_case version_errors[] = {
    { "", 1, 1, "expected 'wfm-calendar 1' (the format version) first, got end of text" },
    { "# nothing\n\n", 3, 1, "expected 'wfm-calendar 1' (the format version) first, got end of text" },
    { "christmas = 12-25\n", 1, 1, "expected 'wfm-calendar 1' (the format version) first, got 'christmas'" },
    { "wfm-calendar1\n", 1, 1, "expected 'wfm-calendar 1' (the format version) first, got 'wfm-calendar1'" },
    { "wfm-calendar\n", 1, 13, "expected a format version number, got end of line" },
    { "wfm-calendar x\n", 1, 14, "expected a format version number, got 'x'" },
    { "wfm-calendar 2\n", 1, 14, "unsupported calendar format version 2 (this wfm reads 1)" },
    { "  wfm-calendar 0\n", 1, 16, "unsupported calendar format version 0 (this wfm reads 1)" },
    { "wfm-calendar 12345678901234567890123456789012345678901234567890\n", 1, 14,
      "unsupported calendar format version 1234567890123456789012345678901234567890... "
      "(this wfm reads 1)" },
    { "wfm-calendar 1 2\n", 1, 16, "expected end of line after the version, got '2'" },
    { "wfm-calendar 1.0\n", 1, 15, "expected end of line after the version, got '.'" },
    { V "wfm-calendar 1\n", 2, 1, "expected an event or 'preset' (the version line comes once, first), got 'wfm-calendar'" },
};

static const error_case line_errors[] = {
    { V "= 12-25\n", 2, 1, "expected an event name or 'preset', got '='" },
    { V "1x = 12-25\n", 2, 1, "expected an event name or 'preset', got '1x'" },
    { V "\xc3\xa9t\xc3\xa9 = 12-25\n", 2, 1, "expected an event name or 'preset', got '\xc3\xa9'" },
    { V "\"unterminated = 12-25\n", 2, 22, "expected '\"' closing the name, got end of line" },
    { V "\"\" = 12-25\n", 2, 1, "expected a name of 1 to 128 bytes, got '\"\"'" },
    { V "x 12-25\n", 2, 3, "expected '=' after the event name, got '12-25'" },
    { V "black-friday = 12-25\n", 2, 6, "expected '=' after the event name, got '-friday'" },
    { V "x =\n", 2, 4, "expected a rule (MM-DD, YYYY-MM-DD, ORDINAL WEEKDAY of MONTH, "
                      "WEEKDAY on or after|before MM-DD, easter, EVENT + N or dates ...), "
                      "got end of line" },
    { V "x = ?\n", 2, 5, "expected a rule (MM-DD, YYYY-MM-DD, ORDINAL WEEKDAY of MONTH, "
                         "WEEKDAY on or after|before MM-DD, easter, EVENT + N or dates ...), got '?'" },
    { V "x = 123\n", 2, 5, "expected a rule (MM-DD, YYYY-MM-DD, ORDINAL WEEKDAY of MONTH, "
                           "WEEKDAY on or after|before MM-DD, easter, EVENT + N or dates ...), got '123'" },
    { V "x = 6th monday of may\n", 2, 5, "expected a rule (MM-DD, YYYY-MM-DD, ORDINAL "
                                         "WEEKDAY of MONTH, WEEKDAY on or after|before MM-DD, "
                                         "easter, EVENT + N or dates ...), got '6th'" },
    { V "preset\n", 2, 7, "expected a preset name, got end of line" },
    { V "preset us-retail x\n", 2, 18, "expected end of line after the preset name, got 'x'" },
    /* NUL bytes are checked before anything else */
};

static const error_case date_errors[] = {
    { V "x = 02-30\n", 2, 5, "expected a date MM-DD, got '02-30'" },
    { V "x = 04-31\n", 2, 5, "expected a date MM-DD, got '04-31'" },
    { V "x = 13-01\n", 2, 5, "expected a date MM-DD, got '13-01'" },
    { V "x = 00-10\n", 2, 5, "expected a date MM-DD, got '00-10'" },
    { V "x = 12-00\n", 2, 5, "expected a date MM-DD, got '12-00'" },
    { V "x = 12345\n", 2, 5, "expected a date MM-DD, got '12345'" },
    { V "x = 1-225\n", 2, 5, "expected a date MM-DD, got '1-225'" },
    { V "x = 12-25closed\n", 2, 5, "expected a rule (MM-DD, YYYY-MM-DD" },
    { V "x = 12-26 .. 13-01\n", 2, 14, "expected the season's last day MM-DD, got '13-01'" },
    { V "x = 12-26 ..\n", 2, 13, "expected the season's last day MM-DD, got end of line" },
    { V "x = 12-26 .. 2027-01-01\n", 2, 14, "expected the season's last day MM-DD, got '2027-01-01'" },
    { V "x = 2026-02-29\n", 2, 5, "expected a date YYYY-MM-DD, got '2026-02-29'" },
    { V "x = 0000-01-01\n", 2, 5, "expected a date YYYY-MM-DD, got '0000-01-01'" },
    { V "x = 2026-13-01\n", 2, 5, "expected a date YYYY-MM-DD, got '2026-13-01'" },
    { V "x = 2026-1-012\n", 2, 5, "expected a date YYYY-MM-DD, got '2026-1-012'" },
    { V "x = 2026-08-16 .. 2026-08-10\n", 2, 19, "expected a last date on or after the first, got '2026-08-10'" },
    { V "x = 2026-08-10 .. 08-16\n", 2, 19, "expected a last date YYYY-MM-DD, got '08-16'" },
    { V "x = 2026-05-12, 2026-05-13\n", 2, 15, "expected an option (window=, observed=, closed, years=, except=) or end of line, got ','" },
    { V "x = dates\n", 2, 10, "expected a date YYYY-MM-DD, got end of line" },
    { V "x = dates 12-25\n", 2, 11, "expected a date YYYY-MM-DD, got '12-25'" },
    { V "x = dates 2026-01-01,\n", 2, 22, "expected a date YYYY-MM-DD, got end of line" },
    { V "x = dates 2026-01-01 2026-01-02\n", 2, 22, "expected an option (window=, observed=, closed, years=, except=) or end of line, got '2026-01-02'" },
    /* "dates2026" is an event's name: dates2026 - 01, then junk */
    { V "x = dates2026-01-01\n", 2, 17, "expected an option (window=, observed=, closed, years=, except=) or end of line, got '-01'" },
};

static const error_case weekday_errors[] = {
    { V "thanksgiving = 4th thurday of november\n", 2, 20, "expected a weekday (monday ... sunday), got 'thurday'" },
    { V "x = last day of may\n", 2, 10, "expected a weekday (monday ... sunday), got 'day'" },
    { V "x = 4th\n", 2, 8, "expected a weekday (monday ... sunday), got end of line" },
    { V "x = 4th thursday in november\n", 2, 18, "expected 'of', got 'in'" },
    { V "x = 4th thursday of novembre\n", 2, 21, "expected a month (january ... december), got 'novembre'" },
    { V "x = 4th thursday of 11\n", 2, 21, "expected a month (january ... december), got '11'" },
    { V "x = 4th thursday ofnovember\n", 2, 18, "expected 'of', got 'ofnovember'" },
    { V "x = monday after 05-24\n", 2, 12, "expected 'on', got 'after'" },
    { V "x = monday on after 05-24\n", 2, 15, "expected 'or', got 'after'" },
    { V "x = monday on or near 05-24\n", 2, 18, "expected 'after' or 'before', got 'near'" },
    { V "x = monday on or after 5-24\n", 2, 24, "expected a date MM-DD, got '5-24'" },
    { V "x = monday on or after 02-30\n", 2, 24, "expected a date MM-DD, got '02-30'" },
    { V "x = monday-1\n", 2, 11, "expected 'on', got '-1'" },
};

static const error_case offset_errors[] = {
    { V "x = easter +\n", 2, 13, "expected a number of days from 0 to 3660, got end of line" },
    { V "x = easter + 3661\n", 2, 14, "expected a number of days from 0 to 3660, got '3661'" },
    { V "x = easter - 99999999999999\n", 2, 14, "expected a number of days from 0 to 3660, got '99999999999999'" },
    { V "x = easter + 1x\n", 2, 14, "expected a number of days from 0 to 3660, got '1x'" },
    { V "x = easter + 1 .. + 2\n", 2, 16, "expected an option (window=, observed=, closed, years=, except=) or end of line, got '..'" },
    { V "x = thanksgiving\n", 2, 17, "expected '+' or '-' and a number of days after the event name, got end of line" },
    { V "x = thanksgiving 1\n", 2, 18, "expected '+' or '-' and a number of days after the event name, got '1'" },
    { V "x = thanksgiving + -1\n", 2, 20, "expected a number of days from 0 to 3660, got '-1'" },
    { V "x = thanksgiving + 0 .. 4\n", 2, 25, "expected '+' or '-' and the range's last offset, got '4'" },
    { V "x = thanksgiving + 0 ..\n", 2, 24, "expected '+' or '-' and the range's last offset, got end of line" },
    { V "x = thanksgiving + 2 .. + 1\n", 2, 25, "expected a last offset of at least +2, got +1" },
    { V "x = thanksgiving - 1 .. - 2\n", 2, 25, "expected a last offset of at least -1, got -2" },
    { V "x = thanksgiving + 0 .. + 3661\n", 2, 27, "expected a number of days from 0 to 3660, got '3661'" },
    { V "x = x + 1\n", 2, 5, "expected another event (an event cannot be relative to itself), got 'x'" },
    { V "\"a b\" = \"a b\" - 1\n", 2, 9, "expected another event (an event cannot be relative to itself), got '\"a b\"'" },
    { V "x = \"abc + 1\n", 2, 13, "expected '\"' closing the name, got end of line" },
    { V "x = \"\" + 1\n", 2, 5, "expected a name of 1 to 128 bytes, got '\"\"'" },
};

static const error_case option_errors[] = {
    { V "x = 12-25 closd\n", 2, 11, "expected an option (window=, observed=, closed, years=, except=) or end of line, got 'closd'" },
    { V "x = 12-25 ,\n", 2, 11, "expected an option (window=, observed=, closed, years=, except=) or end of line, got ','" },
    { V "x = 12-25\r closed\n", 2, 10, "or end of line, got '\\x0d'" },
    { V "x = 12-25 closed closed\n", 2, 18, "option 'closed' given twice" },
    { V "x = 12-25 window=-1..+1 WINDOW=-1..+1\n", 2, 25, "option 'window' given twice" },
    { V "x = 12-25 closed,\n", 2, 17, "expected a blank or end of line after the option, got ','" },
    { V "x = 12-25 closed=1\n", 2, 17, "expected a blank or end of line after the option, got '='" },
    { V "x = 12-25 window -1..+1\n", 2, 17, "expected '=' after 'window', got ' '" },
    { V "x = 12-25 window=1..+1\n", 2, 18, "expected '-' (window=-L..+G), got '1'" },
    { V "x = 12-25 window=-1..1\n", 2, 22, "expected '+' (window=-L..+G), got '1'" },
    { V "x = 12-25 window=-1.+1\n", 2, 20, "expected '..' (window=-L..+G), got '.'" },
    { V "x = 12-25 window=-1\n", 2, 20, "expected '..' (window=-L..+G), got end of line" },
    { V "x = 12-25 window=-367..+0\n", 2, 19, "expected the days before, 0 to 366, got '367'" },
    { V "x = 12-25 window=-x..+0\n", 2, 19, "expected the days before, 0 to 366, got 'x'" },
    { V "x = 12-25 window=-0..+367\n", 2, 23, "expected the days after, 0 to 366, got '367'" },
    { V "x = 12-25 window=-0..+3x\n", 2, 23, "expected the days after, 0 to 366, got '3x'" },
    { V "x = 12-25 observed=fr\n", 2, 20, "expected 'us' or 'uk', got 'fr'" },
    { V "x = 12-25 observed=usa\n", 2, 20, "expected 'us' or 'uk', got 'usa'" },
    { V "x = 12-25 years=0..\n", 2, 17, "expected a year from 1 to 9999, got '0'" },
    { V "x = 12-25 years=10000..\n", 2, 17, "expected a year from 1 to 9999, got '10000'" },
    { V "x = 12-25 years=2000\n", 2, 21, "expected '..' after the first year (years=Y1..Y2, Y1.. or ..Y2), got end of line" },
    { V "x = 12-25 years=..\n", 2, 19, "expected a year from 1 to 9999, got end of line" },
    { V "x = 12-25 years=\n", 2, 17, "expected a year from 1 to 9999, got end of line" },
    { V "x = 12-25 years=2000..x\n", 2, 23, "expected a year from 1 to 9999, got 'x'" },
    { V "x = 12-25 years=2001..2000\n", 2, 23, "expected a last year on or after the first, got '2000'" },
    { V "x = 12-25 years=2000..-1\n", 2, 23, "expected a blank or end of line after the option, got '-1'" },
    { V "x = 12-25 except=\n", 2, 18, "expected a year from 1 to 9999, got end of line" },
    { V "x = 12-25 except=2000,\n", 2, 23, "expected a year from 1 to 9999, got end of line" },
    { V "x = 12-25 except=2000;2001\n", 2, 22, "expected a blank or end of line after the option, got ';'" },
    { V "x = 12-25 except=2000, 2001\n", 2, 23, "expected a year from 1 to 9999, got ' '" },
    { V "x = 2026-01-01 years=2000..\n", 2, 16, "expected window=, observed= or closed (years= and except= are for yearly rules, not one-off dates), got 'years'" },
    { V "x = dates 2026-01-01 except=2026\n", 2, 22, "expected window=, observed= or closed (years= and except= are for yearly rules, not one-off dates), got 'except'" },
};

static void
run_error_cases(const error_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_error(cases[i].text, cases[i].line, cases[i].column, cases[i].part);
}

static void
test_errors_version(void **state)
{
    (void)state;
    run_error_cases(version_errors, LEN(version_errors));
}

static void
test_errors_line(void **state)
{
    (void)state;
    run_error_cases(line_errors, LEN(line_errors));
    /* a name one byte too long, bare and quoted */
    char text[512], name[CAL_NAME_MAX + 2];
    memset(name, 'n', CAL_NAME_MAX + 1);
    name[CAL_NAME_MAX + 1] = '\0';
    snprintf(text, sizeof text, V "%s = 01-01\n", name);
    check_error(text, 2, 1, "expected a name of 1 to 128 bytes, got 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...'");
    snprintf(text, sizeof text, V "\"%s\" = 01-01\n", name);
    check_error(text, 2, 1, "expected a name of 1 to 128 bytes, got '\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...'");
    /* the column counts bytes, and a given source name is used */
    static const char utf8[] = V "\"\xc3\xa9t\xc3\xa9\" = 13-01\n";
    check_error_n(false, utf8, strlen(utf8), WFM_EPARSE, "holidays.cal", 2, 11,
                  "expected a date MM-DD, got '13-01'");
    /* the BOM is not counted in columns */
    static const char bom[] = "\xef\xbb\xbfwfm-calendar 3\n";
    check_error(bom, 1, 14, "unsupported calendar format version 3");
    /* a long token is cut on a UTF-8 boundary; control bytes are escaped */
    char utf8_long[256];
    size_t k = (size_t)snprintf(utf8_long, sizeof utf8_long, "%s", V "x = ");
    for (int i = 0; i < 30; i++)
        k += (size_t)snprintf(utf8_long + k, sizeof utf8_long - k, "\xc3\xa9");
    snprintf(utf8_long + k, sizeof utf8_long - k, "\n");
    check_error(utf8_long, 2, 5, "got '\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...'");
    /* 3-byte characters: 40 bytes would split the 14th, so 13 are shown */
    k = (size_t)snprintf(utf8_long, sizeof utf8_long, "%s", V "x = ");
    for (int i = 0; i < 20; i++)
        k += (size_t)snprintf(utf8_long + k, sizeof utf8_long - k, "\xe2\x82\xac");
    snprintf(utf8_long + k, sizeof utf8_long - k, "\n");
    char want[128] = "got '";
    for (int i = 0; i < 13; i++)
        strcat(want, "\xe2\x82\xac");
    strcat(want, "...'");
    check_error(utf8_long, 2, 5, want);
    check_error(V "x = \x01\n", 2, 5, "got '\\x01'");
    check_error(V "x = \"a\x1b\" + 1 closed closed\n", 2, 21, "option 'closed' given twice");
}

static void
test_errors_dates(void **state)
{
    (void)state;
    run_error_cases(date_errors, LEN(date_errors));
}

static void
test_errors_weekday(void **state)
{
    (void)state;
    run_error_cases(weekday_errors, LEN(weekday_errors));
}

static void
test_errors_offsets(void **state)
{
    (void)state;
    run_error_cases(offset_errors, LEN(offset_errors));
}

static void
test_errors_options(void **state)
{
    (void)state;
    run_error_cases(option_errors, LEN(option_errors));
}

static void
test_errors_nul(void **state)
{
    (void)state;
    static const char text[] = V "x = 12\0" "25\n";
    check_error_n(false, text, sizeof text - 1, WFM_EPARSE, NULL, 2, 7,
                  "expected text, got a NUL byte");
    /* before any other error, even on the first line */
    static const char first[] = "junk\0";
    check_error_n(false, first, sizeof first - 1, WFM_EPARSE, NULL, 1, 5,
                  "expected text, got a NUL byte");
    static const char csv[] = "holiday,ds\nx,2026-01-01\r\n\0";
    check_error_n(true, csv, sizeof csv - 1, WFM_EPARSE, "h.csv", 3, 1,
                  "expected text, got a NUL byte");
}

/* A failing text changes nothing, even after good lines and a preset. */
static void
test_all_or_nothing(void **state)
{
    (void)state;
    static const char *const bad[] = {
        V "preset us-retail\na = 01-01\nb = 02-30\n",
        V "a = 01-01\nexisting = 02-02\npreset nowhere\n",
        V "a = 01-01\n\"b",
    };
    for (size_t i = 0; i < LEN(bad); i++) {
        wfm_calendar *cal = calendar_with_one_event();
        char *before = calendar_text(cal);
        assert_int_not_equal(wfm_calendar_add_text(cal, bad[i], strlen(bad[i]), NULL), WFM_OK);
        char *after = calendar_text(cal);
        assert_string_equal(before, after);
        free(before);
        free(after);
        wfm_calendar_free(cal);
    }

    /* cal_parse: the caller's earlier rules stay as they were */
    wfm_calendar *cal = new_calendar();
    rules r = { NULL, 0 };
    static const char first[] = V "a = 01-01\nb = easter + 1\n";
    static const char broken[] = V "c = 03-03\nd = 4th frida of may\n";
    static const char second[] = V "c = 03-03\n";
    assert_int_equal(cal_parse(cal, first, strlen(first), NULL, &r.v, &r.n), WFM_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(cal_parse(cal, broken, strlen(broken), NULL, &r.v, &r.n), WFM_EPARSE);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[1].name, "b");
    assert_int_equal(cal_parse(cal, second, strlen(second), NULL, &r.v, &r.n), WFM_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].name, "a");
    assert_string_equal(r.v[2].name, "c");
    /* and a Prophet failure too */
    static const char csv[] = "holiday,ds\nx,2026-01-01\ny,2026-02-30\n";
    assert_int_equal(cal_parse_prophet(cal, csv, strlen(csv), NULL, &r.v, &r.n), WFM_EPARSE);
    assert_int_equal(r.n, 3);
    rules_free(&r);
    wfm_calendar_free(cal);
}

/* ============================================================ writer */

static void
test_write_canonical(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "black_friday = thanksgiving+1 WINDOW=-1..+3", "black_friday = thanksgiving + 1 window=-1..+3" },
        { "thanksgiving = 4TH Thursday of November", "thanksgiving = 4th thursday of november" },
        { "x = last monday of may", "x = last monday of may" },
        { "christmas = 12-25 closed observed=UK", "christmas = 12-25 observed=uk closed" },
        { "cyber_week = thanksgiving + 0..+4", "cyber_week = thanksgiving + 0 .. + 4" },
        { "w = thanksgiving - 3 .. - 1", "w = thanksgiving - 3 .. - 1" },
        { "w = thanksgiving - 0", "w = thanksgiving + 0" },
        { "peak_season = 11-15..12-24", "peak_season = 11-15 .. 12-24" },
        { "launches = dates 2026-08-10 .. 2026-08-16,2026-05-12", "launches = dates 2026-05-12, 2026-08-10 .. 2026-08-16" },
        { "one = 2026-05-12", "one = dates 2026-05-12" },
        { "run = 2026-05-12 .. 2026-05-14", "run = dates 2026-05-12 .. 2026-05-14" },
        { "x = easter - 2", "x = easter - 2" },
        { "x = easter + 0", "x = easter" },
        { "x = easter+1", "x = easter + 1" },
        { "m = monday on or before 05-24", "m = monday on or before 05-24" },
        { "s = SATURDAY on or after 06-20", "s = saturday on or after 06-20" },
        { "\"Black Friday\" = 11-27", "\"Black Friday\" = 11-27" },
        { "\"plain\" = 11-27", "plain = 11-27" },
        { "easter = 04-01", "\"easter\" = 04-01" },
        { "y = \"Monday\" + 1", "y = \"Monday\" + 1" },
        { "y = \"december\" + 1", "y = \"december\" + 1" },
        { "preset = 01-01", "\"preset\" = 01-01" },
        { "y = x + 1 except=2022,2012 years=2000..2030", "y = x + 1 years=2000..2030 except=2012,2022" },
        { "y = 01-01 years=1..2000", "y = 01-01 years=..2000" },
        { "y = 01-01 years=1990..9999", "y = 01-01 years=1990.." },
        { "y = 01-01 years=1..9999", "y = 01-01" },
        { "y = 01-01 window=-0..+0", "y = 01-01" },
        { "y = 01-01 window=-0..+2", "y = 01-01 window=-0..+2" },
        { "y = 01-01 closed window=-2..+0 observed=us except=7 years=5..", "y = 01-01 window=-2..+0 observed=us closed years=5.. except=7" },
    };
    for (size_t i = 0; i < LEN(cases); i++) {
        cal_rule r = parse_one(cases[i].in);
        char *line = write_one(&r);
        assert_string_equal(line, cases[i].out);
        free(line);
        cal_rule_clear(&r);
    }

    /* rules that did not come from text: quoting of odd names */
    cal_rule r = cal_rule_init();
    r.name = strdup("tab\there # and \xc3\xa9");
    r.kind = CAL_RULE_RELATIVE;
    r.base = strdup("9lives");
    r.offset = -1;
    r.offset_end = 2;
    char *line = write_one(&r);
    assert_string_equal(line, "\"tab\there # and \xc3\xa9\" = \"9lives\" - 1 .. + 2");
    free(line);
    rules one = { &r, 1 };
    free(check_round_trip(&one));
    cal_rule_clear(&r);

    /* the buffer grows from empty and keeps what it had */
    cal_buffer out = { NULL, 0, 0 };
    r = parse_one("x = 01-01");
    for (int i = 0; i < 1000; i++)
        assert_true(cal_write_rule(&out, &r));
    assert_int_equal(out.length, 1000 * strlen("x = 01-01\n"));
    assert_int_equal(strlen(out.data), out.length);
    assert_true(out.capacity > out.length);
    free(out.data);
    cal_rule_clear(&r);
}

/* ======================================================= round trips */

/* The fuzz seeds: whatever parses must round-trip (both readers). */
static void
test_round_trip_seeds(void **state)
{
    (void)state;
    const char *data = getenv("WFM_TEST_DATA");
    char dir_path[4096];
    snprintf(dir_path, sizeof dir_path, "%s/../fuzz/corpus/calendar-parse",
             data != NULL && data[0] != '\0' ? data : WFM_TEST_DATA_DIR);
    DIR *dir = opendir(dir_path);
    if (dir == NULL)
        print_message("# cannot open %s\n", dir_path);
    assert_non_null(dir);
    size_t valid = 0, files = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char text[65536];
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        files++;
        for (int prophet = 0; prophet < 2; prophet++) {
            wfm_calendar *cal = new_calendar();
            rules r = { NULL, 0 };
            int32_t st = prophet ? cal_parse_prophet(cal, text, n, e->d_name, &r.v, &r.n)
                                 : cal_parse(cal, text, n, e->d_name, &r.v, &r.n);
            bool should = strncmp(e->d_name, prophet ? "prophet-" : "valid-",
                                  prophet ? 8 : 6) == 0;
            if (st != WFM_OK && should)
                print_message("# %s: %s\n", e->d_name, wfm_calendar_errmsg(cal));
            if (should)
                assert_int_equal(st, WFM_OK);
            if (strncmp(e->d_name, "bad-", 4) == 0 || strcmp(e->d_name, "empty") == 0)
                assert_int_not_equal(st, WFM_OK);
            if (st == WFM_OK) {
                valid++;
                free(check_round_trip(&r));
            }
            rules_free(&r);
            wfm_calendar_free(cal);
        }
    }
    closedir(dir);
    assert_true(files >= 30);
    assert_true(valid >= 20);
}

/* ---- a random calendar: the rules and a text for them ------------------ */

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(sbuf *b, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char piece[1024];
    int n = vsnprintf(piece, sizeof piece, format, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof piece);
    if (b->n + (size_t)n + 1 > b->cap) {
        b->cap = 2 * (b->n + (size_t)n + 1);
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->n, piece, (size_t)n + 1);
    b->n += (size_t)n;
}

static const char *const t_weekdays[] = { "monday", "tuesday", "wednesday", "thursday",
                                          "friday", "saturday", "sunday" };
static const char *const t_months[] = { "january", "february", "march", "april", "may",
                                        "june", "july", "august", "september",
                                        "october", "november", "december" };
static const char *const t_keywords[] = { "easter", "dates", "last", "preset", "Monday",
                                          "SUNDAY", "may", "December" };

static int32_t
rnd(wt_rng *g, int32_t lo, int32_t hi)
{
    return lo + (int32_t)wt_rng_below(g, (uint64_t)(hi - lo + 1));
}

/* Optional blanks, or at least one where tokens would merge. */
static void
blanks(sbuf *b, wt_rng *g, int min)
{
    int n = rnd(g, min, 2);
    for (int i = 0; i < n; i++)
        sb_printf(b, "%s", rnd(g, 0, 3) == 0 ? "\t" : " ");
}

/* A keyword in random case. */
static void
keyword(sbuf *b, wt_rng *g, const char *word)
{
    int mode = rnd(g, 0, 3);
    for (const char *c = word; *c != '\0'; c++) {
        char ch = *c;
        if (ch >= 'a' && ch <= 'z' && (mode == 1 || (mode == 2 && rnd(g, 0, 1))))
            ch = (char)(ch - 'a' + 'A');
        sb_printf(b, "%c", ch);
    }
}

static bool
is_plain(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (s++; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static bool
is_rule_keyword(const char *s)
{
    static const char *const kw[] = { "easter", "dates", "last", "monday", "tuesday",
                                      "wednesday", "thursday", "friday", "saturday",
                                      "sunday" };
    for (size_t i = 0; i < LEN(kw); i++)
        if (strcasecmp(s, kw[i]) == 0)
            return true;
    return false;
}

/* A name as text: bare if it can be, else (or sometimes anyway) quoted.
 * `base`: where keywords would be read as keywords. */
static void
name_text(sbuf *b, wt_rng *g, const char *name, bool base)
{
    bool must_quote = !is_plain(name) || (base && is_rule_keyword(name));
    bool lhs_preset = !base && strcasecmp(name, "preset") == 0;
    if (must_quote || rnd(g, 0, 4) == 0 || lhs_preset)
        sb_printf(b, "\"%s\"", name);
    else
        sb_printf(b, "%s", name);
}

/* A random name, unique by its index. */
static char *
random_name(wt_rng *g, int index)
{
    char name[64];
    switch (rnd(g, 0, 5)) {
    case 0:
        snprintf(name, sizeof name, "%s", t_keywords[rnd(g, 0, (int32_t)LEN(t_keywords) - 1)]);
        if (index > 0) /* keep it unique but keyword-like once */
            snprintf(name, sizeof name, "%s%d", t_keywords[index % (int)LEN(t_keywords)], index);
        break;
    case 1:
        snprintf(name, sizeof name, "Event #%d \xc3\xa9=", index);
        break;
    case 2:
        snprintf(name, sizeof name, "%d-day", index);
        break;
    default: {
        int len = rnd(g, 1, 10);
        int k = 0;
        static const char first[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
        static const char rest[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";
        name[k++] = first[rnd(g, 0, (int32_t)sizeof first - 2)];
        for (int i = 1; i < len; i++)
            name[k++] = rest[rnd(g, 0, (int32_t)sizeof rest - 2)];
        k += snprintf(name + k, sizeof name - (size_t)k, "_%d", index);
        break;
    }
    }
    return strdup(name);
}

static void
signed_offset(sbuf *b, wt_rng *g, int32_t offset)
{
    sb_printf(b, "%c", offset < 0 ? '-' : '+');
    blanks(b, g, 0);
    sb_printf(b, "%d", (int)(offset < 0 ? -offset : offset));
}

static int32_t
random_offset(wt_rng *g)
{
    return rnd(g, 0, 9) == 0 ? rnd(g, -3660, 3660) : rnd(g, -10, 10);
}

static void
random_month_day(wt_rng *g, int32_t *month, int32_t *day)
{
    *month = rnd(g, 1, 12);
    *day = rnd(g, 1, date_days_in_month(2000, *month));
}

static int32_t
random_date(wt_rng *g)
{
    return rnd(g, 0, 19) == 0 ? rnd(g, WFM_DATE_MIN, WFM_DATE_MAX)
                              : rnd(g, ymd(1990, 1, 1), ymd(2040, 12, 31));
}

static void
date_text(sbuf *b, int32_t date)
{
    int32_t y, m, d;
    assert_int_equal(wfm_date_to_ymd(date, &y, &m, &d), WFM_OK);
    sb_printf(b, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

static int
cmp_span(const void *a, const void *b)
{
    const cal_span *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->last > y->last) - (x->last < y->last);
}

static int
cmp_year(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* DATES: random spans written in random order; the rule gets them sorted
 * without duplicates. */
static void
random_dates(sbuf *b, wt_rng *g, cal_rule *r)
{
    size_t n = (size_t)rnd(g, 1, 5);
    r->spans = calloc(n, sizeof *r->spans);
    assert_non_null(r->spans);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && rnd(g, 0, 4) == 0) {
            r->spans[i] = r->spans[rnd(g, 0, (int32_t)i - 1)]; /* a duplicate */
        } else {
            r->spans[i].first = random_date(g);
            r->spans[i].last = r->spans[i].first;
            if (rnd(g, 0, 2) == 0 && r->spans[i].first < WFM_DATE_MAX - 40)
                r->spans[i].last += rnd(g, 0, 40);
        }
    }
    bool keyword_needed = n > 1;
    if (keyword_needed || rnd(g, 0, 1)) {
        keyword(b, g, "dates");
        blanks(b, g, 1);
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            blanks(b, g, 0);
            sb_printf(b, ",");
            blanks(b, g, 0);
        }
        date_text(b, r->spans[i].first);
        if (r->spans[i].last != r->spans[i].first || rnd(g, 0, 9) == 0) {
            blanks(b, g, 0);
            sb_printf(b, "..");
            blanks(b, g, 0);
            date_text(b, r->spans[i].last);
        }
    }
    qsort(r->spans, n, sizeof *r->spans, cmp_span);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (cmp_span(&r->spans[i], &r->spans[k - 1]) != 0)
            r->spans[k++] = r->spans[i];
    r->n_spans = k;
}

static void
random_kind(sbuf *b, wt_rng *g, cal_rule *r, char *const *names, int index)
{
    r->kind = (cal_rule_kind)rnd(g, CAL_RULE_FIXED, CAL_RULE_DATES);
    switch (r->kind) {
    case CAL_RULE_FIXED:
        random_month_day(g, &r->month, &r->day);
        sb_printf(b, "%02d-%02d", (int)r->month, (int)r->day);
        break;
    case CAL_RULE_NTH_WEEKDAY:
        r->nth = rnd(g, 0, 5);
        r->nth = r->nth == 0 ? -1 : r->nth;
        r->weekday = rnd(g, 1, 7);
        r->month = rnd(g, 1, 12);
        keyword(b, g, r->nth < 0 ? "last" : (const char *[]){ "1st", "2nd", "3rd", "4th", "5th" }[r->nth - 1]);
        blanks(b, g, 1);
        keyword(b, g, t_weekdays[r->weekday - 1]);
        blanks(b, g, 1);
        keyword(b, g, "of");
        blanks(b, g, 1);
        keyword(b, g, t_months[r->month - 1]);
        break;
    case CAL_RULE_ON_OR_AFTER:
    case CAL_RULE_ON_OR_BEFORE:
        r->weekday = rnd(g, 1, 7);
        random_month_day(g, &r->month, &r->day);
        keyword(b, g, t_weekdays[r->weekday - 1]);
        blanks(b, g, 1);
        keyword(b, g, "on");
        blanks(b, g, 1);
        keyword(b, g, "or");
        blanks(b, g, 1);
        keyword(b, g, r->kind == CAL_RULE_ON_OR_AFTER ? "after" : "before");
        blanks(b, g, 1);
        sb_printf(b, "%02d-%02d", (int)r->month, (int)r->day);
        break;
    case CAL_RULE_EASTER:
        r->offset = random_offset(g);
        keyword(b, g, "easter");
        if (r->offset != 0 || rnd(g, 0, 1)) {
            blanks(b, g, 0);
            signed_offset(b, g, r->offset);
        }
        break;
    case CAL_RULE_RELATIVE: {
        int other = (index + 1 + rnd(g, 0, 6)) % 8;
        r->base = strdup(names[other]);
        r->offset = random_offset(g);
        r->offset_end = rnd(g, 0, 1) ? r->offset : r->offset + rnd(g, 0, 20);
        if (r->offset_end > 3660)
            r->offset_end = 3660;
        name_text(b, g, r->base, true);
        blanks(b, g, 0);
        signed_offset(b, g, r->offset);
        if (r->offset_end != r->offset || rnd(g, 0, 3) == 0) {
            blanks(b, g, 0);
            sb_printf(b, "..");
            blanks(b, g, 0);
            signed_offset(b, g, r->offset_end);
        }
        break;
    }
    case CAL_RULE_SEASON:
        random_month_day(g, &r->month, &r->day);
        random_month_day(g, &r->end_month, &r->end_day);
        sb_printf(b, "%02d-%02d", (int)r->month, (int)r->day);
        blanks(b, g, 0);
        sb_printf(b, "..");
        blanks(b, g, 0);
        sb_printf(b, "%02d-%02d", (int)r->end_month, (int)r->end_day);
        break;
    case CAL_RULE_DATES:
        random_dates(b, g, r);
        break;
    }
}

/* Options in random order; the rule gets their values. */
static void
random_options(sbuf *b, wt_rng *g, cal_rule *r)
{
    int order[5] = { 0, 1, 2, 3, 4 };
    for (int i = 4; i > 0; i--) {
        int j = rnd(g, 0, i), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    bool yearly = r->kind != CAL_RULE_DATES;
    for (int i = 0; i < 5; i++) {
        if (rnd(g, 0, 2) != 0)
            continue;
        if (!yearly && order[i] >= 3)
            continue;
        blanks(b, g, 1);
        switch (order[i]) {
        case 0:
            r->lead = rnd(g, 0, 3) == 0 ? rnd(g, 0, 366) : rnd(g, 0, 3);
            r->lag = rnd(g, 0, 3) == 0 ? rnd(g, 0, 366) : rnd(g, 0, 3);
            keyword(b, g, "window");
            sb_printf(b, "=-%d..+%d", (int)r->lead, (int)r->lag);
            break;
        case 1:
            r->observed = rnd(g, 0, 1) ? CAL_OBSERVED_US : CAL_OBSERVED_UK;
            keyword(b, g, "observed");
            sb_printf(b, "=");
            keyword(b, g, r->observed == CAL_OBSERVED_US ? "us" : "uk");
            break;
        case 2:
            r->closed = true;
            keyword(b, g, "closed");
            break;
        case 3: {
            int form = rnd(g, 0, 2);
            r->first_year = form == 2 ? DATE_YEAR_MIN : rnd(g, 1, 9999);
            r->last_year = form == 1 ? DATE_YEAR_MAX : rnd(g, r->first_year, 9999);
            keyword(b, g, "years");
            sb_printf(b, "=");
            if (form != 2)
                sb_printf(b, "%d", (int)r->first_year);
            sb_printf(b, "..");
            if (form != 1)
                sb_printf(b, "%d", (int)r->last_year);
            break;
        }
        default: {
            size_t n = (size_t)rnd(g, 1, 4);
            r->except_years = calloc(n, sizeof *r->except_years);
            assert_non_null(r->except_years);
            keyword(b, g, "except");
            for (size_t k = 0; k < n; k++) {
                r->except_years[k] = k > 0 && rnd(g, 0, 3) == 0 ? r->except_years[0]
                                                                : rnd(g, 1, 9999);
                sb_printf(b, "%s%d", k == 0 ? "=" : ",", (int)r->except_years[k]);
            }
            qsort(r->except_years, n, sizeof *r->except_years, cmp_year);
            size_t k = 1;
            for (size_t i2 = 1; i2 < n; i2++)
                if (r->except_years[i2] != r->except_years[k - 1])
                    r->except_years[k++] = r->except_years[i2];
            r->n_except = k;
            break;
        }
        }
    }
}

/* A random valid calendar text and the rules it must parse to. */
static char *
random_calendar(wt_rng *g, rules *expect)
{
    sbuf b = { NULL, 0, 0 };
    const char *eol = rnd(g, 0, 3) == 0 ? "\r\n" : "\n";
    if (rnd(g, 0, 9) == 0)
        sb_printf(&b, "\xef\xbb\xbf");
    if (rnd(g, 0, 3) == 0)
        sb_printf(&b, "# a random calendar%s", eol);
    keyword(&b, g, "wfm-calendar");
    blanks(&b, g, 1);
    sb_printf(&b, "1%s", eol);
    char *names[8];
    for (int i = 0; i < 8; i++)
        names[i] = random_name(g, i);
    expect->n = (size_t)rnd(g, 1, 8);
    expect->v = calloc(expect->n, sizeof *expect->v);
    assert_non_null(expect->v);
    for (size_t i = 0; i < expect->n; i++) {
        cal_rule *r = &expect->v[i];
        *r = cal_rule_init();
        r->name = strdup(names[i]);
        blanks(&b, g, 0);
        name_text(&b, g, r->name, false);
        blanks(&b, g, 0);
        sb_printf(&b, "=");
        blanks(&b, g, 0);
        random_kind(&b, g, r, names, (int)i);
        random_options(&b, g, r);
        blanks(&b, g, 0);
        if (rnd(g, 0, 4) == 0)
            sb_printf(&b, "# comment = 12-25");
        if (rnd(g, 0, 6) == 0)
            sb_printf(&b, "%s", eol);
        if (i + 1 < expect->n || rnd(g, 0, 3) != 0)
            sb_printf(&b, "%s", eol);
    }
    for (int i = 0; i < 8; i++)
        free(names[i]);
    return b.s;
}

/* FNV-1a, to pin the canonical texts of the seeded cases. */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
    return h;
}

static void
test_round_trip_random(void **state)
{
    (void)state;
    wt_rng g = { SEED };
    uint64_t checksum = UINT64_C(0xcbf29ce484222325);
    for (int c = 0; c < 500; c++) {
        rules expect = { NULL, 0 };
        char *text = random_calendar(&g, &expect);
        rules got = parse_ok(text);
        assert_int_equal(got.n, expect.n);
        for (size_t i = 0; i < got.n; i++) {
            if (!rule_equal(&got.v[i], &expect.v[i]))
                print_message("# case %d, rule %zu parsed wrong:\n%s\n", c, i, text);
            assert_true(rule_equal(&got.v[i], &expect.v[i]));
        }
        char *canonical = check_round_trip(&got);
        checksum = fnv1a(checksum, canonical);

        /* the public writer says the same */
        wfm_calendar *cal = new_calendar();
        assert_int_equal(wfm_calendar_add_text(cal, text, strlen(text), "random"), WFM_OK);
        char *written = calendar_text(cal);
        assert_string_equal(written, canonical);
        free(written);
        wfm_calendar_free(cal);

        free(canonical);
        free(text);
        rules_free(&got);
        rules_free(&expect);
    }
    print_message("# canonical texts checksum 0x%016llx\n", (unsigned long long)checksum);
    assert_true(checksum == UINT64_C(0x66ce209ff8dc0804));
}

/* ============================================================ Prophet */

static rules
prophet_ok(const char *text)
{
    wfm_calendar *cal = new_calendar();
    rules r = { NULL, 0 };
    int32_t st = cal_parse_prophet(cal, text, strlen(text), "p.csv", &r.v, &r.n);
    if (st != WFM_OK)
        print_message("# %s\n", wfm_calendar_errmsg(cal));
    assert_int_equal(st, WFM_OK);
    wfm_calendar_free(cal);
    return r;
}

static void
test_prophet_basic(void **state)
{
    (void)state;
    /* Prophet's documentation example, with a repeated row */
    rules r = prophet_ok("holiday,ds,lower_window,upper_window\n"
                         "superbowl,2014-02-02,0,1\n"
                         "playoff,2009-01-03,0,1\n"
                         "superbowl,2010-02-07,0,1\n"
                         "playoff,2008-01-13,0,1\n"
                         "superbowl,2010-02-07,0,1\n");
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].name, "superbowl"); /* first appearance */
    assert_string_equal(r.v[1].name, "playoff");
    assert_int_equal(r.v[0].kind, CAL_RULE_DATES);
    assert_int_equal(r.v[0].n_spans, 2); /* sorted, duplicate dropped */
    assert_int_equal(r.v[0].spans[0].first, ymd(2010, 2, 7));
    assert_int_equal(r.v[0].spans[0].last, ymd(2010, 2, 7));
    assert_int_equal(r.v[0].spans[1].first, ymd(2014, 2, 2));
    assert_int_equal(r.v[0].lead, 0);
    assert_int_equal(r.v[0].lag, 1);
    assert_int_equal(r.v[1].spans[0].first, ymd(2008, 1, 13));
    assert_int_equal(r.v[1].observed, CAL_OBSERVED_NONE);
    assert_false(r.v[1].closed);
    free(check_round_trip(&r));
    rules_free(&r);

    /* columns in any order, windows optional, extra columns ignored */
    r = prophet_ok("ds,prior_scale,holiday\n2026-05-12,10,launch\n");
    assert_int_equal(r.n, 1);
    assert_string_equal(r.v[0].name, "launch");
    assert_int_equal(r.v[0].lead, 0);
    assert_int_equal(r.v[0].lag, 0);
    rules_free(&r);
    r = prophet_ok("upper_window,holiday,ds\n2,x,2026-05-12\n");
    assert_int_equal(r.v[0].lead, 0);
    assert_int_equal(r.v[0].lag, 2);
    rules_free(&r);
    r = prophet_ok("lower_window,holiday,ds\n-3,x,2026-05-12\n");
    assert_int_equal(r.v[0].lead, 3);
    assert_int_equal(r.v[0].lag, 0);
    rules_free(&r);

    /* a header only: no events */
    r = prophet_ok("holiday,ds\n");
    assert_int_equal(r.n, 0);
    rules_free(&r);
}

static void
test_prophet_formats(void **state)
{
    (void)state;
    /* pandas to_csv: an unnamed index column, CR LF, quoted fields with
     * commas and doubled quotes, times at midnight, float windows, blank
     * last line, a BOM */
    rules r = prophet_ok("\xef\xbb\xbf,holiday,ds,lower_window,upper_window,prior_scale\r\n"
                         "0,\"New Year, Day\",2021-01-01 00:00:00,-1.0,1.0,10\r\n"
                         "1,\"New Year, Day\",2020-01-01T00:00:00,-1.00,+1,10\r\n"
                         "2,say hi,\"2020-05-05\",\"-0\",0,\"a \"\"b\"\",\nc\"\r\n"
                         "3,\"\xc3\xa9t\xc3\xa9 #1\",2020-07-01,-366,366,\r\n"
                         "\r\n");
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].name, "New Year, Day");
    assert_int_equal(r.v[0].n_spans, 2);
    assert_int_equal(r.v[0].spans[0].first, ymd(2020, 1, 1));
    assert_int_equal(r.v[0].spans[1].first, ymd(2021, 1, 1));
    assert_int_equal(r.v[0].lead, 1);
    assert_int_equal(r.v[0].lag, 1);
    assert_string_equal(r.v[1].name, "say hi");
    assert_int_equal(r.v[1].lead, 0);
    assert_string_equal(r.v[2].name, "\xc3\xa9t\xc3\xa9 #1");
    assert_int_equal(r.v[2].lead, CAL_MAX_WINDOW);
    assert_int_equal(r.v[2].lag, CAL_MAX_WINDOW);
    char *text = check_round_trip(&r);
    assert_string_equal(text, V "\"New Year, Day\" = dates 2020-01-01, 2021-01-01 window=-1..+1\n"
                                "\"say hi\" = dates 2020-05-05\n"
                                "\"\xc3\xa9t\xc3\xa9 #1\" = dates 2020-07-01 window=-366..+366\n");
    free(text);
    rules_free(&r);

    /* no final line break, a CR ending the text, blank lines anywhere */
    r = prophet_ok("\nholiday,ds\n\nx,2026-01-01\n\n\ny,2026-01-02\r");
    assert_int_equal(r.n, 2);
    rules_free(&r);
    r = prophet_ok("holiday,ds\nx,2026-01-01");
    assert_int_equal(r.n, 1);
    rules_free(&r);

    /* header names in any case, bare CR line ends (old Mac exports) */
    r = prophet_ok("Holiday,DS,Lower_Window,UPPER_WINDOW\rx,2026-01-01,-1,2\ry,2026-01-02,0,0\r");
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].name, "x");
    assert_int_equal(r.v[0].lead, 1);
    assert_int_equal(r.v[0].lag, 2);
    rules_free(&r);

    /* through the public API, replacing a calendar event of that name */
    wfm_calendar *cal = calendar_with_one_event();
    static const char csv[] = "holiday,ds\nexisting,2026-03-03\nnew,2026-04-04\n";
    assert_int_equal(wfm_calendar_add_prophet_csv(cal, csv, strlen(csv), NULL), WFM_OK);
    assert_int_equal(wfm_calendar_event_count(cal), 2);
    assert_string_equal(wfm_calendar_event_name(cal, 1), "new");
    char *written = calendar_text(cal);
    assert_string_equal(written, V "existing = dates 2026-03-03\nnew = dates 2026-04-04\n");
    free(written);
    wfm_calendar_free(cal);
}

static const error_case csv_errors[] = {
    { "", 1, 1, "expected a header row naming the columns holiday and ds, got end of text" },
    { "\n\r\n", 3, 1, "expected a header row naming the columns holiday and ds, got end of text" },
    { "holiday,date\nx,2026-01-01\n", 1, 1, "expected a 'ds' column in the header" },
    { "name,ds\nx,2026-01-01\n", 1, 1, "expected a 'holiday' column in the header" },
    { "holiday,ds,ds\n", 1, 12, "expected one 'ds' column, got 'ds'" },
    { "holiday,ds,lower_window,\"lower_window\"\n", 1, 25, "expected one 'lower_window' column, got 'lower_window'" },
    { "holiday,ds\nx\n", 2, 1, "expected 2 fields as in the header, got 1" },
    { "holiday,ds\nx,2026-01-01,\n", 2, 1, "expected 2 fields as in the header, got 3" },
    { "holiday,ds\n\"x,2026-01-01\n", 3, 1, "expected '\"' closing the field opened on line 2, got end of text" },
    { "holiday,ds\nx\"y,2026-01-01\n", 2, 2, "expected no '\"' in an unquoted field (quote the whole field), got '\"'" },
    { "holiday,ds\n\"x\"y,2026-01-01\n", 2, 4, "expected ',' or end of line after the quoted field, got 'y'" },
    { "holiday,ds\n\"x\" ,2026-01-01\n", 2, 4, "expected ',' or end of line after the quoted field, got ' '" },
    { "holiday,ds\nx,2026-02-29\n", 2, 3, "expected a date YYYY-MM-DD, got '2026-02-29'" },
    { "holiday,ds\nx,01/02/2026\n", 2, 3, "expected a date YYYY-MM-DD, got '01/02/2026'" },
    { "holiday,ds\nx,\n", 2, 3, "expected a date YYYY-MM-DD, got ''" },
    { "holiday,ds\nx,2026-01-01X00:00:00\n", 2, 3, "expected a date YYYY-MM-DD, got '2026-01-01X00:00:00'" },
    { "holiday,ds\nx, 2026-01-01\n", 2, 3, "expected a date YYYY-MM-DD, got ' 2026-01-01'" },
    { "holiday,ds\nx,2026-01-01 12:00:00\n", 2, 14, "expected midnight (00:00:00) after the date: wfm counts whole days, got '12:00:00'" },
    { "holiday,ds\nx,2026-01-01 00:00:00.5\n", 2, 14, "expected midnight (00:00:00) after the date: wfm counts whole days, got '00:00:00.5'" },
    { "holiday,ds\nx,2026-01-01T00:00\n", 2, 14, "got '00:00'" },
    { "holiday,ds\nx,2026-01-01 \n", 2, 14, "got ''" },
    { "holiday,ds\nx,\"2026-01-01 00:00:01\"\n", 2, 15, "got '00:00:01'" },
    { "holiday,ds\n,2026-01-01\n", 2, 1, "expected a holiday name of 1 to 128 bytes without '\"' or line breaks, got ''" },
    { "holiday,ds\n\"a \"\"b\"\"\",2026-01-01\n", 2, 1, "expected a holiday name of 1 to 128 bytes without '\"' or line breaks, got 'a \"\"b\"\"'" },
    { "holiday,ds\n\"a\nb\",2026-01-01\n", 2, 1, "expected a holiday name of 1 to 128 bytes without '\"' or line breaks, got 'a\\x0ab'" },
    { "holiday,ds\n\"a\rb\",2026-01-01\n", 2, 1, "got 'a\\x0db'" },
    { "holiday,ds,lower_window\nx,2026-01-01,1\n", 2, 14, "expected a lower_window from -366 to 0, got '1'" },
    { "holiday,ds,lower_window\nx,2026-01-01,-367\n", 2, 14, "expected a lower_window from -366 to 0, got '-367'" },
    { "holiday,ds,lower_window\nx,2026-01-01,-1.5\n", 2, 14, "expected a lower_window from -366 to 0, got '-1.5'" },
    { "holiday,ds,lower_window\nx,2026-01-01,-1.\n", 2, 14, "expected a lower_window from -366 to 0, got '-1.'" },
    { "holiday,ds,lower_window\nx,2026-01-01,\n", 2, 14, "expected a lower_window from -366 to 0, got ''" },
    { "holiday,ds,lower_window\nx,2026-01-01,-\n", 2, 14, "expected a lower_window from -366 to 0, got '-'" },
    { "holiday,ds,lower_window\nx,2026-01-01,-99999999999\n", 2, 14, "got '-99999999999'" },
    { "holiday,ds,upper_window\nx,2026-01-01,-1\n", 2, 14, "expected an upper_window from 0 to 366, got '-1'" },
    { "holiday,ds,upper_window\nx,2026-01-01,367\n", 2, 14, "expected an upper_window from 0 to 366, got '367'" },
    { "holiday,ds,upper_window\nx,2026-01-01,one\n", 2, 14, "expected an upper_window from 0 to 366, got 'one'" },
    { "holiday,ds,upper_window\nx,2026-01-01,\"1\"\"\"\n", 2, 14, "expected an upper_window from 0 to 366, got '1\"\"'" },
    { "holiday,ds,lower_window,upper_window\nx,2026-01-01,0,0\ny,2026-01-01,-2,0\nx,2027-01-01,-1,0\n",
      4, 14, "expected the same window on every row of holiday 'x', got -1..+0 on line 4 and -0..+0 on line 2 (wfm keeps one window per event)" },
    { "holiday,ds,lower_window,upper_window\nx,2026-01-01,-1,0\nx,2027-01-01,-1,3\n",
      3, 17, "got -1..+3 on line 3 and -1..+0 on line 2" },
    { "holiday,ds,upper_window\nx,2026-01-01,1\nx,2027-01-01,2\n",
      3, 14, "got -0..+2 on line 3 and -0..+1 on line 2" },
};

static void
test_prophet_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < LEN(csv_errors); i++)
        check_csv_error(csv_errors[i].text, csv_errors[i].line, csv_errors[i].column,
                        csv_errors[i].part);
    /* a name one byte too long */
    char text[512], name[CAL_NAME_MAX + 2];
    memset(name, 'h', CAL_NAME_MAX + 1);
    name[CAL_NAME_MAX + 1] = '\0';
    snprintf(text, sizeof text, "holiday,ds\n%s,2026-01-01\n", name);
    check_csv_error(text, 2, 1, "expected a holiday name of 1 to 128 bytes");
    /* the message cuts a long name on a UTF-8 boundary */
    size_t k = (size_t)snprintf(text, sizeof text, "holiday,ds\na");
    for (int i = 0; i < 64; i++)
        k += (size_t)snprintf(text + k, sizeof text - k, "\xc3\xa9");
    snprintf(text + k, sizeof text - k, ",2026-01-01\n");
    char want[128] = "without '\"' or line breaks, got 'a";
    for (int i = 0; i < 19; i++)
        strcat(want, "\xc3\xa9");
    strcat(want, "...'");
    check_csv_error(text, 2, 1, want);
    name[CAL_NAME_MAX] = '\0'; /* 128 is fine */
    snprintf(text, sizeof text, "holiday,ds\n%s,2026-01-01\n", name);
    rules r = prophet_ok(text);
    assert_int_equal(r.n, 1);
    rules_free(&r);
    /* source NULL */
    static const char bad[] = "holiday,ds\nx,2026-02-30\n";
    check_error_n(true, bad, strlen(bad), WFM_EPARSE, NULL, 2, 3, "expected a date YYYY-MM-DD");
}

/* ================================================ out of memory */

/* Allocation failures: test-alloc-fail.h. */

static const char oom_text[] =
    V "preset uk-retail\n"
      "\"A b\" = 4th thursday of november window=-1..+2 years=2000.. except=2001,2000\n"
      "c = \"A b\" + 0 .. + 3 observed=us closed\n"
      "d = dates 2026-01-01, 2025-01-01 .. 2025-01-09, 2024-01-01, 2023-01-01, 2022-01-01\n"
      "e = easter - 2\n"
      "f = 12-26 .. 01-31\n";
static const char oom_csv[] =
    "holiday,ds,lower_window\n"
    "a,2026-01-01,-1\nb,2026-01-02,0\na,2025-01-01,-1\nc,2026-01-03,0\n"
    "d,2026-01-04,0\ne,2026-01-05,0\nf,2026-01-06,0\ng,2026-01-07,0\n"
    "h,2026-01-08,0\ni,2026-01-09,0\nj,2026-01-10,0\na,2024-01-01,-1\n"
    "a,2023-01-01,-1\na,2022-01-01,-1\n";

/* Fail the n-th allocation of one parse, n = 0, 1, ... until it
 * succeeds: every failure is WFM_ENOMEM with the caller's rules as they
 * were (leaks show under ASan and valgrind). */
static void
oom_parse(bool prophet, const char *text)
{
    for (long n = 0;; n++) {
        wfm_calendar *cal = new_calendar();
        rules r = parse_ok(V "keep = 01-01\n");
        alloc_budget = n;
        int32_t st = prophet ? cal_parse_prophet(cal, text, strlen(text), NULL, &r.v, &r.n)
                             : cal_parse(cal, text, strlen(text), NULL, &r.v, &r.n);
        alloc_budget = -1;
        if (st == WFM_OK) {
            assert_true(n > 3);
            assert_true(r.n > 1);
            rules_free(&r);
            wfm_calendar_free(cal);
            return;
        }
        assert_int_equal(st, WFM_ENOMEM);
        assert_string_equal(wfm_calendar_errmsg(cal), "out of memory");
        assert_int_equal(r.n, 1);
        assert_string_equal(r.v[0].name, "keep");
        rules_free(&r);
        wfm_calendar_free(cal);
    }
}

/* The same through the public API: the calendar stays as it was. */
static void
oom_public(bool prophet, const char *text)
{
    for (long n = 0;; n++) {
        wfm_calendar *cal = calendar_with_one_event();
        alloc_budget = n;
        int32_t st = prophet ? wfm_calendar_add_prophet_csv(cal, text, strlen(text), NULL)
                             : wfm_calendar_add_text(cal, text, strlen(text), NULL);
        alloc_budget = -1;
        if (st == WFM_OK) {
            wfm_calendar_free(cal);
            return;
        }
        assert_int_equal(st, WFM_ENOMEM);
        assert_int_equal(wfm_calendar_event_count(cal), 1);
        wfm_calendar_free(cal);
    }
}

static void
test_out_of_memory(void **state)
{
    (void)state;
    if (!alloc_wrapped()) {
        /* Not cmocka's skip(): 1.1.5 reports it as "not ok # SKIP", which
         * meson counts as a failure. */
        print_message(ALLOC_NOT_WRAPPED_MESSAGE);
        return;
    }
    oom_parse(false, oom_text);
    oom_parse(true, oom_csv);
    oom_public(false, oom_text);
    oom_public(true, oom_csv);

    /* the writer: false, and the buffer as it was */
    rules r = parse_ok(oom_text);
    for (long n = 0;; n++) {
        cal_buffer out = { NULL, 0, 0 };
        assert_true(cal_write_rule(&out, &r.v[0]));
        char *before = strdup(out.data);
        assert_non_null(before);
        size_t length = out.length;
        bool all = true;
        alloc_budget = n;
        for (size_t i = 0; all && i < r.n; i++)
            all = cal_write_rule(&out, &r.v[i]);
        alloc_budget = -1;
        if (!all) {
            assert_true(out.length >= length);
            assert_int_equal(strlen(out.data), out.length);
            assert_int_equal(memcmp(out.data, before, length), 0);
            assert_int_equal(out.data[out.length - 1], '\n'); /* whole lines only */
        }
        free(before);
        free(out.data);
        if (all)
            break;
    }
    rules_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_nth_weekday),
        cmocka_unit_test(test_on_or),
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_season),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_errors_version),
        cmocka_unit_test(test_errors_line),
        cmocka_unit_test(test_errors_dates),
        cmocka_unit_test(test_errors_weekday),
        cmocka_unit_test(test_errors_offsets),
        cmocka_unit_test(test_errors_options),
        cmocka_unit_test(test_errors_nul),
        cmocka_unit_test(test_all_or_nothing),
        cmocka_unit_test(test_write_canonical),
        cmocka_unit_test(test_round_trip_seeds),
        cmocka_unit_test(test_round_trip_random),
        cmocka_unit_test(test_prophet_basic),
        cmocka_unit_test(test_prophet_formats),
        cmocka_unit_test(test_prophet_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
