/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target for the file of `wfm plan --shrinkage-file`: the CLI's own
 * reader, examples/wfm/plan-shrinkage-file.c, compiled in unchanged with
 * examples/wfm/cli.c (its helpers). The reader opens a path, so each input is
 * written to an in-memory file (memfd; a temporary file elsewhere).
 *
 * Properties (a broken one aborts):
 * - the reader's status is 0 (read) or 1 (an error); an error is exactly
 *   one line on stderr, "wfm plan: --shrinkage-file: ...", and a success
 *   prints nothing;
 * - every row read is what the format allows: a date range (first <=
 *   last, both real dates) or an event (a name, offsets -366 … 366, first
 *   <= last), a rate in (-1, 1);
 * - the library accepts every row the reader accepted
 *   (wfm_plan_add_shrinkage(), wfm_plan_add_event_shrinkage());
 * - the CLI's event check agrees with the library: a plan of 35 days
 *   (from the first date row, else 2017-12-01) with the us-retail calendar
 *   fails with WFM_ENOTFOUND exactly when the check names a missing event;
 *   otherwise it succeeds exactly when every day's total (base 0, as the
 *   CLI uses with only --shrinkage-file, + each date range + each event
 *   window covering the day, computed here from the calendar's
 *   occurrences) lies in [0, 1), with those totals in its shrinkage column
 *   bit for bit, and fails with WFM_EINVAL otherwise (or WFM_ERANGE, too
 *   many agents, when a total is within NEAR_ONE of 1).
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test. Inputs over 64 KiB are skipped.
 */
#define _GNU_SOURCE /* memfd_create() */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#include <wfm.h>

#include "cli.h"
#include "fuzz-common.h"
#include "wfm-plan.h"

#define TARGET "shrinkage-file"
#define MAX_INPUT (64u * 1024u)
#define PROG "wfm plan"
#define PLAN_DAYS 35
#define PER_DAY 24 /* 60-minute intervals */
/* A total this close to 1 may need more than INT32_MAX scheduled agents
 * (required / (1 - shrinkage)): WFM_ERANGE, as wfm_plan_run() documents. */
#define NEAR_ONE 1e-8

/* The file the reader opens, rewritten for every input. */
static int file_fd = -1;
static char file_path[64];

#if !defined(__linux__)
static void
remove_file(void)
{
    unlink(file_path);
}
#endif

static bool
open_file(void)
{
    if (file_fd >= 0)
        return true;
#if defined(__linux__)
    file_fd = memfd_create("wfm-fuzz-shrinkage", 0);
    if (file_fd < 0)
        return false;
    snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", file_fd);
#else
    const char *dir = getenv("TMPDIR");
    snprintf(file_path, sizeof file_path, "%s/wfm-fuzz-XXXXXX", dir != NULL ? dir : "/tmp");
    file_fd = mkstemp(file_path);
    if (file_fd < 0)
        return false;
    atexit(remove_file);
#endif
    return true;
}

static bool
write_file(const uint8_t *data, size_t size)
{
    if (!open_file() || ftruncate(file_fd, 0) != 0)
        return false;
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(file_fd, data + done, size - done, (off_t)done);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* The reader prints its error with cli_error() on stderr. With glibc the
 * stream can be swapped for a memory stream to check that it is one line;
 * sanitizer reports still go to file descriptor 2. */
#if defined(__GLIBC__)
#  define CAPTURE_STDERR 1
#else
#  define CAPTURE_STDERR 0
#endif

static int
read_rows(struct plan_request *req, char **err, size_t *err_len)
{
    *err = NULL;
    *err_len = 0;
#if CAPTURE_STDERR
    FILE *real = stderr;
    FILE *mem = open_memstream(err, err_len);
    if (mem != NULL)
        stderr = mem;
#endif
    int rc = plan_read_shrinkage_file(PROG, req);
#if CAPTURE_STDERR
    if (mem != NULL) {
        stderr = real;
        fclose(mem);
    }
#endif
    return rc;
}

static void
check_error_output(int rc, const char *err, size_t err_len)
{
#if CAPTURE_STDERR
    static const char prefix[] = PROG ": --shrinkage-file: ";
    if (err == NULL)
        return; /* no memory stream */
    if (rc == CLI_EXIT_OK) {
        if (err_len != 0)
            fuzz_fail(TARGET, "a message on stderr after a success", err);
        return;
    }
    if (err_len == 0 || err[err_len - 1] != '\n' || memchr(err, '\n', err_len - 1) != NULL ||
        memchr(err, '\r', err_len) != NULL || strlen(err) != err_len)
        fuzz_fail(TARGET, "an error that is not one line on stderr", err);
    if (strncmp(err, prefix, sizeof prefix - 1) != 0)
        fuzz_fail(TARGET, "an error without the option's prefix", err);
#else
    (void)rc;
    (void)err;
    (void)err_len;
#endif
}

static void
check_rows(const struct plan_request *req)
{
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        if (!(row->rate > -1.0 && row->rate < 1.0))
            fuzz_fail(TARGET, "a rate outside (-1, 1) was read", NULL);
        if (row->first > row->last)
            fuzz_fail(TARGET, "a row whose first day is after its last was read", NULL);
        if (row->event == NULL) {
            if (row->first < WFM_DATE_MIN || row->last > WFM_DATE_MAX)
                fuzz_fail(TARGET, "a date outside 0001 … 9999 was read", NULL);
        } else {
            if (row->event[0] == '\0' || strchr(row->event, ',') != NULL)
                fuzz_fail(TARGET, "an event name the format cannot hold was read", row->event);
            if (row->first < -366 || row->last > 366)
                fuzz_fail(TARGET, "an offset outside -366 … 366 was read", NULL);
        }
        if (row->line == 0)
            fuzz_fail(TARGET, "a row without its line number", NULL);
    }
}

