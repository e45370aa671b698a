/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV history reader: real series checked cell by cell against a
 * plain sscanf reading of the same files, and every malformed input; the
 * limits that keep any input's cost bounded (values, span, file size), the
 * number syntax in any locale, line ends, header case and daylight-saving
 * repeat hours. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#ifndef WFM_TEST_DATA_DIR
#define WFM_TEST_DATA_DIR "tests/data"
#endif

#include "history-private.h"
#include "text-private.h"
#include "wfm.h"

static char *
slurp(const char *name, size_t *length)
{
    const char *dir = getenv("WFM_TEST_DATA");
    char path[4096];
    snprintf(path, sizeof path, "%s/volume/%s", dir ? dir : WFM_TEST_DATA_DIR, name);
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
    expect_error("date,volume\n2026-01-01,1e999\n", WFM_EPARSE, "h.csv:2:12:", "at most 1e9");
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

/* ---- limits: any input gives an answer or a clear error ---------------- */

/* Read text that must succeed; the message on failure. */
static void
read_ok(const char *text, size_t length, history *h)
{
    char err[512] = "";
    int32_t st = history_read_csv(text, length, "h.csv", h, err, sizeof err);
    if (st != WFM_OK)
        fail_msg("expected success, got %d: %s", (int)st, err);
}

/* Volumes and handle times past wfm's limits per cell (1e9 contacts, 86400
 * seconds) are errors naming the field, in CSV and in set_series: finite
 * but huge values made forecasts overflow (an upper bound of NaN). */
static void
test_value_limits(void **state)
{
    (void)state;
    expect_error("date,volume\n2026-01-01,1e200\n", WFM_EPARSE, "h.csv:2:12:",
                 "expected a volume of at most 1e9 contacts (wfm's limit per cell), got '1e200'");
    expect_error("date,volume\n2026-01-01,1e308\n", WFM_EPARSE, "h.csv:2:12:", "at most 1e9");
    expect_error("date,volume\n2026-01-01,1000000000.5\n", WFM_EPARSE, "h.csv:2:12:",
                 "at most 1e9");
    expect_error("date,volume,aht\n2026-01-01,5,86400.01\n", WFM_EPARSE, "h.csv:2:14:",
                 "handle time of at most 86400 seconds");
    expect_error("date,aht,volume\n2026-01-01,1e300,5\n", WFM_EPARSE, "h.csv:2:12:",
                 "handle time of at most 86400 seconds");
    history h;
    const char *edge = "date,volume,aht\n2026-01-01,1e9,86400\n2026-01-02,1000000000,0\n";
    read_ok(edge, strlen(edge), &h);
    assert_true(h.volume[0] == 1e9 && h.aht_s[0] == 86400.0 && h.volume[1] == 1e9);
    history_clear(&h);

    wfm_history *w = NULL;
    assert_int_equal(wfm_history_new(&w), WFM_OK);
    double volume[4] = { 1, 2, 3, 1e200 }, aht[4] = { 300, 300, 300, 300 };
    assert_int_equal(wfm_history_set_series(w, 0, 1440, volume, aht, 4), WFM_EINVAL);
    assert_non_null(strstr(wfm_history_errmsg(w), "volume[3] is 1e+200"));
    assert_non_null(strstr(wfm_history_errmsg(w), "1e9"));
    volume[3] = 1e9;
    aht[1] = 86401;
    assert_int_equal(wfm_history_set_series(w, 0, 1440, volume, aht, 4), WFM_EINVAL);
    assert_non_null(strstr(wfm_history_errmsg(w), "aht_s[1] is 86401"));
    assert_non_null(strstr(wfm_history_errmsg(w), "86400"));
    aht[1] = 86400;
    assert_int_equal(wfm_history_set_series(w, 0, 1440, volume, aht, 4), WFM_OK);
    wfm_history_free(w);
}

/* Peak memory of the process so far, in MiB. */
static long
peak_mib(void)
{
    struct rusage u;
    assert_int_equal(getrusage(RUSAGE_SELF, &u), 0);
    return u.ru_maxrss / 1024; /* KiB on Linux */
}

/* A long text built with appends. */
typedef struct {
    char *s;
    size_t n, cap;
} buffer;

static void
put(buffer *b, const char *format, ...)
{
    char line[128];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    assert_true(n > 0 && (size_t)n < sizeof line);
    if (b->n + (size_t)n + 1 > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 65536;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->n, line, (size_t)n + 1);
    b->n += (size_t)n;
}

/* Rows of `minutes`-minute intervals from hh0:00 to hh1:00 (excluded) on
 * every day from first to last (day numbers), weekdays only if asked. */
static void
put_days(buffer *b, int32_t first, int32_t last, int minutes, int hh0, int hh1, bool weekdays)
{
    for (int32_t d = first; d <= last; d++) {
        int32_t y, m, dd, wd;
        assert_int_equal(wfm_date_to_ymd(d, &y, &m, &dd), WFM_OK);
        assert_int_equal(wfm_date_weekday(d, &wd), WFM_OK);
        if (weekdays && wd > 5)
            continue;
        for (int t = hh0 * 60; t < hh1 * 60; t += minutes)
            put(b, "%04d-%02d-%02d %02d:%02d,%d\n", (int)y, (int)m, (int)dd, t / 60, t % 60,
                (int)(d % 7) + t % 13);
    }
}

/* Memory in proportion to the rows: a few rows centuries apart fail
 * before the grid is allocated (the 89-byte file took 1.3 GB and 8 s),
 * while sparse but real histories load. */
static void
test_span_limits(void **state)
{
    (void)state;
    long peak = peak_mib();
    /* 89 bytes: 10-minute rows 800 years apart (42 million cells). */
    const char *far = "datetime,volume,aht\n1226-01-01 00:00,1,300\n1226-01-01 00:10,1,300\n"
                      "2026-01-01 00:00,1,300\n";
    assert_int_equal(strlen(far), 89);
    expect_error(far, WFM_ERANGE, "h.csv:4:1: history too sparse: 3 rows span 292195 days",
                 "the widest gap is 292194 days, between lines 3 and 4");
    /* 20 real days of 15-minute rows, then a row 800 years later ... */
    buffer b = { 0 };
    int32_t jan1 = day_of(2026, 1, 1);
    put(&b, "datetime,volume\n");
    put_days(&b, jan1, jan1 + 19, 15, 0, 24, false);
    put(&b, "2826-01-01 00:00,5\n");
    expect_error(b.s, WFM_ERANGE, "h.csv:1922:1: history too sparse: 1921 rows",
                 "between lines 1921 and 1922");
    /* ... or before them. */
    b.n = 0;
    put(&b, "datetime,volume\n1226-01-01 00:00,5\n");
    put_days(&b, jan1, jan1 + 19, 15, 0, 24, false);
    expect_error(b.s, WFM_ERANGE, "h.csv:2:1: history too sparse", "between lines 2 and 3");
    /* Not a byte of those grids was allocated. */
    assert_true(peak_mib() - peak < 64);

    /* A daily series may span 288 years whatever its rows (the floor). */
    history h;
    const char *old = "date,volume\n1700-01-01,1\n1987-01-01,1\n";
    read_ok(old, strlen(old), &h);
    assert_int_equal(h.count, (size_t)(day_of(1987, 1, 1) - day_of(1700, 1, 1) + 1));
    history_clear(&h);
    expect_error("date,volume\n1700-01-01,1\n1990-01-01,1\n", WFM_ERANGE, "h.csv:3:1:",
                 "over the limit of 105408 cells");

    /* Two years of 5-minute rows for one hour a weekday: one cell in 34
     * has a row, and it loads. */
    b.n = 0;
    put(&b, "datetime,volume\n");
    put_days(&b, day_of(2024, 1, 1), day_of(2025, 12, 31), 5, 9, 10, true);
    read_ok(b.s, b.n, &h);
    assert_int_equal(h.per_day, 288);
    assert_int_equal(h.days, 731);
    history_clear(&h);
    /* Three years of 5-minute rows from 08:00 to 20:00 with a six-month
     * outage (a gap-filled multi-year history) load too. */
    b.n = 0;
    put(&b, "datetime,volume\n");
    put_days(&b, day_of(2022, 1, 1), day_of(2023, 2, 28), 5, 8, 20, false);
    put_days(&b, day_of(2023, 9, 1), day_of(2024, 12, 31), 5, 8, 20, false);
    read_ok(b.s, b.n, &h);
    assert_int_equal(h.days, day_of(2024, 12, 31) - day_of(2022, 1, 1) + 1);
    assert_int_equal(h.state[(size_t)(day_of(2023, 5, 1) - h.first_date) * 288 + 120],
                     HISTORY_ABSENT);
    history_clear(&h);
    free(b.s);
}

/* A directory of the test's own, removed at the end. */
static char *
temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir = malloc(4096);
    assert_non_null(dir);
    snprintf(dir, 4096, "%s/wfm-history-XXXXXX", base && base[0] ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* A child that writes `text` to the pipe `repeat` times (forever when 0),
 * then exits; returns its pid. */
static pid_t
pipe_writer(int fds[2], const char *text, size_t repeat)
{
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        signal(SIGPIPE, SIG_DFL);
        size_t n = strlen(text);
        for (size_t k = 0; repeat == 0 || k < repeat; k++)
            for (size_t at = 0; at < n;) {
                ssize_t w = write(fds[1], text + at, n - at);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    _exit(0); /* the reader is gone */
                at += (size_t)w;
            }
        _exit(0);
    }
    close(fds[1]);
    return pid;
}

static void
reap(pid_t pid, int fd)
{
    close(fd);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
}

/* wfm_history_read_file reads at most 256 MiB, and a device or a pipe
 * never more: /dev/zero used to grow until out of memory. */
static void
test_file_limits(void **state)
{
    (void)state;
    assert_true(HISTORY_MAX_FILE_BYTES == (size_t)256 * 1024 * 1024);
    wfm_history *w = NULL;
    assert_int_equal(wfm_history_new(&w), WFM_OK);
    /* /dev/zero stops at its first NUL byte. */
    if (access("/dev/zero", R_OK) == 0) {
        assert_int_equal(wfm_history_read_file(w, "/dev/zero"), WFM_EPARSE);
        assert_string_equal(wfm_history_errmsg(w),
                            "/dev/zero:1:1: expected text, got a NUL byte");
    }
    /* A (sparse) file one byte over the limit: refused by its size. */
    char *dir = temp_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/huge.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs("date,volume\n", f) >= 0, 1);
    fclose(f);
    assert_int_equal(truncate(path, (off_t)HISTORY_MAX_FILE_BYTES + 1), 0);
    assert_int_equal(wfm_history_read_file(w, path), WFM_ERANGE);
    assert_non_null(strstr(wfm_history_errmsg(w), "huge.csv' is 268435457 bytes, over the "
                                                  "limit of 268435456 bytes (256 MiB)"));
    remove(path);
    rmdir(dir);
    free(dir);

    /* A pipe is read like a file ... */
    int fds[2];
    char name[64];
    pid_t pid = pipe_writer(fds, "date,volume\n2026-01-01,3\n", 1);
    snprintf(name, sizeof name, "/dev/fd/%d", fds[0]);
    if (access(name, R_OK) == 0) {
        assert_int_equal(wfm_history_read_file(w, name), WFM_OK);
        int32_t days = 0;
        assert_int_equal(wfm_history_span(w, NULL, &days, NULL), WFM_OK);
        assert_int_equal(days, 1);
    }
    reap(pid, fds[0]);
    wfm_history_free(w);

    /* ... and one that never ends stops at the cap (a small one here). */
    pid = pipe_writer(fds, "2026-01-01 10:00,12\n", 0);
    snprintf(name, sizeof name, "/dev/fd/%d", fds[0]);
    if (access(name, R_OK) == 0) {
        char err[512], *text = NULL;
        size_t length = 0;
        assert_int_equal(text_read_file_max(name, 100000, true, &text, &length, err, sizeof err),
                         WFM_ERANGE);
        assert_null(text);
        assert_non_null(strstr(err, "holds more than 100000 bytes, the limit for this file"));
    }
    reap(pid, fds[0]);
}

