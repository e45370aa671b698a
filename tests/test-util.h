/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers shared by the cmocka unit tests (header only: every function is
 * static inline, so a test that uses only some of them compiles without
 * warnings and no meson change is needed).
 *
 * - wt_csv_*: a small CSV reader for the reference tables in $WFM_TEST_DATA
 *   (first line = column names; fields may be "quoted", with "" for a quote;
 *   an empty field reads as NaN through wt_csv_num()); the _or_fail forms
 *   fail the cmocka test when a table or column is missing.
 * - wt_rng_*: a seeded, platform-independent PRNG (splitmix64).
 * - wt_rel_err(): relative difference with sensible handling of 0 and inf.
 * - wt_gsl_*: a GSL error handler that records the error so a test teardown
 *   can fail the test (wfm must never make GSL signal on supported input).
 */
#ifndef WFM_TEST_UTIL_H
#define WFM_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

/* ------------------------------------------------------------------ CSV */

typedef struct wt_csv {
    size_t ncols;
    size_t nrows;
    char **names;  /* [ncols] */
    char **cells;  /* [nrows * ncols]; missing trailing fields are "" */
    int ok;        /* 1 when loaded */
} wt_csv;

static inline char *
wt_strdup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The test data directory: $WFM_TEST_DATA, else the source tree's
 * tests/data that tests/meson.build compiles in (WFM_TEST_DATA_DIR), so a
 * test runs from any directory. */
#ifndef WFM_TEST_DATA_DIR
#  define WFM_TEST_DATA_DIR "tests/data"
#endif
static inline const char *
wt_data_dir(void)
{
    const char *dir = getenv("WFM_TEST_DATA");
    return dir != NULL && dir[0] != '\0' ? dir : WFM_TEST_DATA_DIR;
}

/* Reads the whole of wt_data_dir()/name. Returns NULL and prints a
 * diagnostic on failure. */
