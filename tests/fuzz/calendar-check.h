/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The checks the calendar fuzz targets (calendar-parse, prophet-csv) share:
 * calendar-check.c.
 */
#ifndef WFM_FUZZ_CALENDAR_CHECK_H
#define WFM_FUZZ_CALENDAR_CHECK_H

#include <stddef.h>
#include <stdint.h>

enum calendar_reader { READ_CALENDAR_TEXT, READ_PROPHET_CSV };

/*
 * Parse @p data with one reader into a new calendar and check it; abort
 * (naming @p target) when a property breaks:
 * - a failure has a one-line message and adds no event (all or nothing);
 * - a success round-trips: written with wfm_calendar_write(), the text
 *   parses again, has as many events, writes the identical text, and
 *   expands over 2005 … 2034 to the identical rows and occurrences (or
 *   fails to expand with the same status);
 * - an expansion is well formed: rows sorted by date then event name, in
 *   the range, event indices valid and named as the calendar names them,
 *   occurrences sorted with first <= last and windows 0 … 366.
 */
void calendar_check_reader(const char *target, const uint8_t *data, size_t size,
                           enum calendar_reader reader);

#endif /* WFM_FUZZ_CALENDAR_CHECK_H */