/* ---- numbers ----------------------------------------------------------- */

/* strtod in the C locale: the reference. */
static double
c_strtod(const char *s)
{
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    assert_true(c != (locale_t)0);
    locale_t old = uselocale(c);
    double v = strtod(s, NULL);
    uselocale(old);
    freelocale(c);
    return v;
}

static void
expect_decimal(const char *s, double want)
{
    double v = -1;
    int32_t st = text_decimal(s, strlen(s), &v);
    if (st != WFM_OK || memcmp(&v, &want, sizeof v) != 0)
        fail_msg("'%s': status %d, got %.17g, want %.17g", s, (int)st, v, want);
}

/* Plain decimal numbers only, correctly rounded: the same double as strtod
 * in the C locale, on the fast path and off it. */
static void
test_decimal_syntax(void **state)
{
    (void)state;
    const char *good[] = { "0", "12", "12.5", ".5", "5.", "007", "1e3", "1E+3", "2.5e-1",
                           "0.1", "123.456", "9007199254740993", "0.30000000000000004",
                           "1.7976931348623157e308", "4.9e-324", "1e-400", "1e400",
                           "123456789012345678901234567890", "0.000000000000000000000000001",
                           "3.14159265358979323846264338327950288", "+4", "1e0022",
                           "86400", "1000000000", "0e99999999999999999999" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_decimal(good[i], c_strtod(good[i]));
    expect_decimal("-0", 0.0);
    expect_decimal("-0.0e5", 0.0);
    expect_decimal("-2.5", -2.5);
    const char *bad[] = { "", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "0x1p1000", "0X1P3",
                          "inf", "INF", "infinity", "nan", "NaN", "nan(1)", " 5", "5 ", "\t5",
                          "1,5", "1_000", "--1", "+-1", "1e5.0", "1d5", "5\n", "١٢" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = 42;
        if (text_decimal(bad[i], strlen(bad[i]), &v) != WFM_EPARSE || v != 42)
            fail_msg("'%s' read as a number", bad[i]);
    }
    char longest[TEXT_DECIMAL_MAX + 2];
    memset(longest, '1', sizeof longest);
    assert_int_equal(text_decimal(longest, TEXT_DECIMAL_MAX, &(double){ 0 }), WFM_OK);
    assert_int_equal(text_decimal(longest, TEXT_DECIMAL_MAX + 1, &(double){ 0 }), WFM_EPARSE);
    /* Seeded random decimals of 1 to 25 digits and exponents -30 … 30. */
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int k = 0; k < 20000; k++) {
        char s[64];
        size_t n = 0;
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        int digits = 1 + (int)((seed >> 33) % 25), point = (int)((seed >> 40) % (digits + 1));
        for (int i = 0; i < digits; i++) {
            if (i == point && k % 3 != 0)
                s[n++] = '.';
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            s[n++] = (char)('0' + (seed >> 35) % 10);
        }
        if (k % 2 == 0)
            n += (size_t)snprintf(s + n, sizeof s - n, "e%d", (int)((seed >> 20) % 61) - 30);
        s[n] = '\0';
        expect_decimal(s, c_strtod(s));
    }
}

