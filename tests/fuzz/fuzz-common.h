/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the fuzz targets share: a failed property aborts (libFuzzer and the
 * replay driver both report an abort as a crash, with the input), and the
 * one-line error message contract every wfm object keeps.
 */
#ifndef WFM_FUZZ_COMMON_H
#define WFM_FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "TARGET fuzz: WHAT: DETAIL" and abort. */
static inline void
fuzz_fail(const char *target, const char *what, const char *detail)
{
    fprintf(stderr, "%s fuzz: %s%s%s\n", target, what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/* An error message: not empty, one line. */
static inline void
fuzz_check_message(const char *target, const char *what, const char *msg)
{
    if (msg == NULL || msg[0] == '\0')
        fuzz_fail(target, what, "an error without a message");
    if (strchr(msg, '\n') != NULL || strchr(msg, '\r') != NULL)
        fuzz_fail(target, "an error message of more than one line", msg);
}

/* Bitwise equality of doubles (NaN equals NaN of the same bits). */
static inline int
fuzz_same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

#endif /* WFM_FUZZ_COMMON_H */