/* The expected shrinkage of each plan day, as the library documents it. */
static void
expected_shrinkage(const struct plan_request *req, const wfm_calendar_days *around,
                   int32_t start, double *shrink)
{
    for (int32_t d = 0; d < PLAN_DAYS; d++)
        shrink[d] = 0.0;
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        if (row->event != NULL)
            continue;
        for (int32_t d = 0; d < PLAN_DAYS; d++)
            if (start + d >= row->first && start + d <= row->last)
                shrink[d] += row->rate;
    }
    /* Event windows: day offset 0 on an occurrence's days, negative before
     * its first day, positive after its last; once per row and day. */
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        if (row->event == NULL)
            continue;
        int32_t event = -1;
        for (size_t e = 0; e < wfm_calendar_days_event_count(around); e++)
            if (strcmp(wfm_calendar_days_event_name(around, (int32_t)e), row->event) == 0)
                event = (int32_t)e;
        bool covered[PLAN_DAYS] = { false };
        for (size_t o = 0; o < wfm_calendar_days_occurrence_count(around); o++) {
            int32_t ev, first, last;
            if (wfm_calendar_days_occurrence(around, o, &ev, &first, &last, NULL, NULL, NULL) !=
                WFM_OK)
                fuzz_fail(TARGET, "an occurrence cannot be read", NULL);
            if (ev != event)
                continue;
            for (int32_t d = 0; d < PLAN_DAYS; d++) {
                int32_t date = start + d;
                int64_t off = date < first ? (int64_t)date - first
                              : date > last ? (int64_t)date - last : 0;
                if (off >= row->first && off <= row->last)
                    covered[d] = true;
            }
        }
        for (int32_t d = 0; d < PLAN_DAYS; d++)
            if (covered[d])
                shrink[d] += row->rate;
    }
}

/* Add the rows to a plan, run it over PLAN_DAYS and compare with the
 * expected shrinkage. */
