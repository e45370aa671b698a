/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The built-in calendar presets (lib/calendar/calendar-presets.c), through the public
 * API only (plus the two private preset accessors):
 *
 * - every preset expanded over several years and compared, event by event
 *   and year by year, with published holiday lists written down in
 *   $WFM_TEST_DATA/holidays/ (GOV.UK bank holidays, OPM federal holidays,
 *   Black Friday / Cyber Monday dates, the French, German, Swedish and
 *   Polish lists; each file names its source). The expected dates come from
 *   those lists, never from this library. Every mismatch is printed with
 *   preset, event and year before the test fails;
 * - the retail presets' shopping days and seasons (issue 13) every year
 *   1990-2060 against the rules computed here with date code of this
 *   file's own (days from civil, Zeller's congruence, Knuth's Easter), not
 *   the library's; their published dates in holidays/retail-shopping-days.csv;
 *   and the older retail events keeping their names, places and dates;
 * - every event of every preset is checked by some list or by that rule
 *   check;
 * - listing the presets, an unknown preset (WFM_ENOTFOUND, calendar
 *   unchanged), combining two presets (one `christmas`), redefining a
 *   preset's event, shared event names meaning the same day in every
 *   preset, the retail windows and closed days, and writing a preset back.
 *
 * The list files are CSV with '#' comment lines. A line
 *   #! presets=P1,P2 years=Y1..Y2 events=E1,E2,...
 * starts a block: the rows after it (date,event[,title]) must be exactly
 * the occurrences of those events of those presets whose day falls in years
 * Y1..Y2: no date missing, none extra.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wfm/calendar.h"
#include "calendar-private.h"
#include "test-util.h"

#define N_PRESETS 7
static const char *const expected_presets[N_PRESETS] = {
    "us-retail", "uk-retail", "us-federal", "fr", "de", "se", "pl",
};

static const char *const list_files[] = {
    "holidays/gov-uk-bank-holidays-england-and-wales.csv",
    "holidays/uk-bank-holidays-earlier-years.csv",
    "holidays/uk-retail-fixed-days.csv",
    "holidays/opm-federal-holidays.csv",
    "holidays/us-retail-holidays.csv",
    "holidays/black-friday-cyber-monday.csv",
    "holidays/fr-jours-feries.csv",
    "holidays/de-feiertage.csv",
    "holidays/se-helgdagar.csv",
    "holidays/pl-dni-wolne-od-pracy.csv",
    "holidays/retail-shopping-days.csv",
};
#define N_FILES (sizeof list_files / sizeof list_files[0])

/* ---- helpers ------------------------------------------------------------ */

static int32_t
ymd(int32_t y, int32_t m, int32_t d)
{
    int32_t date = 0;
    assert_int_equal(wfm_date_from_ymd(y, m, d, &date), WFM_OK);
    return date;
}

static int32_t
date_of(const char *text)
{
    int32_t date = 0;
    if (wfm_date_parse(text, &date) != WFM_OK)
        fail_msg("bad date '%s'", text);
    return date;
}

static int32_t
year_of(int32_t date)
{
    int32_t y = 0, m = 0, d = 0;
    assert_int_equal(wfm_date_to_ymd(date, &y, &m, &d), WFM_OK);
    return y;
}

static void
fmt(int32_t date, char out[11])
{
    assert_int_equal(wfm_date_format(date, out, 11), WFM_OK);
}

static wfm_calendar *
load(const char *preset)
{
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    int32_t status = wfm_calendar_add_preset(cal, preset);
    if (status != WFM_OK)
        fail_msg("preset %s: status %d: %s", preset, (int)status,
                 wfm_calendar_errmsg(cal));
    return cal;
}

static wfm_calendar_days *
expand(wfm_calendar *cal, int32_t first, int32_t last)
{
    wfm_calendar_days *days = NULL;
    int32_t status = wfm_calendar_expand(cal, first, last, &days);
    if (status != WFM_OK)
        fail_msg("expand: status %d: %s", (int)status, wfm_calendar_errmsg(cal));
    return days;
}

static long
find_event(const wfm_calendar *cal, const char *name)
{
    for (size_t i = 0; i < wfm_calendar_event_count(cal); i++)
        if (strcmp(wfm_calendar_event_name(cal, i), name) == 0)
            return (long)i;
    return -1;
}

/* One occurrence of the expansion, by event name and first day. */
typedef struct {
    int32_t first, last, lead, lag, closed;
} occ;

static int
find_occurrence(const wfm_calendar_days *days, const char *name, int32_t first,
                occ *out)
{
    for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days); i++) {
        int32_t e, f, l, lead, lag, closed;
        assert_int_equal(wfm_calendar_days_occurrence(days, i, &e, &f, &l, &lead,
                                                      &lag, &closed), WFM_OK);
        if (f == first && strcmp(wfm_calendar_days_event_name(days, e), name) == 0) {
            *out = (occ){ f, l, lead, lag, closed };
            return 1;
        }
    }
    return 0;
}

/* ---- the retail shopping days and seasons, computed independently ---------- */

/* Date arithmetic of this file's own, so that the rules below are not
 * checked against the library's date code: days since 1970-01-01 by
 * Hinnant's days_from_civil, the weekday by Zeller's congruence, Easter by
 * Knuth's algorithm (TAOCP vol. 1, 1.3.2 exercise 14; the library uses
 * Meeus/Jones/Butcher). */
