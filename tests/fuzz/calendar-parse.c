/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target for the calendar text format and the Prophet CSV import.
 *
 * The same bytes go to wfm_calendar_add_text() and to
 * wfm_calendar_add_prophet_csv(). Whatever parses must survive a round trip:
 * written with wfm_calendar_write(), the text must parse again, write the
 * identical text (the writer is canonical and the parser reads it) and
 * expand to the same days (calendar-check.c has the properties).
 * A broken property aborts, which libFuzzer and the replay driver report.
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test.
 */
#include <stdint.h>

#include "calendar-check.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    calendar_check_reader("calendar-parse", data, size, READ_CALENDAR_TEXT);
    calendar_check_reader("calendar-parse", data, size, READ_PROPHET_CSV);
    return 0;
}
