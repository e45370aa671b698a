/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The canonical text of a rule in the calendar file format, version 1.
 *
 * Canonical means: lowercase keywords, single blanks, the `dates` keyword
 * for every one-off rule, options in a fixed order (window, observed,
 * closed, years, except) and defaults left out. calendar-parse.c reads it
 * back into the same rule, and writing that again gives the same text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"


/* Words the parser reads as keywords where a rule starts (or a line, for
 * `preset`): an event with such a name is written quoted so that reading
 * it back finds the event, not the keyword. Months are quoted too, for
 * readers of the text rather than for the parser. */
static const char *const reserved[] = {
    "easter", "dates", "preset", "last",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"
};

/* ---- the buffer -------------------------------------------------------- */

/* Room for n more bytes and a NUL: the text is always NUL-terminated. */
static bool
reserve(cal_buffer *out, size_t n)
{
    if (out->length + n < out->capacity)
        return true;
    size_t capacity = out->capacity < 64 ? 64 : out->capacity;
    while (capacity <= out->length + n)
        capacity *= 2;
    char *data = realloc(out->data, capacity);
    if (data == NULL)
        return false;
    out->data = data;
    out->capacity = capacity;
    return true;
}

static bool
append(cal_buffer *out, const char *s, size_t n)
{
    if (!reserve(out, n))
        return false;
    memcpy(out->data + out->length, s, n);
    out->length += n;
    out->data[out->length] = '\0';
    return true;
}

static bool
append_str(cal_buffer *out, const char *s)
{
    return append(out, s, strlen(s));
}

static bool
append_fmt(cal_buffer *out, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Only short pieces (numbers, dates) go through here. */
static bool
append_fmt(cal_buffer *out, const char *format, ...)
{
    char piece[64];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(piece, sizeof piece, format, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof piece)
        return false;
    return append(out, piece, (size_t)n);
}

/* ---- pieces ------------------------------------------------------------ */

static bool
equal_ignoring_case(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b)
            return false;
    }
    return *a == *b;
}

