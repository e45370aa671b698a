/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-plan.c: `wfm plan`, a staffing plan from a CSV history: the forecast
 * per interval (as `wfm forecast` makes it), the workload, required agents
 * for the channel and its targets, scheduled agents after shrinkage by
 * date, and optionally a daily and weekly summary with the hiring ramp and
 * an SVG chart.
 *
 * The library does the work (wfm/forecast.h, wfm/plan.h): this file reads
 * the command line and the shrinkage file, runs wfm_forecast_run() and
 * wfm_plan_run(), and prints the CSV, the summary and the chart.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wfm.h>

#include "cli.h"
#include "wfm-chart.h"

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
    OPT_TRAINING_DAYS,
    OPT_ATTRITION,
    OPT_HEADCOUNT,
    OPT_OUT,
    OPT_SUMMARY,
    OPT_CHART,
    OPT_COUNT
};

/* Chat: an agent holds 1 … 16 chats (wfm_plan_set_chat_aht()). */
#define PLAN_MAX_SESSIONS 16
/* Hires' training: 0 … 730 days (WFM_PLAN_TRAINING_DAYS). */
#define PLAN_MAX_TRAINING_DAYS 730
/* Event shrinkage offsets: -366 … 366 days. */
#define PLAN_MAX_OFFSET 366
/* History shown before --start in the chart, days. */
#define CHART_HISTORY_DAYS 56
/* Work (history cells + planned intervals) above which a terminal gets
 * progress lines on stderr. */
#define PROGRESS_CELLS 200000

static const struct cli_option plan_options[OPT_COUNT] = {
    [OPT_HISTORY] = { "--history", CLI_TEXT, 0, 0, 0,
        "a CSV file", "FILE",
        "the intraday volume history, CSV (required; as wfm forecast)" },
    [OPT_START] = { "--start", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD", "YYYY-MM-DD",
        "first planned day (required)" },
    [OPT_DAYS] = { "--days", CLI_NUMBER, 1, CLI_FORECAST_MAX_DAYS, 0,
        "a whole number of days from 1 to 3660", "N",
        "number of days to plan, 1 to 3660 (required)" },
    [OPT_EVENTS] = { "--events", CLI_TEXT_LIST, 0, 0, 0,
        "a Prophet holiday CSV file", "FILE",
        "Prophet's holiday CSV (repeatable)" },
    [OPT_CALENDAR] = { "--calendar", CLI_TEXT_LIST, 0, 0, 0,
        "a preset name or a calendar file", "NAME|FILE",
        "a built-in preset or a calendar file (repeatable)" },
    [OPT_QUANTILES] = { "--quantiles", CLI_TEXT, 0, 0, 0,
        "LO,HI with 0 < LO <= 0.5 <= HI < 1 and LO < HI", "LO,HI",
        "quantiles of the forecast bounds (default 0.1,0.9)" },
    [OPT_METHOD] = { "--method", CLI_TEXT, 0, 0, 0,
        "auto, regression or recent-weeks", "NAME",
        "forecast method: auto (default), regression, recent-weeks" },
    [OPT_FIT_DAYS] = { "--fit-days", CLI_NUMBER, 0, 1000000, 0,
        "a whole number of days >= 0", "N",
        "fit the forecast on the last N days only (0 = all)" },
    [OPT_UPLIFT] = { "--uplift", CLI_TEXT_LIST, 0, 0, 0,
        "EVENT:FIRST..LAST:FRACTION", "SPEC",
        "forecast what-if, as in wfm forecast (repeatable)" },
    [OPT_CHANNEL] = { "--channel", CLI_TEXT, 0, 0, 0,
        "voice, chat or email", "NAME",
        "voice (default), chat or email" },
    [OPT_AHT] = { "--aht", CLI_TEXT, 0, 0, 0,
        "a number > 0 seconds or \"column\"", "SECONDS|column",
        "handle time, or the history's aht column (voice, email)" },
    [OPT_CHAT_AHT] = { "--chat-aht", CLI_TEXT, 0, 0, 0,
        "1 to 16 comma-separated numbers > 0 seconds", "S1,S2,...",
        "chat handle time at 1, 2, ... concurrent chats (chat)" },
    [OPT_SL] = { "--sl", CLI_NUMBER, 0, 1, CLI_MIN_OPEN | CLI_MAX_OPEN,
        "a fraction > 0 and < 1 (0.8 for 80 %)", "FRACTION",
        "service-level target, e.g. 0.8; needs --answer" },
    [OPT_ANSWER] = { "--answer", CLI_NUMBER, 0, INFINITY, 0,
        "a number >= 0 seconds", "SECONDS",
        "answer time of the SL, e.g. 20 for \"80 % in 20 s\"" },
    [OPT_MAX_ASA] = { "--max-asa", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "average speed of answer: at most this" },
    [OPT_MAX_OCCUPANCY] = { "--max-occupancy", CLI_NUMBER, 0, 1, CLI_MIN_OPEN,
        "a fraction > 0 and <= 1 (0.85 for 85 %)", "FRACTION",
        "occupancy cap (default 0.85; email: productive share)" },
    [OPT_PATIENCE] = { "--patience", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "callers' mean patience: voice by Erlang A" },
    [OPT_MAX_ABANDON] = { "--max-abandon", CLI_NUMBER, 0, 1,
        CLI_MIN_OPEN | CLI_MAX_OPEN,
        "a fraction > 0 and < 1 (0.05 for 5 %)", "FRACTION",
        "abandonment cap (Erlang A; needs --patience)" },
    [OPT_DEADLINE] = { "--deadline", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 hours", "HOURS",
        "email: answer within this many hours (default 24)" },
    [OPT_STAFF_TO] = { "--staff-to", CLI_TEXT, 0, 0, 0,
        "point or upper", "point|upper",
        "staff the forecast (point, default) or its upper bound" },
    [OPT_SHRINKAGE] = { "--shrinkage", CLI_NUMBER, 0, 1, CLI_MAX_OPEN,
        "a fraction >= 0 and < 1 (0.3 for 30 %)", "FRACTION",
        "base shrinkage (default 0.3; 0 with --shrinkage-file)" },
    [OPT_SHRINKAGE_FILE] = { "--shrinkage-file", CLI_TEXT, 0, 0, 0,
        "a CSV file", "FILE",
        "shrinkage added on dates or around events (below)" },
    [OPT_CONTRACT_HOURS] = { "--contract-hours", CLI_NUMBER, 0, 168,
        CLI_MIN_OPEN,
        "a number of hours > 0 and <= 168", "HOURS",
        "paid hours of one FTE per week (default 37.5)" },
    [OPT_TRAINING_DAYS] = { "--training-days", CLI_NUMBER, 0,
        PLAN_MAX_TRAINING_DAYS, 0,
        "a whole number of days from 0 to 730", "N",
        "days from a hire's start to taking contacts (default 42)" },
    [OPT_ATTRITION] = { "--attrition", CLI_NUMBER, 0, 1, CLI_MAX_OPEN,
        "a fraction per year >= 0 and < 1 (0.3 for 30 %)", "FRACTION",
        "staff leaving per year (default 0.3)" },
    [OPT_HEADCOUNT] = { "--headcount", CLI_NUMBER, 0, 1e9, CLI_MIN_OPEN,
        "a number of FTE > 0", "FTE",
        "FTE on staff at --start (default: the first week's need)" },
    [OPT_OUT] = { "--out", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE",
        "write the plan CSV to FILE (default: standard output)" },
    [OPT_SUMMARY] = { "--summary", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "print daily and weekly tables and the ramp (needs --out)" },
    [OPT_CHART] = { "--chart", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE.svg",
        "draw history, forecast, events and agents as SVG" },
};

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
    int32_t training_days;
    const struct cli_value *values;    /* seen flags of the options */
    bool summary;
    struct shrinkage_row *rows;
    size_t n_rows;
};