/* The CSV reader takes exactly those numbers for volumes and handle times. */
static void
test_number_rules(void **state)
{
    (void)state;
    const char *not_plain[] = { "0x10", "0x1p1000", "inf", "nan", "Infinity", "+-3", "1e",
                                "0x1P-2", "12.5.1", "1 000" };
    for (size_t i = 0; i < sizeof not_plain / sizeof *not_plain; i++) {
        char text[128];
        snprintf(text, sizeof text, "date,volume\n2026-01-01,%s\n", not_plain[i]);
        expect_error(text, WFM_EPARSE, "h.csv:2:12:", "a plain decimal number of contacts");
        snprintf(text, sizeof text, "date,volume,aht\n2026-01-01,1,%s\n", not_plain[i]);
        expect_error(text, WFM_EPARSE, "h.csv:2:14:", "handle time >= 0 seconds (a plain");
    }
    expect_error("date,volume\n2026-01-01,-1\n", WFM_EPARSE, "h.csv:2:12:", "volume >= 0");
    history h;
    const char *text = "date,volume,aht\n2026-01-01,12.5,2.5e2\n2026-01-02,-0.0,\"300\"\n"
                       "2026-01-03,1E3,.5\n";
    read_ok(text, strlen(text), &h);
    assert_true(h.volume[0] == 12.5 && h.aht_s[0] == 250.0);
    assert_true(h.volume[1] == 0.0 && !signbit(h.volume[1]) && h.aht_s[1] == 300.0);
    assert_true(h.volume[2] == 1000.0 && h.aht_s[2] == 0.5);
    history_clear(&h);
}

