/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regression's fit state (forecast-regression.c accumulates and
 * solves it) and what a fit's in-sample residuals say
 * (forecast-fit-residuals.c): the calendar's event ridges and the weekly
 * pattern as it is now. Not installed. */
#ifndef WFM_FORECAST_FIT_PRIVATE_H
#define WFM_FORECAST_FIT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date-private.h"
#include "forecast-design-private.h"
#include "forecast-private.h"

/* XᵀX (upper triangle) and Xᵀy over the observed days so far, and which
 * columns have varied over them. */
typedef struct {
    size_t p;
    double *gram;      /* p × p */
    double *xty;       /* [p] */
    double *xtlogy;    /* [p], NULL when no fit is on the log scale */
    double *first;     /* [p] the columns on the first observed day */
    size_t *first_col; /* [p] the columns non-zero on it, n_first of them */
    size_t n_first;
    bool *varies;      /* [p] */
    const bool *bridge; /* [p] or NULL: the season's columns with a training day
                           neither observed nor closed (bridged by the fusion) */
    double *dense;     /* [p] scratch, all zero between calls */
    size_t n_obs, first_obs, last_obs;
    const double *y;     /* the series, each day's trailing level and */
    const double *level; /* weekday factors (trailing_levels()) */
    const double *weekday_factor;
    /* The rows of the observed days with calendar rows so far, which the
     * event ridges revisit at every fit: row r is day event_day[r], its
     * entries event_col/event_val[event_start[r] … event_start[r + 1]),
     * its trend (day − ref) / 365.25 as accumulated. */
    size_t n_event_rows;
    size_t *event_day, *event_start, *event_col;
    double *event_val;
} accumulator;

/* Work arrays of one call, sized for the whole design. */
typedef struct {
    double *a;         /* p × p */
    double *rhs;       /* [p] */
    double *pen;       /* [p] */
    double *b;         /* [p] coefficients by design column */
    double *val;       /* [p] one row */
    size_t *col;       /* [p] */
    size_t *sel;       /* [p] the columns of one fit */
    size_t *perm;      /* [p] */
    double *diag;      /* [p] */
    double *rhs0;      /* [p] the right-hand side of the system being solved */
    double *key_stats; /* [3 × n_keys] per (event, offset): see fit_event_noise_ratio() */
    double *key_ridge; /* [n_keys] */
    size_t q;          /* the columns of the system being solved */
    bool factored;     /* a holds its plain Cholesky factor */
} workspace;

/* The value of day `day`'s level-scaled event and season columns as seen
 * from day `at` (the day itself in training, the origin in a forecast):
 * the level at `at` × the factor at `at` of `day`'s weekday. */
static inline double
event_level(const shared_design *d, const accumulator *acc, size_t at, size_t day)
{
    int32_t w = date_weekday(d->first_date + (int32_t)day);
    return acc->level[at] * acc->weekday_factor[at * 7 + (size_t)(w - 1)];
}

/* v / τ² of the calendar's effects from the fit in w->b at `origin` (see
 * forecast-fit-residuals.c); NaN when there is no v or no spread left for
 * τ². */
double fit_event_noise_ratio(const shared_design *d, const accumulator *acc,
                             const regression_spec *s, size_t origin, workspace *w);

/* w->key_ridge[k] for each (event, offset) key k from the noise ratio. */
void fit_key_ridges(const shared_design *d, const accumulator *acc, const regression_spec *s,
                    double ratio, workspace *w);

/* factor[w − 1], w = 1 (Monday) … 7: the weekly pattern as it is now, from
 * the log-scale fit in w->b at `origin`; all 1 unless `s` is on the log
 * scale. */
void fit_weekday_now(const shared_design *d, const accumulator *acc, const regression_spec *s,
                     size_t origin, workspace *w, double factor[7]);

#endif /* WFM_FORECAST_FIT_PRIVATE_H */
