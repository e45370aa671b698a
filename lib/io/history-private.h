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

/* Memory proportional to the input: a CSV history's grid holds at most
 * max(HISTORY_MIN_CELL_LIMIT, HISTORY_CELLS_PER_ROW × rows) cells, checked
 * before the grid is allocated. The floor is a leap year of 5-minute
 * intervals (366 × 288; 288 years of a daily series), so any history of up
 * to a year loads whatever its rows. 64 cells a row leaves room over what
 * real histories need: 5-minute rows from 08:00 to 18:00 on weekdays fill
 * 1 cell in 3.4 (the grid counts every day's 288 cells), one open hour a
 * weekday 1 in 34; an outage of a few months adds a fraction of that.
 * A row costs its grid at most 64 × 17 bytes; a few rows years apart (a
 * typo in a year) fail here instead of allocating a century. */
#define HISTORY_MIN_CELL_LIMIT 105408u
#define HISTORY_CELLS_PER_ROW 64u

/* Value limits per cell. 1e9 contacts in one day (or one interval) is
 * hundreds of times what the largest contact centres (millions of contacts
 * a day) handle in a day, and keeps every sum, square and product
 * downstream finite (50M cells × (1e9)² is 5e25; DBL_MAX is 1.8e308).
 * 86400 seconds (a day) of handle time per contact: no contact takes an
 * agent longer, and volume × handle time (workload) stays below 1e14
 * seconds. */
#define HISTORY_MAX_VOLUME 1e9
#define HISTORY_MAX_AHT_S 86400.0

/* wfm_history_read_file reads at most 256 MiB: ten years of 5-minute rows
 * around the clock are about 1.05 million rows, 20 to 60 MB even with a
 * few extra columns; a FIFO or device stops at the cap (or, /dev/zero, at
 * the first NUL byte). */
#define HISTORY_MAX_FILE_BYTES ((size_t)256 << 20)

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
 * optionally `aht`, letter case ignored; other columns are ignored. Rows
 * must be in strictly increasing time order, except for a daylight-saving
 * repeat hour (see can_repeat in history.c): its rows are added to the
 * first pass's. Volumes and handle times are plain decimal numbers
 * (text_decimal) within HISTORY_MAX_VOLUME and HISTORY_MAX_AHT_S. On error
 * *out is untouched and errmsg holds "source:line:column: message"
 * (WFM_EPARSE, WFM_ERANGE for a span over HISTORY_MAX_CELLS or over the
 * cells its rows allow, WFM_ENOMEM). */
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
