/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-plan.h: what the files of `wfm plan` share (private to the tool).
 *
 *   wfm-plan.c             options, validation, running the forecast and plan
 *   plan-shrinkage-file.c  the --shrinkage-file reader
 *   plan-output.c          the plan CSV and the --summary tables
 *   plan-chart.c           the --chart glue to wfm-chart.c
 *   plan-xlsx.c            the --xlsx workbook (plan-xlsx.h)
 *   plan-queues.c          --queues FILE: every queue of a plan file in one
 *                          plan (plan-queues.h)
 *
 * Every function returns a CLI_EXIT_* code after printing its one line on
 * stderr, unless said otherwise.
 */
#ifndef WFM_PLAN_CMD_H
#define WFM_PLAN_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <wfm.h>

#include "cli.h"

/* Indices into plan_options[] and the parsed values. */
enum plan_option {
    OPT_HISTORY,
    OPT_START,
    OPT_DAYS,
    OPT_EVENTS,
    OPT_CALENDAR,
    OPT_QUANTILES,
    OPT_METHOD,
    OPT_FIT_DAYS,
    OPT_UPLIFT,
    OPT_CHANNEL,
    OPT_AHT,
    OPT_CHAT_AHT,
    OPT_SL,
    OPT_ANSWER,
    OPT_MAX_ASA,
    OPT_MAX_OCCUPANCY,
    OPT_PATIENCE,
    OPT_MAX_ABANDON,
    OPT_DEADLINE,
    OPT_STAFF_TO,
    OPT_SHRINKAGE,
    OPT_SHRINKAGE_FILE,
    OPT_CONTRACT_HOURS,
    OPT_HIRE_LEAD_DAYS,
    OPT_TRAINING_DAYS,
    OPT_ATTRITION,
    OPT_HEADCOUNT,
    OPT_TODAY,
    OPT_OUT,
    OPT_SUMMARY,
    OPT_CHART,
    OPT_CHART_ACTUALS,
    OPT_XLSX,
    OPT_QUEUES,
    OPT_COUNT
};

/* Chat: an agent holds 1 … 16 chats (wfm_plan_set_chat_aht()). */
#define PLAN_MAX_SESSIONS 16

/* One row of the shrinkage file. */
struct shrinkage_row {
    char *event;           /* NULL for a date range; owned */
    int32_t first, last;   /* dates, or offsets around the event */
    double rate;
    size_t line;
};

/* Everything the command line asks for, checked. */
struct plan_request {
    const char *history_path;
    const char *out_path;   /* NULL = stdout */
    const char *chart_path; /* NULL = no chart */
    const char *xlsx_path;  /* NULL = no workbook */
    const char *shrinkage_path;
    int32_t start, days;
    struct cli_forecast_settings forecast;
    const struct cli_list_item *items; /* --calendar, --events, --uplift */
    size_t n_items;
    size_t n_sources;
    struct cli_uplift *uplifts;        /* [argc] */
    int32_t channel, staff_to;
    bool aht_column;
    double aht_s;                      /* fixed AHT, 0 = the forecast's */
    double chat_aht[PLAN_MAX_SESSIONS];
    size_t chat_sessions;
    double target_sl, answer_s, max_asa_s, max_occupancy;
    double patience_s, max_abandon, deadline_s, shrinkage;
    double contract_hours, attrition, headcount;
    int32_t hire_lead_days;            /* --hire-lead-days or --training-days */
    bool has_hire_lead_days;
    /* The day the plan is made: hires whose start-by date is before it are
     * too late. --today, else set by plan_run() from the history. */
    int32_t today;
    enum plan_today_source {
        PLAN_TODAY_BEFORE_START,  /* the day before --start */
        PLAN_TODAY_AFTER_HISTORY, /* the day after the history's last day */
        PLAN_TODAY_GIVEN          /* --today */
    } today_source;
    const struct cli_value *values;    /* seen flags of the options */
    bool summary;
    bool chart_actuals;                /* --chart-actuals */
    int argc;                          /* the command line after "plan", */
    char **argv;                       /* for the workbook's inputs sheet */
    struct shrinkage_row *rows;
    size_t n_rows;
};

