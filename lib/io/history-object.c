/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public history object (wfm/forecast.h) around the CSV grid reader. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history-private.h"
#include "text-private.h"
#include "wfm/calendar.h"
#include "wfm/forecast.h"

#define HISTORY_MAGIC 0x77666873u /* "wfhs" */

bool
history_is_valid(const wfm_history *h)
{
    return h != NULL && h->magic == HISTORY_MAGIC;
}

static int32_t
fail(wfm_history *h, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(h->errmsg, sizeof h->errmsg, status, format, args);
    va_end(args);
    return status;
}

static int32_t
succeed(wfm_history *h)
{
    h->errmsg[0] = '\0';
    return WFM_OK;
}

void
history_day(const history *h, int32_t date, double *out)
{
    int64_t day = (int64_t)date - h->first_date;
    bool has_rows = false;
    for (int32_t j = 0; j < h->per_day; j++)
        out[j] = NAN;
    if (day < 0 || day >= h->days)
        return;
    size_t row = (size_t)day * (size_t)h->per_day;
    for (int32_t j = 0; j < h->per_day; j++)
        if (h->state[row + (size_t)j] != HISTORY_ABSENT) {
            out[j] = h->volume[row + (size_t)j]; /* NaN when missing */
            has_rows = true;
        }
    if (has_rows && h->per_day > 1)
        for (int32_t j = 0; j < h->per_day; j++)
            if (h->state[row + (size_t)j] == HISTORY_ABSENT)
                out[j] = 0.0; /* the centre reported that day: closed interval */
}

int32_t
history_last_observed(const history *h, int32_t before)
{
    int64_t day = (int64_t)before - h->first_date - 1;
    if (day >= h->days)
        day = h->days - 1;
    for (; day >= 0; day--) {
        const uint8_t *state = h->state + (size_t)day * (size_t)h->per_day;
        for (int32_t j = 0; j < h->per_day; j++)
            if (state[j] == HISTORY_OBSERVED)
                return h->first_date + (int32_t)day;
    }
    return h->first_date - 1;
}

int32_t
wfm_history_new(wfm_history **out)
{
    if (out == NULL)
        return WFM_EINVAL;
    wfm_history *h = calloc(1, sizeof *h);
    *out = h;
    if (h == NULL)
        return WFM_ENOMEM;
    h->magic = HISTORY_MAGIC;
    h->grid.interval_minutes = 1440;
    h->grid.per_day = 1;
    return WFM_OK;
}

void
wfm_history_free(wfm_history *h)
{
    if (!history_is_valid(h))
        return;
    history_clear(&h->grid);
    h->magic = 0;
    free(h);
}

const char *
wfm_history_errmsg(const wfm_history *h)
{
    return history_is_valid(h) ? h->errmsg : "";
}

static void
replace(wfm_history *h, history *grid)
{
    history_clear(&h->grid);
    h->grid = *grid;
}

int32_t
wfm_history_read_csv(wfm_history *h, const char *text, size_t length, const char *source)
{
    if (!history_is_valid(h))
        return WFM_EMISUSE;
    if (text == NULL && length > 0)
        return fail(h, WFM_EINVAL, "no text given");
    history grid;
    int32_t st = history_read_csv(text, length, source ? source : "<history>", &grid,
                                  h->errmsg, sizeof h->errmsg);
    if (st != WFM_OK)
        return st;
    replace(h, &grid);
    return succeed(h);
}

int32_t
wfm_history_read_file(wfm_history *h, const char *path)
{
    if (!history_is_valid(h))
        return WFM_EMISUSE;
    if (path == NULL)
        return fail(h, WFM_EINVAL, "no file name given");
    char *text;
    size_t length;
    /* Bounded: a huge file, a FIFO or /dev/zero fails at the cap (or, with
     * a NUL byte, at once: the CSV reader then names where it is). */
    int32_t st = text_read_file_max(path, HISTORY_MAX_FILE_BYTES, true, &text, &length,
                                    h->errmsg, sizeof h->errmsg);
    if (st != WFM_OK)
        return st;
    st = wfm_history_read_csv(h, text, length, path);
    free(text);
    return st;
}

