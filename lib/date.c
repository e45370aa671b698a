/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proleptic Gregorian dates as day numbers (days since 1970-01-01). */
#include <stdio.h>

#include "date-private.h"
#include "text-private.h"
#include "wfm/calendar.h"

bool
date_is_leap(int32_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t
date_days_in_month(int32_t year, int32_t month)
{
    static const int8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && date_is_leap(year) ? 29 : days[month - 1];
}

/* Years counted from 1 March, so that the leap day ends the year: the
 * days before a month are then a linear formula, (153·m + 2) / 5 with
 * m = 0 for March. An era is 400 years = 146097 days. */
int32_t
date_ymd_to_day(int32_t year, int32_t month, int32_t day)
{
    int32_t y = month <= 2 ? year - 1 : year;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t year_of_era = y - era * 400;
    int32_t m = month > 2 ? month - 3 : month + 9;
    int32_t day_of_year = (153 * m + 2) / 5 + day - 1;
    int32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468; /* 719468: 0000-03-01 to 1970-01-01 */
}

void
date_day_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day)
{
    int32_t z = date + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t day_of_era = z - era * 146097;
    int32_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                           - day_of_era / 146096) / 365;
    int32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int32_t m = (5 * day_of_year + 2) / 153;
    *day = day_of_year - (153 * m + 2) / 5 + 1;
    *month = m < 10 ? m + 3 : m - 9;
    *year = year_of_era + era * 400 + (*month <= 2);
}

int32_t
date_weekday(int32_t date)
{
    /* 1970-01-01 was a Thursday (4). */
    int32_t r = (date + 3) % 7;
    return (r < 0 ? r + 7 : r) + 1;
}

/* The anonymous Gregorian computus (Meeus/Jones/Butcher). */
int32_t
date_easter(int32_t year)
{
    int32_t a = year % 19, b = year / 100, c = year % 100;
    int32_t d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int32_t h = (19 * a + b - d - g + 15) % 30;
    int32_t i = c / 4, k = c % 4;
    int32_t l = (32 + 2 * e + 2 * i - h - k) % 7;
    int32_t m = (a + 11 * h + 22 * l) / 451;
    int32_t month = (h + l - 7 * m + 114) / 31;
    int32_t day = (h + l - 7 * m + 114) % 31 + 1;
    return date_ymd_to_day(year, month, day);
}

int32_t
date_weekday_on_or_after(int32_t date, int32_t weekday)
{
    return date + (weekday - date_weekday(date) + 7) % 7;
}

int32_t
date_weekday_on_or_before(int32_t date, int32_t weekday)
{
    return date - (date_weekday(date) - weekday + 7) % 7;
}

bool
date_nth_weekday(int32_t year, int32_t month, int32_t nth, int32_t weekday,
                 int32_t *date)
{
    if (nth < 0) {
        int32_t last = date_ymd_to_day(year, month, date_days_in_month(year, month));
        *date = date_weekday_on_or_before(last, weekday);
        return true;
    }
    int32_t first = date_weekday_on_or_after(date_ymd_to_day(year, month, 1), weekday);
    int32_t d = first + 7 * (nth - 1);
    int32_t y, m, day;
    date_day_to_ymd(d, &y, &m, &day);
    if (m != month)
        return false;
    *date = d;
    return true;
}

static bool
date_in_range(int32_t date)
{
    return date >= WFM_DATE_MIN && date <= WFM_DATE_MAX;
}

int32_t
wfm_date_from_ymd(int32_t year, int32_t month, int32_t day, int32_t *date)
{
    if (date == NULL || year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || month < 1 ||
        month > 12 || day < 1 || day > date_days_in_month(year, month))
        return WFM_EINVAL;
    *date = date_ymd_to_day(year, month, day);
    return WFM_OK;
}

int32_t
wfm_date_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day)
{
    if (!date_in_range(date) || year == NULL || month == NULL || day == NULL)
        return WFM_EINVAL;
    date_day_to_ymd(date, year, month, day);
    return WFM_OK;
}

int32_t
wfm_date_parse(const char *text, int32_t *date)
{
    int32_t year, month, day;
    if (text == NULL || date == NULL || !text_digits(text, 4, &year) || text[4] != '-' ||
        !text_digits(text + 5, 2, &month) || text[7] != '-' ||
        !text_digits(text + 8, 2, &day) || text[10] != '\0')
        return WFM_EINVAL;
    return wfm_date_from_ymd(year, month, day, date);
}

int32_t
wfm_date_format(int32_t date, char *buffer, size_t size)
{
    if (!date_in_range(date) || buffer == NULL || size < 11)
        return WFM_EINVAL;
    int32_t y, m, d;
    date_day_to_ymd(date, &y, &m, &d);
    snprintf(buffer, size, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    return WFM_OK;
}

int32_t
wfm_date_weekday(int32_t date, int32_t *weekday)
{
    if (!date_in_range(date) || weekday == NULL)
        return WFM_EINVAL;
    *weekday = date_weekday(date);
    return WFM_OK;
}

int32_t
wfm_date_iso_week(int32_t date, int32_t *iso_year, int32_t *week)
{
    if (!date_in_range(date) || iso_year == NULL || week == NULL)
        return WFM_EINVAL;
    /* The week's Thursday decides its year; week 1 holds 4 January. */
    int32_t thursday = date + 4 - date_weekday(date);
    if (!date_in_range(thursday))
        return WFM_EINVAL;
    int32_t y, m, d;
    date_day_to_ymd(thursday, &y, &m, &d);
    *iso_year = y;
    *week = (thursday - date_ymd_to_day(y, 1, 1)) / 7 + 1;
    return WFM_OK;
}
