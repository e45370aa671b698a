/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-main.c: the `wfm` command-line tool: dispatch to a subcommand.
 *
 * The tool uses only the public API (wfm_dep), like any other program.
 */
#include <stdio.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"

/* One row per subcommand; `wfm --help` lists them in this order. */
static const struct cli_command commands[] = {
    { "erlang", "staff one interval with Erlang C: agents, SL, ASA, occupancy",
      cmd_erlang },
    { "calendar", "days of holidays and events with their windows, as CSV",
      cmd_calendar },
    { "forecast", "forecast contact volume per day or interval, with bounds",
      cmd_forecast },
    { "backtest", "forecast accuracy from past origins: WAPE, MASE, bias, peers",
      cmd_backtest },
    { "plan", "staffing plan per interval: agents, hours, FTE, hiring ramp",
      cmd_plan },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
    fputs("Usage: wfm COMMAND [OPTIONS]\n"
          "       wfm COMMAND --help\n"
          "       wfm --version\n"
          "\n"
          "Contact-centre workforce planning.\n"
          "\n"
          "Commands:\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Exit status: 0 on success, 1 if a request cannot be computed,\n"
          "2 for a bad command line (one line on stderr says why).\n", out);
}

static const struct cli_command *
find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    const struct cli_command *command;
    char prog[64];
    char quoted[80];

    /* wfm checks every GSL status itself; GSL's default handler would
     * abort() the tool instead of letting it print a one-line error. */
    (void)wfm_gsl_disable_abort();
    /* `ulimit -f`: a write error to report, not a signal that kills. */
    cli_init_signals();

    if (argc < 2) {
        cli_error(CLI_NAME, "missing command (see \"wfm --help\")");
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return cli_finish_output(CLI_NAME);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("wfm %s\n", wfm_version_string());
        return cli_finish_output(CLI_NAME);
    }
    command = find_command(argv[1]);
    if (command == NULL) {
        cli_quote(argv[1], quoted, sizeof quoted);
        cli_error(CLI_NAME, "unknown %s %s (see \"wfm --help\")",
                  argv[1][0] == '-' ? "option" : "command", quoted);
        return CLI_EXIT_USAGE;
    }
    snprintf(prog, sizeof prog, "%s %s", CLI_NAME, command->name);
    return command->run(prog, argc - 2, argv + 2);
}
