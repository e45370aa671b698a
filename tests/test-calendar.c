/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dates and calendar expansion: the date functions against an independent
 * day-by-day walk of the Gregorian calendar, expansion semantics against
 * hand-worked cases (windows, seasons across the year end, US and UK
 * observed days, relative rules, overlaps), every misuse, and every
 * allocation of every calendar function failing in turn. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "wfm.h"
#include "test-alloc-fail.h"

/* ---- dates ---------------------------------------------------------- */

/* Walk every day from 0001-01-01 to 9999-12-31 with a month table and the
 * leap rule written out here, and check number, Y-M-D, weekday and text. */
static void
test_dates_walk(void **state)
{
    (void)state;
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int32_t y = 1, m = 1, d = 1, number = WFM_DATE_MIN;
    int weekday = 1; /* 0001-01-01 was a Monday (proleptic Gregorian) */
    long checked = 0;
    for (;;) {
        int32_t got;
        assert_int_equal(wfm_date_from_ymd(y, m, d, &got), WFM_OK);
        if (got != number)
            fail_msg("%04d-%02d-%02d: %d, want %d", (int)y, (int)m, (int)d, (int)got, (int)number);
        if (y % 97 == 0 || (y >= 1900 && y <= 2200)) { /* the rest sampled */
            int32_t yy, mm, dd, wd;
            assert_int_equal(wfm_date_to_ymd(number, &yy, &mm, &dd), WFM_OK);
            assert_true(yy == y && mm == m && dd == d);
            assert_int_equal(wfm_date_weekday(number, &wd), WFM_OK);
            assert_int_equal(wd, weekday);
            char text[11], want[40];
            assert_int_equal(wfm_date_format(number, text, sizeof text), WFM_OK);
            snprintf(want, sizeof want, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
            assert_string_equal(text, want);
            assert_int_equal(wfm_date_parse(want, &got), WFM_OK);
            assert_int_equal(got, number);
        }
        checked++;
        if (y == 9999 && m == 12 && d == 31)
            break;
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int days = m == 2 && leap ? 29 : len[m - 1];
        if (++d > days) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        number++;
        weekday = weekday % 7 + 1;
    }
    assert_int_equal(number, WFM_DATE_MAX);
    int32_t epoch;
    assert_int_equal(wfm_date_from_ymd(1970, 1, 1, &epoch), WFM_OK);
    assert_int_equal(epoch, 0);
    print_message("# %ld days checked\n", checked);
}

/* ISO week by its definition: week 1 starts on the Monday on or before
 * 4 January of the ISO year. */
static void
test_iso_week(void **state)
{
    (void)state;
    for (int32_t year = 1900; year <= 2200; year++) {
        int32_t jan4, next_jan4, wd, next_wd;
        assert_int_equal(wfm_date_from_ymd(year, 1, 4, &jan4), WFM_OK);
        assert_int_equal(wfm_date_from_ymd(year + 1, 1, 4, &next_jan4), WFM_OK);
        assert_int_equal(wfm_date_weekday(jan4, &wd), WFM_OK);
        assert_int_equal(wfm_date_weekday(next_jan4, &next_wd), WFM_OK);
        int32_t start = jan4 - (wd - 1), next_start = next_jan4 - (next_wd - 1);
        for (int32_t day = start; day < next_start; day++) {
            int32_t iy, w;
            assert_int_equal(wfm_date_iso_week(day, &iy, &w), WFM_OK);
            assert_int_equal(iy, year);
            assert_int_equal(w, (day - start) / 7 + 1);
        }
    }
    int32_t day, iy, w;
    assert_int_equal(wfm_date_parse("2026-12-31", &day), WFM_OK);
    assert_int_equal(wfm_date_iso_week(day, &iy, &w), WFM_OK);
    assert_true(iy == 2026 && w == 53);
    assert_int_equal(wfm_date_parse("2027-01-01", &day), WFM_OK);
    assert_int_equal(wfm_date_iso_week(day, &iy, &w), WFM_OK);
    assert_true(iy == 2026 && w == 53);
}

static void
test_bad_dates(void **state)
{
    (void)state;
    int32_t day = 12345, y = 7, m = 7, d = 7, w = 7;
    const char *bad[] = { "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
                          "2026-04-31", "0000-01-01", "2026-1-01", "2026-01-01 ",
                          " 2026-01-01", "2026/01/01", "20260101", "", "abcd-ef-gh",
                          "2026-01-0x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(wfm_date_parse(bad[i], &day), WFM_EINVAL);
        assert_int_equal(day, 12345);
    }
    assert_int_equal(wfm_date_parse("2000-02-29", &day), WFM_OK);
    assert_int_equal(wfm_date_parse(NULL, &day), WFM_EINVAL);
    assert_int_equal(wfm_date_parse("2026-01-01", NULL), WFM_EINVAL);
    assert_int_equal(wfm_date_from_ymd(10000, 1, 1, &day), WFM_EINVAL);
    assert_int_equal(wfm_date_from_ymd(2026, 2, 29, &day), WFM_EINVAL);
    assert_int_equal(wfm_date_from_ymd(2026, 1, 1, NULL), WFM_EINVAL);
    assert_int_equal(wfm_date_to_ymd(WFM_DATE_MAX + 1, &y, &m, &d), WFM_EINVAL);
    assert_int_equal(wfm_date_to_ymd(WFM_DATE_MIN - 1, &y, &m, &d), WFM_EINVAL);
    assert_int_equal(wfm_date_to_ymd(0, NULL, &m, &d), WFM_EINVAL);
    assert_true(y == 7 && m == 7 && d == 7);
    assert_int_equal(wfm_date_weekday(WFM_DATE_MAX + 1, &w), WFM_EINVAL);
    assert_int_equal(wfm_date_weekday(0, NULL), WFM_EINVAL);
    char small[10];
    assert_int_equal(wfm_date_format(0, small, sizeof small), WFM_EINVAL);
    assert_int_equal(wfm_date_format(0, NULL, 11), WFM_EINVAL);
    int32_t iy;
    /* 0001-01-01 is a Monday: its week is ISO year 1, but 9999-12-31's
     * Thursday is in range too; a date whose Thursday is not fails. */
    assert_int_equal(wfm_date_iso_week(WFM_DATE_MIN, &iy, &w), WFM_OK);
    assert_int_equal(wfm_date_iso_week(0, NULL, &w), WFM_EINVAL);
}

/* ---- expansion ------------------------------------------------------ */

typedef struct {
    const char *date;
    const char *event;
    int offset, closed;
} want_row;

static wfm_calendar *
calendar_from(const char *text)
{
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    int32_t status = wfm_calendar_add_text(cal, text, strlen(text), "test");
    if (status != WFM_OK)
        fail_msg("add_text: %d: %s", (int)status, wfm_calendar_errmsg(cal));
    return cal;
}

static int32_t
date_of(const char *text)
{
    int32_t day;
    assert_int_equal(wfm_date_parse(text, &day), WFM_OK);
    return day;
}

/* Expand and compare every row, in order. */
static void
expect_rows(const char *text, const char *from, const char *to, const want_row *want,
            size_t n_want)
{
    wfm_calendar *cal = calendar_from(text);
    wfm_calendar_days *days = NULL;
    int32_t status = wfm_calendar_expand(cal, date_of(from), date_of(to), &days);
    if (status != WFM_OK)
        fail_msg("expand: %d: %s", (int)status, wfm_calendar_errmsg(cal));
    wfm_calendar_free(cal); /* the expansion must not depend on it */
    size_t n = wfm_calendar_days_count(days);
    for (size_t i = 0; i < n || i < n_want; i++) {
        char date[11] = "-";
        int32_t day = 0, event = -1, offset = 0, closed = 0;
        if (i < n) {
            assert_int_equal(wfm_calendar_days_row(days, i, &day, &event, &offset, &closed), WFM_OK);
            assert_int_equal(wfm_date_format(day, date, sizeof date), WFM_OK);
        }
        const char *name = i < n ? wfm_calendar_days_event_name(days, event) : "-";
        if (i >= n_want || i >= n || strcmp(date, want[i].date) != 0 ||
            strcmp(name, want[i].event) != 0 || offset != want[i].offset ||
            closed != want[i].closed)
            fail_msg("row %zu: got %s,%s,%d,%d want %s,%s,%d,%d", i, date, name,
                     (int)offset, (int)closed, i < n_want ? want[i].date : "-",
                     i < n_want ? want[i].event : "-", i < n_want ? want[i].offset : 0,
                     i < n_want ? want[i].closed : 0);
    }
    wfm_calendar_days_free(days);
}

#define EXPECT(text, from, to, ...)                                              \
    do {                                                                         \
        const want_row rows_[] = { __VA_ARGS__ };                                \
        expect_rows(text, from, to, rows_, sizeof rows_ / sizeof rows_[0]);      \
    } while (0)

static void
test_fixed_window_closed(void **state)
{
    (void)state;
    EXPECT("wfm-calendar 1\nchristmas = 12-25 window=-2..+1 closed\n",
           "2026-12-20", "2026-12-31",
           { "2026-12-23", "christmas", -2, 0 }, { "2026-12-24", "christmas", -1, 0 },
           { "2026-12-25", "christmas", 0, 1 }, { "2026-12-26", "christmas", 1, 0 });
    /* The window reaches into the range from an event outside it. */
    EXPECT("wfm-calendar 1\nchristmas = 12-25 window=-0..+3\n", "2026-12-27", "2026-12-31",
           { "2026-12-27", "christmas", 2, 0 }, { "2026-12-28", "christmas", 3, 0 });
}

static void
test_relative_and_sorting(void **state)
{
    (void)state;
    /* Thanksgiving 2026 is Thursday 26 November. */
    EXPECT("wfm-calendar 1\n"
           "cyber_monday = thanksgiving + 4\n"
           "thanksgiving = 4th thursday of november\n"
           "black_friday = thanksgiving + 1 window=-1..+1\n"
           "cyber_week = thanksgiving + 0 .. + 4\n",
           "2026-11-25", "2026-12-01",
           { "2026-11-26", "black_friday", -1, 0 }, { "2026-11-26", "cyber_week", 0, 0 },
           { "2026-11-26", "thanksgiving", 0, 0 }, { "2026-11-27", "black_friday", 0, 0 },
           { "2026-11-27", "cyber_week", 0, 0 }, { "2026-11-28", "black_friday", 1, 0 },
           { "2026-11-28", "cyber_week", 0, 0 }, { "2026-11-29", "cyber_week", 0, 0 },
           { "2026-11-30", "cyber_monday", 0, 0 }, { "2026-11-30", "cyber_week", 0, 0 });
}

static void
test_season_across_year_end(void **state)
{
    (void)state;
    wfm_calendar *cal = calendar_from("wfm-calendar 1\nreturns = 12-26 .. 01-31 window=-1..+2\n");
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, date_of("2026-12-20"), date_of("2027-02-05"), &days),
                     WFM_OK);
    /* 12-25 (−1), 12-26 … 01-31 (0: 37 days), 02-01 (+1), 02-02 (+2). */
    assert_int_equal(wfm_calendar_days_count(days), 1 + 37 + 2);
    int32_t day, offset;
    assert_int_equal(wfm_calendar_days_row(days, 0, &day, NULL, &offset, NULL), WFM_OK);
    assert_true(day == date_of("2026-12-25") && offset == -1);
    assert_int_equal(wfm_calendar_days_row(days, 39, &day, NULL, &offset, NULL), WFM_OK);
    assert_true(day == date_of("2027-02-02") && offset == 2);
    assert_int_equal(wfm_calendar_days_occurrence_count(days), 1);
    int32_t event, first, last, lead, lag, closed;
    assert_int_equal(wfm_calendar_days_occurrence(days, 0, &event, &first, &last, &lead, &lag,
                                                  &closed), WFM_OK);
    assert_true(first == date_of("2026-12-26") && last == date_of("2027-01-31"));
    assert_true(lead == 1 && lag == 2 && closed == 0 && event == 0);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