static int32_t
ind_days(int32_t y, int32_t m, int32_t d)
{
    y -= m <= 2;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* ISO weekday, 1 = Monday ... 7 = Sunday, by Zeller's congruence. */
static int32_t
ind_weekday(int32_t y, int32_t m, int32_t d)
{
    if (m < 3) {
        m += 12;
        y -= 1;
    }
    int32_t k = y % 100, j = y / 100;
    int32_t h = (d + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7; /* 0 = Saturday */
    return (h + 5) % 7 + 1;
}

/* Easter Sunday (Gregorian) by Knuth's algorithm: the golden number,
 * century, the Gregorian and Clavian corrections, the epact. */
static int32_t
ind_easter(int32_t y)
{
    int32_t g = y % 19 + 1, c = y / 100 + 1;
    int32_t x = 3 * c / 4 - 12, z = (8 * c + 5) / 25 - 5;
    int32_t d = 5 * y / 4 - x - 10;
    int32_t e = (11 * g + 20 + z - x) % 30;
    if (e < 0)
        e += 30;
    if ((e == 25 && g > 11) || e == 24)
        e++;
    int32_t n = 44 - e;
    if (n < 21)
        n += 30;
    n = n + 7 - (d + n) % 7;
    return n > 31 ? ind_days(y, 4, n - 31) : ind_days(y, 3, n);
}

/* The nth (1-based) @p weekday of month @p m. */
static int32_t
ind_nth_weekday(int32_t y, int32_t m, int32_t nth, int32_t weekday)
{
    int32_t first = ind_weekday(y, m, 1);
    return ind_days(y, m, 1) + (weekday - first + 7) % 7 + 7 * (nth - 1);
}

/* The last @p weekday on or before y-m-d. */
static int32_t
ind_weekday_on_or_before(int32_t y, int32_t m, int32_t d, int32_t weekday)
{
    return ind_days(y, m, d) - (ind_weekday(y, m, d) - weekday + 7) % 7;
}

enum { MON = 1, THU = 4, SAT = 6, SUN = 7 };

/* The shopping days and seasons of both retail presets (issue 13), in the
 * order the presets list them, after their older events. */
static const char *const retail_new_events[] = {
    "valentines_day", "mothers_day", "fathers_day", "singles_day", "peak_season",
    "cyber_week", "green_monday", "super_saturday", "returns_wave",
};
#define N_RETAIL_NEW (sizeof retail_new_events / sizeof retail_new_events[0])

static int
is_retail_preset(const char *preset)
{
    return strcmp(preset, "us-retail") == 0 || strcmp(preset, "uk-retail") == 0;
}

static int
is_rule_checked(const char *event)
{
    for (size_t i = 0; i < N_RETAIL_NEW; i++)
        if (strcmp(retail_new_events[i], event) == 0)
            return 1;
    return 0;
}

/* The occurrence of @p event of a retail preset that starts in year @p y,
 * as the documented rule gives it: *first .. *last. */
static void
retail_rule(const char *preset, const char *event, int32_t y, int32_t *first,
            int32_t *last)
{
    int uk = strcmp(preset, "uk-retail") == 0;
    *first = *last = 0;
    int32_t thanksgiving = ind_nth_weekday(y, 11, 4, THU); /* US, in both */
    if (strcmp(event, "valentines_day") == 0) {
        *first = *last = ind_days(y, 2, 14);
    } else if (strcmp(event, "mothers_day") == 0) {
        /* UK: Mothering Sunday, 4th Sunday of Lent = Easter - 21 days. */
        *first = *last = uk ? ind_easter(y) - 21 : ind_nth_weekday(y, 5, 2, SUN);
    } else if (strcmp(event, "fathers_day") == 0) {
        *first = *last = ind_nth_weekday(y, 6, 3, SUN);
    } else if (strcmp(event, "singles_day") == 0) {
        *first = *last = ind_days(y, 11, 11);
    } else if (strcmp(event, "peak_season") == 0) {
        *first = ind_days(y, 11, 15);
        *last = ind_days(y, 12, 24);
    } else if (strcmp(event, "cyber_week") == 0) {
        *first = thanksgiving;                  /* Thanksgiving Thursday */
        *last = thanksgiving + 4;               /* Cyber Monday */
    } else if (strcmp(event, "green_monday") == 0) {
        *first = *last = ind_nth_weekday(y, 12, 2, MON);
    } else if (strcmp(event, "super_saturday") == 0) {
        /* The last Saturday before Christmas that is not Christmas Eve. */
        *first = *last = ind_weekday_on_or_before(y, 12, 23, SAT);
    } else if (strcmp(event, "returns_wave") == 0) {
        *first = ind_days(y, 12, 26);
        *last = ind_days(y + 1, 1, 31);
    } else {
        fail_msg("no rule for %s", event);
    }
}

/* The independent date code against dates read off printed calendars and
 * published Easter tables, including the years where the Gregorian Easter
 * rules need their exceptions (1954, 1981, 2049, 2076). */
static void
test_independent_date_code(void **state)
{
    (void)state;
    assert_int_equal(ind_days(1970, 1, 1), 0);
    assert_int_equal(ind_days(1969, 12, 31), -1);
    assert_int_equal(ind_days(2000, 3, 1), 11017);
    assert_int_equal(ind_days(2026, 1, 1), 20454);
    assert_int_equal(ind_weekday(1970, 1, 1), THU);
    assert_int_equal(ind_weekday(2000, 1, 1), SAT);
    assert_int_equal(ind_weekday(2000, 2, 29), 2);
    assert_int_equal(ind_weekday(2026, 12, 25), 5);
    assert_int_equal(ind_weekday(2060, 12, 31), 5);
    static const struct {
        int32_t y, m, d;
    } easter[] = {
        { 1954, 4, 18 }, { 1981, 4, 19 }, { 1990, 4, 15 }, { 2000, 4, 23 },
        { 2008, 3, 23 }, { 2011, 4, 24 }, { 2019, 4, 21 }, { 2024, 3, 31 },
        { 2025, 4, 20 }, { 2038, 4, 25 }, { 2049, 4, 18 }, { 2076, 4, 19 },
        { 2285, 3, 22 },
    };
    for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++)
        assert_int_equal(ind_easter(easter[i].y),
                         ind_days(easter[i].y, easter[i].m, easter[i].d));
    for (int32_t y = 1900; y <= 2100; y++)
        assert_int_equal(ind_weekday(y, 3, 1), (ind_days(y, 3, 1) % 7 + 7 + 3) % 7 + 1);
}

/* Every shopping day and season of both retail presets, every year
 * 1990-2060, against the rule computed above: the same days (runs: the
 * same first and last day; returns_wave's run from 26 December 1989 is in
 * the range by its January days), no window, not closed. */
static void
test_retail_seasons_independent(void **state)
{
    (void)state;
    static const char *const retail[] = { "us-retail", "uk-retail" };
    int32_t range_first = ind_days(1990, 1, 1), range_last = ind_days(2060, 12, 31);
    int mismatches = 0, checked = 0;
    for (size_t p = 0; p < 2; p++) {
        wfm_calendar *cal = load(retail[p]);
        wfm_calendar_days *days = expand(cal, range_first, range_last);
        for (size_t e = 0; e < N_RETAIL_NEW; e++) {
            const char *event = retail_new_events[e];
            /* Expected occurrences touching the range, in order. */
            int32_t want[2 * 80], got[2 * 80];
            size_t n_want = 0, n_got = 0;
            for (int32_t y = 1989; y <= 2060; y++) {
                int32_t f, l;
                retail_rule(retail[p], event, y, &f, &l);
                if (l >= range_first && f <= range_last) {
                    want[n_want++] = f;
                    want[n_want++] = l;
                }
            }
            for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days); i++) {
                int32_t ev, f, l, lead, lag, closed;
                assert_int_equal(wfm_calendar_days_occurrence(days, i, &ev, &f, &l, &lead,
                                                              &lag, &closed), WFM_OK);
                if (strcmp(wfm_calendar_days_event_name(days, ev), event) != 0)
                    continue;
                if (lead != 0 || lag != 0 || closed != 0) {
                    printf("# MISMATCH preset %s, event %s: window -%d..+%d, closed %d\n",
                           retail[p], event, (int)lead, (int)lag, (int)closed);
                    mismatches++;
                }
                assert_true(n_got + 2 <= sizeof got / sizeof got[0]);
                got[n_got++] = f;
                got[n_got++] = l;
            }
            /* Occurrences are sorted by first day; so are the years. */
            for (size_t i = 0; i < n_want || i < n_got; i += 2) {
                if (i < n_want && i < n_got && want[i] == got[i] && want[i + 1] == got[i + 1])
                    continue;
                char w0[11] = "-", w1[11] = "-", g0[11] = "-", g1[11] = "-";
                if (i < n_want) {
                    fmt(want[i], w0);
                    fmt(want[i + 1], w1);
                }
                if (i < n_got) {
                    fmt(got[i], g0);
                    fmt(got[i + 1], g1);
                }
                printf("# MISMATCH preset %s, event %s: rule %s..%s, got %s..%s\n",
                       retail[p], event, w0, w1, g0, g1);
                mismatches++;
            }
            checked += (int)(n_want / 2);
        }
        wfm_calendar_days_free(days);
        wfm_calendar_free(cal);
    }
    printf("# %d occurrences of the retail shopping days and seasons checked, "
           "%d mismatches\n", checked, mismatches);
    /* 2 presets x (8 events x 71 years + returns_wave 72). */
    assert_int_equal(checked, 2 * (8 * 71 + 72));
    assert_int_equal(mismatches, 0);
}

