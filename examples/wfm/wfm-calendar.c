/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-calendar.c: `wfm calendar`, the days on which holidays, retail peaks,
 * seasons and one-off events (or their lead/lag windows) fall.
 *
 * The calendar is built from presets, calendar files and Prophet holiday
 * CSVs, in the order given, and expanded by the library over --from … --to.
 * This file only reads the command line and prints the library's rows as
 * CSV: date,event,offset,closed. `--list` names the presets; `--list NAME`
 * prints one preset's events and rules as wfm_calendar_write() gives them.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"

/* The longest range wfm_calendar_expand() accepts: --to at most this many
 * years after --from (same month and day; 29 February counts as 28
 * February in a year that has none). */
#define CALENDAR_MAX_YEARS 100

/* Indices into calendar_options[] and the parsed values. */
enum calendar_option {
    OPT_CALENDAR,
    OPT_EVENTS,
    OPT_FROM,
    OPT_TO,
    OPT_LIST,
    OPT_COUNT
};

static const struct cli_option calendar_options[OPT_COUNT] = {
    [OPT_CALENDAR] = { "--calendar", CLI_TEXT_LIST, 0, 0, 0,
        "a preset name or a calendar file", "NAME|FILE",
        "a built-in preset (see --list) or a calendar file" },
    [OPT_EVENTS] = { "--events", CLI_TEXT_LIST, 0, 0, 0,
        "a Prophet holiday CSV file", "FILE",
        "Prophet's holiday CSV (holiday, ds, windows)" },
    [OPT_FROM] = { "--from", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD", "YYYY-MM-DD",
        "first day of the range (required)" },
    [OPT_TO] = { "--to", CLI_TEXT, 0, 0, 0,
        "a date YYYY-MM-DD", "YYYY-MM-DD",
        "last day of the range, inclusive (required)" },
    /* A flag to the parser: cmd_calendar() takes its NAME out first. */
    [OPT_LIST] = { "--list", CLI_FLAG, 0, 0, 0, NULL, "[NAME]",
        "print the preset names, or a preset's rules; exit" },
};

static void
calendar_usage(FILE *out)
{
    fputs("Usage: wfm calendar (--calendar NAME|FILE | --events FILE)...\n"
          "                    --from YYYY-MM-DD --to YYYY-MM-DD\n"
          "       wfm calendar --list [NAME]\n"
          "\n"
          "Expand holidays, retail peaks, seasons and one-off events over a range\n"
          "of dates: one CSV row for each day on which an event, or a day of its\n"
          "lead/lag window, falls.\n"
          "\n"
          "--calendar and --events may be repeated; they are applied in the order\n"
          "given, and an event replaces an earlier one of the same name. At least\n"
          "one is required. --calendar NAME uses a built-in preset when one has\n"
          "that name, otherwise reads the calendar file NAME. --events FILE reads\n"
          "Prophet's holiday CSV: columns holiday and ds (YYYY-MM-DD), optionally\n"
          "lower_window (<= 0) and upper_window (>= 0). The range may span at\n"
          "most 100 years.\n"
          "\n"
          "Options:\n", out);
    cli_print_options(out, calendar_options, OPT_COUNT);
    fputs("\n"
          "Output: CSV with the header \"date,event,offset,closed\", sorted by date\n"
          "then event name (bytewise):\n"
          "  date     YYYY-MM-DD\n"
          "  event    the event's name, quoted as in RFC 4180 when it contains a\n"
          "           comma or a double quote, or starts or ends with a space\n"
          "  offset   days from the event: 0 on its days, -2 two days before its\n"
          "           first day, 1 the day after its last day\n"
          "  closed   1 if the centre is shut that day for this event, else 0\n"
          "\n"
          "Calendar file (format version 1; see wfm/calendar.h for every rule):\n"
          "  wfm-calendar 1\n"
          "  preset us-retail\n"
          "  may_launch   = 2026-05-12 window=-3..+7\n"
          "  summer_sale  = 07-01 .. 07-14\n"
          "  black_friday = thanksgiving + 1 window=-1..+3   # redefines the preset's\n"
          "  christmas    = 12-25 closed\n"
          "\n"
          "--list NAME (or --list=NAME) prints the preset NAME as a calendar file:\n"
          "the line \"wfm-calendar 1\", then one line per event in the preset's\n"
          "order, \"EVENT = RULE [OPTION]...\", e.g.\n"
          "  cyber_week = thanksgiving + 0 .. + 4\n"
          "  christmas = 12-25 window=-0..+2 closed\n"
          "Saved to a file and given to --calendar, it gives the preset's rows; edit\n"
          "a copy to make your own calendar. The presets' sources are documented in\n"
          "wfm/calendar.h and lib/calendar/calendar-presets.c.\n"
          "\n"
          "Examples:\n"
          "  wfm calendar --calendar us-retail --from 2026-11-20 --to 2026-12-31\n"
          "  wfm calendar --list uk-retail\n"
          "\n"
          "Exit status: 0 on success, 1 if a file cannot be read or is malformed\n"
          "or the calendar cannot be expanded, 2 for a bad command line (an\n"
          "unknown option, a bad date, a NAME that is neither a preset nor a\n"
          "file, a --list NAME that is not a preset). One line on stderr says\n"
          "why.\n", out);
}

