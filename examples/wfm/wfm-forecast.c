/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-forecast.c: `wfm forecast`, contact volume per day or per interval
 * from a CSV history, with prediction bounds.
 *
 * The library does all the work (wfm/forecast.h): this file reads the
 * command line, builds the calendar from presets, calendar files and
 * Prophet holiday CSVs, runs wfm_forecast_run() and prints the result as
 * CSV: date,forecast,lower,upper (daily history) or
 * datetime,forecast,lower,upper (intraday history).
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"

/* Indices into forecast_options[] and the parsed values. */
enum forecast_option {
    OPT_HISTORY,
    OPT_START,
    OPT_DAYS,
    OPT_EVENTS,
    OPT_CALENDAR,
    OPT_QUANTILES,
    OPT_OUT,
    OPT_METHOD,
    OPT_TRAINING_DAYS,
    OPT_UPLIFT,
    OPT_AHT,
    OPT_VERBOSE,
    OPT_COUNT
};

static const struct cli_option forecast_options[OPT_COUNT] = {
    [OPT_HISTORY] = { "--history", CLI_TEXT, 0, 0, 0,
        "a CSV file", "FILE",
        "the volume history, CSV (required; see below)" },
    [OPT_START] = { "--start", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD", "YYYY-MM-DD",
        "first forecast day (required)" },
    [OPT_DAYS] = { "--days", CLI_NUMBER, 1, CLI_FORECAST_MAX_DAYS, 0,
        "a whole number of days from 1 to 3660", "N",
        "number of days to forecast, 1 to 3660 (required)" },
    [OPT_EVENTS] = CLI_OPTION_EVENTS,
    [OPT_CALENDAR] = CLI_OPTION_CALENDAR,
    [OPT_QUANTILES] = { "--quantiles", CLI_TEXT, 0, 0, 0,
        "LO,HI with 0 < LO <= 0.5 <= HI < 1 and LO < HI", "LO,HI",
        "quantiles of the bounds (default 0.1,0.9)" },
    [OPT_OUT] = { "--out", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE",
        "write the CSV to FILE instead of standard output" },
    [OPT_METHOD] = CLI_OPTION_METHOD,
    [OPT_TRAINING_DAYS] = CLI_OPTION_TRAINING_DAYS,
    [OPT_UPLIFT] = { "--uplift", CLI_TEXT_LIST, 0, 0, 0,
        "EVENT:FIRST..LAST:FRACTION", "SPEC",
        "what-if EVENT:FIRST..LAST:FRACTION (below)" },
    [OPT_AHT] = { "--aht", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "add an aht column: handle time, seconds" },
    [OPT_VERBOSE] = { "--verbose", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "print the method, history and level step on stderr" },
};

/* Everything the command line asks for, checked. */
struct forecast_request {
    const char *history_path;
    const char *out_path; /* NULL = stdout */
    int32_t start, days;
    struct cli_forecast_settings settings; /* uplifts: the array below */
    bool aht, verbose;
    const struct cli_list_item *items; /* --calendar, --events, --uplift */
    size_t n_items;
    size_t n_sources;                  /* --calendar and --events among them */
    struct cli_uplift *uplifts;
};

