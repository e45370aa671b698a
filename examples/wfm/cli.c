/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: option parsing and messages shared by the `wfm` subcommands. */
#define _XOPEN_SOURCE 700 /* POSIX 2008 with realpath(): stat(), mkstemp(), sigaction() */

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void
cli_error(const char *prog, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Append the escaped form of byte @p c to @p out (room for 4 bytes assumed). */
static size_t
quote_byte(unsigned char c, char *out)
{
    static const char hex[] = "0123456789abcdef";

    switch (c) {
    case '"':  memcpy(out, "\\\"", 2); return 2;
    case '\\': memcpy(out, "\\\\", 2); return 2;
    case '\n': memcpy(out, "\\n", 2);  return 2;
    case '\r': memcpy(out, "\\r", 2);  return 2;
    case '\t': memcpy(out, "\\t", 2);  return 2;
    default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
        out[0] = '\\';
        out[1] = 'x';
        out[2] = hex[c >> 4];
        out[3] = hex[c & 0xf];
        return 4;
    }
    out[0] = (char)c; /* printable ASCII and UTF-8 bytes pass through */
    return 1;
}

void
cli_quote(const char *text, char *buf, size_t size)
{
    /* Reserve room for the closing quote, "..." and the NUL. */
    const size_t tail = 1 + 3 + 1;
    size_t len = 0;
    char piece[4];

    buf[len++] = '"';
    for (; *text != '\0'; text++) {
        size_t n = quote_byte((unsigned char)*text, piece);
        if (len + n + tail > size) {
            memcpy(buf + len, "...", 3);
            len += 3;
            break;
        }
        memcpy(buf + len, piece, n);
        len += n;
    }
    buf[len++] = '"';
    buf[len] = '\0';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether @p text is a plain decimal number as a whole:
 * [+-]? (D+ (. D*)? | . D+) ([eE] [+-]? D+)?  with D a digit 0-9. No
 * blanks, no hexadecimal ("0x10", "0x1p4"), no "inf", "nan" or
 * "infinity", no digit-group separators, '.' as the decimal point. */
static bool
is_decimal(const char *t)
{
    size_t int_digits = 0, frac_digits = 0;

    if (*t == '+' || *t == '-')
        t++;
    for (; is_digit(*t); t++)
        int_digits++;
    if (*t == '.') {
        for (t++; is_digit(*t); t++)
            frac_digits++;
    }
    if (int_digits + frac_digits == 0)
        return false;
    if (*t == 'e' || *t == 'E') {
        size_t exp_digits = 0;

        t++;
        if (*t == '+' || *t == '-')
            t++;
        for (; is_digit(*t); t++)
            exp_digits++;
        if (exp_digits == 0)
            return false;
    }
    return *t == '\0';
}

bool
cli_is_integer_text(const char *text)
{
    if (*text == '+' || *text == '-')
        text++;
    if (!is_digit(*text))
        return false;
    while (is_digit(*text))
        text++;
    return *text == '\0';
}

const char *
cli_number_hint(const char *text)
{
    /* Forms strtod() reads but a CLI number is not: say why. */
    static const char *const words[] = { "0x", "0X", "inf", "INF", "Inf", "nan",
                                         "NAN", "NaN" };

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strstr(text, words[i]) != NULL)
            return " (numbers are plain decimals such as 150, 0.85 or 1e-6: "
                   "no hexadecimal, inf or nan)";
    }
    return "";
}

bool
cli_parse_number(const char *text, double *value)
{
    char buf[128];
    const char *point = localeconv()->decimal_point;
    char *end;
    double x;

    /* The grammar first (is_decimal()): it also refuses what strtod()
     * would take from a script's bug, " 20" or "20 ". */
    if (!is_decimal(text))
        return false;
    /* The tool never calls setlocale(), so strtod()'s decimal point is
     * '.'; should a locale with another one ever be in force, the '.' of
     * the text is swapped for it, so that the same text gives the same
     * number everywhere. */
    if (point != NULL && strcmp(point, ".") != 0 && point[0] != '\0') {
        const char *dot = strchr(text, '.');

        if (dot != NULL) {
            size_t head = (size_t)(dot - text), plen = strlen(point);

            if (strlen(text) + plen >= sizeof buf)
                return false;
            memcpy(buf, text, head);
            memcpy(buf + head, point, plen);
            strcpy(buf + head + plen, dot + 1);
            text = buf;
        }
    }
    errno = 0;
    x = strtod(text, &end);
    /* The whole string must be the number, and an overflowing "1e999" is
     * not a usable input. Underflow to 0 or a subnormal is left to the
     * range checks. */
    if (*end != '\0' || !isfinite(x))
        return false;
    *value = x;
    return true;
}

