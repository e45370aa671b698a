/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small text helpers shared by every reader of text input. Not installed. */
#ifndef WFM_TEXT_PRIVATE_H
#define WFM_TEXT_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Text quoted into a message is cut to this many bytes; a buffer of
 * TEXT_EXCERPT_SIZE holds any quoted excerpt (escapes included). */
#define TEXT_EXCERPT_MAX 40
#define TEXT_EXCERPT_SIZE (TEXT_EXCERPT_MAX * 4 + 16)

/* s[0..n) quoted for a one-line message: control bytes escaped, cut at
 * TEXT_EXCERPT_MAX bytes on a UTF-8 boundary with "...". */
void text_excerpt(char *dst, size_t size, const char *s, size_t n);

/* Exactly n decimal digits → value; false on anything else. */
bool text_digits(const char *s, size_t n, int32_t *value);

/* Write a one-line message (a newline or carriage return in what went
 * into it becomes a space) into errmsg[errsize], if errmsg is not NULL;
 * returns status, so that callers can `return text_fail(...)`. */
int32_t text_vfail(char *errmsg, size_t errsize, int32_t status, const char *format,
                   va_list args);
int32_t text_fail(char *errmsg, size_t errsize, int32_t status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A plain decimal number s[0..n): an optional sign, digits with at most one
 * '.' (at least one digit), then optionally 'e' or 'E', an optional sign and
 * digits. Nothing else: no blanks, no hex ("0x10", "0x1p3"), no "inf" or
 * "nan", no digit grouping, and '.' is the decimal point whatever the host's
 * locale (a host that called setlocale(LC_ALL, "") under de_DE still reads
 * "12.5" as 12.5). Correctly rounded; a magnitude past DBL_MAX gives
 * ±HUGE_VAL, so callers check their range. -0 gives +0.
 * WFM_OK, WFM_EPARSE (not such a number, or longer than TEXT_DECIMAL_MAX
 * bytes) or WFM_ENOMEM (the C locale could not be made); no message. */
#define TEXT_DECIMAL_MAX 100
int32_t text_decimal(const char *s, size_t n, double *value);

/* Read a whole file into a malloc'd buffer (*text, *length bytes; not
 * NUL-terminated), at most max_bytes: a larger file (a regular file by
 * its size, before anything is read; a pipe, a FIFO or a device once more
 * than max_bytes have arrived) is WFM_ERANGE, so memory and time stay
 * bounded whatever the path names. With stop_at_nul, reading also stops
 * after the chunk holding the first NUL byte (/dev/zero stops at once):
 * only for parsers that reject a NUL byte anyway (csv_check_no_nul), which
 * then name its line and column. On failure WFM_EIO, WFM_ERANGE or
 * WFM_ENOMEM with a one-line message naming the file and why. */
int32_t text_read_file_max(const char *path, size_t max_bytes, bool stop_at_nul, char **text,
                           size_t *length, char *errmsg, size_t errsize);

#endif /* WFM_TEXT_PRIVATE_H */
