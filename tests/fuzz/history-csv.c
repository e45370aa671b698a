/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target for the history CSV reader, wfm_history_read_csv().
 *
 * Properties checked (a broken one aborts):
 * - a failure is WFM_EPARSE, WFM_ERANGE or WFM_ENOMEM with a one-line
 *   message naming the source ("fuzz:LINE:COLUMN: ..."), and leaves the
 *   history as it was (all or nothing: a valid history is read first);
 * - a success gives a sane grid (a day or more, an interval of 5 … 60
 *   minutes dividing the day or 1440), count = days × intervals a day,
 *   volumes and handle times >= 0 and finite or NaN (not observed), no
 *   message;
 * - the cells survive wfm_history_set_series() and read back the same, and
 *   reading the same text again gives the same cells (bit for bit).
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test. Inputs over 1 MiB are skipped:
 * the reader is linear, and the history's cells are capped by the library
 * (50 million), which one short input can already reach.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "fuzz-common.h"

#define TARGET "history-csv"
#define MAX_INPUT (1u << 20)
/* Histories of more cells are only checked for their grid: copying them
 * again for the round trips would take seconds and gigabytes. */
#define MAX_DEEP_CELLS ((size_t)1 << 22)

/* A valid intraday history with handle times, read before the input: a
 * failed read must leave it untouched. */
static const char before_text[] =
    "datetime,volume,aht\n"
    "2026-01-05 09:00,12,180\n"
    "2026-01-05 09:30,,\n"
    "2026-01-05 10:00,0,\n"
    "2026-01-07 09:00,7,200.5\n";

typedef struct {
    int32_t first, days, interval;
    size_t count;
    double *volume, *aht;
} cells;

static void
cells_free(cells *c)
{
    free(c->volume);
    free(c->aht);
    *c = (cells){ 0 };
}

/* The history's grid and cells; false (only the grid and count set) on out
 * of memory or past MAX_DEEP_CELLS. */
static bool
cells_of(const wfm_history *h, cells *c)
{
    *c = (cells){ 0 };
    if (wfm_history_span(h, &c->first, &c->days, &c->interval) != WFM_OK)
        fuzz_fail(TARGET, "span failed on a valid history", NULL);
    size_t count = 0;
    int32_t st = wfm_history_copy(h, NULL, NULL, 0, &count);
    if (st != WFM_OK && st != WFM_ERANGE)
        fuzz_fail(TARGET, "copy (size query) failed", wfm_status_str(st));
    c->count = count;
    if (count > MAX_DEEP_CELLS)
        return false;
    c->volume = malloc((count ? count : 1) * sizeof *c->volume);
    c->aht = malloc((count ? count : 1) * sizeof *c->aht);
    if (c->volume == NULL || c->aht == NULL) {
        free(c->volume);
        free(c->aht);
        c->volume = c->aht = NULL;
        return false;
    }
    size_t again = 0;
    st = wfm_history_copy(h, c->volume, c->aht, count, &again);
    if (st != WFM_OK || again != count)
        fuzz_fail(TARGET, "copy with room for every cell failed", wfm_status_str(st));
    return true;
}