static void
test_observed_us(void **state)
{
    (void)state;
    /* 2022-01-01 is a Saturday: observed Friday 2021-12-31. 2026-07-04 is a
     * Saturday: Friday 07-03. 2027-07-04 is a Sunday: Monday 07-05. */
    EXPECT("wfm-calendar 1\nnew_years_day = 01-01 observed=us\n", "2021-12-25", "2022-01-05",
           { "2021-12-31", "new_years_day", 0, 0 });
    EXPECT("wfm-calendar 1\nindependence_day = 07-04 observed=us closed\n", "2026-06-01",
           "2027-08-01", { "2026-07-03", "independence_day", 0, 1 },
           { "2027-07-05", "independence_day", 0, 1 });
}

static void
test_observed_uk(void **state)
{
    (void)state;
    const char *text = "wfm-calendar 1\n"
                       "christmas = 12-25 observed=uk\n"
                       "boxing_day = 12-26 observed=uk\n"
                       "new_years_day = 01-01 observed=uk\n";
    /* 2021: Christmas Saturday → Monday 27, Boxing Day Sunday → Tuesday 28;
     * New Year's Day 2022 Saturday → Monday 3 January (gov.uk). */
    EXPECT(text, "2021-12-20", "2022-01-05",
           { "2021-12-27", "christmas", 0, 0 }, { "2021-12-28", "boxing_day", 0, 0 },
           { "2022-01-03", "new_years_day", 0, 0 });
    /* 2022: Boxing Day Monday 26 stays; Christmas Sunday → Tuesday 27. */
    EXPECT(text, "2022-12-20", "2022-12-31",
           { "2022-12-26", "boxing_day", 0, 0 }, { "2022-12-27", "christmas", 0, 0 });
    /* 2020: Christmas Friday stays; Boxing Day Saturday → Monday 28. */
    EXPECT(text, "2020-12-20", "2020-12-31",
           { "2020-12-25", "christmas", 0, 0 }, { "2020-12-28", "boxing_day", 0, 0 });
}

