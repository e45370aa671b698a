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

/* Read a whole file into a malloc'd buffer (*text, *length bytes; not
 * NUL-terminated). On failure returns WFM_EIO or WFM_ENOMEM with a
 * one-line message naming the file and why. */
int32_t text_read_file(const char *path, char **text, size_t *length, char *errmsg,
                       size_t errsize);

#endif /* WFM_TEXT_PRIVATE_H */