static const char *const channel_names[] = { "voice", "chat", "email" };

static void
plan_usage(FILE *out)
{
    fputs("Usage: wfm plan --history FILE --start YYYY-MM-DD --days N\n"
          "                [--events FILE]... [--calendar NAME|FILE]...\n"
          "                --aht SECONDS|column --sl 0.8 --answer 20\n"
          "                [--max-occupancy 0.85] [--shrinkage 0.3 | --shrinkage-file FILE]\n"
          "                [--channel voice|chat|email] [--out plan.csv] [--summary]\n"
          "                [--chart plan.svg] [OPTIONS]\n"
          "\n"
          "A staffing plan for N days from --start: the forecast per interval\n"
          "(as \"wfm forecast\" makes it from the history strictly before --start),\n"
          "the workload, the agents each interval needs to meet the targets, and\n"
          "the agents to schedule after shrinkage. The history must be intraday\n"
          "(datetime rows every 5 to 60 minutes; see \"wfm forecast --help\").\n"
          "\n"
          "Options:\n", out);
    cli_print_options(out, plan_options, OPT_COUNT);
    fputs("\n"
          "Channels and models:\n"
          "  voice  Erlang C: the fewest agents meeting every target given (--sl\n"
          "         with --answer, --max-asa, --max-occupancy); with --patience,\n"
          "         Erlang A (callers abandon), which also takes --max-abandon.\n"
          "  chat   agents hold up to K chats at once, handle time per chat at each\n"
          "         concurrency from --chat-aht (K values); targets as voice.\n"
          "  email  deferred work answered first in first out within --deadline\n"
          "         hours, at a level rate; --max-occupancy is the productive share.\n"
          "\n"
          "Shrinkage: the base rate (--shrinkage, default 0.3; 0 when only\n"
          "--shrinkage-file is given) plus every rate of the file covering a date.\n"
          "The file is CSV with one of two headers:\n"
          "  first_date,last_date,shrinkage[,reason]   dates YYYY-MM-DD, inclusive\n"
          "  event,first_offset,last_offset,shrinkage[,reason]\n"
          "                                            days around each occurrence\n"
          "                                            of a calendar event (0 = its\n"
          "                                            days, -7 = a week before)\n"
          "Rates are fractions added to the base (0.08 = +8 points; may be\n"
          "negative); the reason is free text. Blank lines and lines starting with\n"
          "# are ignored. A day's total must stay below 1.\n"
          "\n"
          "Output: CSV, one row per interval from --start, with the header\n"
          "  datetime,forecast,lower,upper,aht,workload,required_agents,\n"
          "  scheduled_agents,service_level,asa,occupancy,shrinkage,abandon_rate,\n"
          "  sl_at_lower,sl_at_upper,backlog\n"
          "  datetime          YYYY-MM-DD HH:MM, the interval's start\n"
          "  forecast, lower, upper  contacts in the interval and the bounds\n"
          "  aht               handle time, seconds\n"
          "  workload          Erlangs: staffed contacts x aht / interval length\n"
          "  required_agents   productive agents the targets need\n"
          "  scheduled_agents  agents to schedule: required / (1 - shrinkage),\n"
          "                    rounded up\n"
          "  service_level, asa, occupancy  expected at the required agents\n"
          "                    (fractions; asa in seconds)\n"
          "  shrinkage         the day's total shrinkage\n"
          "  abandon_rate      expected abandonment (Erlang A only)\n"
          "  sl_at_lower, sl_at_upper  SL at the same agents if volume lands on a\n"
          "                    bound (voice, chat)\n"
          "  backlog           contacts waiting at the interval's end (email)\n"
          "A column that does not apply to the channel is empty.\n"
          "\n"
          "--summary (with --out) prints per day: contacts, peak required and\n"
          "scheduled agents, hours and FTE; per ISO week: hours, FTE, staff on hand\n"
          "after --attrition and the hires needed; and the peak week in words.\n"
          "FTE = scheduled hours / --contract-hours per week (a day: / one fifth).\n"
          "Hires must start --training-days before the week they cover.\n"
          "\n"
          "--chart FILE.svg draws the 8 weeks of history before --start and the\n"
          "plan's days: daily contacts (history, forecast and its lower-upper\n"
          "band), calendar events as labelled lines, and the daily peak of\n"
          "required and scheduled agents on the right axis.\n"
          "\n"
          "Example:\n"
          "  wfm plan --history examples/data/nyc_ems_hourly.csv \\\n"
          "           --events examples/data/holidays_us.csv --start 2017-11-13 \\\n"
          "           --days 49 --aht 150 --sl 0.9 --answer 10 --shrinkage 0.3 \\\n"
          "           --shrinkage-file examples/data/shrinkage.csv --out plan.csv \\\n"
          "           --summary --chart plan.svg\n"
          "\n"
          "Exit status: 0 on success, 1 if a file cannot be read or is malformed\n"
          "or the plan cannot be computed (too little history, no handle time,\n"
          "targets no staffing meets), 2 for a bad command line. One line on\n"
          "stderr says why.\n", out);
}

/* --------------------------------------------------------------------- */
/* The command line                                                      */

static bool
parse_name(const char *prog, enum plan_option option, const char *text,
           const char *const *names, size_t count, int32_t *out)
{
    char quoted[80];

    for (size_t i = 0; i < count; i++) {
        if (strcmp(names[i], text) == 0) {
            *out = (int32_t)i;
            return true;
        }
    }
    cli_quote(text, quoted, sizeof quoted);
    cli_error(prog, "%s: expected %s, got %s", plan_options[option].name,
              plan_options[option].expected, quoted);
    return false;
}

static bool
parse_aht(const char *prog, const char *text, struct plan_request *req)
{
    char quoted[80];
    double x;

    if (strcmp(text, "column") == 0) {
        req->aht_column = true;
        return true;
    }
    if (cli_parse_number(text, &x) && x > 0.0) {
        req->aht_s = x;
        return true;
    }
    cli_quote(text, quoted, sizeof quoted);
    cli_error(prog, "--aht: expected %s, got %s", plan_options[OPT_AHT].expected,
              quoted);
    return false;
}

static bool
parse_chat_aht(const char *prog, const char *text, struct plan_request *req)
{
    char quoted[80];
    size_t n = 0;
    bool ok = cli_parse_number_list(text, req->chat_aht, PLAN_MAX_SESSIONS, &n);

    for (size_t i = 0; ok && i < n; i++)
        ok = req->chat_aht[i] > 0.0;
    if (!ok) {
        cli_quote(text, quoted, sizeof quoted);
        cli_error(prog, "--chat-aht: expected %s, got %s",
                  plan_options[OPT_CHAT_AHT].expected, quoted);
        return false;
    }
    req->chat_sessions = n;
    return true;
}