static void
test_years_and_missing_dates(void **state)
{
    (void)state;
    EXPECT("wfm-calendar 1\nve_day = 05-08 years=2020..2020\n", "2019-01-01", "2021-12-31",
           { "2020-05-08", "ve_day", 0, 0 });
    EXPECT("wfm-calendar 1\nmay_day = 1st monday of may except=2020\n", "2020-01-01",
           "2021-12-31", { "2021-05-03", "may_day", 0, 0 });
    /* 02-29 exists only in leap years; a fifth Monday in February only
     * when a leap year's 1 February is a Monday (2016: Friday 1 January
     * + 31 days). */
    EXPECT("wfm-calendar 1\nleap = 02-29\n", "2027-01-01", "2028-12-31",
           { "2028-02-29", "leap", 0, 0 });
    EXPECT("wfm-calendar 1\nfifth = 5th monday of february\n", "2015-01-01", "2028-12-31",
           { "2016-02-29", "fifth", 0, 0 });
    /* Midsommardagen: Saturday 20–26 June; Easter 2026 is 5 April. */
    EXPECT("wfm-calendar 1\nmidsommardagen = saturday on or after 06-20\n"
           "midsommarafton = midsommardagen - 1\n",
           "2026-06-01", "2026-06-30", { "2026-06-19", "midsommarafton", 0, 0 },
           { "2026-06-20", "midsommardagen", 0, 0 });
    EXPECT("wfm-calendar 1\ngood_friday = easter - 2\neaster_monday = easter + 1\n",
           "2026-04-01", "2026-04-30", { "2026-04-03", "good_friday", 0, 0 },
           { "2026-04-06", "easter_monday", 0, 0 });
    EXPECT("wfm-calendar 1\npromo = dates 2026-08-10 .. 2026-08-12, 2026-08-20 window=-1..+0\n",
           "2026-08-01", "2026-08-31", { "2026-08-09", "promo", -1, 0 },
           { "2026-08-10", "promo", 0, 0 }, { "2026-08-11", "promo", 0, 0 },
           { "2026-08-12", "promo", 0, 0 }, { "2026-08-19", "promo", -1, 0 },
           { "2026-08-20", "promo", 0, 0 });
}

