/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar object: its events (rules), loading them from text, files
 * and presets, writing them back, and expanding them into dated rows. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "text-private.h"

#define CALENDAR_MAGIC 0x7766636cu /* "wfcl" */
#define DAYS_MAGIC 0x77666379u     /* "wfcy" */
/* Yearly rules are evaluated this many years beyond the range asked for,
 * so that windows (a year at most) and relative offsets (up to ten years,
 * chained) reach into it. */
#define YEAR_MARGIN 40

/* ---- the object --------------------------------------------------------- */

static bool
is_calendar(const wfm_calendar *cal)
{
    return cal != NULL && cal->magic == CALENDAR_MAGIC;
}

static int32_t
succeed(wfm_calendar *cal)
{
    cal->errmsg[0] = '\0';
    return WFM_OK;
}

int32_t
wfm_calendar_new(wfm_calendar **calendar)
{
    if (calendar == NULL)
        return WFM_EINVAL;
    wfm_calendar *cal = calloc(1, sizeof *cal);
    *calendar = cal;
    if (cal == NULL)
        return WFM_ENOMEM;
    cal->magic = CALENDAR_MAGIC;
    return WFM_OK;
}

void
wfm_calendar_free(wfm_calendar *calendar)
{
    if (!is_calendar(calendar))
        return;
    for (size_t i = 0; i < calendar->n_rules; i++)
        cal_rule_clear(&calendar->rules[i]);
    free(calendar->rules);
    calendar->magic = 0;
    free(calendar);
}

const char *
wfm_calendar_errmsg(const wfm_calendar *calendar)
{
    if (!is_calendar(calendar))
        return "not a calendar (NULL, freed or another object)";
    return calendar->errmsg;
}

static size_t
find_rule(const wfm_calendar *cal, const char *name)
{
    for (size_t i = 0; i < cal->n_rules; i++)
        if (strcmp(cal->rules[i].name, name) == 0)
            return i;
    return cal->n_rules;
}

int32_t
cal_add_rules(wfm_calendar *cal, cal_rule *rules, size_t count)
{
    /* Reserve room for the worst case first: after that nothing fails. */
    if (count > SIZE_MAX / sizeof *cal->rules - cal->n_rules)
        return cal_fail(cal, WFM_ENOMEM, "out of memory");
    size_t need = cal->n_rules + count;
    if (need > cal->capacity) {
        size_t capacity = cal->capacity ? cal->capacity : 16;
        while (capacity < need)
            capacity *= 2;
        cal_rule *grown = realloc(cal->rules, capacity * sizeof *grown);
        if (grown == NULL)
            return cal_fail(cal, WFM_ENOMEM, "out of memory");
        cal->rules = grown;
        cal->capacity = capacity;
    }
    for (size_t i = 0; i < count; i++) {
        size_t at = find_rule(cal, rules[i].name);
        if (at < cal->n_rules)
            cal_rule_clear(&cal->rules[at]);
        else
            cal->n_rules++;
        cal->rules[at] = rules[i];
        rules[i] = cal_rule_init();
    }
    return WFM_OK;
}

static void
free_rules(cal_rule *rules, size_t count)
{
    for (size_t i = 0; i < count; i++)
        cal_rule_clear(&rules[i]);
    free(rules);
}

/* Parse with `parse`, then add all or nothing. */
typedef int32_t (*rule_parser)(wfm_calendar *, const char *, size_t, const char *,
                               cal_rule **, size_t *);

static int32_t
add_parsed(wfm_calendar *cal, rule_parser parse, const char *text, size_t length,
           const char *source)
{
    cal_rule *rules = NULL;
    size_t count = 0;
    int32_t status = parse(cal, text, length, source, &rules, &count);
    if (status == WFM_OK)
        status = cal_add_rules(cal, rules, count);
    free_rules(rules, count);
    return status == WFM_OK ? succeed(cal) : status;
}