static int
calendar_list(void)
{
    const char *preset;

    for (size_t i = 0; (preset = wfm_calendar_preset_name(i)) != NULL; i++)
        puts(preset);
    return CLI_EXIT_OK;
}

/* `--list NAME`: the preset as a calendar file, wfm_calendar_write() of a
 * calendar holding only that preset. */
static int
calendar_list_preset(const char *prog, const char *name)
{
    wfm_calendar *calendar = NULL;
    wfm_status status;
    size_t length = 0;
    char *text = NULL;

    if (!cli_is_preset(name)) {
        char quoted[80], known[512];
        const char *preset;
        size_t used = 0;

        known[0] = '\0';
        for (size_t i = 0; (preset = wfm_calendar_preset_name(i)) != NULL; i++) {
            int n = snprintf(known + used, sizeof known - used, "%s%s",
                             i > 0 ? ", " : "", preset);
            if (n < 0 || (size_t)n >= sizeof known - used)
                break; /* cut: the names that fitted */
            used += (size_t)n;
        }
        cli_quote(name, quoted, sizeof quoted);
        cli_error(prog, "--list: %s is not a preset (presets: %s)", quoted, known);
        return CLI_EXIT_USAGE;
    }
    status = wfm_calendar_new(&calendar);
    if (status == WFM_OK)
        status = wfm_calendar_add_preset(calendar, name);
    if (status == WFM_OK) {
        status = wfm_calendar_write(calendar, NULL, 0, &length);
        if (status == WFM_ERANGE) {
            text = malloc(length + 1);
            status = text == NULL ? WFM_ENOMEM
                                  : wfm_calendar_write(calendar, text, length + 1,
                                                       &length);
        }
    }
    if (status != WFM_OK) {
        cli_library_error(prog, calendar != NULL ? wfm_calendar_errmsg(calendar) : NULL,
                          name, status);
        free(text);
        wfm_calendar_free(calendar);
        return CLI_EXIT_FAILURE;
    }
    fwrite(text, 1, length, stdout);
    free(text);
    wfm_calendar_free(calendar);
    return cli_finish_output(prog);
}

/* The parser knows --list as a flag. Copy argv into @p args (room for argc
 * items) without the NAME of `--list NAME` (the next argument, unless it
 * starts with "--") and with `--list=NAME` as `--list`; *name receives the
 * NAME, or NULL. Returns the number of arguments copied. */
static int
take_list_name(int argc, char **argv, char **args, const char **name)
{
    static char list_flag[] = "--list";
    int n = 0;

    *name = NULL;
    for (int i = 0; i < argc; i++) {
        if (*name == NULL && strcmp(argv[i], "--list") == 0 && i + 1 < argc
            && strncmp(argv[i + 1], "--", 2) != 0 && strcmp(argv[i + 1], "-h") != 0) {
            args[n++] = argv[i];
            *name = argv[++i];
        } else if (*name == NULL && strncmp(argv[i], "--list=", 7) == 0) {
            args[n++] = list_flag;
            *name = argv[i] + 7;
        } else {
            args[n++] = argv[i];
        }
    }
    return n;
}

/* Whether @p last is more than CALENDAR_MAX_YEARS years after @p first. */
static bool
range_too_long(int32_t first, int32_t last)
{
    int32_t y, m, d, limit;

    if (wfm_date_to_ymd(first, &y, &m, &d) != WFM_OK)
        return true;
    if (y + CALENDAR_MAX_YEARS > 9999)
        return false; /* the limit is past 9999-12-31: any valid --to is in */
    /* 29 February: 28 February in a year without one. */
    if (wfm_date_from_ymd(y + CALENDAR_MAX_YEARS, m, d, &limit) != WFM_OK
        && wfm_date_from_ymd(y + CALENDAR_MAX_YEARS, m, d - 1, &limit) != WFM_OK)
        return true;
    return last > limit;
}