static void
test_overlap_keeps_nearest(void **state)
{
    (void)state;
    /* Every 1 January with a lag of 366 days: each day in the range is in
     * the window of two occurrences; 2026-12-29 is −3 from 2027-01-01 and
     * +362 from 2026-01-01, 2027-01-02 is +1 and +366. */
    wfm_calendar *cal = calendar_from("wfm-calendar 1\nyear = 01-01 window=-3..+366\n");
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, date_of("2026-12-29"), date_of("2027-01-02"), &days),
                     WFM_OK);
    const int want[] = { -3, -2, -1, 0, 1 };
    assert_int_equal(wfm_calendar_days_count(days), 5);
    for (size_t i = 0; i < 5; i++) {
        int32_t offset;
        assert_int_equal(wfm_calendar_days_row(days, i, NULL, NULL, &offset, NULL), WFM_OK);
        assert_int_equal(offset, want[i]);
    }
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

static void
test_replace_by_name(void **state)
{
    (void)state;
    wfm_calendar *cal = calendar_from("wfm-calendar 1\na = 01-01\nb = 02-02\n");
    const char *more = "wfm-calendar 1\na = 03-03 closed\n";
    assert_int_equal(wfm_calendar_add_text(cal, more, strlen(more), NULL), WFM_OK);
    assert_int_equal(wfm_calendar_event_count(cal), 2);
    assert_string_equal(wfm_calendar_event_name(cal, 0), "a");
    assert_string_equal(wfm_calendar_event_name(cal, 1), "b");
    assert_null(wfm_calendar_event_name(cal, 2));
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, date_of("2026-01-01"), date_of("2026-12-31"), &days),
                     WFM_OK);
    int32_t day, closed;
    assert_int_equal(wfm_calendar_days_count(days), 2);
    assert_int_equal(wfm_calendar_days_row(days, 1, &day, NULL, NULL, &closed), WFM_OK);
    assert_true(day == date_of("2026-03-03") && closed == 1);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

static void
test_reference_errors(void **state)
{
    (void)state;
    wfm_calendar_days *days = (wfm_calendar_days *)&days;
    wfm_calendar *cal = calendar_from("wfm-calendar 1\na = b + 1\nb = c - 1\nc = a + 2\n");
    assert_int_equal(wfm_calendar_expand(cal, 0, 30, &days), WFM_EINVAL);
    assert_null(days);
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "cycle"));
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "'a' -> 'b' -> 'c' -> 'a'"));
    wfm_calendar_free(cal);
    cal = calendar_from("wfm-calendar 1\nblack_friday = thanksgiving + 1\n");
    assert_int_equal(wfm_calendar_expand(cal, 0, 30, &days), WFM_ENOTFOUND);
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "thanksgiving"));
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "black_friday"));
    wfm_calendar_free(cal);
}