static inline char *
wt_read_data_file(const char *name)
{
    const char *dir = wt_data_dir();
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("# cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
        if (cap - len - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

/* Parses one field starting at *p; advances *p past the field and its
 * separator. *eol is set when the field ended the line (or the text). */
static inline char *
wt_csv_field(const char **p, int *eol)
{
    const char *s = *p;
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    int quoted = (*s == '"');
    if (quoted)
        s++;
    for (;;) {
        char c = *s;
        if (c == '\0') {
            *eol = 1;
            break;
        }
        if (quoted) {
            if (c == '"') {
                if (s[1] == '"') {
                    s += 2;
                    c = '"';
                } else {
                    quoted = 0;
                    s++;
                    continue;
                }
            } else {
                s++;
            }
        } else {
            if (c == ',') {
                s++;
                *eol = 0;
                break;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && s[1] == '\n')
                    s++;
                s++;
                *eol = 1;
                break;
            }
            s++;
        }
        if (len + 1 >= cap) {
            char *n = realloc(out, cap * 2);
            if (n == NULL) {
                free(out);
                return NULL;
            }
            out = n;
            cap *= 2;
        }
        out[len++] = c;
    }
    out[len] = '\0';
    *p = s;
    return out;
}

static inline void
wt_csv_free(wt_csv *t)
{
    if (t->names != NULL)
        for (size_t i = 0; i < t->ncols; i++)
            free(t->names[i]);
    if (t->cells != NULL)
        for (size_t i = 0; i < t->nrows * t->ncols; i++)
            free(t->cells[i]);
    free(t->names);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

/* Loads a reference table. On failure t->ok is 0. */
static inline wt_csv
wt_csv_load(const char *name)
{
    wt_csv t;
    memset(&t, 0, sizeof t);
    char *text = wt_read_data_file(name);
    if (text == NULL)
        return t;
    const char *p = text;
    int eol = 0;
    size_t cap = 16;
    t.names = malloc(cap * sizeof *t.names);
    while (t.names != NULL && !eol) {
        char *f = wt_csv_field(&p, &eol);
        if (f == NULL)
            goto fail;
        if (t.ncols == cap) {
            char **n = realloc(t.names, 2 * cap * sizeof *n);
            if (n == NULL) {
                free(f);
                goto fail;
            }
            t.names = n;
            cap *= 2;
        }
        t.names[t.ncols++] = f;
    }
    if (t.names == NULL || t.ncols == 0)
        goto fail;
    size_t rcap = 256;
    t.cells = calloc(rcap * t.ncols, sizeof *t.cells);
    if (t.cells == NULL)
        goto fail;
    while (*p != '\0') {
        if (*p == '\n' || *p == '\r') { /* blank line */
            p++;
            continue;
        }
        if (t.nrows == rcap) {
            char **n = realloc(t.cells, 2 * rcap * t.ncols * sizeof *n);
            if (n == NULL)
                goto fail;
            memset(n + rcap * t.ncols, 0, rcap * t.ncols * sizeof *n);
            t.cells = n;
            rcap *= 2;
        }
        char **row = t.cells + t.nrows * t.ncols;
        size_t c = 0;
        eol = 0;
        while (!eol) {
            char *f = wt_csv_field(&p, &eol);
            if (f == NULL)
                goto fail;
            if (c < t.ncols)
                row[c++] = f;
            else
                free(f); /* extra fields are ignored */
        }
        for (; c < t.ncols; c++) {
            row[c] = wt_strdup_n("", 0);
            if (row[c] == NULL)
                goto fail;
        }
        t.nrows++;
    }
    free(text);
    t.ok = 1;
    return t;
fail:
    free(text);
    wt_csv_free(&t);
    printf("# cannot parse %s\n", name);
    return t;
}

/* Column index by name, or -1. */
static inline int
wt_csv_col(const wt_csv *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0)
            return (int)i;
    return -1;
}

static inline const char *
wt_csv_str(const wt_csv *t, size_t row, int col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
        return "";
    return t->cells[row * t->ncols + (size_t)col];
}

/* The field as a double; NaN when it is empty or not a number. */
static inline double
wt_csv_num(const wt_csv *t, size_t row, int col)
{
    const char *s = wt_csv_str(t, row, col);
    char *end = NULL;
    if (s[0] == '\0')
        return NAN;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return NAN;
    return v;
}

/* wt_csv_load(), failing the test when the table cannot be read. */
static inline wt_csv
wt_csv_load_or_fail(const char *name)
{
    wt_csv t = wt_csv_load(name);
    if (!t.ok)
        fail_msg("cannot load %s (WFM_TEST_DATA=%s)", name,
                 getenv("WFM_TEST_DATA") ? getenv("WFM_TEST_DATA") : "(unset)");
    return t;
}

/* wt_csv_col(), failing the test when the column is missing. */
static inline int
wt_csv_col_or_fail(const wt_csv *t, const char *name)
{
    int c = wt_csv_col(t, name);
    if (c < 0)
        fail_msg("column %s missing", name);
    return c;
}

/* ------------------------------------------------------------------ PRNG */

typedef struct wt_rng {
    uint64_t s;
} wt_rng;

static inline uint64_t
wt_rng_next(wt_rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double
wt_rng_unit(wt_rng *r)
{
    return (double)(wt_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static inline double
wt_rng_range(wt_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * wt_rng_unit(r);
}

/* Log-uniform in [lo, hi), lo > 0. */
static inline double
wt_rng_log_range(wt_rng *r, double lo, double hi)
{
    return exp(log(lo) + (log(hi) - log(lo)) * wt_rng_unit(r));
}

/* Uniform integer in [0, n), n > 0 (modulo bias is irrelevant here). */
static inline uint64_t
wt_rng_below(wt_rng *r, uint64_t n)
{
    return wt_rng_next(r) % n;
}

/* ------------------------------------------------------------- numerics */

/* |a - b| / |b|; 0 when both are equal (including both infinite), +inf when
 * b is 0 and a is not, or when either is NaN. */
static inline double
wt_rel_err(double a, double b)
{
    if (a == b)
        return 0.0;
    if (isnan(a) || isnan(b) || b == 0.0 || isinf(a) || isinf(b))
        return INFINITY;
    return fabs(a - b) / fabs(b);
}

/* -------------------------------------------------------- GSL handler */

static int wt_gsl_errors;
static char wt_gsl_last[512];

static inline void
wt_gsl_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    wt_gsl_errors++;
    snprintf(wt_gsl_last, sizeof wt_gsl_last, "%s (%s:%d, gsl_errno %d)",
             reason != NULL ? reason : "?", file != NULL ? file : "?", line,
             gsl_errno);
    printf("# GSL error handler called: %s\n", wt_gsl_last);
}

/* Installs the recording handler (call once in main()). */
static inline void
wt_gsl_install(void)
{
    wt_gsl_errors = 0;
    wt_gsl_last[0] = '\0';
    gsl_set_error_handler(&wt_gsl_handler);
}

/* A cmocka teardown: fails the test when GSL reported an error during it. */
static inline int
wt_gsl_teardown(void **state)
{
    (void)state;
    if (wt_gsl_errors != 0) {
        printf("# %d GSL error(s) during the test; last: %s\n", wt_gsl_errors,
               wt_gsl_last);
        wt_gsl_errors = 0;
        return -1;
    }
    return 0;
}

#endif /* WFM_TEST_UTIL_H */