/* The retail presets' older events keep their names and places (event
 * indices are part of the API) and the shopping days come after them, in
 * the documented order: releases only add. Their dates are checked by the
 * published lists. */
static void
test_retail_older_events_kept(void **state)
{
    (void)state;
    static const char *const us_before[] = {
        "new_years_day", "mlk_day", "presidents_day", "memorial_day",
        "independence_day", "labor_day", "halloween", "thanksgiving", "black_friday",
        "cyber_monday", "christmas_eve", "christmas", "new_years_eve",
    };
    static const char *const uk_before[] = {
        "new_years_day", "good_friday", "easter_monday", "early_may_bank_holiday",
        "early_may_bank_holiday_moved", "spring_bank_holiday",
        "spring_bank_holiday_moved", "summer_bank_holiday", "christmas_bank_holiday",
        "boxing_day_bank_holiday", "millennium_bank_holiday", "golden_jubilee",
        "royal_wedding_2011", "diamond_jubilee", "platinum_jubilee",
        "state_funeral_2022", "coronation_2023", "thanksgiving", "black_friday",
        "cyber_monday", "christmas_eve", "christmas", "boxing_day", "new_years_eve",
    };
    static const struct {
        const char *preset;
        const char *const *before;
        size_t n_before;
    } presets_before[] = {
        { "us-retail", us_before, sizeof us_before / sizeof us_before[0] },
        { "uk-retail", uk_before, sizeof uk_before / sizeof uk_before[0] },
    };
    for (size_t p = 0; p < 2; p++) {
        wfm_calendar *cal = load(presets_before[p].preset);
        size_t n_before = presets_before[p].n_before;
        assert_int_equal(wfm_calendar_event_count(cal), n_before + N_RETAIL_NEW);
        for (size_t i = 0; i < n_before; i++)
            assert_string_equal(wfm_calendar_event_name(cal, i),
                                presets_before[p].before[i]);
        for (size_t i = 0; i < N_RETAIL_NEW; i++)
            assert_string_equal(wfm_calendar_event_name(cal, n_before + i),
                                retail_new_events[i]);
        wfm_calendar_free(cal);
    }
}

/* ---- published lists ------------------------------------------------------ */

#define MAX_LIST_PRESETS 4
#define MAX_LIST_EVENTS 24
#define NAME_LEN 64

typedef struct {
    char event[NAME_LEN];
    int32_t date;
} list_row;

typedef struct {
    const char *file;
    int line;
    char presets[MAX_LIST_PRESETS][NAME_LEN];
    size_t n_presets;
    int32_t y1, y2;
    char events[MAX_LIST_EVENTS][NAME_LEN];
    size_t n_events;
    list_row *rows;
    size_t n_rows, cap;
} block;

typedef struct {
    block *blocks;
    size_t n, cap;
} block_set;

static void
copy_name(char dst[NAME_LEN], const char *src, size_t n)
{
    if (n >= NAME_LEN)
        fail_msg("name too long: %.*s", (int)n, src);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Split "a,b,c" into names. */
static size_t
split_names(const char *s, size_t n, char (*out)[NAME_LEN], size_t max)
{
    size_t count = 0;
    while (n > 0) {
        const char *comma = memchr(s, ',', n);
        size_t len = comma != NULL ? (size_t)(comma - s) : n;
        if (count == max)
            fail_msg("too many names in '%.*s'", (int)n, s);
        copy_name(out[count++], s, len);
        if (comma == NULL)
            break;
        n -= len + 1;
        s = comma + 1;
    }
    return count;
}

static void
parse_directive(block *b, const char *line, size_t len)
{
    const char *p = line + 2, *end = line + len;
    int have_years = 0;
    while (p < end) {
        while (p < end && *p == ' ')
            p++;
        const char *word = p;
        while (p < end && *p != ' ')
            p++;
        size_t n = (size_t)(p - word);
        if (n == 0)
            break;
        if (n > 8 && strncmp(word, "presets=", 8) == 0) {
            b->n_presets = split_names(word + 8, n - 8, b->presets, MAX_LIST_PRESETS);
        } else if (n > 8 && strncmp(word, "events=", 7) == 0) {
            b->n_events = split_names(word + 7, n - 7, b->events, MAX_LIST_EVENTS);
        } else if (n > 6 && strncmp(word, "years=", 6) == 0) {
            int y1, y2;
            if (sscanf(word + 6, "%d..%d", &y1, &y2) != 2 || y1 > y2)
                fail_msg("%s:%d: bad years", b->file, b->line);
            b->y1 = y1;
            b->y2 = y2;
            have_years = 1;
        } else {
            fail_msg("%s:%d: unknown directive '%.*s'", b->file, b->line, (int)n, word);
        }
    }
    if (b->n_presets == 0 || b->n_events == 0 || !have_years)
        fail_msg("%s:%d: directive needs presets=, years= and events=", b->file,
                 b->line);
}

static void
load_lists(block_set *set)
{
    memset(set, 0, sizeof *set);
    for (size_t f = 0; f < N_FILES; f++) {
        char *text = wt_read_data_file(list_files[f]);
        if (text == NULL)
            fail_msg("cannot read %s (WFM_TEST_DATA)", list_files[f]);
        block *cur = NULL;
        int line_no = 0;
        for (char *p = text; *p != '\0';) {
            char *nl = strchr(p, '\n');
            size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
            if (len > 0 && p[len - 1] == '\r')
                len--;
            line_no++;
            if (len >= 2 && p[0] == '#' && p[1] == '!') {
                if (set->n == set->cap) {
                    set->cap = set->cap ? 2 * set->cap : 16;
                    set->blocks = realloc(set->blocks, set->cap * sizeof *set->blocks);
                    assert_non_null(set->blocks);
                }
                cur = &set->blocks[set->n++];
                memset(cur, 0, sizeof *cur);
                cur->file = list_files[f];
                cur->line = line_no;
                parse_directive(cur, p, len);
            } else if (len == 0 || p[0] == '#' || strncmp(p, "date,", 5) == 0) {
                /* comment, blank or header */
            } else {
                if (cur == NULL)
                    fail_msg("%s:%d: row before any #! line", list_files[f], line_no);
                if (len < 12 || p[10] != ',')
                    fail_msg("%s:%d: expected date,event", list_files[f], line_no);
                char date_text[11];
                memcpy(date_text, p, 10);
                date_text[10] = '\0';
                const char *ev = p + 11;
                const char *comma = memchr(ev, ',', len - 11);
                size_t ev_len = comma != NULL ? (size_t)(comma - ev) : len - 11;
                if (cur->n_rows == cur->cap) {
                    cur->cap = cur->cap ? 2 * cur->cap : 64;
                    cur->rows = realloc(cur->rows, cur->cap * sizeof *cur->rows);
                    assert_non_null(cur->rows);
                }
                list_row *r = &cur->rows[cur->n_rows++];
                copy_name(r->event, ev, ev_len);
                r->date = date_of(date_text);
                int listed = 0;
                for (size_t e = 0; e < cur->n_events; e++)
                    listed |= strcmp(cur->events[e], r->event) == 0;
                int32_t y = year_of(r->date);
                if (!listed || y < cur->y1 || y > cur->y2)
                    fail_msg("%s:%d: row outside its block (event or year)",
                             list_files[f], line_no);
            }
            if (nl == NULL)
                break;
            p = nl + 1;
        }
        free(text);
    }
}

static void
free_lists(block_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->blocks[i].rows);
    free(set->blocks);
}