int32_t
wfm_history_set_series(wfm_history *h, int32_t first_date, int32_t interval_minutes,
                       const double *volume, const double *aht_s, size_t count)
{
    if (!history_is_valid(h))
        return WFM_EMISUSE;
    if (volume == NULL)
        return fail(h, WFM_EINVAL, "no volume array given");
    if (interval_minutes != 1440 &&
        (interval_minutes < 5 || interval_minutes > 60 || 1440 % interval_minutes != 0))
        return fail(h, WFM_EINVAL,
                    "interval_minutes is %d: expected 5 to 60 minutes dividing the day, "
                    "or 1440 (daily)", (int)interval_minutes);
    size_t per_day = (size_t)(1440 / interval_minutes);
    if (count == 0 || count % per_day != 0)
        return fail(h, WFM_EINVAL,
                    "count is %zu: expected a whole number of days of %zu intervals", count,
                    per_day);
    if (count > HISTORY_MAX_CELLS)
        return fail(h, WFM_ERANGE, "%zu cells is over the limit of %u", count,
                    HISTORY_MAX_CELLS);
    size_t days = count / per_day;
    if (first_date < WFM_DATE_MIN || first_date > WFM_DATE_MAX ||
        (int64_t)first_date + (int64_t)days - 1 > WFM_DATE_MAX)
        return fail(h, WFM_EINVAL,
                    "the series runs from day %d for %zu days, outside 0001-01-01 .. "
                    "9999-12-31", (int)first_date, days);
    for (size_t i = 0; i < count; i++) {
        if (!isnan(volume[i]) && !(volume[i] >= 0.0 && volume[i] <= HISTORY_MAX_VOLUME))
            return fail(h, WFM_EINVAL,
                        "volume[%zu] is %g: expected contacts from 0 to 1e9 (wfm's limit "
                        "per cell), or NaN (not observed)", i, volume[i]);
        if (aht_s != NULL && !isnan(aht_s[i]) && !(aht_s[i] >= 0.0 && aht_s[i] <= HISTORY_MAX_AHT_S))
            return fail(h, WFM_EINVAL,
                        "aht_s[%zu] is %g: expected seconds from 0 to 86400 (a day: wfm's "
                        "limit), or NaN (not given)", i, aht_s[i]);
    }
    history grid = { .first_date = first_date,
                     .days = (int32_t)days,
                     .interval_minutes = interval_minutes,
                     .per_day = (int32_t)per_day,
                     .count = count };
    grid.volume = malloc(count * sizeof *grid.volume);
    grid.state = malloc(count);
    grid.aht_s = aht_s ? malloc(count * sizeof *grid.aht_s) : NULL;
    if (grid.volume == NULL || grid.state == NULL || (aht_s && grid.aht_s == NULL)) {
        history_clear(&grid);
        return fail(h, WFM_ENOMEM, "out of memory");
    }
    memcpy(grid.volume, volume, count * sizeof *volume);
    if (aht_s != NULL)
        memcpy(grid.aht_s, aht_s, count * sizeof *aht_s);
    for (size_t i = 0; i < count; i++)
        grid.state[i] = isnan(volume[i]) ? HISTORY_MISSING : HISTORY_OBSERVED;
    replace(h, &grid);
    return succeed(h);
}

int32_t
wfm_history_span(const wfm_history *h, int32_t *first_date, int32_t *days,
                 int32_t *interval_minutes)
{
    if (!history_is_valid(h))
        return WFM_EMISUSE;
    if (first_date != NULL)
        *first_date = h->grid.first_date;
    if (days != NULL)
        *days = h->grid.days;
    if (interval_minutes != NULL)
        *interval_minutes = h->grid.interval_minutes;
    return WFM_OK;
}

int32_t
wfm_history_copy(const wfm_history *h, double *volume, double *aht_s, size_t capacity,
                 size_t *count)
{
    if (!history_is_valid(h))
        return WFM_EMISUSE;
    if (count == NULL)
        return WFM_EINVAL;
    const history *g = &h->grid;
    *count = g->count;
    size_t n = capacity < g->count ? capacity : g->count;
    size_t per_day = (size_t)g->per_day;
    double day[1440];
    for (size_t i = 0; i < n; i++) {
        if (volume != NULL) {
            if (i % per_day == 0)
                history_day(g, g->first_date + (int32_t)(i / per_day), day);
            volume[i] = day[i % per_day];
        }
        if (aht_s != NULL)
            aht_s[i] = g->aht_s ? g->aht_s[i] : NAN;
    }
    return capacity < g->count ? WFM_ERANGE : WFM_OK;
}
