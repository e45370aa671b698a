/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h: shared pieces of the `wfm` command-line tool.
 *
 * Each subcommand is one function with the signature of cli_command.run; the
 * table in wfm-main.c lists them. To add `wfm NAME`, write wfm-NAME.c with
 * cmd_NAME(), declare it below, add one row to the table and one file to
 * examples/wfm/meson.build.
 *
 * Options are described by a cli_option table and parsed by
 * cli_parse_options() (or, with --help and exit codes handled too,
 * cli_run_command()), so every subcommand reports bad input the same way:
 * one line on stderr, "wfm SUBCOMMAND: --option: what was wrong", exit 2.
 */
#ifndef WFM_CLI_H
#define WFM_CLI_H

#include <math.h> /* INFINITY, in CLI_OPTION_ANSWER */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <wfm.h>

/* The program name used in messages. Fixed rather than taken from argv[0]:
 * scripts match on the "wfm erlang:" prefix whatever path ran the tool. */
#define CLI_NAME "wfm"

/* Exit codes. */
enum cli_exit {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1, /* valid request the library could not answer, or I/O error */
    CLI_EXIT_USAGE = 2    /* bad command line */
};

/* One subcommand. @p prog is "wfm NAME" for messages; argv holds only the
 * arguments after NAME. Returns the exit code. */
struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(const char *prog, int argc, char **argv);
};

/* What an option takes. */
enum cli_option_kind {
    CLI_FLAG,     /* no value: --csv */
    CLI_NUMBER,   /* a finite number within [min, max], bounds open as flagged */
    CLI_TEXT,     /* a non-empty string, given once: --from 2026-01-01 */
    CLI_TEXT_LIST /* a non-empty string that may be given many times; the
                   * values are kept in order (cli_parse_options_list) */
};

/* Flags for cli_option.bounds: make a bound exclusive. */
enum {
    CLI_MIN_OPEN = 1u << 0,
    CLI_MAX_OPEN = 1u << 1
};

/* The service-level target's rows of an option table (`wfm erlang`,
 * `wfm plan`): both commands take "--sl 0.8 --answer 20" for 80 % in 20 s
 * with the same ranges and words. */
#define CLI_OPTION_SL \
    { "--sl", CLI_NUMBER, 0, 1, CLI_MIN_OPEN | CLI_MAX_OPEN, \
      "a fraction > 0 and < 1 (0.8 for 80 %)", "FRACTION", \
      "service-level target, e.g. 0.8; needs --answer" }
#define CLI_OPTION_ANSWER \
    { "--answer", CLI_NUMBER, 0, INFINITY, 0, "a number >= 0 seconds", "SECONDS", \
      "answer time of the SL, e.g. 20 for \"80 % in 20 s\"" }

struct cli_option {
    const char *name;     /* "--aht" */
    enum cli_option_kind kind;
    double min, max;      /* allowed range of a CLI_NUMBER */
    unsigned bounds;      /* CLI_MIN_OPEN | CLI_MAX_OPEN */
    const char *expected; /* for errors: "a number > 0 seconds" */
    const char *metavar;  /* for --help: "SECONDS"; NULL for flags */
    const char *help;     /* one line for --help */
};

/* The parse result for one option, at the same index as its cli_option. */
struct cli_value {
    bool seen;
    double number;    /* CLI_NUMBER only */
    const char *text; /* the value as given (borrowed from argv), or NULL;
                       * for a CLI_TEXT_LIST, the last one */
    size_t count;     /* how many times the option was given */
};

/* One value of a CLI_TEXT_LIST option, in command-line order. */
struct cli_list_item {
    size_t option;    /* index into the cli_option table */
    const char *text; /* borrowed from argv */
};

enum cli_parse_status {
    CLI_PARSE_OK,
    CLI_PARSE_HELP, /* -h or --help was given: print usage, exit 0 */
    CLI_PARSE_ERROR /* a one-line message is already on stderr */
};