void
cli_format_double(double x, char *buf, size_t size)
{
    int shortest = 17;

    if (isinf(x)) {
        snprintf(buf, size, "%s", x > 0 ? "inf" : "-inf");
        return;
    }
    /* 17 significant digits always round-trip a double; fewer usually do
     * and read better (0.3, not 0.29999999999999999). */
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x) {
            shortest = digits;
            break;
        }
    }
    /* %g switches to an exponent when the digits run out: 1800 is "2e+03"
     * at 1 digit. Spend more digits to avoid it where that is enough. */
    for (int digits = shortest; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        if (strchr(buf, 'e') == NULL)
            return;
    }
    snprintf(buf, size, "%.*g", shortest, x);
}

bool
cli_in_range(const struct cli_option *option, double x)
{
    if (x < option->min || (x == option->min && (option->bounds & CLI_MIN_OPEN)))
        return false;
    if (x > option->max || (x == option->max && (option->bounds & CLI_MAX_OPEN)))
        return false;
    return true;
}

/* The option named by the first @p len bytes of @p name, or NULL. */
static const struct cli_option *
find_option(const struct cli_option *options, size_t count, const char *name,
            size_t len)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(options[i].name) == len
            && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    }
    return NULL;
}

static bool
is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* Check and store the value @p text of a CLI_NUMBER option. */
static bool
store_number(const char *prog, const struct cli_option *option,
             const char *text, struct cli_value *value)
{
    char quoted[80];
    double x;

    if (!cli_parse_number(text, &x) || !cli_in_range(option, x)) {
        cli_quote(text, quoted, sizeof quoted);
        cli_error(prog, "%s: expected %s, got %s%s", option->name,
                  option->expected, quoted, cli_number_hint(text));
        return false;
    }
    value->number = x;
    value->text = text;
    return true;
}

/* Check and store the value @p text of a CLI_TEXT or CLI_TEXT_LIST option;
 * the values of a list also go to @p list. */
static bool
store_text(const char *prog, const struct cli_option *option, size_t index,
           const char *text, struct cli_value *value,
           struct cli_list_item *list, size_t capacity, size_t *list_count)
{
    if (text[0] == '\0') {
        cli_error(prog, "%s: expected %s, got \"\"", option->name,
                  option->expected);
        return false;
    }
    value->text = text;
    if (option->kind == CLI_TEXT_LIST && list != NULL) {
        if (*list_count >= capacity) {
            cli_error(prog, "%s: given too many times", option->name);
            return false;
        }
        list[*list_count] = (struct cli_list_item){ .option = index, .text = text };
        ++*list_count;
    }
    return true;
}

enum cli_parse_status
cli_parse_options(const char *prog, const struct cli_option *options,
                  size_t count, struct cli_value *values, int argc,
                  char **argv)
{
    return cli_parse_options_list(prog, options, count, values, NULL, 0,
                                  NULL, argc, argv);
}

enum cli_parse_status
cli_parse_options_list(const char *prog, const struct cli_option *options,
                       size_t count, struct cli_value *values,
                       struct cli_list_item *list, size_t capacity,
                       size_t *list_count, int argc, char **argv)
{
    char quoted[80];
    size_t unused_count = 0;

    if (list_count == NULL)
        list_count = &unused_count;
    *list_count = 0;
    for (size_t i = 0; i < count; i++)
        values[i] = (struct cli_value){ .seen = false, .number = 0, .text = NULL,
                                        .count = 0 };

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *equals;
        const char *text;
        const struct cli_option *option;
        struct cli_value *value;

        if (is_help(arg))
            return CLI_PARSE_HELP;
        if (strncmp(arg, "--", 2) != 0) {
            cli_quote(arg, quoted, sizeof quoted);
            cli_error(prog, "unexpected argument %s (options start with --)",
                      quoted);
            return CLI_PARSE_ERROR;
        }
        equals = strchr(arg, '=');
        option = find_option(options, count, arg,
                             equals ? (size_t)(equals - arg) : strlen(arg));
        if (option == NULL) {
            cli_quote(arg, quoted, sizeof quoted);
            cli_error(prog, "unknown option %s", quoted);
            return CLI_PARSE_ERROR;
        }
        value = &values[option - options];
        if (value->seen && option->kind != CLI_TEXT_LIST) {
            cli_error(prog, "%s: given more than once", option->name);
            return CLI_PARSE_ERROR;
        }
        value->seen = true;
        value->count++;

        if (option->kind == CLI_FLAG) {
            if (equals != NULL) {
                cli_error(prog, "%s: takes no value", option->name);
                return CLI_PARSE_ERROR;
            }
            continue;
        }
        /* A following "--word" is the next option, not this one's value
         * (no number starts with "--"): "--aht --sl 0.8" lacks a value.
         * A text that starts with "--" can be given as --name=--text. */
        if (equals != NULL)
            text = equals + 1;
        else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
            text = argv[++i];
        else {
            cli_error(prog, "%s: missing value (expected %s)", option->name,
                      option->expected);
            return CLI_PARSE_ERROR;
        }
        if (option->kind == CLI_NUMBER) {
            if (!store_number(prog, option, text, value))
                return CLI_PARSE_ERROR;
        } else if (!store_text(prog, option, (size_t)(option - options), text,
                               value, list, capacity, list_count)) {
            return CLI_PARSE_ERROR;
        }
    }
    return CLI_PARSE_OK;
}

