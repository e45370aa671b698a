/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Least-squares regression of daily volume on trend, weekday, yearly
 * Fourier terms and calendar events. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include "calendar-private.h"
#include "forecast-private.h"

#define TWO_PI 6.283185307179586476925286766559
#define DAYS_PER_YEAR 365.25

/* An (event, offset) pair: one 0/1 column. */
typedef struct {
    int32_t event, offset;
} event_key;

static int
compare_keys(const void *a, const void *b)
{
    const event_key *x = a, *y = b;
    if (x->event != y->event)
        return (x->event > y->event) - (x->event < y->event);
    return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The calendar rows that fall on [first, first + days), as parallel arrays. */
typedef struct {
    size_t n;
    int32_t *date, *event, *offset;
} event_rows;

static int32_t
load_events(const wfm_calendar_days *days, event_rows *out)
{
    *out = (event_rows){ 0 };
    if (days == NULL)
        return WFM_OK;
    size_t n = wfm_calendar_days_count(days);
    out->date = malloc((n ? n : 1) * sizeof(int32_t));
    out->event = malloc((n ? n : 1) * sizeof(int32_t));
    out->offset = malloc((n ? n : 1) * sizeof(int32_t));
    if (out->date == NULL || out->event == NULL || out->offset == NULL)
        return WFM_ENOMEM;
    size_t rows;
    int32_t st = wfm_calendar_days_copy(days, out->date, out->event, out->offset, NULL, n, &rows);
    out->n = rows;
    return st;
}

static void
free_events(event_rows *e)
{
    free(e->date);
    free(e->event);
    free(e->offset);
}

/* The distinct (event, offset) pairs active on an observed training day. */
static int32_t
training_keys(const event_rows *e, const double *y, size_t n_train, int32_t first_date,
              event_key **keys, size_t *n_keys)
{
    event_key *k = malloc((e->n ? e->n : 1) * sizeof *k);
    if (k == NULL)
        return WFM_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < e->n; i++) {
        int64_t day = (int64_t)e->date[i] - first_date;
        if (day >= 0 && (size_t)day < n_train && !isnan(y[day]))
            k[n++] = (event_key){ e->event[i], e->offset[i] };
    }
    qsort(k, n, sizeof *k, compare_keys);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || compare_keys(&k[m - 1], &k[i]) != 0)
            k[m++] = k[i];
    *keys = k;
    *n_keys = m;
    return WFM_OK;
}

static size_t
key_index(const event_key *keys, size_t n_keys, event_key key)
{
    const event_key *hit = bsearch(&key, keys, n_keys, sizeof *keys, compare_keys);
    return hit == NULL ? SIZE_MAX : (size_t)(hit - keys);
}

/* Fill the base columns of row `row` of X for day `date`, day `i` from the
 * training start; the event columns are set afterwards. */
static void
fill_row(gsl_matrix *x, size_t row, const regression_spec *spec, int32_t date, size_t i)
{
    size_t c = 0;
    gsl_matrix_set(x, row, c++, 1.0);
    if (spec->trend)
        gsl_matrix_set(x, row, c++, (double)i / DAYS_PER_YEAR);
    if (spec->weekday) {
        int32_t wd = cal_weekday(date);
        for (int32_t d = 2; d <= 7; d++) /* Monday is the reference */
            gsl_matrix_set(x, row, c++, wd == d ? 1.0 : 0.0);
    }
    for (int32_t k = 1; k <= spec->fourier_order; k++) {
        double angle = TWO_PI * k * (double)date / DAYS_PER_YEAR;
        gsl_matrix_set(x, row, c++, sin(angle));
        gsl_matrix_set(x, row, c++, cos(angle));
    }
}

static size_t
base_columns(const regression_spec *spec)
{
    return 1 + (spec->trend ? 1 : 0) + (spec->weekday ? 6 : 0) + 2 * (size_t)spec->fourier_order;
}