static void
forecast_usage(FILE *out)
{
    fputs("Usage: wfm forecast --history FILE --start YYYY-MM-DD --days N\n"
          "                    [--events FILE]... [--calendar NAME|FILE]...\n"
          "                    [--quantiles LO,HI] [--out FILE] [OPTIONS]\n"
          "\n"
          "Forecast contact volume for N days from --start, per day (daily\n"
          "history) or per interval (intraday history, at its interval), with\n"
          "lower and upper prediction bounds. Only the history strictly before\n"
          "--start is used, so a --start inside the history is a backtest.\n"
          "\n"
          "Options:\n", out);
    cli_print_options(out, forecast_options, OPT_COUNT);
    fputs("\n"
          "History CSV: a header whose first column is `date` (YYYY-MM-DD, a daily\n"
          "series) or `datetime` (YYYY-MM-DD HH:MM, intervals of 5 to 60 minutes\n"
          "from midnight), a `volume` column and optionally `aht` (seconds per\n"
          "contact); other columns are ignored. Rows strictly increase in time.\n"
          "An empty volume is not observed (not zero). In an intraday history an\n"
          "interval without a row on a day that has rows is closed (0 contacts);\n"
          "a day without any row is not observed.\n"
          "\n"
          "Calendar: --calendar and --events may be repeated and combined; they\n"
          "go into one calendar in the order given (see \"wfm calendar --help\";\n"
          "\"wfm calendar --list\" names the presets). Events with past occurrences\n"
          "in the history get learned effects. Closed days forecast 0 (bounds\n"
          "too): days an event marks closed, days of an event (and offset)\n"
          "that had no contacts at any past occurrence, dates from 13 Nov to\n"
          "4 Jan (25 Dec, ...) with none in every past year (two at least),\n"
          "calendar or not, and weekdays with no contacts in the history's\n"
          "last 8 weeks.\n"
          "\n"
          "Lead time: --start may lie after the history's end (up to 3661\n"
          "days): the days in between are forecast too, not printed.\n"
          "\n"
          "Method: auto scores regression (with a year of history or more) and\n"
          "recent-weeks by backtests on the history and keeps regression unless\n"
          "recent-weeks is clearly better (by two standard errors). When the\n"
          "history holds a year but too little to score regression, auto uses\n"
          "recent-weeks, or regression when --start lies more than 56 days\n"
          "after the history (only regression knows last year's season).\n"
          "When auto uses recent-weeks and the history holds half of a past\n"
          "Christmas season (13 Nov to 4 Jan; days observed or closed),\n"
          "regression forecasts the season's days and, with a year of\n"
          "history, those beyond what the backtests scored (the lead + up\n"
          "to 63 days); under a year, at recent-weeks' level (unless --start\n"
          "lies more than 56 days after the history).\n"
          "Regression needs 8 weeks of history, every method at least 14\n"
          "observed days.\n"
          "\n"
          "--uplift EVENT:FIRST..LAST:FRACTION: on the days at offsets FIRST to\n"
          "LAST of each occurrence of EVENT (0 = its days, -1 the day before;\n"
          "-366 to 366; a single OFFSET is OFFSET..OFFSET), multiply the\n"
          "forecast, which already holds what the history taught about EVENT,\n"
          "by 1 + FRACTION (> -1): black_friday:0..0:0.2 is 20 % more than the\n"
          "model expects; for an event with no history, 2.5 is 3.5 times an\n"
          "ordinary day. EVENT must be in the calendar.\n"
          "\n"
          "Output: CSV with the header \"date,forecast,lower,upper\" for a daily\n"
          "history or \"datetime,forecast,lower,upper\" for an intraday one, and\n"
          "one row per day, or per interval of every day (closed intervals as\n"
          "0), from --start:\n"
          "  date       YYYY-MM-DD; datetime YYYY-MM-DD HH:MM (interval start)\n"
          "  forecast   contacts in the day or interval\n"
          "  lower      lower bound (the LO quantile), <= forecast\n"
          "  upper      upper bound (the HI quantile), >= forecast\n"
          "  aht        only with --aht: handle time, seconds per contact (empty\n"
          "             where the history gives none to learn from)\n"
          "Numbers are printed with exactly three decimals (%.3f).\n"
          "--out FILE is written whole or not at all (a temporary file in its\n"
          "folder, renamed when complete) and may not name an input file.\n"
          "Numbers given are plain decimals (150, 0.85, 1e-6): no hexadecimal,\n"
          "inf or nan; whole numbers where whole numbers are expected.\n"
          "\n"
          "Example:\n"
          "  wfm forecast --history daily.csv --events holidays.csv \\\n"
          "               --start 2017-11-01 --days 61 --quantiles 0.05,0.95\n"
          "\n"
          "Exit status: 0 on success, 1 if a file cannot be read or is malformed\n"
          "or the history cannot give the forecast (too little of it, an uplift's\n"
          "event missing from the calendar), 2 for a bad command line. One line\n"
          "on stderr says why.\n", out);
}

static const struct cli_forecast_option_ids forecast_ids = {
    .quantiles = OPT_QUANTILES, .method = OPT_METHOD,
    .training_days = OPT_TRAINING_DAYS, .uplift = OPT_UPLIFT,
};

/* Check the options and their combinations; fill @p req. */
static int
forecast_request_from(const char *prog, const struct cli_value *v,
                      const struct cli_list_item *items, size_t n_items,
                      struct forecast_request *req)
{
    static const size_t required[] = { OPT_HISTORY, OPT_START, OPT_DAYS };