static void
test_copy_and_misuse(void **state)
{
    (void)state;
    wfm_calendar *cal = calendar_from("wfm-calendar 1\nx = 12-25 window=-1..+1\n");
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, date_of("2026-12-01"), date_of("2026-12-31"), &days),
                     WFM_OK);
    size_t rows = 99;
    assert_int_equal(wfm_calendar_days_copy(days, NULL, NULL, NULL, NULL, 0, &rows), WFM_ERANGE);
    assert_int_equal(rows, 3);
    int32_t dates[3], events[3], offsets[3], closed[3];
    assert_int_equal(wfm_calendar_days_copy(days, dates, events, offsets, closed, 3, &rows), WFM_OK);
    assert_true(offsets[0] == -1 && offsets[1] == 0 && offsets[2] == 1);
    assert_true(dates[1] == date_of("2026-12-25") && events[1] == 0 && closed[1] == 0);
    assert_int_equal(wfm_calendar_days_copy(days, dates, NULL, NULL, NULL, 3, NULL), WFM_EINVAL);
    assert_int_equal(wfm_calendar_days_row(days, 3, NULL, NULL, NULL, NULL), WFM_EINVAL);
    assert_int_equal(wfm_calendar_days_occurrence(days, 1, NULL, NULL, NULL, NULL, NULL, NULL),
                     WFM_EINVAL);
    assert_int_equal(wfm_calendar_days_event_count(days), 1);
    assert_null(wfm_calendar_days_event_name(days, 1));
    assert_null(wfm_calendar_days_event_name(days, -1));
    /* Misuse: the wrong object, NULL. */
    assert_int_equal(wfm_calendar_days_row((const wfm_calendar_days *)cal, 0, NULL, NULL, NULL,
                                           NULL), WFM_EMISUSE);
    assert_int_equal(wfm_calendar_expand((wfm_calendar *)days, 0, 1, &days), WFM_EMISUSE);
    assert_int_equal(wfm_calendar_days_count(NULL), 0);
    assert_int_equal(wfm_calendar_event_count(NULL), 0);
    assert_non_null(wfm_calendar_errmsg(NULL));
    assert_int_equal(wfm_calendar_add_text(NULL, "", 0, NULL), WFM_EMISUSE);
    assert_int_equal(wfm_calendar_add_text(cal, NULL, 3, NULL), WFM_EINVAL);
    assert_int_equal(wfm_calendar_add_preset(cal, NULL), WFM_EINVAL);
    assert_int_equal(wfm_calendar_add_preset(cal, "atlantis"), WFM_ENOTFOUND);
    assert_int_equal(wfm_calendar_add_file(cal, "/nonexistent/x.cal"), WFM_EIO);
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "/nonexistent/x.cal"));
    assert_int_equal(wfm_calendar_add_prophet_file(cal, "/nonexistent/x.csv"), WFM_EIO);
    assert_int_equal(wfm_calendar_event_count(cal), 1);
    /* Bad ranges. */
    wfm_calendar_days *none = NULL;
    assert_int_equal(wfm_calendar_expand(cal, 10, 9, &none), WFM_EINVAL);
    assert_int_equal(wfm_calendar_expand(cal, date_of("1900-01-01"), date_of("2001-01-01"), &none),
                     WFM_EINVAL);
    assert_int_equal(wfm_calendar_expand(cal, WFM_DATE_MIN - 1, 0, &none), WFM_EINVAL);
    assert_int_equal(wfm_calendar_expand(cal, 0, 1, NULL), WFM_EINVAL);
    assert_null(none);
    assert_int_equal(wfm_calendar_new(NULL), WFM_EINVAL);
    wfm_calendar_days_free(NULL);
    wfm_calendar_free(NULL);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

static void
test_write_size_query(void **state)
{
    (void)state;
    wfm_calendar *cal = calendar_from("wfm-calendar 1\nx = 12-25 closed\n");
    size_t length = 0;
    assert_int_equal(wfm_calendar_write(cal, NULL, 0, &length), WFM_ERANGE);
    assert_true(length > 10);
    /* Every failed call leaves a message; a successful one clears it. */
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "buffer too small"));
    char *text = malloc(length + 1);
    assert_non_null(text);
    assert_int_equal(wfm_calendar_write(cal, text, length, &length), WFM_ERANGE);
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "buffer too small"));
    assert_int_equal(wfm_calendar_write(cal, text, length + 1, &length), WFM_OK);
    assert_string_equal(wfm_calendar_errmsg(cal), "");
    assert_int_equal(strlen(text), length);
    assert_memory_equal(text, "wfm-calendar 1\n", 15);
    assert_int_equal(wfm_calendar_write(cal, text, length + 1, NULL), WFM_EINVAL);
    assert_true(strlen(wfm_calendar_errmsg(cal)) > 0);
    free(text);
    wfm_calendar_free(cal);
}

