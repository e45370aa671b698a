/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv-private.h"
#include "text-private.h"
#include "wfm/status.h"

void
csv_init(csv_reader *r, const char *text, size_t length, const char *source,
         char *errmsg, size_t errsize)
{
    *r = (csv_reader){ source ? source : "<text>", text, length, 0, 1, 0, errmsg, errsize };
    /* A UTF-8 byte-order mark is not part of the first column's name. */
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->pos = r->line_start = 3;
}

int32_t
csv_fail(const csv_reader *r, size_t line, size_t column, int32_t status,
         const char *format, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    snprintf(r->errmsg, r->errsize, "%s:%zu:%zu: %s", r->source, line, column, message);
    for (char *p = r->errmsg; *p != '\0'; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return status;
}

int32_t
csv_out_of_memory(const csv_reader *r)
{
    snprintf(r->errmsg, r->errsize, "out of memory");
    return WFM_ENOMEM;
}

int32_t
csv_bad_field(const csv_reader *r, const csv_field *f, const char *what)
{
    char got[TEXT_EXCERPT_SIZE];
    text_excerpt(got, sizeof got, r->text + f->start, f->length);
    return csv_fail(r, f->line, f->column, WFM_EPARSE, "expected %s, got %s", what, got);
}

int32_t
csv_bad_byte(const csv_reader *r, const char *what)
{
    char got[TEXT_EXCERPT_SIZE];
    if (r->pos >= r->length)
        snprintf(got, sizeof got, "end of text");
    else
        text_excerpt(got, sizeof got, r->text + r->pos, 1);
    return csv_fail(r, r->line, r->pos - r->line_start + 1, WFM_EPARSE, "expected %s, got %s",
                    what, got);
}

/* The length of the line break at text[at] (LF, CR LF, or a bare CR: the
 * line end of old Mac files, Excel's "CSV (Macintosh)"), or 0. */
static size_t
text_break_length(const char *text, size_t length, size_t at)
{
    if (at >= length)
        return 0;
    if (text[at] == '\n')
        return 1;
    if (text[at] == '\r')
        return at + 1 < length && text[at + 1] == '\n' ? 2 : 1;
    return 0;
}

static size_t
break_length(const csv_reader *r, size_t at)
{
    return text_break_length(r->text, r->length, at);
}

static void
take_break(csv_reader *r)
{
    r->pos += break_length(r, r->pos);
    r->line++;
    r->line_start = r->pos;
}

/* "..." with "" for a quote; the cursor at the opening quote. */
static int32_t
read_quoted(csv_reader *r, csv_field *f)
{
    r->pos++;
    f->start = r->pos;
    f->quoted = true;
    for (;;) {
        if (r->pos >= r->length) {
            char what[96];
            snprintf(what, sizeof what, "'\"' closing the field opened on line %zu", f->line);
            return csv_bad_byte(r, what);
        }
        char ch = r->text[r->pos];
        if (ch == '"' && r->pos + 1 < r->length && r->text[r->pos + 1] == '"') {
            f->escaped_quote = true;
            r->pos += 2;
            continue;
        }
        if (ch == '"')
            break;
        size_t n = break_length(r, r->pos);
        if (n > 0) {
            r->pos += n;
            r->line++;
            r->line_start = r->pos;
        } else {
            r->pos++;
        }
    }
    f->length = r->pos - f->start;
    r->pos++;
    return WFM_OK;
}

int32_t
csv_read_field(csv_reader *r, csv_field *f, bool *last)
{
    *f = (csv_field){ .start = r->pos, .line = r->line, .column = r->pos - r->line_start + 1 };
    if (r->pos < r->length && r->text[r->pos] == '"') {
        int32_t st = read_quoted(r, f);
        if (st != WFM_OK)
            return st;
    } else {
        while (r->pos < r->length && r->text[r->pos] != ',' && break_length(r, r->pos) == 0) {
            if (r->text[r->pos] == '"')
                return csv_bad_byte(r, "no '\"' in an unquoted field (quote the whole field)");
            r->pos++;
        }
        f->length = r->pos - f->start;
    }
    if (r->pos < r->length && r->text[r->pos] == ',') {
        r->pos++;
        *last = false;
        return WFM_OK;
    }
    if (r->pos < r->length && break_length(r, r->pos) == 0)
        return csv_bad_byte(r, "',' or end of line after the quoted field");
    take_break(r);
    *last = true;
    return WFM_OK;
}

/* ASCII only: the same in every locale (no Turkish dotless i). */
static char
ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool
csv_field_is(const csv_reader *r, const csv_field *f, const char *name)
{
    if (f->escaped_quote || f->length != strlen(name))
        return false;
    for (size_t i = 0; i < f->length; i++)
        if (ascii_lower(r->text[f->start + i]) != ascii_lower(name[i]))
            return false;
    return true;
}

bool
csv_skip_empty_lines(csv_reader *r)
{
    while (r->pos < r->length && break_length(r, r->pos) > 0)
        take_break(r);
    return r->pos < r->length;
}

int32_t
csv_check_no_nul(const csv_reader *r)
{
    const char *nul = memchr(r->text, '\0', r->length);
    if (nul == NULL)
        return WFM_OK;
    size_t at = (size_t)(nul - r->text), line = 1, line_start = 0;
    for (size_t i = 0; i < at;) {
        size_t n = text_break_length(r->text, r->length, i);
        i += n > 0 ? n : 1;
        if (n > 0) {
            line++;
            line_start = i;
        }
    }
    return csv_fail(r, line, at - line_start + 1, WFM_EPARSE, "expected text, got a NUL byte");
}