static bool
cells_equal(const cells *a, const cells *b)
{
    if (a->first != b->first || a->days != b->days || a->interval != b->interval ||
        a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (!fuzz_same_double(a->volume[i], b->volume[i]) ||
            !fuzz_same_double(a->aht[i], b->aht[i]))
            return false;
    return true;
}

static void
check_grid(const cells *c)
{
    if (c->days < 1)
        fuzz_fail(TARGET, "a history read without a day", NULL);
    if (c->interval != 1440 &&
        (c->interval < 5 || c->interval > 60 || 1440 % c->interval != 0))
        fuzz_fail(TARGET, "an interval the format does not allow", NULL);
    if (c->first < WFM_DATE_MIN || (int64_t)c->first + c->days - 1 > WFM_DATE_MAX)
        fuzz_fail(TARGET, "a span outside 0001-01-01 … 9999-12-31", NULL);
    if (c->count != (size_t)c->days * (size_t)(1440 / c->interval))
        fuzz_fail(TARGET, "count is not days × intervals a day", NULL);
    for (size_t i = 0; c->volume != NULL && i < c->count; i++) {
        double v = c->volume[i], a = c->aht[i];
        if (!isnan(v) && !(isfinite(v) && v >= 0.0))
            fuzz_fail(TARGET, "a volume that is neither >= 0 nor NaN", NULL);
        if (!isnan(a) && !(isfinite(a) && a >= 0.0))
            fuzz_fail(TARGET, "a handle time that is neither >= 0 nor NaN", NULL);
    }
}

/* set_series(copy) → copy gives the same cells. Only the cells the series
 * can express are compared: set_series reads a not-observed cell as NaN,
 * as the copy gives it. */
static void
check_series_round_trip(const cells *c, bool has_aht)
{
    wfm_history *h = NULL;
    if (wfm_history_new(&h) != WFM_OK)
        return;
    int32_t st = wfm_history_set_series(h, c->first, c->interval, c->volume,
                                        has_aht ? c->aht : NULL, c->count);
    if (st == WFM_ENOMEM) {
        wfm_history_free(h);
        return;
    }
    if (st != WFM_OK)
        fuzz_fail(TARGET, "set_series rejects the cells of a history that was read",
                  wfm_history_errmsg(h));
    cells again;
    if (cells_of(h, &again)) {
        if (!cells_equal(c, &again))
            fuzz_fail(TARGET, "set_series(copy) copies back other cells", NULL);
        cells_free(&again);
    }
    wfm_history_free(h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    const char *text = (const char *)data;
    wfm_history *h = NULL;
    if (wfm_history_new(&h) != WFM_OK)
        return 0;
    if (wfm_history_read_csv(h, before_text, sizeof before_text - 1, "before") != WFM_OK)
        fuzz_fail(TARGET, "the fixed history does not read", wfm_history_errmsg(h));
    cells before;
    if (!cells_of(h, &before)) {
        wfm_history_free(h);
        return 0;
    }

    int32_t st = wfm_history_read_csv(h, text, size, "fuzz");
    if (st == WFM_OK) {
        if (wfm_history_errmsg(h)[0] != '\0')
            fuzz_fail(TARGET, "a message after a success", wfm_history_errmsg(h));
        cells after;
        bool copied = cells_of(h, &after);
        check_grid(&after);
        if (copied) {
            bool has_aht = false;
            for (size_t i = 0; i < after.count && !has_aht; i++)
                has_aht = !isnan(after.aht[i]);
            check_series_round_trip(&after, has_aht);

            /* The same text again: the same cells. */
            wfm_history *h2 = NULL;
            if (wfm_history_new(&h2) == WFM_OK) {
                int32_t st2 = wfm_history_read_csv(h2, text, size, "fuzz");
                cells again = { 0 };
                if (st2 == WFM_OK && cells_of(h2, &again)) {
                    if (!cells_equal(&after, &again))
                        fuzz_fail(TARGET, "the same text read twice gives other cells", NULL);
                } else if (st2 != WFM_OK && st2 != WFM_ENOMEM) {
                    fuzz_fail(TARGET, "the same text read twice fails the second time",
                              wfm_history_errmsg(h2));
                }
                cells_free(&again);
                wfm_history_free(h2);
            }
        }
        cells_free(&after);
    } else {
        const char *msg = wfm_history_errmsg(h);
        if (st != WFM_EPARSE && st != WFM_ERANGE && st != WFM_ENOMEM)
            fuzz_fail(TARGET, "a status the reader does not document", wfm_status_str(st));
        fuzz_check_message(TARGET, "failed read", msg);
        if (st != WFM_ENOMEM && strncmp(msg, "fuzz:", 5) != 0)
            fuzz_fail(TARGET, "an error that does not name the source", msg);
        cells after;
        if (cells_of(h, &after) && !cells_equal(&before, &after))
            fuzz_fail(TARGET, "a failed read changed the history", msg);
        cells_free(&after);
    }
    cells_free(&before);
    wfm_history_free(h);
    return 0;
}