/* Whether a name can be written bare: an identifier that is no keyword. */
static bool
is_plain_name(const char *name)
{
    const char *c = name;
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_'))
        return false;
    for (c++; *c != '\0'; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (equal_ignoring_case(name, reserved[i]))
            return false;
    return true;
}

static bool
append_name(cal_buffer *out, const char *name)
{
    if (is_plain_name(name))
        return append_str(out, name);
    return append(out, "\"", 1) && append_str(out, name) && append(out, "\"", 1);
}

static bool
append_month_day(cal_buffer *out, int32_t month, int32_t day)
{
    return append_fmt(out, "%02d-%02d", (int)month, (int)day);
}

static bool
append_date(cal_buffer *out, int32_t date)
{
    int32_t y, m, d;
    date_day_to_ymd(date, &y, &m, &d);
    return append_fmt(out, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* " + N" or " - N": the parser wants the sign, and "+ 0" for zero. */
static bool
append_offset(cal_buffer *out, int32_t offset)
{
    return append_fmt(out, " %c %d", offset < 0 ? '-' : '+', (int)(offset < 0 ? -offset : offset));
}

/* A name from a table, or "?" for a value the parser never makes. */
static const char *
table_name(const char *const *table, int32_t count, int32_t index)
{
    return index >= 0 && index < count ? table[index] : "?";
}

/* ---- rules ------------------------------------------------------------- */

static bool
append_nth_weekday(cal_buffer *out, const cal_rule *rule)
{
    const char *nth = rule->nth == -1 ? "last" : table_name(cal_ordinal_names, 5, rule->nth - 1);
    return append_str(out, nth) && append(out, " ", 1) &&
           append_str(out, table_name(cal_weekday_names, 7, rule->weekday - 1)) &&
           append(out, " of ", 4) &&
           append_str(out, table_name(cal_month_names, 12, rule->month - 1));
}

static bool
append_on_or(cal_buffer *out, const cal_rule *rule)
{
    return append_str(out, table_name(cal_weekday_names, 7, rule->weekday - 1)) &&
           append_str(out, rule->kind == CAL_RULE_ON_OR_AFTER ? " on or after "
                                                               : " on or before ") &&
           append_month_day(out, rule->month, rule->day);
}

static bool
append_relative(cal_buffer *out, const cal_rule *rule)
{
    if (!append_name(out, rule->base != NULL ? rule->base : "?") ||
        !append_offset(out, rule->offset))
        return false;
    if (rule->offset_end == rule->offset)
        return true;
    return append(out, " ..", 3) && append_offset(out, rule->offset_end);
}

static bool
append_dates(cal_buffer *out, const cal_rule *rule)
{
    if (!append(out, "dates", 5))
        return false;
    for (size_t i = 0; i < rule->n_spans; i++) {
        const cal_span *s = &rule->spans[i];
        if (!append_str(out, i == 0 ? " " : ", ") || !append_date(out, s->first))
            return false;
        if (s->last != s->first && (!append(out, " .. ", 4) || !append_date(out, s->last)))
            return false;
    }
    return true;
}

static bool
append_rule(cal_buffer *out, const cal_rule *rule)
{
    switch (rule->kind) {
    case CAL_RULE_FIXED:
        return append_month_day(out, rule->month, rule->day);
    case CAL_RULE_NTH_WEEKDAY:
        return append_nth_weekday(out, rule);
    case CAL_RULE_ON_OR_AFTER:
    case CAL_RULE_ON_OR_BEFORE:
        return append_on_or(out, rule);
    case CAL_RULE_EASTER:
        return append(out, "easter", 6) &&
               (rule->offset == 0 || append_offset(out, rule->offset));
    case CAL_RULE_RELATIVE:
        return append_relative(out, rule);
    case CAL_RULE_SEASON:
        return append_month_day(out, rule->month, rule->day) && append(out, " .. ", 4) &&
               append_month_day(out, rule->end_month, rule->end_day);
    case CAL_RULE_DATES:
        return append_dates(out, rule);
    }
    return append(out, "?", 1);
}

/* ---- options ----------------------------------------------------------- */

static bool
append_years(cal_buffer *out, const cal_rule *rule)
{
    bool from = rule->first_year != DATE_YEAR_MIN, to = rule->last_year != DATE_YEAR_MAX;
    if (!from && !to)
        return true;
    return append(out, " years=", 7) &&
           (!from || append_fmt(out, "%d", (int)rule->first_year)) &&
           append(out, "..", 2) &&
           (!to || append_fmt(out, "%d", (int)rule->last_year));
}

static bool
append_except(cal_buffer *out, const cal_rule *rule)
{
    for (size_t i = 0; i < rule->n_except; i++)
        if (!append_fmt(out, "%s%d", i == 0 ? " except=" : ",", (int)rule->except_years[i]))
            return false;
    return true;
}

static bool
append_options(cal_buffer *out, const cal_rule *rule)
{
    if ((rule->lead != 0 || rule->lag != 0) &&
        !append_fmt(out, " window=-%d..+%d", (int)rule->lead, (int)rule->lag))
        return false;
    if (rule->observed == CAL_OBSERVED_US && !append(out, " observed=us", 12))
        return false;
    if (rule->observed == CAL_OBSERVED_UK && !append(out, " observed=uk", 12))
        return false;
    if (rule->closed && !append(out, " closed", 7))
        return false;
    return append_years(out, rule) && append_except(out, rule);
}

bool
cal_write_rule(cal_buffer *out, const cal_rule *rule)
{
    /* On out of memory the buffer keeps what it had: no partial line. */
    size_t mark = out->length;
    if (append_name(out, rule->name) && append(out, " = ", 3) && append_rule(out, rule) &&
        append_options(out, rule) && append(out, "\n", 1))
        return true;
    out->length = mark;
    if (out->data != NULL)
        out->data[mark] = '\0';
    return false;
}