static int
compare_dates(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void
print_dates(const char *label, const int32_t *d, size_t n)
{
    printf(" %s [", label);
    for (size_t i = 0; i < n; i++) {
        char text[11];
        fmt(d[i], text);
        printf("%s%s", i ? " " : "", text);
    }
    printf("]");
}

/* Compare one preset with one block; returns the number of mismatches
 * (each printed). */
static int
check_block(const block *b, const char *preset)
{
    int mismatches = 0;
    wfm_calendar *cal = load(preset);
    for (size_t e = 0; e < b->n_events; e++)
        if (find_event(cal, b->events[e]) < 0) {
            printf("# MISMATCH preset %s has no event %s (%s:%d)\n", preset,
                   b->events[e], b->file, b->line);
            mismatches++;
        }
    int32_t first = ymd(b->y1, 1, 1), last = ymd(b->y2, 12, 31);
    wfm_calendar_days *days = expand(cal, first, last);
    size_t n_occ = wfm_calendar_days_occurrence_count(days);
    int32_t *got = malloc((n_occ + 1) * sizeof *got);
    int32_t *want = malloc((b->n_rows + 1) * sizeof *want);
    assert_non_null(got);
    assert_non_null(want);
    for (size_t e = 0; e < b->n_events; e++) {
        for (int32_t y = b->y1; y <= b->y2; y++) {
            size_t n_got = 0, n_want = 0;
            for (size_t i = 0; i < n_occ; i++) {
                int32_t ev, f, l;
                assert_int_equal(wfm_calendar_days_occurrence(days, i, &ev, &f, &l,
                                                              NULL, NULL, NULL),
                                 WFM_OK);
                if (f < first || f > last || year_of(f) != y ||
                    strcmp(wfm_calendar_days_event_name(days, ev), b->events[e]) != 0)
                    continue;
                if (l != f) {
                    printf("# MISMATCH preset %s, event %s, year %d: a run of days, "
                           "not one day\n", preset, b->events[e], (int)y);
                    mismatches++;
                }
                got[n_got++] = f;
            }
            for (size_t r = 0; r < b->n_rows; r++)
                if (strcmp(b->rows[r].event, b->events[e]) == 0 &&
                    year_of(b->rows[r].date) == y)
                    want[n_want++] = b->rows[r].date;
            qsort(got, n_got, sizeof *got, compare_dates);
            qsort(want, n_want, sizeof *want, compare_dates);
            if (n_got != n_want || memcmp(got, want, n_got * sizeof *got) != 0) {
                printf("# MISMATCH preset %s, event %s, year %d:", preset,
                       b->events[e], (int)y);
                print_dates("published", want, n_want);
                print_dates("got", got, n_got);
                printf(" (%s:%d)\n", b->file, b->line);
                mismatches++;
            }
        }
    }
    free(got);
    free(want);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
    return mismatches;
}

/* Every preset against every published list that names it. */
static void
test_published_lists(void **state)
{
    (void)state;
    block_set set;
    load_lists(&set);
    int mismatches = 0, checks = 0;
    for (size_t i = 0; i < set.n; i++)
        for (size_t p = 0; p < set.blocks[i].n_presets; p++) {
            mismatches += check_block(&set.blocks[i], set.blocks[i].presets[p]);
            checks++;
        }
    printf("# %d preset/list checks, %d mismatches\n", checks, mismatches);
    free_lists(&set);
    assert_int_equal(mismatches, 0);
}

/* Every event of every preset is checked by at least one list. */
static void
test_lists_cover_every_event(void **state)
{
    (void)state;
    block_set set;
    load_lists(&set);
    int uncovered = 0;
    for (size_t p = 0; p < N_PRESETS; p++) {
        wfm_calendar *cal = load(expected_presets[p]);
        for (size_t e = 0; e < wfm_calendar_event_count(cal); e++) {
            const char *name = wfm_calendar_event_name(cal, e);
            int covered = 0;
            for (size_t b = 0; b < set.n && !covered; b++)
                for (size_t q = 0; q < set.blocks[b].n_presets && !covered; q++) {
                    if (strcmp(set.blocks[b].presets[q], expected_presets[p]) != 0)
                        continue;
                    for (size_t k = 0; k < set.blocks[b].n_events; k++)
                        covered |= strcmp(set.blocks[b].events[k], name) == 0;
                }
            covered |= is_retail_preset(expected_presets[p]) && is_rule_checked(name);
            if (!covered) {
                printf("# preset %s, event %s: no published list checks it\n",
                       expected_presets[p], name);
                uncovered++;
            }
        }
        wfm_calendar_free(cal);
    }
    free_lists(&set);
    assert_int_equal(uncovered, 0);
}

/* ---- the preset table ----------------------------------------------------- */

static int
is_snake_name(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static void
test_preset_names(void **state)
{
    (void)state;
    size_t n = 0;
    int seen[N_PRESETS] = { 0 };
    for (const char *name; (name = wfm_calendar_preset_name(n)) != NULL; n++) {
        assert_true(n < 64);
        assert_ptr_equal(name, cal_preset_at(n));
        int known = 0;
        for (size_t k = 0; k < N_PRESETS; k++)
            if (strcmp(name, expected_presets[k]) == 0) {
                assert_int_equal(seen[k], 0);
                seen[k] = known = 1;
            }
        if (!known)
            fail_msg("unexpected preset '%s'", name);
        const char *text = cal_preset_text(name);
        assert_non_null(text);
        /* Version line, then a comment header, then the events. */
        assert_int_equal(strncmp(text, "wfm-calendar 1\n#", 16), 0);
        assert_true(strlen(text) < 4095);
    }
    assert_int_equal(n, N_PRESETS);
    assert_null(wfm_calendar_preset_name(N_PRESETS));
    assert_null(wfm_calendar_preset_name((size_t)-1));
    assert_null(cal_preset_at(N_PRESETS));
    assert_null(cal_preset_text("no-such-preset"));
    assert_null(cal_preset_text(""));
    assert_null(cal_preset_text(NULL));
}

/* Each preset loads, its event names are stable lower_snake_case and
 * unique, it expands over a century, every occurrence is one day but for
 * the retail seasons (cyber_week 5 days, peak_season 40, returns_wave 37),
 * and only the retail presets' Christmas Day is closed. */
static void
test_presets_load(void **state)
{
    (void)state;
    for (size_t p = 0; p < N_PRESETS; p++) {
        const char *preset = expected_presets[p];
        wfm_calendar *cal = load(preset);
        assert_string_equal(wfm_calendar_errmsg(cal), "");
        size_t n = wfm_calendar_event_count(cal);
        assert_true(n >= 10);
        for (size_t i = 0; i < n; i++) {
            const char *name = wfm_calendar_event_name(cal, i);
            if (!is_snake_name(name))
                fail_msg("preset %s: event name '%s' is not lower_snake_case",
                         preset, name);
            for (size_t j = 0; j < i; j++)
                assert_string_not_equal(name, wfm_calendar_event_name(cal, j));
        }
        wfm_calendar_days *days = expand(cal, ymd(1950, 1, 1), ymd(2049, 12, 31));
        int retail = is_retail_preset(preset);
        for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days); i++) {
            int32_t e, f, l, closed;
            assert_int_equal(wfm_calendar_days_occurrence(days, i, &e, &f, &l, NULL,
                                                          NULL, &closed), WFM_OK);
            const char *name = wfm_calendar_days_event_name(days, e);
            /* Single days, but for the retail presets' three seasons. */
            int32_t want_days = 1;
            if (retail && strcmp(name, "cyber_week") == 0)
                want_days = 5;
            else if (retail && strcmp(name, "peak_season") == 0)
                want_days = 40;
            else if (retail && strcmp(name, "returns_wave") == 0)
                want_days = 37;
            if (l - f + 1 != want_days) {
                char text[11];
                fmt(f, text);
                fail_msg("preset %s, event %s, %s: %d days, expected %d", preset, name,
                         text, (int)(l - f + 1), (int)want_days);
            }
            int want_closed = retail && strcmp(name, "christmas") == 0;
            if (closed != want_closed) {
                char text[11];
                fmt(f, text);
                fail_msg("preset %s, event %s, %s: closed %d, expected %d", preset,
                         name, text, (int)closed, want_closed);
            }
        }
        wfm_calendar_days_free(days);
        wfm_calendar_free(cal);
    }
}

