/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Checks shared by the calendar fuzz targets: see calendar-check.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "calendar-check.h"
#include "fuzz-common.h"

/* The expansion compared after a round trip: 2005-01-01 … 2034-12-31,
 * wide enough for the dates of the seeds and their mutations, short
 * enough to stay fast with windows of 366 days. */
#define EXPAND_FIRST 12784 /* 2005-01-01 */
#define EXPAND_LAST 23741  /* 2034-12-31 */

static const char *check_target = "calendar";

/* The calendar's text, malloc'd; NULL only on out of memory. */
static char *
write_text(const wfm_calendar *cal, size_t *length)
{
    if (wfm_calendar_write(cal, NULL, 0, length) != WFM_ERANGE)
        fuzz_fail(check_target, "size query did not answer WFM_ERANGE", NULL);
    char *text = malloc(*length + 1);
    if (text == NULL)
        return NULL;
    int32_t st = wfm_calendar_write(cal, text, *length + 1, length);
    if (st == WFM_ENOMEM) {
        free(text);
        return NULL;
    }
    if (st != WFM_OK)
        fuzz_fail(check_target, "write failed", wfm_status_str(st));
    return text;
}

/* The expansion's rows and occurrences are well formed. */
static void
check_expansion(const wfm_calendar *cal, const wfm_calendar_days *days)
{
    size_t n_events = wfm_calendar_days_event_count(days);
    if (n_events != wfm_calendar_event_count(cal))
        fuzz_fail(check_target, "the expansion knows another number of events", NULL);
    for (size_t e = 0; e < n_events; e++) {
        const char *name = wfm_calendar_days_event_name(days, (int32_t)e);
        if (name == NULL || strcmp(name, wfm_calendar_event_name(cal, e)) != 0)
            fuzz_fail(check_target, "the expansion names an event otherwise", name);
    }
    int32_t prev_date = 0;
    const char *prev_name = NULL;
    for (size_t r = 0; r < wfm_calendar_days_count(days); r++) {
        int32_t date, event, offset, closed;
        if (wfm_calendar_days_row(days, r, &date, &event, &offset, &closed) != WFM_OK)
            fuzz_fail(check_target, "a row in range cannot be read", NULL);
        if (date < EXPAND_FIRST || date > EXPAND_LAST)
            fuzz_fail(check_target, "a row outside the expanded range", NULL);
        if (event < 0 || (size_t)event >= n_events)
            fuzz_fail(check_target, "a row of an unknown event", NULL);
        if (closed != 0 && closed != 1)
            fuzz_fail(check_target, "closed is neither 0 nor 1", NULL);
        if (offset < -366 || offset > 366)
            fuzz_fail(check_target, "an offset past any window", NULL);
        const char *name = wfm_calendar_days_event_name(days, event);
        if (prev_name != NULL &&
            (date < prev_date || (date == prev_date && strcmp(prev_name, name) >= 0)))
            fuzz_fail(check_target, "rows not sorted by date, then event name", name);
        prev_date = date;
        prev_name = name;
    }
    int32_t prev_first = 0;
    prev_name = NULL;
    for (size_t o = 0; o < wfm_calendar_days_occurrence_count(days); o++) {
        int32_t event, first, last, lead, lag, closed;
        if (wfm_calendar_days_occurrence(days, o, &event, &first, &last, &lead, &lag,
                                         &closed) != WFM_OK)
            fuzz_fail(check_target, "an occurrence in range cannot be read", NULL);
        if (event < 0 || (size_t)event >= n_events)
            fuzz_fail(check_target, "an occurrence of an unknown event", NULL);
        if (first > last || lead < 0 || lead > 366 || lag < 0 || lag > 366 ||
            (closed != 0 && closed != 1))
            fuzz_fail(check_target, "a malformed occurrence", NULL);
        if ((int64_t)first - lead > EXPAND_LAST || (int64_t)last + lag < EXPAND_FIRST)
            fuzz_fail(check_target, "an occurrence that does not touch the range", NULL);
        const char *name = wfm_calendar_days_event_name(days, event);
        if (prev_name != NULL &&
            (first < prev_first || (first == prev_first && strcmp(prev_name, name) > 0)))
            fuzz_fail(check_target, "occurrences not sorted by first day, then event name",
                      name);
        prev_first = first;
        prev_name = name;
    }
}

