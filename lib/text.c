/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wfm/status.h"

#include "text-private.h"

void
text_excerpt(char *dst, size_t size, const char *s, size_t n)
{
    size_t cut = n > TEXT_EXCERPT_MAX ? TEXT_EXCERPT_MAX : n;
    while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--; /* do not split a UTF-8 sequence */
    size_t k = 0;
    dst[k++] = '\'';
    for (size_t i = 0; i < cut && k + 8 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            k += (size_t)snprintf(dst + k, size - k, "\\x%02x", c);
        else
            dst[k++] = (char)c;
    }
    if (cut < n && k + 5 < size) {
        memcpy(dst + k, "...", 3);
        k += 3;
    }
    dst[k++] = '\'';
    dst[k] = '\0';
}

bool
text_digits(const char *s, size_t n, int32_t *value)
{
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

int32_t
text_vfail(char *errmsg, size_t errsize, int32_t status, const char *format, va_list args)
{
    if (errmsg == NULL || errsize == 0)
        return status;
    vsnprintf(errmsg, errsize, format, args);
    for (char *p = errmsg; *p != '\0'; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return status;
}

int32_t
text_fail(char *errmsg, size_t errsize, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(errmsg, errsize, status, format, args);
    va_end(args);
    return status;
}

int32_t
text_read_file(const char *path, char **text, size_t *length, char *errmsg, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return text_fail(errmsg, errsize, WFM_EIO, "cannot open '%s': %s", path, strerror(errno));
    char *data = NULL;
    size_t size = 0, capacity = 0;
    for (;;) {
        if (size == capacity) {
            capacity = capacity ? 2 * capacity : 65536;
            char *grown = realloc(data, capacity);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return text_fail(errmsg, errsize, WFM_ENOMEM, "out of memory reading '%s'", path);
            }
            data = grown;
        }
        errno = 0;
        size_t got = fread(data + size, 1, capacity - size, f);
        size += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f), error = errno;
    fclose(f);
    if (failed) {
        free(data);
        return text_fail(errmsg, errsize, WFM_EIO, "cannot read '%s': %s", path,
                         error ? strerror(error) : "read error");
    }
    *text = data;
    *length = size;
    return WFM_OK;
}