/* An option that does not apply to the channel is refused, not ignored. */
static bool
check_channel_options(const char *prog, const struct cli_value *v,
                      const struct plan_request *req)
{
    static const struct {
        enum plan_option option;
        unsigned channels; /* bit c: allowed with channel c */
        const char *instead;
    } rules[] = {
        { OPT_AHT, 1u << WFM_CHANNEL_VOICE | 1u << WFM_CHANNEL_EMAIL,
          "chat handle times come from --chat-aht" },
        { OPT_CHAT_AHT, 1u << WFM_CHANNEL_CHAT, "give --aht" },
        { OPT_SL, 1u << WFM_CHANNEL_VOICE | 1u << WFM_CHANNEL_CHAT,
          "email is staffed to --deadline" },
        { OPT_ANSWER, 1u << WFM_CHANNEL_VOICE | 1u << WFM_CHANNEL_CHAT,
          "email is staffed to --deadline" },
        { OPT_MAX_ASA, 1u << WFM_CHANNEL_VOICE | 1u << WFM_CHANNEL_CHAT,
          "email is staffed to --deadline" },
        { OPT_PATIENCE, 1u << WFM_CHANNEL_VOICE, "Erlang A is for voice" },
        { OPT_MAX_ABANDON, 1u << WFM_CHANNEL_VOICE, "Erlang A is for voice" },
        { OPT_DEADLINE, 1u << WFM_CHANNEL_EMAIL, "deadlines are for email" },
    };

    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (v[rules[i].option].seen && !(rules[i].channels & 1u << req->channel)) {
            cli_error(prog, "%s does not apply to --channel %s (%s)",
                      plan_options[rules[i].option].name,
                      channel_names[req->channel], rules[i].instead);
            return false;
        }
    }
    if (req->channel == WFM_CHANNEL_CHAT && !v[OPT_CHAT_AHT].seen) {
        cli_error(prog, "--channel chat needs --chat-aht S1,S2,... (handle time "
                  "per chat at 1, 2, ... chats at once)");
        return false;
    }
    if (req->channel != WFM_CHANNEL_CHAT && !v[OPT_AHT].seen) {
        cli_error(prog, "missing required option --aht (SECONDS, or \"column\" "
                  "for the history's aht column)");
        return false;
    }
    if (v[OPT_SL].seen != v[OPT_ANSWER].seen) {
        cli_error(prog, v[OPT_SL].seen ? "--sl needs --answer (e.g. --sl 0.8 "
                  "--answer 20 for 80 %% in 20 s)" : "--answer needs --sl "
                  "(e.g. --sl 0.8 --answer 20 for 80 %% in 20 s)");
        return false;
    }
    if (v[OPT_MAX_ABANDON].seen && !v[OPT_PATIENCE].seen) {
        cli_error(prog, "--max-abandon needs --patience (abandonment is modelled "
                  "by Erlang A)");
        return false;
    }
    if (req->channel != WFM_CHANNEL_EMAIL && !v[OPT_SL].seen
        && !v[OPT_MAX_ASA].seen && !v[OPT_MAX_ABANDON].seen) {
        cli_error(prog, "missing a service target: --sl with --answer, "
                  "--max-asa%s", req->channel == WFM_CHANNEL_VOICE
                  ? " or --max-abandon with --patience" : "");
        return false;
    }
    return true;
}

