/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Allocation failures for the out-of-memory tests. A test that includes
 * this header (in exactly one file of its executable) and is linked with
 * -Wl,--wrap=malloc -Wl,--wrap=realloc -Wl,--wrap=calloc -Wl,--wrap=free
 * (GNU ld, lld; tests/meson.build's alloc_wrap_args) sends every malloc,
 * realloc, calloc and free of the test and of the library objects linked
 * into it through these wrappers; alloc_budget then fails the n-th
 * allocation. Without the wraps the weak __real_ symbols are NULL and
 * alloc_wrapped() says so.
 *
 * Only calls made from the linked objects are wrapped: an allocation made
 * inside another shared library (strdup, getline, ... in libc) escapes the
 * budget. alloc_live catches that: it counts the blocks allocated through
 * the wrappers minus those freed through them, so a library that frees a
 * block libc allocated for it (a strdup'd name) makes it drift below where
 * it started. Tests compare it before and after a whole create, use and
 * free cycle of the library's objects; the test's own code must not free
 * such blocks inside that cycle either.
 */
#ifndef WFM_TEST_ALLOC_FAIL_H
#define WFM_TEST_ALLOC_FAIL_H

#include <stdbool.h>
#include <stddef.h>

void *__real_malloc(size_t size) __attribute__((weak));
void *__real_realloc(void *p, size_t size) __attribute__((weak));
void *__real_calloc(size_t n, size_t size) __attribute__((weak));
void __real_free(void *p) __attribute__((weak));
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void __wrap_free(void *p);

static long alloc_budget = -1; /* allocations left before failing; -1: no limit */
static long alloc_live = 0;    /* blocks allocated minus blocks freed, through the wrappers */

static bool
alloc_fails(void)
{
    if (alloc_budget == 0)
        return true;
    if (alloc_budget > 0)
        alloc_budget--;
    return false;
}

void *
__wrap_malloc(size_t size)
{
    void *p = alloc_fails() ? NULL : __real_malloc(size);
    alloc_live += p != NULL;
    return p;
}

/* realloc(p, 0) is not counted as a free: nothing in wfm calls it. */
void *
__wrap_realloc(void *p, size_t size)
{
    void *q = alloc_fails() ? NULL : __real_realloc(p, size);
    alloc_live += p == NULL && q != NULL;
    return q;
}

void *
__wrap_calloc(size_t n, size_t size)
{
    void *p = alloc_fails() ? NULL : __real_calloc(n, size);
    alloc_live += p != NULL;
    return p;
}

void
__wrap_free(void *p)
{
    alloc_live -= p != NULL;
    __real_free(p);
}

/* Whether the test was linked with all four wraps. */
static bool
alloc_wrapped(void)
{
    return __real_malloc != NULL && __real_realloc != NULL && __real_calloc != NULL &&
           __real_free != NULL;
}

#define ALLOC_NOT_WRAPPED_MESSAGE                                                  \
    "# not checked: link with -Wl,--wrap=malloc -Wl,--wrap=realloc "               \
    "-Wl,--wrap=calloc -Wl,--wrap=free\n"

#endif /* WFM_TEST_ALLOC_FAIL_H */
