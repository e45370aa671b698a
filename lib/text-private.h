/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small text helpers shared by every reader of text input. Not installed. */
#ifndef WFM_TEXT_PRIVATE_H
#define WFM_TEXT_PRIVATE_H

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

#endif /* WFM_TEXT_PRIVATE_H */
