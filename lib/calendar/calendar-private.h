/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar's internal model, shared by the object and its expansion
 * (calendar.c), rules and the error message (calendar-rule.c), the text
 * format (calendar-parse.c, calendar-write.c), Prophet import (calendar-prophet.c)
 * and the presets (calendar-presets.c). Not installed. */
#ifndef WFM_CALENDAR_PRIVATE_H
#define WFM_CALENDAR_PRIVATE_H

/* The largest calendar or Prophet file read (bytes): a century of daily
 * one-off dates is a few MB; a file past it is WFM_ERANGE, so a wrong path
 * (/dev/zero, a FIFO) cannot exhaust memory. */
#define CAL_MAX_FILE_BYTES (64u << 20)

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date-private.h"
#include "wfm/calendar.h"

/* ---- rules ----------------------------------------------------------- */

#define CAL_MAX_WINDOW 366
#define CAL_NAME_MAX 128

typedef enum {
    CAL_RULE_FIXED,          /* month-day every year */
    CAL_RULE_NTH_WEEKDAY,    /* nth (1…5, or −1 = last) weekday of month */
    CAL_RULE_ON_OR_AFTER,    /* weekday on or after month-day */
    CAL_RULE_ON_OR_BEFORE,   /* weekday on or before month-day */
    CAL_RULE_EASTER,         /* Easter Sunday + offset */
    CAL_RULE_RELATIVE,       /* another event + offset … + offset_end */
    CAL_RULE_SEASON,         /* month-day … end_month-end_day every year */
    CAL_RULE_DATES           /* one-off days or runs */
} cal_rule_kind;

typedef enum {
    CAL_OBSERVED_NONE,
    CAL_OBSERVED_US,
    CAL_OBSERVED_UK
} cal_observed;

/* One-off run of days: first == last for a single day. */
typedef struct {
    int32_t first, last;
} cal_span;

typedef struct {
    char *name;             /* owned, NUL-terminated, <= CAL_NAME_MAX bytes */
    cal_rule_kind kind;
    int32_t month, day;     /* FIXED, ON_OR_*, NTH_WEEKDAY (month), SEASON start */
    int32_t end_month, end_day; /* SEASON end */
    int32_t nth;            /* NTH_WEEKDAY: 1…5 or −1 */
    int32_t weekday;        /* NTH_WEEKDAY, ON_OR_*: 1 = Monday … 7 */
    int32_t offset;         /* EASTER, RELATIVE */
    int32_t offset_end;     /* RELATIVE: == offset for a single day */
    char *base;             /* RELATIVE: owned name of the other event */
    cal_span *spans;        /* DATES: owned, n_spans entries */
    size_t n_spans;
    int32_t lead, lag;      /* window, 0 … CAL_MAX_WINDOW */
    cal_observed observed;
    bool closed;
    int32_t first_year, last_year;  /* yearly rules: DATE_YEAR_MIN/MAX = all */
    int32_t *except_years;  /* owned, n_except entries, sorted */
    size_t n_except;
} cal_rule;

/* A rule with every field at its default (window 0, all years, …). */
cal_rule cal_rule_init(void);
/* Free what a rule owns and reset it to cal_rule_init(). */
void cal_rule_clear(cal_rule *rule);
/* Whether a yearly rule applies in `year` (years= and except=). */
bool cal_rule_in_year(const cal_rule *rule, int32_t year);

/* ---- the calendar object (calendar.c) --------------------------------- */

#define CAL_ERRMSG_MAX 512

struct wfm_calendar {
    uint32_t magic;
    cal_rule *rules;
    size_t n_rules, capacity;
    char errmsg[CAL_ERRMSG_MAX];
};

/* Set the calendar's one-line error message (printf-style) and return
 * `status`, so that callers can `return cal_fail(cal, WFM_EPARSE, ...)`. */
int32_t cal_fail(wfm_calendar *cal, int32_t status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A malloc'd, NUL-terminated copy of s[0..n), or NULL when out of memory.
 * The calendar copies strings with this, never with strdup: strdup
 * allocates inside libc, out of reach of an allocator the library is given
 * and of the tests' allocation-failure injection (tests/test-alloc-fail.h). */
char *cal_copy_text(const char *s, size_t n);

/* Add rules, taking ownership of what each owns (the array itself stays
 * the caller's; its rules are reset). A rule whose name exists replaces
 * that event in place. All or nothing: on WFM_ENOMEM the calendar and the
 * rules are unchanged. */
int32_t cal_add_rules(wfm_calendar *cal, cal_rule *rules, size_t count);

/* ---- windows around occurrences (calendar.c), for what-ifs ------------- */

/* Index of the event called `name` in an expansion, or -1. */
int32_t cal_days_event_index(const wfm_calendar_days *days, const char *name);

/* Set marks[(d − start) × stride] = 1 for every day d of [start, start +
 * count) within offsets first_offset … last_offset of an occurrence of
 * `event`: offset 0 is the occurrence's own days, a negative offset counts
 * back from its first day, a positive one on from its last (forecast
 * uplifts and plan shrinkage read offsets this one way). */
void cal_days_mark_window(const wfm_calendar_days *days, int32_t event,
                          int32_t first_offset, int32_t last_offset,
                          int64_t start, size_t count, uint8_t *marks,
                          size_t stride);

/* ---- text format (calendar-parse.c, calendar-write.c) ------------------ */

/* Parse calendar-file text into rules appended to *rules (grown with
 * realloc; the caller frees them with cal_rule_clear + free). `preset` lines
 * are expanded in place by parsing the preset's text. Errors go to
 * cal_fail(cal, ...) with "source:line:column: message". */
int32_t cal_parse(wfm_calendar *cal, const char *text, size_t length,
                  const char *source, cal_rule **rules, size_t *count);

/* Append the text form of one rule ("name = rule options\n") to a growing
 * buffer; false on out of memory. */
typedef struct {
    char *data;
    size_t length, capacity;
} cal_buffer;
bool cal_write_rule(cal_buffer *out, const cal_rule *rule);

/* Prophet holiday CSV → rules (calendar-prophet.c), same conventions as
 * cal_parse. */
int32_t cal_parse_prophet(wfm_calendar *cal, const char *text, size_t length,
                          const char *source, cal_rule **rules, size_t *count);

/* ---- words of the file format (calendar-text.c) ---------------------- */

extern const char *const cal_weekday_names[7]; /* "monday" … */
extern const char *const cal_month_names[12];  /* "january" … */
extern const char *const cal_ordinal_names[5]; /* "1st" … "5th" */

/* ---- presets (calendar-presets.c) ------------------------------------- */

/* The text (calendar file format, version line included) of a preset, or
 * NULL for an unknown name. */
const char *cal_preset_text(const char *name);
/* The name of preset i, or NULL past the last. */
const char *cal_preset_at(size_t index);
/* "us-retail, uk-retail, …" into dst (cut to fit), for error messages. */
void cal_preset_list(char *dst, size_t size);

/* ---- files ------------------------------------------------------------ */

#endif /* WFM_CALENDAR_PRIVATE_H */
