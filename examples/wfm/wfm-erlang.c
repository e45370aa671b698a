/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-erlang.c: `wfm erlang`, Erlang C (or, with --patience, Erlang A)
 * staffing for one interval.
 *
 * Traffic from calls, interval and AHT; the fewest agents meeting every
 * target given; SL, ASA and occupancy at that staffing (and, under Erlang A,
 * the abandonment rate); agents to schedule after shrinkage. All numbers
 * come from the library; this file only reads the command line and prints.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"

/* Indices into erlang_options[] and the parsed values. */
enum erlang_option {
    OPT_CALLS,
    OPT_INTERVAL,
    OPT_AHT,
    OPT_SL,
    OPT_ANSWER,
    OPT_MAX_ASA,
    OPT_MAX_OCCUPANCY,
    OPT_SHRINKAGE,
    OPT_CSV,
    OPT_PATIENCE,
    OPT_MAX_ABANDON,
    OPT_SL_DEFINITION,
    OPT_COUNT
};

/* Ranges are those the library accepts, narrowed where its "0 = not set"
 * would surprise someone who typed the option: --sl 0 or --max-asa 0 are
 * rejected rather than silently ignored. */
static const struct cli_option erlang_options[OPT_COUNT] = {
    [OPT_CALLS] = { "--calls", CLI_NUMBER, 0, INFINITY, 0,
        "a number of contacts >= 0", "N",
        "contacts arriving in the interval (required)" },
    [OPT_INTERVAL] = { "--interval", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "interval length, e.g. 1800 (required)" },
    [OPT_AHT] = { "--aht", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "average handle time (required)" },
    [OPT_SL] = CLI_OPTION_SL,
    [OPT_ANSWER] = CLI_OPTION_ANSWER,
    [OPT_MAX_ASA] = { "--max-asa", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "average speed of answer target: at most this" },
    [OPT_MAX_OCCUPANCY] = { "--max-occupancy", CLI_NUMBER, 0, 1, CLI_MIN_OPEN,
        "a fraction > 0 and <= 1 (0.85 for 85 %)", "FRACTION",
        "occupancy cap, e.g. 0.85" },
    [OPT_SHRINKAGE] = { "--shrinkage", CLI_NUMBER, 0, 1, CLI_MAX_OPEN,
        "a fraction >= 0 and < 1 (0.3 for 30 %)", "FRACTION",
        "paid time not on contacts, e.g. 0.3 (default 0)" },
    [OPT_CSV] = { "--csv", CLI_FLAG, 0, 0, 0, NULL, NULL,
        "print a CSV header and one line, not the table" },
    [OPT_PATIENCE] = { "--patience", CLI_NUMBER, 0, INFINITY, CLI_MIN_OPEN,
        "a number > 0 seconds", "SECONDS",
        "mean caller patience: use Erlang A (callers abandon)" },
    [OPT_MAX_ABANDON] = { "--max-abandon", CLI_NUMBER, 0, 1,
        CLI_MIN_OPEN | CLI_MAX_OPEN,
        "a fraction > 0 and < 1 (0.05 for 5 %)", "FRACTION",
        "abandonment target: at most this; needs --patience" },
    [OPT_SL_DEFINITION] = { "--sl-definition", CLI_TEXT, 0, 0, 0,
        "answered-of-all, virtual or answered-only", "NAME",
        "SL under Erlang A (default answered-of-all); needs --patience" },
};

/* The --sl-definition names, their library metric and how the table says
 * it. */
static const struct sl_definition {
    const char *name;
    int32_t metric;
    const char *table_text; /* after "NN.NN % " */
} sl_definitions[] = {
    { "answered-of-all", WFM_ERLANG_A_SL_ANSWERED_OF_ALL,
      "of all contacts answered within" },
    { "virtual", WFM_ERLANG_A_SL_VIRTUAL,
      "with a virtual wait within" },
    { "answered-only", WFM_ERLANG_A_SL_ANSWERED_ONLY,
      "of answered contacts answered within" },
};

/* What was asked. A target that is not set is 0, as the library expects. */
struct erlang_request {
    double calls, interval_s, aht_s;
    double target_sl, answer_s, max_asa_s, max_occupancy;
    double shrinkage;
    bool has_sl; /* --sl/--answer given: SL is computed and shown */
    bool csv;
    /* Erlang A (--patience given); the rest is unused otherwise. */
    bool erlang_a;
    double patience_s;
    double max_abandon;                /* 0 = not set */
    const struct sl_definition *sl_def; /* never NULL */
};

struct erlang_result {
    double traffic;       /* Erlangs */
    int32_t agents;       /* productive agents required */
    double service_level; /* fraction, valid when has_sl */
    double asa_s;         /* may be +infinity */
    double occupancy;     /* fraction */
    int32_t scheduled;    /* agents after shrinkage */
    double abandon;       /* fraction of arrivals; Erlang A only */
};

