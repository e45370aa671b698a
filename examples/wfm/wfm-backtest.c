/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-backtest.c: `wfm backtest`, an accuracy report: for each origin, the
 * forecast `wfm forecast` would have made from the history before it,
 * scored against what the history says happened next.
 *
 * Per origin: WAPE, MASE, bias and the coverage of the prediction interval
 * over all scored days, the same over the holiday days (the calendar's
 * events at offset 0), and their means over the origins. --peers adds the
 * seasonal-naive baselines of shared/data/PEERS.md ("Models, precisely"),
 * computed here on the same windows and scored the same way.
 *
 * The forecasts are wfm_forecast_run()'s (through cli_forecast_run(), as
 * `wfm forecast` runs them); the scores are wfm/accuracy.h's on the
 * history's cells (wfm_history_copy()), over the same cells and with the
 * same MASE scale as wfm_forecast_backtest(), so the numbers are the
 * library's. Everything is computed before anything is printed.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"

/* Indices into backtest_options[] and the parsed values. */
enum backtest_option {
    OPT_HISTORY,
    OPT_ORIGINS,
    OPT_DAYS,
    OPT_EVENTS,
    OPT_CALENDAR,
    OPT_METHOD,
    OPT_QUANTILES,
    OPT_TRAINING_DAYS,
    OPT_PEERS,
    OPT_FORMAT,
    OPT_OUT,
    OPT_COUNT
};

/* At most this many origins: each is a full forecast (backtests included). */
#define MAX_ORIGINS 1000

static const struct cli_option backtest_options[OPT_COUNT] = {
    [OPT_HISTORY] = { "--history", CLI_TEXT, 0, 0, 0,
        "a CSV file", "FILE",
        "the volume history, CSV (required)" },
    [OPT_ORIGINS] = { "--origins", CLI_TEXT, 0, 0, 0,
        "dates YYYY-MM-DD separated by commas, or FIRST..LAST/STEP", "LIST",
        "first forecast days, below (required)" },
    [OPT_DAYS] = { "--days", CLI_NUMBER, 1, CLI_FORECAST_MAX_DAYS, 0,
        "a whole number of days from 1 to 3660", "N",
        "days scored from each origin, 1 to 3660 (required)" },
    [OPT_EVENTS] = CLI_OPTION_EVENTS,
    [OPT_CALENDAR] = CLI_OPTION_CALENDAR,
    [OPT_METHOD] = CLI_OPTION_METHOD,
    [OPT_QUANTILES] = { "--quantiles", CLI_TEXT, 0, 0, 0,
        "LO,HI with 0 < LO <= 0.5 <= HI < 1 and LO < HI", "LO,HI",
        "quantiles of the bounds scored (default 0.1,0.9)" },
    [OPT_TRAINING_DAYS] = CLI_OPTION_TRAINING_DAYS,
    [OPT_PEERS] = { "--peers", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "add seasonal-naive baselines on the same windows" },
    [OPT_FORMAT] = { "--format", CLI_TEXT, 0, 0, 0,
        "text or csv", "FORMAT",
        "text (tables, the default) or csv" },
    [OPT_OUT] = { "--out", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE",
        "write the report to FILE instead of standard output" },
};

/* ------------------------------------------------------------------------ */
/* Models: the forecast and the peers.                                       */

enum peer {
    PEER_SNAIVE7,     /* daily: the last training week repeated */
    PEER_SNAIVE364,   /* daily: the same weekday 52 weeks earlier */
    PEER_SNAIVE_WEEK, /* intraday: the same interval one week earlier */
    PEER_PROFILE_AVG  /* intraday: mean of the last 4 training weeks */
};

static const char *const peer_names[] = {
    [PEER_SNAIVE7] = "snaive7",
    [PEER_SNAIVE364] = "snaive364",
    [PEER_SNAIVE_WEEK] = "snaive_week",
    [PEER_PROFILE_AVG] = "profile_avg",
};

#define N_PEERS 2            /* per kind of history */
#define MAX_MODELS (1 + N_PEERS)

static const enum peer daily_peers[N_PEERS] = { PEER_SNAIVE7, PEER_SNAIVE364 };
static const enum peer intraday_peers[N_PEERS] = { PEER_SNAIVE_WEEK,
                                                   PEER_PROFILE_AVG };

/* Scores over one set of days; NaN = undefined. bias is a fraction. */
struct scores {
    size_t days; /* days with at least one scored value */
    double wape, mase, bias, coverage;
};

/* One model at one origin: all scored days, and the holiday days. */
struct model_scores {
    struct scores all, holiday;
};

struct origin_result {
    int32_t origin;
    int32_t method; /* the forecast's method (the pick under auto) */
    struct model_scores model[MAX_MODELS]; /* [0] wfm, then the peers */
};

/* Everything the command line asks for, checked. */
struct backtest_request {
    const char *history_path;
    const char *out_path; /* NULL = stdout */
    int32_t *origins;     /* owned, sorted, distinct */
    size_t n_origins;
    int32_t days;
    struct cli_forecast_settings settings;
    bool peers, csv;
    const struct cli_list_item *items; /* --calendar, --events */
    size_t n_items, n_sources;
};