static int32_t
add_file(wfm_calendar *cal, rule_parser parse, const char *path)
{
    if (!is_calendar(cal))
        return WFM_EMISUSE;
    if (path == NULL)
        return cal_fail(cal, WFM_EINVAL, "no file name given");
    char *text;
    size_t length;
    /* Both parsers reject a NUL byte: /dev/zero stops at once. */
    int32_t status = text_read_file_max(path, CAL_MAX_FILE_BYTES, true, &text, &length,
                                        cal->errmsg, sizeof cal->errmsg);
    if (status != WFM_OK)
        return status;
    status = add_parsed(cal, parse, text, length, path);
    free(text);
    return status;
}

static int32_t
add_text(wfm_calendar *cal, rule_parser parse, const char *text, size_t length,
         const char *source)
{
    if (!is_calendar(cal))
        return WFM_EMISUSE;
    if (text == NULL && length > 0)
        return cal_fail(cal, WFM_EINVAL, "text is NULL");
    return add_parsed(cal, parse, text == NULL ? "" : text, length, source);
}

const char *
wfm_calendar_preset_name(size_t index)
{
    return cal_preset_at(index);
}

int32_t
wfm_calendar_add_preset(wfm_calendar *calendar, const char *name)
{
    if (!is_calendar(calendar))
        return WFM_EMISUSE;
    if (name == NULL)
        return cal_fail(calendar, WFM_EINVAL, "no preset name given");
    const char *text = cal_preset_text(name);
    if (text == NULL) {
        char known[256];
        cal_preset_list(known, sizeof known);
        return cal_fail(calendar, WFM_ENOTFOUND, "unknown preset '%.64s' (known: %s)", name,
                        known);
    }
    char source[96];
    snprintf(source, sizeof source, "preset %s", name);
    return add_parsed(calendar, cal_parse, text, strlen(text), source);
}

int32_t
wfm_calendar_add_text(wfm_calendar *calendar, const char *text, size_t length,
                      const char *source)
{
    return add_text(calendar, cal_parse, text, length, source);
}

int32_t
wfm_calendar_add_file(wfm_calendar *calendar, const char *path)
{
    return add_file(calendar, cal_parse, path);
}

int32_t
wfm_calendar_add_prophet_csv(wfm_calendar *calendar, const char *text,
                             size_t length, const char *source)
{
    return add_text(calendar, cal_parse_prophet, text, length, source);
}

int32_t
wfm_calendar_add_prophet_file(wfm_calendar *calendar, const char *path)
{
    return add_file(calendar, cal_parse_prophet, path);
}

int32_t
wfm_calendar_write(const wfm_calendar *calendar, char *buffer, size_t size,
                   size_t *length)
{
    if (!is_calendar(calendar))
        return WFM_EMISUSE;
    /* The message is the handle's state, not part of the calendar it
     * writes: a calendar is used by one thread at a time and is never
     * defined const (wfm_calendar_new allocates it), so it may change. */
    wfm_calendar *cal = (wfm_calendar *)calendar;
    if (length == NULL)
        return cal_fail(cal, WFM_EINVAL, "no place for the text's length (NULL)");
    static const char version[] = "wfm-calendar 1\n";
    cal_buffer out = { NULL, 0, 0 };
    bool ok = true;
    size_t n = sizeof version - 1;
    out.data = malloc(n + 1);
    ok = out.data != NULL;
    if (ok) {
        memcpy(out.data, version, n);
        out.length = n;
        out.capacity = n + 1;
    }
    for (size_t i = 0; ok && i < cal->n_rules; i++)
        ok = cal_write_rule(&out, &cal->rules[i]);
    if (!ok) {
        free(out.data);
        return cal_fail(cal, WFM_ENOMEM, "out of memory");
    }
    *length = out.length;
    int32_t status = WFM_OK;
    if (buffer != NULL && size > out.length) {
        memcpy(buffer, out.data, out.length);
        buffer[out.length] = '\0';
        succeed(cal);
    } else {
        status = cal_fail(cal, WFM_ERANGE, "buffer too small: the text needs %zu bytes "
                          "and its NUL", out.length);
    }
    free(out.data);
    return status;
}