/* A host that called setlocale(LC_ALL, "") in Germany (decimal comma) still
 * reads "12.5" as 12.5. Skipped where no German locale is installed. */
static void
test_number_locale(void **state)
{
    (void)state;
    const char *names[] = { "de_DE.UTF-8", "de_DE.utf8", "de_DE", "de_DE@euro" };
    const char *got = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && got == NULL; i++)
        if (setlocale(LC_ALL, names[i]) != NULL)
            got = names[i];
    if (got == NULL) {
        skip();
        return;
    }
    assert_true(strtod("12.5", NULL) == 12.0); /* the locale is in force */
    history h;
    char err[512];
    const char *text = "datetime,volume,aht\n2026-01-01 10:00,12.5,180.25\n"
                       "2026-01-01 10:30,0.123456789012345678901,1e2\n";
    int32_t st = history_read_csv(text, strlen(text), "h.csv", &h, err, sizeof err);
    setlocale(LC_ALL, "C");
    if (st != WFM_OK)
        fail_msg("under %s: %s", got, err);
    assert_true(h.volume[20] == 12.5 && h.aht_s[20] == 180.25);
    assert_true(h.volume[21] == 0.123456789012345678901 && h.aht_s[21] == 100.0);
    history_clear(&h);
}

/* ---- layout: line ends, header names ----------------------------------- */