/* An empty calendar and ranges at the ends of time expand without harm. */
static void
test_edges(void **state)
{
    (void)state;
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, 0, 0, &days), WFM_OK);
    assert_int_equal(wfm_calendar_days_count(days), 0);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
    cal = calendar_from("wfm-calendar 1\nny = 01-01 window=-366..+366 observed=us\n"
                        "e = easter + 1 window=-5..+5\nr = ny - 3000\n");
    assert_int_equal(wfm_calendar_expand(cal, WFM_DATE_MIN, WFM_DATE_MIN + 400, &days), WFM_OK);
    wfm_calendar_days_free(days);
    assert_int_equal(wfm_calendar_expand(cal, WFM_DATE_MAX - 400, WFM_DATE_MAX, &days), WFM_OK);
    size_t n = wfm_calendar_days_count(days);
    int32_t last;
    assert_int_equal(wfm_calendar_days_row(days, n - 1, &last, NULL, NULL, NULL), WFM_OK);
    assert_int_equal(last, WFM_DATE_MAX);
    wfm_calendar_days_free(days);
    wfm_calendar_free(cal);
}

/* ---- out of memory ------------------------------------------------------ */

/* Allocation failures: test-alloc-fail.h. Each calendar function that
 * allocates runs with its 1st, 2nd, ... allocation failing until it
 * succeeds. After each failure: WFM_ENOMEM, a message that says "out of
 * memory", the calendar as it was (its written text), an expansion pointer
 * of NULL, a caller's buffer untouched; nothing leaked and nothing freed
 * that did not come through the harness (alloc_live: a strdup inside libc
 * would show there); and the same call without failures then succeeds with
 * the result of a run that never failed. */

/* A malloc'd copy: not strdup, whose block libc allocates out of sight of
 * alloc_live. */
static char *
copy_of(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    assert_non_null(c);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

/* The calendar's text through wfm_calendar_write (no failures). */
static char *
text_of(const wfm_calendar *cal)
{
    size_t length = 0;
    assert_int_equal(wfm_calendar_write(cal, NULL, 0, &length), WFM_ERANGE);
    char *text = malloc(length + 1);
    assert_non_null(text);
    assert_int_equal(wfm_calendar_write(cal, text, length + 1, &length), WFM_OK);
    return text;
}

/* Runs one call with allocation `budget` (-1: no failures) and, on
 * success, describes its result as text in *result (malloc'd). */
typedef int32_t (*oom_run)(wfm_calendar *cal, const void *arg, long budget, char **result);

/* After a successful add: no message, and the calendar's text. */
static char *
added(const wfm_calendar *cal)
{
    assert_string_equal(wfm_calendar_errmsg(cal), "");
    return text_of(cal);
}

static int32_t
run_add_preset(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    alloc_budget = budget;
    int32_t st = wfm_calendar_add_preset(cal, arg);
    alloc_budget = -1;
    *result = st == WFM_OK ? added(cal) : NULL;
    return st;
}

static int32_t
run_add_text(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    alloc_budget = budget;
    int32_t st = wfm_calendar_add_text(cal, arg, strlen(arg), "oom.cal");
    alloc_budget = -1;
    *result = st == WFM_OK ? added(cal) : NULL;
    return st;
}

static int32_t
run_add_file(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    alloc_budget = budget;
    int32_t st = wfm_calendar_add_file(cal, arg);
    alloc_budget = -1;
    *result = st == WFM_OK ? added(cal) : NULL;
    return st;
}

static int32_t
run_add_prophet_csv(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    alloc_budget = budget;
    int32_t st = wfm_calendar_add_prophet_csv(cal, arg, strlen(arg), "oom.csv");
    alloc_budget = -1;
    *result = st == WFM_OK ? added(cal) : NULL;
    return st;
}

static int32_t
run_add_prophet_file(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    alloc_budget = budget;
    int32_t st = wfm_calendar_add_prophet_file(cal, arg);
    alloc_budget = -1;
    *result = st == WFM_OK ? added(cal) : NULL;
    return st;
}

/* arg NULL: a size query (WFM_ERANGE is its success); else into a buffer. */
static int32_t
run_write(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    size_t size = arg == NULL ? 0 : 1 << 16, length = 12345;
    char *buffer = arg == NULL ? NULL : malloc(size);
    if (buffer != NULL)
        memset(buffer, '#', size);
    alloc_budget = budget;
    int32_t st = wfm_calendar_write(cal, buffer, size, &length);
    alloc_budget = -1;
    *result = NULL;
    if (st == WFM_ENOMEM) {
        assert_int_equal(length, 12345);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(buffer[i], '#');
    } else if (arg == NULL) {
        assert_int_equal(st, WFM_ERANGE);
        assert_non_null(strstr(wfm_calendar_errmsg(cal), "buffer too small"));
        char text[32];
        snprintf(text, sizeof text, "%zu", length);
        *result = copy_of(text, strlen(text));
        st = WFM_OK;
    } else if (st == WFM_OK) {
        assert_string_equal(wfm_calendar_errmsg(cal), "");
        assert_true(length < size);
        assert_int_equal(strlen(buffer), length);
        *result = copy_of(buffer, length);
    }
    free(buffer);
    return st;
}

/* A growing text for the description of an expansion. */
typedef struct {
    char *s;
    size_t n, cap;
} text_buffer;

static void
tb_append(text_buffer *b, const char *s)
{
    size_t n = strlen(s);
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->n, s, n + 1);
    b->n += n;
}