size_t
wfm_calendar_event_count(const wfm_calendar *calendar)
{
    return is_calendar(calendar) ? calendar->n_rules : 0;
}

const char *
wfm_calendar_event_name(const wfm_calendar *calendar, size_t index)
{
    if (!is_calendar(calendar) || index >= calendar->n_rules)
        return NULL;
    return calendar->rules[index].name;
}

/* ---- expansion ---------------------------------------------------------- */

/* An occurrence of event `event` on days first … last. */
typedef struct {
    int32_t event, first, last;
} occurrence;

typedef struct {
    occurrence *items;
    size_t count, capacity;
} occurrence_list;

static bool
push(occurrence_list *list, int32_t event, int32_t first, int32_t last)
{
    /* Clip runs at the ends of time; what lies wholly beyond is dropped. */
    if (first < WFM_DATE_MIN)
        first = WFM_DATE_MIN;
    if (last > WFM_DATE_MAX)
        last = WFM_DATE_MAX;
    if (first > last)
        return true;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 256;
        occurrence *grown = realloc(list->items, capacity * sizeof *grown);
        if (grown == NULL)
            return false;
        list->items = grown;
        list->capacity = capacity;
    }
    list->items[list->count++] = (occurrence){ event, first, last };
    return true;
}

/* The expansion's state while rules are evaluated. */
typedef struct {
    wfm_calendar *cal;
    int32_t year_lo, year_hi;
    occurrence_list *raw;  /* per event, before observed shifts */
    uint8_t *state;        /* per event: 0 not yet, 1 in progress, 2 done */
    int32_t *path;         /* the events in progress, outermost first */
    size_t depth;
} expander;

/* The date of a yearly rule in `year`, for the single-day kinds. */
static bool
yearly_date(const cal_rule *r, int32_t year, int32_t *date)
{
    switch (r->kind) {
    case CAL_RULE_FIXED:
    case CAL_RULE_ON_OR_AFTER:
    case CAL_RULE_ON_OR_BEFORE:
        if (r->day > date_days_in_month(year, r->month))
            return false;
        *date = date_ymd_to_day(year, r->month, r->day);
        if (r->kind == CAL_RULE_ON_OR_AFTER)
            *date = date_weekday_on_or_after(*date, r->weekday);
        else if (r->kind == CAL_RULE_ON_OR_BEFORE)
            *date = date_weekday_on_or_before(*date, r->weekday);
        return true;
    case CAL_RULE_NTH_WEEKDAY:
        return date_nth_weekday(year, r->month, r->nth, r->weekday, date);
    case CAL_RULE_EASTER:
        *date = date_easter(year) + r->offset;
        return true;
    default:
        return false;
    }
}

static int32_t resolve(expander *x, int32_t event);

/* Name every event on the cycle that leads back to `event`. */
static int32_t
report_cycle(expander *x, int32_t event)
{
    char names[CAL_ERRMSG_MAX] = "";
    size_t used = 0, start = 0;
    while (x->path[start] != event)
        start++;
    for (size_t i = start; i <= x->depth && used < sizeof names; i++) {
        int32_t e = i < x->depth ? x->path[i] : event;
        int n = snprintf(names + used, sizeof names - used, "%s'%s'", i > start ? " -> " : "",
                         x->cal->rules[e].name);
        used += n > 0 ? (size_t)n : 0;
    }
    return cal_fail(x->cal, WFM_EINVAL, "relative rules form a cycle: %s", names);
}