static int
plan_request_from(const char *prog, const struct cli_value *v,
                  const struct cli_list_item *items, size_t n_items,
                  struct plan_request *req)
{
    static const enum plan_option required[] = { OPT_HISTORY, OPT_START,
                                                 OPT_DAYS };

    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!v[required[i]].seen) {
            cli_error(prog, "missing required option %s",
                      plan_options[required[i]].name);
            return CLI_EXIT_USAGE;
        }
    }
    req->values = v;
    req->history_path = v[OPT_HISTORY].text;
    req->out_path = v[OPT_OUT].seen ? v[OPT_OUT].text : NULL;
    req->chart_path = v[OPT_CHART].seen ? v[OPT_CHART].text : NULL;
    req->shrinkage_path = v[OPT_SHRINKAGE_FILE].seen ? v[OPT_SHRINKAGE_FILE].text
                                                     : NULL;
    req->summary = v[OPT_SUMMARY].seen;
    if (!cli_parse_date(prog, "--start", v[OPT_START].text, &req->start)
        || !cli_whole_number(prog, &plan_options[OPT_DAYS], &v[OPT_DAYS],
                             &req->days)
        || !cli_check_span(prog, req->start, req->days, v[OPT_START].text))
        return CLI_EXIT_USAGE;
    if (v[OPT_QUANTILES].seen) {
        if (!cli_parse_quantiles(prog, &plan_options[OPT_QUANTILES],
                                 v[OPT_QUANTILES].text,
                                 &req->forecast.lower_quantile,
                                 &req->forecast.upper_quantile))
            return CLI_EXIT_USAGE;
        req->forecast.has_quantiles = true;
    }
    if (v[OPT_METHOD].seen) {
        if (!cli_parse_forecast_method(prog, v[OPT_METHOD].text,
                                       &req->forecast.method))
            return CLI_EXIT_USAGE;
        req->forecast.has_method = true;
    }
    if (v[OPT_FIT_DAYS].seen) {
        if (!cli_whole_number(prog, &plan_options[OPT_FIT_DAYS], &v[OPT_FIT_DAYS],
                              &req->forecast.training_days))
            return CLI_EXIT_USAGE;
        req->forecast.has_training_days = true;
    }
    req->items = items;
    req->n_items = n_items;
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].option == OPT_UPLIFT) {
            struct cli_uplift *u = &req->uplifts[req->forecast.n_uplifts];

            if (!cli_parse_uplift(prog, items[i].text, u))
                return CLI_EXIT_USAGE;
            req->forecast.n_uplifts++;
        } else {
            req->n_sources++;
        }
    }
    if (req->forecast.n_uplifts > 0 && req->n_sources == 0) {
        cli_error(prog, "--uplift needs a calendar that has the event "
                  "(--calendar or --events)");
        return CLI_EXIT_USAGE;
    }

    req->channel = WFM_CHANNEL_VOICE;
    if (v[OPT_CHANNEL].seen
        && !parse_name(prog, OPT_CHANNEL, v[OPT_CHANNEL].text, channel_names,
                       3, &req->channel))
        return CLI_EXIT_USAGE;
    req->staff_to = WFM_PLAN_STAFF_POINT;
    if (v[OPT_STAFF_TO].seen) {
        static const char *const staff_names[] = { "point", "upper" };

        if (!parse_name(prog, OPT_STAFF_TO, v[OPT_STAFF_TO].text, staff_names,
                        2, &req->staff_to))
            return CLI_EXIT_USAGE;
    }
    if (v[OPT_AHT].seen && !parse_aht(prog, v[OPT_AHT].text, req))
        return CLI_EXIT_USAGE;
    if (v[OPT_CHAT_AHT].seen && !parse_chat_aht(prog, v[OPT_CHAT_AHT].text, req))
        return CLI_EXIT_USAGE;
    if (!check_channel_options(prog, v, req))
        return CLI_EXIT_USAGE;
    if (v[OPT_TRAINING_DAYS].seen
        && !cli_whole_number(prog, &plan_options[OPT_TRAINING_DAYS],
                             &v[OPT_TRAINING_DAYS], &req->training_days))
        return CLI_EXIT_USAGE;
    /* The base: as given; else 0.3, or 0 when the file gives the rates. */
    if (v[OPT_SHRINKAGE].seen)
        req->shrinkage = v[OPT_SHRINKAGE].number;
    else
        req->shrinkage = v[OPT_SHRINKAGE_FILE].seen ? 0.0 : 0.3;
    req->target_sl = v[OPT_SL].seen ? v[OPT_SL].number : 0.0;
    req->answer_s = v[OPT_ANSWER].seen ? v[OPT_ANSWER].number : 0.0;
    req->max_asa_s = v[OPT_MAX_ASA].number;
    req->max_occupancy = v[OPT_MAX_OCCUPANCY].number;
    req->patience_s = v[OPT_PATIENCE].number;
    req->max_abandon = v[OPT_MAX_ABANDON].number;
    req->deadline_s = v[OPT_DEADLINE].number * 3600.0;
    req->contract_hours = v[OPT_CONTRACT_HOURS].number;
    req->attrition = v[OPT_ATTRITION].number;
    req->headcount = v[OPT_HEADCOUNT].number;
    if (req->summary && req->out_path == NULL) {
        cli_error(prog, "--summary prints to standard output: give --out FILE "
                  "for the plan CSV");
        return CLI_EXIT_USAGE;
    }
    if (req->chart_path != NULL && !chart_available()) {
        cli_error(prog, "--chart: %s", CHART_NO_SUPPORT_MESSAGE);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------------------- */
/* The shrinkage file                                                    */

enum shrinkage_layout { LAYOUT_DATES, LAYOUT_EVENTS };

/* Split @p line at commas into at most @p max fields (the last takes the
 * rest of the line, commas included); returns the number of fields. */
static size_t
split_fields(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;

    while (n < max) {
        char *comma = n + 1 < max ? strchr(p, ',') : NULL;

        fields[n++] = p;
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static bool
parse_offset_field(const char *text, int32_t *out)
{
    char *end;
    long v;

    if (!(text[0] == '-' || text[0] == '+' || (text[0] >= '0' && text[0] <= '9')))
        return false;
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < -PLAN_MAX_OFFSET || v > PLAN_MAX_OFFSET)
        return false;
    *out = (int32_t)v;
    return true;
}

/* "FILE:LINE: message" as one line, exit 1. */
static int CLI_PRINTF(4, 5)
file_error(const char *prog, const char *path, size_t line, const char *fmt, ...)
{
    char where[300], quoted[320], message[400];
    va_list ap;

    /* "FILE:LINE" quoted as one piece, as the library names CSV lines. */
    if (line > 0)
        snprintf(where, sizeof where, "%s:%zu", path, line);
    else
        snprintf(where, sizeof where, "%s", path);
    cli_quote(where, quoted, sizeof quoted);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cli_error(prog, "--shrinkage-file: %s: %s", quoted, message);
    return CLI_EXIT_FAILURE;
}

/* One data row of the file into @p row; returns an exit code. */
static int
parse_shrinkage_row(const char *prog, const char *path, size_t line_no,
                    char *line, enum shrinkage_layout layout, bool has_reason,
                    struct shrinkage_row *row)
{
    char *f[5];
    size_t want = (layout == LAYOUT_DATES ? 3 : 4) + (has_reason ? 1 : 0);
    size_t n = split_fields(line, f, want);
    size_t rate_field = layout == LAYOUT_DATES ? 2 : 3;
    char quoted[80];

    size_t base = want - (has_reason ? 1 : 0);

    /* Without a reason column the last field must not hold more commas;
     * with one, the reason is the rest of the line and may. */
    if (n < base || (!has_reason && strchr(f[n - 1], ',') != NULL))
        return file_error(prog, path, line_no, "expected %zu fields%s", base,
                          has_reason ? " and an optional reason" : "");
    row->line = line_no;
    if (layout == LAYOUT_DATES) {
        for (int k = 0; k < 2; k++) {
            if (wfm_date_parse(f[k], k == 0 ? &row->first : &row->last) != WFM_OK) {
                cli_quote(f[k], quoted, sizeof quoted);
                return file_error(prog, path, line_no, "%s: expected a date "
                                  "YYYY-MM-DD, got %s",
                                  k == 0 ? "first_date" : "last_date", quoted);
            }
        }
        if (row->first > row->last)
            return file_error(prog, path, line_no,
                              "first_date %s is after last_date %s", f[0], f[1]);
    } else {
        if (f[0][0] == '\0')
            return file_error(prog, path, line_no, "empty event name");
        for (int k = 1; k < 3; k++) {
            if (!parse_offset_field(f[k], k == 1 ? &row->first : &row->last)) {
                cli_quote(f[k], quoted, sizeof quoted);
                return file_error(prog, path, line_no, "%s: expected whole days "
                                  "from -366 to 366, got %s",
                                  k == 1 ? "first_offset" : "last_offset", quoted);
            }
        }
        if (row->first > row->last)
            return file_error(prog, path, line_no,
                              "first_offset %d is after last_offset %d",
                              (int)row->first, (int)row->last);
        row->event = strdup(f[0]);
        if (row->event == NULL)
            return file_error(prog, path, line_no, "out of memory");
    }
    if (!cli_parse_number(f[rate_field], &row->rate)
        || !(row->rate > -1.0 && row->rate < 1.0)) {
        cli_quote(f[rate_field], quoted, sizeof quoted);
        return file_error(prog, path, line_no, "shrinkage: expected a fraction "
                          "> -1 and < 1 (0.08 for +8 points), got %s", quoted);
    }
    return CLI_EXIT_OK;
}

static int
read_shrinkage_file(const char *prog, struct plan_request *req)
{
    static const char dates_header[] = "first_date,last_date,shrinkage";
    static const char events_header[] = "event,first_offset,last_offset,shrinkage";
    const char *path = req->shrinkage_path;
    enum shrinkage_layout layout = LAYOUT_DATES;
    bool has_reason = false, have_header = false;
    size_t line_no = 0, capacity = 0;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int rc = CLI_EXIT_OK;
    FILE *in;

    in = fopen(path, "r");
    if (in == NULL)
        return file_error(prog, path, 0, "cannot open: %s", strerror(errno));
    while (rc == CLI_EXIT_OK && (len = getline(&line, &line_size, in)) >= 0) {
        line_no++;
        if ((size_t)len != strlen(line)) {
            rc = file_error(prog, path, line_no, "a NUL byte: not a text file");
            break;
        }
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line_no == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
            memmove(line, line + 3, (size_t)len - 2); /* a UTF-8 BOM */
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (!have_header) {
            if (strcmp(line, dates_header) == 0
                || strcmp(line, events_header) == 0) {
                layout = line[0] == 'e' ? LAYOUT_EVENTS : LAYOUT_DATES;
            } else if (strncmp(line, dates_header, sizeof dates_header - 1) == 0
                       && strcmp(line + sizeof dates_header - 1, ",reason") == 0) {
                layout = LAYOUT_DATES;
                has_reason = true;
            } else if (strncmp(line, events_header, sizeof events_header - 1) == 0
                       && strcmp(line + sizeof events_header - 1, ",reason") == 0) {
                layout = LAYOUT_EVENTS;
                has_reason = true;
            } else {
                rc = file_error(prog, path, line_no, "expected the header "
                                "first_date,last_date,shrinkage[,reason] or "
                                "event,first_offset,last_offset,shrinkage[,reason]");
                break;
            }
            have_header = true;
            continue;
        }
        if (req->n_rows == capacity) {
            size_t grown = capacity ? 2 * capacity : 16;
            struct shrinkage_row *rows = realloc(req->rows, grown * sizeof *rows);

            if (rows == NULL) {
                rc = file_error(prog, path, line_no, "out of memory");
                break;
            }
            req->rows = rows;
            capacity = grown;
        }
        req->rows[req->n_rows] = (struct shrinkage_row){ NULL, 0, 0, 0.0, 0 };
        rc = parse_shrinkage_row(prog, path, line_no, line, layout, has_reason,
                                 &req->rows[req->n_rows]);
        req->n_rows++; /* freed with the request even when it failed */
    }
    if (rc == CLI_EXIT_OK && ferror(in))
        rc = file_error(prog, path, 0, "cannot read: %s", strerror(errno));
    if (rc == CLI_EXIT_OK && !have_header)
        rc = file_error(prog, path, 0, "empty: expected the header "
                        "first_date,last_date,shrinkage[,reason] or "
                        "event,first_offset,last_offset,shrinkage[,reason]");
    free(line);
    fclose(in);
    return rc;
}

/* Event rows need a calendar that has the event: said here naming the
 * file's line, rather than by the library at run time. */
static int
check_shrinkage_events(const char *prog, const struct plan_request *req,
                       const wfm_calendar *calendar)
{
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        bool found = false;
        char quoted[80];

        if (row->event == NULL)
            continue;
        if (calendar == NULL) {
            cli_quote(row->event, quoted, sizeof quoted);
            cli_error(prog, "--shrinkage-file: line %zu: event %s needs a calendar "
                      "(--calendar or --events)", row->line, quoted);
            return CLI_EXIT_USAGE;
        }
        for (size_t k = 0; k < wfm_calendar_event_count(calendar) && !found; k++)
            found = strcmp(wfm_calendar_event_name(calendar, k), row->event) == 0;
        if (!found) {
            cli_quote(row->event, quoted, sizeof quoted);
            return file_error(prog, req->shrinkage_path, row->line,
                              "event %s is not in the calendar", quoted);
        }
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------------------- */
/* Running                                                               */

/* Progress lines for a person watching a long run on a terminal; scripts
 * (stderr not a terminal) never see them. */
struct progress {
    bool on;
};

static void CLI_PRINTF(3, 4)
progress(const struct progress *p, const char *prog, const char *fmt, ...)
{
    va_list ap;

    if (!p->on)
        return;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("...\n", stderr);
    fflush(stderr);
}

static int
configure_plan(const char *prog, const struct plan_request *req, wfm_plan *plan)
{
    const struct cli_value *v = req->values;
    wfm_status status;
    size_t failed_row = SIZE_MAX;
    int32_t ints[][2] = {
        { WFM_PLAN_CHANNEL, req->channel },
        { WFM_PLAN_STAFF_TO, req->staff_to },
        { WFM_PLAN_TRAINING_DAYS, v[OPT_TRAINING_DAYS].seen ? req->training_days : -1 },
    };
    struct {
        int32_t key;
        double value;
        bool set;
    } doubles[] = {
        { WFM_PLAN_TARGET_SL, req->target_sl, req->channel != WFM_CHANNEL_EMAIL },
        { WFM_PLAN_ANSWER_S, req->answer_s, v[OPT_ANSWER].seen },
        { WFM_PLAN_MAX_ASA_S, req->max_asa_s, v[OPT_MAX_ASA].seen },
        { WFM_PLAN_MAX_OCCUPANCY, req->max_occupancy, v[OPT_MAX_OCCUPANCY].seen },
        { WFM_PLAN_SHRINKAGE, req->shrinkage, true },
        { WFM_PLAN_AHT_S, req->aht_s, req->aht_s > 0.0 },
        { WFM_PLAN_PATIENCE_S, req->patience_s, v[OPT_PATIENCE].seen },
        { WFM_PLAN_MAX_ABANDON, req->max_abandon, v[OPT_MAX_ABANDON].seen },
        { WFM_PLAN_DEADLINE_S, req->deadline_s, v[OPT_DEADLINE].seen },
        { WFM_PLAN_CONTRACT_HOURS, req->contract_hours, v[OPT_CONTRACT_HOURS].seen },
        { WFM_PLAN_ATTRITION, req->attrition, v[OPT_ATTRITION].seen },
        { WFM_PLAN_HEADCOUNT_FTE, req->headcount, v[OPT_HEADCOUNT].seen },
    };

    status = WFM_OK;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0] && status == WFM_OK; i++) {
        if (ints[i][1] >= 0)
            status = wfm_plan_set_int(plan, ints[i][0], ints[i][1]);
    }
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0] && status == WFM_OK; i++) {
        if (doubles[i].set)
            status = wfm_plan_set_double(plan, doubles[i].key, doubles[i].value);
    }
    if (status == WFM_OK && req->chat_sessions > 0)
        status = wfm_plan_set_chat_aht(plan, req->chat_aht,
                                       (int32_t)req->chat_sessions);
    for (size_t i = 0; i < req->n_rows && status == WFM_OK; i++) {
        const struct shrinkage_row *row = &req->rows[i];

        status = row->event != NULL
                 ? wfm_plan_add_event_shrinkage(plan, row->event, row->first,
                                                row->last, row->rate)
                 : wfm_plan_add_shrinkage(plan, row->first, row->last, row->rate);
        if (status != WFM_OK)
            failed_row = i;
    }
    if (status != WFM_OK) {
        if (failed_row != SIZE_MAX)
            return file_error(prog, req->shrinkage_path, req->rows[failed_row].line,
                              "%s", wfm_plan_errmsg(plan));
        cli_library_error(prog, wfm_plan_errmsg(plan), "the plan settings", status);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* The plan's columns, in the CSV's order after datetime. */
static const int32_t csv_columns[] = {
    WFM_PLAN_COL_CONTACTS, WFM_PLAN_COL_LOWER, WFM_PLAN_COL_UPPER,
    WFM_PLAN_COL_AHT_S, WFM_PLAN_COL_WORKLOAD, WFM_PLAN_COL_REQUIRED,
    WFM_PLAN_COL_SCHEDULED, WFM_PLAN_COL_SERVICE_LEVEL, WFM_PLAN_COL_ASA_S,
    WFM_PLAN_COL_OCCUPANCY, WFM_PLAN_COL_SHRINKAGE, WFM_PLAN_COL_ABANDON,
    WFM_PLAN_COL_SL_AT_LOWER, WFM_PLAN_COL_SL_AT_UPPER, WFM_PLAN_COL_BACKLOG
};
#define N_CSV_COLUMNS (sizeof csv_columns / sizeof csv_columns[0])

/* Decimals per CSV column: counts and seconds 3, agents 0, fractions 6. */
static const int csv_decimals[N_CSV_COLUMNS] = { 3, 3, 3, 3, 3, 0, 0, 6, 3, 6,
                                                  6, 6, 6, 6, 3 };

/* The header is part of the tool's contract: never reorder or rename. */
static const char csv_header[] =
    "datetime,forecast,lower,upper,aht,workload,required_agents,"
    "scheduled_agents,service_level,asa,occupancy,shrinkage,abandon_rate,"
    "sl_at_lower,sl_at_upper,backlog";

/* The run's results, owned. */
struct plan_result {
    int32_t first_date, days, interval;
    size_t count, per_day;
    double *col[N_CSV_COLUMNS]; /* [count] each, in csv_columns order */
};

static void
plan_result_free(struct plan_result *r)
{
    for (size_t c = 0; c < N_CSV_COLUMNS; c++)
        free(r->col[c]);
}

static int
fetch_plan(const char *prog, const wfm_plan *plan, struct plan_result *r)
{
    wfm_status status = wfm_plan_span(plan, &r->first_date, &r->days,
                                      &r->interval);
    size_t count = 0;

    if (status == WFM_OK) {
        status = wfm_plan_copy_column(plan, WFM_PLAN_COL_CONTACTS, NULL, 0, &count);
        if (status == WFM_ERANGE)
            status = WFM_OK;
    }
    if (status != WFM_OK || r->interval <= 0 || r->days <= 0) {
        cli_error(prog, "cannot read the plan: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    r->count = count;
    r->per_day = (size_t)(1440 / r->interval);
    for (size_t c = 0; c < N_CSV_COLUMNS; c++) {
        size_t got = 0;

        r->col[c] = malloc((count ? count : 1) * sizeof *r->col[c]);
        if (r->col[c] == NULL) {
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        status = wfm_plan_copy_column(plan, csv_columns[c], r->col[c], count, &got);
        if (status != WFM_OK || got != count) {
            cli_error(prog, "cannot read the plan: %s", wfm_status_str(status));
            return CLI_EXIT_FAILURE;
        }
    }
    if (count != (size_t)r->days * r->per_day) {
        cli_error(prog, "the plan has %zu intervals for %d days", count, (int)r->days);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

static void
write_plan_csv(FILE *out, const void *data)
{
    const struct plan_result *r = data;
    char date_text[16];

    fputs(csv_header, out);
    fputc('\n', out);
    for (size_t i = 0; i < r->count; i++) {
        size_t day = i / r->per_day, slot = i % r->per_day;
        int minute = (int)slot * (int)r->interval;

        if (wfm_date_format(r->first_date + (int32_t)day, date_text,
                            sizeof date_text) != WFM_OK)
            snprintf(date_text, sizeof date_text, "?");
        fprintf(out, "%s %02d:%02d", date_text, minute / 60, minute % 60);
        for (size_t c = 0; c < N_CSV_COLUMNS; c++) {
            double x = r->col[c][i];

            fputc(',', out);
            if (isnan(x))
                continue; /* does not apply: empty */
            if (isinf(x))
                fputs(x > 0 ? "inf" : "-inf", out);
            else
                cli_put_fixed(out, x, csv_decimals[c]);
        }
        fputc('\n', out);
    }
}

/* Index of a column in struct plan_result. */
static size_t
column_index(int32_t column)
{
    for (size_t c = 0; c < N_CSV_COLUMNS; c++) {
        if (csv_columns[c] == column)
            return c;
    }
    return 0;
}

/* --------------------------------------------------------------------- */
/* The summary                                                           */

static void
date_text(int32_t date, char *buf, size_t size)
{
    if (wfm_date_format(date, buf, size) != WFM_OK)
        snprintf(buf, size, "?");
}

static void
put_thousands(char *buf, size_t size, double x, int decimals)
{
    char digits[64];
    size_t len, int_len, out = 0;

    snprintf(digits, sizeof digits, "%.*f", decimals, x);
    len = strlen(digits);
    int_len = strcspn(digits, ".");
    for (size_t i = 0; i < len && out + 2 < size; i++) {
        buf[out++] = digits[i];
        if (i + 1 < int_len && digits[i] != '-' && (int_len - i - 1) % 3 == 0)
            buf[out++] = ',';
    }
    buf[out] = '\0';
}

static const char *const weekday_abbr[8] = { "?", "Mon", "Tue", "Wed", "Thu",
                                             "Fri", "Sat", "Sun" };

/* The targets in words, for the summary's first line. */
static void
describe_targets(const struct plan_request *req, char *buf, size_t size)
{
    size_t len = 0;

#define ADD(...) (len += (size_t)snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__))
    buf[0] = '\0';
    if (req->channel == WFM_CHANNEL_EMAIL) {
        ADD("email (deferred work), answered within %g h",
            req->values[OPT_DEADLINE].seen ? req->deadline_s / 3600.0 : 24.0);
    } else {
        if (req->channel == WFM_CHANNEL_CHAT)
            ADD("chat (up to %zu at once)", req->chat_sessions);
        else if (req->patience_s > 0.0)
            ADD("voice (Erlang A, patience %g s)", req->patience_s);
        else
            ADD("voice (Erlang C)");
        if (req->target_sl > 0.0)
            ADD(", %g %% in %g s", 100.0 * req->target_sl, req->answer_s);
        if (req->max_asa_s > 0.0)
            ADD(", ASA <= %g s", req->max_asa_s);
        if (req->max_abandon > 0.0)
            ADD(", abandonment <= %g %%", 100.0 * req->max_abandon);
    }
    ADD(", occupancy <= %g %%", 100.0 * (req->values[OPT_MAX_OCCUPANCY].seen
                                         ? req->max_occupancy : 0.85));
    if (req->channel != WFM_CHANNEL_CHAT) {
        if (req->aht_column)
            ADD(", AHT from the history");
        else
            ADD(", AHT %g s", req->aht_s);
    }
    if (req->staff_to == WFM_PLAN_STAFF_UPPER)
        ADD(", staffed to the upper bound");
#undef ADD
}

static int
print_summary(const char *prog, const struct plan_request *req,
              const wfm_plan *plan, const struct plan_result *r)
{
    size_t n_days = 0, n_weeks = 0;
    int32_t *day_first = NULL, *week_first = NULL, *start_by = NULL;
    double *day_req = NULL, *day_sched = NULL, *day_fte = NULL;
    double *week_req = NULL, *week_sched = NULL, *week_fte = NULL;
    double *on_staff = NULL, *hires = NULL, *needed = NULL;
    const double *contacts = r->col[column_index(WFM_PLAN_COL_CONTACTS)];
    const double *required = r->col[column_index(WFM_PLAN_COL_REQUIRED)];
    const double *scheduled = r->col[column_index(WFM_PLAN_COL_SCHEDULED)];
    double contract_hours = req->values[OPT_CONTRACT_HOURS].seen
                            ? req->contract_hours : 37.5;
    char a[16], b[16], targets[256], n1[32], n2[32], n3[32];
    wfm_status status;
    int rc = CLI_EXIT_FAILURE;

    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, NULL, NULL, NULL, NULL, 0, &n_days);
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, NULL, NULL, NULL, NULL, 0, &n_weeks);
    if (status != WFM_OK || n_days == 0 || n_weeks == 0) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    day_first = malloc(n_days * sizeof *day_first);
    day_req = malloc(n_days * sizeof *day_req);
    day_sched = malloc(n_days * sizeof *day_sched);
    day_fte = malloc(n_days * sizeof *day_fte);
    week_first = malloc(n_weeks * sizeof *week_first);
    start_by = malloc(n_weeks * sizeof *start_by);
    week_req = malloc(n_weeks * sizeof *week_req);
    week_sched = malloc(n_weeks * sizeof *week_sched);
    week_fte = malloc(n_weeks * sizeof *week_fte);
    needed = malloc(n_weeks * sizeof *needed);
    on_staff = malloc(n_weeks * sizeof *on_staff);
    hires = malloc(n_weeks * sizeof *hires);
    if (!day_first || !day_req || !day_sched || !day_fte || !week_first
        || !start_by || !week_req || !week_sched || !week_fte || !needed
        || !on_staff || !hires) {
        cli_error(prog, "out of memory");
        goto done;
    }
    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, day_first, day_req, day_sched,
                             day_fte, n_days, &n_days);
    if (status == WFM_OK)
        status = wfm_plan_rollup(plan, WFM_PLAN_WEEK, week_first, week_req,
                                 week_sched, week_fte, n_weeks, &n_weeks);
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, needed, on_staff, hires, start_by,
                               n_weeks, &n_weeks);
    if (status != WFM_OK || n_days != (size_t)r->days) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        goto done;
    }

    describe_targets(req, targets, sizeof targets);
    date_text(r->first_date, a, sizeof a);
    date_text(r->first_date + r->days - 1, b, sizeof b);
    printf("Plan %s .. %s (%d days, %d-minute intervals): %s.\n", a, b,
           (int)r->days, (int)r->interval, targets);
    printf("Hours are agent-hours; FTE = scheduled hours / %g h a week "
           "(a day: / %g h).\n\n", contract_hours, contract_hours / 5.0);

    printf("%-14s %12s %9s %9s %11s %11s %8s\n", "day", "contacts",
           "peak req", "peak sch", "req hours", "sch hours", "FTE");
    for (size_t d = 0; d < n_days; d++) {
        double total = 0.0, peak_req = 0.0, peak_sched = 0.0;
        int32_t weekday = 0;

        for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++) {
            total += contacts[i];
            peak_req = fmax(peak_req, required[i]);
            peak_sched = fmax(peak_sched, scheduled[i]);
        }
        date_text(day_first[d], a, sizeof a);
        if (wfm_date_weekday(day_first[d], &weekday) != WFM_OK || weekday < 1
            || weekday > 7)
            weekday = 0;
        put_thousands(n1, sizeof n1, total, 1);
        put_thousands(n2, sizeof n2, day_req[d], 1);
        put_thousands(n3, sizeof n3, day_sched[d], 1);
        printf("%s %s %12s %9.0f %9.0f %11s %11s %8.1f\n", a,
               weekday_abbr[weekday], n1, peak_req, peak_sched, n2, n3, day_fte[d]);
    }

    printf("\n%-12s %4s %11s %11s %8s %9s %9s %12s\n", "week of", "days",
           "req hours", "sch hours", "FTE", "on staff", "hires", "start by");
    for (size_t w = 0; w < n_weeks; w++) {
        int32_t days = w + 1 < n_weeks ? week_first[w + 1] - week_first[w]
                                       : r->first_date + r->days - week_first[w];

        date_text(week_first[w], a, sizeof a);
        date_text(start_by[w], b, sizeof b);
        put_thousands(n2, sizeof n2, week_req[w], 1);
        put_thousands(n3, sizeof n3, week_sched[w], 1);
        printf("%-12s %4d %11s %11s %8.1f %9.1f %9.1f %12s\n", a, (int)days, n2,
               n3, week_fte[w], on_staff[w], hires[w], b);
    }

    /* The peak week in words. */
    {
        size_t peak = 0, first_hire = SIZE_MAX;
        double baseline = req->values[OPT_HEADCOUNT].seen ? req->headcount
                                                          : needed[0];
        double total_hires = hires[n_weeks - 1];

        for (size_t w = 1; w < n_weeks; w++) {
            if (needed[w] > needed[peak])
                peak = w;
        }
        for (size_t w = 0; w < n_weeks && first_hire == SIZE_MAX; w++) {
            if (hires[w] > 0.05)
                first_hire = w;
        }
        date_text(week_first[peak], a, sizeof a);
        printf("\nPeak week %s: %.1f FTE vs baseline %.1f%s", a, needed[peak],
               baseline, req->values[OPT_HEADCOUNT].seen
                         ? " on staff" : " in the first week");
        if (baseline > 0.0)
            printf(" (%+.0f %%)", 100.0 * (needed[peak] / baseline - 1.0));
        if (first_hire == SIZE_MAX) {
            printf(". No hires needed: the staff on hand cover every week "
                   "after %g %% a year attrition.\n",
                   100.0 * (req->values[OPT_ATTRITION].seen ? req->attrition : 0.3));
        } else {
            date_text(start_by[first_hire], b, sizeof b);
            date_text(week_first[first_hire], a, sizeof a);
            printf(". Hire %.0f FTE; start training by %s", ceil(total_hires - 0.05), b);
            if (start_by[first_hire] < r->first_date)
                printf(" (%d training days before the week of %s, the first "
                       "to need them)",
                       (int)(week_first[first_hire] - start_by[first_hire]), a);
            printf(".\n");
        }
    }
    rc = cli_finish_output(prog);
done:
    free(day_first);
    free(day_req);
    free(day_sched);
    free(day_fte);
    free(week_first);
    free(start_by);
    free(week_req);
    free(week_sched);
    free(week_fte);
    free(needed);
    free(on_staff);
    free(hires);
    return rc;
}

