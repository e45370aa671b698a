/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV history reader: real series checked cell by cell against a
 * plain sscanf reading of the same files, and every malformed input. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "history-private.h"
#include "wfm.h"

static char *
slurp(const char *name, size_t *length)
{
    const char *dir = getenv("WFM_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/volume/%s", dir ? dir : "tests/data", name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    *length = (size_t)n;
    return text;
}

static int32_t
day_of(int y, int m, int d)
{
    int32_t day;
    assert_int_equal(wfm_date_from_ymd(y, m, d, &day), WFM_OK);
    return day;
}

/* NYC EMS daily: every line's date and volume, read here with sscanf, is
 * where the reader put it; the three partial days are missing, not 0. */
static void
test_nyc_daily(void **state)
{
    (void)state;
    size_t length;
    char *text = slurp("nyc_ems_daily.csv", &length);
    history h;
    char err[512];
    assert_int_equal(history_read_csv(text, length, "nyc", &h, err, sizeof err), WFM_OK);
    assert_int_equal(h.interval_minutes, 1440);
    assert_int_equal(h.per_day, 1);
    assert_int_equal(h.first_date, day_of(2010, 1, 1));
    assert_int_equal(h.days, 2922);
    assert_null(h.aht_s);
    size_t observed = 0, missing = 0;
    for (char *line = strchr(text, '\n') + 1; *line != '\0'; line = strchr(line, '\n') + 1) {
        int y, m, d;
        double v;
        char rest[64];
        assert_int_equal(sscanf(line, "%d-%d-%d,%63[^\n]", &y, &m, &d, rest), 4);
        size_t cell = (size_t)(day_of(y, m, d) - h.first_date);
        if (rest[0] == ',') {
            assert_int_equal(h.state[cell], HISTORY_MISSING);
            assert_true(isnan(h.volume[cell]));
            missing++;
        } else {
            assert_int_equal(sscanf(rest, "%lf", &v), 1);
            assert_int_equal(h.state[cell], HISTORY_OBSERVED);
            assert_true(h.volume[cell] == v);
            observed++;
        }
    }
    assert_int_equal(missing, 3);
    assert_int_equal(observed + missing, h.count);
    assert_int_equal(h.state[day_of(2014, 11, 3) - h.first_date], HISTORY_MISSING);
    history_clear(&h);
    free(text);
}

/* NA bank 30-minute: 29 rows a weekday on a 48-interval grid; weekends,
 * closed hours and the six missing weekdays are absent. */
static void
test_na_bank_intraday(void **state)
{
    (void)state;
    size_t length;
    char *text = slurp("na_bank_2003_30min.csv", &length);
    history h;
    char err[512];
    assert_int_equal(history_read_csv(text, length, NULL, &h, err, sizeof err), WFM_OK);
    assert_int_equal(h.interval_minutes, 30);
    assert_int_equal(h.per_day, 48);
    assert_int_equal(h.first_date, day_of(2003, 3, 3));
    assert_int_equal(h.first_date + h.days - 1, day_of(2003, 10, 24));
    size_t rows = 0;
    for (char *line = strchr(text, '\n') + 1; *line != '\0'; line = strchr(line, '\n') + 1) {
        int y, mo, d, hh, mi;
        double v;
        assert_int_equal(sscanf(line, "%d-%d-%d %d:%d,%lf", &y, &mo, &d, &hh, &mi, &v), 6);
        size_t cell = (size_t)(day_of(y, mo, d) - h.first_date) * 48 + (size_t)(hh * 2 + mi / 30);
        assert_int_equal(h.state[cell], HISTORY_OBSERVED);
        assert_true(h.volume[cell] == v);
        rows++;
    }
    size_t present = 0;
    for (size_t i = 0; i < h.count; i++)
        present += h.state[i] != HISTORY_ABSENT;
    assert_int_equal(present, rows);
    assert_int_equal(rows, 4756);
    /* A Saturday, an early hour, and 2003-07-04 are absent. */
    size_t saturday = (size_t)(day_of(2003, 3, 8) - h.first_date) * 48 + 20;
    size_t early = (size_t)(day_of(2003, 3, 3) - h.first_date) * 48 + 13;
    size_t july4 = (size_t)(day_of(2003, 7, 4) - h.first_date) * 48 + 20;
    assert_int_equal(h.state[saturday], HISTORY_ABSENT);
    assert_int_equal(h.state[early], HISTORY_ABSENT);
    assert_int_equal(h.state[july4], HISTORY_ABSENT);
    assert_true(isnan(h.volume[july4]));
    history_clear(&h);
    free(text);
}

static void
test_aht_and_layout(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "datetime,queue,aht,volume\r\n"
                       "1969-12-31 23:45,a,300,4\r\n"
                       "1970-01-01 00:00,a,,0\r\n"
                       "1970-01-01 00:30,\"a,b\",250.5,\r\n"
                       "1970-01-01 00:45,a,0,7\r\n";
    history h;
    char err[512];
    int32_t st = history_read_csv(text, strlen(text), "t", &h, err, sizeof err);
    if (st != WFM_OK)
        fail_msg("%s", err);
    assert_int_equal(h.interval_minutes, 15);
    assert_int_equal(h.first_date, -1);
    assert_int_equal(h.days, 2);
    assert_int_equal(h.count, 192);
    assert_non_null(h.aht_s);
    assert_true(h.volume[95] == 4 && h.aht_s[95] == 300);
    assert_true(h.volume[96] == 0 && h.state[96] == HISTORY_OBSERVED && isnan(h.aht_s[96]));
    assert_true(h.state[97] == HISTORY_ABSENT);
    assert_true(h.state[98] == HISTORY_MISSING && h.aht_s[98] == 250.5);
    assert_true(h.volume[99] == 7 && h.aht_s[99] == 0);
    history_clear(&h);
}

/* Each bad input: the status, and the message's position and words. */
static void
expect_error(const char *text, int32_t status, const char *where, const char *words)
{
    history h = { .days = 12345 };
    char err[512] = "";
    assert_int_equal(history_read_csv(text, strlen(text), "h.csv", &h, err, sizeof err), status);
    assert_int_equal(h.days, 12345); /* untouched */
    if (strstr(err, where) != err || strstr(err, words) == NULL)
        fail_msg("for %s got message: %s", text, err);
}

static void
test_errors(void **state)
{
    (void)state;
    expect_error("", WFM_EPARSE, "h.csv:1:1:", "header");
    expect_error("day,volume\n2026-01-01,1\n", WFM_EPARSE, "h.csv:1:1:", "'date' or 'datetime'");
    expect_error("date,calls\n2026-01-01,1\n", WFM_EPARSE, "h.csv:1:1:", "'volume' column");
    expect_error("date,volume,volume\n", WFM_EPARSE, "h.csv:1:", "one 'volume' column");
    expect_error("date,volume\n", WFM_EPARSE, "h.csv:2:1:", "rows after the header");
    expect_error("date,volume\n2026-02-29,1\n", WFM_EPARSE, "h.csv:2:1:", "YYYY-MM-DD");
    expect_error("date,volume\n2026-01-01 10:00,1\n", WFM_EPARSE, "h.csv:2:1:", "YYYY-MM-DD");
    expect_error("date,volume\n2026-01-01,-3\n", WFM_EPARSE, "h.csv:2:12:", "volume >= 0");
    expect_error("date,volume\n2026-01-01,abc\n", WFM_EPARSE, "h.csv:2:12:", "got 'abc'");
    expect_error("date,volume\n2026-01-01,nan\n", WFM_EPARSE, "h.csv:2:12:", "volume >= 0");
    expect_error("date,volume\n2026-01-01, 5\n", WFM_EPARSE, "h.csv:2:12:", "volume >= 0");
    expect_error("date,volume\n2026-01-01,1e999\n", WFM_EPARSE, "h.csv:2:12:", "volume >= 0");
    expect_error("date,volume,aht\n2026-01-01,1,-20\n", WFM_EPARSE, "h.csv:2:14:", "handle time");
    expect_error("date,volume\n2026-01-02,1\n2026-01-01,2\n", WFM_EPARSE, "h.csv:3:1:",
                 "time order");
    expect_error("date,volume\n2026-01-02,1\n2026-01-02,2\n", WFM_EPARSE, "h.csv:3:1:",
                 "duplicate date: the same as line 2");
    expect_error("date,volume\n2026-01-01,1,9\n", WFM_EPARSE, "h.csv:2:1:", "2 fields");
    expect_error("datetime,volume\n2026-01-01 10:00,1\n2026-01-02 10:00,1\n", WFM_EPARSE,
                 "h.csv:2:1:", "two rows on one day");
    expect_error("datetime,volume\n2026-01-01 10:00,1\n2026-01-01 10:07,1\n"
                 "2026-01-01 10:14,1\n", WFM_EPARSE, "h.csv:2:1:", "got 7 minutes");
    expect_error("datetime,volume\n2026-01-01 10:00,1\n2026-01-01 10:30,1\n"
                 "2026-01-01 11:00,1\n2026-01-01 11:15,1\n", WFM_EPARSE, "h.csv:5:1:",
                 "30-minute grid");
    expect_error("datetime,volume\n2026-01-01 24:00,1\n", WFM_EPARSE, "h.csv:2:1:", "HH:MM");
    expect_error("datetime,volume\n2026-01-01 10:00:30,1\n", WFM_EPARSE, "h.csv:2:1:", "HH:MM");
    expect_error("date,volume\n\"2026-01-01,1\n", WFM_EPARSE, "h.csv:3:1:", "closing");
    const char nul[] = "date,volume\n2026-01-01,1\0\n";
    history h;
    char err[512];
    assert_int_equal(history_read_csv(nul, sizeof nul - 1, "h.csv", &h, err, sizeof err),
                     WFM_EPARSE);
    assert_non_null(strstr(err, "h.csv:2:13: expected text, got a NUL byte"));
    /* Over the size limit: 5-minute rows 1001 years apart. */
    expect_error("datetime,volume\n1000-01-01 00:00,1\n1000-01-01 00:05,1\n"
                 "2001-01-01 00:00,1\n", WFM_ERANGE, "h.csv:4:1:", "too long");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nyc_daily),
        cmocka_unit_test(test_na_bank_intraday),
        cmocka_unit_test(test_aht_and_layout),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