/* Bare CR line ends (old Mac, Excel's "CSV (Macintosh)") are line ends. */
static void
test_bare_cr(void **state)
{
    (void)state;
    history h;
    const char *text = "date,Note,volume\r2026-01-01,a,1\r2026-01-02,\"b\rc\",2\r\r"
                       "2026-01-03,d,3";
    read_ok(text, strlen(text), &h);
    assert_int_equal(h.days, 3);
    assert_true(h.volume[0] == 1 && h.volume[1] == 2 && h.volume[2] == 3);
    history_clear(&h);
    /* Positions count CR lines, also inside quotes and before a NUL. */
    expect_error("date,note,volume\r2026-01-01,\"x\ry\",1\r2026-01-02,z,bad\r", WFM_EPARSE,
                 "h.csv:4:14:", "got 'bad'");
    const char nul[] = "date,volume\r2026-01-01,1\r\r\n2026-01-02,\0\r";
    char err[512];
    assert_int_equal(history_read_csv(nul, sizeof nul - 1, "h.csv", &h, err, sizeof err),
                     WFM_EPARSE);
    assert_non_null(strstr(err, "h.csv:4:12: expected text, got a NUL byte"));

    /* The Prophet holiday reader shares the rule (and the header case). */
    wfm_calendar *cal = NULL;
    assert_int_equal(wfm_calendar_new(&cal), WFM_OK);
    const char *prophet = "Holiday,DS,Lower_Window,UPPER_WINDOW\rsale,2026-11-27,-1,2\r"
                          "sale,2025-11-28,-1,2\r";
    if (wfm_calendar_add_prophet_csv(cal, prophet, strlen(prophet), "p.csv") != WFM_OK)
        fail_msg("%s", wfm_calendar_errmsg(cal));
    assert_int_equal(wfm_calendar_event_count(cal), 1);
    const char *twice = "holiday,ds,Holiday\nsale,2026-11-27,x\n";
    assert_int_equal(wfm_calendar_add_prophet_csv(cal, twice, strlen(twice), "p.csv"),
                     WFM_EPARSE);
    assert_non_null(strstr(wfm_calendar_errmsg(cal), "p.csv:1:12: expected one 'holiday' column"));
    wfm_calendar_free(cal);
}

