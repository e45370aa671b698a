/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target for the calendar text format and the Prophet CSV import.
 *
 * The same bytes go to wfm_calendar_add_text() and to
 * wfm_calendar_add_prophet_csv(). Whatever parses must survive a round trip:
 * written with wfm_calendar_write(), the text must parse again and write
 * the identical text (the writer is canonical and the parser reads it).
 * A broken property aborts, which libFuzzer and the replay driver report.
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *detail)
{
    fprintf(stderr, "calendar-parse fuzz: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/* The calendar's text, malloc'd; NULL only on out of memory. */
static char *
write_text(const wfm_calendar *cal, size_t *length)
{
    if (wfm_calendar_write(cal, NULL, 0, length) != WFM_ERANGE)
        fail("size query did not answer WFM_ERANGE", NULL);
    char *text = malloc(*length + 1);
    if (text == NULL)
        return NULL;
    int32_t st = wfm_calendar_write(cal, text, *length + 1, length);
    if (st == WFM_ENOMEM) {
        free(text);
        return NULL;
    }
    if (st != WFM_OK)
        fail("write failed", wfm_status_str(st));
    return text;
}

/* write → parse → write gives the same text. */
static void
round_trip(const wfm_calendar *cal)
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
        fail("the written text does not parse", wfm_calendar_errmsg(again));
    }
    if (st == WFM_OK) {
        if (wfm_calendar_event_count(again) != wfm_calendar_event_count(cal))
            fail("the written text has another number of events", NULL);
        char *text2 = write_text(again, &again_length);
        if (text2 != NULL && (again_length != length || memcmp(text, text2, length) != 0)) {
            fprintf(stderr, "first:\n%s\nsecond:\n%s\n", text, text2);
            fail("writing the re-read calendar gives another text", NULL);
        }
        free(text2);
    }
    wfm_calendar_free(again);
    free(text);
}

/* Parse with one of the two readers; check the error message's contract
 * (one line, not empty) or the round trip. */
static void
try_reader(const uint8_t *data, size_t size, int prophet)
{
    wfm_calendar *cal = NULL;
    if (wfm_calendar_new(&cal) != WFM_OK)
        return;
    const char *text = (const char *)data;
    int32_t st = prophet ? wfm_calendar_add_prophet_csv(cal, text, size, "fuzz")
                         : wfm_calendar_add_text(cal, text, size, "fuzz");
    if (st == WFM_OK) {
        round_trip(cal);
    } else {
        const char *msg = wfm_calendar_errmsg(cal);
        if (msg[0] == '\0' || strchr(msg, '\n') != NULL)
            fail("an error without a one-line message", msg);
        if (wfm_calendar_event_count(cal) != 0)
            fail("a failed parse added events", msg);
    }
    wfm_calendar_free(cal);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_reader(data, size, 0);
    try_reader(data, size, 1);
    return 0;
}
