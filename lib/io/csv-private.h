/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An RFC 4180 CSV field reader over a text in memory, with errors as
 * one-line "source:line:column: message" into a caller's buffer. Shared by
 * the Prophet holiday import and the volume-history reader. Lines end with
 * LF, CR LF or a bare CR (old Mac files); a UTF-8 byte-order mark is
 * skipped. Not installed. */
#ifndef WFM_CSV_PRIVATE_H
#define WFM_CSV_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *source;   /* for messages */
    const char *text;
    size_t length;
    size_t pos;
    size_t line, line_start;
    char *errmsg;         /* where failures are described */
    size_t errsize;
} csv_reader;

/* A field: its value is text[start .. start + length), between the quotes
 * when quoted (never unescaped: escaped_quote says it holds ""). */
typedef struct {
    size_t start, length;
    size_t line, column;  /* where it starts, 1-based */
    bool quoted;
    bool escaped_quote;
} csv_field;

void csv_init(csv_reader *r, const char *text, size_t length, const char *source,
              char *errmsg, size_t errsize);

/* Write "source:line:column: message" and return `status`. */
int32_t csv_fail(const csv_reader *r, size_t line, size_t column, int32_t status,
                 const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* "out of memory" (no position: nothing in the text is at fault). */
int32_t csv_out_of_memory(const csv_reader *r);
/* "expected WHAT, got 'FIELD'" at the field (WFM_EPARSE). */
int32_t csv_bad_field(const csv_reader *r, const csv_field *f, const char *what);
/* "expected WHAT, got X" at the cursor (WFM_EPARSE). */
int32_t csv_bad_byte(const csv_reader *r, const char *what);

/* One field and the ',' or line break after it; *last says whether it
 * ended the row. WFM_EPARSE on bad quoting. */
int32_t csv_read_field(csv_reader *r, csv_field *f, bool *last);
/* Whether the field is `name`, ASCII letter case ignored (header names:
 * "Date" is "date"). */
bool csv_field_is(const csv_reader *r, const csv_field *f, const char *name);
/* Skip empty lines; false at the end of the text. */
bool csv_skip_empty_lines(csv_reader *r);
/* WFM_EPARSE naming the first NUL byte's line and column, if any. */
int32_t csv_check_no_nul(const csv_reader *r);

#endif /* WFM_CSV_PRIVATE_H */