/* Two expansions hold the same rows and occurrences. */
static void
same_expansion(const wfm_calendar_days *a, const wfm_calendar_days *b)
{
    if (wfm_calendar_days_count(a) != wfm_calendar_days_count(b) ||
        wfm_calendar_days_occurrence_count(a) != wfm_calendar_days_occurrence_count(b))
        fuzz_fail(check_target, "the written calendar expands to another number of rows",
                  NULL);
    for (size_t r = 0; r < wfm_calendar_days_count(a); r++) {
        int32_t x[4], y[4];
        if (wfm_calendar_days_row(a, r, &x[0], &x[1], &x[2], &x[3]) != WFM_OK ||
            wfm_calendar_days_row(b, r, &y[0], &y[1], &y[2], &y[3]) != WFM_OK)
            fuzz_fail(check_target, "a row in range cannot be read", NULL);
        if (memcmp(x, y, sizeof x) != 0)
            fuzz_fail(check_target, "the written calendar expands to other rows", NULL);
    }
    for (size_t o = 0; o < wfm_calendar_days_occurrence_count(a); o++) {
        int32_t x[6], y[6];
        if (wfm_calendar_days_occurrence(a, o, &x[0], &x[1], &x[2], &x[3], &x[4], &x[5]) !=
                WFM_OK ||
            wfm_calendar_days_occurrence(b, o, &y[0], &y[1], &y[2], &y[3], &y[4], &y[5]) !=
                WFM_OK)
            fuzz_fail(check_target, "an occurrence in range cannot be read", NULL);
        if (memcmp(x, y, sizeof x) != 0)
            fuzz_fail(check_target, "the written calendar expands to other occurrences", NULL);
    }
}

/* Expand @p cal over the fixed range; the status (WFM_ENOMEM: give up). */
static int32_t
expand(wfm_calendar *cal, wfm_calendar_days **days)
{
    *days = NULL;
    int32_t st = wfm_calendar_expand(cal, EXPAND_FIRST, EXPAND_LAST, days);
    if (st == WFM_OK) {
        check_expansion(cal, *days);
    } else if (st != WFM_ENOMEM) {
        if (st != WFM_ENOTFOUND && st != WFM_EINVAL)
            fuzz_fail(check_target, "expansion failed with an undocumented status",
                      wfm_status_str(st));
        fuzz_check_message(check_target, "failed expansion", wfm_calendar_errmsg(cal));
    }
    return st;
}

/* write → parse → write gives the same text, and both calendars expand
 * alike. */
static void
round_trip(wfm_calendar *cal)
{
    size_t length, again_length;
    char *text = write_text(cal, &length);
    if (text == NULL)
        return;
    wfm_calendar *again = NULL;
    if (wfm_calendar_new(&again) != WFM_OK) {
        free(text);
        return;
    }
    int32_t st = wfm_calendar_add_text(again, text, length, "written");
    if (st != WFM_OK && st != WFM_ENOMEM) {
        fprintf(stderr, "%s\n", text);
        fuzz_fail(check_target, "the written text does not parse", wfm_calendar_errmsg(again));
    }
    if (st == WFM_OK) {
        if (wfm_calendar_event_count(again) != wfm_calendar_event_count(cal))
            fuzz_fail(check_target, "the written text has another number of events", NULL);
        char *text2 = write_text(again, &again_length);
        if (text2 != NULL && (again_length != length || memcmp(text, text2, length) != 0)) {
            fprintf(stderr, "first:\n%s\nsecond:\n%s\n", text, text2);
            fuzz_fail(check_target, "writing the re-read calendar gives another text", NULL);
        }
        free(text2);

        wfm_calendar_days *a, *b;
        int32_t sa = expand(cal, &a), sb = expand(again, &b);
        if (sa != WFM_ENOMEM && sb != WFM_ENOMEM) {
            if (sa != sb) {
                fprintf(stderr, "%s\n", text);
                fuzz_fail(check_target, "the written calendar expands with another status",
                          wfm_status_str(sb));
            }
            if (sa == WFM_OK)
                same_expansion(a, b);
        }
        wfm_calendar_days_free(a);
        wfm_calendar_days_free(b);
    }
    wfm_calendar_free(again);
    free(text);
}

void
calendar_check_reader(const char *target, const uint8_t *data, size_t size,
                      enum calendar_reader reader)
{
    check_target = target;
    wfm_calendar *cal = NULL;
    if (wfm_calendar_new(&cal) != WFM_OK)
        return;
    const char *text = (const char *)data;
    int32_t st = reader == READ_PROPHET_CSV ? wfm_calendar_add_prophet_csv(cal, text, size, "fuzz")
                                            : wfm_calendar_add_text(cal, text, size, "fuzz");
    if (st == WFM_OK) {
        if (wfm_calendar_errmsg(cal)[0] != '\0')
            fuzz_fail(target, "a message after a success", wfm_calendar_errmsg(cal));
        round_trip(cal);
    } else {
        const char *msg = wfm_calendar_errmsg(cal);
        fuzz_check_message(target, "failed parse", msg);
        if (wfm_calendar_event_count(cal) != 0)
            fuzz_fail(target, "a failed parse added events", msg);
    }
    wfm_calendar_free(cal);
}