/* The retail windows, as the preset comments explain them. */
static void
test_retail_windows(void **state)
{
    (void)state;
    static const struct {
        const char *preset, *event, *date;
        int32_t lead, lag;
    } cases[] = {
        { "us-retail", "new_years_day", "2025-01-01", 0, 1 },
        { "us-retail", "memorial_day", "2025-05-26", 0, 1 },
        { "us-retail", "independence_day", "2025-07-04", 1, 1 },
        { "us-retail", "halloween", "2025-10-31", 0, 0 },
        { "us-retail", "thanksgiving", "2025-11-27", 1, 0 },
        { "us-retail", "black_friday", "2025-11-28", 0, 2 },
        { "us-retail", "cyber_monday", "2025-12-01", 0, 1 },
        { "us-retail", "christmas_eve", "2025-12-24", 0, 0 },
        { "us-retail", "christmas", "2025-12-25", 0, 2 },
        { "us-retail", "new_years_eve", "2025-12-31", 0, 0 },
        { "uk-retail", "black_friday", "2025-11-28", 0, 2 },
        { "uk-retail", "cyber_monday", "2025-12-01", 0, 1 },
        { "uk-retail", "boxing_day", "2025-12-26", 0, 0 },
        { "uk-retail", "boxing_day_bank_holiday", "2025-12-26", 0, 0 },
        { "uk-retail", "christmas", "2025-12-25", 0, 0 },
        { "uk-retail", "summer_bank_holiday", "2025-08-25", 0, 1 },
        /* The shopping days: no window (2025: Easter 20 April, Thanksgiving
         * 27 November, 1 December a Monday, 24 December a Wednesday). */
        { "us-retail", "valentines_day", "2025-02-14", 0, 0 },
        { "us-retail", "mothers_day", "2025-05-11", 0, 0 },
        { "uk-retail", "mothers_day", "2025-03-30", 0, 0 },
        { "us-retail", "fathers_day", "2025-06-15", 0, 0 },
        { "uk-retail", "fathers_day", "2025-06-15", 0, 0 },
        { "us-retail", "singles_day", "2025-11-11", 0, 0 },
        { "uk-retail", "peak_season", "2025-11-15", 0, 0 },
        { "us-retail", "cyber_week", "2025-11-27", 0, 0 },
        { "uk-retail", "cyber_week", "2025-11-27", 0, 0 },
        { "us-retail", "green_monday", "2025-12-08", 0, 0 },
        { "uk-retail", "super_saturday", "2025-12-20", 0, 0 },
        { "us-retail", "returns_wave", "2025-12-26", 0, 0 },
        { "us-federal", "christmas", "2025-12-25", 0, 0 },
        { "se", "midsommarafton", "2025-06-20", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wfm_calendar *cal = load(cases[i].preset);
        wfm_calendar_days *days = expand(cal, ymd(2025, 1, 1), ymd(2025, 12, 31));
        occ o;
        if (!find_occurrence(days, cases[i].event, date_of(cases[i].date), &o))
            fail_msg("preset %s: no %s on %s", cases[i].preset, cases[i].event,
                     cases[i].date);
        if (o.lead != cases[i].lead || o.lag != cases[i].lag)
            fail_msg("preset %s, event %s: window -%d..+%d, expected -%d..+%d",
                     cases[i].preset, cases[i].event, (int)o.lead, (int)o.lag,
                     (int)cases[i].lead, (int)cases[i].lag);
        wfm_calendar_days_free(days);
        wfm_calendar_free(cal);
    }
}

/* uk-retail's Boxing Day is 26 December itself, when the sales and their
 * contacts happen, whatever the weekday; boxing_day_bank_holiday is the
 * bank holiday with its substitute day (GOV.UK: 2020-12-28, 2021-12-28,
 * 2026-12-28), as christmas and christmas_bank_holiday (issue 12). */
static void
test_uk_boxing_day(void **state)
{
    (void)state;
    static const struct {
        int32_t year, christmas_bank_holiday, boxing_day_bank_holiday;
    } years[] = {
        { 2020, 25, 28 }, /* Friday 25, Saturday 26 */
        { 2021, 27, 28 }, /* Saturday 25, Sunday 26 */
        { 2022, 27, 26 }, /* Sunday 25, Monday 26 */
        { 2025, 25, 26 }, /* Thursday, Friday */
        { 2026, 25, 28 }, /* Friday 25, Saturday 26 */
    };
    wfm_calendar *cal = load("uk-retail");
    wfm_calendar_days *days = expand(cal, ymd(2020, 1, 1), ymd(2026, 12, 31));
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        int32_t y = years[i].year;
        occ o;
        if (!find_occurrence(days, "boxing_day", ymd(y, 12, 26), &o))
            fail_msg("uk-retail: no boxing_day on %d-12-26", (int)y);
        assert_int_equal(o.closed, 0);
        if (!find_occurrence(days, "boxing_day_bank_holiday",
                             ymd(y, 12, years[i].boxing_day_bank_holiday), &o))
            fail_msg("uk-retail: no boxing_day_bank_holiday on %d-12-%02d", (int)y,
                     (int)years[i].boxing_day_bank_holiday);
        assert_true(find_occurrence(days, "christmas_bank_holiday",
                                    ymd(y, 12, years[i].christmas_bank_holiday), &o));
        assert_true(find_occurrence(days, "christmas", ymd(y, 12, 25), &o));
        assert_int_equal(o.closed, 1);
    }
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

/* `christmas` is 25 December and `boxing_day` 26 December in every preset
 * that has them, every year 1950-2049: the day itself, never a substitute
 * or observed day. The one exception is us-federal's `christmas`, which is
 * documented as the day federal offices observe (Friday 24 December 2021). */
static void
test_christmas_days_themselves(void **state)
{
    (void)state;
    static const struct {
        const char *event;
        int32_t day;
    } names[] = { { "christmas", 25 }, { "boxing_day", 26 } };
    int checked = 0;
    for (size_t p = 0; p < N_PRESETS; p++) {
        wfm_calendar *cal = load(expected_presets[p]);
        wfm_calendar_days *days = expand(cal, ymd(1950, 1, 1), ymd(2049, 12, 31));
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (find_event(cal, names[k].event) < 0 ||
                (strcmp(expected_presets[p], "us-federal") == 0 &&
                 strcmp(names[k].event, "christmas") == 0))
                continue;
            int32_t n = 0;
            for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days); i++) {
                int32_t e, f, y, m, d;
                assert_int_equal(wfm_calendar_days_occurrence(days, i, &e, &f, NULL, NULL,
                                                              NULL, NULL), WFM_OK);
                if (strcmp(wfm_calendar_days_event_name(days, e), names[k].event) != 0)
                    continue;
                assert_int_equal(wfm_date_to_ymd(f, &y, &m, &d), WFM_OK);
                if (m != 12 || d != names[k].day) {
                    char text[11];
                    fmt(f, text);
                    fail_msg("preset %s: %s on %s", expected_presets[p], names[k].event, text);
                }
                n++;
            }
            assert_int_equal(n, 100);
            checked++;
        }
        wfm_calendar_days_free(days);
        wfm_calendar_free(cal);
    }
    assert_int_equal(checked, 9); /* christmas: 6 presets (not us-federal); boxing_day: 3 */
}

