/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Allocation failures for the out-of-memory tests. A test that includes
 * this header (in exactly one file of its executable) and is linked with
 * -Wl,--wrap=malloc -Wl,--wrap=realloc -Wl,--wrap=calloc (GNU ld, lld;
 * tests/meson.build's allocation_wraps) sends every malloc, realloc and
 * calloc of the test and of the library objects linked into it through
 * these wrappers; alloc_budget then fails the n-th one. Without the wrap
 * the weak __real_ symbols are NULL and alloc_wrapped() says so.
 */
#ifndef WFM_TEST_ALLOC_FAIL_H
#define WFM_TEST_ALLOC_FAIL_H

#include <stdbool.h>
#include <stddef.h>

void *__real_malloc(size_t size) __attribute__((weak));
void *__real_realloc(void *p, size_t size) __attribute__((weak));
void *__real_calloc(size_t n, size_t size) __attribute__((weak));
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_calloc(size_t n, size_t size);

static long alloc_budget = -1; /* allocations left before failing; -1: no limit */

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
    return alloc_fails() ? NULL : __real_malloc(size);
}

void *
__wrap_realloc(void *p, size_t size)
{
    return alloc_fails() ? NULL : __real_realloc(p, size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
    return alloc_fails() ? NULL : __real_calloc(n, size);
}

/* Whether the test was linked with all three wraps. */
static bool
alloc_wrapped(void)
{
    return __real_malloc != NULL && __real_realloc != NULL && __real_calloc != NULL;
}

#define ALLOC_NOT_WRAPPED_MESSAGE                                                  \
    "# not checked: link with -Wl,--wrap=malloc -Wl,--wrap=realloc "               \
    "-Wl,--wrap=calloc\n"

#endif /* WFM_TEST_ALLOC_FAIL_H */