int32_t
regression_forecast(const double *y, size_t n_train, int32_t first_date, size_t horizon,
                    const regression_spec *spec, const wfm_calendar_days *events,
                    double *forecast, char *errmsg, size_t errsize)
{
    if (spec->fourier_order < 0 || spec->fourier_order > 40) {
        snprintf(errmsg, errsize, "Fourier order %d: expected 0 to 40", (int)spec->fourier_order);
        return WFM_EINVAL;
    }
    size_t n_obs = 0;
    for (size_t i = 0; i < n_train; i++)
        n_obs += !isnan(y[i]);
    event_rows ev;
    event_key *keys = NULL;
    size_t n_keys = 0;
    int32_t st = load_events(events, &ev);
    if (st == WFM_OK)
        st = training_keys(&ev, y, n_train, first_date, &keys, &n_keys);
    size_t p0 = base_columns(spec), p = p0 + n_keys;
    if (st == WFM_OK && n_obs < p + 1) {
        snprintf(errmsg, errsize, "too little history: %zu observed days for %zu "
                 "coefficients", n_obs, p);
        st = WFM_EINVAL;
    }
    gsl_matrix *x = NULL, *xf = NULL, *cov = NULL;
    gsl_vector *yv = NULL, *coef = NULL;
    gsl_multifit_linear_workspace *work = NULL;
    if (st == WFM_OK) {
        x = gsl_matrix_calloc(n_obs, p);
        xf = gsl_matrix_calloc(horizon ? horizon : 1, p);
        cov = gsl_matrix_alloc(p, p);
        yv = gsl_vector_alloc(n_obs);
        coef = gsl_vector_alloc(p);
        work = gsl_multifit_linear_alloc(n_obs, p);
        if (!x || !xf || !cov || !yv || !coef || !work)
            st = WFM_ENOMEM;
    }
    if (st == WFM_OK) {
        /* Training rows (observed days only), then the horizon's rows. */
        size_t *row_of_day = malloc((n_train + horizon) * sizeof *row_of_day);
        if (row_of_day == NULL)
            st = WFM_ENOMEM;
        for (size_t i = 0, r = 0; st == WFM_OK && i < n_train + horizon; i++) {
            int32_t date = first_date + (int32_t)i;
            if (i < n_train && isnan(y[i])) {
                row_of_day[i] = SIZE_MAX;
                continue;
            }
            gsl_matrix *m = i < n_train ? x : xf;
            size_t row = i < n_train ? r++ : i - n_train;
            row_of_day[i] = row;
            fill_row(m, row, spec, date, i);
            if (i < n_train)
                gsl_vector_set(yv, row, y[i]);
        }
        for (size_t j = 0; st == WFM_OK && j < ev.n; j++) {
            int64_t i = (int64_t)ev.date[j] - first_date;
            if (i < 0 || (size_t)i >= n_train + horizon || row_of_day[i] == SIZE_MAX)
                continue;
            size_t k = key_index(keys, n_keys, (event_key){ ev.event[j], ev.offset[j] });
            if (k == SIZE_MAX)
                continue; /* never seen in training: no estimate, no effect */
            gsl_matrix_set((size_t)i < n_train ? x : xf, row_of_day[i], p0 + k, 1.0);
        }
        free(row_of_day);
    }
    if (st == WFM_OK) {
        double chisq;
        int gst = gsl_multifit_linear(x, yv, coef, cov, &chisq, work);
        if (gst != GSL_SUCCESS) {
            snprintf(errmsg, errsize, "least squares failed: %s", gsl_strerror(gst));
            st = WFM_EINVAL;
        }
    }
    for (size_t h = 0; st == WFM_OK && h < horizon; h++) {
        gsl_vector_const_view row = gsl_matrix_const_row(xf, h);
        double v = 0.0;
        for (size_t j = 0; j < p; j++)
            v += gsl_vector_get(&row.vector, j) * gsl_vector_get(coef, j);
        forecast[h] = v;
    }
    if (st == WFM_ENOMEM)
        snprintf(errmsg, errsize, "out of memory");
    gsl_multifit_linear_free(work);
    gsl_vector_free(coef);
    gsl_vector_free(yv);
    gsl_matrix_free(cov);
    gsl_matrix_free(xf);
    gsl_matrix_free(x);
    free(keys);
    free_events(&ev);
    return st;
}