static void
check_plan(const struct plan_request *req)
{
    wfm_calendar *cal = NULL;
    wfm_plan *plan = NULL;
    wfm_calendar_days *around = NULL;
    double *contacts = NULL, *column = NULL;
    if (wfm_calendar_new(&cal) != WFM_OK || wfm_plan_new(&plan) != WFM_OK)
        goto out;
    if (wfm_calendar_add_preset(cal, "us-retail") != WFM_OK)
        goto out;
    int32_t start = 17501; /* 2017-12-01 */
    for (size_t i = 0; i < req->n_rows; i++)
        if (req->rows[i].event == NULL) {
            start = req->rows[i].first;
            break;
        }
    if (start > WFM_DATE_MAX - (PLAN_DAYS - 1))
        start = WFM_DATE_MAX - (PLAN_DAYS - 1);

    if (wfm_plan_set_double(plan, WFM_PLAN_SHRINKAGE, 0.0) != WFM_OK ||
        wfm_plan_set_double(plan, WFM_PLAN_AHT_S, 180.0) != WFM_OK)
        fuzz_fail(TARGET, "a plan setting failed", wfm_plan_errmsg(plan));
    for (size_t i = 0; i < req->n_rows; i++) {
        const struct shrinkage_row *row = &req->rows[i];
        int32_t st = row->event != NULL
                         ? wfm_plan_add_event_shrinkage(plan, row->event, row->first, row->last,
                                                        row->rate)
                         : wfm_plan_add_shrinkage(plan, row->first, row->last, row->rate);
        if (st == WFM_ENOMEM)
            goto out;
        if (st != WFM_OK)
            fuzz_fail(TARGET, "the library rejects a row the reader accepted",
                      wfm_plan_errmsg(plan));
    }

    /* The CLI's check of the event names. */
    char *err = NULL;
    size_t err_len = 0;
#if CAPTURE_STDERR
    FILE *real = stderr, *mem = open_memstream(&err, &err_len);
    if (mem != NULL)
        stderr = mem;
#endif
    int events_rc = plan_check_shrinkage_events(PROG, req, cal);
#if CAPTURE_STDERR
    if (mem != NULL) {
        stderr = real;
        fclose(mem);
    }
#endif
    check_error_output(events_rc, err, err_len);
    free(err);

    /* The oracle's occurrences: the library looks a year and a day
     * either side of the span, the longest offset reaching it. */
    int32_t lo = start - 367 < WFM_DATE_MIN ? WFM_DATE_MIN : start - 367;
    int32_t hi = start + PLAN_DAYS - 1 + 367 > WFM_DATE_MAX ? WFM_DATE_MAX
                                                             : start + PLAN_DAYS - 1 + 367;
    if (wfm_calendar_expand(cal, lo, hi, &around) != WFM_OK)
        goto out;
    double expect[PLAN_DAYS];
    expected_shrinkage(req, around, start, expect);
    bool in_range = true, near_one = false;
    for (int32_t d = 0; d < PLAN_DAYS; d++) {
        in_range = in_range && expect[d] >= 0.0 && expect[d] < 1.0;
        near_one = near_one || (expect[d] < 1.0 && 1.0 - expect[d] < NEAR_ONE);
    }

    size_t count = (size_t)PLAN_DAYS * PER_DAY;
    contacts = calloc(count, sizeof *contacts);
    column = malloc(count * sizeof *column);
    if (contacts == NULL || column == NULL)
        goto out;
    for (int32_t d = 0; d < PLAN_DAYS; d++)
        contacts[(size_t)d * PER_DAY + 12] = 5.0; /* noon */
    int32_t st = wfm_plan_run_series(plan, start, 1440 / PER_DAY, count, contacts, NULL, NULL,
                                     NULL, cal);
    if (st == WFM_ENOMEM)
        goto out;
    if (events_rc != CLI_EXIT_OK) {
        if (st != WFM_ENOTFOUND)
            fuzz_fail(TARGET, "the CLI names a missing event, the run does not fail with "
                              "WFM_ENOTFOUND", wfm_status_str(st));
    } else if (!in_range) {
        if (st != WFM_EINVAL)
            fuzz_fail(TARGET, "a day's shrinkage total is outside [0, 1), the run does not "
                              "fail with WFM_EINVAL", wfm_plan_errmsg(plan));
    } else if (st != WFM_OK && !(st == WFM_ERANGE && near_one)) {
        fuzz_fail(TARGET, "a valid shrinkage plan fails", wfm_plan_errmsg(plan));
    }
    if (st != WFM_OK) {
        fuzz_check_message(TARGET, "failed plan", wfm_plan_errmsg(plan));
        goto out;
    }
    size_t n = 0;
    if (wfm_plan_copy_column(plan, WFM_PLAN_COL_SHRINKAGE, column, count, &n) != WFM_OK ||
        n != count)
        fuzz_fail(TARGET, "the shrinkage column cannot be copied", NULL);
    for (size_t i = 0; i < count; i++)
        if (!fuzz_same_double(column[i], expect[i / PER_DAY])) {
            char msg[160];
            snprintf(msg, sizeof msg, "day %zu: %.17g, expected %.17g", i / PER_DAY, column[i],
                     expect[i / PER_DAY]);
            fuzz_fail(TARGET, "the plan's shrinkage is not the documented sum", msg);
        }
out:
    free(contacts);
    free(column);
    wfm_calendar_days_free(around);
    wfm_plan_free(plan);
    wfm_calendar_free(cal);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT || !write_file(data, size))
        return 0;
    struct plan_request req;
    memset(&req, 0, sizeof req);
    req.shrinkage_path = file_path;

    char *err;
    size_t err_len;
    int rc = read_rows(&req, &err, &err_len);
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_FAILURE)
        fuzz_fail(TARGET, "an exit code the reader does not use", NULL);
    check_error_output(rc, err, err_len);
    free(err);
    if (rc == CLI_EXIT_OK) {
        check_rows(&req);
        check_plan(&req);
    }
    for (size_t i = 0; i < req.n_rows; i++)
        free(req.rows[i].event);
    free(req.rows);
    return 0;
}
