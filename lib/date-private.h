/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Date arithmetic (date.c), shared by every stage: the history reader, the
 * calendar, the forecast and the plan. Not installed. */
#ifndef WFM_DATE_PRIVATE_H
#define WFM_DATE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

enum { DATE_YEAR_MIN = 1, DATE_YEAR_MAX = 9999 };

bool date_is_leap(int32_t year);
int32_t date_days_in_month(int32_t year, int32_t month);
/* Day number of a valid Y-M-D (no checks). */
int32_t date_ymd_to_day(int32_t year, int32_t month, int32_t day);
/* Y-M-D of any day number in range (no checks). */
void date_day_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day);
/* ISO weekday 1 = Monday … 7 = Sunday (no checks). */
int32_t date_weekday(int32_t date);
/* Western Easter Sunday of a Gregorian year (no checks). */
int32_t date_easter(int32_t year);
/* The n-th (1…5) or last (n = −1) weekday of a month; false if it does not
 * exist (a 5th Monday in a month with four). */
bool date_nth_weekday(int32_t year, int32_t month, int32_t nth, int32_t weekday,
                      int32_t *date);
/* The first `weekday` on or after `date`, and the last on or before. */
int32_t date_weekday_on_or_after(int32_t date, int32_t weekday);
int32_t date_weekday_on_or_before(int32_t date, int32_t weekday);

#endif /* WFM_DATE_PRIVATE_H */