/* A CSV field per RFC 4180: quoted when it must be. */
static void
print_csv_field(const char *text)
{
    size_t len = strlen(text);
    bool quote = strpbrk(text, ",\"\r\n") != NULL
                 || (len > 0 && (text[0] == ' ' || text[0] == '\t'
                                 || text[len - 1] == ' '
                                 || text[len - 1] == '\t'));

    if (!quote) {
        fputs(text, stdout);
        return;
    }
    putchar('"');
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

static int
calendar_print(const char *prog, const wfm_calendar_days *days)
{
    size_t count = wfm_calendar_days_count(days);
    char date_text[16];

    /* The header is part of the tool's contract: never reorder or rename;
     * new columns go at the end. */
    puts("date,event,offset,closed");
    for (size_t i = 0; i < count; i++) {
        int32_t date, event, offset, closed;
        const char *name;
        wfm_status status;

        status = wfm_calendar_days_row(days, i, &date, &event, &offset, &closed);
        if (status == WFM_OK)
            status = wfm_date_format(date, date_text, sizeof date_text);
        name = wfm_calendar_days_event_name(days, event);
        if (status == WFM_OK && name == NULL)
            status = WFM_EINVAL;
        if (status != WFM_OK) {
            cli_error(prog, "cannot read row %zu of the expansion: %s", i,
                      wfm_status_str(status));
            return CLI_EXIT_FAILURE;
        }
        fputs(date_text, stdout);
        putchar(',');
        print_csv_field(name);
        printf(",%ld,%d\n", (long)offset, closed ? 1 : 0);
    }
    return cli_finish_output(prog);
}

/* Check the options and their combinations; fill the range. */
static int
calendar_request_from(const char *prog, const struct cli_value *v,
                      size_t n_sources, int32_t *first, int32_t *last)
{
    char from_quoted[80], to_quoted[80];

    if (n_sources == 0) {
        cli_error(prog, "missing --calendar or --events (at least one is "
                  "required; see \"wfm calendar --list\" for the presets)");
        return CLI_EXIT_USAGE;
    }
    if (!v[OPT_FROM].seen) {
        cli_error(prog, "missing required option --from");
        return CLI_EXIT_USAGE;
    }
    if (!v[OPT_TO].seen) {
        cli_error(prog, "missing required option --to");
        return CLI_EXIT_USAGE;
    }
    if (!cli_parse_date(prog, "--from", v[OPT_FROM].text, first)
        || !cli_parse_date(prog, "--to", v[OPT_TO].text, last))
        return CLI_EXIT_USAGE;
    cli_quote(v[OPT_FROM].text, from_quoted, sizeof from_quoted);
    cli_quote(v[OPT_TO].text, to_quoted, sizeof to_quoted);
    if (*first > *last) {
        cli_error(prog, "--from %s is after --to %s", from_quoted, to_quoted);
        return CLI_EXIT_USAGE;
    }
    if (range_too_long(*first, *last)) {
        cli_error(prog, "--from %s to --to %s spans more than %d years "
                  "(expand a longer range in pieces)", from_quoted,
                  to_quoted, CALENDAR_MAX_YEARS);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static int
calendar_run(const char *prog, const struct cli_list_item *sources,
             size_t n_sources, int32_t first, int32_t last)
{
    wfm_calendar *calendar = NULL;
    wfm_calendar_days *days = NULL;
    wfm_status status;
    int rc = CLI_EXIT_OK;

    status = wfm_calendar_new(&calendar);
    if (status != WFM_OK) {
        cli_error(prog, "cannot create a calendar: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    for (size_t i = 0; i < n_sources && rc == CLI_EXIT_OK; i++)
        rc = cli_calendar_add(prog, calendar, sources[i].option == OPT_EVENTS,
                              sources[i].text);
    if (rc == CLI_EXIT_OK) {
        status = wfm_calendar_expand(calendar, first, last, &days);
        if (status != WFM_OK) {
            cli_library_error(prog, wfm_calendar_errmsg(calendar), "the calendar",
                              status);
            rc = CLI_EXIT_FAILURE;
        } else
            rc = calendar_print(prog, days);
    }
    wfm_calendar_days_free(days);
    wfm_calendar_free(calendar);
    return rc;
}

int
cmd_calendar(const char *prog, int argc, char **argv)
{
    struct cli_value values[OPT_COUNT];
    struct cli_list_item *sources;
    size_t n_sources = 0;
    int32_t first = 0, last = 0;
    size_t room = argc > 0 ? (size_t)argc : 1;
    const char *list_name;
    char **args;
    int n_args, rc;

    /* argc items always suffice: each value takes at least one argument. */
    sources = malloc(room * sizeof *sources);
    args = malloc(room * sizeof *args);
    if (sources == NULL || args == NULL) {
        free(sources);
        free(args);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    n_args = take_list_name(argc, argv, args, &list_name);
    switch (cli_parse_options_list(prog, calendar_options, OPT_COUNT, values,
                                   sources, room, &n_sources, n_args, args)) {
    case CLI_PARSE_HELP:
        free(sources);
        free(args);
        calendar_usage(stdout);
        return cli_finish_output(prog);
    case CLI_PARSE_ERROR:
        free(sources);
        free(args);
        return CLI_EXIT_USAGE;
    case CLI_PARSE_OK:
        break;
    }
    free(args);
    if (values[OPT_LIST].seen) {
        free(sources);
        if (n_sources > 0 || values[OPT_FROM].seen || values[OPT_TO].seen) {
            cli_error(prog, "--list takes no other option");
            return CLI_EXIT_USAGE;
        }
        if (list_name != NULL)
            return calendar_list_preset(prog, list_name);
        rc = calendar_list();
        return rc == CLI_EXIT_OK ? cli_finish_output(prog) : rc;
    }
    rc = calendar_request_from(prog, values, n_sources, &first, &last);
    if (rc == CLI_EXIT_OK)
        rc = calendar_run(prog, sources, n_sources, first, last);
    free(sources);
    return rc;
}
