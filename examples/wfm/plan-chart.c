/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-chart.c: `wfm plan --chart`, the glue between a finished plan and
 * wfm-chart.c: daily totals of the history before --start and of the
 * forecast with its bounds, the daily peak of required and scheduled
 * agents, the calendar's events as labelled lines, and with
 * --chart-actuals the history's days from --start on as "actual". The
 * daily series and the writing of the SVG serve plan-queues.c's chart of
 * every queue too.
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

bool
plan_chart_days_new(struct plan_chart_days *s, size_t days)
{
    double *all = malloc(7 * days * sizeof *all);

    if (all == NULL)
        return false;
    for (size_t i = 0; i < 7 * days; i++)
        all[i] = NAN;
    *s = (struct plan_chart_days){
        .history = all, .actual = all + days, .forecast = all + 2 * days,
        .lower = all + 3 * days, .upper = all + 4 * days,
        .required = all + 5 * days, .scheduled = all + 6 * days,
    };
    return true;
}

void
plan_chart_days_free(struct plan_chart_days *s)
{
    free(s->history); /* the one allocation */
    *s = (struct plan_chart_days){ NULL, NULL, NULL, NULL, NULL, NULL, NULL };
}

int
plan_chart_write(const char *prog, const char *chart_path, FILE *out,
                 const struct chart_data *texts, const struct plan_chart_days *s,
                 bool actuals)
{
    struct chart_data d = *texts;
    char err[256], quoted[200];

    d.history = s->history;
    d.actual = actuals ? s->actual : NULL;
    d.forecast = s->forecast;
    d.lower = s->lower;
    d.upper = s->upper;
    d.required = s->required;
    d.scheduled = s->scheduled;
    if (chart_write_svg(out, &d, err, sizeof err) != 0) {
        cli_quote(chart_path, quoted, sizeof quoted);
        cli_error(prog, "--chart: %s: %s", quoted, err);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int
plan_draw_chart(const char *prog, const struct plan_request *req,
                const wfm_history *history, wfm_calendar *calendar,
                const struct plan_result *r, FILE *out)
{
    int32_t hist_first = 0, hist_days = 0, hist_interval = 0, first;
    size_t n_days, cells = 0, n_events = 0;
    double *hist_cells = NULL;
    struct plan_chart_days s = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
    struct chart_event *events = NULL;
    wfm_calendar_days *expansion = NULL;
    struct chart_data texts;
    char title[256], subtitle[400], a[16], b[16];
    const char *base;
    bool allocated;
    int rc = CLI_EXIT_FAILURE;

    if (wfm_history_span(history, &hist_first, &hist_days, &hist_interval) != WFM_OK
        || hist_interval != r->interval) {
        cli_error(prog, "--chart: cannot read the history back");
        return CLI_EXIT_FAILURE;
    }
    first = r->first_date - PLAN_CHART_HISTORY_DAYS;
    if (first < hist_first)
        first = hist_first;
    n_days = (size_t)(r->first_date + r->days - first);
    allocated = plan_chart_days_new(&s, n_days);
    if (wfm_history_copy(history, NULL, NULL, 0, &cells) == WFM_ERANGE || cells == 0)
        hist_cells = malloc((cells ? cells : 1) * sizeof *hist_cells);
    if (!allocated || hist_cells == NULL
        || wfm_history_copy(history, hist_cells, NULL, cells, &cells) != WFM_OK) {
        cli_error(prog, "--chart: out of memory");
        goto done;
    }
    for (size_t k = 0; k < n_days; k++) {
        int32_t date = first + (int32_t)k;
        int64_t h = (int64_t)date - hist_first;

        if (h >= 0 && h < hist_days) {
            double total = 0.0;

            for (size_t j = 0; j < r->per_day; j++)
                total += hist_cells[(size_t)h * r->per_day + j];
            /* NaN when any interval was not observed. The days from --start
             * on are the plan's actuals (a backtest), drawn only when asked
             * for and never as a continuation of the history. */
            if (date < r->first_date)
                s.history[k] = total;
            else
                s.actual[k] = total;
        }
        if (date >= r->first_date) {
            size_t day = (size_t)(date - r->first_date);

            s.forecast[k] = s.lower[k] = s.upper[k] = s.required[k] = s.scheduled[k] = 0.0;
            for (size_t j = 0, i = day * r->per_day; j < r->per_day; j++, i++) {
                s.forecast[k] += r->col[plan_column(WFM_PLAN_COL_CONTACTS)][i];
                s.lower[k] += r->col[plan_column(WFM_PLAN_COL_LOWER)][i];
                s.upper[k] += r->col[plan_column(WFM_PLAN_COL_UPPER)][i];
                s.required[k] = fmax(s.required[k],
                                     r->col[plan_column(WFM_PLAN_COL_REQUIRED)][i]);
                s.scheduled[k] = fmax(s.scheduled[k],
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
    texts = (struct chart_data){
        .title = title, .subtitle = subtitle, .first_date = first,
        .days = n_days, .split_date = r->first_date,
        .left_label = "contacts per day",
        .right_label = "agents (daily peak interval)",
        .events = events, .n_events = n_events,
    };
    rc = plan_chart_write(prog, req->chart_path, out, &texts, &s, req->chart_actuals);
done:
    wfm_calendar_days_free(expansion);
    free(events);
    free(hist_cells);
    plan_chart_days_free(&s);
    return rc;
}
