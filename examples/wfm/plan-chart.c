/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-chart.c: `wfm plan --chart`, the glue between a finished plan and
 * wfm-chart.c: daily totals of the history before --start and of the
 * forecast with its bounds, the daily peak of required and scheduled
 * agents, the calendar's events as labelled lines, and with
 * --chart-actuals the history's days from --start on as "actual".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"
#include "wfm-chart.h"
#include "wfm-plan.h"

/* History shown before --start in the chart, days. */
#define CHART_HISTORY_DAYS 56

int
plan_draw_chart(const char *prog, const struct plan_request *req,
                const wfm_history *history, wfm_calendar *calendar,
                const struct plan_result *r, FILE *out)
{
    int32_t hist_first = 0, hist_days = 0, hist_interval = 0, first;
    size_t n_days, cells = 0, n_events = 0;
    double *hist_cells = NULL, *arrays = NULL;
    double *hist, *actual, *fc, *lo, *hi, *req_peak, *sched_peak;
    struct chart_event *events = NULL;
    wfm_calendar_days *expansion = NULL;
    struct chart_data d;
    char title[256], subtitle[400], a[16], b[16], err[256], quoted[200];
    const char *base;
    int rc = CLI_EXIT_FAILURE;

    if (wfm_history_span(history, &hist_first, &hist_days, &hist_interval) != WFM_OK
        || hist_interval != r->interval) {
        cli_error(prog, "--chart: cannot read the history back");
        return CLI_EXIT_FAILURE;
    }
    first = r->first_date - CHART_HISTORY_DAYS;
    if (first < hist_first)
        first = hist_first;
    n_days = (size_t)(r->first_date + r->days - first);
    arrays = malloc(7 * n_days * sizeof *arrays);
    if (wfm_history_copy(history, NULL, NULL, 0, &cells) == WFM_ERANGE || cells == 0)
        hist_cells = malloc((cells ? cells : 1) * sizeof *hist_cells);
    if (arrays == NULL || hist_cells == NULL
        || wfm_history_copy(history, hist_cells, NULL, cells, &cells) != WFM_OK) {
        cli_error(prog, "--chart: out of memory");
        goto done;
    }
    hist = arrays;
    fc = hist + n_days;
    lo = fc + n_days;
    hi = lo + n_days;
    req_peak = hi + n_days;
    sched_peak = req_peak + n_days;
    actual = sched_peak + n_days;
    for (size_t k = 0; k < n_days; k++) {
        int32_t date = first + (int32_t)k;
        int64_t h = (int64_t)date - hist_first;

        hist[k] = actual[k] = fc[k] = lo[k] = hi[k] = req_peak[k] = sched_peak[k] = NAN;
        if (h >= 0 && h < hist_days) {
            double total = 0.0;

            for (size_t j = 0; j < r->per_day; j++)
                total += hist_cells[(size_t)h * r->per_day + j];
            /* NaN when any interval was not observed. The days from --start
             * on are the plan's actuals (a backtest), drawn only when asked
             * for and never as a continuation of the history. */
            if (date < r->first_date)
                hist[k] = total;
            else
                actual[k] = total;
        }
        if (date >= r->first_date) {
            size_t day = (size_t)(date - r->first_date);

            fc[k] = lo[k] = hi[k] = req_peak[k] = sched_peak[k] = 0.0;
            for (size_t j = 0, i = day * r->per_day; j < r->per_day; j++, i++) {
                fc[k] += r->col[plan_column(WFM_PLAN_COL_CONTACTS)][i];
                lo[k] += r->col[plan_column(WFM_PLAN_COL_LOWER)][i];
                hi[k] += r->col[plan_column(WFM_PLAN_COL_UPPER)][i];
                req_peak[k] = fmax(req_peak[k],
                                   r->col[plan_column(WFM_PLAN_COL_REQUIRED)][i]);
                sched_peak[k] = fmax(sched_peak[k],
                                     r->col[plan_column(WFM_PLAN_COL_SCHEDULED)][i]);
            }
        }
    }
    if (calendar != NULL) {
        wfm_status status = wfm_calendar_expand(calendar, first,
                                                first + (int32_t)n_days - 1,
                                                &expansion);
        size_t rows = wfm_calendar_days_count(expansion);

        if (status != WFM_OK) {
            cli_library_error(prog, wfm_calendar_errmsg(calendar), "the calendar",
                              status);
            goto done;
        }
        events = malloc((rows ? rows : 1) * sizeof *events);
        if (events == NULL) {
            cli_error(prog, "--chart: out of memory");
            goto done;
        }
        for (size_t i = 0; i < rows; i++) {
            int32_t date, event, offset;

            if (wfm_calendar_days_row(expansion, i, &date, &event, &offset, NULL)
                    == WFM_OK && offset == 0)
                events[n_events++] = (struct chart_event){
                    date, wfm_calendar_days_event_name(expansion, event) };
        }
    }
    base = strrchr(req->history_path, '/');
    base = base != NULL ? base + 1 : req->history_path;
    plan_date_text(r->first_date, a, sizeof a);
    plan_date_text(r->first_date + r->days - 1, b, sizeof b);
    snprintf(title, sizeof title, "Staffing plan %s .. %s", a, b);
    {
        char targets[256];
        int len;

        plan_describe_targets(req, targets, sizeof targets);
        len = snprintf(subtitle, sizeof subtitle, "%.60s, %d-minute intervals: ",
                       base, (int)r->interval);
        if (len > 0 && (size_t)len < sizeof subtitle)
            snprintf(subtitle + len, sizeof subtitle - (size_t)len, "%.250s", targets);
    }
    d = (struct chart_data){
        .title = title, .subtitle = subtitle, .first_date = first,
        .days = n_days, .split_date = r->first_date,
        .history = hist, .actual = req->chart_actuals ? actual : NULL,
        .forecast = fc, .lower = lo, .upper = hi,
        .required = req_peak, .scheduled = sched_peak,
        .left_label = "contacts per day",
        .right_label = "agents (daily peak interval)",
        .events = events, .n_events = n_events,
    };
    if (chart_write_svg(out, &d, err, sizeof err) != 0) {
        cli_quote(req->chart_path, quoted, sizeof quoted);
        cli_error(prog, "--chart: %s: %s", quoted, err);
        goto done;
    }
    rc = CLI_EXIT_OK;
done:
    wfm_calendar_days_free(expansion);
    free(events);
    free(hist_cells);
    free(arrays);
    return rc;
}
