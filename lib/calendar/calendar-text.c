/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The words of the calendar file format, shared by its reader and writer. */
#include "calendar-private.h"

const char *const cal_weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};
const char *const cal_month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};
const char *const cal_ordinal_names[5] = { "1st", "2nd", "3rd", "4th", "5th" };