/* Header names in any letter case. */
static void
test_header_case(void **state)
{
    (void)state;
    history h;
    const char *text = "Date,Volume,AHT\n2026-01-01,4,300\n";
    read_ok(text, strlen(text), &h);
    assert_true(h.volume[0] == 4 && h.aht_s != NULL && h.aht_s[0] == 300);
    history_clear(&h);
    text = "DATETIME,Queue,VOLUME\n2026-01-01 10:00,a,4\n2026-01-01 10:30,a,5\n";
    read_ok(text, strlen(text), &h);
    assert_int_equal(h.interval_minutes, 30);
    history_clear(&h);
    expect_error("Date,volume,Volume\n", WFM_EPARSE, "h.csv:1:13:", "one 'volume' column");
    expect_error("Datum,volume\n2026-01-01,1\n", WFM_EPARSE, "h.csv:1:1:",
                 "'date' or 'datetime'");
}

/* ---- daylight-saving repeat hours -------------------------------------- */

/* The US fall back (first Sunday of November, 2025-11-02): hourly rows
 * with 01:00 twice add up, handle times weighted by volume. */
static void
test_dst_repeat_hourly(void **state)
{
    (void)state;
    history h;
    const char *text = "datetime,volume,aht\n"
                       "2025-11-02 00:00,4,100\n"
                       "2025-11-02 01:00,5,100\n"
                       "2025-11-02 01:00,3,200\n"
                       "2025-11-02 02:00,6,100\n";
    read_ok(text, strlen(text), &h);
    assert_int_equal(h.interval_minutes, 60);
    assert_true(h.volume[1] == 8 && h.state[1] == HISTORY_OBSERVED);
    assert_true(fabs(h.aht_s[1] - 137.5) < 1e-12);
    assert_true(h.volume[0] == 4 && h.volume[2] == 6);
    history_clear(&h);
}

/* Europe (last Sunday of October, 2025-10-26): 02:00-02:45 twice in
 * 15-minute rows; a time only the second pass has is put in order; a
 * missing value makes the sum missing. */