static int32_t
resolve_relative(expander *x, int32_t event)
{
    wfm_calendar *cal = x->cal;
    const cal_rule *r = &cal->rules[event];
    size_t base = find_rule(cal, r->base);
    if (base == cal->n_rules)
        return cal_fail(cal, WFM_ENOTFOUND,
                        "event '%s' is relative to '%s', which the calendar does not have",
                        r->name, r->base);
    int32_t status = resolve(x, (int32_t)base);
    if (status != WFM_OK)
        return status;
    const occurrence_list *from = &x->raw[base];
    for (size_t i = 0; i < from->count; i++) {
        int32_t day = from->items[i].first;
        int32_t y, m, d;
        date_day_to_ymd(day, &y, &m, &d);
        if (!cal_rule_in_year(r, y))
            continue;
        if (!push(&x->raw[event], event, day + r->offset, day + r->offset_end))
            return cal_fail(cal, WFM_ENOMEM, "out of memory");
    }
    return WFM_OK;
}

/* Fill x->raw[event] with the event's occurrences in the years considered,
 * resolving the events it is relative to first. */
static int32_t
resolve(expander *x, int32_t event)
{
    wfm_calendar *cal = x->cal;
    const cal_rule *r = &cal->rules[event];
    if (x->state[event] == 2)
        return WFM_OK;
    if (x->state[event] == 1)
        return report_cycle(x, event);
    x->state[event] = 1;
    x->path[x->depth++] = event;
    int32_t status = WFM_OK;
    occurrence_list *out = &x->raw[event];
    if (r->kind == CAL_RULE_RELATIVE) {
        status = resolve_relative(x, event);
    } else if (r->kind == CAL_RULE_DATES) {
        for (size_t i = 0; i < r->n_spans && status == WFM_OK; i++)
            if (!push(out, event, r->spans[i].first, r->spans[i].last))
                status = cal_fail(cal, WFM_ENOMEM, "out of memory");
    } else if (r->kind == CAL_RULE_SEASON) {
        for (int32_t y = x->year_lo; y <= x->year_hi && status == WFM_OK; y++) {
            int32_t end_year = (r->end_month < r->month ||
                                (r->end_month == r->month && r->end_day < r->day)) ? y + 1 : y;
            if (!cal_rule_in_year(r, y) || end_year > DATE_YEAR_MAX ||
                r->day > date_days_in_month(y, r->month) ||
                r->end_day > date_days_in_month(end_year, r->end_month))
                continue;
            if (!push(out, event, date_ymd_to_day(y, r->month, r->day),
                      date_ymd_to_day(end_year, r->end_month, r->end_day)))
                status = cal_fail(cal, WFM_ENOMEM, "out of memory");
        }
    } else {
        for (int32_t y = x->year_lo; y <= x->year_hi && status == WFM_OK; y++) {
            int32_t date;
            if (cal_rule_in_year(r, y) && yearly_date(r, y, &date) &&
                !push(out, event, date, date))
                status = cal_fail(cal, WFM_ENOMEM, "out of memory");
        }
    }
    x->state[event] = status == WFM_OK ? 2 : 1;
    x->depth--;
    return status;
}

static int
compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* UK substitute days: holidays on weekdays keep their day; those on a
 * weekend move, in date order, to the next weekday no other such holiday
 * holds (Christmas on Saturday → Monday; Boxing Day on Sunday → Tuesday). */