static void
erlang_usage(FILE *out)
{
    fputs("Usage: wfm erlang --calls N --interval SECONDS --aht SECONDS\n"
          "                  [--sl FRACTION --answer SECONDS] [--max-asa SECONDS]\n"
          "                  [--max-occupancy FRACTION] [--shrinkage FRACTION] [--csv]\n"
          "                  [--patience SECONDS [--max-abandon FRACTION]\n"
          "                   [--sl-definition NAME]]\n"
          "\n"
          "Staff one interval with Erlang C (random arrivals, one queue, no\n"
          "abandonment): the fewest agents meeting every target given, their\n"
          "service level (SL), average speed of answer (ASA) and occupancy, and\n"
          "the agents to schedule after shrinkage. At least one target is needed:\n"
          "--sl with --answer, --max-asa or --max-occupancy.\n"
          "\n"
          "With --patience, staff with Erlang A instead (M/M/n+M: a waiting caller\n"
          "hangs up after an exponential patience of that mean) and also show the\n"
          "abandonment rate, the fraction of all contacts that hang up;\n"
          "--max-abandon is then a target too. Under Erlang A:\n"
          "  ASA        mean wait of answered contacts (abandoners excluded);\n"
          "  occupancy  agent time busy with answered contacts;\n"
          "  SL, by --sl-definition:\n"
          "    answered-of-all  answered within --answer over all contacts,\n"
          "                     abandoners counting as not in time (default);\n"
          "    virtual          the wait a caller would have had with infinite\n"
          "                     patience is within --answer (CCmath Erlang X);\n"
          "    answered-only    answered within --answer over answered contacts.\n"
          "\n"
          "Options:\n", out);
    cli_print_options(out, erlang_options, OPT_COUNT);
    fputs("\n"
          "Example (100 calls per 30 minutes, AHT 3 minutes, 80 % in 20 s):\n"
          "  wfm erlang --calls 100 --interval 1800 --aht 180 --sl 0.8 --answer 20 \\\n"
          "             --max-occupancy 0.85 --shrinkage 0.3\n"
          "The same with 60 s mean patience and at most 5 % abandoned:\n"
          "  wfm erlang --calls 100 --interval 1800 --aht 180 --sl 0.8 --answer 20 \\\n"
          "             --patience 60 --max-abandon 0.05 --shrinkage 0.3\n"
          "\n"
          "Exit status: 0 on success, 1 if the request cannot be computed,\n"
          "2 for a bad command line (one line on stderr says why).\n", out);
}

static double
number_or(const struct cli_value *value, double fallback)
{
    return value->seen ? value->number : fallback;
}

/* Check the combinations the option table cannot express and fill @p req. */
static int
erlang_request_from(const char *prog, const struct cli_value *v,
                    struct erlang_request *req)
{
    static const size_t required[] = { OPT_CALLS, OPT_INTERVAL, OPT_AHT };

    if (!cli_check_required(prog, erlang_options, v, required,
                            sizeof required / sizeof required[0]))
        return CLI_EXIT_USAGE;
    if (v[OPT_SL].seen && !v[OPT_ANSWER].seen) {
        cli_error(prog, "--sl needs --answer (the answer time in seconds)");
        return CLI_EXIT_USAGE;
    }
    if (v[OPT_ANSWER].seen && !v[OPT_SL].seen) {
        cli_error(prog, "--answer needs --sl (the service-level target)");
        return CLI_EXIT_USAGE;
    }
    if (!v[OPT_PATIENCE].seen) {
        static const enum erlang_option a_only[] = { OPT_MAX_ABANDON,
                                                     OPT_SL_DEFINITION };

        for (size_t i = 0; i < sizeof a_only / sizeof a_only[0]; i++) {
            if (v[a_only[i]].seen) {
                cli_error(prog, "%s needs --patience (Erlang A)",
                          erlang_options[a_only[i]].name);
                return CLI_EXIT_USAGE;
            }
        }
        if (!v[OPT_SL].seen && !v[OPT_MAX_ASA].seen
            && !v[OPT_MAX_OCCUPANCY].seen) {
            cli_error(prog, "no staffing target: give --sl with --answer, "
                      "--max-asa or --max-occupancy");
            return CLI_EXIT_USAGE;
        }
    } else if (!v[OPT_SL].seen && !v[OPT_MAX_ASA].seen
               && !v[OPT_MAX_OCCUPANCY].seen && !v[OPT_MAX_ABANDON].seen) {
        cli_error(prog, "no staffing target: give --sl with --answer, "
                  "--max-asa, --max-occupancy or --max-abandon");
        return CLI_EXIT_USAGE;
    }
    req->sl_def = &sl_definitions[0];
    if (v[OPT_SL_DEFINITION].seen) {
        size_t i = 0;

        while (i < sizeof sl_definitions / sizeof sl_definitions[0]
               && strcmp(v[OPT_SL_DEFINITION].text, sl_definitions[i].name) != 0)
            i++;
        if (i == sizeof sl_definitions / sizeof sl_definitions[0]) {
            char quoted[80];

            cli_quote(v[OPT_SL_DEFINITION].text, quoted, sizeof quoted);
            cli_error(prog, "--sl-definition: expected %s, got %s",
                      erlang_options[OPT_SL_DEFINITION].expected, quoted);
            return CLI_EXIT_USAGE;
        }
        req->sl_def = &sl_definitions[i];
    }
    req->calls = v[OPT_CALLS].number;
    req->interval_s = v[OPT_INTERVAL].number;
    req->aht_s = v[OPT_AHT].number;
    req->target_sl = number_or(&v[OPT_SL], 0);
    req->answer_s = number_or(&v[OPT_ANSWER], 0);
    req->max_asa_s = number_or(&v[OPT_MAX_ASA], 0);
    req->max_occupancy = number_or(&v[OPT_MAX_OCCUPANCY], 0);
    req->shrinkage = number_or(&v[OPT_SHRINKAGE], 0);
    req->has_sl = v[OPT_SL].seen;
    req->csv = v[OPT_CSV].seen;
    req->erlang_a = v[OPT_PATIENCE].seen;
    req->patience_s = number_or(&v[OPT_PATIENCE], 0);
    req->max_abandon = number_or(&v[OPT_MAX_ABANDON], 0);
    return CLI_EXIT_OK;
}

