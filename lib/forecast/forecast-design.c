/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regression's shared design: its columns, the calendar's and the
 * Christmas season's (event, offset) keys on every day of the span, and
 * each day's row. One design serves every variant and origin of a call
 * (forecast-regression.c fits it). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "calendar-private.h"
#include "forecast-design-private.h"
#include "wfm/status.h"

#define TWO_PI 6.283185307179586476925286766559
/* Four years are exactly 1461 days: every yearly harmonic of the
 * 365.25-day year repeats after them, so dates are reduced first. */
#define FOUR_YEARS 1461

/* An (event, offset) that applies on day index `day` of the span. */
typedef struct {
    size_t day;
    event_key key;
} event_mark;

static int
compare_keys(const void *a, const void *b)
{
    const event_key *x = a, *y = b;
    if (x->event != y->event)
        return (x->event > y->event) - (x->event < y->event);
    return (x->offset > y->offset) - (x->offset < y->offset);
}

static int
compare_marks(const void *a, const void *b)
{
    const event_mark *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return compare_keys(&x->key, &y->key);
}


void
design_free(shared_design *d)
{
    free(d->keys);
    free(d->day_start);
    free(d->day_keys);
}

/* Every (event, offset) mark on the span's days, windows widened by
 * `spill`. */
static int32_t
add_mark(event_mark **marks, size_t *n_marks, size_t *capacity, size_t day, event_key key)
{
    if (*n_marks == *capacity) {
        *capacity = *capacity ? 2 * *capacity : 1024;
        event_mark *grown = realloc(*marks, *capacity * sizeof *grown);
        if (grown == NULL)
            return WFM_ENOMEM;
        *marks = grown;
    }
    (*marks)[(*n_marks)++] = (event_mark){ day, key };
    return WFM_OK;
}

_Static_assert(SEASON_BEFORE + SEASON_AFTER + 1 == REGRESSION_SEASON_DAYS,
               "REGRESSION_SEASON_DAYS is the season's length");

bool
regression_season_day(int32_t date, int32_t *day_of_season)
{
    int32_t year, month, day, christmas;
    if (wfm_date_to_ymd(date, &year, &month, &day) != WFM_OK)
        return false;
    if (month == 1)
        year--; /* the days after last year's Christmas */
    if (wfm_date_from_ymd(year, 12, 25, &christmas) != WFM_OK)
        return false;
    if (date < christmas - SEASON_BEFORE || date > christmas + SEASON_AFTER)
        return false;
    if (day_of_season != NULL)
        *day_of_season = date - (christmas - SEASON_BEFORE);
    return true;
}

/* The Christmas season's marks on the span's days. */
static int32_t
season_marks(int32_t first_date, size_t n_days, event_mark **marks, size_t *n_marks,
             size_t *capacity)
{
    int32_t first_year, last_year, month, day;
    if (wfm_date_to_ymd(first_date, &first_year, &month, &day) != WFM_OK ||
        wfm_date_to_ymd(first_date + (int32_t)n_days - 1, &last_year, &month, &day) != WFM_OK)
        return WFM_EINVAL;
    for (int32_t year = first_year - 1; year <= last_year; year++) {
        int32_t christmas;
        if (wfm_date_from_ymd(year, 12, 25, &christmas) != WFM_OK)
            continue; /* the year before 0001 */
        for (int32_t offset = -SEASON_BEFORE; offset <= SEASON_AFTER; offset++) {
            int64_t at = (int64_t)christmas + offset - first_date;
            if (at < 0 || (uint64_t)at >= n_days)
                continue;
            if (add_mark(marks, n_marks, capacity, (size_t)at,
                         (event_key){ SEASON_EVENT, offset }) != WFM_OK)
                return WFM_ENOMEM;
        }
    }
    return WFM_OK;
}

