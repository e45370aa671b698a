/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Date and calendar helpers for the forecasting unit tests: each asserts
 * (cmocka) that the library accepted its input, so include this after
 * <cmocka.h> and "wfm.h". Header only, every function static inline.
 *
 * - wt_day_of("YYYY-MM-DD"): the day number.
 * - wt_weekday_of(date): 1 = Monday … 7 = Sunday.
 * - wt_calendar_of(text): a calendar from calendar-file text (free it).
 * - wt_expand(text, first, last): that calendar's expansion over first …
 *   last (free it with wfm_calendar_days_free); the calendar is freed.
 */
#ifndef WFM_TEST_CALENDAR_UTIL_H
#define WFM_TEST_CALENDAR_UTIL_H

#include <stdint.h>
#include <string.h>

static inline int32_t
wt_day_of(const char *text)
{
    int32_t d;
    assert_int_equal(wfm_date_parse(text, &d), WFM_OK);
    return d;
}

static inline int32_t
wt_weekday_of(int32_t date)
{
    int32_t wd;
    assert_int_equal(wfm_date_weekday(date, &wd), WFM_OK);
    return wd;
}

static inline wfm_calendar *
wt_calendar_of(const char *text)
{
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    if (wfm_calendar_add_text(cal, text, strlen(text), "test") != WFM_OK)
        fail_msg("calendar: %s", wfm_calendar_errmsg(cal));
    return cal;
}

static inline wfm_calendar_days *
wt_expand(const char *text, int32_t first, int32_t last)
{
    wfm_calendar *cal = wt_calendar_of(text);
    wfm_calendar_days *days = NULL;
    assert_int_equal(wfm_calendar_expand(cal, first, last, &days), WFM_OK);
    wfm_calendar_free(cal);
    return days;
}

#endif /* WFM_TEST_CALENDAR_UTIL_H */