#if defined(__GNUC__)
#  define CLI_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#  define CLI_PRINTF(fmt, first)
#endif

/* Print "PROG: MESSAGE\n" on stderr. MESSAGE must be one line: pass text
 * that came from the user through cli_quote() first. */
void cli_error(const char *prog, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Write @p text into @p buf (of @p size >= 8 bytes) as a double-quoted,
 * escaped, possibly shortened string that is safe to put in a one-line
 * message: control characters, quotes and backslashes are escaped. */
void cli_quote(const char *text, char *buf, size_t size);

/* Parse a whole string as a finite plain decimal number:
 * [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?, '.' the decimal point
 * whatever the locale. Returns false, leaving @p value alone, for anything
 * else: blanks, hexadecimal ("0x10", "0x1p4"), "inf", "nan", an overflow
 * ("1e999"). */
bool cli_parse_number(const char *text, double *value);

/* Whether @p text is a whole number written as one: [+-]? D+. */
bool cli_is_integer_text(const char *text);

/* "" or, for a text holding a form strtod() reads but a CLI number is not
 * (hexadecimal, inf, nan), " (numbers are plain decimals ...)", to append
 * to an "expected ..., got ..." message. */
const char *cli_number_hint(const char *text);

/* Format @p x with the fewest significant digits (up to 17) that read back
 * as the same double, e.g. 0.3 rather than 0.29999999999999999; infinities
 * as "inf" / "-inf". */
void cli_format_double(double x, char *buf, size_t size);

/* Parse argv (the arguments after the subcommand name) against @p options.
 * Accepts "--name value" and "--name=value". Reports unknown, repeated or
 * valueless options, values that are not numbers or are out of range, empty
 * texts, and arguments that are not options. */
enum cli_parse_status cli_parse_options(const char *prog,
                                        const struct cli_option *options,
                                        size_t count, struct cli_value *values,
                                        int argc, char **argv);

/* cli_parse_options(), and every value of the CLI_TEXT_LIST options, in
 * command-line order, into @p list (room for @p capacity items; argc items
 * are always enough); *list_count receives their number. */
enum cli_parse_status cli_parse_options_list(const char *prog,
                                             const struct cli_option *options,
                                             size_t count,
                                             struct cli_value *values,
                                             struct cli_list_item *list,
                                             size_t capacity,
                                             size_t *list_count, int argc,
                                             char **argv);

/* Whether @p x lies within a CLI_NUMBER @p option's range, its bounds open
 * or closed as flagged. */
bool cli_in_range(const struct cli_option *option, double x);

/* What a subcommand does once its command line is parsed: @p values are
 * indexed as its option table, @p items hold its list options' values in
 * order, @p data is what it gave cli_run_command(). Returns the exit code. */
typedef int cli_command_body(const char *prog, const struct cli_value *values,
                             const struct cli_list_item *items, size_t n_items,
                             void *data);

/* The frame of a subcommand: parse @p argv against @p options (list
 * options kept in order); for --help print @p usage on stdout and exit 0
 * (1 if stdout fails); for a bad command line exit 2 (the message is on
 * stderr); otherwise return what @p body returns. */
int cli_run_command(const char *prog, const struct cli_option *options,
                    size_t count, void (*usage)(FILE *out),
                    cli_command_body *body, void *data, int argc, char **argv);

/* Whether every option of @p required (indices into @p options) was given;
 * if not, prints "PROG: missing required option --NAME" for the first
 * missing one and returns false. */
bool cli_check_required(const char *prog, const struct cli_option *options,
                        const struct cli_value *values, const size_t *required,
                        size_t n_required);

/* Print one aligned "  --name METAVAR   help" line per option. */
void cli_print_options(FILE *out, const struct cli_option *options,
                       size_t count);

/* Flush stdout and turn a write error (disk full, closed pipe) into a
 * message and CLI_EXIT_FAILURE; otherwise CLI_EXIT_OK. */
int cli_finish_output(const char *prog);

/* Parse @p text, a comma-separated list of numbers ("0.1,0.9"), each as
 * cli_parse_number() reads it, into @p values (room for @p capacity).
 * Returns false, with *count unspecified, for an empty item, a non-number
 * or more than @p capacity items; otherwise *count receives their number. */
bool cli_parse_number_list(const char *text, double *values, size_t capacity,
                           size_t *count);

/* Parse the value of a date option ("--from", "--start"): YYYY-MM-DD from
 * 0001-01-01 to 9999-12-31. On error print "PROG: OPTION: ..." (telling a
 * day that does not exist from a wrong form) and return false. */
bool cli_parse_date(const char *prog, const char *option, const char *text,
                    int32_t *date);

/* Print "PROG: MESSAGE" on stderr as one line, escaping control characters
 * (a newline in a file name that the library quoted back). An empty or
 * NULL @p message prints "WHAT: STATUS" instead. */
void cli_library_error(const char *prog, const char *message, const char *what,
                       int32_t status);

/* Whether @p name is a built-in calendar preset's name. */
bool cli_is_preset(const char *name);

/* The presets' names, "us-retail, uk-retail, ...", into @p buf, shortened
 * with "..." if need be. */
void cli_preset_list(char *buf, size_t size);

/* Add one --calendar (@p events false) or --events (@p events true)
 * argument to @p calendar: a preset name, else a calendar file; or a
 * Prophet holiday CSV. Returns CLI_EXIT_OK, CLI_EXIT_USAGE for a NAME that
 * is neither a preset nor an existing file, or CLI_EXIT_FAILURE when the
 * library cannot read the file (its message is on stderr). */
int cli_calendar_add(const char *prog, wfm_calendar *calendar, bool events,
                     const char *arg);

/* ------------------------------------------------------------------------ */
/* Shared by `wfm forecast` and `wfm plan` (the history, calendar and
 * forecast options), so both read them, and fail, the same way.            */

/* The longest forecast wfm_forecast_run() accepts, in days. */
#define CLI_FORECAST_MAX_DAYS 3660
/* An uplift's day offsets: -366 … 366 (wfm_forecast_add_uplift()). */
#define CLI_UPLIFT_MAX_OFFSET 366

/* The --events and --calendar rows of an option table (forecast, backtest,
 * plan): cli_build_calendar() reads them the same way in every command,
 * so every command describes them alike. */
#define CLI_OPTION_EVENTS \
    { "--events", CLI_TEXT_LIST, 0, 0, 0, "a Prophet holiday CSV file", "FILE", \
      "Prophet's holiday CSV (repeatable)" }
#define CLI_OPTION_CALENDAR \
    { "--calendar", CLI_TEXT_LIST, 0, 0, 0, "a preset name or a calendar file", \
      "NAME|FILE", "a built-in preset or a calendar file (repeatable)" }

/* The --method and --training-days rows of `wfm forecast` and `wfm
 * backtest`, which forecasts as `wfm forecast` does. (`wfm plan` words
 * them its own way: --method as the forecast's, the fit window as
 * --fit-days, since its --training-days is the hires' lead.) */
#define CLI_OPTION_METHOD \
    { "--method", CLI_TEXT, 0, 0, 0, "auto, regression or recent-weeks", "NAME", \
      "auto (default), regression or recent-weeks" }
#define CLI_OPTION_TRAINING_DAYS \
    { "--training-days", CLI_NUMBER, 0, 1000000, 0, "a whole number of days >= 0", \
      "N", "fit on the last N days only (default 0 = all)" }

/* One parsed --uplift. */
struct cli_uplift {
    char *event; /* owned: free() it */
    int32_t first, last;
    double fraction;
};

/* The forecast settings of the command line. */
struct cli_forecast_settings {
    bool has_quantiles;
    double lower_quantile, upper_quantile;
    bool has_method;
    int32_t method;
    bool has_training_days;
    int32_t training_days;
    const struct cli_uplift *uplifts; /* borrowed */
    size_t n_uplifts;
};

/* The value of a CLI_NUMBER @p option as a whole number (its range already
 * checked); prints "PROG: --name: expected ..., got ..." and returns false
 * for a fraction. */
bool cli_whole_number(const char *prog, const struct cli_option *option,
                      const struct cli_value *value, int32_t *out);

/* --quantiles LO,HI: 0 < LO <= 0.5 <= HI < 1 and LO < HI. */
bool cli_parse_quantiles(const char *prog, const struct cli_option *option,
                         const char *text, double *lower, double *upper);

/* --method: a wfm_forecast_method_name(). */
bool cli_parse_forecast_method(const char *prog, const char *text,
                               int32_t *method);

/* --uplift EVENT:FIRST..LAST:FRACTION (or EVENT:OFFSET:FRACTION). */
bool cli_parse_uplift(const char *prog, const char *text, struct cli_uplift *u);

/* Where a command's forecast options sit in its option table. */
struct cli_forecast_option_ids {
    size_t quantiles, method, training_days, uplift;
};

/* Read the forecast options both commands share into @p settings, checking
 * them in this order: --quantiles, --method, the training window, then the
 * --uplift items (parsed into @p uplifts, room for @p n_items, which
 * settings->uplifts then points at). *n_sources counts the other items
 * (--calendar, --events); an uplift needs one of them. Returns an exit code
 * (the error is on stderr). Parsed uplifts are counted in
 * settings->n_uplifts even on failure: free them with cli_free_uplifts(). */
int cli_forecast_settings_from(const char *prog,
                               const struct cli_option *options,
                               const struct cli_value *values,
                               const struct cli_forecast_option_ids *ids,
                               const struct cli_list_item *items,
                               size_t n_items, struct cli_uplift *uplifts,
                               struct cli_forecast_settings *settings,
                               size_t *n_sources);

/* Room for the uplifts among @p n_items list items (one an item at most),
 * for cli_forecast_settings_from(); NULL after "out of memory". */
struct cli_uplift *cli_new_uplifts(const char *prog, size_t n_items);

/* Free the events of @p n parsed uplifts and the array itself. */
void cli_free_uplifts(struct cli_uplift *uplifts, size_t n);

/* Whether @p days days from @p start stay within 9999-12-31; if not, says
 * so naming --days and --start (as @p start_text) and returns false. */
bool cli_check_span(const char *prog, int32_t start, int32_t days,
                    const char *start_text);

/* The calendar of the items of options @p calendar_option (--calendar) and
 * @p events_option (--events), in command-line order; NULL in *calendar
 * when there are none. Returns an exit code (errors are on stderr). */
int cli_build_calendar(const char *prog, const struct cli_list_item *items,
                       size_t n_items, size_t calendar_option,
                       size_t events_option, wfm_calendar **calendar);

/* Read the --history file; fail (exit 1, one line) if it cannot be read,
 * has no rows or has no day before @p start. *history is set even on
 * failure (free it). */
int cli_read_history(const char *prog, const char *path, int32_t start,
                     wfm_history **history, int32_t *first, int32_t *days,
                     int32_t *interval);

/* Create a forecaster with the settings and what-ifs and run it for @p days
 * days from @p start; any failure is one line and exit 1. *forecast is set
 * even on failure (free it). */
int cli_forecast_run(const char *prog,
                     const struct cli_forecast_settings *settings,
                     const wfm_history *history, wfm_calendar *calendar,
                     int32_t start, int32_t days, wfm_forecast **forecast);

/* Write with @p write to the file @p path (given as @p option, e.g.
 * "--out"), or to stdout when @p path is NULL; open, write and close
 * errors become one line and CLI_EXIT_FAILURE. The file is written as a
 * cli_output: complete or not at all. */
int cli_write_file(const char *prog, const char *option, const char *path,
                   void (*write)(FILE *out, const void *data),
                   const void *data);

/* ------------------------------------------------------------------------ */
/* Output files, all or nothing. A command's output file is written to a
 * temporary file in the destination's folder (".NAME.XXXXXX", mode as
 * the destination's, else 0666 less the umask), flushed to disk, and
 * renamed over the destination only when it, and every other output of
 * the command, is complete: a failed write (disk full, `ulimit -f`) or a
 * failed command leaves the destination as it was and no temporary file
 * (also on SIGINT, SIGTERM or SIGHUP). A destination that exists and is
 * not a regular file (/dev/null, /dev/stdout, a FIFO) is written in
 * place: there is nothing to rename over. A symbolic link's target is
 * replaced, not the link.
 *
 *   struct cli_output o = CLI_OUTPUT_INIT;
 *   rc = cli_output_open(prog, "--out", path, &o);
 *   ... write to o.file ...
 *   rc = cli_output_close(prog, &o);     (complete: flushed and closed)
 *   rc = cli_output_commit(prog, &o);    (after every output closed)
 *   cli_output_discard(&o);              (always: removes what was not
 *                                         committed) */
struct cli_output {
    const char *option; /* "--out", for messages */
    const char *path;   /* as given (borrowed) */
    char *target;       /* what the rename replaces (owned) */
    char *tmp;          /* the temporary file (owned); NULL when written in place */
    FILE *file;         /* open between open and close */
    bool closed, committed;
};

#define CLI_OUTPUT_INIT { NULL, NULL, NULL, NULL, NULL, false, false }

int cli_output_open(const char *prog, const char *option, const char *path,
                    struct cli_output *o);
int cli_output_close(const char *prog, struct cli_output *o);
int cli_output_commit(const char *prog, struct cli_output *o);
void cli_output_discard(struct cli_output *o);

/* Process-wide set-up of the tool, first thing in main(): a write past
 * the file-size limit (`ulimit -f`) fails with EFBIG, which is reported,
 * instead of killing the tool with SIGXFSZ. */
void cli_init_signals(void);

/* An option naming a file, for cli_check_outputs(). */
struct cli_named_path {
    const char *option; /* "--history" */
    const char *path;
};

/* Refuse, before anything is read or written, an output that names an
 * input file (--out equal to --history, through any path, link or hard
 * link: same device and inode, or the same resolved path) or another
 * output. Returns CLI_EXIT_OK, or CLI_EXIT_USAGE after one line. */
int cli_check_outputs(const char *prog, const struct cli_named_path *outputs,
                      size_t n_outputs, const struct cli_named_path *inputs,
                      size_t n_inputs);

/* cli_check_outputs() for a command that reads @p inputs (--history, ...)
 * and the files among its --calendar (@p calendar_option, presets skipped)
 * and --events (@p events_option) items, in that order. An output or input
 * whose path is NULL was not given and is skipped; without any output,
 * CLI_EXIT_OK at once. */
int cli_check_command_outputs(const char *prog,
                              const struct cli_named_path *outputs,
                              size_t n_outputs,
                              const struct cli_named_path *inputs,
                              size_t n_inputs, const struct cli_list_item *items,
                              size_t n_items, size_t calendar_option,
                              size_t events_option);

/* Print @p x with @p decimals decimals ("%.*f"), never as "-0.000". */
void cli_put_fixed(FILE *out, double x, int decimals);

/* Subcommands. */
int cmd_erlang(const char *prog, int argc, char **argv);
int cmd_calendar(const char *prog, int argc, char **argv);
int cmd_forecast(const char *prog, int argc, char **argv);
int cmd_plan(const char *prog, int argc, char **argv);
int cmd_backtest(const char *prog, int argc, char **argv);

#endif /* WFM_CLI_H */