/* arg: the first and last day. */
static int32_t
run_expand(wfm_calendar *cal, const void *arg, long budget, char **result)
{
    const int32_t *range = arg;
    static int not_null;
    wfm_calendar_days *days = (wfm_calendar_days *)(void *)&not_null;
    alloc_budget = budget;
    int32_t st = wfm_calendar_expand(cal, range[0], range[1], &days);
    alloc_budget = -1;
    *result = NULL;
    if (st != WFM_OK) {
        assert_null(days);
        return st;
    }
    assert_string_equal(wfm_calendar_errmsg(cal), "");
    text_buffer b = { NULL, 0, 0 };
    char line[256];
    for (size_t i = 0; i < wfm_calendar_days_count(days); i++) {
        int32_t date, event, offset, closed;
        assert_int_equal(wfm_calendar_days_row(days, i, &date, &event, &offset, &closed),
                         WFM_OK);
        snprintf(line, sizeof line, "%d,%s,%d,%d\n", (int)date,
                 wfm_calendar_days_event_name(days, event), (int)offset, (int)closed);
        tb_append(&b, line);
    }
    for (size_t i = 0; i < wfm_calendar_days_occurrence_count(days); i++) {
        int32_t event, first, last, lead, lag, closed;
        assert_int_equal(wfm_calendar_days_occurrence(days, i, &event, &first, &last, &lead,
                                                      &lag, &closed), WFM_OK);
        snprintf(line, sizeof line, "%s %d..%d -%d+%d %d\n",
                 wfm_calendar_days_event_name(days, event), (int)first, (int)last, (int)lead,
                 (int)lag, (int)closed);
        tb_append(&b, line);
    }
    assert_true(wfm_calendar_days_count(days) > 1024); /* the row buffer grew */
    wfm_calendar_days_free(days);
    *result = b.s;
    return st;
}

static void
oom_sweep(const char *what, const char *base, oom_run run, const void *arg, long at_least)
{
    char *want = NULL;
    wfm_calendar *cal = calendar_from(base);
    int32_t st = run(cal, arg, -1, &want);
    if (st != WFM_OK)
        fail_msg("%s: status %d: %s", what, (int)st, wfm_calendar_errmsg(cal));
    wfm_calendar_free(cal);
    long n;
    for (n = 0;; n++) {
        long live = alloc_live;
        cal = calendar_from(base);
        char *was = text_of(cal), *got = NULL;
        st = run(cal, arg, n, &got);
        bool failed = st != WFM_OK;
        if (failed) {
            const char *message = wfm_calendar_errmsg(cal);
            if (st != WFM_ENOMEM || strstr(message, "out of memory") == NULL)
                fail_msg("%s, allocation %ld failed: status %d, message '%s'", what, n,
                         (int)st, message);
            char *now = text_of(cal);
            assert_string_equal(now, was);
            free(now);
            st = run(cal, arg, -1, &got);
            if (st != WFM_OK)
                fail_msg("%s after a failed allocation %ld: status %d: %s", what, n, (int)st,
                         wfm_calendar_errmsg(cal));
        }
        assert_string_equal(got, want);
        free(got);
        free(was);
        wfm_calendar_free(cal);
        if (alloc_live != live)
            fail_msg("%s, allocation %ld: %ld blocks allocated and freed through the harness "
                     "do not balance (a block from outside it was freed, or one leaked)",
                     what, n, alloc_live - live);
        if (!failed)
            break;
    }
    print_message("# %s: %ld allocations failed one by one\n", what, n);
    if (n < at_least)
        fail_msg("%s: only %ld allocations, expected at least %ld", what, n, at_least);
    free(want);
}

/* Files in $TMPDIR (or /tmp) holding a text; the teardown removes them,
 * also when the test fails. */
static char temp_paths[2][4096];

static int
remove_temp_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < 2; i++)
        if (temp_paths[i][0] != '\0') {
            unlink(temp_paths[i]);
            temp_paths[i][0] = '\0';
        }
    return 0;
}