static int32_t
collect_marks(const wfm_calendar_days *events, int32_t first_date, size_t n_days,
              int32_t spill, bool season, event_mark **marks, size_t *n_marks)
{
    *marks = NULL;
    *n_marks = 0;
    size_t count = events ? wfm_calendar_days_occurrence_count(events) : 0, capacity = 0;
    if (season) {
        int32_t st = season_marks(first_date, n_days, marks, n_marks, &capacity);
        if (st != WFM_OK)
            return st;
    }
    for (size_t i = 0; i < count; i++) {
        int32_t event, first, last, lead, lag;
        if (wfm_calendar_days_occurrence(events, i, &event, &first, &last, &lead, &lag, NULL) !=
            WFM_OK)
            return WFM_EINVAL;
        for (int32_t offset = -(lead + spill); offset <= lag + spill; offset++) {
            int32_t lo = offset < 0 ? first + offset : offset > 0 ? last + offset : first;
            int32_t hi = offset == 0 ? last : lo;
            for (int32_t date = lo; date <= hi; date++) {
                int64_t day = (int64_t)date - first_date;
                if (day < 0 || (uint64_t)day >= n_days)
                    continue;
                if (add_mark(marks, n_marks, &capacity, (size_t)day,
                             (event_key){ event, offset }) != WFM_OK)
                    return WFM_ENOMEM;
            }
        }
    }
    return WFM_OK;
}

/* The keys and, per day, the keys that apply (each once). Keys never seen
 * on an observed training day get a column too: it is constant there, so
 * no fit uses it, but it still marks its event's day for the weekend
 * columns. */
static int32_t
index_events(shared_design *d, const wfm_calendar_days *events, int32_t spill, bool season)
{
    event_mark *marks = NULL;
    size_t n_marks = 0;
    int32_t st = collect_marks(events, d->first_date, d->n_days, spill, season, &marks, &n_marks);
    if (st == WFM_OK && n_marks > 0)
        qsort(marks, n_marks, sizeof *marks, compare_marks);
    if (st == WFM_OK) {
        d->keys = malloc((n_marks ? n_marks : 1) * sizeof *d->keys);
        d->day_start = calloc(d->n_days + 1, sizeof *d->day_start);
        d->day_keys = malloc((n_marks ? n_marks : 1) * sizeof *d->day_keys);
        if (d->keys == NULL || d->day_start == NULL || d->day_keys == NULL)
            st = WFM_ENOMEM;
    }
    if (st != WFM_OK) {
        free(marks);
        return st;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_marks; i++)
        d->keys[n++] = marks[i].key;
    if (n > 0)
        qsort(d->keys, n, sizeof *d->keys, compare_keys);
    d->n_keys = 0;
    for (size_t i = 0; i < n; i++)
        if (d->n_keys == 0 || compare_keys(&d->keys[d->n_keys - 1], &d->keys[i]) != 0)
            d->keys[d->n_keys++] = d->keys[i];
    /* Marks are sorted by day, then key: the keys of a day come out
     * ascending; a repeated (day, key) is one 1 in its column. */
    size_t m = 0;
    for (size_t i = 0; i < n_marks; i++) {
        if (i > 0 && compare_marks(&marks[i - 1], &marks[i]) == 0)
            continue;
        const event_key *hit =
            bsearch(&marks[i].key, d->keys, d->n_keys, sizeof *d->keys, compare_keys);
        d->day_keys[m++] = (size_t)(hit - d->keys);
        d->day_start[marks[i].day + 1]++;
    }
    for (size_t i = 0; i < d->n_days; i++)
        d->day_start[i + 1] += d->day_start[i];
    free(marks);
    return WFM_OK;
}

/* The non-zero entries of day `day`'s row, columns ascending; `trend` is
 * the trend column's value, `level` the level-scaled weekday columns'
 * (trailing_levels() of the day for a training row, of the origin for a
 * forecast), `event_level` the level-scaled event and season columns'
 * (the level × the day's weekday factor). Returns the number of entries. */
