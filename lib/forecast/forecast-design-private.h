/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regression's shared design (forecast-design.c): the columns of every
 * variant of a call, and the rows of the span's days. In: the variants'
 * specs, the calendar's expansion. Out: the design forecast-regression.c
 * accumulates and fits. Not installed. */
#ifndef WFM_FORECAST_DESIGN_PRIVATE_H
#define WFM_FORECAST_DESIGN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forecast-private.h"
#include "wfm/calendar.h"

/* The trend column counts years of DAYS_PER_YEAR days. */
#define DAYS_PER_YEAR 365.25

/* The Christmas season's key: an event id no calendar event has (the
 * lowest, so its columns come before the events'), its window from
 * SEASON_BEFORE days before 25 December to SEASON_AFTER after (see
 * forecast-regression.c for what the regression learns of it). */
#define SEASON_EVENT INT32_MIN
#define SEASON_BEFORE 42
#define SEASON_AFTER 10

/* An (event, offset) pair: one 0/1 column. */
typedef struct {
    int32_t event, offset;
} event_key;

/* The columns of the shared design, in this order: intercept, trend, six
 * weekday dummies (Tuesday … Sunday; Monday is the reference), sin and cos
 * of each harmonic 1 … fourier, weekday × (sin, cos) of the harmonics
 * 1 … interactions (12 columns per harmonic), [an event's day] × Saturday
 * and × Sunday, the six weekday dummies × the level (when a spec scales
 * them), one column per (event, offset) key (the Christmas season's
 * last), and the same × the level (when a spec scales them). */
enum { COL_INTERCEPT = 0, COL_TREND = 1, COL_WEEKDAY = 2, COL_FOURIER = 8 };

typedef struct {
    size_t p;                 /* columns */
    int32_t fourier, interactions;
    bool weekend, scaled;
    size_t c_inter, c_weekend, c_scaled, c_event, c_event_scaled;
    int32_t first_date;
    size_t n_days;            /* training days and every horizon */
    size_t ref;               /* the trend column is (day − ref) / 365.25 */
    event_key *keys;          /* [n_keys], sorted */
    size_t n_keys;
    size_t *day_start;        /* [n_days + 1]: day i's keys are */
    size_t *day_keys;         /* day_keys[day_start[i] … day_start[i + 1]), ascending */
} shared_design;

/* Builds the design of `specs` over n_days days from first_date, the trend
 * measured from day `ref`, with the calendar's `events` (nullable).
 * WFM_OK, WFM_ENOMEM, or WFM_EINVAL (the calendar cannot be read). */
int32_t design_build(shared_design *d, const regression_spec *specs, size_t n_specs,
                     int32_t first_date, size_t n_days, size_t ref,
                     const wfm_calendar_days *events);

void design_free(shared_design *d);

/* The non-zero entries of day `day`'s row, columns ascending, into col and
 * val (room for design_row_room()); `trend` is the trend column's value,
 * `level` the level-scaled weekday columns', `event_level` the
 * level-scaled event and season columns'. Returns their number. */
size_t design_row(const shared_design *d, size_t day, double trend, double level,
                  double event_level, size_t *col, double *val);

/* The most entries design_row() writes for day `day`. */
size_t design_row_room(const shared_design *d, size_t day);

/* The first (event, offset) column of a spec: the level-scaled ones for a
 * level-scaled spec. */
size_t design_event_block(const shared_design *d, const regression_spec *s);

/* Whether design column c is one of the Christmas season's, plain or
 * level-scaled. */
bool design_season_column(const shared_design *d, size_t c);

/* The (event, offset) key of design column c when c is a calendar event's
 * column in the block starting at `events` (not the season's); SIZE_MAX
 * otherwise. */
size_t design_event_key(const shared_design *d, size_t events, size_t c);

#endif /* WFM_FORECAST_DESIGN_PRIVATE_H */
