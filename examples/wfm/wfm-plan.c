/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-plan.c: `wfm plan`, a staffing plan from a CSV history: the forecast
 * per interval (as `wfm forecast` makes it), the workload, required agents
 * for the channel and its targets, scheduled agents after shrinkage by
 * date, and optionally a daily and weekly summary with the hiring ramp and
 * an SVG chart.
 *
 * The library does the work (wfm/forecast.h, wfm/plan.h): this file reads
 * and checks the command line, runs wfm_forecast_run() and wfm_plan_run(),
 * and hands the results to the CSV, summary and chart writers. The other
 * files are listed in wfm-plan.h.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wfm.h>

#include "cli.h"
#include "plan-queues.h"
#include "plan-xlsx.h"
#include "wfm-chart.h"
#include "wfm-plan.h"

/* Hires' training: 0 … 730 days (WFM_PLAN_TRAINING_DAYS). */
#define PLAN_MAX_TRAINING_DAYS 730
/* Work (history cells + planned intervals) above which a terminal gets
 * progress lines on stderr. */
#define PROGRESS_CELLS 200000

const struct cli_option plan_options[OPT_COUNT] = {
    [OPT_HISTORY] = { "--history", CLI_TEXT, 0, 0, 0,
        "a CSV file", "FILE",
        "the intraday volume history, CSV (required; as wfm forecast)" },
    [OPT_START] = { "--start", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD", "YYYY-MM-DD",
        "first planned day (required)" },
    [OPT_DAYS] = { "--days", CLI_NUMBER, 1, CLI_FORECAST_MAX_DAYS, 0,
        "a whole number of days from 1 to 3660", "N",
        "number of days to plan, 1 to 3660 (required)" },
    [OPT_EVENTS] = CLI_OPTION_EVENTS,
    [OPT_CALENDAR] = CLI_OPTION_CALENDAR,
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
    [OPT_SL] = CLI_OPTION_SL,
    [OPT_ANSWER] = CLI_OPTION_ANSWER,
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
    [OPT_HIRE_LEAD_DAYS] = { "--hire-lead-days", CLI_NUMBER, 0,
        PLAN_MAX_TRAINING_DAYS, 0,
        "a whole number of days from 0 to 730", "N",
        "days from a hire's start to taking contacts (default 42)" },
    [OPT_TRAINING_DAYS] = { "--training-days", CLI_NUMBER, 0,
        PLAN_MAX_TRAINING_DAYS, 0,
        "a whole number of days from 0 to 730", "N",
        "the older name of --hire-lead-days (not the fit window)" },
    [OPT_ATTRITION] = { "--attrition", CLI_NUMBER, 0, 1, CLI_MAX_OPEN,
        "a fraction per year >= 0 and < 1 (0.3 for 30 %)", "FRACTION",
        "staff leaving per year (default 0.3)" },
    [OPT_HEADCOUNT] = { "--headcount", CLI_NUMBER, 0, 1e9, CLI_MIN_OPEN,
        "a number of FTE > 0", "FTE",
        "FTE on staff at --start (default: the first full week's need)" },
    [OPT_TODAY] = { "--today", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD before --start", "YYYY-MM-DD",
        "the day the plan is made: earlier start-by dates are too late" },
    [OPT_OUT] = { "--out", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE",
        "write the plan CSV to FILE (default: standard output)" },
    [OPT_SUMMARY] = { "--summary", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "print daily and weekly tables and the ramp (needs --out)" },
    [OPT_CHART] = { "--chart", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE.svg",
        "draw history, forecast, events and agents as SVG" },
    [OPT_CHART_ACTUALS] = { "--chart-actuals", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "also draw the history from --start on, as \"actual\"" },
    [OPT_XLSX] = { "--xlsx", CLI_TEXT, 0, 0, 0,
        "a file name", "FILE.xlsx",
        "an Excel workbook: intervals, days, weeks, inputs, charts" },
    [OPT_QUEUES] = { "--queues", CLI_TEXT, 0, 0, 0,
        "a plan file (INI)", "FILE",
        "plan every queue of a plan file as one (see below)" },
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
          "                [--chart plan.svg [--chart-actuals]] [--xlsx plan.xlsx]\n"
          "                [OPTIONS]\n"
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
          "         The plan's end is a deadline too: all the mail that arrives in\n"
          "         the plan is answered in it (the last --deadline hours staff\n"
          "         what a longer plan would leave for later).\n"
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
          "\n", out);
    fputs("Output: CSV, one row per interval from --start, with the header\n"
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
          "--summary (with --out) prints per day: contacts; SL, ASA and occupancy\n"
          "at the required agents (SL and ASA weighted by the contacts staffed in\n"
          "each interval, ASA by those answered under Erlang A; occupancy by the\n"
          "agents); peak required and scheduled agents, hours and FTE. Per ISO\n"
          "week: hours, FTE, staff on hand after --attrition, the hires needed,\n"
          "when they must start, and the FTE a week is short when that is too\n"
          "late; email: the backlog at the plan's end; and the peak week in words.\n"
          "FTE = scheduled hours / --contract-hours per week (a day: / one fifth).\n"
          "A partial week (the plan starts or ends inside it, \"3/7\" days) shows\n"
          "the hours of its planned days and no FTE, hires or start date: a week's\n"
          "FTE from part of it would stretch those days over the whole week. The\n"
          "peak week, the baseline (the first full week's FTE, or --headcount) and\n"
          "the hires count full weeks only.\n"
          "Hires must start --hire-lead-days (--training-days, the older name; in\n"
          "\"wfm forecast\" --training-days is the fit window, here --fit-days)\n"
          "before the week they cover. A start-by date before --today (default:\n"
          "the day before --start, or the day after the history's last day if that\n"
          "is earlier) is too late: the summary says so and how many FTE each such\n"
          "week is short.\n"
          "\n"
          "--chart FILE.svg draws the 8 weeks of history before --start and the\n"
          "plan's days: daily contacts (history, forecast and its lower-upper\n"
          "band), calendar events as labelled lines (labels that would overlap\n"
          "are stacked; any with no room left are counted in the legend), and the\n"
          "daily peak of required and scheduled agents on the right axis.\n"
          "--chart-actuals adds the history's days from --start on (a backtest)\n"
          "as a separate \"actual\" line; without it they are not drawn.\n"
          "\n"
          "--out and --chart are written whole or not at all: each goes to a\n"
          "temporary file in its folder, renamed when both are complete; on any\n"
          "failure the old files stay as they were. Neither may name an input.\n"
          "Numbers are plain decimals (150, 0.85, 1e-6): no hexadecimal, inf or nan.\n"
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
    plan_queues_usage(out);
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
    cli_error(prog, "--aht: expected %s, got %s%s", plan_options[OPT_AHT].expected,
              quoted, cli_number_hint(text));
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
        cli_error(prog, "--chat-aht: expected %s, got %s%s",
                  plan_options[OPT_CHAT_AHT].expected, quoted,
                  cli_number_hint(text));
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

/* --out and --chart must not replace an input (--history, the shrinkage
 * file, calendar and event files) nor each other: checked before anything
 * is read or written. */
static int
check_outputs(const char *prog, const struct plan_request *req)
{
    const struct cli_named_path outputs[] = {
        { "--out", req->out_path },
        { "--chart", req->chart_path },
        { "--xlsx", req->xlsx_path },
    };
    const struct cli_named_path inputs[] = {
        { "--history", req->history_path },
        { "--shrinkage-file", req->shrinkage_path },
    };

    return cli_check_command_outputs(prog, outputs, sizeof outputs / sizeof outputs[0],
                                     inputs, sizeof inputs / sizeof inputs[0],
                                     req->items, req->n_items, OPT_CALENDAR,
                                     OPT_EVENTS);
}

/* --hire-lead-days, or its older name --training-days (kept working; in
 * `wfm forecast` --training-days is the fit window): both may be given only
 * with the same value. */
static bool
parse_hire_lead_days(const char *prog, const struct cli_value *v,
                     struct plan_request *req)
{
    int32_t lead = 0, old_name = 0;
    bool has_lead = v[OPT_HIRE_LEAD_DAYS].seen, has_old = v[OPT_TRAINING_DAYS].seen;

    if ((has_lead && !cli_whole_number(prog, &plan_options[OPT_HIRE_LEAD_DAYS],
                                       &v[OPT_HIRE_LEAD_DAYS], &lead))
        || (has_old && !cli_whole_number(prog, &plan_options[OPT_TRAINING_DAYS],
                                         &v[OPT_TRAINING_DAYS], &old_name)))
        return false;
    if (has_lead && has_old && lead != old_name) {
        cli_error(prog, "--hire-lead-days %d and --training-days %d differ: both "
                  "name the days from a hire's start to taking contacts; give one",
                  (int)lead, (int)old_name);
        return false;
    }
    req->has_hire_lead_days = has_lead || has_old;
    req->hire_lead_days = has_lead ? lead : old_name;
    return true;
}

static const struct cli_forecast_option_ids plan_forecast_ids = {
    .quantiles = OPT_QUANTILES, .method = OPT_METHOD,
    .training_days = OPT_FIT_DAYS, .uplift = OPT_UPLIFT,
};

int
plan_request_from(const char *prog, const struct cli_value *v,
                  const struct cli_list_item *items, size_t n_items,
                  struct plan_request *req)
{
    static const size_t required[] = { OPT_HISTORY, OPT_START, OPT_DAYS };

    if (!cli_check_required(prog, plan_options, v, required,
                            sizeof required / sizeof required[0]))
        return CLI_EXIT_USAGE;
    req->values = v;
    req->history_path = v[OPT_HISTORY].text;
    req->out_path = v[OPT_OUT].seen ? v[OPT_OUT].text : NULL;
    req->chart_path = v[OPT_CHART].seen ? v[OPT_CHART].text : NULL;
    req->xlsx_path = v[OPT_XLSX].seen ? v[OPT_XLSX].text : NULL;
    req->shrinkage_path = v[OPT_SHRINKAGE_FILE].seen ? v[OPT_SHRINKAGE_FILE].text
                                                     : NULL;
    req->summary = v[OPT_SUMMARY].seen;
    if (!cli_parse_date(prog, "--start", v[OPT_START].text, &req->start)
        || !cli_whole_number(prog, &plan_options[OPT_DAYS], &v[OPT_DAYS],
                             &req->days)
        || !cli_check_span(prog, req->start, req->days, v[OPT_START].text))
        return CLI_EXIT_USAGE;
    req->items = items;
    req->n_items = n_items;
    int rc = cli_forecast_settings_from(prog, plan_options, v, &plan_forecast_ids,
                                        items, n_items, req->uplifts,
                                        &req->forecast, &req->n_sources);
    if (rc != CLI_EXIT_OK)
        return rc;

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
    if (!parse_hire_lead_days(prog, v, req))
        return CLI_EXIT_USAGE;
    if (v[OPT_TODAY].seen) {
        char start_text[16];

        if (!cli_parse_date(prog, "--today", v[OPT_TODAY].text, &req->today))
            return CLI_EXIT_USAGE;
        if (req->today >= req->start) {
            if (wfm_date_format(req->start, start_text, sizeof start_text) != WFM_OK)
                snprintf(start_text, sizeof start_text, "?");
            cli_error(prog, "--today %s: the plan is made before its first day: "
                      "give a date before --start %s", v[OPT_TODAY].text, start_text);
            return CLI_EXIT_USAGE;
        }
        req->today_source = PLAN_TODAY_GIVEN;
    }
    req->chart_actuals = v[OPT_CHART_ACTUALS].seen;
    if (req->chart_actuals && req->chart_path == NULL) {
        cli_error(prog, "--chart-actuals draws on the chart: give --chart FILE.svg");
        return CLI_EXIT_USAGE;
    }
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
    if (req->xlsx_path != NULL && !xlsx_available()) {
        cli_error(prog, "--xlsx: %s", XLSX_NO_SUPPORT_MESSAGE);
        return CLI_EXIT_USAGE;
    }
    return check_outputs(prog, req);
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

int
configure_plan(const char *prog, const struct plan_request *req, wfm_plan *plan)
{
    const struct cli_value *v = req->values;
    wfm_status status;
    size_t failed_row = SIZE_MAX;
    int32_t ints[][2] = {
        { WFM_PLAN_CHANNEL, req->channel },
        { WFM_PLAN_STAFF_TO, req->staff_to },
        { WFM_PLAN_TRAINING_DAYS, req->has_hire_lead_days ? req->hire_lead_days : -1 },
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
            return plan_shrinkage_error(prog, req->shrinkage_path,
                                        req->rows[failed_row].line, "%s",
                                        wfm_plan_errmsg(plan));
        cli_library_error(prog, wfm_plan_errmsg(plan), "the plan settings", status);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int
run_forecast(const char *prog, const struct plan_request *req,
             const wfm_history *history, wfm_calendar *calendar,
             wfm_forecast **forecast)
{
    int rc = cli_forecast_run(prog, &req->forecast, history, calendar, req->start,
                              req->days, forecast);

    if (rc != CLI_EXIT_OK)
        return rc;
    if (req->aht_column) {
        size_t count = 0;

        if (wfm_forecast_copy_aht(*forecast, NULL, 0, &count) == WFM_ENOTFOUND) {
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
    struct cli_output csv = CLI_OUTPUT_INIT, svg = CLI_OUTPUT_INIT;
    struct cli_output xlsx = CLI_OUTPUT_INIT;
    struct progress p = { false };
    int32_t first = 0, days = 0, interval = 0;
    wfm_status status;
    int rc = CLI_EXIT_OK;

    memset(&result, 0, sizeof result);
    if (req->shrinkage_path != NULL)
        rc = plan_read_shrinkage_file(prog, req);
    if (rc == CLI_EXIT_OK)
        rc = cli_build_calendar(prog, req->items, req->n_items, OPT_CALENDAR,
                                OPT_EVENTS, &calendar);
    if (rc == CLI_EXIT_OK)
        rc = plan_check_shrinkage_events(prog, req, calendar);
    if (rc == CLI_EXIT_OK)
        rc = cli_read_history(prog, req->history_path, req->start, &history,
                              &first, &days, &interval);
    /* The day the plan is made, unless --today says: the day after the
     * history's last day, and the day before --start at the latest. */
    if (rc == CLI_EXIT_OK && req->today_source != PLAN_TODAY_GIVEN) {
        if ((int64_t)first + days < (int64_t)req->start - 1) {
            req->today = first + days;
            req->today_source = PLAN_TODAY_AFTER_HISTORY;
        } else {
            req->today = req->start - 1;
            req->today_source = PLAN_TODAY_BEFORE_START;
        }
    }
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
        rc = plan_result_fetch(prog, plan, &result);
    /* All or nothing: the CSV, the chart and the workbook go to temporary
     * files, renamed over --out, --chart and --xlsx only when all are
     * complete (and the summary printed); any failure removes them and
     * leaves the old files alone. */
    if (rc == CLI_EXIT_OK && req->out_path != NULL) {
        progress(&p, prog, "writing the plan");
        rc = cli_output_open(prog, "--out", req->out_path, &csv);
        if (rc == CLI_EXIT_OK) {
            plan_write_csv(csv.file, &result);
            rc = cli_output_close(prog, &csv);
        }
    }
    if (rc == CLI_EXIT_OK && req->chart_path != NULL) {
        progress(&p, prog, "drawing the chart");
        rc = cli_output_open(prog, "--chart", req->chart_path, &svg);
        if (rc == CLI_EXIT_OK)
            rc = plan_draw_chart(prog, req, history, calendar, &result, svg.file);
        if (rc == CLI_EXIT_OK)
            rc = cli_output_close(prog, &svg);
    }
    if (rc == CLI_EXIT_OK && req->xlsx_path != NULL) {
        progress(&p, prog, "writing the workbook");
        rc = cli_output_open(prog, "--xlsx", req->xlsx_path, &xlsx);
        if (rc == CLI_EXIT_OK)
            rc = plan_write_xlsx(prog, req, plan, calendar, &result, &xlsx);
        if (rc == CLI_EXIT_OK)
            rc = cli_output_close(prog, &xlsx);
    }
    if (rc == CLI_EXIT_OK && req->out_path == NULL) {
        plan_write_csv(stdout, &result);
        rc = cli_finish_output(prog);
    }
    if (rc == CLI_EXIT_OK && req->summary)
        rc = plan_print_summary(prog, req, plan, &result);
    if (rc == CLI_EXIT_OK && req->out_path != NULL)
        rc = cli_output_commit(prog, &csv);
    if (rc == CLI_EXIT_OK && req->chart_path != NULL)
        rc = cli_output_commit(prog, &svg);
    if (rc == CLI_EXIT_OK && req->xlsx_path != NULL)
        rc = cli_output_commit(prog, &xlsx);
    cli_output_discard(&csv);
    cli_output_discard(&svg);
    cli_output_discard(&xlsx);
    plan_result_free(&result);
    wfm_plan_free(plan);
    wfm_forecast_free(forecast);
    wfm_history_free(history);
    wfm_calendar_free(calendar);
    return rc;
}

/* The command with its options parsed (cli_run_command()); @p data is
 * the request, its argc and argv set. */
static int
plan_main(const char *prog, const struct cli_value *values,
          const struct cli_list_item *items, size_t n_items, void *data)
{
    struct plan_request *req = data;
    int rc;

    if (values[OPT_QUEUES].seen)
        return plan_queues_run(prog, values, items, n_items);
    req->uplifts = cli_new_uplifts(prog, n_items);
    if (req->uplifts == NULL)
        return CLI_EXIT_FAILURE;
    rc = plan_request_from(prog, values, items, n_items, req);
    return rc == CLI_EXIT_OK ? plan_run(prog, req) : rc;
}

int
cmd_plan(const char *prog, int argc, char **argv)
{
    struct plan_request req;
    int rc;

    memset(&req, 0, sizeof req);
    req.argc = argc;
    req.argv = argv;
    rc = cli_run_command(prog, plan_options, OPT_COUNT, plan_usage, plan_main, &req,
                         argc, argv);
    for (size_t i = 0; i < req.n_rows; i++)
        free(req.rows[i].event);
    free(req.rows);
    cli_free_uplifts(req.uplifts, req.forecast.n_uplifts);
    return rc;
}
