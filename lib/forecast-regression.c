/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ridge regression of daily volume on trend, weekday, yearly Fourier terms
 * and calendar events, and the ensemble of its variants. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "calendar-private.h"
#include "forecast-private.h"

#define TWO_PI 6.283185307179586476925286766559
#define DAYS_PER_YEAR 365.25
/* Added to the normal equations' diagonal so that they stay positive
 * definite when unpenalised columns are collinear (weekday effects of a
 * weekday never observed, say). */
#define JITTER 1e-9

const regression_spec daily_ensemble[DAILY_ENSEMBLE_SIZE] = {
    { 10, true, true, false, 1, 1.0, false, 0.0, 0, 0.0 },  /* A */
    { 10, true, true, true, 1, 1.0, false, 0.0, 0, 0.0 },   /* B: log scale */
    { 10, true, true, false, 1, 1.0, true, 5.0, 0, 0.0 },   /* C: events on weekends */
    { 15, true, true, false, 1, 1.0, false, 0.0, 3, 250.0 }, /* D: weekday × season */
};

/* An (event, offset) pair: one 0/1 column. */
typedef struct {
    int32_t event, offset;
} event_key;

/* An (event, offset) that applies on day index `day` of the series. */
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

/* What the regression sees: the design over training days and horizon. */
typedef struct {
    size_t n_days, p;
    double *x;      /* n_days × p, row-major */
    double *pen;    /* [p] ridge penalty per column */
    bool *keep;     /* [p] column varies over the training span */
} design;

static void
free_design(design *d)
{
    free(d->x);
    free(d->pen);
    free(d->keep);
}

/* Every (event, offset) mark on the series' days, windows widened by
 * `spill`, and whether an event falls on each day (any_event). */
static int32_t
collect_marks(const wfm_calendar_days *events, int32_t first_date, size_t n_days,
              int32_t spill, event_mark **marks, size_t *n_marks, bool *any_event)
{
    *marks = NULL;
    *n_marks = 0;
    size_t count = events ? wfm_calendar_days_occurrence_count(events) : 0, capacity = 0;
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
                if (day < 0 || (size_t)day >= n_days)
                    continue;
                if (*n_marks == capacity) {
                    capacity = capacity ? 2 * capacity : 1024;
                    event_mark *grown = realloc(*marks, capacity * sizeof *grown);
                    if (grown == NULL)
                        return WFM_ENOMEM;
                    *marks = grown;
                }
                (*marks)[(*n_marks)++] = (event_mark){ (size_t)day, { event, offset } };
                if (offset == 0)
                    any_event[day] = true;
            }
        }
    }
    return WFM_OK;
}

/* The distinct keys marked on an observed training day, sorted. */
static int32_t
training_keys(const event_mark *marks, size_t n_marks, const double *y, size_t n_train,
              event_key **keys, size_t *n_keys)
{
    event_key *k = malloc((n_marks ? n_marks : 1) * sizeof *k);
    if (k == NULL)
        return WFM_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < n_marks; i++)
        if (marks[i].day < n_train && !isnan(y[marks[i].day]))
            k[n++] = marks[i].key;
    qsort(k, n, sizeof *k, compare_keys);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || compare_keys(&k[m - 1], &k[i]) != 0)
            k[m++] = k[i];
    *keys = k;
    *n_keys = m;
    return WFM_OK;
}

/* The calendar columns of one day; returns the number of columns. */
static size_t
base_row(double *row, double *pen, const regression_spec *spec, int32_t date, size_t day,
         size_t n_train, bool any_event)
{
    size_t c = 0;
    row[c] = 1.0, pen[c++] = 0.0;
    if (spec->trend)
        row[c] = ((double)day - (double)n_train) / DAYS_PER_YEAR, pen[c++] = 0.0;
    int32_t wd = cal_weekday(date);
    if (spec->weekday)
        for (int32_t d = 2; d <= 7; d++) /* Monday is the reference */
            row[c] = wd == d ? 1.0 : 0.0, pen[c++] = 0.0;
    for (int32_t k = 1; k <= spec->fourier_order; k++) {
        double angle = TWO_PI * k * (double)date / DAYS_PER_YEAR;
        double s = sin(angle), co = cos(angle);
        row[c] = s, pen[c++] = 0.0;
        row[c] = co, pen[c++] = 0.0;
        if (k <= spec->weekday_fourier)
            for (int32_t d = 2; d <= 7; d++) {
                row[c] = wd == d ? s : 0.0, pen[c++] = spec->interaction_ridge;
                row[c] = wd == d ? co : 0.0, pen[c++] = spec->interaction_ridge;
            }
    }
    if (spec->event_weekend) {
        row[c] = any_event && wd == 6 ? 1.0 : 0.0, pen[c++] = spec->event_weekend_ridge;
        row[c] = any_event && wd == 7 ? 1.0 : 0.0, pen[c++] = spec->event_weekend_ridge;
    }
    return c;
}