static int32_t
shift_uk(wfm_calendar *cal, occurrence_list *final)
{
    size_t n_taken = 0, n_moving = 0;
    for (size_t e = 0; e < cal->n_rules; e++) {
        if (cal->rules[e].observed != CAL_OBSERVED_UK)
            continue;
        for (size_t i = 0; i < final[e].count; i++)
            if (final[e].items[i].first == final[e].items[i].last) {
                if (date_weekday(final[e].items[i].first) >= 6)
                    n_moving++;
                else
                    n_taken++;
            }
    }
    if (n_moving == 0)
        return WFM_OK;
    int32_t *taken = malloc((n_taken + n_moving) * sizeof *taken);
    occurrence **moving = malloc(n_moving * sizeof *moving);
    if (taken == NULL || moving == NULL) {
        free(taken);
        free(moving);
        return cal_fail(cal, WFM_ENOMEM, "out of memory");
    }
    n_taken = n_moving = 0;
    for (size_t e = 0; e < cal->n_rules; e++) {
        if (cal->rules[e].observed != CAL_OBSERVED_UK)
            continue;
        for (size_t i = 0; i < final[e].count; i++) {
            occurrence *o = &final[e].items[i];
            if (o->first != o->last)
                continue;
            if (date_weekday(o->first) >= 6)
                moving[n_moving++] = o;
            else
                taken[n_taken++] = o->first;
        }
    }
    /* Date order decides who gets the first free weekday. */
    for (size_t i = 1; i < n_moving; i++)
        for (size_t j = i; j > 0 && moving[j - 1]->first > moving[j]->first; j--) {
            occurrence *t = moving[j];
            moving[j] = moving[j - 1];
            moving[j - 1] = t;
        }
    qsort(taken, n_taken, sizeof *taken, compare_int32);
    for (size_t i = 0; i < n_moving; i++) {
        int32_t day = moving[i]->first;
        for (;;) {
            day++;
            if (date_weekday(day) >= 6)
                continue;
            bool held = false;
            for (size_t k = 0; k < n_taken && !held; k++)
                held = taken[k] == day;
            if (!held)
                break;
        }
        moving[i]->first = moving[i]->last = day;
        taken[n_taken++] = day;
    }
    free(taken);
    free(moving);
    return WFM_OK;
}

static void
shift_us(occurrence_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        occurrence *o = &list->items[i];
        if (o->first != o->last)
            continue;
        int32_t wd = date_weekday(o->first);
        int32_t shift = wd == 6 ? -1 : wd == 7 ? 1 : 0;
        o->first += shift;
        o->last += shift;
    }
}

struct wfm_calendar_days {
    uint32_t magic;
    size_t n_events;
    char **names;
    size_t n_rows;
    int32_t *dates, *events, *offsets, *closed;
    size_t n_occurrences;
    struct days_occurrence {
        int32_t event, first, last, lead, lag, closed;
        int32_t rank; /* of the event's name: orders same-day occurrences */
    } *occurrences;
};

/* A candidate row before (date, event) duplicates are merged. */
typedef struct {
    int32_t date, rank, offset, first, event;
} row;

static int
compare_rows(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    if (x->rank != y->rank)
        return (x->rank > y->rank) - (x->rank < y->rank);
    int32_t ax = abs(x->offset), ay = abs(y->offset);
    if (ax != ay)
        return (ax > ay) - (ax < ay);
    return (x->first > y->first) - (x->first < y->first);
}

/* Event names sorted bytewise give each event its rank in row order. */
typedef struct {
    const char *name;
    int32_t event;
} named;