    if (!cli_check_required(prog, forecast_options, v, required,
                            sizeof required / sizeof required[0]))
        return CLI_EXIT_USAGE;
    req->history_path = v[OPT_HISTORY].text;
    req->out_path = v[OPT_OUT].seen ? v[OPT_OUT].text : NULL;
    if (!cli_parse_date(prog, "--start", v[OPT_START].text, &req->start)
        || !cli_whole_number(prog, &forecast_options[OPT_DAYS], &v[OPT_DAYS],
                             &req->days)
        || !cli_check_span(prog, req->start, req->days, v[OPT_START].text))
        return CLI_EXIT_USAGE;
    req->aht = v[OPT_AHT].seen;
    req->verbose = v[OPT_VERBOSE].seen;
    req->items = items;
    req->n_items = n_items;
    int rc = cli_forecast_settings_from(prog, forecast_options, v, &forecast_ids,
                                        items, n_items, req->uplifts,
                                        &req->settings, &req->n_sources);
    if (rc == CLI_EXIT_OK) {
        /* --out must not replace an input, checked before anything is
         * read or written. */
        struct cli_named_path out = { "--out", req->out_path };
        struct cli_named_path history = { "--history", req->history_path };

        rc = cli_check_command_outputs(prog, &out, 1, &history, 1, items, n_items,
                                       OPT_CALENDAR, OPT_EVENTS);
    }
    return rc;
}

/* The forecast's arrays, owned. */
struct result {
    size_t count;
    int32_t start, days, interval;
    double *point, *lower, *upper, *aht; /* aht NULL unless asked */
};

static void
result_free(struct result *r)
{
    free(r->point);
    free(r->lower);
    free(r->upper);
    free(r->aht);
}