/* ---- using presets ---------------------------------------------------------- */

static void
assert_same_events(const wfm_calendar *cal, char **names, size_t n)
{
    assert_int_equal(wfm_calendar_event_count(cal), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(wfm_calendar_event_name(cal, i), names[i]);
}

static char **
snapshot_events(const wfm_calendar *cal, size_t *n)
{
    *n = wfm_calendar_event_count(cal);
    char **names = calloc(*n + 1, sizeof *names);
    assert_non_null(names);
    for (size_t i = 0; i < *n; i++) {
        names[i] = strdup(wfm_calendar_event_name(cal, i));
        assert_non_null(names[i]);
    }
    return names;
}

static void
free_snapshot(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void
test_unknown_preset(void **state)
{
    (void)state;
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    assert_int_equal(wfm_calendar_add_preset(cal, "no-such-preset"), WFM_ENOTFOUND);
    assert_int_equal(wfm_calendar_event_count(cal), 0);
    assert_true(strlen(wfm_calendar_errmsg(cal)) > 0);

    assert_int_equal(wfm_calendar_add_preset(cal, "us-retail"), WFM_OK);
    size_t n;
    char **names = snapshot_events(cal, &n);
    assert_int_equal(wfm_calendar_add_preset(cal, "US-Retail "), WFM_ENOTFOUND);
    assert_same_events(cal, names, n);
    assert_int_equal(wfm_calendar_add_preset(cal, ""), WFM_ENOTFOUND);
    assert_same_events(cal, names, n);
    assert_int_equal(wfm_calendar_add_preset(cal, NULL), WFM_EINVAL);
    assert_same_events(cal, names, n);
    /* A `preset` line naming an unknown preset: all or nothing. */
    static const char text[] = "wfm-calendar 1\n"
                               "my_launch = 2026-05-12\n"
                               "preset no-such-preset\n";
    assert_int_equal(wfm_calendar_add_text(cal, text, sizeof text - 1, "t.cal"),
                     WFM_ENOTFOUND);
    assert_same_events(cal, names, n);
    assert_int_equal(wfm_calendar_add_preset(NULL, "us-retail"), WFM_EMISUSE);
    /* The calendar still works. */
    wfm_calendar_days *days = expand(cal, ymd(2025, 11, 1), ymd(2025, 12, 31));
    occ o;
    assert_true(find_occurrence(days, "black_friday", ymd(2025, 11, 28), &o));
    wfm_calendar_days_free(days);
    free_snapshot(names, n);
    wfm_calendar_free(cal);
}

/* uk-retail then us-retail: one `christmas` (us-retail's definition, in
 * uk-retail's place); events of either preset alone stay. */
static void
test_combine_presets(void **state)
{
    (void)state;
    wfm_calendar *uk = load("uk-retail"), *us = load("us-retail");
    wfm_calendar *both = load("uk-retail");
    assert_int_equal(wfm_calendar_add_preset(both, "us-retail"), WFM_OK);

    size_t union_count = wfm_calendar_event_count(uk);
    for (size_t i = 0; i < wfm_calendar_event_count(us); i++)
        if (find_event(uk, wfm_calendar_event_name(us, i)) < 0)
            union_count++;
    assert_int_equal(wfm_calendar_event_count(both), union_count);
    size_t christmases = 0;
    for (size_t i = 0; i < wfm_calendar_event_count(both); i++)
        christmases += strcmp(wfm_calendar_event_name(both, i), "christmas") == 0;
    assert_int_equal(christmases, 1);
    assert_int_equal(find_event(both, "christmas"), find_event(uk, "christmas"));

    wfm_calendar_days *days = expand(both, ymd(2021, 1, 1), ymd(2022, 12, 31));
    occ o;
    /* christmas: us-retail's window and closed day. */
    assert_true(find_occurrence(days, "christmas", ymd(2021, 12, 25), &o));
    assert_int_equal(o.closed, 1);
    assert_int_equal(o.lag, 2);
    /* uk-retail's bank holidays and substitutes are still there. */
    assert_true(find_occurrence(days, "christmas_bank_holiday", ymd(2021, 12, 27), &o));
    assert_true(find_occurrence(days, "boxing_day_bank_holiday", ymd(2021, 12, 28), &o));
    assert_true(find_occurrence(days, "boxing_day", ymd(2021, 12, 26), &o));
    assert_true(find_occurrence(days, "spring_bank_holiday_moved", ymd(2022, 6, 2), &o));
    /* new_years_day now us-retail's: the day itself, no substitute. */
    assert_true(find_occurrence(days, "new_years_day", ymd(2022, 1, 1), &o));
    assert_false(find_occurrence(days, "new_years_day", ymd(2022, 1, 3), &o));
    /* Black Friday: the same day by either definition. */
    assert_true(find_occurrence(days, "black_friday", ymd(2021, 11, 26), &o));
    assert_true(find_occurrence(days, "thanksgiving", ymd(2021, 11, 25), &o));
    /* Exactly one row per (date, event): one christmas row on 2022-12-25. */
    size_t rows_on_christmas = 0;
    for (size_t r = 0; r < wfm_calendar_days_count(days); r++) {
        int32_t date, ev, offset, closed;
        assert_int_equal(wfm_calendar_days_row(days, r, &date, &ev, &offset, &closed),
                         WFM_OK);
        if (date == ymd(2022, 12, 25) &&
            strcmp(wfm_calendar_days_event_name(days, ev), "christmas") == 0) {
            rows_on_christmas++;
            assert_int_equal(offset, 0);
            assert_int_equal(closed, 1);
        }
    }
    assert_int_equal(rows_on_christmas, 1);
    wfm_calendar_days_free(days);
    wfm_calendar_free(both);

    /* The other order: still one christmas, now uk-retail's (no window). */
    both = load("us-retail");
    assert_int_equal(wfm_calendar_add_preset(both, "uk-retail"), WFM_OK);
    assert_int_equal(wfm_calendar_event_count(both), union_count);
    assert_int_equal(find_event(both, "christmas"), find_event(us, "christmas"));
    days = expand(both, ymd(2021, 1, 1), ymd(2021, 12, 31));
    assert_true(find_occurrence(days, "christmas", ymd(2021, 12, 25), &o));
    assert_int_equal(o.closed, 1);
    assert_int_equal(o.lag, 0);
    wfm_calendar_days_free(days);
    wfm_calendar_free(both);
    wfm_calendar_free(uk);
    wfm_calendar_free(us);
}

/* Redefining a preset's event replaces it in place; the same text works
 * with either retail preset (both define thanksgiving). */
static void
redefine_black_friday(const char *preset)
{
    wfm_calendar *cal = load(preset);
    size_t n = wfm_calendar_event_count(cal);
    long index = find_event(cal, "black_friday");
    assert_true(index >= 0);
    static const char text[] = "wfm-calendar 1\n"
                               "black_friday = thanksgiving + 1 window=-2..+5\n";
    int32_t status = wfm_calendar_add_text(cal, text, sizeof text - 1, "mine.cal");
    if (status != WFM_OK)
        fail_msg("add_text: %d: %s", (int)status, wfm_calendar_errmsg(cal));
    assert_int_equal(wfm_calendar_event_count(cal), n);
    assert_int_equal(find_event(cal, "black_friday"), index);

    wfm_calendar_days *days = expand(cal, ymd(2025, 11, 1), ymd(2025, 12, 31));
    occ o;
    assert_true(find_occurrence(days, "black_friday", ymd(2025, 11, 28), &o));
    assert_int_equal(o.lead, 2);
    assert_int_equal(o.lag, 5);
    assert_int_equal(o.closed, 0);
    /* Rows: 2025-11-26 (-2) … 2025-12-03 (+5), one per day. */
    int32_t want = ymd(2025, 11, 26);
    for (size_t r = 0; r < wfm_calendar_days_count(days); r++) {
        int32_t date, ev, offset;
        assert_int_equal(wfm_calendar_days_row(days, r, &date, &ev, &offset, NULL),
                         WFM_OK);
        if (strcmp(wfm_calendar_days_event_name(days, ev), "black_friday") != 0)
            continue;
        assert_int_equal(date, want);
        assert_int_equal(offset, want - ymd(2025, 11, 28));
        want++;
    }
    assert_int_equal(want, ymd(2025, 12, 4));
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

static void
test_redefine_after_preset(void **state)
{
    (void)state;
    redefine_black_friday("us-retail");
    redefine_black_friday("uk-retail");
}

/* The example of the file-format documentation (wfm/calendar.h). */
static void
test_documented_example(void **state)
{
    (void)state;
    static const char text[] =
        "wfm-calendar 1\n"
        "preset us-retail\n"
        "# our own events\n"
        "may_launch    = 2026-05-12 window=-3..+7\n"
        "peak_season   = 11-15 .. 12-24\n"
        "returns_wave  = 12-26 .. 01-31\n"
        "black_friday  = thanksgiving + 1 window=-1..+3   # redefines the preset's\n";
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    int32_t status = wfm_calendar_add_text(cal, text, sizeof text - 1, "example.cal");
    if (status != WFM_OK)
        fail_msg("add_text: %d: %s", (int)status, wfm_calendar_errmsg(cal));
    wfm_calendar *us = load("us-retail");
    /* Since 1.3 us-retail has peak_season and returns_wave itself, with the
     * same rules: the example redefines them; may_launch is new. */
    assert_int_equal(wfm_calendar_event_count(cal), wfm_calendar_event_count(us) + 1);
    assert_int_equal(find_event(cal, "peak_season"), find_event(us, "peak_season"));
    assert_int_equal(find_event(cal, "returns_wave"), find_event(us, "returns_wave"));
    wfm_calendar_days *days = expand(cal, ymd(2026, 1, 1), ymd(2026, 12, 31));
    occ o;
    assert_true(find_occurrence(days, "black_friday", ymd(2026, 11, 27), &o));
    assert_int_equal(o.lead, 1);
    assert_int_equal(o.lag, 3);
    assert_true(find_occurrence(days, "peak_season", ymd(2026, 11, 15), &o));
    assert_int_equal(o.last, ymd(2026, 12, 24));
    assert_true(find_occurrence(days, "returns_wave", ymd(2026, 12, 26), &o));
    assert_int_equal(o.last, ymd(2027, 1, 31));
    wfm_calendar_days_free(days);
    wfm_calendar_free(us);
    wfm_calendar_free(cal);
}

/* A name shared by two presets means the same day: for each occurrence of
 * such an event in one preset, the other has it on the same day, or on a
 * day at most 3 days away with a weekend day between (an observed shift in
 * one of them), or not at all that season (a years= limit), 1990-2040.
 * The one documented exception: `mothers_day`, each market's own Mother's
 * Day (us-retail: May; uk-retail: Mothering Sunday, March or April). */
static int
is_local_name(const char *name)
{
    return strcmp(name, "mothers_day") == 0;
}

static int
is_weekend(int32_t date)
{
    int32_t wd = 0;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    return wd >= 6;
}

static void
test_shared_names_same_day(void **state)
{
    (void)state;
    wfm_calendar *cals[N_PRESETS];
    wfm_calendar_days *days[N_PRESETS];
    int32_t first = ymd(1990, 1, 1), last = ymd(2040, 12, 31);
    for (size_t p = 0; p < N_PRESETS; p++) {
        cals[p] = load(expected_presets[p]);
        days[p] = expand(cals[p], first, last);
    }
    int conflicts = 0, shared = 0;
    for (size_t a = 0; a < N_PRESETS; a++)
        for (size_t b = 0; b < N_PRESETS; b++) {
            if (a == b)
                continue;
            for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days[a]); i++) {
                int32_t ea, fa;
                assert_int_equal(wfm_calendar_days_occurrence(days[a], i, &ea, &fa, NULL,
                                                              NULL, NULL, NULL), WFM_OK);
                const char *name = wfm_calendar_days_event_name(days[a], ea);
                if (fa < first + 7 || fa > last - 7 || find_event(cals[b], name) < 0 ||
                    is_local_name(name))
                    continue;
                shared++;
                int32_t nearest = INT32_MAX, best = INT32_MAX;
                for (size_t j = 0; j < wfm_calendar_days_occurrence_count(days[b]); j++) {
                    int32_t eb, fb;
                    assert_int_equal(wfm_calendar_days_occurrence(days[b], j, &eb, &fb,
                                                                  NULL, NULL, NULL, NULL),
                                     WFM_OK);
                    if (strcmp(wfm_calendar_days_event_name(days[b], eb), name) == 0 &&
                        abs(fb - fa) < best) {
                        best = abs(fb - fa);
                        nearest = fb;
                    }
                }
                int ok;
                if (best > 120) {
                    ok = 1; /* not that season: a years= limit */
                } else if (nearest == fa) {
                    ok = 1;
                } else {
                    ok = 0;
                    if (best <= 3) {
                        int32_t lo = nearest < fa ? nearest : fa, hi = nearest ^ fa ^ lo;
                        for (int32_t d = lo; d <= hi; d++)
                            ok |= is_weekend(d);
                    }
                }
                if (!ok) {
                    char ta[11], tb[11];
                    fmt(fa, ta);
                    fmt(nearest, tb);
                    printf("# event %s: preset %s has %s, preset %s %s\n", name,
                           expected_presets[a], ta, expected_presets[b], tb);
                    conflicts++;
                }
            }
        }
    printf("# %d occurrences of shared names compared\n", shared);
    for (size_t p = 0; p < N_PRESETS; p++) {
        wfm_calendar_days_free(days[p]);
        wfm_calendar_free(cals[p]);
    }
    assert_true(shared > 1000);
    assert_int_equal(conflicts, 0);
}

/* Writing a preset calendar and reading the text back gives the same
 * expansion. */
static void
test_write_round_trip(void **state)
{
    (void)state;
    for (size_t p = 0; p < N_PRESETS; p++) {
        wfm_calendar *cal = load(expected_presets[p]);
        size_t length = 0;
        assert_int_equal(wfm_calendar_write(cal, NULL, 0, &length), WFM_ERANGE);
        char *text = malloc(length + 1);
        assert_non_null(text);
        assert_int_equal(wfm_calendar_write(cal, text, length + 1, &length), WFM_OK);
        wfm_calendar *again = NULL;
        assert_int_equal(wfm_calendar_new(&again), WFM_OK);
        int32_t status = wfm_calendar_add_text(again, text, length, "written");
        if (status != WFM_OK)
            fail_msg("preset %s written back does not parse: %s\n%s",
                     expected_presets[p], wfm_calendar_errmsg(again), text);
        wfm_calendar_days *d1 = expand(cal, ymd(1990, 1, 1), ymd(2040, 12, 31));
        wfm_calendar_days *d2 = expand(again, ymd(1990, 1, 1), ymd(2040, 12, 31));
        size_t n = wfm_calendar_days_count(d1);
        assert_int_equal(wfm_calendar_days_count(d2), n);
        for (size_t r = 0; r < n; r++) {
            int32_t a[4], b[4];
            assert_int_equal(wfm_calendar_days_row(d1, r, &a[0], &a[1], &a[2], &a[3]),
                             WFM_OK);
            assert_int_equal(wfm_calendar_days_row(d2, r, &b[0], &b[1], &b[2], &b[3]),
                             WFM_OK);
            assert_memory_equal(a, b, sizeof a);
            assert_string_equal(wfm_calendar_days_event_name(d1, a[1]),
                                wfm_calendar_days_event_name(d2, b[1]));
        }
        wfm_calendar_days_free(d1);
        wfm_calendar_days_free(d2);
        wfm_calendar_free(again);
        wfm_calendar_free(cal);
        free(text);
    }
}

int
main(void)
{
    /* test-util.h reads the data from $WFM_TEST_DATA, else from tests/data
     * under the working directory: default the variable to the directory
     * meson compiled in, so that the test runs from any directory. */
    if (getenv("WFM_TEST_DATA") == NULL || getenv("WFM_TEST_DATA")[0] == '\0')
        setenv("WFM_TEST_DATA", WFM_TEST_DATA_DIR, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preset_names),
        cmocka_unit_test(test_presets_load),
        cmocka_unit_test(test_independent_date_code),
        cmocka_unit_test(test_retail_seasons_independent),
        cmocka_unit_test(test_retail_older_events_kept),
        cmocka_unit_test(test_published_lists),
        cmocka_unit_test(test_lists_cover_every_event),
        cmocka_unit_test(test_retail_windows),
        cmocka_unit_test(test_uk_boxing_day),
        cmocka_unit_test(test_christmas_days_themselves),
        cmocka_unit_test(test_unknown_preset),
        cmocka_unit_test(test_combine_presets),
        cmocka_unit_test(test_redefine_after_preset),
        cmocka_unit_test(test_documented_example),
        cmocka_unit_test(test_shared_names_same_day),
        cmocka_unit_test(test_write_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