static void
test_dst_repeat_intervals(void **state)
{
    (void)state;
    history h;
    const char *text = "datetime,volume,aht\n"
                       "2025-10-26 01:45,1,60\n"
                       "2025-10-26 02:00,2,60\n"
                       "2025-10-26 02:30,3,60\n"
                       "2025-10-26 02:45,,\n"
                       "2025-10-26 02:00,10,120\n"
                       "2025-10-26 02:15,20,90\n"
                       "2025-10-26 02:30,0,\n"
                       "2025-10-26 02:45,4,30\n"
                       "2025-10-26 03:00,5,60\n";
    read_ok(text, strlen(text), &h);
    assert_int_equal(h.interval_minutes, 15);
    size_t at = 8; /* 02:00 */
    assert_true(h.volume[at - 1] == 1);
    assert_true(h.volume[at] == 12 && fabs(h.aht_s[at] - 110.0) < 1e-12);
    assert_true(h.volume[at + 1] == 20 && h.aht_s[at + 1] == 90);
    assert_true(h.volume[at + 2] == 3 && h.aht_s[at + 2] == 60);
    assert_true(h.state[at + 3] == HISTORY_MISSING && h.aht_s[at + 3] == 30);
    assert_true(h.volume[at + 4] == 5);
    history_clear(&h);
    /* Both passes' volumes 0: the handle times' mean. */
    text = "datetime,volume,aht\n2025-10-26 02:00,0,100\n2025-10-26 02:30,1,1\n"
           "2025-10-26 02:00,0,200\n2025-10-26 03:00,1,1\n";
    read_ok(text, strlen(text), &h);
    assert_true(h.volume[4] == 0 && h.aht_s[4] == 150);
    history_clear(&h);
}

/* Any other repeated or earlier time stays an error. */
static void
test_dst_repeat_errors(void **state)
{
    (void)state;
    /* Not a Sunday (Saturday 2025-11-01). */
    expect_error("datetime,volume\n2025-11-01 01:00,5\n2025-11-01 01:00,3\n2025-11-01 02:00,1\n",
                 WFM_EPARSE, "h.csv:3:1:", "duplicate datetime: the same as line 2");
    /* Past 02:59. */
    expect_error("datetime,volume\n2025-11-02 03:00,5\n2025-11-02 03:00,3\n2025-11-02 04:00,1\n",
                 WFM_EPARSE, "h.csv:3:1:", "duplicate datetime");
    /* An hour or more back. */
    expect_error("datetime,volume\n2025-11-02 00:30,5\n2025-11-02 01:30,3\n"
                 "2025-11-02 00:30,1\n", WFM_EPARSE, "h.csv:4:1:", "time order");
    /* A second repeat on the same day, or within the repeat. */
    expect_error("datetime,volume\n2025-11-02 01:00,5\n2025-11-02 01:00,3\n2025-11-02 01:00,1\n",
                 WFM_EPARSE, "h.csv:4:1:", "duplicate datetime: the same as line 3");
    expect_error("datetime,volume\n2025-11-02 01:00,5\n2025-11-02 01:30,3\n2025-11-02 01:00,1\n"
                 "2025-11-02 01:30,1\n2025-11-02 02:00,1\n2025-11-02 01:30,1\n",
                 WFM_EPARSE, "h.csv:7:1:", "time order");
    expect_error("datetime,volume\n2025-11-02 01:00,5\n2025-11-02 01:30,3\n2025-11-02 01:00,1\n"
                 "2025-11-02 00:30,1\n", WFM_EPARSE, "h.csv:5:1:", "time order");
    /* Daily histories have no repeat hour. */
    expect_error("date,volume\n2025-11-02,1\n2025-11-02,2\n", WFM_EPARSE, "h.csv:3:1:",
                 "duplicate date");
    /* The sum is held to the limit too. */
    expect_error("datetime,volume\n2025-11-02 01:00,6e8\n2025-11-02 01:00,6e8\n",
                 WFM_EPARSE, "h.csv:3:18:", "at most 1e9 contacts");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nyc_daily),
        cmocka_unit_test(test_na_bank_intraday),
        cmocka_unit_test(test_aht_and_layout),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_value_limits),
        cmocka_unit_test(test_span_limits),
        cmocka_unit_test(test_file_limits),
        cmocka_unit_test(test_decimal_syntax),
        cmocka_unit_test(test_number_rules),
        cmocka_unit_test(test_number_locale),
        cmocka_unit_test(test_bare_cr),
        cmocka_unit_test(test_header_case),
        cmocka_unit_test(test_dst_repeat_hourly),
        cmocka_unit_test(test_dst_repeat_intervals),
        cmocka_unit_test(test_dst_repeat_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