static void
temp_file(char *path, size_t size, const char *text)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/wfm-test-calendar-XXXXXX",
             dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        fail_msg("cannot create a file like %s", path);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    assert_int_equal(close(fd), 0);
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
    /* wfm_calendar_new: one allocation; no calendar to hold a message. */
    long live = alloc_live;
    static int not_null;
    wfm_calendar *cal = (wfm_calendar *)(void *)&not_null;
    alloc_budget = 0;
    assert_int_equal(wfm_calendar_new(&cal), WFM_ENOMEM);
    alloc_budget = -1;
    assert_null(cal);
    assert_int_equal(alloc_live, live);
    alloc_budget = 1;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    alloc_budget = -1;
    wfm_calendar_free(cal);
    assert_int_equal(alloc_live, live);

    /* Every kind of rule and option, a preset, an observed=uk shift, and a
     * `dates` rule of 300 days (its spans and occurrences grow). */
    static char text[8192];
    size_t k = (size_t)snprintf(
        text, sizeof text, "%s",
        "wfm-calendar 1\n"
        "preset uk-retail\n"
        "\"Black Friday\" = thanksgiving + 1 .. + 3 window=-1..+2\n"
        "promo = 4th thursday of november window=-1..+2 years=2000.. except=2001,2003\n"
        "launch = saturday on or after 06-20 closed\n"
        "stock = monday on or before 09-30 observed=uk\n"
        "after = \"Black Friday\" + 7 observed=us\n"
        "easter_week = easter - 2 window=-0..+5\n"
        "season = 12-26 .. 01-31\n"
        "many = dates 1999-12-27");
    for (int i = 1; i < 300; i++) {
        int32_t day;
        char date[11];
        assert_int_equal(wfm_date_from_ymd(2000, 1, 3, &day), WFM_OK);
        assert_int_equal(wfm_date_format(day + 7 * (i - 1), date, sizeof date), WFM_OK);
        k += (size_t)snprintf(text + k, sizeof text - k, ", %s", date);
    }
    k += (size_t)snprintf(text + k, sizeof text - k, "\n");
    assert_true(k < sizeof text - 1);
    static const char csv[] =
        "holiday,ds,lower_window,upper_window\n"
        "sale,2026-01-01,-1,2\nsale,2025-01-01,-1,2\nother,2026-01-05,0,0\n"
        "\"quoted, name\",2026-02-01,0,1\nsale,2024-01-01,-1,2\nthird,2026-03-01,0,0\n"
        "other,2025-01-06,0,0\nsale,2023-01-01,-1,2\nsale,2022-01-01,-1,2\n";
    static const char small[] = "wfm-calendar 1\nkeep = 01-01 window=-1..+1\nchristmas = 12-25\n";
    char *cal_path = temp_paths[0], *csv_path = temp_paths[1];
    temp_file(cal_path, sizeof temp_paths[0], text);
    temp_file(csv_path, sizeof temp_paths[1], csv);

    oom_sweep("wfm_calendar_add_preset", small, run_add_preset, "uk-retail", 10);
    oom_sweep("wfm_calendar_add_text", small, run_add_text, text, 20);
    oom_sweep("wfm_calendar_add_file", small, run_add_file, cal_path, 20);
    oom_sweep("wfm_calendar_add_prophet_csv", small, run_add_prophet_csv, csv, 5);
    oom_sweep("wfm_calendar_add_prophet_file", small, run_add_prophet_file, csv_path, 5);
    oom_sweep("wfm_calendar_write (size query)", text, run_write, NULL, 2);
    oom_sweep("wfm_calendar_write", text, run_write, "", 2);
    int32_t range[2];
    assert_int_equal(wfm_date_from_ymd(2000, 1, 1, &range[0]), WFM_OK);
    assert_int_equal(wfm_date_from_ymd(2030, 12, 31, &range[1]), WFM_OK);
    oom_sweep("wfm_calendar_expand", text, run_expand, range, 20);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_walk),
        cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_bad_dates),
        cmocka_unit_test(test_fixed_window_closed),
        cmocka_unit_test(test_relative_and_sorting),
        cmocka_unit_test(test_season_across_year_end),
        cmocka_unit_test(test_observed_us),
        cmocka_unit_test(test_observed_uk),
        cmocka_unit_test(test_years_and_missing_dates),
        cmocka_unit_test(test_overlap_keeps_nearest),
        cmocka_unit_test(test_replace_by_name),
        cmocka_unit_test(test_reference_errors),
        cmocka_unit_test(test_copy_and_misuse),
        cmocka_unit_test(test_write_size_query),
        cmocka_unit_test(test_edges),
        cmocka_unit_test_teardown(test_out_of_memory, remove_temp_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