/* plan-shrinkage-file.c */

/* Reads req->shrinkage_path into req->rows (freed by the caller, also on
 * failure). */
int plan_read_shrinkage_file(const char *prog, struct plan_request *req);

/* Checks that @p calendar has every event row's event (exit 2 when there
 * is no calendar at all). */
int plan_check_shrinkage_events(const char *prog, const struct plan_request *req,
                                const wfm_calendar *calendar);

/* "--shrinkage-file: FILE:LINE: message" as one line (LINE 0: none);
 * returns CLI_EXIT_FAILURE. */
int plan_shrinkage_error(const char *prog, const char *path, size_t line,
                         const char *fmt, ...) CLI_PRINTF(4, 5);

/* plan-output.c */

/* The plan's columns kept for the CSV, the summary and the chart. */
#define PLAN_N_COLUMNS 15

/* The run's results, owned. */
struct plan_result {
    int32_t first_date, days, interval;
    size_t count, per_day;
    double *col[PLAN_N_COLUMNS]; /* [count] each, in the CSV's order */
};

/* Copies the plan's columns out of @p plan into @p r, which the caller
 * zeroed; plan_result_free() frees it, also after a failure. */
int plan_result_fetch(const char *prog, const wfm_plan *plan,
                      struct plan_result *r);
void plan_result_free(struct plan_result *r);

/* Index in struct plan_result of a WFM_PLAN_COL_* column. */
size_t plan_column(int32_t column);

/* The CSV: a cli_write_file() writer of a struct plan_result. */
void plan_write_csv(FILE *out, const void *data);

/* The CSV's header, after "FIRST," when @p first_column is not NULL
 * (--queues: "queue"). */
void plan_write_csv_header(FILE *out, const char *first_column);

/* The CSV's rows, each after "QUEUE," when @p queue is not NULL. */
void plan_write_csv_rows(FILE *out, const struct plan_result *r,
                         const char *queue);

/* One week of the ramp, as the summary (and the workbook) reads it. */
struct plan_week {
    int32_t first, days, start_by;
    double req_hours, sched_hours, needed, on_staff;
    double hires; /* cumulative over the full weeks up to this one */
    double gap;   /* needed - on staff */
    bool full;    /* all 7 days in the plan */
    bool late;    /* full, and its hires had to start before the plan is made */
};

/* Reads the weeks: hours, FTE, staff on hand and start-by dates from the
 * library; the hires over full weeks only. A plan that starts inside a
 * week without --headcount is given, for the staff on hand, the headcount
 * that exactly covers its first full week (set on @p plan and reset to
 * the default afterwards: the library's default is the first week's FTE,
 * which for a partial week is stretched from its days). Returns false
 * with @p why set. */
bool plan_read_weeks(const struct plan_request *req, wfm_plan *plan,
                     const struct plan_result *r, struct plan_week *w,
                     size_t n_weeks, char *why, size_t why_size);

/* Day @p d's SL, ASA and occupancy at the required agents, as --summary
 * weighs them (NaN where they do not apply). */
void plan_day_measures(const struct plan_request *req,
                       const struct plan_result *r, size_t d, double *sl,
                       double *asa, double *occupancy);

/* The --summary: daily and weekly tables and the peak week in words, on
 * stdout. The ramp is read with the plan's settings, except that a plan
 * starting inside a week without --headcount gets the headcount that
 * covers its first full week (set on @p plan). */
int plan_print_summary(const char *prog, const struct plan_request *req,
                       wfm_plan *plan, const struct plan_result *r);

/* A hiring ramp as the summary words it: one queue's (`wfm plan
 * --summary`) or the whole operation's (plan-queues.c), so that both say
 * it the same way. */
struct plan_ramp {
    const struct plan_week *weeks;
    size_t n_weeks;
    int32_t start, days;    /* the plan's first day and length */
    int32_t today;          /* the day the plan is made */
    enum plan_today_source today_source;
    int32_t lead;           /* days from a hire's start to taking contacts */
    bool has_headcount;     /* --headcount given: the baseline on staff */
    double headcount;
    double attrition;       /* a year */
    bool all_queues;        /* the whole operation's: "FTE of all queues",
                             * "the latest history's last day" */
};