static size_t
base_columns(const regression_spec *spec)
{
    return 1 + (spec->trend ? 1 : 0) + (spec->weekday ? 6 : 0) +
           2 * (size_t)spec->fourier_order + 12 * (size_t)spec->weekday_fourier +
           (spec->event_weekend ? 2 : 0);
}

static int32_t
build_design(const double *y, size_t n_train, int32_t first_date, size_t horizon,
             const regression_spec *spec, const wfm_calendar_days *events, design *d)
{
    size_t n_days = n_train + horizon;
    bool *any_event = calloc(n_days ? n_days : 1, sizeof *any_event);
    event_mark *marks = NULL;
    event_key *keys = NULL;
    size_t n_marks = 0, n_keys = 0;
    int32_t st = any_event ? WFM_OK : WFM_ENOMEM;
    if (st == WFM_OK)
        st = collect_marks(events, first_date, n_days, spec->event_spill, &marks, &n_marks,
                           any_event);
    if (st == WFM_OK)
        st = training_keys(marks, n_marks, y, n_train, &keys, &n_keys);
    size_t p0 = base_columns(spec), p = p0 + n_keys;
    *d = (design){ n_days, p, NULL, NULL, NULL };
    if (st == WFM_OK) {
        d->x = calloc(n_days * p, sizeof *d->x);
        d->pen = malloc(p * sizeof *d->pen);
        d->keep = calloc(p, sizeof *d->keep);
        if (d->x == NULL || d->pen == NULL || d->keep == NULL)
            st = WFM_ENOMEM;
    }
    for (size_t i = 0; st == WFM_OK && i < n_days; i++)
        base_row(d->x + i * p, d->pen, spec, first_date + (int32_t)i, i, n_train, any_event[i]);
    for (size_t k = 0; st == WFM_OK && k < n_keys; k++)
        d->pen[p0 + k] = spec->event_ridge;
    for (size_t m = 0; st == WFM_OK && m < n_marks; m++) {
        const event_key *hit = bsearch(&marks[m].key, keys, n_keys, sizeof *keys, compare_keys);
        if (hit != NULL) /* a key never seen in training has no estimate */
            d->x[marks[m].day * p + p0 + (size_t)(hit - keys)] = 1.0;
    }
    /* A column constant over the observed training days says nothing. */
    for (size_t j = 0; st == WFM_OK && j < p; j++) {
        double first = NAN;
        d->keep[j] = j == 0;
        for (size_t i = 0; i < n_train && !d->keep[j]; i++) {
            if (isnan(y[i]))
                continue;
            double v = d->x[i * p + j];
            if (isnan(first))
                first = v;
            else if (v != first)
                d->keep[j] = true;
        }
    }
    free(any_event);
    free(marks);
    free(keys);
    return st;
}

/* Solve (XᵀX + diag(pen)) b = Xᵀy over the kept columns of the observed
 * training rows; b has p entries, 0 for dropped columns. */
static int32_t
solve(const design *d, const double *y, size_t n_train, bool log_scale, double *b)
{
    size_t p = d->p, q = 0;
    size_t *col = malloc(p * sizeof *col);
    if (col == NULL)
        return WFM_ENOMEM;
    for (size_t j = 0; j < p; j++)
        if (d->keep[j])
            col[q++] = j;
    double *a = calloc(q * q, sizeof *a), *rhs = calloc(q, sizeof *rhs);
    int32_t st = a && rhs ? WFM_OK : WFM_ENOMEM;
    for (size_t i = 0; st == WFM_OK && i < n_train; i++) {
        if (isnan(y[i]))
            continue;
        const double *row = d->x + i * p;
        double target = log_scale ? log(y[i]) : y[i];
        for (size_t r = 0; r < q; r++) {
            double xr = row[col[r]];
            if (xr == 0.0)
                continue; /* event and interaction columns are mostly 0 */
            rhs[r] += xr * target;
            for (size_t c = 0; c <= r; c++)
                a[r * q + c] += xr * row[col[c]];
        }
    }
    if (st == WFM_OK) {
        for (size_t r = 0; r < q; r++) {
            a[r * q + r] += d->pen[col[r]] + JITTER;
            for (size_t c = 0; c < r; c++)
                a[c * q + r] = a[r * q + c];
        }
        gsl_matrix_view m = gsl_matrix_view_array(a, q, q);
        gsl_vector_view v = gsl_vector_view_array(rhs, q);
        if (gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS ||
            gsl_linalg_cholesky_svx(&m.matrix, &v.vector) != GSL_SUCCESS)
            st = WFM_EINVAL;
    }
    for (size_t j = 0; st == WFM_OK && j < p; j++)
        b[j] = 0.0;
    for (size_t r = 0; st == WFM_OK && r < q; r++)
        b[col[r]] = rhs[r];
    free(a);
    free(rhs);
    free(col);
    return st;
}