/* The report, computed whole before printing. */
struct report {
    const struct backtest_request *req;
    int32_t interval;              /* minutes; 1440 = daily */
    size_t n_models;               /* 1, or 1 + N_PEERS with --peers */
    const char *names[MAX_MODELS]; /* "wfm", then the peers */
    enum peer peers[N_PEERS];
    struct origin_result *rows;    /* [n_origins] */
    struct model_scores mean[MAX_MODELS];
    size_t mean_count[MAX_MODELS]; /* origins behind each mean WAPE */
};

/* The history's cells, day-major (NaN = not observed). */
struct series {
    int32_t first, days;
    size_t per_day;
    double *volume;
};

/* ------------------------------------------------------------------------ */
/* The command line.                                                         */

static void
backtest_usage(FILE *out)
{
    fputs("Usage: wfm backtest --history FILE --origins LIST --days N\n"
          "                    [--events FILE]... [--calendar NAME|FILE]...\n"
          "                    [--method NAME] [--quantiles LO,HI]\n"
          "                    [--training-days N] [--peers] [--format csv]\n"
          "\n"
          "How accurate would the forecast have been? For each origin, forecast\n"
          "N days from the history strictly before it (as \"wfm forecast --start\n"
          "ORIGIN\" does) and score the forecast against the history's values.\n"
          "\n"
          "Options:\n", out);
    cli_print_options(out, backtest_options, OPT_COUNT);
    fputs("\n"
          "The history CSV and the calendar options are as for wfm forecast\n"
          "(see \"wfm forecast --help\").\n"
          "\n"
          "Origins: dates separated by commas (2016-11-01,2017-11-01), and/or\n"
          "ranges FIRST..LAST/STEP with STEP a number of days (7d) or weeks (4w):\n"
          "2017-09-04..2017-11-27/7d is every Monday from 4 September to 27\n"
          "November. At most 1000 origins, each given once; they are reported\n"
          "in date order. Each needs history before it and an observed day in\n"
          "its window.\n"
          "\n"
          "Scores, per origin, over the window's observed values (days, or the\n"
          "intervals of an intraday history; days and values the history does\n"
          "not hold are not scored):\n"
          "  WAPE     sum|F - A| / sum A\n"
          "  MASE     mean|F - A| / mean|y(t) - y(t - 1 week)| over the days fitted\n"
          "  bias %   100 sum(F - A) / sum A (positive = too high)\n"
          "  cover %  share of actuals within the bounds: the LO and HI\n"
          "           quantiles of --quantiles (nominal 80 % by default)\n"
          "The same four over the holiday days: the window's days on which the\n"
          "calendar (--events, --calendar) has an event at offset 0. The mean\n"
          "row averages each score over the origins where it is defined. \"-\"\n"
          "(empty in CSV): not defined (no holiday day, nothing to score).\n"
          "\n"
          "--peers: seasonal-naive baselines on the same windows and days, as\n"
          "shared/data/PEERS.md defines them, with what each origin's forecast\n"
          "may use (the history before it, within --training-days):\n"
          "  daily     snaive7: the last training week repeated;\n"
          "            snaive364: the same weekday 52 weeks earlier\n"
          "  intraday  snaive_week: the same interval one week earlier (the\n"
          "            last training week repeated); profile_avg: the mean of\n"
          "            the same weekday and interval over the last 4 weeks\n"
          "A value the history lacks is the mean of the same cell a week\n"
          "before and a week after when both are there (PEERS.md's gap\n"
          "filling), else the latest earlier week's; profile_avg skips weeks\n"
          "without one. A peer with no value for a scored day is not scored.\n"
          "\n"
          "Output (--format text): the scores over all days, over the holiday\n"
          "days and, with --peers, each model's WAPE (and holiday-day WAPE) with\n"
          "the forecast's mean WAPE against the best peer's.\n"
          "--format csv: the header\n"
          "  origin,model,method,days,wape,mase,bias_pct,coverage,\n"
          "  holiday_days,holiday_wape,holiday_mase,holiday_bias_pct,\n"
          "  holiday_coverage\n"
          "(one line), then per origin one row for model \"wfm\" and one per\n"
          "peer, then the rows with origin \"mean\":\n"
          "  origin    YYYY-MM-DD, or mean\n"
          "  model     wfm, snaive7, snaive364, snaive_week or profile_avg\n"
          "  method    the forecast's method (regression or recent-weeks); empty\n"
          "            for peers and means\n"
          "  days      days scored (empty in means); holiday_days likewise\n"
          "  wape, mase, coverage: fractions; bias_pct: percent; six decimals;\n"
          "            coverage empty for peers; empty = not defined\n"
          "--out FILE is written whole or not at all and may not name an input.\n"
          "\n"
          "Examples (PEERS.md's windows):\n"
          "  wfm backtest --history nyc_ems_daily.csv --events holidays.csv \\\n"
          "      --origins 2014-11-01,2015-11-01,2016-11-01,2017-11-01 --days 61 \\\n"
          "      --peers\n"
          "  wfm backtest --history na_bank_2003_30min.csv --days 14 \\\n"
          "      --origins 2003-07-28..2003-08-18/7d --training-days 56 --peers\n"
          "\n"
          "Exit status: 0 on success, 1 if a file cannot be read or is malformed\n"
          "or the history cannot give a forecast or a score (too little history\n"
          "before an origin, nothing observed after one), 2 for a bad command\n"
          "line. One line on stderr says why, and nothing is printed.\n", out);
}