size_t
design_row(const shared_design *d, size_t day, double trend, double level, double event_level,
           size_t *col, double *val)
{
    size_t m = 0;
    int32_t date = d->first_date + (int32_t)day;
    col[m] = COL_INTERCEPT, val[m++] = 1.0;
    col[m] = COL_TREND, val[m++] = trend;
    int32_t wd = date_weekday(date);
    if (wd >= 2)
        col[m] = COL_WEEKDAY + (size_t)(wd - 2), val[m++] = 1.0;
    int32_t r = date % FOUR_YEARS;
    double angle = TWO_PI * (double)(r < 0 ? r + FOUR_YEARS : r) / DAYS_PER_YEAR;
    double s1 = sin(angle), c1 = cos(angle), s = s1, c = c1;
    size_t fourier = m;
    for (int32_t k = 1; k <= d->fourier; k++) {
        col[m] = COL_FOURIER + 2 * (size_t)(k - 1), val[m++] = s;
        col[m] = COL_FOURIER + 2 * (size_t)(k - 1) + 1, val[m++] = c;
        double next = s * c1 + c * s1; /* the angle-addition recurrence */
        c = c * c1 - s * s1;
        s = next;
    }
    for (int32_t k = 1; wd >= 2 && k <= d->interactions; k++) {
        size_t base = d->c_inter + 12 * (size_t)(k - 1) + 2 * (size_t)(wd - 2);
        col[m] = base, val[m++] = val[fourier + 2 * (size_t)(k - 1)];
        col[m] = base + 1, val[m++] = val[fourier + 2 * (size_t)(k - 1) + 1];
    }
    const size_t *keys = d->day_keys + d->day_start[day];
    size_t n_keys = d->day_start[day + 1] - d->day_start[day];
    if (d->weekend && wd >= 6) {
        bool any = false;
        for (size_t i = 0; i < n_keys && !any; i++)
            any = d->keys[keys[i]].offset == 0 && d->keys[keys[i]].event != SEASON_EVENT;
        if (any)
            col[m] = d->c_weekend + (size_t)(wd - 6), val[m++] = 1.0;
    }
    if (d->scaled && wd >= 2)
        col[m] = d->c_scaled + (size_t)(wd - 2), val[m++] = level;
    for (size_t i = 0; i < n_keys; i++)
        col[m] = d->c_event + keys[i], val[m++] = 1.0;
    for (size_t i = 0; d->scaled && i < n_keys; i++)
        col[m] = d->c_event_scaled + keys[i], val[m++] = event_level;
    return m;
}

/* The most entries design_row() writes for day `day`. */
size_t
design_row_room(const shared_design *d, size_t day)
{
    size_t keys = d->day_start[day + 1] - d->day_start[day];
    return 5 + 2 * (size_t)d->fourier + 2 * (size_t)d->interactions + keys * (d->scaled ? 2 : 1);
}

int32_t
design_build(shared_design *d, const regression_spec *specs, size_t n_specs, int32_t first_date,
             size_t n_days, size_t ref, const wfm_calendar_days *events)
{
    *d = (shared_design){ .first_date = first_date, .n_days = n_days, .ref = ref };
    for (size_t s = 0; s < n_specs; s++) {
        if (specs[s].fourier_order > d->fourier)
            d->fourier = specs[s].fourier_order;
        if (specs[s].weekday_fourier > d->interactions)
            d->interactions = specs[s].weekday_fourier;
        d->weekend = d->weekend || specs[s].event_weekend;
        d->scaled = d->scaled || specs[s].level_scaled;
    }
    bool season = false;
    for (size_t s = 0; s < n_specs; s++)
        season = season || specs[s].season;
    int32_t st = index_events(d, events, specs[0].event_spill, season);
    d->c_inter = COL_FOURIER + 2 * (size_t)d->fourier;
    d->c_weekend = d->c_inter + 12 * (size_t)d->interactions;
    d->c_scaled = d->c_weekend + (d->weekend ? 2 : 0);
    d->c_event = d->c_scaled + (d->scaled ? 6 : 0);
    d->c_event_scaled = d->c_event + d->n_keys;
    d->p = d->c_event_scaled + (d->scaled ? d->n_keys : 0);
    return st;
}

/* The first (event, offset) column of a spec: the level-scaled ones for a
 * level-scaled spec. */
size_t
design_event_block(const shared_design *d, const regression_spec *s)
{
    return s->level_scaled ? d->c_event_scaled : d->c_event;
}

/* Whether design column c is one of the Christmas season's, plain or
 * level-scaled (the (event, offset) blocks are the design's last). */
bool
design_season_column(const shared_design *d, size_t c)
{
    return c >= d->c_event && c < d->p &&
           d->keys[(c - d->c_event) % d->n_keys].event == SEASON_EVENT;
}

/* The (event, offset) key of design column c when c is a calendar event's
 * column in the block starting at `events` (not the season's); SIZE_MAX
 * otherwise. */
size_t
design_event_key(const shared_design *d, size_t events, size_t c)
{
    return c >= events && c < events + d->n_keys && d->keys[c - events].event != SEASON_EVENT
               ? c - events
               : SIZE_MAX;
}
