/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A contact-volume history on a regular grid of days × intervals, read from
 * CSV with every cell's state explicit: observed, missing (a row with an
 * empty volume) or absent (no row: closed hours or a gap). Not installed;
 * the forecaster's public API will wrap it. */
#ifndef WFM_HISTORY_PRIVATE_H
#define WFM_HISTORY_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    HISTORY_ABSENT = 0,   /* no row for this interval */
    HISTORY_MISSING = 1,  /* a row whose volume is empty: not observed */
    HISTORY_OBSERVED = 2  /* a row with a volume (zero included) */
} history_state;

/* Span limit: 50 million cells (a century of 5-minute intervals is 10.5M). */
#define HISTORY_MAX_CELLS 50000000u

typedef struct {
    int32_t first_date;       /* day number of the first row's day */
    int32_t days;             /* days from the first row's to the last row's */
    int32_t interval_minutes; /* 1440 for a daily series */
    int32_t per_day;          /* 1440 / interval_minutes */
    size_t count;             /* days × per_day cells, day-major */
    double *volume;           /* [count] contacts; NaN unless observed */
    uint8_t *state;           /* [count] history_state */
    double *aht_s;            /* [count] handle time in seconds, NaN where not
                                 given; NULL when the CSV has no aht column */
} history;

/* Read a CSV history. The header names a first column `date` (YYYY-MM-DD,
 * a daily series) or `datetime` (YYYY-MM-DD HH:MM, intervals of 5 to 60
 * minutes that divide the day, aligned to midnight), a `volume` column and
 * optionally `aht`; other columns are ignored. Rows must be in strictly
 * increasing time order. On error *out is untouched and errmsg holds
 * "source:line:column: message" (WFM_EPARSE, WFM_ERANGE for a span over
 * HISTORY_MAX_CELLS, WFM_ENOMEM). */
int32_t history_read_csv(const char *text, size_t length, const char *source,
                         history *out, char *errmsg, size_t errsize);

void history_clear(history *h);

/* One day's values into out[per_day]: the volume where observed, NaN where
 * missing, and for an absent cell 0 (a closed interval) when its day has
 * rows in an intraday history, else NaN (a day not observed). Days outside
 * the history are all NaN. */
void history_day(const history *h, int32_t date, double *out);

/* The last day before `before` with an observed cell: where a forecast made
 * from this history stands. first_date − 1 when there is none. */
int32_t history_last_observed(const history *h, int32_t before);

#define HISTORY_ERRMSG_MAX 512

/* The public object (wfm/forecast.h). */
struct wfm_history {
    uint32_t magic;
    history grid;
    char errmsg[HISTORY_ERRMSG_MAX];
};

bool history_is_valid(const struct wfm_history *h);

#endif /* WFM_HISTORY_PRIVATE_H */