/* The pieces of the summary that `wfm plan --queues` prints too, on
 * stdout. */

/* The day table: its header, then one row per day of @p r (the first
 * @p n_days) with the day's rolled-up hours and FTE. */
void plan_print_days(const struct plan_request *req, const struct plan_result *r,
                     size_t n_days, const double *req_hours,
                     const double *sched_hours, const double *fte);

/* The week table of the ramp, from "week of" to "short", and the note on
 * partial weeks when there are any. */
void plan_print_ramp_weeks(const struct plan_ramp *ramp);

/* "Hires take contacts N days after they start ...": the lead and the day
 * the plan is made. */
void plan_print_hire_note(const struct plan_ramp *ramp);

/* Email: the backlog left at the end of the plan. */
void plan_print_backlog(const struct plan_request *req,
                        const struct plan_result *r);

/* The peak week and the hires in words (full weeks only), after a blank
 * line. */
void plan_print_answer(const struct plan_ramp *ramp);

/* @p x with @p decimals, commas between thousands: 4,184.2. */
void plan_put_thousands(char *buf, size_t size, double x, int decimals);

/* Print @p x (a fraction, or seconds when @p scale is 1) in a field of
 * @p width with one decimal after a space, "-" when NaN. */
void plan_print_measure(double x, double scale, int width);

/* @p date's weekday: "Mon" … "Sun" ("?" if it cannot be). */
const char *plan_weekday_text(int32_t date);

/* @p date as YYYY-MM-DD ("?" if it cannot be). */
void plan_date_text(int32_t date, char *buf, size_t size);

/* The targets in words, for the summary's first line and the chart. */
void plan_describe_targets(const struct plan_request *req, char *buf,
                           size_t size);

/* wfm-plan.c, also for plan-queues.c, which checks and runs each queue of
 * a plan file as `wfm plan` checks and runs one. */

/* The options of `wfm plan`, indexed by enum plan_option. */
extern const struct cli_option plan_options[OPT_COUNT];

/* Checks the parsed options @p v (and the list items) into @p req, whose
 * uplifts array has room for @p n_items; an exit code. */
int plan_request_from(const char *prog, const struct cli_value *v,
                      const struct cli_list_item *items, size_t n_items,
                      struct plan_request *req);

/* Applies the request's settings and shrinkage rows to @p plan. */
int configure_plan(const char *prog, const struct plan_request *req,
                   wfm_plan *plan);

/* Runs the request's forecast of the history (*forecast set even on
 * failure: free it). */
int run_forecast(const char *prog, const struct plan_request *req,
                 const wfm_history *history, wfm_calendar *calendar,
                 wfm_forecast **forecast);

/* plan-chart.c, also for plan-queues.c's chart of every queue. */

struct chart_data; /* wfm-chart.h */

/* History drawn before --start, days. */
#define PLAN_CHART_HISTORY_DAYS 56

/* A chart's daily series, [days] each from one allocation; every value is
 * NaN (nothing drawn that day) until the caller fills it. */
struct plan_chart_days {
    double *history, *actual, *forecast, *lower, *upper, *required, *scheduled;
};

/* Allocates @p s for @p days days; false when out of memory. */
bool plan_chart_days_new(struct plan_chart_days *s, size_t days);

/* Frees what plan_chart_days_new() allocated; a zeroed @p s is fine. */
void plan_chart_days_free(struct plan_chart_days *s);

/* Draws @p texts (titles, labels, days and events) with the series @p s,
 * the actuals only if @p actuals, into @p out, the open --chart output
 * @p chart_path; "--chart: PATH: why" on failure. */
int plan_chart_write(const char *prog, const char *chart_path, FILE *out,
                     const struct chart_data *texts,
                     const struct plan_chart_days *s, bool actuals);

/* Draws the history before --start and the plan into @p out, the open
 * --chart output (req->chart_path names it in messages); with
 * --chart-actuals also the history from --start on, as "actual". */
int plan_draw_chart(const char *prog, const struct plan_request *req,
                    const wfm_history *history, wfm_calendar *calendar,
                    const struct plan_result *r, FILE *out);

#endif /* WFM_PLAN_CMD_H */