static int
compare_dates(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* A STEP of a range: a whole number of days ("7d") or weeks ("4w"), 1 to
 * 3660 days. */
static bool
parse_step(const char *text, int32_t *days)
{
    size_t len = strlen(text);
    long n = 0;

    if (len < 2 || len > 6 || (text[len - 1] != 'd' && text[len - 1] != 'w'))
        return false;
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        n = 10 * n + (text[i] - '0');
    }
    if (text[len - 1] == 'w')
        n *= 7;
    if (n < 1 || n > CLI_FORECAST_MAX_DAYS)
        return false;
    *days = (int32_t)n;
    return true;
}

/* Append @p date to the list, refusing more than MAX_ORIGINS. */
static bool
add_origin(const char *prog, int32_t date, int32_t *origins, size_t *n)
{
    if (*n >= MAX_ORIGINS) {
        cli_error(prog, "--origins: more than %d origins", MAX_ORIGINS);
        return false;
    }
    origins[(*n)++] = date;
    return true;
}

/* One item of --origins: a date, or FIRST..LAST/STEP. */
static bool
parse_origin_item(const char *prog, const char *item, int32_t *origins,
                  size_t *n)
{
    char first_text[64], last_text[64], quoted[80];
    const char *dots = strstr(item, "..");
    const char *slash;
    int32_t first, last, step;

    if (dots == NULL) {
        int32_t date;
        if (!cli_parse_date(prog, "--origins", item, &date))
            return false;
        return add_origin(prog, date, origins, n);
    }
    slash = strchr(dots, '/');
    cli_quote(item, quoted, sizeof quoted);
    if (slash == NULL || (size_t)(dots - item) >= sizeof first_text
        || (size_t)(slash - dots - 2) >= sizeof last_text) {
        cli_error(prog, "--origins: expected FIRST..LAST/STEP with a STEP such "
                  "as 7d or 4w, got %s", quoted);
        return false;
    }
    memcpy(first_text, item, (size_t)(dots - item));
    first_text[dots - item] = '\0';
    memcpy(last_text, dots + 2, (size_t)(slash - dots - 2));
    last_text[slash - dots - 2] = '\0';
    if (!cli_parse_date(prog, "--origins", first_text, &first)
        || !cli_parse_date(prog, "--origins", last_text, &last))
        return false;
    if (!parse_step(slash + 1, &step)) {
        cli_error(prog, "--origins: expected a STEP of 1 to 3660 days, as 7d "
                  "or 4w, in %s", quoted);
        return false;
    }
    if (last < first) {
        cli_error(prog, "--origins: LAST is before FIRST in %s", quoted);
        return false;
    }
    for (int64_t d = first; d <= last; d += step) {
        if (!add_origin(prog, (int32_t)d, origins, n))
            return false;
    }
    return true;
}

/* --origins into @p req->origins: sorted, each date once. */
static bool
parse_origins(const char *prog, const char *text, struct backtest_request *req)
{
    char item[128], quoted[80], date_text[16];
    size_t n = 0;

    req->origins = malloc(MAX_ORIGINS * sizeof *req->origins);
    if (req->origins == NULL) {
        cli_error(prog, "out of memory");
        return false;
    }
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);

        if (len == 0 || len >= sizeof item) {
            cli_quote(text, quoted, sizeof quoted);
            cli_error(prog, "--origins: expected dates YYYY-MM-DD separated by "
                      "commas, or FIRST..LAST/STEP, got %s", quoted);
            return false;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        if (!parse_origin_item(prog, item, req->origins, &n))
            return false;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    qsort(req->origins, n, sizeof *req->origins, compare_dates);
    for (size_t i = 1; i < n; i++) {
        if (req->origins[i] == req->origins[i - 1]) {
            if (wfm_date_format(req->origins[i], date_text, sizeof date_text)
                != WFM_OK)
                snprintf(date_text, sizeof date_text, "?");
            cli_error(prog, "--origins: %s is given more than once", date_text);
            return false;
        }
    }
    req->n_origins = n;
    return true;
}

static const struct cli_forecast_option_ids backtest_ids = {
    .quantiles = OPT_QUANTILES, .method = OPT_METHOD,
    .training_days = OPT_TRAINING_DAYS,
    .uplift = OPT_COUNT, /* no --uplift here: no item is one */
};

/* Check the options and their combinations; fill @p req. */
static int
backtest_request_from(const char *prog, const struct cli_value *v,
                      const struct cli_list_item *items, size_t n_items,
                      struct backtest_request *req)
{
    static const size_t required[] = { OPT_HISTORY, OPT_ORIGINS, OPT_DAYS };
    char quoted[80], date_text[16];