int
cli_run_command(const char *prog, const struct cli_option *options,
                size_t count, void (*usage)(FILE *out), cli_command_body *body,
                void *data, int argc, char **argv)
{
    /* argc items always suffice: each value takes at least one argument. */
    size_t room = argc > 0 ? (size_t)argc : 1, n_items = 0;
    struct cli_value *values = malloc(count * sizeof *values);
    struct cli_list_item *items = malloc(room * sizeof *items);
    int rc;

    if (values == NULL || items == NULL) {
        free(values);
        free(items);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    switch (cli_parse_options_list(prog, options, count, values, items, room,
                                   &n_items, argc, argv)) {
    case CLI_PARSE_HELP:
        usage(stdout);
        rc = cli_finish_output(prog);
        break;
    case CLI_PARSE_ERROR:
        rc = CLI_EXIT_USAGE;
        break;
    case CLI_PARSE_OK:
    default:
        rc = body(prog, values, items, n_items, data);
        break;
    }
    free(items);
    free(values);
    return rc;
}

bool
cli_check_required(const char *prog, const struct cli_option *options,
                   const struct cli_value *values, const size_t *required,
                   size_t n_required)
{
    for (size_t i = 0; i < n_required; i++) {
        if (!values[required[i]].seen) {
            cli_error(prog, "missing required option %s", options[required[i]].name);
            return false;
        }
    }
    return true;
}

void
cli_print_options(FILE *out, const struct cli_option *options, size_t count)
{
    char left[64];

    for (size_t i = 0; i < count; i++) {
        if (options[i].metavar != NULL)
            snprintf(left, sizeof left, "%s %s", options[i].name,
                     options[i].metavar);
        else
            snprintf(left, sizeof left, "%s", options[i].name);
        fprintf(out, "  %-26s %s\n", left, options[i].help);
    }
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help and exit");
}

int
cli_finish_output(const char *prog)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        /* errno is only meaningful if the flush itself failed; an earlier
         * failed write leaves just the stream's error flag. */
        cli_error(prog, "cannot write the output: %s",
                  errno != 0 ? strerror(errno) : "write error");
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

bool
cli_parse_number_list(const char *text, double *values, size_t capacity,
                      size_t *count)
{
    char item[64];
    size_t n = 0;

    for (const char *p = text;; n++) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);

        /* An item longer than any sensible number is not one. */
        if (n >= capacity || len == 0 || len >= sizeof item)
            return false;
        memcpy(item, p, len);
        item[len] = '\0';
        if (!cli_parse_number(item, &values[n]))
            return false;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    *count = n + 1;
    return true;
}

bool
cli_parse_date(const char *prog, const char *option, const char *text,
               int32_t *date)
{
    char quoted[80];
    bool shaped = strlen(text) == 10;

    if (wfm_date_parse(text, date) == WFM_OK)
        return true;
    /* Tell "2026-02-30" (no such day) from "2026-2-3" (wrong form). */
    for (size_t i = 0; shaped && i < 10; i++) {
        if (i == 4 || i == 7)
            shaped = text[i] == '-';
        else
            shaped = text[i] >= '0' && text[i] <= '9';
    }
    cli_quote(text, quoted, sizeof quoted);
    if (shaped)
        cli_error(prog, "%s: no such date %s (expected a date YYYY-MM-DD "
                  "from 0001-01-01 to 9999-12-31)", option, quoted);
    else
        cli_error(prog, "%s: expected a date YYYY-MM-DD, got %s", option,
                  quoted);
    return false;
}

void
cli_library_error(const char *prog, const char *message, const char *what,
                  int32_t status)
{
    char quoted[200];

    fprintf(stderr, "%s: ", prog);
    if (message != NULL && message[0] != '\0') {
        for (const unsigned char *p = (const unsigned char *)message;
             *p != '\0'; p++) {
            if (*p < 0x20 || *p == 0x7f)
                fprintf(stderr, "\\x%02x", *p);
            else
                fputc(*p, stderr);
        }
    } else {
        cli_quote(what, quoted, sizeof quoted);
        fprintf(stderr, "%s: %s", quoted, wfm_status_str(status));
    }
    fputc('\n', stderr);
}

bool
cli_is_preset(const char *name)
{
    const char *preset;

    for (size_t i = 0; (preset = wfm_calendar_preset_name(i)) != NULL; i++) {
        if (strcmp(preset, name) == 0)
            return true;
    }
    return false;
}