/* --------------------------------------------------------------------- */
/* The chart                                                             */

static int
draw_chart(const char *prog, const struct plan_request *req,
           const wfm_history *history, wfm_calendar *calendar,
           const struct plan_result *r)
{
    int32_t hist_first = 0, hist_days = 0, hist_interval = 0, first;
    size_t n_days, cells = 0, n_events = 0;
    double *hist_cells = NULL, *arrays = NULL;
    double *hist, *fc, *lo, *hi, *req_peak, *sched_peak;
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
    arrays = malloc(6 * n_days * sizeof *arrays);
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
    for (size_t k = 0; k < n_days; k++) {
        int32_t date = first + (int32_t)k;
        int64_t h = (int64_t)date - hist_first;

        hist[k] = fc[k] = lo[k] = hi[k] = req_peak[k] = sched_peak[k] = NAN;
        if (h >= 0 && h < hist_days) {
            double total = 0.0;

            for (size_t j = 0; j < r->per_day; j++)
                total += hist_cells[(size_t)h * r->per_day + j];
            hist[k] = total; /* NaN when any interval was not observed */
        }
        if (date >= r->first_date) {
            size_t day = (size_t)(date - r->first_date);

            fc[k] = lo[k] = hi[k] = req_peak[k] = sched_peak[k] = 0.0;
            for (size_t j = 0, i = day * r->per_day; j < r->per_day; j++, i++) {
                fc[k] += r->col[column_index(WFM_PLAN_COL_CONTACTS)][i];
                lo[k] += r->col[column_index(WFM_PLAN_COL_LOWER)][i];
                hi[k] += r->col[column_index(WFM_PLAN_COL_UPPER)][i];
                req_peak[k] = fmax(req_peak[k],
                                   r->col[column_index(WFM_PLAN_COL_REQUIRED)][i]);
                sched_peak[k] = fmax(sched_peak[k],
                                     r->col[column_index(WFM_PLAN_COL_SCHEDULED)][i]);
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
    date_text(r->first_date, a, sizeof a);
    date_text(r->first_date + r->days - 1, b, sizeof b);
    snprintf(title, sizeof title, "Staffing plan %s .. %s", a, b);
    {
        char targets[256];
        int len;

        describe_targets(req, targets, sizeof targets);
        len = snprintf(subtitle, sizeof subtitle, "%.60s, %d-minute intervals: ",
                       base, (int)r->interval);
        if (len > 0 && (size_t)len < sizeof subtitle)
            snprintf(subtitle + len, sizeof subtitle - (size_t)len, "%.250s", targets);
    }
    d = (struct chart_data){
        .title = title, .subtitle = subtitle, .first_date = first,
        .days = n_days, .split_date = r->first_date,
        .history = hist, .forecast = fc, .lower = lo, .upper = hi,
        .required = req_peak, .scheduled = sched_peak,
        .left_label = "contacts per day",
        .right_label = "agents (daily peak interval)",
        .events = events, .n_events = n_events,
    };
    if (chart_write_svg(req->chart_path, &d, err, sizeof err) != 0) {
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

/* --------------------------------------------------------------------- */

static int
run_forecast(const char *prog, const struct plan_request *req,
             const wfm_history *history, wfm_calendar *calendar,
             wfm_forecast **forecast)
{
    wfm_status status = wfm_forecast_new(forecast);
    int rc;

    if (status != WFM_OK) {
        cli_error(prog, "cannot create a forecaster: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    rc = cli_forecast_configure(prog, &req->forecast, *forecast);
    if (rc != CLI_EXIT_OK)
        return rc;
    status = wfm_forecast_run(*forecast, history, calendar, req->start, req->days);
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_forecast_errmsg(*forecast), "the forecast",
                          status);
        return CLI_EXIT_FAILURE;
    }
    if (req->aht_column) {
        size_t count = 0;

        status = wfm_forecast_copy_aht(*forecast, NULL, 0, &count);
        if (status == WFM_ENOTFOUND) {
            char quoted[200];

            cli_quote(req->history_path, quoted, sizeof quoted);
            cli_error(prog, "--aht column: the history %s has no aht column",
                      quoted);
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

static int
plan_run(const char *prog, struct plan_request *req)
{
    wfm_calendar *calendar = NULL;
    wfm_history *history = NULL;
    wfm_forecast *forecast = NULL;
    wfm_plan *plan = NULL;
    struct plan_result result;
    struct progress p = { false };
    int32_t first = 0, days = 0, interval = 0;
    wfm_status status;
    int rc = CLI_EXIT_OK;

    memset(&result, 0, sizeof result);
    if (req->shrinkage_path != NULL)
        rc = read_shrinkage_file(prog, req);
    if (rc == CLI_EXIT_OK)
        rc = cli_build_calendar(prog, req->items, req->n_items, OPT_CALENDAR,
                                OPT_EVENTS, &calendar);
    if (rc == CLI_EXIT_OK)
        rc = check_shrinkage_events(prog, req, calendar);
    if (rc == CLI_EXIT_OK)
        rc = cli_read_history(prog, req->history_path, req->start, &history,
                              &first, &days, &interval);
    if (rc == CLI_EXIT_OK && interval >= 1440) {
        char quoted[200];

        cli_quote(req->history_path, quoted, sizeof quoted);
        cli_error(prog, "--history %s is daily: a plan is made per interval and "
                  "needs an intraday history (datetime rows, 5 to 60 minutes)",
                  quoted);
        rc = CLI_EXIT_FAILURE;
    }
    if (rc == CLI_EXIT_OK) {
        size_t per_day = (size_t)(1440 / interval);

        p.on = isatty(STDERR_FILENO)
               && (size_t)days * per_day + (size_t)req->days * per_day
                      >= PROGRESS_CELLS;
        progress(&p, prog, "forecasting %d days from %d days of history",
                 (int)req->days, (int)days);
        rc = run_forecast(prog, req, history, calendar, &forecast);
    }
    if (rc == CLI_EXIT_OK) {
        status = wfm_plan_new(&plan);
        if (status != WFM_OK) {
            cli_error(prog, "cannot create a plan: %s", wfm_status_str(status));
            rc = CLI_EXIT_FAILURE;
        }
    }
    if (rc == CLI_EXIT_OK)
        rc = configure_plan(prog, req, plan);
    if (rc == CLI_EXIT_OK) {
        progress(&p, prog, "staffing the plan");
        status = wfm_plan_run(plan, forecast, calendar);
        if (status != WFM_OK) {
            cli_library_error(prog, wfm_plan_errmsg(plan), "the plan", status);
            rc = CLI_EXIT_FAILURE;
        }
    }
    if (rc == CLI_EXIT_OK)
        rc = fetch_plan(prog, plan, &result);
    if (rc == CLI_EXIT_OK) {
        progress(&p, prog, "writing the plan");
        rc = cli_write_file(prog, "--out", req->out_path, write_plan_csv, &result);
    }
    if (rc == CLI_EXIT_OK && req->summary)
        rc = print_summary(prog, req, plan, &result);
    if (rc == CLI_EXIT_OK && req->chart_path != NULL) {
        progress(&p, prog, "drawing the chart");
        rc = draw_chart(prog, req, history, calendar, &result);
    }
    plan_result_free(&result);
    wfm_plan_free(plan);
    wfm_forecast_free(forecast);
    wfm_history_free(history);
    wfm_calendar_free(calendar);
    return rc;
}

int
cmd_plan(const char *prog, int argc, char **argv)
{
    struct cli_value values[OPT_COUNT];
    struct cli_list_item *items;
    struct plan_request req;
    size_t n_items = 0;
    size_t room = argc > 0 ? (size_t)argc : 1;
    int rc;

    memset(&req, 0, sizeof req);
    /* argc items always suffice: each value takes at least one argument. */
    items = malloc(room * sizeof *items);
    req.uplifts = calloc(room, sizeof *req.uplifts);
    if (items == NULL || req.uplifts == NULL) {
        free(items);
        free(req.uplifts);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    req.forecast.uplifts = req.uplifts;
    switch (cli_parse_options_list(prog, plan_options, OPT_COUNT, values, items,
                                   room, &n_items, argc, argv)) {
    case CLI_PARSE_HELP:
        plan_usage(stdout);
        rc = cli_finish_output(prog);
        break;
    case CLI_PARSE_ERROR:
        rc = CLI_EXIT_USAGE;
        break;
    case CLI_PARSE_OK:
    default:
        rc = plan_request_from(prog, values, items, n_items, &req);
        if (rc == CLI_EXIT_OK)
            rc = plan_run(prog, &req);
        break;
    }
    for (size_t i = 0; i < req.forecast.n_uplifts; i++)
        free(req.uplifts[i].event);
    for (size_t i = 0; i < req.n_rows; i++)
        free(req.rows[i].event);
    free(req.rows);
    free(req.uplifts);
    free(items);
    return rc;
}