    if (!cli_check_required(prog, backtest_options, v, required,
                            sizeof required / sizeof required[0]))
        return CLI_EXIT_USAGE;
    req->history_path = v[OPT_HISTORY].text;
    req->out_path = v[OPT_OUT].seen ? v[OPT_OUT].text : NULL;
    if (!parse_origins(prog, v[OPT_ORIGINS].text, req)
        || !cli_whole_number(prog, &backtest_options[OPT_DAYS], &v[OPT_DAYS],
                             &req->days))
        return CLI_EXIT_USAGE;
    if ((int64_t)req->origins[req->n_origins - 1] + req->days - 1 > WFM_DATE_MAX) {
        if (wfm_date_format(req->origins[req->n_origins - 1], date_text,
                            sizeof date_text) != WFM_OK)
            snprintf(date_text, sizeof date_text, "?");
        cli_error(prog, "--days: %d days from origin %s run past 9999-12-31",
                  (int)req->days, date_text);
        return CLI_EXIT_USAGE;
    }
    if (v[OPT_FORMAT].seen) {
        if (strcmp(v[OPT_FORMAT].text, "csv") == 0) {
            req->csv = true;
        } else if (strcmp(v[OPT_FORMAT].text, "text") != 0) {
            cli_quote(v[OPT_FORMAT].text, quoted, sizeof quoted);
            cli_error(prog, "--format: expected text or csv, got %s", quoted);
            return CLI_EXIT_USAGE;
        }
    }
    req->peers = v[OPT_PEERS].seen;
    req->items = items;
    req->n_items = n_items;
    int rc = cli_forecast_settings_from(prog, backtest_options, v, &backtest_ids,
                                        items, n_items, NULL, &req->settings,
                                        &req->n_sources);
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

/* ------------------------------------------------------------------------ */
/* The history and the windows.                                              */

/* Cell @p j of day @p date, NaN outside [lo, hi] or the history. */
static double
cell_at(const struct series *s, int32_t lo, int32_t hi, int32_t date, size_t j)
{
    if (date < lo || date > hi || date < s->first
        || (int64_t)date - s->first >= s->days)
        return NAN;
    return s->volume[(size_t)(date - s->first) * s->per_day + j];
}

/* Whether any cell of day @p date is observed. */
static bool
day_observed(const struct series *s, int32_t date)
{
    if (date < s->first || (int64_t)date - s->first >= s->days)
        return false;
    for (size_t j = 0; j < s->per_day; j++) {
        if (!isnan(s->volume[(size_t)(date - s->first) * s->per_day + j]))
            return true;
    }
    return false;
}

static int
read_series(const char *prog, const wfm_history *history, struct series *s)
{
    int32_t interval = 0;
    size_t count = 0;
    wfm_status status = wfm_history_span(history, &s->first, &s->days,
                                         &interval);

    if (status == WFM_OK) {
        status = wfm_history_copy(history, NULL, NULL, 0, &count);
        if (status == WFM_ERANGE)
            status = WFM_OK;
    }
    if (status == WFM_OK) {
        s->per_day = interval >= 1440 ? 1 : (size_t)(1440 / interval);
        s->volume = malloc((count ? count : 1) * sizeof *s->volume);
        if (s->volume == NULL) {
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        status = wfm_history_copy(history, s->volume, NULL, count, &count);
    }
    if (status != WFM_OK) {
        cli_error(prog, "cannot read the history: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Every origin has history before it and an observed day in its window;
 * otherwise one line naming it, and exit 1. */
static int
check_origins(const char *prog, const struct backtest_request *req,
              const struct series *s)
{
    char quoted[200], a[16], b[16], c[16];

    cli_quote(req->history_path, quoted, sizeof quoted);
    for (size_t k = 0; k < req->n_origins; k++) {
        int32_t origin = req->origins[k];
        bool seen = false;

        if (wfm_date_format(origin, a, sizeof a) != WFM_OK)
            snprintf(a, sizeof a, "?");
        if (origin <= s->first) {
            if (wfm_date_format(s->first, b, sizeof b) != WFM_OK)
                snprintf(b, sizeof b, "?");
            cli_error(prog, "--origins %s: the history %s begins on %s; only the "
                      "days before an origin are used, and there are none",
                      a, quoted, b);
            return CLI_EXIT_FAILURE;
        }
        for (int32_t d = 0; d < req->days && !seen; d++)
            seen = day_observed(s, origin + d);
        if (!seen) {
            if (wfm_date_format(origin + req->days - 1, b, sizeof b) != WFM_OK)
                snprintf(b, sizeof b, "?");
            if (wfm_date_format(s->first + s->days - 1, c, sizeof c) != WFM_OK)
                snprintf(c, sizeof c, "?");
            cli_error(prog, "--origins %s: the history %s has no observed day "
                      "from %s to %s (it ends on %s): nothing to score",
                      a, quoted, a, b, c);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

/* The training span wfm_forecast_run() fits for @p origin: from the
 * history's first day, or --training-days before the day after the last
 * observed day before the origin, to that last observed day. */
static void
training_span(const struct backtest_request *req, const struct series *s,
              int32_t origin, int32_t *lo, int32_t *hi)
{
    int32_t last = origin - 1;

    while (last >= s->first && !day_observed(s, last))
        last--;
    *lo = s->first;
    if (req->settings.has_training_days && req->settings.training_days > 0
        && (int64_t)last + 1 - req->settings.training_days > s->first)
        *lo = last + 1 - req->settings.training_days;
    *hi = last;
}

/* ------------------------------------------------------------------------ */
/* Peers (PEERS.md, "Models, precisely").                                    */

/* A peer's input value of cell @p j on day @p date: observed within the
 * span [lo, hi], else the mean of the same cell a week before and a week
 * after when both are (PEERS.md's gap filling of the NA bank), else NaN. */
static double
peer_value(const struct series *s, int32_t lo, int32_t hi, int32_t date,
           size_t j)
{
    double v = cell_at(s, lo, hi, date, j), before, after;

    if (!isnan(v))
        return v;
    before = cell_at(s, lo, hi, date - 7, j);
    after = cell_at(s, lo, hi, date + 7, j);
    return !isnan(before) && !isnan(after) ? (before + after) / 2 : NAN;
}

/* peer_value() of @p date, else of the latest earlier week that has one. */
static double
peer_latest(const struct series *s, int32_t lo, int32_t hi, int32_t date,
            size_t j)
{
    for (; date >= lo; date -= 7) {
        double v = peer_value(s, lo, hi, date, j);
        if (!isnan(v))
            return v;
    }
    return NAN;
}

/* The peer's forecast of the window's cells; NaN where it has none, and
 * where the actual is not observed (never scored). */
static void
peer_forecast(enum peer peer, const struct series *s, int32_t lo, int32_t hi,
              int32_t origin, int32_t days, const double *actual, double *out)
{
    size_t per_day = s->per_day;

    for (int32_t d = 0; d < days; d++) {
        int32_t date = origin + d;
        /* The same weekday in the last week before the origin. */
        int32_t last_week = origin - 7 + d % 7;

        for (size_t j = 0; j < per_day; j++) {
            size_t i = (size_t)d * per_day + j;
            double v = NAN;

            out[i] = NAN;
            if (isnan(actual[i]))
                continue;
            switch (peer) {
            case PEER_SNAIVE7:
            case PEER_SNAIVE_WEEK:
                v = peer_latest(s, lo, hi, last_week, j);
                break;
            case PEER_SNAIVE364:
                /* 364 days back, again as often as needed to land before
                 * the origin (a window longer than 52 weeks). */
                v = peer_latest(s, lo, hi,
                                date - 364 * ((date - origin) / 364 + 1), j);
                break;
            case PEER_PROFILE_AVG: {
                double sum = 0.0;
                int n = 0;

                for (int w = 0; w < 4; w++) {
                    double x = peer_value(s, lo, hi, last_week - 7 * w, j);
                    if (!isnan(x)) {
                        sum += x;
                        n++;
                    }
                }
                v = n > 0 ? sum / n : NAN;
                break;
            }
            }
            out[i] = v;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Scoring.                                                                  */

/* Work arrays of one window. */
struct window {
    size_t count;
    double *point, *lower, *upper; /* the model scored */
    double *actual, *holiday_actual; /* NaN = not scored */
    double *train;
    size_t n_train;
};

/* Scores of @p point (and [lower, upper], when given) against @p actual;
 * MASE's scale is the one-week-ago error over @p train. */
static void
score(const struct window *w, const double *actual, const double *point,
      const double *lower, const double *upper, size_t per_day,
      struct scores *out)
{
    double v = NAN;

    out->days = 0;
    for (size_t d = 0; d < w->count / per_day; d++) {
        for (size_t j = 0; j < per_day; j++) {
            if (!isnan(actual[d * per_day + j])) {
                out->days++;
                break;
            }
        }
    }
    /* An undefined score (nothing scored, a peer without a value) is NaN. */
    out->wape = wfm_accuracy_wape(point, actual, w->count, &v) == WFM_OK ? v : NAN;
    out->bias = wfm_accuracy_bias(point, actual, w->count, &v) == WFM_OK ? v : NAN;
    out->mase = wfm_accuracy_mase(point, actual, w->count, w->train, w->n_train,
                                  7 * per_day, &v) == WFM_OK ? v : NAN;
    out->coverage = NAN;
    if (lower != NULL
        && wfm_accuracy_coverage(lower, upper, actual, w->count, &v) == WFM_OK)
        out->coverage = v;
    if (out->days == 0) {
        out->wape = out->bias = out->mase = out->coverage = NAN;
    }
}

/* The window's actuals, and those of its holiday days (the calendar's
 * events at offset 0). */
static int
window_actuals(const char *prog, const struct series *s, wfm_calendar *calendar,
               int32_t origin, int32_t days, struct window *w)
{
    wfm_calendar_days *expansion = NULL;
    size_t per_day = s->per_day;

    for (size_t i = 0; i < w->count; i++) {
        w->actual[i] = cell_at(s, s->first, s->first + s->days - 1,
                               origin + (int32_t)(i / per_day), i % per_day);
        w->holiday_actual[i] = NAN;
    }
    if (calendar == NULL)
        return CLI_EXIT_OK;
    wfm_status status = wfm_calendar_expand(calendar, origin, origin + days - 1,
                                            &expansion);
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_calendar_errmsg(calendar), "the calendar",
                          status);
        return CLI_EXIT_FAILURE;
    }
    for (size_t r = 0; r < wfm_calendar_days_count(expansion); r++) {
        int32_t date, offset;

        if (wfm_calendar_days_row(expansion, r, &date, NULL, &offset, NULL)
            != WFM_OK || offset != 0 || date < origin || date - origin >= days)
            continue;
        for (size_t j = 0; j < per_day; j++) {
            size_t i = (size_t)(date - origin) * per_day + j;
            w->holiday_actual[i] = w->actual[i];
        }
    }
    wfm_calendar_days_free(expansion);
    return CLI_EXIT_OK;
}

/* Forecast from one origin and score it, and the peers. */
static int
run_origin(const char *prog, const struct backtest_request *req,
           const wfm_history *history, wfm_calendar *calendar,
           const struct series *s, struct report *rep, struct window *w,
           struct origin_result *row)
{
    wfm_forecast *forecast = NULL;
    char date_text[16], where[96];
    int32_t origin = row->origin, lo, hi;
    size_t count = 0, per_day = s->per_day;
    wfm_status status;
    int rc;

    /* The library's messages mostly name the date; the prefix says which
     * origin failed in any case. */
    if (wfm_date_format(origin, date_text, sizeof date_text) != WFM_OK)
        snprintf(date_text, sizeof date_text, "?");
    snprintf(where, sizeof where, "%s: origin %s", prog, date_text);
    rc = cli_forecast_run(where, &req->settings, history, calendar, origin,
                          req->days, &forecast);
    if (rc == CLI_EXIT_OK) {
        status = wfm_forecast_copy(forecast, w->point, w->lower, w->upper,
                                   w->count, &count);
        if (status == WFM_OK && count != w->count)
            status = WFM_ERANGE;
        if (status == WFM_OK)
            status = wfm_forecast_method_used(forecast, &row->method);
        if (status != WFM_OK) {
            cli_error(where, "cannot read the forecast: %s",
                      wfm_status_str(status));
            rc = CLI_EXIT_FAILURE;
        }
    }
    wfm_forecast_free(forecast);
    if (rc != CLI_EXIT_OK)
        return rc;
    for (size_t i = 0; i < w->count; i++) {
        if (!isfinite(w->point[i]) || !isfinite(w->lower[i])
            || !isfinite(w->upper[i])) {
            cli_error(where, "the library returned a non-finite forecast");
            return CLI_EXIT_FAILURE;
        }
    }
    rc = window_actuals(prog, s, calendar, origin, req->days, w);
    if (rc != CLI_EXIT_OK)
        return rc;

    /* MASE's scale: the days fitted, as wfm_forecast_backtest() takes it. */
    training_span(req, s, origin, &lo, &hi);
    w->n_train = hi >= lo ? (size_t)(hi - lo + 1) * per_day : 0;
    w->train = s->volume + (size_t)(lo - s->first) * per_day;

    score(w, w->actual, w->point, w->lower, w->upper, per_day,
          &row->model[0].all);
    score(w, w->holiday_actual, w->point, w->lower, w->upper, per_day,
          &row->model[0].holiday);
    for (size_t m = 1; m < rep->n_models; m++) {
        /* The peers see what the forecast saw: the training span. */
        peer_forecast(rep->peers[m - 1], s, lo, hi, origin, req->days,
                      w->actual, w->point);
        score(w, w->actual, w->point, NULL, NULL, per_day, &row->model[m].all);
        score(w, w->holiday_actual, w->point, NULL, NULL, per_day,
              &row->model[m].holiday);
    }
    return CLI_EXIT_OK;
}

/* The mean of each score over the origins where it is defined. */
static void
mean_scores(struct report *rep, size_t n_origins)
{
    for (size_t m = 0; m < rep->n_models; m++) {
        for (int part = 0; part < 2; part++) {
            double sum[4] = { 0 };
            size_t n[4] = { 0 };

            for (size_t k = 0; k < n_origins; k++) {
                const struct scores *sc = part == 0 ? &rep->rows[k].model[m].all
                                                    : &rep->rows[k].model[m].holiday;
                const double x[4] = { sc->wape, sc->mase, sc->bias, sc->coverage };
                for (int i = 0; i < 4; i++) {
                    if (!isnan(x[i])) {
                        sum[i] += x[i];
                        n[i]++;
                    }
                }
            }
            struct scores *out = part == 0 ? &rep->mean[m].all : &rep->mean[m].holiday;
            double *y[4] = { &out->wape, &out->mase, &out->bias, &out->coverage };
            for (int i = 0; i < 4; i++)
                *y[i] = n[i] > 0 ? sum[i] / (double)n[i] : NAN;
            out->days = 0;
            if (part == 0)
                rep->mean_count[m] = n[0];
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Output.                                                                   */

static void
put_date(FILE *out, int32_t date)
{
    char text[16];

    if (wfm_date_format(date, text, sizeof text) != WFM_OK)
        snprintf(text, sizeof text, "?");
    fputs(text, out);
}

/* @p x times @p scale with @p decimals decimals in @p width columns (a
 * leading '+' when @p sign), or "-" when undefined. */
static void
put_cell(FILE *out, double x, double scale, int decimals, int width, bool sign)
{
    char buf[64];

    if (isnan(x)) {
        fprintf(out, "%*s", width, "-");
        return;
    }
    snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x * scale);
    /* No "-0.0" or "+0.0" for a value that rounds to zero. */
    if ((buf[0] == '-' || buf[0] == '+')
        && strspn(buf + 1, "0.") == strlen(buf + 1))
        fprintf(out, "%*s", width, buf + 1);
    else
        fprintf(out, "%*s", width, buf);
}

/* " WAPE   MASE  bias %  cover %" values of one row. */
static void
put_scores(FILE *out, const struct scores *sc)
{
    put_cell(out, sc->wape, 1, 4, 8, false);
    put_cell(out, sc->mase, 1, 3, 7, false);
    put_cell(out, sc->bias, 100, 1, 8, true);
    put_cell(out, sc->coverage, 100, 1, 9, false);
    fputc('\n', out);
}

static void
write_text(FILE *out, const void *data)
{
    const struct report *rep = data;
    const struct backtest_request *req = rep->req;
    double lo = req->settings.has_quantiles ? req->settings.lower_quantile : 0.1;
    double hi = req->settings.has_quantiles ? req->settings.upper_quantile : 0.9;
    char a[32], b[32];
    const char *method = req->settings.has_method
        ? wfm_forecast_method_name(req->settings.method) : "auto";

    fprintf(out, "Backtest of %s", req->history_path);
    if (rep->interval >= 1440)
        fputs(" (daily)\n", out);
    else
        fprintf(out, " (every %d minutes)\n", (int)rep->interval);
    fprintf(out, "%zu origin%s, %d day%s from each; method %s", req->n_origins,
            req->n_origins == 1 ? "" : "s", (int)req->days,
            req->days == 1 ? "" : "s", method != NULL ? method : "?");
    if (req->settings.has_training_days && req->settings.training_days > 0)
        fprintf(out, "; fitted on the last %d days", (int)req->settings.training_days);
    cli_format_double(lo, a, sizeof a);
    cli_format_double(hi, b, sizeof b);
    fprintf(out, "\nbounds: quantiles %s and %s (nominal %g %% coverage)\n", a, b,
            100.0 * (hi - lo));
    if (rep->interval < 1440)
        fputs("scored per interval; days = days with a scored interval\n", out);

    fputs("\nAll days\n"
          "origin      method        days    WAPE   MASE  bias %  cover %\n", out);
    for (size_t k = 0; k < req->n_origins; k++) {
        const struct origin_result *row = &rep->rows[k];
        const char *name = wfm_forecast_method_name(row->method);

        put_date(out, row->origin);
        fprintf(out, "  %-12s %5zu", name != NULL ? name : "?",
                row->model[0].all.days);
        put_scores(out, &row->model[0].all);
    }
    fprintf(out, "%-31s", "mean");
    put_scores(out, &rep->mean[0].all);

    fputs("\nHoliday days (calendar events at offset 0)\n", out);
    if (req->n_sources == 0) {
        fputs("no calendar given (--events, --calendar)\n", out);
    } else {
        fputs("origin      days    WAPE   MASE  bias %  cover %\n", out);
        for (size_t k = 0; k < req->n_origins; k++) {
            put_date(out, rep->rows[k].origin);
            fprintf(out, " %5zu", rep->rows[k].model[0].holiday.days);
            put_scores(out, &rep->rows[k].model[0].holiday);
        }
        fprintf(out, "%-16s", "mean");
        put_scores(out, &rep->mean[0].holiday);
    }

    if (rep->n_models > 1) {
        /* WAPE, and holiday-day WAPE when there is a calendar: 17 columns
         * per model, else 9. */
        bool holidays = req->n_sources > 0;

        fprintf(out, "\nPeers on the same windows: WAPE%s\n",
                holidays ? " (holiday-day WAPE)" : "");
        fputs("origin    ", out);
        for (size_t m = 0; m < rep->n_models; m++)
            fprintf(out, "%*s", holidays ? 17 : 13, rep->names[m]);
        fputc('\n', out);
        for (size_t k = 0; k <= req->n_origins; k++) {
            const struct model_scores *ms = k < req->n_origins
                ? rep->rows[k].model : rep->mean;
            if (k < req->n_origins)
                put_date(out, rep->rows[k].origin);
            else
                fprintf(out, "%-10s", "mean");
            for (size_t m = 0; m < rep->n_models; m++) {
                put_cell(out, ms[m].all.wape, 1, 4, holidays ? 8 : 13, false);
                if (holidays) {
                    fputs(" (", out);
                    put_cell(out, ms[m].holiday.wape, 1, 4, 6, false);
                    fputc(')', out);
                }
            }
            fputc('\n', out);
        }
        /* The forecast against the best peer scored on every origin. */
        size_t best = 0;
        for (size_t m = 1; m < rep->n_models; m++) {
            if (rep->mean_count[m] == req->n_origins && !isnan(rep->mean[m].all.wape)
                && (best == 0 || rep->mean[m].all.wape < rep->mean[best].all.wape))
                best = m;
        }
        double own = rep->mean[0].all.wape;
        if (best > 0 && rep->mean_count[0] == req->n_origins && !isnan(own)
            && rep->mean[best].all.wape > 0) {
            double change = 100.0 * (own / rep->mean[best].all.wape - 1.0);
            fprintf(out, "Mean WAPE: wfm %.4f, best peer %s %.4f: wfm is %.1f %% %s.\n",
                    own, rep->names[best], rep->mean[best].all.wape, fabs(change),
                    change <= 0 ? "lower" : "higher");
        }
    }
    fputs("\nMASE: mean |F - A| over that of the one-week-ago forecast on the "
          "days fitted\nbias %: 100 sum(F - A) / sum A; cover %: actuals within "
          "the bounds; -: none\n", out);
}

/* A CSV number: @p x times @p scale with six decimals, or empty. */
static void
put_csv_number(FILE *out, double x, double scale)
{
    fputc(',', out);
    if (!isnan(x))
        cli_put_fixed(out, x * scale, 6);
}

static void
put_csv_row(FILE *out, const struct report *rep, const struct origin_result *row,
            size_t m, const struct model_scores *ms)
{
    if (row != NULL)
        put_date(out, row->origin);
    else
        fputs("mean", out);
    fprintf(out, ",%s,", rep->names[m]);
    if (row != NULL && m == 0) {
        const char *name = wfm_forecast_method_name(row->method);
        fputs(name != NULL ? name : "", out);
    }
    for (int part = 0; part < 2; part++) {
        const struct scores *sc = part == 0 ? &ms->all : &ms->holiday;

        fputc(',', out);
        if (row != NULL)
            fprintf(out, "%zu", sc->days);
        put_csv_number(out, sc->wape, 1);
        put_csv_number(out, sc->mase, 1);
        put_csv_number(out, sc->bias, 100);
        put_csv_number(out, sc->coverage, 1);
    }
    fputc('\n', out);
}

static void
write_csv(FILE *out, const void *data)
{
    const struct report *rep = data;

    /* The header is part of the tool's contract: never reorder or rename;
     * new columns go at the end. */
    fputs("origin,model,method,days,wape,mase,bias_pct,coverage,"
          "holiday_days,holiday_wape,holiday_mase,holiday_bias_pct,"
          "holiday_coverage\n", out);
    for (size_t k = 0; k < rep->req->n_origins; k++) {
        for (size_t m = 0; m < rep->n_models; m++)
            put_csv_row(out, rep, &rep->rows[k], m, &rep->rows[k].model[m]);
    }
    for (size_t m = 0; m < rep->n_models; m++)
        put_csv_row(out, rep, NULL, m, &rep->mean[m]);
}

/* ------------------------------------------------------------------------ */

static int
backtest_run(const char *prog, const struct backtest_request *req)
{
    wfm_calendar *calendar = NULL;
    wfm_history *history = NULL;
    struct series s = { 0, 0, 1, NULL };
    struct window w;
    struct report rep;
    int32_t first = 0, days = 0;
    int rc;

    memset(&w, 0, sizeof w);
    memset(&rep, 0, sizeof rep);
    rep.req = req;
    rc = cli_build_calendar(prog, req->items, req->n_items, OPT_CALENDAR,
                            OPT_EVENTS, &calendar);
    /* The latest start: cli_read_history() checks only that the history
     * has rows; check_origins() says which origin it cannot serve. */
    if (rc == CLI_EXIT_OK)
        rc = cli_read_history(prog, req->history_path, WFM_DATE_MAX, &history,
                              &first, &days, &rep.interval);
    if (rc == CLI_EXIT_OK)
        rc = read_series(prog, history, &s);
    if (rc == CLI_EXIT_OK)
        rc = check_origins(prog, req, &s);
    if (rc == CLI_EXIT_OK) {
        const enum peer *peers = s.per_day == 1 ? daily_peers : intraday_peers;

        rep.names[0] = "wfm";
        rep.n_models = req->peers ? 1 + N_PEERS : 1;
        for (size_t m = 1; m < rep.n_models; m++) {
            rep.peers[m - 1] = peers[m - 1];
            rep.names[m] = peer_names[peers[m - 1]];
        }
        w.count = (size_t)req->days * s.per_day;
        rep.rows = calloc(req->n_origins, sizeof *rep.rows);
        w.point = malloc(w.count * sizeof *w.point);
        w.lower = malloc(w.count * sizeof *w.lower);
        w.upper = malloc(w.count * sizeof *w.upper);
        w.actual = malloc(w.count * sizeof *w.actual);
        w.holiday_actual = malloc(w.count * sizeof *w.holiday_actual);
        if (rep.rows == NULL || w.point == NULL || w.lower == NULL
            || w.upper == NULL || w.actual == NULL || w.holiday_actual == NULL) {
            cli_error(prog, "out of memory");
            rc = CLI_EXIT_FAILURE;
        }
    }
    for (size_t k = 0; rc == CLI_EXIT_OK && k < req->n_origins; k++) {
        rep.rows[k].origin = req->origins[k];
        rc = run_origin(prog, req, history, calendar, &s, &rep, &w, &rep.rows[k]);
    }
    if (rc == CLI_EXIT_OK) {
        mean_scores(&rep, req->n_origins);
        rc = cli_write_file(prog, "--out", req->out_path,
                            req->csv ? write_csv : write_text, &rep);
    }
    free(w.point);
    free(w.lower);
    free(w.upper);
    free(w.actual);
    free(w.holiday_actual);
    free(rep.rows);
    free(s.volume);
    wfm_history_free(history);
    wfm_calendar_free(calendar);
    return rc;
}

/* The command with its options parsed (cli_run_command()); @p data is
 * the request. */
static int
backtest_main(const char *prog, const struct cli_value *values,
              const struct cli_list_item *items, size_t n_items, void *data)
{
    struct backtest_request *req = data;
    int rc = backtest_request_from(prog, values, items, n_items, req);

    return rc == CLI_EXIT_OK ? backtest_run(prog, req) : rc;
}

int
cmd_backtest(const char *prog, int argc, char **argv)
{
    struct backtest_request req;
    int rc;

    memset(&req, 0, sizeof req);
    rc = cli_run_command(prog, backtest_options, OPT_COUNT, backtest_usage,
                         backtest_main, &req, argc, argv);
    free(req.origins);
    return rc;
}