void
cli_preset_list(char *buf, size_t size)
{
    const char *preset;
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; (preset = wfm_calendar_preset_name(i)) != NULL; i++) {
        const char *sep = i == 0 ? "" : ", ";
        size_t need = strlen(sep) + strlen(preset);

        if (len + need + 4 >= size) {
            snprintf(buf + len, size - len, "%s...", sep);
            return;
        }
        len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, preset);
    }
}

int
cli_calendar_add(const char *prog, wfm_calendar *calendar, bool events,
                 const char *arg)
{
    char quoted[80];
    char presets[512];
    struct stat st;
    wfm_status status;

    if (events) {
        status = wfm_calendar_add_prophet_file(calendar, arg);
    } else if (cli_is_preset(arg)) {
        status = wfm_calendar_add_preset(calendar, arg);
    } else if (stat(arg, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        cli_quote(arg, quoted, sizeof quoted);
        cli_preset_list(presets, sizeof presets);
        cli_error(prog, "--calendar: %s is neither a preset nor a file "
                  "(presets: %s)", quoted, presets);
        return CLI_EXIT_USAGE;
    } else {
        /* The library says why a file that exists cannot be read. */
        status = wfm_calendar_add_file(calendar, arg);
    }
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_calendar_errmsg(calendar), arg, status);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Shared by `wfm forecast` and `wfm plan`: the history, calendar and
 * forecast options, so both read them, and fail, the same way.             */

bool
cli_whole_number(const char *prog, const struct cli_option *option,
                 const struct cli_value *value, int32_t *out)
{
    double x = value->number;
    char quoted[80];

    /* CLI_NUMBER kept x within the option's int32 range: the cast is safe
     * (and spares the tool libm's floor()). A whole number is written as
     * one: digits, no "7.0" or "1e3". */
    if (!cli_is_integer_text(value->text) || (double)(int32_t)x != x) {
        cli_quote(value->text, quoted, sizeof quoted);
        cli_error(prog, "%s: expected %s, got %s", option->name,
                  option->expected, quoted);
        return false;
    }
    *out = (int32_t)x;
    return true;
}

bool
cli_parse_quantiles(const char *prog, const struct cli_option *option,
                    const char *text, double *lower, double *upper)
{
    double q[2];
    size_t n = 0;
    char quoted[80];

    if (!cli_parse_number_list(text, q, 2, &n) || n != 2
        || !(q[0] > 0.0 && q[0] <= 0.5) || !(q[1] >= 0.5 && q[1] < 1.0)
        || !(q[0] < q[1])) {
        cli_quote(text, quoted, sizeof quoted);
        cli_error(prog, "%s: expected %s, got %s%s", option->name,
                  option->expected, quoted, cli_number_hint(text));
        return false;
    }
    *lower = q[0];
    *upper = q[1];
    return true;
}

bool
cli_parse_forecast_method(const char *prog, const char *text, int32_t *method)
{
    const char *name;
    char quoted[80];

    for (int32_t m = 0; (name = wfm_forecast_method_name(m)) != NULL; m++) {
        if (strcmp(name, text) == 0) {
            *method = m;
            return true;
        }
    }
    cli_quote(text, quoted, sizeof quoted);
    cli_error(prog, "--method: expected auto, regression or recent-weeks, got %s",
              quoted);
    return false;
}

/* A signed day offset "-1", "+3" or "0" within ±CLI_UPLIFT_MAX_OFFSET. */
static bool
parse_offset(const char *text, size_t len, int32_t *offset)
{
    char buf[16];
    char *end;
    long v;

    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (!(buf[0] == '-' || buf[0] == '+' || (buf[0] >= '0' && buf[0] <= '9')))
        return false;
    errno = 0;
    v = strtol(buf, &end, 10);
    if (errno != 0 || *end != '\0' || end == buf
        || v < -CLI_UPLIFT_MAX_OFFSET || v > CLI_UPLIFT_MAX_OFFSET)
        return false;
    *offset = (int32_t)v;
    return true;
}

/* EVENT:FIRST..LAST:FRACTION (or EVENT:OFFSET:FRACTION); the event name may
 * itself hold colons, so the last two colons split. */
bool
cli_parse_uplift(const char *prog, const char *text, struct cli_uplift *u)
{
    const char *fraction_colon = strrchr(text, ':');
    const char *offsets_colon = NULL;
    const char *dots;
    char quoted[80];
    size_t event_len;

    if (fraction_colon != NULL) {
        for (const char *p = fraction_colon; p > text; p--) {
            if (p[-1] == ':') {
                offsets_colon = p - 1;
                break;
            }
        }
    }
    cli_quote(text, quoted, sizeof quoted);
    if (offsets_colon == NULL || offsets_colon == text) {
        cli_error(prog, "--uplift: expected EVENT:FIRST..LAST:FRACTION "
                  "(e.g. black_friday:0..0:2.5), got %s", quoted);
        return false;
    }
    event_len = (size_t)(offsets_colon - text);
    {
        const char *offsets = offsets_colon + 1;
        size_t offsets_len = (size_t)(fraction_colon - offsets);

        dots = strstr(offsets, "..");
        if (dots != NULL && dots < fraction_colon) {
            if (!parse_offset(offsets, (size_t)(dots - offsets), &u->first)
                || !parse_offset(dots + 2, (size_t)(fraction_colon - dots - 2),
                                 &u->last)) {
                cli_error(prog, "--uplift: offsets must be whole numbers of days "
                          "from -366 to 366, got %s", quoted);
                return false;
            }
        } else if (parse_offset(offsets, offsets_len, &u->first)) {
            u->last = u->first;
        } else {
            cli_error(prog, "--uplift: offsets must be whole numbers of days "
                      "from -366 to 366, got %s", quoted);
            return false;
        }
    }
    if (u->first > u->last) {
        cli_error(prog, "--uplift: the first offset is after the last in %s",
                  quoted);
        return false;
    }
    if (!cli_parse_number(fraction_colon + 1, &u->fraction)
        || !(u->fraction > -1.0)) {
        cli_error(prog, "--uplift: expected a FRACTION > -1 (2.5 = +250 %%, "
                  "-0.3 = -30 %%), got %s%s", quoted,
                  cli_number_hint(fraction_colon + 1));
        return false;
    }
    u->event = malloc(event_len + 1);
    if (u->event == NULL) {
        cli_error(prog, "out of memory");
        return false;
    }
    memcpy(u->event, text, event_len);
    u->event[event_len] = '\0';
    return true;
}

int
cli_forecast_settings_from(const char *prog, const struct cli_option *options,
                           const struct cli_value *values,
                           const struct cli_forecast_option_ids *ids,
                           const struct cli_list_item *items, size_t n_items,
                           struct cli_uplift *uplifts,
                           struct cli_forecast_settings *settings,
                           size_t *n_sources)
{
    const struct cli_value *quantiles = &values[ids->quantiles];
    const struct cli_value *method = &values[ids->method];
    const struct cli_value *training = &values[ids->training_days];

    if (quantiles->seen) {
        if (!cli_parse_quantiles(prog, &options[ids->quantiles], quantiles->text,
                                 &settings->lower_quantile,
                                 &settings->upper_quantile))
            return CLI_EXIT_USAGE;
        settings->has_quantiles = true;
    }
    if (method->seen) {
        if (!cli_parse_forecast_method(prog, method->text, &settings->method))
            return CLI_EXIT_USAGE;
        settings->has_method = true;
    }
    if (training->seen) {
        if (!cli_whole_number(prog, &options[ids->training_days], training,
                              &settings->training_days))
            return CLI_EXIT_USAGE;
        settings->has_training_days = true;
    }
    settings->uplifts = uplifts;
    *n_sources = 0;
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].option == ids->uplift) {
            if (!cli_parse_uplift(prog, items[i].text,
                                  &uplifts[settings->n_uplifts]))
                return CLI_EXIT_USAGE;
            settings->n_uplifts++;
        } else {
            (*n_sources)++;
        }
    }
    if (settings->n_uplifts > 0 && *n_sources == 0) {
        cli_error(prog, "--uplift needs a calendar that has the event "
                  "(--calendar or --events)");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

struct cli_uplift *
cli_new_uplifts(const char *prog, size_t n_items)
{
    struct cli_uplift *uplifts = calloc(n_items > 0 ? n_items : 1, sizeof *uplifts);

    if (uplifts == NULL)
        cli_error(prog, "out of memory");
    return uplifts;
}

void
cli_free_uplifts(struct cli_uplift *uplifts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(uplifts[i].event);
    free(uplifts);
}

bool
cli_check_span(const char *prog, int32_t start, int32_t days,
               const char *start_text)
{
    int32_t last_day;

    if (wfm_date_from_ymd(9999, 12, 31, &last_day) == WFM_OK
        && (int64_t)start + days - 1 <= last_day)
        return true;
    cli_error(prog, "--days: %d days from --start %s run past 9999-12-31",
              (int)days, start_text);
    return false;
}

int
cli_build_calendar(const char *prog, const struct cli_list_item *items,
                   size_t n_items, size_t calendar_option, size_t events_option,
                   wfm_calendar **calendar)
{
    wfm_status status;
    size_t n_sources = 0;
    int rc = CLI_EXIT_OK;

    *calendar = NULL;
    for (size_t i = 0; i < n_items; i++)
        n_sources += items[i].option == calendar_option
                     || items[i].option == events_option;
    if (n_sources == 0)
        return CLI_EXIT_OK;
    status = wfm_calendar_new(calendar);
    if (status != WFM_OK) {
        cli_error(prog, "cannot create a calendar: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    for (size_t i = 0; i < n_items && rc == CLI_EXIT_OK; i++) {
        if (items[i].option != calendar_option && items[i].option != events_option)
            continue;
        rc = cli_calendar_add(prog, *calendar, items[i].option == events_option,
                              items[i].text);
    }
    return rc;
}

int
cli_read_history(const char *prog, const char *path, int32_t start,
                 wfm_history **history, int32_t *first, int32_t *days,
                 int32_t *interval)
{
    wfm_status status = wfm_history_new(history);
    char quoted[200], first_text[16], start_text[16];

    if (status != WFM_OK) {
        cli_error(prog, "cannot create a history: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    status = wfm_history_read_file(*history, path);
    if (status == WFM_OK)
        status = wfm_history_span(*history, first, days, interval);
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_history_errmsg(*history), path, status);
        return CLI_EXIT_FAILURE;
    }
    cli_quote(path, quoted, sizeof quoted);
    if (*days == 0) {
        cli_error(prog, "%s: the history has no rows", quoted);
        return CLI_EXIT_FAILURE;
    }
    if (start <= *first) {
        if (wfm_date_format(*first, first_text, sizeof first_text) != WFM_OK
            || wfm_date_format(start, start_text, sizeof start_text) != WFM_OK)
            snprintf(first_text, sizeof first_text, "?");
        cli_error(prog, "--start %s: the history %s begins on %s; only the "
                  "days before --start are used, and there are none",
                  start_text, quoted, first_text);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Apply the settings and what-ifs; a library refusal is exit 1. */
static int
forecast_configure(const char *prog, const struct cli_forecast_settings *s,
                   wfm_forecast *forecast)
{
    wfm_status status = WFM_OK;

    if (s->has_quantiles) {
        /* The lower first: any valid LO is below the default upper 0.9. */
        status = wfm_forecast_set_double(forecast, WFM_FORECAST_LOWER_QUANTILE,
                                         s->lower_quantile);
        if (status == WFM_OK)
            status = wfm_forecast_set_double(forecast,
                                             WFM_FORECAST_UPPER_QUANTILE,
                                             s->upper_quantile);
    }
    if (status == WFM_OK && s->has_method)
        status = wfm_forecast_set_int(forecast, WFM_FORECAST_METHOD, s->method);
    if (status == WFM_OK && s->has_training_days)
        status = wfm_forecast_set_int(forecast, WFM_FORECAST_TRAINING_DAYS,
                                      s->training_days);
    for (size_t i = 0; i < s->n_uplifts && status == WFM_OK; i++)
        status = wfm_forecast_add_uplift(forecast, s->uplifts[i].event,
                                         s->uplifts[i].first,
                                         s->uplifts[i].last,
                                         s->uplifts[i].fraction);
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_forecast_errmsg(forecast), "the settings",
                          status);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int
cli_forecast_run(const char *prog, const struct cli_forecast_settings *settings,
                 const wfm_history *history, wfm_calendar *calendar,
                 int32_t start, int32_t days, wfm_forecast **forecast)
{
    wfm_status status = wfm_forecast_new(forecast);
    int rc;

    if (status != WFM_OK) {
        cli_error(prog, "cannot create a forecaster: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    rc = forecast_configure(prog, settings, *forecast);
    if (rc != CLI_EXIT_OK)
        return rc;
    status = wfm_forecast_run(*forecast, history, calendar, start, days);
    if (status != WFM_OK) {
        cli_library_error(prog, wfm_forecast_errmsg(*forecast), "the forecast",
                          status);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Output files, all or nothing (cli.h).                                    */

/* Temporary files not yet renamed or removed, for the signal handler. */
#define PENDING_MAX 8
static char *volatile pending[PENDING_MAX];
static volatile sig_atomic_t handlers_installed;

static void
remove_pending_and_die(int sig)
{
    for (size_t i = 0; i < PENDING_MAX; i++) {
        char *path = pending[i];

        if (path != NULL)
            (void)unlink(path); /* async-signal-safe */
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void
install_cleanup_handlers(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

    if (handlers_installed)
        return;
    handlers_installed = 1;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;

        /* A signal the caller ignores (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = remove_pending_and_die;
        sigemptyset(&sa.sa_mask);
        (void)sigaction(sigs[i], &sa, NULL);
    }
}

static void
pending_set(char *old, char *path)
{
    for (size_t i = 0; i < PENDING_MAX; i++) {
        if (pending[i] == old) {
            pending[i] = path;
            return;
        }
    }
}

void
cli_init_signals(void)
{
    struct sigaction sa;

    /* A write past RLIMIT_FSIZE then fails with EFBIG: reported, and the
     * temporary file removed, instead of a core dump and a stray file. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGXFSZ, &sa, NULL);
}

/* malloc'd copy of @p path's folder ("." for a bare name) and of its last
 * component. */
static bool
split_path(const char *path, char **dir, char **base)
{
    const char *slash = strrchr(path, '/');

    *dir = NULL;
    *base = NULL;
    if (slash == NULL) {
        *dir = strdup(".");
        *base = strdup(path);
    } else {
        size_t len = slash == path ? 1 : (size_t)(slash - path);

        *dir = malloc(len + 1);
        if (*dir != NULL) {
            memcpy(*dir, path, len);
            (*dir)[len] = '\0';
        }
        *base = strdup(slash + 1);
    }
    if (*dir == NULL || *base == NULL) {
        free(*dir);
        free(*base);
        return false;
    }
    return true;
}

int
cli_output_open(const char *prog, const char *option, const char *path,
                struct cli_output *o)
{
    char quoted[200];
    char *dir = NULL, *base = NULL;
    struct stat st;
    int err = 0, fd = -1;
    mode_t mode;

    *o = (struct cli_output)CLI_OUTPUT_INIT;
    o->option = option;
    o->path = path;
    cli_quote(path, quoted, sizeof quoted);
    install_cleanup_handlers();

    /* A link is followed: its target is replaced, the link kept. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        o->target = realpath(path, NULL);
    if (o->target == NULL)
        o->target = strdup(path);
    if (o->target == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    if (stat(o->target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            cli_error(prog, "%s: cannot open %s: %s", option, quoted, strerror(EISDIR));
            return CLI_EXIT_FAILURE;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device or a FIFO: nothing to rename over. */
            o->file = fopen(o->target, "w");
            if (o->file == NULL) {
                cli_error(prog, "%s: cannot open %s: %s", option, quoted, strerror(errno));
                return CLI_EXIT_FAILURE;
            }
            return CLI_EXIT_OK;
        }
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);

        umask(mask);
        mode = 0666 & ~mask;
    }
    if (!split_path(o->target, &dir, &base)) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    /* ".NAME.XXXXXX" in the same folder (so the rename is atomic), the
     * name cut so that it stays within NAME_MAX. */
    o->tmp = malloc(strlen(dir) + strlen(base) + 16);
    if (o->tmp == NULL) {
        free(dir);
        free(base);
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    sprintf(o->tmp, "%s/.%.200s.XXXXXX", dir, base);
    free(dir);
    free(base);
    fd = mkstemp(o->tmp);
    if (fd < 0) {
        err = errno;
        free(o->tmp);
        o->tmp = NULL;
        /* A folder that does not exist, or one the user may not create
         * files in (even if the file itself is writable). */
        cli_error(prog, "%s: cannot open %s: cannot create a temporary file "
                  "in its folder: %s", option, quoted, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    pending_set(NULL, o->tmp);
    if (fchmod(fd, mode) != 0 || (o->file = fdopen(fd, "w")) == NULL) {
        err = errno;
        close(fd);
        cli_output_discard(o);
        cli_error(prog, "%s: cannot open %s: %s", option, quoted, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int
cli_output_close(const char *prog, struct cli_output *o)
{
    char quoted[200];
    int err = 0;

    if (o->file == NULL)
        return o->closed ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
    errno = 0;
    if (fflush(o->file) != 0 || ferror(o->file))
        err = errno != 0 ? errno : EIO;
    /* On disk before the rename, so that a crash leaves the old file or
     * the whole new one. */
    if (err == 0 && o->tmp != NULL && fsync(fileno(o->file)) != 0 && errno != EINVAL)
        err = errno;
    errno = 0;
    if (fclose(o->file) != 0 && err == 0)
        err = errno != 0 ? errno : EIO;
    o->file = NULL;
    o->closed = true;
    if (err != 0) {
        cli_quote(o->path, quoted, sizeof quoted);
        cli_error(prog, "%s: cannot write %s: %s", o->option, quoted, strerror(err));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int
cli_output_commit(const char *prog, struct cli_output *o)
{
    char quoted[200];

    if (!o->closed)
        return CLI_EXIT_FAILURE;
    if (o->tmp != NULL && !o->committed) {
        if (rename(o->tmp, o->target) != 0) {
            cli_quote(o->path, quoted, sizeof quoted);
            cli_error(prog, "%s: cannot write %s: %s", o->option, quoted, strerror(errno));
            return CLI_EXIT_FAILURE;
        }
        pending_set(o->tmp, NULL);
    }
    o->committed = true;
    return CLI_EXIT_OK;
}

void
cli_output_discard(struct cli_output *o)
{
    if (o->file != NULL)
        fclose(o->file);
    if (o->tmp != NULL && !o->committed) {
        (void)unlink(o->tmp);
        pending_set(o->tmp, NULL);
    }
    free(o->tmp);
    free(o->target);
    *o = (struct cli_output)CLI_OUTPUT_INIT;
}

int
cli_write_file(const char *prog, const char *option, const char *path,
               void (*write)(FILE *out, const void *data), const void *data)
{
    struct cli_output o = CLI_OUTPUT_INIT;
    int rc;

    if (path == NULL) {
        write(stdout, data);
        return cli_finish_output(prog);
    }
    rc = cli_output_open(prog, option, path, &o);
    if (rc == CLI_EXIT_OK) {
        write(o.file, data);
        rc = cli_output_close(prog, &o);
    }
    if (rc == CLI_EXIT_OK)
        rc = cli_output_commit(prog, &o);
    cli_output_discard(&o);
    return rc;
}

/* @p path made absolute with its folder's links resolved (the file itself
 * need not exist), malloc'd; NULL if the folder cannot be resolved. */
static char *
resolve_path(const char *path)
{
    char *dir, *base, *real_dir, *out = NULL;

    if (!split_path(path, &dir, &base))
        return NULL;
    real_dir = realpath(dir, NULL);
    if (real_dir != NULL) {
        out = malloc(strlen(real_dir) + strlen(base) + 2);
        if (out != NULL)
            sprintf(out, "%s/%s", real_dir, base);
    }
    free(real_dir);
    free(dir);
    free(base);
    return out;
}

/* Whether @p a and @p b name the same file: the same device and inode
 * when both exist, else the same resolved path. A file that exists and is
 * not a regular file (a device) is never "the same": writing to it
 * replaces nothing. */
static bool
same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    bool has_a = stat(a, &sa) == 0, has_b = stat(b, &sb) == 0;
    char *ra, *rb;
    bool same;

    if (has_a && has_b)
        return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (has_a || has_b)
        return false;
    ra = resolve_path(a);
    rb = resolve_path(b);
    same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

int
cli_check_outputs(const char *prog, const struct cli_named_path *outputs,
                  size_t n_outputs, const struct cli_named_path *inputs,
                  size_t n_inputs)
{
    char quoted[200];

    for (size_t i = 0; i < n_outputs; i++) {
        for (size_t k = 0; k < n_inputs; k++) {
            if (same_file(outputs[i].path, inputs[k].path)) {
                cli_quote(outputs[i].path, quoted, sizeof quoted);
                cli_error(prog, "%s %s is the %s file: an output must not "
                          "replace an input (give another file name)",
                          outputs[i].option, quoted, inputs[k].option);
                return CLI_EXIT_USAGE;
            }
        }
        for (size_t k = 0; k < i; k++) {
            if (same_file(outputs[i].path, outputs[k].path)) {
                cli_quote(outputs[i].path, quoted, sizeof quoted);
                cli_error(prog, "%s %s is also the %s file: give each output "
                          "its own file", outputs[i].option, quoted,
                          outputs[k].option);
                return CLI_EXIT_USAGE;
            }
        }
    }
    return CLI_EXIT_OK;
}

int
cli_check_command_outputs(const char *prog, const struct cli_named_path *outputs,
                          size_t n_outputs, const struct cli_named_path *inputs,
                          size_t n_inputs, const struct cli_list_item *items,
                          size_t n_items, size_t calendar_option,
                          size_t events_option)
{
    struct cli_named_path *paths; /* the outputs given, then the inputs */
    size_t n_out = 0, n = 0;
    int rc;

    for (size_t i = 0; i < n_outputs; i++)
        n_out += outputs[i].path != NULL;
    if (n_out == 0)
        return CLI_EXIT_OK;
    paths = malloc((n_outputs + n_inputs + n_items) * sizeof *paths);
    if (paths == NULL) {
        cli_error(prog, "out of memory");
        return CLI_EXIT_FAILURE;
    }
    for (size_t i = 0; i < n_outputs; i++) {
        if (outputs[i].path != NULL)
            paths[n++] = outputs[i];
    }
    for (size_t i = 0; i < n_inputs; i++) {
        if (inputs[i].path != NULL)
            paths[n++] = inputs[i];
    }
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].option == events_option)
            paths[n++] = (struct cli_named_path){ "--events", items[i].text };
        else if (items[i].option == calendar_option && !cli_is_preset(items[i].text))
            paths[n++] = (struct cli_named_path){ "--calendar", items[i].text };
    }
    rc = cli_check_outputs(prog, paths, n_out, paths + n_out, n - n_out);
    free(paths);
    return rc;
}

void
cli_put_fixed(FILE *out, double x, int decimals)
{
    char buf[64];
    bool zero = true;

    snprintf(buf, sizeof buf, "%.*f", decimals, x);
    /* No "-0.000" for a value that rounds to zero. */
    for (const char *p = buf; *p != '\0'; p++)
        zero = zero && (*p == '-' || *p == '0' || *p == '.');
    fputs(zero && buf[0] == '-' ? buf + 1 : buf, out);
}