static int
fetch_result(const char *prog, const struct forecast_request *req,
             const wfm_forecast *forecast, struct result *r)
{
    size_t count = 0;
    wfm_status status;

    status = wfm_forecast_span(forecast, &r->start, &r->days, &r->interval);
    if (status == WFM_OK) {
        status = wfm_forecast_copy(forecast, NULL, NULL, NULL, 0, &count);
        if (status == WFM_ERANGE || (status == WFM_OK && count == 0))
            status = WFM_OK;
    }
    if (status != WFM_OK) {
        cli_error(prog, "cannot read the forecast: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    r->count = count;
    r->point = malloc((count ? count : 1) * sizeof *r->point);
    r->lower = malloc((count ? count : 1) * sizeof *r->lower);
    r->upper = malloc((count ? count : 1) * sizeof *r->upper);
    if (req->aht)
        r->aht = malloc((count ? count : 1) * sizeof *r->aht);
    if (r->point == NULL || r->lower == NULL || r->upper == NULL
        || (req->aht && r->aht == NULL)) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    status = wfm_forecast_copy(forecast, r->point, r->lower, r->upper, count,
                               &count);
    if (status != WFM_OK || count != r->count) {
        cli_error(prog, "cannot read the forecast: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    if (req->aht) {
        status = wfm_forecast_copy_aht(forecast, r->aht, r->count, &count);
        if (status == WFM_ENOTFOUND) {
            cli_error(prog, "--aht: the history has no aht column");
            return CLI_EXIT_FAILURE;
        }
        if (status != WFM_OK || count != r->count) {
            cli_error(prog, "cannot read the handle-time forecast: %s",
                      wfm_status_str(status));
            return CLI_EXIT_FAILURE;
        }
    }
    /* The CSV promises numbers: a non-finite value is a library bug, and
     * is reported rather than printed. */
    for (size_t i = 0; i < r->count; i++) {
        if (!isfinite(r->point[i]) || !isfinite(r->lower[i])
            || !isfinite(r->upper[i])) {
            cli_error(prog, "the library returned a non-finite forecast at "
                      "row %zu", i + 1);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

static void
write_csv(FILE *out, const void *data)
{
    const struct result *r = data;
    size_t per_day = r->interval >= 1440 ? 1 : (size_t)(1440 / r->interval);
    char date_text[16];

    /* The header is part of the tool's contract: never reorder or rename;
     * new columns go at the end (and only on request). */
    fputs(per_day == 1 ? "date,forecast,lower,upper" : "datetime,forecast,lower,upper",
          out);
    fputs(r->aht != NULL ? ",aht\n" : "\n", out);
    for (size_t i = 0; i < r->count; i++) {
        size_t day = i / per_day, slot = i % per_day;

        if (wfm_date_format(r->start + (int32_t)day, date_text,
                            sizeof date_text) != WFM_OK)
            snprintf(date_text, sizeof date_text, "?");
        fputs(date_text, out);
        if (per_day > 1) {
            int minute = (int)slot * (int)r->interval;
            fprintf(out, " %02d:%02d", minute / 60, minute % 60);
        }
        fputc(',', out);
        cli_put_fixed(out, r->point[i], 3);
        fputc(',', out);
        cli_put_fixed(out, r->lower[i], 3);
        fputc(',', out);
        cli_put_fixed(out, r->upper[i], 3);
        if (r->aht != NULL) {
            fputc(',', out);
            if (isfinite(r->aht[i]))
                cli_put_fixed(out, r->aht[i], 3);
        }
        fputc('\n', out);
    }
}

/* --verbose: one line on stderr about what was fitted, and one about the
 * level step it followed, if any. */
static void
print_verbose(const char *prog, const struct forecast_request *req,
              const wfm_forecast *forecast, int32_t first, int32_t days,
              int32_t interval)
{
    int32_t method = -1, last = first + days - 1, used_first = first, step_date;
    double step_factor;
    const char *name;
    char a[16], b[16];

    if (wfm_forecast_method_used(forecast, &method) != WFM_OK)
        method = -1;
    name = wfm_forecast_method_name(method);
    if (last >= req->start)
        last = req->start - 1;
    if (req->settings.has_training_days && req->settings.training_days > 0
        && (int64_t)req->start - req->settings.training_days > used_first)
        used_first = req->start - req->settings.training_days;
    if (wfm_date_format(used_first, a, sizeof a) != WFM_OK
        || wfm_date_format(last, b, sizeof b) != WFM_OK) {
        snprintf(a, sizeof a, "?");
        snprintf(b, sizeof b, "?");
    }
    fprintf(stderr, "%s: method %s%s; history used %s .. %s, ", prog,
            name != NULL ? name : "?",
            req->settings.has_method
            && req->settings.method != WFM_FORECAST_AUTO ? "" : " (auto)",
            a, b);
    if (interval >= 1440)
        fputs("daily\n", stderr);
    else
        fprintf(stderr, "every %d minutes\n", (int)interval);
    if (wfm_forecast_level_step(forecast, &step_date, &step_factor) == WFM_OK
        && step_factor != 1.0 && wfm_date_format(step_date, a, sizeof a) == WFM_OK)
        fprintf(stderr, "%s: the level stepped x%.3g on %s; the history before it was "
                "scaled to the new level\n", prog, step_factor, a);
}

static int
forecast_run(const char *prog, const struct forecast_request *req)
{
    wfm_calendar *calendar = NULL;
    wfm_history *history = NULL;
    wfm_forecast *forecast = NULL;
    struct result result = { 0, 0, 0, 0, NULL, NULL, NULL, NULL };
    int32_t first = 0, days = 0, interval = 0;
    int rc;

    rc = cli_build_calendar(prog, req->items, req->n_items, OPT_CALENDAR,
                            OPT_EVENTS, &calendar);
    if (rc == CLI_EXIT_OK)
        rc = cli_read_history(prog, req->history_path, req->start, &history,
                              &first, &days, &interval);
    if (rc == CLI_EXIT_OK)
        rc = cli_forecast_run(prog, &req->settings, history, calendar,
                              req->start, req->days, &forecast);
    if (rc == CLI_EXIT_OK)
        rc = fetch_result(prog, req, forecast, &result);
    if (rc == CLI_EXIT_OK && req->verbose)
        print_verbose(prog, req, forecast, first, days, interval);
    if (rc == CLI_EXIT_OK)
        rc = cli_write_file(prog, "--out", req->out_path, write_csv, &result);
    result_free(&result);
    wfm_forecast_free(forecast);
    wfm_history_free(history);
    wfm_calendar_free(calendar);
    return rc;
}

/* The command with its options parsed (cli_run_command()); @p data is
 * the request. */
static int
forecast_main(const char *prog, const struct cli_value *values,
              const struct cli_list_item *items, size_t n_items, void *data)
{
    struct forecast_request *req = data;
    int rc;

    req->uplifts = cli_new_uplifts(prog, n_items);
    if (req->uplifts == NULL)
        return CLI_EXIT_FAILURE;
    rc = forecast_request_from(prog, values, items, n_items, req);
    return rc == CLI_EXIT_OK ? forecast_run(prog, req) : rc;
}

int
cmd_forecast(const char *prog, int argc, char **argv)
{
    struct forecast_request req;
    int rc;

    memset(&req, 0, sizeof req);
    rc = cli_run_command(prog, forecast_options, OPT_COUNT, forecast_usage,
                         forecast_main, &req, argc, argv);
    cli_free_uplifts(req.uplifts, req.settings.n_uplifts);
    return rc;
}