/* A library call refused a request that passed our own checks, e.g. more
 * agents than an int32_t holds. */
static int
library_error(const char *prog, const char *what, wfm_status status)
{
    cli_error(prog, "cannot compute %s: %s", what, wfm_status_str(status));
    return CLI_EXIT_FAILURE;
}

/* The Erlang A part of erlang_compute(): agents, SL, ASA, abandonment and
 * occupancy from one evaluation. */
static int
erlang_a_compute(const char *prog, const struct erlang_request *req,
                 struct erlang_result *res)
{
    enum { M_ABANDON, M_ASA, M_OCCUPANCY, M_SL, M_COUNT };
    int32_t metrics[M_COUNT] = {
        [M_ABANDON] = WFM_ERLANG_A_P_ABANDON,
        [M_ASA] = WFM_ERLANG_A_ASA_ANSWERED,
        [M_OCCUPANCY] = WFM_ERLANG_A_OCCUPANCY,
        [M_SL] = req->sl_def->metric,
    };
    double values[M_COUNT];
    wfm_status status;

    status = wfm_erlang_a_required_agents(res->traffic, req->aht_s,
                                          req->patience_s, req->target_sl,
                                          req->answer_s, req->sl_def->metric,
                                          req->max_abandon, req->max_asa_s,
                                          req->max_occupancy, &res->agents);
    if (status != WFM_OK)
        return library_error(prog, "the required agents", status);
    /* With no traffic the answer is 0 agents, which the metrics do not
     * take; nobody arrives, so the measures do not depend on the agents
     * and one agent gives them (no abandonment, SL 1, ASA 0, occupancy 0). */
    status = wfm_erlang_a_metrics(res->traffic,
                                  res->agents > 0 ? res->agents : 1,
                                  req->aht_s, req->patience_s, req->answer_s,
                                  metrics, req->has_sl ? M_COUNT : M_SL,
                                  values);
    if (status != WFM_OK)
        return library_error(prog, "the Erlang A measures", status);
    res->abandon = values[M_ABANDON];
    res->asa_s = values[M_ASA];
    res->occupancy = values[M_OCCUPANCY];
    res->service_level = req->has_sl ? values[M_SL] : NAN;
    status = wfm_scheduled_agents(res->agents, req->shrinkage, &res->scheduled);
    if (status != WFM_OK)
        return library_error(prog, "the scheduled agents", status);
    return CLI_EXIT_OK;
}

static int
erlang_compute(const char *prog, const struct erlang_request *req,
               struct erlang_result *res)
{
    wfm_status status;