static bool
valid_spec(const regression_spec *s)
{
    return s->fourier_order >= 0 && s->fourier_order <= 40 && s->event_spill >= 0 &&
           s->event_spill <= 7 && s->weekday_fourier >= 0 &&
           s->weekday_fourier <= s->fourier_order && s->event_ridge >= 0 &&
           s->event_weekend_ridge >= 0 && s->interaction_ridge >= 0;
}

int32_t
regression_forecast(const double *y, size_t n_train, int32_t first_date, size_t horizon,
                    const regression_spec *spec, const wfm_calendar_days *events,
                    double *forecast, char *errmsg, size_t errsize)
{
    if (!valid_spec(spec)) {
        snprintf(errmsg, errsize, "invalid regression settings");
        return WFM_EINVAL;
    }
    size_t n_obs = 0;
    for (size_t i = 0; i < n_train; i++) {
        if (isnan(y[i]))
            continue;
        if (spec->log_scale && !(y[i] > 0.0)) {
            snprintf(errmsg, errsize, "day %zu of the history is %g: the log scale needs "
                     "volumes > 0", i, y[i]);
            return WFM_EINVAL;
        }
        n_obs++;
    }
    design d;
    int32_t st = build_design(y, n_train, first_date, horizon, spec, events, &d);
    size_t kept = 0;
    for (size_t j = 0; st == WFM_OK && j < d.p; j++)
        kept += d.keep[j];
    if (st == WFM_OK && n_obs < kept + 1) {
        snprintf(errmsg, errsize, "too little history: %zu observed days for %zu "
                 "coefficients", n_obs, kept);
        free_design(&d);
        return WFM_EINVAL;
    }
    double *b = st == WFM_OK ? malloc(d.p * sizeof *b) : NULL;
    if (st == WFM_OK && b == NULL)
        st = WFM_ENOMEM;
    if (st == WFM_OK)
        st = solve(&d, y, n_train, spec->log_scale, b);
    for (size_t h = 0; st == WFM_OK && h < horizon; h++) {
        const double *row = d.x + (n_train + h) * d.p;
        double v = 0.0;
        for (size_t j = 0; j < d.p; j++)
            v += row[j] * b[j];
        forecast[h] = spec->log_scale ? exp(v) : v;
    }
    if (st == WFM_ENOMEM)
        snprintf(errmsg, errsize, "out of memory");
    else if (st == WFM_EINVAL)
        snprintf(errmsg, errsize, "the regression's equations are singular");
    free(b);
    free_design(&d);
    return st;
}

int32_t
daily_ensemble_forecast(const double *y, size_t n_train, int32_t first_date, size_t horizon,
                        const wfm_calendar_days *events, double *forecast, char *errmsg,
                        size_t errsize)
{
    double *one = malloc((horizon ? horizon : 1) * sizeof *one);
    if (one == NULL) {
        snprintf(errmsg, errsize, "out of memory");
        return WFM_ENOMEM;
    }
    for (size_t h = 0; h < horizon; h++)
        forecast[h] = 0.0;
    int32_t st = WFM_OK;
    for (size_t m = 0; st == WFM_OK && m < DAILY_ENSEMBLE_SIZE; m++) {
        st = regression_forecast(y, n_train, first_date, horizon, &daily_ensemble[m], events, one,
                                 errmsg, errsize);
        for (size_t h = 0; st == WFM_OK && h < horizon; h++)
            forecast[h] += one[h] / DAILY_ENSEMBLE_SIZE;
    }
    free(one);
    return st;
}
