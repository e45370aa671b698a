/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-chart.h: the `wfm plan --chart` picture, drawn with cairo's SVG
 * surface: recent daily history, the daily forecast with its lower–upper
 * band, optionally the actuals of the forecast's days, calendar events as
 * labelled vertical lines, and agents per day on a second axis.
 *
 * cairo is optional at build time (meson feature option `chart`). Without
 * it chart_available() is false and chart_write_svg() fails with
 * CHART_NO_SUPPORT_MESSAGE.
 */
#ifndef WFM_CHART_H
#define WFM_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The message of a build without cairo (scripts and tests match it). */
#define CHART_NO_SUPPORT_MESSAGE "wfm was built without chart support (cairo)"

/* One event marker: a vertical line on @p date labelled @p name. The names
 * of one date share a label; labels that would overlap are stacked up the
 * plot, and any with no room left are not written (the legend counts them). */
struct chart_event {
    int32_t date;     /* day number (wfm/calendar.h) */
    const char *name; /* borrowed */
};

/* What to draw. Every array holds @p days values, one per day from
 * @p first_date; NaN = nothing that day (a gap in the line). Any array may
 * be NULL. Everything is borrowed for the call only. */
struct chart_data {
    const char *title;          /* one line, required */
    const char *subtitle;       /* one line, or NULL */
    int32_t first_date;         /* day number of index 0 */
    size_t days;                /* >= 1 */
    int32_t split_date;         /* first forecast day: a marker; or INT32_MIN */
    const double *history;      /* contacts per day, left axis */
    const double *actual;       /* contacts per day after the split (a
                                 * backtest's actuals), left axis, drawn in
                                 * a style of their own */
    const double *forecast;     /* contacts per day, left axis */
    const double *lower;        /* with @p upper: the band, left axis */
    const double *upper;
    const double *required;     /* agents per day, right axis */
    const double *scheduled;    /* agents per day, right axis */
    const char *left_label;     /* e.g. "contacts per day" */
    const char *right_label;    /* e.g. "agents (daily peak)" */
    const struct chart_event *events;
    size_t n_events;
};

/* Whether this build can draw charts. */
bool chart_available(void);

/* Draw @p data as SVG into @p out, an open stream the caller flushes and
 * closes (cli_output). Returns 0, or -1 with a one-line reason in @p err
 * (of @p err_size bytes; the file name is not part of it). */
int chart_write_svg(FILE *out, const struct chart_data *data, char *err,
                    size_t err_size);

#endif /* WFM_CHART_H */