    status = wfm_traffic_erlangs(req->calls, req->interval_s, req->aht_s,
                                 &res->traffic);
    if (status != WFM_OK)
        return library_error(prog, "the traffic", status);
    res->abandon = NAN;
    if (req->erlang_a)
        return erlang_a_compute(prog, req, res);
    status = wfm_required_agents(res->traffic, req->aht_s, req->target_sl,
                                 req->answer_s, req->max_asa_s,
                                 req->max_occupancy, &res->agents);
    if (status != WFM_OK)
        return library_error(prog, "the required agents", status);
    res->service_level = NAN;
    if (req->has_sl) {
        status = wfm_service_level(res->traffic, res->agents, req->aht_s,
                                   req->answer_s, &res->service_level);
        if (status != WFM_OK)
            return library_error(prog, "the service level", status);
    }
    status = wfm_average_speed_of_answer(res->traffic, res->agents,
                                         req->aht_s, &res->asa_s);
    if (status != WFM_OK)
        return library_error(prog, "the ASA", status);
    status = wfm_occupancy(res->traffic, res->agents, &res->occupancy);
    if (status != WFM_OK)
        return library_error(prog, "the occupancy", status);
    status = wfm_scheduled_agents(res->agents, req->shrinkage, &res->scheduled);
    if (status != WFM_OK)
        return library_error(prog, "the scheduled agents", status);
    return CLI_EXIT_OK;
}

/* Labels are padded to one width so the values line up. */
#define ROW "%-17s"

static void
erlang_print_table(const struct erlang_request *req,
                   const struct erlang_result *res)
{
    printf(ROW "%.3f Erlangs\n", "traffic", res->traffic);
    printf(ROW "%ld\n", "agents", (long)res->agents);
    if (req->has_sl && req->erlang_a)
        printf(ROW "%.2f %% %s %g s\n", "service level",
               100 * res->service_level, req->sl_def->table_text,
               req->answer_s);
    else if (req->has_sl)
        printf(ROW "%.2f %% answered within %g s\n", "service level",
               100 * res->service_level, req->answer_s);
    else
        printf(ROW "- (no --sl target)\n", "service level");
    /* Cannot happen (the library staffs above the traffic), but an
     * unbounded queue must not print as a number. */
    if (isinf(res->asa_s))
        printf(ROW "inf (the queue grows without bound)\n", "ASA");
    else
        printf(ROW "%.2f s\n", "ASA", res->asa_s);
    if (req->erlang_a)
        printf(ROW "%.2f %% (mean patience %g s)\n", "abandoned",
               100 * res->abandon, req->patience_s);
    printf(ROW "%.2f %%\n", "occupancy", 100 * res->occupancy);
    printf(ROW "%ld %s (shrinkage %.1f %%)\n", "scheduled",
           (long)res->scheduled, res->scheduled == 1 ? "agent" : "agents",
           100 * req->shrinkage);
}

/* Print a number in a CSV field, round-trip exact; NaN (not computed) as
 * an empty field. */
static void
csv_number(double x, const char *separator)
{
    char buf[40] = "";

    if (!isnan(x))
        cli_format_double(x, buf, sizeof buf);
    printf("%s%s", buf, separator);
}

static void
erlang_print_csv(const struct erlang_request *req,
                 const struct erlang_result *res)
{
    /* The header is part of the tool's contract: never reorder or rename;
     * new columns go at the end. Erlang A adds its own at the end; under
     * it asa_s is the mean wait of answered contacts and service_level is
     * by sl_definition. */
    fputs("calls,interval_s,aht_s,traffic_erlangs,agents,service_level,"
          "asa_s,occupancy,shrinkage,scheduled_agents", stdout);
    puts(req->erlang_a ? ",patience_s,sl_definition,abandon_rate" : "");
    csv_number(req->calls, ",");
    csv_number(req->interval_s, ",");
    csv_number(req->aht_s, ",");
    csv_number(res->traffic, ",");
    printf("%ld,", (long)res->agents);
    csv_number(res->service_level, ",");
    csv_number(res->asa_s, ",");
    csv_number(res->occupancy, ",");
    csv_number(req->shrinkage, ",");
    printf("%ld", (long)res->scheduled);
    if (req->erlang_a) {
        fputs(",", stdout);
        csv_number(req->patience_s, ",");
        printf("%s,", req->sl_def->name);
        csv_number(res->abandon, "");
    }
    fputs("\n", stdout);
}

int
cmd_erlang(const char *prog, int argc, char **argv)
{
    struct cli_value values[OPT_COUNT];
    struct erlang_request req;
    struct erlang_result res;
    int rc;

    switch (cli_parse_options(prog, erlang_options, OPT_COUNT, values, argc,
                              argv)) {
    case CLI_PARSE_HELP:
        erlang_usage(stdout);
        return cli_finish_output(prog);
    case CLI_PARSE_ERROR:
        return CLI_EXIT_USAGE;
    case CLI_PARSE_OK:
        break;
    }
    rc = erlang_request_from(prog, values, &req);
    if (rc != CLI_EXIT_OK)
        return rc;
    rc = erlang_compute(prog, &req, &res);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (req.csv)
        erlang_print_csv(&req, &res);
    else
        erlang_print_table(&req, &res);
    return cli_finish_output(prog);
}