static int
compare_named(const void *a, const void *b)
{
    return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

static void
days_free(wfm_calendar_days *days)
{
    if (days == NULL)
        return;
    for (size_t i = 0; i < days->n_events; i++)
        free(days->names[i]);
    free(days->names);
    free(days->dates);
    free(days->events);
    free(days->offsets);
    free(days->closed);
    free(days->occurrences);
    days->magic = 0;
    free(days);
}

void
wfm_calendar_days_free(wfm_calendar_days *days)
{
    if (days != NULL && days->magic == DAYS_MAGIC)
        days_free(days);
}

static bool
overlaps(int32_t first, int32_t last, int32_t lo, int32_t hi)
{
    return first <= hi && last >= lo;
}

/* Evaluate every rule over the years around [first, last], then apply the
 * observed shifts: final[e] holds event e's occurrences. */
static int32_t
evaluate(wfm_calendar *cal, int32_t first, int32_t last, occurrence_list *final)
{
    int32_t y_first, y_last, m, d;
    date_day_to_ymd(first, &y_first, &m, &d);
    date_day_to_ymd(last, &y_last, &m, &d);
    expander x = { cal, y_first - YEAR_MARGIN, y_last + YEAR_MARGIN, final, NULL, NULL, 0 };
    if (x.year_lo < DATE_YEAR_MIN)
        x.year_lo = DATE_YEAR_MIN;
    if (x.year_hi > DATE_YEAR_MAX)
        x.year_hi = DATE_YEAR_MAX;
    x.state = calloc(cal->n_rules ? cal->n_rules : 1, 1);
    x.path = malloc((cal->n_rules ? cal->n_rules : 1) * sizeof *x.path);
    int32_t status = WFM_OK;
    if (x.state == NULL || x.path == NULL)
        status = cal_fail(cal, WFM_ENOMEM, "out of memory");
    for (size_t e = 0; e < cal->n_rules && status == WFM_OK; e++)
        status = resolve(&x, (int32_t)e);
    free(x.state);
    free(x.path);
    if (status != WFM_OK)
        return status;
    for (size_t e = 0; e < cal->n_rules; e++)
        if (cal->rules[e].observed == CAL_OBSERVED_US)
            shift_us(&final[e]);
    return shift_uk(cal, final);
}

static int
compare_occurrences(const void *a, const void *b)
{
    const struct days_occurrence *x = a, *y = b;
    if (x->first != y->first)
        return (x->first > y->first) - (x->first < y->first);
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Build the rows of the days object from the occurrences. */
static bool
build_rows(wfm_calendar_days *days, int32_t first, int32_t last)
{
    size_t n = 0, capacity = 1024;
    row *rows = malloc(capacity * sizeof *rows);
    if (rows == NULL)
        return false;
    for (size_t i = 0; i < days->n_occurrences; i++) {
        const struct days_occurrence *o = &days->occurrences[i];
        int32_t lo = o->first - o->lead, hi = o->last + o->lag;
        if (lo < first)
            lo = first;
        if (hi > last)
            hi = last;
        for (int32_t day = lo; day <= hi; day++) {
            if (n == capacity) {
                capacity *= 2;
                row *grown = realloc(rows, capacity * sizeof *grown);
                if (grown == NULL) {
                    free(rows);
                    return false;
                }
                rows = grown;
            }
            int32_t offset = day < o->first ? day - o->first : day > o->last ? day - o->last : 0;
            rows[n++] = (row){ day, o->rank, offset, o->first, o->event };
        }
    }
    qsort(rows, n, sizeof *rows, compare_rows);
    /* Keep the first row of each (date, event): the smallest |offset|. */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || rows[kept - 1].date != rows[i].date ||
            rows[kept - 1].event != rows[i].event)
            rows[kept++] = rows[i];
    size_t alloc = kept ? kept : 1;
    days->dates = malloc(alloc * sizeof(int32_t));
    days->events = malloc(alloc * sizeof(int32_t));
    days->offsets = malloc(alloc * sizeof(int32_t));
    days->closed = malloc(alloc * sizeof(int32_t));
    if (!days->dates || !days->events || !days->offsets || !days->closed) {
        free(rows);
        return false;
    }
    for (size_t i = 0; i < kept; i++) {
        days->dates[i] = rows[i].date;
        days->events[i] = rows[i].event;
        days->offsets[i] = rows[i].offset;
        days->closed[i] = 0;
    }
    days->n_rows = kept;
    free(rows);
    return true;
}

int32_t
wfm_calendar_expand(wfm_calendar *calendar, int32_t first, int32_t last,
                    wfm_calendar_days **days_out)
{
    if (!is_calendar(calendar))
        return WFM_EMISUSE;
    wfm_calendar *cal = calendar;
    if (days_out == NULL)
        return cal_fail(cal, WFM_EINVAL, "no place for the expansion (NULL)");
    *days_out = NULL;
    if (first < WFM_DATE_MIN || last > WFM_DATE_MAX || first > last)
        return cal_fail(cal, WFM_EINVAL, "bad date range: the first date must not be "
                        "after the last, both within 0001-01-01 .. 9999-12-31");
    int32_t y_first, y_last, m, d;
    date_day_to_ymd(first, &y_first, &m, &d);
    date_day_to_ymd(last, &y_last, &m, &d);
    if (y_last - y_first > 100)
        return cal_fail(cal, WFM_EINVAL, "date range too long: at most 100 years");

    size_t n_events = cal->n_rules;
    occurrence_list *final = calloc(n_events ? n_events : 1, sizeof *final);
    wfm_calendar_days *days = calloc(1, sizeof *days);
    named *order = malloc((n_events ? n_events : 1) * sizeof *order);
    int32_t *rank = malloc((n_events ? n_events : 1) * sizeof *rank);
    int32_t status = WFM_OK;
    if (final == NULL || days == NULL || order == NULL || rank == NULL)
        status = cal_fail(cal, WFM_ENOMEM, "out of memory");
    if (status == WFM_OK)
        status = evaluate(cal, first, last, final);
    if (status == WFM_OK) {
        days->magic = DAYS_MAGIC;
        days->names = calloc(n_events ? n_events : 1, sizeof *days->names);
        if (days->names == NULL)
            status = cal_fail(cal, WFM_ENOMEM, "out of memory");
        for (size_t e = 0; status == WFM_OK && e < n_events; e++) {
            const char *name = cal->rules[e].name;
            days->names[e] = cal_copy_text(name, strlen(name));
            days->n_events = e + 1;
            if (days->names[e] == NULL)
                status = cal_fail(cal, WFM_ENOMEM, "out of memory");
            order[e] = (named){ cal->rules[e].name, (int32_t)e };
        }
    }
    if (status == WFM_OK) {
        qsort(order, n_events, sizeof *order, compare_named);
        for (size_t i = 0; i < n_events; i++)
            rank[order[i].event] = (int32_t)i;
        size_t total = 0;
        for (size_t e = 0; e < n_events; e++)
            for (size_t i = 0; i < final[e].count; i++) {
                const cal_rule *r = &cal->rules[e];
                const occurrence *o = &final[e].items[i];
                total += overlaps(o->first - r->lead, o->last + r->lag, first, last);
            }
        days->occurrences = malloc((total ? total : 1) * sizeof *days->occurrences);
        if (days->occurrences == NULL)
            status = cal_fail(cal, WFM_ENOMEM, "out of memory");
        for (size_t e = 0; status == WFM_OK && e < n_events; e++)
            for (size_t i = 0; i < final[e].count; i++) {
                const cal_rule *r = &cal->rules[e];
                const occurrence *o = &final[e].items[i];
                if (overlaps(o->first - r->lead, o->last + r->lag, first, last))
                    days->occurrences[days->n_occurrences++] = (struct days_occurrence){
                        (int32_t)e, o->first, o->last, r->lead, r->lag, r->closed, rank[e] };
            }
    }
    if (status == WFM_OK) {
        qsort(days->occurrences, days->n_occurrences, sizeof *days->occurrences,
              compare_occurrences);
        if (!build_rows(days, first, last))
            status = cal_fail(cal, WFM_ENOMEM, "out of memory");
    }
    if (status == WFM_OK)
        for (size_t i = 0; i < days->n_rows; i++)
            days->closed[i] = days->offsets[i] == 0 && cal->rules[days->events[i]].closed;
    for (size_t e = 0; final != NULL && e < n_events; e++)
        free(final[e].items);
    free(final);
    free(order);
    free(rank);
    if (status != WFM_OK) {
        days_free(days);
        return status;
    }
    *days_out = days;
    return succeed(cal);
}

static bool
is_days(const wfm_calendar_days *days)
{
    return days != NULL && days->magic == DAYS_MAGIC;
}

size_t
wfm_calendar_days_count(const wfm_calendar_days *days)
{
    return is_days(days) ? days->n_rows : 0;
}

int32_t
wfm_calendar_days_row(const wfm_calendar_days *days, size_t row_index, int32_t *date,
                      int32_t *event, int32_t *offset, int32_t *closed)
{
    if (!is_days(days))
        return WFM_EMISUSE;
    if (row_index >= days->n_rows)
        return WFM_EINVAL;
    if (date != NULL)
        *date = days->dates[row_index];
    if (event != NULL)
        *event = days->events[row_index];
    if (offset != NULL)
        *offset = days->offsets[row_index];
    if (closed != NULL)
        *closed = days->closed[row_index];
    return WFM_OK;
}

int32_t
wfm_calendar_days_copy(const wfm_calendar_days *days, int32_t *dates,
                       int32_t *events, int32_t *offsets, int32_t *closed,
                       size_t capacity, size_t *rows)
{
    if (!is_days(days))
        return WFM_EMISUSE;
    if (rows == NULL)
        return WFM_EINVAL;
    *rows = days->n_rows;
    if (capacity < days->n_rows)
        return WFM_ERANGE;
    size_t bytes = days->n_rows * sizeof(int32_t);
    if (bytes == 0)
        return WFM_OK;
    if (dates != NULL)
        memcpy(dates, days->dates, bytes);
    if (events != NULL)
        memcpy(events, days->events, bytes);
    if (offsets != NULL)
        memcpy(offsets, days->offsets, bytes);
    if (closed != NULL)
        memcpy(closed, days->closed, bytes);
    return WFM_OK;
}

size_t
wfm_calendar_days_event_count(const wfm_calendar_days *days)
{
    return is_days(days) ? days->n_events : 0;
}

const char *
wfm_calendar_days_event_name(const wfm_calendar_days *days, int32_t event)
{
    if (!is_days(days) || event < 0 || (size_t)event >= days->n_events)
        return NULL;
    return days->names[event];
}

size_t
wfm_calendar_days_occurrence_count(const wfm_calendar_days *days)
{
    return is_days(days) ? days->n_occurrences : 0;
}

int32_t
wfm_calendar_days_occurrence(const wfm_calendar_days *days, size_t index,
                             int32_t *event, int32_t *first, int32_t *last,
                             int32_t *lead, int32_t *lag, int32_t *closed)
{
    if (!is_days(days))
        return WFM_EMISUSE;
    if (index >= days->n_occurrences)
        return WFM_EINVAL;
    const struct days_occurrence *o = &days->occurrences[index];
    if (event != NULL)
        *event = o->event;
    if (first != NULL)
        *first = o->first;
    if (last != NULL)
        *last = o->last;
    if (lead != NULL)
        *lead = o->lead;
    if (lag != NULL)
        *lag = o->lag;
    if (closed != NULL)
        *closed = o->closed;
    return WFM_OK;
}

int32_t
cal_days_event_index(const wfm_calendar_days *days, const char *name)
{
    for (size_t k = 0; k < days->n_events; k++)
        if (strcmp(days->names[k], name) == 0)
            return (int32_t)k;
    return -1;
}

void
cal_days_mark_window(const wfm_calendar_days *days, int32_t event,
                     int32_t first_offset, int32_t last_offset, int64_t start,
                     size_t count, uint8_t *marks, size_t stride)
{
    int64_t end = start + (int64_t)count;
    for (size_t i = 0; i < days->n_occurrences; i++) {
        const struct days_occurrence *occ = &days->occurrences[i];
        if (occ->event != event)
            continue;
        for (int32_t o = first_offset; o <= last_offset; o++) {
            int64_t lo = o < 0 ? (int64_t)occ->first + o
                       : o > 0 ? (int64_t)occ->last + o : occ->first;
            int64_t hi = o == 0 ? occ->last : lo;
            for (int64_t d = lo > start ? lo : start; d <= hi && d < end; d++)
                marks[(size_t)(d - start) * stride] = 1;
        }
    }
}
